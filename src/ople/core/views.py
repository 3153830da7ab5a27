"""Views of the platform shell: public home, login (rate-limited), second factor, back office."""

from __future__ import annotations

import base64
import unicodedata
from urllib.parse import urlencode

import django_otp
import segno
from django import forms
from django.contrib import auth
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST
from django_otp.plugins.otp_totp.models import TOTPDevice

from . import accounts, ratelimit, registry, scopes, selectors, services
from .client_address import client_address
from .roles import needs_2fa, role_names


def _without_control_characters(text: str) -> str:
    """`text` with each control character (NUL, C0, DEL, C1) written as a visible escape."""
    return "".join(f"\\x{ord(ch):02x}" if unicodedata.category(ch) == "Cc" else ch for ch in text)


MENSAJE_USUARIO_INVALIDO = (
    "El nombre de usuario contiene caracteres de control (no imprimibles), que ningún nombre "
    "de usuario tiene. Escríbalo de nuevo."
)


def _next_url(request: HttpRequest, default: str) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return default


def _lockout_message(seconds: int) -> str:
    minutes = max(1, (seconds + 59) // 60)
    plural = "minuto" if minutes == 1 else "minutos"
    return (
        "Demasiados intentos fallidos de acceso. Por seguridad, el acceso con este usuario o "
        f"desde esta dirección está bloqueado: espere {minutes} {plural} e intente de nuevo."
    )


def portada(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "core/portada.html",
        {"enlaces": selectors.public_links(), "resumen": selectors.resumen_portada()},
    )


@sensitive_post_parameters("password")
@csrf_protect
@never_cache
def entrar(request: HttpRequest) -> HttpResponse:
    next_url = _next_url(request, "")
    if request.method != "POST":
        form = AuthenticationForm(request)
        return render(request, "core/entrar.html", {"form": form, "next": next_url})

    address = client_address(request)
    typed = (request.POST.get("username") or "").strip()[:150]
    # The name as it may be counted, shown and audited: no NUL reaches the database.
    username = _without_control_characters(typed)[:150]
    attempt = ratelimit.take_attempt(username=username, address=address)
    if not attempt.allowed:
        services.record_login_refused(username=username, address=address, seconds=attempt.wait)
        form = AuthenticationForm(request, initial={"username": username})
        ctx = {"form": form, "next": next_url, "bloqueo": _lockout_message(attempt.wait)}
        return render(request, "core/entrar.html", ctx, status=429)

    if username != typed:
        form = AuthenticationForm(request, initial={"username": username})
        ctx = {"form": form, "next": next_url, "error": MENSAJE_USUARIO_INVALIDO}
        status = 400
    else:
        form = AuthenticationForm(request, data=request.POST)
        if form.is_valid():
            user = form.get_user()
            auth.login(request, user)
            ratelimit.register_success(attempt)
            services.record_login(user=user, address=address)
            if needs_2fa(user):
                target = reverse("core:otp")
                if next_url:
                    target += "?" + urlencode({"next": next_url})
                return redirect(target)
            return redirect(next_url or reverse("core:inicio"))
        ctx = {"form": form, "next": next_url}
        status = 200

    services.record_login_failure(username=username, address=address, locked=attempt.last)
    if attempt.last:
        ctx["bloqueo"] = _lockout_message(attempt.wait)
        return render(request, "core/entrar.html", ctx, status=429)
    return render(request, "core/entrar.html", ctx, status=status)


@require_POST
def salir(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        services.record_logout(user=request.user, address=client_address(request))
    auth.logout(request)
    return redirect("core:login")


class CodigoForm(forms.Form):
    codigo = forms.RegexField(
        regex=r"^\s*\d{6}\s*$",
        label="Código de 6 dígitos",
        max_length=12,
        error_messages={"invalid": "Escriba los 6 dígitos que muestra su autenticador."},
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "one-time-code", "autofocus": True}
        ),
    )

    def clean_codigo(self) -> str:
        return self.cleaned_data["codigo"].strip()


def _qr_svg(uri: str) -> str:
    svg = segno.make(uri, error="m").svg_inline(
        scale=5, omitsize=True, title="Código QR para el autenticador"
    )
    return str(svg)


@never_cache
@login_required
def segundo_factor(request: HttpRequest) -> HttpResponse:
    user = request.user
    next_url = _next_url(request, reverse("core:inicio"))
    if user.is_verified():
        return redirect(next_url)
    address = client_address(request)
    enrolado = TOTPDevice.objects.filter(user=user, confirmed=True).exists()
    device = None if enrolado else services.pending_totp_device(user=user)

    form = CodigoForm(request.POST or None)
    error = ""
    if request.method == "POST" and form.is_valid():
        token = form.cleaned_data["codigo"]
        if device is not None:
            ok = services.confirm_totp_device(
                user=user, device=device, token=token, address=address
            )
            matched = TOTPDevice.objects.get(pk=device.pk) if ok else None
        else:
            matched = services.verify_totp(user=user, token=token, address=address)
        if matched is not None:
            request.session.cycle_key()
            django_otp.login(request, matched)
            return redirect(next_url)
        error = (
            "El código no es válido o ya se usó. Espere el siguiente código de su autenticador "
            "y vuelva a intentarlo (tras varios errores seguidos, la espera aumenta)."
        )

    ctx = {
        "form": form,
        "error": error,
        "next": next_url,
        "enrolar": device is not None,
        "requerido": needs_2fa(user),
    }
    if device is not None:
        ctx["qr_svg"] = _qr_svg(device.config_url)
        secret = base64.b32encode(device.bin_key).decode("ascii")
        ctx["secreto"] = " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))
        ctx["otpauth"] = device.config_url
    return render(request, "core/segundo_factor.html", ctx, status=200 if not error else 400)


@login_required
def inicio(request: HttpRequest) -> HttpResponse:
    if scopes.is_outside(request.user):  # outside users have no back office: their account
        return redirect("core:cuenta")
    names = role_names(request.user)
    ctx = {
        "herramientas": selectors.tools_for(request.user),
        "roles": [r.label for n, r in registry.roles().items() if n in names],
    }
    return render(request, "core/inicio.html", ctx)


@never_cache
@login_required
def cuenta(request: HttpRequest) -> HttpResponse:
    """The signed-in user's account: its kind, roles and scopes (valid now and past)."""
    user = request.user
    if needs_2fa(user) and not user.is_verified():  # /cuenta/ is outside the OTP middleware
        return redirect(reverse("core:otp") + "?" + urlencode({"next": request.path}))
    kind = accounts.ACCOUNT_KINDS[scopes.account_kind(user)]
    names = role_names(user)
    now = timezone.now()
    filas = []
    for scope in scopes.scope_rows(user, include_past=True):
        vigente = scope.valid_from <= now and (scope.valid_until is None or scope.valid_until > now)
        nombre = scopes.describe(scope.kind, scope.key) if vigente else None
        filas.append({"ambito": scope, "vigente": vigente, "nombre": nombre or scope.key})
    ctx = {
        "tipo": kind,
        # Outside users have no /oficina/: their entry points are listed here.
        "herramientas": selectors.tools_for(user) if kind.scope_kinds else [],
        "roles": [r.label for n, r in registry.roles().items() if n in names],
        "vigentes": [f for f in filas if f["vigente"]],
        "pasados": [f for f in filas if not f["vigente"]],
    }
    return render(request, "core/cuenta.html", ctx)
