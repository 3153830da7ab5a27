"""The back office of the public registers (no JavaScript): capture, approval and correction of
VPMRG entries, the eligibility query, the reconciliation with INE, the PES/POS cases and the
sanctions in follow-up, and the publication of the public site."""

from __future__ import annotations

from datetime import timedelta
from functools import wraps
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from ople.core import roles as core_roles
from ople.core.errors import OpleError
from ople.registros import roles, selectors
from ople.registros.anonimizar import ParteDatos
from ople.registros.models import (
    AMBITOS,
    CALIFICACION_CHOICES,
    ETAPAS,
    SEXOS,
    Entrada,
    EventoSancion,
    Expediente,
    Parte,
    Resolucion,
    Sancion,
    VersionEntrada,
)
from ople.registros.services import conciliacion as svc_conciliacion
from ople.registros.services import expedientes as svc_expedientes
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


def _republicar(request: HttpRequest) -> None:
    """Publish after a change (the public site follows every change; the daily cut moves entries
    to the historical list). A failure does not undo the change: it says so."""
    try:
        corte = svc_publicacion.publicar_registros(usuario=request.user)
    except OpleError as exc:
        messages.warning(
            request,
            f"El cambio quedó registrado, pero el sitio público no se actualizó: {exc.mensaje}",
        )
    else:
        messages.info(request, f"Sitio público actualizado (corte {corte.nombre}).")


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
            "pronto": hoy + timedelta(days=30),
        },
    )


@con_rol(roles.CAPTURA)
def capturar(request: HttpRequest) -> HttpResponse:
    # GET parameters prefill the form (a national entry missing locally, from the reconciliation).
    inicial = {k: v for k, v in request.GET.items() if k in FormEntrada.base_fields}
    form = FormEntrada(request.POST or None, initial=inicial)
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
            f"({v.meses_permanencia} meses).",
        )
        _republicar(request)
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
    else:
        messages.success(request, f"Sitio público actualizado (corte {corte.nombre}).")
    return redirect("registros:oficina")


# --- PES / POS cases ----------------------------------------------------------------------------


class FormBase(forms.Form):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


