"""Estrados and electronic notices: publish, withdraw, opt in, notify, open (the acuse).

Keyword-only, one transaction each, audited inside; bad input raises `EstradosError` (Spanish)
and changes nothing. Times come from the server (`ahora` only for tests and the demo). Effects
and deadlines are computed with `ople.ley.plazos` on the active profile's calendar (ADR 0042).
"""

from __future__ import annotations

import hashlib
import logging
from datetime import datetime
from typing import Any, Final

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from ople import profiles
from ople.core import audit, scopes
from ople.core.accounts import NOTICES, PARTY
from ople.core.errors import OpleError
from ople.documentos import pdf
from ople.documentos.services.acuses import emitir_acuse
from ople.documentos.services.emision import emitir
from ople.documentos.services.folios import tomar_folio
from ople.documentos.storage import Evidencia
from ople.estrados import perfil as seccion
from ople.estrados import sitio
from ople.estrados.models import Destinatario, Notificacion, Publicacion
from ople.ley import plazos

log = logging.getLogger(__name__)
PDFS = Evidencia(prefijo="estrados")


class EstradosError(OpleError):
    pass


def _perfil() -> profiles.Perfil:
    return profiles.cargar(settings.OPLE_PROFILE)


def _calendario(momento: datetime) -> tuple[plazos.Calendario, plazos.Periodo | None]:
    p = _perfil()
    anio = timezone.localtime(momento).year
    return p.calendario_para(anio, anio + 1), p.periodo_proceso


def _materia(materia: str) -> plazos.Materia:
    if materia == "electoral":
        return "electoral"
    if materia == "ordinaria":
        return "ordinaria"
    raise EstradosError("materia", "La materia es electoral u ordinaria.")


def _actor(actor: Any | None) -> Any | None:
    return actor if actor is not None and getattr(actor, "is_authenticated", False) else None


def _texto(valor: str, nombre: str, maximo: int) -> str:
    valor = (valor or "").strip()
    if not valor:
        raise EstradosError("campo_vacio", f"Indique {nombre}.")
    if len(valor) > maximo:
        raise EstradosError("campo_largo", f"{nombre.capitalize()}: máximo {maximo} caracteres.")
    return valor


def pdf_de(publicacion: Publicacion) -> bytes:
    from ople.documentos import storage

    return storage.abrir(PDFS.nombre_para(publicacion.pdf_sha256, "pdf"))


# --- estrados -----------------------------------------------------------------------------


