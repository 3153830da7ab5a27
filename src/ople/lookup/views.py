"""Ubica tu distrito y casilla: the public page and the JSON API (thin; reads in selectors)."""

from __future__ import annotations

import math
from typing import Any

from django.conf import settings
from django.http import (
    HttpRequest,
    HttpResponse,
    HttpResponseRedirect,
    JsonResponse,
)
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_safe

from ople.core import errores
from ople.core.errors import OpleError

from . import engine, limite, selectors
from .openapi import especificacion

SECCION_MAX = 9999  # four digits, as printed on the credential and in CLAVE_CASILLA

MENSAJE_FUERA = (
    "El punto está fuera de la entidad: no cae en ninguna sección electoral del conjunto de "
    "límites vigente."
)


class ParametroInvalido(OpleError, ValueError):
    """A query parameter the lookup API refuses (HTTP 400)."""

    estado = 400


def _entero_seccion(valor: str) -> int:
    texto = valor.strip()
    if not texto.isdigit() or not texto.isascii() or len(texto) > 6:
        raise ParametroInvalido(
            "seccion_invalida", "El número de sección debe ser un entero positivo (p. ej. 123)."
        )
    numero = int(texto)
    if not 1 <= numero <= SECCION_MAX:
        raise ParametroInvalido(
            "seccion_invalida", f"El número de sección va de 1 a {SECCION_MAX}."
        )
    return numero


def _coordenada(nombre: str, valor: str, minimo: float, maximo: float) -> float:
    try:
        x = float(valor.strip())
    except ValueError:
        raise ParametroInvalido(
            "coordenada_invalida", f"El parámetro «{nombre}» debe ser un número decimal."
        ) from None
    if not math.isfinite(x) or not minimo <= x <= maximo:
        raise ParametroInvalido(
            "coordenada_invalida", f"El parámetro «{nombre}» debe estar entre {minimo} y {maximo}."
        )
    return x


# --- JSON API ------------------------------------------------------------------------------


def _json(datos: dict[str, Any], status: int = 200, *, max_age: int | None = 300) -> JsonResponse:
    r = JsonResponse(datos, status=status, json_dumps_params={"ensure_ascii": False})
    return _cabeceras(r, max_age=max_age)


def _cabeceras(r: JsonResponse, *, max_age: int | None) -> JsonResponse:
    if max_age is None:
        patch_cache_control(r, no_store=True)
    else:
        patch_cache_control(r, public=True, max_age=max_age)
    r["Access-Control-Allow-Origin"] = "*"
    r["Vary"] = "Accept-Encoding"
    return r


def _error(status: int, codigo: str, mensaje: str, *, max_age: int | None = None) -> JsonResponse:
    r = errores.respuesta_json(OpleError(codigo, mensaje), estado=status, ensure_ascii=False)
    return _cabeceras(r, max_age=max_age)


def api(request: HttpRequest) -> HttpResponse:
    """GET /api/ubica?lat=&lon=  or  /api/ubica?seccion="""
    if request.method not in ("GET", "HEAD"):
        r = _error(405, "metodo_no_permitido", "Sólo se admiten consultas GET.")
        r["Allow"] = "GET, HEAD"
        return r
    espera = limite.segundos_de_espera(request)
    if espera:
        r = _error(
            429,
            "demasiadas_consultas",
            f"Demasiadas consultas desde su dirección. Intente de nuevo en {espera} segundos.",
        )
        r["Retry-After"] = str(espera)
        return r
    q = request.GET
    try:
        tiene_punto = "lat" in q or "lon" in q
        if "seccion" in q and tiene_punto:
            raise ParametroInvalido(
                "parametros_invalidos", "Use «seccion» o «lat» y «lon», no ambos."
            )
        if "seccion" in q:
            numero = _entero_seccion(q["seccion"])
            ficha = selectors.ficha_seccion(numero)
            if ficha is None:
                return _error(
                    404, "seccion_inexistente", f"No existe la sección {numero}.", max_age=60
                )
            return _json(ficha.como_json())
        if tiene_punto:
            if "lat" not in q or "lon" not in q:
                raise ParametroInvalido(
                    "parametros_invalidos", "Indique ambos parámetros, «lat» y «lon»."
                )
            lat = _coordenada("lat", q["lat"], -90.0, 90.0)
            lon = _coordenada("lon", q["lon"], -180.0, 180.0)
            hallado = selectors.buscar_punto(lon, lat)
            if hallado is None:
                return _error(
                    503,
                    "sin_limites",
                    "No hay un conjunto de límites seccionales activo; intente más tarde.",
                )
            resultado, ficha = hallado
            if ficha is None:
                return _error(404, "fuera_de_la_entidad", MENSAJE_FUERA, max_age=300)
            datos = ficha.como_json()
            datos["punto"] = {"lat": lat, "lon": lon, "exacto": resultado.exacto}
            return _json(datos)
        raise ParametroInvalido("parametros_faltantes", "Indique «seccion», o bien «lat» y «lon».")
    except ParametroInvalido as e:
        return _error(e.estado or 400, e.codigo, e.mensaje)
    except engine.CoordenadaInvalida as e:
        return _error(400, "coordenada_invalida", str(e))


