"""Notificaciones electrónicas: opt-in, inbox, e-mail notice through a real SMTP server, first
opening with the signed acuse (verified offline), effect and deadline with ley/plazos, deemed
service, automatic notice at a session, fallback to estrados; one party cannot read another's."""

from __future__ import annotations

import hashlib
import io
import json
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command

from ople.core import account_services, accounts
from ople.documentos import acuses
from ople.documentos.models import DocumentoEmitido
from ople.estrados import selectors
from ople.estrados.models import Notificacion, Publicacion
from ople.estrados.services import notificaciones as s
from ople.publicacion import manifiesto
from tests.core.externos import partidos

pytestmark = pytest.mark.django_db
AGS = ZoneInfo("America/Mexico_City")
# Friday 15 March 2024 at 10:00 in Aguascalientes (process 2023-2024: every day counts).
AHORA = datetime(2024, 3, 15, 16, 0, tzinfo=UTC)


def _representante(username: str, siglas: str):
    user = account_services.create_outside_account(
        username=username, kind=accounts.PARTY_REPRESENTATIVE, actor=None
    )
    account_services.grant_scope(user=user, kind=accounts.PARTY, key=siglas, actor=None)
    return user


@pytest.fixture
def acto():
    return s.publicar(
        tipo="acuerdo",
        expediente="CG-A-60/22",
        organo="Consejo General",
        titulo="Acuerdo por el que se aprueba el calendario electoral",
        texto="Se aprueba el calendario del proceso electoral local.",
        firmado_por="Secretaría Ejecutiva",
        actor=None,
        ahora=AHORA,
    )


@pytest.fixture
def pan():
    partidos()
    d = s.registrar_destinatario(
        clave="PAN-CG",
        nombre="Representación del PAN ante el CG",
        tipo="representante",
        partido="PAN",
        actor=None,
    )
    return d, _representante("rep_pan", "PAN")


def test_publicar_fija_pdf_sellado_y_efecto_al_dia_siguiente(acto):
    assert acto.folio == "IEE/DJ/001/2024"
    contenido = s.pdf_de(acto)
    assert (
        contenido.startswith(b"%PDF") and hashlib.sha256(contenido).hexdigest() == acto.pdf_sha256
    )
    # what it says is kept for its QR's verification page (ADR 0056)
    assert DocumentoEmitido.objects.get(sha256=acto.contenido_sha256).sistema == "estrados"
    # Posted Friday 15 March 10:00, electoral matter during the process: Saturday 16 at 00:00.
    assert acto.surte_efectos_en == datetime(2024, 3, 16, tzinfo=AGS)
    s.retirar(
        publicacion=acto,
        motivo="Sustituido por CG-A-61/22",
        actor=None,
        ahora=AHORA + timedelta(days=10),
    )
    acto.refresh_from_db()
    assert acto.retirado_en is not None and Publicacion.objects.count() == 1
    with pytest.raises(s.EstradosError, match="ya fue retirado"):
        s.retirar(publicacion=acto, motivo="otra vez", actor=None)


