"""Reads for Ubica tu distrito y casilla: the engine of the active boundary set, sección
records, place-name search, the SVG map and the link to the PREP results.

The lookup engine and the SVG map are kept in process memory and keyed on the ids and
versions of the active boundary sets, read on every call (one small indexed query): when the
catalog activates another set, the next request rebuilds them.
"""

from __future__ import annotations

import json
import math
import threading
import time
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db.models import Count
from django.urls import reverse

from ople.catalog.models import Casilla, ConjuntoLimites, LimiteSeccion, Municipio, Seccion

from . import engine, lugares, mapa

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
        _vistas.clear()
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


normalizar = lugares.normalizar


@dataclass(frozen=True)
class Coincidencia:
    """One answer of the place search.

    ``tipo``: "municipio", "localidad" (INEGI), "colonia" (SEPOMEX) or "casilla" (a place where
    casillas are installed, from their address). ``como`` says, in Spanish, how the secciones
    were found (``secciones`` may be empty when the place cannot be located honestly);
    ``mapa_url`` links to the zoomed map that shows them.
    """

    tipo: str
    nombre: str
    secciones: list[int]
    detalle: str = ""
    como: str = ""
    mapa_url: str | None = None
    municipio_clave: int | None = None


def _seccion_en(lon: float, lat: float) -> int | None:
    motor = motor_activo()
    if motor is None:
        return None
    r = motor.buscar(lon, lat)
    return None if r.seccion is None else desde_clave(r.seccion)[1]


def _municipios(entidad: int | None) -> list[Municipio]:
    qs = Municipio.objects.all()
    if entidad is not None:
        qs = qs.filter(entidad__clave=entidad)
    return list(qs.order_by("nombre"))


def _clave_municipio(nombre: str, municipios: list[Municipio]) -> int | None:
    n = normalizar(nombre)
    for m in municipios:
        if normalizar(m.nombre) == n:
            return int(m.clave)
    return None


def buscar_lugar(texto: str, *, limite: int = 20) -> list[Coincidencia]:
    """Municipios, INEGI localidades, SEPOMEX colonias and casilla places whose name contains
    the text (accent- and case-insensitive), each with the secciones that locate it."""
    q = normalizar(texto)
    if len(q) < 2:
        return []
    entidad = entidad_preferida()
    ent = entidad or 1
    municipios = _municipios(entidad)
    secciones = Seccion.objects.all()
    if entidad is not None:
        secciones = secciones.filter(entidad__clave=entidad)
    salida: list[Coincidencia] = []
    por_municipio: dict[int, list[int]] = {}
    for mun_id, num in secciones.order_by("numero").values_list("municipio_id", "numero"):
        por_municipio.setdefault(mun_id, []).append(num)
    for m in municipios:
        if q in normalizar(m.nombre):
            salida.append(
                Coincidencia(
                    "municipio",
                    nombre_municipio(int(m.clave), m.nombre),
                    por_municipio.get(m.id, []),
                    como="Todas las secciones electorales del municipio.",
                    mapa_url=reverse("lookup:municipio", args=[m.clave]),
                    municipio_clave=int(m.clave),
                )
            )
    # INEGI localidades: the localidad's reference point, located in its sección.
    for loc in lugares.buscar_localidades(texto, ent):
        numero = _seccion_en(loc.longitud, loc.latitud)
        ambito = "urbana" if loc.ambito == "U" else "rural"
        salida.append(
            Coincidencia(
                "localidad",
                loc.nombre,
                [numero] if numero is not None else [],
                detalle=(
                    f"Localidad {ambito} del municipio de {loc.municipio} "
                    f"({loc.poblacion:,} habitantes; clave INEGI {loc.cvegeo})."
                ),
                como=(
                    "Sección donde está el punto de referencia de la localidad según el INEGI; "
                    "si la localidad es grande, abarca también secciones vecinas (véalas en el "
                    "mapa)."
                ),
                mapa_url=reverse("lookup:municipio", args=[loc.municipio_clave]),
                municipio_clave=loc.municipio_clave,
            )
        )
    # SEPOMEX colonias: no coordinates; located only through an INEGI localidad of the same
    # name or the casillas whose address names the colonia.
    domicilios = _domicilios_casillas(entidad)
    for a in lugares.buscar_asentamientos(texto, ent):
        clave_mun = _clave_municipio(a.municipio, municipios)
        homonima = lugares.localidad_homonima(a, ent)
        nums: list[int] = []
        if homonima is not None:
            numero = _seccion_en(homonima.longitud, homonima.latitud)
            nums = [numero] if numero is not None else []
            como = (
                f"Ubicada por la localidad «{homonima.nombre}» del INEGI (clave "
                f"{homonima.cvegeo}), del mismo nombre y municipio."
            )
        else:
            nums = _secciones_con_domicilio(domicilios, a.nombre, clave_mun)
            como = (
                "Secciones con casillas cuyo domicilio está en esta colonia."
                if nums
                else "El catálogo de SEPOMEX no trae la ubicación de las colonias y ninguna "
                "casilla tiene domicilio en ella: busque en el mapa o por número de sección."
            )
        ciudad = f", {a.ciudad}" if a.ciudad and a.ciudad != a.municipio else ""
        mapa_url = None
        if clave_mun is not None:
            mapa_url = (
                reverse("lookup:ciudad")
                if ciudad_municipio() == clave_mun and a.zona.lower().startswith("urb")
                else reverse("lookup:municipio", args=[clave_mun])
            )
        salida.append(
            Coincidencia(
                "colonia",
                a.nombre,
                nums,
                detalle=f"C.P. {a.codigo_postal}, municipio de {a.municipio}{ciudad}.",
                como=como,
                mapa_url=mapa_url,
                municipio_clave=clave_mun,
            )
        )
    # Places where casillas are installed (schools, etc.), from the casillas' addresses.
    lugares_casilla: dict[str, set[int]] = {}
    for numero, _mun, domicilio in domicilios:
        lugar = domicilio.split(",")[0].strip()
        if lugar and q in normalizar(lugar):
            lugares_casilla.setdefault(lugar, set()).add(numero)
    for lugar in sorted(lugares_casilla, key=normalizar):
        salida.append(
            Coincidencia(
                "casilla",
                lugar,
                sorted(lugares_casilla[lugar]),
                como="Secciones con una casilla instalada en un lugar con este nombre.",
            )
        )
    # Localidades/colonias recorded on the secciones themselves (catalog field).
    localidades: dict[str, list[int]] = {}
    for num, texto_loc in (
        secciones.exclude(localidades="").order_by("numero").values_list("numero", "localidades")
    ):
        for nombre in _partir_localidades(texto_loc):
            if q in normalizar(nombre):
                localidades.setdefault(nombre, []).append(num)
    for nombre in sorted(localidades, key=normalizar):
        salida.append(
            Coincidencia(
                "localidad",
                nombre,
                localidades[nombre],
                como="Secciones que el catálogo electoral registra con esta localidad o colonia.",
            )
        )
    return salida[:limite]


