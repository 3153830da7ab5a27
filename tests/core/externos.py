"""Shared data for the outside-user tests: a process with three parties, and accounts."""

from __future__ import annotations

from datetime import date

from ople.catalog.models import Entidad, Partido, ProcesoElectoral
from ople.core import account_services, accounts

PASSWORD = "clave-de-prueba-1"


def partidos() -> list[Partido]:
    ent = Entidad.objects.create(clave=1, nombre="Aguascalientes", abreviatura="AGS")
    proceso = ProcesoElectoral.objects.create(
        entidad=ent,
        clave="2023-2024",
        nombre="Proceso 2023-2024",
        fecha_jornada=date(2024, 6, 2),
        perfil="ieeags-2024",
    )
    return [
        Partido.objects.create(proceso=proceso, siglas=s, nombre=n, orden=i + 1)
        for i, (s, n) in enumerate(
            [
                ("PAN", "Partido Acción Nacional"),
                ("PRI", "Partido Revolucionario Institucional"),
                ("MORENA", "Morena"),
            ]
        )
    ]


def representante(username: str, *siglas: str):
    user = account_services.create_outside_account(
        username=username, kind=accounts.PARTY_REPRESENTATIVE, actor=None
    )
    user.set_password(PASSWORD)
    user.save()
    for s in siglas:
        account_services.grant_scope(user=user, kind=accounts.PARTY, key=s, actor=None)
    return user
