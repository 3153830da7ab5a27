"""The reset of election-night data that a drill runs before it starts (prep/services/jornada)."""

import pytest

from ople.core.models import AuditEvent
from ople.prep.models import ActaEsperada, Digitalizacion, EstadoActa, Imagen
from ople.prep.services.jornada import reiniciar_jornada
from tests.prep.datos_captura import catalogo

pytestmark = pytest.mark.django_db


def test_reinicio_borra_la_jornada_deja_el_catalogo_y_queda_en_la_bitacora():
    cat = catalogo(n_actas=3)
    assert Digitalizacion.objects.count() == 3
    assert EstadoActa.objects.filter(estado=EstadoActa.Estado.DIGITALIZADA).count() == 3

    conteos = reiniciar_jornada(proceso=cat.proceso, actor=None)

    assert conteos[Digitalizacion._meta.db_table] == 3
    assert not Digitalizacion.objects.exists() and not Imagen.objects.exists()
    assert ActaEsperada.objects.count() == 3  # the catalog's actas stay
    assert set(EstadoActa.objects.values_list("estado", "llegada", "capturas")) == {
        (EstadoActa.Estado.ESPERADA, None, 0)
    }
    evento = AuditEvent.objects.get(action="simulacro.reinicio")
    assert evento.after["borrados"][Digitalizacion._meta.db_table] == 3
