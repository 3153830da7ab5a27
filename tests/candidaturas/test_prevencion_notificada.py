"""A prevención is served through the notifications system (ADR 0055): the party's representation
gets it in its inbox with an e-mail notice, and the profile's hours count from the notice's
effect (first opening, or the estrados' next day), computed with ``ley.plazos``."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from ople.candidaturas import selectors
from ople.candidaturas.models import Candidatura
from ople.candidaturas.services import registro, revision
from ople.candidaturas.services.comun import CandidaturaError
from ople.estrados import selectors as estrados_selectors
from ople.estrados.models import Notificacion
from ople.estrados.services import notificaciones as estrados
from ople.publicacion import manifiesto

from .datos import AHORA, proceso_con_distritos, representante, revisora
from .test_servicios import registrar

pytestmark = pytest.mark.django_db
AGS = ZoneInfo("America/Mexico_City")


@pytest.fixture
def clave_instituto(tmp_path, monkeypatch):
    ruta = tmp_path / "claves" / "publicacion.pem"
    monkeypatch.setenv("OPLE_PUBLISH_KEY", str(ruta))
    return manifiesto.cargar_clave(ruta, crear=True)


@pytest.fixture
def base(clave_instituto):
    elec, dems, (pan, pri, morena) = proceso_con_distritos()
    rep = representante("rep_pan", "PAN")
    destinatario = estrados.registrar_destinatario(
        clave="PAN-CG",
        nombre="Representación del PAN ante el Consejo General",
        tipo="representante",
        partido="PAN",
        actor=None,
    )
    c = registrar(rep, elec, dems[0], pan)
    registro.presentar(actor=rep, candidatura=c, ahora=AHORA)
    return c, rep, destinatario


def test_representante_recibe_la_prevencion_y_el_plazo_corre_desde_que_la_abre(
    base, mailoutbox, django_capture_on_commit_callbacks
):
    c, rep, destinatario = base
    estrados.aceptar(destinatario=destinatario, usuario=rep, correo="rep@pan.example.org")
    # Friday 5 April 2024, 12:30 in Aguascalientes. The e-mail leaves when the prevención's
    # transaction commits.
    with django_capture_on_commit_callbacks(execute=True):
        p = revision.prevenir(
            actor=revisora(),
            candidatura=c,
            faltantes=["tres_de_tres:S"],
            motivo="Falta el 3 de 3 del suplente.",
            ahora=AHORA,
        )
    assert p.notificacion and p.vence is None  # not served yet: the 48 hours have not begun
    (n,) = estrados_selectors.buzon(rep)
    assert n.folio == p.notificacion and n.modo == Notificacion.Modo.ELECTRONICA
    assert "Prevención a la candidatura Diputación" in n.publicacion.titulo
    assert "Formato «3 de 3 contra la violencia» (suplente)" in n.publicacion.texto
    assert "48 horas" in n.publicacion.texto
    ((correo),) = mailoutbox
    assert correo.to == ["rep@pan.example.org"] and n.folio in correo.subject
    assert selectors.vence(p) is None
    # Another party's representative does not get it.
    assert not estrados_selectors.buzon(representante("rep_pri", "PRI")).exists()

    # Opened on Saturday at 08:30: 48 hours, every hour counting in the process → Monday 08:30.
    abierta = datetime(2024, 4, 6, 8, 30, tzinfo=AGS)
    estrados.abrir(notificacion=n, usuario=rep, ahora=abierta)
    vence = datetime(2024, 4, 8, 8, 30, tzinfo=AGS)
    assert selectors.vence(p) == vence
    assert selectors.prevencion_vigente(c).vence == vence
    # Counted from issue it would have run out on Sunday 12:30; counted from service it has not.
    registro.presentar(actor=rep, candidatura=c, ahora=vence - timedelta(minutes=1))
    c.refresh_from_db()
    assert c.estado == Candidatura.Estado.CORREGIDA


def test_la_correccion_tardia_desde_la_notificacion_se_rechaza(base):
    c, rep, destinatario = base
    estrados.aceptar(destinatario=destinatario, usuario=rep, correo="rep@pan.example.org")
    p = revision.prevenir(actor=revisora(), candidatura=c, faltantes=[], motivo="x", ahora=AHORA)
    (n,) = estrados_selectors.buzon(rep)
    estrados.abrir(notificacion=n, usuario=rep, ahora=AHORA + timedelta(hours=2))
    assert selectors.vence(p) == AHORA + timedelta(hours=50)
    with pytest.raises(CandidaturaError, match="venció"):
        registro.presentar(actor=rep, candidatura=c, ahora=AHORA + timedelta(hours=51))


def test_sin_aceptacion_se_notifica_por_estrados_y_corre_desde_el_dia_siguiente(base):
    c, rep, destinatario = base
    p = revision.prevenir(actor=revisora(), candidatura=c, faltantes=[], motivo="x", ahora=AHORA)
    n = estrados_selectors.notificacion(p.notificacion)
    assert n.modo == Notificacion.Modo.ESTRADOS
    # The cédula fixed on Friday takes effect on Saturday 00:00; 48 hours → Monday 00:00.
    assert p.vence == datetime(2024, 4, 8, 0, 0, tzinfo=AGS) == selectors.vence(p)


def test_sin_destinatario_del_partido_se_registra_y_corre_desde_su_emision():
    elec, dems, (pan, pri, morena) = proceso_con_distritos()
    rep = representante("rep_pan", "PAN")
    c = registrar(rep, elec, dems[0], pan)
    registro.presentar(actor=rep, candidatura=c, ahora=AHORA)
    p = revision.prevenir(actor=revisora(), candidatura=c, faltantes=[], motivo="x", ahora=AHORA)
    assert p.notificacion == "" and p.vence == AHORA + timedelta(hours=48)
    assert not Notificacion.objects.exists()
