"""Writes to the electoral catalog. Each service runs in one transaction with its audit event."""

from __future__ import annotations

import datetime
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import transaction
from django.db.models import Max
from shapely.geometry import shape

from ople.core import audit
from ople.ley import boleta

from . import importers, nacional
from .importers import ErrorImportacion
from .models import (
    Candidatura,
    Casilla,
    Coalicion,
    ConjuntoLimites,
    Demarcacion,
    DistritoFederal,
    DistritoLocal,
    Eleccion,
    Entidad,
    LimiteSeccion,
    Municipio,
    OpcionBoleta,
    Partido,
    ProcesoElectoral,
    Seccion,
)

DATOS = Path(__file__).resolve().parent / "data"

TIPOS_IMPORTACION = ("secciones", "casillas", "partidos", "coaliciones", "candidaturas")


# --- imports -----------------------------------------------------------------------------------


def importar_catalogo(
    *,
    tipo: str,
    contenido: bytes | str,
    actor: Any | None = None,
    nombre_archivo: str = "",
    proceso: ProcesoElectoral | None = None,
    sintetica: bool = False,
) -> dict[str, int]:
    """Import one CSV file (see docs/catalogo.md): all rows or none, one audit event."""
    if tipo not in TIPOS_IMPORTACION:
        raise ErrorImportacion([f"tipo de importación desconocido: {tipo}"])
    if tipo in ("partidos", "coaliciones", "candidaturas") and proceso is None:
        raise ErrorImportacion([f"la importación de {tipo} necesita un proceso electoral"])
    with transaction.atomic():
        if tipo == "secciones":
            conteo = importers.importar_secciones(contenido)
        elif tipo == "casillas":
            conteo = importers.importar_casillas(contenido, sintetica=sintetica)
        elif tipo == "partidos":
            assert proceso is not None
            conteo = importers.importar_partidos(contenido, proceso=proceso)
            for e in proceso.elecciones.all():
                _regenerar_opciones(e)
        elif tipo == "coaliciones":
            assert proceso is not None
            conteo = importers.importar_coaliciones(contenido, proceso=proceso)
            for e in proceso.elecciones.all():
                _regenerar_opciones(e)
        else:
            assert proceso is not None
            conteo = importers.importar_candidaturas(contenido, proceso=proceso)
            for e in proceso.elecciones.all():
                _regenerar_opciones(e)
        audit.record(
            actor=actor,
            action=f"catalog.importar_{tipo}",
            obj=proceso,
            object_type="" if proceso else "catalog.importacion",
            object_id="" if proceso else tipo,
            after={"archivo": nombre_archivo, **conteo},
        )
    return conteo


# --- ballot options ----------------------------------------------------------------------------


def _regenerar_opciones(eleccion: Eleccion) -> list[OpcionBoleta]:
    partidos = list(eleccion.proceso.partidos.order_by("orden"))
    coaliciones = list(eleccion.coaliciones.prefetch_related("partidos").order_by("pk"))
    n_ci = (
        Candidatura.objects.filter(eleccion=eleccion, numero_ci__isnull=False).aggregate(
            n=Max("numero_ci")
        )["n"]
        or 0
    )
    alianzas = [
        boleta.Alianza(
            nombre=c.nombre,
            partidos=tuple(p.siglas for p in c.partidos.all()),
            tipo="CAND_COMUN" if c.tipo == Coalicion.Tipo.CANDIDATURA_COMUN else "COALICION",
        )
        for c in coaliciones
    ]
    try:
        columnas = boleta.columnas(
            partidos=[p.siglas for p in partidos], alianzas=alianzas, independientes=n_ci
        )
    except boleta.BoletaInvalida as exc:
        raise ErrorImportacion([f"{eleccion}: {exc}"]) from None
    por_siglas = {p.siglas: p for p in partidos}
    por_nombre = {c.nombre: c for c in coaliciones}
    existentes = {o.columna: o for o in eleccion.opciones.all()}
    deseadas = {c.columna for c in columnas}
    eleccion.opciones.exclude(columna__in=deseadas).delete()
    # Move the kept rows out of the way of the (eleccion, orden) constraint, then renumber.
    base = 1000
    for i, o in enumerate(o for c, o in existentes.items() if c in deseadas):
        o.orden = base + i
        o.save(update_fields=["orden"])
    salida = []
    for orden, col in enumerate(columnas, start=1):
        opcion = existentes.get(col.columna) or OpcionBoleta(eleccion=eleccion, columna=col.columna)
        opcion.tipo = col.tipo
        opcion.orden = orden
        opcion.numero_ci = col.numero_ci
        opcion.coalicion = por_nombre.get(col.alianzas[0]) if col.alianzas else None
        opcion.save()
        opcion.partidos.set([por_siglas[s] for s in col.partidos])
        salida.append(opcion)
    return salida


