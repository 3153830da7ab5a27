"""Reads for Ubica tu distrito y casilla: the engine of the active boundary set, sección
records, place-name search, the SVG map and the link to the PREP results.

The lookup engine and the SVG map are kept in process memory and keyed on the ids and
versions of the active boundary sets, read on every call (one small indexed query): when the
catalog activates another set, the next request rebuilds them.
"""

from __future__ import annotations

import json
import threading
import time
import unicodedata
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from django.conf import settings
from django.urls import reverse

from ople.catalog.models import Casilla, ConjuntoLimites, LimiteSeccion, Municipio, Seccion

from . import engine, mapa

FACTOR = 10_000  # engine clave = entidad * FACTOR + número de sección


def clave_motor(entidad: int, numero: int) -> int:
    return entidad * FACTOR + numero


def desde_clave(clave: int) -> tuple[int, int]:
    return divmod(clave, FACTOR)


# --- the engine of the active boundary set ------------------------------------------------

_lock = threading.Lock()
_motor: dict[str, Any] = {"llave": None, "motor": None, "svg": None}


def llave_activa() -> tuple[tuple[Any, ...], ...]:
    """(id, version, creado, entidad) of every active boundary set: the key of engine and map.

    Read from the database at most every UBICA_LLAVE_SEGUNDOS (default 2 s) per process, so an
    activated set is picked up within that time without one query per public request.
    """
    ttl = float(getattr(settings, "UBICA_LLAVE_SEGUNDOS", 2.0))
    ahora = time.monotonic()
    guardada = _llave.get("valor")
    if ttl > 0 and guardada is not None and ahora - _llave["en"] < ttl:
        return guardada  # type: ignore[no-any-return]
    valor = tuple(
        ConjuntoLimites.objects.filter(activo=True)
        .order_by("id")
        .values_list("id", "version", "creado", "entidad__clave")
    )
    _llave.update(valor=valor, en=ahora)
    return valor


_llave: dict[str, Any] = {"valor": None, "en": 0.0}


def olvidar() -> None:
    """Drop the cached engine and map (tests; the key check makes it unnecessary otherwise)."""
    with _lock:
        _motor.update(llave=None, motor=None, svg=None)
        _fichas.clear()
        _llave.update(valor=None, en=0.0)


def _pares(llave: tuple[tuple[Any, ...], ...]) -> list[tuple[int, Any]]:
    ids = [fila[0] for fila in llave]
    filas = LimiteSeccion.objects.filter(conjunto_id__in=ids).values_list(
        "seccion__entidad__clave", "seccion__numero", "geojson"
    )
    return [(clave_motor(ent, num), engine.geometria_desde_geojson(gj)) for ent, num, gj in filas]


def motor_activo() -> engine.Motor | None:
    """The engine of the active boundary sets (None when no set is active)."""
    llave = llave_activa()
    if not llave:
        return None
    with _lock:
        if _motor["llave"] != llave:
            tolerancia = float(getattr(settings, "UBICA_TOLERANCIA_GRADOS", 1e-5))
            _motor["motor"] = engine.Motor(
                _pares(llave), clave_conjunto=repr(llave), tolerancia=tolerancia
            )
            _motor["svg"] = None
            _motor["llave"] = llave
        return _motor["motor"]  # type: ignore[no-any-return]


def mapa_svg() -> str | None:
    """The SVG map of the active set (cached with the engine)."""
    motor = motor_activo()
    if motor is None or not len(motor):
        return None
    with _lock:
        if _motor["svg"] is None or _motor["motor"] is not motor:
            por_clave = {
                clave_motor(e, n): dl
                for e, n, dl in Seccion.objects.values_list(
                    "entidad__clave", "numero", "distrito_local__numero"
                )
            }
            pares = [(c, motor.geometria(c)) for c in motor.claves]
            _motor["svg"] = mapa.renderizar_svg(
                [(c, g) for c, g in pares if g is not None],
                enlace=lambda c: reverse("lookup:seccion", args=[desde_clave(c)[1]]),
                etiqueta=lambda c: f"Sección {desde_clave(c)[1]}",
                numero=lambda c: desde_clave(c)[1],
                clase=lambda c: f"dl{(por_clave.get(c) or 0) % 8}",
                titulo="Mapa de las secciones electorales: elija su sección",
            )
        return _motor["svg"]  # type: ignore[no-any-return]


# --- sección records -----------------------------------------------------------------------


@dataclass(frozen=True)
class CasillaFicha:
    clave: str
    tipo: str
    tipo_nombre: str
    nombre: str
    domicilio: str
    referencia: str
    ubicacion: str
    latitud: float | None
    longitud: float | None
    sintetica: bool


