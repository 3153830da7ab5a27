"""The documents of an RP allocation (pure): each constancia de asignación and the acuerdo's annex
table, as ``ople.documentos.pdf.Documento`` (folio, SHA-256 of the content and QR on every PDF).
The folio comes from the caller (``services.emitir_constancias`` takes them without gaps)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from ople.computos.asignacion import salida
from ople.documentos.pdf import Documento
from ople.ley.rp import Resultado
from ople.ley.rp_personas import Integrante

FIRMAS = ("Consejera o Consejero Presidente", "Secretaria o Secretario Ejecutivo")


def constancia(
    integrante: Integrante,
    *,
    organo: str,
    cargo: str,
    version: str,
    folio: str,
    fecha: datetime,
    institucion: str,
) -> Documento:
    """The constancia de asignación of one RP seat (the propietario and the suplente)."""
    i = integrante
    lineas = [
        f"El Consejo General del {institucion} hace constar que, conforme a la asignación de "
        f"representación proporcional de {organo} ({version}),",
        f"corresponde al partido {i.partido} el escaño {i.numero} de representación "
        f"proporcional, lugar {i.formula.posicion} de su lista registrada,",
        "y expide la presente constancia de asignación como",
        f"{cargo} propietaria o propietario: {i.propietario.nombre}",
        f"{cargo} suplente: {i.suplente.nombre if i.suplente else '(sin suplente)'}",
        f"Forma de asignación: {i.motivo}.",
    ]
    return Documento(
        titulo=f"Constancia de asignación — {cargo} de representación proporcional",
        lineas=tuple(lineas),
        folio=folio,
        fecha=fecha,
        firmas=FIRMAS,
    )


def lineas_anexo(r: Resultado, organo: str) -> list[str]:
    """One body's part of the annex: its figures, its table by party and its trail."""
    # One line per party (the PDF's font is proportional: no aligned columns).
    tabla = [
        f[0]
        + ": "
        + " · ".join(f"{h.lower()} {c}" for h, c in zip(salida.ENCABEZADO[1:], f[1:], strict=True))
        for f in salida.tabla(r)
    ]
    return [
        organo,
        f"Votación total emitida {r.vte:,}; válida emitida {r.vve:,}; depurada {r.depurada:,}.",
        "Integración por partido y principio:",
        *tabla,
        "Rastro de la asignación:",
        *(f"{n}. {p.detalle}" for n, p in enumerate(r.pasos, 1)),
        *(f"Aviso: {a}" for a in r.avisos),
        "",
    ]


def anexo(r: Resultado, *, organo: str, version: str, folio: str, fecha: datetime) -> Documento:
    """The acuerdo's annex for one body: the table by party and the trail, step by step."""
    return anexo_de([(organo, r)], version=version, folio=folio, fecha=fecha)


def anexo_de(
    organos: Sequence[tuple[str, Resultado]], *, version: str, folio: str, fecha: datetime
) -> Documento:
    """The acuerdo's annex for a version: every body's table and trail."""
    lineas = [version, ""]
    for nombre, r in organos:
        lineas += lineas_anexo(r, nombre)
    titulo = (
        f"Anexo de la asignación de RP — {organos[0][0]}"
        if len(organos) == 1
        else "Anexo del acuerdo de asignación de representación proporcional"
    )
    return Documento(titulo=titulo, lineas=tuple(lineas), folio=folio, fecha=fecha, firmas=FIRMAS)
