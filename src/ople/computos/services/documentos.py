"""The cómputo's documents (legal.md §1.7): the acta de cómputo, the constancia de mayoría y
validez and the constancias individuales de recuento — PDFs from `ople.documentos` (folio
without gaps, SHA-256 of the canonical content, verification QR), stored as evidence. Signing
the acta (under protest too) is recorded here."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from ople.catalog import selectors as catalogo
from ople.computos import calculo, selectors
from ople.computos import roles as r
from ople.computos.models import (
    AcuerdoRecuento,
    Consejo,
    Documento,
    EnRecuento,
    Firma,
    GrupoTrabajo,
    ResultadoRecuento,
    Sesion,
    SolicitudRecuentoTotal,
    VersionComputo,
)
from ople.core import audit, roles, scopes
from ople.core.accounts import DEMARCATION, PARTY
from ople.core.errors import OpleError
from ople.documentos import pdf
from ople.documentos.services.emision import emitir, registrar
from ople.documentos.services.folios import tomar_folio
from ople.documentos.storage import Evidencia, abrir

ALMACEN = Evidencia(prefijo="computos")


def _guardar(
    *,
    consejo: Consejo,
    tipo: str,
    doc: pdf.Documento,
    version: VersionComputo | None,
    ahora: datetime,
    diferido: bool = False,
    actor: Any | None = None,
) -> Documento:
    """The document's row with its canonical content and hash; its PDF rendered now, or (for the
    constancias de recuento, captured under time pressure) on first download: the renderer is
    deterministic, so the file is the same whenever it is made. Its canonical content is kept by
    the platform (`documentos.services.emision.registrar`) in the same transaction, so its
    verification page is published once that commits."""
    # A deferred one (the capture screen's hot path, ADR 0048) has no PDF, hence no QR, until
    # its first download: its page is published then (`pdf_de` → `emitir`), not in this commit.
    registrar(doc, sistema="computos", actor=actor, ahora=ahora, publicar_sitio=not diferido)
    d = Documento.objects.create(
        consejo=consejo,
        tipo=tipo,
        version=version,
        folio=doc.folio,
        sha256=pdf.sha256(doc),
        contenido={
            "titulo": doc.titulo,
            "lineas": list(doc.lineas),
            "folio": doc.folio,
            "fecha": doc.fecha.isoformat(),
            "firmas": list(doc.firmas),
        },
        creado=ahora,
    )
    if not diferido:
        pdf_de(d)
    return d


def documento_pdf(d: Documento) -> pdf.Documento:
    c = d.contenido
    return pdf.Documento(
        titulo=c["titulo"],
        lineas=tuple(c["lineas"]),
        folio=c["folio"],
        fecha=datetime.fromisoformat(c["fecha"]),
        firmas=tuple(c["firmas"]),
    )


def pdf_de(d: Documento) -> bytes:
    """The document's PDF: from the evidence store, or rendered from its canonical content and
    stored (the row records where, once)."""
    if d.ruta:
        return abrir(d.ruta)
    doc = documento_pdf(d)
    if pdf.sha256(doc) != d.sha256:
        raise OpleError(
            "documento_alterado", "El contenido del documento no corresponde a su huella."
        )
    datos = emitir(doc, sistema="computos")
    sha_pdf, ruta = ALMACEN.guardar(datos, extension="pdf")
    Documento.objects.filter(pk=d.pk, ruta="").update(ruta=ruta, sha256_pdf=sha_pdf)
    d.ruta, d.sha256_pdf = ruta, sha_pdf
    return datos


def _linea_cifras(cifras: dict[str, int]) -> list[str]:
    return [f"  {k}: {v:,}".replace(",", " ") for k, v in cifras.items()]


def lineas_acta(consejo: Consejo, version: VersionComputo) -> list[str]:
    sesion = Sesion.objects.get(consejo=consejo)
    dem = consejo.demarcacion
    eleccion = dem.eleccion
    transiciones = list(sesion.transiciones.order_by("id"))
    inicio = next((t.creado for t in transiciones if t.hacia == "SESION_COMPUTO_INICIO"), None)
    exps = consejo.expedientes
    aprobadas = exps.count()
    recontadas = EnRecuento.objects.filter(expediente__consejo=consejo).count()
    cotejadas = exps.filter(cotejo__isnull=False).count()
    acuerdo = getattr(consejo, "acuerdo", None)
    reservados = sum(
        1
        for res in ResultadoRecuento.objects.filter(expediente__consejo=consejo).prefetch_related(
            "reservados__decision"
        )
        for v in res.reservados.all()
        if hasattr(v, "decision")
    )
    solicitudes = list(SolicitudRecuentoTotal.objects.filter(sesion=sesion))
    zona = timezone.get_current_timezone()
    lineas = [
        f"Proceso electoral: {eleccion.proceso.nombre}",
        f"Elección: {eleccion.nombre}   Ámbito: {dem.get_tipo_display()} {dem.clave} — {dem.nombre}",
        f"Consejo: {consejo.nombre} ({consejo.clave})",
        f"Sede: {acuerdo.sede if acuerdo else consejo.sede}",
        "Inicio de la sesión: "
        + (inicio.astimezone(zona).strftime("%d/%m/%Y %H:%M") if inicio else "—"),
        f"Versión del cómputo: {version.numero} ({version.get_origen_display()})",
        "",
        f"Casillas aprobadas: {aprobadas}   Con resultado en el cómputo: {len(version.casillas)}",
        f"Casillas cotejadas en el pleno: {cotejadas}   Casillas recontadas: {recontadas}",
        f"Recuento total: {'sí' if sesion.recuento_total else 'no'}",
    ]
    for s in solicitudes:
        lineas.append(
            f"  Solicitud de recuento total ({s.get_momento_display().lower()}) de {s.partido}: "
            f"diferencia {s.prueba['diferencia']} votos, {s.prueba['puntos']} puntos de "
            f"{s.prueba['base']} — {'procede' if s.procede else 'no procede'}"
        )
    lineas += [
        f"Votos reservados resueltos por el pleno: {reservados}",
        "",
        "Resultados por columna de la boleta:",
        *_linea_cifras(version.por_columna),
        "",
        "Votación final por candidatura:",
        *_linea_cifras(version.por_candidatura),
        "",
        "Distribución final por partido (votos de coalición distribuidos, LGIPE art. 311.1 c):",
        *_linea_cifras(version.distribuido),
        "",
        f"Votación total emitida: {sum(version.por_columna.values()):,}".replace(",", " "),
    ]
    return lineas


def emitir_acta(*, consejo: Consejo, usuario: Any, ahora: datetime | None = None) -> Documento:
    """The acta de cómputo of the latest version (called inside the session's transaction)."""
    ahora = ahora or timezone.now()
    version = VersionComputo.objects.filter(consejo=consejo).order_by("-numero").first()
    if version is None:
        raise OpleError("sin_computo", "No hay suma del cómputo para asentar en el acta.")
    with transaction.atomic():
        folio = tomar_folio(
            area=consejo.clave, asunto="Acta de cómputo", actor=usuario, ahora=ahora
        )
        titulo = (
            "ACTA DE CÓMPUTO DISTRITAL"
            if consejo.tipo == Consejo.Tipo.DISTRITAL
            else "ACTA DE CÓMPUTO MUNICIPAL"
        )
        doc = pdf.Documento(
            titulo=f"{titulo} — {consejo.nombre}",
            lineas=tuple(lineas_acta(consejo, version)),
            folio=folio.texto,
            fecha=ahora,
            firmas=("Presidencia del consejo", "Secretaría técnica"),
        )
        d = _guardar(
            consejo=consejo,
            tipo=Documento.Tipo.ACTA_COMPUTO,
            doc=doc,
            version=version,
            ahora=ahora,
            actor=usuario,
        )
        audit.record(
            actor=usuario,
            action="computos.acta",
            obj=d,
            after={
                "consejo": consejo.clave,
                "folio": d.folio,
                "sha256": d.sha256,
                "version": version.numero,
            },
        )
    return d


def emitir_constancia_mayoria(
    *, consejo: Consejo, usuario: Any, ahora: datetime | None = None
) -> Documento:
    ahora = ahora or timezone.now()
    version = VersionComputo.objects.filter(consejo=consejo).order_by("-numero").first()
    if version is None:
        raise OpleError("sin_computo", "No hay cómputo para declarar su validez.")
    orden = sorted(version.por_candidatura.items(), key=lambda kv: -kv[1])
    if not orden or (len(orden) > 1 and orden[0][1] == orden[1][1]):
        raise OpleError(
            "empate", "Hay empate en el primer lugar: no se puede expedir la constancia."
        )
    ganadora, votos = orden[0]
    bol = calculo.boleta_de(consejo)
    cand = next(c for c in bol.candidaturas if c.clave == ganadora)
    persona = None
    for o in catalogo.opciones_de(consejo.demarcacion):
        if o.columna in cand.columnas:
            persona = catalogo.candidatura_de_opcion(opcion=o, demarcacion=consejo.demarcacion)
            if persona is not None:
                break
    formula = (
        f"{persona.propietaria} (propietaria) y {persona.suplente or '—'} (suplente)"
        if persona is not None
        else "la fórmula registrada por " + ganadora
    )
    with transaction.atomic():
        folio = tomar_folio(
            area=consejo.clave, asunto="Constancia de mayoría", actor=usuario, ahora=ahora
        )
        eleccion = consejo.demarcacion.eleccion
        doc = pdf.Documento(
            titulo=f"CONSTANCIA DE MAYORÍA Y VALIDEZ — {consejo.nombre}",
            lineas=(
                f"El {consejo.nombre}, concluido el cómputo de la elección de {eleccion.nombre} "
                f"({consejo.demarcacion.nombre}) y declarada su validez, expide la presente "
                f"constancia de mayoría y validez a {formula}, postulada por {ganadora}, que "
                f"obtuvo {votos:,} votos.".replace(",", " "),
                "",
                f"Cómputo: versión {version.numero}; acta de cómputo asentada en este consejo.",
            ),
            folio=folio.texto,
            fecha=ahora,
            firmas=("Presidencia del consejo", "Secretaría técnica"),
        )
        d = _guardar(
            consejo=consejo,
            tipo=Documento.Tipo.CONSTANCIA_MAYORIA,
            doc=doc,
            version=version,
            ahora=ahora,
            actor=usuario,
        )
        audit.record(
            actor=usuario,
            action="computos.constancia_mayoria",
            obj=d,
            after={
                "consejo": consejo.clave,
                "folio": d.folio,
                "ganadora": ganadora,
                "votos": votos,
            },
        )
    return d


def emitir_constancia_recuento(
    *,
    resultado: ResultadoRecuento,
    usuario: Any,
    ahora: datetime | None = None,
    reservados: list[str] | None = None,
) -> Documento:
    """The constancia individual of a re-counted casilla (inside the recount's transaction)."""
    ahora = ahora or timezone.now()
    exp = resultado.expediente
    consejo = exp.consejo
    folio = tomar_folio(
        area=f"{consejo.clave}-RC",
        asunto=f"Constancia de recuento {exp.clave}",
        actor=usuario,
        ahora=ahora,
    )
    lugar = f"grupo de trabajo {resultado.grupo.numero}" if resultado.grupo else "pleno del consejo"
    if reservados is None:
        reservados = [v.descripcion for v in resultado.reservados.all()]
    doc = pdf.Documento(
        titulo=f"CONSTANCIA INDIVIDUAL DE RECUENTO — casilla {exp.clave}",
        lineas=(
            f"Consejo: {consejo.nombre} ({consejo.clave})   Recontada en: {lugar}",
            "Resultados del recuento (sin votos reservados):",
            *_linea_cifras(dict(resultado.votos)),
            f"Votos reservados para el pleno: {len(reservados)}",
            *[f"  {i}. {d}" for i, d in enumerate(reservados, 1)],
        ),
        folio=folio.texto,
        fecha=ahora,
        firmas=("Presidencia del grupo de trabajo",),
    )
    d = _guardar(
        consejo=consejo,
        tipo=Documento.Tipo.CONSTANCIA_RECUENTO,
        doc=doc,
        version=None,
        ahora=ahora,
        diferido=True,
        actor=usuario,
    )
    ResultadoRecuento.objects.filter(pk=resultado.pk).update(
        constancia_folio=d.folio, constancia_sha256=d.sha256
    )
    resultado.constancia_folio, resultado.constancia_sha256 = d.folio, d.sha256
    return d


_DESDE_GT = tuple(Sesion.Estado.values).index(Sesion.Estado.RECUENTO_EN_GT)


def actas_de_grupo(grupo: GrupoTrabajo) -> list[Documento]:
    """The actas circunstanciadas issued for a GT, oldest first."""
    return list(
        Documento.objects.filter(
            consejo_id=grupo.consejo_id, tipo=Documento.Tipo.ACTA_GT, contenido__grupo=grupo.numero
        ).order_by("id")
    )


def emitir_acta_grupo(
    *, grupo: GrupoTrabajo, usuario: Any, incidentes: str = "", ahora: datetime | None = None
) -> Documento:
    """The acta circunstanciada of a grupo de trabajo once it has worked (the session in the
    recount or after it): who chaired it and assisted, its puntos de recuento, when it worked,
    every casilla it re-counted with its constancia and reserved votes, and the incidents. One
    per GT, and another only if the GT re-counted more after it (a total recount)."""
    roles.require_role(usuario, r.PRESIDENCIA, r.SECRETARIA)
    consejo = grupo.consejo
    selectors.exigir_consejo(usuario, consejo)
    ahora = ahora or timezone.now()
    with transaction.atomic():
        sesion = Sesion.objects.select_for_update().get(consejo=consejo)
        if tuple(Sesion.Estado.values).index(sesion.estado) < _DESDE_GT:
            raise OpleError(
                "etapa_cerrada",
                "El acta circunstanciada de un grupo de trabajo se expide desde el recuento en "
                f"grupos de trabajo; la sesión está en «{sesion.get_estado_display()}». "
                "No se registró nada.",
            )
        resultados = list(
            ResultadoRecuento.objects.filter(grupo=grupo)
            .select_related("expediente")
            .prefetch_related("reservados")
            .order_by("creado", "id")
        )
        previas = actas_de_grupo(grupo)
        if previas and not any(x.creado > previas[-1].creado for x in resultados):
            raise OpleError(
                "ya_expedida",
                f"El acta circunstanciada del GT {grupo.numero} ya se expidió "
                f"({previas[-1].folio}) y el grupo no ha recontado nada desde entonces.",
            )
        acuerdo = AcuerdoRecuento.objects.filter(consejo=consejo).first()
        presidencia = grupo.presidencia.get_username() if grupo.presidencia else "sin designar"
        lineas = [
            f"Consejo: {consejo.nombre} ({consejo.clave})   Grupo de trabajo {grupo.numero}",
            f"Sede: {acuerdo.sede if acuerdo else consejo.sede}",
            f"Presidencia del grupo: {presidencia}",
            f"Auxiliares: {grupo.auxiliares or '—'}",
            f"Puntos de recuento: {grupo.puntos_recuento}",
        ]
        if resultados:
            inicio = timezone.localtime(resultados[0].creado).strftime("%d/%m/%Y %H:%M")
            fin = timezone.localtime(resultados[-1].creado).strftime("%d/%m/%Y %H:%M")
            lineas.append(f"Primer resultado: {inicio}   Último resultado: {fin}")
        reservados = sum(len(x.reservados.all()) for x in resultados)
        lineas += [
            f"Casillas recontadas: {len(resultados)}   Votos reservados para el pleno: "
            f"{reservados}",
            "",
        ]
        for x in resultados:
            total = sum(int(v) for v in x.votos.values())
            lineas.append(
                f"  {x.expediente.clave}: {total} votos recontados, "
                f"{len(x.reservados.all())} reservados; constancia {x.constancia_folio or '—'}"
            )
        texto = [t.strip() for t in incidentes.strip().splitlines() if t.strip()][:40]
        lineas += ["", "Incidentes:", *([f"  {t[:300]}" for t in texto] or ["  Ninguno."])]
        folio = tomar_folio(
            area=f"{consejo.clave}-GT",
            asunto=f"Acta circunstanciada del GT {grupo.numero}",
            actor=usuario,
            ahora=ahora,
        )
        doc = pdf.Documento(
            titulo=f"ACTA CIRCUNSTANCIADA DEL GRUPO DE TRABAJO {grupo.numero}",
            lineas=tuple(lineas),
            folio=folio.texto,
            fecha=ahora,
            firmas=("Presidencia del grupo de trabajo", "Secretaría técnica"),
        )
        d = _guardar(
            consejo=consejo,
            tipo=Documento.Tipo.ACTA_GT,
            doc=doc,
            version=None,
            ahora=ahora,
            actor=usuario,
        )
        d.contenido = {**d.contenido, "grupo": grupo.numero}
        Documento.objects.filter(pk=d.pk).update(contenido=d.contenido)
        audit.record(
            actor=usuario,
            action="computos.acta_grupo",
            obj=d,
            after={
                "consejo": consejo.clave,
                "grupo": grupo.numero,
                "folio": d.folio,
                "sha256": d.sha256,
                "casillas": len(resultados),
            },
        )
    return d


def firmar(
    *,
    documento: Documento,
    usuario: Any,
    bajo_protesta: bool = False,
    motivo: str = "",
    ahora: datetime | None = None,
) -> Firma:
    """Sign the acta de cómputo. A party's representative (scoped to the consejo and the party)
    may sign under protest, stating why; staff sign with their cómputos role."""
    ahora = ahora or timezone.now()
    consejo = documento.consejo
    if documento.tipo != Documento.Tipo.ACTA_COMPUTO:
        raise OpleError("no_firmable", "Solo el acta de cómputo se firma en el sistema.")
    if scopes.is_outside(usuario):
        scopes.require_scope(usuario, DEMARCATION, consejo.clave)
        partidos = sorted(scopes.scopes_of(usuario, PARTY))
        if len(partidos) != 1:
            raise PermissionDenied("Su cuenta debe representar exactamente a un partido.")
        cargo, partido = "Representación", partidos[0]
    else:
        roles.require_role(usuario, r.PRESIDENCIA, r.SECRETARIA, r.CONSEJERIA)
        selectors.exigir_consejo(usuario, consejo)
        cargo, partido = ", ".join(sorted(roles.role_names(usuario) & r.PERSONAL)), ""
        if bajo_protesta:
            raise OpleError("protesta", "Solo las representaciones firman bajo protesta.")
    if bajo_protesta and not motivo.strip():
        raise OpleError("protesta", "Indique el motivo de la firma bajo protesta.")
    with transaction.atomic():
        Sesion.objects.select_for_update().get(consejo=consejo)
        if Firma.objects.filter(documento=documento, usuario=usuario).exists():
            raise OpleError("ya_firmado", "Usted ya firmó este documento.")
        f = Firma.objects.create(
            documento=documento,
            usuario=usuario,
            cargo=cargo,
            partido=partido,
            bajo_protesta=bajo_protesta,
            motivo=motivo.strip()[:2000],
            creado=ahora,
        )
        audit.record(
            actor=usuario,
            action="computos.firma",
            obj=f,
            after={
                "consejo": consejo.clave,
                "folio": documento.folio,
                "cargo": cargo,
                "partido": partido,
                "bajo_protesta": bajo_protesta,
                "motivo": f.motivo,
            },
        )
    return f
