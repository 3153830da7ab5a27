"""Puesta en ceros: the report read before a notary before intake opens.

It states that every table of election-night data is empty, and fingerprints (SHA-256) the
installed code, the law profile and the catalog of the process, with the time. Intake refuses
uploads for a process until one exists (`intake.intake_abierto`).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from django.apps import apps
from django.conf import settings
from django.db import transaction
from django.utils import timezone

import ople
from ople.catalog.models import Casilla, ProcesoElectoral
from ople.catalog.selectors import entidades_del_proceso
from ople.core import audit
from ople.core.errors import OpleError
from ople.documentos import pdf as documentos_pdf
from ople.documentos.services.emision import emitir
from ople.documentos.services.folios import tomar_folio
from ople.prep.models import (
    ActaEsperada,
    CodigoEnrolamiento,
    Dispositivo,
    EstadoActa,
    PuestaEnCeros,
)

# Configuration prepared before the ceremony; every other PREP table must be empty.
TABLAS_CONFIGURACION = (ActaEsperada, EstadoActa, Dispositivo, CodigoEnrolamiento, PuestaEnCeros)


class CerosError(OpleError):
    """The puesta en ceros is refused: the platform's one refusal shape (`codigo`, Spanish
    `mensaje`; issue 17 item 9)."""

    def __init__(self, codigo: str, mensaje: str) -> None:
        super().__init__(codigo, mensaje, estado=409)


@dataclass(frozen=True)
class Tabla:
    nombre: str
    tabla: str
    registros: int


def tablas_de_jornada() -> list[Tabla]:
    """Every PREP table of election-night data with its row count, plus acta states moved."""
    resultado = []
    for modelo in apps.get_app_config("prep").get_models():
        if modelo in TABLAS_CONFIGURACION:
            continue
        resultado.append(
            Tabla(
                str(modelo._meta.verbose_name_plural),
                modelo._meta.db_table,
                modelo.objects.count(),  # type: ignore[attr-defined]  # every prep model has it
            )
        )
    movidos = (
        EstadoActa.objects.exclude(estado=EstadoActa.Estado.ESPERADA).count()
        + EstadoActa.objects.filter(
            estado=EstadoActa.Estado.ESPERADA, llegada__isnull=False
        ).count()
        + EstadoActa.objects.filter(estado=EstadoActa.Estado.ESPERADA, capturas__gt=0).count()
    )
    resultado.append(
        Tabla("estados de acta con avance", EstadoActa._meta.db_table + " (≠ ESPERADA)", movidos)
    )
    return sorted(resultado, key=lambda t: t.tabla)


def huella_codigo(raiz: Path | None = None) -> str:
    """SHA-256 over the sorted source files of the installed `ople` package.

    Equivalent to `cd src/ople && find . -type f ! -path '*/__pycache__/*' ! -name '*.pyc'
    | sed 's|^./||' | LC_ALL=C sort | xargs sha256sum | sha256sum` (two spaces between the
    digest and the path, one line per file).
    """
    raiz = raiz or Path(ople.__file__).resolve().parent
    lineas = []
    archivos = sorted(
        p.relative_to(raiz).as_posix()
        for p in raiz.rglob("*")
        if p.is_file() and "__pycache__" not in p.parts and p.suffix != ".pyc"
    )
    for rel in archivos:
        digest = hashlib.sha256((raiz / rel).read_bytes()).hexdigest()
        lineas.append(f"{digest}  {rel}\n")
    return hashlib.sha256("".join(lineas).encode()).hexdigest()


def huella_perfil(nombre: str) -> tuple[str, str]:
    """(fingerprint, how it was computed) of the law profile `nombre`."""
    from ople import profiles

    try:
        return profiles.huella(nombre), "SHA-256 del archivo del perfil (ople.profiles.huella)"
    except profiles.PerfilInvalido as exc:
        raise CerosError(
            "perfil_desconocido", f"No se encontró el perfil normativo «{nombre}»: {exc}"
        ) from exc


def volcado_catalogo(proceso: ProcesoElectoral) -> dict[str, Any]:
    """Canonical dump of what the PREP of `proceso` counts against."""
    casillas = [
        [
            c.clave,
            c.seccion.numero,
            c.tipo,
            c.lista_nominal,
            c.representantes,
            c.ubicacion,
            c.mecanismo_traslado,
        ]
        for c in Casilla.objects.filter(seccion__entidad_id__in=entidades_del_proceso(proceso))
        .select_related("seccion")
        .order_by("clave")
    ]
    elecciones = []
    for e in proceso.elecciones.order_by("orden", "tipo"):
        elecciones.append(
            {
                "tipo": e.tipo,
                "nombre": e.nombre,
                "demarcaciones": [
                    [d.tipo, d.clave, d.nombre] for d in e.demarcaciones.order_by("clave")
                ],
                "opciones": [[o.orden, o.columna, o.tipo] for o in e.opciones.order_by("orden")],
                "actas": list(
                    ActaEsperada.objects.filter(eleccion=e)
                    .order_by("clave")
                    .values_list("clave", flat=True)
                ),
            }
        )
    return {
        "proceso": [proceso.entidad.clave, proceso.clave, proceso.perfil],
        "casillas": casillas,
        "elecciones": elecciones,
    }


def huella_catalogo(proceso: ProcesoElectoral) -> str:
    texto = json.dumps(
        volcado_catalogo(proceso), ensure_ascii=False, sort_keys=True, separators=(",", ":")
    )
    return hashlib.sha256(texto.encode()).hexdigest()


def realizar_puesta_en_ceros(
    *,
    proceso: ProcesoElectoral,
    usuario: Any,  # a user, anonymous or None
    salida: Path,
    ahora: datetime | None = None,
) -> PuestaEnCeros:
    """Check every election-night table is empty, fingerprint, write the PDF, record it.

    Raises CerosError (Spanish message) when some table already holds data.
    """
    ahora = ahora or timezone.now()
    tablas = tablas_de_jornada()
    con_datos = [t for t in tablas if t.registros]
    if con_datos:
        detalle = ", ".join(f"{t.nombre} ({t.registros})" for t in con_datos)
        raise CerosError(
            "hay_datos_de_jornada",
            "No se puede realizar la puesta en ceros: hay datos de jornada en " + detalle + ".",
        )
    perfil, metodo_perfil = huella_perfil(proceso.perfil)
    reporte: dict[str, Any] = {
        "proceso": {"clave": proceso.clave, "nombre": proceso.nombre, "perfil": proceso.perfil},
        "fecha_hora_utc": ahora.astimezone(UTC).isoformat(),
        "fecha_hora_local": timezone.localtime(ahora).isoformat(),
        "tablas": [
            {"nombre": t.nombre, "tabla": t.tabla, "registros": t.registros} for t in tablas
        ],
        "configuracion": {m._meta.db_table: m.objects.count() for m in TABLAS_CONFIGURACION},
        "huella_codigo": huella_codigo(),
        "huella_perfil": perfil,
        "metodo_huella_perfil": metodo_perfil,
        "huella_catalogo": huella_catalogo(proceso),
        "version": getattr(ople, "__version__", ""),
        "usuario": usuario.get_username() if getattr(usuario, "is_authenticated", False) else "",
    }
    salida.mkdir(parents=True, exist_ok=True)
    destino = salida / f"puesta-en-ceros-{ahora:%Y%m%d-%H%M%S}.pdf"
    with transaction.atomic():
        # The folio is taken in the transaction that records the ceremony: no gap if it fails.
        reporte["folio"] = tomar_folio(
            # Declared by the PREP (prep/ajustes.py), so unknown to django-stubs: read by name.
            area=str(getattr(settings, "PREP_FOLIO_AREA", "PREP")),
            asunto=f"Puesta en ceros del PREP, {proceso.clave}",
            actor=usuario,
            ahora=ahora,
        ).texto
        try:
            pdf, documento_sha = escribir_pdf(reporte, destino, actor=usuario)
            pdf_sha = hashlib.sha256(pdf.read_bytes()).hexdigest()
            registro = PuestaEnCeros.objects.create(
                creado=ahora,
                usuario=usuario if getattr(usuario, "is_authenticated", False) else None,
                proceso=proceso,
                huella_codigo=reporte["huella_codigo"],
                huella_perfil=perfil,
                huella_catalogo=reporte["huella_catalogo"],
                reporte=reporte,
                pdf_sha256=pdf_sha,
                pdf_ruta=str(pdf),
            )
            audit.record(
                actor=usuario,
                action="prep.puesta_en_ceros",
                obj=registro,
                after={
                    **reporte,
                    "pdf_sha256": pdf_sha,
                    "pdf_ruta": str(pdf),
                    "documento_sha256": documento_sha,
                },
            )
        except BaseException:
            destino.unlink(missing_ok=True)  # its folio is given back with the rollback
            raise
    return registro


def texto_reporte(reporte: dict[str, Any]) -> list[str]:
    """The report as lines of text (what is printed and what the PDF shows)."""
    p = reporte["proceso"]
    lineas = [
        "PUESTA EN CEROS DEL PREP",
        f"Proceso: {p['nombre']} ({p['clave']}); perfil normativo {p['perfil']}",
        f"Fecha y hora: {reporte['fecha_hora_local']} (UTC {reporte['fecha_hora_utc']})",
        "",
        "Tablas de datos de la jornada (todas deben estar en cero):",
    ]
    for t in reporte["tablas"]:
        lineas.append(f"  {t['tabla']:<40} {t['registros']:>8}   {t['nombre']}")
    lineas += ["", "Configuración cargada antes de la jornada:"]
    for tabla, n in reporte["configuracion"].items():
        lineas.append(f"  {tabla:<40} {n:>8}")
    lineas += [
        "",
        "Huellas criptográficas (SHA-256):",
        f"  código instalado:  {reporte['huella_codigo']}",
        f"  perfil normativo:  {reporte['huella_perfil']} ({reporte['metodo_huella_perfil']})",
        f"  catálogo:          {reporte['huella_catalogo']}",
    ]
    if reporte.get("usuario"):
        lineas += ["", f"Realizó: {reporte['usuario']}"]
    return lineas


def documento(reporte: dict[str, Any]) -> documentos_pdf.Documento:
    """The report as a document of the platform's renderer (folio taken by the caller)."""
    lineas = texto_reporte(reporte)
    return documentos_pdf.Documento(
        titulo=lineas[0],
        lineas=tuple(lineas[1:]),
        folio=reporte["folio"],
        fecha=datetime.fromisoformat(reporte["fecha_hora_utc"]),
        firmas=("Notaría pública", "Responsable del PREP", "Testigo"),
    )


def escribir_pdf(
    reporte: dict[str, Any], destino: Path, *, actor: Any | None = None
) -> tuple[Path, str]:
    """Write the report's PDF, issued through the platform (its canonical content kept, its
    verification page published on commit); return its path and that content's SHA-256."""
    doc = documento(reporte)
    destino.write_bytes(emitir(doc, sistema="prep", actor=actor))
    return destino, documentos_pdf.sha256(doc)
