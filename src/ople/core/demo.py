"""The one-command demonstration (`ople demo`, `make demo`): demo users, banner, process stop.

Everything here is for the demo only: the users get a published password and, for the roles
that need a second factor, a TOTP device with a published secret. `ople demo` refuses to run
unless OPLE_DEMO=1 (which `ople demo` itself sets when the variable is absent).
"""

from __future__ import annotations

import base64
import subprocess
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from . import account_services, accounts, audit, registry, roles, scopes, services

DEMO_PASSWORD = "demo-ople-2024"
# Base32 secret of the demo TOTP devices (20 bytes); with oathtool: oathtool --totp -b <secret>
DEMO_TOTP_SECRET = "OPLEDEMOSECRETOAGSTOTPDEMOSTRA24"


DemoUser = registry.DemoUser
# Every app's demo users (declared in its registro.py), the platform's administrator last.
DEMO_USERS: tuple[DemoUser, ...] = tuple(registry.demo_users())


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
        # With no party data loaded the key does not resolve: the account stays unscoped.
        if key not in scopes.scopes_of(user, kind) and scopes.describe(kind, key) is not None:
            account_services.grant_scope(user=user, kind=kind, key=key, actor=None)


def current_demo_code(secret_base32: str = DEMO_TOTP_SECRET) -> str:
    """The code an authenticator with the demo secret shows right now."""
    totp = TOTP(base64.b32decode(secret_base32))
    return f"{totp.token():06d}"


def admin_enrolled() -> bool:
    return TOTPDevice.objects.filter(user__username="admin", confirmed=True).exists()


def banner(*, base_url: str, procesos: dict[str, str]) -> str:
    """The demo's notice; `procesos`: the state of each background process, by its label."""
    publicas = registry.demo_urls(oficina=False)
    oficina = registry.demo_urls(oficina=True)
    ancho_url = max((len(u.path) for u in (*publicas, *oficina)), default=0)
    lines = [
        "",
        "=" * 78,
        " ople · demostración (datos sintéticos, no oficiales)",
        "=" * 78,
        " Sitio público",
        *(f"   {base_url}{u.path:<{ancho_url}} {u.descripcion}" for u in publicas),
        " Oficina (personal)",
        *(f"   {base_url}{u.path:<{ancho_url}} {u.descripcion}" for u in oficina),
        "",
        f" Usuarios de demostración (contraseña para todos: {DEMO_PASSWORD})",
    ]
    etiquetas = {
        spec.username: ", ".join(roles.label(r) for r in spec.roles) for spec in DEMO_USERS
    }
    ancho_usuario = max((len(u) for u in etiquetas), default=0)
    ancho_rol = max((len(r) for r in etiquetas.values()), default=0)
    for spec in DEMO_USERS:
        rol = etiquetas[spec.username]
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
        lines.append(f"   {spec.username:<{ancho_usuario}} {rol:<{ancho_rol}}  {extra}")
    lines += [
        "",
        f" Clave TOTP de demostración ({', '.join(u.username for u in DEMO_USERS if u.totp_fijo)}):"
        f" {DEMO_TOTP_SECRET}",
        f"   código ahora: {current_demo_code()}  ·  oathtool --totp -b {DEMO_TOTP_SECRET}",
        *(f" {etiqueta}: {estado}" for etiqueta, estado in procesos.items()),
        " Ctrl-C detiene todo.",
        "=" * 78,
        "",
    ]
    return "\n".join(lines)


def stop_process(proc: subprocess.Popen[Any] | None, *, timeout: float = 10) -> None:
    if proc is None or proc.poll() is not None:
        return
    proc.terminate()
    try:
        proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
