"""The audit actions `core` records (see `core.audit.declared_actions`)."""

from __future__ import annotations

ACTIONS: dict[str, str] = {
    "core.login": "Inicio de sesión aceptado.",
    "core.login_fallido": "Intento de inicio de sesión con credenciales incorrectas.",
    "core.login_bloqueado": "Intento fallido que bloquea la cuenta por un tiempo.",
    "core.login_rechazado": "Inicio de sesión rechazado mientras la cuenta está bloqueada.",
    "core.logout": "Cierre de sesión.",
    "core.otp_enrolado": "Segundo factor (TOTP) registrado por el usuario.",
    "core.otp_fallido": "Código del segundo factor incorrecto.",
    "core.otp_verificado": "Código del segundo factor aceptado.",
    "core.otp_asignado": "Secreto TOTP asignado a un usuario por la administración.",
    "core.usuario_demo": "Usuario de demostración creado o restablecido.",
    "core.cuenta_personal": "Cuenta del personal creada o actualizada (roles, contraseña, TOTP).",
    "core.cuenta_externa": "Cuenta externa (representante o destinatario) abierta.",
    "core.ambito_otorgado": "Ámbito otorgado a una cuenta externa, con su vigencia.",
    "core.ambito_revocado": "Ámbito de una cuenta externa revocado (se cierra su vigencia).",
}