def openapi(request: HttpRequest) -> HttpResponse:
    base = request.build_absolute_uri("/").rstrip("/")
    return _json(especificacion(base), max_age=3600)


# --- public pages --------------------------------------------------------------------------


def _publica(r: HttpResponse, max_age: int = 300) -> HttpResponse:
    patch_cache_control(r, public=True, max_age=max_age)
    return r


@require_safe
def inicio(request: HttpRequest) -> HttpResponse:
    """The search page. Every search is a GET form that works without JavaScript."""
    q = request.GET
    if any(q.get(p, "").strip() for p in ("seccion", "q", "lat", "lon")):
        espera = limite.segundos_de_espera(request)
        if espera:
            r = render(
                request,
                "lookup/inicio.html",
                {
                    "errores": [
                        "Demasiadas consultas desde su dirección. Intente de nuevo en "
                        f"{espera} segundos."
                    ],
                    "mapa": selectors.mapa_svg(),
                    "sugerencias": selectors.sugerencias(),
                },
                status=429,
            )
            r["Retry-After"] = str(espera)
            return r
    contexto: dict[str, Any] = {
        "seccion_texto": q.get("seccion", "")[:20],
        "lugar_texto": q.get("q", "")[:100],
        "errores": [],
        "coincidencias": None,
    }
    status = 200
    try:
        if q.get("seccion", "").strip():
            numero = _entero_seccion(q["seccion"])
            if selectors.ficha_seccion(numero) is None:
                contexto["errores"].append(f"No existe la sección {numero} en el catálogo.")
                status = 404
            else:
                return HttpResponseRedirect(reverse("lookup:seccion", args=[numero]))
        elif q.get("q", "").strip():
            texto = q["q"].strip()[:100]
            if texto.isdigit():
                numero = _entero_seccion(texto)
                if selectors.ficha_seccion(numero) is not None:
                    return HttpResponseRedirect(reverse("lookup:seccion", args=[numero]))
            contexto["coincidencias"] = selectors.buscar_lugar(texto)
        elif "lat" in q or "lon" in q:
            lat = _coordenada("lat", q.get("lat", ""), -90.0, 90.0)
            lon = _coordenada("lon", q.get("lon", ""), -180.0, 180.0)
            hallado = selectors.buscar_punto(lon, lat)
            if hallado is None:
                contexto["errores"].append("No hay un conjunto de límites seccionales activo.")
                status = 503
            elif hallado[1] is None:
                contexto["errores"].append(MENSAJE_FUERA)
                status = 404
            else:
                return HttpResponseRedirect(reverse("lookup:seccion", args=[hallado[1].seccion]))
    except ParametroInvalido as e:
        contexto["errores"].append(e.mensaje)
        status = 400
    contexto["mapa"] = selectors.mapa_svg()
    contexto["sugerencias"] = selectors.sugerencias()
    contexto["municipios"] = selectors.municipios_con_mapa()
    contexto["ciudad"] = selectors.ciudad_capital()
    r = render(request, "lookup/inicio.html", contexto, status=status)
    return _publica(r, 60) if status == 200 else r


