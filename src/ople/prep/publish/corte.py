"""Build a cut: an immutable, self-contained, signed directory under PUBLISH_ROOT/cortes/.

`construir_corte(entrada, raiz=..., clave=...)` is pure of Django: it reads `modelo.EntradaCorte`
and writes files. The cut is built in `raiz/.construccion/` (same file system) and renamed into
`raiz/cortes/NAME` only when complete and signed; a builder killed midway leaves nothing under
`cortes/`. Files whose inputs did not change since the previous cut are hard-linked from it (the
builder keeps, outside the cut, an index `raiz/.indice/NAME.json` of each file's input key), so
a cut costs in proportion to what changed. `escribir_puntero` then switches `raiz/current.json`
(temporary file, fsync, rename).

With `colocar=False` the builder stops at the complete, signed cut in `.construccion/` (which the
public is never served): the publisher (`programador.publicar_corte`) records the cut in the
database first and only then moves it into place (`colocar_corte`) and switches the pointer, so a cut
under `cortes/` always has its row. `punto_de_fallo` marks each step between the two so a test
can kill the publisher there.
"""

from __future__ import annotations

import bisect
import functools
import gc
import hashlib
import json
import os
import pickle
import shutil
import signal
import threading
import time
from collections.abc import Callable, Iterable, Mapping
from concurrent.futures import Executor, Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any, NamedTuple
from zoneinfo import ZoneInfo

import numpy as np
import numpy.typing as npt
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from ople.ley import tally
from ople.ley.actas import AUXILIARES_INICIO
from ople.ley.memo import MemoAcotado
from ople.prep import ine_csv
from ople.prep.perfil import Columnas
from ople.prep.perfil import de as seccion_prep
from ople.prep.publish import agregados, cifras, csvzip, estado, mapas, modelo, sitio
from ople.prep.publish.modelo import ActaCorte, EleccionCorte, EntradaCorte
from ople.publicacion import disco, empalme, manifiesto
from ople.publicacion.disco import (  # noqa: F401 (the publisher and the tests read them here)
    CONSTRUCCION,
    CORTES,
    CUARENTENA,
    GZ,
    INDICE,
    MATAR_EN,
    PUNTERO,
    CorteExistente,
    colocar_corte,
    enlazar_en_almacen,
    escribir_atomico,
    leer_puntero,
    precomprimido,
    punto_de_fallo,
)

PLANTILLA = "ople-sitio/5"  # bump when any page template changes: forces regeneration
IMAGENES = "imagenes"  # shared content-addressed image store: raiz/imagenes/<sha256>.<ext>
# from a page at cortes/NAME/secciones/S.html to the store
ENLACE_IMAGENES = f"../../../{IMAGENES}/"
TIPOS_ESPECIAL = agregados.TIPOS_ESPECIAL


@dataclass
class ResultadoCorte:
    nombre: str
    ruta: Path
    manifest_sha256: str
    previo: str | None
    archivos: int
    reutilizados: int
    escritos: int
    bytes_escritos: int
    duracion_s: float
    actas_publicadas: int
    imagenes: int = 0  # images the cut lists (in the shared store)
    imagenes_nuevas: int = 0  # of which this cut added to the store
    cifras: dict[str, dict[str, object]] = field(default_factory=dict)
    csv: dict[str, str] = field(default_factory=dict)  # election -> main CSV name in the zip
    zips: dict[str, str] = field(default_factory=dict)  # election -> zip path (relative)


def nombre_corte(corte_en: datetime, zona: str) -> str:
    """`YYYYMMDD_HHMM` in the profile's local time (as INE names its zips)."""
    return corte_en.astimezone(ZoneInfo(zona)).strftime("%Y%m%d_%H%M")


def documento_puntero(
    *,
    nombre: str,
    corte_en: datetime,
    zona: str,
    final: bool,
    manifest_sha256: str,
    cifras: Mapping[str, object],
) -> bytes:
    """The pointer's content: the publisher writes it after a cut, and its recovery writes it
    again from the cut's row and audit event."""
    doc = {
        "corte": nombre,
        "corte_en": corte_en.astimezone(UTC).isoformat(),
        "corte_local": corte_en.astimezone(ZoneInfo(zona)).isoformat(),
        "final": final,
        "ruta": f"{CORTES}/{nombre}/",
        "manifest_sha256": manifest_sha256,
        "elecciones": cifras,
    }
    return json.dumps(doc, ensure_ascii=False, indent=1).encode()


def escribir_puntero(raiz: Path, resultado: ResultadoCorte, entrada: EntradaCorte) -> None:
    escribir_documento_puntero(
        raiz,
        documento_puntero(
            nombre=resultado.nombre,
            corte_en=entrada.corte_en,
            zona=entrada.zona,
            final=entrada.final,
            manifest_sha256=resultado.manifest_sha256,
            cifras=resultado.cifras,
        ),
    )


def escribir_documento_puntero(raiz: Path, datos: bytes) -> None:
    """The pointer switched (`ople.publicacion.disco`), then the older cuts' notices, the list
    of cuts and the stable address of the latest (`estado.marcar`, ADR 0030)."""
    disco.escribir_documento_puntero(raiz, datos)
    estado.marcar(raiz, str(json.loads(datos)["corte"]))


_clave = agregados.clave
_clave_acta = agregados.clave_acta
_alineados = agregados.alineados


class _Escritor:
    """Writes files into the cut under construction, or hard-links them from the previous cut."""

    def __init__(
        self,
        tmp: Path,
        previo: Path | None,
        indice: dict[str, str],
        man: dict[str, tuple[int, str]],
        almacen: Path,
        imagenes_previas: dict[str, int],
    ) -> None:
        self.tmp = tmp
        self.previo = previo
        self.indice_previo = indice
        self.manifiesto_previo: dict[str, tuple[int, str]] = man
        self.archivos: dict[str, tuple[int, str]] = {}
        self.indice: dict[str, str] = {}
        self.reutilizados = 0
        self.escritos = 0
        self.bytes = 0
        self._dirs: set[str] = set()  # directories made (relative to the cut)
        self._tmp = str(tmp)
        self._previo = str(previo) if previo is not None else ""
        almacen.mkdir(parents=True, exist_ok=True)
        self._almacen = str(almacen)
        self.imagenes_previas = imagenes_previas
        self.imagenes: dict[str, int] = {}
        self.imagenes_nuevas = 0
        # in a child process (`vaciar`): the files linked from the previous cut, by name only
        # (their size, SHA-256 and key are the previous cut's, which the parent has)
        self.ligados: list[str] | None = None

    def parcial(self) -> tuple[object, ...]:
        """What this writer did, to be merged into another one (`unir`)."""
        return (
            self.archivos,
            self.indice,
            self.ligados or [],
            self.imagenes,
            self.reutilizados,
            self.escritos,
            self.bytes,
            self.imagenes_nuevas,
        )

    def vaciar(self) -> None:
        """Forget what was done so far (a child process reports only its own share, the files
        it linked by name)."""
        self.archivos, self.indice, self.imagenes, self.ligados = {}, {}, {}, []
        self.reutilizados = self.escritos = self.bytes = self.imagenes_nuevas = 0

    def unir(self, parcial: tuple[Any, ...]) -> None:
        archivos, indice, ligados, imagenes, reutilizados, escritos, nbytes, nuevas = parcial
        self.archivos.update(archivos)
        self.indice.update(indice)
        man, ind = self.manifiesto_previo, self.indice_previo
        for rel in ligados:
            self.archivos[rel] = man[rel]
            self.indice[rel] = ind[rel]
        self.imagenes.update(imagenes)
        self.reutilizados += reutilizados
        self.escritos += escritos
        self.bytes += nbytes
        self.imagenes_nuevas += nuevas

    def _dir(self, rel: str) -> None:
        d = rel.rpartition("/")[0]
        if d not in self._dirs:
            os.makedirs(os.path.join(self._tmp, d), exist_ok=True)
            self._dirs.add(d)

    def reusar(self, rel: str, clave: str) -> bool:
        if self.previo is None or self.indice_previo.get(rel) != clave:
            return False
        info = self.manifiesto_previo.get(rel)
        if info is None:
            return False
        self._dir(rel)
        try:
            os.link(f"{self._previo}/{rel}", f"{self._tmp}/{rel}")
        except OSError:
            return False
        if self.ligados is not None:
            self.ligados.append(rel)
        else:
            self.archivos[rel] = info
            self.indice[rel] = clave
        self.reutilizados += 1
        return True

    def poner(
        self,
        rel: str,
        datos: bytes | Callable[[], bytes],
        clave: str | None = None,
        *,
        gz: bool = False,
    ) -> None:
        """Write `rel` (or link it from the previous cut when its input key `clave` is the
        same). With `gz`, also its precompressed copy `rel.gz` (see `precomprimido`)."""
        reusado = False
        if clave is not None and self.reusar(rel, clave):
            if not gz or self.reusar(rel + GZ, clave):
                return
            reusado = True  # only its copy is missing from the previous cut
        contenido = datos() if callable(datos) else datos
        if not reusado:
            self._escribir(rel, contenido, clave)
        if gz:
            self._escribir(rel + GZ, precomprimido(contenido), clave)

    def _escribir(self, rel: str, contenido: bytes, clave: str | None) -> None:
        self._dir(rel)
        with open(f"{self._tmp}/{rel}", "wb") as f:
            f.write(contenido)
        self.archivos[rel] = (len(contenido), hashlib.sha256(contenido).hexdigest())
        if clave is not None:
            self.indice[rel] = clave
        self.escritos += 1
        self.bytes += len(contenido)

    def escribir_aparte(self, rel: str, datos: bytes) -> tuple[int, str]:
        """Write a file from another thread (the zip worker): the file only, returning its size
        and SHA-256 for `registrar` (in the building thread) to record."""
        os.makedirs(os.path.join(self._tmp, rel.rpartition("/")[0]), exist_ok=True)
        with open(f"{self._tmp}/{rel}", "wb") as f:
            f.write(datos)
        return len(datos), hashlib.sha256(datos).hexdigest()

    def registrar(self, rel: str, info: tuple[int, str]) -> None:
        """Record a file written by `escribir_aparte`."""
        self.archivos[rel] = info
        self.escritos += 1
        self.bytes += info[0]

    def imagen(self, nombre: str, origen: str) -> None:
        """Publish an acta image in the shared content-addressed store (`raiz/imagenes/`).

        The store is written once per image and never per cut: an image the previous cut already
        listed is known to be there; a new one is hard-linked from the media store straight to
        its final name (a link names an inode whose bytes were complete and fsynced at intake,
        so no reader ever sees part of it; an existing name holds the same bytes, since names
        are hashes). Across file systems it is copied under a temporary name and renamed. The
        cut's manifest lists it.
        """
        if nombre in self.imagenes:
            return
        n = self.imagenes_previas.get(nombre)
        if n is None:
            n = enlazar_en_almacen(self._almacen, nombre, origen)
            self.imagenes_nuevas += 1
        self.imagenes[nombre] = n


def _json(obj: object) -> bytes:
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