def regenerar_opciones(*, eleccion: Eleccion, actor: Any | None = None) -> list[OpcionBoleta]:
    """Rebuild the election's OpcionBoleta rows (INE order) from parties, alliances and CIs."""
    with transaction.atomic():
        antes = list(eleccion.opciones.values_list("columna", flat=True))
        opciones = _regenerar_opciones(eleccion)
        audit.record(
            actor=actor,
            action="catalog.regenerar_opciones",
            obj=eleccion,
            before={"columnas": antes},
            after={"columnas": [o.columna for o in opciones]},
        )
    return opciones


# --- boundary sets -----------------------------------------------------------------------------


def _limites_desde_geojson(
    entidad: Entidad, geojson: dict[str, Any]
) -> dict[int, tuple[Seccion, dict[str, Any], tuple[float, float, float, float]]]:
    if not isinstance(geojson, dict) or geojson.get("type") != "FeatureCollection":
        raise ErrorImportacion(["el archivo no es un FeatureCollection de GeoJSON"])
    features = geojson.get("features")
    if not isinstance(features, list) or not features:
        raise ErrorImportacion(["el FeatureCollection no tiene features"])
    secciones = {s.numero: s for s in entidad.secciones.all()}
    errores: list[str] = []
    salida: dict[int, tuple[Seccion, dict[str, Any], tuple[float, float, float, float]]] = {}
    for i, feat in enumerate(features, start=1):
        if len(errores) >= importers.MAX_ERRORES:
            break
        props = (feat or {}).get("properties") or {}
        numero = props.get("seccion")
        if not isinstance(numero, int) or isinstance(numero, bool):
            errores.append(f"feature {i}: falta la propiedad entera «seccion»")
            continue
        if numero not in secciones:
            errores.append(f"feature {i}: la sección {numero} no existe en {entidad}")
            continue
        if numero in salida:
            errores.append(f"feature {i}: la sección {numero} está repetida")
            continue
        geom = feat.get("geometry") or {}
        if geom.get("type") not in ("Polygon", "MultiPolygon"):
            errores.append(f"feature {i}: la geometría debe ser Polygon o MultiPolygon")
            continue
        try:
            forma = shape(geom)
        except Exception:  # shapely raises several types for malformed coordinates
            errores.append(f"feature {i}: coordenadas mal formadas")
            continue
        if forma.is_empty or not forma.is_valid:
            errores.append(f"feature {i}: el polígono de la sección {numero} no es válido")
            continue
        min_lon, min_lat, max_lon, max_lat = forma.bounds
        if not (-180 <= min_lon <= max_lon <= 180 and -90 <= min_lat <= max_lat <= 90):
            errores.append(f"feature {i}: coordenadas fuera de WGS84 (lon/lat)")
            continue
        salida[numero] = (
            secciones[numero],
            {"type": geom["type"], "coordinates": geom["coordinates"]},
            (min_lon, min_lat, max_lon, max_lat),
        )
    if errores:
        raise ErrorImportacion(errores)
    return salida


def _escribir_limites(conjunto: ConjuntoLimites, limites: dict[int, Any]) -> int:
    existentes = {x.seccion_id: x for x in conjunto.limites.all()}
    nuevos = {}
    for seccion, geojson, (a, b, c, d) in limites.values():
        nuevos[seccion.pk] = {
            "conjunto": conjunto,
            "seccion": seccion,
            "geojson": geojson,
            "min_lon": a,
            "min_lat": b,
            "max_lon": c,
            "max_lat": d,
        }
    return importers._upsert(LimiteSeccion, existentes, nuevos)


