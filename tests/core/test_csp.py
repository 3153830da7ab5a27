"""The Content-Security-Policy: the pure policy functions, the setting, and the header on every
response of every URL of ople (walked from the URL conf, anonymous and as a superuser)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import RoutePattern

from ople.core import csp
from ople.core.testing import login_verified, make_user

SRC = Path(__file__).resolve().parents[2] / "src"


def test_cabecera_de_la_base():
    assert csp.cabecera(csp.BASE) == (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; "
        "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
    )


def test_ampliar_agrega_sin_repetir_y_reemplaza_none():
    p = csp.ampliar(
        csp.BASE,
        {
            "img-src": ("blob:", "'self'"),
            "object-src": ("'self'",),
            "connect-src": ("https://a.mx",),
        },
    )
    assert p["img-src"] == ("'self'", "blob:")
    assert p["object-src"] == ("'self'",)
    assert p["connect-src"] == ("https://a.mx",)
    assert p["script-src"] == ("'self'",)
    assert csp.BASE["img-src"] == ("'self'",)  # the base is not changed


def test_leer():
    assert csp.leer("") == {}
    assert csp.leer(" img-src https://mapas.example.mx data: ;; Connect-Src https://a.mx ") == {
        "img-src": ("https://mapas.example.mx", "data:"),
        "connect-src": ("https://a.mx",),
    }


@pytest.mark.parametrize(
    "texto",
    [
        "img_src x",  # not a directive name
        "img-src 'unsafe-inline\"",  # broken quote
        "img-src a.mx,b.mx",  # the header's separator inside a source
        "img-src https://é.mx",  # not ASCII
        "img-src a\x00b",  # NUL
    ],
)
def test_leer_rechaza(texto):
    with pytest.raises(csp.PoliticaInvalida):
        csp.leer(texto)


def _importar_settings(extra: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "OPLE_TESTING": "1", "OPLE_CSP_EXTRA": extra, "PYTHONPATH": str(SRC)}
    codigo = "from ople.config import settings as s; print(s.CONTENT_SECURITY_POLICY['img-src'])"
    return subprocess.run(
        [sys.executable, "-c", codigo], env=env, capture_output=True, text=True, timeout=60
    )


def test_ople_csp_extra_amplia_la_politica():
    r = _importar_settings("img-src https://mapas.example.mx")
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == "(\"'self'\", 'https://mapas.example.mx')"


def test_ople_csp_extra_invalida_detiene_el_arranque_en_espanol():
    r = _importar_settings("img-src a,b")
    assert r.returncode != 0
    assert "ImproperlyConfigured: OPLE_CSP_EXTRA: Fuente no válida en la directiva img-src" in (
        r.stderr
    )


# Values for the converters of path(): enough to reach each view (most answer 404 on an empty
# database, which must carry the header too).
EJEMPLOS = {"int": "1", "str": "x", "slug": "x", "path": "x/y", "uuid": "0" * 32}


def _rutas(patrones, prefijo: str = ""):
    for p in patrones:
        ruta = str(p.pattern)
        if not isinstance(p.pattern, RoutePattern):
            # A regex route: its named groups become "x" where that matches (the published
            # files, the API's 404); the admin's app list (a choice of names) is left out.
            ejemplo = re.sub(r"\(\?P<\w+>[^)]*\)", "x", ruta).lstrip("^").rstrip("$")
            if not re.fullmatch(ruta.lstrip("^").rstrip("$"), ejemplo):
                continue
            ruta = ejemplo
        for nombre, conv in p.pattern.converters.items():
            tipo = {
                "IntConverter": "int",
                "PathConverter": "path",
                "SlugConverter": "slug",
                "UUIDConverter": "uuid",
            }.get(type(conv).__name__, "str")
            ruta = ruta.replace(f"<{tipo}:{nombre}>", EJEMPLOS[tipo])
            ruta = ruta.replace(f"<{nombre}>", EJEMPLOS[tipo])
        if isinstance(p, URLResolver):
            yield from _rutas(p.url_patterns, prefijo + ruta)
        elif isinstance(p, URLPattern):
            yield "/" + prefijo + ruta


def _revisar(respuesta, url: str) -> None:
    assert "Content-Security-Policy" in respuesta, url
    politica = csp.leer(respuesta["Content-Security-Policy"])
    for directiva, fuentes in csp.BASE.items():
        if fuentes != ("'none'",):
            assert set(fuentes) <= set(politica[directiva]), (url, directiva)
    for directiva in ("script-src", "style-src"):
        assert not {"'unsafe-inline'", "'unsafe-eval'", "*"} & set(politica[directiva]), url
    assert politica["frame-ancestors"] == ("'none'",), url


@pytest.mark.django_db
def test_cada_url_lleva_la_politica():
    rutas = sorted(set(_rutas(get_resolver().url_patterns)))
    assert len(rutas) > 60  # the walk reached the apps and the admin
    anonimo = Client(raise_request_exception=False)
    admin = Client(raise_request_exception=False)
    login_verified(admin, make_user("raiz", is_superuser=True, is_staff=True))
    html = 0
    for url in [*rutas, "/no-existe/"]:
        for cliente in (anonimo, admin):
            r = cliente.get(url)
            _revisar(r, url)
            html += r.get("Content-Type", "").startswith("text/html")
    assert html > 40


@pytest.mark.django_db
def test_la_politica_es_la_configurada(client, settings):
    settings.CONTENT_SECURITY_POLICY = csp.ampliar(csp.BASE, {"img-src": ("https://a.mx",)})
    r = client.get("/")
    assert r["Content-Security-Policy"] == csp.cabecera(settings.CONTENT_SECURITY_POLICY)
    r = client.get("/casilla/")  # the view's widening on top of the configured policy
    assert csp.leer(r["Content-Security-Policy"])["img-src"] == ("'self'", "https://a.mx", "blob:")


@pytest.mark.parametrize(
    ("tipo", "medio"),
    [
        ("image/jpeg", True),
        ("image/png", True),
        ("IMAGE/WEBP; q=1", True),
        ("application/pdf", True),
        ("image/svg+xml", False),  # a document that may carry script
        ("text/html; charset=utf-8", False),
        ("application/json", False),
        ("", False),
    ],
)
def test_es_medio(tipo, medio):
    assert csp.es_medio(tipo) is medio


@pytest.mark.django_db
def test_una_imagen_deja_al_visor_del_navegador_su_estilo(rf, settings):
    from django.http import HttpResponse

    from ople.core.middleware import ContentSecurityPolicyMiddleware

    def respuesta(tipo):
        m = ContentSecurityPolicyMiddleware(lambda r: HttpResponse(b"", content_type=tipo))
        return csp.leer(m(rf.get("/"))["Content-Security-Policy"])

    assert respuesta("image/jpeg")["style-src-attr"] == ("'unsafe-inline'",)
    assert respuesta("image/jpeg")["script-src"] == ("'self'",)
    assert "style-src-attr" not in respuesta("text/html")
    assert "style-src-attr" not in respuesta("image/svg+xml")


def test_ninguna_plantilla_trae_script_ni_estilo_en_linea():
    """The policy refuses inline script and style: every template of ople keeps them in static
    files (a script element only with src=, no <style>, no style= or on*= attribute)."""
    plantillas = sorted(SRC.glob("ople/*/templates/**/*.html"))
    assert len(plantillas) >= 15
    prohibido = re.compile(
        r"<script(?![^>]*\ssrc=)|<style|\sstyle=|\son[a-z]+=|javascript:", re.IGNORECASE
    )
    for plantilla in plantillas:
        encontrado = prohibido.search(plantilla.read_text(encoding="utf-8"))
        assert encontrado is None, (plantilla, encontrado)
