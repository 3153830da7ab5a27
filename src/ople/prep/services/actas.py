"""Expected actas: one per casilla, election and acta type — the denominator of progress."""

from __future__ import annotations

from collections import Counter
from typing import Any

from django.db import transaction

from ople.catalog.models import Casilla, Demarcacion, ProcesoElectoral
from ople.catalog.selectors import entidades_del_proceso
from ople.core import audit
from ople.ley.actas import TIPOS_ELECCION
from ople.prep.models import ActaEsperada, EstadoActa

# Used only while the process's profile does not say which acta types a casilla produces.
TIPOS_ACTA_POR_OMISION: dict[str, tuple[str, ...]] = {
    t.clave: (t.tipo_acta,) for t in TIPOS_ELECCION
}


def tipos_acta(*, perfil: str, tipo_eleccion: str, tipo_casilla: str) -> tuple[str, ...]:
    """Acta type codes a casilla of `tipo_casilla` produces for an election of `tipo_eleccion`.

    The profile says it (`[prep.elecciones.<tipo>] tipos_acta`); when the process names a profile
    that does not exist, or that does not define the election, TIPOS_ACTA_POR_OMISION applies.
    """
    from ople import profiles
    from ople.prep import perfil as perfil_prep

    try:
        eleccion = perfil_prep.de(profiles.cargar(perfil)).eleccion(tipo_eleccion)
    except (profiles.PerfilInvalido, KeyError):
        return TIPOS_ACTA_POR_OMISION.get(tipo_eleccion, ())
    return tuple(eleccion.tipos_acta_de(tipo_casilla))


def formar_clave_acta(clave_casilla: str, tipo_acta: str) -> str:
    """CLAVE_ACTA = CLAVE_CASILLA + TIPO_ACTA (two digits when the type is a number)."""
    tipo = f"{int(tipo_acta):02d}" if tipo_acta.isdigit() else tipo_acta.upper()
    return f"{clave_casilla}{tipo}"


def generar_actas_esperadas(*, proceso: ProcesoElectoral, actor: Any | None) -> dict[str, int]:
    """Create the missing ActaEsperada (and EstadoActa) rows of `proceso`. Idempotent.

    Returns counts: `creadas`, `existentes`, `sin_demarcacion` (casilla-election pairs skipped
    because no demarcación of the election covers the casilla) and `total`.
    """
    casillas = list(
        Casilla.objects.filter(seccion__entidad_id__in=entidades_del_proceso(proceso))
        .select_related("seccion")
        .order_by("clave")
    )
    conteo: Counter[str] = Counter()
    with transaction.atomic():
        existentes = set(
            ActaEsperada.objects.filter(eleccion__proceso=proceso).values_list("clave", flat=True)
        )
        nuevas: list[ActaEsperada] = []
        for eleccion in proceso.elecciones.all().order_by("orden", "tipo"):
            demarcaciones = list(eleccion.demarcaciones.all())
            indice: dict[tuple[str, int | None], Demarcacion] = {}
            for d in demarcaciones:
                if d.tipo == Demarcacion.Tipo.DISTRITO_LOCAL:
                    indice[("D", d.distrito_local_id)] = d
                elif d.tipo == Demarcacion.Tipo.MUNICIPIO:
                    indice[("M", d.municipio_id)] = d
                else:
                    indice[("E", None)] = d
            for casilla in casillas:
                demarcacion = (
                    indice.get(("E", None))
                    or indice.get(("D", casilla.seccion.distrito_local_id))
                    or indice.get(("M", casilla.seccion.municipio_id))
                )
                if demarcacion is None:
                    conteo["sin_demarcacion"] += 1
                    continue
                for tipo in tipos_acta(
                    perfil=proceso.perfil, tipo_eleccion=eleccion.tipo, tipo_casilla=casilla.tipo
                ):
                    clave = formar_clave_acta(casilla.clave, tipo)
                    if clave in existentes:
                        conteo["existentes"] += 1
                        continue
                    existentes.add(clave)
                    nuevas.append(
                        ActaEsperada(
                            eleccion=eleccion,
                            casilla=casilla,
                            demarcacion=demarcacion,
                            tipo_acta=tipo,
                            clave=clave,
                        )
                    )
        ActaEsperada.objects.bulk_create(nuevas, batch_size=2000)
        conteo["creadas"] = len(nuevas)
        sin_estado = ActaEsperada.objects.filter(
            eleccion__proceso=proceso, estado__isnull=True
        ).values_list("id", flat=True)
        EstadoActa.objects.bulk_create(
            [EstadoActa(acta_id=i) for i in sin_estado.iterator(chunk_size=5000)],
            batch_size=2000,
        )
        conteo["total"] = ActaEsperada.objects.filter(eleccion__proceso=proceso).count()
        resultado = {k: conteo[k] for k in ("creadas", "existentes", "sin_demarcacion", "total")}
        audit.record(
            actor=actor,
            action="prep.actas_esperadas",
            obj=proceso,
            after={**resultado, "perfil": proceso.perfil},
        )
    return resultado