def publicar(
    *,
    tipo: str,
    expediente: str,
    organo: str,
    titulo: str,
    texto: str,
    firmado_por: str,
    actor: Any | None,
    materia: str = "electoral",
    ahora: datetime | None = None,
    publicar_sitio: bool = True,
) -> Publicacion:
    """Fix an act on the electronic estrados: its sealed PDF (folio, hash, QR), the time it is
    fixed (server time) and when it takes effect (the next day, LGSMIME art. 30.2).

    The public site is republished once the caller's transaction commits (`publicar_sitio`;
    a page that republishes itself, to show the cut, passes False)."""
    if tipo not in Publicacion.Tipo.values:
        raise EstradosError("tipo", f"Tipo de publicación desconocido: {tipo!r}.")
    expediente = _texto(expediente, "el número de expediente o acuerdo", 100)
    organo = _texto(organo, "el órgano", 200)
    titulo = _texto(titulo, "el título", 300)
    texto = _texto(texto, "el texto", 20000)
    firmado_por = _texto(firmado_por, "quién firma", 200)
    ahora = ahora or timezone.now()
    cal, proceso = _calendario(ahora)
    efecto = plazos.surte_efectos(
        cal, ahora, plazos.DIA_SIGUIENTE, materia=_materia(materia), proceso=proceso
    )
    area = seccion.de(_perfil()).area_estrados
    with transaction.atomic():
        folio = tomar_folio(area=area, asunto=f"Estrados: {titulo}", actor=actor, ahora=ahora)
        etiqueta = str(Publicacion.Tipo(tipo).label)
        documento = pdf.Documento(
            # A cédula's title already starts with its kind: not «Cédula…: Cédula…».
            titulo=titulo
            if titulo.lower().startswith(etiqueta.lower())
            else f"{etiqueta}: {titulo}",
            lineas=(
                f"Expediente o acuerdo: {expediente}",
                f"Órgano: {organo}",
                "Fijado en estrados electrónicos: "
                + sitio.momento_legible(timezone.localtime(ahora)),
                f"Surte efectos: {sitio.momento_legible(efecto)} "
                f"({plazos.DIA_SIGUIENTE.fundamento})",
                "",
                *texto.splitlines(),
            ),
            folio=folio.texto,
            fecha=timezone.localtime(ahora),
            firmas=(firmado_por,),
        )
        contenido = emitir(documento, sistema="estrados", actor=actor, ahora=ahora)
        sha, _ = PDFS.guardar(contenido, extension="pdf")
        pub = Publicacion.objects.create(
            folio=folio.texto,
            tipo=tipo,
            expediente=expediente,
            organo=organo,
            titulo=titulo,
            texto=texto,
            firmado_por=firmado_por,
            pdf_sha256=sha,
            contenido_sha256=pdf.sha256(documento),
            fijado_en=ahora,
            surte_efectos_en=efecto,
        )
        audit.record(
            actor=_actor(actor),
            action="estrados.publicar",
            obj=pub,
            after={
                "folio": pub.folio,
                "tipo": tipo,
                "expediente": expediente,
                "organo": organo,
                "pdf_sha256": sha,
                "fijado_en": ahora.isoformat(),
                "surte_efectos_en": efecto.isoformat(),
            },
        )
    if publicar_sitio:
        _publicar_sitio_al_confirmar(actor)
    return pub


def retirar(
    *,
    publicacion: Publicacion,
    motivo: str,
    actor: Any | None,
    ahora: datetime | None = None,
    publicar_sitio: bool = True,
) -> Publicacion:
    """Withdraw an item from the estrados: it stays in the history, marked withdrawn (the public
    site republished on commit, as `publicar`)."""
    motivo = _texto(motivo, "el motivo del retiro", 300)
    ahora = ahora or timezone.now()
    with transaction.atomic():
        pub = Publicacion.objects.select_for_update().get(pk=publicacion.pk)
        if pub.retirado_en is not None:
            raise EstradosError("retirado", f"{pub.folio} ya fue retirado.")
        if ahora < pub.fijado_en:
            raise EstradosError("retiro_previo", "No se retira antes de fijarse.")
        pub.retirado_en = ahora
        pub.motivo_retiro = motivo
        pub.save(update_fields=["retirado_en", "motivo_retiro"])
        audit.record(
            actor=_actor(actor),
            action="estrados.retirar",
            obj=pub,
            after={"folio": pub.folio, "retirado_en": ahora.isoformat(), "motivo": motivo},
        )
    if publicar_sitio:
        _publicar_sitio_al_confirmar(actor)
    return pub


# --- addressees ---------------------------------------------------------------------------


def registrar_destinatario(
    *, clave: str, nombre: str, tipo: str, actor: Any | None, partido: str = "", correo: str = ""
) -> Destinatario:
    if tipo not in Destinatario.Tipo.values:
        raise EstradosError("tipo", f"Tipo de destinatario desconocido: {tipo!r}.")
    clave = _texto(clave, "la clave del destinatario", 120)
    if tipo == Destinatario.Tipo.REPRESENTANTE and not partido.strip():
        raise EstradosError("partido", "Una representación de partido indica su partido.")
    with transaction.atomic():
        if Destinatario.objects.filter(clave=clave).exists():
            raise EstradosError("clave_repetida", f"Ya existe el destinatario {clave}.")
        d = Destinatario.objects.create(
            clave=clave,
            nombre=_texto(nombre, "el nombre", 200),
            tipo=tipo,
            partido=partido.strip(),
            correo=(correo or "").strip(),
        )
        audit.record(
            actor=_actor(actor),
            action="estrados.destinatario",
            obj=d,
            after={"clave": clave, "tipo": tipo, "partido": d.partido},
        )
    return d


