"""Shared data for the outside-user tests: a process with three parties, and accounts."""

from __future__ import annotations

from ople.catalog import testing as fabrica
from ople.catalog.models import Partido
from ople.core import account_services, accounts

PASSWORD = "clave-de-prueba-1"


def partidos() -> list[Partido]:
    proceso = fabrica.proceso(entidad=fabrica.entidad(), nombre="Proceso 2023-2024")
    return [
        fabrica.partido(proceso=proceso, siglas=s, nombre=n, orden=i + 1)
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
