"""The party portal (/candidaturas/), the institute's review (/candidaturas/revision/) and the
public Conóceles site (/conoceles/, served from the published cut in the demo)."""

from __future__ import annotations

import base64
from datetime import date
from pathlib import Path
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from ople.candidaturas import roles
from ople.candidaturas import selectors as sel
from ople.candidaturas.lote import DatosPersona
from ople.candidaturas.models import AccionAfirmativa, Candidatura, Ficha, Genero
from ople.candidaturas.perfil import NOMBRE_DOCUMENTO
from ople.candidaturas.services import conoceles, registro, revision
from ople.candidaturas.services.comun import CandidaturaError, seccion
from ople.catalog import selectors as catalog_selectors
from ople.catalog.models import Demarcacion, Eleccion, Partido
from ople.core import roles as core_roles
from ople.core import scopes

MAX_CSV = 2 * 1024 * 1024


def _es_personal(user: Any) -> bool:
    return not scopes.is_outside(user)


def _partidos_del_usuario(user: Any) -> list[Partido]:
    siglas = scopes.scopes_of(user, "partido")
    return list(Partido.objects.filter(siglas__in=sorted(siglas)).order_by("orden"))


def _elecciones() -> list[Eleccion]:
    return list(
        Eleccion.objects.filter(proceso__in=catalog_selectors.procesos_activos())
        .select_related("proceso")
        .prefetch_related("demarcaciones")
        .order_by("proceso_id", "orden", "pk")
    )


def _visible(request: HttpRequest, pk: int) -> Candidatura:
    """A candidacy the user may open: a representative, their party's (else 404); staff, with the
    review or consejo role (persons' data and documents are not for every staff member)."""
    if _es_personal(request.user):
        core_roles.require_role(request.user, roles.REVISION, roles.CONSEJO)
    return get_object_or_404(sel.visibles(request.user), pk=pk)


def _error(request: HttpRequest, exc: Exception) -> None:
    messages.error(request, getattr(exc, "mensaje", None) or str(exc))


# --- party portal -----------------------------------------------------------------------------


@login_required
def portal(request: HttpRequest) -> HttpResponse:
    if _es_personal(request.user) and not core_roles.has_role(request.user, roles.REVISION):
        raise PermissionDenied("El portal es para las representaciones de los partidos.")
    candidaturas = list(sel.visibles(request.user).prefetch_related("prevenciones"))
    for c in candidaturas:
        c.prevencion = sel.prevencion_vigente(c)  # type: ignore[attr-defined]
    return render(
        request,
        "candidaturas/portal.html",
        {
            "candidaturas": candidaturas,
            "partidos": _partidos_del_usuario(request.user),
            "elecciones": _elecciones(),
            "generos": Genero.choices,
            "acciones": AccionAfirmativa.choices,
            "periodos": [(e, seccion(e)) for e in _elecciones()],
        },
    )


def _persona_de(post: Any, prefijo: str) -> DatosPersona | None:
    curp = post.get(prefijo + "curp", "").strip().upper()
    if not curp and prefijo:
        return None
    try:
        nacimiento = date.fromisoformat(post.get(prefijo + "fecha_nacimiento", ""))
    except ValueError:
        raise CandidaturaError("fecha", "Escriba la fecha de nacimiento como 1980-05-17.") from None
    from ople.candidaturas.lote import CURP

    if not CURP.fullmatch(curp):
        raise CandidaturaError("curp", f"«{curp}» no es una CURP válida.")
    genero = post.get(prefijo + "genero", "")
    if genero not in Genero.values:
        raise CandidaturaError("genero", "Elija mujer, hombre o no binaria.")
    nombre = post.get(prefijo + "nombre", "").strip()
    apellido = post.get(prefijo + "primer_apellido", "").strip()
    if not nombre or not apellido:
        raise CandidaturaError("nombre", "Escriba el nombre y el primer apellido.")
    return DatosPersona(
        curp,
        nombre,
        apellido,
        post.get(prefijo + "segundo_apellido", "").strip(),
        nacimiento,
        genero,
    )


