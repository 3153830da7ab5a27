"""Reading a cómputo database in INE's published layout (Cómputos Distritales 2024, diputaciones
federales: ``../shared/data/tabatatgr_INE_COMPUTOS_DIP_FED_2024.csv.gz``) into the cómputos'
publishable rows, one cómputo per distrito. Pure (no Django).

The layout: the acta's keys and place, the party columns, ``CANDIDATO/A INDEPENDIENTE``, the
coalition-combination columns (``PAN_PRI_PRD`` … ``PT_MORENA``), ``CANDIDATO/A NO REGISTRADO/A``,
``VOTOS NULOS``, ``TOTAL_VOTOS_CALCULADOS``, ``LISTA_NOMINAL``, ``OBSERVACIONES`` (``Recuento …``
when the package was re-counted, ``Cotejo …`` when its acta was accepted), and ``-`` where a
column has no figure (a combination whose coalition did not contest that distrito, or an acta
with no figures at all).

What counts in a distrito's cómputo de mayoría: the actas of type ``4`` and ``4EMR``; the ``4ERP``
actas of the casillas especiales count only for representación proporcional (they are read and
reported apart).
"""

from __future__ import annotations

import csv
import gzip
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from ople.computos.publicacion import CasillaPublicada, ComputoPublicado
from ople.ley.boleta import NO_REGISTRADOS, NULOS


class BaseInvalida(ValueError):
    """The file is not a cómputo database in INE's layout (Spanish message)."""


CI = "CAND_IND_1"
_ESPECIALES = {
    "CANDIDATO/A INDEPENDIENTE": CI,
    "CANDIDATO/A NO REGISTRADO/A": NO_REGISTRADOS,
    "VOTOS NULOS": NULOS,
}
_CLAVES = (
    "CLAVE_CASILLA",
    "CLAVE_ACTA",
    "ID_ENTIDAD",
    "ENTIDAD",
    "ID_DISTRITO_FEDERAL",
    "DISTRITO_FEDERAL",
    "SECCION",
    "ID_CASILLA",
    "TIPO_CASILLA",
    "EXT_CONTIGUA",
    "CASILLA",
    "TIPO_ACTA",
)
_FIN = ("TOTAL_VOTOS_CALCULADOS", "LISTA_NOMINAL", "OBSERVACIONES")
TIPOS_MR = frozenset({"4", "4EMR"})
TIPOS_RP = frozenset({"4ERP"})


@dataclass
class Base:
    """The file, read: its vote columns (normalised), parties and combinations, and the rows."""

    columnas: tuple[str, ...]
    partidos: tuple[str, ...]
    combinaciones: dict[str, tuple[str, ...]]
    # (id_entidad, id_distrito) -> (entidad, cabecera)
    distritos: dict[tuple[int, int], tuple[str, str]] = field(default_factory=dict)
    # (id_entidad, id_distrito) -> rows: (clave_casilla, seccion, tipo_acta, votos|None, recuento)
    filas: dict[tuple[int, int], list[tuple[str, int, str, dict[str, int] | None, bool]]] = field(
        default_factory=dict
    )
    actas: int = 0