@dataclass
class _Eleccion:
    e: EleccionCorte
    ag: agregados.Agregados  # the election's state kept between cuts
    registradas: list[ActaCorte]
    encabezado: tally.Encabezado
    por_distrito: dict[int, tally.Encabezado]
    por_municipio: dict[int, tally.Encabezado]
    por_seccion: dict[int, tally.Encabezado]
    votos_distrito: Mapping[int, tuple[int, ...]]
    votos_municipio: Mapping[int, tuple[int, ...]]
    votos_seccion: Mapping[int, tuple[int, ...]]
    votos_entidad: tuple[int, ...]
    claves: list[str]  # `_clave_acta` of each registered acta
    columnas: tuple[str, ...]  # CSV columns (profile names)
    # the vote columns as the open data name them (CSV and JSON: `ine_csv.nombre_publicado`)
    columnas_json: tuple[str, ...]
    nombres_distrito: dict[int, str]
    nombres_municipio: dict[int, str]
    secciones_distrito: dict[int, list[int]]
    secciones_municipio: dict[int, list[int]]
    seccion_geo: dict[int, tuple[int, int]]  # sección -> (distrito, municipio)
    # input keys: hash of the versions of the actas each page/JSON is made of (plus the
    # election's own metadata), so a file is rewritten only when one of its actas changed
    clave_distrito: dict[int, str]
    clave_municipio: dict[int, str]
    digest_seccion: dict[int, str]  # sección -> hash of its actas' keys
    candidatura: dict[int, dict[str, str]]  # demarcación -> {column: propietaria}
    sal: str  # `_sal_eleccion` and the catalog's fingerprint (`Agregados.sal`)
    bloques: list[tuple[int, int, str]]  # (first row, end row, key) of each CSV block


def nombres_columnas(entrada: EntradaCorte) -> Columnas:
    """The profile's CSV column names (`SeccionPrep.csv.columnas`); the INE defaults when the profile
    is unknown (synthetic elections of other profiles)."""
    from ople import profiles

    try:
        return seccion_prep(profiles.cargar(entrada.perfil)).csv.columnas
    except (KeyError, ValueError, FileNotFoundError):
        return Columnas()


def columnas_csv(e: EleccionCorte, nombres: Columnas) -> tuple[str, ...]:
    """The results CSV columns of an election: `ople.prep.ine_csv.columnas_resultados`."""
    return ine_csv.columnas_resultados(nombres, e.columnas_votos, municipal=e.tipo == "AYUN")


_NA = frozenset({"M", "A", "P"})  # casilla types without distrito/sección (printed N/A)


def _celdas_fila(
    a: ActaCorte, e: EleccionCorte, entrada: EntradaCorte, nombres: Columnas
) -> list[object]:
    """The cells of an acta's row, aligned with `columnas_csv`; `ine_csv` formats them."""
    r = a.resultado
    assert r is not None
    c = a.casilla
    v = r.valores
    na = c.tipo in _NA
    fila: list[object] = [
        c.clave,
        a.clave,
        entrada.entidad_id,
        entrada.entidad_nombre,
        "N/A" if na else c.distrito,
        "N/A" if na else c.distrito_nombre,
    ]
    if e.tipo == "AYUN":
        fila += [c.municipio, c.municipio_nombre]
    fila += ["N/A" if na else c.seccion, c.id_casilla, c.tipo, c.ext_contigua, c.ubicacion]
    fila.append(a.tipo_acta)
    al = _alineados(v, e.columnas_votos, "-")
    fila += al
    fila += [
        r.total_votos_calculado,
        c.lista_nominal,
        c.representantes,
        entrada.separador_observaciones.join(r.observaciones),
        r.contabilizada,
        c.mecanismo_traslado,
        r.sha256,
        r.acopio,
        r.captura,
        r.verificacion,
        r.origen,
        r.digitalizacion,
        r.tipo_documento,
    ]
    if nombres.cotejada:
        # every published acta with an image was checked against it by the verification step
        fila.append(bool(r.sha256))
    return fila


def _procesar(entrada: EntradaCorte, e: EleccionCorte) -> _Eleccion:
    """An election's figures, groupings and input keys (its CSV rows come after: `_lineas`),
    from the state kept between cuts (`agregados`): only what changed is recomputed."""
    nombres = nombres_columnas(entrada)
    columnas = columnas_csv(e, nombres)
    sal_e = _sal_eleccion(entrada, e)
    ag = agregados.agregados(entrada, e, sal_e)
    por_s, votos_s = ag.cifras(ag.seccion, entrada)
    por_d, votos_d = ag.cifras(ag.distrito, entrada)
    por_m, votos_m = ag.cifras(ag.municipio, entrada)
    return _Eleccion(
        e=e,
        ag=ag,
        registradas=ag.registradas,
        encabezado=ag.encabezado(entrada),
        por_distrito=por_d,
        por_municipio=por_m,
        por_seccion=por_s,
        votos_distrito=votos_d,
        votos_municipio=votos_m,
        votos_seccion=votos_s,
        votos_entidad=ag.totales(),
        claves=ag.claves_registradas,
        columnas=columnas,
        columnas_json=tuple(ine_csv.nombre_publicado(nombres, c) for c in e.columnas_votos),
        nombres_distrito=ag.nombres_distrito,
        nombres_municipio=ag.nombres_municipio,
        secciones_distrito=ag.secciones_distrito,
        secciones_municipio=ag.secciones_municipio,
        seccion_geo=ag.seccion_geo,
        clave_distrito=ag.clave_distrito,
        clave_municipio=ag.clave_municipio,
        digest_seccion=ag.seccion.digest,
        candidatura=_mapas_candidatura(e),
        sal=ag.sal,
        bloques=ag.bloques(),
    )


def _lineas(
    entrada: EntradaCorte,
    el: _Eleccion,
    bloques: list[tuple[int, int, str]],
    previos: dict[int, csvzip.Bloque],
) -> dict[str, dict[int, str]]:
    """The CSV rows some blocks need (every variant, registered index -> row, by the one INE
    CSV writer in batches): those of the registered actas in a changed block that the previous
    block did not hold with the same key (`csvzip.por_renderizar`)."""
    ag = el.ag
    faltan = csvzip.por_renderizar(bloques, ag.posiciones_registradas, el.claves, previos)
    nombres = nombres_columnas(entrada)
    zona = ZoneInfo(entrada.zona)
    celdas = [_celdas_fila(el.registradas[i], el.e, entrada, nombres) for i in faltan]
    return {
        v: dict(
            zip(
                faltan,
                ine_csv.renderizar_filas(
                    celdas, columnas=el.columnas, formato=ine_csv.FORMATOS[v], zona=zona
                ),
                strict=True,
            )
        )
        for v in entrada.variantes
    }


def _sal_filas(entrada: EntradaCorte, el: _Eleccion) -> str:
    """What an election's CSV rows depend on besides their actas."""
    return _clave(
        "filas",
        entrada.zona,
        entrada.perfil,
        str(entrada.entidad_id),
        entrada.entidad_nombre,
        entrada.separador_observaciones,
        *entrada.variantes,
        "",
        *el.columnas,
        el.ag.catalogo,
    )


# Blocks rendered and deflated at a time (a national election's rows never all in memory).
TANDA_BLOQUES = 512


BLOQUE_CSV = csvzip.BLOQUE_CSV


def _mapas_candidatura(e: EleccionCorte) -> dict[int, dict[str, str]]:
    mapas: dict[int, dict[str, str]] = {}
    for c in e.candidaturas:
        mapas.setdefault(c.demarcacion, {})[c.columna] = c.propietaria
    return mapas


def _sal_eleccion(entrada: EntradaCorte, e: EleccionCorte) -> str:
    """What every page of an election depends on besides its actas and its catalog
    (`agregados.huella_catalogo`, added by `Agregados.actualizar`): templates, profile, the
    separator of observations, the election's names, columns and candidaturas, and whether the
    cut is the final one."""
    return _clave(
        PLANTILLA,
        entrada.entidad_nombre,
        entrada.zona,
        entrada.perfil,
        entrada.separador_observaciones,
        str(entrada.final),
        str(entrada.especiales_hasta_corte_final),
        e.clave,
        e.nombre,
        repr(e.columnas_votos),
        repr(sorted(e.partidos.items())),
        repr(sorted(e.colores.items())),
        repr(e.candidaturas),
    )


_CAMPOS_CIFRAS = tuple(c.lower() for c in tally.CAMPOS_ENCABEZADO)


def _cifras(enc: tally.Encabezado, votos: Iterable[int], cols: Iterable[str]) -> dict[str, object]:
    """The 13 figures (counts as numbers, percentages as their 4-decimal text) and the votes."""
    d: dict[str, object] = {}
    for k in _CAMPOS_CIFRAS:
        v = getattr(enc, k)
        d[k] = cifras.texto4(v) if type(v) is Decimal else int(v)
    d["votos"] = dict(zip(cols, map(int, votos), strict=True))
    return d


def _grupo(enc: tally.Encabezado, votos: tuple[int, ...]) -> sitio.Grupo:
    return sitio.Grupo(
        esperadas=enc.actas_esperadas,
        capturadas=enc.actas_capturadas,
        contabilizadas=enc.actas_contabilizadas,
        lista_nominal=enc.lista_nominal_actas_contabilizadas,
        votos_c_cs=enc.total_votos_c_cs,
        votos_s_cs=enc.total_votos_s_cs,
        votos=votos,
    )


def _leeme(
    e: EleccionCorte,
    entrada: EntradaCorte,
    nombres: tuple[str, str, str],
    columnas: tuple[str, ...],
) -> bytes:
    try:  # the LEEME generator of ople.prep.leeme, from the same metadata as the writer
        from ople import profiles
        from ople.prep import ine_csv, leeme

        perfil = profiles.cargar(entrada.perfil)
        v = entrada.variantes[0]
        texto = leeme.generar(
            perfil=perfil,
            eleccion=e.tipo,
            formato=ine_csv.FORMATOS[v],
            columnas=columnas,
            archivo_resultados=nombres[1],
            archivo_candidaturas=nombres[2],
            opciones=dict(e.partidos) or None,
            variantes={
                _nombre_variante(nombres[1], otra, entrada): ine_csv.FORMATOS[otra]
                for otra in entrada.variantes[1:]
            },
        )
        return leeme.a_bytes(texto.replace("\r\n", "\n"), ine_csv.FORMATOS[v])
    except (KeyError, ValueError, FileNotFoundError):  # unknown profile: the built-in summary
        pass
    lineas = [
        f"PREP {entrada.instituto} - {e.nombre}",
        "",
        f"Contenido: {nombres[1]} (resultados por acta), {nombres[2]} (candidaturas) y este LEEME.txt.",
        "Variantes del archivo de resultados: "
        + ", ".join(f"{v} ({_nombre_variante(nombres[1], v, entrada)})" for v in entrada.variantes),
        "",
        "Encabezado (13 cifras): " + ", ".join(tally.CAMPOS_ENCABEZADO),
        "Los porcentajes se truncan (no se redondean) a 4 decimales.",
        "La participación ciudadana excluye las casillas especiales durante la operación y las"
        " incluye en el corte final.",
        "",
        "Columnas por acta: " + ", ".join(columnas),
        "Valores no numéricos: ILEGIBLE, SIN DATO y '-' (no aplica).",
        "",
        "SHA / CODIGO_INTEGRIDAD: SHA-256 de los bytes de la imagen del acta. Calcúlelo con"
        " cualquier herramienta (sha256sum) sobre imagenes/<SHA>.* del corte y compárelo.",
        "",
        "Resultados preliminares, de carácter informativo, sin efectos jurídicos.",
    ]
    return ("\r\n".join(lineas) + "\r\n").encode("utf-8")


def _nombre_variante(principal: str, v: str, entrada: EntradaCorte) -> str:
    if v == entrada.variantes[0]:
        return principal
    return principal[:-4] + f"_VARIANTE_{v}.csv"