def test_notificacion_electronica_aviso_smtp_acuse_y_plazo(
    acto, pan, smtp, clave_instituto, tmp_path, django_capture_on_commit_callbacks
):
    d, rep = pan
    s.aceptar(destinatario=d, usuario=rep, correo="rep.pan@example.org", ahora=AHORA)
    with django_capture_on_commit_callbacks(execute=True):  # the mail leaves on commit
        n = s.notificar(
            publicacion=acto,
            destinatario=d,
            actor=None,
            plazo_dias=4,
            url_base="https://ople.example.org/",
            ahora=AHORA,
        )
    n.refresh_from_db()
    assert n.modo == Notificacion.Modo.ELECTRONICA and n.aviso_enviado_en is not None
    ((remitente, destinos, correo),) = smtp.recibidos
    assert destinos == ["rep.pan@example.org"] and n.folio in correo["Subject"]
    assert f"https://ople.example.org/notificaciones/{n.pk}/" in correo.get_content()
    # Deemed served after 3 business days (profile default), counted as electoral: Monday 18.
    assert n.se_tiene_por_notificada_en == datetime(2024, 3, 18, tzinfo=AGS)
    abierta = AHORA + timedelta(hours=5)  # 15:00 local
    n = s.abrir(notificacion=n, usuario=rep, ahora=abierta)
    assert n.abierta_en == abierta and n.surte_efectos_en == abierta
    assert n.vence_en == datetime(2024, 3, 19, 23, 59, 59, tzinfo=AGS)  # 4 days, every day counts
    again = s.abrir(notificacion=n, usuario=rep, ahora=abierta + timedelta(days=1))
    assert again.abierta_en == abierta  # the first opening stays
    archivo = tmp_path / "acuse.json"
    archivo.write_bytes(s.acuse_de(n))
    v = acuses.verificar(archivo.read_bytes(), pem=manifiesto.pem_publica(clave_instituto))
    assert v.acuse["documento_sha256"] == acto.pdf_sha256
    assert "Publicada en el buzón: 2024-03-15T10:00:00-06:00" in v.acuse["documento"]
    assert "Abierta por primera vez: 2024-03-15T15:00:00-06:00" in v.acuse["documento"]
    salida = io.StringIO()
    call_command("documentos_verificar_acuse", str(archivo), stdout=salida)
    assert "es válido" in salida.getvalue()
    datos = json.loads(archivo.read_bytes())
    datos["acuse"]["documento_sha256"] = "0" * 64
    archivo.write_text(json.dumps(datos))
    with pytest.raises(SystemExit):
        call_command("documentos_verificar_acuse", str(archivo), stdout=io.StringIO())


def test_otro_partido_no_lee_y_sin_abrir_se_tiene_por_notificada(acto, pan, smtp, clave_instituto):
    d, rep = pan
    rep_pri = _representante("rep_pri", "PRI")
    s.aceptar(destinatario=d, usuario=rep, correo="rep.pan@example.org", ahora=AHORA)
    n = s.notificar(publicacion=acto, destinatario=d, actor=None, plazo_dias=4, ahora=AHORA)
    assert list(selectors.buzon(rep)) == [n]
    assert not selectors.buzon(rep_pri).exists()
    with pytest.raises(PermissionDenied):
        s.abrir(notificacion=n, usuario=rep_pri)
    with pytest.raises(PermissionDenied):
        s.aceptar(destinatario=d, usuario=rep_pri, correo="x@example.org")
    assert s.tener_por_notificadas(ahora=AHORA + timedelta(days=1)) == 0
    assert s.tener_por_notificadas(ahora=AHORA + timedelta(days=4)) == 1
    n.refresh_from_db()
    assert n.abierta_en is None and n.surte_efectos_en == datetime(2024, 3, 18, tzinfo=AGS)
    assert n.vence_en == datetime(2024, 3, 22, 23, 59, 59, tzinfo=AGS)
    v = acuses.verificar(s.acuse_de(n), pem=manifiesto.pem_publica(clave_instituto))
    assert (
        "No abierta: se tiene por notificada el 2024-03-18T00:00:00-06:00" in v.acuse["documento"]
    )
    assert v.acuse["recibido_por"] == "sistema"


def titulo_del_pdf(contenido: bytes) -> str:
    """The PDF's Title (its Info dictionary, as `pdfinfo` shows it)."""
    import re
    import subprocess

    info = subprocess.run(
        ["pdfinfo", "-"], input=contenido, capture_output=True, check=True
    ).stdout.decode()
    return re.search(r"^Title:\s+(.*)$", info, re.M)[1]


