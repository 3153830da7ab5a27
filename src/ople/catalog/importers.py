"""CSV importers of the electoral catalog (formats documented in docs/catalogo.md).

Each importer checks the whole file first and writes nothing unless every row is good; errors
name the line of the file (1 = first line, comment lines included) and the reason, in Spanish.
The caller (services.py) runs the import inside one transaction and records one audit event.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import models

from .models import (
    Candidatura,
    Casilla,
    Coalicion,
    Demarcacion,
    DistritoFederal,
    DistritoLocal,
    Eleccion,
    Entidad,
    Municipio,
    Partido,
    ProcesoElectoral,
    Seccion,
)

MAX_ERRORES = 20


class ErrorImportacion(Exception):
    """The file was rejected whole. `errores` holds one Spanish message per bad row."""

    def __init__(self, errores: list[str]):
        self.errores = errores
        super().__init__("; ".join(errores))


@dataclass
class Fila:
    linea: int
    datos: dict[str, str]

    def __getitem__(self, clave: str) -> str:
        return (self.datos.get(clave) or "").strip()


class _Errores:
    def __init__(self) -> None:
        self.lista: list[str] = []

    def add(self, linea: int, mensaje: str) -> None:
        if len(self.lista) < MAX_ERRORES:
            self.lista.append(f"línea {linea}: {mensaje}")
        elif len(self.lista) == MAX_ERRORES:
            self.lista.append("… y más errores (se muestran los primeros 20)")

    def lanzar_si_hay(self) -> None:
        if self.lista:
            raise ErrorImportacion(self.lista)


def decodificar(contenido: bytes | str) -> str:
    if isinstance(contenido, str):
        return contenido
    try:
        return contenido.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ErrorImportacion(
            [f"el archivo no está codificado en UTF-8 (byte {exc.start + 1})"]
        ) from None


def leer_filas(
    contenido: bytes | str, requeridas: Iterable[str], opcionales: Iterable[str] = ()
) -> list[Fila]:
    """Rows as dicts, skipping blank lines and lines starting with '#'; checks the header."""
    texto = decodificar(contenido)
    if "\x00" in texto:
        raise ErrorImportacion(["el archivo no es un CSV de texto (contiene bytes nulos)"])
    lector = csv.reader(io.StringIO(texto, newline=""))
    encabezado: list[str] | None = None
    linea_encabezado = 0
    filas: list[Fila] = []
    requeridas = list(requeridas)
    conocidas = set(requeridas) | set(opcionales)
    try:
        for celdas in lector:
            linea = lector.line_num
            if not celdas or all(not c.strip() for c in celdas):
                continue
            if celdas[0].lstrip().startswith("#"):
                continue
            if encabezado is None:
                encabezado = [c.strip().upper() for c in celdas]
                linea_encabezado = linea
                faltan = [c for c in requeridas if c not in encabezado]
                if faltan:
                    raise ErrorImportacion(
                        [f"línea {linea}: faltan las columnas {', '.join(faltan)}"]
                    )
                extranas = [c for c in encabezado if c not in conocidas]
                if extranas:
                    raise ErrorImportacion(
                        [f"línea {linea}: columnas desconocidas: {', '.join(extranas)}"]
                    )
                continue
            if len(celdas) != len(encabezado):
                raise ErrorImportacion(
                    [
                        f"línea {linea}: tiene {len(celdas)} campos y el encabezado "
                        f"(línea {linea_encabezado}) tiene {len(encabezado)}"
                    ]
                )
            filas.append(Fila(linea=linea, datos=dict(zip(encabezado, celdas, strict=True))))
    except csv.Error as exc:
        raise ErrorImportacion([f"línea {lector.line_num}: CSV mal formado ({exc})"]) from None
    if encabezado is None:
        raise ErrorImportacion(["el archivo está vacío: falta el encabezado"])
    if not filas:
        raise ErrorImportacion(["el archivo no tiene filas de datos"])
    return filas


def _entero(
    fila: Fila, campo: str, errores: _Errores, *, minimo: int = 0, maximo: int = 10**9
) -> int | None:
    valor = fila[campo]
    if not re.fullmatch(r"\d{1,10}", valor):
        errores.add(fila.linea, f"{campo} debe ser un número entero (se leyó «{valor}»)")
        return None
    n = int(valor)
    if not minimo <= n <= maximo:
        errores.add(fila.linea, f"{campo} debe estar entre {minimo} y {maximo} (se leyó {n})")
        return None
    return n


def _decimal(
    fila: Fila, campo: str, errores: _Errores, minimo: float, maximo: float
) -> float | None:
    valor = fila[campo]
    if valor == "":
        return None
    try:
        n = float(valor)
    except ValueError:
        errores.add(fila.linea, f"{campo} debe ser un número (se leyó «{valor}»)")
        return None
    if not minimo <= n <= maximo:
        errores.add(fila.linea, f"{campo} fuera de rango ({minimo} a {maximo}): {valor}")
        return None
    return n


def _booleano(fila: Fila, campo: str, errores: _Errores, defecto: bool = False) -> bool:
    valor = fila[campo].upper()
    if valor == "":
        return defecto
    if valor in ("1", "SI", "SÍ", "TRUE", "VERDADERO"):
        return True
    if valor in ("0", "NO", "FALSE", "FALSO"):
        return False
    errores.add(fila.linea, f"{campo} debe ser 1 o 0 (se leyó «{fila[campo]}»)")
    return defecto


def _comparable(valor: Any) -> Any:
    return valor.pk if isinstance(valor, models.Model) else valor


def _actual(obj: Any, campo: str, valor: Any) -> Any:
    # Compare foreign keys by id: reading obj.<fk> would fetch the related row (N+1 queries).
    return getattr(obj, f"{campo}_id") if isinstance(valor, models.Model) else getattr(obj, campo)


def _upsert(modelo: Any, existentes: dict[Any, Any], nuevos: dict[Any, dict[str, Any]]) -> int:
    """Create missing rows and update changed ones in bulk. Returns how many were written."""
    crear = []
    actualizar = []
    campos: set[str] = set()
    for clave, valores in nuevos.items():
        obj = existentes.get(clave)
        if obj is None:
            crear.append(modelo(**valores))
            continue
        cambios = {k: v for k, v in valores.items() if _actual(obj, k, v) != _comparable(v)}
        if cambios:
            for k, v in cambios.items():
                setattr(obj, k, v)
            campos.update(cambios)
            actualizar.append(obj)
    if crear:
        modelo.objects.bulk_create(crear, batch_size=500)
    if actualizar:
        modelo.objects.bulk_update(actualizar, sorted(campos), batch_size=500)
    return len(crear) + len(actualizar)


# --- secciones ---------------------------------------------------------------------------------

COLUMNAS_SECCIONES = [
    "ENTIDAD",
    "SECCION",
    "MUNICIPIO",
    "NOMBRE_MUNICIPIO",
    "DISTRITO_FEDERAL",
    "DISTRITO_LOCAL",
]


def importar_secciones(contenido: bytes | str) -> dict[str, int]:
    """INE-style sección catalogue: creates/updates municipios, distritos and secciones."""
    filas = leer_filas(contenido, COLUMNAS_SECCIONES, ["LOCALIDADES"])
    errores = _Errores()
    entidades = {e.clave: e for e in Entidad.objects.all()}
    vistas: dict[tuple[int, int], int] = {}
    limpias: list[tuple[int, int, int, str, int, int, str]] = []
    for f in filas:
        ent = _entero(f, "ENTIDAD", errores, minimo=1, maximo=32)
        sec = _entero(f, "SECCION", errores, minimo=1, maximo=9999)
        mun = _entero(f, "MUNICIPIO", errores, minimo=1, maximo=999)
        df = _entero(f, "DISTRITO_FEDERAL", errores, minimo=1, maximo=99)
        dl = _entero(f, "DISTRITO_LOCAL", errores, minimo=1, maximo=99)
        nombre = f["NOMBRE_MUNICIPIO"]
        if not nombre:
            errores.add(f.linea, "falta NOMBRE_MUNICIPIO")
        if ent is not None and ent not in entidades:
            errores.add(f.linea, f"la entidad {ent} no existe en el catálogo")
            continue
        if None in (ent, sec, mun, df, dl) or not nombre:
            continue
        assert ent is not None and sec is not None and mun is not None  # for mypy: checked above
        assert df is not None and dl is not None
        if (ent, sec) in vistas:
            errores.add(
                f.linea, f"la sección {sec} está repetida (ya en la línea {vistas[ent, sec]})"
            )
            continue
        vistas[ent, sec] = f.linea
        limpias.append((ent, sec, mun, nombre, df, dl, f["LOCALIDADES"]))
    errores.lanzar_si_hay()

    conteo = {"municipios": 0, "distritos_locales": 0, "distritos_federales": 0, "secciones": 0}
    for ent_clave in sorted({r[0] for r in limpias}):
        entidad = entidades[ent_clave]
        propias = [r for r in limpias if r[0] == ent_clave]
        munis = {r[2]: r[3] for r in propias}
        conteo["municipios"] += _upsert(
            Municipio,
            {m.clave: m for m in entidad.municipios.all()},
            {k: {"entidad": entidad, "clave": k, "nombre": v} for k, v in munis.items()},
        )
        dls = {m.numero: m for m in entidad.distritos_locales.all()}
        nuevos_dl = {r[5] for r in propias} - set(dls)
        DistritoLocal.objects.bulk_create(
            [DistritoLocal(entidad=entidad, numero=n) for n in sorted(nuevos_dl)]
        )
        dfs = {m.numero: m for m in entidad.distritos_federales.all()}
        nuevos_df = {r[4] for r in propias} - set(dfs)
        DistritoFederal.objects.bulk_create(
            [DistritoFederal(entidad=entidad, numero=n) for n in sorted(nuevos_df)]
        )
        conteo["distritos_locales"] += len(nuevos_dl)
        conteo["distritos_federales"] += len(nuevos_df)
        municipios = {m.clave: m for m in entidad.municipios.all()}
        dls = {m.numero: m for m in entidad.distritos_locales.all()}
        dfs = {m.numero: m for m in entidad.distritos_federales.all()}
        conteo["secciones"] += _upsert(
            Seccion,
            {s.numero: s for s in entidad.secciones.all()},
            {
                r[1]: {
                    "entidad": entidad,
                    "numero": r[1],
                    "municipio": municipios[r[2]],
                    "distrito_federal": dfs[r[4]],
                    "distrito_local": dls[r[5]],
                    "localidades": r[6],
                }
                for r in propias
            },
        )
    conteo["filas"] = len(filas)
    return conteo


def importar_distritos(contenido: bytes | str, *, entidad: Entidad, tipo: str) -> dict[str, int]:
    """Cabeceras of the local ('DISTRITO_LOCAL') or federal ('DISTRITO_FEDERAL') districts."""
    modelo: Any = DistritoLocal if tipo == "DISTRITO_LOCAL" else DistritoFederal
    filas = leer_filas(contenido, [tipo, "CABECERA"])
    errores = _Errores()
    valores: dict[int, dict[str, Any]] = {}
    for f in filas:
        n = _entero(f, tipo, errores, minimo=1, maximo=99)
        if n is None:
            continue
        if n in valores:
            errores.add(f.linea, f"el distrito {n} está repetido")
        valores[n] = {"entidad": entidad, "numero": n, "cabecera": f["CABECERA"]}
    errores.lanzar_si_hay()
    escritos = _upsert(
        modelo, {d.numero: d for d in modelo.objects.filter(entidad=entidad)}, valores
    )
    return {"distritos": escritos, "filas": len(filas)}


# --- casillas ----------------------------------------------------------------------------------

COLUMNAS_CASILLAS = [
    "ENTIDAD",
    "SECCION",
    "TIPO_CASILLA",
    "ID_CASILLA",
    "EXT_CONTIGUA",
    "UBICACION_CASILLA",
    "LISTA_NOMINAL",
]
OPCIONALES_CASILLAS = [
    "DOMICILIO",
    "REFERENCIA",
    "LATITUD",
    "LONGITUD",
    "MECANISMOS_TRASLADO",
    "REPRESENTANTES",
]


def importar_casillas(contenido: bytes | str, *, sintetica: bool = False) -> dict[str, int]:
    filas = leer_filas(contenido, COLUMNAS_CASILLAS, OPCIONALES_CASILLAS)
    errores = _Errores()
    # Only the entidades the file names: a national catalog is imported one entidad at a time.
    ents = {int(f["ENTIDAD"]) for f in filas if f["ENTIDAD"].isdigit()}
    secciones = {
        (s.entidad.clave, s.numero): s
        for s in Seccion.objects.filter(entidad__clave__in=ents).select_related("entidad")
    }
    tipos = set(Casilla.Tipo.values)
    traslados = set(Casilla.Traslado.values)
    vistas: dict[str, int] = {}
    valores: dict[str, dict[str, Any]] = {}
    for f in filas:
        ent = _entero(f, "ENTIDAD", errores, minimo=1, maximo=32)
        sec = _entero(f, "SECCION", errores, minimo=1, maximo=9999)
        tipo = f["TIPO_CASILLA"].upper()
        if tipo not in tipos:
            errores.add(
                f.linea, f"TIPO_CASILLA «{f['TIPO_CASILLA']}» no es uno de B, C, E, S, M, A, P"
            )
        id_c = _entero(f, "ID_CASILLA", errores, minimo=1, maximo=99)
        ext = _entero(f, "EXT_CONTIGUA", errores, minimo=0, maximo=99)
        ubic = _entero(f, "UBICACION_CASILLA", errores, minimo=1, maximo=2)
        ln = _entero(f, "LISTA_NOMINAL", errores, minimo=0, maximo=100_000)
        rep = _entero(f, "REPRESENTANTES", errores, maximo=999) if f["REPRESENTANTES"] else 0
        lat = _decimal(f, "LATITUD", errores, -90, 90)
        lon = _decimal(f, "LONGITUD", errores, -180, 180)
        if (f["LATITUD"] == "") != (f["LONGITUD"] == ""):
            errores.add(f.linea, "LATITUD y LONGITUD van juntas: las dos o ninguna")
        traslado = f["MECANISMOS_TRASLADO"].upper()
        if traslado not in traslados:
            errores.add(f.linea, f"MECANISMOS_TRASLADO «{traslado}» debe ser D, F, I o vacío")
        if len(f["DOMICILIO"]) > 300 or len(f["REFERENCIA"]) > 300:
            errores.add(f.linea, "DOMICILIO y REFERENCIA admiten hasta 300 caracteres")
        if ent is None or sec is None:
            continue
        seccion = secciones.get((ent, sec))
        if seccion is None:
            errores.add(f.linea, f"la sección {sec} no existe en la entidad {ent}")
            continue
        if None in (id_c, ext, ubic, ln, rep) or tipo not in tipos:
            continue
        assert id_c is not None and ext is not None
        clave = Casilla.formar_clave(ent, sec, tipo, id_c, ext)
        if clave in vistas:
            errores.add(
                f.linea, f"la casilla {clave} está repetida (ya en la línea {vistas[clave]})"
            )
            continue
        vistas[clave] = f.linea
        valores[clave] = {
            "seccion": seccion,
            "tipo": tipo,
            "id_casilla": id_c,
            "ext_contigua": ext,
            "clave": clave,
            "ubicacion": ubic,
            "lista_nominal": ln,
            "representantes": rep,
            "domicilio": f["DOMICILIO"],
            "referencia": f["REFERENCIA"],
            "latitud": lat,
            "longitud": lon,
            "mecanismo_traslado": traslado,
            "sintetica": sintetica,
        }
    errores.lanzar_si_hay()
    existentes = {c.clave: c for c in Casilla.objects.filter(clave__in=list(valores))}
    escritas = _upsert(Casilla, existentes, valores)
    return {"casillas": escritas, "filas": len(filas)}


# --- partidos, coaliciones, candidaturas -------------------------------------------------------

COLUMNAS_PARTIDOS = ["SIGLAS", "NOMBRE", "ORDEN"]


def importar_partidos(contenido: bytes | str, *, proceso: ProcesoElectoral) -> dict[str, int]:
    filas = leer_filas(contenido, COLUMNAS_PARTIDOS, ["COLOR", "LOCAL", "ILUSTRATIVO"])
    errores = _Errores()
    valores: dict[str, dict[str, Any]] = {}
    ordenes: dict[int, str] = {}
    for f in filas:
        siglas = f["SIGLAS"].upper()
        if not re.fullmatch(r"[A-Z][A-Z0-9]{0,19}", siglas):
            errores.add(f.linea, f"SIGLAS «{f['SIGLAS']}»: sólo letras y números, hasta 20")
        if siglas.startswith(("C_", "CC_", "CAND_IND")) or siglas in ("NULOS", "NO_REGISTRADOS"):
            errores.add(f.linea, f"SIGLAS «{siglas}» está reservado")
        orden = _entero(f, "ORDEN", errores, minimo=1, maximo=99)
        color = f["COLOR"] or "#666666"
        if not re.fullmatch(r"#[0-9a-fA-F]{6}", color):
            errores.add(f.linea, f"COLOR «{color}» debe tener la forma #RRGGBB")
        if not f["NOMBRE"]:
            errores.add(f.linea, "falta NOMBRE")
        if siglas in valores:
            errores.add(f.linea, f"el partido {siglas} está repetido")
        if orden is not None:
            if orden in ordenes:
                errores.add(f.linea, f"ORDEN {orden} ya lo tiene {ordenes[orden]}")
            ordenes[orden] = siglas
        valores[siglas] = {
            "proceso": proceso,
            "siglas": siglas,
            "nombre": f["NOMBRE"][:150],
            "color": color,
            "orden": orden,
            "local": _booleano(f, "LOCAL", errores),
            "ilustrativo": _booleano(f, "ILUSTRATIVO", errores),
        }
    errores.lanzar_si_hay()
    existentes = {p.siglas: p for p in proceso.partidos.all()}
    ocupados = {p.orden: p.siglas for p in existentes.values() if p.siglas not in valores}
    for s, v in valores.items():
        if v["orden"] in ocupados:
            raise ErrorImportacion(
                [f"ORDEN {v['orden']} de {s} ya lo tiene {ocupados[v['orden']]} en el catálogo"]
            )
    escritos = _upsert(Partido, existentes, valores)
    return {"partidos": escritos, "filas": len(filas)}


def _eleccion(
    f: Fila, proceso: ProcesoElectoral, elecciones: dict[str, Eleccion], errores: _Errores
) -> Eleccion | None:
    clave = f["ELECCION"].upper()
    eleccion = elecciones.get(clave)
    if eleccion is None:
        errores.add(f.linea, f"la elección {clave or '(vacía)'} no existe en {proceso}")
    return eleccion


def importar_coaliciones(contenido: bytes | str, *, proceso: ProcesoElectoral) -> dict[str, int]:
    """ELECCION, TIPO (COALICION | CAND_COMUN), NOMBRE, PARTIDOS (PAN+PRI), DEMARCACIONES (* | 1;2)."""
    filas = leer_filas(contenido, ["ELECCION", "TIPO", "NOMBRE", "PARTIDOS", "DEMARCACIONES"])
    errores = _Errores()
    elecciones = {e.tipo: e for e in proceso.elecciones.all()}
    partidos = {p.siglas: p for p in proceso.partidos.all()}
    demarcaciones: dict[int, dict[int, Demarcacion]] = {}
    for e in elecciones.values():
        demarcaciones[e.pk] = {d.clave: d for d in e.demarcaciones.all()}
    limpias: list[tuple[Eleccion, str, str, list[Partido], list[Demarcacion]]] = []
    vistas: dict[tuple[int, str], int] = {}
    for f in filas:
        eleccion = _eleccion(f, proceso, elecciones, errores)
        tipo = f["TIPO"].upper()
        if tipo not in Coalicion.Tipo.values:
            errores.add(f.linea, f"TIPO «{f['TIPO']}» debe ser COALICION o CAND_COMUN")
        nombre = f["NOMBRE"]
        if not nombre:
            errores.add(f.linea, "falta NOMBRE")
        siglas = [s.strip().upper() for s in f["PARTIDOS"].split("+") if s.strip()]
        if len(siglas) < 2 or len(set(siglas)) != len(siglas):
            errores.add(f.linea, "PARTIDOS debe nombrar dos o más partidos distintos (PAN+PRI)")
        desconocidos = [s for s in siglas if s not in partidos]
        if desconocidos:
            errores.add(f.linea, f"partidos inexistentes: {', '.join(desconocidos)}")
        if eleccion is None:
            continue
        texto = f["DEMARCACIONES"]
        disponibles = demarcaciones[eleccion.pk]
        if texto == "*":
            dems = list(disponibles.values())
        else:
            dems = []
            for parte in texto.split(";"):
                parte = parte.strip()
                if not parte.isdigit() or int(parte) not in disponibles:
                    errores.add(f.linea, f"la demarcación «{parte}» no existe en {eleccion}")
                else:
                    dems.append(disponibles[int(parte)])
        if not dems:
            errores.add(f.linea, "DEMARCACIONES está vacío (use * para todas)")
        if (eleccion.pk, nombre) in vistas:
            errores.add(
                f.linea, f"«{nombre}» está repetida (ya en la línea {vistas[eleccion.pk, nombre]})"
            )
        vistas[eleccion.pk, nombre] = f.linea
        limpias.append(
            (eleccion, tipo, nombre, [partidos[s] for s in siglas if s in partidos], dems)
        )
    errores.lanzar_si_hay()
    for eleccion, tipo, nombre, miembros, dems in limpias:
        coal, _ = Coalicion.objects.update_or_create(
            eleccion=eleccion, nombre=nombre, defaults={"tipo": tipo}
        )
        coal.partidos.set(miembros)
        coal.demarcaciones.set(dems)
    # A party may be in only one alliance per demarcación.
    for eleccion in {x[0] for x in limpias}:
        ocupado: dict[tuple[int, int], str] = {}
        for coal in eleccion.coaliciones.prefetch_related("partidos", "demarcaciones"):
            for d in coal.demarcaciones.all():
                for p in coal.partidos.all():
                    previa = ocupado.get((d.pk, p.pk))
                    if previa is not None:
                        raise ErrorImportacion(
                            [
                                f"{p.siglas} estaría en «{previa}» y en «{coal.nombre}» "
                                f"en {d.nombre} ({eleccion})"
                            ]
                        )
                    ocupado[d.pk, p.pk] = coal.nombre
    return {"coaliciones": len(limpias), "filas": len(filas)}


def importar_candidaturas(
    contenido: bytes | str, *, proceso: ProcesoElectoral, ilustrativa: bool = False
) -> dict[str, int]:
    """ELECCION, DEMARCACION, POSTULA (siglas | nombre de la coalición | CAND_IND_n), names."""
    filas = leer_filas(
        contenido,
        ["ELECCION", "DEMARCACION", "POSTULA", "PROPIETARIA"],
        ["SUPLENTE", "GENERO", "ILUSTRATIVA"],
    )
    errores = _Errores()
    elecciones = {e.tipo: e for e in proceso.elecciones.all()}
    partidos = {p.siglas: p for p in proceso.partidos.all()}
    alianzas = {
        (c.eleccion_id, c.nombre): c for c in Coalicion.objects.filter(eleccion__proceso=proceso)
    }
    dems = {
        (d.eleccion_id, d.clave): d for d in Demarcacion.objects.filter(eleccion__proceso=proceso)
    }
    limpias: list[dict[str, Any]] = []
    vistas: dict[tuple[int, str], int] = {}
    for f in filas:
        eleccion = _eleccion(f, proceso, elecciones, errores)
        clave = _entero(f, "DEMARCACION", errores, minimo=1, maximo=999)
        genero = f["GENERO"].upper()
        if genero not in ("", "M", "H", "X"):
            errores.add(f.linea, f"GENERO «{genero}» debe ser M, H o X")
        if not f["PROPIETARIA"]:
            errores.add(f.linea, "falta PROPIETARIA")
        es_ilustrativa = _booleano(f, "ILUSTRATIVA", errores, defecto=ilustrativa)
        if eleccion is None or clave is None:
            continue
        dem = dems.get((eleccion.pk, clave))
        if dem is None:
            errores.add(f.linea, f"la demarcación {clave} no existe en {eleccion}")
            continue
        postula = f["POSTULA"]
        destino: dict[str, Any] = {"partido": None, "coalicion": None, "numero_ci": None}
        ci = re.fullmatch(r"CAND_IND_(\d{1,2})", postula.upper())
        if ci and int(ci.group(1)) >= 1:
            destino["numero_ci"] = int(ci.group(1))
        elif postula.upper() in partidos:
            destino["partido"] = partidos[postula.upper()]
        elif (eleccion.pk, postula) in alianzas:
            destino["coalicion"] = alianzas[eleccion.pk, postula]
        else:
            errores.add(f.linea, f"POSTULA «{postula}» no es un partido, coalición ni CAND_IND_n")
            continue
        llave = (dem.pk, postula.upper())
        if llave in vistas:
            errores.add(
                f.linea, f"«{postula}» ya tiene candidatura en {dem.nombre} (línea {vistas[llave]})"
            )
        vistas[llave] = f.linea
        limpias.append(
            {
                "eleccion": eleccion,
                "demarcacion": dem,
                **destino,
                "defaults": {
                    "propietaria": f["PROPIETARIA"][:200],
                    "suplente": f["SUPLENTE"][:200],
                    "genero": genero,
                    "ilustrativa": es_ilustrativa,
                },
            }
        )
    errores.lanzar_si_hay()
    for datos in limpias:
        defaults = datos.pop("defaults")
        Candidatura.objects.update_or_create(**datos, defaults=defaults)
    return {"candidaturas": len(limpias), "filas": len(filas)}