_zip = csvzip.zip_bytes


def _zip_eleccion(
    entrada: EntradaCorte,
    el: _Eleccion,
    csv_nombre: str,
    extra: list[tuple[str, bytes]],
    zona: ZoneInfo,
    desfase: str,
    local: datetime,
) -> bytes:
    """An election's zip: the results CSV in every variant (`csvzip`: blocks kept between cuts,
    rebuilt where an acta changed), then `extra` (candidaturas, LEEME). Runs in the zip worker
    thread; it leaves this cut's blocks in the election's state for the next cut."""
    e = el.e
    ag = el.ag
    sal = _sal_filas(entrada, el)
    if ag.sal_filas != sal:
        ag.sal_filas, ag.bloques_csv = sal, {}
    previos = ag.bloques_csv
    bloques: dict[int, csvzip.Bloque] = {}
    for t in range(0, len(el.bloques), TANDA_BLOQUES):
        tanda = el.bloques[t : t + TANDA_BLOQUES]
        bloques.update(
            csvzip.bloques_csv(
                variantes=entrada.variantes,
                bloques=tanda,
                posiciones=ag.posiciones_registradas,
                claves=el.claves,
                previos=previos,
                nuevas=_lineas(entrada, el, tanda, previos),
            )
        )
    ag.bloques_csv = bloques
    orden = [bloques[b] for b in sorted(bloques)]
    encabezado = el.encabezado
    miembros: list[csvzip.Miembro] = []
    for v in entrada.variantes:
        fmt = ine_csv.FORMATOS[v]
        n, crc, comp = csvzip.miembro_csv(
            formato=fmt,
            variante=v,
            eleccion=e.nombre,
            corte=ine_csv.texto_corte(
                entrada.corte_en, formato=fmt, zona=zona, desfase_utc=desfase
            ),
            columnas=el.columnas,
            encabezado=encabezado,
            bloques=orden,
        )
        miembros.append((_nombre_variante(csv_nombre, v, entrada), n, crc, comp))
    return csvzip.zip_deflactado([*miembros, *(csvzip.miembro(n, d) for n, d in extra)], local)


def _zip_escrito(w: _Escritor, rel: str, *args: Any) -> tuple[int, str]:
    """`_zip_eleccion(*args)` written into the cut at `rel` (in the zip worker thread)."""
    return w.escribir_aparte(rel, _zip_eleccion(*args))


def _candidaturas_json(
    el: _Eleccion, demarcacion: int, votos: tuple[int, ...]
) -> list[dict[str, object]]:
    """The votes per candidacy of a demarcación as the open data publish them: each candidacy
    with the vote columns it adds up (every column in exactly one; `ople verify` checks it)."""
    e = el.e
    por_columna = dict(zip(e.columnas_votos, votos, strict=True))
    publicada = dict(zip(e.columnas_votos, el.columnas_json, strict=True))
    return [
        {
            "candidatura": nombre,
            "columnas": [publicada[c] for c in cols],
            "votos": sum(por_columna[c] for c in cols),
        }
        for nombre, cols in sitio.grupos_candidatura(
            e.columnas_votos, el.candidatura.get(demarcacion, {}), e.partidos
        )
    ]


def _filas_candidatura(
    el: _Eleccion, mapa: Mapping[str, str], votos: tuple[int, ...]
) -> list[tuple[str, int, str, str]]:
    """(candidacy, votes, its parties' siglas, colour) in ballot order: every vote column in
    exactly one row (`sitio.grupos_candidatura`)."""
    e = el.e
    por_columna = dict(zip(e.columnas_votos, votos, strict=True))
    mapa_nombres = set(mapa.values())
    return [
        (
            nombre,
            sum(por_columna[c] for c in cols),
            # an option with no candidacy here is named by itself (no "(Independiente)" twice)
            sitio.siglas_de(cols, e.colores or e.partidos) if nombre in mapa_nombres else "",
            sitio.GRIS if nombre in sitio.NO_CONTIENDEN else sitio.color_de(cols, e.colores),
        )
        for nombre, cols in sitio.grupos_candidatura(e.columnas_votos, mapa, e.partidos)
    ]


def _mapa_contienda(el: _Eleccion, nivel: str, numero: int) -> Mapping[str, str] | None:
    """The candidacies contending in a group: a distrito's for diputaciones, a municipio's for
    ayuntamientos, the state's (demarcación 0) for gubernatura at every level."""
    tipo = el.e.tipo
    if tipo == "GUB":
        return el.candidatura.get(0, {})
    if (tipo == "DIP_LOC" and nivel == "distrito") or (tipo == "AYUN" and nivel == "municipio"):
        return el.candidatura.get(numero, {})
    return None


def _lider(el: _Eleccion, nivel: str, numero: int, votos: tuple[int, ...]) -> tuple[str, str]:
    """(who leads, by how much) in a group, as two cells' text: the candidacy (with its parties)
    where candidacies contend at this level, else the party or combination."""
    mapa = _mapa_contienda(el, nivel, numero)
    if mapa is not None:
        filas = [(n, v) for n, v, _, _ in _filas_candidatura(el, mapa, votos)]
        siglas = {n: s for n, _, s, _ in _filas_candidatura(el, mapa, votos)}
    else:
        filas = _votos_tabla(el.e, votos)
        siglas = {}
    v = sitio.ventaja(filas)
    if v is None:
        return "—", "—"
    total = sum(votos)
    quien = f"{v[0]} ({siglas[v[0]]})" if siglas.get(v[0]) else v[0]
    return quien, f"{v[2]:,} votos ({cifras.trunc4(v[2], total)[:-2]} puntos)"


def _bloque_votos(
    el: _Eleccion, titulo: str, votos: tuple[int, ...], mapa: Mapping[str, str] | None
) -> str:
    ident = el.e.clave
    """Who leads, the bars and the tables of a group: by candidacy where candidacies contend,
    and by party and combination."""
    e = el.e
    total = sum(votos)
    partes = []
    if mapa:
        filas = _filas_candidatura(el, mapa, votos)
        v = sitio.ventaja([(n, x) for n, x, _, _ in filas])
        if v is not None:
            siglas = next(s for n, _, s, _ in filas if n == v[0])
            partes.append(
                f'<p class="lider">Aventaja <strong>{sitio.e(v[0])}</strong>'
                + (f" ({sitio.e(siglas)})" if siglas else "")
                + f" por {v[2]:,} votos ({cifras.trunc4(v[2], total)[:-2]} puntos"
                " porcentuales) sobre el segundo lugar.</p>"
            )
        partes.append(
            sitio.barras_svg(
                f"barras-candidatura-{ident}",
                f"Votos por candidatura · {titulo}",
                [(f"{n} ({s})" if s else n, x, c) for n, x, s, c in filas],
                total,
            )
        )
        partes.append(
            sitio.tabla_votos(
                f"Votos por candidatura · {titulo}",
                [(f"{n} ({s})" if s else n, x) for n, x, s, _ in filas],
                total,
                encabezado="Candidatura",
            )
        )
    opciones = _votos_tabla(e, votos)
    if not mapa:
        partes.append(
            sitio.barras_svg(
                f"barras-partido-{ident}",
                f"Votos por partido · {titulo}",
                [
                    (
                        n,
                        x,
                        sitio.GRIS if n in sitio.NO_CONTIENDEN else sitio.color_de([c], e.colores),
                    )
                    for (n, x), c in zip(opciones, e.columnas_votos, strict=True)
                ],
                total,
            )
        )
    partes.append(sitio.tabla_votos(f"Votos por partido y combinación · {titulo}", opciones, total))
    return "".join(partes)


def _mayorias(el: _Eleccion, nivel: str) -> str:
    """Seats won so far: how many distritos (diputaciones) or municipios (ayuntamientos) each
    political force leads at this cut (majority seats; representación proporcional is the
    cómputos' job)."""
    grupos = el.votos_distrito if nivel == "distrito" else el.votos_municipio
    cuenta: dict[str, int] = {}
    colores: dict[str, str] = {}
    for numero in sorted(grupos):
        mapa = _mapa_contienda(el, nivel, numero)
        if not mapa:
            continue
        filas = _filas_candidatura(el, mapa, grupos[numero])
        v = sitio.ventaja([(n, x) for n, x, _, _ in filas])
        if v is None:
            continue
        fuerza, color = next((s or n, c) for n, _, s, c in filas if n == v[0])
        cuenta[fuerza] = cuenta.get(fuerza, 0) + 1
        colores[fuerza] = color
    if not cuenta:
        return ""
    orden = sorted(cuenta.items(), key=lambda x: (-x[1], x[0]))
    que = "distritos" if nivel == "distrito" else "municipios"
    titulo = f"Mayorías: {que} que encabeza cada fuerza política en este corte"
    cuerpo = "".join(
        f'<tr><th scope="row"><svg class="marca" aria-hidden="true" viewBox="0 0 1 1">'
        f'<rect width="1" height="1" fill="{colores[f]}"/></svg>'
        f'{sitio.e(f)}</th><td class="n">{n}</td></tr>'
        for f, n in orden
    )
    return (
        f"<h2>{sitio.e(titulo)}</h2>"
        + sitio.barras_svg(
            f"barras-mayorias-{el.e.clave}",
            titulo,
            [(f, n, colores[f]) for f, n in orden],
            sum(cuenta.values()),
        )
        + f'<div class="tabla"><table><caption>{sitio.e(titulo)}</caption><thead><tr>'
        f'<th scope="col">Fuerza política</th><th scope="col" class="n">{que.capitalize()}</th>'
        f"</tr></thead><tbody>{cuerpo}</tbody></table></div>"
    )


def _votos_tabla(e: EleccionCorte, votos: tuple[int, ...]) -> list[tuple[str, int]]:
    return [
        (sitio.nombre_opcion(c, e.partidos), v)
        for c, v in zip(e.columnas_votos, votos, strict=True)
    ]


def _pagina_grupo(
    *,
    entrada: EntradaCorte,
    el: _Eleccion,
    titulo: str,
    base: str,
    migas: list[tuple[str, str]],
    enc: tally.Encabezado,
    votos: tuple[int, ...],
    demarcacion: int | None,
    enlaces: str,
    etiqueta_corte: str,
    propia: str,
) -> bytes:
    g = _grupo(enc, votos)
    cuerpo = sitio.cifras_html(g, entrada.final)
    mapa = el.candidatura.get(demarcacion, {}) if demarcacion is not None else None
    cuerpo += _bloque_votos(el, titulo, votos, mapa)
    cuerpo += enlaces
    return sitio.pagina(
        titulo=titulo,
        base=base,
        migas=migas,
        cuerpo=cuerpo,
        subtitulo=etiqueta_corte,
        propia=propia,
        instituto=entrada.instituto,
    ).encode()


