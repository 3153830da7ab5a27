"""PREP Casilla API v1 (JSON; the OpenAPI 3 schema is served at /prep/api/v1/openapi.json).

Token authentication (`Authorization: Bearer <token>`), CSRF-exempt. Every refusal is
`{"error": {"codigo": ..., "mensaje": ...}}` with a 4xx status; nothing a client sends produces
a 500. Views are thin: they parse, authenticate and call the services.
"""

from __future__ import annotations

import json
import re
import threading
import time
from datetime import UTC, datetime
from functools import wraps
from typing import Any

from django.conf import settings
from django.core.exceptions import (
    BadRequest,
    RequestDataTooBig,
    SuspiciousOperation,
    TooManyFieldsSent,
    TooManyFilesSent,
)
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Count, Max
from django.http import HttpRequest, JsonResponse
from django.http.multipartparser import MultiPartParserError
from django.views.decorators.csrf import csrf_exempt

from ople.catalog.models import Eleccion
from ople.core import errores
from ople.core.errors import OpleError
from ople.prep import entrada
from ople.prep.middleware import textos_de
from ople.prep.models import ActaEsperada, Digitalizacion, Dispositivo
from ople.prep.services import dispositivos, intake

ESTADOS = {
    "no_autenticado": 401,
    "codigo_invalido": 403,
    "casilla_no_asignada": 403,
    "acta_desconocida": 404,
    "no_encontrado": 404,
    "metodo_no_permitido": 405,
    "intake_cerrado": 409,
    "demasiado_grande": 413,
    "tipo_no_permitido": 415,
    "hash_no_coincide": 422,
    "fecha_fuera_de_rango": 422,
    "imagen_invalida": 422,
    "solicitud_invalida": 400,
}

# Room for the multipart envelope and the text fields around the image.
_HOLGURA_MULTIPART = 64 * 1024


def _partes_de_error(exc: OpleError) -> tuple[int, str | None]:
    """(status, WWW-Authenticate or None) of an API error: its own status, else ESTADOS."""
    autenticar = 'Bearer realm="prep"' if exc.codigo == "no_autenticado" else None
    return (exc.estado if exc.estado is not None else ESTADOS.get(exc.codigo, 400)), autenticar


def _respuesta_de_error(exc: OpleError) -> JsonResponse:
    estado, autenticar = _partes_de_error(exc)
    resp = errores.respuesta_json(exc, estado=estado)
    if autenticar is not None:
        resp["WWW-Authenticate"] = autenticar
    return resp


def error(codigo: str, mensaje: str) -> JsonResponse:
    return _respuesta_de_error(OpleError(codigo, mensaje))