def _domicilios_casillas(entidad: int | None) -> list[tuple[int, int, str]]:
    """(sección, municipio clave, domicilio) of every casilla with an address."""
    qs = Casilla.objects.exclude(domicilio="")
    if entidad is not None:
        qs = qs.filter(seccion__entidad__clave=entidad)
    return [
        (int(n), int(m), d)
        for n, m, d in qs.order_by("seccion__numero").values_list(
            "seccion__numero", "seccion__municipio__clave", "domicilio"
        )
    ]


def _secciones_con_domicilio(
    domicilios: list[tuple[int, int, str]], colonia: str, municipio: int | None
) -> list[int]:
    """Secciones of the colonia's municipio with a casilla whose address names the colonia
    ("Col. Centro", "Fracc. …")."""
    if municipio is None:
        return []
    n = normalizar(colonia)
    n_sin = n[5:] if n.startswith("zona ") else n  # SEPOMEX "Zona Centro" = "Col. Centro"
    encontradas: set[int] = set()
    for numero, mun, domicilio in domicilios:
        if mun != municipio:
            continue
        for parte in domicilio.split(","):
            p = normalizar(parte)
            for prefijo in ("col. ", "colonia ", "fracc. ", "fraccionamiento ", "barrio "):
                if p.startswith(prefijo):
                    p = p[len(prefijo) :]
                    if p in (n, n_sin):
                        encontradas.add(numero)
    return sorted(encontradas)


# --- municipio and city views -----------------------------------------------------------------


@dataclass(frozen=True)
class SeccionBreve:
    numero: int
    casillas: int


def secciones_municipio(clave: int) -> tuple[str, list[SeccionBreve]] | None:
    """Name of the municipio and its secciones with their number of casillas, or None."""
    entidad = entidad_preferida()
    qs = Municipio.objects.filter(clave=clave)
    if entidad is not None:
        qs = qs.filter(entidad__clave=entidad)
    m = qs.first()
    if m is None:
        return None
    filas = (
        Seccion.objects.filter(municipio=m)
        .annotate(n=Count("casillas"))
        .order_by("numero")
        .values_list("numero", "n")
    )
    nombre = nombre_municipio(int(m.clave), m.nombre)
    return nombre, [SeccionBreve(int(num), int(n)) for num, n in filas]


