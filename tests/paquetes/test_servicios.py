"""Custody events through the services: reception, bodega, corrections, refusals."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection

from ople.core.models import AuditEvent
from ople.paquetes import clave as claves
from ople.paquetes import selectors
from ople.paquetes.models import Evento, EventoInmutable, Mecanismo
from ople.paquetes.services import (
    DatosEvento,
    PaqueteError,
    asignar,
    corregir_evento,
    crear_mecanismo,
    paquete_de_etiqueta,
    registrar_evento,
)

from .conftest import nuevo_id

pytestmark = pytest.mark.django_db
T = Evento.Tipo
CIERRE = datetime(2024, 6, 3, 3, 0, tzinfo=UTC)  # 21:00 of 2 June in Aguascalientes
BIEN = dict(
    entregado_por="Rosa Pérez",
    cargo_entrega="PRESIDENCIA",
    recibido_por="Luis Gómez",
    cargo_recibe="AUXILIAR",
    cinta_integra=True,
    firmas_integras=True,
    muestras_alteracion=False,
    acta_por_fuera=True,
)


def recibir(esc, i=0, *, ahora=None, **cambios):
    datos = DatosEvento(**{**BIEN, **cambios})
    return registrar_evento(
        usuario=esc.recepcion,
        tipo=T.RECEPCION_CONSEJO,
        id_cliente=nuevo_id(),
        paquete=esc.paquete(i),
        consejo=esc.consejo,
        datos=datos,
        mesa="Mesa 1",
        ahora=ahora,
    )


def abrir_bodega(esc, presentes=("Consejera Ana Ruiz", "Rep. PAN Juan Díaz")):
    return registrar_evento(
        usuario=esc.bodega,
        tipo=T.APERTURA_BODEGA,
        id_cliente=nuevo_id(),
        consejo=esc.consejo,
        datos=DatosEvento(presentes=presentes, motivo="Cómputo distrital"),
    )


def test_un_paquete_por_casilla_y_eleccion(esc):
    p = esc.paquete(0)
    assert p.clave == esc.casillas[0].clave + "2"
    assert p.consejo == esc.consejo
    assert esc.paquete(1).ubicacion == "RURAL"
    assert esc.paquete(4).consejo == esc.otro_consejo


def test_recibido_con_sello_roto_alimenta_c7(esc):
    r = recibir(esc, 0, cinta_integra=False)
    assert r.evento.recibo_folio.startswith("IEE/RPQ-D01/001/")
    estado = selectors.estado_paquetes(eleccion=esc.eleccion)[esc.casillas[0].pk]
    assert estado.recibido and estado.alteracion and estado.causas == ("C7",)
    assert AuditEvent.objects.filter(action="paquetes.evento").count() == 1


def test_sin_acta_por_fuera_ni_dentro_alimenta_c3(esc):
    recibir(esc, 0, acta_por_fuera=False)
    registrar_evento(
        usuario=esc.bodega, tipo=T.INGRESO_BODEGA, id_cliente=nuevo_id(), paquete=esc.paquete(0)
    )
    abrir_bodega(esc)
    registrar_evento(
        usuario=esc.bodega,
        tipo=T.EXTRACCION_ACTAS,
        id_cliente=nuevo_id(),
        paquete=esc.paquete(0),
        datos=DatosEvento(acta_en_paquete=False),
    )
    estado = selectors.estado_paquetes(eleccion=esc.eleccion, casillas=[esc.casillas[0].pk])
    assert estado[esc.casillas[0].pk].causas == ("C3",)


def test_bodega_cerrada_no_se_saca_un_paquete(esc):
    recibir(esc, 0)
    registrar_evento(
        usuario=esc.bodega, tipo=T.INGRESO_BODEGA, id_cliente=nuevo_id(), paquete=esc.paquete(0)
    )
    with pytest.raises(PaqueteError) as exc:
        registrar_evento(
            usuario=esc.bodega,
            tipo=T.EXTRACCION_ACTAS,
            id_cliente=nuevo_id(),
            paquete=esc.paquete(0),
            datos=DatosEvento(acta_en_paquete=True),
        )
    assert exc.value.codigo == "bodega_cerrada"
    with pytest.raises(PaqueteError) as exc:
        abrir_bodega(esc, presentes=("Solo una persona",))
    assert exc.value.codigo == "faltan_testigos"
    abrir_bodega(esc)
    assert selectors.bitacora_bodega(esc.consejo)[-1].presentes == [
        "Consejera Ana Ruiz",
        "Rep. PAN Juan Díaz",
    ]


def test_dos_mesas_no_reciben_el_mismo_paquete(esc):
    recibir(esc, 0)
    with pytest.raises(PaqueteError) as exc:
        recibir(esc, 0)
    assert exc.value.codigo == "ya_recibido"
    assert Evento.objects.filter(tipo=T.RECEPCION_CONSEJO).count() == 1


def test_reintento_del_mismo_registro_es_idempotente(esc):
    datos = DatosEvento(**BIEN)
    kw = dict(
        usuario=esc.recepcion,
        tipo=T.RECEPCION_CONSEJO,
        id_cliente="telefono-1-000001",
        paquete=esc.paquete(0),
        datos=datos,
    )
    primero = registrar_evento(**kw)
    segundo = registrar_evento(**kw)
    assert segundo.duplicado and segundo.evento.pk == primero.evento.pk
    assert Evento.objects.count() == 1


def test_paquete_de_otro_consejo(esc):
    with pytest.raises(PaqueteError) as exc:
        registrar_evento(
            usuario=esc.recepcion,
            tipo=T.RECEPCION_CONSEJO,
            id_cliente=nuevo_id(),
            paquete=esc.paquete(4),
            consejo=esc.consejo,
            datos=DatosEvento(**BIEN),
        )
    assert exc.value.codigo == "otro_consejo"
    registrar_evento(
        usuario=esc.recepcion,
        tipo=T.ENTREGA_OTRO_ORGANO,
        id_cliente=nuevo_id(),
        paquete=esc.paquete(4),
        consejo=esc.consejo,
        datos=DatosEvento(organo="Consejo Distrital 1"),
    )
    fila = selectors.tablero(esc.otro_consejo, ahora=CIERRE)[0]
    assert fila.otro_organo == "Consejo Distrital 1"


def test_correccion_conserva_ambos_eventos(esc):
    r = recibir(esc, 0, muestras_alteracion=True)
    assert selectors.estado_paquetes(eleccion=esc.eleccion)[esc.casillas[0].pk].alteracion
    corregir_evento(
        usuario=esc.supervisor,
        evento=r.evento,
        motivo="Se marcó alteración por error; el acta circunstanciada dice que venía íntegro",
        datos=DatosEvento(**BIEN),
        id_cliente=nuevo_id(),
    )
    assert Evento.objects.filter(paquete=esc.paquete(0)).count() == 2
    assert not selectors.estado_paquetes(eleccion=esc.eleccion)[esc.casillas[0].pk].alteracion
    with pytest.raises(PaqueteError):
        corregir_evento(
            usuario=esc.supervisor,
            evento=r.evento,
            motivo="otra",
            datos=DatosEvento(**BIEN),
            id_cliente=nuevo_id(),
        )
    with pytest.raises(PermissionDenied):
        corregir_evento(
            usuario=esc.recepcion,
            evento=r.evento,
            motivo="x",
            datos=DatosEvento(**BIEN),
            id_cliente=nuevo_id(),
        )


def test_el_modelo_no_se_deja_modificar(esc):
    e = recibir(esc, 0).evento
    e.cinta_integra = False
    with pytest.raises(EventoInmutable):
        e.save()
    with pytest.raises(EventoInmutable):
        e.delete()


@pytest.mark.postgres
def test_postgresql_rechaza_update_y_delete(esc):
    if connection.vendor != "postgresql":
        pytest.skip("el disparador es de PostgreSQL")
    from django.db import DatabaseError, transaction

    e = recibir(esc, 0).evento
    with pytest.raises(DatabaseError, match="solo anexar"), transaction.atomic():
        Evento.objects.filter(pk=e.pk).update(cinta_integra=False)
    with pytest.raises(DatabaseError, match="solo anexar"), transaction.atomic():
        with connection.cursor() as cur:
            cur.execute("DELETE FROM paquetes_evento WHERE id = %s", [e.pk])
    e.refresh_from_db()
    assert e.cinta_integra is True


def test_etiqueta_ajena_o_mal_tecleada_no_registra_nada(esc):
    proceso = esc.proceso.clave
    p = esc.paquete(0)
    assert paquete_de_etiqueta(claves.texto_qr(proceso, p.clave), proceso=proceso) == p
    antes = AuditEvent.objects.count()
    for malo in ("https://ejemplo.org/acta", claves.impresa(proceso, p.clave)[:-1] + "0"):
        with pytest.raises(claves.ClaveInvalida):
            paquete_de_etiqueta(malo, proceso=proceso)
    assert Evento.objects.count() == 0 and AuditEvent.objects.count() == antes


def test_cryt_no_programado_se_marca_y_explica(esc):
    fijo = crear_mecanismo(
        usuario=esc.supervisor, consejo=esc.consejo, tipo="CRYT_FIJO", nombre="CRyT Calvillo"
    )
    otro = crear_mecanismo(
        usuario=esc.supervisor, consejo=esc.consejo, tipo="CRYT_FIJO", nombre="CRyT Centro"
    )
    asignar(usuario=esc.supervisor, paquete=esc.paquete(0), mecanismo=fijo, ubicacion="URBANA")
    r = registrar_evento(
        usuario=esc.cae,
        tipo=T.RECEPCION_CRYT,
        id_cliente=nuevo_id(),
        paquete=esc.paquete(0),
        datos=DatosEvento(mecanismo_id=fijo.pk),
    )
    assert r.evento.programado is True
    with pytest.raises(PaqueteError) as exc:
        registrar_evento(
            usuario=esc.cae,
            tipo=T.RECEPCION_CRYT,
            id_cliente=nuevo_id(),
            paquete=esc.paquete(2),
            datos=DatosEvento(mecanismo_id=otro.pk),
        )
    assert exc.value.codigo == "no_programado"
    r = registrar_evento(
        usuario=esc.cae,
        tipo=T.RECEPCION_CRYT,
        id_cliente=nuevo_id(),
        paquete=esc.paquete(2),
        datos=DatosEvento(mecanismo_id=otro.pk, observaciones="La presidenta no sabía su CRyT"),
    )
    assert r.evento.programado is False
    with pytest.raises(PaqueteError):
        crear_mecanismo(
            usuario=esc.supervisor,
            consejo=esc.consejo,
            tipo=Mecanismo.Tipo.CRYT_ITINERANTE,
            nombre="Ruta sierra",
        )


def test_plazos_del_tablero(esc):
    registrar_evento(
        usuario=esc.cae,
        tipo=T.CIERRE_CASILLA,
        id_cliente=nuevo_id(),
        paquete=esc.paquete(0),
        datos=DatosEvento(ocurrido_en=CIERRE),
        ahora=CIERRE,
    )
    registrar_evento(
        usuario=esc.cae,
        tipo=T.CIERRE_CASILLA,
        id_cliente=nuevo_id(),
        paquete=esc.paquete(1),
        datos=DatosEvento(ocurrido_en=CIERRE),
        ahora=CIERRE,
    )
    # urban: 12 h → on time at +3 h; rural: 24 h, arrives at +30 h with its justification
    recibir(esc, 0, ahora=CIERRE + timedelta(hours=3))
    recibir(esc, 1, ahora=CIERRE + timedelta(hours=30), justificacion="Camino cerrado por lluvia")
    filas = {
        f.paquete.casilla_id: f
        for f in selectors.tablero(esc.consejo, ahora=CIERRE + timedelta(hours=40))
    }
    c = esc.casillas
    assert filas[c[0].pk].plazo == CIERRE + timedelta(hours=12)
    assert filas[c[0].pk].situacion == "en_plazo"
    assert filas[c[1].pk].plazo == CIERRE + timedelta(hours=24)
    assert filas[c[1].pk].situacion == "extemporaneo"
    assert filas[c[1].pk].justificacion == "Camino cerrado por lluvia"
    # no closing event: from the vote's close at 18:00 (UTC-6) of the jornada, 12 h
    assert filas[c[2].pk].situacion == "faltante"
    assert filas[c[2].pk].plazo == datetime(2024, 6, 3, 12, 0, tzinfo=UTC)
    a = selectors.avance(esc.consejo, ahora=CIERRE + timedelta(hours=40))
    assert (a.esperados, a.recibidos, a.en_plazo, a.extemporaneos, a.faltantes) == (4, 2, 1, 1, 2)


def test_la_cae_no_recibe_en_el_consejo(esc):
    with pytest.raises(PermissionDenied):
        registrar_evento(
            usuario=esc.cae,
            tipo=T.RECEPCION_CONSEJO,
            id_cliente=nuevo_id(),
            paquete=esc.paquete(0),
            datos=DatosEvento(**BIEN),
        )