@login_required
@require_POST
def registrar(request: HttpRequest) -> HttpResponse:
    try:
        partido = get_object_or_404(Partido, pk=request.POST.get("partido") or 0)
        demarcacion = get_object_or_404(
            Demarcacion.objects.select_related("eleccion"), pk=request.POST.get("demarcacion") or 0
        )
        posicion = int(request.POST.get("posicion") or 1)
        c = registro.registrar_candidatura(
            actor=request.user,
            eleccion=demarcacion.eleccion,
            demarcacion=demarcacion,
            partido=partido,
            cargo=request.POST.get("cargo", "").strip() or "Diputación",
            principio=request.POST.get("principio", "MR"),
            posicion=posicion,
            propietario=_persona_de(request.POST, ""),  # type: ignore[arg-type]
            suplente=_persona_de(request.POST, "suplente_"),
            accion_afirmativa=request.POST.get("accion_afirmativa", ""),
        )
    except (CandidaturaError, ValueError) as exc:
        _error(request, exc)
        return redirect("candidaturas:portal")
    messages.success(request, "Candidatura registrada: suba sus documentos y preséntela.")
    return redirect("candidaturas:detalle", pk=c.pk)


def _contexto_detalle(request: HttpRequest, c: Candidatura) -> dict[str, Any]:
    perfil = seccion(c.eleccion)
    return {
        "c": c,
        "requisitos": sel.requisitos(c, perfil.documentos),
        "prevencion": sel.prevencion_vigente(c),
        "prevenciones": [sel.con_vencimiento(p) for p in c.prevenciones.all()],
        "resoluciones": list(c.resoluciones.select_related("acuerdo")),
        "sustituciones": list(c.sustituciones.select_related("saliente", "entrante")),
        "ficha": sel.ficha_vigente(c),
        "grados": conoceles.GRADOS,
        "editable": c.estado in registro.EDITABLES,
        "personal": _es_personal(request.user),
        "horas": perfil.plazo_prevencion_horas,
        "generos": Genero.choices,
    }


@login_required
def detalle(request: HttpRequest, pk: int) -> HttpResponse:
    c = _visible(request, pk)
    return render(request, "candidaturas/detalle.html", _contexto_detalle(request, c))


@login_required
@require_POST
def subir(request: HttpRequest, pk: int) -> HttpResponse:
    c = _visible(request, pk)
    archivo = request.FILES.get("archivo")
    if archivo is None:
        messages.error(request, "Elija un archivo PDF.")
        return redirect("candidaturas:detalle", pk=pk)
    limite = seccion(c.eleccion).tamano_maximo_documento
    datos = archivo.read(limite + 1)
    try:
        registro.subir_documento(
            actor=request.user,
            candidatura=c,
            tipo=request.POST.get("tipo", ""),
            rol=request.POST.get("rol", "P"),
            datos=datos,
            nombre_original=archivo.name or "",
        )
    except CandidaturaError as exc:
        _error(request, exc)
    else:
        messages.success(request, "Documento recibido.")
    return redirect("candidaturas:detalle", pk=pk)


@login_required
@require_POST
def presentar(request: HttpRequest, pk: int) -> HttpResponse:
    c = _visible(request, pk)
    try:
        registro.presentar(actor=request.user, candidatura=c)
    except CandidaturaError as exc:
        _error(request, exc)
    else:
        messages.success(request, "Candidatura presentada al Instituto para su revisión.")
    return redirect("candidaturas:detalle", pk=pk)


@login_required
@require_POST
def ficha(request: HttpRequest, pk: int) -> HttpResponse:
    c = _visible(request, pk)
    foto = request.FILES.get("foto")
    try:
        conoceles.capturar_ficha(
            actor=request.user,
            candidatura=c,
            datos={k: request.POST.get(k, "") for k in conoceles.CAMPOS_TEXTO},
            aviso_privacidad=request.POST.get("aviso_privacidad") == "si",
            foto=foto.read(conoceles.MAX_FOTO + 1) if foto else None,
        )
    except CandidaturaError as exc:
        _error(request, exc)
    else:
        messages.success(request, "Cuestionario de Conóceles guardado; el Instituto lo revisará.")
    return redirect("candidaturas:detalle", pk=pk)


