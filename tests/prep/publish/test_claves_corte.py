"""What a reused file's input key covers: after a change that keeps every acta's own key (a
catalog edit, a late acopio stamp, an acta of a sección that spans two distritos), an
incremental cut is still byte for byte the cut built from nothing, whether the previous cut was
built by this process (its memory of blocks, fragments and keys) or by another one (only the
index of keys on disk)."""

from __future__ import annotations

import dataclasses
import random
from collections.abc import Callable
from datetime import timedelta

import pytest

from ople.prep.publish import agregados, corte, sintetico, verificar
from ople.prep.publish.modelo import ActaCorte, CasillaCorte, EntradaCorte
from ople.publicacion import manifiesto


def _olvidar() -> None:
    """What a fresh publishing process knows: nothing kept in memory between cuts."""
    for memo in (corte._FRAGMENTOS, agregados._ESTADOS):
        memo.clear()
    corte._FRAGMENTOS_CORTE[0] = None
    corte._MEMORIA.olvidar()


def _entrada(tmp_path, casillas: int = 90) -> EntradaCorte:
    return sintetico.eleccion_sintetica(
        casillas=casillas, verificadas=0.8, imagenes=tmp_path / "m", distritos=3, municipios=4
    )


def _editar_actas(
    entrada: EntradaCorte, cambio: Callable[[ActaCorte], ActaCorte | None]
) -> EntradaCorte:
    """`cambio(acta)` in every election (None: the acta as it was); one new casilla object per
    old one, shared by its actas as the selector shares it."""
    elecciones = []
    for e in entrada.elecciones:
        actas = []
        for a in e.actas:
            nueva = cambio(a)
            actas.append(a if nueva is None else nueva)
        elecciones.append(dataclasses.replace(e, actas=tuple(actas)))
    return dataclasses.replace(
        entrada, elecciones=tuple(elecciones), corte_en=entrada.corte_en + timedelta(minutes=10)
    )


def _editar_casillas(
    entrada: EntradaCorte,
    elegir: Callable[[CasillaCorte], bool],
    cambio: Callable[[CasillaCorte], CasillaCorte],
) -> EntradaCorte:
    nuevas: dict[int, CasillaCorte] = {}

    def en_acta(a: ActaCorte) -> ActaCorte | None:
        c = a.casilla
        if not elegir(c):
            return None
        n = nuevas.get(id(c))
        if n is None:
            n = nuevas[id(c)] = cambio(c)
        return dataclasses.replace(a, casilla=n)

    return _editar_actas(entrada, en_acta)


def _manifiesto(r: corte.ResultadoCorte) -> manifiesto.Manifiesto:
    return manifiesto.Manifiesto.de_bytes((r.ruta / manifiesto.MANIFIESTO).read_bytes())


def _comparar(
    tmp_path, clave, antes: EntradaCorte, despues: EntradaCorte, memoria: bool, verificable=True
) -> None:
    """`antes` then `despues` built incrementally (with this process's memory, or as a fresh
    process would: only the previous cut and its index on disk) against `despues` built from
    nothing."""
    _olvidar()
    corte.construir_corte(antes, raiz=tmp_path / "inc", clave=clave)
    if not memoria:
        _olvidar()
    incremental = corte.construir_corte(despues, raiz=tmp_path / "inc", clave=clave)
    _olvidar()
    completo = corte.construir_corte(despues, raiz=tmp_path / "completo", clave=clave)
    m_inc, m_com = _manifiesto(incremental), _manifiesto(completo)
    distintos = sorted(
        rel for rel in m_com.archivos if m_inc.archivos.get(rel) != m_com.archivos[rel]
    )
    assert distintos == [], distintos[:10]
    assert m_inc.archivos == m_com.archivos
    assert m_inc.imagenes == m_com.imagenes
    if verificable:
        assert verificar.verificar_corte(incremental.ruta) == []


