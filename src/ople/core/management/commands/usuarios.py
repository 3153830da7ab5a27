"""`ople usuarios …`: outside users (party representatives, addressees of notices) and scopes.

    ople usuarios externo USUARIO --tipo representante [--partido PAN] [--nombre …] [--correo …]
    ople usuarios otorgar USUARIO --ambito partido --clave PAN [--desde FECHA] [--hasta FECHA]
    ople usuarios revocar USUARIO --ambito partido --clave PAN [--en FECHA]
    ople usuarios ambitos USUARIO

The password is set afterwards with `ople changepassword USUARIO`; a representative enrols
their authenticator at their first login.
"""

from __future__ import annotations

from datetime import datetime

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime

from ople.core import account_services, accounts, scopes
from ople.core.models import Scope


def _moment(text: str | None) -> datetime | None:
    if not text:
        return None
    value = parse_datetime(text)
    if value is None:
        day = parse_date(text)
        if day is None:
            raise CommandError(f"Fecha no válida: «{text}» (use AAAA-MM-DD o AAAA-MM-DDTHH:MM).")
        value = datetime(day.year, day.month, day.day)
    return value if timezone.is_aware(value) else timezone.make_aware(value)


class Command(BaseCommand):
    help = "Cuentas externas (representantes de partido, destinatarios) y sus ámbitos."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(
            dest="subcomando", required=True, metavar="{externo,otorgar,revocar,ambitos}"
        )
        e = sub.add_parser("externo", help="crear una cuenta externa")
        e.add_argument("usuario")
        e.add_argument("--tipo", required=True, choices=sorted(accounts.OUTSIDE_KINDS))
        e.add_argument("--nombre", default="")
        e.add_argument("--correo", default="")
        e.add_argument("--partido", help="otorgar de una vez el ámbito de este partido (siglas)")
        e.add_argument("--destinatario", help="otorgar de una vez este identificador de avisos")
        for nombre, ayuda in (("otorgar", "otorgar un ámbito"), ("revocar", "revocar un ámbito")):
            p = sub.add_parser(nombre, help=ayuda)
            p.add_argument("usuario")
            p.add_argument("--ambito", required=True, choices=sorted(accounts.SCOPE_KINDS))
            p.add_argument("--clave", required=True)
            if nombre == "otorgar":
                p.add_argument("--desde", help="inicio de la vigencia (por omisión, ahora)")
                p.add_argument("--hasta", help="fin de la vigencia (por omisión, sin fin)")
            else:
                p.add_argument("--en", help="fin de la vigencia (por omisión, ahora)")
        a = sub.add_parser("ambitos", help="listar los ámbitos de un usuario (vigentes y pasados)")
        a.add_argument("usuario")

    def handle(self, *args, subcomando: str, **o):
        try:
            getattr(self, "_" + subcomando)(o)
        except account_services.AccountError as exc:
            raise CommandError(exc.message) from exc

    def _user(self, username: str):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No existe el usuario «{username}».")
        return user

    def _externo(self, o) -> None:
        user = account_services.create_outside_account(
            username=o["usuario"],
            kind=o["tipo"],
            actor=None,
            first_name=o["nombre"],
            email=o["correo"],
        )
        self.stdout.write(f"Cuenta creada: {user.get_username()} ({o['tipo']}).")
        for kind, key in ((accounts.PARTY, o["partido"]), (accounts.NOTICES, o["destinatario"])):
            if key:
                self._grant(user, kind, key, None, None)
        self.stdout.write(f"Asigne la contraseña con: ople changepassword {user.get_username()}")

    def _grant(self, user, kind, key, desde, hasta) -> None:
        scope = account_services.grant_scope(
            user=user, kind=kind, key=key, actor=None, valid_from=desde, valid_until=hasta
        )
        self.stdout.write(
            f"Ámbito otorgado: {kind} {scope.key} desde {timezone.localtime(scope.valid_from):%Y-%m-%d %H:%M}."
        )

    def _otorgar(self, o) -> None:
        user = self._user(o["usuario"])
        self._grant(user, o["ambito"], o["clave"], _moment(o["desde"]), _moment(o["hasta"]))

    def _revocar(self, o) -> None:
        user = self._user(o["usuario"])
        at = _moment(o["en"]) or timezone.now()
        scope = (
            Scope.objects.filter(scopes.valid_now(at), user=user, kind=o["ambito"], key=o["clave"])
            .order_by("valid_from")
            .first()
        )
        if scope is None:
            raise CommandError(
                f"«{user.get_username()}» no tiene vigente el ámbito {o['ambito']} «{o['clave']}»."
            )
        account_services.revoke_scope(scope=scope, actor=None, at=at)
        self.stdout.write(
            f"Ámbito revocado: {o['ambito']} {o['clave']} (vigente hasta {timezone.localtime(at):%Y-%m-%d %H:%M})."
        )

    def _ambitos(self, o) -> None:
        user = self._user(o["usuario"])
        self.stdout.write(f"{user.get_username()}: {scopes.account_kind(user)}")
        for s in scopes.scope_rows(user, include_past=True):
            hasta = (
                f"{timezone.localtime(s.valid_until):%Y-%m-%d %H:%M}"
                if s.valid_until
                else "sin fin"
            )
            self.stdout.write(
                f"  {s.kind:<15} {s.key:<20} {timezone.localtime(s.valid_from):%Y-%m-%d %H:%M} → {hasta}"
            )