@login_required
def lote(request: HttpRequest) -> HttpResponse:
    partidos = _partidos_del_usuario(request.user)
    contexto: dict[str, Any] = {"partidos": partidos, "elecciones": _elecciones()}
    if request.method == "POST":
        try:
            partido = get_object_or_404(Partido, pk=request.POST.get("partido") or 0)
            eleccion = get_object_or_404(Eleccion, pk=request.POST.get("eleccion") or 0)
            if request.POST.get("contenido"):
                contenido = base64.b64decode(request.POST["contenido"], validate=True)
            else:
                archivo = request.FILES.get("archivo")
                if archivo is None:
                    raise CandidaturaError(
                        "archivo", "Elija el archivo de la planilla (CSV o XLSX)."
                    )
                contenido = archivo.read(MAX_CSV + 1)
                if len(contenido) > MAX_CSV:
                    raise CandidaturaError("archivo", "El archivo pasa de 2 MB.")
            if request.POST.get("confirmar") == "si":
                hechas = registro.registrar_lote(
                    actor=request.user, eleccion=eleccion, partido=partido, contenido=contenido
                )
                messages.success(request, f"{len(hechas)} candidaturas registradas.")
                return redirect("candidaturas:portal")
            scopes.require_scope(request.user, "partido", partido.siglas)
            vista = registro.revisar_lote(eleccion=eleccion, contenido=contenido)
            contexto.update(
                vista=vista,
                partido=partido,
                eleccion=eleccion,
                contenido=base64.b64encode(contenido).decode(),
            )
        except (CandidaturaError, ValueError) as exc:
            _error(request, exc)
    return render(request, "candidaturas/lote.html", contexto)


# --- the institute's review --------------------------------------------------------------------


def _personal(request: HttpRequest, *rol: str) -> None:
    if not _es_personal(request.user):
        raise PermissionDenied("Solo el personal del Instituto.")
    core_roles.require_role(request.user, *(rol or (roles.REVISION, roles.CONSEJO)))


@login_required
def revision_inicio(request: HttpRequest) -> HttpResponse:
    _personal(request)
    estado = request.GET.get("estado", "")
    qs = sel.visibles(request.user)
    if estado in Candidatura.Estado.values:
        qs = qs.filter(estado=estado)
    elecciones = _elecciones()
    informes = []
    for e in elecciones:
        reglas = seccion(e).reglas
        informe = sel.informe_paridad(e, reglas, votacion=sel.votacion_previa(e) or None)
        total = {
            "mujeres": sum(i.resumen.mujeres for i in informe),
            "hombres": sum(i.resumen.hombres for i in informe),
            "no_binarias": sum(i.resumen.no_binarias for i in informe),
            "cumplen": sum(1 for i in informe if i.resumen.cumple),
            "partidos": len(informe),
        }
        informes.append((e, informe, total))
    procedentes = list(sel.visibles(request.user).filter(estado=Candidatura.Estado.PROCEDENTE))
    procesos = {e.proceso_id for e in elecciones}
    dobles = {}
    for p in procesos:
        dobles.update(sel.simultaneas(p))
    return render(
        request,
        "candidaturas/revision.html",
        {
            "candidaturas": list(qs[:500]),
            "estados": Candidatura.Estado.choices,
            "estado": estado,
            "por_aprobar": [
                (e, [c for c in procedentes if c.eleccion_id == e.pk]) for e in elecciones
            ],
            "informes": informes,
            "dobles": dobles,
            "cumplimiento": sel.cumplimiento_conoceles(),
            "fichas": list(
                Ficha.objects.filter(estado=Ficha.Estado.CAPTURADA)
                .select_related("candidatura__propietario", "candidatura__partido")
                .order_by("capturada")[:200]
            ),
            "puede_aprobar": core_roles.has_role(request.user, roles.CONSEJO),
        },
    )


