from datetime import date

import pytest

from ople.catalog import selectors
from ople.catalog import testing as fabrica

pytestmark = pytest.mark.django_db


def _proceso(entidad, clave, jornada, *, activo=True):
    return fabrica.proceso(entidad=entidad, clave=clave, fecha_jornada=jornada, activo=activo)


def test_proceso_activo_es_el_de_jornada_mas_reciente_entre_los_activos():
    ent = fabrica.entidad()
    assert selectors.proceso_activo() is None
    _proceso(ent, "2020-2021", date(2021, 6, 6))
    reciente = _proceso(ent, "2023-2024", date(2024, 6, 2))
    _proceso(ent, "2026-2027", date(2027, 6, 6), activo=False)
    assert selectors.proceso_activo() == reciente
    assert [p.clave for p in selectors.procesos_activos()] == ["2023-2024", "2020-2021"]
