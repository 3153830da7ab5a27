"""Drill preparation on the Django side: what staff do before the night starts.

Expected actas, the simulated staff accounts (each with its role; the supervisor with a TOTP
device), PREP Casilla enrolment codes, a clean slate for a new drill (audited), and the
puesta en ceros. Everything that happens *during* the night goes over HTTP (see motor.py).
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model

from ople.catalog.models import Casilla, ProcesoElectoral
from ople.core import account_services
from ople.prep import roles as prep_roles
from ople.prep import selectors as prep_selectors
from ople.prep.services import actas as actas_svc
from ople.prep.services import ceros as ceros_svc
from ople.prep.services import dispositivos as disp_svc
from ople.prep.services import jornada as jornada_svc
from ople.simulacro import escenario as esc


@dataclass
class Cuenta:
    usuario: str
    contrasena: str
    totp_llave: str = ""  # hex key of the TOTP device, for roles that need 2FA


@dataclass
class InfoActa:
    """Printed on the synthetic acta: identification of the casilla and the election."""

    id: int
    clave: str
    eleccion: str
    entidad: str
    distrito: str
    municipio: str
    seccion: int
    tipo_casilla: str
    id_casilla: int
    ext_contigua: int
    tipo_acta: str
    etiquetas: dict[str, str] = field(default_factory=dict)


@dataclass
class Preparacion:
    proceso: ProcesoElectoral
    entradas: list[esc.ActaEntrada]
    info: dict[str, InfoActa]
    capturistas: list[Cuenta]
    verificadores: list[Cuenta]
    supervisor: Cuenta
    catd: list[Cuenta]
    codigos: dict[str, str]  # enrolment code → casilla clave (one device per casilla)


def _cuenta(nombre: str, *roles: str, con_2fa: bool = False) -> Cuenta:
    contrasena = secrets.token_urlsafe(16)
    cuenta = account_services.ensure_staff_account(
        username=nombre,
        roles=roles,
        actor=None,
        actor_label="simulacro",
        password=contrasena,
        totp_device="simulacro" if con_2fa else "",
    )
    return Cuenta(nombre, contrasena, totp_llave=cuenta.totp_key)


def cuentas(n_captura: int, n_catd: int) -> tuple[list[Cuenta], list[Cuenta], Cuenta, list[Cuenta]]:
    capturistas = [
        _cuenta(f"sim-captura-{i:02d}", prep_roles.CAPTURA) for i in range(1, n_captura + 1)
    ]
    verificadores = [_cuenta("sim-verificacion-01", prep_roles.VERIFICACION)]
    supervisor = _cuenta("sim-supervision", prep_roles.SUPERVISION, con_2fa=True)
    catd = [
        _cuenta(f"sim-catd-{i:02d}", prep_roles.ACOPIO, prep_roles.DIGITALIZACION)
        for i in range(1, n_catd + 1)
    ]
    return capturistas, verificadores, supervisor, catd


def elegir_casillas(
    actas_por_casilla: list[tuple[int, int]], max_actas: int, *, repartir: bool = False
) -> list[int]:
    """Whole casillas (ids, in catalog order) holding about `max_actas` actas.

    `actas_por_casilla` is [(casilla id, its number of actas)] in catalog order. The first
    casillas, or with `repartir` casillas evenly spaced over the whole catalog (at national
    scale, every entidad gets some). Whole casillas: their actas share one package.
    """
    total = sum(n for _, n in actas_por_casilla)
    if total <= max_actas:
        return [c for c, _ in actas_por_casilla]
    orden = actas_por_casilla
    if repartir:
        k = max(1, round(max_actas * len(actas_por_casilla) / total))
        paso = len(actas_por_casilla) / k
        indices = dict.fromkeys(int(j * paso) for j in range(k))
        resto = [i for i in range(len(actas_por_casilla)) if i not in indices]
        orden = [actas_por_casilla[i] for i in (*indices, *resto)]
    elegidas: list[int] = []
    n = 0
    for casilla, actas in orden:
        if n >= max_actas:
            break
        elegidas.append(casilla)
        n += actas
    posicion = {c: i for i, (c, _) in enumerate(actas_por_casilla)}
    return sorted(elegidas, key=posicion.__getitem__)


def entradas_del_proceso(
    proceso: ProcesoElectoral, *, max_actas: int | None = None, repartir: bool = False
) -> tuple[list[esc.ActaEntrada], dict[str, InfoActa]]:
    if max_actas is None:
        actas = prep_selectors.actas_esperadas(proceso=proceso)
    else:
        # Choose the casillas first: at national scale reading every acta would be slow.
        conteo = prep_selectors.actas_por_casilla(proceso=proceso)
        ids = elegir_casillas(list(conteo.items()), max_actas, repartir=repartir)
        actas = prep_selectors.actas_esperadas(proceso=proceso, casillas=ids)
    por_demarcacion: dict[int, list[prep_selectors.Campo]] = {}
    entradas = []
    info = {}
    for a in actas:
        if a.demarcacion_id not in por_demarcacion:
            por_demarcacion[a.demarcacion_id] = prep_selectors.campos_del_acta(a)
        cs = por_demarcacion[a.demarcacion_id]
        casilla = a.casilla
        s = casilla.seccion
        entradas.append(
            esc.ActaEntrada(
                clave_acta=a.clave,
                clave_casilla=casilla.clave,
                tipo_casilla=casilla.tipo,
                lista_nominal=casilla.lista_nominal,
                columnas_voto=tuple(c.clave for c in cs if c.tipo == "VOTO"),
                grupo=str(a.demarcacion_id),
            )
        )
        info[a.clave] = InfoActa(
            id=a.pk,
            clave=a.clave,
            eleccion=a.eleccion.nombre,
            entidad=s.entidad.nombre,
            distrito=str(s.distrito_local.numero),
            municipio=s.municipio.nombre,
            seccion=s.numero,
            tipo_casilla=casilla.tipo,
            id_casilla=casilla.id_casilla,
            ext_contigua=casilla.ext_contigua,
            tipo_acta=a.tipo_acta,
            etiquetas={c.clave: c.etiqueta for c in cs},
        )
    return entradas, info


def codigos_casilla(
    *, supervisor_usuario: str, casillas: list[str], vigencia_horas: int = 24
) -> dict[str, str]:
    """One enrolment code per casilla photographed with PREP Casilla (a CAE per casilla)."""
    supervisor = get_user_model().objects.get(username=supervisor_usuario)
    por_clave = {c.clave: c for c in Casilla.objects.filter(clave__in=casillas)}
    codigos = {}
    for clave in casillas:
        codigo = disp_svc.crear_codigo_enrolamiento(
            supervisor=supervisor,
            etiqueta=f"simulacro CAE {clave}",
            casillas=[por_clave[clave]],
            vigencia=timedelta(hours=vigencia_horas),
        )
        codigos[codigo] = clave
    return codigos


def preparar(
    *,
    proceso: ProcesoElectoral,
    reiniciar: bool,
    max_actas: int | None,
    n_captura: int,
    n_catd: int,
    aviso: Any = print,
    repartir: bool = False,
) -> tuple[Preparacion, list[esc.ActaEntrada]]:
    actas_svc.generar_actas_esperadas(proceso=proceso, actor=None)
    if reiniciar:
        borrados = jornada_svc.reiniciar_jornada(actor=None, proceso=proceso)
        if any(borrados.values()):
            aviso(f"Datos del simulacro anterior borrados: {sum(borrados.values())} registros.")
    capturistas, verificadores, supervisor, catd = cuentas(n_captura, n_catd)
    salida = Path(settings.VAR_DIR) / "puesta-en-ceros"
    try:
        registro = ceros_svc.realizar_puesta_en_ceros(proceso=proceso, usuario=None, salida=salida)
        aviso(f"Puesta en ceros: {registro.pdf_ruta}")
    except ceros_svc.CerosError as exc:
        raise RuntimeError(
            f"{exc} Use --reiniciar para borrar un simulacro anterior (nunca en la jornada real)."
        ) from exc
    entradas, info = entradas_del_proceso(proceso, max_actas=max_actas, repartir=repartir)
    prep = Preparacion(
        proceso=proceso,
        entradas=entradas,
        info=info,
        capturistas=capturistas,
        verificadores=verificadores,
        supervisor=supervisor,
        catd=catd,
        codigos={},
    )
    return prep, entradas
