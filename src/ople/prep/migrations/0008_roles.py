"""Create the Django groups that are the PREP's roles (ople.prep.roles).

Until this migration core's 0002 created them; a database migrated before keeps its groups and
their members (get_or_create leaves an existing group alone). Undoing it removes only the
groups nobody belongs to, as core's 0002 did.
"""

from django.db import migrations

# Copied here (not imported) so this migration keeps meaning what it meant when written.
ROLES = [
    "acopio",
    "digitalizacion",
    "captura",
    "verificacion",
    "supervision",
    "coordinacion",
]


def crear_grupos(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for name in ROLES:
        Group.objects.get_or_create(name=name)


def quitar_grupos(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Group.objects.filter(name__in=ROLES, user__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("prep", "0007_corte_previo_unico"),
        ("core", "0002_roles"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(crear_grupos, quitar_grupos)]
