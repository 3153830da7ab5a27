"""Demo data: the night of the jornada for package tracking (`ople paquetes-demo`).

Generates the packages of every election of the active process, creates the collection
mechanisms the catalog's casillas name (a DAT, a CRyT fijo or a CRyT itinerante per consejo),
and moves the packages of a few consejos through them, event by event, through the services:
closing, hand-over to the mechanism, CRyT reception and departure, arrival and reception at the
consejo, entry to the bodega. Some arrive late with their justification, a few never arrive,
one arrives with its seal broken (C7), one without the acta outside the package, one is
delivered to the wrong consejo and exchanged. Deterministic (seeded). Idempotent: does nothing if
events exist already.
"""

from __future__ import annotations

import random
import uuid
from datetime import datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.db import transaction

from ople import profiles
from ople.catalog import selectors as catalogo
from ople.core import demo as core_demo
from ople.paquetes import services
from ople.paquetes.models import Evento, Mecanismo, Paquete

T = Evento.Tipo
SEMILLA = 20240602
TIPO_MECANISMO = {
    "D": Mecanismo.Tipo.DAT,
    "F": Mecanismo.Tipo.CRYT_FIJO,
    "I": Mecanismo.Tipo.CRYT_ITINERANTE,
}
NOMBRES = ["Rosa Pérez", "Luis Gómez", "Ana Ruiz", "Jorge Díaz", "Elena Soto", "Raúl Vega"]


def _id() -> str:
    return uuid.uuid4().hex


def preparar(*, consejos_a_mover: int = 3, salida: Any = None) -> dict[str, int]:
    # One commit for the whole night (each service still runs in its own savepoint, checks and
    # audits as always): thousands of fsyncs would make `make demo` wait a minute.
    with transaction.atomic():
        resultado = _preparar(consejos_a_mover=consejos_a_mover, salida=salida)
    # The public progress page, published as the platform publishes every site (a signed cut).
    ultimo = Evento.objects.order_by("-ocurrido_en").values_list("ocurrido_en", flat=True).first()
    if resultado.get("eventos") and ultimo is not None:
        services.publicar_avance(actor=None, ahora=ultimo + timedelta(minutes=1))
    return resultado


