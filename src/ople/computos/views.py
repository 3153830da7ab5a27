"""Back-office pages of the cómputos: thin views over `services` (work without JavaScript).

Every refusal of a service comes back as a Spanish message on the page it was sent from; bad
identifiers are a 404, missing rights a 403; nothing here answers a 500 for bad input.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from ople.computos import calculo, selectors
from ople.computos import roles as r
from ople.computos.models import Consejo, Documento, Expediente, GrupoTrabajo, Sesion, VotoReservado
from ople.computos.services import documentos as docs
from ople.computos.services import sesion as svc
from ople.core import group_commit, roles, scopes
from ople.core.errors import OpleError


def _consejo(request: HttpRequest, clave: str) -> Consejo:
    consejo = selectors.consejos_visibles(request.user).filter(clave=clave).first()
    if consejo is None:
        raise Http404("No existe ese consejo o no está en su ámbito.")
    if not scopes.is_outside(request.user) and not (roles.role_names(request.user) & r.PERSONAL):
        raise PermissionDenied("Esta página es del personal de los consejos.")
    return consejo


def _hacer(request: HttpRequest, accion: Any, exito: str) -> bool:
    try:
        accion()
    except OpleError as exc:
        messages.error(request, exc.mensaje)
        return False
    except PermissionDenied as exc:
        messages.error(request, str(exc) or "No tiene permiso para esta acción.")
        return False
    messages.success(request, exito)
    return True


@login_required
def inicio(request: HttpRequest) -> HttpResponse:
    consejos = selectors.consejos_visibles(request.user)
    if not scopes.is_outside(request.user) and not (roles.role_names(request.user) & r.PERSONAL):
        raise PermissionDenied("Esta página es del personal de los consejos.")
    puede = bool(roles.role_names(request.user) & {r.PRESIDENCIA, r.SECRETARIA})
    return render(
        request,
        "computos/inicio.html",
        {"filas": selectors.tablero(consejos), "puede_publicar": puede},
    )


@login_required
@require_POST
def publicar(request: HttpRequest) -> HttpResponse:
    """Publish a cut of every cómputo now (presidencia, secretaría)."""
    from ople.computos.services.publicar import publicar_corte

    roles.require_role(request.user, r.PRESIDENCIA, r.SECRETARIA)
    try:
        corte = publicar_corte(usuario=request.user)
    except OpleError as exc:
        messages.error(request, exc.mensaje)
    else:
        messages.success(request, f"Corte {corte.nombre} publicado en /computos/.")
    return redirect("computos:inicio")


@login_required
def sesion(request: HttpRequest, clave: str) -> HttpResponse:
    consejo = _consejo(request, clave)
    v = selectors.vista(consejo)
    nombres = roles.role_names(request.user)
    return render(
        request,
        "computos/sesion.html",
        {
            "v": v,
            "E": Sesion.Estado,
            "presidencia": r.PRESIDENCIA in nombres,
            "representante": scopes.is_outside(request.user),
            "captura": bool(nombres & {r.CAPTURA, r.GRUPO, r.PRESIDENCIA, r.SECRETARIA}),
            "firmante": bool(nombres & {r.PRESIDENCIA, r.SECRETARIA, r.CONSEJERIA})
            or scopes.is_outside(request.user),
            "columnas": v.boleta.nombres,
        },
    )


@login_required
@require_POST
def avanzar(request: HttpRequest, clave: str) -> HttpResponse:
    consejo = _consejo(request, clave)
    s = Sesion.objects.get(consejo=consejo)
    if request.POST.get("estado") != s.estado:
        messages.error(
            request, "La sesión cambió de etapa mientras usted la veía; revise y repita."
        )
    else:
        _hacer(
            request,
            lambda: svc.avanzar(
                sesion=s, usuario=request.user, motivo=request.POST.get("motivo", "")
            ),
            "La sesión pasó a su siguiente etapa.",
        )
    return redirect("computos:sesion", clave=clave)


@login_required
@require_POST
def importar_prep(request: HttpRequest, clave: str) -> HttpResponse:
    consejo = _consejo(request, clave)
    _hacer(
        request,
        lambda: svc.importar_prep(consejo=consejo, usuario=request.user),
        "Se trajeron las cifras del PREP como actas en mano.",
    )
    return redirect("computos:sesion", clave=clave)


def _entero(texto: str, defecto: int = 0) -> int:
    texto = (texto or "").strip()
    if not texto:
        return defecto
    if not texto.isdigit() or len(texto) > 3:
        raise OpleError("plan_invalido", "Grupos y puntos de recuento deben ser números enteros.")
    return int(texto)


@login_required
@require_POST
def aprobar(request: HttpRequest, clave: str) -> HttpResponse:
    consejo = _consejo(request, clave)

    def accion() -> None:
        svc.aprobar_recuento(
            consejo=consejo,
            usuario=request.user,
            casillas=request.POST.getlist("casilla"),
            sede=request.POST.get("sede", ""),
            grupos=_entero(request.POST.get("grupos", "")),
            puntos_por_grupo=_entero(request.POST.get("puntos", "")),
        )

    _hacer(request, accion, "Lista de recuento, grupos de trabajo y sede aprobados.")
    return redirect("computos:sesion", clave=clave)


@login_required
@require_POST
def recuento_total(request: HttpRequest, clave: str) -> HttpResponse:
    consejo = _consejo(request, clave)
    try:
        sol = svc.solicitar_recuento_total(consejo=consejo, usuario=request.user)
    except (OpleError, PermissionDenied) as exc:
        messages.error(request, getattr(exc, "mensaje", None) or str(exc))
    else:
        p = sol.prueba
        texto = f"Diferencia de {p['diferencia']} votos, {p['puntos']} puntos de {p['base']}: " + (
            "procede el recuento total." if sol.procede else "no procede el recuento total."
        )
        (messages.success if sol.procede else messages.warning)(request, texto)
    return redirect("computos:sesion", clave=clave)


@login_required
@require_POST
def reservado(request: HttpRequest, clave: str) -> HttpResponse:
    consejo = _consejo(request, clave)
    pk = request.POST.get("voto", "")
    voto = VotoReservado.objects.filter(
        pk=int(pk) if pk.isdigit() and len(pk) < 12 else 0, recuento__expediente__consejo=consejo
    ).first()
    if voto is None:
        raise Http404("No existe ese voto reservado.")
    _hacer(
        request,
        lambda: svc.decidir_reservado(
            voto=voto, usuario=request.user, columna=request.POST.get("columna", "")
        ),
        f"Voto reservado {voto.numero} de {voto.recuento.expediente.clave} decidido.",
    )
    return redirect("computos:sesion", clave=clave)


@login_required
@require_POST
def firmar(request: HttpRequest, clave: str, pk: int) -> HttpResponse:
    consejo = _consejo(request, clave)
    documento = get_object_or_404(Documento, pk=pk, consejo=consejo)
    protesta = request.POST.get("bajo_protesta") == "1"
    _hacer(
        request,
        lambda: docs.firmar(
            documento=documento,
            usuario=request.user,
            bajo_protesta=protesta,
            motivo=request.POST.get("motivo", ""),
        ),
        "Firma bajo protesta registrada." if protesta else "Firma registrada.",
    )
    return redirect("computos:sesion", clave=clave)


@login_required
def documento(request: HttpRequest, clave: str, pk: int) -> HttpResponse:
    consejo = _consejo(request, clave)
    d = get_object_or_404(Documento, pk=pk, consejo=consejo)
    respuesta = HttpResponse(docs.pdf_de(d), content_type="application/pdf")
    respuesta["Content-Disposition"] = (
        f'inline; filename="{d.get_tipo_display()} {d.folio}.pdf"'.replace("/", "-")
    )
    return respuesta


def _modo(sesion_: Sesion) -> str:
    E = Sesion.Estado
    return {
        E.COTEJO_EN_PLENO: "cotejo",
        E.RECUENTO_EN_GT: "recuento",
        E.PAQUETES_CON_ALTERACION: "pleno",
    }.get(Sesion.Estado(sesion_.estado), "")


@login_required
def captura(request: HttpRequest, clave: str) -> HttpResponse:
    """Keyboard-first capture of a casilla's figures: the cotejo (capture, then a second person's
    confirmation), or a recount result (in a GT, or in the pleno for an altered package)."""
    consejo = _consejo(request, clave)
    roles.require_role(request.user, r.CAPTURA, r.GRUPO, r.PRESIDENCIA, r.SECRETARIA)
    s = Sesion.objects.get(consejo=consejo)
    modo = _modo(s)
    cols = calculo.boleta_de(consejo).nombres
    valores: dict[str, str] = {}
    reservados = ""
    if request.method == "POST":
        pk = request.POST.get("expediente", "")
        exp = Expediente.objects.filter(
            pk=int(pk) if pk.isdigit() and len(pk) < 12 else 0, consejo=consejo
        ).first()
        if exp is None:
            raise Http404("No existe esa casilla en este consejo.")
        valores = {c: request.POST.get(f"c_{c}", "").strip() for c in cols}
        reservados = request.POST.get("reservados", "")
        gpk = request.POST.get("grupo", "")
        grupo = GrupoTrabajo.objects.filter(
            consejo=consejo, pk=int(gpk) if gpk.isdigit() and len(gpk) < 12 else 0
        ).first()
        post_modo = request.POST.get("modo", "")
        try:
            if post_modo != modo:
                raise OpleError(
                    "etapa_cerrada",
                    "La etapa cambió: esa captura ya no se admite. No se registró nada.",
                )
            if modo == "cotejo":
                res = group_commit.run(
                    lambda: svc.capturar_cotejo(expediente=exp, usuario=request.user, votos=valores)
                )
                if hasattr(res, "resultado"):
                    messages.success(
                        request,
                        f"Cotejo de {exp.clave} confirmado: {res.get_resultado_display().lower()}"
                        + (f" ({', '.join(res.causales)})" if res.causales else "")
                        + ".",
                    )
                else:
                    messages.success(
                        request,
                        f"Captura de {exp.clave} registrada; falta la confirmación de otra persona.",
                    )
            else:
                lineas = [x for x in reservados.splitlines() if x.strip()]
                res = group_commit.run(
                    lambda: svc.registrar_recuento(
                        expediente=exp,
                        usuario=request.user,
                        votos=valores,
                        reservados=lineas,
                        grupo=grupo,
                    )
                )
                messages.success(
                    request,
                    f"Recuento de {exp.clave} registrado; constancia {res.constancia_folio}.",
                )
        except (OpleError, PermissionDenied) as exc:
            messages.error(request, getattr(exc, "mensaje", None) or str(exc))
            siguiente = exp
        else:
            valores, reservados = {}, ""
            return redirect("computos:captura", clave=clave)
    else:
        siguiente = None
        pedido = request.GET.get("casilla", "")
        if pedido:
            siguiente = consejo.expedientes.filter(clave=pedido[:40]).first()
        if siguiente is None and modo:
            siguiente = selectors.siguiente_por_capturar(
                consejo, recuento=modo != "cotejo", en_pleno=modo == "pleno"
            )
    pendiente = None
    if siguiente is not None and modo == "cotejo":
        pendiente = siguiente.cotejos.filter(ronda=1).order_by("-id").first()
    return render(
        request,
        "computos/captura.html",
        {
            "consejo": consejo,
            "sesion": s,
            "modo": modo,
            "exp": siguiente,
            "filas": [(c, valores.get(c, "")) for c in cols],
            "reservados": reservados,
            "grupos": consejo.grupos.all(),
            "pendiente": pendiente,
            "confirma": pendiente is not None and pendiente.usuario_id != request.user.pk,
        },
    )