def puede_leer(usuario: Any, destinatario: Destinatario) -> bool:
    """An outside user reads an addressee's notices when one of their scopes names it: the
    addressee's key (kind notificaciones) or, for a party's representation, the party."""
    if destinatario.clave in scopes.scopes_of(usuario, NOTICES):
        return True
    return bool(
        destinatario.tipo == Destinatario.Tipo.REPRESENTANTE
        and destinatario.partido
        and destinatario.partido in scopes.scopes_of(usuario, PARTY)
    )


def aceptar(
    *, destinatario: Destinatario, usuario: Any, correo: str, ahora: datetime | None = None
) -> Destinatario:
    """The addressee opts in to electronic notices with their authenticated account."""
    if not scopes.is_outside(usuario) or not puede_leer(usuario, destinatario):
        raise PermissionDenied("Sólo el propio destinatario acepta sus notificaciones.")
    correo = _texto(correo, "el correo para los avisos", 254)
    if "@" not in correo:
        raise EstradosError("correo", "El correo para los avisos no es válido.")
    ahora = ahora or timezone.now()
    with transaction.atomic():
        d = Destinatario.objects.select_for_update().get(pk=destinatario.pk)
        if d.acepto_en is not None:
            raise EstradosError("ya_acepto", "Ya aceptó las notificaciones electrónicas.")
        d.usuario = usuario
        d.acepto_en = ahora
        d.correo = correo
        d.save(update_fields=["usuario", "acepto_en", "correo"])
        audit.record(
            actor=usuario,
            action="estrados.aceptar",
            obj=d,
            after={"clave": d.clave, "correo": correo, "acepto_en": ahora.isoformat()},
        )
    return d


# --- notices ------------------------------------------------------------------------------


def _vence(momento: datetime, plazo_dias: int | None, materia: plazos.Materia) -> datetime | None:
    if plazo_dias is None:
        return None
    p = _perfil()
    cal, proceso = _calendario(momento)
    return plazos.vencimiento(
        cal,
        momento,
        dias=plazo_dias,
        materia=materia,
        proceso=proceso,
        computo=p.computo_desde,
        cierre=p.hora_cierre,
    ).vence


def notificar(
    *,
    publicacion: Publicacion,
    destinatario: Destinatario,
    actor: Any | None,
    materia: str = "electoral",
    plazo_dias: int | None = None,
    url_base: str = "",
    conexion: Any | None = None,
    ahora: datetime | None = None,
    publicar_sitio: bool = True,
) -> Notificacion:
    """Notify an act to an addressee: to their inbox with an e-mail notice if they opted in,
    otherwise by estrados (a cédula de notificación fixed there).

    An electronic notice takes effect when first opened, or when the profile's term ends
    unopened; a notice by estrados, the day after the cédula is fixed."""
    m = _materia(materia)
    if plazo_dias is not None and not 0 <= plazo_dias <= 365:
        raise EstradosError("plazo", "El plazo es de 0 a 365 días.")
    if publicacion.retirado_en is not None:
        raise EstradosError("retirado", "No se notifica un acto retirado de los estrados.")
    ahora = ahora or timezone.now()
    conf = seccion.de(_perfil())
    cal, proceso = _calendario(ahora)
    destinatario = Destinatario.objects.get(pk=destinatario.pk)  # its opt-in as stored now
    electronica = destinatario.acepto_en is not None and destinatario.usuario_id is not None
    with transaction.atomic():
        folio = tomar_folio(
            area=conf.area_notificaciones,
            asunto=f"Notificación: {publicacion.titulo}",
            actor=actor,
            ahora=ahora,
        )
        if electronica:
            modo = Notificacion.Modo.ELECTRONICA
            pub = publicacion
            tener = plazos.surte_efectos(
                cal,
                ahora,
                plazos.Efecto(
                    "Perfil [estrados] tener_por_notificada_dias",
                    dias=conf.tener_por_notificada_dias,
                ),
                materia=m,
                proceso=proceso,
            )
            efecto, vence = None, None
        else:
            modo = Notificacion.Modo.ESTRADOS
            pub = publicar(
                tipo=Publicacion.Tipo.CEDULA,
                expediente=publicacion.expediente,
                organo=publicacion.organo,
                titulo=f"Cédula de notificación a {destinatario.nombre}: {publicacion.titulo}",
                texto=(
                    f"Se notifica a {destinatario.nombre} el acto {publicacion.folio} "
                    f"({publicacion.get_tipo_display()} {publicacion.expediente}), por no "
                    "contar con notificación electrónica aceptada."
                ),
                firmado_por=publicacion.firmado_por,
                actor=actor,
                materia=materia,
                ahora=ahora,
                publicar_sitio=publicar_sitio,
            )
            tener = efecto = pub.surte_efectos_en
            vence = _vence(efecto, plazo_dias, m)
        n = Notificacion.objects.create(
            folio=folio.texto,
            destinatario=destinatario,
            modo=modo,
            publicacion=pub,
            materia=m,
            plazo_dias=plazo_dias,
            publicada_en=ahora,
            se_tiene_por_notificada_en=tener,
            surte_efectos_en=efecto,
            vence_en=vence,
        )
        audit.record(
            actor=_actor(actor),
            action="estrados.notificar",
            obj=n,
            after={
                "folio": n.folio,
                "destinatario": destinatario.clave,
                "modo": modo,
                "acto": publicacion.folio,
                "publicada_en": ahora.isoformat(),
                "se_tiene_por_notificada_en": tener.isoformat(),
            },
        )
    if electronica:
        # The e-mail leaves only once the notice is committed (at once when no caller holds a
        # transaction): a caller's rollback must not leave a mail for a notice that never was.
        transaction.on_commit(lambda: _avisar(n, url_base, conexion), robust=True)
    return n