def cargar_limites(
    *,
    entidad: Entidad,
    geojson: dict[str, Any],
    version: int,
    nombre: str,
    fuente: str = "",
    activar: bool = False,
    actor: Any | None = None,
) -> ConjuntoLimites:
    """Load a new boundary set (version) beside the existing ones; optionally activate it."""
    with transaction.atomic():
        if ConjuntoLimites.objects.filter(entidad=entidad, version=version).exists():
            raise ErrorImportacion([f"ya existe la versión {version} de límites de {entidad}"])
        limites = _limites_desde_geojson(entidad, geojson)
        conjunto = ConjuntoLimites.objects.create(
            entidad=entidad, nombre=nombre, version=version, fuente=fuente, activo=False
        )
        n = _escribir_limites(conjunto, limites)
        faltan = entidad.secciones.count() - n
        audit.record(
            actor=actor,
            action="catalog.cargar_limites",
            obj=conjunto,
            after={
                "version": version,
                "nombre": nombre,
                "limites": n,
                "secciones_sin_limite": faltan,
            },
        )
        if activar:
            _activar(conjunto, actor)
    return conjunto


def _activar(conjunto: ConjuntoLimites, actor: Any | None) -> None:
    previo = ConjuntoLimites.objects.filter(entidad=conjunto.entidad, activo=True).first()
    ConjuntoLimites.objects.filter(entidad=conjunto.entidad, activo=True).exclude(
        pk=conjunto.pk
    ).update(activo=False)
    conjunto.activo = True
    conjunto.save(update_fields=["activo"])
    audit.record(
        actor=actor,
        action="catalog.activar_limites",
        obj=conjunto,
        before={"version_activa": previo.version if previo else None},
        after={"version_activa": conjunto.version},
    )


def activar_limites(*, conjunto: ConjuntoLimites, actor: Any | None = None) -> ConjuntoLimites:
    """Make `conjunto` the one active boundary set of its entidad (the others are deactivated)."""
    with transaction.atomic():
        ConjuntoLimites.objects.select_for_update().filter(entidad=conjunto.entidad).count()
        _activar(conjunto, actor)
    return conjunto


# --- the shipped reference datasets ------------------------------------------------------------


def ruta_dataset(nombre_o_ruta: str) -> Path:
    """A shipped dataset name (e.g. 'aguascalientes') or a directory with the same layout."""
    candidato = DATOS / nombre_o_ruta
    if nombre_o_ruta.isidentifier() and candidato.is_dir():
        return candidato
    ruta = Path(nombre_o_ruta)
    if ruta.is_dir():
        return ruta
    disponibles = ", ".join(sorted(p.name for p in DATOS.iterdir() if p.is_dir()))
    raise ErrorImportacion(
        [f"no existe el conjunto de datos «{nombre_o_ruta}» (disponibles: {disponibles})"]
    )


def _leer(directorio: Path, nombre: str) -> str:
    ruta = directorio / nombre
    if not ruta.is_file():
        raise ErrorImportacion([f"falta el archivo {nombre} en {directorio}"])
    return ruta.read_text(encoding="utf-8")