def nombre_municipio(clave: int, nombre: str) -> str:
    """The municipio's name with its accents and capitals as SEPOMEX's catalog writes it
    ("Jesús María" for the catalog's "JESUS MARIA"), when it is there; else the catalog's."""
    n = normalizar(nombre)
    for a in lugares.asentamientos(entidad_preferida() or 1):
        if normalizar(a.municipio) == n:
            return a.municipio
    return nombre


def municipios_con_mapa() -> list[tuple[int, str]]:
    """(clave, nombre) of the municipios of the entidad, for the links to their maps."""
    return [
        (int(m.clave), nombre_municipio(int(m.clave), m.nombre))
        for m in _municipios(entidad_preferida())
    ]


def ciudad_capital() -> lugares.Localidad | None:
    """The most populous urban INEGI localidad of the entidad (for Aguascalientes, the city of
    Aguascalientes)."""
    urbanas = [loc for loc in lugares.localidades(entidad_preferida() or 1) if loc.ambito == "U"]
    return max(urbanas, key=lambda loc: loc.poblacion) if urbanas else None


def ciudad_municipio() -> int | None:
    ciudad = ciudad_capital()
    return None if ciudad is None else ciudad.municipio_clave


KM_POR_GRADO = 111.32


def secciones_ciudad() -> list[int]:
    """The urban secciones of the capital: secciones of its municipio smaller than
    UBICA_CIUDAD_AREA_KM2 (default 1 km²) whose centroid is within UBICA_CIUDAD_RADIO_KM
    (default 8 km) of the city's INEGI reference point (docs/ubica.md, ADR 0047)."""
    ciudad = ciudad_capital()
    motor = motor_activo()
    if ciudad is None or motor is None:
        return []
    area_max = float(getattr(settings, "UBICA_CIUDAD_AREA_KM2", 1.0))
    radio = float(getattr(settings, "UBICA_CIUDAD_RADIO_KM", 8.0))
    coslat = math.cos(math.radians(ciudad.latitud))
    km2 = KM_POR_GRADO * KM_POR_GRADO * coslat
    del_municipio = set(
        Seccion.objects.filter(municipio__clave=ciudad.municipio_clave).values_list(
            "entidad__clave", "numero"
        )
    )
    salida = []
    for clave in motor.claves:
        if desde_clave(clave) not in del_municipio:
            continue
        g = motor.geometria(clave)
        if g is None or g.area * km2 >= area_max:
            continue
        c = g.centroid
        d = math.hypot(
            (c.x - ciudad.longitud) * KM_POR_GRADO * coslat,
            (c.y - ciudad.latitud) * KM_POR_GRADO,
        )
        if d < radio:
            salida.append(desde_clave(clave)[1])
    return sorted(salida)


_vistas: dict[tuple[Any, ...], str] = {}


def mapa_vista_svg(
    numeros: list[int],
    *,
    resaltar: list[int] | None = None,
    titulo: str,
    margen: float = 0.03,
    ancho: int = 1000,
) -> str | None:
    """An SVG map whose viewBox is fitted to the given secciones (cached per boundary set)."""
    motor = motor_activo()
    if motor is None or not numeros:
        return None
    entidad = entidad_preferida() or 1
    claves = [clave_motor(entidad, n) for n in numeros]
    geoms = [g for g in (motor.geometria(c) for c in claves) if g is not None]
    if not geoms:
        return None
    sel = frozenset(clave_motor(entidad, n) for n in (resaltar if resaltar is not None else []))
    llave = (motor.clave_conjunto, tuple(numeros), tuple(sorted(sel)), titulo, margen, ancho)
    with _lock:
        svg = _vistas.get(llave)
    if svg is not None:
        return svg
    xmin = min(g.bounds[0] for g in geoms)
    ymin = min(g.bounds[1] for g in geoms)
    xmax = max(g.bounds[2] for g in geoms)
    ymax = max(g.bounds[3] for g in geoms)
    por_clave = {
        clave_motor(e, n): dl
        for e, n, dl in Seccion.objects.values_list(
            "entidad__clave", "numero", "distrito_local__numero"
        )
    }
    pares = [(c, motor.geometria(c)) for c in motor.claves]
    svg = mapa.renderizar_svg(
        [(c, g) for c, g in pares if g is not None],
        enlace=lambda c: reverse("lookup:seccion", args=[desde_clave(c)[1]]),
        etiqueta=lambda c: f"Sección {desde_clave(c)[1]}",
        numero=lambda c: desde_clave(c)[1],
        clase=lambda c: f"dl{(por_clave.get(c) or 0) % 8}",
        titulo=titulo,
        vista=(xmin, ymin, xmax, ymax),
        resaltar=sel,
        margen=margen,
        ancho=ancho,
    )
    with _lock:
        if len(_vistas) > 200:
            _vistas.clear()
        _vistas[llave] = svg
    return svg


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
