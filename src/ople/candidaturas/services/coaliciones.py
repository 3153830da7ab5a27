"""Coalition agreements (the siglado) and independent candidacies through their stages."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from ople.candidaturas import lote, roles
from ople.candidaturas.models import Aspirante, Persona, Siglado
from ople.candidaturas.services.comun import CandidaturaError
from ople.candidaturas.services.registro import persona_de
from ople.catalog.models import Coalicion, Demarcacion, Eleccion, Partido
from ople.core import audit
from ople.core import roles as core_roles

# The stages in order (legal.md §3.3: intent, citizen support, registration).
SIGUIENTE = {
    Aspirante.Etapa.INTENCION: Aspirante.Etapa.APOYO,
    Aspirante.Etapa.APOYO: Aspirante.Etapa.REGISTRO,
    Aspirante.Etapa.REGISTRO: Aspirante.Etapa.REGISTRADA,
}
EN_CURSO = tuple(SIGUIENTE)


def registrar_siglado(
    *,
    actor: Any,
    coalicion: Coalicion,
    demarcacion: Demarcacion,
    partido: Partido,
    ahora: datetime | None = None,
) -> Siglado:
    """Which party of the coalition heads its candidacy in ``demarcacion`` (the convenio)."""
    core_roles.require_role(actor, roles.REVISION)
    if not coalicion.partidos.filter(pk=partido.pk).exists():
        raise CandidaturaError("siglado", f"{partido} no forma parte de {coalicion}.")
    if not coalicion.demarcaciones.filter(pk=demarcacion.pk).exists():
        raise CandidaturaError("siglado", f"{coalicion} no postula en {demarcacion}.")
    with transaction.atomic():
        if Siglado.objects.filter(coalicion=coalicion, demarcacion=demarcacion).exists():
            raise CandidaturaError(
                "siglado", f"El convenio ya asigna {demarcacion}; una modificación es otro acuerdo."
            )
        s = Siglado.objects.create(
            coalicion=coalicion,
            demarcacion=demarcacion,
            partido=partido,
            registrado=ahora or timezone.now(),
        )
        audit.record(
            actor=actor,
            action="candidaturas.siglado",
            obj=s,
            after={
                "coalicion": coalicion.nombre,
                "demarcacion": demarcacion.clave,
                "partido": partido.siglas,
            },
        )
    return s


def registrar_aspirante(
    *,
    actor: Any,
    persona: Persona | lote.DatosPersona,
    eleccion: Eleccion,
    demarcacion: Demarcacion,
    asociacion_civil: str,
    apoyos_requeridos: int,
    ahora: datetime | None = None,
) -> Aspirante:
    """A citizen's manifestation of intent; ``persona`` may be the data typed on the staff
    screen (the person is created, or found by CURP, in the same transaction)."""
    core_roles.require_role(actor, roles.REVISION)
    if not asociacion_civil.strip():
        raise CandidaturaError("asociacion", "Una candidatura independiente requiere su A.C.")
    if apoyos_requeridos < 0:
        raise CandidaturaError("apoyos", "Los apoyos requeridos no pueden ser negativos.")
    if demarcacion not in eleccion.demarcaciones.all():
        raise CandidaturaError("demarcacion", f"{demarcacion} no pertenece a {eleccion}.")
    ahora = ahora or timezone.now()
    with transaction.atomic():
        if isinstance(persona, lote.DatosPersona):
            persona = persona_de(persona, ahora)
        # the person's row held to the commit: two submissions at once cannot both pass the check
        Persona.objects.select_for_update().get(pk=persona.pk)
        if Aspirante.objects.filter(
            persona=persona, eleccion=eleccion, etapa__in=EN_CURSO
        ).exists():
            raise CandidaturaError(
                "aspirante_doble", f"{persona} ya tiene una aspiración en curso en {eleccion}."
            )
        a = Aspirante.objects.create(
            persona=persona,
            eleccion=eleccion,
            demarcacion=demarcacion,
            asociacion_civil=asociacion_civil.strip(),
            apoyos_requeridos=apoyos_requeridos,
            creada=ahora,
        )
        audit.record(
            actor=actor,
            action="candidaturas.aspirante",
            obj=a,
            after={"etapa": a.etapa, "curp": persona.curp, "demarcacion": demarcacion.clave},
        )
    return a


def avanzar_aspirante(
    *, actor: Any, aspirante: Aspirante, apoyos_validos: int | None = None, motivo: str = ""
) -> Aspirante:
    """Move to the next stage; the citizen support must reach the threshold to register."""
    core_roles.require_role(actor, roles.REVISION)
    with transaction.atomic():
        a = Aspirante.objects.select_for_update().get(pk=aspirante.pk)
        antes = a.etapa
        if apoyos_validos is not None:
            a.apoyos_validos = apoyos_validos
        siguiente = SIGUIENTE.get(Aspirante.Etapa(a.etapa))
        if siguiente is None:
            raise CandidaturaError("etapa", f"La aspiración está «{a.get_etapa_display()}».")
        if siguiente == Aspirante.Etapa.REGISTRO and a.apoyos_validos < a.apoyos_requeridos:
            raise CandidaturaError(
                "apoyos",
                f"Tiene {a.apoyos_validos} apoyos válidos de {a.apoyos_requeridos} requeridos.",
            )
        if siguiente == Aspirante.Etapa.REGISTRADA:
            ultimo = (
                Aspirante.objects.filter(eleccion=a.eleccion, numero_ci__isnull=False)
                .order_by("-numero_ci")
                .values_list("numero_ci", flat=True)
                .first()
            )
            a.numero_ci = (ultimo or 0) + 1
        a.etapa = siguiente
        a.save(update_fields=["etapa", "apoyos_validos", "numero_ci"])
        if siguiente == Aspirante.Etapa.REGISTRADA:
            # Its candidacy follows the same review as a party's: documents, checklist,
            # prevención, acuerdo; approved, it reaches the ballot as CAND_IND_<numero_ci>.
            from ople.candidaturas.models import Candidatura

            municipal = a.demarcacion.tipo == Demarcacion.Tipo.MUNICIPIO
            candidatura = Candidatura.objects.create(
                eleccion=a.eleccion,
                demarcacion=a.demarcacion,
                aspirante=a,
                cargo="Presidencia municipal" if municipal else "Diputación",
                propietario=a.persona,
                capturada=timezone.now(),
                capturada_por=actor,
            )
            audit.record(
                actor=actor,
                action="candidaturas.registrar",
                obj=candidatura,
                after={
                    "eleccion": a.eleccion_id,
                    "demarcacion": a.demarcacion.clave,
                    "independiente": a.numero_ci,
                    "propietario": a.persona.curp,
                },
            )
        audit.record(
            actor=actor,
            action="candidaturas.aspirante",
            obj=a,
            before={"etapa": antes},
            after={
                "etapa": a.etapa,
                "apoyos_validos": a.apoyos_validos,
                "numero_ci": a.numero_ci,
                "motivo": motivo,
            },
        )
    return a


def negar_aspirante(*, actor: Any, aspirante: Aspirante, motivo: str) -> Aspirante:
    """The institute denies the aspiration (support short, requirements unmet); it stays listed
    as «Negada» with its reason in the audit log — nothing is deleted."""
    core_roles.require_role(actor, roles.REVISION)
    if not motivo.strip():
        raise CandidaturaError(
            "motivo", "Escriba el motivo de la negativa (el acuerdo o la causa)."
        )
    with transaction.atomic():
        a = Aspirante.objects.select_for_update().get(pk=aspirante.pk)
        if a.etapa not in EN_CURSO:
            raise CandidaturaError("etapa", f"La aspiración está «{a.get_etapa_display()}».")
        antes = a.etapa
        a.etapa = Aspirante.Etapa.NEGADA
        a.save(update_fields=["etapa"])
        audit.record(
            actor=actor,
            action="candidaturas.aspirante",
            obj=a,
            before={"etapa": antes},
            after={"etapa": a.etapa, "motivo": motivo.strip()},
        )
    return a


def importar_votacion_previa(
    *, actor: Any, eleccion: Eleccion, contenido: bytes, fuente: str = ""
) -> int:
    """The previous process's votes per party and demarcación (for competitiveness blocks,
    SM-JRC-42/2023): CSV ``PARTIDO,DEMARCACION,VOTOS,TOTAL``; all rows or none."""
    import csv
    import io

    from ople.candidaturas.models import VotacionPrevia

    core_roles.require_role(actor, roles.REVISION)
    try:
        filas = list(csv.DictReader(io.StringIO(contenido.decode("utf-8-sig"))))
    except UnicodeDecodeError:
        raise CandidaturaError("votacion", "El archivo no está en UTF-8.") from None
    partidos = {p.siglas: p for p in Partido.objects.filter(proceso=eleccion.proceso)}
    dems = {d.clave: d for d in eleccion.demarcaciones.all()}
    errores: list[str] = []
    nuevas = []
    for n, f in enumerate(filas, start=2):
        try:
            partido = partidos[(f.get("PARTIDO") or "").strip()]
            dem = dems[int(f.get("DEMARCACION") or "")]
            votos, total = int(f.get("VOTOS") or ""), int(f.get("TOTAL") or "")
            if not 0 <= votos <= total:
                raise ValueError
        except (KeyError, ValueError):
            errores.append(f"fila {n}")
            continue
        nuevas.append(
            VotacionPrevia(
                eleccion=eleccion, partido=partido, demarcacion=dem, votos=votos, total=total
            )
        )
    if errores or not nuevas:
        raise CandidaturaError(
            "votacion",
            "Filas con partido, demarcación o votos no válidos: " + ", ".join(errores[:10])
            if errores
            else "El archivo no tiene filas.",
        )
    with transaction.atomic():
        if VotacionPrevia.objects.filter(eleccion=eleccion).exists():
            raise CandidaturaError("votacion", f"{eleccion} ya tiene su votación previa cargada.")
        VotacionPrevia.objects.bulk_create(nuevas)
        audit.record(
            actor=actor,
            action="candidaturas.votacion_previa",
            obj=eleccion,
            after={"filas": len(nuevas), "fuente": fuente},
        )
    return len(nuevas)
