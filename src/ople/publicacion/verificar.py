"""`verificar_corte(directorio)`: the checks every published cut must pass, whatever its site.

With nothing but the cut (and, beside it, the previous cut and the site's store): the Ed25519
signature of `manifest.json` (with the key in the cut, or a pinned one); the chain (the previous
cut's manifest hash, when that cut is beside this one, and the same key); every listed file, with
its size and SHA-256; no file that is not listed (except the manifest, its signature and the
whole-cut archive); each precompressed copy holding exactly its file; every store file the
manifest names present, with its size, and named by its SHA-256; and the whole-cut archive, when
present, holding this very manifest and the listed bytes. A system adds its own recomputation
checks on top (the PREP: every figure from the CSV rows, `ople.prep.publish.verificar`). Pure.
"""

from __future__ import annotations

import gzip
import hashlib
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path

from ople.publicacion import disco, manifiesto

COMPLETO = disco.COMPLETO  # the whole cut as one archive (not listed: it holds the manifest)


@dataclass(frozen=True, slots=True)
class Falla:
    archivo: str
    mensaje: str

    def __str__(self) -> str:
        return f"{self.archivo}: {self.mensaje}"


@dataclass
class Revision:
    """What the generic checks found: the failures, the manifest (None when unreadable), the
    listed files whose bytes match, and each store section's files present and sound."""

    fallas: list[Falla] = field(default_factory=list)
    manifiesto: manifiesto.Manifiesto | None = None
    sanos: set[str] = field(default_factory=set)
    almacen_sano: dict[str, set[str]] = field(default_factory=dict)


def _sha(ruta: Path) -> str:
    return manifiesto.sha256_archivo(ruta)


def _listar(raiz: Path) -> set[str]:
    return {
        p.relative_to(raiz).as_posix() for p in raiz.rglob("*") if p.is_file() or p.is_symlink()
    }


def directorio_almacen(directorio: Path, seccion: str) -> Path:
    """Where a cut's store files of `seccion` are: `seccion/` inside the cut when a copy put them
    there, else the site's store beside `cortes/` (`cortes/NAME/../../seccion`)."""
    d = Path(directorio)
    dentro = d / manifiesto.ALMACENES[seccion]
    return dentro if dentro.is_dir() else d.parent.parent / manifiesto.ALMACENES[seccion]


