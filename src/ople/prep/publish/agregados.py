"""An election's figures, groupings and input keys at a cut, kept between cuts. Pure.

A publisher (`ople publish --every`) builds a cut every few minutes from an entrada where only a
few actas changed. `Agregados.actualizar(entrada, e)` walks the election's actas once, computing
only each acta's input key (`clave_acta`) and comparing it with the previous cut's; an acta whose
key did not change keeps its row in the per-acta arrays (votes, flags, image). Groupings by
sección, distrito and municipio come from the catalog (recomputed only when the catalog
changed); the 13 figures of a group are recomputed only when its sums changed, and the hash of
a group's actas only when one of them changed. The result is a pure function of the entrada:
the same whatever the previous cut was (a test builds the same cut incrementally and from
nothing and compares the bytes).
"""

from __future__ import annotations

import dataclasses
import hashlib
from array import array
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from operator import attrgetter
from typing import Any

import numpy as np
import numpy.typing as npt

from ople.ley import tally
from ople.ley.actas import AUXILIARES_INICIO
from ople.prep.publish import csvzip, modelo
from ople.prep.publish.modelo import (
    ActaCorte,
    CasillaCorte,
    EleccionCorte,
    EntradaCorte,
    Valor,
    ValoresActa,
)

TIPOS_ESPECIAL = frozenset({"S"})
BLOQUE_CSV = csvzip.BLOQUE_CSV

Entero = npt.NDArray[np.int64]


def clave(*partes: str) -> str:
    """The hash of an input key (16-byte BLAKE2b of the parts)."""
    return hashlib.blake2b("\x1f".join(partes).encode(), digest_size=16).hexdigest()


def clave_acta(eleccion: str, a: ActaCorte) -> str:
    """What identifies an acta's published version: election, acta, version, verification
    time, image hash and acopio time (`-` while not verified). The acopio stamp is not part of
    the verification: a package may reach the CATD after its acta was verified from PREP
    Casilla, and the stamp is printed (CSV, acta row). What the catalog says of the acta
    (casilla, type) is covered by the election's catalog fingerprint (`huella_catalogo`)."""
    r = a.resultado
    if r is None:
        return f"{eleccion}:{a.clave}:-"
    t = r.acopio  # times as whole microseconds: an int prints in half the time of a float
    return (
        f"{eleccion}:{a.clave}:{r.version}:{int(r.verificacion.timestamp() * 1e6)}:{r.sha256}"
        f":{'' if t is None else int(t.timestamp() * 1e6)}"
    )


_CAMPOS_CASILLA = tuple(f.name for f in dataclasses.fields(CasillaCorte))


def _columna(valores: list[Any]) -> bytes:
    """One column of the catalog as bytes: ints packed, texts joined (their repr otherwise)."""
    try:
        if type(valores[0]) is int:
            return array("q", valores).tobytes()
        if type(valores[0]) is str:
            return "\x1f".join(valores).encode()
    except (TypeError, OverflowError, IndexError):
        pass
    return repr(valores).encode()


def huella_catalogo(actas: Sequence[ActaCorte]) -> str:
    """The fingerprint of what the catalog says of an election's actas, in order: each acta's
    CLAVE_ACTA and type and every field of its casilla (number, type, sección, distrito and
    municipio with their names, lista nominal…). Part of every input key of the election
    (`Agregados.actualizar`): an edit of the catalog that keeps the actas' own keys (a casilla
    renamed, a lista nominal corrected, a sección moved) changes every file of the election.
    Column by column (~0.15 s for 170,000 actas), once per catalog: the state keeps it while
    the catalog does not change (`Agregados.vigente`)."""
    h = hashlib.blake2b(digest_size=16)
    casillas = [a.casilla for a in actas]
    for nombre in _CAMPOS_CASILLA:
        h.update(f"\x1e{nombre}\x1e".encode())
        h.update(_columna(list(map(attrgetter(nombre), casillas))))
    h.update(b"\x1eacta\x1e")
    h.update(_columna([a.clave for a in actas]))
    h.update(b"\x1etipo_acta\x1e")
    h.update(_columna([a.tipo_acta for a in actas]))
    return h.hexdigest()


