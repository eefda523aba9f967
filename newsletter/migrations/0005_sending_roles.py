"""Give the "Newsletter" group the send permission and the blackout windows (roles.py)."""

from django.db import migrations


def grant(apps, schema_editor):
    from newsletter import roles

    ContentType = apps.get_model("contenttypes", "ContentType")
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group_name, permissions in roles.SENDING_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=group_name)
        for app_label, model, codename in permissions:
            content_type, _ = ContentType.objects.get_or_create(app_label=app_label, model=model)
            name = roles.SENDING_PERMISSION_NAMES.get(
                codename, f"Can {codename.split('_', 1)[0]} {model}"
            )
            permission, _ = Permission.objects.get_or_create(
                content_type=content_type, codename=codename, defaults={"name": name}
            )
            group.permissions.add(permission)


class Migration(migrations.Migration):
    dependencies = [
        ("newsletter", "0004_sending"),
        ("home", "0002_editorial_roles"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