def leer(datos: bytes) -> Base:
    if datos[:2] == b"\x1f\x8b":
        try:
            datos = gzip.decompress(datos)
        except (OSError, EOFError) as exc:
            raise BaseInvalida(f"el archivo gzip está dañado: {exc}") from None
    try:
        texto = datos.decode("utf-8-sig")
    except UnicodeDecodeError:
        texto = datos.decode("cp1252")
    lector = csv.reader(io.StringIO(texto))
    try:
        cab = next(lector)
    except StopIteration:
        raise BaseInvalida("el archivo está vacío") from None
    if tuple(cab[: len(_CLAVES)]) != _CLAVES or not all(c in cab for c in _FIN):
        raise BaseInvalida(
            "no es una base de cómputos en el formato del INE (faltan CLAVE_CASILLA … "
            "TIPO_ACTA al inicio o TOTAL_VOTOS_CALCULADOS, LISTA_NOMINAL, OBSERVACIONES)"
        )
    crudas = cab[len(_CLAVES) : cab.index("TOTAL_VOTOS_CALCULADOS")]
    nombres: list[str] = []
    partidos: list[str] = []
    combinaciones: dict[str, tuple[str, ...]] = {}
    for c in crudas:
        if c in _ESPECIALES:
            nombres.append(_ESPECIALES[c])
        elif "_" in c:
            ps = tuple(c.split("_"))
            nombre = "C_" + c
            combinaciones[nombre] = ps
            nombres.append(nombre)
        else:
            partidos.append(c)
            nombres.append(c)
    base = Base(tuple(nombres), tuple(partidos), combinaciones)
    i0 = len(_CLAVES)
    n = len(nombres)
    i_obs = cab.index("OBSERVACIONES")
    for num, f in enumerate(lector, start=2):
        if not f:
            continue
        if len(f) != len(cab):
            raise BaseInvalida(f"renglón {num}: tiene {len(f)} columnas, se esperaban {len(cab)}")
        try:
            clave = (int(f[2]), int(f[4]))
            seccion = int(f[6])
        except ValueError:
            raise BaseInvalida(f"renglón {num}: entidad, distrito o sección no numéricos") from None
        base.distritos.setdefault(clave, (f[3], f[5]))
        celdas = f[i0 : i0 + n]
        votos: dict[str, int] | None = {}
        try:
            votos = {nombres[j]: int(v) for j, v in enumerate(celdas) if v != "-"}
        except ValueError:
            raise BaseInvalida(f"renglón {num}: una cifra no es un número entero ni «-»") from None
        if not votos:
            votos = None
        recuento = f[i_obs].strip().upper().startswith("RECUENTO")
        base.filas.setdefault(clave, []).append(
            (f[0].strip("'\""), seccion, f[11], votos, recuento)
        )
        base.actas += 1
    if not base.actas:
        raise BaseInvalida("el archivo no tiene actas")
    return base


def _componentes(combos: Iterable[tuple[str, ...]], orden: Sequence[str]) -> list[tuple[str, ...]]:
    """The coalitions contesting a distrito: the parties joined by its applying combinations."""
    grupos: list[set[str]] = []
    for ps in combos:
        juntos = [g for g in grupos if g & set(ps)]
        nuevo = set(ps).union(*juntos)
        grupos = [g for g in grupos if g not in juntos] + [nuevo]
    pos = {p: i for i, p in enumerate(orden)}
    return sorted((tuple(sorted(g, key=pos.__getitem__)) for g in grupos), key=lambda g: pos[g[0]])


def computos(base: Base, *, tipos: frozenset[str] = TIPOS_MR) -> list[ComputoPublicado]:
    """One cómputo per distrito from the actas of the given types."""
    salida: list[ComputoPublicado] = []
    for clave in sorted(base.filas):
        filas = [f for f in base.filas[clave] if f[2] in tipos]
        aplican: set[str] = set()
        for f in filas:
            if f[3]:
                aplican.update(f[3])
        columnas = tuple(c for c in base.columnas if c in aplican or c in base.partidos)
        combos = {c: ps for c, ps in base.combinaciones.items() if c in aplican}
        coaliciones = _componentes(combos.values(), base.partidos)
        de_coalicion = {p: "+".join(g) for g in coaliciones for p in g}
        candidaturas: dict[str, list[str]] = {}
        for c in columnas:
            if c in base.partidos:
                candidaturas.setdefault(de_coalicion.get(c, c), []).append(c)
            elif c in combos:
                candidaturas.setdefault(de_coalicion[combos[c][0]], []).append(c)
            elif c == CI:
                candidaturas.setdefault(CI, []).append(c)
        entidad, cabecera = base.distritos[clave]
        salida.append(
            ComputoPublicado(
                clave=f"F{clave[0]:02d}-{clave[1]:02d}",
                nombre=f"{entidad} · distrito {clave[1]:02d} ({cabecera})",
                eleccion="DIPUTACIONES FEDERALES MR",
                columnas=columnas,
                partidos=base.partidos,
                combinaciones=combos,
                candidaturas={k: tuple(v) for k, v in candidaturas.items()},
                desempate=base.partidos,
                casillas=tuple(
                    CasillaPublicada(
                        f[0] + ("" if f[2] == "4" else f"-{f[2]}"),
                        f[1],
                        f[3],
                        "RECUENTO" if f[4] else "COTEJO",
                    )
                    for f in filas
                    if f[3] is not None
                ),
            )
        )
    return salida
