"""Shared data for the candidacies' tests: a small process, parties, users, files."""

from __future__ import annotations

from datetime import UTC, date, datetime
from functools import cache

from ople.candidaturas import roles
from ople.candidaturas.lote import DatosPersona
from ople.catalog import testing as cat
from ople.core import account_services, accounts
from ople.core.testing import make_user
from ople.documentos import pdf

PASSWORD = "clave-de-prueba-1"
AHORA = datetime(2024, 4, 5, 18, 30, tzinfo=UTC)


@cache
def pdf_valido(texto: str = "Documento de prueba") -> bytes:
    doc = pdf.Documento(
        titulo=texto, lineas=("Una línea.",), folio="IEE/PRUEBA/1/2024", fecha=AHORA
    )
    return pdf.renderizar(doc, url_base="https://ople.example.org/documentos/")


def proceso_con_distritos(n: int = 6):
    ent = cat.entidad()
    proc = cat.proceso(entidad=ent)
    elec = cat.eleccion(proceso=proc)
    dems = [
        cat.demarcacion(
            eleccion=elec,
            clave=i,
            distrito_local=cat.distrito_local(entidad=ent, numero=i),
        )
        for i in range(1, n + 1)
    ]
    partidos = [
        cat.partido(proceso=proc, siglas=s, orden=i)
        for i, s in enumerate(["PAN", "PRI", "MORENA"], start=1)
    ]
    return elec, dems, partidos


def representante(username: str, *siglas: str):
    user = account_services.create_outside_account(
        username=username, kind=accounts.PARTY_REPRESENTATIVE, actor=None
    )
    user.set_password(PASSWORD)
    user.save()
    for s in siglas:
        account_services.grant_scope(user=user, kind=accounts.PARTY, key=s, actor=None)
    return user


def revisora():
    return make_user("revisora", roles.REVISION)


def consejo():
    return make_user("consejera", roles.CONSEJO)


def persona(n: int, genero: str = "M") -> DatosPersona:
    letra = {"M": "M", "H": "H", "X": "X"}[genero]
    return DatosPersona(
        curp=f"ROAA{800101 + n:06d}{letra}ASRNA0{n % 10}",
        nombre=f"Nombre{n}",
        primer_apellido="Rodríguez",
        segundo_apellido="Aguilar",
        fecha_nacimiento=date(1980, 1, 1),
        genero=genero,
    )