@require_safe
def seccion(request: HttpRequest, numero: int) -> HttpResponse:
    ficha = selectors.ficha_seccion(numero) if 1 <= numero <= SECCION_MAX else None
    if ficha is None:
        return render(
            request,
            "lookup/inicio.html",
            {
                "errores": [f"No existe la sección {numero} en el catálogo."],
                "mapa": selectors.mapa_svg(),
                "sugerencias": selectors.sugerencias(),
            },
            status=404,
        )
    calles = getattr(settings, "UBICA_MAPA_CALLES_URL", "")
    casillas = [
        {
            "c": c,
            "mapa_calles": calles.format(lat=c.latitud, lon=c.longitud)
            if calles and c.latitud is not None and c.longitud is not None
            else "",
        }
        for c in ficha.casillas
    ]
    r = render(
        request,
        "lookup/seccion.html",
        {
            "ficha": ficha,
            "casillas": casillas,
            "hay_sinteticas": any(c.sintetica for c in ficha.casillas),
            "mapa": selectors.mapa_vista_svg(
                [ficha.seccion],
                resaltar=[ficha.seccion],
                titulo=f"Sección {ficha.seccion} y sus vecinas",
                margen=1.0,
                ancho=400,
            ),
        },
    )
    return _publica(r)


def _no_encontrado(request: HttpRequest, mensaje: str) -> HttpResponse:
    return render(
        request,
        "lookup/inicio.html",
        {
            "errores": [mensaje],
            "mapa": selectors.mapa_svg(),
            "sugerencias": selectors.sugerencias(),
            "municipios": selectors.municipios_con_mapa(),
        },
        status=404,
    )


@require_safe
def municipio(request: HttpRequest, clave: int) -> HttpResponse:
    """A municipio: its secciones (each a link with its number of casillas) and its map."""
    datos = selectors.secciones_municipio(clave) if 0 < clave < 1000 else None
    if datos is None:
        return _no_encontrado(request, f"No existe el municipio {clave} en el catálogo.")
    nombre, secciones = datos
    numeros = [s.numero for s in secciones]
    svg = selectors.mapa_vista_svg(
        numeros, resaltar=numeros, titulo=f"Mapa de las secciones del municipio de {nombre}"
    )
    r = render(
        request,
        "lookup/zona.html",
        {
            "titulo": f"Municipio de {nombre}",
            "nombre": nombre,
            "secciones": secciones,
            "casillas": sum(s.casillas for s in secciones),
            "mapa": svg,
            "es_ciudad": False,
            "ciudad_url": reverse("lookup:ciudad")
            if selectors.ciudad_municipio() == clave
            else None,
        },
    )
    return _publica(r)


@require_safe
def ciudad(request: HttpRequest) -> HttpResponse:
    """The urban secciones of the capital, on a map fitted to them."""
    capital = selectors.ciudad_capital()
    numeros = selectors.secciones_ciudad()
    if capital is None or not numeros:
        return _no_encontrado(request, "No hay datos para el mapa de la ciudad.")
    datos = selectors.secciones_municipio(capital.municipio_clave)
    casillas = {s.numero: s.casillas for s in datos[1]} if datos else {}
    secciones = [selectors.SeccionBreve(n, casillas.get(n, 0)) for n in numeros]
    r = render(
        request,
        "lookup/zona.html",
        {
            "titulo": f"Ciudad de {capital.nombre}",
            "nombre": capital.nombre,
            "secciones": secciones,
            "casillas": sum(s.casillas for s in secciones),
            "mapa": selectors.mapa_vista_svg(
                numeros, titulo=f"Mapa de las secciones urbanas de la ciudad de {capital.nombre}"
            ),
            "es_ciudad": True,
            "municipio_url": reverse("lookup:municipio", args=[capital.municipio_clave]),
        },
    )
    return _publica(r)


@require_safe
def mapa(request: HttpRequest) -> HttpResponse:
    svg = selectors.mapa_svg()
    if svg is None:
        return HttpResponse(
            "No hay límites seccionales activos.",
            status=404,
            content_type="text/plain; charset=utf-8",
        )
    return _publica(HttpResponse(svg, content_type="image/svg+xml; charset=utf-8"), 3600)
