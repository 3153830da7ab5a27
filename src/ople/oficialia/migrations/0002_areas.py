"""The institute's areas named in the Comisión de Tecnologías' 2023 report (shared/seed), with
the initials their folio series use (IEE/P/…, IEE/CZLS/…)."""

from django.db import migrations

AREAS = [
    ("P", "Presidencia del Consejo General"),
    ("SE", "Secretaría Ejecutiva"),
    ("DCOE", "Dirección de Capacitación y Organización Electoral"),
    ("DA", "Dirección de Administración"),
    ("DJ", "Dirección Jurídica"),
    ("CI", "Coordinación de Informática"),
    ("CCS", "Coordinación de Comunicación Social"),
    ("OIC", "Órgano Interno de Control"),
    ("CZLS", "Comisión de Tecnologías e Innovación (consejería que la preside)"),
    ("OP", "Oficialía de Partes"),
]


def crear(apps, schema_editor):
    Area = apps.get_model("oficialia", "Area")
    for siglas, nombre in AREAS:
        Area.objects.get_or_create(siglas=siglas, defaults={"nombre": nombre})


class Migration(migrations.Migration):
    dependencies = [("oficialia", "0001_initial")]
    operations = [migrations.RunPython(crear, migrations.RunPython.noop)]
