"""Helpers for the public registers' tests: users and entries."""

from __future__ import annotations

from datetime import UTC, date, datetime

from ople.core.testing import make_user
from ople.registros import roles
from ople.registros.services import vpmrg

AHORA = datetime(2026, 12, 1, 18, 0, tzinfo=UTC)


def capturista(nombre: str = "captura"):
    return make_user(nombre, roles.CAPTURA)


def aprobador(nombre: str = "aprueba"):
    return make_user(nombre, roles.APROBACION)


def datos(**cambios) -> vpmrg.DatosEntrada:
    base = dict(
        nombre="Juan Pérez López",
        sexo="H",
        ambito="municipal",
        entidad="Aguascalientes",
        autoridad_sancionadora="Tribunal Electoral del Estado de Aguascalientes",
        expediente="TEEA-PES-010/2024",
        fecha_resolucion_firme=date(2024, 3, 1),
        conducta="Expresiones que menoscaban a una regidora en sesión de cabildo.",
        calificacion="leve",
        sancion="Amonestación pública",
        cargo_o_calidad="Regidor",
        curp="PELJ800101HASRPN09",
    )
    base.update(cambios)
    return vpmrg.DatosEntrada(**base)


def entrada_aprobada(capt, apro, *, ahora=AHORA, **cambios):
    v = vpmrg.capturar_entrada(datos=datos(**cambios), usuario=capt, ahora=ahora)
    return vpmrg.aprobar_version(version=v, usuario=apro, ahora=ahora)
