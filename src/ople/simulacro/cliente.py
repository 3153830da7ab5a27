"""A small HTTP client that uses ople the way a browser or the PREP Casilla app does.

Standard library only (urllib): cookies, Django's CSRF token, form posts, multipart uploads.
Each simulated person has their own `Navegador` (own cookie jar), as each real one has a browser.
"""

from __future__ import annotations

import http.cookiejar
import json
import re
import secrets
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from typing import Any

_CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@dataclass
class Respuesta:
    estado: int
    cuerpo: bytes
    url: str
    segundos: float

    @property
    def texto(self) -> str:
        return self.cuerpo.decode("utf-8", "replace")

    def json(self) -> Any:
        return json.loads(self.cuerpo)


class _SinRedireccion(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):  # type: ignore[no-untyped-def]
        return None


class Navegador:
    def __init__(self, base: str, *, timeout: float = 60.0) -> None:
        self.base = base.rstrip("/")
        self.timeout = timeout
        self.cookies = http.cookiejar.CookieJar()
        self._abrir = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.cookies), _SinRedireccion()
        ).open

    def _csrf_cookie(self) -> str:
        for c in self.cookies:
            if c.name == "csrftoken":
                return c.value or ""
        return ""

    def solicitar(
        self,
        metodo: str,
        ruta: str,
        *,
        datos: bytes | None = None,
        cabeceras: dict[str, str] | None = None,
        seguir: bool = True,
    ) -> Respuesta:
        url = ruta if ruta.startswith("http") else self.base + ruta
        cab = {"Referer": self.base + "/", **(cabeceras or {})}
        inicio = time.perf_counter()
        for _ in range(5):
            req = urllib.request.Request(url, data=datos, method=metodo, headers=cab)
            try:
                with self._abrir(req, timeout=self.timeout) as r:
                    return Respuesta(r.status, r.read(), url, time.perf_counter() - inicio)
            except urllib.error.HTTPError as e:
                if e.code in (301, 302, 303, 307, 308) and seguir:
                    url = urllib.parse.urljoin(url, e.headers.get("Location", "/"))
                    metodo, datos = "GET", None
                    continue
                return Respuesta(e.code, e.read(), url, time.perf_counter() - inicio)
        raise RuntimeError(f"demasiadas redirecciones desde {ruta}")

    def get(self, ruta: str) -> Respuesta:
        return self.solicitar("GET", ruta)

    def post_form(
        self, ruta: str, campos: dict[str, str], *, pagina: str | None = None
    ) -> Respuesta:
        """POST a form the way a browser does: with the CSRF token from the page or cookie."""
        token = self._csrf_cookie()
        if not token:
            r = self.get(pagina or ruta)
            m = _CSRF_INPUT.search(r.texto)
            token = m.group(1) if m else self._csrf_cookie()
        cuerpo = urllib.parse.urlencode({"csrfmiddlewaretoken": token, **campos}).encode()
        return self.solicitar(
            "POST",
            ruta,
            datos=cuerpo,
            cabeceras={
                "Content-Type": "application/x-www-form-urlencoded",
                "X-CSRFToken": token,
            },
        )

    def post_multipart(
        self,
        ruta: str,
        campos: dict[str, str],
        archivos: list[tuple[str, str, str, bytes]],
        *,
        cabeceras: dict[str, str] | None = None,
        csrf: bool = True,
    ) -> Respuesta:
        """archivos: (field, filename, content type, bytes)."""
        frontera = "----ople" + secrets.token_hex(12)
        partes: list[bytes] = []
        todos = dict(campos)
        cab = dict(cabeceras or {})
        if csrf:
            token = self._csrf_cookie()
            if not token:
                self.get(ruta)
                token = self._csrf_cookie()
            todos["csrfmiddlewaretoken"] = token
            cab["X-CSRFToken"] = token
        for nombre, valor in todos.items():
            partes.append(
                f'--{frontera}\r\nContent-Disposition: form-data; name="{nombre}"\r\n\r\n'
                f"{valor}\r\n".encode()
            )
        for campo, archivo, tipo, datos in archivos:
            partes.append(
                f'--{frontera}\r\nContent-Disposition: form-data; name="{campo}"; '
                f'filename="{archivo}"\r\nContent-Type: {tipo}\r\n\r\n'.encode()
                + datos
                + b"\r\n"
            )
        partes.append(f"--{frontera}--\r\n".encode())
        cab["Content-Type"] = f"multipart/form-data; boundary={frontera}"
        return self.solicitar("POST", ruta, datos=b"".join(partes), cabeceras=cab)

    def post_json(self, ruta: str, cuerpo: dict[str, Any], *, token: str = "") -> Respuesta:
        cab = {"Content-Type": "application/json"}
        if token:
            cab["Authorization"] = f"Bearer {token}"
        return self.solicitar("POST", ruta, datos=json.dumps(cuerpo).encode(), cabeceras=cab)

    def entrar(self, usuario: str, contrasena: str, *, totp: str | None = None) -> None:
        """Log in through the real login form (and the second factor when asked)."""
        r = self.get("/cuenta/entrar/")
        m = _CSRF_INPUT.search(r.texto)
        if not m:
            raise RuntimeError(f"la página de entrada no tiene token CSRF ({r.estado})")
        datos = urllib.parse.urlencode(
            {"csrfmiddlewaretoken": m.group(1), "username": usuario, "password": contrasena}
        ).encode()
        cabeceras = {"Content-Type": "application/x-www-form-urlencoded"}
        # The whole team logs in at once from one address: attempts in flight count toward the
        # address's login limit until each one's password is checked, so some get a 429 that
        # ends as soon as the others are done. The operator tries again.
        for intento in range(20):
            r = self.solicitar("POST", "/cuenta/entrar/", datos=datos, cabeceras=cabeceras)
            if r.estado != 429:
                break
            time.sleep(min(2.0, 0.2 * (intento + 1)))
        if "/cuenta/entrar/" in r.url and r.estado == 200 and 'name="password"' in r.texto:
            raise RuntimeError(f"no se pudo entrar como {usuario}")
        if totp is not None:
            r = self.get("/cuenta/segundo-factor/")
            m = _CSRF_INPUT.search(r.texto)
            if m:
                self.post_form("/cuenta/segundo-factor/", {"codigo": totp})