def cargar_catalogo(*, directorio: Path, actor: Any | None = None) -> dict[str, Any]:
    """Load a reference dataset (layout in docs/catalogo.md) in one transaction. Idempotent."""
    conteo: dict[str, Any] = {}
    with transaction.atomic():
        ent = json.loads(_leer(directorio, "entidad.json"))
        entidad, _ = Entidad.objects.update_or_create(
            clave=int(ent["clave"]),
            defaults={"nombre": ent["nombre"], "abreviatura": ent["abreviatura"]},
        )
        for archivo, tipo in (
            ("municipios.csv", None),
            ("secciones.csv", "secciones"),
            ("distritos_locales.csv", "DISTRITO_LOCAL"),
            ("distritos_federales.csv", "DISTRITO_FEDERAL"),
        ):
            texto = _leer(directorio, archivo)
            if tipo is None:
                for f in importers.leer_filas(texto, ["MUNICIPIO", "NOMBRE_MUNICIPIO"]):
                    Municipio.objects.update_or_create(
                        entidad=entidad,
                        clave=int(f["MUNICIPIO"]),
                        defaults={"nombre": f["NOMBRE_MUNICIPIO"]},
                    )
            elif tipo == "secciones":
                conteo["secciones"] = importers.importar_secciones(texto)
            else:
                conteo[archivo] = importers.importar_distritos(texto, entidad=entidad, tipo=tipo)

        geo = json.loads(_leer(directorio, "secciones.geojson"))
        limites = _limites_desde_geojson(entidad, geo)
        conjunto, creado = ConjuntoLimites.objects.get_or_create(
            entidad=entidad,
            version=int(ent.get("version_limites", 1)),
            defaults={"nombre": geo.get("name", "Secciones")[:120], "fuente": "NOTICE"},
        )
        conteo["limites"] = _escribir_limites(conjunto, limites)
        if not ConjuntoLimites.objects.filter(entidad=entidad, activo=True).exists():
            _activar(conjunto, actor)

        conteo["casillas"] = importers.importar_casillas(
            _leer(directorio, "casillas.csv"), sintetica=True
        )

        datos = json.loads(_leer(directorio, "proceso.json"))
        proceso, _ = ProcesoElectoral.objects.update_or_create(
            entidad=entidad,
            clave=datos["clave"],
            defaults={
                "nombre": datos["nombre"],
                "fecha_jornada": datetime.date.fromisoformat(datos["fecha_jornada"]),
                "perfil": datos["perfil"],
            },
        )
        for e in datos["elecciones"]:
            eleccion, _ = Eleccion.objects.update_or_create(
                proceso=proceso,
                tipo=e["tipo"],
                defaults={"nombre": e["nombre"], "orden": e["orden"]},
            )
            _crear_demarcaciones(eleccion, entidad, e["demarcaciones"])
        conteo["partidos"] = importers.importar_partidos(
            _leer(directorio, "partidos.csv"), proceso=proceso
        )
        conteo["coaliciones"] = importers.importar_coaliciones(
            _leer(directorio, "coaliciones.csv"), proceso=proceso
        )
        conteo["candidaturas"] = importers.importar_candidaturas(
            _leer(directorio, "candidaturas.csv"),
            proceso=proceso,
            ilustrativa=bool(datos.get("ilustrativo")),
        )
        for eleccion in proceso.elecciones.all():
            conteo[f"opciones_{eleccion.tipo}"] = len(_regenerar_opciones(eleccion))
        audit.record(
            actor=actor,
            action="catalog.cargar_catalogo",
            obj=entidad,
            after={"directorio": directorio.name, **conteo},
        )
    return conteo


def _crear_demarcaciones(eleccion: Eleccion, entidad: Entidad, tipo: str) -> None:
    if tipo == Demarcacion.Tipo.DISTRITO_LOCAL:
        for d in DistritoLocal.objects.filter(entidad=entidad):
            Demarcacion.objects.update_or_create(
                eleccion=eleccion,
                clave=d.numero,
                defaults={
                    "tipo": tipo,
                    "nombre": f"Distrito {d.numero}" + (f" ({d.cabecera})" if d.cabecera else ""),
                    "distrito_local": d,
                    "municipio": None,
                },
            )
    elif tipo == Demarcacion.Tipo.MUNICIPIO:
        for m in Municipio.objects.filter(entidad=entidad):
            Demarcacion.objects.update_or_create(
                eleccion=eleccion,
                clave=m.clave,
                defaults={"tipo": tipo, "nombre": m.nombre, "municipio": m, "distrito_local": None},
            )
    elif tipo == Demarcacion.Tipo.ENTIDAD:
        Demarcacion.objects.update_or_create(
            eleccion=eleccion,
            clave=entidad.clave,
            defaults={"tipo": tipo, "nombre": entidad.nombre},
        )
    else:
        raise ErrorImportacion([f"tipo de demarcación desconocido: {tipo}"])


# --- the synthetic national catalog ------------------------------------------------------------


def es_proceso_nacional_sintetico(proceso: ProcesoElectoral) -> bool:
    return proceso.clave == nacional.CLAVE_PROCESO


