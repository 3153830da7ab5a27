"""Folios: the institute's format, gapless series per (area, year), concurrency on PostgreSQL."""

from __future__ import annotations

import threading
from datetime import UTC, datetime

import pytest
from django.db import connection, connections, transaction

from ople.core.models import AuditEvent
from ople.documentos import folios
from ople.documentos.models import Folio, SerieFolio
from ople.documentos.services.folios import tomar_folio

AHORA = datetime(2023, 6, 1, 18, 0, tzinfo=UTC)


def test_formato_del_instituto():
    texto = folios.formatear(
        patron="{institucion}/{area}/{numero:03d}/{anio}",
        institucion="IEE",
        area="CZLS",
        numero=32,
        anio=2023,
    )
    assert texto == "IEE/CZLS/032/2023"
    assert (
        folios.formatear(
            patron="{institucion}-{anio}-{area}-{numero:05d}",
            institucion="IEEQ",
            area="SE",
            numero=7,
            anio=2024,
        )
        == "IEEQ-2024-SE-00007"
    )


@pytest.mark.parametrize(
    ("patron", "motivo"),
    [
        ("{institucion}/{area}/{anio}", "falta {numero}"),
        ("{institucion}/{numero:03d}", "falta {anio}, {area}"),
        ("{institucion}/{area}/{numero}/{anio}/{ciudad}", "campos desconocidos ciudad"),
        ("{institucion}/{numero", "Formato de folio no válido"),
        ("{area}{anio}{numero:q}", "Formato de folio no válido"),
    ],
)
def test_formato_no_valido(patron, motivo):
    with pytest.raises(folios.FolioError, match=motivo):
        folios.formatear(patron=patron, institucion="IEE", area="SE", numero=1, anio=2023)


@pytest.mark.parametrize("area", ["", "czls", "CZ/LS", "A" * 21])
def test_area_no_valida(area):
    with pytest.raises(folios.FolioError, match="Área no válida"):
        folios.validar_area(area)


@pytest.mark.django_db
def test_serie_por_area_y_anio_auditada(settings):
    settings.DOCUMENTOS_FOLIO_INSTITUCION = "IEE"
    settings.DOCUMENTOS_FOLIO_FORMATO = "{institucion}/{area}/{numero:03d}/{anio}"
    textos = [
        tomar_folio(area="CZLS", asunto=f"oficio {i}", actor=None, ahora=AHORA).texto
        for i in range(3)
    ]
    assert textos == ["IEE/CZLS/001/2023", "IEE/CZLS/002/2023", "IEE/CZLS/003/2023"]
    assert tomar_folio(area="SE", asunto="x", actor=None, ahora=AHORA).texto == "IEE/SE/001/2023"
    siguiente = datetime(2024, 1, 1, 6, 30, tzinfo=UTC)  # 00:30 in Mexico City: 2024
    assert tomar_folio(area="CZLS", asunto="x", actor=None, ahora=siguiente).texto == (
        "IEE/CZLS/001/2024"
    )
    eventos = AuditEvent.objects.filter(action="documentos.folio").order_by("seq")
    assert [e.after["folio"] for e in eventos][:3] == textos
    assert eventos[0].after["asunto"] == "oficio 0"


@pytest.mark.django_db
def test_año_local_no_utc():
    """31 Dec 2023 at 20:00 in Mexico City is already 2024 in UTC: the folio is of 2023."""
    f = tomar_folio(area="SE", asunto="x", actor=None, ahora=datetime(2024, 1, 1, 2, 0, tzinfo=UTC))
    assert f.texto.endswith("/2023")


@pytest.mark.django_db
def test_area_no_valida_no_cambia_nada():
    with pytest.raises(folios.FolioError):
        tomar_folio(area="se", asunto="x", actor=None)
    assert not SerieFolio.objects.exists() and not AuditEvent.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_transaccion_revertida_no_deja_hueco():
    tomar_folio(area="SE", asunto="uno", actor=None, ahora=AHORA)
    with pytest.raises(RuntimeError), transaction.atomic():
        tomar_folio(area="SE", asunto="revertido", actor=None, ahora=AHORA)
        raise RuntimeError("el documento no se pudo crear")
    assert tomar_folio(area="SE", asunto="dos", actor=None, ahora=AHORA).numero == 2
    assert list(Folio.objects.order_by("numero").values_list("numero", "asunto")) == [
        (1, "uno"),
        (2, "dos"),
    ]
    assert SerieFolio.objects.get().ultimo == 2


@pytest.mark.django_db(transaction=True)
def test_concurrencia_postgresql_sin_huecos_ni_duplicados():
    """A taker whose transaction is still open holds the series: a second one waits, then gets
    the next number; one that rolls back while another waits leaves no gap."""
    if connection.vendor != "postgresql":
        pytest.skip("el bloqueo de fila se prueba en PostgreSQL")
    tomado = threading.Event()
    soltar = threading.Event()
    resultados: dict[str, int] = {}
    errores: list[BaseException] = []

    def primero(revertir: bool) -> None:
        try:
            with transaction.atomic():
                resultados["primero"] = tomar_folio(area="CZLS", asunto="a", actor=None).numero
                tomado.set()
                soltar.wait(10)
                if revertir:
                    transaction.set_rollback(True)
        except BaseException as exc:  # noqa: BLE001 - reported to the test thread
            errores.append(exc)
        finally:
            tomado.set()
            connections.close_all()

    def segundo() -> None:
        try:
            resultados["segundo"] = tomar_folio(area="CZLS", asunto="b", actor=None).numero
        except BaseException as exc:  # noqa: BLE001
            errores.append(exc)
        finally:
            connections.close_all()

    for revertir, esperado in ((False, (1, 2)), (True, (3, 3))):
        tomado.clear()
        soltar.clear()
        resultados.clear()
        a = threading.Thread(target=primero, args=(revertir,))
        a.start()
        assert tomado.wait(10)
        b = threading.Thread(target=segundo)
        b.start()
        b.join(0.5)
        assert b.is_alive(), "el segundo no esperó al bloqueo de la serie"
        soltar.set()
        a.join(10)
        b.join(10)
        assert not errores
        assert (resultados["primero"], resultados["segundo"]) == esperado
    numeros = list(Folio.objects.order_by("numero").values_list("numero", flat=True))
    assert numeros == [1, 2, 3]
    assert SerieFolio.objects.get().ultimo == 3