def _pagina_demarcacion(entrada: EntradaCorte, el: _Eleccion, nivel: str, numero: int) -> bytes:
    """A distrito's or municipio's page: depends only on its actas (the cut's time is written by
    the cut's `corte.css`), keyed by `clave_distrito` / `clave_municipio`."""
    e = el.e
    if nivel == "distrito":
        secciones = el.secciones_distrito[numero]
        titulo_corto = f"Distrito {numero} · {el.nombres_distrito[numero]}"
        enc, votos = el.por_distrito[numero], el.votos_distrito[numero]
        contienda = e.tipo == "DIP_LOC"
    else:
        secciones = el.secciones_municipio[numero]
        titulo_corto = el.nombres_municipio[numero]
        enc, votos = el.por_municipio[numero], el.votos_municipio[numero]
        contienda = e.tipo == "AYUN"
    enl = sitio.lista_enlaces(
        "Secciones",
        (
            (f"Sección {s}", f"../secciones/{s}.html", _resumen(el.por_seccion[s]))
            for s in secciones
        ),
        ["Sección", "Actas contabilizadas"],
    )
    return _pagina_grupo(
        entrada=entrada,
        el=el,
        titulo=f"{e.nombre} · {titulo_corto}",
        base="../",
        migas=[("Inicio", "../index.html"), (e.nombre, "index.html"), (titulo_corto, "")],
        enc=enc,
        votos=votos,
        demarcacion=numero if contienda else None,
        enlaces=enl,
        etiqueta_corte="",  # reused while its actas do not change: corte.css prints the time
        propia=f"{e.clave}/{nivel}-{numero}.html",
    )


def construir_corte(entrada: EntradaCorte, **kw: Any) -> ResultadoCorte:
    """Build, sign and publish the cut described by `entrada` (see `_construir`).

    The input holds millions of small objects that live for the whole build: they are frozen
    out of the cyclic garbage collector meanwhile (a full collection over them, triggered by the
    build's own allocations, otherwise dominates the time at national scale). Only the young
    generations are collected before: a full collection walks every object of the input (~1 s
    at national scale) to find the little cyclic garbage the oldest generation may hold (a
    cut's objects are freed by reference counting); that waits, frozen, for the interpreter's
    next full collection after the cut.
    """
    gc.collect(1)
    gc.freeze()
    try:
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="corte-zip") as zipper:
            return _construir(entrada, zipper=zipper, **kw)
    finally:
        _esperar_hijos()
        gc.unfreeze()
        _CABECERAS.clear()


def _construir(
    entrada: EntradaCorte,
    *,
    raiz: Path,
    clave: Ed25519PrivateKey,
    previo: str | None | bool = True,
    puntero: bool = True,
    colocar: bool = True,
    zipper: Executor,
) -> ResultadoCorte:
    """Build, sign and publish the cut described by `entrada` under `raiz/cortes/`.

    `previo=True` chains to (and reuses files from) the cut named by the current pointer;
    a name chains to that cut; `None`/`False` builds from scratch with no chain. When `puntero`
    is true the pointer is switched to the new cut once it is in place. With `colocar=False`
    the cut stays, complete and signed, in `.construccion/` (`resultado.ruta`), and neither
    `cortes/` nor the pointer changes: the caller moves it with `colocar_corte`.
    """
    t0 = time.perf_counter()
    raiz = Path(raiz)
    nombre = nombre_corte(entrada.corte_en, entrada.zona)
    cortes = raiz / CORTES
    destino = cortes / nombre
    if destino.exists():
        raise CorteExistente(f"El corte {nombre} ya existe; los cortes publicados no se modifican")
    cortes.mkdir(parents=True, exist_ok=True)
    (raiz / CONSTRUCCION).mkdir(parents=True, exist_ok=True)
    (raiz / INDICE).mkdir(parents=True, exist_ok=True)
    for viejo in (raiz / CONSTRUCCION).iterdir():  # leftovers of a builder that died
        shutil.rmtree(viejo, ignore_errors=True)
    tmp = raiz / CONSTRUCCION / f"{nombre}.{os.getpid()}"
    tmp.mkdir()

    nombre_previo: str | None = None
    if previo is True:
        p = leer_puntero(raiz)
        nombre_previo = str(p["corte"]) if p and (cortes / str(p["corte"])).is_dir() else None
    elif isinstance(previo, str):
        nombre_previo = previo
    dir_previo = cortes / nombre_previo if nombre_previo else None
    man_previo: dict[str, tuple[int, str]] = {}
    imagenes_previas: dict[str, int] = {}
    sha_previo: str | None = None
    indice_previo: dict[str, str] = {}
    if dir_previo is not None:
        datos_prev = (dir_previo / manifiesto.MANIFIESTO).read_bytes()
        sha_previo = manifiesto.sha256_bytes(datos_prev)
        m_prev = _MEMORIA.manifiesto(sha_previo) or manifiesto.Manifiesto.de_bytes(datos_prev)
        man_previo, imagenes_previas = m_prev.archivos, m_prev.imagenes
        try:
            indice_previo = json.loads((raiz / INDICE / f"{nombre_previo}.json").read_text())
        except (FileNotFoundError, ValueError):
            indice_previo = {}

    w = _Escritor(tmp, dir_previo, indice_previo, man_previo, raiz / IMAGENES, imagenes_previas)
    sal = _clave(PLANTILLA, entrada.entidad_nombre, entrada.zona, entrada.perfil)
    elecciones = [_procesar(entrada, e) for e in entrada.elecciones]
    agregados.conservar_solo(entrada)
    fragmentos = _Fragmentos(dir_previo, nombre_previo)
    zona = ZoneInfo(entrada.zona)
    desfase = _desfase_utc(entrada.corte_en, zona)
    etiqueta_corte = etiqueta_de(entrada)
    local = entrada.corte_en.astimezone(ZoneInfo(entrada.zona))
    pem = manifiesto.pem_publica(clave)
    w.poner(manifiesto.CLAVE_PUBLICA, pem, clave=_clave("pem", pem.decode()))
    w.poner("estilo.css", sitio.CSS.encode(), clave=_clave(PLANTILLA, sitio.CSS), gz=True)
    w.poner("corte.css", estado.hoja_corte(nombre, etiqueta_corte))

    # Sección pages (all elections; each casilla and acta is an anchor in its sección's page),
    # distrito and municipio pages, reused while their actas do not change, and the images,
    # once, into the shared store: the largest share of a full cut, split with child processes
    # (`_procesos`) that start here, before any thread does, and are collected before the
    # manifest is written.
    partes = _repartir(w, entrada, elecciones, sal, _procesos())
    parte_propia = partes[0]
    hijos = [_bifurcar(w, parte) for parte in partes[1:]]
    try:
        resultado = ResultadoCorte(
            nombre=nombre,
            ruta=destino,
            manifest_sha256="",
            previo=nombre_previo,
            archivos=0,
            reutilizados=0,
            escritos=0,
            bytes_escritos=0,
            duracion_s=0.0,
            actas_publicadas=0,
        )
        meta_elecciones = []
        descargas = []
        zips_pendientes: list[tuple[str, Future[tuple[int, str]]]] = []
        for el in elecciones:
            e = el.e
            cols = el.columnas_json  # the open data's names (those of the CSV)
            resultado.actas_publicadas += len(el.registradas)
            zip_base, csv_nombre, cand_nombre = nombres_archivos(e, entrada)
            zip_nombre = f"{nombre}_{zip_base}"
            extra = [
                (cand_nombre, _candidaturas_de(el, entrada)),
                (
                    "LEEME.txt",
                    _leeme(e, entrada, (zip_nombre, csv_nombre, cand_nombre), el.columnas),
                ),
            ]
            rel_zip = f"descargas/{zip_nombre}"
            # The CSVs are joined and deflated, and the zip written into the cut and hashed, in a
            # worker thread (zlib, file writes and hashlib release the GIL) while the pages are
            # written; the zip is recorded before the downloads page.
            zips_pendientes.append(
                (
                    rel_zip,
                    zipper.submit(
                        _zip_escrito,
                        w,
                        rel_zip,
                        entrada,
                        el,
                        csv_nombre,
                        extra,
                        zona,
                        desfase,
                        local,
                    ),
                )
            )
            descargas.append((e, rel_zip))
            resultado.csv[e.clave] = csv_nombre
            resultado.zips[e.clave] = rel_zip
            cifras_ent = _cifras(el.encabezado, el.votos_entidad, cols)
            resultado.cifras[e.clave] = {
                "nombre": e.nombre,
                "actas_esperadas": el.encabezado.actas_esperadas,
                "actas_capturadas": el.encabezado.actas_capturadas,
                "actas_contabilizadas": el.encabezado.actas_contabilizadas,
                "participacion_ciudadana": tally.formato4(
                    el.encabezado.porcentaje_participacion_ciudadana
                ),
            }
            meta_elecciones.append(
                {
                    "clave": e.clave,
                    "tipo": e.tipo,
                    "nombre": e.nombre,
                    "columnas_votos": list(cols),
                    "zip": rel_zip,
                    "csv": csv_nombre,
                    "variante": entrada.variantes[0],
                    "variantes": {
                        v: _nombre_variante(csv_nombre, v, entrada) for v in entrada.variantes
                    },
                    "etiquetas_inconsistencia": sorted(entrada.etiquetas_inconsistencia),
                    "separador_observaciones": entrada.separador_observaciones,
                    "tipos_especial": sorted(TIPOS_ESPECIAL),
                }
            )
            # JSON per level
            d = f"datos/{e.clave}"
            if e.tipo == "GUB":
                cifras_ent["candidaturas"] = _candidaturas_json(el, 0, el.votos_entidad)
            w.poner(f"{d}/entidad.json", _json({"corte": nombre, **cifras_ent}), gz=True)
            w.poner(
                f"{d}/distritos.json",
                _json(
                    {
                        str(k): {
                            "nombre": el.nombres_distrito[k],
                            **_cifras(enc, el.votos_distrito[k], cols),
                            **(
                                {"candidaturas": _candidaturas_json(el, k, el.votos_distrito[k])}
                                if e.tipo == "DIP_LOC"
                                else {}
                            ),
                        }
                        for k, enc in sorted(el.por_distrito.items())
                    }
                ),
            )
            w.poner(
                f"{d}/municipios.json",
                _json(
                    {
                        str(k): {
                            "nombre": el.nombres_municipio[k],
                            **_cifras(enc, el.votos_municipio[k], cols),
                            **(
                                {"candidaturas": _candidaturas_json(el, k, el.votos_municipio[k])}
                                if e.tipo == "AYUN"
                                else {}
                            ),
                        }
                        for k, enc in sorted(el.por_municipio.items())
                    }
                ),
            )
            # secciones and casillas, sharded by distrito, made of per-sección fragments that
            # later cuts of this process reuse while the sección's actas do not change
            for dist in el.ag.distrito.posiciones:
                k_d = _clave(sal, "json", el.clave_distrito[dist])
                secc = el.secciones_distrito.get(dist, [])
                rel_s, rel_c = f"{d}/secciones/{dist}.json", f"{d}/casillas/{dist}.json"
                reusado_s, reusado_c = w.reusar(rel_s, k_d), w.reusar(rel_c, k_d)
                if reusado_s:
                    fragmentos.conservar(el, "s", rel_s)
                else:
                    w.poner(rel_s, _secciones_json(el, rel_s, secc, cols, fragmentos), clave=k_d)
                if reusado_c:
                    fragmentos.conservar(el, "c", rel_c)
                else:
                    w.poner(rel_c, _casillas_json_b(el, rel_c, dist, fragmentos), clave=k_d)

        _secciones(w, parte_propia)

        # Election index pages print the cut time (rewritten at every cut); the distrito and
        # municipio pages do not, are reused while their actas do not change, and are written
        # with the sección pages (`_secciones`).
        for el in elecciones:
            e = el.e
            base = "../"
            migas_e = [("Inicio", "../index.html"), (e.nombre, "")]
            ent_dem = 0 if e.tipo == "GUB" else None
            enl_d = sitio.lista_enlaces(
                "Distritos: quién aventaja y por cuánto",
                (
                    (
                        f"Distrito {k} · {el.nombres_distrito[k]}",
                        f"distrito-{k}.html",
                        _celdas_lider(el, "distrito", k, el.votos_distrito[k], el.por_distrito[k]),
                    )
                    for k in sorted(el.por_distrito)
                ),
                ["Distrito", "Aventaja", "Margen", "Actas contabilizadas"],
            )
            enl_m = sitio.lista_enlaces(
                "Municipios: quién aventaja y por cuánto",
                (
                    (
                        f"{el.nombres_municipio[k]}",
                        f"municipio-{k}.html",
                        _celdas_lider(
                            el, "municipio", k, el.votos_municipio[k], el.por_municipio[k]
                        ),
                    )
                    for k in sorted(el.por_municipio)
                ),
                ["Municipio", "Aventaja", "Margen", "Actas contabilizadas"],
            )
            nivel_mayorias = {"DIP_LOC": "distrito", "AYUN": "municipio"}.get(e.tipo)
            mayorias = _mayorias(el, nivel_mayorias) if nivel_mayorias else ""
            mayorias = _mapa(entrada, el, nivel_mayorias or "distrito") + mayorias
            w.poner(
                f"{e.clave}/index.html",
                _pagina_grupo(
                    entrada=entrada,
                    el=el,
                    titulo=f"{e.nombre} · {entrada.entidad_nombre.title()}",
                    base=base,
                    migas=migas_e,
                    enc=el.encabezado,
                    votos=el.votos_entidad,
                    demarcacion=ent_dem,
                    enlaces=mayorias + enl_d + enl_m,
                    etiqueta_corte=etiqueta_corte,
                    propia=f"{e.clave}/index.html",
                ),
                gz=True,
            )

        for hijo in hijos:
            _recoger(w, hijo)
        hijos = []
    finally:
        _abortar(hijos)
    for rel_zip, fut in zips_pendientes:
        w.registrar(rel_zip, fut.result())
    w.poner(
        "datos/elecciones.json",
        _json(
            {
                "corte": nombre,
                "entidad_id": entrada.entidad_id,
                "entidad": entrada.entidad_nombre,
                "instituto": entrada.instituto,
                "final": entrada.final,
                "elecciones": meta_elecciones,
            }
        ),
    )
    # Portada, descargas, verificar
    portada = "".join(
        f'<section><h2><a href="{el.e.clave}/index.html">{sitio.e(el.e.nombre)}</a></h2>'
        + sitio.cifras_html(_grupo(el.encabezado, el.votos_entidad), entrada.final)
        + _resumen_portada(el)
        + f'<p><a href="{el.e.clave}/index.html">Resultados de {sitio.e(el.e.nombre.lower())}'
        " por distrito, municipio, sección y casilla</a></p></section>"
        for el in elecciones
    )
    w.poner(
        "index.html",
        sitio.pagina(
            titulo=f"Resultados preliminares · {entrada.entidad_nombre.title()}",
            base="",
            migas=[("Inicio", "")],
            cuerpo=portada,
            subtitulo=etiqueta_corte,
            instituto=entrada.instituto,
        ).encode(),
        gz=True,
    )
    filas_d = "".join(
        f'<tr><th scope="row"><a href="{sitio.e(rel)}" download>{sitio.e(rel.split("/")[-1])}</a></th>'
        f'<td>{sitio.e(e.nombre)}</td><td class="n">{w.archivos[rel][0]:,}</td>'
        f"<td><code>{w.archivos[rel][1]}</code></td></tr>"
        for e, rel in descargas
    )
    tabla_d = (
        '<div class="tabla"><table><caption>Bases de datos de este corte (ZIP)</caption><thead><tr>'
        '<th scope="col">Archivo</th><th scope="col">Elección</th><th scope="col" class="n">Bytes</th>'
        f'<th scope="col">SHA-256</th></tr></thead><tbody>{filas_d}</tbody></table></div>'
        "<p>Cada ZIP contiene la base de datos por acta (formato INE), las candidaturas y el "
        "LEEME.txt. La lista completa de archivos del corte, con su SHA-256, está en "
        '<a href="manifest.json">manifest.json</a>, firmado en <a href="manifest.sig">manifest.sig</a>.</p>'
    )
    # the files still to come: this page, verificar.html, the list, the manifest, its signature
    tabla_d += _todo_el_corte(nombre, len(w.archivos) + 5, len(w.imagenes), entrada.corte_completo)
    w.poner(
        "descargas.html",
        sitio.pagina(
            titulo="Descargas",
            base="",
            migas=[("Inicio", "index.html"), ("Descargas", "")],
            cuerpo=tabla_d,
            subtitulo=etiqueta_corte,
            propia="descargas.html",
            instituto=entrada.instituto,
        ).encode(),
    )
    w.poner("verificar.html", _pagina_verificar(pem, entrada, etiqueta_corte))
    # Every file of the cut, one address a line, relative to the list itself (the cut's own
    # directory, as every link of the cut is): `wget -i URL` resolves each line against the
    # list's URL, so it holds under any base path (/prep/cortes/… in the demo, /cortes/… behind
    # nginx or a CDN). Its own name, the manifest and the signature are in it; the whole-cut
    # archive is not (ADR 0054).
    # The names are sorted once for the list and the manifest (over a million at national scale).
    orden = sorted([*w.archivos, disco.LISTA])
    en_lista = list(orden)
    for propio in (manifiesto.MANIFIESTO, manifiesto.FIRMA):
        bisect.insort(en_lista, propio)
    w.poner(
        disco.LISTA,
        disco.lista_archivos(
            en_lista,
            manifiesto.orden_imagenes(w.imagenes, _MEMORIA),
            prefijo="",
            prefijo_almacen=f"../../{IMAGENES}/",
        ),
    )
    assert len(orden) == len(w.archivos)  # nothing is added to the cut after its list

    # Manifest, signature, rename into place.
    man = manifiesto.Manifiesto(
        nombre=nombre,
        corte_en=entrada.corte_en.astimezone(UTC).isoformat(),
        final=entrada.final,
        previo=nombre_previo,
        previo_sha256=sha_previo,
        archivos=dict(w.archivos),
        imagenes=w.imagenes,
        bitacora=entrada.bitacora,
    )
    datos_man = man.a_bytes(_MEMORIA, orden_archivos=orden)
    _MEMORIA.recordar(manifiesto.sha256_bytes(datos_man), man)
    for rel, datos in (
        (manifiesto.MANIFIESTO, datos_man),
        (manifiesto.FIRMA, manifiesto.firmar(datos_man, clave)),
    ):
        with open(tmp / rel, "wb") as f:
            f.write(datos)
            f.flush()
            os.fsync(f.fileno())
    if entrada.corte_completo:
        # the whole cut and its images as one archive, laid out as the site (the profile says
        # which cuts offer it: it holds every image, ADR 0054)
        # (from disk: the platform's one writer streams the cut's files and its images)
        disco.escribir_completo(
            tmp / disco.COMPLETO,
            nombre=nombre,
            archivos=((rel, tmp / rel) for rel in orden),
            firmado=(tmp / manifiesto.MANIFIESTO, tmp / manifiesto.FIRMA),
            seccion=IMAGENES,
            guardados=((n, raiz / IMAGENES / n) for n in sorted(w.imagenes)),
            fecha=local.timetuple()[:6],
        )
    fragmentos.guardar(nombre, w.archivos)
    escribir_atomico(raiz / INDICE / f"{nombre}.json", json.dumps(w.indice).encode())
    if colocar:
        colocar_corte(raiz, nombre, tmp)
    else:
        resultado.ruta = tmp
    resultado.manifest_sha256 = manifiesto.sha256_bytes(datos_man)
    resultado.archivos = len(w.archivos)
    resultado.reutilizados = w.reutilizados
    resultado.imagenes = len(w.imagenes)
    resultado.imagenes_nuevas = w.imagenes_nuevas
    resultado.escritos = w.escritos
    resultado.bytes_escritos = w.bytes
    resultado.duracion_s = time.perf_counter() - t0
    if puntero and colocar:
        escribir_puntero(raiz, resultado, entrada)
    return resultado