@login_required
def revision_detalle(request: HttpRequest, pk: int) -> HttpResponse:
    _personal(request)
    c = _visible(request, pk)
    contexto = _contexto_detalle(request, c)
    contexto["nombres"] = NOMBRE_DOCUMENTO
    return render(request, "candidaturas/detalle.html", contexto)


@login_required
@require_POST
def revision_accion(request: HttpRequest, pk: int) -> HttpResponse:
    _personal(request)
    c = _visible(request, pk)
    accion = request.POST.get("accion")
    try:
        if accion == "prevenir":
            p = revision.prevenir(
                actor=request.user,
                candidatura=c,
                faltantes=request.POST.getlist("faltantes"),
                motivo=request.POST.get("motivo", ""),
            )
            if p.vence is not None:
                messages.success(
                    request,
                    f"Prevención emitida; vence el {timezone.localtime(p.vence):%d/%m/%Y %H:%M}.",
                )
            else:
                messages.success(
                    request,
                    f"Prevención emitida y notificada (folio {p.notificacion}); el plazo corre "
                    "desde que la notificación surta efectos.",
                )
        elif accion == "procedente":
            revision.declarar_procedente(actor=request.user, candidatura=c)
            messages.success(request, "Candidatura procedente: lista para el acuerdo.")
        elif accion == "negar":
            revision.negar(
                actor=request.user, candidatura=c, motivos=request.POST.get("motivos", "")
            )
            messages.success(request, "Candidatura negada.")
        elif accion == "sustituir":
            r = revision.sustituir(
                actor=request.user,
                candidatura=c,
                rol=request.POST.get("rol", "P"),
                entrante=_persona_de(request.POST, "entrante_"),  # type: ignore[arg-type]
                causa=request.POST.get("causa", ""),
                en_periodo_de_registro=(request.POST.get("en_periodo") == "si") or None,
                boleta_impresa=request.POST.get("boleta_impresa") == "si",
            )
            messages.success(request, "Sustitución registrada. " + r.aviso)
        else:
            messages.error(request, "Acción desconocida.")
    except CandidaturaError as exc:
        _error(request, exc)
    return redirect("candidaturas:revision_detalle", pk=pk)


@login_required
@require_POST
def aprobar(request: HttpRequest) -> HttpResponse:
    _personal(request, roles.CONSEJO)
    eleccion = get_object_or_404(Eleccion, pk=request.POST.get("eleccion") or 0)
    ids = [int(x) for x in request.POST.getlist("candidaturas") if x.isdigit()]
    candidaturas = list(sel.visibles(request.user).filter(pk__in=ids, eleccion=eleccion))
    try:
        acuerdo = revision.aprobar_en_bloque(
            actor=request.user,
            eleccion=eleccion,
            candidaturas=candidaturas,
            consejo=request.POST.get("consejo", "Consejo General") or "Consejo General",
        )
    except CandidaturaError as exc:
        _error(request, exc)
    else:
        messages.success(
            request,
            f"Acuerdo {acuerdo.folio}: {len(candidaturas)} candidaturas aprobadas; la boleta "
            "quedó fijada en el catálogo.",
        )
    return redirect("candidaturas:revision")


@login_required
def acuerdo_pdf(request: HttpRequest, folio_id: int) -> HttpResponse:
    from ople.candidaturas.models import Acuerdo
    from ople.documentos.storage import abrir

    _personal(request)
    a = get_object_or_404(Acuerdo, pk=folio_id)
    return HttpResponse(abrir(a.almacen), content_type="application/pdf")