def cargar_catalogo_nacional(
    *, escala: float = 1.0, semilla: int = 2024, actor: Any | None = None
) -> dict[str, Any]:
    """Load the SYNTHETIC national catalog (`ople.catalog.nacional`) in one transaction.

    Goes through the same CSV importers as a real catalog. Refuses when another catalog (any
    process other than the synthetic national one) is loaded. Idempotent for the same escala
    and semilla. The process spans the 32 entidades: demarcación claves carry the entidad
    (`nacional.clave_distrito_local`, `nacional.clave_municipio`).
    """
    from ople import profiles

    otros = ProcesoElectoral.objects.exclude(clave=nacional.CLAVE_PROCESO)
    if otros.exists() or Entidad.objects.exclude(nombre__startswith="ENTIDAD SINTÉTICA").exists():
        cargado = otros.first() or Entidad.objects.order_by("clave").first()
        raise ErrorImportacion(
            [
                f"ya hay otro catálogo cargado ({cargado}); el catálogo nacional sintético "
                "necesita una base de datos sin catálogo (use otra DATABASE_URL)"
            ]
        )
    perfil = profiles.cargar(nacional.PERFIL)
    cat = nacional.generar(escala=escala, semilla=semilla)
    conteo: dict[str, Any] = {"generado": cat.resumen()}
    with transaction.atomic():
        entidades = {}
        for e in cat.entidades:
            entidades[e.clave], _ = Entidad.objects.update_or_create(
                clave=e.clave, defaults={"nombre": e.nombre, "abreviatura": e.abreviatura}
            )
        conteo["secciones"] = importers.importar_secciones(nacional.csv_secciones(cat))
        for e in cat.entidades:
            for tipo in ("DISTRITO_LOCAL", "DISTRITO_FEDERAL"):
                importers.importar_distritos(
                    nacional.csv_distritos(e, tipo), entidad=entidades[e.clave], tipo=tipo
                )
        # One import per entidad: each stays under SQLite's limit of query parameters.
        por_entidad: dict[int, list[nacional.CasillaSintetica]] = {}
        for c in cat.casillas:
            por_entidad.setdefault(c.entidad, []).append(c)
        conteo["casillas"] = 0
        for clave in sorted(por_entidad):
            r = importers.importar_casillas(
                nacional.csv_casillas(por_entidad[clave]), sintetica=True
            )
            conteo["casillas"] += r["casillas"]
        proceso, _ = ProcesoElectoral.objects.update_or_create(
            entidad=entidades[1],
            clave=nacional.CLAVE_PROCESO,
            defaults={
                "nombre": nacional.NOMBRE_PROCESO,
                "fecha_jornada": datetime.date.fromisoformat(nacional.FECHA_JORNADA),
                "perfil": nacional.PERFIL,
            },
        )
        for orden, (tipo, nombre) in enumerate(perfil.elecciones.items(), start=1):
            eleccion, _ = Eleccion.objects.update_or_create(
                proceso=proceso, tipo=tipo, defaults={"nombre": nombre, "orden": orden}
            )
            conteo[f"demarcaciones_{tipo}"] = _demarcaciones_nacionales(
                eleccion, nacional.DEMARCACION_DE_ELECCION[tipo]
            )
        conteo["partidos"] = importers.importar_partidos(nacional.csv_partidos(), proceso=proceso)
        conteo["coaliciones"] = importers.importar_coaliciones(
            nacional.csv_coaliciones(list(perfil.elecciones)), proceso=proceso
        )
        for eleccion in proceso.elecciones.all():
            conteo[f"opciones_{eleccion.tipo}"] = len(_regenerar_opciones(eleccion))
        audit.record(
            actor=actor,
            action="catalog.cargar_catalogo_nacional",
            obj=proceso,
            after={"escala": escala, "semilla": semilla, **conteo},
        )
    return conteo


