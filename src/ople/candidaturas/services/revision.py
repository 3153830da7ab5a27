"""What the institute decides: prevenciones, requirement review, refusal, approval by acuerdo
(which fixes the ballot through the catalog's service, ADR 0039) and substitutions."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from ople.candidaturas import elegibilidad, lote, notificaciones, roles
from ople.candidaturas import selectors as sel
from ople.candidaturas.models import (
    Acuerdo,
    Candidatura,
    Documento,
    Persona,
    Prevencion,
    Resolucion,
    Sustitucion,
)
from ople.candidaturas.perfil import NOMBRE_DOCUMENTO
from ople.candidaturas.services.comun import EVIDENCIA, CandidaturaError, seccion
from ople.catalog import services as catalog_services
from ople.catalog.models import Eleccion
from ople.core import audit
from ople.core import roles as core_roles
from ople.documentos import pdf
from ople.documentos.services.emision import emitir
from ople.documentos.services.folios import tomar_folio
from ople.ley import paridad

POR_REVISAR = (Candidatura.Estado.PRESENTADA, Candidatura.Estado.CORREGIDA)


def _bloquear(candidatura: Candidatura, *estados: str) -> Candidatura:
    c = Candidatura.objects.select_for_update().get(pk=candidatura.pk)
    if estados and c.estado not in estados:
        raise CandidaturaError(
            "estado", f"La candidatura está «{c.get_estado_display()}»: no admite esta acción."
        )
    return c


def vencimiento(eleccion: Eleccion, desde: datetime) -> datetime:
    """When a prevención served at ``desde`` runs out (``selectors.vencimiento``)."""
    return sel.vencimiento(eleccion, desde)


def _legible(faltante: str) -> str:
    """«tres_de_tres:S» → «Formato 3 de 3 contra la violencia (suplente)»."""
    tipo, _, rol = faltante.partition(":")
    nombre = NOMBRE_DOCUMENTO.get(tipo, tipo)
    return f"{nombre} ({'suplente' if rol == 'S' else 'propietario'})" if rol else nombre


def prevenir(
    *,
    actor: Any,
    candidatura: Candidatura,
    faltantes: list[str],
    motivo: str,
    ahora: datetime | None = None,
) -> Prevencion:
    """Give the party the chance to correct (SM-JDC-134/2024): what is missing, until when.

    Served through the notifications system when the party's representation is an addressee
    there (ADR 0055): the profile's hours then count from the notice's effect, unknown until it
    is opened or deemed served (``vence`` None until then; ``selectors.vence``). Otherwise the
    prevención is shown in the portal and its hours count from now."""
    core_roles.require_role(actor, roles.REVISION)
    motivo = motivo.strip()
    faltantes = sorted(set(faltantes))
    if not motivo and not faltantes:
        raise CandidaturaError("prevencion", "Indique qué falta o qué debe corregirse.")
    ahora = ahora or timezone.now()
    with transaction.atomic():
        c = _bloquear(candidatura, *POR_REVISAR)
        conf = seccion(c.eleccion)
        quien = (
            f"{c.cargo} ({c.get_principio_display().lower()}, posición {c.posicion}), "
            f"{c.demarcacion.nombre}: {c.propietario.nombre_completo}"
        )
        notificada = notificaciones.notificar_prevencion(
            actor=actor,
            partido=c.partido.siglas if c.partido is not None else "",
            expediente=f"CAND-{c.eleccion_id}-{c.pk}",
            organo=conf.organo_prevenciones,
            titulo=f"Prevención a la candidatura {quien}"[:300],
            texto=(
                f"Se previene al partido {c.postulante} respecto de la candidatura {quien}.\n"
                + (
                    f"Falta o debe corregirse: {'; '.join(map(_legible, faltantes))}.\n"
                    if faltantes
                    else ""
                )
                + (f"{motivo}\n" if motivo else "")
                + f"Plazo para subsanar: {conf.plazo_prevencion_horas} horas contadas a partir "
                "de que surta efectos esta notificación."
            ),
            ahora=ahora,
        )
        if notificada is None:
            vence: datetime | None = vencimiento(c.eleccion, ahora)
        elif notificada.surte_efectos is not None:
            vence = vencimiento(c.eleccion, notificada.surte_efectos)
        else:
            vence = None
        p = Prevencion.objects.create(
            candidatura=c,
            faltantes=faltantes,
            motivo=motivo,
            emitida=ahora,
            vence=vence,
            notificacion=notificada.folio if notificada else "",
            emitida_por=actor,
        )
        antes = c.estado
        c.estado = Candidatura.Estado.PREVENIDA
        c.save(update_fields=["estado"])
        audit.record(
            actor=actor,
            action="candidaturas.prevencion",
            obj=p,
            before={"estado": antes},
            after={
                "candidatura": c.pk,
                "faltantes": p.faltantes,
                "motivo": motivo,
                "vence": p.vence,
                "notificacion": p.notificacion,
            },
        )
    candidatura.estado = c.estado
    return p


def declarar_procedente(
    *, actor: Any, candidatura: Candidatura, ahora: datetime | None = None
) -> Resolucion:
    """Every required document filed and the VPMRG register checked: ready for the acuerdo."""
    core_roles.require_role(actor, roles.REVISION)
    ahora = ahora or timezone.now()
    with transaction.atomic():
        c = _bloquear(candidatura, *POR_REVISAR)
        faltan = [
            f"{r.nombre} ({'suplente' if r.rol == 'S' else 'propietario'})"
            for r in sel.requisitos(c, seccion(c.eleccion).documentos)
            if r.documento is None
        ]
        if faltan:
            raise CandidaturaError(
                "faltan_documentos",
                "No puede declararse procedente: faltan " + "; ".join(faltan) + ". Emita una "
                "prevención.",
            )
        personas = {"propietario": c.propietario}
        if c.suplente is not None:
            personas["suplente"] = c.suplente
        revisadas = {
            rol: elegibilidad.consultar_vpmrg(nombre=p.nombre_completo, curp=p.curp)
            for rol, p in personas.items()
        }
        consultas = {rol: consulta.como_dict() for rol, consulta in revisadas.items()}
        sancionadas = [
            f"La persona {'propietaria' if rol == 'propietario' else 'suplente'}, "
            f"{personas[rol].nombre_completo}, aparece en el registro vigente de personas "
            "sancionadas por violencia política contra las mujeres en razón de género: "
            + " y ".join(consulta.entradas)
            + "."
            for rol, consulta in revisadas.items()
            if consulta.sancionado
        ]
        if sancionadas:
            raise CandidaturaError("vpmrg", " ".join(sancionadas))
        r = Resolucion.objects.create(
            candidatura=c, sentido=Resolucion.Sentido.PROCEDENTE, en=ahora, por=actor
        )
        antes = c.estado
        c.estado = Candidatura.Estado.PROCEDENTE
        c.save(update_fields=["estado"])
        audit.record(
            actor=actor,
            action="candidaturas.procedente",
            obj=c,
            before={"estado": antes},
            after={"estado": c.estado, "vpmrg": consultas},
        )
    candidatura.estado = c.estado
    return r


def negar(
    *, actor: Any, candidatura: Candidatura, motivos: str, ahora: datetime | None = None
) -> Resolucion:
    core_roles.require_role(actor, roles.REVISION, roles.CONSEJO)
    motivos = motivos.strip()
    if not motivos:
        raise CandidaturaError("motivos", "Una negativa debe decir sus motivos.")
    ahora = ahora or timezone.now()
    with transaction.atomic():
        c = _bloquear(candidatura, *POR_REVISAR, Candidatura.Estado.PREVENIDA)
        r = Resolucion.objects.create(
            candidatura=c, sentido=Resolucion.Sentido.NEGADA, motivos=motivos, en=ahora, por=actor
        )
        antes = c.estado
        c.estado = Candidatura.Estado.NEGADA
        c.save(update_fields=["estado"])
        audit.record(
            actor=actor,
            action="candidaturas.negar",
            obj=c,
            before={"estado": antes},
            after={"estado": c.estado, "motivos": motivos},
        )
    candidatura.estado = c.estado
    return r


def _en_boleta(c: Candidatura) -> catalog_services.CandidaturaAprobada:
    return catalog_services.CandidaturaAprobada(
        demarcacion=c.demarcacion,
        partido=c.partido,
        coalicion=c.coalicion,
        numero_ci=c.aspirante.numero_ci if c.aspirante_id else None,  # type: ignore[union-attr]
        propietaria=c.propietario.nombre_completo,
        suplente=c.suplente.nombre_completo if c.suplente else "",
        genero=c.propietario.genero,
    )


def va_en_boleta(c: Candidatura) -> bool:
    """The ballot prints the MR candidacy (the head of a planilla); RP lists are not printed."""
    return c.principio == Candidatura.Principio.MR and c.posicion == 1


def aprobar_en_bloque(
    *,
    actor: Any,
    eleccion: Eleccion,
    candidaturas: list[Candidatura],
    consejo: str = "Consejo General",
    ahora: datetime | None = None,
) -> Acuerdo:
    """The acuerdo: a folio, a PDF listing every approved candidacy and the parity report,
    every candidacy approved, and the ballot fixed in the catalog — all or nothing."""
    core_roles.require_role(actor, roles.CONSEJO)
    if not candidaturas:
        raise CandidaturaError("acuerdo", "Seleccione al menos una candidatura.")
    ahora = ahora or timezone.now()
    reglas = seccion(eleccion).reglas
    with transaction.atomic():
        bloqueadas = [_bloquear(c, Candidatura.Estado.PROCEDENTE) for c in candidaturas]
        for c in bloqueadas:
            if c.eleccion_id != eleccion.pk:
                raise CandidaturaError("acuerdo", f"{c} no es de la elección {eleccion}.")
        folio = tomar_folio(
            area="CG",
            asunto=f"Acuerdo de registro de candidaturas: {eleccion}",
            actor=actor,
            ahora=ahora,
        )
        informe = sel.informe_paridad(eleccion, reglas, votacion=sel.votacion_previa(eleccion))
        lineas = [
            f"El {consejo} aprueba el registro de {len(bloqueadas)} candidaturas de {eleccion}:",
            "",
        ]
        for c in sorted(bloqueadas, key=lambda x: (x.postulante, x.demarcacion.clave, x.posicion)):
            suplente = f" / suplente: {c.suplente.nombre_completo}" if c.suplente else ""
            lineas.append(
                f"{c.postulante} · {c.cargo} {c.demarcacion.nombre} ({c.principio} {c.posicion}): "
                f"{c.propietario.nombre_completo}{suplente}"
            )
        lineas += ["", "Informe de paridad por partido:"]
        for i in informe:
            r = i.resumen
            estado = "cumple" if r.cumple else "no cumple: " + "; ".join(map(str, i.fallas))
            lineas.append(
                f"{i.partido}: {r.mujeres} mujeres, {r.hombres} hombres, {r.no_binarias} no "
                f"binarias de {r.total} (mínimo {r.minimo_mujeres} mujeres) — {estado}"
            )
        documento = pdf.Documento(
            titulo=f"Acuerdo {folio.texto}: registro de candidaturas",
            lineas=tuple(lineas),
            folio=folio.texto,
            fecha=ahora,
            firmas=("Presidencia del Consejo", "Secretaría Ejecutiva"),
        )
        contenido = emitir(documento, sistema="candidaturas", actor=actor, ahora=ahora)
        sha, nombre = EVIDENCIA.guardar(contenido, extension="pdf")
        acuerdo = Acuerdo.objects.create(
            eleccion=eleccion,
            consejo=consejo,
            folio=folio.texto,
            fecha=ahora,
            sha256=sha,
            almacen=nombre,
            aprobado_por=actor,
        )
        for c in bloqueadas:
            Resolucion.objects.create(
                candidatura=c,
                sentido=Resolucion.Sentido.APROBADA,
                acuerdo=acuerdo,
                en=ahora,
                por=actor,
            )
            c.estado = Candidatura.Estado.APROBADA
            c.save(update_fields=["estado"])
        catalog_services.publicar_candidaturas(
            eleccion=eleccion,
            candidaturas=[_en_boleta(c) for c in bloqueadas if va_en_boleta(c)],
            acuerdo=folio.texto,
            actor=actor,
        )
        audit.record(
            actor=actor,
            action="candidaturas.acuerdo",
            obj=acuerdo,
            after={
                "folio": folio.texto,
                "consejo": consejo,
                "candidaturas": [c.pk for c in bloqueadas],
                "pdf_sha256": sha,
                "paridad": {i.partido: i.resumen.cumple for i in informe},
            },
        )
    return acuerdo


@dataclass(frozen=True)
class ResultadoSustitucion:
    sustitucion: Sustitucion
    boleta_impresa: bool
    aviso: str


def sustituir(
    *,
    actor: Any,
    candidatura: Candidatura,
    rol: str,
    entrante: lote.DatosPersona,
    causa: str = "",
    en_periodo_de_registro: bool | None = None,
    boleta_impresa: bool = False,
    ahora: datetime | None = None,
) -> ResultadoSustitucion:
    """Replace the propietario or suplente of an approved candidacy (legal.md §3.5).

    Parity-safe (``ley.paridad.verificar_sustitucion``); outside the registration period only
    for the profile's causes (the period from the profile's window unless the caller says). A printed ballot is not reprinted: the catalog's names change,
    the columns never, and the result says so.
    """
    core_roles.require_role(actor, roles.CONSEJO)
    if rol not in Documento.Rol.values:
        raise CandidaturaError(
            "rol", "Indique si se sustituye a la persona propietaria o suplente."
        )
    perfil = seccion(candidatura.eleccion)
    ahora = ahora or timezone.now()
    if en_periodo_de_registro is None:
        # From the profile's window when it gives one; otherwise outside (causes required).
        en_periodo_de_registro = bool(perfil.en_periodo_de_registro(ahora))
    with transaction.atomic():
        c = _bloquear(candidatura, Candidatura.Estado.APROBADA)
        saliente: Persona | None = c.propietario if rol == "P" else c.suplente
        if saliente is None:
            raise CandidaturaError("rol", "La candidatura no tiene suplente que sustituir.")
        fallas = paridad.verificar_sustitucion(
            saliente.genero,  # type: ignore[arg-type]
            entrante.genero,  # type: ignore[arg-type]
            perfil.reglas,
            f"{c.cargo} {c.demarcacion.nombre}",
            en_periodo_de_registro=en_periodo_de_registro,
            causa=causa,
            causas_permitidas=perfil.causas_sustitucion,
        )
        if fallas:
            raise CandidaturaError("sustitucion", " ".join(f.mensaje for f in fallas))
        from ople.candidaturas.services.registro import persona_de

        nueva = persona_de(entrante, ahora)
        if nueva.pk == saliente.pk:
            raise CandidaturaError("sustitucion", "La persona entrante es la misma que sale.")
        s = Sustitucion.objects.create(
            candidatura=c,
            rol=rol,
            saliente=saliente,
            entrante=nueva,
            causa=causa,
            en_periodo_de_registro=en_periodo_de_registro,
            boleta_impresa=boleta_impresa,
            en=ahora,
            por=actor,
        )
        if rol == "P":
            c.propietario = nueva
        else:
            c.suplente = nueva
        c.save(update_fields=["propietario", "suplente"])
        if va_en_boleta(c):
            catalog_services.publicar_candidaturas(
                eleccion=c.eleccion,
                candidaturas=[_en_boleta(c)],
                acuerdo=f"sustitución {s.pk}",
                actor=actor,
                boleta_impresa=boleta_impresa,
            )
        aviso = (
            "La boleta ya está impresa y no se reimprime: los votos cuentan para la misma "
            "columna; el nombre nuevo se registra en el catálogo y en Conóceles."
            if boleta_impresa
            else "La boleta aún no está impresa: llevará el nombre nuevo."
        )
        audit.record(
            actor=actor,
            action="candidaturas.sustitucion",
            obj=s,
            before={"curp": saliente.curp},
            after={
                "candidatura": c.pk,
                "rol": rol,
                "curp": nueva.curp,
                "causa": causa,
                "boleta_impresa": boleta_impresa,
            },
        )
    candidatura.refresh_from_db()
    return ResultadoSustitucion(s, boleta_impresa, aviso)