class FormRadicar(FormBase):
    tipo = forms.ChoiceField(label="Tipo", choices=Expediente.TIPOS)
    fecha_presentacion = forms.DateField(
        label="Fecha de presentación", widget=forms.DateInput(attrs={"type": "date"})
    )
    fecha_radicacion = forms.DateField(
        label="Fecha de radicación (vacío: hoy)",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    conductas = forms.CharField(
        label="Conductas denunciadas", widget=forms.Textarea(attrs={"rows": 3})
    )
    es_vpmrg = forms.BooleanField(
        label="Violencia política contra las mujeres en razón de género", required=False
    )
    denunciante = forms.CharField(label="Parte denunciante", max_length=200)
    denunciante_tipo = forms.ChoiceField(label="La parte denunciante es", choices=Parte.TIPOS)
    denunciante_id = forms.CharField(
        label="Identificador de la parte denunciante (CURP, RFC)", max_length=40, required=False
    )
    denunciado = forms.CharField(label="Parte denunciada", max_length=200)
    denunciado_tipo = forms.ChoiceField(label="La parte denunciada es", choices=Parte.TIPOS)
    victima = forms.CharField(
        label="Víctima (si la hay; nunca se publica)", max_length=200, required=False
    )


class FormEtapa(FormBase):
    etapa = forms.ChoiceField(label="Etapa", choices=ETAPAS)
    fecha = forms.DateField(
        label="Fecha de la etapa", widget=forms.DateInput(attrs={"type": "date"})
    )
    nota = forms.CharField(label="Nota", required=False)


class FormMedida(FormBase):
    descripcion = forms.CharField(
        label="Medida cautelar solicitada", widget=forms.Textarea(attrs={"rows": 2})
    )
    solicitada_en = forms.DateField(
        label="Fecha de la solicitud", widget=forms.DateInput(attrs={"type": "date"})
    )


class FormResolucion(FormBase):
    fecha = forms.DateField(
        label="Fecha de la resolución", widget=forms.DateInput(attrs={"type": "date"})
    )
    sentido = forms.ChoiceField(label="Sentido", choices=Resolucion.SENTIDOS)
    clave_tribunal = forms.CharField(
        label="Expediente del tribunal (PES)", max_length=60, required=False
    )
    sancion = forms.CharField(label="Sanción impuesta", required=False)


class FormDocumento(FormBase):
    titulo = forms.CharField(label="Título del documento", max_length=200)
    archivo = forms.FileField(label="Archivo")


def _expediente(expediente_id: int) -> Expediente:
    x = Expediente.objects.filter(pk=expediente_id).first()
    if x is None:
        raise Http404("No existe ese expediente.")
    return x


@con_rol(roles.CAPTURA)
def radicar(request: HttpRequest) -> HttpResponse:
    form = FormRadicar(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        partes = [
            ParteDatos("denunciante", d["denunciante_tipo"], d["denunciante"], d["denunciante_id"]),
            ParteDatos("denunciado", d["denunciado_tipo"], d["denunciado"]),
        ]
        if d["victima"].strip():
            partes.append(ParteDatos("victima", "fisica", d["victima"]))
        try:
            x = svc_expedientes.radicar(
                tipo=d["tipo"],
                fecha_presentacion=d["fecha_presentacion"],
                fecha_radicacion=d["fecha_radicacion"],
                conductas=d["conductas"],
                es_vpmrg=d["es_vpmrg"],
                partes=partes,
                usuario=request.user,
            )
        except OpleError as exc:
            form.add_error(None, exc.mensaje)
        else:
            messages.success(request, f"Expediente {x.clave} radicado.")
            _republicar(request)
            return redirect("registros:expediente", expediente_id=x.pk)
    return render(
        request,
        "registros/capturar.html",
        {"form": form, "titulo": "Radicar un expediente PES o POS", "multipart": False},
    )


@con_rol(*TODOS)
def expediente(request: HttpRequest, expediente_id: int) -> HttpResponse:
    x = _expediente(expediente_id)
    formas = {
        "etapa": FormEtapa(prefix="etapa"),
        "medida": FormMedida(prefix="medida"),
        "resolucion": FormResolucion(prefix="resolucion"),
        "documento": FormDocumento(prefix="documento"),
    }
    if request.method == "POST":
        core_roles.require_role(request.user, roles.CAPTURA)
        accion = request.POST.get("accion", "")
        u = request.user
        try:
            if accion == "resolver_medida":
                medida = x.medidas.filter(pk=request.POST.get("medida")).first()
                if medida is None:
                    raise Http404("No existe esa medida.")
                svc_expedientes.resolver_medida(
                    medida=medida,
                    resolucion=request.POST.get("resolucion", ""),
                    fecha=forms.DateField().clean(request.POST.get("fecha")),
                    usuario=u,
                )
            elif accion in formas:
                cls = type(formas[accion])
                form = cls(request.POST, request.FILES, prefix=accion)
                formas[accion] = form
                if not form.is_valid():
                    raise forms.ValidationError("Revise los datos del formulario.")
                d = form.cleaned_data
                if accion == "etapa":
                    svc_expedientes.registrar_etapa(expediente=x, usuario=u, **d)
                elif accion == "medida":
                    svc_expedientes.registrar_medida(expediente=x, usuario=u, **d)
                elif accion == "resolucion":
                    svc_expedientes.registrar_resolucion(expediente=x, usuario=u, **d)
                else:
                    archivo = d["archivo"]
                    svc_expedientes.agregar_documento(
                        expediente=x,
                        titulo=d["titulo"],
                        nombre_archivo=archivo.name or "",
                        datos=archivo.read(),
                        usuario=u,
                    )
            else:
                raise forms.ValidationError("Acción desconocida.")
        except OpleError as exc:
            messages.error(request, exc.mensaje)
        except forms.ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, "Registrado.")
            _republicar(request)
            return redirect("registros:expediente", expediente_id=x.pk)
    return render(
        request,
        "registros/expediente.html",
        {
            "x": x,
            "formas": formas,
            "puede_capturar": core_roles.has_role(request.user, roles.CAPTURA),
        },
    )


# --- Sanctions ------------------------------------------------------------------------------------


class FormSancion(FormBase):
    tipo = forms.ChoiceField(label="Tipo de sanción", choices=Sancion.TIPOS)
    sujeto = forms.CharField(label="Sujeto sancionado", max_length=200)
    expediente = forms.CharField(label="Expediente", max_length=100)
    autoridad = forms.CharField(label="Autoridad que sanciona", max_length=200)
    descripcion = forms.CharField(
        label="Qué hay que ejecutar o vigilar", widget=forms.Textarea(attrs={"rows": 2})
    )
    monto = forms.DecimalField(
        label="Monto de la multa (pesos)", required=False, min_value=0, decimal_places=2
    )
    fecha_notificacion = forms.DateField(
        label="Fecha de notificación", widget=forms.DateInput(attrs={"type": "date"})
    )
    plazo_dias_habiles = forms.IntegerField(
        label="Plazo en días hábiles (vacío: el del perfil)", required=False, min_value=0
    )


@con_rol(roles.CAPTURA)
def registrar_sancion(request: HttpRequest) -> HttpResponse:
    form = FormSancion(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            s = svc_sanciones.registrar_sancion(usuario=request.user, **form.cleaned_data)
        except OpleError as exc:
            form.add_error(None, exc.mensaje)
        else:
            messages.success(
                request, f"Sanción registrada; fecha límite: {s.fecha_limite or 'sin plazo'}."
            )
            return redirect("registros:sancion", sancion_id=s.pk)
    return render(
        request, "registros/capturar.html", {"form": form, "titulo": "Registrar una sanción"}
    )


@con_rol(*TODOS)
def sancion(request: HttpRequest, sancion_id: int) -> HttpResponse:
    s = Sancion.objects.filter(pk=sancion_id).first()
    if s is None:
        raise Http404("No existe esa sanción.")
    if request.method == "POST":
        core_roles.require_role(request.user, roles.CAPTURA)
        accion = request.POST.get("accion", "")
        try:
            if accion == "estado":
                svc_sanciones.cambiar_estado(
                    sancion=s,
                    estado=request.POST.get("estado", ""),
                    nota=request.POST.get("nota", ""),
                    usuario=request.user,
                )
            elif accion == "pago":
                comprobante = request.FILES.get("comprobante")
                svc_sanciones.registrar_pago(
                    sancion=s,
                    monto=request.POST.get("monto", ""),
                    fecha=forms.DateField().clean(request.POST.get("fecha")),
                    referencia=request.POST.get("referencia", ""),
                    comprobante=comprobante.read() if comprobante else b"",
                    usuario=request.user,
                )
            elif accion == "evidencia":
                archivo = request.FILES.get("archivo")
                svc_sanciones.agregar_evidencia(
                    sancion=s,
                    descripcion=request.POST.get("descripcion", ""),
                    nombre_archivo=(archivo.name or "") if archivo else "",
                    datos=archivo.read() if archivo else b"",
                    usuario=request.user,
                )
            else:
                raise forms.ValidationError("Acción desconocida.")
        except OpleError as exc:
            messages.error(request, exc.mensaje)
        except forms.ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, "Registrado.")
            return redirect("registros:sancion", sancion_id=s.pk)
    return render(
        request,
        "registros/sancion.html",
        {
            "s": s,
            "estado": svc_sanciones.ESTADOS.get(svc_sanciones.estado_de(s), ""),
            "estados": EventoSancion.ESTADOS,
            "saldo": svc_sanciones.saldo(s) if s.tipo == "multa" else None,
            "puede_capturar": core_roles.has_role(request.user, roles.CAPTURA),
        },
    )