def _demarcaciones_nacionales(eleccion: Eleccion, tipo: str) -> int:
    existentes = {d.clave: d for d in eleccion.demarcaciones.all()}
    nuevas: dict[int, dict[str, Any]] = {}
    if tipo == Demarcacion.Tipo.DISTRITO_LOCAL:
        for d in DistritoLocal.objects.select_related("entidad"):
            clave = nacional.clave_distrito_local(d.entidad.clave, d.numero)
            nuevas[clave] = {
                "eleccion": eleccion,
                "tipo": tipo,
                "clave": clave,
                "nombre": f"{d.entidad.nombre} · Distrito {d.numero}",
                "distrito_local": d,
                "municipio": None,
            }
    elif tipo == Demarcacion.Tipo.MUNICIPIO:
        for m in Municipio.objects.select_related("entidad"):
            clave = nacional.clave_municipio(m.entidad.clave, m.clave)
            nuevas[clave] = {
                "eleccion": eleccion,
                "tipo": tipo,
                "clave": clave,
                "nombre": m.nombre,
                "distrito_local": None,
                "municipio": m,
            }
    else:
        raise ErrorImportacion([f"el catálogo nacional sintético no admite demarcaciones {tipo}"])
    return importers._upsert(Demarcacion, existentes, nuevas)


# --- a one-election catalog described by its caller ---------------------------------------------


@dataclass(frozen=True)
class CoalicionDescrita:
    nombre: str
    partidos: list[str]  # siglas
    demarcaciones: list[int]  # claves of the districts where it runs


@dataclass(frozen=True)
class OpcionDescrita:
    tipo: str
    columna: str
    orden: int
    partidos: list[str]  # siglas
    coalicion: str | None = None  # the nombre of a CoalicionDescrita
    numero_ci: int | None = None
    candidaturas: list[tuple[int, str]] = field(default_factory=list)  # (demarcación, propietaria)


@dataclass(frozen=True)
class CatalogoDescrito:
    """One election of local districts as a results file shows it (a replay's catalog).

    Rows are created in list order. Districts are (número, cabecera); secciones are (número,
    district); every sección belongs to one placeholder municipio and federal district, since
    the file does not carry them; casillas are Casilla fields with `seccion` as its número.
    """

    entidad: dict[str, Any]
    proceso: dict[str, Any]
    eleccion: dict[str, Any]
    partidos: list[str]
    distritos: list[tuple[int, str]]
    secciones: list[tuple[int, int]]
    coaliciones: list[CoalicionDescrita]
    opciones: list[OpcionDescrita]
    casillas: list[dict[str, Any]]


def crear_catalogo_descrito(*, catalogo: CatalogoDescrito, actor: Any | None = None) -> Eleccion:
    """Create a whole new entidad, process and election from `catalogo`; returns the election.

    The results file of the deputies carries no municipio: one placeholder municipio (and
    federal district) holds every sección.
    """
    with transaction.atomic():
        ent = Entidad.objects.create(**catalogo.entidad)
        mun = Municipio.objects.create(entidad=ent, clave=0, nombre="MUNICIPIO NO PUBLICADO")
        dfed = DistritoFederal.objects.create(entidad=ent, numero=0, cabecera="NO PUBLICADO")
        proceso = ProcesoElectoral.objects.create(entidad=ent, **catalogo.proceso)
        el = Eleccion.objects.create(proceso=proceso, **catalogo.eleccion)
        partidos = {
            s: Partido.objects.create(proceso=proceso, siglas=s, nombre=s, orden=i)
            for i, s in enumerate(catalogo.partidos, start=1)
        }
        distritos: dict[int, DistritoLocal] = {}
        demarcaciones: dict[int, Demarcacion] = {}
        for n, cabecera in catalogo.distritos:
            distritos[n] = DistritoLocal.objects.create(entidad=ent, numero=n, cabecera=cabecera)
            demarcaciones[n] = Demarcacion.objects.create(
                eleccion=el,
                tipo=Demarcacion.Tipo.DISTRITO_LOCAL,
                clave=n,
                nombre=cabecera,
                distrito_local=distritos[n],
            )
        secciones = {
            s: Seccion.objects.create(
                entidad=ent,
                numero=s,
                municipio=mun,
                distrito_local=distritos[d],
                distrito_federal=dfed,
            )
            for s, d in catalogo.secciones
        }
        coaliciones: dict[str, Coalicion] = {}
        for c in catalogo.coaliciones:
            co = Coalicion.objects.create(eleccion=el, nombre=c.nombre)
            co.partidos.set([partidos[p] for p in c.partidos])
            co.demarcaciones.set([demarcaciones[n] for n in c.demarcaciones])
            coaliciones[c.nombre] = co
        for o in catalogo.opciones:
            op = OpcionBoleta.objects.create(
                eleccion=el,
                tipo=o.tipo,
                columna=o.columna,
                orden=o.orden,
                coalicion=coaliciones[o.coalicion] if o.coalicion else None,
                numero_ci=o.numero_ci,
            )
            if len(o.partidos) == 1:
                op.partidos.add(partidos[o.partidos[0]])
            elif o.partidos:
                op.partidos.set([partidos[p] for p in o.partidos])
            for n, propietaria in o.candidaturas:
                Candidatura.objects.create(
                    eleccion=el,
                    demarcacion=demarcaciones[n],
                    numero_ci=o.numero_ci,
                    propietaria=propietaria,
                )
        for campos in catalogo.casillas:
            Casilla.objects.create(**{**campos, "seccion": secciones[campos["seccion"]]})
        audit.record(
            actor=actor,
            action="catalog.crear_catalogo_descrito",
            obj=el,
            after={
                "entidad": ent.clave,
                "proceso": proceso.clave,
                "eleccion": el.tipo,
                "distritos": len(distritos),
                "secciones": len(secciones),
                "casillas": len(catalogo.casillas),
                "opciones": len(catalogo.opciones),
            },
        )
    return el