def revisar(
    directorio: Path,
    *,
    clave_publica: bytes | None = None,
    almacenes: dict[str, Path] | None = None,
) -> Revision:
    """The generic checks of the cut in `directorio`. `almacenes`: section -> directory holding
    its files (default `directorio_almacen`)."""
    d = Path(directorio)
    almacenes = dict(almacenes or {})
    rev = Revision()
    fallas = rev.fallas
    man_ruta = d / manifiesto.MANIFIESTO
    try:
        datos_man = man_ruta.read_bytes()
        man = manifiesto.Manifiesto.de_bytes(datos_man)
    except (OSError, ValueError, KeyError) as exc:
        fallas.append(Falla(manifiesto.MANIFIESTO, f"no se puede leer el manifiesto ({exc})"))
        try:  # an unreadable manifest whose signature still holds was published that way
            firmado = manifiesto.firma_valida(
                man_ruta.read_bytes(),
                (d / manifiesto.FIRMA).read_bytes(),
                clave_publica or (d / manifiesto.CLAVE_PUBLICA).read_bytes(),
            )
        except OSError:
            firmado = False
        if not firmado:
            fallas.append(Falla(manifiesto.FIRMA, "la firma Ed25519 de manifest.json no es válida"))
        return rev
    rev.manifiesto = man
    # 1. signature
    try:
        pem_cut = (d / manifiesto.CLAVE_PUBLICA).read_bytes()
    except OSError:
        pem_cut = b""
        fallas.append(Falla(manifiesto.CLAVE_PUBLICA, "falta la clave pública"))
    pem = clave_publica or pem_cut
    if clave_publica is not None and pem_cut and pem_cut.strip() != clave_publica.strip():
        fallas.append(
            Falla(manifiesto.CLAVE_PUBLICA, "no es la clave pública de publicación esperada")
        )
    try:
        firma = (d / manifiesto.FIRMA).read_bytes()
    except OSError:
        firma = b""
    if not pem or not firma or not manifiesto.firma_valida(datos_man, firma, pem):
        fallas.append(
            Falla(
                manifiesto.FIRMA,
                "la firma Ed25519 de manifest.json no es válida con la clave de publicación "
                "(manifest.json o manifest.sig fueron alterados, o se firmó con otra clave)",
            )
        )
    # 2. chain
    if man.previo:
        previo = d.parent / man.previo
        if (previo / manifiesto.MANIFIESTO).is_file():
            h = _sha(previo / manifiesto.MANIFIESTO)
            if h != man.previo_sha256:
                fallas.append(
                    Falla(
                        manifiesto.MANIFIESTO,
                        f"la cadena no coincide: el manifiesto del corte anterior {man.previo} "
                        f"tiene SHA-256 {h}, y este corte declara {man.previo_sha256}",
                    )
                )
            try:
                pem_prev = (previo / manifiesto.CLAVE_PUBLICA).read_bytes()
                if pem_cut and pem_prev.strip() != pem_cut.strip():
                    fallas.append(
                        Falla(
                            manifiesto.CLAVE_PUBLICA,
                            f"la clave pública difiere de la del corte anterior {man.previo}",
                        )
                    )
            except OSError:
                pass
    # 3. files
    secciones = {"imagenes": man.imagenes, "almacen": man.almacen}
    for seccion in secciones:
        almacenes.setdefault(seccion, directorio_almacen(d, seccion))
    presentes = _listar(d) - {manifiesto.MANIFIESTO, manifiesto.FIRMA, COMPLETO}
    for seccion, dir_seccion in almacenes.items():
        if dir_seccion == d / manifiesto.ALMACENES[seccion]:  # a copy with its store inside
            presentes = {p for p in presentes if not p.startswith(f"{dir_seccion.name}/")}
    for rel in sorted(presentes - set(man.archivos)):
        fallas.append(Falla(rel, "archivo que no figura en el manifiesto"))
    sanos = rev.sanos
    for rel, (n, h) in sorted(man.archivos.items()):
        ruta = d / rel
        if rel not in presentes:
            fallas.append(Falla(rel, "falta el archivo (figura en el manifiesto)"))
            continue
        real = _sha(ruta)
        if real != h:
            fallas.append(Falla(rel, f"SHA-256 {real} distinto del manifiesto ({h})"))
        elif ruta.stat().st_size != n:
            fallas.append(Falla(rel, f"tamaño {ruta.stat().st_size} distinto del manifiesto ({n})"))
        else:
            sanos.add(rel)
    # a precompressed copy (what nginx's gzip_static sends) must hold exactly its file
    for rel in sorted(r for r in sanos if r.endswith(".gz")):
        original = rel.removesuffix(".gz")
        if original not in sanos:
            continue
        try:
            igual = gzip.decompress((d / rel).read_bytes()) == (d / original).read_bytes()
        except (OSError, EOFError, gzip.BadGzipFile, zlib.error):
            igual = False
        if not igual:
            fallas.append(Falla(rel, f"la copia comprimida no es {original}"))
    # 4. the store: each file named by its SHA-256, with the listed size
    for seccion, listados in secciones.items():
        dir_seccion = almacenes[seccion]
        buenos = rev.almacen_sano.setdefault(seccion, set())
        cosa = "la imagen" if seccion == "imagenes" else "el archivo"
        for nombre, n in sorted(listados.items()):
            rel = f"{manifiesto.ALMACENES[seccion]}/{nombre}"
            ruta = dir_seccion / nombre
            try:
                real = _sha(ruta)
            except OSError:
                fallas.append(
                    Falla(rel, f"falta {cosa} (figura en el manifiesto; buscada en {dir_seccion})")
                )
                continue
            if real != nombre.split(".", 1)[0].lower():
                fallas.append(Falla(rel, f"{cosa} no se llama por su SHA-256 ({real})"))
            elif ruta.stat().st_size != n:
                fallas.append(
                    Falla(rel, f"tamaño {ruta.stat().st_size} distinto del manifiesto ({n})")
                )
            else:
                buenos.add(nombre)
    # 5. the whole-cut archive, when there is one
    if (d / COMPLETO).is_file():
        fallas.extend(_revisar_completo(d / COMPLETO, man, datos_man))
    return rev


def _revisar_completo(ruta: Path, man: manifiesto.Manifiesto, datos_man: bytes) -> list[Falla]:
    prefijo = f"cortes/{man.nombre}/"
    esperado = {prefijo + rel: h for rel, (_n, h) in man.archivos.items()}
    for seccion, listados in (("imagenes", man.imagenes), ("almacen", man.almacen)):
        for nombre in listados:
            esperado[f"{manifiesto.ALMACENES[seccion]}/{nombre}"] = nombre.split(".", 1)[0]
    try:
        with zipfile.ZipFile(ruta) as z:
            nombres = set(z.namelist())
            if z.read(prefijo + manifiesto.MANIFIESTO) != datos_man:
                return [Falla(COMPLETO, "no contiene este manifest.json")]
            for n in sorted(set(esperado) - nombres):
                return [Falla(COMPLETO, f"le falta {n}")]
            for n, h in sorted(esperado.items()):
                if hashlib.sha256(z.read(n)).hexdigest() != h:
                    return [Falla(COMPLETO, f"{n} no tiene el SHA-256 del manifiesto")]
            sobran = (
                nombres
                - set(esperado)
                - {prefijo + manifiesto.MANIFIESTO, prefijo + manifiesto.FIRMA}
            )
            if sobran:
                return [Falla(COMPLETO, f"contiene archivos fuera del corte: {sorted(sobran)[:3]}")]
    except (OSError, KeyError, zipfile.BadZipFile, zlib.error) as exc:
        return [Falla(COMPLETO, f"no se puede leer ({exc})")]
    return []


def verificar_corte(
    directorio: Path,
    *,
    clave_publica: bytes | None = None,
    almacenes: dict[str, Path] | None = None,
) -> list[Falla]:
    """Every failure the generic checks find (an empty list means the cut verifies)."""
    return revisar(directorio, clave_publica=clave_publica, almacenes=almacenes).fallas
