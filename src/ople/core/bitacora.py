"""The audit-log screen (`/oficina/bitacora/`): search the log, see the chain's state.

Shown to administración and to the roles systems declare as their `audit_readers`. Read-only: the log is never changed from a screen.
"""

from __future__ import annotations

import json
from datetime import datetime, time
from typing import Any

from django import forms
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache

from . import audit, registry
from .models import AuditEvent
from .registro import ADMINISTRACION
from .roles import role_names

POR_PAGINA = 50


def puede_ver(user: Any) -> bool:
    return bool(role_names(user) & (registry.audit_readers() | {ADMINISTRACION}))


class Busqueda(forms.Form):
    actor = forms.CharField(label="Quién", required=False, max_length=150)
    accion = forms.ChoiceField(label="Acción", required=False)
    objeto = forms.CharField(
        label="Objeto", required=False, max_length=120, help_text="tipo o identificador"
    )
    desde = forms.DateField(label="Desde", required=False, widget=forms.DateInput({"type": "date"}))
    hasta = forms.DateField(label="Hasta", required=False, widget=forms.DateInput({"type": "date"}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        acciones = sorted(audit.declared_actions().items())
        self.fields["accion"].choices = [("", "todas"), *((a, a) for a, _ in acciones)]

    def clean(self) -> dict[str, Any]:
        datos = super().clean()
        if datos.get("desde") and datos.get("hasta") and datos["desde"] > datos["hasta"]:
            raise forms.ValidationError("La fecha «desde» es posterior a la fecha «hasta».")
        return datos


def buscar(datos: dict[str, Any]) -> QuerySet[AuditEvent]:
    eventos = AuditEvent.objects.select_related("actor").order_by("-seq")
    if actor := datos.get("actor"):
        eventos = eventos.filter(
            Q(actor__username__icontains=actor) | Q(actor_label__icontains=actor)
        )
    if accion := datos.get("accion"):
        eventos = eventos.filter(action=accion)
    if objeto := datos.get("objeto"):
        eventos = eventos.filter(Q(object_id=objeto) | Q(object_type__iexact=objeto))
    zona = timezone.get_current_timezone()
    if desde := datos.get("desde"):
        eventos = eventos.filter(created_at__gte=datetime.combine(desde, time.min, zona))
    if hasta := datos.get("hasta"):
        eventos = eventos.filter(created_at__lte=datetime.combine(hasta, time.max, zona))
    return eventos


def _legible(valor: Any) -> str:
    return "" if valor is None else json.dumps(valor, ensure_ascii=False, sort_keys=True, indent=1)


@never_cache
def bitacora(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated or not puede_ver(request.user):
        raise PermissionDenied("Su cuenta no tiene acceso a la bitácora de auditoría.")
    comprobacion = None
    if request.method == "POST":  # walk the whole chain now (seconds on a night's log)
        ruptura = audit.verify_log()
        comprobacion = {
            "integra": ruptura is None,
            "ruptura": ruptura,
            "en": timezone.localtime(),
        }
    form = Busqueda(request.GET or None)
    eventos = buscar(form.cleaned_data) if form.is_valid() else buscar({})
    pagina = Paginator(eventos, POR_PAGINA).get_page(request.GET.get("pagina"))
    descripciones = audit.declared_actions()
    filas = [
        {
            "e": e,
            "descripcion": descripciones.get(e.action, ""),
            "antes": _legible(e.before),
            "despues": _legible(e.after),
        }
        for e in pagina
    ]
    consulta = request.GET.copy()
    consulta.pop("pagina", None)
    cabeza = AuditEvent.objects.order_by("-seq").values_list("seq", "hash", "created_at").first()
    ctx = {
        "form": form,
        "filas": filas,
        "pagina": pagina,
        "consulta": consulta.urlencode(),
        "cabeza": cabeza,
        "comprobacion": comprobacion,
    }
    return render(request, "core/bitacora.html", ctx)
