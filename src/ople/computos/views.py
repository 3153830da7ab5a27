"""Back-office pages of the cómputos: thin views over `services` (work without JavaScript).

Every refusal of a service comes back as a Spanish message on the page it was sent from; bad
identifiers are a 404, missing rights a 403; nothing here answers a 500 for bad input.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from ople.computos import calculo, selectors
from ople.computos import roles as r
from ople.computos.models import (
    ActaEnMano,
    AcuerdoRecuento,
    Consejo,
    Documento,
    Expediente,
    GrupoTrabajo,
    Integrante,
    Sesion,
    VotoReservado,
)
from ople.computos.services import documentos as docs
from ople.computos.services import sesion as svc
from ople.core import group_commit, roles, scopes
from ople.core.errors import OpleError


def _consejo(request: HttpRequest, clave: str) -> Consejo:
    """The consejo of the URL as this user may see it: a representative's of their scope (any
    other is a 404), a staff member's where they work (another consejo's is a 403 that says
    why; the institute-wide role sees every one)."""
    afuera = scopes.is_outside(request.user)
    if not afuera and not (roles.role_names(request.user) & r.PERSONAL):
        raise PermissionDenied("Esta página es del personal de los consejos.")
    consejo = selectors.consejos_visibles(request.user).filter(clave=clave).first()
    if consejo is None:
        otro = None if afuera else Consejo.objects.filter(clave=clave).first()
        if otro is not None:
            selectors.exigir_consejo(request.user, otro)  # another consejo's: its Spanish 403
        raise Http404("No existe ese consejo o no está en su ámbito.")
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
    nombres = roles.role_names(request.user)
    # The cut covers every consejo: the coordinación's (central) presidencia or secretaría.
    puede = r.CENTRAL in nombres and bool(nombres & {r.PRESIDENCIA, r.SECRETARIA})
    return render(
        request,
        "computos/inicio.html",
        {"filas": selectors.tablero(consejos), "puede_publicar": puede},
    )


@login_required
@require_POST
def publicar(request: HttpRequest) -> HttpResponse:
    """Publish a cut of every cómputo now: an act over every consejo, so a presidencia or
    secretaría who also holds the central role (one consejo's staff cannot publish the others')."""
    from ople.computos.services.publicar import publicar_corte

    roles.require_role(request.user, r.PRESIDENCIA, r.SECRETARIA)
    roles.require_role(request.user, r.CENTRAL)
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


# --- actas en mano, integrantes and grupos de trabajo ------------------------------------------


def _numero_opcional(texto: str, que: str) -> int | None:
    texto = (texto or "").strip()
    if not texto:
        return None
    if not texto.isdigit() or len(texto) > 6:
        raise OpleError("cifras_invalidas", f"{que} debe ser un número entero o quedar vacío.")
    return int(texto)


def _pk(texto: str) -> int:
    texto = (texto or "").strip()
    return int(texto) if texto.isdigit() and len(texto) < 12 else 0


@login_required
def actas(request: HttpRequest, clave: str) -> HttpResponse:
    """The actas in hand before the session: the package's, the presidency's copy and the
    representatives' copies of each casilla (including those delivered outside the package), and
    the package's condition; what each casilla already has. Nothing is overwritten: a correction
    is a new record."""
    consejo = _consejo(request, clave)
    representante = scopes.is_outside(request.user)
    nombres = roles.role_names(request.user)
    personal = bool(nombres & {r.PRESIDENCIA, r.SECRETARIA})
    s = Sesion.objects.get(consejo=consejo)
    abierta = s.estado in (Sesion.Estado.DISPONIBILIDAD_ACTAS, Sesion.Estado.REUNION_DE_TRABAJO)
    cols = calculo.boleta_de(consejo).nombres
    Orig = ActaEnMano.Origen
    origenes = [(Orig.REPRESENTACION, Orig.REPRESENTACION.label)] if representante else []
    if personal:
        origenes = [(Orig.PAQUETE, Orig.PAQUETE.label), (Orig.PRESIDENCIA, Orig.PRESIDENCIA.label)]
    valores: dict[str, str] = {}
    marcadas: list[str] = []
    if request.method == "POST":
        exp = consejo.expedientes.filter(pk=_pk(request.POST.get("expediente", ""))).first()
        if exp is None:
            raise Http404("No existe esa casilla en este consejo.")
        valores = {c: request.POST.get(f"c_{c}", "").strip() for c in cols}
        marcadas = [c for c in request.POST.getlist("ilegible") if c in cols]
        origen = request.POST.get("origen", "")

        def registrar() -> None:
            if origen not in {o for o, _ in origenes}:
                raise OpleError("origen_invalido", "Elija de quién es el acta que registra.")
            svc.registrar_acta(
                expediente=exp,
                origen=origen,
                votos={c: v for c, v in valores.items() if c not in marcadas},
                ilegibles=marcadas,
                usuario=request.user,
                personas_votaron=_numero_opcional(
                    request.POST.get("personas_votaron", ""), "Personas que votaron"
                ),
                votos_sacados=_numero_opcional(
                    request.POST.get("votos_sacados", ""), "Votos sacados de la urna"
                ),
                alteraciones_evidentes=request.POST.get("alteraciones") == "1",
            )

        if _hacer(request, registrar, f"Acta de la casilla {exp.clave} registrada."):
            return redirect(f"{request.path}?casilla={exp.clave}")
    else:
        pedida = request.GET.get("casilla", "")[:40]
        exp = consejo.expedientes.filter(clave=pedida).first() if pedida else None
    filas = []
    for x in consejo.expedientes.prefetch_related("actas", "condiciones").order_by("clave"):
        hay = list(x.actas.all())
        condicion = list(x.condiciones.all())
        filas.append(
            {
                "expediente": x,
                "origenes": ", ".join(
                    a.get_origen_display() + (f" ({a.partido})" if a.partido else "") for a in hay
                ),
                "condicion": condicion[-1] if condicion else None,
            }
        )
    return render(
        request,
        "computos/actas.html",
        {
            "consejo": consejo,
            "sesion": s,
            "abierta": abierta,
            "personal": personal,
            "origenes": origenes,
            "filas": filas,
            "exp": exp,
            "registradas": list(exp.actas.select_related("usuario")) if exp else [],
            "condiciones": list(exp.condiciones.select_related("usuario")) if exp else [],
            "campos": [(c, valores.get(c, ""), c in marcadas) for c in cols],
            "columnas": cols,
            "post": request.POST if request.method == "POST" else {},
        },
    )


@login_required
@require_POST
def condicion(request: HttpRequest, clave: str) -> HttpResponse:
    """The package's condition as received (presidencia, secretaría)."""
    consejo = _consejo(request, clave)
    exp = consejo.expedientes.filter(pk=_pk(request.POST.get("expediente", ""))).first()
    if exp is None:
        raise Http404("No existe esa casilla en este consejo.")
    _hacer(
        request,
        lambda: svc.registrar_condicion(
            expediente=exp,
            usuario=request.user,
            con_alteracion=request.POST.get("con_alteracion") == "1",
            inconsistencia_aclarada=request.POST.get("aclarada") == "1",
            descripcion=request.POST.get("descripcion", ""),
        ),
        f"Condición del paquete de {exp.clave} registrada.",
    )
    return redirect(f"{reverse('computos:actas', args=[clave])}?casilla={exp.clave}")