@dataclass(frozen=True)
class Ficha:
    entidad: int
    entidad_nombre: str
    seccion: int
    municipio_clave: int
    municipio: str
    distrito_local: int
    distrito_local_cabecera: str
    distrito_federal: int
    distrito_federal_cabecera: str
    localidades: str
    casillas: list[CasillaFicha] = field(default_factory=list)
    prep_url: str | None = None

    def como_json(self) -> dict[str, Any]:
        return {
            "entidad": {"clave": self.entidad, "nombre": self.entidad_nombre},
            "seccion": self.seccion,
            "municipio": {"clave": self.municipio_clave, "nombre": self.municipio},
            "distrito_local": {
                "numero": self.distrito_local,
                "cabecera": self.distrito_local_cabecera,
            },
            "distrito_federal": {
                "numero": self.distrito_federal,
                "cabecera": self.distrito_federal_cabecera,
            },
            "casillas": [
                {
                    "clave": c.clave,
                    "tipo": c.tipo,
                    "tipo_nombre": c.tipo_nombre,
                    "nombre": c.nombre,
                    "domicilio": c.domicilio,
                    "referencia": c.referencia,
                    "ubicacion": c.ubicacion,
                    "latitud": c.latitud,
                    "longitud": c.longitud,
                    "sintetica": c.sintetica,
                }
                for c in self.casillas
            ],
            "url": reverse("lookup:seccion", args=[self.seccion]),
            "prep_url": self.prep_url,
        }


def _nombre_casilla(c: Casilla) -> str:
    tipo = Casilla.Tipo(c.tipo).label
    if c.tipo == Casilla.Tipo.CONTIGUA:
        return f"{tipo} {c.id_casilla}"
    if c.tipo == Casilla.Tipo.EXTRAORDINARIA and c.ext_contigua:
        return f"{tipo} {c.id_casilla} contigua {c.ext_contigua}"
    if c.tipo in (Casilla.Tipo.BASICA,):
        return tipo
    return f"{tipo} {c.id_casilla}"


def entidad_preferida(llave: tuple[tuple[Any, ...], ...] | None = None) -> int | None:
    """The entidad of the active boundary set (the deployment's state), if any."""
    llave = llave_activa() if llave is None else llave
    return int(llave[0][3]) if llave else None


FICHA_SEGUNDOS = 30.0  # in-process cache of sección records (the API says max-age=300 anyway)
_fichas: dict[tuple[Any, ...], tuple[float, Ficha | None]] = {}


def ficha_seccion(numero: int, *, entidad: int | None = None) -> Ficha | None:
    """Everything a citizen needs about one sección, or None if it does not exist.

    Records are kept FICHA_SEGUNDOS in process memory, keyed on the active boundary sets too;
    the PREP link is computed on every call (it changes with each published cut).
    """
    llave = llave_activa()
    entidad = entidad if entidad is not None else entidad_preferida(llave)
    k = (llave, entidad, numero)
    ahora = time.monotonic()
    guardada = _fichas.get(k)
    if guardada is not None and ahora - guardada[0] < FICHA_SEGUNDOS:
        ficha = guardada[1]
    else:
        ficha = _leer_ficha(numero, entidad)
        if len(_fichas) > 20_000:
            _fichas.clear()
        _fichas[k] = (ahora, ficha)
    if ficha is None:
        return None
    return replace(ficha, prep_url=enlace_prep(ficha.seccion))


def _leer_ficha(numero: int, entidad: int | None) -> Ficha | None:
    qs = Seccion.objects.select_related(
        "entidad", "municipio", "distrito_local", "distrito_federal"
    ).filter(numero=numero)
    if entidad is not None:
        qs = qs.filter(entidad__clave=entidad)
    s = qs.order_by("entidad__clave").first()
    if s is None:
        return None
    casillas = [
        CasillaFicha(
            clave=c.clave,
            tipo=c.tipo,
            tipo_nombre=Casilla.Tipo(c.tipo).label,
            nombre=_nombre_casilla(c),
            domicilio=c.domicilio,
            referencia=c.referencia,
            ubicacion=Casilla.Ubicacion(c.ubicacion).label,
            latitud=c.latitud,
            longitud=c.longitud,
            sintetica=c.sintetica,
        )
        for c in s.casillas.order_by("tipo", "id_casilla", "ext_contigua")
    ]
    return Ficha(
        entidad=s.entidad.clave,
        entidad_nombre=s.entidad.nombre,
        seccion=s.numero,
        municipio_clave=s.municipio.clave,
        municipio=s.municipio.nombre,
        distrito_local=s.distrito_local.numero,
        distrito_local_cabecera=s.distrito_local.cabecera,
        distrito_federal=s.distrito_federal.numero,
        distrito_federal_cabecera=s.distrito_federal.cabecera,
        localidades=s.localidades,
        casillas=casillas,
        prep_url=None,
    )