def _avisar(n: Notificacion, url_base: str, conexion: Any | None) -> None:
    """E-mail the notice (a courtesy: the legal notice is the inbox). A failure is recorded."""
    d = n.destinatario
    url = f"{url_base.rstrip('/')}/notificaciones/{n.pk}/"
    cuerpo = (
        f"{d.nombre}:\n\nTiene una notificación electrónica del Instituto, folio {n.folio}: "
        f"{n.publicacion.titulo} ({n.publicacion.expediente}).\n\nConsúltela en su buzón, "
        f"con su cuenta: {url}\n\nSi no la abre, se tendrá por notificada el "
        f"{timezone.localtime(n.se_tiene_por_notificada_en):%Y-%m-%d %H:%M}.\n"
    )
    try:
        send_mail(
            subject=f"Notificación electrónica {n.folio}",
            message=cuerpo,
            from_email=settings.DEFAULT_FROM_EMAIL,
            recipient_list=[d.correo],
            connection=conexion,  # None: the configured backend (EMAIL_* settings)
        )
    except OSError as exc:
        log.warning("aviso de %s no enviado: %s", n.folio, exc)
        Notificacion.objects.filter(pk=n.pk).update(aviso_error=str(exc)[:300])
        return
    Notificacion.objects.filter(pk=n.pk).update(aviso_enviado_en=timezone.now())


def notificar_automatica(
    *,
    publicacion: Publicacion,
    destinatario: Destinatario,
    sesion: str,
    sesion_en: datetime,
    actor: Any | None,
    materia: str = "electoral",
    plazo_dias: int | None = None,
) -> Notificacion:
    """Record the automatic notice of a party whose representative was present at the session
    that approved the act: it takes effect at the session (TEPJF, SX-JRC-55/2017, legal.md §4.4)."""
    m = _materia(materia)
    if destinatario.tipo != Destinatario.Tipo.REPRESENTANTE:
        raise EstradosError("no_representante", "Sólo una representación presente en la sesión.")
    sesion = _texto(sesion, "la sesión", 200)
    conf = seccion.de(_perfil())
    with transaction.atomic():
        folio = tomar_folio(
            area=conf.area_notificaciones,
            asunto=f"Notificación automática: {publicacion.titulo}",
            actor=actor,
            ahora=sesion_en,
        )
        n = Notificacion.objects.create(
            folio=folio.texto,
            destinatario=destinatario,
            modo=Notificacion.Modo.AUTOMATICA,
            publicacion=publicacion,
            materia=m,
            plazo_dias=plazo_dias,
            publicada_en=sesion_en,
            sesion=sesion,
            se_tiene_por_notificada_en=sesion_en,
            surte_efectos_en=sesion_en,
            vence_en=_vence(sesion_en, plazo_dias, m),
        )
        audit.record(
            actor=_actor(actor),
            action="estrados.notificar",
            obj=n,
            after={
                "folio": n.folio,
                "destinatario": destinatario.clave,
                "modo": n.modo,
                "acto": publicacion.folio,
                "sesion": sesion,
                "surte_efectos_en": sesion_en.isoformat(),
            },
        )
    return n


