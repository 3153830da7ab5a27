"""The back office of the public registers (no JavaScript): capture, approval and correction of
VPMRG entries, the eligibility query, the reconciliation with INE, the PES/POS cases and the
sanctions in follow-up, and the publication of the public site."""

from __future__ import annotations

from functools import wraps
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from ople.core import roles as core_roles
from ople.core.errors import OpleError
from ople.registros import roles, selectors
from ople.registros.models import (
    AMBITOS,
    CALIFICACION_CHOICES,
    SEXOS,
    Entrada,
    Expediente,
    VersionEntrada,
)
from ople.registros.services import conciliacion as svc_conciliacion
from ople.registros.services import publicacion as svc_publicacion
from ople.registros.services import sanciones as svc_sanciones
from ople.registros.services import vpmrg

TODOS = (roles.CAPTURA, roles.APROBACION)


def con_rol(*nombres: str):  # type: ignore[no-untyped-def]
    def decorador(vista):  # type: ignore[no-untyped-def]
        @login_required
        @wraps(vista)
        def envuelta(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            core_roles.require_role(request.user, *nombres)
            return vista(request, *args, **kwargs)

        return envuelta

    return decorador


class FormEntrada(forms.Form):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)

    nombre = forms.CharField(label="Nombre completo", max_length=200)
    curp = forms.CharField(label="CURP (no se publica)", max_length=18, required=False)
    sexo = forms.ChoiceField(label="Sexo", choices=SEXOS)
    cargo_o_calidad = forms.CharField(label="Cargo o calidad", max_length=200, required=False)
    es_candidatura = forms.BooleanField(label="Es precandidata(o) o candidata(o)", required=False)
    ambito = forms.ChoiceField(label="Ámbito", choices=AMBITOS)
    entidad = forms.CharField(label="Entidad", max_length=60, initial="Aguascalientes")
    autoridad_sancionadora = forms.CharField(label="Autoridad sancionadora", max_length=200)
    expediente = forms.CharField(label="Expediente", max_length=100)
    fecha_resolucion_firme = forms.DateField(
        label="Fecha en que la resolución quedó firme (AAAA-MM-DD)",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    conducta = forms.CharField(label="Conducta", widget=forms.Textarea(attrs={"rows": 3}))
    calificacion = forms.ChoiceField(
        label="Calificación de la conducta", choices=CALIFICACION_CHOICES
    )
    sancion = forms.CharField(label="Sanción", widget=forms.Textarea(attrs={"rows": 2}))
    reincidencia = forms.BooleanField(label="Reincidencia", required=False)
    servidor_publico = forms.BooleanField(label="Persona servidora pública", required=False)
    perdida_modo_honesto = forms.BooleanField(
        label="Pérdida del modo honesto de vivir", required=False
    )
    meses_fijados = forms.IntegerField(
        label="Permanencia fijada por la resolución, en meses (vacío: la de la calificación)",
        required=False,
        min_value=1,
    )

    def datos(self) -> vpmrg.DatosEntrada:
        return vpmrg.DatosEntrada(**self.cleaned_data)


class FormCorreccion(FormEntrada):
    motivo = forms.CharField(
        label="Motivo de la corrección", widget=forms.Textarea(attrs={"rows": 2})
    )


@con_rol(*TODOS)
def oficina(request: HttpRequest) -> HttpResponse:
    hoy = timezone.localdate()
    vigentes, historicas = selectors.registro(hoy)
    return render(
        request,
        "registros/oficina.html",
        {
            "pendientes": selectors.pendientes(),
            "vigentes": vigentes,
            "historicas": historicas,
            "puede_capturar": core_roles.has_role(request.user, roles.CAPTURA),
            "puede_aprobar": core_roles.has_role(request.user, roles.APROBACION),
            "hoy": hoy,
        },
    )


@con_rol(roles.CAPTURA)
def capturar(request: HttpRequest) -> HttpResponse:
    form = FormEntrada(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            version = vpmrg.capturar_entrada(datos=form.datos(), usuario=request.user)
        except OpleError as exc:
            form.add_error(None, exc.mensaje)
        else:
            messages.success(
                request,
                f"Entrada de {version.nombre} capturada; queda pendiente de aprobación por otra persona.",
            )
            return redirect("registros:oficina")
    return render(
        request, "registros/capturar.html", {"form": form, "titulo": "Capturar una entrada"}
    )


@con_rol(*TODOS)
def entrada(request: HttpRequest, entrada_id: int) -> HttpResponse:
    e = Entrada.objects.filter(pk=entrada_id).first()
    if e is None:
        raise Http404("No existe esa entrada.")
    versiones = selectors.historial(e.pk)
    ultima = versiones[-1]
    inicial = {f: getattr(ultima, f) for f in FormEntrada.base_fields}
    form = FormCorreccion(request.POST or None, initial=inicial)
    if request.method == "POST":
        core_roles.require_role(request.user, roles.CAPTURA)
        if form.is_valid():
            datos = {k: v for k, v in form.cleaned_data.items() if k != "motivo"}
            try:
                vpmrg.corregir_entrada(
                    entrada=e,
                    datos=vpmrg.DatosEntrada(**datos),
                    motivo=form.cleaned_data["motivo"],
                    usuario=request.user,
                )
            except OpleError as exc:
                form.add_error(None, exc.mensaje)
            else:
                messages.success(
                    request, "Corrección capturada como nueva versión, pendiente de aprobación."
                )
                return redirect("registros:entrada", entrada_id=e.pk)
    return render(
        request,
        "registros/entrada.html",
        {
            "entrada": e,
            "versiones": versiones,
            "form": form,
            "puede_capturar": core_roles.has_role(request.user, roles.CAPTURA),
        },
    )


def _version(version_id: int) -> VersionEntrada:
    v = VersionEntrada.objects.filter(pk=version_id).first()
    if v is None:
        raise Http404("No existe esa versión.")
    return v


@require_POST
@con_rol(roles.APROBACION)
def aprobar(request: HttpRequest, version_id: int) -> HttpResponse:
    try:
        v = vpmrg.aprobar_version(version=_version(version_id), usuario=request.user)
    except OpleError as exc:
        messages.error(request, exc.mensaje)
    else:
        messages.success(
            request,
            f"Aprobada: {v.nombre} queda en el registro hasta el {v.fecha_baja:%d/%m/%Y} "
            f"({v.meses_permanencia} meses). Publique para actualizar el sitio.",
        )
    return redirect("registros:oficina")


@require_POST
@con_rol(roles.APROBACION)
def rechazar(request: HttpRequest, version_id: int) -> HttpResponse:
    try:
        vpmrg.rechazar_version(
            version=_version(version_id),
            observaciones=request.POST.get("observaciones", ""),
            usuario=request.user,
        )
    except OpleError as exc:
        messages.error(request, exc.mensaje)
    else:
        messages.success(request, "Versión rechazada.")
    return redirect("registros:oficina")


@con_rol(*TODOS)
def elegibilidad(request: HttpRequest) -> HttpResponse:
    nombre = request.GET.get("nombre", "").strip()
    curp = request.GET.get("curp", "").strip()
    resultado = selectors.elegibilidad(nombre=nombre, curp=curp) if nombre or curp else None
    return render(
        request,
        "registros/elegibilidad.html",
        {"nombre": nombre, "curp": curp, "resultado": resultado},
    )


@con_rol(*TODOS)
def conciliacion(request: HttpRequest) -> HttpResponse:
    reporte = None
    if request.method == "POST":
        archivo = request.FILES.get("archivo")
        if archivo is None:
            messages.error(request, "Elija el archivo CSV del Registro Nacional.")
        else:
            try:
                _, reporte = svc_conciliacion.conciliar_archivo(
                    datos=archivo.read(), nombre_archivo=archivo.name or "", usuario=request.user
                )
            except OpleError as exc:
                messages.error(request, exc.mensaje)
    return render(request, "registros/conciliacion.html", {"reporte": reporte})


@con_rol(*TODOS)
def expedientes(request: HttpRequest) -> HttpResponse:
    lista = Expediente.objects.prefetch_related("etapas", "resoluciones", "medidas").order_by(
        "tipo", "clave"
    )
    return render(request, "registros/expedientes.html", {"expedientes": lista})


@con_rol(*TODOS)
def sanciones(request: HttpRequest) -> HttpResponse:
    return render(request, "registros/sanciones.html", {"seguimiento": svc_sanciones.seguimiento()})


@require_POST
@con_rol(*TODOS)
def publicar(request: HttpRequest) -> HttpResponse:
    try:
        corte = svc_publicacion.publicar_registros(usuario=request.user)
    except OpleError as exc:
        messages.error(request, exc.mensaje)
    except PermissionDenied:
        raise
    else:
        messages.success(request, f"Sitio público actualizado (corte {corte.nombre}).")
    return redirect("registros:oficina")
