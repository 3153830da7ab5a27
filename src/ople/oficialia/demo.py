"""A month of the institute's documents for `make demo`, drawn from the kinds in the Comisión de
Tecnologías' 2023 report (shared/seed): oficios to the Presidencia and the areas, consejerías'
observations, the requests to Informática with their progress, and some turnos left overdue."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from ople.core import demo as core_demo
from ople.oficialia.models import Documento, Solicitud
from ople.oficialia.services import documentos as s

OFICIOS = [
    # (days ago, area, remitente, destinatario, asunto, turnar a, answered by)
    (
        29,
        "OP",
        "Consejería de la Lic. Mariana Eréndira Ramírez Velázquez",
        "Comisión de Tecnologías e Innovación",
        "Observaciones a la propuesta de organigrama, cronograma y presupuesto del PREP",
        ["CI", "DA"],
        ["CI", "DA"],
    ),
    (
        27,
        "OP",
        "Instituto Nacional Electoral, UTSI",
        "Presidencia del Consejo General",
        "Informe del desempeño de los PREP locales 2015–2021 (INE/UTSI/0288/2023)",
        ["CI"],
        ["CI"],
    ),
    (
        22,
        "OP",
        "Consejería del L.C.P.A.P. José de Jesús Macías Macías",
        "Comisión de Tecnologías e Innovación",
        "Observaciones al organigrama de la coordinación del PREP 2023-2024",
        ["CI", "SE"],
        ["CI"],
    ),
    (
        15,
        "OP",
        "Partido Acción Nacional",
        "Secretaría Ejecutiva",
        "Solicitud de copias certificadas del acuerdo CG-A-60/22",
        ["SE", "DJ"],
        ["DJ"],
    ),
    (
        10,
        "OP",
        "Dirección de Administración",
        "Coordinación de Informática",
        "Requerimientos de equipo para sesiones híbridas del Consejo General",
        ["CI"],
        [],
    ),
    (
        6,
        "OP",
        "Ciudadana María López Hernández",
        "Dirección Jurídica",
        "Escrito de queja por propaganda en equipamiento urbano",
        ["DJ", "SE"],
        [],
    ),
    (
        3,
        "OP",
        "Tribunal Electoral del Estado de Aguascalientes",
        "Secretaría Ejecutiva",
        "Requerimiento de informe circunstanciado, expediente TEEA-JDC-014/2023",
        ["SE", "DJ"],
        [],
    ),
]

SOLICITUDES = [
    # (days ago, area, clase, accion, sistema, lead days, avance, situacion)
    (28, "SE", "sistema", "modificar", "Sistema de notificaciones", 35, 100, ""),
    (28, "SE", "sistema", "actualizar", "Sistema de Registro de Candidaturas", 60, 10, ""),
    (28, "SE", "sistema", "crear", "Sistema Integral de Seguimiento documental", 45, 60, ""),
    (27, "DCOE", "sistema", "crear", "Sistema de seguimiento de paquetes electorales", 40, 90, ""),
    (
        27,
        "DCOE",
        "sistema",
        "actualizar",
        "Sistema de Cómputo",
        90,
        0,
        "En espera de especificaciones de área requirente",
    ),
    (27, "DCOE", "evento", "crear", "Concurso de Dibujo Infantil", 20, 100, ""),
    (
        25,
        "OIC",
        "sistema",
        "crear",
        "Sistema de entrega de información del personal que se contrata",
        40,
        0,
        "Detenido",
    ),
    (24, "DA", "sistema", "actualizar", "Sistema de almacén", 31, 30, ""),
    (
        24,
        "DJ",
        "sistema",
        "modificar",
        "Sistema de estrados electrónicos",
        31,
        90,
        "Nuevos requerimientos del área solicitante en la última revisión",
    ),
    (5, "CCS", "evento", "crear", "Foro de intercambio de experiencias tecnológicas", 16, 20, ""),
]


def _momento(dias_atras: int, hora: int) -> datetime:
    dia = timezone.localdate() - timedelta(days=dias_atras)
    return timezone.make_aware(datetime.combine(dia, time(hora, 0)))


def cargar() -> int:
    if Documento.objects.exists():
        return Documento.objects.count()
    core_demo.ensure_demo_users()  # `ople demo` creates them after the demo commands
    s.asegurar_areas()
    usuarios = get_user_model().objects
    partes = usuarios.filter(username="oficialia").first()
    areas = usuarios.filter(username="areas").first()
    with transaction.atomic():
        for i, (atras, area, rem, dest, asunto, turnar, responden) in enumerate(OFICIOS):
            ahora = _momento(atras, 9 + i % 5)
            doc = s.registrar(
                tipo=Documento.Tipo.OFICIO,
                sentido=Documento.Sentido.ENTRADA,
                area=s.area_por_siglas(area),
                remitente=rem,
                destinatario=dest,
                asunto=asunto,
                fecha_documento=ahora.date(),
                actor=partes,
                archivo=(f"oficio-{i + 1}.pdf", f"%PDF-1.4 demo {asunto}".encode()),
                ahora=ahora,
            )
            # Five business-ish days to answer: the older ones answered, the newer ones pending;
            # the ones from 10 and 6 days ago are overdue. The newest came in three days ago, so
            # at any hour of today its deadline (in two days, 9:00-13:00) falls within the
            # three-day "por vencer" window; two days ago left it outside before ~10:00.
            vence = ahora + timedelta(days=5)
            turnos = s.turnar(
                documento=doc,
                areas=[s.area_por_siglas(a) for a in turnar],
                instrucciones="Atender y dar respuesta en el ámbito de su competencia",
                vence_en=vence,
                actor=partes,
                ahora=ahora + timedelta(minutes=30),
            )
            for t in turnos:
                if t.area.siglas in responden:
                    s.atender(turno=t, actor=areas, ahora=ahora + timedelta(days=1))
                    s.responder(
                        turno=t,
                        asunto=f"Respuesta: {asunto}"[:300],
                        destinatario=rem,
                        actor=areas,
                        ahora=ahora + timedelta(days=3, hours=2),
                    )
        for atras, area, clase, accion, sistema, lead, avance, situacion in SOLICITUDES:
            ahora = _momento(atras, 11)
            sol = s.solicitar_a_informatica(
                area=s.area_por_siglas(area),
                clase=clase,
                accion=accion,
                sistema=sistema,
                descripcion="conforme al memorándum de necesidades del área",
                requerido_para=ahora.date() + timedelta(days=lead),
                fecha_solicitud=ahora.date(),
                actor=partes,
                ahora=ahora,
            )
            if avance or situacion:
                s.registrar_avance(
                    solicitud=sol,
                    avance=avance,
                    situacion=situacion,
                    actor=areas,
                    ahora=ahora + timedelta(days=3),
                )
        # An urgent one (the report's "requeridos de forma urgente").
        ahora = _momento(3, 12)
        s.solicitar_a_informatica(
            area=s.area_por_siglas("SE"),
            clase=Solicitud.Clase.SISTEMA,
            accion=Solicitud.Accion.CREAR,
            sistema="Apartado para los PES y POS",
            descripcion="publicación de los procedimientos sancionadores",
            requerido_para=ahora.date() + timedelta(days=7),
            fecha_solicitud=ahora.date(),
            actor=partes,
            urgente=True,
            ahora=ahora,
        )
    return Documento.objects.count()
