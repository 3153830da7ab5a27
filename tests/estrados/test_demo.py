"""The demo's month (`ople oficialia demo`, `ople estrados demo`): overdue turnos, the
portfolio table, notices of every mode, a withdrawn act, a published cut; run twice, same data."""

from __future__ import annotations

import pytest
from django.utils import timezone

from ople.estrados import demo as demo_estrados
from ople.estrados.models import Notificacion, Publicacion
from ople.oficialia import demo as demo_oficialia
from ople.oficialia import selectors

# ~20 s (files written with fsync, a dozen PDFs, a published cut); its parts are covered by the
# service tests, and core's test_demo runs both commands.
pytestmark = [pytest.mark.django_db, pytest.mark.slow]


def test_un_mes_realista_con_vencidos(clave_instituto):
    n = demo_oficialia.cargar()
    assert demo_oficialia.cargar() == n  # idempotent
    ahora = timezone.now()
    assert selectors.vencidos(ahora=ahora).count() >= 3
    assert selectors.por_vencer(ahora=ahora).exists()
    filas = selectors.cartera()
    assert len(filas) == 11 and any(f.avance == "Detenido" for f in filas)
    assert demo_estrados.cargar() == Publicacion.objects.count()
    assert Publicacion.objects.filter(retirado_en__isnull=False).count() == 1
    assert set(Notificacion.objects.values_list("modo", flat=True)) == {
        "electronica",
        "automatica",
        "estrados",
    }
    # The representative's PAN scope needs the catalog's parties: without them nothing is opened,
    # and the unopened notice of DEMO-0001 is deemed served.
    assert Notificacion.objects.filter(
        destinatario__clave="DEMO-0001", surte_efectos_en__isnull=False
    ).exists()