def _verificada(entrada: EntradaCorte, tipo: str | None = None) -> CasillaCorte:
    """A casilla (not especial; of type `tipo` if given) with a counted acta in every
    election."""
    for i, a in enumerate(entrada.elecciones[0].actas):
        c = a.casilla
        if c.tipo == "S" or (tipo is not None and c.tipo != tipo):
            continue
        if all(
            e.actas[i].resultado is not None and e.actas[i].resultado.contabilizada
            for e in entrada.elecciones
        ):
            return c
    raise AssertionError("sin casilla verificada")


def _otro(valores: list[int], actual: int) -> int:
    return next(v for v in valores if v != actual)


def _casilla_de(en: EntradaCorte, cambio: Callable[[CasillaCorte], CasillaCorte], tipo=None):
    k = _verificada(en, tipo).clave
    return _editar_casillas(en, lambda c: c.clave == k, cambio)


def _seccion_de(en: EntradaCorte, cambio: Callable[[CasillaCorte], CasillaCorte]):
    s = _verificada(en).seccion
    return _editar_casillas(en, lambda c: c.seccion == s, cambio)


def _tipo_acta(en: EntradaCorte) -> EntradaCorte:
    k = _verificada(en).clave
    return _editar_actas(
        en, lambda a: dataclasses.replace(a, tipo_acta="9") if a.casilla.clave == k else None
    )


CATALOGO: dict[str, Callable[[EntradaCorte], EntradaCorte]] = {
    # one casilla's lista nominal (sección page, casillas JSON, figures of every level, CSV)
    "lista_nominal": lambda en: _casilla_de(
        en, lambda c: dataclasses.replace(c, lista_nominal=c.lista_nominal + 7)
    ),
    # one casilla renamed (CLAVE_CASILLA), its actas keep their CLAVE_ACTA
    "clave_casilla": lambda en: _casilla_de(
        en, lambda c: dataclasses.replace(c, clave=c.clave[:-2] + "99")
    ),
    # a casilla's type (sección page, casillas JSON, CSV)
    "tipo_casilla": lambda en: _casilla_de(en, lambda c: dataclasses.replace(c, tipo="E"), "C"),
    # only in the CSV
    "ubicacion": lambda en: _casilla_de(
        en, lambda c: dataclasses.replace(c, ubicacion=3 - c.ubicacion)
    ),
    # a whole sección moved to another distrito
    "seccion_a_otro_distrito": lambda en: _seccion_de(
        en,
        lambda c: dataclasses.replace(
            c, distrito=_otro([1, 2, 3], c.distrito), distrito_nombre="OTRO"
        ),
    ),
    # a whole sección moved to another municipio
    "seccion_a_otro_municipio": lambda en: _seccion_de(
        en,
        lambda c: dataclasses.replace(
            c, municipio=_otro([1, 2, 3, 4], c.municipio), municipio_nombre="OTRO"
        ),
    ),
    # a distrito renamed (its page's title, the CSV)
    "nombre_distrito": lambda en: _editar_casillas(
        en, lambda c: c.distrito == 2, lambda c: dataclasses.replace(c, distrito_nombre="NUEVO")
    ),
    # an acta's type (CSV), its casilla unchanged
    "tipo_acta": _tipo_acta,
}


@pytest.mark.parametrize("memoria", [True, False], ids=["mismo_proceso", "proceso_nuevo"])
@pytest.mark.parametrize("cambio", sorted(CATALOGO))
def test_cambio_de_catalogo_con_las_mismas_actas(tmp_path, clave, cambio, memoria):
    """A catalog edit keeps every acta's key (election, CLAVE_ACTA, version, verification,
    image): no file the edit shows in may be carried over from the previous cut."""
    antes = _entrada(tmp_path)
    _comparar(tmp_path, clave, antes, CATALOGO[cambio](antes), memoria)


