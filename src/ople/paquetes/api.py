"""The scanning API (v1) the package scanner app talks to: enrol, read a label, record an event.

Device-token authentication (`Authorization: Bearer <token>`), CSRF-exempt, JSON answers. The
device acts for the person it was enrolled for: that person's roles decide what it may record.
Every refusal is `{"error": {"codigo": ..., "mensaje": ...}}` in Spanish, and nothing is written.
An event is idempotent on its `id_cliente` (the phone's outbox resends after a lost answer).

    POST /paquetes/api/v1/enrolar   {"codigo", "nombre"} -> {"token", "persona", "proceso"}
    GET  /paquetes/api/v1/etiqueta?texto=<QR o clave>    -> the package it names
    POST /paquetes/api/v1/eventos   JSON, or multipart with `datos` (JSON) and `foto`
         -> 201 {"recibo", "evento", "paquete", "duplicado": false} (200 and true on a repeat)
"""

from __future__ import annotations

import functools
import json
import time
from datetime import datetime
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from ople.catalog import selectors as catalogo
from ople.core import group_commit
from ople.core.errores import respuesta_json
from ople.core.errors import OpleError
from ople.core.roles import ADMINISTRACION
from ople.documentos.storage import Evidencia
from ople.paquetes import clave as claves
from ople.paquetes import selectors, services
from ople.paquetes.clave import ClaveInvalida
from ople.paquetes.models import Dispositivo, Evento, Paquete

FOTOS = Evidencia(prefijo="paquetes")
MAX_FOTO = 6 * 1024 * 1024
MAX_CUERPO = 64 * 1024
# An exception of the direct route (api_wsgi), handed to the view to be answered as Django does.
EXCEPCION = "ople.paquetes.api_wsgi.excepcion"
_BOOLEANOS = ("cinta_integra", "firmas_integras", "muestras_alteracion", "acta_por_fuera")


class ApiError(OpleError):
    pass


def _error(exc: Exception) -> JsonResponse:
    if isinstance(exc, PermissionDenied):
        return respuesta_json(
            OpleError(
                "prohibido", str(exc) or "Su rol no permite registrar este evento.", estado=403
            ),
            estado=403,
            ensure_ascii=False,
        )
    assert isinstance(exc, OpleError)
    return respuesta_json(exc, estado=exc.estado or 400, ensure_ascii=False)


_PROCESO: list[tuple[float, str]] = []  # (read at, key): the active process, re-read every 10 s


def _proceso() -> str:
    ahora = time.monotonic()
    if _PROCESO and ahora - _PROCESO[0][0] < 10:
        return _PROCESO[0][1]
    proceso = catalogo.proceso_activo()
    if proceso is None:
        raise ApiError("sin_proceso", "No hay un proceso electoral activo.", estado=409)
    _PROCESO[:] = [(ahora, proceso.clave)]
    return proceso.clave


def _dispositivo(request: HttpRequest) -> Dispositivo:
    cabecera = request.headers.get("Authorization", "")
    tipo, _, token = cabecera.partition(" ")
    dispositivo = services.autenticar(token.strip()) if tipo == "Bearer" else None
    if dispositivo is None:
        raise ApiError(
            "no_autenticado",
            "Este teléfono no está enrolado o fue dado de baja: enrólelo con un código nuevo.",
            estado=401,
        )
    return dispositivo


def _json(datos: dict[str, Any], estado: int = 200) -> JsonResponse:
    return JsonResponse(datos, status=estado, json_dumps_params={"ensure_ascii": False})


def describir(paquete: Paquete) -> dict[str, Any]:
    return {
        "clave": paquete.clave,
        "casilla": paquete.casilla.clave,
        "eleccion": paquete.eleccion.nombre,
        "consejo": paquete.consejo.nombre,
        "mecanismo": str(paquete.mecanismo) if paquete.mecanismo else "Entrega directa",
    }


