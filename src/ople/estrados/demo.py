"""A month of estrados and electronic notices for `make demo` (idempotent).

The acts are of the kinds in the institute's report (acuerdos CG-A-…, procedures PES/POS);
the demo users `representante` (PAN) and `destinatario` (DEMO-0001) have opted in, so their
inbox has notices (one opened, with its acuse); MORENA's representation and a citizen have not,
so theirs go to the estrados as cédulas; one act was withdrawn and stays as withdrawn; one
notice is unopened past its term (deemed served)."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import get_connection
from django.core.management import call_command
from django.utils import timezone

from ople.core import demo as core_demo
from ople.documentos.services.acuses import AcuseError
from ople.estrados.models import Destinatario, Publicacion
from ople.estrados.services import notificaciones as s

ACTOS = [
    # (days ago, tipo, expediente, órgano, título)
    (
        28,
        "acuerdo",
        "CG-A-58/23",
        "Consejo General",
        "Acuerdo por el que se aprueba el calendario del Proceso Electoral Local 2023-2024",
    ),
    (
        25,
        "acuerdo",
        "CG-A-60/23",
        "Consejo General",
        "Acuerdo por el que se aprueban los lineamientos del PREP",
    ),
    (
        21,
        "auto",
        "IEE/PES/003/2023",
        "Secretaría Ejecutiva",
        "Auto de admisión del procedimiento especial sancionador",
    ),
    (
        18,
        "resolucion",
        "IEE/POS/011/2023",
        "Consejo General",
        "Resolución del procedimiento ordinario sancionador",
    ),
    (14, "aviso", "AV-007/2023", "Secretaría Ejecutiva", "Aviso de días inhábiles del instituto"),
    (
        9,
        "acuerdo",
        "CG-A-63/23",
        "Consejo General",
        "Acuerdo sobre el registro de plataformas electorales",
    ),
    (
        4,
        "auto",
        "IEE/PES/005/2023",
        "Secretaría Ejecutiva",
        "Auto que requiere información a la parte denunciada",
    ),
    (
        1,
        "acuerdo",
        "CG-A-66/23",
        "Consejo General",
        "Acuerdo por el que se designa a las consejerías distritales",
    ),
]


def _momento(dias: int, hora: int = 11) -> datetime:
    return timezone.make_aware(
        datetime.combine(timezone.localdate() - timedelta(days=dias), time(hora, 0))
    )


def cargar() -> int:
    if Publicacion.objects.exists():
        return Publicacion.objects.count()
    core_demo.ensure_demo_users()
    usuarios = get_user_model().objects
    notificador = usuarios.filter(username="notificador").first()
    pan = s.registrar_destinatario(
        clave="PAN-CG",
        nombre="Representación del PAN ante el CG",
        tipo="representante",
        partido="PAN",
        actor=notificador,
    )
    morena = s.registrar_destinatario(
        clave="MORENA-CG",
        nombre="Representación de MORENA ante el CG",
        tipo="representante",
        partido="MORENA",
        actor=notificador,
    )
    demo = s.registrar_destinatario(
        clave="DEMO-0001",
        nombre="Persona aspirante (demostración)",
        tipo="candidatura",
        actor=notificador,
    )
    ciudadana = s.registrar_destinatario(
        clave="PES-003-DENUNCIANTE",
        nombre="María López Hernández",
        tipo="ciudadania",
        actor=notificador,
    )
    rep = usuarios.get(username="representante")
    dest = usuarios.get(username="destinatario")
    Destinatario.objects.filter(pk=pan.pk).update(
        usuario=rep, acepto_en=_momento(30), correo="representante.pan@example.org"
    )
    Destinatario.objects.filter(pk=demo.pk).update(
        usuario=dest, acepto_en=_momento(30), correo="destinatario@example.org"
    )
    # The demo's e-mail notices go to files under VAR_DIR/correo-demo/ (no SMTP server needed).
    correo = get_connection(
        "django.core.mail.backends.filebased.EmailBackend",
        file_path=str(Path(settings.VAR_DIR) / "correo-demo"),
    )
    publicaciones = []
    for dias, tipo, expediente, organo, titulo in ACTOS:
        publicaciones.append(
            s.publicar(
                tipo=tipo,
                expediente=expediente,
                organo=organo,
                titulo=titulo,
                texto=f"{titulo}.\nPublicado para conocimiento de los interesados.",
                firmado_por="Secretaría Ejecutiva",
                actor=notificador,
                publicar_sitio=False,  # one cut at the end
                ahora=_momento(dias),
            )
        )
    s.retirar(
        publicacion=publicaciones[4],
        motivo="Sustituido por el aviso AV-008/2023",
        actor=notificador,
        publicar_sitio=False,  # one cut at the end
        ahora=_momento(12),
    )
    # Electronic notices to PAN (one opened with its acuse), one to the demo addressee left
    # unopened past its term, and the fallbacks to the estrados for MORENA and the citizen.
    abierta = s.notificar(
        publicacion=publicaciones[1],
        destinatario=pan,
        conexion=correo,
        actor=notificador,
        publicar_sitio=False,  # one cut at the end
        plazo_dias=4,
        ahora=_momento(25, 12),
    )
    s.notificar(
        publicacion=publicaciones[7],
        destinatario=pan,
        conexion=correo,
        actor=notificador,
        publicar_sitio=False,  # one cut at the end
        plazo_dias=4,
        ahora=_momento(1, 12),
    )
    s.notificar(
        publicacion=publicaciones[2],
        destinatario=demo,
        conexion=correo,
        actor=notificador,
        publicar_sitio=False,  # one cut at the end
        plazo_dias=5,
        ahora=_momento(21, 12),
    )
    s.notificar(
        publicacion=publicaciones[1],
        destinatario=morena,
        actor=notificador,
        publicar_sitio=False,  # one cut at the end
        plazo_dias=4,
        ahora=_momento(25, 12),
    )
    s.notificar(
        publicacion=publicaciones[2],
        destinatario=ciudadana,
        actor=notificador,
        publicar_sitio=False,  # one cut at the end
        plazo_dias=5,
        ahora=_momento(21, 12),
    )
    s.notificar_automatica(
        publicacion=publicaciones[5],
        destinatario=morena,
        actor=notificador,
        plazo_dias=4,
        sesion="Sesión ordinaria del Consejo General",
        sesion_en=_momento(9, 18),
    )
    # The public estrados' first cut (it creates the institute's key if the demo has none yet).
    s.publicar_sitio(actor=notificador)
    # The representative opens one (their PAN scope needs the catalog's demo parties).
    if s.puede_leer(rep, pan):
        try:
            s.abrir(notificacion=abierta, usuario=rep, ahora=_momento(24, 9))
        except AcuseError:
            call_command("publish_keys", "--crear")
            s.abrir(notificacion=abierta, usuario=rep, ahora=_momento(24, 9))
    s.tener_por_notificadas(actor=notificador)
    return Publicacion.objects.count()
