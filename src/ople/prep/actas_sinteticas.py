"""Synthetic acta PREP images for tests, the demo and the simulacro.

`generar_acta(datos, defectos=..., semilla=...)` draws the PREP copy of an acta de escrutinio y
cómputo: the header with the institute and the election, the casilla's identification and a QR
code with the CLAVE_ACTA, one row per field in the order given (parties with their colour box,
coalition combinations, independent candidacies, no registradas, nulos and the auxiliary
totals), the values in handwriting-like digits and, optionally, in words. Then the defects of a
phone photograph: rotation, uneven light, blur, a blank field, low light.

Pure apart from Pillow, segno and numpy (no Django). The same data, defects and seed give the
same bytes.
"""

from __future__ import annotations

import functools
import io
import math
import random
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import numpy as np
import segno
from PIL import Image, ImageDraw, ImageFilter, ImageFont

from ople.ley import actas

ANCHO = 1600
ALTO = 2200
DIR_FUENTES = Path("/usr/share/fonts/truetype/dejavu")

TipoFila = Literal["PARTIDO", "COMBINACION", "CI", "CNR", "NULOS", "TOTAL"]
Fuente = ImageFont.FreeTypeFont | ImageFont.ImageFont


@dataclass(frozen=True)
class FilaActa:
    """One field of the acta: `campo` is the column name (PAN, C_PAN_PRD, NULOS, …)."""

    campo: str
    etiqueta: str
    valor: int | None
    tipo: TipoFila = "PARTIDO"
    colores: tuple[str, ...] = ()  # "#RRGGBB", one per party of the row


@dataclass(frozen=True)
class ActaSintetica:
    """What is printed and written on one acta PREP."""

    clave_acta: str
    eleccion: str  # as printed, e.g. "DIPUTACIONES LOCALES"
    entidad: str
    distrito: str
    municipio: str
    seccion: int
    tipo_casilla: str  # B, C, E, S…
    numero_casilla: int
    filas: tuple[FilaActa, ...]
    instituto: str = "INSTITUTO ESTATAL ELECTORAL"
    proceso: str = "PROCESO ELECTORAL LOCAL"
    tipo_acta: str = "2"
    ext_contigua: int = 0
    con_letra: bool = True  # also write each value in words


@dataclass(frozen=True)
class Defectos:
    """Photograph defects. All zero/None is a clean, straight scan-like image."""

    rotacion: float = 0.0  # degrees, counter-clockwise
    sombra: float = 0.0  # 0..1, strength of an uneven-light gradient
    desenfoque: float = 0.0  # Gaussian blur radius in pixels
    campo_faltante: str | None = None  # campo left blank (neither digits nor words)
    poca_luz: float = 0.0  # 0..1, how much darker (and noisier) the photo is


SIN_DEFECTOS = Defectos()


# ---------------------------------------------------------------------------------------------
# Numbers in words (es-MX), as a funcionario writes them on the acta.

_UNIDADES = (
    "cero uno dos tres cuatro cinco seis siete ocho nueve diez once doce trece catorce quince "
    "dieciséis diecisiete dieciocho diecinueve veinte veintiuno veintidós veintitrés veinticuatro "
    "veinticinco veintiséis veintisiete veintiocho veintinueve"
).split()
_DECENAS = "_ _ _ treinta cuarenta cincuenta sesenta setenta ochenta noventa".split()
_CENTENAS = (
    "_ ciento doscientos trescientos cuatrocientos quinientos seiscientos setecientos "
    "ochocientos novecientos"
).split()


def numero_en_letras(n: int) -> str:
    """0 ≤ n ≤ 9999 in Spanish words, lower case: 123 → "ciento veintitrés"."""
    if not 0 <= n <= 9999:
        raise ValueError("fuera de rango (0–9999)")
    if n < 30:
        return _UNIDADES[n]
    if n < 100:
        d, u = divmod(n, 10)
        return _DECENAS[d] + ("" if u == 0 else " y " + _UNIDADES[u])
    if n < 1000:
        c, r = divmod(n, 100)
        if n == 100:
            return "cien"
        return _CENTENAS[c] + ("" if r == 0 else " " + numero_en_letras(r))
    m, r = divmod(n, 1000)
    miles = "mil" if m == 1 else numero_en_letras(m) + " mil"
    return miles + ("" if r == 0 else " " + numero_en_letras(r))


