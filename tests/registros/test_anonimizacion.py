"""The anonymisation rule over every published file: cases generated with victims and complainants
(natural persons) whose names and identifiers are also written into the free texts; none of them
may appear in any file of the public site."""

from __future__ import annotations

import random
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ople.ley.permanencia import normalizar_nombre
from ople.registros.anonimizar import ParteDatos, censurar, protegida, terminos_protegidos
from ople.registros.publica import datos, sitio
from ople.registros.services import expedientes as svc

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
        if x.tipo == "POS":
            svc.registrar_resolucion(
                expediente=x,
                fecha=date(2026, 11, 30),
                sentido="existente",
                sancion=f"Disculpa pública a {victima}",
                usuario=u,
                ahora=AHORA,
            )

    archivos = sitio.generar(datos.modelo_actual(date(2026, 12, 6)))
    assert len(archivos) >= 10
    for ruta, contenido in archivos.items():
        texto = contenido.decode("utf-8")
        plano = f" {normalizar_nombre(texto)} "
        for dato in protegidos:
            for v in _variantes(dato):
                assert v not in texto, (ruta, dato)
            assert f" {normalizar_nombre(dato)} " not in plano, (ruta, dato)
    # The rule does not hide what is public: respondents and legal persons are named.
    todo = b"".join(archivos.values()).decode()
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