def _preparar(*, consejos_a_mover: int, salida: Any) -> dict[str, int]:
    proceso = catalogo.proceso_activo()
    if proceso is None:
        return {"paquetes": 0}
    core_demo.ensure_demo_users()
    User = get_user_model()
    supervisor = User.objects.get(username="supervision_paquetes")
    mesa = User.objects.get(username="mesa_paquetes")
    bodega = User.objects.get(username="bodega")
    cae = User.objects.get(username="cae_paquetes")
    creados = 0
    for eleccion in proceso.elecciones.all():
        creados += services.generar_paquetes(eleccion=eleccion, usuario=supervisor)
    if Evento.objects.exists():
        return {"paquetes": creados, "eventos": 0}

    rng = random.Random(SEMILLA)
    zona = ZoneInfo(profiles.cargar(proceso.perfil).zona_horaria)
    jornada = proceso.fecha_jornada
    todos = list(
        Paquete.objects.select_related("casilla", "consejo", "eleccion").order_by(
            "consejo_id", "clave"
        )
    )
    consejos = list(dict.fromkeys(p.consejo for p in todos))[:consejos_a_mover]
    paquetes = [p for p in todos if p.consejo in consejos]
    # mechanisms from the catalog's hint, one of each kind per consejo (the consejos moved)
    mecanismos: dict[tuple[int, str], Mecanismo] = {}
    for p in paquetes:
        letra = p.casilla.mecanismo_traslado
        if letra not in TIPO_MECANISMO:
            continue
        clave = (p.consejo_id, letra)
        if clave not in mecanismos:
            tipo = TIPO_MECANISMO[letra]
            mecanismos[clave] = services.crear_mecanismo(
                usuario=supervisor,
                consejo=p.consejo,
                tipo=tipo,
                nombre=f"{p.consejo.nombre} {len(mecanismos) + 1}",
                ruta="Cabecera → secciones rurales del oriente → sede del consejo"
                if tipo == Mecanismo.Tipo.CRYT_ITINERANTE
                else "",
                representantes_invitados=["Representación del PAN", "Representación de MORENA"]
                if tipo == Mecanismo.Tipo.CRYT_ITINERANTE
                else [],
                responsable="Supervisor electoral local",
            )
        services.asignar(
            usuario=supervisor, paquete=p, mecanismo=mecanismos[clave], ubicacion=p.ubicacion
        )
    # the first packages of each consejo in its cabecera
    vistos: dict[int, int] = {}
    for p in paquetes:
        vistos[p.consejo_id] = vistos.get(p.consejo_id, 0) + 1
        if vistos[p.consejo_id] <= 5 and p.ubicacion == Paquete.Ubicacion.URBANA:
            services.asignar(
                usuario=supervisor, paquete=p, mecanismo=p.mecanismo, ubicacion="CABECERA"
            )

    eventos = 0
    roto = sin_acta = equivocado = False
    for consejo in consejos:
        otros = [
            c
            for c in dict.fromkeys(p.consejo for p in todos)
            if c != consejo and c.eleccion_id == consejo.eleccion_id
        ]
        for p in [x for x in paquetes if x.consejo_id == consejo.pk]:
            p.refresh_from_db()
            azar = rng.random()
            cierre = datetime.combine(jornada, time(20, 30), tzinfo=zona) + timedelta(
                minutes=rng.randint(0, 180)
            )
            services.registrar_evento(
                usuario=cae,
                tipo=T.CIERRE_CASILLA,
                id_cliente=_id(),
                paquete=p,
                datos=services.DatosEvento(ocurrido_en=cierre),
                ahora=cierre,
            )
            eventos += 1
            if azar < 0.04:
                continue  # never arrives: missing on the dashboard
            horas = {"CABECERA": 1, "URBANA": 8, "RURAL": 18}[p.ubicacion]
            tarde = azar > 0.93
            viaje = timedelta(minutes=rng.randint(20, horas * 60)) + (
                timedelta(hours={"CABECERA": 3, "URBANA": 14, "RURAL": 26}[p.ubicacion])
                if tarde
                else timedelta()
            )
            t = cierre + timedelta(minutes=5)
            if p.mecanismo is not None:
                services.registrar_evento(
                    usuario=cae,
                    tipo=T.ENTREGA_A_MECANISMO,
                    id_cliente=_id(),
                    paquete=p,
                    datos=services.DatosEvento(
                        ocurrido_en=t,
                        mecanismo_id=p.mecanismo.pk,
                        entregado_por=rng.choice(NOMBRES),
                        cargo_entrega="PRESIDENCIA",
                        recibido_por="Responsable del mecanismo",
                    ),
                    ahora=t,
                )
                eventos += 1
                if p.mecanismo.tipo != Mecanismo.Tipo.DAT:
                    t += timedelta(minutes=30)
                    services.registrar_evento(
                        usuario=cae,
                        tipo=T.RECEPCION_CRYT,
                        id_cliente=_id(),
                        paquete=p,
                        datos=services.DatosEvento(ocurrido_en=t, mecanismo_id=p.mecanismo.pk),
                        ahora=t,
                    )
                    t += timedelta(minutes=40)
                    services.registrar_evento(
                        usuario=cae,
                        tipo=T.SALIDA_CRYT,
                        id_cliente=_id(),
                        paquete=p,
                        datos=services.DatosEvento(ocurrido_en=t, mecanismo_id=p.mecanismo.pk),
                        ahora=t,
                    )
                    eventos += 2
            llegada = max(t + timedelta(minutes=10), cierre + viaje)
            if not equivocado and otros and p.mecanismo is None:
                equivocado = True
                otro = otros[0]
                services.registrar_evento(
                    usuario=mesa,
                    tipo=T.ENTREGA_OTRO_ORGANO,
                    id_cliente=_id(),
                    paquete=p,
                    consejo=otro,
                    datos=services.DatosEvento(
                        ocurrido_en=llegada,
                        organo=otro.nombre,
                        observaciones="La presidencia de casilla lo llevó a la sede equivocada.",
                    ),
                    ahora=llegada,
                )
                llegada += timedelta(hours=1)
                services.registrar_evento(
                    usuario=mesa,
                    tipo=T.INTERCAMBIO,
                    id_cliente=_id(),
                    paquete=p,
                    consejo=otro,
                    datos=services.DatosEvento(ocurrido_en=llegada, organo=consejo.nombre),
                    ahora=llegada,
                )
                llegada += timedelta(minutes=40)
                eventos += 2
            condicion = {
                "cinta_integra": True,
                "firmas_integras": True,
                "muestras_alteracion": False,
                "acta_por_fuera": True,
            }
            observaciones = ""
            if not roto and azar > 0.5:
                roto = True
                condicion.update(cinta_integra=False, muestras_alteracion=True)
                observaciones = "La cinta de seguridad llegó rota en un costado."
            elif not sin_acta and roto and azar > 0.5:
                sin_acta = True
                condicion.update(acta_por_fuera=False)
                observaciones = "No venía el sobre con el acta por fuera del paquete."
            services.registrar_evento(
                usuario=mesa,
                tipo=T.RECEPCION_CONSEJO,
                id_cliente=_id(),
                paquete=p,
                datos=services.DatosEvento(
                    ocurrido_en=llegada,
                    entregado_por=rng.choice(NOMBRES),
                    cargo_entrega="CAE" if p.mecanismo else "PRESIDENCIA",
                    recibido_por="Auxiliar de recepción",
                    justificacion="Camino cortado por la lluvia; se avisó al consejo."
                    if tarde
                    else "",
                    observaciones=observaciones,
                    **condicion,
                ),
                mesa=f"Mesa {rng.randint(1, 4)}",
                ahora=llegada,
            )
            t = llegada + timedelta(minutes=rng.randint(5, 25))
            services.registrar_evento(
                usuario=bodega,
                tipo=T.INGRESO_BODEGA,
                id_cliente=_id(),
                paquete=p,
                datos=services.DatosEvento(ocurrido_en=t),
                ahora=t,
            )
            eventos += 2
    if salida is not None:
        codigo = services.crear_codigo_enrolamiento(supervisor=supervisor, persona=cae)
        salida.write(
            f"Paquetes: {Paquete.objects.count()} paquetes, {eventos} eventos en "
            f"{len(consejos)} consejos. Código para enrolar el escáner (/paquetes/escaner/) "
            f"como cae_paquetes: {codigo}"
        )
    return {"paquetes": creados, "eventos": eventos}
