"""The cómputo reads each package's condition from the paquetes system (issue 21, item 7): a
package received with its seal broken gives C7, a package without its acta (neither outside nor
inside) gives C3; a casilla whose package is not tracked keeps the consejo's own record."""

from __future__ import annotations

import uuid

import pytest

from ople.computos import calculo, selectors
from ople.computos import testing as t
from ople.computos.models import ActaEnMano, EnRecuento, Sesion
from ople.computos.services import sesion as svc
from ople.computos.services.sesion import ErrorComputo
from ople.core.testing import make_user
from ople.paquetes import roles as roles_paquetes
from ople.paquetes.models import Evento, Paquete
from ople.paquetes.services import DatosEvento, generar_paquetes, registrar_evento

pytestmark = pytest.mark.django_db
T = Evento.Tipo
E = Sesion.Estado


def _recibir(esc, casilla, recepcion, **cambios):
    datos = dict(
        entregado_por="Rosa Pérez",
        cargo_entrega="PRESIDENCIA",
        recibido_por="Luis Gómez",
        cargo_recibe="AUXILIAR",
        cinta_integra=True,
        firmas_integras=True,
        muestras_alteracion=False,
        acta_por_fuera=True,
    )
    datos.update(cambios)
    paquete = Paquete.objects.get(casilla=casilla, eleccion=esc.consejo.demarcacion.eleccion)
    registrar_evento(
        usuario=recepcion,
        tipo=T.RECEPCION_CONSEJO,
        id_cliente=uuid.uuid4().hex,
        paquete=paquete,
        consejo=esc.consejo.demarcacion,
        datos=DatosEvento(**datos),
        mesa="Mesa 1",
    )
    return paquete


def _escenario_con_paquetes():
    esc = t.escenario()
    calculo.olvidar_boletas()
    generar_paquetes(
        eleccion=esc.consejo.demarcacion.eleccion,
        usuario=make_user("supervision-paq", roles_paquetes.SUPERVISION),
    )
    exps = list(esc.consejo.expedientes.select_related("casilla").order_by("clave"))
    for e, v in zip(
        exps,
        (
            t.votos(100, 50, 120, 10, 0, 3),
            t.votos(90, 30, 100, 5, 1, 2),
            t.votos(80, 20, 90, 0, 0, 1),
            t.votos(70, 25, 95, 2, 0, 2),
        ),
        strict=True,
    ):
        svc.registrar_acta(
            expediente=e, origen=ActaEnMano.Origen.PAQUETE, votos=v, usuario=esc.secretaria
        )
    return esc, exps


def test_sello_roto_en_paquetes_da_c7_y_acta_faltante_c3():
    esc, (e1, e2, e3, e4) = _escenario_con_paquetes()
    recepcion = make_user("mesa-computos", roles_paquetes.RECEPCION)
    bodega = make_user("bodega-computos", roles_paquetes.BODEGA)
    _recibir(esc, e1.casilla, recepcion)  # intact
    _recibir(esc, e2.casilla, recepcion, cinta_integra=False)  # broken seal → C7
    sin_acta = _recibir(esc, e3.casilla, recepcion, acta_por_fuera=False)
    registrar_evento(
        usuario=bodega, tipo=T.INGRESO_BODEGA, id_cliente=uuid.uuid4().hex, paquete=sin_acta
    )
    registrar_evento(
        usuario=bodega,
        tipo=T.APERTURA_BODEGA,
        id_cliente=uuid.uuid4().hex,
        consejo=esc.consejo.demarcacion,
        datos=DatosEvento(presentes=("Consejera Ana Ruiz", "Rep. PAN"), motivo="Extracción"),
    )
    registrar_evento(
        usuario=bodega,
        tipo=T.EXTRACCION_ACTAS,
        id_cliente=uuid.uuid4().hex,
        paquete=sin_acta,
        datos=DatosEvento(acta_en_paquete=False),
    )
    bol = calculo.boleta_de(esc.consejo)
    assert calculo.causales_de(e1, bol) == ()
    assert calculo.causales_de(e2, bol) == ("C7",)
    # The acta recorded as the package's is set aside: the custody record says there was none.
    assert calculo.causales_de(e3, bol) == ("C3",)
    assert calculo.causales_de(e4, bol) == ()  # not received yet: nothing to say
    # The session screen (one read of the paquetes selectors for the whole consejo) agrees.
    vista = selectors.vista(esc.consejo)
    assert {f.expediente.clave: f.causales for f in vista.filas} == {
        e1.clave: [],
        e2.clave: ["C7"],
        e3.clave: ["C3"],
        e4.clave: [],
    }
    # A manual "signs of alteration" for a tracked package is refused, nothing recorded.
    with pytest.raises(ErrorComputo) as exc:
        svc.registrar_condicion(expediente=e1, usuario=esc.secretaria, con_alteracion=True)
    assert exc.value.codigo == "condicion_en_paquetes"
    assert not e1.condiciones.exists()
    # The list approved at the sesión extraordinaria carries the causes; C7 goes to the pleno.
    s = Sesion.objects.get(consejo=esc.consejo)
    while s.estado != E.SESION_EXTRAORDINARIA:
        s = svc.avanzar(sesion=s, usuario=esc.presidencia)
    acuerdo = svc.aprobar_recuento(
        consejo=esc.consejo,
        usuario=esc.presidencia,
        casillas=[e2.clave, e3.clave],
        sede="Sede",
        grupos=1,
        puntos_por_grupo=1,
    )
    assert acuerdo.casillas == [
        {"clave": e2.clave, "causales": ["C7"]},
        {"clave": e3.clave, "causales": ["C3"]},
    ]
    assert EnRecuento.objects.get(expediente=e2).en_pleno
    assert not EnRecuento.objects.get(expediente=e3).en_pleno


def test_la_presidencia_con_otra_copia_descarta_c3():
    esc, (e1, *_) = _escenario_con_paquetes()
    recepcion = make_user("mesa-computos", roles_paquetes.RECEPCION)
    _recibir(esc, e1.casilla, recepcion, acta_por_fuera=False)
    bol = calculo.boleta_de(esc.consejo)
    assert calculo.causales_de(e1, bol) == ()  # the package not opened yet: not "sin acta"


def test_sin_paquetes_rastreados_vale_el_registro_del_consejo():
    esc = t.escenario()
    calculo.olvidar_boletas()
    e1 = esc.consejo.expedientes.order_by("clave").first()
    svc.registrar_acta(
        expediente=e1,
        origen=ActaEnMano.Origen.PAQUETE,
        votos=t.votos(100, 50, 120, 10, 0, 3),
        usuario=esc.secretaria,
    )
    assert calculo.condiciones_paquete(esc.consejo) == {}
    svc.registrar_condicion(expediente=e1, usuario=esc.secretaria, con_alteracion=True)
    assert calculo.causales_de(e1, calculo.boleta_de(esc.consejo)) == ("C7",)
