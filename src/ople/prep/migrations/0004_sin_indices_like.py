# The "_like" indexes of the text columns every acta upload writes (the image's sha256, the
# acta's state): nothing runs LIKE on them (ople.core.indices_like).

from django.db import migrations

from ople.core.indices_like import quitar


class Migration(migrations.Migration):
    dependencies = [("prep", "0003_cola_por_llegada")]

    operations = [quitar([("prep_imagen", "sha256"), ("prep_estadoacta", "estado")])]
