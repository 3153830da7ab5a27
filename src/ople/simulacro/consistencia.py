"""The end-of-night check: the published data against the truth the simulator generated."""

from __future__ import annotations

import hashlib
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from django.core.files.storage import storages

from ople.prep import ine_csv
from ople.prep import selectors as prep_selectors
from ople.prep.perfil import SeccionPrep
from ople.prep.publish import verificar
from ople.simulacro import escenario as esc
from ople.simulacro.motor import Estadisticas


@dataclass
class Informe:
    fallas: list[str] = field(default_factory=list)
    actas_comparadas: int = 0
    contabilizadas: int = 0
    recibos_revisados: int = 0
    cortes_verificados: int = 0

    @property
    def ok(self) -> bool:
        return not self.fallas


def _csvs_del_corte(directorio: Path) -> list[bytes]:
    """The main results CSV of each election, read from the zips of the cut."""
    salida = []
    for z in sorted(directorio.rglob("*.zip")):
        with zipfile.ZipFile(z) as archivo:
            for nombre in archivo.namelist():
                if nombre.endswith(".csv") and "CANDIDATURAS" not in nombre.upper():
                    salida.append(archivo.read(nombre))
                    break
    return salida


def nombres_del_perfil(perfil: SeccionPrep) -> dict[str, str]:
    """Catalog column → the name the profile's CSV prints it with (where they may differ)."""
    cols = perfil.csv.columnas
    # independents too: CAND_IND_1 in the catalog is CI_01 in an INE 2024 style CSV
    # (`ople.prep.ine_csv.nombre_publicado`)
    independientes = {f"CAND_IND_{n}": cols.candidatura_independiente(n) for n in range(1, 21)}
    return {"NO_REGISTRADOS": cols.no_registrados, "NULOS": cols.nulos, **independientes}


def _normal(v: object) -> str:
    return str(v).strip()


def verificar_consistencia(
    *,
    escenario: esc.Escenario,
    est: Estadisticas,
    raiz_publicacion: Path,
    nombres: dict[str, str],
) -> Informe:
    inf = Informe()
    # 1. Every acknowledged upload is stored, with its hash, bytes intact.
    almacen = storages["default"]
    for recibo, (clave, sha) in est.recibos.items():
        inf.recibos_revisados += 1
        if ":" in recibo:  # CATD scans: acknowledged on the page with their hash
            imagen = prep_selectors.imagen_acusada(sha256=sha)
        else:
            imagen = prep_selectors.imagen_acusada(recibo=recibo)
        if imagen is None or imagen.sha256 != sha:
            inf.fallas.append(f"falta la imagen acusada {recibo} ({clave or 'fuera de catálogo'})")
            continue
        with almacen.open(imagen.ruta, "rb") as f:
            if hashlib.sha256(f.read()).hexdigest() != sha:
                inf.fallas.append(f"la imagen {sha} no coincide con su hash en el almacenamiento")
    # 2. Every cut verifies (signature, chain, hashes, recomputed figures).
    cortes = prep_selectors.cortes_registrados()
    for c in cortes:
        directorio = raiz_publicacion / "cortes" / c.nombre
        for falla in verificar.verificar_corte(directorio):
            inf.fallas.append(f"corte {c.nombre}: {falla}")
        inf.cortes_verificados += 1
    if not cortes:
        inf.fallas.append("no se publicó ningún corte")
        return inf
    # 3. The final cut reproduces the truth for every acta.
    final = raiz_publicacion / "cortes" / cortes[-1].nombre
    verdad = escenario.por_clave()
    vistas: set[str] = set()
    for datos in _csvs_del_corte(final):
        base = ine_csv.leer(datos)
        for fila in base.filas:
            clave = _normal(fila.get("CLAVE_ACTA", ""))
            acta = verdad.get(clave)
            if acta is None:
                continue
            vistas.add(clave)
            inf.actas_comparadas += 1
            if acta.sin_acta is not None:
                if _normal(fila.get("CONTABILIZADA")) != "0":
                    inf.fallas.append(f"{clave}: sin acta publicada como contabilizada")
                continue
            if _normal(fila.get("CONTABILIZADA")) == "1":
                inf.contabilizadas += 1
            for campo, valor in acta.valores.items():
                nombre = nombres.get(campo, campo)
                if nombre not in base.columnas:
                    inf.fallas.append(f"{clave}: el CSV no tiene la columna {campo}")
                    continue
                publicado = _normal(fila.get(nombre, ""))
                if publicado != _normal(valor):
                    inf.fallas.append(f"{clave} {campo}: publicado {publicado!r}, verdad {valor!r}")
            calculado = sum(
                v
                for c, v in acta.valores.items()
                if isinstance(v, int) and c in acta.entrada.columnas_voto
            )
            if _normal(fila.get("TOTAL_VOTOS_CALCULADO")) != str(calculado):
                inf.fallas.append(f"{clave}: TOTAL_VOTOS_CALCULADO no coincide con la verdad")
    faltan = sorted(set(verdad) - vistas)
    for clave in faltan[:20]:
        inf.fallas.append(f"{clave}: no aparece en el corte final")
    if len(faltan) > 20:
        inf.fallas.append(f"… y {len(faltan) - 20} actas más faltan en el corte final")
    return inf