def etiqueta_de(entrada: EntradaCorte) -> str:
    """`Corte: 2024/06/02 21:00 (UTC-6)`: the cut's date and time printed on its pages."""
    zona = ZoneInfo(entrada.zona)
    return (
        "Corte: "
        + ine_csv.texto_corte(
            entrada.corte_en,
            formato=ine_csv.FORMATOS[entrada.variantes[0]],
            zona=zona,
            desfase_utc=_desfase_utc(entrada.corte_en, zona),
        )
        + (" · corte final" if entrada.final else "")
    )


def _desfase_utc(momento: datetime, zona: ZoneInfo) -> str:
    """`UTC-6`, `UTC+5:30`: the offset printed after the cut time."""
    off = momento.astimezone(zona).utcoffset() or timedelta(0)
    minutos = int(off.total_seconds()) // 60
    h, m = divmod(abs(minutos), 60)
    return f"UTC{'-' if minutos < 0 else '+'}{h}" + (f":{m:02d}" if m else "")


def nombres_archivos(eleccion: EleccionCorte, entrada: EntradaCorte) -> tuple[str, str, str]:
    """(zip without the time prefix, results CSV, candidaturas CSV) file names (§7.1)."""
    ent = entrada.entidad_abrev
    return (
        f"PREP_{eleccion.clave}_{ent}.zip",
        f"{ent}_{eleccion.clave}_{eleccion.anio}.csv",
        f"{ent}_{eleccion.clave}_CANDIDATURAS_{eleccion.anio}.csv",
    )


# Per-process memo of the candidaturas CSV of each election (key: the election's salt, which
# covers its candidaturas, and the entidad), and of the last manifest written (its SHA-256 and
# contents: the next cut reads it as the previous one without parsing it again).
_CANDIDATURAS: dict[tuple[str, int], bytes] = {}
# The PREP builder's memory of its last manifest (the platform keeps none of its own).
_MEMORIA = manifiesto.Memoria()


def _candidaturas_de(el: _Eleccion, entrada: EntradaCorte) -> bytes:
    k = (el.sal, entrada.entidad_id)
    hecho = _CANDIDATURAS.get(k)
    if hecho is None:
        if len(_CANDIDATURAS) > 16:
            _CANDIDATURAS.clear()
        hecho = _CANDIDATURAS[k] = _candidaturas(el.e, entrada)
    return hecho


def _candidaturas(e: EleccionCorte, entrada: EntradaCorte) -> bytes:
    """The candidaturas CSV (§7.4) through `ine_csv.escribir_candidaturas`."""
    nombres = nombres_columnas(entrada)
    dem = nombres.id_municipio if e.tipo == "AYUN" else nombres.id_distrito
    cols = (nombres.id_entidad, dem, *ine_csv.COLUMNAS_CANDIDATURAS_A[2:])
    filas = [
        dict(
            zip(
                cols,
                (
                    entrada.entidad_id,
                    c.demarcacion,
                    ine_csv.nombre_publicado(nombres, c.columna),
                    c.propietaria,
                    c.suplente,
                ),
                strict=True,
            )
        )
        for c in e.candidaturas
    ]
    return ine_csv.escribir_candidaturas(
        columnas=cols, filas=filas, codificacion="utf-8", fin_de_linea="\n"
    )