@csrf_exempt
@require_POST
def enrolar(request: HttpRequest) -> JsonResponse:
    try:
        cuerpo = _cuerpo_json(request.body)
        token, dispositivo = services.enrolar_dispositivo(
            codigo=str(cuerpo.get("codigo", "")), nombre=str(cuerpo.get("nombre", ""))
        )
        proceso = _proceso()
    except OpleError as exc:
        return _error(exc)
    persona = dispositivo.persona
    return _json(
        {
            "token": token,
            "dispositivo": dispositivo.pk,
            "persona": persona.get_full_name() or persona.get_username(),
            "proceso": proceso,
            "mecanismos": selectors.mecanismos(),
        },
        201,
    )


@require_GET
def etiqueta(request: HttpRequest) -> JsonResponse:
    try:
        _dispositivo(request)
        paquete = services.paquete_de_etiqueta(request.GET.get("texto", ""), proceso=_proceso())
    except OpleError as exc:
        return _error(exc)
    return _json({"paquete": describir(paquete)})


def _cuerpo_json(datos: bytes) -> dict[str, Any]:
    if len(datos) > MAX_CUERPO:
        raise ApiError("solicitud_invalida", "El registro es demasiado grande.", estado=413)
    try:
        cuerpo = json.loads(datos or b"{}")
    except (ValueError, UnicodeDecodeError):
        raise ApiError("solicitud_invalida", "El registro no es JSON válido.", estado=400) from None
    if not isinstance(cuerpo, dict):
        raise ApiError("solicitud_invalida", "El registro debe ser un objeto JSON.", estado=400)
    return cuerpo


def _booleano(cuerpo: dict[str, Any], campo: str) -> bool | None:
    valor = cuerpo.get(campo)
    if valor is None or isinstance(valor, bool):
        return valor
    raise ApiError("solicitud_invalida", f"«{campo}» debe ser true, false o null.", estado=400)


def _momento(texto: Any) -> datetime | None:
    if texto in (None, ""):
        return None
    try:
        momento = datetime.fromisoformat(str(texto))
    except ValueError:
        momento = None
    if momento is None or momento.tzinfo is None:
        raise ApiError(
            "solicitud_invalida",
            "«ocurrido_en» debe ser una fecha y hora ISO 8601 con zona horaria.",
            estado=400,
        )
    return momento


def _texto(cuerpo: dict[str, Any], campo: str) -> str:
    valor = cuerpo.get(campo, "")
    return valor if isinstance(valor, str) else ""


def _foto(request: HttpRequest) -> str:
    archivo = request.FILES.get("foto")
    if archivo is None:
        return ""
    if archivo.size is None or archivo.size > MAX_FOTO:
        raise ApiError("foto_invalida", "La foto pasa de 6 MB.", estado=413)
    datos = archivo.read()
    if datos[:3] == b"\xff\xd8\xff":
        extension = "jpg"
    elif datos[:8] == b"\x89PNG\r\n\x1a\n":
        extension = "png"
    else:
        raise ApiError("foto_invalida", "La foto debe ser JPEG o PNG.", estado=415)
    sha, _ = FOTOS.guardar(datos, extension=extension)
    return sha


def datos_de(cuerpo: dict[str, Any], *, foto_sha256: str = "") -> services.DatosEvento:
    presentes = cuerpo.get("presentes") or []
    if not isinstance(presentes, list) or not all(isinstance(p, str) for p in presentes):
        raise ApiError("solicitud_invalida", "«presentes» es una lista de nombres.", estado=400)
    mecanismo = cuerpo.get("mecanismo_id")
    if mecanismo is not None and type(mecanismo) is not int:
        raise ApiError("solicitud_invalida", "«mecanismo_id» es un número.", estado=400)
    return services.DatosEvento(
        ocurrido_en=_momento(cuerpo.get("ocurrido_en")),
        mecanismo_id=mecanismo,
        entregado_por=_texto(cuerpo, "entregado_por"),
        cargo_entrega=_texto(cuerpo, "cargo_entrega")
        if _texto(cuerpo, "cargo_entrega") in Evento.Cargo.values
        else "",
        recibido_por=_texto(cuerpo, "recibido_por"),
        cargo_recibe=_texto(cuerpo, "cargo_recibe")
        if _texto(cuerpo, "cargo_recibe") in Evento.Cargo.values
        else "",
        cinta_integra=_booleano(cuerpo, "cinta_integra"),
        firmas_integras=_booleano(cuerpo, "firmas_integras"),
        muestras_alteracion=_booleano(cuerpo, "muestras_alteracion"),
        acta_por_fuera=_booleano(cuerpo, "acta_por_fuera"),
        acta_en_paquete=_booleano(cuerpo, "acta_en_paquete"),
        presentes=tuple(presentes),
        motivo=_texto(cuerpo, "motivo"),
        justificacion=_texto(cuerpo, "justificacion"),
        organo=_texto(cuerpo, "organo"),
        observaciones=_texto(cuerpo, "observaciones"),
        foto_sha256=foto_sha256,
    )


