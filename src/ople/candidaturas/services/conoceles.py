"""Conóceles: the questionnaires (captured by the party), their review, the photo's moderation
and the publication of the public site (legal.md §4.1)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime
from pathlib import Path
from typing import Any, Final

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from ople.candidaturas import archivos, roles
from ople.candidaturas.conoceles import sitio as generador
from ople.candidaturas.models import Aspirante, Candidatura, Ficha, Siglado
from ople.candidaturas.services.comun import EVIDENCIA, CandidaturaError, exigir_partido
from ople.catalog.models import Demarcacion, Eleccion, ProcesoElectoral, Seccion
from ople.core import audit
from ople.core import roles as core_roles
from ople.documentos.storage import abrir

# The questionnaire's fields (legal.md §4.1; annex 24.2's exact list is question 12 of §8).
CAMPOS_TEXTO: Final = (
    "sobrenombre",
    "grado_maximo",
    "estatus_estudios",
    "por_que",
    "trayectoria_politica",
    "historia_profesional",
    "propuesta_1",
    "propuesta_2",
    "propuesta_genero_o_grupo",
    "correo_publico",
    "telefono_publico",
    "pagina_web",
    "redes",
)
GRADOS: Final = (
    "Sin estudios",
    "Primaria",
    "Secundaria",
    "Bachillerato",
    "Técnico",
    "Licenciatura",
    "Maestría",
    "Doctorado",
)
MAX_FOTO: Final = 2 * 1024 * 1024


def capturar_ficha(
    *,
    actor: Any,
    candidatura: Candidatura,
    datos: dict[str, str],
    aviso_privacidad: bool,
    foto: bytes | None = None,
    ahora: datetime | None = None,
) -> Ficha:
    """A new version of the questionnaire (the previous ones stay); the photo awaits moderation."""
    exigir_partido(actor, candidatura.partido)
    if not aviso_privacidad:
        raise CandidaturaError(
            "aviso_privacidad",
            "Para publicar en Conóceles la persona candidata debe aceptar el aviso de privacidad.",
        )
    limpios = {k: str(datos.get(k, "")).strip()[:2000] for k in CAMPOS_TEXTO}
    if limpios["grado_maximo"] and limpios["grado_maximo"] not in GRADOS:
        raise CandidaturaError("grado", "Elija el grado máximo de estudios de la lista.")
    ahora = ahora or timezone.now()
    foto_sha = foto_nombre = ""
    anterior = candidatura.fichas.order_by("-capturada", "-pk").first()
    estado_foto = anterior.estado_foto if anterior else ""
    if foto:
        try:
            formato = archivos.revisar(
                foto, permitidos=frozenset({archivos.JPEG, archivos.PNG}), tamano_maximo=MAX_FOTO
            )
        except archivos.DocumentoRechazado as exc:
            raise CandidaturaError("foto", str(exc)) from None
        foto_sha, foto_nombre = EVIDENCIA.guardar(foto, extension=formato)
        estado_foto = Ficha.EstadoFoto.PENDIENTE
    elif anterior is not None:
        foto_sha, foto_nombre = anterior.foto_sha256, anterior.foto_almacen
    with transaction.atomic():
        f = Ficha.objects.create(
            candidatura=candidatura,
            datos=limpios,
            aviso_privacidad=True,
            foto_sha256=foto_sha,
            foto_almacen=foto_nombre,
            estado_foto=estado_foto,
            capturada=ahora,
            capturada_por=actor,
        )
        audit.record(
            actor=actor,
            action="candidaturas.ficha",
            obj=f,
            after={"candidatura": candidatura.pk, "datos": limpios, "foto": foto_sha},
        )
    return f


def revisar_ficha(*, actor: Any, ficha: Ficha, valida: bool, observacion: str = "") -> Ficha:
    core_roles.require_role(actor, roles.REVISION)
    if not valida and not observacion.strip():
        raise CandidaturaError("observacion", "Diga qué debe corregirse en el cuestionario.")
    with transaction.atomic():
        f = Ficha.objects.select_for_update().get(pk=ficha.pk)
        antes = f.estado
        f.estado = Ficha.Estado.VALIDADA if valida else Ficha.Estado.OBSERVADA
        f.observacion = observacion.strip()
        f.save(update_fields=["estado", "observacion"])
        audit.record(
            actor=actor,
            action="candidaturas.ficha_revision",
            obj=f,
            before={"estado": antes},
            after={"estado": f.estado, "observacion": f.observacion},
        )
    return f


def moderar_foto(*, actor: Any, ficha: Ficha, aprobada: bool) -> Ficha:
    core_roles.require_role(actor, roles.REVISION)
    if not ficha.foto_sha256:
        raise CandidaturaError("foto", "Este cuestionario no tiene fotografía.")
    with transaction.atomic():
        f = Ficha.objects.select_for_update().get(pk=ficha.pk)
        antes = f.estado_foto
        f.estado_foto = Ficha.EstadoFoto.APROBADA if aprobada else Ficha.EstadoFoto.RECHAZADA
        f.save(update_fields=["estado_foto"])
        audit.record(
            actor=actor,
            action="candidaturas.foto",
            obj=f,
            before={"estado_foto": antes},
            after={"estado_foto": f.estado_foto, "sha256": f.foto_sha256},
        )
    return f


def _edad(nacimiento: date, el_dia: date) -> int:
    return (
        el_dia.year
        - nacimiento.year
        - ((el_dia.month, el_dia.day) < (nacimiento.month, nacimiento.day))
    )


def contenido(proceso: ProcesoElectoral, corte: datetime) -> generador.Sitio:
    """What the public site shows: approved candidacies, validated answers, approved photos."""
    candidaturas = (
        Candidatura.objects.filter(eleccion__proceso=proceso, estado=Candidatura.Estado.APROBADA)
        .select_related(
            "eleccion", "demarcacion", "partido", "coalicion", "propietario", "suplente"
        )
        .prefetch_related("fichas")
    )
    fichas = []
    fotos: dict[str, bytes] = {}
    for c in candidaturas:
        vigente = max(c.fichas.all(), key=lambda f: (f.capturada, f.pk), default=None)
        validada = vigente is not None and vigente.estado == Ficha.Estado.VALIDADA
        d = vigente.datos if validada and vigente else {}
        foto = ""
        if (
            vigente is not None
            and vigente.estado_foto == Ficha.EstadoFoto.APROBADA
            and vigente.foto_almacen
        ):
            # In the site's store, beside cortes/: from a cut's root that is ../../almacen/.
            foto = f"../../almacen/{vigente.foto_sha256}{Path(vigente.foto_almacen).suffix}"
            fotos[foto] = abrir(vigente.foto_almacen)
        fichas.append(
            generador.FichaPublica(
                id=c.pk,
                nombre=c.propietario.nombre_completo,
                cargo=c.cargo,
                eleccion=c.eleccion.nombre.capitalize(),
                eleccion_clave=c.eleccion.tipo,
                demarcacion=c.demarcacion.nombre,
                demarcacion_clave=c.demarcacion.clave,
                postulante=c.postulante,
                sexo=c.propietario.genero,
                edad=_edad(c.propietario.fecha_nacimiento, proceso.fecha_jornada),
                principio=c.principio,
                posicion=c.posicion,
                suplente=c.suplente.nombre_completo if c.suplente else "",
                sobrenombre=d.get("sobrenombre", ""),
                grado_maximo=d.get("grado_maximo", ""),
                estatus_estudios=d.get("estatus_estudios", ""),
                accion_afirmativa=c.accion_afirmativa,
                trayectoria_politica=d.get("trayectoria_politica", ""),
                historia_profesional=d.get("historia_profesional", ""),
                propuestas=tuple(
                    p for p in (d.get("propuesta_1", ""), d.get("propuesta_2", "")) if p
                ),
                propuesta_genero_o_grupo=d.get("propuesta_genero_o_grupo", ""),
                por_que=d.get("por_que", ""),
                correo_publico=d.get("correo_publico", ""),
                telefono_publico=d.get("telefono_publico", ""),
                pagina_web=d.get("pagina_web", ""),
                redes=tuple(r.strip() for r in d.get("redes", "").split(",") if r.strip()),
                foto=foto,
                respondio=validada,
            )
        )
    secciones, municipio = _boletas_por_seccion(proceso)
    siglado = [
        generador.FilaSiglado(
            coalicion=s.coalicion.nombre,
            eleccion=s.demarcacion.eleccion.nombre.capitalize(),
            demarcacion=s.demarcacion.nombre,
            demarcacion_clave=s.demarcacion.clave,
            partido=str(s.partido),
        )
        for s in Siglado.objects.filter(coalicion__eleccion__proceso=proceso).select_related(
            "coalicion", "demarcacion__eleccion", "partido"
        )
    ]
    aspirantes = [
        generador.AspirantePublico(
            nombre=a.persona.nombre_completo,
            eleccion=a.eleccion.nombre.capitalize(),
            demarcacion=a.demarcacion.nombre,
            demarcacion_clave=a.demarcacion.clave,
            etapa=a.get_etapa_display(),
            apoyos_requeridos=a.apoyos_requeridos,
            apoyos_validos=a.apoyos_validos,
        )
        for a in Aspirante.objects.filter(eleccion__proceso=proceso).select_related(
            "persona", "eleccion", "demarcacion"
        )
    ]
    return generador.Sitio(
        titulo=f"Candidatas y candidatos: {proceso.nombre}",
        institucion=settings.DOCUMENTOS_FOLIO_INSTITUCION,
        corte=timezone.localtime(corte),
        fichas=fichas,
        secciones={k: tuple(v) for k, v in secciones.items()},
        municipio_de_seccion=municipio,
        fotos=fotos,
        siglado=siglado,
        aspirantes=aspirantes,
    )


def _boletas_por_seccion(
    proceso: ProcesoElectoral,
) -> tuple[dict[int, list[tuple[str, int]]], dict[int, str]]:
    """Per sección: the (election, demarcación) of every ballot its voters get; its municipio."""
    secciones: dict[int, list[tuple[str, int]]] = {}
    municipio: dict[int, str] = {}
    elecciones = list(Eleccion.objects.filter(proceso=proceso).prefetch_related("demarcaciones"))
    filas = Seccion.objects.filter(entidad=proceso.entidad).values_list(
        "numero", "distrito_local_id", "municipio_id", "municipio__nombre"
    )
    indices = []
    for e in elecciones:
        por_distrito = {}
        por_municipio = {}
        entidad = None
        for d in e.demarcaciones.all():
            if d.tipo == Demarcacion.Tipo.DISTRITO_LOCAL:
                por_distrito[d.distrito_local_id] = d.clave
            elif d.tipo == Demarcacion.Tipo.MUNICIPIO:
                por_municipio[d.municipio_id] = d.clave
            elif d.tipo == Demarcacion.Tipo.ENTIDAD:
                entidad = d.clave
        indices.append((e.tipo, por_distrito, por_municipio, entidad))
    for numero, distrito_id, municipio_id, nombre in filas:
        municipio[numero] = nombre
        boletas = secciones.setdefault(numero, [])
        for tipo, por_distrito, por_municipio, entidad in indices:
            clave = por_distrito.get(distrito_id, por_municipio.get(municipio_id, entidad))
            if clave is not None:
                boletas.append((tipo, clave))
    return secciones, municipio


SITIO: Final = "conoceles"


def publicar(
    *, actor: Any, proceso: ProcesoElectoral, ahora: datetime | None = None
) -> tuple[str, int]:
    """Generate the site and publish it as a signed, chained cut of the site ``conoceles``
    (``ople.publicacion``: PUBLISH_ROOT/conoceles, served under /conoceles/). Approved photos go
    to the site's content-addressed store, published once. The cut's audit event
    (``candidaturas.conoceles``) is recorded by the publication itself."""
    from ople.publicacion import publicar as publicar_corte
    from ople.publicacion import sitio_de

    ahora = ahora or timezone.now()
    contenido_sitio = contenido(proceso, ahora)
    fotos = dict(contenido_sitio.fotos)
    archivos_sitio = generador.generar(replace(contenido_sitio, fotos={}))
    corte = publicar_corte(
        sitio_de(SITIO),
        archivos=archivos_sitio,
        corte_en=ahora,
        almacen={Path(k).name: v for k, v in fotos.items()},
        accion="candidaturas.conoceles",
        actor=actor,
        descripcion=f"Conóceles: {proceso.nombre}",
    )
    return corte.nombre, len(archivos_sitio)


def corte_actual() -> Path | None:
    """The current cut's directory (for the demo's sección form), or None."""
    from ople.publicacion import disco, sitio_de

    sitio = sitio_de(SITIO)
    puntero = disco.leer_puntero(sitio.raiz)
    if not puntero:
        return None
    return sitio.raiz / str(puntero["ruta"])