def _quien_lidera(
    el: _Eleccion, nivel: str, numero: int, votos: tuple[int, ...]
) -> tuple[str, str] | None:
    """(who leads, their colour) in a group: the candidacy's force where candidacies contend
    at this level, else the party or combination; None while nobody has a vote."""
    mapa = _mapa_contienda(el, nivel, numero)
    if mapa is not None:
        filas = _filas_candidatura(el, mapa, votos)
        v = sitio.ventaja([(n, x) for n, x, _, _ in filas])
        if v is None:
            return None
        return next((s or n, c) for n, _, s, c in filas if n == v[0])
    e = el.e
    opciones = _votos_tabla(e, votos)
    v = sitio.ventaja(opciones)
    if v is None:
        return None
    col = next(c for (n, _), c in zip(opciones, e.columnas_votos, strict=True) if n == v[0])
    return v[0], sitio.color_de([col], e.colores)


def _mapa(entrada: EntradaCorte, el: _Eleccion, nivel: str) -> str:
    """The map of the election's distritos or municipios, each in the colour of whoever leads
    it and linking its page (nothing when the catalog has no boundaries)."""
    formas = entrada.mapas.get(nivel)
    if not isinstance(formas, mapas.Formas):
        return ""
    grupos = el.votos_distrito if nivel == "distrito" else el.votos_municipio
    nombres = el.nombres_distrito if nivel == "distrito" else el.nombres_municipio
    zonas = []
    leyenda: dict[str, str] = {}
    for numero, d in sorted(formas.trazos.items()):
        if numero not in grupos:
            continue
        lider = _quien_lidera(el, nivel, numero, grupos[numero])
        nombre = (
            f"Distrito {numero} · {nombres[numero]}" if nivel == "distrito" else nombres[numero]
        )
        if lider is None:
            zonas.append((d, "#e6e6e6", f"{nivel}-{numero}.html", f"{nombre}: sin votos aún"))
            continue
        leyenda.setdefault(lider[0], lider[1])
        zonas.append((d, lider[1], f"{nivel}-{numero}.html", f"{nombre}: aventaja {lider[0]}"))
    if not zonas:
        return ""
    que = "distritos" if nivel == "distrito" else "municipios"
    return sitio.mapa_svg(
        f"mapa-{nivel}-{el.e.clave}",
        f"Mapa de {que}: color de quien aventaja en cada uno (elija uno para ver su detalle)",
        formas.ancho,
        formas.alto,
        zonas,
        sorted(leyenda.items()),
    )


def _resumen_portada(el: _Eleccion) -> str:
    """An election's summary on the portada: the seats each force leads (diputaciones,
    ayuntamientos) or who leads the state (gubernatura), with their bars."""
    nivel = {"DIP_LOC": "distrito", "AYUN": "municipio"}.get(el.e.tipo)
    if nivel:
        return _mayorias(el, nivel).replace("<h2>", "<h3>").replace("</h2>", "</h3>")
    return _bloque_votos(el, el.e.nombre, el.votos_entidad, el.candidatura.get(0, {})).split(
        '<div class="tabla">'
    )[0]


def _celdas_lider(
    el: _Eleccion, nivel: str, numero: int, votos: tuple[int, ...], enc: tally.Encabezado
) -> str:
    """The cells after a group's link in the election's list: who leads, the margin, the
    counted actas (HTML, for `sitio.lista_enlaces`)."""
    quien, margen = _lider(el, nivel, numero, votos)
    return f"{sitio.e(quien)}</td><td>{sitio.e(margen)}</td><td>{_resumen(enc)}"


def _resumen(enc: tally.Encabezado) -> str:
    return (
        f"{enc.actas_contabilizadas} de {enc.actas_esperadas} "
        f"({cifras.texto4(enc.porcentaje_actas_contabilizadas)} %)"
    )


# Per-process record of the distrito JSON files of the last cut built (`_FRAGMENTOS_CORTE`),
# each made of per-sección `"key":value` fragments: key (election salt, "s" for secciones / "c"
# for casillas, file) -> `_Archivo`. The next cut copies the runs of unchanged secciones'
# fragments from that file (written or hard-linked there, its bytes are on disk) instead of
# keeping every fragment in memory (hundreds of MB at national scale), one slice per run; a file
# that no longer has the SHA-256 it was written with (changed on disk between cuts) is rendered
# anew rather than carried into the next signed cut.
class _Archivo(NamedTuple):
    secciones: list[int]  # the sección of each fragment, in file order
    digests: list[str]  # each sección's digest (`Nivel.digest`) when its fragment was made
    inicios: npt.NDArray[np.int64]  # offset of each fragment in the file
    tam: int  # file size
    sha256: str | None  # of the file (None until it is written: `_Fragmentos.guardar`)


_FRAGMENTOS: dict[tuple[str, str, str], _Archivo] = {}
_FRAGMENTOS_CORTE: list[str | None] = [None]


class _Fragmentos:
    """The distrito files of one cut (`nuevos`), made from the previous cut's where they can."""

    def __init__(self, dir_previo: Path | None, nombre_previo: str | None) -> None:
        valido = dir_previo is not None and _FRAGMENTOS_CORTE[0] == nombre_previo
        self.dir = str(dir_previo) if valido else None
        self.nuevos: dict[tuple[str, str, str], _Archivo] = {}

    def registro(self, k: tuple[str, str, str], secciones: list[int]) -> _Archivo | None:
        """The previous cut's record of the file `k`, when the file was written with the same
        secciones in the same order (its bytes not read yet: `previo`)."""
        rec = _FRAGMENTOS.get(k) if self.dir is not None else None
        if rec is None or rec.sha256 is None:
            return None
        if rec.secciones is not secciones and rec.secciones != secciones:
            return None
        return rec

    def previo(self, k: tuple[str, str, str], rec: _Archivo) -> bytes | None:
        """The previous cut's file `k`, when it still has the size and SHA-256 it was written
        with (`rec`)."""
        try:
            with open(f"{self.dir}/{k[2]}", "rb") as f:
                datos = f.read()
        except OSError:
            return None
        if len(datos) != rec.tam or hashlib.sha256(datos).hexdigest() != rec.sha256:
            return None
        return datos

    def conservar(self, el: _Eleccion, tipo: str, rel: str) -> None:
        """Keep the record of a distrito file that was reused (the same bytes, same place)."""
        k = (el.sal, tipo, rel)
        rec = _FRAGMENTOS.get(k) if self.dir is not None else None
        if rec is not None:
            self.nuevos[k] = rec

    def objeto(
        self,
        el: _Eleccion,
        rel: str,
        tipo: str,
        secciones: list[int],
        hacer: Callable[[int], bytes],
    ) -> bytes:
        """A distrito's JSON object of per-sección `"key":value` fragments (`hacer(sección)`
        makes one), in the order of `secciones`; each run of secciones whose actas did not
        change since the previous cut is one slice of the previous cut's file (`empalme`),
        which is read (and its SHA-256 checked) only when some sección did not change. Records
        where each fragment lies in `rel`."""
        k = (el.sal, tipo, rel)
        dig = el.digest_seccion
        digests = [dig[s] for s in secciones]
        n = len(secciones)
        rec = self.registro(k, secciones)
        cambiadas: list[int] = list(range(n))
        datos = None
        if rec is not None:
            distintas = [
                i for i, (a, b) in enumerate(zip(digests, rec.digests, strict=True)) if a != b
            ]
            if len(distintas) < n:  # something to copy: read the previous file
                datos = self.previo(k, rec)
                if datos is not None:
                    cambiadas = distintas
        if datos is None:
            e = empalme.Empalme(b",", prefijo=b"{")
        else:
            assert rec is not None
            e = empalme.Empalme(
                b",", previo=datos, inicios=rec.inicios, fin=rec.tam - 1, prefijo=b"{"
            )
        completo = True  # every sección has a fragment (none empty): the record is usable
        i = 0  # next fragment to place
        cambiadas.append(n)
        for c in cambiadas:
            e.copiar(i, c)  # fragments i..c-1 unchanged
            if c < n:
                p = hacer(secciones[c])
                if p:
                    e.poner(p)
                else:
                    completo = False
            i = c + 1
        out = e.unir(b"}")
        if completo:
            self.nuevos[k] = _Archivo(secciones, digests, e.inicios(), len(out), None)
        return out

    def guardar(self, nombre: str, archivos: Mapping[str, tuple[int, str]]) -> None:
        """Keep this cut's records for the next cut (`archivos`: the cut's files, their size and
        SHA-256)."""
        _FRAGMENTOS.clear()
        for k, rec in self.nuevos.items():
            if rec.sha256 is None:
                info = archivos.get(k[2])
                if info is None or info[0] != rec.tam:
                    continue
                rec = rec._replace(sha256=info[1])
            _FRAGMENTOS[k] = rec
        _FRAGMENTOS_CORTE[0] = nombre


def _secciones_json(
    el: _Eleccion, rel: str, secc: list[int], cols: tuple[str, ...], fragmentos: _Fragmentos
) -> bytes:
    pref = _prefijos_json(cols)

    def hacer(s: int) -> bytes:
        d, m = el.seccion_geo[s]
        cuerpo = _cifras_json(el.por_seccion[s], el.votos_seccion[s], pref)
        return f'"{s}":{{"distrito":{d},"municipio":{m},{cuerpo}}}'.encode()

    return fragmentos.objeto(el, rel, "s", secc, hacer)


# JSON written by hand where a cut writes it per sección and per acta (hundreds of thousands of
# objects): the same bytes as `_json` of `_cifras` / of the casillas objects (a test compares them),
# in a third of the time.
_S_JSON: MemoAcotado[str, str] = MemoAcotado(lambda t: json.dumps(t, ensure_ascii=False), 1 << 16)


def _cadena_json(t: str) -> str:
    return _S_JSON[t]


