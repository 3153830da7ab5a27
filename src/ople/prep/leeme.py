"""LEEME.txt of a PREP download bundle (prep.md §7.5), generated from the writer's own metadata.

The column list is the one passed to ``ine_csv.escribir_resultados``; the header names and their
definitions come from ``ople.ley.tally`` / ``ine_csv``; the observation labels from the profile.
So the LEEME cannot name a field the CSV does not have (the 2019 LEEME did: S2). Pure module.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Final

from ople.ley.actas import AUXILIARES, CAMPOS_AUXILIARES
from ople.ley.tally import CAMPOS_ENCABEZADO
from ople.prep import ine_csv
from ople.prep.ine_csv import DEFINICIONES_ENCABEZADO, FormatoCsv
from ople.prep.perfil import Columnas, de
from ople.prep.rules import CODIGOS_INCONSISTENCIA, CODIGOS_OBSERVACION
from ople.profiles.schema import Perfil

_FIJAS: Final[dict[str, str]] = {
    "CLAVE_CASILLA": "Clave única de casilla: entidad (2 dígitos), sección (4), tipo de casilla (1), número de casilla (2) y número de contigua de la extraordinaria (2). Ejemplo: 010393C0200.",
    "CLAVE_ACTA": "Clave única de acta: CLAVE_CASILLA seguida de TIPO_ACTA. Para actas fuera de catálogo TIPO_ACTA vale 0.",
    "SECCION": "Sección electoral de la casilla.",
    "ID_CASILLA": "Número de la casilla dentro de su sección y tipo.",
    "TIPO_CASILLA": "B básica, C contigua, E extraordinaria, S especial, M mesa de escrutinio del voto en el extranjero.",
    "EXT_CONTIGUA": "Número de contigua de una casilla extraordinaria (0 si no aplica).",
    "UBICACION_CASILLA": "1 urbana, 2 no urbana.",
    "TIPO_ACTA": "Número del tipo de acta impreso en el formato.",
    **{c.clave: c.descripcion for c in AUXILIARES},
    "TOTAL_VOTOS_CALCULADO": "Suma, hecha por el sistema, de los votos de partidos, combinaciones de coalición, candidaturas independientes, candidaturas no registradas y votos nulos (Ilegible y Sin dato cuentan como 0).",
    "LISTA_NOMINAL": "Ciudadanas y ciudadanos en la lista nominal de la casilla (0 en casillas especiales).",
    "REPRESENTANTES_PP_CI": "Representantes de partidos y candidaturas independientes acreditados ante la casilla (dato precargado).",
    "OBSERVACIONES": "Observaciones del acta (ver la sección de observaciones); vacío si no tiene.",
    "CONTABILIZADA": "1 si el acta se contabiliza, 0 si no (la razón está en OBSERVACIONES).",
    "MECANISMOS_TRASLADO": "D dispositivo de apoyo para el traslado; F o I centro de recepción y traslado fijo o itinerante; vacío si no aplica.",
    "FECHA_HORA_ACOPIO": "Fecha y hora de recepción del Acta PREP en el CATD; vacío para actas «sin acta».",
    "FECHA_HORA_CAPTURA": "Fecha y hora de captura del acta.",
    "FECHA_HORA_VERIFICACION": "Fecha y hora de verificación del acta.",
    "ORIGEN": "CASILLA: imagen tomada en la casilla con PREP Casilla; CATD: digitalizada en el CATD.",
    "DIGITALIZACION": "MOVIL: teléfono móvil; ESCANER: escáner.",
    "TIPO_DOCUMENTO": "ACTA PREP, RPP (copia de representantes), CC (copia del consejo) o PPC (copia de representantes obtenida del consejo).",
    "COTEJADA": "1 si los datos publicados se cotejaron contra la imagen del acta, 0 si no.",
}


def descripcion_columna(
    columna: str, nombres: Columnas, opciones: Mapping[str, str] | None = None
) -> str:
    """One line describing a column; vote columns by kind unless ``opciones`` names them."""
    if columna in _FIJAS:
        return _FIJAS[columna]
    if opciones and columna in opciones:
        return opciones[columna]
    if columna == nombres.id_entidad:
        return "Identificador de la entidad federativa."
    if columna == nombres.entidad:
        return "Nombre de la entidad federativa."
    if columna == nombres.id_distrito:
        return "Número del distrito electoral local."
    if columna == nombres.distrito:
        return "Nombre (cabecera) del distrito electoral local."
    if columna == nombres.id_municipio:
        return "Identificador del municipio."
    if columna == nombres.municipio:
        return "Nombre del municipio."
    if columna == nombres.codigo_integridad:
        return "Código de integridad: huella SHA-256 del archivo de la imagen del acta, en hexadecimal (vacío si no hay imagen)."
    if columna == nombres.no_registrados:
        return "Votos para candidaturas no registradas."
    if columna == nombres.nulos:
        return "Votos nulos."
    if columna.startswith(nombres.prefijo_ci):
        return 'Votos para la candidatura independiente (guion "-" si no hay candidatura en la demarcación).'
    if nombres.separador_combinacion in columna.removeprefix(nombres.prefijo_combinacion) and (
        not nombres.prefijo_combinacion or columna.startswith(nombres.prefijo_combinacion)
    ):
        return 'Votos para la combinación de partidos de la coalición (guion "-" donde esos partidos no van en coalición).'
    return "Votos para el partido político."


def generar(
    *,
    perfil: Perfil,
    eleccion: str,
    formato: FormatoCsv,
    columnas: Sequence[str],
    archivo_resultados: str,
    archivo_candidaturas: str,
    opciones: Mapping[str, str] | None = None,
    variantes: Mapping[str, FormatoCsv] | None = None,
) -> str:
    """The LEEME text (Spanish). ``columnas``: exactly the list given to the CSV writer.
    ``variantes``: the other copies of the results file in the ZIP (file name -> its format),
    each named in section A."""
    prep = de(perfil)
    el = prep.eleccion(eleccion)
    nombres = prep.csv.columnas
    sep = {"|": 'barras verticales "|"', ",": 'comas ","'}.get(formato.separador, formato.separador)
    votos = ine_csv.columnas_de_voto(columnas)
    n: list[str] = []
    w = n.append
    w(f"Programa de Resultados Electorales Preliminares — {perfil.institucion}")
    w(f"{perfil.proceso}. Elección: {el.nombre}.")
    w("")
    w("A. CONTENIDO DEL ARCHIVO ZIP")
    w(f"   {archivo_resultados}: base de datos de resultados, una fila por acta.")
    for archivo, otro in (variantes or {}).items():
        sep_otro = {"|": "barras verticales", ",": "comas"}.get(otro.separador, otro.separador)
        w(
            f"   {archivo}: la misma base de datos en la variante {otro.variante} "
            f"(separada por {sep_otro}); mismas filas y cifras."
        )
    w(
        f"   {archivo_candidaturas}: candidaturas por demarcación, partido, coalición o candidatura independiente."
    )
    w("   LEEME.txt: este documento.")
    w("")
    w("B. ESTRUCTURA DE LA BASE DE DATOS")
    cod = {"utf-8-sig": "UTF-8 con BOM", "utf-8": "UTF-8", "cp1252": "Windows-1252"}
    w(
        f"   Texto {cod.get(formato.codificacion, formato.codificacion)} separado por {sep}."
        + (
            f' La primera línea "sep={formato.separador}" indica el separador a las hojas de cálculo.'
            if formato.linea_sep
            else ""
        )
    )
    w(
        "   Encabezado: el nombre de la elección; la fecha y hora del corte con su desfase respecto de UTC,"
    )
    w(f"   por ejemplo {prep.texto_corte(prep.publicacion.inicio, formato.variante)};")
    w("   después los nombres de las 13 cifras del corte y, en la línea siguiente, sus valores.")
    w("   Tras una línea en blanco, los nombres de las columnas y una fila por acta.")
    estilo = '="…"' if formato.escape_claves == "excel" else "'…'"
    w(
        f"   Las claves {', '.join(formato.columnas_escapadas)} se escriben como {estilo} para conservar los ceros a la izquierda."
    )
    w(
        "   Las fechas y horas de las actas están en la zona "
        + f"{perfil.zona_horaria} ({prep.desfase_utc})."
    )
    w("")
    w("C. LAS 13 CIFRAS DEL ENCABEZADO")
    for i, campo in enumerate(CAMPOS_ENCABEZADO, start=1):
        w(f"   {i}. {campo}: {DEFINICIONES_ENCABEZADO[campo]}")
    w(
        "   Los porcentajes se expresan con cuatro decimales; el cuarto decimal se trunca, no se redondea."
    )
    if prep.especiales_hasta_corte_final:
        w("   Durante la operación la participación no considera los votos de casillas especiales;")
        w("   en el último corte sí los considera.")
    w("")
    w("D. COLUMNAS DE CADA ACTA")
    for i, c in enumerate(columnas, start=1):
        w(f"   {i}. {c}: {descripcion_columna(c, nombres, opciones)}")
    w("")
    w("   Valores especiales en las columnas de votos y en las auxiliares:")
    w("   ILEGIBLE: la cantidad no se puede leer ni en letra ni en número; cuenta como 0.")
    w("   SIN DATO: la cantidad no se asentó ni en letra ni en número; cuenta como 0.")
    w("   - (guion): la columna no aplica a esa acta.")
    w(f"   Columnas de votos: {', '.join(votos)}.")
    w(
        f"   Columnas auxiliares (no se suman ni deciden la contabilización): {', '.join(c for c in CAMPOS_AUXILIARES if c in columnas)}."
    )
    w("")
    w("E. OBSERVACIONES")
    w(f'   Varias observaciones se separan con "{prep.separador_observaciones}".')
    vistas: set[str] = set()
    for codigo in CODIGOS_OBSERVACION:
        etiqueta = prep.etiquetas[codigo]
        if etiqueta in vistas:
            continue
        vistas.add(etiqueta)
        codigos = [c for c in CODIGOS_OBSERVACION if prep.etiquetas[c] == etiqueta]
        efecto = _efecto(codigos)
        w(f"   {etiqueta}: {efecto}")
    w("")
    w("F. CÓMO VERIFICAR LA IMAGEN DE UN ACTA")
    w(
        f"   La columna {nombres.codigo_integridad} es la huella SHA-256 del archivo de la imagen publicada."
    )
    w(
        "   Descargue la imagen y calcule su huella; debe ser igual (sin distinguir mayúsculas de minúsculas):"
    )
    w("     Linux:   sha256sum ARCHIVO")
    w("     macOS:   shasum -a 256 ARCHIVO")
    w("     Windows: certutil -hashfile ARCHIVO SHA256")
    w(
        "   Cualquier cambio en la imagen, por mínimo que sea, produce una huella completamente distinta."
    )
    w("")
    w(
        "Los resultados del PREP son preliminares, de carácter informativo y no tienen efectos jurídicos."
    )
    return "\n".join(n) + "\n"


def _efecto(codigos: Sequence[str]) -> str:
    if "FUERA_CATALOGO" in codigos:
        return "el acta no se asoció a una casilla aprobada; cuenta en ACTAS_FUERA_CATALOGO y no se captura ni contabiliza."
    if any(c.startswith("SIN_ACTA") for c in codigos):
        return "el Acta PREP no llegó; se registra con votos en 0 y no se contabiliza (no cuenta como inconsistencia)."
    if any(c.startswith("TODOS") for c in codigos):
        return "ningún campo de votos es legible o tiene dato; el acta no se contabiliza y cuenta como inconsistencia."
    if "EXCEDE_LN" in codigos:
        return "la suma de votos excede la lista nominal (o las boletas de la casilla especial) más los representantes; el acta no se contabiliza y cuenta como inconsistencia."
    if set(codigos) <= CODIGOS_INCONSISTENCIA:
        return "algún campo es ilegible o no tiene dato y cuenta como 0; el acta sí se contabiliza y cuenta como inconsistencia."
    return ""


def a_bytes(texto: str, formato: FormatoCsv) -> bytes:
    """CRLF line ends, in the encoding of the results file beside it (UTF-8; with BOM when
    the CSV has one): one encoding per ZIP (S2 mixed a Windows-1252 LEEME with UTF-8 CSVs)."""
    return texto.replace("\n", "\r\n").encode(formato.codificacion)
