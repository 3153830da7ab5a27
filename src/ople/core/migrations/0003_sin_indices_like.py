# The "_like" indexes of the audit log's text columns: nothing runs LIKE on them, and every
# appended event paid three more index entries (ople.core.indices_like).

from django.db import migrations

from ople.core.indices_like import quitar


class Migration(migrations.Migration):
    dependencies = [("core", "0002_roles")]

    operations = [
        quitar(
            [
                ("core_auditevent", "hash"),
                ("core_auditevent", "action"),
                ("core_auditevent", "object_id"),
            ]
        )
    ]
