"""PES/POS cases: gap-free keys, stages that only move forward, measures, rulings, documents."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from ople.core.models import AuditEvent
from ople.registros.anonimizar import ParteDatos
from ople.registros.errores import RegistroInvalido
from ople.registros.models import EtapaExpediente, Expediente
from ople.registros.services import expedientes as svc

from .datos import AHORA, capturista

pytestmark = pytest.mark.django_db

PARTES = [
    ParteDatos("denunciante", "fisica", "Ana Gómez Ruiz", "GORA900202MASMZN01"),
    ParteDatos("denunciado", "fisica", "Pedro Díaz Soto"),
]


def _radicar(usuario, tipo="PES", **kw):
    return svc.radicar(
        tipo=tipo,
        fecha_presentacion=date(2026, 11, 20),
        conductas="Propaganda calumniosa en redes sociales.",
        partes=PARTES,
        usuario=usuario,
        ahora=AHORA,
        **kw,
    )


def test_claves_sin_huecos_por_tipo_y_anio():
    u = capturista()
    claves = [_radicar(u).clave, _radicar(u).clave, _radicar(u, "POS").clave, _radicar(u).clave]
    assert claves == [
        "IEE/PES/001/2026",
        "IEE/PES/002/2026",
        "IEE/POS/001/2026",
        "IEE/PES/003/2026",
    ]
    # A refused radicación takes no number.
    with pytest.raises(RegistroInvalido):
        svc.radicar(
            tipo="PES",
            fecha_presentacion=date(2026, 11, 20),
            conductas="x",
            partes=PARTES[:1],
            usuario=u,
            ahora=AHORA,
        )
    assert _radicar(u).clave == "IEE/PES/004/2026"
    assert AuditEvent.objects.filter(action="registros.expediente_alta").count() == 5


def test_etapas_solo_avanzan_y_pos_sin_remision():
    u = capturista()
    x = _radicar(u)
    hoy = AHORA.date()
    svc.registrar_etapa(expediente=x, etapa="admision", fecha=hoy, usuario=u, ahora=AHORA)
    with pytest.raises(RegistroInvalido, match="sólo avanzan"):
        svc.registrar_etapa(expediente=x, etapa="radicacion", fecha=hoy, usuario=u, ahora=AHORA)
    with pytest.raises(RegistroInvalido, match="futura"):
        svc.registrar_etapa(
            expediente=x, etapa="audiencia", fecha=hoy + timedelta(days=3), usuario=u, ahora=AHORA
        )
    pos = _radicar(u, "POS")
    with pytest.raises(RegistroInvalido, match="Consejo General"):
        svc.registrar_etapa(expediente=pos, etapa="remision", fecha=hoy, usuario=u, ahora=AHORA)
    assert EtapaExpediente.objects.filter(expediente=x).count() == 2


def test_medidas_resolucion_y_documentos():
    u = capturista()
    x = _radicar(u)
    m = svc.registrar_medida(
        expediente=x,
        descripcion="Retirar publicaciones",
        solicitada_en=date(2026, 11, 20),
        usuario=u,
        ahora=AHORA,
    )
    svc.resolver_medida(
        medida=m, resolucion="concedida", fecha=date(2026, 11, 21), usuario=u, ahora=AHORA
    )
    with pytest.raises(RegistroInvalido, match="ya fue resuelta"):
        svc.resolver_medida(
            medida=m, resolucion="negada", fecha=date(2026, 11, 22), usuario=u, ahora=AHORA
        )
    with pytest.raises(RegistroInvalido, match="tribunal"):
        svc.registrar_resolucion(
            expediente=x, fecha=date(2026, 11, 30), sentido="existente", usuario=u, ahora=AHORA
        )
    svc.registrar_resolucion(
        expediente=x,
        fecha=date(2026, 12, 1),
        sentido="existente",
        clave_tribunal="TEEA-PES-001/2026",
        sancion="Amonestación pública",
        usuario=u,
        ahora=AHORA,
    )
    assert x.etapas.order_by("-id").first().etapa == "resolucion"
    doc = svc.agregar_documento(
        expediente=x,
        titulo="Acuerdo de radicación",
        nombre_archivo="acuerdo.pdf",
        datos=b"%PDF-1.4 x",
        usuario=u,
        ahora=AHORA,
    )
    assert len(doc.sha256) == 64 and doc.almacen.startswith("registros/")
    with pytest.raises(RegistroInvalido, match="vacío"):
        svc.agregar_documento(
            expediente=x, titulo="Nada", nombre_archivo="a.pdf", datos=b"", usuario=u, ahora=AHORA
        )
    assert Expediente.objects.get(pk=x.pk).resoluciones.count() == 1
