"""Publishing the cómputos: the latest version of every consejo's cómputo as a signed, chained
static cut through `ople.publicacion` (docs/computos.md, «Publicación»)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.utils import timezone

from ople.computos import calculo, publicacion
from ople.computos.models import ActaEnMano, Consejo, Documento, Sesion, VersionComputo
from ople.computos.services.documentos import pdf_de
from ople.publicacion import publicar, sitio_de


def computos_publicables() -> tuple[list[publicacion.ComputoPublicado], dict[str, bytes]]:
    """(the cómputos as published rows, the PDFs for the store by `<sha256>.pdf`)."""
    ultimas: dict[int, VersionComputo] = {}
    for v in VersionComputo.objects.order_by("consejo_id", "numero"):
        ultimas[v.consejo_id] = v
    salida: list[publicacion.ComputoPublicado] = []
    almacen: dict[str, bytes] = {}
    consejos = Consejo.objects.filter(pk__in=ultimas).select_related(
        "demarcacion__eleccion", "sesion"
    )
    prep_por_consejo: dict[int, dict[str, dict[str, int]]] = {}
    for a in ActaEnMano.objects.filter(
        origen=ActaEnMano.Origen.PREP, expediente__consejo_id__in=ultimas
    ).select_related("expediente"):
        prep_por_consejo.setdefault(a.expediente.consejo_id, {})[a.expediente.clave] = {
            k: int(x) for k, x in a.votos.items()
        }
    secciones = {}
    for c in consejos:
        bol = calculo.boleta_de(c)
        seccion = calculo.seccion_perfil(c)
        v = ultimas[c.pk]
        if c.pk not in secciones:
            secciones[c.pk] = dict(c.expedientes.values_list("clave", "casilla__seccion__numero"))
        prep = prep_por_consejo.get(c.pk, {})
        docs = []
        for d in Documento.objects.filter(consejo=c).exclude(
            tipo=Documento.Tipo.CONSTANCIA_RECUENTO
        ):
            datos = pdf_de(d)
            nombre = f"{d.sha256_pdf}.pdf"
            almacen[nombre] = datos
            docs.append(
                publicacion.DocumentoPublicado(d.get_tipo_display(), d.folio, d.sha256, nombre)
            )
        salida.append(
            publicacion.ComputoPublicado(
                clave=c.clave,
                nombre=c.nombre,
                eleccion=c.demarcacion.eleccion.nombre,
                columnas=bol.nombres,
                partidos=bol.partidos,
                combinaciones={
                    x.columna: x.partidos for x in bol.columnas if x.tipo == "COMBINACION"
                },
                candidaturas={k.clave: k.columnas for k in bol.candidaturas},
                desempate=calculo.desempate(bol, seccion),
                casillas=tuple(
                    publicacion.CasillaPublicada(
                        clave,
                        secciones[c.pk].get(clave, 0),
                        {k: int(x) for k, x in datos["votos"].items()},
                        datos["fuente"],
                        tuple(datos.get("causales", ())),
                        prep.get(clave),
                        datos.get("momento", ""),
                    )
                    for clave, datos in sorted(v.casillas.items())
                ),
                version=v.numero,
                origen=v.origen,
                estado=Sesion.Estado(c.sesion.estado).label,
                documentos=tuple(docs),
            )
        )
    return salida, almacen


def publicar_corte(*, usuario: Any = None, ahora: datetime | None = None) -> Any:
    ahora = ahora or timezone.now()
    computos, almacen = computos_publicables()
    archivos = publicacion.generar(
        computos, titulo="Cómputos distritales y municipales", corte_en=ahora
    )
    return publicar(
        sitio_de("computos"),
        archivos,
        corte_en=ahora,
        almacen=almacen,
        accion="computos.corte",
        actor=usuario,
        descripcion=f"{len(computos)} cómputos",
    )
