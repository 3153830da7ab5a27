"""Replay a published INE-format PREP database through the real pipeline, then publish a cut.

From the rows alone: a catalog (entidad, distritos, secciones, casillas with their lista nominal,
ballot columns; coalitions and independent candidacies from where the columns are not "-"),
the puesta en ceros, and for every acta, in the order of its FECHA_HORA_VERIFICACION: intake of a
stand-in image (`recibir_imagen`), the acopio stamp, two agreeing blind captures
(`tomar_siguiente` + `registrar_captura` by two capturistas) or the supervisor's «sin acta»,
all with the original timestamps (`ahora=`). Then the cut as of `hasta` is built by the
publisher's own selector and builder.

The original acta images are not in the database, so each acta gets a deterministic stand-in
PNG (its key and original SHA-256 printed on it). The replayed CSV's SHA column therefore holds
the stand-in's SHA-256 (so `ople verify` holds on the replayed cut); `sha_original.csv` beside it
maps every CLAVE_ACTA to the original and the stand-in hashes.
"""

from __future__ import annotations

import contextlib
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction
from PIL import Image, ImageDraw

from ople import profiles
from ople.catalog import services as catalog_services
from ople.catalog.models import Demarcacion, Eleccion, OpcionBoleta
from ople.core import account_services
from ople.prep import ine_csv
from ople.prep import perfil as perfil_prep
from ople.prep import roles as prep_roles
from ople.prep.models import ActaEsperada, Verificacion
from ople.prep.publish import corte
from ople.prep.publish.selector import entrada_corte
from ople.prep.services import acopio as acopio_srv
from ople.prep.services import actas as actas_srv
from ople.prep.services import captura as captura_srv
from ople.prep.services import ceros as ceros_srv
from ople.prep.services import intake as intake_srv
from ople.prep.services import supervision as supervision_srv
from ople.publicacion import manifiesto

NO_PARTIDOS = {"NO_REGISTRADOS", "NO_REGISTRADAS", "NULOS"}


class ReplayError(ValueError):
    pass


@dataclass
class ResultadoReplay:
    csv: Path
    corte: corte.ResultadoCorte
    actas: int
    directorio_corte: Path


def imagen_sustituta(clave_acta: str, sha_original: str) -> bytes:
    """A deterministic stand-in PNG for an acta whose original image is not available."""
    img = Image.new("L", (480, 160), 255)
    d = ImageDraw.Draw(img)
    d.rectangle([2, 2, 477, 157], outline=0, width=2)
    d.text((12, 14), "IMAGEN SUSTITUTA (replay)", fill=0)
    d.text((12, 44), f"ACTA {clave_acta}", fill=0)
    d.text((12, 74), "SHA-256 original:", fill=0)
    d.text((12, 96), sha_original[:32] or "(sin acta)", fill=0)
    d.text((12, 116), sha_original[32:], fill=0)
    buf = io.BytesIO()
    img.save(buf, format="PNG", optimize=False, compress_level=6)
    return buf.getvalue()


def _col(base: ine_csv.BaseDatos, *nombres: str) -> str:
    for n in nombres:
        if n in base.columnas:
            return n
    raise ReplayError(f"Falta la columna {nombres[0]}")


def _hora(texto: str, zona: Any) -> datetime | None:
    texto = texto.strip()
    if not texto:
        return None
    for fmt in ("%Y-%m-%d %H:%M:%S", "%d/%m/%Y %H:%M:%S", "%Y-%m-%d %H:%M", "%d/%m/%Y %H:%M"):
        try:
            return datetime.strptime(texto, fmt).replace(tzinfo=zona).astimezone(UTC)
        except ValueError:
            continue
    raise ReplayError(f"Fecha no reconocida: {texto!r}")


def _usuario(nombre: str, *roles: str) -> User:
    cuenta = account_services.ensure_staff_account(
        username=nombre, roles=roles, actor=None, actor_label="replay"
    )
    user: User = cuenta.user
    return user


def _valor(celda: str) -> int | str:
    c = celda.strip().upper()
    if c in ("ILEGIBLE", "SIN DATO"):
        return c
    return int(c)