@login_required
def integrantes(request: HttpRequest, clave: str) -> HttpResponse:
    """Who sits in the consejo: presidencia, secretaría técnica, consejerías, representaciones
    (registered by the presidencia or the secretaría; everyone of the consejo sees the list)."""
    consejo = _consejo(request, clave)
    puede = bool(roles.role_names(request.user) & {r.PRESIDENCIA, r.SECRETARIA, r.CENTRAL})
    datos = {k: request.POST.get(k, "").strip() for k in ("cargo", "nombre", "partido", "cuenta")}
    if request.method == "POST":

        def registrar() -> None:
            persona = None
            if datos["cuenta"]:
                persona = (
                    get_user_model()
                    .objects.filter(username=datos["cuenta"][:150], is_active=True)
                    .first()
                )
                if persona is None:
                    raise OpleError(
                        "cuenta_desconocida", f"No existe la cuenta activa «{datos['cuenta']}»."
                    )
            svc.registrar_integrante(
                consejo=consejo,
                cargo=datos["cargo"],
                nombre=datos["nombre"],
                partido=datos["partido"] if datos["cargo"] == "REPRESENTACION" else "",
                persona=persona,
                usuario=request.user,
            )

        if _hacer(request, registrar, "Integrante registrado."):
            return redirect("computos:integrantes", clave=clave)
    return render(
        request,
        "computos/integrantes.html",
        {
            "consejo": consejo,
            "puede": puede,
            "lista": list(consejo.integrantes.select_related("usuario")),
            "cargos": Integrante.Cargo.choices,
            "partidos": calculo.boleta_de(consejo).partidos,
            "datos": datos,
        },
    )


