"""Two grupos de trabajo submit the same casilla at the same time: one result, one refusal."""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from ople.computos import testing as t
from ople.computos.models import ActaEnMano, Documento, ResultadoRecuento, Sesion
from ople.computos.services import sesion as svc
from ople.computos.services.sesion import ErrorComputo

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.skipif(
    "connection.vendor != 'postgresql'",
    reason="SQLite's in-memory test database refuses the second writer",
)
def test_dos_grupos_la_misma_casilla_un_resultado():
    esc = t.escenario(casillas=2)
    e1, e2 = esc.consejo.expedientes.order_by("clave")
    for e in (e1, e2):
        svc.registrar_acta(
            expediente=e,
            origen=ActaEnMano.Origen.PAQUETE,
            votos=t.votos(60, 40, 112, 20, 0, 9),
            usuario=esc.secretaria,
        )
    s = Sesion.objects.get(consejo=esc.consejo)
    s = svc.avanzar(sesion=s, usuario=esc.presidencia)
    s = svc.avanzar(sesion=s, usuario=esc.presidencia)
    svc.aprobar_recuento(
        consejo=esc.consejo,
        usuario=esc.presidencia,
        casillas=[e1.clave, e2.clave],
        sede="Sede",
        grupos=2,
        puntos_por_grupo=1,
    )
    for _ in range(3):  # inicio, cotejo (nothing to cotejar), recuento
        s = svc.avanzar(sesion=s, usuario=esc.presidencia)
    assert s.estado == "RECUENTO_EN_GT"
    gt1, gt2 = esc.consejo.grupos.all()
    barrera = threading.Barrier(2)
    resultados: list[object] = []

    def enviar(usuario, grupo, morena):
        try:
            barrera.wait()
            resultados.append(
                svc.registrar_recuento(
                    expediente=e1,
                    usuario=usuario,
                    grupo=grupo,
                    votos=t.votos(60, 40, morena, 20, 0, 9),
                )
            )
        except ErrorComputo as exc:
            resultados.append(exc)
        finally:
            connection.close()

    hilos = [
        threading.Thread(target=enviar, args=(esc.grupo, gt1, 112)),
        threading.Thread(target=enviar, args=(esc.grupo2, gt2, 113)),
    ]
    for h in hilos:
        h.start()
    for h in hilos:
        h.join()
    errores = [r for r in resultados if isinstance(r, ErrorComputo)]
    assert len(resultados) == 2 and len(errores) == 1
    assert errores[0].codigo == "ya_recontada" and "ya tiene resultado" in errores[0].mensaje
    assert ResultadoRecuento.objects.filter(expediente=e1).count() == 1
    # and the loser left nothing behind: one constancia, gap-free folios
    assert Documento.objects.filter(tipo="CONSTANCIA_RECUENTO").count() == 1
    assert Documento.objects.get(tipo="CONSTANCIA_RECUENTO").folio.startswith("IEE/CD01-RC/001/")