@csrf_exempt
@require_POST
def eventos(request: HttpRequest) -> JsonResponse:
    excepcion = request.META.pop(EXCEPCION, None)
    if excepcion is not None:
        raise excepcion  # what the direct route did not expect: Django's 500 (api_wsgi)
    try:
        dispositivo = _dispositivo(request)
        if request.content_type == "multipart/form-data":
            cuerpo = _cuerpo_json(str(request.POST.get("datos", "")).encode())
        else:
            cuerpo = _cuerpo_json(request.body)
        id_cliente = _texto(cuerpo, "id_cliente")
        paquete = None
        if _texto(cuerpo, "etiqueta"):
            paquete = services.paquete_de_etiqueta(_texto(cuerpo, "etiqueta"), proceso=_proceso())
        consejo = None
        if cuerpo.get("consejo_id") is not None:
            consejo = next((c for c in _consejos() if c.pk == cuerpo.get("consejo_id")), None)
            if consejo is None:
                raise ApiError("consejo_invalido", "El consejo no existe.", estado=422)
        datos = datos_de(cuerpo, foto_sha256=_foto(request))
        tipo, mesa = _texto(cuerpo, "tipo"), _texto(cuerpo, "mesa")
        # Committed together with the other events this process is writing (ADR 0048).
        resultado = group_commit.run(
            lambda: services.registrar_evento(
                usuario=dispositivo.persona,
                tipo=tipo,
                id_cliente=id_cliente,
                paquete=paquete,
                consejo=consejo,
                datos=datos,
                dispositivo=dispositivo,
                mesa=mesa,
            )
        )
    except (OpleError, ClaveInvalida, PermissionDenied) as exc:
        return _error(exc)
    return _respuesta(resultado)


def _consejos() -> list[Any]:
    return list(selectors.consejos())


def _respuesta(resultado: services.ResultadoEvento) -> JsonResponse:
    e = resultado.evento
    return _json(
        {
            "recibo": resultado.recibo,
            "evento": e.pk,
            "tipo": e.tipo,
            "tipo_texto": e.get_tipo_display(),
            "paquete": e.paquete.clave if e.paquete_id else None,  # type: ignore[union-attr]
            "registrado_en": e.registrado_en.isoformat(),
            "duplicado": resultado.duplicado,
        },
        200 if resultado.duplicado else 201,
    )


# --- the direct route (api_wsgi, docs/decisions/0049) -------------------------------------------


class _Recordados:
    """Packages by key, remembered `OPLE_API_CACHE_S` seconds by each server process (0, in
    tests: read every time): a package's key, consejo and casilla never change once
    generated."""

    def __init__(self) -> None:
        self.paquetes: dict[tuple[str, str], tuple[float, Paquete]] = {}

    def olvidar(self) -> None:
        self.paquetes = {}


RECORDADOS = _Recordados()


def _ttl() -> float:
    return float(getattr(settings, "OPLE_API_CACHE_S", 0))


@functools.cache
def _sql_dispositivo() -> str:
    q = connection.ops.quote_name
    usuario = get_user_model()
    grupos = usuario.groups.through  # type: ignore[attr-defined]
    return (
        f"SELECT d.id, d.nombre, u.id, u.{q(usuario.USERNAME_FIELD)}, u.is_superuser, "
        f"ARRAY(SELECT g.name FROM {q(grupos._meta.db_table)} ug "
        f"JOIN {q(Group._meta.db_table)} g ON g.id = ug.group_id WHERE ug.user_id = u.id) "
        f"FROM {q(Dispositivo._meta.db_table)} d "
        f"JOIN {q(usuario._meta.db_table)} u ON u.id = d.persona_id "
        "WHERE d.token_sha256 = %s AND d.activo AND u.is_active"
    )