@login_required
def grupos(request: HttpRequest, clave: str) -> HttpResponse:
    """The grupos de trabajo approved in the sesión extraordinaria: who chairs each (an account
    with the GT role), its auxiliaries and its puntos de recuento; the presidencia designates."""
    consejo = _consejo(request, clave)
    presidencia = r.PRESIDENCIA in roles.role_names(request.user)
    candidatos = list(
        get_user_model()
        .objects.filter(groups__name=r.GRUPO, is_active=True)
        .order_by("username")
        .distinct()
    )
    if request.method == "POST":
        grupo = GrupoTrabajo.objects.filter(
            consejo=consejo, pk=_pk(request.POST.get("grupo", ""))
        ).first()
        if grupo is None:
            raise Http404("No existe ese grupo de trabajo en este consejo.")

        def designar() -> None:
            cuenta = request.POST.get("presidencia", "").strip()
            persona = None
            if cuenta:
                persona = next((u for u in candidatos if str(u.pk) == cuenta), None)
                if persona is None:
                    raise OpleError(
                        "presidencia_invalida",
                        "Elija una cuenta con el rol de grupo de trabajo para presidir el grupo.",
                    )
            puntos = request.POST.get("puntos", "").strip()
            if puntos and (not puntos.isdigit() or len(puntos) > 3):
                raise OpleError(
                    "plan_invalido", "Los puntos de recuento deben ser un número entero."
                )
            svc.designar_grupo(
                grupo=grupo,
                usuario=request.user,
                presidencia=persona,
                auxiliares=request.POST.get("auxiliares", ""),
                puntos_recuento=int(puntos) if puntos else None,
            )

        if _hacer(request, designar, f"GT {grupo.numero} designado."):
            return redirect("computos:grupos", clave=clave)
    acuerdo = AcuerdoRecuento.objects.filter(consejo=consejo).first()
    estado = Sesion.objects.get(consejo=consejo).estado
    lista = list(consejo.grupos.select_related("presidencia"))
    return render(
        request,
        "computos/grupos.html",
        {
            "consejo": consejo,
            "presidencia": presidencia,
            "acuerdo": acuerdo,
            "grupos": [(g, docs.actas_de_grupo(g)) for g in lista],
            "candidatos": candidatos,
            "abierta": estado in svc.DESIGNACION_GT,
            "actas_abiertas": svc.ORDEN.index(estado)
            >= svc.ORDEN.index(Sesion.Estado.RECUENTO_EN_GT),
            "expide": bool(roles.role_names(request.user) & {r.PRESIDENCIA, r.SECRETARIA}),
        },
    )


@login_required
@require_POST
def acta_grupo(request: HttpRequest, clave: str, pk: int) -> HttpResponse:
    """Issue the acta circunstanciada of a grupo de trabajo (presidencia, secretaría)."""
    consejo = _consejo(request, clave)
    grupo = get_object_or_404(GrupoTrabajo, pk=pk, consejo=consejo)
    _hacer(
        request,
        lambda: docs.emitir_acta_grupo(
            grupo=grupo, usuario=request.user, incidentes=request.POST.get("incidentes", "")
        ),
        f"Acta circunstanciada del GT {grupo.numero} expedida.",
    )
    return redirect("computos:grupos", clave=clave)