@login_required
@require_POST
def revisar_ficha(request: HttpRequest, pk: int) -> HttpResponse:
    _personal(request, roles.REVISION)
    f = get_object_or_404(Ficha, pk=pk)
    try:
        if request.POST.get("foto") in ("aprobar", "rechazar") and f.foto_sha256:
            conoceles.moderar_foto(
                actor=request.user, ficha=f, aprobada=request.POST["foto"] == "aprobar"
            )
        conoceles.revisar_ficha(
            actor=request.user,
            ficha=f,
            valida=request.POST.get("valida") == "si",
            observacion=request.POST.get("observacion", ""),
        )
    except CandidaturaError as exc:
        _error(request, exc)
    else:
        messages.success(request, "Cuestionario revisado.")
    return redirect("candidaturas:revision")


@login_required
@require_POST
def publicar_conoceles(request: HttpRequest) -> HttpResponse:
    _personal(request, roles.REVISION)
    from ople.catalog.selectors import proceso_activo

    proceso = proceso_activo()
    if proceso is None:
        messages.error(request, "No hay un proceso electoral activo.")
    else:
        nombre, n = conoceles.publicar(actor=request.user, proceso=proceso)
        messages.success(request, f"Conóceles publicado: corte {nombre}, {n} archivos.")
    return redirect("candidaturas:revision")


@login_required
def documento(request: HttpRequest, pk: int, doc: int) -> HttpResponse:
    from ople.documentos.storage import abrir

    c = _visible(request, pk)
    d = get_object_or_404(c.documentos, pk=doc)
    return HttpResponse(abrir(d.almacen), content_type="application/pdf")


# --- Conóceles (public) ------------------------------------------------------------------------


def _pagina_de_seccion(corte: Path, numero: str) -> str | None:
    """The ballots' page of a sección, from the cut's map (what nginx's ``map`` does)."""
    from ople.candidaturas.conoceles.sitio import MAPA_SECCIONES

    if not numero.isdigit():
        return None
    buscado = str(int(numero))
    try:
        with open(corte / MAPA_SECCIONES, encoding="utf-8") as fh:
            for linea in fh:
                clave, _, pagina = linea.partition(" ")
                if clave == buscado:
                    return pagina.strip().rstrip(";")
    except FileNotFoundError:
        return None
    return None


def conoceles_seccion(request: HttpRequest, corte: str) -> HttpResponse:
    """GET cortes/<corte>/seccion/?s=N → that cut's page of the sección's ballots."""
    from ople.publicacion import disco, sitio_de

    raiz = sitio_de("conoceles").raiz / disco.CORTES
    directorio = (raiz / corte).resolve()
    if directorio.parent != raiz.resolve() or not directorio.is_dir():
        raise Http404("No existe ese corte de Conóceles.")
    numero = request.GET.get("s", "").strip()
    pagina = _pagina_de_seccion(directorio, numero)
    if pagina is None:
        return render(
            request,
            "candidaturas/conoceles_vacio.html",
            {"mensaje": f"No hay una sección «{numero[:10]}» en este proceso."},
            status=404,
        )
    return redirect(f"../boleta/{pagina}.html")


# --- coalition agreements (siglado) and independent candidacies ---------------------------------


def _coaliciones_y_aspirantes() -> dict[str, Any]:
    from ople.candidaturas.models import Aspirante, Siglado

    elecciones = []
    for e in _elecciones():
        registrados = {
            (s.coalicion_id, s.demarcacion_id): s
            for s in Siglado.objects.filter(coalicion__eleccion=e).select_related("partido")
        }
        filas = []
        for co in e.coaliciones.prefetch_related("partidos", "demarcaciones").order_by("pk"):
            partidos = sorted(co.partidos.all(), key=lambda p: p.orden)
            dems = sorted(co.demarcaciones.all(), key=lambda d: (d.tipo, d.clave))
            filas.append((co, partidos, [(d, registrados.get((co.pk, d.pk))) for d in dems]))
        aspirantes = list(
            Aspirante.objects.filter(eleccion=e)
            .select_related("persona", "demarcacion")
            .order_by("demarcacion__clave", "pk")
        )
        elecciones.append((e, filas, aspirantes))
    return {"elecciones": elecciones, "generos": Genero.choices}


