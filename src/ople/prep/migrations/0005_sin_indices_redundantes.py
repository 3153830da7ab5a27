# Two indexes that another index already covers, each an entry written by every acta upload:
# Digitalizacion.acta_id (both unique constraints, (acta, imagen) and (acta, version), start
# with it) and EstadoActa.estado (the queue index (estado, llegada, id) starts with it).

import django.db.models.deletion
from django.db import migrations, models

from ople.core.indices_like import quitar


class Migration(migrations.Migration):
    dependencies = [("prep", "0004_sin_indices_like")]

    operations = [
        migrations.AlterField(
            model_name="digitalizacion",
            name="acta",
            field=models.ForeignKey(
                blank=True,
                db_index=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="imagenes",
                to="prep.actaesperada",
            ),
        ),
        migrations.AlterField(
            model_name="estadoacta",
            name="estado",
            field=models.CharField(
                choices=[
                    ("ESPERADA", "Esperada"),
                    ("DIGITALIZADA", "Digitalizada"),
                    ("CONFLICTO", "Capturas diferentes"),
                    ("VERIFICADA", "Verificada"),
                ],
                default="ESPERADA",
                max_length=14,
            ),
        ),
        # Backwards, the AlterField above creates the estado index again with its "_like" twin,
        # which 0004 had dropped: drop it again (forwards there is nothing to do).
        migrations.RunPython(
            migrations.RunPython.noop, quitar([("prep_estadoacta", "estado")]).code
        ),
    ]
