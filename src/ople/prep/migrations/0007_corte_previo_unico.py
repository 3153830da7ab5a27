# No two cuts name the same previous cut (a chain, not a tree); the unique index also serves
# the foreign key, whose own index goes.

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("catalog", "0001_initial"),
        ("prep", "0006_dispositivo_revocacion"),
    ]

    operations = [
        migrations.AlterField(
            model_name="corte",
            name="previo",
            field=models.ForeignKey(
                blank=True,
                db_index=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                to="prep.corte",
            ),
        ),
        migrations.AddConstraint(
            model_name="corte",
            constraint=models.UniqueConstraint(fields=("previo",), name="corte_previo_unico"),
        ),
    ]