@functools.lru_cache(maxsize=64)
def _prefijos_json(cols: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(f"{_cadena_json(c)}:" for c in cols)


_CLAVES_CIFRAS_JSON = tuple((k, f'"{k}":') for k in _CAMPOS_CIFRAS)


def _cifras_json(enc: tally.Encabezado, votos: Iterable[int], pref: tuple[str, ...]) -> str:
    """`_json(_cifras(enc, votos, cols))` without its braces (`pref`: `_prefijos_json(cols)`)."""
    partes = []
    for k, clave in _CLAVES_CIFRAS_JSON:
        v = getattr(enc, k)
        partes.append(f'{clave}"{cifras.texto4(v)}"' if type(v) is Decimal else f"{clave}{int(v)}")
    votos_json = ",".join([f"{p}{int(x)}" for p, x in zip(pref, votos, strict=True)])
    return f'{",".join(partes)},"votos":{{{votos_json}}}'


def _casillas_json_b(el: _Eleccion, rel: str, dist: int, fragmentos: _Fragmentos) -> bytes:
    """The distrito's actas keyed by CLAVE_ACTA, sección by sección (in order of each sección's
    first acta in the catalog; within one, catalog order)."""
    e = el.e
    actas = e.actas
    posiciones = el.ag.seccion.posiciones

    def hacer(s: int) -> bytes:
        lista = [actas[p] for p in posiciones[s]]
        return _casillas_fragmento(
            e, [a for a in lista if a.casilla.distrito == dist], el.columnas_json
        )

    return fragmentos.objeto(el, rel, "c", el.ag.secciones_en_distrito(dist), hacer)


def _casillas_fragmento(
    e: EleccionCorte, actas: list[ActaCorte], nombres: tuple[str, ...] | None = None
) -> bytes:
    """The casillas fragment of `actas`: per acta `"CLAVE":{casilla, seccion, tipo_casilla,
    lista_nominal, registrada[, contabilizada, total_votos_calculado, votos, sha256,
    observaciones]}`, written by hand (a test compares it with `json.dumps` of the same
    object). `nombres`: the vote columns' names in the JSON (default: the catalog's)."""
    cols = e.columnas_votos
    pref = _prefijos_json(nombres or cols)
    na = len(AUXILIARES_INICIO)
    js = _cadena_json
    out = []
    for a in actas:
        c = a.casilla
        r = a.resultado
        cab = (
            f'{js(a.clave)}:{{"casilla":{js(c.clave)},"seccion":{int(c.seccion)},'
            f'"tipo_casilla":{js(c.tipo)},"lista_nominal":{int(c.lista_nominal)},"registrada":'
        )
        if r is None:
            out.append(f"{cab}false}}")
            continue
        votos = ""
        if r.contabilizada:
            datos = _alineados(r.valores, cols, 0)[na:-1]
            votos = ",".join(
                [f"{p}{x}" if type(x) is int else f"{p}0" for p, x in zip(pref, datos, strict=True)]
            )
        obs = ",".join([js(o) for o in r.observaciones])
        out.append(
            f'{cab}true,"contabilizada":{"true" if r.contabilizada else "false"},'
            f'"total_votos_calculado":{int(r.total_votos_calculado)},"votos":{{{votos}}},'
            f'"sha256":{js(r.sha256)},"observaciones":[{obs}]}}'
        )
    return ",".join(out).encode()


# Per-process memo of the text of a captured value in an acta row: a number, ILEGIBLE, SIN
# DATO, or "-" (not applicable, also for an absent value). Values repeat a lot.
_TEXTOS: MemoAcotado[object, str] = MemoAcotado(
    lambda v: "-" if v is None else str(v) if type(v) is int else sitio.e(v), 1 << 16
)

# An acta row: the casilla, then what a citizen looks for first on a phone (the image, whether
# it counts, its total, observations: `_COLUMNAS_CLAVE_ACTA`), then every captured value, then
# the data of its processing (`_COLUMNAS_DATOS_ACTA`; the CSS aligns the last
# `sitio.COLUMNAS_TEXTO_ACTA` cells of a row to the left).
_COLUMNAS_CLAVE_ACTA = (
    "Imagen del acta",
    "Contabilizada",
    "Total de votos calculado",
    "Observaciones",
)
_COLUMNAS_DATOS_ACTA = (
    "Origen",
    "Digitalización",
    "Tipo de documento",
    "Acopio",
    "Captura",
    "Verificación",
    "SHA-256 de la imagen",
)
assert sitio.COLUMNAS_TEXTO_ACTA == len(_COLUMNAS_DATOS_ACTA)

_CABECERAS: dict[int, tuple[EleccionCorte, str, int]] = {}


def _cabecera_actas(e: EleccionCorte) -> tuple[str, int]:
    """The header row of an election's acta table and its column count, made once per
    election: the casilla, every captured value (`modelo.indice_valores` order), the data."""
    hecho = _CABECERAS.get(id(e))
    if hecho is None or hecho[0] is not e:
        if len(_CABECERAS) > 64:
            _CABECERAS.clear()
        cols = modelo.indice_valores(e.columnas_votos)
        nombres = [
            "Casilla",
            *_COLUMNAS_CLAVE_ACTA,
            *(sitio.ETIQUETAS_CAMPO.get(c) or sitio.nombre_opcion(c, e.partidos) for c in cols),
            *_COLUMNAS_DATOS_ACTA,
        ]
        cab = "<thead><tr>" + "".join(f'<th scope="col">{sitio.e(n)}</th>' for n in nombres)
        hecho = _CABECERAS[id(e)] = (e, cab + "</tr></thead>", len(nombres))
    return hecho[1], hecho[2]


def _fecha(t: datetime | None, zona: str) -> str:
    """`2024-06-02 21:05:09 (UTC-0600)`: the local time in `zona` and its offset (what
    `strftime("%Y-%m-%d %H:%M:%S (UTC%z)")` prints), formatted once per distinct time."""
    return "—" if t is None else _FECHAS[(t, zona)]


def _formatear_fecha(k: tuple[datetime, str]) -> str:
    lt = k[0].astimezone(ZoneInfo(k[1]))
    off = lt.utcoffset()
    m = int(off.total_seconds()) // 60 if off is not None else 0
    signo = "-" if m < 0 else "+"
    m = abs(m)
    return (
        f"{lt.year:04d}-{lt.month:02d}-{lt.day:02d} "
        f"{lt.hour:02d}:{lt.minute:02d}:{lt.second:02d} (UTC{signo}{m // 60:02d}{m % 60:02d})"
    )


# Per-process memo of printed times: actas verified in the same second share their text.
_FECHAS: MemoAcotado[tuple[datetime, str], str] = MemoAcotado(_formatear_fecha, 1 << 15)


def _fila_acta(entrada: EntradaCorte, e: EleccionCorte, a: ActaCorte, columnas: int) -> str:
    """An acta's row in its sección page (anchor `#acta-CLAVE`): the casilla, every captured
    value, the total, whether it counts, observations, origin, document, the three times and
    the image's SHA-256 linking to the image. Few string operations: it runs once per acta of
    every rewritten page."""
    r = a.resultado
    inicio = f'<tr id="acta-{sitio.e(a.clave)}"><th scope="row">{sitio.e(a.casilla.clave)}</th>'
    if r is None:
        return (
            f'{inicio}<td colspan="{columnas - 1}">Pendiente: esta acta aún no está en este'
            " corte.</td></tr>"
        )
    datos = _alineados(r.valores, e.columnas_votos, "-")
    if r.sha256 and r.imagen:
        imagen = f'<a href="{ENLACE_IMAGENES}{r.sha256}{r.imagen_ext}">Ver imagen</a>'
    elif r.sha256:
        imagen = "no disponible en este corte"
    else:
        imagen = "sin acta"
    zona = entrada.zona
    return (
        f'{inicio}<td class="t">{imagen}</td><td class="t">{"sí" if r.contabilizada else "no"}'
        f"</td><td>{r.total_votos_calculado}</td>"
        f'<td class="t">'
        f"{sitio.e(entrada.separador_observaciones.join(r.observaciones)) or 'ninguna'}</td>"
        f"<td>{'</td><td>'.join(map(_TEXTOS.__getitem__, datos))}</td>"
        f"<td>{sitio.e(r.origen)}</td><td>{sitio.e(r.digitalizacion)}</td>"
        f"<td>{sitio.e(r.tipo_documento or '—')}</td><td>{_fecha(r.acopio, zona)}</td>"
        f"<td>{_fecha(r.captura, zona)}</td><td>{_fecha(r.verificacion, zona)}</td>"
        f"<td><code>{r.sha256 or '—'}</code></td></tr>"
    )


# What a citizen reads for a casilla's type (the open data keep INE's letter).
TIPOS_CASILLA = {
    "B": "Básica",
    "C": "Contigua",
    "E": "Extraordinaria",
    "S": "Especial",
    "M": "Voto desde el extranjero",
    "A": "Voto anticipado",
    "P": "Voto en prisión",
}


def _pagina_seccion(
    entrada: EntradaCorte,
    s: int,
    elecciones: list[_Eleccion],
    lista: list[tuple[EleccionCorte, ActaCorte]],
) -> bytes:
    """One page per sección: its casillas (anchors `#casilla-CLAVE`, with links to their
    actas), then per election its figures, its votes and one table of its actas, one row per
    acta (anchors `#acta-CLAVE`)."""
    por_casilla: dict[str, list[tuple[EleccionCorte, ActaCorte]]] = {}
    for e, a in lista:
        por_casilla.setdefault(a.casilla.clave, []).append((e, a))
    filas_c = "".join(
        f'<tr id="casilla-{sitio.e(clave)}"><th scope="row">{sitio.e(clave)}</th>'
        f"<td>{sitio.e(TIPOS_CASILLA.get(actas_c[0][1].casilla.tipo, actas_c[0][1].casilla.tipo))}"
        "</td>"
        f'<td class="n">{actas_c[0][1].casilla.lista_nominal:,}</td><td>'
        + " · ".join(
            f'<a href="#acta-{sitio.e(a.clave)}">{sitio.e(e.nombre)}</a>' for e, a in actas_c
        )
        + "</td></tr>"
        for clave, actas_c in por_casilla.items()
    )
    partes = [
        f'<div class="tabla"><table><caption>Casillas de la sección {s}</caption><thead><tr>'
        '<th scope="col">Casilla</th><th scope="col">Tipo</th>'
        '<th scope="col" class="n">Lista nominal</th><th scope="col">Actas</th></tr></thead>'
        f"<tbody>{filas_c}</tbody></table></div>"
    ]
    for el in elecciones:
        e = el.e
        actas = [a for ee, a in lista if ee is e]
        if not actas:
            continue
        enc = el.por_seccion[s]
        votos = el.votos_seccion[s]
        nombre = sitio.e(e.nombre)
        partes.append(f"<section><h2>{nombre}</h2>")
        partes.append(sitio.cifras_html(_grupo(enc, votos), entrada.final))
        distrito, municipio = el.seccion_geo.get(s, (0, 0))
        mapa = _mapa_contienda(el, "distrito", distrito) or _mapa_contienda(
            el, "municipio", municipio
        )
        partes.append(_bloque_votos(el, f"sección {s} · {e.nombre}", votos, mapa))
        cabecera, columnas = _cabecera_actas(e)
        partes.append(
            # wider than a screen: a focusable, named region scrolls from the keyboard too
            f'<div class="tabla" role="region" tabindex="0" aria-labelledby="actas-{e.clave}">'
            f'<table class="actas"><caption id="actas-{e.clave}">Actas de la sección {s} · '
            f"{nombre}: valores capturados, horas locales y SHA-256 de la imagen</caption>"
            f"{cabecera}<tbody>"
        )
        partes.extend([_fila_acta(entrada, e, a, columnas) for a in actas])
        partes.append("</tbody></table></div></section>")
    return sitio.pagina(
        titulo=f"Sección {s}",
        base="../",
        migas=[("Inicio", "../index.html"), (f"Sección {s}", "")],
        cuerpo="".join(partes),
        propia=f"secciones/{s}.html",
        instituto=entrada.instituto,
    ).encode()


def _todo_el_corte(nombre: str, archivos: int, imagenes: int, completo: bool) -> str:
    """The downloads page's part on the whole cut: its file list, its archive when the profile
    offers it for this cut, and how a citizen downloads the cut and verifies it. The links name
    the cut itself (`../NAME/`), so from the latest address too they fetch this cut's files,
    which never change, not whatever cut is the latest by then."""
    propio = f"../{nombre}/"
    if completo:
        zip_html = (
            f'<p><a href="{propio}{disco.COMPLETO}" download>{disco.COMPLETO}</a>: todo este corte '
            f"en un solo archivo, con su manifiesto, su firma y las imágenes de las actas (carpetas "
            f"<code>cortes/{nombre}/</code> e <code>imagenes/</code>). Descomprímalo en una carpeta "
            f"vacía y verifíquelo con <code>ople verify cortes/{nombre}</code>. No figura en "
            "manifest.json porque lo contiene; <code>ople verify</code> comprueba que cada archivo "
            "dentro de él es el que lista el manifiesto.</p>"
        )
    else:
        zip_html = (
            "<p>Este corte no se ofrece como un solo archivo ZIP: llevaría dentro todas las "
            "imágenes de las actas, y el perfil del proceso decide qué cortes lo ofrecen. La "
            "lista de archivos lo descarga entero.</p>"
        )
    return (
        "<h2>Todo el corte</h2>"
        f'<p><a href="{propio}{disco.LISTA}">{disco.LISTA}</a>: la dirección de cada uno de los '
        f"{archivos:,} archivos de este corte (páginas, datos, bases de datos, manifiesto y firma) "
        f"y de las {imagenes:,} imágenes de actas que publica, una por línea, relativa a la "
        "propia lista.</p>"
        f"{zip_html}"
        "<h3>Cómo descargar todo el corte y verificarlo</h3><ol>"
        f"<li>Copie la dirección del enlace {disco.LISTA} (clic derecho, «Copiar dirección del "
        "enlace»).</li>"
        "<li>En una carpeta vacía, descargue cada archivo de la lista: "
        "<code>wget -x -nH -nc -i DIRECCIÓN</code>. wget crea las carpetas de la dirección "
        f"(por ejemplo <code>prep/cortes/{nombre}/</code> y <code>prep/imagenes/</code>); "
        "<code>-nc</code> no vuelve a descargar lo que ya tiene: puede repetirse si se "
        "interrumpe, y en la misma carpeta un corte posterior no vuelve a traer las imágenes "
        "que ya están.</li>"
        "<li>Verifíquelo con el software libre ople: <code>ople verify "
        f"prep/cortes/{nombre}</code> (la carpeta del corte que wget creó). Comprueba la firma, "
        "cada archivo y cada imagen, y recalcula todas las cifras; si algo no coincide, nombra "
        'el archivo. Más detalle en <a href="verificar.html">Cómo verificar</a>.</li></ol>'
    )


def _pagina_verificar(pem: bytes, entrada: EntradaCorte, etiqueta: str) -> bytes:
    huella = manifiesto.huella_publica(pem)
    cuerpo = f"""
<p>Cada corte es un directorio inmutable. Cualquier persona puede comprobar que nada se alteró:</p>
<ol>
<li>Descargue el corte completo (con su lista <a href="archivos.txt">archivos.txt</a>, como se explica en
<a href="descargas.html">Descargas</a>) o el archivo que le interese, y <a href="manifest.json">manifest.json</a>.</li>
<li>Calcule el SHA-256 de cada archivo (por ejemplo <code>sha256sum archivo</code>) y compárelo con el
que indica <code>manifest.json</code>.</li>
<li>Compruebe la firma Ed25519 de <code>manifest.json</code> (archivo <a href="manifest.sig">manifest.sig</a>,
en base64) con la clave pública del instituto, <a href="clave-publica.pem">clave-publica.pem</a>.</li>
<li>La imagen de cada acta se llama por su SHA-256: el valor de la columna SHA (o CODIGO_INTEGRIDAD) de la
base de datos debe coincidir con el SHA-256 de la imagen.</li>
<li>Cada manifiesto indica el SHA-256 del manifiesto del corte anterior: los cortes forman una cadena.</li>
</ol>
<p>Con el software libre ople, todo lo anterior y el recálculo de todas las cifras publicadas se hace con
<code>ople verify DIRECTORIO_DEL_CORTE</code>.</p>
<h2>Clave pública de publicación</h2>
<p>Huella (SHA-256 de la clave Ed25519): <code>{huella}</code></p>
<pre>{sitio.e(pem.decode())}</pre>
"""
    return sitio.pagina(
        titulo="Cómo verificar este corte",
        base="",
        migas=[("Inicio", "index.html"), ("Cómo verificar", "")],
        cuerpo=cuerpo,
        subtitulo=etiqueta,
        propia="verificar.html",
        instituto=entrada.instituto,
    ).encode()


# --- the sección pages and the images, split between processes ----------------------------


class _Parte(NamedTuple):
    """What one process writes of a cut (`_secciones`)."""

    entrada: EntradaCorte
    elecciones: list[_Eleccion]
    sal_secciones: str  # the salt of the sección pages' keys
    secciones: list[tuple[int, int]]  # (sección, its actas in every election)
    imagenes: list[tuple[str, str]]  # images new to the store: (name, source path)
    demarcaciones: list[tuple[int, str, int]]  # distrito/municipio pages: (election, level, n)
    sal: str  # the cut's salt (keys of the distrito/municipio pages)


def _procesos() -> int:
    """How many processes build a cut's sección pages: `OPLE_CORTE_PROCESOS`, by default the
    CPUs this process may use. Only a process with no other thread forks (a thread holding a
    lock at the fork would leave it held in the child): the simulacro, which publishes from a
    thread beside its simulated operators, builds in one process."""
    try:
        n = int(os.environ.get("OPLE_CORTE_PROCESOS", "0"))
    except ValueError:
        n = 0
    if n <= 0:
        n = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 1
    if n > 1 and (not hasattr(os, "fork") or threading.active_count() > 1):
        return 1
    return n


def _repartir(
    w: _Escritor, entrada: EntradaCorte, elecciones: list[_Eleccion], sal: str, n: int
) -> list[_Parte]:
    """The sección pages dealt out to `n` processes (by their acta count, largest first, each
    to the least loaded process) and the images new to the store to the last one. The images
    the previous cut already listed are recorded in `w` here."""
    actas_seccion: dict[int, int] = {}
    for el in elecciones:
        for s, pos in el.ag.seccion.posiciones.items():
            actas_seccion[s] = actas_seccion.get(s, 0) + len(pos)
    imagenes: list[tuple[str, str]] = []
    previas = w.imagenes_previas
    listadas = w.imagenes
    for el in elecciones:
        actas = el.e.actas
        for p, img in enumerate(el.ag.imagenes):
            if img is not None:
                tam = previas.get(img)
                if tam is None:
                    r = actas[p].resultado
                    assert r is not None and r.imagen is not None
                    imagenes.append((img, r.imagen))
                else:
                    listadas[img] = tam
    sal_s = _clave(sal, *(el.sal for el in elecciones))
    repartos: list[list[tuple[int, int]]] = [[] for _ in range(n)]
    # Load in "acta page shares" (measured at 60,000 actas): an image costs about a third of
    # one; what the parent does besides (JSON, election pages, the zips) about one per acta.
    carga = [0.0] * n
    if n > 1:
        carga[0] = float(sum(len(el.e.actas) for el in elecciones))
        carga[-1] += len(imagenes) / 3
    for s, cuantas in sorted(actas_seccion.items(), key=lambda x: -x[1]):
        i = carga.index(min(carga))
        repartos[i].append((s, cuantas))
        carga[i] += cuantas
    # distrito and municipio pages, weighted by their secciones (each lists them)
    paginas: list[list[tuple[int, str, int]]] = [[] for _ in range(n)]
    demarcaciones = [
        (len(secc.get(numero, ())), (i, nivel, numero))
        for i, el in enumerate(elecciones)
        for nivel, grupos, secc in (
            ("distrito", el.por_distrito, el.secciones_distrito),
            ("municipio", el.por_municipio, el.secciones_municipio),
        )
        for numero in grupos
    ]
    for peso, pagina in sorted(demarcaciones, key=lambda x: -x[0]):
        i = carga.index(min(carga))
        paginas[i].append(pagina)
        carga[i] += peso
    partes = [
        _Parte(entrada, elecciones, sal_s, r, [], d, sal)
        for r, d in zip(repartos, paginas, strict=True)
    ]
    partes[-1] = partes[-1]._replace(imagenes=imagenes)
    return partes


def _actas_seccion(elecciones: list[_Eleccion], s: int) -> list[tuple[EleccionCorte, ActaCorte]]:
    """A sección's actas, election by election, in catalog order."""
    return [(el.e, el.e.actas[p]) for el in elecciones for p in el.ag.seccion.posiciones.get(s, ())]


def _secciones(w: _Escritor, parte: _Parte) -> None:
    entrada, elecciones, sal_s, secciones, imagenes, demarcaciones, sal = parte
    for nombre, origen in imagenes:
        w.imagen(nombre, origen)
    for s, _ in secciones:
        k = _clave(sal_s, "seccion", *(el.digest_seccion.get(s, "-") for el in elecciones))
        w.poner(
            f"secciones/{s}.html",
            functools.partial(_pagina_seccion_de, entrada, s, elecciones),
            clave=k,
        )
    for i, nivel, numero in demarcaciones:
        el = elecciones[i]
        grupo = el.clave_distrito if nivel == "distrito" else el.clave_municipio
        w.poner(
            f"{el.e.clave}/{nivel}-{numero}.html",
            functools.partial(_pagina_demarcacion, entrada, el, nivel, numero),
            clave=_clave(sal, "pagina", grupo[numero]),
        )


def _pagina_seccion_de(entrada: EntradaCorte, s: int, elecciones: list[_Eleccion]) -> bytes:
    return _pagina_seccion(entrada, s, elecciones, _actas_seccion(elecciones, s))


@dataclass
class _Hijo:
    pid: int
    fd: int
    imagenes: list[tuple[str, str]]  # the images it was given: (name, source path)


def _bifurcar(w: _Escritor, parte: _Parte) -> _Hijo:
    """Run `_secciones(w, parte)` in a forked child; its writer's record comes back by a pipe."""
    leer, escribir = os.pipe()
    pid = os.fork()
    if pid == 0:  # child: never returns
        codigo = 1
        try:
            os.close(leer)
            w.vaciar()
            _secciones(w, parte)
            datos = pickle.dumps(("ok", w.parcial()), protocol=pickle.HIGHEST_PROTOCOL)
            codigo = 0
        except BaseException as exc:  # reported to the parent, which fails the cut
            datos = pickle.dumps(("error", f"{type(exc).__name__}: {exc}"))
        try:
            with os.fdopen(escribir, "wb") as f:
                f.write(datos)
        finally:
            os._exit(codigo)
    os.close(escribir)
    return _Hijo(pid, leer, parte.imagenes)


# Children whose share was read, reaped at the end of the cut (`_esperar_hijos`): a child's exit
# (unmapping a copy of the parent's address space) overlaps the manifest instead of delaying it.
_SIN_ESPERAR: list[int] = []


def _esperar_hijos() -> None:
    while _SIN_ESPERAR:
        try:
            os.waitpid(_SIN_ESPERAR.pop(), 0)
        except ChildProcessError:
            pass


def _recoger(w: _Escritor, hijo: _Hijo) -> None:
    with os.fdopen(hijo.fd, "rb") as f:
        datos = f.read()
    hijo.fd = -1
    if not datos:
        _, estado = os.waitpid(hijo.pid, 0)
        hijo.pid = 0
        raise RuntimeError(
            f"Un proceso auxiliar del corte terminó sin entregar su parte (estado {estado})"
        )
    _SIN_ESPERAR.append(hijo.pid)  # it has closed the pipe and is exiting: reaped later
    hijo.pid = 0
    tipo, valor = pickle.loads(datos)
    del datos
    if tipo != "ok":
        raise RuntimeError(f"Falló un proceso auxiliar del corte: {valor}")
    if hijo.imagenes:  # keyed by this process's name strings (one copy of ~500,000 names)
        tamanos = valor[3]
        valor = (
            *valor[:3],
            {n: tamanos[n] for n, _ in hijo.imagenes if n in tamanos},
            *valor[4:],
        )
        del tamanos
    w.unir(valor)


def _abortar(hijos: list[_Hijo]) -> None:
    """Stop and reap the children of a build that failed (their files stay in `.construccion/`,
    which the next build removes)."""
    for h in hijos:
        if h.pid:
            try:
                os.kill(h.pid, signal.SIGKILL)
                os.waitpid(h.pid, 0)
            except (ProcessLookupError, ChildProcessError):
                pass
        if h.fd >= 0:
            os.close(h.fd)
