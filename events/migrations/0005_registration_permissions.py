"""Let the editorial team see and export the people registered to events."""

from django.db import migrations

PERMISSION_NAMES = {
    "view_registration": "Can view iscrizione a un evento",
    "export_registrations": "Può esportare gli iscritti agli eventi",
}


def grant(apps, schema_editor):
    from events.roles import REGISTRATION_PERMISSIONS

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    for group_name, permissions in REGISTRATION_PERMISSIONS.items():
        group = Group.objects.filter(name=group_name).first()
        if group is None:
            continue
        for model, codename in permissions:
            content_type, _ = ContentType.objects.get_or_create(app_label="events", model=model)
            permission, _ = Permission.objects.get_or_create(
                content_type=content_type,
                codename=codename,
                defaults={"name": PERMISSION_NAMES.get(codename, codename)},
            )
            group.permissions.add(permission)


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0004_registrations"),
        ("home", "0002_editorial_roles"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
