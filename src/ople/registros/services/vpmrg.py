"""The VPMRG register: capture, correction and approval of entries (ADR 0045).

One person captures (role `registros_captura`), a **different** person approves (role
`registros_aprobacion`); only approved versions are on the register. A correction is a new
version with its reason, approved the same way; nothing is overwritten and nothing is deleted.
The permanence (months, start and removal dates) is computed at approval, with the profile's
rules (`ople.ley.permanencia`), and kept in the version.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from datetime import date, datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from ople.core import audit, roles
from ople.ley import permanencia
from ople.registros import configuracion
from ople.registros import roles as r
from ople.registros.errores import RegistroInvalido
from ople.registros.models import AMBITOS, SEXOS, Entrada, VersionEntrada


@dataclass(frozen=True)
class DatosEntrada:
    """The fields of an entry (legal.md §4.2)."""

    nombre: str
    sexo: str
    ambito: str
    entidad: str
    autoridad_sancionadora: str
    expediente: str
    fecha_resolucion_firme: date
    conducta: str
    calificacion: str
    sancion: str
    curp: str = ""
    cargo_o_calidad: str = ""
    es_candidatura: bool = False
    reincidencia: bool = False
    servidor_publico: bool = False
    perdida_modo_honesto: bool = False
    meses_fijados: int | None = None


def validar(datos: DatosEntrada, *, hoy: date) -> DatosEntrada:
    """Trimmed data, or `RegistroInvalido` naming the first problem."""
    limpios = {
        f.name: (
            getattr(datos, f.name).strip()
            if isinstance(getattr(datos, f.name), str)
            else getattr(datos, f.name)
        )
        for f in fields(datos)
    }
    limpios["nombre"] = " ".join(limpios["nombre"].split())
    limpios["curp"] = permanencia.normalizar_curp(limpios["curp"])
    for campo, etiqueta in (
        ("nombre", "el nombre"),
        ("entidad", "la entidad"),
        ("autoridad_sancionadora", "la autoridad sancionadora"),
        ("expediente", "el expediente"),
        ("conducta", "la conducta"),
        ("sancion", "la sanción"),
    ):
        if not limpios[campo]:
            raise RegistroInvalido("campo_vacio", f"Falta {etiqueta}.")
    if limpios["sexo"] not in dict(SEXOS):
        raise RegistroInvalido("sexo", "El sexo debe ser Mujer, Hombre o No binaria.")
    if limpios["ambito"] not in dict(AMBITOS):
        raise RegistroInvalido("ambito", "El ámbito debe ser municipal, estatal o federal.")
    if limpios["calificacion"] not in permanencia.CALIFICACIONES:
        raise RegistroInvalido("calificacion", "Calificación de la conducta desconocida.")
    if limpios["curp"] and len(limpios["curp"]) != 18:
        raise RegistroInvalido("curp", "La CURP debe tener 18 caracteres.")
    if limpios["fecha_resolucion_firme"] > hoy:
        raise RegistroInvalido(
            "fecha_futura", "La fecha en que la resolución quedó firme no puede ser futura."
        )
    if limpios["meses_fijados"] is not None and limpios["meses_fijados"] < 1:
        raise RegistroInvalido("meses_fijados", "El plazo fijado debe ser de al menos un mes.")
    return DatosEntrada(**limpios)


def _crear_version(
    *,
    entrada: Entrada,
    numero: int,
    datos: DatosEntrada,
    motivo: str,
    usuario: Any,
    ahora: datetime,
) -> VersionEntrada:
    return VersionEntrada.objects.create(
        entrada=entrada,
        numero=numero,
        motivo=motivo,
        capturada_por=usuario,
        capturada_en=ahora,
        **asdict(datos),
    )


def _resumen(version: VersionEntrada) -> dict[str, Any]:
    return {
        "entrada": version.entrada_id,
        "version": version.numero,
        "nombre": version.nombre,
        "expediente": version.expediente,
        "calificacion": version.calificacion,
        "reincidencia": version.reincidencia,
    }


def capturar_entrada(
    *, datos: DatosEntrada, usuario: Any, ahora: datetime | None = None
) -> VersionEntrada:
    """A new entry, its first version pending approval."""
    roles.require_role(usuario, r.CAPTURA)
    ahora = ahora or timezone.now()
    datos = validar(datos, hoy=timezone.localdate(ahora))
    with transaction.atomic():
        entrada = Entrada.objects.create(creada_en=ahora, creada_por=usuario)
        version = _crear_version(
            entrada=entrada, numero=1, datos=datos, motivo="", usuario=usuario, ahora=ahora
        )
        audit.record(
            actor=usuario, action="registros.entrada_captura", obj=version, after=_resumen(version)
        )
    return version


def corregir_entrada(
    *,
    entrada: Entrada,
    datos: DatosEntrada,
    motivo: str,
    usuario: Any,
    ahora: datetime | None = None,
) -> VersionEntrada:
    """A new version of `entrada` with the reason for the correction, pending approval."""
    roles.require_role(usuario, r.CAPTURA)
    ahora = ahora or timezone.now()
    motivo = motivo.strip()
    if not motivo:
        raise RegistroInvalido("sin_motivo", "Una corrección debe decir su motivo.")
    datos = validar(datos, hoy=timezone.localdate(ahora))
    with transaction.atomic():
        Entrada.objects.select_for_update().filter(pk=entrada.pk).first()
        versiones = VersionEntrada.objects.filter(entrada=entrada)
        if versiones.filter(estado=VersionEntrada.PENDIENTE).exists():
            raise RegistroInvalido(
                "pendiente",
                "Esta entrada tiene una versión pendiente de aprobación; apruébela o recházela antes.",
            )
        ultima = versiones.order_by("-numero").first()
        numero = (ultima.numero if ultima else 0) + 1
        anterior = versiones.filter(estado=VersionEntrada.APROBADA).order_by("-numero").first()
        version = _crear_version(
            entrada=entrada, numero=numero, datos=datos, motivo=motivo, usuario=usuario, ahora=ahora
        )
        audit.record(
            actor=usuario,
            action="registros.entrada_correccion",
            obj=version,
            before=_resumen(anterior) if anterior else None,
            after={**_resumen(version), "motivo": motivo},
        )
    return version


def _revisar(version_id: int, usuario: Any) -> VersionEntrada:
    version = VersionEntrada.objects.select_for_update().get(pk=version_id)
    if version.estado != VersionEntrada.PENDIENTE:
        raise RegistroInvalido("ya_revisada", "Esta versión ya fue revisada.")
    if version.capturada_por_id == usuario.pk:
        raise RegistroInvalido(
            "misma_persona",
            "Una versión la aprueba o rechaza una persona distinta de quien la capturó.",
        )
    return version


def aprobar_version(
    *, version: VersionEntrada, usuario: Any, ahora: datetime | None = None
) -> VersionEntrada:
    """Approve a pending version: it becomes the entry's current data, with its permanence."""
    roles.require_role(usuario, r.APROBACION)
    ahora = ahora or timezone.now()
    reglas = configuracion.seccion().permanencia
    with transaction.atomic():
        version = _revisar(version.pk, usuario)
        try:
            meses = permanencia.meses_de_permanencia(
                reglas,
                calificacion=version.calificacion,
                reincidencia=version.reincidencia,
                servidor_publico=version.servidor_publico,
                meses_fijados=version.meses_fijados,
            )
            # The entry's inscription is the approval of its first version.
            primera = (
                VersionEntrada.objects.filter(
                    entrada_id=version.entrada_id, estado=VersionEntrada.APROBADA
                )
                .order_by("numero")
                .first()
            )
            inscripcion = primera.revisada_en if primera and primera.revisada_en else ahora
            inicio = permanencia.fecha_inicio(
                reglas,
                fecha_resolucion_firme=version.fecha_resolucion_firme,
                fecha_inscripcion=timezone.localdate(inscripcion),
            )
        except permanencia.PermanenciaInvalida as exc:
            raise RegistroInvalido("permanencia", str(exc)) from None
        version.estado = VersionEntrada.APROBADA
        version.revisada_por = usuario
        version.revisada_en = ahora
        version.regla_inicio = reglas.inicio
        version.meses_permanencia = meses
        version.fecha_inicio = inicio
        version.fecha_baja = permanencia.fecha_baja(inicio, meses)
        version.save(
            update_fields=[
                "estado",
                "revisada_por",
                "revisada_en",
                "regla_inicio",
                "meses_permanencia",
                "fecha_inicio",
                "fecha_baja",
            ]
        )
        audit.record(
            actor=usuario,
            action="registros.entrada_aprobacion",
            obj=version,
            after={
                **_resumen(version),
                "regla_inicio": reglas.inicio,
                "meses_permanencia": meses,
                "fecha_inicio": inicio,
                "fecha_baja": version.fecha_baja,
            },
        )
    return version


def rechazar_version(
    *, version: VersionEntrada, observaciones: str, usuario: Any, ahora: datetime | None = None
) -> VersionEntrada:
    roles.require_role(usuario, r.APROBACION)
    ahora = ahora or timezone.now()
    observaciones = observaciones.strip()
    if not observaciones:
        raise RegistroInvalido("sin_observaciones", "Un rechazo debe decir por qué.")
    with transaction.atomic():
        version = _revisar(version.pk, usuario)
        version.estado = VersionEntrada.RECHAZADA
        version.revisada_por = usuario
        version.revisada_en = ahora
        version.observaciones = observaciones
        version.save(update_fields=["estado", "revisada_por", "revisada_en", "observaciones"])
        audit.record(
            actor=usuario,
            action="registros.entrada_rechazo",
            obj=version,
            after={**_resumen(version), "observaciones": observaciones},
        )
    return version
