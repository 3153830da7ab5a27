"""A small consejo distrital for tests and the end-to-end test: PAN, PRI (in coalition
«Fuerza») and MORENA, four casillas, the staff with their roles and a PAN representative."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import Group, User
from django.utils import timezone

from ople.catalog import testing as cat
from ople.catalog.models import Candidatura, Coalicion, OpcionBoleta
from ople.computos import roles
from ople.computos.models import Consejo, Integrante
from ople.computos.services import sesion as svc
from ople.core import account_services
from ople.core.accounts import DEMARCATION, PARTY, PARTY_REPRESENTATIVE
from ople.core.registro import REPRESENTANTE_PARTIDO

COLUMNAS = ("PAN", "PRI", "MORENA", "C_PAN_PRI", "NO_REGISTRADOS", "NULOS")


@dataclass
class Escenario:
    proceso: Any
    consejo: Consejo
    presidencia: User
    secretaria: User
    captura1: User
    captura2: User
    grupo: User
    grupo2: User
    rep_pan: User
    rep_morena: User


def usuario(nombre: str, *grupos: str) -> User:
    u = User.objects.create_user(nombre, password="clave-de-prueba-123")
    for g in grupos:
        u.groups.add(Group.objects.get_or_create(name=g)[0])
    return u


def representante(nombre: str, partido: str, consejo: str, actor: User) -> User:
    u = account_services.create_outside_account(
        username=nombre, kind=PARTY_REPRESENTATIVE, actor=actor
    )
    u.set_password("clave-de-prueba-123")
    u.save()
    u.groups.add(Group.objects.get_or_create(name=REPRESENTANTE_PARTIDO)[0])
    account_services.grant_scope(user=u, kind=PARTY, key=partido, actor=actor)
    account_services.grant_scope(user=u, kind=DEMARCATION, key=consejo, actor=actor)
    return u


def escenario(casillas: int = 4) -> Escenario:
    ent = cat.entidad()
    mun = cat.municipio(entidad=ent)
    dl = cat.distrito_local(entidad=ent, numero=1, cabecera="Aguascalientes")
    df = cat.distrito_federal(entidad=ent)
    pro = cat.proceso(entidad=ent)
    el = cat.eleccion(proceso=pro)
    dem = cat.demarcacion(eleccion=el, clave=1, distrito_local=dl)
    pan = cat.partido(proceso=pro, siglas="PAN", orden=1)
    pri = cat.partido(proceso=pro, siglas="PRI", orden=2)
    morena = cat.partido(proceso=pro, siglas="MORENA", orden=3)
    fuerza = Coalicion.objects.create(eleccion=el, nombre="Fuerza")
    fuerza.partidos.set([pan, pri])
    fuerza.demarcaciones.set([dem])
    T = OpcionBoleta.Tipo
    cat.opcion(eleccion=el, columna="PAN", orden=1, partidos=[pan])
    cat.opcion(eleccion=el, columna="PRI", orden=2, partidos=[pri])
    cat.opcion(eleccion=el, columna="MORENA", orden=3, partidos=[morena])
    cat.opcion(
        eleccion=el,
        columna="C_PAN_PRI",
        orden=4,
        tipo=T.COMBINACION,
        partidos=[pan, pri],
        coalicion=fuerza,
    )
    cat.opcion(eleccion=el, columna="NO_REGISTRADOS", orden=5, tipo=T.NO_REGISTRADAS)
    cat.opcion(eleccion=el, columna="NULOS", orden=6, tipo=T.NULOS)
    Candidatura.objects.create(
        eleccion=el,
        demarcacion=dem,
        coalicion=fuerza,
        propietaria="Ana Pérez",
        suplente="Luisa Díaz",
    )
    Candidatura.objects.create(
        eleccion=el, demarcacion=dem, partido=morena, propietaria="Rosa López", suplente="Eva Ruiz"
    )
    sec = cat.seccion(numero=101, municipio=mun, distrito_local=dl, distrito_federal=df)
    for i in range(1, casillas + 1):
        cat.casilla(
            seccion=sec,
            tipo="B" if i == 1 else "C",
            id_casilla=1 if i == 1 else i - 1,
            lista_nominal=750,
        )
    admin = usuario("admin-computos")
    svc.crear_consejos(proceso=pro, usuario=admin)
    consejo = Consejo.objects.get(demarcacion=dem)
    C = Integrante.Cargo
    return Escenario(
        proceso=pro,
        consejo=consejo,
        presidencia=integrante(consejo, usuario("presidencia", roles.PRESIDENCIA), C.PRESIDENCIA),
        secretaria=integrante(consejo, usuario("secretaria", roles.SECRETARIA), C.SECRETARIA),
        captura1=integrante(consejo, usuario("captura1c", roles.CAPTURA)),
        captura2=integrante(consejo, usuario("captura2c", roles.CAPTURA)),
        grupo=integrante(consejo, usuario("gt1", roles.GRUPO)),
        grupo2=integrante(consejo, usuario("gt2", roles.GRUPO)),
        rep_pan=representante("rep-pan", "PAN", consejo.clave, admin),
        rep_morena=representante("rep-morena", "MORENA", consejo.clave, admin),
    )


def integrante(consejo: Consejo, u: User, cargo: str = "APOYO") -> User:
    """`u` on the staff of `consejo` (what the integrantes screen records; a test factory)."""
    Integrante.objects.create(
        consejo=consejo, usuario=u, cargo=cargo, nombre=u.get_username(), creado=timezone.now()
    )
    return u


def votos(
    pan: int, pri: int, morena: int, combo: int = 0, cnr: int = 0, nulos: int = 0
) -> dict[str, int]:
    return dict(zip(COLUMNAS, (pan, pri, morena, combo, cnr, nulos), strict=True))
