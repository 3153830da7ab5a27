"""The anonymisation rule over every published file: cases generated with victims and complainants
(natural persons) whose names and identifiers are also written into the free texts, and the
VPMRG register's entries of the people those cases sanctioned; none of them may appear in any
file of the published cut (pages, open data, gzip copies, the whole-cut archive, manifest)."""

from __future__ import annotations

import gzip
import random
import zipfile
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ople.ley.permanencia import normalizar_nombre
from ople.registros.anonimizar import ParteDatos, censurar, protegida, terminos_protegidos
from ople.registros.services import expedientes as svc
from ople.registros.services.publicacion import publicar_registros

from .datos import AHORA, aprobador, capturista, entrada_aprobada

NOMBRES = [
    "María José",
    "Ángela",
    "Sofía",
    "Lucía",
    "Ximena",
    "Itzel",
    "Guadalupe",
    "Renata",
    "Andrés",
    "Íñigo",
]
APELLIDOS = [
    "Núñez",
    "Ibáñez",
    "Hernández",
    "Martínez",
    "Zúñiga",
    "Peña",
    "Ortiz",
    "Muñoz",
    "Villaseñor",
    "Íñiguez",
]


def _persona(rng: random.Random) -> tuple[str, str]:
    nombre = f"{rng.choice(NOMBRES)} {rng.choice(APELLIDOS)} {rng.choice(APELLIDOS)}"
    letras = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    curp = (
        "".join(rng.choice(letras) for _ in range(4))
        + f"{rng.randrange(10**6):06d}"
        + "MAS"
        + "".join(rng.choice(letras) for _ in range(3))
        + f"{rng.randrange(100):02d}"
    )
    return nombre, curp


def _variantes(texto: str) -> list[str]:
    return [texto, texto.upper(), texto.lower(), normalizar_nombre(texto)]


def _archivos_publicados(corte: Path) -> dict[str, bytes]:
    """Every file of a published cut, as a citizen downloads it: the gzip copies decompressed and
    each member of an archive read ("archivo.zip:ruta")."""
    archivos: dict[str, bytes] = {}
    for f in sorted(p for p in corte.rglob("*") if p.is_file()):
        ruta = f.relative_to(corte).as_posix()
        contenido = f.read_bytes()
        if ruta.endswith(".gz"):
            contenido = gzip.decompress(contenido)
        if ruta.endswith(".zip"):
            with zipfile.ZipFile(f) as z:
                for nombre in z.namelist():
                    miembro = z.read(nombre)
                    if nombre.endswith(".gz"):
                        miembro = gzip.decompress(miembro)
                    archivos[f"{ruta}:{nombre}"] = miembro
            continue
        archivos[ruta] = contenido
    return archivos