def alineados(v: Mapping[str, Valor], cols: tuple[str, ...], faltante: Valor) -> list[Valor]:
    """An acta's values in the order of `modelo.indice_valores(cols)` (auxiliary totals, vote
    columns, TOTAL_VOTOS_ASENTADO), `faltante` where absent. A `ValoresActa` of that election is
    read straight from its tuple."""
    ind = modelo.indice_valores(cols)
    if type(v) is ValoresActa and v.indice is ind:
        return v.alineados(faltante)
    return [v.get(c, faltante) for c in ind]


# The int objects 0, 1, 2… shared by the lists of acta positions of every election: the
# positions per group of the three levels (`_nivel`) and the registered and changed positions
# of a cut (`actualizar`); one object per position, not one per list (at national scale several
# million 28-byte ints otherwise). It grows to the largest election's size and stays.
_ENTEROS: list[int] = []


def enteros(n: int) -> list[int]:
    """The shared int objects 0..n-1 (a list at least `n` long: zip it with what it numbers)."""
    if len(_ENTEROS) < n:
        _ENTEROS.extend(range(len(_ENTEROS), n))
    return _ENTEROS


class VotosGrupos(Mapping[int, tuple[int, ...]]):
    """group -> its counted votes (a tuple in column order), read from one (groups, columns)
    array instead of a tuple of ints per group."""

    __slots__ = ("orden", "votos")

    def __init__(self, orden: dict[int, int], votos: Entero) -> None:
        self.orden = orden
        self.votos = votos

    def __getitem__(self, grupo: int) -> tuple[int, ...]:
        return tuple(self.votos[self.orden[grupo]].tolist())

    def __iter__(self) -> Iterator[int]:
        return iter(self.orden)

    def __len__(self) -> int:
        return len(self.orden)


@dataclass
class Nivel:
    """One grouping level (sección, distrito or municipio) of an election's expected actas."""

    grupos: list[int]  # group numbers, in order of first appearance in the catalog
    orden: dict[int, int]  # group -> its position in `grupos`
    indice: npt.NDArray[np.intp]  # per acta: position of its group in `grupos`
    posiciones: dict[int, list[int]]  # group -> positions of its actas (catalog order)
    esperadas: dict[int, int]
    # the last cut's figures: the sums they came from (groups, 6) and group -> Encabezado
    sumas: Entero | None = None
    encabezados: dict[int, tally.Encabezado] = field(default_factory=dict)
    digest: dict[int, str] = field(default_factory=dict)  # group -> hash of its actas' keys


def _nivel(numeros: list[int]) -> Nivel:
    pos: dict[int, list[int]] = {}
    for g, p in zip(numeros, enteros(len(numeros)), strict=False):
        lista = pos.get(g)
        if lista is None:
            pos[g] = [p]
        else:
            lista.append(p)
    grupos = list(pos)
    orden = {g: i for i, g in enumerate(grupos)}
    indice = np.fromiter((orden[g] for g in numeros), dtype=np.intp, count=len(numeros))
    return Nivel(grupos, orden, indice, pos, {g: len(v) for g, v in pos.items()})