# --- the approved ballot, from the candidacies' registration (ADR 0026, 0039) --------------------


@dataclass(frozen=True)
class CandidaturaAprobada:
    """One approved candidacy as the ballot prints it: plain values, no person's data."""

    demarcacion: Demarcacion
    propietaria: str
    suplente: str
    genero: str
    partido: Partido | None = None
    coalicion: Coalicion | None = None
    numero_ci: int | None = None


def publicar_candidaturas(
    *,
    eleccion: Eleccion,
    candidaturas: list[CandidaturaAprobada],
    acuerdo: str,
    actor: Any | None = None,
    boleta_impresa: bool = False,
) -> list[Candidatura]:
    """Create or update the ballot's candidacies from an approval or a substitution.

    A row is found by what it is on the ballot (election, demarcación, and party, coalition or
    independent number): a substitution changes the names of that row. When the ballot is
    already printed the columns are never regenerated (votes keep counting for the column on
    the ballot); otherwise they are rebuilt when a new independent appears.
    """
    with transaction.atomic():
        salida = []
        antes_ci = Candidatura.objects.filter(eleccion=eleccion, numero_ci__isnull=False).count()
        for c in candidaturas:
            if c.demarcacion.eleccion_id != eleccion.pk:
                raise ErrorImportacion([f"{c.demarcacion} no es de {eleccion}"])
            fila, _ = Candidatura.objects.update_or_create(
                eleccion=eleccion,
                demarcacion=c.demarcacion,
                partido=None if c.coalicion else c.partido,
                coalicion=c.coalicion,
                numero_ci=c.numero_ci,
                defaults={
                    "propietaria": c.propietaria,
                    "suplente": c.suplente,
                    "genero": c.genero,
                    "ilustrativa": False,
                },
            )
            salida.append(fila)
        despues_ci = Candidatura.objects.filter(eleccion=eleccion, numero_ci__isnull=False).count()
        if despues_ci != antes_ci and not boleta_impresa:
            _regenerar_opciones(eleccion)
        audit.record(
            actor=actor,
            action="catalog.publicar_candidaturas",
            obj=eleccion,
            after={
                "acuerdo": acuerdo,
                "boleta_impresa": boleta_impresa,
                "candidaturas": [
                    {
                        "demarcacion": c.demarcacion.clave,
                        "partido": c.partido.siglas if c.partido else None,
                        "coalicion": c.coalicion.nombre if c.coalicion else None,
                        "numero_ci": c.numero_ci,
                        "propietaria": c.propietaria,
                        "suplente": c.suplente,
                    }
                    for c in candidaturas
                ],
            },
        )
    return salida
