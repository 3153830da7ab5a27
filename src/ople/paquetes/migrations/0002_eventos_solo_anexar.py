"""The database itself refuses UPDATE and DELETE on the custody events (ADR 0037).

PostgreSQL: a row trigger raising an exception. SQLite gets none: Django's test flush empties
tables with DELETE there (PostgreSQL's uses TRUNCATE, which row triggers do not see), so a trigger
would break the test suite; the model's own guard (`Evento.save`/`delete`) covers it there.
"""

from django.db import migrations

FUNCION = """
CREATE OR REPLACE FUNCTION paquetes_evento_solo_anexar() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'paquetes_evento es de solo anexar: no se permite %; registre una corrección', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
"""
DISPARADOR = """
CREATE TRIGGER paquetes_evento_solo_anexar
BEFORE UPDATE OR DELETE ON paquetes_evento
FOR EACH ROW EXECUTE FUNCTION paquetes_evento_solo_anexar();
"""
QUITAR = """
DROP TRIGGER IF EXISTS paquetes_evento_solo_anexar ON paquetes_evento;
DROP FUNCTION IF EXISTS paquetes_evento_solo_anexar();
"""


def crear(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FUNCION, params=None)
        schema_editor.execute(DISPARADOR, params=None)


def quitar(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(QUITAR, params=None)


class Migration(migrations.Migration):
    dependencies = [("paquetes", "0001_initial")]
    operations = [migrations.RunPython(crear, quitar)]
