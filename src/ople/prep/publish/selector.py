"""Read the database into the pure description of a cut (`modelo.EntradaCorte`).

An acta belongs to the cut when its latest verification with `verificado_en <= hasta` exists;
that verification is what is published. Reads only.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files.storage import storages

from ople import profiles
from ople.catalog import selectors as catalog_selectors
from ople.catalog.models import (
    Candidatura,
    Eleccion,
    Entidad,
    OpcionBoleta,
    Partido,
    ProcesoElectoral,
    Seccion,
)
from ople.catalog.nacional import clave_distrito_local, clave_municipio, clave_seccion
from ople.catalog.selectors import entidades_del_proceso
from ople.core import selectors as core_selectors
from ople.prep import perfil as perfil_prep
from ople.prep import rules, selectors
from ople.prep.models import Acopio, ActaEsperada, Verificacion
from ople.prep.publish import mapas
from ople.prep.publish.modelo import (
    ActaCorte,
    CandidaturaCorte,
    CasillaCorte,
    EleccionCorte,
    EntradaCorte,
    ResultadoActa,
    ValoresActa,
)


def _ruta_imagen(ruta: str, sha: str, ext: str) -> str | None:
    """A local path to the image bytes (media store, or a cache for object storage)."""
    almacen = storages["default"]
    try:
        return str(almacen.path(ruta))
    except NotImplementedError:
        cache = Path(settings.PUBLISH_ROOT) / ".imagenes" / sha[:2] / f"{sha}{ext}"
        if not cache.exists():
            cache.parent.mkdir(parents=True, exist_ok=True)
            with almacen.open(ruta, "rb") as f:
                tmp = cache.with_suffix(".parcial")
                tmp.write_bytes(f.read())
                tmp.rename(cache)
        return str(cache)


def _ext(ruta: str) -> str:
    nombre = ruta.rsplit("/", 1)[-1]
    return "." + nombre.split(".", 1)[1] if "." in nombre else ""


def _vigentes(eleccion: Eleccion, hasta: datetime) -> dict[int, Verificacion]:
    """acta_id -> the verification the cut publishes (`ople.prep.selectors.ultimas_verificaciones`)."""
    return selectors.ultimas_verificaciones(hasta=hasta, eleccion=eleccion)


def entrada_corte(
    *, proceso: ProcesoElectoral, hasta: datetime, final: bool = False
) -> EntradaCorte:
    perfil = profiles.cargar(proceso.perfil)
    prep = perfil_prep.de(perfil)
    etiquetas_inc = frozenset(
        prep.etiquetas[c] for c in rules.CODIGOS_INCONSISTENCIA if c in prep.etiquetas
    )
    partidos = {p.siglas: p.nombre for p in Partido.objects.filter(proceso=proceso)}
    colores = {
        s: c for s, c in Partido.objects.filter(proceso=proceso).values_list("siglas", "color")
    }
    # A process over several entidades (the synthetic national one) numbers distritos,
    # municipios and secciones with the entidad in front, as its demarcaciones do.
    varias = len(entidades_del_proceso(proceso)) > 1
    elecciones = []
    for el in Eleccion.objects.filter(proceso=proceso).order_by("orden", "id"):
        columnas = tuple(
            OpcionBoleta.objects.filter(eleccion=el)
            .order_by("orden")
            .values_list("columna", flat=True)
        )
        vig = _vigentes(el, hasta)
        acopios: dict[int, datetime] = {}
        for acta_id, t in (
            # Not filtered by the cut time: an acta in the cut prints its acopio stamp as recorded
            # (the QRoo 2019 file has 24 acopio stamps later than the final cut: 12-hour clock).
            Acopio.objects.filter(acta__eleccion=el)
            .order_by("-acopiado_en")
            .values_list("acta_id", "acopiado_en")
        ):
            acopios[acta_id] = t  # the earliest wins (iterated last)
        actas = []
        casillas: dict[int, CasillaCorte] = {}
        qs = ActaEsperada.objects.filter(eleccion=el).select_related(
            "casilla__seccion__municipio",
            "casilla__seccion__distrito_local",
            "casilla__seccion__entidad",
        )
        for a in qs.order_by(
            "casilla__seccion__entidad_id",
            "casilla__seccion__numero",
            "casilla__tipo",
            "casilla__id_casilla",
            "casilla__ext_contigua",
            "tipo_acta",
        ):
            c = a.casilla
            cc = casillas.get(c.pk)
            if cc is None:
                s = c.seccion
                dl = s.distrito_local
                ent = s.entidad.clave
                cc = CasillaCorte(
                    clave=c.clave,
                    seccion=clave_seccion(ent, s.numero) if varias else s.numero,
                    id_casilla=c.id_casilla,
                    tipo=c.tipo,
                    ext_contigua=c.ext_contigua,
                    ubicacion=int(c.ubicacion),
                    distrito=(clave_distrito_local(ent, dl.numero) if varias else dl.numero)
                    if dl
                    else 0,
                    distrito_nombre=(dl.cabecera or f"DISTRITO {dl.numero}") if dl else "",
                    municipio=clave_municipio(ent, s.municipio.clave)
                    if varias
                    else s.municipio.clave,
                    municipio_nombre=s.municipio.nombre,
                    lista_nominal=0 if c.tipo == "S" else c.lista_nominal,
                    representantes=c.representantes,
                    mecanismo_traslado=c.mecanismo_traslado or "",
                )
                casillas[c.pk] = cc
            actas.append(
                ActaCorte(
                    clave=a.clave,
                    tipo_acta=a.tipo_acta,
                    casilla=cc,
                    resultado=_resultado(vig.get(a.pk), acopios.get(a.pk), prep, columnas),
                )
            )
        # an independent candidacy's votes are in the ballot column with its number (CAND_IND_n):
        # the profile's name for it (CI_01) is only how the CSV files print it
        columna_ci = dict(
            OpcionBoleta.objects.filter(eleccion=el, numero_ci__isnull=False).values_list(
                "numero_ci", "columna"
            )
        )
        cands = []
        for cand in Candidatura.objects.filter(eleccion=el).select_related(
            "demarcacion", "partido", "coalicion"
        ):
            cols: list[str] = []
            if cand.partido_id:
                cols.append(cand.partido.siglas)  # type: ignore[union-attr]
            if cand.coalicion_id:
                cols += list(
                    OpcionBoleta.objects.filter(
                        eleccion=el, coalicion_id=cand.coalicion_id
                    ).values_list("columna", flat=True)
                )
                cols += list(cand.coalicion.partidos.values_list("siglas", flat=True))  # type: ignore[union-attr]
            if cand.numero_ci:
                cols.append(
                    columna_ci.get(
                        cand.numero_ci,
                        prep.csv.columnas.candidatura_independiente(cand.numero_ci),
                    )
                )
            for col in dict.fromkeys(cols):
                cands.append(
                    CandidaturaCorte(cand.demarcacion.clave, col, cand.propietaria, cand.suplente)
                )
        ep = prep.elecciones.get(el.tipo)
        elecciones.append(
            EleccionCorte(
                clave=ep.clave_archivo if ep else el.tipo,
                tipo=el.tipo,
                nombre=ep.nombre if ep else el.nombre.upper(),
                anio=prep.csv.anio,
                columnas_votos=columnas,
                actas=tuple(actas),
                candidaturas=tuple(cands),
                partidos={c: partidos.get(c, c) for c in columnas},
                colores=colores,
            )
        )
    variantes = tuple(dict.fromkeys((prep.csv.variante, *prep.csv.variantes)))
    return EntradaCorte(
        entidad_id=perfil.id_entidad,
        entidad_nombre=perfil.entidad,
        entidad_abrev=prep.csv.siglas_entidad,
        instituto=perfil.institucion,
        perfil=perfil.nombre,
        variante=prep.csv.variante,
        variantes=variantes,
        zona=perfil.zona_horaria,
        corte_en=hasta,
        final=final,
        elecciones=tuple(elecciones),
        separador_observaciones=prep.separador_observaciones,
        especiales_hasta_corte_final=prep.especiales_hasta_corte_final,
        etiquetas_inconsistencia=etiquetas_inc,
        bitacora=cabeza_bitacora(),
        mapas={} if varias else formas_de_mapa(perfil.id_entidad),
        corte_completo=prep.ofrece_corte_completo(final=final),
    )


# The shapes of the last boundary set drawn: (entidad, set id, version, secciones) -> shapes
_FORMAS: dict[tuple[int, int, int, int], dict[str, mapas.Formas]] = {}


def formas_de_mapa(entidad_clave: int) -> dict[str, mapas.Formas]:
    """The distrito and municipio shapes of the entidad's active boundary set (`mapas.formas`),
    made once per set; none when the catalog has no boundaries."""
    entidad = Entidad.objects.filter(clave=entidad_clave).first()
    if entidad is None:
        return {}
    conjunto = catalog_selectors.conjunto_activo(entidad)
    if conjunto is None:
        return {}
    secciones = list(
        Seccion.objects.filter(entidad=entidad).values_list(
            "numero", "distrito_local__numero", "municipio__clave"
        )
    )
    k = (entidad_clave, conjunto.pk, conjunto.version, len(secciones))
    hecho = _FORMAS.get(k)
    if hecho is None:
        geos = list(catalog_selectors.limites(conjunto).values_list("seccion__numero", "geojson"))
        hecho = mapas.formas(
            geos,
            {
                "distrito": {s: d for s, d, _ in secciones if d is not None},
                "municipio": {s: m for s, _, m in secciones},
            },
        )
        _FORMAS.clear()
        _FORMAS[k] = hecho
    return hecho


def cabeza_bitacora() -> tuple[int, str]:
    """(events, hash) of the audit log's head now: published in each cut's signed manifest."""
    return core_selectors.audit_head()


def _resultado(
    v: Verificacion | None, acopio: datetime | None, perfil: Any, columnas: tuple[str, ...]
) -> ResultadoActa | None:
    if v is None:
        return None
    dig = v.digitalizacion
    img = dig.imagen if dig else None
    codigos = list(v.observaciones or [])
    etiqueta = perfil.etiqueta(codigos) if codigos else ""
    sha = img.sha256 if img else ""
    ext = _ext(img.ruta) if img else ""
    return ResultadoActa(
        valores=ValoresActa.de(dict(v.valores), columnas),
        total_votos_calculado=v.total_votos_calculado,
        contabilizada=v.contabilizada,
        observaciones=(etiqueta,) if etiqueta else (),
        inconsistente=any(c in rules.CODIGOS_INCONSISTENCIA for c in codigos),
        sha256=sha,
        imagen=_ruta_imagen(img.ruta, sha, ext) if img else None,
        imagen_ext=ext,
        acopio=acopio,
        captura=v.capturado_en,
        verificacion=v.verificado_en,
        origen=dig.origen if dig else "CATD",
        digitalizacion=dig.medio if dig else "ESCANER",
        tipo_documento=dig.tipo_documento if dig else "",
        version=v.version,
    )
