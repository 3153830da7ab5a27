"""Issuing a document: its canonical content kept, its PDF rendered, its page published.

`emitir(doc, *, sistema, ...)` is how every system prints a document with folio, SHA-256 and QR
(ADR 0056): inside the caller's transaction it keeps the document's canonical content
(`DocumentoEmitido`, unique by SHA-256; issuing the same content again changes nothing and
records nothing) with its audit event `documentos.emision`, and returns the PDF. Once the
outermost transaction commits, the verification pages of what it issued are published as one
cut of the site `documentos` (`ople.publicacion`): each page at `paginas/<sha256>.html` (what
`<OPLE_DOCUMENTOS_URL_VERIFICACION>/<sha256>` serves) and each canonical JSON in the site's
store `almacen/<sha256>.json`. The public never waits on the database: it reads those files.
A publication that fails is logged and the documents stay pending (`publicado_en` empty): the
next issue, or `ople documentos publicar`, publishes them.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from ople.core import audit
from ople.documentos import pagina, pdf
from ople.documentos.models import DocumentoEmitido

log = logging.getLogger(__name__)

SITIO = "documentos"
PAGINAS = "paginas"  # beside the site's cuts and store: one page per document, by its hash
NO_ENCONTRADO = "no-encontrado.html"
ESTILO = "estilo.css"
_SISTEMA = "[a-z][a-z0-9_]{1,39}"


class EmisionError(ValueError):
    """The document cannot be issued; Spanish message."""


def registrar(
    doc: pdf.Documento,
    *,
    sistema: str,
    actor: Any | None = None,
    ahora: datetime | None = None,
    publicar_sitio: bool = True,
    reservado: bool = False,
) -> DocumentoEmitido:
    """Keep `doc`'s canonical content (idempotent on its SHA-256), audited, in the caller's
    transaction; its page is published after the outermost commit (`publicar_sitio`).
    ``reservado``: an internal document naming people (a package's receipt, the bodega's log):
    its page confirms folio, title, date and fingerprint without the text, and its canonical
    JSON stays unpublished."""
    if not re.fullmatch(_SISTEMA, sistema):
        raise EmisionError(f"Nombre de sistema no válido para un documento: {sistema!r}.")
    contenido = pdf.contenido_canonico(doc)
    huella = pdf.sha256(doc)
    ahora = ahora or timezone.now()
    with transaction.atomic():
        emitido = DocumentoEmitido.objects.filter(sha256=huella).first()
        if emitido is None:
            try:
                with transaction.atomic():  # a savepoint: a concurrent twin loses cleanly
                    emitido = DocumentoEmitido.objects.create(
                        sha256=huella,
                        folio=doc.folio,
                        titulo=doc.titulo,
                        fecha=doc.fecha,
                        contenido=contenido.decode(),
                        sistema=sistema,
                        creado=ahora,
                        reservado=reservado,
                    )
            except IntegrityError:
                emitido = DocumentoEmitido.objects.get(sha256=huella)
            else:
                audit.record(
                    actor=actor,
                    action="documentos.emision",
                    obj=emitido,
                    after={
                        "sha256": huella,
                        "folio": doc.folio,
                        "titulo": doc.titulo,
                        "fecha": doc.fecha.isoformat(),
                        "sistema": sistema,
                        "reservado": reservado,
                    },
                )
    if publicar_sitio and emitido.publicado_en is None:
        _publicar_al_confirmar()
    return emitido


def emitir(
    doc: pdf.Documento,
    *,
    sistema: str,
    actor: Any | None = None,
    ahora: datetime | None = None,
    url_base: str | None = None,
    publicar_sitio: bool = True,
    reservado: bool = False,
) -> bytes:
    """Register `doc` (see `registrar`) and return its PDF, whose QR points to its page."""
    registrar(
        doc,
        sistema=sistema,
        actor=actor,
        ahora=ahora,
        publicar_sitio=publicar_sitio,
        reservado=reservado,
    )
    return pdf.renderizar(doc, url_base=url_base or settings.DOCUMENTOS_URL_VERIFICACION)


def _publicar_al_confirmar() -> None:
    """Publish the pending pages once the outermost transaction commits (at once without one):
    one cut per transaction however many documents it issued."""
    from ople.publicacion.services.publicar import al_confirmar

    al_confirmar(SITIO, publicar_pendientes)


@dataclass(frozen=True)
class Publicadas:
    documentos: int
    corte: str | None


def publicar_pendientes(*, actor: Any | None = None, ahora: datetime | None = None) -> Publicadas:
    """Publish every document whose page is not yet published, as one cut of the site
    `documentos`; then place each page at `paginas/<sha256>.html` and mark the rows. Outside any
    transaction (the publisher holds the site's lock while it builds)."""
    from ople.publicacion import disco, publicar, sitio_de
    from ople.publicacion.services.publicar import CorteNoPosterior, siguiente_momento

    docs = list(DocumentoEmitido.objects.filter(publicado_en__isnull=True).order_by("id"))
    if not docs:
        return Publicadas(0, None)
    institucion = institucion_emisora()
    url_base = settings.DOCUMENTOS_URL_VERIFICACION
    zona = timezone.get_default_timezone()
    paginas = {}
    publicos = []
    for d in docs:
        contenido = pagina.canonico(d.contenido.encode())
        if d.reservado:
            paginas[d.sha256] = pagina.reservada(
                contenido, sha256=d.sha256, institucion=institucion, zona=zona
            )
        else:
            paginas[d.sha256] = pagina.pagina(
                contenido, sha256=d.sha256, institucion=institucion, url_base=url_base, zona=zona
            )
            publicos.append((d.sha256, contenido))
    no_encontrado = pagina.no_encontrado(institucion)
    archivos = {
        "index.html": pagina.indice(publicos, institucion=institucion),
        ESTILO: pagina.CSS.encode(),
        NO_ENCONTRADO: no_encontrado,
        **{f"d/{sha}.html": html for sha, html in paginas.items()},
    }
    # A reserved document's canonical JSON is its text: it stays in the database, unpublished.
    almacen = {f"{d.sha256}.json": d.contenido.encode() for d in docs if not d.reservado}
    sitio = sitio_de(SITIO)
    corte = None
    for _intento in range(3):
        momento = siguiente_momento(SITIO, ahora or timezone.now())
        try:
            corte = publicar(
                sitio,
                archivos,
                corte_en=momento,
                almacen=almacen,
                accion="documentos.corte",
                actor=actor,
                descripcion=f"Verificación de documentos: {len(docs)} documentos",
            )
            break
        except CorteNoPosterior:  # another process published in that second
            ahora = None
    if corte is None:
        raise EmisionError("No se pudo publicar el corte de documentos; vuelva a intentarlo.")
    # The stable addresses: each page by its document's hash (written once), the style and the
    # 404 page replaced atomically.
    dir_paginas = sitio.raiz / PAGINAS
    dir_paginas.mkdir(parents=True, exist_ok=True)
    for sha, html in paginas.items():
        disco.poner_en_almacen(dir_paginas, f"{sha}.html", html)
    disco.escribir_atomico(dir_paginas / ESTILO, pagina.CSS.encode())
    disco.escribir_atomico(dir_paginas / NO_ENCONTRADO, no_encontrado)
    DocumentoEmitido.objects.filter(pk__in=[d.pk for d in docs], publicado_en__isnull=True).update(
        publicado_en=corte.corte_en
    )
    return Publicadas(len(docs), corte.nombre)


def institucion_emisora() -> str:
    """The issuing institute's name as the law profile gives it, else its folio acronym."""
    try:
        from ople import profiles

        nombre = str(profiles.cargar(settings.OPLE_PROFILE).institucion)
    except Exception:  # noqa: BLE001 - a page must not fail for the profile's absence
        nombre = ""
    return nombre or settings.DOCUMENTOS_FOLIO_INSTITUCION
