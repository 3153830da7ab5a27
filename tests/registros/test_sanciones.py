"""Sanctions follow-up: deadlines from ley.plazos, payments against the balance, states."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from ople.registros.errores import RegistroInvalido
from ople.registros.services import sanciones as svc

from .datos import AHORA, capturista

pytestmark = pytest.mark.django_db


def _multa(u, **kw):
    base = dict(
        tipo="multa",
        sujeto="Partido Ejemplo",
        expediente="IEE/POS/003/2026",
        autoridad="Consejo General del IEE",
        descripcion="Multa por propaganda",
        fecha_notificacion=date(2026, 11, 13),
        monto="10000",
        usuario=u,
        ahora=AHORA,
    )
    base.update(kw)
    return svc.registrar_sancion(**base)


def test_plazo_en_dias_habiles_del_perfil():
    u = capturista()
    s = _multa(u)
    # 15 business days after Friday 13 November 2026: 16 Nov is the third Monday of November
    # (LFT art. 74, a rest day), so 17 Nov … 7 Dec.
    assert (s.plazo_dias_habiles, s.fecha_limite) == (15, date(2026, 12, 7))
    a = svc.registrar_sancion(
        tipo="amonestacion_publica",
        sujeto="Juan Pérez",
        expediente="TEEA-PES-010/2024",
        autoridad="TEEA",
        descripcion="Amonestación",
        fecha_notificacion=date(2026, 11, 13),
        usuario=u,
        ahora=AHORA,
    )
    assert a.fecha_limite == date(2026, 11, 23)  # 5 business days: 17, 18, 19, 20, 23
    c = svc.registrar_sancion(
        tipo="cancelacion_registro",
        sujeto="Partido X",
        expediente="E",
        autoridad="CG",
        descripcion="Retiro",
        fecha_notificacion=date(2026, 11, 13),
        usuario=u,
        ahora=AHORA,
    )
    assert c.fecha_limite is None


def test_pagos_saldo_y_cumplimiento():
    u = capturista()
    s = _multa(u)
    svc.registrar_pago(
        sancion=s,
        monto="4000.50",
        fecha=date(2026, 11, 20),
        referencia="F-1",
        usuario=u,
        ahora=AHORA,
    )
    with pytest.raises(RegistroInvalido, match="excede"):
        svc.registrar_pago(
            sancion=s,
            monto="6000",
            fecha=date(2026, 11, 21),
            referencia="F-2",
            usuario=u,
            ahora=AHORA,
        )
    with pytest.raises(RegistroInvalido, match="saldo"):
        svc.cambiar_estado(sancion=s, estado="cumplida", usuario=u, ahora=AHORA)
    assert svc.saldo(s) == Decimal("5999.50")
    (seg,) = svc.seguimiento(date(2026, 12, 8))
    assert seg.vencida and seg.estado == "por_ejecutar"
    svc.registrar_pago(
        sancion=s,
        monto="5999.50",
        fecha=date(2026, 11, 25),
        referencia="F-2",
        comprobante=b"%PDF",
        usuario=u,
        ahora=AHORA,
    )
    assert svc.estado_de(s) == "cumplida"
    (seg,) = svc.seguimiento(date(2026, 12, 8))
    assert not seg.vencida and seg.saldo == 0
    with pytest.raises(RegistroInvalido, match="cumplida"):
        svc.cambiar_estado(sancion=s, estado="vigilancia", usuario=u, ahora=AHORA)


def test_validaciones_y_evidencia():
    u = capturista()
    with pytest.raises(RegistroInvalido, match="monto"):
        _multa(u, monto="-3")
    with pytest.raises(RegistroInvalido, match="Sólo una multa"):
        _multa(u, tipo="amonestacion_publica", monto="10")
    s = _multa(u, tipo="amonestacion_publica", monto=None)
    with pytest.raises(RegistroInvalido, match="Sólo una multa"):
        svc.registrar_pago(
            sancion=s, monto="1", fecha=date(2026, 11, 20), referencia="x", usuario=u, ahora=AHORA
        )
    ev = svc.agregar_evidencia(
        sancion=s,
        descripcion="Publicación en estrados",
        nombre_archivo="estrados.pdf",
        datos=b"%PDF-1.4",
        usuario=u,
        ahora=AHORA,
    )
    assert ev.almacen.endswith(".pdf")
    svc.cambiar_estado(sancion=s, estado="cumplida", nota="Publicada", usuario=u, ahora=AHORA)
    assert svc.estado_de(s) == "cumplida"
