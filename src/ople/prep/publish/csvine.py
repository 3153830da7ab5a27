"""The INE-layout results CSV of a cut, in both variants (prep.md §7.2–7.4). Pure.

Variant A is the OPLE QRoo 2019 layout (`sep=|` line, pipes, LF, `="…"` keys,
`YYYY-MM-DD HH:MM:SS`); variant B the INE 2021/2024 one (UTF-8 with BOM, commas, CRLF, `'…'`
keys, `DD/MM/YYYY HH:MM:SS`, INE column names). Rows are formatted by hand (this is the hot path
of a national cut) and each row's text depends only on its acta and its verification, so the
builder can reuse it between cuts.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from ople.prep.publish.cifras import ENCABEZADO, Cifras
from ople.prep.publish.modelo import ActaCorte, EleccionCorte, EntradaCorte

AUX_INICIO = (
    "TOTAL_BOLETAS_SOBRANTES",
    "TOTAL_PERSONAS_VOTARON",
    "TOTAL_REP_PARTIDO_CI_VOTARON",
    "TOTAL_VOTOS_SACADOS",
)
ASENTADO = "TOTAL_VOTOS_ASENTADO"

RENOMBRES_B = {
    "CLAVE_CASILLA": "CLAVE_CASILLA",
    "ID_ESTADO": "ID_ENTIDAD",
    "ESTADO": "ENTIDAD",
    "ID_DISTRITO": "ID_DISTRITO_LOCAL",
    "DISTRITO": "DISTRITO_LOCAL",
    "NO_REGISTRADOS": "NO_REGISTRADAS",
    "SHA": "CODIGO_INTEGRIDAD",
}


def columnas(eleccion: EleccionCorte, variante: str) -> list[str]:
    """The column header of the acta rows, in order."""
    cols = ["CLAVE_CASILLA", "CLAVE_ACTA", "ID_ESTADO", "ESTADO", "ID_DISTRITO", "DISTRITO"]
    if eleccion.tipo == "AYUN":
        cols += ["ID_MUNICIPIO", "MUNICIPIO"]
    cols += ["SECCION", "ID_CASILLA", "TIPO_CASILLA", "EXT_CONTIGUA", "UBICACION_CASILLA"]
    cols += ["TIPO_ACTA", *AUX_INICIO, *eleccion.columnas_votos, ASENTADO]
    cols += ["TOTAL_VOTOS_CALCULADO", "LISTA_NOMINAL", "REPRESENTANTES_PP_CI", "OBSERVACIONES"]
    cols += ["CONTABILIZADA", "MECANISMOS_TRASLADO", "SHA", "FECHA_HORA_ACOPIO"]
    cols += ["FECHA_HORA_CAPTURA", "FECHA_HORA_VERIFICACION", "ORIGEN", "DIGITALIZACION"]
    cols += ["TIPO_DOCUMENTO"]
    if variante == "B":
        return [RENOMBRES_B.get(c, c) for c in cols]
    return cols


class Formato:
    """Formatting parameters of one variant at one cut (time zone, separators, keys)."""

    def __init__(self, variante: str, zona: str) -> None:
        if variante not in ("A", "B"):
            raise ValueError(f"variante de CSV desconocida: {variante!r}")
        self.variante = variante
        self.sep = "|" if variante == "A" else ","
        self.fin = "\n" if variante == "A" else "\r\n"
        self.zona = ZoneInfo(zona)
        self._desfases: dict[tuple[int, int, int, int], timedelta] = {}

    def _local(self, t: datetime) -> datetime:
        # The offset is looked up once per UTC hour: formatting is the hot path.
        u = t.astimezone(UTC)
        k = (u.year, u.month, u.day, u.hour)
        off = self._desfases.get(k)
        if off is None:
            off = u.astimezone(self.zona).utcoffset() or timedelta(0)
            self._desfases[k] = off
        return (u + off).replace(tzinfo=None)

    def fecha(self, t: datetime | None) -> str:
        if t is None:
            return ""
        d = self._local(t)
        if self.variante == "A":
            return (
                f"{d.year:04d}-{d.month:02d}-{d.day:02d} {d.hour:02d}:{d.minute:02d}:{d.second:02d}"
            )
        return f"{d.day:02d}/{d.month:02d}/{d.year:04d} {d.hour:02d}:{d.minute:02d}:{d.second:02d}"

    def etiqueta_corte(self, t: datetime) -> str:
        """`2019/06/03 05:47 (UTC-5)` (A) or `03/06/2019 05:47 (UTC-5)` (B)."""
        local = t.astimezone(self.zona)
        off = local.utcoffset() or timedelta(0)
        horas = int(off.total_seconds() // 3600)
        minutos = int(abs(off.total_seconds()) % 3600 // 60)
        zona = f"UTC{horas:+d}" + (f":{minutos:02d}" if minutos else "")
        if self.variante == "A":
            return f"{local:%Y/%m/%d %H:%M} ({zona})"
        return f"{local:%d/%m/%Y %H:%M} ({zona})"

    def clave(self, clave: str) -> str:
        return f'="{clave}"' if self.variante == "A" else f"'{clave}'"

    def celda(self, texto: str) -> str:
        if self.sep in texto or '"' in texto or "\n" in texto:
            return '"' + texto.replace('"', '""') + '"'
        return texto


def fila(
    acta: ActaCorte, eleccion: EleccionCorte, entrada: EntradaCorte, fmt: Formato
) -> str | None:
    """The CSV line of a verified acta (None when the acta is not in the cut)."""
    r = acta.resultado
    if r is None:
        return None
    c = acta.casilla
    v = r.valores
    na = c.tipo in ("M", "A", "P")
    partes: list[str] = [
        fmt.clave(c.clave),
        acta.clave if fmt.variante == "A" else fmt.clave(acta.clave),
        str(entrada.entidad_id),
        fmt.celda(entrada.entidad_nombre),
        "N/A" if na else str(c.distrito),
        "N/A" if na else fmt.celda(c.distrito_nombre),
    ]
    if eleccion.tipo == "AYUN":
        partes += [str(c.municipio), fmt.celda(c.municipio_nombre)]
    partes += [
        "N/A" if na else str(c.seccion),
        str(c.id_casilla),
        c.tipo,
        str(c.ext_contigua),
        str(c.ubicacion),
        acta.tipo_acta,
    ]
    for col in AUX_INICIO:
        partes.append(str(v.get(col, "-")))
    for col in eleccion.columnas_votos:
        partes.append(str(v.get(col, "-")))
    partes += [
        str(v.get(ASENTADO, "-")),
        str(r.total_votos_calculado),
        str(c.lista_nominal),
        str(c.representantes),
        fmt.celda(entrada.separador_observaciones.join(r.observaciones)),
        "1" if r.contabilizada else "0",
        c.mecanismo_traslado,
        r.sha256,
        fmt.fecha(r.acopio),
        fmt.fecha(r.captura),
        fmt.fecha(r.verificacion),
        r.origen,
        r.digitalizacion,
        r.tipo_documento,
    ]
    return fmt.sep.join(partes) + fmt.fin


def cabecera(eleccion: EleccionCorte, entrada: EntradaCorte, cifras: Cifras, fmt: Formato) -> str:
    """Everything above the first acta row."""
    s, n = fmt.sep, fmt.fin
    if fmt.variante == "A":
        lineas = [
            f"sep={s}",
            eleccion.nombre,
            fmt.etiqueta_corte(entrada.corte_en),
            s.join(ENCABEZADO),
            s.join(cifras.valores()),
            "",
            s.join(columnas(eleccion, "A")),
        ]
        return n.join(lineas) + n
    lineas = [
        fmt.celda(eleccion.nombre),
        fmt.etiqueta_corte(entrada.corte_en),
        "",
        s.join(ENCABEZADO),
        s.join(cifras.valores()),
        "",
        s.join(columnas(eleccion, "B")),
    ]
    return "\ufeff" + n.join(lineas) + n


def candidaturas(eleccion: EleccionCorte, entrada: EntradaCorte) -> str:
    """The candidaturas CSV (prep.md §7.4): one row per demarcación and column."""
    dem = {"AYUN": "ID_MUNICIPIO", "GUB": "ID_DISTRITO_LOCAL"}.get(
        eleccion.tipo, "ID_DISTRITO_LOCAL"
    )
    out = [f"ID_ESTADO,{dem},PARTIDO_CI,CANDIDATURA_PROPIETARIA,CANDIDATURA_SUPLENTE"]

    def q(t: str) -> str:
        return '"' + t.replace('"', '""') + '"' if ("," in t or '"' in t) else t

    for cand in eleccion.candidaturas:
        out.append(
            ",".join(
                [
                    str(entrada.entidad_id),
                    str(cand.demarcacion),
                    q(cand.columna),
                    q(cand.propietaria),
                    q(cand.suplente),
                ]
            )
        )
    return "\n".join(out) + "\n"


def nombres(eleccion: EleccionCorte, entrada: EntradaCorte) -> tuple[str, str, str]:
    """(zip without the time prefix, results CSV, candidaturas CSV) file names (§7.1)."""
    ent = entrada.entidad_abrev
    return (
        f"PREP_{eleccion.clave}_{ent}.zip",
        f"{ent}_{eleccion.clave}_{eleccion.anio}.csv",
        f"{ent}_{eleccion.clave}_CANDIDATURAS_{eleccion.anio}.csv",
    )


def texto_completo(
    eleccion: EleccionCorte,
    entrada: EntradaCorte,
    cifras: Cifras,
    fmt: Formato,
    filas: Sequence[str],
) -> str:
    return cabecera(eleccion, entrada, cifras, fmt) + "".join(filas)