@dataclass
class Agregados:
    """The state of one election between cuts (see the module docstring)."""

    eleccion: str
    columnas: tuple[str, ...]
    opciones: tuple[object, ...]  # final cut and especiales rule: the figures depend on them
    casillas: list[CasillaCorte]
    tipos_acta: list[str]
    catalogo: str  # `huella_catalogo` of the actas (in every input key of the election)
    claves: list[str]  # per expected acta: `clave_acta`
    registrada: npt.NDArray[np.bool_]
    contabilizada: npt.NDArray[np.bool_]
    inconsistente: npt.NDArray[np.bool_]
    especial: npt.NDArray[np.bool_]
    lista_nominal: Entero  # 0 for especiales (they have no lista nominal of their own)
    total: Entero
    votos: Entero  # (actas, vote columns)
    imagenes: list[str | None]  # per acta: its image's name in the store, or None
    seccion: Nivel
    distrito: Nivel
    municipio: Nivel
    nombres_distrito: dict[int, str]
    nombres_municipio: dict[int, str]
    secciones_distrito: dict[int, list[int]]
    secciones_municipio: dict[int, list[int]]
    seccion_geo: dict[int, tuple[int, int]]
    # the salt of the keys below: the election's (`corte._sal_eleccion`) and its catalog's
    # fingerprint; per distrito/municipio: the hash of its actas' and listed secciones' keys
    sal: str = ""
    clave_distrito: dict[int, str] = field(default_factory=dict)
    clave_municipio: dict[int, str] = field(default_factory=dict)
    # the CSV blocks of the last cut (`csvzip.Bloque` by block number) and what else its rows
    # depend on (`corte._lineas`)
    bloques_csv: dict[int, csvzip.Bloque] = field(default_factory=dict)
    sal_filas: str = ""
    # per distrito: its secciones in order of their first acta in the catalog (made on demand)
    orden_secciones_distrito: dict[int, list[int]] = field(default_factory=dict)
    # this cut's results
    cambiadas: list[int] = field(default_factory=list)
    registradas: list[ActaCorte] = field(default_factory=list)
    claves_registradas: list[str] = field(default_factory=list)
    posiciones_registradas: list[int] = field(default_factory=list)

    @classmethod
    def nuevo(cls, entrada: EntradaCorte, e: EleccionCorte) -> Agregados:
        casillas = [a.casilla for a in e.actas]
        n = len(casillas)
        k = len(e.columnas_votos)
        nd: dict[int, str] = {}
        nm: dict[int, str] = {}
        sd: dict[int, list[int]] = {}
        sm: dict[int, list[int]] = {}
        geo: dict[int, tuple[int, int]] = {}
        for c in casillas:
            if c.seccion not in geo:
                geo[c.seccion] = (c.distrito, c.municipio)
                nd.setdefault(c.distrito, c.distrito_nombre)
                nm.setdefault(c.municipio, c.municipio_nombre)
                sd.setdefault(c.distrito, []).append(c.seccion)
                sm.setdefault(c.municipio, []).append(c.seccion)
        especial = np.fromiter(
            (c.tipo in TIPOS_ESPECIAL for c in casillas), dtype=np.bool_, count=n
        )
        return cls(
            eleccion=e.clave,
            columnas=e.columnas_votos,
            opciones=_opciones(entrada),
            casillas=casillas,
            tipos_acta=[a.tipo_acta for a in e.actas],
            catalogo=huella_catalogo(e.actas),
            claves=[""] * n,
            registrada=np.zeros(n, dtype=np.bool_),
            contabilizada=np.zeros(n, dtype=np.bool_),
            inconsistente=np.zeros(n, dtype=np.bool_),
            especial=especial,
            lista_nominal=np.fromiter(
                (0 if c.tipo in TIPOS_ESPECIAL else c.lista_nominal for c in casillas),
                dtype=np.int64,
                count=n,
            ),
            total=np.zeros(n, dtype=np.int64),
            votos=np.zeros((n, k), dtype=np.int64),
            imagenes=[None] * n,
            seccion=_nivel([c.seccion for c in casillas]),
            distrito=_nivel([c.distrito for c in casillas]),
            municipio=_nivel([c.municipio for c in casillas]),
            nombres_distrito=nd,
            nombres_municipio=nm,
            secciones_distrito={d: sorted(v) for d, v in sd.items()},
            secciones_municipio={m: sorted(v) for m, v in sm.items()},
            seccion_geo=geo,
        )

    def vigente(self, entrada: EntradaCorte, e: EleccionCorte) -> bool:
        """Whether this state belongs to the election's catalog (same actas and casillas, same
        columns and rules); when not, a new one is built."""
        if (
            self.eleccion != e.clave
            or self.columnas != e.columnas_votos
            or self.opciones != _opciones(entrada)
            or len(self.casillas) != len(e.actas)
        ):
            return False
        for a, c, t in zip(e.actas, self.casillas, self.tipos_acta, strict=True):
            if (a.casilla is not c and a.casilla != c) or (
                a.tipo_acta is not t and a.tipo_acta != t
            ):
                return False
        return True

    def actualizar(self, e: EleccionCorte, sal: str) -> None:
        """Bring the state to the election's actas: every acta's key is recomputed; the rows,
        group figures and group hashes only where a key changed."""
        cols = e.columnas_votos
        na = len(AUXILIARES_INICIO)
        fin = na + len(cols)
        claves = self.claves
        registradas: list[ActaCorte] = []
        kreg: list[str] = []
        preg: list[int] = []
        cambiadas: list[int] = []
        # the changed actas' votes, row after row (no list per acta kept meanwhile)
        filas = array("q")
        ceros = [0] * len(cols)
        ec = e.clave
        for a, p in zip(e.actas, enteros(len(e.actas)), strict=False):
            r = a.resultado
            k = clave_acta(ec, a)
            if r is not None:
                registradas.append(a)
                preg.append(p)
            if claves[p] == k:
                if r is not None:
                    kreg.append(claves[p])  # the kept string: one copy per acta
                continue
            claves[p] = k
            if r is not None:
                kreg.append(k)
            cambiadas.append(p)
            if r is None:
                self.registrada[p] = False
                self.contabilizada[p] = self.inconsistente[p] = False
                self.total[p] = 0
                filas.extend(ceros)
                self.imagenes[p] = None
                continue
            self.registrada[p] = True
            self.contabilizada[p] = r.contabilizada
            self.inconsistente[p] = r.inconsistente
            self.total[p] = r.total_votos_calculado
            filas.extend(
                [x if type(x) is int else 0 for x in alineados(r.valores, cols, 0)[na:fin]]
            )
            self.imagenes[p] = f"{r.sha256}{r.imagen_ext}" if r.sha256 and r.imagen else None
        if cambiadas:
            v = np.frombuffer(filas, dtype=np.int64).reshape(len(cambiadas), len(cols))
            if np.any(v < 0):
                raise ValueError("hay valores de votos negativos")
            self.votos[cambiadas] = v
        self.cambiadas = cambiadas
        self.registradas, self.claves_registradas, self.posiciones_registradas = (
            registradas,
            kreg,
            preg,
        )
        # hashes of the groups with a changed acta
        sucias_por_nivel = []
        for nivel in (self.seccion, self.distrito, self.municipio):
            sucias = {nivel.grupos[i] for i in nivel.indice[cambiadas].tolist()}
            for g in sucias:
                nivel.digest[g] = clave(*(claves[p] for p in nivel.posiciones[g]))
            sucias_por_nivel.append(sucias)
        sucias_s, sucias_d, sucias_m = sucias_por_nivel
        # a distrito's (municipio's) key covers the secciones it lists, those whose first
        # casilla lies in it (`secciones_distrito`): a sección that spans two of them changes
        # the one that lists it also when only an acta in the other changed
        geo = self.seccion_geo
        for s in sucias_s:
            d, m = geo[s]
            sucias_d.add(d)
            sucias_m.add(m)
        sal = clave(sal, self.catalogo)
        if sal != self.sal:
            self.sal = sal
            sucias_d, sucias_m = set(self.distrito.grupos), set(self.municipio.grupos)
        dig_s = self.seccion.digest
        niveles = (
            ("distrito", sucias_d, self.distrito, self.secciones_distrito, self.clave_distrito),
            ("municipio", sucias_m, self.municipio, self.secciones_municipio, self.clave_municipio),
        )
        for nombre, sucias, grupo, secciones, destino in niveles:
            for g in sucias:
                destino[g] = clave(
                    sal, nombre, str(g), grupo.digest[g], *(dig_s[s] for s in secciones.get(g, ()))
                )

    def secciones_en_distrito(self, distrito: int) -> list[int]:
        """The distrito's secciones in order of their first acta in the catalog (the same list
        object from one cut to the next while the catalog does not change)."""
        orden = self.orden_secciones_distrito.get(distrito)
        if orden is None:
            cas = self.casillas
            orden = list(dict.fromkeys(cas[p].seccion for p in self.distrito.posiciones[distrito]))
            self.orden_secciones_distrito[distrito] = orden
        return orden

    def _columnas_cifras(self) -> list[Entero]:
        reg = self.registrada
        cont = self.contabilizada & reg
        return [
            reg.astype(np.int64),
            cont.astype(np.int64),
            (self.inconsistente & reg).astype(np.int64),
            self.lista_nominal * cont,
            self.total * cont,
            self.total * (cont & ~self.especial),
        ]

    def encabezado(self, entrada: EntradaCorte) -> tally.Encabezado:
        """The 13 figures of the whole election (what `tally.TablaActas.encabezado` gives for
        the registered actas, without copying their rows into a table)."""
        sumas = [int(c.sum()) for c in self._columnas_cifras()]
        return _encabezado(len(self.casillas), sumas, entrada)

    def totales(self) -> tuple[int, ...]:
        """Σ of every vote column over the counted actas, in column order."""
        cont = self.contabilizada & self.registrada
        return tuple(self.votos.sum(axis=0, where=cont[:, None]).tolist())

    def cifras(
        self, nivel: Nivel, entrada: EntradaCorte
    ) -> tuple[dict[int, tally.Encabezado], VotosGrupos]:
        """The 13 figures and the counted votes of every group of a level (groups in catalog
        order). Only a group whose sums changed gets a new `Encabezado`; the dict is the
        level's own, updated in place (valid until the next cut)."""
        g = len(nivel.grupos)
        cont = self.contabilizada & self.registrada
        sumas = np.stack([_sumar(nivel.indice, c, g) for c in self._columnas_cifras()], axis=1)
        votos = (
            np.stack(
                [
                    _sumar(nivel.indice, self.votos[:, j] * cont, g)
                    for j in range(len(self.columnas))
                ],
                axis=1,
            )
            if self.columnas
            else np.zeros((g, 0), dtype=np.int64)
        )
        previas = nivel.sumas
        encabezados = nivel.encabezados
        if previas is None or previas.shape != sumas.shape or len(encabezados) != g:
            encabezados.clear()
            cambiados: list[int] = list(range(g))
        else:
            cambiados = np.flatnonzero(np.any(sumas != previas, axis=1)).tolist()
        grupos, esperadas = nivel.grupos, nivel.esperadas
        for i in cambiados:
            grupo = grupos[i]
            encabezados[grupo] = _encabezado(esperadas[grupo], sumas[i].tolist(), entrada)
        nivel.sumas = sumas
        return encabezados, VotosGrupos(nivel.orden, votos)

    def bloques(self) -> list[tuple[int, int, str]]:
        """(first row, end row, key) of each CSV block of `BLOQUE_CSV` expected actas."""
        bloques: list[tuple[int, int, str]] = []
        pos = self.posiciones_registradas
        kreg = self.claves_registradas
        i = 0
        n = len(pos)
        while i < n:
            b = pos[i] // BLOQUE_CSV
            j = i + 1
            while j < n and pos[j] // BLOQUE_CSV == b:
                j += 1
            bloques.append((i, j, clave(*kreg[i:j])))
            i = j
        return bloques