# ---------------------------------------------------------------------------------------------
# Fonts


def _fuente(nombre: str, tamano: int) -> Fuente:
    ruta = DIR_FUENTES / nombre
    if ruta.exists():
        return ImageFont.truetype(str(ruta), tamano)
    return ImageFont.load_default(size=tamano)


_FUENTES_MANO = (
    "DejaVuSans-Oblique.ttf",
    "DejaVuSansCondensed-Oblique.ttf",
    "DejaVuSerif-Italic.ttf",
    "DejaVuSansMono-Oblique.ttf",
)


# ---------------------------------------------------------------------------------------------
# Drawing


def _color(hexa: str) -> tuple[int, int, int]:
    h = hexa.lstrip("#")
    if len(h) != 6:
        return (102, 102, 102)
    return (int(h[0:2], 16), int(h[2:4], 16), int(h[4:6], 16))


def _qr(clave: str, lado: int) -> Image.Image:
    qr = segno.make(clave, error="m", micro=False)
    matriz = np.array([list(fila) for fila in qr.matrix], dtype=np.uint8)
    borde = 4
    modulos = matriz.shape[0] + 2 * borde
    escala = max(1, lado // modulos)
    lienzo = np.full((modulos, modulos), 255, dtype=np.uint8)
    lienzo[borde:-borde, borde:-borde] = np.where(matriz > 0, 0, 255)
    img = Image.fromarray(lienzo, mode="L")
    return img.resize((modulos * escala, modulos * escala), Image.Resampling.NEAREST)


def _tinta(rng: random.Random) -> tuple[int, int, int, int]:
    # ballpoint blue (most actas) or black
    if rng.random() < 0.75:
        return (rng.randint(15, 45), rng.randint(25, 60), rng.randint(110, 170), 255)
    return (rng.randint(15, 40), rng.randint(15, 40), rng.randint(20, 50), 255)


def _escribir_a_mano(
    hoja: Image.Image,
    texto: str,
    x: int,
    y_centro: int,
    alto: int,
    rng: random.Random,
    tinta: tuple[int, int, int, int],
) -> int:
    """Write `texto` one glyph at a time with jittered size, slant, rotation and baseline.

    Returns the x where the writing ended.
    """
    fuente_nombre = rng.choice(_FUENTES_MANO)
    inclinacion = rng.uniform(-0.35, -0.05)  # shear: leaning right
    trazo = rng.choice((0, 1, 1, 2)) if alto > 24 else rng.choice((0, 1))
    variacion = 0.15 if alto > 24 else 0.08
    for caracter in texto:
        if caracter == " ":
            x += int(alto * rng.uniform(0.3, 0.45))
            continue
        tam = max(8, int(alto * rng.uniform(1 - variacion, 1 + variacion)))
        fuente = _fuente(fuente_nombre, tam)
        caja = int(tam * 1.8)
        glifo = Image.new("RGBA", (caja, caja), (0, 0, 0, 0))
        d = ImageDraw.Draw(glifo)
        d.text(
            (caja * 0.2, caja * 0.1),
            caracter,
            font=fuente,
            fill=tinta,
            stroke_width=trazo,
            stroke_fill=tinta,
        )
        glifo = glifo.transform(
            glifo.size,
            Image.Transform.AFFINE,
            (1, inclinacion, -inclinacion * caja / 2, 0, 1, 0),
            resample=Image.Resampling.BILINEAR,
        )
        glifo = glifo.rotate(rng.uniform(-9, 9), resample=Image.Resampling.BILINEAR)
        caja_tinta = glifo.getbbox()
        if caja_tinta is None:
            continue
        glifo = glifo.crop(caja_tinta)
        dy = int(rng.uniform(-0.08, 0.08) * alto)
        hoja.alpha_composite(glifo, (x, max(0, y_centro - glifo.height // 2 + dy)))
        x += glifo.width + int(alto * rng.uniform(0.02, 0.14))
    return x


VARIANTES_PAPEL = 4


def _papel(rng_np: np.random.Generator) -> Image.Image:
    """A sheet of paper: one of a few textures, computed once per process (the costly part)."""
    return _textura_papel(int(rng_np.integers(VARIANTES_PAPEL))).copy()


@functools.lru_cache(maxsize=VARIANTES_PAPEL)
def _textura_papel(variante: int) -> Image.Image:
    rng_np = np.random.default_rng(variante)
    base = np.full((ALTO, ANCHO), 246.0, dtype=np.float32)
    base += rng_np.normal(0.0, 1.0, size=(ALTO, ANCHO)).astype(np.float32)
    # fibres and a faint unevenness at low frequency
    lento = rng_np.normal(0.0, 3.0, size=(ALTO // 100 + 2, ANCHO // 100 + 2)).astype(np.float32)
    lento_img = Image.fromarray(lento).resize((ANCHO, ALTO), Image.Resampling.BICUBIC)
    base += np.asarray(lento_img, dtype=np.float32)
    tono = np.stack([base, base - 2.0, base - 8.0], axis=-1)
    return Image.fromarray(np.clip(tono, 0, 255).astype(np.uint8), mode="RGB").convert("RGBA")


@dataclass(frozen=True)
class _Plantilla:
    """The printed, empty form of an election (paper, header, boxes, rows): drawn once."""

    hoja: Image.Image
    filas: tuple[tuple[int, int], ...]  # (y, row height) of each field row
    x_num: int
    x_letra: int
    x_qr: int
    cajas_id: tuple[tuple[int, int], ...]  # (x, width) of each identification box


MARGEN = 70
Y_ID = 470
NEGRO = (25, 25, 25, 255)
GRIS = (90, 90, 90, 255)


def _clave_plantilla(datos: ActaSintetica) -> tuple[object, ...]:
    return (
        datos.instituto,
        datos.proceso,
        datos.eleccion,
        datos.tipo_acta,
        tuple((f.etiqueta, f.tipo, f.colores) for f in datos.filas),
    )


@functools.lru_cache(maxsize=12)
def _plantilla(variante_papel: int, clave: tuple[object, ...]) -> _Plantilla:
    instituto, proceso, eleccion, tipo_acta, filas = clave
    assert isinstance(filas, tuple)
    hoja = _textura_papel(variante_papel).copy()
    d = ImageDraw.Draw(hoja)
    f_titulo = _fuente("DejaVuSans-Bold.ttf", 40)
    f_sub = _fuente("DejaVuSans-Bold.ttf", 30)
    f_txt = _fuente("DejaVuSans.ttf", 24)
    f_chica = _fuente("DejaVuSans.ttf", 19)
    f_fila = _fuente("DejaVuSansCondensed-Bold.ttf", 30)
    margen = MARGEN
    # Header
    d.rectangle((margen, 50, ANCHO - margen, 60), fill=(120, 30, 70, 255))
    x_qr = ANCHO - margen - 330
    tam_titulo = 40
    titulo = str(instituto).upper()
    while tam_titulo > 22 and d.textlength(titulo, font=f_titulo) > x_qr - margen - 30:
        tam_titulo -= 2
        f_titulo = _fuente("DejaVuSans-Bold.ttf", tam_titulo)
    d.text((margen, 80), titulo, font=f_titulo, fill=NEGRO)
    d.text((margen, 135), str(proceso).upper(), font=f_txt, fill=GRIS)
    d.text((margen, 180), "ACTA DE ESCRUTINIO Y CÓMPUTO DE CASILLA", font=f_sub, fill=NEGRO)
    d.text((margen, 222), f"DE LA ELECCIÓN DE {str(eleccion).upper()}", font=f_sub, fill=NEGRO)
    d.text((margen, 268), "COPIA PARA EL PREP", font=f_sub, fill=(150, 20, 40, 255))
    d.text((margen, 310), f"TIPO DE ACTA: {tipo_acta}", font=f_chica, fill=GRIS)

    # Identification of the casilla: boxes (the values are written per acta)
    titulos = ("ENTIDAD", "DISTRITO", "MUNICIPIO", "SECCIÓN", "TIPO", "NÚMERO")
    anchos = [300, 170, 380, 170, 120, 150]
    escala = (ANCHO - 2 * margen) / sum(anchos)
    x = float(margen)
    cajas = []
    for titulo_caja, a in zip(titulos, anchos, strict=True):
        w = a * escala
        d.rectangle((int(x), Y_ID, int(x + w) - 8, Y_ID + 100), outline=NEGRO, width=3)
        d.text((int(x) + 10, Y_ID + 6), titulo_caja, font=f_chica, fill=GRIS)
        cajas.append((int(x), int(w)))
        x += w

    # Table of fields
    y0 = 620
    d.text(
        (margen, y0),
        "RESULTADOS DE LA VOTACIÓN EN ESTA CASILLA",
        font=f_sub,
        fill=(120, 30, 70, 255),
    )
    y0 += 50
    x_caja = margen
    x_etq = margen + 150
    x_num = margen + 520
    x_letra = margen + 820
    x_fin = ANCHO - margen
    d.rectangle((margen, y0, x_fin, y0 + 44), fill=(220, 220, 220, 255))
    d.text((x_etq, y0 + 8), "PARTIDO O CANDIDATURA", font=f_chica, fill=NEGRO)
    d.text((x_num + 20, y0 + 8), "CON NÚMERO", font=f_chica, fill=NEGRO)
    d.text((x_letra + 20, y0 + 8), "CON LETRA", font=f_chica, fill=NEGRO)
    y = y0 + 44
    n = max(1, len(filas))
    alto_fila = int(max(46, min(90, (ALTO - 110 - y) / n)))
    previo_total = False
    posiciones = []
    for etiqueta_fila, tipo, colores in filas:
        es_total = tipo == "TOTAL"
        if es_total and not previo_total:
            d.line((margen, y, x_fin, y), fill=NEGRO, width=5)
        previo_total = es_total
        d.rectangle((margen, y, x_fin, y + alto_fila), outline=NEGRO, width=2)
        for xl in (x_etq - 10, x_num, x_letra):
            d.line((xl, y, xl, y + alto_fila), fill=NEGRO, width=2)
        if colores:
            k = len(colores)
            ancho_caja = (x_etq - 20 - x_caja - 10) / k
            for i, col in enumerate(colores):
                xa = int(x_caja + 10 + i * ancho_caja)
                d.rectangle(
                    (xa, y + 8, int(xa + ancho_caja) - 3, y + alto_fila - 8),
                    fill=(*_color(col), 255),
                    outline=NEGRO,
                )
        f_e = f_fila if not es_total else f_chica
        etiqueta = str(etiqueta_fila)
        if d.textlength(etiqueta, font=f_e) > x_num - x_etq - 10:
            f_e = f_chica
        while d.textlength(etiqueta, font=f_e) > x_num - x_etq - 10 and len(etiqueta) > 4:
            etiqueta = etiqueta[:-2] + "…"
        d.text((x_etq, y + alto_fila // 2), etiqueta, font=f_e, fill=NEGRO, anchor="lm")
        posiciones.append((y, alto_fila))
        y += alto_fila
    d.text(
        (margen, ALTO - 60),
        "Documento sintético generado para pruebas y demostración. No es un acta oficial.",
        font=f_chica,
        fill=GRIS,
    )
    return _Plantilla(hoja, tuple(posiciones), x_num, x_letra, x_qr, tuple(cajas))


def _dibujar_formato(datos: ActaSintetica, defectos: Defectos, rng: random.Random) -> Image.Image:
    rng_np = np.random.default_rng(rng.getrandbits(32))
    variante = int(rng_np.integers(VARIANTES_PAPEL))
    plantilla = _plantilla(variante, _clave_plantilla(datos))
    hoja = plantilla.hoja.copy()
    d = ImageDraw.Draw(hoja)
    f_txt = _fuente("DejaVuSans.ttf", 24)
    f_chica = _fuente("DejaVuSans.ttf", 19)

    # QR code with the CLAVE_ACTA, top right
    qr = _qr(datos.clave_acta, 330).convert("RGBA")
    x_qr = ANCHO - MARGEN - qr.width
    hoja.alpha_composite(qr, (x_qr, 75))
    clave_bbox = d.textbbox((0, 0), datos.clave_acta, font=f_chica)
    d.text(
        (x_qr + (qr.width - (clave_bbox[2] - clave_bbox[0])) // 2, 75 + qr.height + 4),
        datos.clave_acta,
        font=f_chica,
        fill=NEGRO,
    )
    valores_id = (
        datos.entidad,
        datos.distrito,
        datos.municipio,
        f"{datos.seccion:04d}",
        datos.tipo_casilla,
        f"{datos.numero_casilla:02d}",
    )
    for (x, _w), valor in zip(plantilla.cajas_id, valores_id, strict=True):
        texto = valor if len(valor) <= 22 else valor[:21] + "…"
        f_val = f_txt if len(texto) < 16 else f_chica
        d.text((x + 10, Y_ID + 50), texto, font=f_val, fill=NEGRO)

    tinta = _tinta(rng)
    for fila, (y, alto_fila) in zip(datos.filas, plantilla.filas, strict=True):
        falta = fila.valor is None or fila.campo == defectos.campo_faltante
        if falta or fila.valor is None:
            continue
        alto_num = int(alto_fila * rng.uniform(0.5, 0.62))
        _escribir_a_mano(
            hoja,
            str(fila.valor),
            plantilla.x_num + 30 + rng.randint(0, 40),
            y + alto_fila // 2,
            alto_num,
            rng,
            tinta,
        )
        if datos.con_letra:
            palabras = numero_en_letras(min(fila.valor, 9999))
            alto_letra = int(alto_fila * 0.36)
            _escribir_a_mano(
                hoja,
                palabras,
                plantilla.x_letra + 16 + rng.randint(0, 20),
                y + alto_fila // 2,
                alto_letra,
                rng,
                tinta,
            )
    return hoja


def _fotografiar(hoja: Image.Image, defectos: Defectos, rng: random.Random) -> Image.Image:
    img = hoja.convert("RGB")
    if defectos.rotacion:
        fondo = (rng.randint(60, 90), rng.randint(50, 75), rng.randint(40, 60))
        img = img.rotate(
            defectos.rotacion, resample=Image.Resampling.BICUBIC, expand=False, fillcolor=fondo
        )
    if defectos.sombra <= 0 and defectos.poca_luz <= 0:
        # No lighting defect: skip the float round trip (the costly part for clean scans).
        if defectos.desenfoque > 0:
            img = img.filter(ImageFilter.GaussianBlur(defectos.desenfoque))
        return img
    arr = np.asarray(img).astype(np.float32)
    alto, ancho = arr.shape[:2]
    if defectos.sombra > 0:
        # a soft diagonal gradient plus a dark blob (the phone's own shadow)
        yy, xx = np.mgrid[0:alto, 0:ancho].astype(np.float32)
        angulo = rng.uniform(0, 2 * math.pi)
        grad = (xx / ancho) * math.cos(angulo) + (yy / alto) * math.sin(angulo)
        grad = (grad - grad.min()) / max(1e-6, float(grad.max() - grad.min()))
        cx, cy = rng.uniform(0.2, 0.8) * ancho, rng.uniform(0.3, 0.9) * alto
        radio = rng.uniform(0.25, 0.45) * ancho
        mancha = np.exp(-(((xx - cx) ** 2 + (yy - cy) ** 2) / (2 * radio**2)))
        factor = 1.0 - defectos.sombra * (0.45 * grad + 0.35 * mancha)
        arr *= factor[..., None]
    if defectos.poca_luz > 0:
        rng_np = np.random.default_rng(rng.getrandbits(32))
        arr *= 1.0 - 0.75 * defectos.poca_luz
        arr += rng_np.normal(0.0, 4.0 * defectos.poca_luz, size=arr.shape[:2])[..., None]
    img = Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8), mode="RGB")
    if defectos.desenfoque > 0:
        img = img.filter(ImageFilter.GaussianBlur(defectos.desenfoque))
    return img


def generar_acta(
    datos: ActaSintetica,
    *,
    defectos: Defectos = SIN_DEFECTOS,
    semilla: int = 0,
    formato: Literal["JPEG", "PNG"] = "JPEG",
    calidad: int = 82,
) -> bytes:
    """The image of one acta PREP, as a phone would photograph it. Deterministic for a seed."""
    rng = random.Random(semilla)
    hoja = _dibujar_formato(datos, defectos, rng)
    foto = _fotografiar(hoja, defectos, rng)
    salida = io.BytesIO()
    if formato == "PNG":
        foto.save(salida, format="PNG", optimize=False)
    else:
        foto.save(salida, format="JPEG", quality=calidad, optimize=False, subsampling=2)
    return salida.getvalue()


# ---------------------------------------------------------------------------------------------
# Measures


def nitidez(imagen: bytes | Image.Image, *, lado: int = 512) -> float:
    """Variance of the 4-neighbour Laplacian on a grayscale copy whose long side is `lado`.

    The browser app computes the same measure on a canvas (static/casilla/calidad.js); an
    in-focus acta photo scores in the hundreds, a blurred one in the tens or less.
    """
    img = Image.open(io.BytesIO(imagen)) if isinstance(imagen, bytes) else imagen
    gris = img.convert("L")
    escala = lado / max(gris.size)
    if escala < 1:
        gris = gris.resize(
            (max(1, round(gris.width * escala)), max(1, round(gris.height * escala))),
            Image.Resampling.BILINEAR,
        )
    a = np.asarray(gris, dtype=np.float64)
    lap = a[1:-1, :-2] + a[1:-1, 2:] + a[:-2, 1:-1] + a[2:, 1:-1] - 4.0 * a[1:-1, 1:-1]
    return float(lap.var())


def luminancia_media(imagen: bytes | Image.Image) -> float:
    img = Image.open(io.BytesIO(imagen)) if isinstance(imagen, bytes) else imagen
    return float(np.asarray(img.convert("L"), dtype=np.float64).mean())


# ---------------------------------------------------------------------------------------------
# Example data (illustrative parties; the demo builds ActaSintetica from the catalog instead)

PARTIDOS_EJEMPLO: tuple[tuple[str, str], ...] = (
    ("PAN", "#0a4fa3"),
    ("PRI", "#00843d"),
    ("PRD", "#ffd200"),
    ("PVEM", "#5fa82d"),
    ("PT", "#d52b1e"),
    ("MC", "#f58025"),
    ("MORENA", "#8a1538"),
)


def filas_con_valores(
    rng: random.Random,
    partidos: Sequence[tuple[str, str]],
    combinaciones: Sequence[Sequence[str]] = (),
    independientes: int = 0,
    lista_nominal: int = 650,
) -> tuple[FilaActa, ...]:
    """Plausible values: votes for each column, then the auxiliary totals consistent with them."""
    colores = dict(partidos)
    filas: list[FilaActa] = []
    votantes = int(lista_nominal * rng.uniform(0.45, 0.7))
    pesos = [rng.random() ** 2 for _ in partidos]
    suma = sum(pesos) or 1.0
    restantes = votantes
    for (siglas, color), p in zip(partidos, pesos, strict=True):
        v = min(restantes, int(votantes * 0.88 * p / suma))
        restantes -= v
        filas.append(FilaActa(siglas, siglas, v, "PARTIDO", (color,)))
    for combo in combinaciones:
        v = min(restantes, rng.randint(0, 12))
        restantes -= v
        filas.append(
            FilaActa(
                "C_" + "_".join(combo),
                "-".join(combo),
                v,
                "COMBINACION",
                tuple(colores.get(s, "#666666") for s in combo),
            )
        )
    for i in range(1, independientes + 1):
        v = min(restantes, rng.randint(0, 25))
        restantes -= v
        filas.append(FilaActa(f"CAND_IND{i}", f"CANDIDATURA INDEPENDIENTE {i}", v, "CI"))
    cnr = min(restantes, rng.randint(0, 3))
    restantes -= cnr
    filas.append(FilaActa("NO_REGISTRADAS", "CANDIDATURAS NO REGISTRADAS", cnr, "CNR"))
    filas.append(FilaActa("NULOS", "VOTOS NULOS", max(0, restantes), "NULOS"))
    total = sum(f.valor or 0 for f in filas)
    representantes = rng.randint(0, 8)
    cifras = {
        actas.BOLETAS_SOBRANTES: lista_nominal - total + 10,
        actas.PERSONAS_VOTARON: total - representantes,
        actas.REPRESENTANTES_VOTARON: representantes,
        actas.VOTOS_SACADOS: total,
        actas.TOTAL_ASENTADO: total,
    }
    filas += [FilaActa(c.clave, c.impreso, cifras[c.clave], "TOTAL") for c in actas.AUXILIARES]
    return tuple(filas)


def acta_de_ejemplo(semilla: int = 0, *, clave_acta: str = "010393C020002") -> ActaSintetica:
    """An illustrative acta of a local-deputies election in Aguascalientes (values invented)."""
    rng = random.Random(semilla)
    entidad = int(clave_acta[0:2])
    seccion = int(clave_acta[2:6])
    return ActaSintetica(
        clave_acta=clave_acta,
        instituto="Instituto Estatal Electoral de Aguascalientes",
        proceso="Proceso Electoral Local 2023-2024",
        eleccion="DIPUTACIONES LOCALES",
        entidad=f"{entidad:02d} AGUASCALIENTES" if entidad == 1 else f"{entidad:02d}",
        distrito=f"{rng.randint(1, 18):02d}",
        municipio="AGUASCALIENTES",
        seccion=seccion,
        tipo_casilla=clave_acta[6],
        numero_casilla=int(clave_acta[7:9]),
        ext_contigua=int(clave_acta[9:11]),
        tipo_acta=clave_acta[11:] or "2",
        filas=filas_con_valores(
            rng,
            PARTIDOS_EJEMPLO,
            combinaciones=(("PAN", "PRI", "PRD"), ("PAN", "PRI"), ("PVEM", "PT", "MORENA")),
            independientes=1,
        ),
    )


def defectos_aleatorios(rng: random.Random, filas: Sequence[FilaActa] = ()) -> Defectos:
    """A mix like a night of phone photos: most actas fine, some tilted, shaded, blurred."""
    faltante = None
    if filas and rng.random() < 0.15:
        faltante = rng.choice([f.campo for f in filas])
    return Defectos(
        rotacion=rng.uniform(-4.0, 4.0) if rng.random() < 0.6 else 0.0,
        sombra=rng.uniform(0.2, 0.6) if rng.random() < 0.4 else 0.0,
        desenfoque=rng.uniform(2.5, 5.0) if rng.random() < 0.1 else 0.0,
        campo_faltante=faltante,
        poca_luz=rng.uniform(0.3, 0.6) if rng.random() < 0.15 else 0.0,
    )


__all__ = [
    "ActaSintetica",
    "Defectos",
    "FilaActa",
    "SIN_DEFECTOS",
    "acta_de_ejemplo",
    "defectos_aleatorios",
    "filas_con_valores",
    "generar_acta",
    "luminancia_media",
    "nitidez",
    "numero_en_letras",
]
