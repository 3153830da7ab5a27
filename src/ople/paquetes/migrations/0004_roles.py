"""Create the Django groups that are package tracking's roles (ople.paquetes.roles).

Undoing it removes only the groups nobody belongs to (as the PREP's 0008).
"""

from django.db import migrations

# Copied here (not imported) so this migration keeps meaning what it meant when written.
ROLES = [
    "paquetes_recepcion",
    "paquetes_cae",
    "paquetes_bodega",
    "paquetes_supervision",
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
        ("paquetes", "0003_recibos"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(crear_grupos, quitar_grupos)]