def abrir(
    *, notificacion: Notificacion, usuario: Any, ahora: datetime | None = None
) -> Notificacion:
    """The addressee opens a notice. The first opening fixes its effect (or the deemed-served
    moment, if earlier), the deadline, and issues the signed acuse: posted-at, first-opened-at
    and the SHA-256 of the act's PDF, signed with the institute's key."""
    if not puede_leer(usuario, notificacion.destinatario):
        raise PermissionDenied("Esta notificación no está dirigida a usted.")
    ahora = ahora or timezone.now()
    with transaction.atomic():
        n = (
            Notificacion.objects.select_for_update()
            .select_related("publicacion", "destinatario")
            .get(pk=notificacion.pk)
        )
        if n.abierta_en is not None or n.modo != Notificacion.Modo.ELECTRONICA:
            return n
        efecto = min(ahora, n.se_tiene_por_notificada_en)
        n.abierta_en = ahora
        n.surte_efectos_en = efecto
        n.vence_en = _vence(efecto, n.plazo_dias, _materia(n.materia))
        pub = n.publicacion
        local = timezone.localtime
        folio, contenido = emitir_acuse(
            documento=(
                f"Notificación electrónica {n.folio} a {n.destinatario.nombre}: "
                f"{pub.get_tipo_display()} {pub.expediente}, {pub.titulo} (folio {pub.folio}). "
                f"Publicada en el buzón: {local(n.publicada_en).isoformat()}. "
                f"Abierta por primera vez: {local(ahora).isoformat()}. "
                f"Surte efectos: {local(efecto).isoformat()}."
            ),
            documento_sha256=pub.pdf_sha256,
            entregado_por="Instituto Estatal Electoral, buzón de notificaciones electrónicas",
            area=seccion.de(_perfil()).area_notificaciones,
            actor=usuario,
            ahora=ahora,
        )
        n.acuse_folio = folio
        n.acuse_sha256 = hashlib.sha256(contenido).hexdigest()
        n.save(
            update_fields=[
                "abierta_en",
                "surte_efectos_en",
                "vence_en",
                "acuse_folio",
                "acuse_sha256",
            ]
        )
        audit.record(
            actor=usuario,
            action="estrados.abrir",
            obj=n,
            after={
                "folio": n.folio,
                "abierta_en": ahora.isoformat(),
                "surte_efectos_en": efecto.isoformat(),
                "acuse": folio,
            },
        )
    return n