@pytest.mark.parametrize("memoria", [True, False], ids=["mismo_proceso", "proceso_nuevo"])
def test_acopio_registrado_despues_de_la_verificacion(tmp_path, clave, memoria):
    """An acta verified (from PREP Casilla) before its package's acopio stamp: the stamp comes
    at a later cut with the same verification and is printed (CSV, acta row)."""
    antes = _entrada(tmp_path)
    k = _verificada(antes).clave
    antes = _editar_actas(
        antes,
        lambda a: (
            dataclasses.replace(a, resultado=dataclasses.replace(a.resultado, acopio=None))
            if a.casilla.clave == k
            else None
        ),
    )
    despues = _editar_actas(
        antes,
        lambda a: (
            dataclasses.replace(
                a,
                resultado=dataclasses.replace(
                    a.resultado, acopio=a.resultado.verificacion + timedelta(hours=2)
                ),
            )
            if a.casilla.clave == k
            else None
        ),
    )
    _comparar(tmp_path, clave, antes, despues, memoria)


def _seccion_partida(entrada: EntradaCorte) -> tuple[EntradaCorte, int, str]:
    """The entrada with the last casilla of a sección (of three or more casillas, all with
    counted actas) in another distrito and municipio: the sección spans two of each. Returns
    it, the sección and the moved casilla's key."""
    por_seccion: dict[int, list[CasillaCorte]] = {}
    for a in entrada.elecciones[0].actas:
        lista = por_seccion.setdefault(a.casilla.seccion, [])
        if a.casilla not in lista:
            lista.append(a.casilla)
    verificadas = {
        a.casilla.clave
        for i, a in enumerate(entrada.elecciones[0].actas)
        if all(e.actas[i].resultado is not None for e in entrada.elecciones)
    }
    for s, cas in por_seccion.items():  # noqa: B007 (s is returned)
        if len(cas) >= 3 and cas[-1].clave in verificadas and cas[-1].tipo != "S":
            movida = cas[-1]
            break
    else:
        raise AssertionError("sin sección de tres casillas")
    partida = _editar_casillas(
        entrada,
        lambda c: c.clave == movida.clave,
        lambda c: dataclasses.replace(
            c,
            distrito=_otro([1, 2, 3], c.distrito),
            distrito_nombre="OTRO",
            municipio=_otro([1, 2, 3, 4], c.municipio),
            municipio_nombre="OTRA",
        ),
    )
    return partida, s, movida.clave


@pytest.mark.parametrize("parte", ["primera", "segunda"])
@pytest.mark.parametrize("memoria", [True, False], ids=["mismo_proceso", "proceso_nuevo"])
def test_seccion_en_dos_distritos(tmp_path, clave, parte, memoria):
    """A sección whose casillas lie in two distritos (and two municipios): the sección is listed
    (its figures, in the JSON and on the page) by the distrito and municipio of its first
    casilla, and its figures sum every casilla; a new version of an acta in either part changes
    what both list. (`ople verify` cannot recompute such a cut: the secciones JSON gives one
    distrito and municipio per sección; by law a sección lies in one of each.)"""
    antes, s, movida = _seccion_partida(_entrada(tmp_path))
    rnd = random.Random(11)

    def elegir(e):
        return [
            i
            for i, a in enumerate(e.actas)
            if a.casilla.seccion == s and (a.casilla.clave == movida) == (parte == "segunda")
        ][:1]

    despues = sintetico.con_cambios(
        antes,
        rnd,
        elegir,
        corte_en=antes.corte_en + timedelta(minutes=20),
        imagenes=tmp_path / "m",
    )
    _comparar(tmp_path, clave, antes, despues, memoria, verificable=False)


@pytest.mark.parametrize("memoria", [True, False], ids=["mismo_proceso", "proceso_nuevo"])
def test_otro_separador_de_observaciones(tmp_path, clave, memoria):
    """The separator of an acta's observations is printed in its sección page's acta row."""
    antes = _entrada(tmp_path)
    k = _verificada(antes).clave
    antes = _editar_actas(
        antes,
        lambda a: (
            dataclasses.replace(
                a, resultado=dataclasses.replace(a.resultado, observaciones=("UNA", "OTRA"))
            )
            if a.casilla.clave == k
            else None
        ),
    )
    despues = dataclasses.replace(
        antes, separador_observaciones=" + ", corte_en=antes.corte_en + timedelta(minutes=10)
    )
    _comparar(tmp_path, clave, antes, despues, memoria, verificable=False)