def construir_catalogo(base: ine_csv.BaseDatos, perfil: Any, eleccion_tipo: str) -> Eleccion:
    """The catalog the file implies, created through the catalog's service."""
    c_dist = _col(base, "ID_DISTRITO", "ID_DISTRITO_LOCAL")
    c_ndist = _col(base, "DISTRITO", "DISTRITO_LOCAL")
    votos = ine_csv.columnas_de_voto(base.columnas)
    fecha = base.filas and _hora(base.filas[0][_col(base, "FECHA_HORA_VERIFICACION")], perfil.zona)
    partidos = [
        col
        for col in votos
        if not (col.startswith(("C_", "CAND_IND", "CI_")) or col in NO_PARTIDOS or "-" in col)
    ]
    distritos: dict[int, str] = {}
    guiones: dict[int, set[str]] = {}
    secciones: dict[int, int] = {}
    for f in base.filas:
        n = int(f[c_dist])
        if n not in distritos:
            distritos[n] = f[c_ndist]
            guiones[n] = {c for c in votos if f[c].strip() == "-"}
        secciones.setdefault(int(f["SECCION"]), n)
    # ballot columns, coalitions where their combinations are on the ballot, independents
    combinaciones = {c: c[2:].split("_") for c in votos if c.startswith("C_")}
    maximas = [
        c
        for c, p in combinaciones.items()
        if not any(set(p) < set(q) for q in combinaciones.values())
    ]
    coaliciones = {
        c: catalog_services.CoalicionDescrita(
            nombre=" - ".join(combinaciones[c]),
            partidos=[p for p in combinaciones[c] if p in partidos],
            demarcaciones=[n for n in distritos if c not in guiones[n]],
        )
        for c in maximas
    }
    opciones = []
    for i, col in enumerate(votos, start=1):
        if col in combinaciones:
            tipo = OpcionBoleta.Tipo.COMBINACION
        elif col.startswith(("CAND_IND", "CI_")):
            tipo = OpcionBoleta.Tipo.INDEPENDIENTE
        elif col in ("NO_REGISTRADOS", "NO_REGISTRADAS"):
            tipo = OpcionBoleta.Tipo.NO_REGISTRADAS
        elif col == "NULOS":
            tipo = OpcionBoleta.Tipo.NULOS
        else:
            tipo = OpcionBoleta.Tipo.PARTIDO
        numero = (
            int(re.sub(r"\D", "", col) or 0) if tipo == OpcionBoleta.Tipo.INDEPENDIENTE else None
        )
        coal = next(
            (
                coaliciones[m].nombre
                for m in maximas
                if col in combinaciones and set(combinaciones[col]) <= set(combinaciones[m])
            ),
            None,
        )
        if col in partidos:
            de_partidos = [col]
        elif col in combinaciones:
            de_partidos = [p for p in combinaciones[col] if p in partidos]
        else:
            de_partidos = []
        candidaturas = (
            [(n, f"CANDIDATURA INDEPENDIENTE {numero}") for n in distritos if col not in guiones[n]]
            if numero
            else []
        )
        opciones.append(
            catalog_services.OpcionDescrita(
                tipo=tipo,
                columna=col,
                orden=i,
                partidos=de_partidos,
                coalicion=coal,
                numero_ci=numero,
                candidaturas=candidaturas,
            )
        )
    # casillas
    casillas: dict[str, dict[str, Any]] = {}
    for f in base.filas:
        clave = f["CLAVE_CASILLA"]
        if clave in casillas:
            continue
        casillas[clave] = {
            "seccion": int(f["SECCION"]),
            "tipo": f["TIPO_CASILLA"],
            "id_casilla": int(f["ID_CASILLA"]),
            "ext_contigua": int(f["EXT_CONTIGUA"]),
            "clave": clave,
            "ubicacion": int(f.get("UBICACION_CASILLA") or 1),
            "lista_nominal": int(f["LISTA_NOMINAL"] or 0),
            "representantes": int(f.get("REPRESENTANTES_PP_CI") or 0),
            "mecanismo_traslado": f.get("MECANISMOS_TRASLADO", ""),
        }
    ep = perfil_prep.de(perfil).eleccion(eleccion_tipo)
    descrito = catalog_services.CatalogoDescrito(
        entidad={
            "clave": perfil.id_entidad,
            "nombre": perfil.entidad.title(),
            "abreviatura": perfil_prep.de(perfil).csv.siglas_entidad,
        },
        proceso={
            "clave": perfil.proceso[-9:]
            if re.search(r"\d{4}-\d{4}$", perfil.proceso)
            else "replay",
            "nombre": perfil.proceso,
            "fecha_jornada": (fecha.date() - timedelta(days=1)) if fecha else date.today(),
            "perfil": perfil.nombre,
        },
        eleccion={"tipo": eleccion_tipo, "nombre": ep.nombre},
        partidos=partidos,
        distritos=list(distritos.items()),
        secciones=list(secciones.items()),
        coaliciones=list(coaliciones.values()),
        opciones=opciones,
        casillas=list(casillas.values()),
    )
    return catalog_services.crear_catalogo_descrito(catalogo=descrito, actor=None)


