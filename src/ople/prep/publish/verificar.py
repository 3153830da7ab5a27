"""`ople verify CUT_DIR`: check a published cut with nothing but the cut itself. Pure.

Checks, each failure naming the file: the Ed25519 signature of `manifest.json` (with the key in
the cut, or a pinned one); the chain (the previous cut's manifest hash, when that cut is beside
this one, and the same key); every file listed, with its size and SHA-256; files missing or not
listed; every acta image named by its SHA-256 and present for every CSV row that names one; and
every published figure recomputed from the CSV rows (the 13 header figures of every variant,
TOTAL_VOTOS_CALCULADO of every row, and the entidad, distrito, municipio, sección and casilla
JSON).
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import zipfile
import zlib
from collections.abc import Iterable
from pathlib import Path

import numpy as np

from ople.ley import tally
from ople.prep import ine_csv
from ople.publicacion import manifiesto
from ople.publicacion import verificar as generico
from ople.publicacion.verificar import Falla


def _sha(ruta: Path) -> str:
    return manifiesto.sha256_archivo(ruta)


def _limpiar_clave(t: str) -> str:
    t = t.strip()
    if t.startswith('="') and t.endswith('"'):
        return t[2:-1]
    if len(t) >= 2 and t[0] == "'" and t[-1] == "'":
        return t[1:-1]
    return t


def leer_csv(datos: bytes) -> tuple[list[str], list[str], list[str], list[dict[str, str]]]:
    """(header names, header values, columns, rows) of a results CSV we wrote (A or B)."""
    texto = datos.decode("utf-8-sig")
    sep = "|" if texto.startswith("sep=|") else ","
    lineas = [ln for ln in csv.reader(io.StringIO(texto, newline=""), delimiter=sep)]
    i_enc = next(i for i, f in enumerate(lineas) if f and f[0] == "ACTAS_ESPERADAS")
    i_col = next(i for i, f in enumerate(lineas) if f and f[0] == "CLAVE_CASILLA")
    cols = lineas[i_col]
    filas = [dict(zip(cols, f, strict=True)) for f in lineas[i_col + 1 :] if f]
    for f in filas:
        for k in ("CLAVE_CASILLA", "CLAVE_ACTA"):
            f[k] = _limpiar_clave(f[k])
    return lineas[i_enc], lineas[i_enc + 1], cols, filas


def _num(v: str) -> int:
    try:
        return int(v)
    except ValueError:
        return 0


def almacen_imagenes(directorio: Path) -> Path:
    """Where the images of a cut are: `imagenes/` inside the cut when a copy put them there,
    else the shared store of its publication root (`cortes/NAME/../../imagenes`)."""
    d = Path(directorio)
    dentro = d / "imagenes"
    return dentro if dentro.is_dir() else d.parent.parent / "imagenes"


def verificar_corte(
    directorio: Path, *, clave_publica: bytes | None = None, imagenes: Path | None = None
) -> list[Falla]:
    """Every failure found (an empty list means the cut verifies).

    `imagenes`: the directory holding the acta images named by SHA-256 (default
    `almacen_imagenes(directorio)`). Images are reported as `imagenes/<sha>.<ext>`.
    """
    d = Path(directorio)
    almacen = Path(imagenes) if imagenes is not None else almacen_imagenes(d)
    # 1-3. signature, chain, files, precompressed copies and the image store: the platform's
    # checks of any cut (ople.publicacion.verificar)
    rev = generico.revisar(d, clave_publica=clave_publica, almacenes={"imagenes": almacen})
    fallas = rev.fallas
    man = rev.manifiesto
    if man is None:
        return fallas
    presentes_ok = rev.almacen_sano.get("imagenes", set())
    # a CSV row must name an image that is listed and present
    imagenes_sha = {nombre.split(".", 1)[0].lower(): nombre for nombre in presentes_ok}
    imagenes_sha.update(
        {
            rel.split("/", 1)[1].split(".", 1)[0].lower(): rel
            for rel in man.archivos
            if rel.startswith("imagenes/")
        }
    )
    # 4. figures
    try:
        meta = json.loads((d / "datos/elecciones.json").read_bytes())
    except (OSError, ValueError) as exc:
        fallas.append(Falla("datos/elecciones.json", f"no se puede leer ({exc})"))
        return fallas
    for el in meta.get("elecciones", []):
        fallas.extend(_verificar_eleccion(d, el, bool(meta.get("final")), imagenes_sha))
    return fallas


def _verificar_eleccion(
    d: Path, el: dict[str, object], final: bool, imagenes: dict[str, str]
) -> list[Falla]:
    fallas: list[Falla] = []
    rel_zip = str(el["zip"])
    cols = [str(c) for c in el["columnas_votos"]]  # type: ignore[attr-defined]
    incons = set(el.get("etiquetas_inconsistencia", []))  # type: ignore[call-overload]
    sep_obs = str(el.get("separador_observaciones", ", "))
    especiales = set(el.get("tipos_especial", ["S"]))  # type: ignore[call-overload]
    variantes: dict[str, str] = el["variantes"]  # type: ignore[assignment]
    try:
        z = zipfile.ZipFile(d / rel_zip)
    except (OSError, zipfile.BadZipFile) as exc:
        return [Falla(rel_zip, f"no se puede abrir el ZIP ({exc})")]
    principal: list[dict[str, str]] | None = None
    enc_principal: tally.Encabezado | None = None
    for nombre in variantes.values():
        archivo = f"{rel_zip}!{nombre}"
        try:
            enc_n, enc_v, columnas, filas = leer_csv(z.read(nombre))
        except (
            KeyError,
            StopIteration,
            ValueError,
            EOFError,
            csv.Error,
            zipfile.BadZipFile,
            zlib.error,
        ) as exc:
            fallas.append(Falla(archivo, f"no se puede leer la base de datos ({exc})"))
            continue
        # column names are the profile's (the same in every variant); vote columns are listed
        # in datos/elecciones.json, the others are found by their known names
        # The CSV prints the write-in/null columns with the profile's names: align by position.
        en_csv = ine_csv.columnas_de_voto(columnas)
        vcols = list(en_csv) if len(en_csv) == len(cols) else cols
        sha_col = next((c for c in ("CODIGO_INTEGRIDAD", "SHA") if c in columnas), "")
        dist_col = next((c for c in ("ID_DISTRITO_LOCAL", "ID_DISTRITO") if c in columnas), "")
        faltan = [c for c in vcols if c not in columnas] + [
            n for n, c in (("SHA/CODIGO_INTEGRIDAD", sha_col), ("ID_DISTRITO", dist_col)) if not c
        ]
        if faltan:
            fallas.append(Falla(archivo, f"faltan columnas: {', '.join(faltan)}"))
            continue
        resumen = []
        votos = np.zeros((len(filas), len(vcols)), dtype=np.int64)
        for i, f in enumerate(filas):
            vals = [_num(f[c]) for c in vcols]
            votos[i] = vals
            calc = sum(vals)
            if str(calc) != f["TOTAL_VOTOS_CALCULADO"]:
                fallas.append(
                    Falla(
                        archivo,
                        f"acta {f['CLAVE_ACTA']}: TOTAL_VOTOS_CALCULADO {f['TOTAL_VOTOS_CALCULADO']}"
                        f" pero la suma de sus votos es {calc}",
                    )
                )
            obs = [o.strip() for o in f["OBSERVACIONES"].split(sep_obs.strip() or sep_obs)]
            resumen.append(
                tally.ResumenActa(
                    en_catalogo=True,
                    contabilizada=f["CONTABILIZADA"] == "1",
                    inconsistente=any(o in incons for o in obs),
                    especial=f["TIPO_CASILLA"] in especiales,
                    lista_nominal=_num(f["LISTA_NOMINAL"]),
                    total_votos=calc,
                )
            )
            sha = f[sha_col].strip().lower()
            if sha and sha not in imagenes:
                fallas.append(
                    Falla(archivo, f"acta {f['CLAVE_ACTA']}: no hay imagen con SHA-256 {sha}")
                )
        try:
            ent_json = json.loads((d / f"datos/{el['clave']}/entidad.json").read_bytes())
            esperadas = int(ent_json["actas_esperadas"])
        except (OSError, ValueError, KeyError):
            esperadas = int(enc_v[0]) if enc_v and enc_v[0].isdigit() else 0
            ent_json = None
        enc = tally.calcular_encabezado(resumen, actas_esperadas=esperadas, corte_final=final)
        if list(enc_n) != list(tally.CAMPOS_ENCABEZADO) or list(enc.valores()) != list(enc_v):
            fallas.append(
                Falla(
                    archivo,
                    "las 13 cifras del encabezado no corresponden a las filas: publicado "
                    f"{'|'.join(enc_v)}, recalculado {'|'.join(enc.valores())}",
                )
            )
        if principal is None:
            principal, enc_principal = filas, enc
            tabla = tally.TablaActas.desde_arreglos(
                cols,
                votos=votos,
                lista_nominal=[r.lista_nominal for r in resumen],
                contabilizada=[r.contabilizada for r in resumen],
                en_catalogo=np.ones(len(resumen), dtype=bool),
                inconsistente=[r.inconsistente for r in resumen],
                especial=[r.especial for r in resumen],
                total_votos=[r.total_votos for r in resumen],
            )
            fallas.extend(_verificar_niveles(d, el, filas, tabla, final, ent_json, dist_col, cols))
        elif enc_principal is not None and enc.valores() != enc_principal.valores():
            fallas.append(Falla(archivo, "las variantes del archivo no coinciden entre sí"))
    return fallas


_CAMPOS_JSON = (
    "actas_capturadas",
    "actas_contabilizadas",
    "porcentaje_actas_capturadas",
    "porcentaje_actas_contabilizadas",
    "porcentaje_actas_inconsistencias",
    "lista_nominal_actas_contabilizadas",
    "total_votos_c_cs",
    "total_votos_s_cs",
    "porcentaje_participacion_ciudadana",
)


def _comparar(
    archivo: str,
    grupo: str,
    publicado: dict[str, object],
    enc: tally.Encabezado,
    votos: Iterable[int],
    cols: list[str],
) -> list[Falla]:
    fallas = []
    calc = {k.lower(): v for k, v in enc.como_dict().items()}
    for k in _CAMPOS_JSON:
        if str(publicado.get(k)) != str(calc[k]):
            fallas.append(
                Falla(archivo, f"{grupo}: {k} publicado {publicado.get(k)}, recalculado {calc[k]}")
            )
    pv = publicado.get("votos", {})
    for c, v in zip(cols, votos, strict=True):
        if not isinstance(pv, dict) or pv.get(c) != int(v):
            got = pv.get(c) if isinstance(pv, dict) else None
            fallas.append(
                Falla(archivo, f"{grupo}: votos de {c} publicados {got}, recalculados {v}")
            )
    return fallas


def _verificar_niveles(
    d: Path,
    el: dict[str, object],
    filas: list[dict[str, str]],
    tabla: tally.TablaActas,
    final: bool,
    ent_json: dict[str, object] | None,
    dist_col: str,
    cols: list[str],
) -> list[Falla]:
    fallas: list[Falla] = []
    base = f"datos/{el['clave']}"
    cero = tuple(0 for _ in cols)
    if ent_json is not None:
        enc = tabla.encabezado(
            actas_esperadas=int(str(ent_json["actas_esperadas"])), corte_final=final
        )
        fallas += _comparar(
            f"{base}/entidad.json", "entidad", ent_json, enc, tabla.totales().values(), cols
        )

    def leer(rel: str) -> dict[str, dict[str, object]]:
        try:
            datos: dict[str, dict[str, object]] = json.loads((d / rel).read_bytes())
            return datos
        except (OSError, ValueError) as exc:
            fallas.append(Falla(rel, f"no se puede leer ({exc})"))
            return {}

    def nivel(rel: str, claves: list[str], publicados: dict[str, dict[str, object]]) -> None:
        esperadas = {k: int(str(v.get("actas_esperadas", 0))) for k, v in publicados.items()}
        encs = tabla.encabezados(claves, esperadas, corte_final=final)
        sumas = tabla.sumar(claves)
        for k, enc in encs.items():
            if k not in publicados:
                fallas.append(Falla(rel, f"{k}: falta el grupo (tiene actas en la base de datos)"))
                continue
            fallas.extend(_comparar(rel, k, publicados[k], enc, sumas.get(k, cero), cols))

    nivel(f"{base}/distritos.json", [f[dist_col] for f in filas], leer(f"{base}/distritos.json"))
    secciones: dict[str, dict[str, object]] = {}
    casillas_pub: dict[str, dict[str, object]] = {}
    for p in sorted((d / base / "secciones").glob("*.json")):
        secciones.update(leer(p.relative_to(d).as_posix()))
    for p in sorted((d / base / "casillas").glob("*.json")):
        casillas_pub.update(leer(p.relative_to(d).as_posix()))
    nivel(f"{base}/secciones/*.json", [f["SECCION"] for f in filas], secciones)
    municipio = {s: str(v.get("municipio")) for s, v in secciones.items()}
    nivel(
        f"{base}/municipios.json",
        [municipio.get(f["SECCION"], "?") for f in filas],
        leer(f"{base}/municipios.json"),
    )
    # casilla level: every registered acta as published in the casilla JSON
    for f, i in zip(filas, range(len(filas)), strict=True):
        pub = casillas_pub.get(f["CLAVE_ACTA"])
        rel = f"{base}/casillas/*.json"
        if pub is None or not pub.get("registrada"):
            fallas.append(Falla(rel, f"acta {f['CLAVE_ACTA']}: falta o aparece como no registrada"))
            continue
        cont = f["CONTABILIZADA"] == "1"
        if pub.get("contabilizada") != cont or str(pub.get("total_votos_calculado")) != str(
            int(tabla.total_votos[i])
        ):
            fallas.append(
                Falla(rel, f"acta {f['CLAVE_ACTA']}: cifras distintas de la base de datos")
            )
        elif cont and pub.get("votos") != dict(
            zip(cols, (int(x) for x in tabla.votos[i]), strict=True)
        ):
            fallas.append(
                Falla(rel, f"acta {f['CLAVE_ACTA']}: votos distintos de la base de datos")
            )
    registradas = {f["CLAVE_ACTA"] for f in filas}
    for k, v in casillas_pub.items():
        if v.get("registrada") and k not in registradas:
            fallas.append(
                Falla(f"{base}/casillas/*.json", f"acta {k}: no está en la base de datos")
            )
    return fallas


def sha256_hex(datos: bytes) -> str:
    return hashlib.sha256(datos).hexdigest()
