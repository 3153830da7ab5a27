"""What a party files: persons, candidacies (one by one or a whole slate), documents."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from ople.candidaturas import archivos, lote
from ople.candidaturas import selectors as sel
from ople.candidaturas.models import (
    AccionAfirmativa,
    Candidatura,
    Documento,
    Persona,
    Prevencion,
)
from ople.candidaturas.services.comun import (
    EVIDENCIA,
    CandidaturaError,
    exigir_partido,
    seccion,
)
from ople.catalog.models import Coalicion, Demarcacion, Eleccion, Partido
from ople.core import audit

ACCIONES = frozenset(a.value for a in AccionAfirmativa if a.value)
EDITABLES = (Candidatura.Estado.CAPTURADA, Candidatura.Estado.PREVENIDA)


def persona_de(datos: lote.DatosPersona, ahora: datetime) -> Persona:
    """The person with this CURP, created from ``datos`` the first time (inside the caller's
    transaction); the same CURP with another gender or birth date is refused."""
    persona, creada = Persona.objects.get_or_create(
        curp=datos.curp,
        defaults={
            "nombre": datos.nombre,
            "primer_apellido": datos.primer_apellido,
            "segundo_apellido": datos.segundo_apellido,
            "fecha_nacimiento": datos.fecha_nacimiento,
            "genero": datos.genero,
            "creada": ahora,
        },
    )
    if not creada and (persona.genero, persona.fecha_nacimiento) != (
        datos.genero,
        datos.fecha_nacimiento,
    ):
        raise CandidaturaError(
            "persona_distinta",
            f"La CURP {datos.curp} ya está registrada con otro género o fecha de nacimiento; "
            "corrija los datos o pida al Instituto que los revise.",
        )
    return persona


def _crear(
    *,
    actor: Any,
    eleccion: Eleccion,
    demarcacion: Demarcacion,
    partido: Partido | None,
    coalicion: Coalicion | None,
    cargo: str,
    principio: str,
    posicion: int,
    propietario: lote.DatosPersona,
    suplente: lote.DatosPersona | None,
    accion_afirmativa: str,
    ahora: datetime,
) -> Candidatura:
    if demarcacion.eleccion_id != eleccion.pk:
        raise CandidaturaError("demarcacion", f"{demarcacion} no es de la elección {eleccion}.")
    if accion_afirmativa and accion_afirmativa not in ACCIONES:
        raise CandidaturaError("accion", f"«{accion_afirmativa}» no es una acción afirmativa.")
    if suplente is not None and suplente.curp == propietario.curp:
        raise CandidaturaError("suplente", "La persona suplente no puede ser la propietaria.")
    try:
        with transaction.atomic():
            c = Candidatura.objects.create(
                eleccion=eleccion,
                demarcacion=demarcacion,
                partido=partido,
                coalicion=coalicion,
                cargo=cargo,
                principio=principio,
                posicion=posicion,
                propietario=persona_de(propietario, ahora),
                suplente=persona_de(suplente, ahora) if suplente else None,
                accion_afirmativa=accion_afirmativa,
                capturada=ahora,
                capturada_por=actor,
            )
    except IntegrityError:
        raise CandidaturaError(
            "duplicada",
            f"{partido or 'La candidatura'} ya registró {cargo} en {demarcacion}, posición "
            f"{posicion}.",
        ) from None
    audit.record(
        actor=actor,
        action="candidaturas.registrar",
        obj=c,
        after={
            "eleccion": eleccion.pk,
            "demarcacion": demarcacion.clave,
            "partido": partido.siglas if partido else None,
            "cargo": cargo,
            "principio": principio,
            "posicion": posicion,
            "propietario": propietario.curp,
            "suplente": suplente.curp if suplente else None,
            "accion_afirmativa": accion_afirmativa,
        },
    )
    return c


def registrar_candidatura(
    *,
    actor: Any,
    eleccion: Eleccion,
    demarcacion: Demarcacion,
    partido: Partido | None,
    cargo: str,
    propietario: lote.DatosPersona,
    suplente: lote.DatosPersona | None = None,
    principio: str = "MR",
    posicion: int = 1,
    accion_afirmativa: str = "",
    coalicion: Coalicion | None = None,
    ahora: datetime | None = None,
) -> Candidatura:
    exigir_partido(actor, partido)
    ahora = ahora or timezone.now()
    _exigir_periodo(eleccion, ahora)
    with transaction.atomic():
        return _crear(
            actor=actor,
            eleccion=eleccion,
            demarcacion=demarcacion,
            partido=partido,
            coalicion=coalicion,
            cargo=cargo,
            principio=principio,
            posicion=posicion,
            propietario=propietario,
            suplente=suplente,
            accion_afirmativa=accion_afirmativa,
            ahora=ahora,
        )


def _exigir_periodo(eleccion: Eleccion, ahora: datetime) -> None:
    """New captures only within the profile's registration window (when it gives one). A
    capture started in time may still be completed and presented afterwards (SM-JDC-134/2024:
    starting the online capture before the deadline counts)."""
    perfil = seccion(eleccion)
    if perfil.en_periodo_de_registro(ahora) is False:
        assert perfil.registro_inicio is not None and perfil.registro_fin is not None
        raise CandidaturaError(
            "fuera_de_periodo",
            "El periodo de registro es del "
            f"{timezone.localtime(perfil.registro_inicio):%d/%m/%Y %H:%M} al "
            f"{timezone.localtime(perfil.registro_fin):%d/%m/%Y %H:%M}: fuera de él no se "
            "capturan candidaturas nuevas.",
        )


def revisar_lote(*, eleccion: Eleccion, contenido: bytes) -> lote.Lote:
    """The review step: the slate parsed and checked against the election, nothing saved."""
    leido = lote.leer(contenido, acciones=ACCIONES)
    claves = set(eleccion.demarcaciones.values_list("clave", flat=True))
    for fila in leido.filas:
        if fila.demarcacion not in claves:
            leido.errores.append(
                f"Fila {fila.numero}, demarcacion: {fila.demarcacion} no existe en {eleccion}."
            )
    return leido


def registrar_lote(
    *,
    actor: Any,
    eleccion: Eleccion,
    partido: Partido,
    contenido: bytes,
    ahora: datetime | None = None,
) -> list[Candidatura]:
    """Every row of the slate or none (the same file the party reviewed)."""
    exigir_partido(actor, partido)
    leido = revisar_lote(eleccion=eleccion, contenido=contenido)
    if leido.errores:
        raise CandidaturaError("lote", "El archivo tiene errores: " + " ".join(leido.errores[:5]))
    ahora = ahora or timezone.now()
    _exigir_periodo(eleccion, ahora)
    demarcaciones = {d.clave: d for d in eleccion.demarcaciones.all()}
    with transaction.atomic():
        return [
            _crear(
                actor=actor,
                eleccion=eleccion,
                demarcacion=demarcaciones[f.demarcacion],
                partido=partido,
                coalicion=None,
                cargo=f.cargo,
                principio=f.principio,
                posicion=f.posicion,
                propietario=f.propietario,
                suplente=f.suplente,
                accion_afirmativa=f.accion_afirmativa,
                ahora=ahora,
            )
            for f in leido.filas
        ]


def subir_documento(
    *,
    actor: Any,
    candidatura: Candidatura,
    tipo: str,
    datos: bytes,
    rol: str = Documento.Rol.PROPIETARIO,
    nombre_original: str = "",
    ahora: datetime | None = None,
) -> Documento:
    """Check the file (type by content, size, a whole unencrypted PDF), store it, record it."""
    exigir_partido(actor, candidatura.partido)
    perfil = seccion(candidatura.eleccion)
    permitidos = set(perfil.documentos) | {"accion_afirmativa"}
    if tipo not in permitidos:
        raise CandidaturaError("tipo_documento", f"«{tipo}» no es un documento que se pida.")
    if rol not in Documento.Rol.values or (
        rol == Documento.Rol.SUPLENTE and not candidatura.suplente_id
    ):
        raise CandidaturaError(
            "rol", "Indique si el documento es de la persona propietaria o suplente."
        )
    if candidatura.estado not in EDITABLES:
        raise CandidaturaError(
            "estado",
            f"La candidatura está «{candidatura.get_estado_display()}»: ya no admite documentos "
            "hasta que el Instituto emita una prevención.",
        )
    try:
        formato = archivos.revisar(
            datos,
            permitidos=frozenset({archivos.PDF}),
            tamano_maximo=perfil.tamano_maximo_documento,
        )
    except archivos.DocumentoRechazado as exc:
        raise CandidaturaError("documento_rechazado", str(exc)) from None
    ahora = ahora or timezone.now()
    sha, nombre = EVIDENCIA.guardar(datos, extension=formato)
    with transaction.atomic():
        doc = Documento.objects.create(
            candidatura=candidatura,
            rol=rol,
            tipo=tipo,
            sha256=sha,
            almacen=nombre,
            formato=formato,
            tamano=len(datos),
            nombre_original=nombre_original[:200],
            subido=ahora,
            subido_por=actor,
        )
        audit.record(
            actor=actor,
            action="candidaturas.documento",
            obj=doc,
            after={
                "candidatura": candidatura.pk,
                "tipo": tipo,
                "rol": rol,
                "sha256": sha,
                "tamano": len(datos),
            },
        )
    return doc


def presentar(
    *, actor: Any, candidatura: Candidatura, ahora: datetime | None = None
) -> Candidatura:
    """Send a captured candidacy for review, or a prevented one back corrected."""
    exigir_partido(actor, candidatura.partido)
    ahora = ahora or timezone.now()
    with transaction.atomic():
        c = Candidatura.objects.select_for_update().get(pk=candidatura.pk)
        antes = c.estado
        if antes == Candidatura.Estado.CAPTURADA:
            c.estado = Candidatura.Estado.PRESENTADA
        elif antes == Candidatura.Estado.PREVENIDA:
            prevencion = c.prevenciones.filter(atendida__isnull=True).first()
            if prevencion is not None:
                vence = sel.vence(prevencion)  # None: not served yet, the term has not begun
                if vence is not None and ahora > vence:
                    raise CandidaturaError(
                        "plazo_vencido",
                        "El plazo para atender la prevención venció el "
                        f"{timezone.localtime(vence):%d/%m/%Y a las %H:%M}.",
                    )
                Prevencion.objects.filter(pk=prevencion.pk).update(atendida=ahora)
            c.estado = Candidatura.Estado.CORREGIDA
        else:
            raise CandidaturaError("estado", f"La candidatura ya está «{c.get_estado_display()}».")
        c.save(update_fields=["estado"])
        audit.record(
            actor=actor,
            action="candidaturas.presentar",
            obj=c,
            before={"estado": antes},
            after={"estado": c.estado},
        )
    candidatura.estado = c.estado
    return c