@contextlib.contextmanager
def _catalogo_congelado() -> Iterator[None]:
    """During a replay the catalog is frozen: memoize the ballot columns of each demarcación.

    `campos_de` asks the catalog for the columns of an acta's demarcación on every capture
    (dozens of queries); a replay asks thousands of times for the same few demarcaciones.
    """
    from ople.catalog import selectors

    original = selectors.opciones_de
    memo: dict[int, list[Any]] = {}

    def opciones_de(demarcacion: Demarcacion) -> list[Any]:
        if demarcacion.pk not in memo:
            memo[demarcacion.pk] = original(demarcacion)
        return memo[demarcacion.pk]

    selectors.opciones_de = opciones_de  # type: ignore[assignment]
    try:
        yield
    finally:
        selectors.opciones_de = original  # type: ignore[assignment]


def replay(**kw: Any) -> ResultadoReplay:
    """See `_replay` (keyword arguments). The catalog is frozen while it runs."""
    with _catalogo_congelado():
        return _replay(**kw)


def _replay(
    *,
    datos: bytes,
    salida: Path,
    perfil_nombre: str,
    hasta: datetime | None = None,
    eleccion_tipo: str | None = None,
    aviso: Any = print,
) -> ResultadoReplay:
    perfil = profiles.cargar(perfil_nombre)
    base = ine_csv.leer(datos)
    tipo = eleccion_tipo or next(iter(perfil.elecciones))
    salida.mkdir(parents=True, exist_ok=True)
    zona = perfil.zona
    c_ver = _col(base, "FECHA_HORA_VERIFICACION")
    c_cap = _col(base, "FECHA_HORA_CAPTURA")
    c_aco = _col(base, "FECHA_HORA_ACOPIO")
    c_sha = _col(base, "SHA", "CODIGO_INTEGRIDAD")
    with transaction.atomic():
        el = construir_catalogo(base, perfil, tipo)
        proceso = el.proceso
        coord = _usuario(
            "replay-coordinacion",
            prep_roles.COORDINACION,
            prep_roles.SUPERVISION,
            prep_roles.ACOPIO,
        )
        cap1 = _usuario("replay-captura-1", prep_roles.CAPTURA)
        cap2 = _usuario("replay-captura-2", prep_roles.CAPTURA)
        primera = min(
            (t for f in base.filas for t in (_hora(f[c_ver], zona),) if t is not None),
            default=datetime.now(UTC),
        )
        ceros_srv.realizar_puesta_en_ceros(
            proceso=proceso,
            usuario=coord,
            salida=salida / "puesta_en_ceros.pdf",
            ahora=primera - timedelta(hours=6),
        )
        actas_srv.generar_actas_esperadas(proceso=proceso, actor=coord)
    actas = {a.clave: a for a in ActaEsperada.objects.filter(eleccion=el).select_related("casilla")}
    claves_csv = {f["CLAVE_ACTA"] for f in base.filas}
    if set(actas) != claves_csv:
        raise ReplayError(
            f"Las actas esperadas del catálogo ({len(actas)}) no coinciden con las de la base "
            f"({len(claves_csv)}): revise el perfil (tipos de acta)"
        )
    filas = sorted(base.filas, key=lambda f: (_hora(f[c_ver], zona), f["CLAVE_ACTA"]))
    mapa_sha = ["CLAVE_ACTA,SHA_ORIGINAL,SHA_SUSTITUTA"]
    hechas = 0
    for f in filas:
        t_ver = _hora(f[c_ver], zona)
        if t_ver is None or (hasta is not None and t_ver > hasta):
            continue
        acta = actas[f["CLAVE_ACTA"]]
        codigos = perfil_prep.de(perfil).codigos(f.get("OBSERVACIONES", ""))
        sin_acta = [c for c in codigos if c.startswith("SIN_ACTA")]
        t_cap = _hora(f[c_cap], zona) or t_ver
        t_aco = _hora(f[c_aco], zona)
        if sin_acta:
            supervision_srv.registrar_sin_acta(
                supervisor=coord,
                acta=acta,
                causa=sin_acta[0],
                motivo="Replay de la base de datos publicada",
                ahora=t_ver,
            )
            mapa_sha.append(f"{acta.clave},,")
        else:
            sha_orig = f[c_sha].strip().lower()
            png = imagen_sustituta(acta.clave, sha_orig)
            llegada = min(t for t in (t_aco, t_cap) if t is not None) - timedelta(seconds=1)
            recibo = intake_srv.recibir_imagen(
                datos=png,
                sha256_declarado=None,
                acta=acta,
                origen=f.get("ORIGEN") or "CATD",
                medio=f.get("DIGITALIZACION") or "ESCANER",
                tipo_documento=f.get("TIPO_DOCUMENTO") or "ACTA PREP",
                identificacion="CLAVE",
                usuario=coord,
                ahora=llegada,
                proceso=proceso,
            )
            mapa_sha.append(f"{acta.clave},{sha_orig},{recibo.sha256}")
            valores = _valores_de(f, acta)
            for usuario, t in ((cap1, t_cap), (cap2, t_ver)):
                asig = captura_srv.tomar_siguiente(usuario=usuario, ahora=t)
                if asig is None or asig.acta_id != acta.pk:
                    raise ReplayError(f"La cola no entregó el acta {acta.clave} a {usuario}")
                captura_srv.registrar_captura(
                    usuario=usuario, asignacion=asig, valores=valores, iniciada_en=t, ahora=t
                )
        if t_aco is not None:
            acopio_srv.registrar_acopio(acta=acta, usuario=coord, ahora=t_aco)
        hechas += 1
        if hechas % 500 == 0:
            aviso(f"{hechas} actas reproducidas")
    (salida / "sha_original.csv").write_text("\n".join(mapa_sha) + "\n", encoding="utf-8")
    ultima = Verificacion.objects.filter(acta__eleccion=el).order_by("-verificado_en").first()
    final = hasta is None
    corte_en = hasta or (ultima.verificado_en if ultima else datetime.now(UTC))
    entrada = entrada_corte(proceso=proceso, hasta=corte_en, final=final)
    raiz = salida / "publicacion"
    clave = manifiesto.cargar_clave(salida / "clave-publicacion.pem", crear=True)
    res = corte.construir_corte(entrada, raiz=raiz, clave=clave, previo=True)
    import zipfile

    el_clave = entrada.elecciones[0].clave
    with zipfile.ZipFile(raiz / "cortes" / res.nombre / res.zips[el_clave]) as z:
        nombre_csv = res.csv[el_clave]
        destino = salida / nombre_csv
        destino.write_bytes(z.read(nombre_csv))
    return ResultadoReplay(
        csv=destino, corte=res, actas=hechas, directorio_corte=raiz / "cortes" / res.nombre
    )


def _valores_de(f: dict[str, str], acta: ActaEsperada) -> dict[str, int | str]:
    from ople.prep import campos as campos_mod

    valores: dict[str, int | str] = {}
    for campo in campos_mod.campos_de(acta):
        celda = f.get(campo.clave, "").strip()
        if celda in ("", "-"):
            raise ReplayError(f"Acta {acta.clave}: falta el valor de {campo.clave}")
        valores[campo.clave] = _valor(celda)
    return valores
