"""ORM fixtures for the capture and supervision tests (a small real-shaped catalog)."""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from django.contrib.auth.models import Group, User
from django.utils import timezone
from PIL import Image as PILImage
from PIL import ImageDraw

from ople.catalog.models import (
    Casilla,
    Demarcacion,
    DistritoFederal,
    DistritoLocal,
    Eleccion,
    Entidad,
    Municipio,
    OpcionBoleta,
    Partido,
    ProcesoElectoral,
    Seccion,
)
from ople.core import roles
from ople.prep.evidencia import actas as storage
from ople.prep.models import ActaEsperada, Digitalizacion, EstadoActa, Imagen

PARTIDOS = ["PAN", "PRI", "MORENA"]
COLUMNAS = ["PAN", "PRI", "MORENA", "NO_REGISTRADOS", "NULOS"]


def png_acta(texto: str, *, ancho: int = 600, alto: int = 800) -> bytes:
    img = PILImage.new("RGB", (ancho, alto), "white")
    dibujo = ImageDraw.Draw(img)
    dibujo.rectangle([10, 10, ancho - 10, alto - 10], outline="black", width=3)
    dibujo.text((40, 40), f"ACTA PREP {texto}", fill="black")
    for i, col in enumerate(COLUMNAS):
        dibujo.text((40, 120 + 40 * i), f"{col}: ____", fill="black")
    buf = io.BytesIO()
    img.save(buf, format="PNG")
    return buf.getvalue()


def usuario(nombre: str, *grupos: str, password: str = "clave-segura-123") -> User:
    u = User.objects.create_user(nombre, password=password)
    for g in grupos:
        grupo, _ = Group.objects.get_or_create(name=g)
        u.groups.add(grupo)
    return u


@dataclass
class Catalogo:
    proceso: ProcesoElectoral
    eleccion: Eleccion
    demarcaciones: list[Demarcacion]
    actas: list[ActaEsperada] = field(default_factory=list)


def catalogo(
    *, n_actas: int = 3, n_distritos: int = 1, perfil: str = "ieeags-2024", imagenes: bool = True
) -> Catalogo:
    """Entidad 01 with `n_distritos` distritos and `n_actas` actas (DIP_LOC), with images."""
    ent = Entidad.objects.create(clave=1, nombre="Aguascalientes", abreviatura="AGS")
    mun = Municipio.objects.create(entidad=ent, clave=1, nombre="Aguascalientes")
    df = DistritoFederal.objects.create(entidad=ent, numero=1)
    proceso = ProcesoElectoral.objects.create(
        entidad=ent,
        clave="2023-2024",
        nombre="Proceso 2023-2024",
        fecha_jornada=date(2024, 6, 2),
        perfil=perfil,
    )
    elec = Eleccion.objects.create(proceso=proceso, tipo="DIP_LOC", nombre="DIPUTACIONES LOCALES")
    partidos = [
        Partido.objects.create(proceso=proceso, siglas=s, nombre=s, orden=i + 1)
        for i, s in enumerate(PARTIDOS)
    ]
    for i, col in enumerate(COLUMNAS):
        tipo = "PARTIDO" if col in PARTIDOS else ("CNR" if col == "NO_REGISTRADOS" else "NULOS")
        op = OpcionBoleta.objects.create(eleccion=elec, tipo=tipo, columna=col, orden=i + 1)
        if tipo == "PARTIDO":
            op.partidos.add(partidos[PARTIDOS.index(col)])
    demarcaciones = []
    secciones = []
    for d in range(1, n_distritos + 1):
        dl = DistritoLocal.objects.create(entidad=ent, numero=d)
        demarcaciones.append(
            Demarcacion.objects.create(
                eleccion=elec,
                tipo="DISTRITO_LOCAL",
                clave=d,
                nombre=f"DISTRITO {d}",
                distrito_local=dl,
            )
        )
        secciones.append(
            Seccion.objects.create(
                entidad=ent, numero=100 + d, municipio=mun, distrito_local=dl, distrito_federal=df
            )
        )
    cat = Catalogo(proceso, elec, demarcaciones)
    base = timezone.now() - timedelta(hours=1)
    for i in range(n_actas):
        d = i % n_distritos
        sec = secciones[d]
        num = i // n_distritos + 1
        clave_casilla = Casilla.formar_clave(1, sec.numero, "C", num, 0)
        cas = Casilla.objects.create(
            seccion=sec, tipo="C", id_casilla=num, clave=clave_casilla, lista_nominal=600
        )
        acta = ActaEsperada.objects.create(
            eleccion=elec,
            casilla=cas,
            demarcacion=demarcaciones[d],
            tipo_acta="2",
            clave=f"{clave_casilla}02",
        )
        cat.actas.append(acta)
        if imagenes:
            digitalizar(acta, llegada=base + timedelta(seconds=i))
        else:
            EstadoActa.objects.create(acta=acta)
    return cat


def pdf_acta(texto: str) -> bytes:
    """The acta of `png_acta` as a one-page PDF (as a CATD scanner may send it)."""
    buf = io.BytesIO()
    PILImage.open(io.BytesIO(png_acta(texto))).convert("RGB").save(buf, format="PDF")
    return buf.getvalue()


def digitalizar(
    acta: ActaEsperada, *, llegada: datetime, datos: bytes | None = None, pdf: bool = False
) -> Digitalizacion:
    datos = datos or (pdf_acta(acta.clave) if pdf else png_acta(acta.clave))
    sha, ruta = storage.guardar(datos, extension="pdf" if pdf else "png")
    img, _ = Imagen.objects.get_or_create(
        sha256=sha,
        defaults={
            "ruta": ruta,
            "tipo_mime": "application/pdf" if pdf else "image/png",
            "tamano": len(datos),
            "ancho": 600,
            "alto": 800,
        },
    )
    version = acta.imagenes.count() + 1
    dig = Digitalizacion.objects.create(
        acta=acta,
        version=version,
        imagen=img,
        origen="CATD",
        medio="ESCANER",
        recibido_en=llegada,
        clave_leida=acta.clave,
        identificacion="CLAVE",
    )
    estado, _ = EstadoActa.objects.get_or_create(acta=acta)
    if estado.estado == EstadoActa.Estado.ESPERADA:
        estado.estado = EstadoActa.Estado.DIGITALIZADA
        estado.llegada = llegada
        estado.save()
    return dig


def valores(votos: dict[str, Any] | None = None, **aux: Any) -> dict[str, Any]:
    """A complete set of values for the fixture's acta (votes default to small numbers)."""
    base: dict[str, Any] = {
        "TOTAL_BOLETAS_SOBRANTES": 300,
        "TOTAL_PERSONAS_VOTARON": 290,
        "TOTAL_REP_PARTIDO_CI_VOTARON": 4,
        "TOTAL_VOTOS_SACADOS": 294,
        "PAN": 100,
        "PRI": 80,
        "MORENA": 100,
        "NO_REGISTRADOS": 2,
        "NULOS": 12,
        "TOTAL_VOTOS_ASENTADO": 294,
    }
    base.update(votos or {})
    base.update(aux)
    return base


ROLES = roles
