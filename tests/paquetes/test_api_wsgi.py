"""The direct route for POST /paquetes/api/v1/eventos (ADR 0049) answers as the Django view does:
the same status line and body, byte for byte, and the view's value for every header it sends,
for every refusal, a receipt and its retry; it writes the same row and audit event; on SQLite
(and for what it does not take) the view answers."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.db import connection
from django.utils import timezone

from ople.core.models import AuditEvent
from ople.core.testing import llamar_wsgi, make_user
from ople.paquetes import api, api_wsgi, lote, roles
from ople.paquetes import clave as claves
from ople.paquetes.models import Evento
from ople.paquetes.services import (
    crear_codigo_enrolamiento,
    enrolar_dispositivo,
    revocar_dispositivo,
)

from .conftest import nuevo_id

pytestmark = pytest.mark.django_db
EN_PG = pytest.mark.skipif(
    "connection.vendor != 'postgresql'", reason="the direct route writes only on PostgreSQL"
)


def _token(esc, persona) -> str:
    codigo = crear_codigo_enrolamiento(supervisor=esc.supervisor, persona=persona)
    return enrolar_dispositivo(codigo=codigo, nombre="Mesa")[0]


def _llamar(app, cuerpo: bytes, token: str = "", tipo="application/json", **extra):
    if token:
        extra["HTTP_AUTHORIZATION"] = f"Bearer {token}"
    return llamar_wsgi(app, metodo="POST", ruta=api_wsgi.RUTA, cuerpo=cuerpo, tipo=tipo, **extra)


@pytest.fixture
def apps():
    django_ = WSGIHandler()
    return api_wsgi.con_ruta_directa(django_), django_


@pytest.fixture
def servidas(monkeypatch):
    """How many answers the plain function gave itself."""
    cuenta = []
    original = api.eventos_directo

    def espia(*args, **kwargs):
        cuenta.append(1)
        return original(*args, **kwargs)

    monkeypatch.setattr(api, "eventos_directo", espia)
    return cuenta


def _igual(directa, django_):
    """Status line and body byte for byte; each header the route sends, with the view's value
    (the full stack adds Vary and Content-Language, which a JSON client does not read)."""
    linea, cabeceras, cuerpo = directa
    linea_d, cabeceras_d, cuerpo_d = django_
    assert (linea, cuerpo) == (linea_d, cuerpo_d)
    completas = dict(cabeceras_d)
    for nombre, valor in cabeceras:
        assert completas.get(nombre) == valor, nombre
    assert [n for n, _ in cabeceras] == [n for n, _ in cabeceras_d if n in dict(cabeceras)], (
        cabeceras,
        cabeceras_d,
    )


def _recepcion(esc, i=0, **cambios):
    return {
        "id_cliente": nuevo_id(),
        "etiqueta": claves.texto_qr(esc.proceso.clave, esc.paquete(i).clave),
        "tipo": "RECEPCION_CONSEJO",
        "mesa": "Mesa 3",
        "entregado_por": "Rosa Pérez",
        "cargo_entrega": "PRESIDENCIA",
        "recibido_por": "Auxiliar",
        "cinta_integra": False,
        "firmas_integras": True,
        "muestras_alteracion": False,
        "acta_por_fuera": True,
        "presentes": ["Ana", " "],
        **cambios,
    }


def test_cada_rechazo_igual_que_la_vista(esc, apps, servidas):
    directa, django_ = apps
    mesa = make_user("mesa_y_bodega", roles.RECEPCION, roles.BODEGA)
    token = _token(esc, mesa)
    token_cae = _token(esc, esc.cae)
    revocado = _token(esc, make_user("otra_mesa", roles.RECEPCION))
    from ople.paquetes.models import Dispositivo

    revocar_dispositivo(
        supervisor=esc.supervisor, dispositivo=Dispositivo.objects.last(), motivo="perdido"
    )
    recibido = _recepcion(esc, 1)
    assert _llamar(directa, json.dumps(recibido).encode(), token)[0] == "201 Created"
    otra_clave = claves.clave_de("019999C0101", "1")
    futuro = (timezone.now() + timedelta(hours=1)).isoformat()
    casos = [
        ("sin token", _recepcion(esc), ""),
        ("token ajeno", _recepcion(esc), "x" * 43),
        ("dado de baja", _recepcion(esc), revocado),
        ("dígito verificador", _recepcion(esc, etiqueta=esc.paquete(0).clave[:-1] + "9"), token),
        ("otro proceso", _recepcion(esc, etiqueta=claves.texto_qr("OTRO-2099", otra_clave)), token),
        (
            "no esperado",
            _recepcion(esc, etiqueta=claves.texto_qr(esc.proceso.clave, otra_clave)),
            token,
        ),
        ("fecha", _recepcion(esc, ocurrido_en="ayer"), token),
        ("fecha sin zona", _recepcion(esc, ocurrido_en="2024-06-02T20:00:00"), token),
        ("fecha futura", _recepcion(esc, ocurrido_en=futuro), token),
        ("booleano", _recepcion(esc, cinta_integra="sí"), token),
        ("presentes", _recepcion(esc, presentes="Ana"), token),
        ("tipo", _recepcion(esc, tipo="DESPEGUE"), token),
        ("id corto", _recepcion(esc, id_cliente="abc"), token),
        ("rol", _recepcion(esc), token_cae),
        ("sin condición", _recepcion(esc, cinta_integra=None), token),
        ("ya recibido", _recepcion(esc, 1), token),
        ("bodega sin recepción", _recepcion(esc, 2, tipo="INGRESO_BODEGA"), token),
        ("intercambio", _recepcion(esc, 2, tipo="INTERCAMBIO"), token),
        ("otro órgano", _recepcion(esc, 2, tipo="ENTREGA_OTRO_ORGANO"), token),
        ("CRyT sin mecanismo", _recepcion(esc, 2, tipo="RECEPCION_CRYT"), token),
        ("cierre de bodega con etiqueta", _recepcion(esc, 2, tipo="CIERRE_BODEGA"), token),
    ]
    antes = (Evento.objects.count(), AuditEvent.objects.count())
    for nombre, cuerpo, tk in casos:
        datos = json.dumps(cuerpo).encode()
        respuesta = _llamar(directa, datos, tk)
        assert not respuesta[0].startswith("2"), (nombre, respuesta)
        _igual(respuesta, _llamar(django_, datos, tk))
    assert (Evento.objects.count(), AuditEvent.objects.count()) == antes  # nothing recorded
    if connection.vendor == "postgresql":
        assert len(servidas) == len(casos) + 1  # the route answered each one itself


def test_recibo_y_su_repeticion_iguales_que_la_vista(esc, apps, servidas):
    directa, django_ = apps
    token = _token(esc, make_user("mesa_y_bodega", roles.RECEPCION, roles.BODEGA))
    cuerpo = json.dumps(_recepcion(esc)).encode()
    linea, cabeceras, nuevo = _llamar(directa, cuerpo, token)
    assert linea == "201 Created", nuevo
    # The retry, both ways: the first receipt, byte for byte.
    repetida = _llamar(directa, cuerpo, token)
    _igual(repetida, _llamar(django_, cuerpo, token))
    assert repetida[0] == "200 OK"
    assert repetida[2] == nuevo.replace(b'"duplicado": false', b'"duplicado": true')
    assert [n for n, _ in cabeceras] == [n for n, _ in repetida[1]]
    ingreso = json.dumps(_recepcion(esc, tipo="INGRESO_BODEGA", mesa="")).encode()
    linea, _, cuerpo_ingreso = _llamar(directa, ingreso, token)
    assert linea == "201 Created", cuerpo_ingreso
    _igual(_llamar(directa, ingreso, token), _llamar(django_, ingreso, token))
    assert Evento.objects.count() == 2
    if connection.vendor == "postgresql":
        assert len(servidas) == 4


@EN_PG
def test_escribe_lo_mismo_que_el_servicio(esc, apps, servidas):
    """The row and the audit event of the plain SQL are the service's (two packages, the same
    reception and entry), and the receipt folios follow each other."""
    directa, django_ = apps
    token = _token(esc, make_user("mesa_y_bodega", roles.RECEPCION, roles.BODEGA))
    for i, app in ((0, directa), (1, django_)):
        for tipo in ("RECEPCION_CONSEJO", "INGRESO_BODEGA", "LLEGADA_CONSEJO"):
            cuerpo = _recepcion(esc, i, tipo=tipo, ocurrido_en="2024-06-02T20:00:00-06:00")
            if tipo != "RECEPCION_CONSEJO":
                cuerpo["observaciones"] = "  sin novedad "
            assert _llamar(app, json.dumps(cuerpo).encode(), token)[0] == "201 Created"
    assert len(servidas) == 3
    campos = [
        f.attname
        for f in Evento._meta.concrete_fields
        if f.attname not in ("id", "paquete_id", "registrado_en", "id_cliente", "recibo_folio")
    ]
    por_paquete = [
        list(Evento.objects.filter(paquete=esc.paquete(i)).order_by("id").values(*campos))
        for i in (0, 1)
    ]
    assert por_paquete[0] == por_paquete[1]
    folios = list(
        Evento.objects.filter(tipo="RECEPCION_CONSEJO")
        .order_by("id")
        .values_list("recibo_folio", flat=True)
    )
    assert [f.split("/")[2] for f in folios] == ["001", "002"]
    eventos = list(AuditEvent.objects.filter(action="paquetes.evento").order_by("seq"))
    assert len(eventos) == 6
    for a, b in zip(eventos[:3], eventos[3:], strict=True):
        assert (a.actor_id, a.actor_label, a.object_type) == (
            b.actor_id,
            b.actor_label,
            b.object_type,
        )
        sin = lambda d: {k: v for k, v in d.items() if k not in ("paquete", "recibo_folio")}  # noqa: E731
        assert sin(a.after) == sin(b.after)
    from ople.core import audit

    assert audit.verify_log() is None


@EN_PG
def test_un_grupo_escribe_lo_que_las_llamadas_una_tras_otra(esc):
    """`lote.escribir` of a group with repeats and refusals: each answer as if one after the
    other; gap-free folios in order; the chain verifies; a group it cannot write (no bodega
    row yet) goes through the service with the same outcome."""
    mesa = make_user("mesa_y_bodega", roles.RECEPCION, roles.BODEGA)
    token = _token(esc, mesa)
    dispositivo = api.dispositivo_de(f"Bearer {token}")

    def llamada(i, tipo, id_cliente, **cambios):
        cuerpo = _recepcion(esc, i, tipo=tipo, **cambios)
        return lote.Llamada(
            usuario=mesa,
            tipo=tipo,
            id_cliente=id_cliente,
            paquete=api.paquete_recordado(cuerpo["etiqueta"], proceso=esc.proceso.clave),
            datos=api.datos_de(cuerpo),
            dispositivo=dispositivo,
            mesa="Mesa 1",
            ahora=timezone.now(),
        )

    grupo = [
        llamada(0, "RECEPCION_CONSEJO", "uno-0001"),
        llamada(1, "INGRESO_BODEGA", "dos-0001"),  # refused: not received
        llamada(1, "RECEPCION_CONSEJO", "tres-001"),
        llamada(0, "RECEPCION_CONSEJO", "cuatro-1"),  # refused: received already
        llamada(0, "RECEPCION_CONSEJO", "uno-0001"),  # a retry: the first receipt
        llamada(0, "INGRESO_BODEGA", "cinco-01"),
        llamada(2, "RECEPCION_CONSEJO", "seis-001", cinta_integra=None),  # refused
        llamada(1, "RECEPCION_CONSEJO", "tres-001"),  # a retry in the same group
    ]
    # The first group of a consejo creates its bodega row: through the service.
    salidas = lote.escribir(grupo[:1])
    assert salidas[0].value.recibo.split("/")[2] == "001"
    salidas = lote.escribir(grupo[1:])
    codigos = [getattr(s.error, "codigo", None) for s in salidas]
    assert codigos == ["sin_recepcion", None, "ya_recibido", None, None, "faltan_datos", None]
    # a retry in the same group answers the first call's event, receipt included
    assert salidas[6].value.duplicado and salidas[6].value.evento.pk == salidas[1].value.evento.pk
    assert salidas[6].value.recibo == salidas[1].value.recibo
    assert (
        salidas[3].value.duplicado
        and salidas[3].value.evento.pk == Evento.objects.get(id_cliente="uno-0001").pk
    )
    assert salidas[1].value.recibo.split("/")[2] == "002"
    assert Evento.objects.count() == 3
    from ople.core import audit

    assert audit.verify_log() is None
    assert AuditEvent.objects.filter(action="paquetes.evento").count() == 3


def test_lo_que_no_toma_va_a_la_vista(esc, apps, servidas):
    """Invalid JSON, a photo (multipart), a consejo named: the application answers."""
    directa, django_ = apps
    token = _token(esc, make_user("mesa_y_bodega", roles.RECEPCION, roles.BODEGA))
    for cuerpo, tipo in (
        (b"{no", "application/json"),
        (json.dumps(_recepcion(esc, consejo_id=999999)).encode(), "application/json"),
        (b"datos=1", "application/x-www-form-urlencoded"),
    ):
        _igual(
            _llamar(directa, cuerpo, token, tipo=tipo), _llamar(django_, cuerpo, token, tipo=tipo)
        )
    assert servidas == []
