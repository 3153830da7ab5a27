"""What the PREP accepts: impossible photo dates are refused with a Spanish 4xx before anything
is stored (issue 16, item 1)."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from django.test import Client

from ople.core import roles
from ople.core.models import AuditEvent
from ople.prep.models import Asignacion, Digitalizacion, Imagen
from ople.prep.services import intake
from tests.prep.datos_intake import catalogo_con_actas, jpeg, sha, usuario
from tests.prep.test_api import ACTA, API, _archivo, enrolar
from tests.prep.test_api_wsgi import _llamar, _subida

FECHAS_IMPOSIBLES = ("0001-01-01T00:00:00+01:00", "9999-12-31T23:59:59-01:00")


def _archivos(settings) -> list[Path]:
    return [p for p in Path(settings.MEDIA_ROOT).rglob("*") if p.is_file()]


# --- item 1: an impossible photo date stopped all capture (PostgreSQL) ----------------------


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("fecha", FECHAS_IMPOSIBLES)
def test_fecha_imposible_se_rechaza_y_la_captura_sigue(fecha, settings):
    """Through the server's WSGI application (the direct route) and the group commit, as in
    production: refused with 422 before the file or the row exist; the capture page works."""
    settings.OPLE_INTAKE_LOTE = True
    settings.OPLE_INTAKE_LOTE_COMPARTIDO = False
    try:
        cat = catalogo_con_actas()
        token = enrolar(Client(), cat)["token"]
        auth = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
        estado, _, cuerpo = _llamar(
            None, "POST", f"{API}/actas", _subida(jpeg(1), fecha=fecha), **auth
        )
        assert estado == 422, cuerpo
        error = json.loads(cuerpo)["error"]
        assert error["codigo"] == "fecha_fuera_de_rango" and "capturado_en" in error["mensaje"]
        assert not Digitalizacion.objects.exists() and not Imagen.objects.exists()
        assert _archivos(settings) == []
        assert not AuditEvent.objects.filter(action="prep.intake").exists()

        # The same through Django's view (the full middleware stack).
        r = Client().post(
            f"{API}/actas",
            data={
                "imagen": _archivo(jpeg(1)),
                "clave_acta": ACTA,
                "sha256": sha(jpeg(1)),
                "capturado_en": fecha,
            },
            **auth,
        )
        assert r.status_code == 422 and r.json()["error"]["codigo"] == "fecha_fuera_de_rango"
        assert not Digitalizacion.objects.exists() and _archivos(settings) == []

        # A good upload of the same acta right after it is taken by a capture operator.
        ahora = datetime.now(UTC).isoformat()
        estado, _, cuerpo = _llamar(
            None, "POST", f"{API}/actas", _subida(jpeg(2), fecha=ahora), **auth
        )
        assert estado == 201, cuerpo
        operador = Client()
        operador.force_login(usuario("op1", roles.CAPTURA))
        r = operador.get("/prep/captura/")
        assert r.status_code == 200 and ACTA in r.content.decode()
        assert Asignacion.objects.get().acta.clave == ACTA
    finally:
        intake.detener_confirmador()


@pytest.mark.django_db
def test_fecha_de_simulacro_y_de_la_jornada_se_aceptan(settings):
    cat = catalogo_con_actas()
    token = enrolar(Client(), cat)["token"]
    auth = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    hace_un_dia = (datetime.now(UTC) - timedelta(hours=24)).isoformat()
    for i, fecha in enumerate((hace_un_dia, "2024-06-02T21:10:00-06:00")):
        estado, _, cuerpo = _llamar(
            None, "POST", f"{API}/actas", _subida(jpeg(i), fecha=fecha), **auth
        )
        assert estado == 201, cuerpo
    assert Digitalizacion.objects.count() == 2
