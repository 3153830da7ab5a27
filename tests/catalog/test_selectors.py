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


def test_solo_catalog_selectors_pregunta_por_el_proceso_activo():
    """Issue 17 item 8: "the active process" is asked in one place, `procesos_activos()` /
    `proceso_activo()`; a system spelling the query again (`proceso__activo=True`,
    `ProcesoElectoral.objects.filter(activo=True)`) drifts from it. Failed on candidaturas'
    views before they used the selector."""
    import re
    from pathlib import Path

    src = Path(selectors.__file__).resolve().parents[1]
    patron = re.compile(r"proceso__activo|ProcesoElectoral\.objects\.filter\(\s*activo")
    repetidas = [
        f"{p.relative_to(src)}:{n}"
        for p in sorted(src.rglob("*.py"))
        if "migrations" not in p.parts and p != Path(selectors.__file__).resolve()
        for n, linea in enumerate(p.read_text("utf-8").splitlines(), 1)
        if patron.search(linea)
    ]
    assert repetidas == []
