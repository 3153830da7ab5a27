"""ORM fixtures for the intake tests: a small Aguascalientes-shaped catalog, images, users."""

from __future__ import annotations

import hashlib
import io
import random
import struct
import zlib
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

import segno
from django.contrib.auth.models import Group, User
from django.utils import timezone
from PIL import Image, ImageDraw

from ople.catalog.models import (
    Casilla,
    Demarcacion,
    DistritoFederal,
    DistritoLocal,
    Eleccion,
    Entidad,
    Municipio,
    ProcesoElectoral,
    Seccion,
)
from ople.prep import roles as prep_roles
from ople.prep.models import ActaEsperada, PuestaEnCeros
from ople.prep.services.actas import generar_actas_esperadas

# (sección, distrito local, tipo, id, ext)
CASILLAS = [
    (393, 1, "B", 1, 0),
    (393, 1, "C", 1, 0),
    (393, 1, "C", 2, 0),
    (394, 2, "B", 1, 0),
    (394, 2, "S", 1, 0),
]


@dataclass
class Catalogo:
    proceso: ProcesoElectoral
    diputaciones: Eleccion
    ayuntamientos: Eleccion
    casillas: dict[str, Casilla]


def crear_catalogo(*, perfil: str = "ieeags-2024") -> Catalogo:
    entidad = Entidad.objects.create(clave=1, nombre="Aguascalientes", abreviatura="AGS")
    municipio = Municipio.objects.create(entidad=entidad, clave=1, nombre="Aguascalientes")
    df = DistritoFederal.objects.create(entidad=entidad, numero=1)
    dls = {
        n: DistritoLocal.objects.create(entidad=entidad, numero=n, cabecera="Aguascalientes")
        for n in (1, 2)
    }
    proceso = ProcesoElectoral.objects.create(
        entidad=entidad,
        clave="2023-2024",
        nombre="Proceso Electoral Local 2023-2024",
        fecha_jornada=date(2024, 6, 2),
        perfil=perfil,
    )
    dip = Eleccion.objects.create(
        proceso=proceso, tipo=Eleccion.Tipo.DIPUTACIONES, nombre="DIPUTACIONES LOCALES", orden=1
    )
    ayun = Eleccion.objects.create(
        proceso=proceso, tipo=Eleccion.Tipo.AYUNTAMIENTOS, nombre="AYUNTAMIENTOS", orden=2
    )
    for n, dl in dls.items():
        Demarcacion.objects.create(
            eleccion=dip,
            tipo=Demarcacion.Tipo.DISTRITO_LOCAL,
            clave=n,
            nombre=f"Distrito {n}",
            distrito_local=dl,
        )
    Demarcacion.objects.create(
        eleccion=ayun,
        tipo=Demarcacion.Tipo.MUNICIPIO,
        clave=1,
        nombre="Aguascalientes",
        municipio=municipio,
    )
    secciones: dict[int, Seccion] = {}
    casillas: dict[str, Casilla] = {}
    for num, dl, tipo, ident, ext in CASILLAS:
        if num not in secciones:
            secciones[num] = Seccion.objects.create(
                entidad=entidad,
                numero=num,
                municipio=municipio,
                distrito_local=dls[dl],
                distrito_federal=df,
            )
        clave = Casilla.formar_clave(1, num, tipo, ident, ext)
        casillas[clave] = Casilla.objects.create(
            seccion=secciones[num],
            tipo=tipo,
            id_casilla=ident,
            ext_contigua=ext,
            clave=clave,
            lista_nominal=0 if tipo == "S" else 600,
            domicilio=f"Escuela primaria, sección {num}",
        )
    return Catalogo(proceso, dip, ayun, casillas)


def catalogo_con_actas(*, ceros: bool = True) -> Catalogo:
    cat = crear_catalogo()
    generar_actas_esperadas(proceso=cat.proceso, actor=None)
    if ceros:
        abrir_intake(cat.proceso)
    return cat


def abrir_intake(proceso: ProcesoElectoral) -> PuestaEnCeros:
    """A bare PuestaEnCeros row (the ceremony itself is tested in test_ceros.py)."""
    return PuestaEnCeros.objects.create(
        creado=timezone.now(),
        proceso=proceso,
        huella_codigo="0" * 64,
        huella_perfil="0" * 64,
        huella_catalogo="0" * 64,
        reporte={},
    )


def acta(clave: str) -> ActaEsperada:
    return ActaEsperada.objects.select_related("eleccion", "casilla").get(clave=clave)


def usuario(nombre: str, *grupos: str, password: str = "clave-segura-123") -> User:
    u = User.objects.create_user(nombre, password=password)
    for g in grupos:
        grupo, _ = Group.objects.get_or_create(name=g)
        u.groups.add(grupo)
    return u


def supervisor() -> User:
    return usuario("supervisora", prep_roles.SUPERVISION)