def dispositivo_de(autorizacion: str) -> Dispositivo:
    """The device of an `Authorization` header (as `_dispositivo`: active, its person active)
    with its person and the person's roles, read with one plain statement on every event
    (PostgreSQL), so a revoked device or a changed role counts at once, as in the view."""
    tipo, _, token = autorizacion.partition(" ")
    token = token.strip() if tipo == "Bearer" else ""
    fila = None
    if token:
        with connection.cursor() as cursor:
            cursor.execute(_sql_dispositivo(), [services.huella(token)])
            fila = cursor.fetchone()
    if fila is None:
        raise ApiError(
            "no_autenticado",
            "Este teléfono no está enrolado o fue dado de baja: enrólelo con un código nuevo.",
            estado=401,
        )
    pk, nombre, persona_id, usuario, superusuario, grupos = fila
    persona = get_user_model()(
        id=persona_id, is_superuser=superusuario, is_active=True, is_staff=False
    )
    setattr(persona, persona.USERNAME_FIELD, usuario)
    persona._state.adding = False
    # What core.roles reads (and would otherwise query): the person's roles, now.
    persona._ople_roles = set(grupos) | ({ADMINISTRACION} if superusuario else set())  # type: ignore[attr-defined]
    dispositivo = Dispositivo(id=pk, nombre=nombre, persona=persona, activo=True)
    dispositivo._state.adding = False
    return dispositivo


def paquete_recordado(texto: str, *, proceso: str) -> Paquete:
    """`services.paquete_de_etiqueta`, its package (with its consejo) remembered by key."""
    lectura = claves.leer(texto, proceso=proceso)
    ttl, ahora = _ttl(), time.monotonic()
    recordado = RECORDADOS.paquetes.get((proceso, lectura.clave)) if ttl > 0 else None
    if recordado is not None and ahora - recordado[0] < ttl:
        return recordado[1]
    paquete = services.paquete_de_etiqueta(texto, proceso=proceso)
    if ttl > 0:
        RECORDADOS.paquetes[(proceso, lectura.clave)] = (ahora, paquete)
    return paquete


def directo(cuerpo: dict[str, Any]) -> bool:
    """Does the direct route write this event itself (`paquetes.lote`)? A scanned label, no
    consejo or mechanism named, not an event inside the bodega; anything else, the view."""
    tipo = cuerpo.get("tipo")
    return (
        isinstance(cuerpo.get("etiqueta"), str)
        and bool(cuerpo["etiqueta"])
        and cuerpo.get("consejo_id") is None
        and cuerpo.get("mecanismo_id") is None
        and isinstance(tipo, str)
        and tipo not in services.EVENTOS_EN_BODEGA
    )


def eventos_directo(autorizacion: str, cuerpo: dict[str, Any]) -> tuple[int, bytes]:
    """`eventos` for a JSON body that `directo` accepts, without a request: (status, JSON
    body), byte for byte what the view answers; its checks in the view's order."""
    from ople.paquetes import lote

    try:
        dispositivo = dispositivo_de(autorizacion)
        id_cliente = _texto(cuerpo, "id_cliente")
        paquete = paquete_recordado(_texto(cuerpo, "etiqueta"), proceso=_proceso())
        datos = datos_de(cuerpo)
        tipo, mesa = _texto(cuerpo, "tipo"), _texto(cuerpo, "mesa")
        id_cliente = services.comprobar_solicitud(
            usuario=dispositivo.persona, tipo=tipo, id_cliente=id_cliente
        )
        resultado = lote.registrar(
            lote.Llamada(
                usuario=dispositivo.persona,
                tipo=tipo,
                id_cliente=id_cliente,
                paquete=paquete,
                datos=datos,
                dispositivo=dispositivo,
                mesa=mesa,
                ahora=timezone.now(),
            )
        )
    except (OpleError, ClaveInvalida, PermissionDenied) as exc:
        respuesta = _error(exc)
    else:
        respuesta = _respuesta(resultado)
    return respuesta.status_code, respuesta.content
