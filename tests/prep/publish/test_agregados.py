"""The per-election state kept between cuts: after any sequence of entradas its figures, group
hashes and rows are those computed from nothing, the same as tally's own aggregation."""

from __future__ import annotations

import random
from datetime import timedelta

import numpy as np

from ople.ley import tally
from ople.prep.publish import agregados, sintetico


def _cambiar(entrada, fraccion: float, semilla: int):
    """A new entrada where `fraccion` of each election's actas changed: a new version, or
    back to not verified."""
    rnd = random.Random(semilla)
    return sintetico.con_cambios(
        entrada,
        rnd,
        sintetico.al_azar(rnd, fraccion),
        corte_en=entrada.corte_en + timedelta(minutes=10),
        pendiente=lambda _i: rnd.random() < 0.2,
    )


def _resumen(entrada, e, ag: agregados.Agregados):
    return (
        ag.cifras(ag.seccion, entrada),
        ag.cifras(ag.distrito, entrada),
        ag.cifras(ag.municipio, entrada),
        dict(ag.seccion.digest),
        dict(ag.clave_distrito),
        dict(ag.clave_municipio),
        [a.clave for a in ag.registradas],
        ag.bloques(),
        sorted(x for x in ag.imagenes if x),
    )


def test_incremental_igual_a_desde_cero():
    entrada = sintetico.eleccion_sintetica(casillas=300, verificadas=0.5, distritos=4, municipios=5)
    agregados._ESTADOS.clear()
    for semilla in range(4):
        for e in entrada.elecciones:
            agregados.agregados(entrada, e, "sal")
        entrada = _cambiar(entrada, 0.1, semilla)
        for e in entrada.elecciones:
            ag = agregados.agregados(entrada, e, "sal")
            assert 0 < len(ag.cambiadas) < len(e.actas)
            incremental = _resumen(entrada, e, ag)
            nuevo = agregados.Agregados.nuevo(entrada, e)
            nuevo.actualizar(e, "sal")
            assert incremental == _resumen(entrada, e, nuevo)


def _tabla(ag: agregados.Agregados) -> tally.TablaActas:
    """The state's registered actas as a `tally.TablaActas`: the reference the state's own
    figures are checked against."""
    reg = ag.registrada
    return tally.TablaActas.desde_arreglos(
        ag.columnas,
        votos=ag.votos[reg],
        lista_nominal=ag.lista_nominal[reg],
        contabilizada=ag.contabilizada[reg],
        en_catalogo=np.ones(int(np.count_nonzero(reg)), dtype=np.bool_),
        inconsistente=ag.inconsistente[reg],
        especial=ag.especial[reg],
        total_votos=ag.total[reg],
    )


def test_cifras_como_tally():
    entrada = sintetico.eleccion_sintetica(casillas=200, verificadas=0.7, distritos=3, municipios=4)
    e = entrada.elecciones[1]
    ag = agregados.Agregados.nuevo(entrada, e)
    ag.actualizar(e, "sal")
    reg = [a for a in e.actas if a.resultado]
    tabla = _tabla(ag)
    secciones = [a.casilla.seccion for a in reg]
    esperadas: dict[int, int] = {}
    for a in e.actas:
        esperadas[a.casilla.seccion] = esperadas.get(a.casilla.seccion, 0) + 1
    por_s, votos_s = ag.cifras(ag.seccion, entrada)
    assert por_s == tabla.encabezados(secciones, esperadas, corte_final=False)
    sumas = tabla.sumar(secciones)
    assert votos_s == {s: sumas.get(s, (0,) * len(e.columnas_votos)) for s in esperadas}
    # the election's own figures and totals, computed without copying the rows into a table
    assert ag.encabezado(entrada) == tabla.encabezado(
        actas_esperadas=len(e.actas), corte_final=False
    )
    assert ag.totales() == tuple(tabla.totales().values())
    assert tabla.encabezado(actas_esperadas=len(e.actas), corte_final=False) == (
        tally.calcular_encabezado(
            (
                tally.ResumenActa(
                    True,
                    a.resultado.contabilizada,
                    a.resultado.inconsistente,
                    a.casilla.tipo == "S",
                    0 if a.casilla.tipo == "S" else a.casilla.lista_nominal,
                    a.resultado.total_votos_calculado,
                )
                for a in reg
            ),
            actas_esperadas=len(e.actas),
            corte_final=False,
        )
    )
