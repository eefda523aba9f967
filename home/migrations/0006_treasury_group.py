"""Create the "Tesoreria" group: admin access only, for now (see home/roles.py)."""

from django.db import migrations


def create_treasury(apps, schema_editor):
    from home import roles

    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    group, _ = Group.objects.get_or_create(name=roles.TREASURY)
    for app_label, codename in roles.MODEL_PERMISSIONS[roles.TREASURY]:
        model = "admin" if codename == "access_admin" else codename.split("_", 1)[1]
        content_type, _ = ContentType.objects.get_or_create(app_label=app_label, model=model)
        permission, _ = Permission.objects.get_or_create(
            content_type=content_type,
            codename=codename,
            defaults={"name": f"Can {codename.replace('_', ' ')}"},
        )
        group.permissions.add(permission)


def remove_treasury(apps, schema_editor):
    from home import roles

    apps.get_model("auth", "Group").objects.filter(name=roles.TREASURY).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0005_newsletter_signup_block"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
    ]

    operations = [migrations.RunPython(create_treasury, remove_treasury)]
