"""Create the "Volontari" and "Redazione" groups and the moderation workflow.

Volunteers draft and submit for moderation; the editorial team reviews and publishes. The
workflow is attached to the root page, so it covers every page of every site and language.
"""

from django.db import migrations


def get_permission(apps, app_label, codename):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    model = {
        "access_admin": "admin",
    }.get(codename, codename.split("_", 1)[1])
    content_type, _ = ContentType.objects.get_or_create(app_label=app_label, model=model)
    permission, _ = Permission.objects.get_or_create(
        content_type=content_type,
        codename=codename,
        defaults={"name": f"Can {codename.replace('_', ' ')}"},
    )
    return permission


def create_roles(apps, schema_editor):
    from home import roles

    Group = apps.get_model("auth", "Group")
    Page = apps.get_model("wagtailcore", "Page")
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")

    root_page = Page.objects.filter(depth=1).first()
    root_collection = Collection.objects.filter(depth=1).first()
    groups = {}
    for name in (roles.VOLUNTEERS, roles.EDITORS):
        group, _ = Group.objects.get_or_create(name=name)
        groups[name] = group
        for app_label, codename in roles.MODEL_PERMISSIONS[name]:
            group.permissions.add(get_permission(apps, app_label, codename))
        if root_page is not None:
            for codename in roles.PAGE_PERMISSIONS[name]:
                GroupPagePermission.objects.get_or_create(
                    group=group,
                    page=root_page,
                    permission=get_permission(apps, "wagtailcore", codename),
                )
        if root_collection is not None:
            for app_label, codename in roles.COLLECTION_PERMISSIONS[name]:
                GroupCollectionPermission.objects.get_or_create(
                    group=group,
                    collection=root_collection,
                    permission=get_permission(apps, app_label, codename),
                )

    task_type, _ = ContentType.objects.get_or_create(
        app_label="wagtailcore", model="groupapprovaltask"
    )
    task, _ = GroupApprovalTask.objects.get_or_create(
        name=roles.WORKFLOW_TASK_NAME, defaults={"content_type": task_type, "active": True}
    )
    task.groups.set([groups[roles.EDITORS]])
    workflow, _ = Workflow.objects.get_or_create(name=roles.WORKFLOW_NAME, defaults={"active": True})
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    if root_page is not None:
        WorkflowPage.objects.update_or_create(page=root_page, defaults={"workflow": workflow})


def remove_roles(apps, schema_editor):
    from home import roles

    Group = apps.get_model("auth", "Group")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    Workflow.objects.filter(name=roles.WORKFLOW_NAME).update(active=False)
    Group.objects.filter(name__in=[roles.VOLUNTEERS, roles.EDITORS]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0001_initial"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("wagtailredirects", "0008_add_verbose_name_plural"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