def test_sin_aceptar_va_a_estrados_y_automatica_en_sesion(acto, pan):
    d, _ = pan
    ciudadana = s.registrar_destinatario(
        clave="PES-2024-003", nombre="María López", tipo="ciudadania", actor=None
    )
    n = s.notificar(publicacion=acto, destinatario=ciudadana, actor=None, plazo_dias=3, ahora=AHORA)
    assert n.modo == Notificacion.Modo.ESTRADOS
    assert n.publicacion.tipo == "cedula" and "María López" in n.publicacion.titulo
    # Its sealed PDF's title says «Cédula de notificación» once (it said it twice).
    assert titulo_del_pdf(s.pdf_de(n.publicacion)) == (
        "Cédula de notificación a María López: "
        "Acuerdo por el que se aprueba el calendario electoral"
    )
    # Its moments read as a person reads a date (they were bare ISO 8601).
    import subprocess

    texto = subprocess.run(
        ["pdftotext", "-", "-"], input=s.pdf_de(n.publicacion), capture_output=True, check=True
    ).stdout.decode()
    texto = " ".join(texto.split())
    assert (
        "Fijado en estrados electrónicos: viernes 15 de marzo de 2024, 10:00 h (UTC-06:00)" in texto
    )
    assert "Surte efectos: sábado 16 de marzo de 2024, 00:00 h (UTC-06:00)" in texto
    assert n.surte_efectos_en == datetime(2024, 3, 16, tzinfo=AGS)
    sesion_en = datetime(2024, 3, 14, 18, 0, tzinfo=AGS)
    auto = s.notificar_automatica(
        publicacion=acto,
        destinatario=d,
        actor=None,
        plazo_dias=4,
        sesion="Sesión extraordinaria del Consejo General",
        sesion_en=sesion_en,
    )
    assert auto.modo == "automatica" and auto.surte_efectos_en == sesion_en
    assert auto.vence_en == datetime(2024, 3, 18, 23, 59, 59, tzinfo=AGS)
    with pytest.raises(s.EstradosError, match="representación presente"):
        s.notificar_automatica(
            publicacion=acto, destinatario=ciudadana, actor=None, sesion="x", sesion_en=sesion_en
        )


def test_smtp_caido_se_registra_y_la_notificacion_queda(
    acto, pan, settings, django_capture_on_commit_callbacks
):
    d, rep = pan
    s.aceptar(destinatario=d, usuario=rep, correo="rep.pan@example.org", ahora=AHORA)
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 1, 2
    with django_capture_on_commit_callbacks(execute=True):
        n = s.notificar(publicacion=acto, destinatario=d, actor=None, ahora=AHORA)
    n.refresh_from_db()
    assert n.aviso_enviado_en is None and n.aviso_error


def test_lo_que_fija_otro_sistema_llega_a_los_estrados_publicos(
    pan, clave_instituto, settings, django_capture_on_commit_callbacks
):
    """Candidaturas fixes a prevención and notifies it by estrados through these services, not
    through the office's page: the public estrados must show the act and its cédula once the
    caller commits (in the demo they appeared only after `ople estrados publicar`), with one cut
    for the caller's transaction, not one per act."""
    from django.db import transaction

    from ople.publicacion.models import CortePublicado

    d, _ = pan  # has not opted in: the notice goes to the estrados as a cédula
    with django_capture_on_commit_callbacks(execute=True):
        with transaction.atomic():
            acto = s.publicar(
                tipo="auto",
                expediente="CAND-1-34",
                organo="Secretaría Ejecutiva del Consejo General",
                titulo="Prevención a la candidatura de la fórmula 1",
                texto="Subsane la omisión en 48 horas.",
                firmado_por="Secretaría Ejecutiva",
                actor=None,
                ahora=AHORA,
            )
            n = s.notificar(publicacion=acto, destinatario=d, actor=None, ahora=AHORA)
    cortes = CortePublicado.objects.filter(sitio="estrados")
    assert cortes.count() == 1
    indice = settings.PUBLISH_ROOT / "estrados" / "cortes" / cortes.get().nombre / "index.html"
    texto = indice.read_text()
    assert acto.folio in texto and n.publicacion.folio in texto
    # The office's pages publish themselves (and say so): they ask for no second cut.
    with django_capture_on_commit_callbacks(execute=True):
        s.retirar(publicacion=acto, motivo="Error", actor=None, publicar_sitio=False)
    assert cortes.count() == 1