def tener_por_notificadas(*, ahora: datetime | None = None, actor: Any | None = None) -> int:
    """Unopened electronic notices whose term ended are deemed served at that moment; each gets
    its signed acuse saying so (posted-at, never opened, deemed served at), so the record of
    service exists whether or not the addressee ever looks."""
    ahora = ahora or timezone.now()
    n_total = 0
    pendientes = Notificacion.objects.filter(
        modo=Notificacion.Modo.ELECTRONICA,
        abierta_en__isnull=True,
        surte_efectos_en__isnull=True,
        se_tiene_por_notificada_en__lte=ahora,
    ).select_related("publicacion", "destinatario")
    area = seccion.de(_perfil()).area_notificaciones
    local = timezone.localtime
    for n in pendientes:
        with transaction.atomic():
            n.surte_efectos_en = n.se_tiene_por_notificada_en
            n.vence_en = _vence(n.surte_efectos_en, n.plazo_dias, _materia(n.materia))
            pub = n.publicacion
            folio, contenido = emitir_acuse(
                documento=(
                    f"Notificación electrónica {n.folio} a {n.destinatario.nombre}: "
                    f"{pub.get_tipo_display()} {pub.expediente}, {pub.titulo} (folio {pub.folio}). "
                    f"Publicada en el buzón: {local(n.publicada_en).isoformat()}. "
                    "No abierta: se tiene por notificada el "
                    f"{local(n.surte_efectos_en).isoformat()} (perfil, [estrados] "
                    "tener_por_notificada_dias)."
                ),
                documento_sha256=pub.pdf_sha256,
                entregado_por="Instituto Estatal Electoral, buzón de notificaciones electrónicas",
                area=area,
                actor=_actor(actor),
                ahora=n.surte_efectos_en,
            )
            n.acuse_folio = folio
            n.acuse_sha256 = hashlib.sha256(contenido).hexdigest()
            n.save(update_fields=["surte_efectos_en", "vence_en", "acuse_folio", "acuse_sha256"])
            audit.record(
                actor=_actor(actor),
                action="estrados.tener_por_notificada",
                obj=n,
                after={
                    "folio": n.folio,
                    "surte_efectos_en": n.surte_efectos_en.isoformat(),
                    "acuse": folio,
                },
            )
        n_total += 1
    return n_total


# --- the public site -------------------------------------------------------------------------

SITIO: Final = "estrados"


def items_del_sitio() -> list[sitio.Item]:
    return [
        sitio.Item(
            folio=p.folio,
            tipo=p.tipo,
            expediente=p.expediente,
            organo=p.organo,
            titulo=p.titulo,
            firmado_por=p.firmado_por,
            fijado_en=timezone.localtime(p.fijado_en),
            surte_efectos_en=timezone.localtime(p.surte_efectos_en),
            retirado_en=timezone.localtime(p.retirado_en) if p.retirado_en else None,
            motivo_retiro=p.motivo_retiro,
            pdf_sha256=p.pdf_sha256,
            contenido_sha256=p.contenido_sha256,
        )
        for p in Publicacion.objects.all()
    ]


def _publicar_sitio_al_confirmar(actor: Any | None) -> None:
    """Republish the public estrados once the outermost transaction commits (at once when there
    is none): what another system fixes here (candidaturas' prevenciones and their cédulas)
    reaches the public site without waiting for the office's next change. One cut per
    transaction however many acts it fixed; a failure is logged (the acts stay committed, and
    the next change or `ople estrados publicar` publishes them)."""
    from ople.publicacion.services.publicar import al_confirmar

    al_confirmar(SITIO, lambda: publicar_sitio(actor=actor))


def publicar_sitio(*, actor: Any | None, ahora: datetime | None = None) -> Any:
    """Publish the estrados as a signed, chained cut of the site `estrados` (ople.publicacion):
    every page of the static site, and the sealed PDFs once in the site's store. Called after
    each change of the estrados (outside its transaction). Returns the `CortePublicado`."""
    from ople.publicacion import publicar as publicar_corte
    from ople.publicacion import sitio_de
    from ople.publicacion.services.publicar import siguiente_momento

    ahora = siguiente_momento(SITIO, ahora or timezone.now())
    publicaciones = list(Publicacion.objects.all())
    archivos = sitio.generar(
        items_del_sitio(), generado_en=timezone.localtime(ahora), pdfs={}, almacen=True
    )
    almacen = {f"{p.pdf_sha256}.pdf": pdf_de(p) for p in publicaciones}
    return publicar_corte(
        sitio_de(SITIO),
        archivos,
        corte_en=ahora,
        almacen=almacen,
        accion="estrados.corte",
        actor=_actor(actor),
        descripcion=f"Estrados electrónicos: {len(publicaciones)} publicaciones",
    )


def acuse_de(n: Notificacion) -> bytes:
    from ople.documentos import storage
    from ople.documentos.services.acuses import ACUSES

    return storage.abrir(ACUSES.nombre_para(n.acuse_sha256, "json"))