def largo_declarado(meta: dict[str, Any]) -> int:
    """The request's Content-Length, 0 when it is missing or not a number."""
    try:
        return int(meta.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0


def excede_el_tope(largo: int) -> bool:
    """Whether a body of `largo` bytes cannot hold an image within OPLE_MAX_IMAGE_BYTES."""
    return largo > settings.OPLE_MAX_IMAGE_BYTES + _HOLGURA_MULTIPART


def _endpoint(*metodos: str):  # type: ignore[no-untyped-def]
    """Allow only `metodos`; turn any client-caused parsing failure into a JSON 4xx."""

    def decorador(vista):  # type: ignore[no-untyped-def]
        @csrf_exempt
        @wraps(vista)
        def envuelta(request: HttpRequest, *args: Any, **kwargs: Any) -> JsonResponse:
            if request.method not in metodos:
                resp = error(
                    "metodo_no_permitido", f"Método no permitido; use {', '.join(metodos)}."
                )
                resp["Allow"] = ", ".join(metodos)
                return resp
            try:
                return vista(request, *args, **kwargs)
            except _ERRORES_DEL_CLIENTE as exc:
                return _respuesta_de_error(_como_error(exc))

        # It reads its own body and answers in JSON (ople.prep.middleware checks only its path).
        envuelta.lee_su_cuerpo = True  # type: ignore[attr-defined]
        return envuelta

    return decorador


# What a view may raise because of what the client sent: answered as a JSON 4xx. OpleError
# covers the services' refusals too (intake.IntakeError, dispositivos.EnrolamientoError).
_ERRORES_DEL_CLIENTE = (
    OpleError,
    RequestDataTooBig,
    MultiPartParserError,
    TooManyFieldsSent,
    TooManyFilesSent,
    SuspiciousOperation,
    BadRequest,
    UnicodeDecodeError,
)


def _como_error(exc: Exception) -> OpleError:
    """One of _ERRORES_DEL_CLIENTE as an OpleError (code and Spanish message)."""
    if isinstance(exc, OpleError):
        return exc
    if isinstance(exc, RequestDataTooBig):
        return OpleError("demasiado_grande", "La solicitud es demasiado grande.")
    return OpleError("solicitud_invalida", "La solicitud no se pudo leer (formato inválido).")


def _sin_controles(textos: Any) -> None:
    """Refuse any control character (NUL...) in the fields a client sent (names and values)."""
    caracter = entrada.primer_prohibido(textos)
    if caracter is not None:
        raise OpleError("solicitud_invalida", entrada.mensaje(caracter))


def _token(request: HttpRequest) -> str:
    """The device token of `Authorization: Bearer <token>`; a refusal when it is missing."""
    # META directly: request.headers would first build a map of every header.
    return _token_de(request.META.get("HTTP_AUTHORIZATION", ""))


def _token_de(autorizacion: str) -> str:
    partes = autorizacion.split(None, 1)
    if len(partes) != 2 or partes[0].lower() != "bearer":
        raise OpleError("no_autenticado", "Falta el token del dispositivo (Authorization: Bearer).")
    return partes[1].strip()


def _dispositivo(request: HttpRequest) -> Dispositivo:
    disp = dispositivos.autenticar(_token(request))
    if disp is None:
        raise OpleError("no_autenticado", "El token no es válido o el dispositivo fue revocado.")
    return disp


def _listado(disp: Dispositivo) -> dict[str, Any]:
    return {
        "dispositivo": {"id": disp.pk, "nombre": disp.nombre},
        "casillas": dispositivos.casillas_del_dispositivo(disp),
    }


@_endpoint("POST")
def enrolamiento(request: HttpRequest) -> JsonResponse:
    if len(request.body) > 16 * 1024:
        raise OpleError("demasiado_grande", "La solicitud es demasiado grande.")
    try:
        datos = json.loads(request.body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise OpleError("solicitud_invalida", "El cuerpo debe ser un objeto JSON.") from None
    if not isinstance(datos, dict):
        raise OpleError("solicitud_invalida", "El cuerpo debe ser un objeto JSON.")
    codigo, nombre = datos.get("codigo"), datos.get("nombre")
    if not isinstance(codigo, str) or not isinstance(nombre, str) or not codigo.strip():
        raise OpleError("solicitud_invalida", "Se requieren «codigo» y «nombre» como texto.")
    _sin_controles((codigo, nombre))
    if len(codigo) > 64:
        raise OpleError("codigo_invalido", "El código de enrolamiento no es válido.")
    enrol = dispositivos.enrolar_dispositivo(codigo=codigo, nombre=nombre)
    return JsonResponse({"token": enrol.token, **_listado(enrol.dispositivo)}, status=201)


@_endpoint("GET")
def dispositivo(request: HttpRequest) -> JsonResponse:
    return JsonResponse(_listado(_dispositivo(request)))


def _fecha(texto: str) -> datetime | None:
    texto = texto.strip()
    if not texto:
        return None
    try:
        valor = datetime.fromisoformat(texto)
    except ValueError:
        raise OpleError(
            "solicitud_invalida", "«capturado_en» debe ser una fecha ISO 8601."
        ) from None
    if valor.tzinfo is None:
        valor = valor.replace(tzinfo=UTC)
    return valor


_DISPOSICION = re.compile(
    rb'form-data; *name="([A-Za-z0-9_]{1,40})"(?:; *filename="([^"\r\n]{1,255})")?',
    re.IGNORECASE,
)


def _multipart_simple(request: HttpRequest) -> tuple[dict[str, str], bytes] | None:
    """Fields and the `imagen` bytes of a plain multipart body, or None to let Django parse it.

    The PREP Casilla app sends a few text fields and one file with no transfer encoding; such a
    body is split with a few byte searches over the body read once, instead of Django's
    streaming parser (which costs more CPU than the rest of the request). Anything unusual —
    another header than Content-Type, an encoding, a repeated or unnamed part, a file without a
    name — returns None and goes through Django's parser, which decides.
    """
    # Django has already split the Content-Type header (request.content_params).
    limite = request.content_params.get("boundary", "")
    if not limite_simple(limite):
        return None
    return partes_simples(limite, request.body)


def limite_simple(limite: str) -> bool:
    """Whether `limite` (the Content-Type's boundary) is one _multipart_simple can split by."""
    return bool(limite) and len(limite) <= 70 and limite.isascii()


def partes_simples(limite: str, cuerpo: bytes) -> tuple[dict[str, str], bytes] | None:
    """_multipart_simple on the boundary (see limite_simple) and the body already read."""
    delimitador = b"--" + limite.encode("ascii")
    largo_delimitador = len(delimitador)
    if not cuerpo.startswith(delimitador + b"\r\n"):
        return None
    final = cuerpo.rfind(b"\r\n" + delimitador + b"--")
    if final < 0 or cuerpo[final + largo_delimitador + 4 :].strip():
        return None
    campos: dict[str, str] = {}
    imagen: bytes | None = None
    inicio = largo_delimitador + 2
    while True:
        # The next occurrence of the delimiter anywhere (Django's parser splits at every one,
        # even without the CRLF around it) must be a part boundary: CRLF before it, and CRLF
        # after it or the closing delimiter. One pass over the body.
        siguiente = cuerpo.find(delimitador, inicio)
        fin_parte = siguiente - 2
        if siguiente < 0 or fin_parte > final or cuerpo[fin_parte:siguiente] != b"\r\n":
            return None
        ultima = fin_parte == final
        despues = siguiente + largo_delimitador
        if not ultima and cuerpo[despues : despues + 2] != b"\r\n":
            return None
        fin_cabeza = cuerpo.find(b"\r\n\r\n", inicio, fin_parte)
        if fin_cabeza < 0 or len(campos) > 8:
            return None
        nombre, archivo = None, None
        for linea in cuerpo[inicio:fin_cabeza].split(b"\r\n"):
            cabecera, _, valor = linea.partition(b":")
            cabecera = cabecera.strip().lower()
            if cabecera == b"content-disposition":
                m = _DISPOSICION.fullmatch(valor.strip())
                if m is None:
                    return None
                nombre, archivo = m.group(1).decode("ascii"), m.group(2)
            elif cabecera != b"content-type":
                return None
        if nombre is None or nombre in campos or (nombre == "imagen") != (archivo is not None):
            return None
        if archivo is not None:
            if imagen is not None:
                return None
            imagen = cuerpo[fin_cabeza + 4 : fin_parte]
            campos[nombre] = ""
        else:
            try:
                campos[nombre] = cuerpo[fin_cabeza + 4 : fin_parte].decode("utf-8")
            except UnicodeDecodeError:
                return None
        if ultima:
            break
        inicio = despues + 2
    if imagen is None:
        return None
    return campos, imagen


class _CatalogoActas:
    """CLAVE_ACTA -> the acta's row, for the whole catalog, kept in memory by each server process.

    Uploads name random actas, so remembering them one by one saves nothing; the catalog (a few
    thousand rows per process electoral, fixed before election night) is read in one query
    instead. Every `OPLE_API_CACHE_S` seconds one query checks whether it changed (row count and
    highest id) and reloads it if so; a clave missing from the map is looked up in the database,
    so an acta added in between is found at once.
    """

    _CAMPOS = ("id", "eleccion_id", "casilla_id", "demarcacion_id", "tipo_acta", "clave")

    def __init__(self) -> None:
        self._filas: dict[str, tuple[Any, ...]] = {}
        self._elecciones: dict[int, Eleccion] = {}
        self._huella: tuple[int, int | None] | None = None
        self._revisado = -1e18
        self._candado = threading.Lock()

    def acta(self, clave: str, ttl: float) -> ActaEsperada | None:
        if ttl <= 0:
            return ActaEsperada.objects.select_related("eleccion").filter(clave=clave).first()
        if time.monotonic() - self._revisado > ttl:
            self._revisar(ttl)
        fila = self._filas.get(clave)
        eleccion = self._elecciones.get(fila[1]) if fila is not None else None
        if fila is None or eleccion is None:
            return ActaEsperada.objects.select_related("eleccion").filter(clave=clave).first()
        acta = ActaEsperada.from_db("default", self._CAMPOS, fila)
        acta.eleccion = eleccion
        return acta

    def _revisar(self, ttl: float) -> None:
        with self._candado:
            if time.monotonic() - self._revisado <= ttl:
                return  # another thread just did it
            huella = ActaEsperada.objects.aggregate(n=Count("id"), ultimo=Max("id"))
            actual = (huella["n"], huella["ultimo"])
            if actual != self._huella:
                self._elecciones = Eleccion.objects.in_bulk()
                self._filas = {
                    fila[-1]: fila
                    for fila in ActaEsperada.objects.values_list(*self._CAMPOS).iterator(
                        chunk_size=5000
                    )
                }
                self._huella = actual
            self._revisado = time.monotonic()

    def olvidar(self) -> None:
        with self._candado:
            self._filas, self._elecciones, self._huella = {}, {}, None
            self._revisado = -1e18


_CATALOGO = _CatalogoActas()


def _acta(clave: str) -> ActaEsperada | None:
    """The expected acta with its election."""
    return _CATALOGO.acta(clave, float(getattr(settings, "OPLE_API_CACHE_S", 0)))


def _sesion(autorizacion: str) -> tuple[Dispositivo, Any]:
    """The device of the `Authorization` header and the ids of its casillas, or a refusal."""
    sesion = dispositivos.autenticar_con_casillas(_token_de(autorizacion))
    if sesion is None:
        raise OpleError("no_autenticado", "El token no es válido o el dispositivo fue revocado.")
    return sesion


@_endpoint("POST")
def actas(request: HttpRequest) -> JsonResponse:
    sesion = _sesion(request.META.get("HTTP_AUTHORIZATION", ""))
    if excede_el_tope(largo_declarado(request.META)):
        raise OpleError(
            "demasiado_grande",
            f"La imagen excede el máximo permitido ({settings.OPLE_MAX_IMAGE_BYTES:,} bytes).",
        )
    if not request.content_type.startswith("multipart/form-data"):
        raise OpleError("solicitud_invalida", "Envíe la imagen como multipart/form-data.")
    simple = _multipart_simple(request)
    if simple is not None:
        recibo = _recibir(sesion, *simple)
        return JsonResponse(recibo.como_json(), status=_estado_del_recibo(recibo))
    _sin_controles(textos_de(request.POST))
    archivo = request.FILES.get("imagen")
    clave = (request.POST.get("clave_acta") or "").strip().upper()
    sha = (request.POST.get("sha256") or "").strip()
    texto_fecha = request.POST.get("capturado_en") or ""
    if archivo is None:
        clave = ""
    elif archivo.size is not None and archivo.size > settings.OPLE_MAX_IMAGE_BYTES:
        raise OpleError(
            "demasiado_grande",
            f"La imagen excede el máximo permitido ({settings.OPLE_MAX_IMAGE_BYTES:,} bytes).",
        )
    datos = archivo.read() if archivo is not None and clave and sha else b""
    recibo = _subir(sesion, clave, sha, texto_fecha, datos)
    return JsonResponse(recibo.como_json(), status=_estado_del_recibo(recibo))


def _estado_del_recibo(recibo: intake.Recibo) -> int:
    """201 for a new upload, 200 for a retry of the same bytes."""
    return 200 if recibo.duplicado else 201


def _recibir(
    sesion: tuple[Dispositivo, Any], campos: dict[str, str], datos: bytes
) -> intake.Recibo:
    """The upload of the fields and image bytes of a plain multipart body (partes_simples)."""
    _sin_controles(t for par in campos.items() for t in par)
    return _subir(
        sesion,
        campos.get("clave_acta", "").strip().upper(),
        campos.get("sha256", "").strip(),
        campos.get("capturado_en", ""),
        datos,
    )


def _subir(
    sesion: tuple[Dispositivo, Any], clave: str, sha: str, texto_fecha: str, datos: bytes
) -> intake.Recibo:
    disp, casillas = sesion
    if not clave or not sha:
        raise OpleError(
            "solicitud_invalida", "Faltan campos: se requieren «imagen», «clave_acta» y «sha256»."
        )
    if len(datos) > settings.OPLE_MAX_IMAGE_BYTES:
        raise OpleError(
            "demasiado_grande",
            f"La imagen excede el máximo permitido ({settings.OPLE_MAX_IMAGE_BYTES:,} bytes).",
        )
    capturado_en = _fecha(texto_fecha)
    if len(clave) > 24:
        raise OpleError("acta_desconocida", "La clave de acta no existe en el catálogo.")
    acta = _acta(clave)
    if acta is None:
        raise OpleError("acta_desconocida", f"La clave de acta «{clave}» no existe en el catálogo.")
    if acta.casilla_id not in casillas:
        raise OpleError(
            "casilla_no_asignada", "Este dispositivo no está asignado a la casilla de esa acta."
        )
    recibo = intake.recibir_imagen(
        datos=datos,
        sha256_declarado=sha,
        acta=acta,
        clave_leida=clave,
        origen=Digitalizacion.Origen.CASILLA,
        medio=Digitalizacion.Medio.MOVIL,
        identificacion="API",
        dispositivo=disp,
        capturado_en=capturado_en,
    )
    return recibo


def actas_simple(
    autorizacion: str, campos: dict[str, str], datos: bytes
) -> tuple[int, bytes, str | None]:
    """`actas` for a plain multipart body already split (partes_simples), without a request:
    (status, JSON body, WWW-Authenticate or None), byte for byte what `actas` answers.

    The caller (api_wsgi) has checked what `actas` checks before splitting the body (method,
    Content-Length, Content-Type); errors the client caused are answered here, anything else
    is raised.
    """
    try:
        recibo = _recibir(_sesion(autorizacion), campos, datos)
    except _ERRORES_DEL_CLIENTE as exc:
        error = _como_error(exc)
        estado, autenticar = _partes_de_error(error)
        return estado, _json(error.como_json()), autenticar
    return _estado_del_recibo(recibo), _json(recibo.como_json()), None


def _json(datos: dict[str, Any]) -> bytes:
    """The body JsonResponse(datos) has."""
    return json.dumps(datos, cls=DjangoJSONEncoder).encode("utf-8")


@_endpoint("GET")
def openapi(request: HttpRequest) -> JsonResponse:
    return JsonResponse(ESQUEMA, json_dumps_params={"ensure_ascii": False, "indent": 1})


@csrf_exempt
def no_encontrado(request: HttpRequest, resto: str = "") -> JsonResponse:
    return error("no_encontrado", "No existe ese recurso de la API.")


no_encontrado.lee_su_cuerpo = True  # type: ignore[attr-defined]


def _err(desc: str) -> dict[str, Any]:
    return {
        "description": desc,
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
    }


ESQUEMA: dict[str, Any] = {
    "openapi": "3.0.3",
    "info": {
        "title": "ople · API de PREP Casilla",
        "version": "1.0.0",
        "description": (
            "Recepción de fotografías de actas PREP tomadas en la casilla. Un supervisor genera "
            "un código de enrolamiento de un solo uso ligado a casillas; el dispositivo lo "
            "canjea por un token (sólo se guarda su SHA-256) y con él envía imágenes. El "
            "servidor recalcula el SHA-256 y rechaza cualquier diferencia. Los envíos son "
            "idempotentes: repetir los mismos bytes devuelve el mismo recibo (200, "
            "duplicado=true); otra imagen de la misma acta es una versión nueva. "
            "Errores: objeto Error con un código estable y un mensaje en español."
        ),
    },
    "servers": [{"url": "/prep/api/v1"}],
    "components": {
        "securitySchemes": {"token": {"type": "http", "scheme": "bearer"}},
        "schemas": {
            "Error": {
                "type": "object",
                "required": ["error"],
                "properties": {
                    "error": {
                        "type": "object",
                        "required": ["codigo", "mensaje"],
                        "properties": {
                            "codigo": {"type": "string", "enum": sorted(ESTADOS)},
                            "mensaje": {"type": "string"},
                        },
                    }
                },
            },
            "Acta": {
                "type": "object",
                "required": ["clave_acta", "eleccion", "tipo_acta"],
                "properties": {
                    "clave_acta": {"type": "string", "example": "010393C020002"},
                    "eleccion": {"type": "string", "example": "DIPUTACIONES LOCALES"},
                    "tipo_acta": {"type": "string", "example": "2"},
                },
            },
            "Casilla": {
                "type": "object",
                "required": ["clave", "seccion", "tipo", "domicilio", "actas"],
                "properties": {
                    "clave": {"type": "string", "example": "010393C0200"},
                    "seccion": {"type": "integer", "example": 393},
                    "tipo": {"type": "string", "example": "C"},
                    "domicilio": {"type": "string"},
                    "actas": {"type": "array", "items": {"$ref": "#/components/schemas/Acta"}},
                },
            },
            "Dispositivo": {
                "type": "object",
                "required": ["dispositivo", "casillas"],
                "properties": {
                    "dispositivo": {
                        "type": "object",
                        "properties": {"id": {"type": "integer"}, "nombre": {"type": "string"}},
                    },
                    "casillas": {
                        "type": "array",
                        "items": {"$ref": "#/components/schemas/Casilla"},
                    },
                },
            },
            "Recibo": {
                "type": "object",
                "required": [
                    "recibo",
                    "clave_acta",
                    "sha256",
                    "version",
                    "recibido_en",
                    "duplicado",
                ],
                "properties": {
                    "recibo": {"type": "string", "format": "uuid"},
                    "clave_acta": {"type": "string"},
                    "sha256": {"type": "string", "pattern": "^[0-9a-f]{64}$"},
                    "version": {"type": "integer", "minimum": 1},
                    "recibido_en": {"type": "string", "format": "date-time"},
                    "duplicado": {"type": "boolean"},
                },
            },
        },
    },
    "paths": {
        "/enrolamiento": {
            "post": {
                "summary": "Canjear un código de enrolamiento por un token de dispositivo",
                "requestBody": {
                    "required": True,
                    "content": {
                        "application/json": {
                            "schema": {
                                "type": "object",
                                "required": ["codigo", "nombre"],
                                "properties": {
                                    "codigo": {"type": "string", "example": "ABCD-EFGH-JKMN"},
                                    "nombre": {"type": "string", "example": "Teléfono CAE 17"},
                                },
                            }
                        }
                    },
                },
                "responses": {
                    "201": {
                        "description": "Dispositivo enrolado; el token se muestra sólo esta vez",
                        "content": {
                            "application/json": {
                                "schema": {
                                    "allOf": [
                                        {"$ref": "#/components/schemas/Dispositivo"},
                                        {
                                            "type": "object",
                                            "required": ["token"],
                                            "properties": {"token": {"type": "string"}},
                                        },
                                    ]
                                }
                            }
                        },
                    },
                    "400": _err("solicitud_invalida"),
                    "403": _err("codigo_invalido: no existe, ya se usó o venció"),
                    "413": _err("demasiado_grande"),
                },
            }
        },
        "/dispositivo": {
            "get": {
                "summary": "Casillas asignadas al dispositivo y sus actas esperadas",
                "security": [{"token": []}],
                "responses": {
                    "200": {
                        "description": "Listado",
                        "content": {
                            "application/json": {
                                "schema": {"$ref": "#/components/schemas/Dispositivo"}
                            }
                        },
                    },
                    "401": _err("no_autenticado"),
                },
            }
        },
        "/actas": {
            "post": {
                "summary": "Enviar la imagen de un acta",
                "security": [{"token": []}],
                "requestBody": {
                    "required": True,
                    "content": {
                        "multipart/form-data": {
                            "schema": {
                                "type": "object",
                                "required": ["imagen", "clave_acta", "sha256"],
                                "properties": {
                                    "imagen": {
                                        "type": "string",
                                        "format": "binary",
                                        "description": "JPEG o PNG (no PDF)",
                                    },
                                    "clave_acta": {"type": "string"},
                                    "sha256": {
                                        "type": "string",
                                        "description": "SHA-256 (hex) calculado por el equipo",
                                    },
                                    "capturado_en": {
                                        "type": "string",
                                        "format": "date-time",
                                        "description": (
                                            "ISO 8601; sin zona se toma como UTC; en la "
                                            "jornada y el PREP, o poco antes de la recepción"
                                        ),
                                    },
                                },
                            }
                        }
                    },
                },
                "responses": {
                    "201": {
                        "description": "Imagen recibida (recibo nuevo)",
                        "content": {
                            "application/json": {"schema": {"$ref": "#/components/schemas/Recibo"}}
                        },
                    },
                    "200": {
                        "description": "Reintento de los mismos bytes: el recibo original",
                        "content": {
                            "application/json": {"schema": {"$ref": "#/components/schemas/Recibo"}}
                        },
                    },
                    "400": _err("solicitud_invalida"),
                    "401": _err("no_autenticado"),
                    "403": _err("casilla_no_asignada"),
                    "404": _err("acta_desconocida"),
                    "409": _err("intake_cerrado: falta la puesta en ceros"),
                    "413": _err("demasiado_grande"),
                    "415": _err("tipo_no_permitido"),
                    "422": _err(
                        "hash_no_coincide, imagen_invalida (incluye bombas) o "
                        "fecha_fuera_de_rango (capturado_en)"
                    ),
                },
            }
        },
        "/openapi.json": {
            "get": {"summary": "Este esquema", "responses": {"200": {"description": "OpenAPI 3"}}}
        },
    },
}
