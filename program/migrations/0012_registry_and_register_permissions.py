"""The Redazione manages the partner registry; the Tesoreria keeps the register of contributions.

The Tesoreria group may already exist (created with its two-factor requirement); it is created
here otherwise.
"""

from django.db import migrations


def grant(apps, schema_editor):
    from program.roles import REGISTRY_PERMISSIONS

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    for group_name, codenames in REGISTRY_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=group_name)
        for codename in codenames:
            model = codename.split("_", 1)[1]
            content_type, _ = ContentType.objects.get_or_create(app_label="program", model=model)
            permission, _ = Permission.objects.get_or_create(
                content_type=content_type,
                codename=codename,
                defaults={"name": f"Can {codename.replace('_', ' ')}"},
            )
            group.permissions.add(permission)


def revoke(apps, schema_editor):
    from program.roles import REGISTRY_PERMISSIONS

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group_name, codenames in REGISTRY_PERMISSIONS.items():
        group = Group.objects.filter(name=group_name).first()
        if group is not None:
            group.permissions.remove(
                *Permission.objects.filter(content_type__app_label="program", codename__in=codenames)
            )


class Migration(migrations.Migration):
    dependencies = [
        ("program", "0011_partner_registry_and_transparency"),
        ("home", "0006_treasury_group"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
