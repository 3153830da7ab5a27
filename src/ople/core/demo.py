"""The one-command demonstration (`ople demo`, `make demo`): demo users, banner, simulacro hook.

Everything here is for the demo only: the users get a published password and, for the roles
that need a second factor, a TOTP device with a published secret. `ople demo` refuses to run
unless OPLE_DEMO=1 (which `ople demo` itself sets when the variable is absent).
"""

from __future__ import annotations

import base64
import os
import subprocess
import sys
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from . import account_services, accounts, audit, roles, scopes, services

DEMO_PASSWORD = "demo-ople-2024"
# Base32 secret of the demo TOTP devices (20 bytes); with oathtool: oathtool --totp -b <secret>
DEMO_TOTP_SECRET = "OPLEDEMOSECRETOAGSTOTPDEMOSTRA24"


@dataclass(frozen=True)
class DemoUser:
    username: str
    roles: tuple[str, ...]
    nombre: str
    totp_fijo: bool = False  # gets the published TOTP secret; otherwise enrols on first login
    staff: bool = False
    superuser: bool = False
    cuenta: str = accounts.STAFF  # outside kinds get an Account and their `ambitos`
    ambitos: tuple[tuple[str, str], ...] = ()


DEMO_USERS: tuple[DemoUser, ...] = (
    DemoUser("acopio", (roles.ACOPIO, roles.DIGITALIZACION), "Acopio y digitalización"),
    DemoUser("captura1", (roles.CAPTURA,), "Capturista 1"),
    DemoUser("captura2", (roles.CAPTURA,), "Capturista 2"),
    DemoUser("verificacion", (roles.VERIFICACION,), "Verificación"),
    DemoUser("supervision", (roles.SUPERVISION,), "Supervisión", totp_fijo=True),
    DemoUser("coordinacion", (roles.COORDINACION,), "Coordinación", totp_fijo=True),
    DemoUser("admin", (roles.ADMINISTRACION,), "Administración", staff=True, superuser=True),
    DemoUser(
        "representante",
        (roles.REPRESENTANTE_PARTIDO,),
        "Representante del PAN",
        totp_fijo=True,
        cuenta=accounts.PARTY_REPRESENTATIVE,
        ambitos=((accounts.PARTY, "PAN"),),
    ),
    DemoUser(
        "destinatario",
        (roles.DESTINATARIO,),
        "Destinatario de avisos",
        cuenta=accounts.ADDRESSEE,
        ambitos=((accounts.NOTICES, "DEMO-0001"),),
    ),
)


def ensure_demo_users(*, password: str = DEMO_PASSWORD) -> list[DemoUser]:
    """Create or reset the demo users (idempotent). Returns the list of demo users."""
    User = get_user_model()
    with transaction.atomic():
        for spec in DEMO_USERS:
            user, created = User.objects.get_or_create(username=spec.username)
            user.first_name = spec.nombre
            user.is_active = True
            user.is_staff = spec.staff
            user.is_superuser = spec.superuser
            user.set_password(password)
            user.save()
            user.groups.set([Group.objects.get_or_create(name=r)[0] for r in spec.roles])
            if created:
                audit.record(
                    actor=None,
                    actor_label="demo",
                    action="core.usuario_demo",
                    obj=user,
                    after={"usuario": spec.username, "roles": list(spec.roles)},
                )
            if spec.totp_fijo:
                services.set_totp_secret(user=user, secret_base32=DEMO_TOTP_SECRET)
            if spec.cuenta != accounts.STAFF:
                _ensure_outside(user, spec)
    return list(DEMO_USERS)


def _ensure_outside(user: Any, spec: DemoUser) -> None:
    account_services.open_account(user=user, kind=spec.cuenta, actor=None)
    for kind, key in spec.ambitos:
        # Without a catalog (no load_catalog) the party does not exist: the account stays unscoped.
        if key not in scopes.scopes_of(user, kind) and scopes.describe(kind, key) is not None:
            account_services.grant_scope(user=user, kind=kind, key=key, actor=None)


def current_demo_code(secret_base32: str = DEMO_TOTP_SECRET) -> str:
    """The code an authenticator with the demo secret shows right now."""
    totp = TOTP(base64.b32decode(secret_base32))
    return f"{totp.token():06d}"


def admin_enrolled() -> bool:
    return TOTPDevice.objects.filter(user__username="admin", confirmed=True).exists()


def banner(*, base_url: str, simulacro: str) -> str:
    lines = [
        "",
        "=" * 78,
        " ople · demostración (datos sintéticos, no oficiales)",
        "=" * 78,
        " Sitio público",
        f"   {base_url}/              portada",
        f"   {base_url}/prep/         resultados preliminares (PREP)",
        f"   {base_url}/ubica/        ubica tu casilla",
        f"   {base_url}/catalogo/     catálogo electoral (distritos, secciones, casillas)",
        f"   {base_url}/casilla/      PREP Casilla (aplicación móvil)",
        " Oficina (personal)",
        f"   {base_url}/cuenta/entrar/   entrar",
        f"   {base_url}/oficina/         herramientas según el rol",
        f"   {base_url}/prep/catd/       acopio y digitalización",
        f"   {base_url}/prep/captura/    captura y verificación",
        f"   {base_url}/prep/supervision/ supervisión y coordinación",
        f"   {base_url}/admin/           administración",
        "",
        f" Usuarios de demostración (contraseña para todos: {DEMO_PASSWORD})",
    ]
    for spec in DEMO_USERS:
        rol = ", ".join(roles.ROLES[r] for r in spec.roles)
        if spec.totp_fijo:
            extra = "segundo factor: autenticador con la clave de demostración (abajo)"
        elif spec.superuser:
            extra = (
                "segundo factor: ya enrolado en una ejecución anterior"
                if admin_enrolled()
                else "segundo factor: el primer acceso enrola un autenticador (código QR)"
            )
        else:
            extra = "sin segundo factor"
        lines.append(f"   {spec.username:<13} {rol:<38} {extra}")
    lines += [
        "",
        f" Clave TOTP de demostración (supervision, coordinacion, representante): {DEMO_TOTP_SECRET}",
        f"   código ahora: {current_demo_code()}  ·  oathtool --totp -b {DEMO_TOTP_SECRET}",
        f" Simulacro de la noche electoral: {simulacro}",
        " Ctrl-C detiene todo.",
        "=" * 78,
        "",
    ]
    return "\n".join(lines)


def simulacro_available() -> bool:
    from django.core.management import get_commands

    return "simulacro" in get_commands()


def start_simulacro(*, base_url: str, speed: int) -> subprocess.Popen[Any] | None:
    """EXTENSION POINT for issue 6: start the simulated election night in the background.

    Called by `ople demo` (unless `--sin-simulacro`) after the catalog and the demo users are
    ready and just before the server starts; the server is up a moment later at `base_url`,
    so the simulacro must wait for it to answer. Return the child process (the demo stops it
    on Ctrl-C / exit) or None when nothing was started. Until the `simulacro` management
    command exists this does nothing.
    """
    if not simulacro_available():
        return None
    env = {**os.environ, "OPLE_DEMO_URL": base_url}
    # A demo night always starts from a clean slate: --reiniciar archives the previous drill.
    cmd = [
        sys.executable,
        "-m",
        "ople.cli",
        "simulacro",
        "--speed",
        str(speed),
        "--url",
        base_url,
        "--reiniciar",
    ]
    return subprocess.Popen(cmd, env=env)


def stop_process(proc: subprocess.Popen[Any] | None, *, timeout: float = 10) -> None:
    if proc is None or proc.poll() is not None:
        return
    proc.terminate()
    try:
        proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
