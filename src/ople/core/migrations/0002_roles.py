"""Create the Django group of the platform's role (ople.core.registro.ADMINISTRACION).

Each system creates its own roles' groups in a migration of its own. Databases migrated before
that split got every group here; they keep them, with their members (a later migration that
gets-or-creates a group leaves it alone), because an applied migration is not run again.
"""

from django.db import migrations

# Copied here (not imported) so this migration keeps meaning what it meant when written.
ROLES = ["administracion"]


def create_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for name in ROLES:
        Group.objects.get_or_create(name=name)


def remove_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Group.objects.filter(name__in=ROLES, user__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
