"""The `ModeloRegistros` of the database on a day: the register split for `hoy`, and every case
read through the anonymisation rule (`ople.registros.anonimizar`); a register entry's conduct and
sanction through the same rule, against the protected parties of the case it comes from."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import asdict, fields
from datetime import date

from django.conf import settings

from ople import profiles
from ople.ley.permanencia import normalizar_nombre
from ople.registros import anonimizar, configuracion, selectors
from ople.registros.models import Expediente
from ople.registros.publica.modelo import (
    DocumentoPublico,
    EntradaPublica,
    EtapaPublica,
    ExpedientePublico,
    MedidaPublica,
    ModeloRegistros,
    ResolucionPublica,
)

_CAMPOS = {f.name for f in fields(EntradaPublica)}


def _partes(x: Expediente) -> list[anonimizar.ParteDatos]:
    return [
        anonimizar.ParteDatos(p.rol, p.tipo_persona, p.nombre, p.identificador)
        for p in x.partes.all()
    ]


def terminos_por_expediente(expedientes: Iterable[Expediente]) -> dict[str, tuple[str, ...]]:
    """The protected terms of each case, under every number the case is known by: the
    institute's key and each ruling's tribunal case number (normalised, as a register entry
    writes its `expediente`)."""
    por_clave: dict[str, set[str]] = {}
    for x in expedientes:
        terminos = anonimizar.terminos_protegidos(_partes(x))
        if not terminos:
            continue
        claves = {x.clave, *(r.clave_tribunal for r in x.resoluciones.all() if r.clave_tribunal)}
        for clave in claves:
            por_clave.setdefault(normalizar_nombre(clave), set()).update(terminos)
    return {
        clave: tuple(sorted(t, key=lambda termino: (-len(termino), termino)))
        for clave, t in por_clave.items()
    }


def _entrada(
    e: selectors.EntradaRegistro, terminos: Mapping[str, tuple[str, ...]]
) -> EntradaPublica:
    """An entry as the public sees it: its conduct and sanction redacted against the protected
    parties of the case it comes from (the case whose key or tribunal number is its
    `expediente`), since staff copy them from a ruling that may name the victim."""
    datos = {k: v for k, v in asdict(e).items() if k in _CAMPOS}
    datos["id"] = e.entrada_id
    protegidos = terminos.get(normalizar_nombre(e.expediente), ())
    datos["conducta"] = anonimizar.censurar(e.conducta, protegidos)
    datos["sancion"] = anonimizar.censurar(e.sancion, protegidos)
    return EntradaPublica(**datos)


def expediente_publico(x: Expediente) -> ExpedientePublico:
    """A case as the public sees it: protected parties as labels, free text redacted."""
    partes = _partes(x)
    terminos = anonimizar.terminos_protegidos(partes)

    def c(texto: str) -> str:
        return anonimizar.censurar(texto, terminos)

    def etiquetas(rol: str) -> tuple[str, ...]:
        # Respondents and legal persons by name (not redacted: a surname they share with a
        # victim stays); protected parties by their label only.
        return tuple(anonimizar.etiqueta_publica(p) for p in partes if p.rol == rol)

    return ExpedientePublico(
        clave=x.clave,
        tipo=x.tipo,
        fecha_presentacion=x.fecha_presentacion,
        denunciantes=etiquetas("denunciante"),
        denunciados=etiquetas("denunciado"),
        victimas=etiquetas("victima"),
        conductas=c(x.conductas),
        es_vpmrg=x.es_vpmrg,
        etapas=tuple(EtapaPublica(e.etapa, e.fecha, c(e.nota)) for e in x.etapas.all()),
        medidas=tuple(
            MedidaPublica(c(m.descripcion), m.solicitada_en, m.resolucion, m.resuelta_en)
            for m in x.medidas.all()
        ),
        resoluciones=tuple(
            ResolucionPublica(r.clave_tribunal, r.fecha, r.sentido, c(r.sancion))
            for r in x.resoluciones.all()
        ),
        documentos=tuple(DocumentoPublico(c(d.titulo), d.sha256) for d in x.documentos.all()),
    )


def modelo_actual(hoy: date) -> ModeloRegistros:
    vigentes, historicas = selectors.registro(hoy)
    expedientes = list(
        Expediente.objects.prefetch_related(
            "partes", "etapas", "medidas", "resoluciones", "documentos"
        ).order_by("tipo", "fecha_presentacion", "clave")
    )
    terminos = terminos_por_expediente(expedientes)
    return ModeloRegistros(
        hoy=hoy,
        institucion=profiles.cargar(settings.OPLE_PROFILE).institucion,
        fundamento_permanencia=configuracion.seccion().fundamento_permanencia,
        vigentes=tuple(_entrada(e, terminos) for e in vigentes),
        historicas=tuple(_entrada(e, terminos) for e in historicas),
        demo=bool(getattr(settings, "DEMO", False)),
        expedientes=tuple(expediente_publico(x) for x in expedientes),
    )