@pytest.mark.django_db
def test_ningun_dato_protegido_en_el_sitio_publicado():
    rng = random.Random(20261206)
    u, apro = capturista(), aprobador()
    entrada_aprobada(u, apro)  # the register itself holds no victim
    protegidos: list[str] = []
    publicos: list[str] = []
    for i in range(12):
        victima, curp_v = _persona(rng)
        denunciante, curp_d = _persona(rng)
        denunciado = f"Responsable {i} Sánchez"
        moral = rng.choice(["Partido Ejemplo", "Asociación Civil Ejemplo"])
        protegidos += [victima, curp_v, denunciante, curp_d]
        publicos += [denunciado, moral]
        texto = (
            f"La regidora {victima.upper()} (CURP {curp_v.lower()}) denunció a {denunciado}; "
            f"escrito de {denunciante}, {normalizar_nombre(denunciante).lower()}, CURP {curp_d}. "
            f"Nota: {victima.split()[0]}-{victima.split()[-1]}."
        )
        x = svc.radicar(
            tipo=rng.choice(["PES", "POS"]),
            fecha_presentacion=date(2026, 11, 1 + i),
            fecha_radicacion=date(2026, 11, 1 + i),
            conductas=texto,
            es_vpmrg=True,
            partes=[
                ParteDatos("denunciante", "fisica", denunciante, curp_d),
                ParteDatos("denunciante", "moral", moral),
                ParteDatos("victima", "fisica", victima, curp_v),
                ParteDatos("denunciado", "fisica", denunciado),
            ],
            usuario=u,
            ahora=AHORA,
        )
        svc.registrar_etapa(
            expediente=x,
            etapa="admision",
            fecha=date(2026, 11, 25),
            nota=f"Se admite la queja de {denunciante}.",
            usuario=u,
            ahora=AHORA,
        )
        m = svc.registrar_medida(
            expediente=x,
            descripcion=f"Proteger a {victima}",
            solicitada_en=date(2026, 11, 25),
            usuario=u,
            ahora=AHORA,
        )
        svc.resolver_medida(
            medida=m, resolucion="concedida", fecha=date(2026, 11, 26), usuario=u, ahora=AHORA
        )
        svc.agregar_documento(
            expediente=x,
            titulo=f"Escrito de {denunciante} ({curp_d})",
            nombre_archivo="e.pdf",
            datos=f"{i}".encode(),
            usuario=u,
            ahora=AHORA,
        )
        clave_tribunal = f"TEEA-PES-{i + 1:03d}/2026" if x.tipo == "PES" else ""
        svc.registrar_resolucion(
            expediente=x,
            fecha=date(2026, 11, 30),
            sentido="existente",
            clave_tribunal=clave_tribunal,
            sancion=f"Disculpa pública a {victima}",
            usuario=u,
            ahora=AHORA,
        )
        # The person sanctioned goes onto the VPMRG register under the ruling's case number (the
        # tribunal's for a PES, the institute's for a POS), its conduct and sanction written
        # naming the victim as staff might copy them from the ruling.
        entrada_aprobada(
            u,
            apro,
            nombre=denunciado,
            curp="",
            expediente=(clave_tribunal or x.clave).lower(),
            fecha_resolucion_firme=date(2026, 11, 30),
            conducta=f"Impidió a {victima.upper()} ejercer el cargo; denuncia de {denunciante}.",
            sancion=f"Disculpa pública a {normalizar_nombre(victima).lower()} ({curp_v}).",
        )

    corte = publicar_registros(usuario=apro, ahora=AHORA)
    archivos = _archivos_publicados(corte.ruta)
    assert {"vpmrg/index.html", "datos/vpmrg.json", "expedientes/index.html"} <= set(archivos)
    assert any(r.startswith("corte-completo.zip:") and r.endswith(".csv") for r in archivos)
    for ruta, contenido in archivos.items():
        texto = contenido.decode("utf-8", errors="replace")
        plano = f" {normalizar_nombre(texto)} "
        for dato in protegidos:
            for v in _variantes(dato):
                assert v not in texto, (ruta, dato)
            assert f" {normalizar_nombre(dato)} " not in plano, (ruta, dato)
    # The rule does not hide what is public: respondents and legal persons are named.
    todo = b"".join(archivos.values()).decode(errors="replace")
    for nombre in publicos:
        assert nombre in todo
    assert "Persona denunciante (datos protegidos)" in todo and "Víctima (datos protegidos)" in todo


@pytest.mark.parametrize(
    ("parte", "esperado"),
    [
        (ParteDatos("victima", "fisica", "x"), True),
        (ParteDatos("victima", "moral", "x"), True),
        (ParteDatos("denunciante", "fisica", "x"), True),
        (ParteDatos("denunciante", "moral", "x"), False),
        (ParteDatos("denunciado", "fisica", "x"), False),
    ],
)
def test_quien_se_protege(parte, esperado):
    assert protegida(parte) is esperado


def test_censura_sin_acentos_ni_mayusculas_y_descompuesto():
    import unicodedata

    t = terminos_protegidos(
        [ParteDatos("victima", "fisica", "Ángela de la Peña", "ABCD123456MASXYZ09")]
    )
    texto = unicodedata.normalize(
        "NFD", "ANGELA de la peña, Peña-Ángela, abcd123456masxyz09, Penalver"
    )
    r = censurar(texto, t)
    assert (
        "ngel" not in r.lower()
        and "pe" not in r.lower().replace("penalver", "")
        and "abcd" not in r
    )
    assert "Penalver" in r  # a longer word that starts like a protected one is not touched


_LETRAS = "abcdefghijklmnopqrstuvwxyzáéíóúüñ"


@given(
    palabras=st.lists(st.text(alphabet=_LETRAS, min_size=3, max_size=9), min_size=2, max_size=4),
    identificador=st.text(
        alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", min_size=10, max_size=18
    ),
    forma=st.sampled_from(["tal cual", "mayusculas", "sin acentos", "con guiones"]),
    rol=st.sampled_from(["victima", "denunciante"]),
)
@settings(max_examples=200, deadline=None)
def test_propiedad_ningun_nombre_sobrevive(palabras, identificador, forma, rol):
    nombre = " ".join(palabras)
    escrito = {
        "tal cual": nombre,
        "mayusculas": nombre.upper(),
        "sin acentos": normalizar_nombre(nombre).lower(),
        "con guiones": "-".join(palabras).title(),
    }[forma]
    texto = f"Queja de {escrito} (id {identificador.lower()}), firmada por {escrito}."
    r = censurar(texto, terminos_protegidos([ParteDatos(rol, "fisica", nombre, identificador)]))
    plano = f" {normalizar_nombre(r)} "
    assert f" {normalizar_nombre(nombre)} " not in plano
    assert normalizar_nombre(identificador) not in plano
