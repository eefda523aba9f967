"""Create the "Newsletter" and "Privacy" groups (see newsletter/roles.py)."""

from django.db import migrations

PERMISSION_NAMES = {
    "export_subscribers": "Può esportare gli iscritti",
    "import_subscribers": "Può importare iscritti",
}


def get_permission(apps, app_label, codename):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    if codename == "access_admin":
        model = "admin"
    elif codename in PERMISSION_NAMES:
        model = "subscriber"
    else:
        model = codename.split("_", 1)[1]
    content_type, _ = ContentType.objects.get_or_create(app_label=app_label, model=model)
    permission, _ = Permission.objects.get_or_create(
        content_type=content_type,
        codename=codename,
        defaults={"name": PERMISSION_NAMES.get(codename, f"Can {codename.replace('_', ' ')}")},
    )
    return permission


def create_groups(apps, schema_editor):
    from newsletter import roles

    Group = apps.get_model("auth", "Group")
    for name, permissions in roles.MODEL_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=name)
        for app_label, codename in permissions:
            group.permissions.add(get_permission(apps, app_label, codename))


class Migration(migrations.Migration):
    dependencies = [
        ("newsletter", "0001_initial"),
        ("home", "0002_editorial_roles"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
    ]

    operations = [migrations.RunPython(create_groups, migrations.RunPython.noop)]