def _encabezado(esperadas: int, sumas: Sequence[int], entrada: EntradaCorte) -> tally.Encabezado:
    """The 13 figures of a group from its six sums, in `_columnas_cifras` order: registered,
    counted, inconsistent, lista nominal, votes with and without casillas especiales."""
    reg, contab, inc, ln, c_cs, s_cs = sumas
    return tally.encabezado_de_cuentas(
        actas_esperadas=esperadas,
        fuera_catalogo=0,
        capturadas=reg,
        contabilizadas=contab,
        inconsistentes=inc,
        lista_nominal=ln,
        votos_c_cs=c_cs,
        votos_s_cs=s_cs,
        corte_final=entrada.final,
        especiales_hasta_corte_final=entrada.especiales_hasta_corte_final,
    )


def _sumar(indice: npt.NDArray[np.intp], columna: Entero, grupos: int) -> Entero:
    """Σ of a per-acta integer column by group, exact (bincount sums in float64, exact below
    2**53; anything that could lose precision is refused)."""
    if columna.size and int(np.abs(columna).sum()) >= 2**53:
        raise ValueError("sumas demasiado grandes para agregarse con exactitud")
    return np.bincount(indice, weights=columna, minlength=grupos).astype(np.int64)


def _opciones(entrada: EntradaCorte) -> tuple[object, ...]:
    return (entrada.final, entrada.especiales_hasta_corte_final)


# Per-process state of each election of the last cut (key: election, profile, zone).
_ESTADOS: dict[tuple[str, ...], Agregados] = {}


def _clave_estado(entrada: EntradaCorte, e: EleccionCorte) -> tuple[str, ...]:
    return (e.clave, entrada.perfil, entrada.zona, str(entrada.entidad_id))


def agregados(entrada: EntradaCorte, e: EleccionCorte, sal: str) -> Agregados:
    """The election's state brought up to this entrada (a new one when the catalog changed)."""
    k = _clave_estado(entrada, e)
    estado = _ESTADOS.get(k)
    if estado is None or not estado.vigente(entrada, e):
        estado = Agregados.nuevo(entrada, e)
    estado.actualizar(e, sal)
    _ESTADOS[k] = estado
    return estado


def conservar_solo(entrada: EntradaCorte) -> None:
    """Forget the state of elections that are not this entrada's."""
    vivas = {_clave_estado(entrada, e) for e in entrada.elecciones}
    for k in list(_ESTADOS):
        if k not in vivas:
            del _ESTADOS[k]
