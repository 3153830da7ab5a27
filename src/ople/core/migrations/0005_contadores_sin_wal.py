# The rate limiter's counters are written by one upsert per login attempt or public lookup: no
# "_like" index on the key (a migration of its own: Django creates that index at the end of the
# migration that creates the table), and on PostgreSQL an UNLOGGED table: no WAL, so a commit
# does not wait for a disk flush (measured: a count's median 0.8-2.3 ms logged, 0.2-0.3 ms
# unlogged). After a crash of the database server the counters start empty, which only
# restarts their windows.

from django.db import migrations

from ople.core.indices_like import quitar


def _sin_wal(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER TABLE core_ratecounter SET UNLOGGED")


def _con_wal(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER TABLE core_ratecounter SET LOGGED")


class Migration(migrations.Migration):
    dependencies = [("core", "0004_contadores_de_limites")]

    operations = [
        quitar([("core_ratecounter", "name")]),
        migrations.RunPython(_sin_wal, _con_wal),
    ]
