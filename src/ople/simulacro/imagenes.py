"""The image of a simulated acta: the synthetic acta generator fed with the scenario's truth."""

from __future__ import annotations

import zlib

from ople.prep import actas_sinteticas as gen
from ople.simulacro import escenario as esc
from ople.simulacro.preparacion import InfoActa

_TIPOS = {"NULOS": "NULOS", "NO_REGISTRADOS": "CNR", "NO_REGISTRADAS": "CNR"}


def _tipo_fila(campo: str) -> gen.TipoFila:
    if campo in _TIPOS:
        return _TIPOS[campo]  # type: ignore[return-value]
    if campo.startswith("TOTAL_"):
        return "TOTAL"
    if campo.startswith(("CAND_IND", "CI_")):
        return "CI"
    if campo.startswith("C_") or "_" in campo:
        return "COMBINACION"
    return "PARTIDO"


def imagen_acta(acta: esc.ActaSimulada, info: InfoActa, medio: str, variante: int) -> bytes:
    """JPEG bytes of the acta as photographed (MOVIL) or scanned (ESCANER).

    Illegible and empty fields are left blank on the paper; the simulated operators read the
    truth from the scenario, as a person reads what is on the acta.
    """
    semilla = zlib.crc32(f"{info.clave}|{medio}|{variante}".encode())
    filas = tuple(
        gen.FilaActa(
            campo=c,
            etiqueta=info.etiquetas.get(c, c),
            valor=v if isinstance(v, int) else None,
            tipo=_tipo_fila(c),
        )
        for c, v in acta.valores.items()
    )
    datos = gen.ActaSintetica(
        clave_acta=info.clave,
        eleccion=info.eleccion,
        entidad=info.entidad,
        distrito=info.distrito,
        municipio=info.municipio,
        seccion=info.seccion,
        tipo_casilla=info.tipo_casilla,
        numero_casilla=info.id_casilla,
        ext_contigua=info.ext_contigua,
        tipo_acta=info.tipo_acta,
        filas=filas,
        con_letra=False,
    )
    # Clean images: photo defects cost more CPU than the rest of the acta together, and the
    # drill measures the system, not the generator (defects are exercised by its own tests).
    defectos = gen.SIN_DEFECTOS
    return gen.generar_acta(datos, defectos=defectos, semilla=semilla, calidad=70)
