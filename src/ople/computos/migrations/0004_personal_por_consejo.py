"""Staff work per consejo (issue 19, item 1): the integrante's cargo «personal de apoyo» and the
institute-wide role `computos_central` (ople.computos.roles)."""

from django.db import migrations, models

CENTRAL = "computos_central"  # copied, not imported: the migration keeps its meaning


def crear_grupo(apps, schema_editor):
    apps.get_model("auth", "Group").objects.get_or_create(name=CENTRAL)


def quitar_grupo(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=CENTRAL, user__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("computos", "0003_documento_acta_gt"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [
        migrations.AlterField(
            model_name="integrante",
            name="cargo",
            field=models.CharField(
                choices=[
                    ("PRESIDENCIA", "Presidencia"),
                    ("SECRETARIA", "Secretaría técnica"),
                    ("CONSEJERIA", "Consejería electoral"),
                    ("REPRESENTACION", "Representación de partido"),
                    ("APOYO", "Personal de apoyo (cotejo y grupos de trabajo)"),
                ],
                max_length=16,
            ),
        ),
        migrations.RunPython(crear_grupo, quitar_grupo),
    ]
