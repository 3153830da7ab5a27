"""Create the Django groups that are the cómputos' roles (ople.computos.roles)."""

from django.db import migrations

# Copied here (not imported) so this migration keeps meaning what it meant when written.
ROLES = [
    "computos_presidencia",
    "computos_secretaria",
    "computos_captura",
    "computos_grupo",
    "computos_consejeria",
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
        ("computos", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(crear_grupos, quitar_grupos)]