def jpeg(semilla: int = 0, *, ancho: int = 320, alto: int = 240, qr: str | None = None) -> bytes:
    """A distinct, valid JPEG for each seed (optionally with a QR code of `qr`)."""
    rng = random.Random(semilla)
    img = Image.new("RGB", (ancho, alto), (rng.randrange(256), 255, 255))
    dibujo = ImageDraw.Draw(img)
    for _ in range(20):
        x, y = rng.randrange(ancho), rng.randrange(alto)
        dibujo.rectangle([x, y, x + 8, y + 8], fill=(rng.randrange(256), 0, 0))
    dibujo.text((10, 10), f"ACTA {semilla}", fill="black")
    if qr:
        codigo = segno.make(qr, error="m")
        buf = io.BytesIO()
        codigo.save(buf, kind="png", scale=6, border=4)
        img.paste(Image.open(io.BytesIO(buf.getvalue())).convert("RGB"), (ancho - 180, 10))
    out = io.BytesIO()
    img.save(out, format="JPEG", quality=90)
    return out.getvalue()


def foto_movil(
    semilla: int = 0, *, ancho: int = 900, alto: int = 1200, orientacion: int | None = None
) -> bytes:
    """A phone-like photo: a noisy page (the noise keeps it ~300 KB, as bench/intake.py's),
    optionally with the Exif orientation a phone writes instead of rotating the pixels."""
    import numpy as np

    rng = np.random.default_rng(semilla)
    pagina = rng.integers(150, 255, size=(alto, ancho, 3), dtype=np.uint8)
    pagina[alto // 8 : alto // 8 + 40, 40 : ancho - 40] = 30  # a printed band
    opciones: dict = {"quality": 70}
    if orientacion is not None:
        exif = Image.Exif()
        exif[0x0112] = orientacion
        exif[0x010F] = "Fabricante"
        opciones["exif"] = exif.tobytes()
    out = io.BytesIO()
    Image.fromarray(pagina, "RGB").save(out, format="JPEG", **opciones)
    return out.getvalue()


def escaneo_jpeg(*, ancho: int = 2550, alto: int = 3300) -> bytes:
    """A CATD scan as the scanner saves it in gray: a letter page at 300 dpi, JPEG."""
    img = Image.new("L", (ancho, alto), 245)
    dibujo = ImageDraw.Draw(img)
    for y in range(300, alto - 300, 120):
        dibujo.line([(150, y), (ancho - 150, y)], fill=20, width=3)
        dibujo.text((170, y + 30), f"renglón {y}", fill=0)
    out = io.BytesIO()
    img.save(out, format="JPEG", quality=85, dpi=(300, 300))
    return out.getvalue()


def escaneo_png(*, ancho: int = 2550, alto: int = 3300) -> bytes:
    """A CATD scan as the scanner saves it in black and white: 1 bit per pixel, 300 dpi, PNG."""
    img = Image.new("1", (ancho, alto), 1)
    dibujo = ImageDraw.Draw(img)
    for y in range(300, alto - 300, 120):
        dibujo.line([(150, y), (ancho - 150, y)], fill=0, width=3)
        dibujo.text((170, y + 30), f"renglón {y}", fill=0)
    out = io.BytesIO()
    img.save(out, format="PNG", dpi=(300, 300))
    return out.getvalue()


def pdf_con_javascript() -> bytes:
    """A one-page PDF that runs JavaScript when it is opened (/OpenAction)."""
    objetos = [
        b"<< /Type /Catalog /Pages 2 0 R /OpenAction 4 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>",
        b"<< /S /JavaScript /JS (app.alert('hola');) >>",
    ]
    cuerpo = bytearray(b"%PDF-1.7\n")
    posiciones = []
    for n, objeto in enumerate(objetos, 1):
        posiciones.append(len(cuerpo))
        cuerpo += b"%d 0 obj\n%s\nendobj\n" % (n, objeto)
    xref = len(cuerpo)
    cuerpo += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objetos) + 1)
    cuerpo += b"".join(b"%010d 00000 n \n" % p for p in posiciones)
    cuerpo += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objetos) + 1,
        xref,
    )
    return bytes(cuerpo)


def png(semilla: int = 0, *, ancho: int = 64, alto: int = 64) -> bytes:
    img = Image.new("L", (ancho, alto), semilla % 256)
    out = io.BytesIO()
    img.save(out, format="PNG")
    return out.getvalue()


def _chunk(tipo: bytes, datos: bytes) -> bytes:
    return (
        struct.pack(">I", len(datos)) + tipo + datos + struct.pack(">I", zlib.crc32(tipo + datos))
    )


def bomba_png(lado: int = 10_000, alto: int | None = None) -> bytes:
    """A real decompression bomb: a ~100 KB PNG that inflates to lado × lado (or lado × alto)
    gray pixels."""
    alto = lado if alto is None else alto
    comp = zlib.compressobj(9)
    fila = b"\x00" * (lado + 1)  # filter byte + one byte per pixel
    partes = [comp.compress(fila) for _ in range(alto)]
    partes.append(comp.flush())
    idat = b"".join(partes)
    ihdr = struct.pack(">IIBBBBB", lado, alto, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", ihdr) + _chunk(b"IDAT", idat) + _chunk(b"IEND", b"")
    )


def sha(datos: bytes) -> str:
    return hashlib.sha256(datos).hexdigest()


def momento(minutos: int = 0) -> datetime:
    return datetime(2024, 6, 2, 20, 0, tzinfo=UTC) + timedelta(minutes=minutos)