@login_required
def coaliciones(request: HttpRequest) -> HttpResponse:
    """Staff record which party heads each coalition candidacy and take independents through
    their stages; the public sees both on Conóceles (siglado.html, independientes)."""
    _personal(request)
    contexto = _coaliciones_y_aspirantes()
    contexto["puede_registrar"] = core_roles.has_role(request.user, roles.REVISION)
    return render(request, "candidaturas/coaliciones.html", contexto)


def _elegido(modelo: Any, pk: str) -> Any:
    """The row a form's select named; anything else is a Spanish error, not a 500."""
    try:
        return modelo.objects.get(pk=int(pk))
    except (ValueError, modelo.DoesNotExist):
        raise CandidaturaError("dato", "Elija una opción de la lista.") from None


@login_required
@require_POST
def siglado(request: HttpRequest) -> HttpResponse:
    from ople.candidaturas.services import coaliciones as servicio
    from ople.catalog.models import Coalicion

    _personal(request, roles.REVISION)
    try:
        co = _elegido(Coalicion, request.POST.get("coalicion", ""))
        servicio.registrar_siglado(
            actor=request.user,
            coalicion=co,
            demarcacion=_elegido(Demarcacion, request.POST.get("demarcacion", "")),
            partido=_elegido(Partido, request.POST.get("partido", "")),
        )
        messages.success(request, "Siglado registrado.")
    except CandidaturaError as exc:
        _error(request, exc)
    return redirect("candidaturas:coaliciones")


@login_required
@require_POST
def aspirante(request: HttpRequest) -> HttpResponse:
    from ople.candidaturas.services import coaliciones as servicio

    _personal(request, roles.REVISION)
    post = request.POST
    try:
        eleccion = _elegido(Eleccion, post.get("eleccion", ""))
        try:
            requeridos = int(post.get("apoyos_requeridos", ""))
        except ValueError:
            raise CandidaturaError("apoyos", "Escriba los apoyos requeridos como número.") from None
        datos = _persona_de(post, "")
        if datos is None:  # without a prefix a missing CURP is already an error
            raise CandidaturaError("curp", "Escriba la CURP.")
        servicio.registrar_aspirante(
            actor=request.user,
            persona=datos,
            eleccion=eleccion,
            demarcacion=_elegido(Demarcacion, post.get("demarcacion", "")),
            asociacion_civil=post.get("asociacion_civil", ""),
            apoyos_requeridos=requeridos,
        )
        messages.success(request, "Manifestación de intención registrada.")
    except CandidaturaError as exc:
        _error(request, exc)
    return redirect("candidaturas:coaliciones")


@login_required
@require_POST
def aspirante_etapa(request: HttpRequest, pk: int) -> HttpResponse:
    from ople.candidaturas.models import Aspirante
    from ople.candidaturas.services import coaliciones as servicio

    _personal(request, roles.REVISION)
    a = get_object_or_404(Aspirante, pk=pk)
    post = request.POST
    try:
        if post.get("accion") == "negar":
            servicio.negar_aspirante(actor=request.user, aspirante=a, motivo=post.get("motivo", ""))
            messages.success(request, f"Aspiración de {a.persona} negada.")
        else:
            texto = post.get("apoyos_validos", "").strip()
            try:
                validos = int(texto) if texto else None
            except ValueError:
                raise CandidaturaError(
                    "apoyos", "Escriba los apoyos válidos como número."
                ) from None
            if validos is not None and validos < 0:
                raise CandidaturaError("apoyos", "Los apoyos válidos no pueden ser negativos.")
            a = servicio.avanzar_aspirante(actor=request.user, aspirante=a, apoyos_validos=validos)
            messages.success(request, f"{a.persona}: {a.get_etapa_display()}.")
    except CandidaturaError as exc:
        _error(request, exc)
    return redirect("candidaturas:coaliciones")