def buscar_punto(lon: float, lat: float) -> tuple[engine.Resultado, Ficha | None] | None:
    """Resolve a point. None when no boundary set is active; raises CoordenadaInvalida."""
    motor = motor_activo()
    if motor is None:
        return None
    r = motor.buscar(lon, lat)
    if r.seccion is None:
        return r, None
    ent, num = desde_clave(r.seccion)
    return r, ficha_seccion(num, entidad=ent)


# --- place-name search ---------------------------------------------------------------------


def normalizar(texto: str) -> str:
    """Lower case, no accents, single spaces: 'Jesús  María' -> 'jesus maria'."""
    sin = unicodedata.normalize("NFKD", texto)
    sin = "".join(ch for ch in sin if not unicodedata.combining(ch))
    return " ".join(sin.casefold().split())


@dataclass(frozen=True)
class Coincidencia:
    tipo: str  # "municipio" | "localidad"
    nombre: str
    secciones: list[int]


def buscar_lugar(texto: str, *, limite: int = 20) -> list[Coincidencia]:
    """Municipios and localidades/colonias whose name contains the text (accent-insensitive)."""
    q = normalizar(texto)
    if len(q) < 2:
        return []
    entidad = entidad_preferida()
    municipios = Municipio.objects.all()
    secciones = Seccion.objects.all()
    if entidad is not None:
        municipios = municipios.filter(entidad__clave=entidad)
        secciones = secciones.filter(entidad__clave=entidad)
    salida: list[Coincidencia] = []
    por_municipio: dict[int, list[int]] = {}
    for mun_id, num in secciones.order_by("numero").values_list("municipio_id", "numero"):
        por_municipio.setdefault(mun_id, []).append(num)
    for m in municipios.order_by("nombre"):
        if q in normalizar(m.nombre):
            salida.append(Coincidencia("municipio", m.nombre, por_municipio.get(m.id, [])))
    localidades: dict[str, list[int]] = {}
    for num, texto_loc in (
        secciones.exclude(localidades="").order_by("numero").values_list("numero", "localidades")
    ):
        for nombre in _partir_localidades(texto_loc):
            if q in normalizar(nombre):
                localidades.setdefault(nombre, []).append(num)
    for nombre in sorted(localidades, key=normalizar):
        salida.append(Coincidencia("localidad", nombre, localidades[nombre]))
    return salida[:limite]


def _partir_localidades(texto: str) -> list[str]:
    partes = [p.strip() for linea in texto.splitlines() for p in linea.split(";")]
    return [p for p in partes if p]


def sugerencias(*, limite: int = 500) -> list[str]:
    """Names offered in the search box: every municipio, then localidades/colonias."""
    entidad = entidad_preferida()
    municipios = Municipio.objects.all()
    secciones = Seccion.objects.exclude(localidades="")
    if entidad is not None:
        municipios = municipios.filter(entidad__clave=entidad)
        secciones = secciones.filter(entidad__clave=entidad)
    nombres = [m for m in municipios.order_by("nombre").values_list("nombre", flat=True)]
    vistos = {normalizar(n) for n in nombres}
    for texto in secciones.values_list("localidades", flat=True):
        for nombre in _partir_localidades(texto):
            if normalizar(nombre) not in vistos:
                vistos.add(normalizar(nombre))
                nombres.append(nombre)
            if len(nombres) >= limite:
                return nombres
    return nombres


# --- link to the PREP results ---------------------------------------------------------------


def enlace_prep(numero: int) -> str | None:
    """URL of the sección's page in the current PREP cut, or None when there is none.

    The publisher (``ople.prep.publish.corte``) writes ``PUBLISH_ROOT/current.json`` whose
    ``ruta`` (or ``path``) names the cut directory, e.g. ``cortes/NAME/``, and one page per
    sección at ``secciones/<n>.html`` inside the cut; the public site serves PUBLISH_ROOT under
    ``/prep/``. This function is the only place in lookup that knows that layout.
    """
    raiz = Path(settings.PUBLISH_ROOT)
    try:
        datos = json.loads((raiz / "current.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    ruta = datos.get("ruta") or datos.get("path") if isinstance(datos, dict) else None
    if not isinstance(ruta, str) or not ruta.strip("/") or ".." in ruta.split("/"):
        return None
    relativa = f"{ruta.strip('/')}/secciones/{int(numero)}.html"
    if not (raiz / relativa).is_file():
        return None
    return f"/prep/{relativa}"
