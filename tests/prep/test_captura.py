"""Capture service: queue with leases, double-blind pairs, conflicts, third capture."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from ople.core.models import AuditEvent
from ople.prep import campos
from ople.prep import roles as prep_roles
from ople.prep.models import Asignacion, Captura, EstadoActa, Verificacion
from ople.prep.services import captura as svc
from tests.prep import datos_captura as dc

pytestmark = pytest.mark.django_db


@pytest.fixture
def cat():
    return dc.catalogo(n_actas=3)


@pytest.fixture
def ops():
    return [dc.usuario(f"op{i}", prep_roles.CAPTURA) for i in range(3)]


def test_campos_en_orden_del_acta(cat):
    nombres = [c.clave for c in campos.campos_de(cat.actas[0])]
    assert nombres == [
        "TOTAL_BOLETAS_SOBRANTES",
        "TOTAL_PERSONAS_VOTARON",
        "TOTAL_REP_PARTIDO_CI_VOTARON",
        "TOTAL_VOTOS_SACADOS",
        "PAN",
        "PRI",
        "MORENA",
        "NO_REGISTRADOS",
        "NULOS",
        "TOTAL_VOTOS_ASENTADO",
    ]


def test_cola_entrega_por_llegada_y_dos_rondas_a_personas_distintas(cat, ops):
    a, b, c = ops
    asig_a = svc.tomar_siguiente(usuario=a)
    asig_b = svc.tomar_siguiente(usuario=b)
    assert asig_a.acta == cat.actas[0] and asig_a.ronda == 1
    # Round 2 of the same acta goes to another person in parallel.
    assert asig_b.acta == cat.actas[0] and asig_b.ronda == 2
    asig_c = svc.tomar_siguiente(usuario=c)
    assert asig_c.acta == cat.actas[1] and asig_c.ronda == 1
    # Asking again returns the lease already held.
    assert svc.tomar_siguiente(usuario=a).pk == asig_a.pk
    assert asig_a.digitalizacion.imagen.sha256


def test_pareja_coincidente_verifica_en_la_misma_transaccion(cat, ops):
    a, b, _ = ops
    r1 = svc.registrar_captura(
        usuario=a, asignacion=svc.tomar_siguiente(usuario=a), valores=dc.valores()
    )
    assert r1.verificacion is None and r1.estado == EstadoActa.Estado.DIGITALIZADA
    r2 = svc.registrar_captura(
        usuario=b, asignacion=svc.tomar_siguiente(usuario=b), valores=dc.valores()
    )
    ver = r2.verificacion
    assert ver is not None and ver.metodo == Verificacion.Metodo.COINCIDENCIA
    assert ver.total_votos_calculado == 294  # votes only: 100+80+100+2+12
    assert ver.contabilizada is True and ver.observaciones == []
    assert ver.capturado_en == r1.captura.creado
    assert ver.verificado_en == r2.captura.creado
    assert ver.digitalizacion_id == r1.captura.digitalizacion_id
    assert set(ver.capturas.all()) == {r1.captura, r2.captura}
    assert EstadoActa.objects.get(acta=cat.actas[0]).estado == EstadoActa.Estado.VERIFICADA
    acciones = list(AuditEvent.objects.values_list("action", flat=True))
    assert acciones.count("prep.captura") == 2 and acciones.count("prep.verificacion") == 1
    # A verified acta is no longer handed out.
    assert svc.tomar_siguiente(usuario=dc.usuario("op9", prep_roles.CAPTURA)).acta != cat.actas[0]


def test_valores_ilegibles_y_sin_dato_clasificados(cat, ops):
    a, b, _ = ops
    v = dc.valores({"PRI": "ILEGIBLE", "NULOS": "SIN DATO"})
    svc.registrar_captura(usuario=a, asignacion=svc.tomar_siguiente(usuario=a), valores=v)
    r = svc.registrar_captura(
        usuario=b,
        asignacion=svc.tomar_siguiente(usuario=b),
        valores={**v, "PRI": "I", "NULOS": "s"},  # one-letter keys are accepted
    )
    assert r.verificacion.total_votos_calculado == 202
    assert r.verificacion.contabilizada is True
    assert r.verificacion.observaciones == ["ILEGIBLE", "SIN_DATO"]
    assert r.verificacion.valores["PRI"] == "ILEGIBLE"


def test_conflicto_y_tercera_captura(cat, ops):
    a, b, _ = ops
    ver_user = dc.usuario("verif", prep_roles.VERIFICACION)
    svc.registrar_captura(
        usuario=a, asignacion=svc.tomar_siguiente(usuario=a), valores=dc.valores()
    )
    r2 = svc.registrar_captura(
        usuario=b, asignacion=svc.tomar_siguiente(usuario=b), valores=dc.valores({"PAN": 10})
    )
    assert r2.conflicto and r2.verificacion is None
    assert EstadoActa.objects.get(acta=cat.actas[0]).estado == EstadoActa.Estado.CONFLICTO
    assert AuditEvent.objects.filter(action="prep.conflicto").count() == 1
    # Capture operators never get round 3; the first two people never either.
    assert svc.tomar_siguiente(usuario=a).acta != cat.actas[0]
    asig3 = svc.tomar_siguiente(usuario=ver_user)
    assert asig3.acta == cat.actas[0] and asig3.ronda == 3
    r3 = svc.registrar_captura(usuario=ver_user, asignacion=asig3, valores=dc.valores())
    assert r3.verificacion.metodo == Verificacion.Metodo.TERCERA
    assert r3.verificacion.valores["PAN"] == 100
    assert EstadoActa.objects.get(acta=cat.actas[0]).estado == EstadoActa.Estado.VERIFICADA


def test_tercera_distinta_deja_el_conflicto_para_supervision(cat, ops):
    a, b, _ = ops
    v3 = dc.usuario("verif", prep_roles.VERIFICACION)
    for u, pan in ((a, 1), (b, 2)):
        svc.registrar_captura(
            usuario=u, asignacion=svc.tomar_siguiente(usuario=u), valores=dc.valores({"PAN": pan})
        )
    r3 = svc.registrar_captura(
        usuario=v3, asignacion=svc.tomar_siguiente(usuario=v3), valores=dc.valores({"PAN": 3})
    )
    assert r3.verificacion is None and r3.conflicto
    assert svc.tomar_siguiente(usuario=dc.usuario("v4", prep_roles.VERIFICACION)) is None
    assert not Verificacion.objects.exists()


def test_ciega_la_misma_persona_no_hace_dos_rondas(cat):
    a = dc.usuario("solo", prep_roles.CAPTURA, prep_roles.VERIFICACION)
    seen = []
    for _ in range(3):
        asig = svc.tomar_siguiente(usuario=a)
        seen.append(asig.acta_id)
        svc.registrar_captura(usuario=a, asignacion=asig, valores=dc.valores())
    assert sorted(seen) == sorted(x.pk for x in cat.actas)  # one round of each acta, never two
    assert svc.tomar_siguiente(usuario=a) is None
    # A forged lease for round 2 of an acta the user already captured is refused.
    falsa = Asignacion.objects.create(
        acta=cat.actas[0],
        usuario=a,
        ronda=2,
        asignada_en=timezone.now(),
        expira=timezone.now() + timedelta(minutes=5),
    )
    with pytest.raises(svc.CapturaError, match="ya capturó"):
        svc.registrar_captura(usuario=a, asignacion=falsa, valores=dc.valores())


def test_asignacion_expirada_se_reutiliza(cat, ops):
    a, b, c = ops
    t0 = timezone.now()
    asig_a = svc.tomar_siguiente(usuario=a, ahora=t0)
    asig_b = svc.tomar_siguiente(usuario=b, ahora=t0)
    assert (asig_a.acta, asig_b.acta) == (cat.actas[0], cat.actas[0])
    # Before expiry the third operator gets the next acta; after it, a's round.
    assert svc.tomar_siguiente(usuario=c, ahora=t0).acta == cat.actas[1]
    tarde = t0 + svc.DURACION_ASIGNACION + timedelta(seconds=1)
    d = dc.usuario("op_d", prep_roles.CAPTURA)
    asig_d = svc.tomar_siguiente(usuario=d, ahora=tarde)
    assert asig_d.acta == cat.actas[0] and asig_d.ronda in (1, 2)
    # The late operator whose lease was reassigned cannot submit it any more.
    perdida = asig_a if asig_d.ronda == asig_a.ronda else asig_b
    duena = a if perdida is asig_a else b
    with pytest.raises(svc.CapturaError, match="expiró"):
        svc.registrar_captura(usuario=duena, asignacion=perdida, valores=dc.valores(), ahora=tarde)
    # An expired lease nobody took over can still be submitted.
    otra = asig_b if perdida is asig_a else asig_a
    duena_otra = b if otra is asig_b else a
    r = svc.registrar_captura(
        usuario=duena_otra, asignacion=otra, valores=dc.valores(), ahora=tarde
    )
    assert r.captura.ronda == otra.ronda


def test_valores_invalidos_no_escriben_nada(cat, ops):
    a = ops[0]
    asig = svc.tomar_siguiente(usuario=a)
    eventos = AuditEvent.objects.count()
    malos = [
        {k: v for k, v in dc.valores().items() if k != "PAN"},  # missing field
        dc.valores({"PAN": -1}),
        dc.valores({"PAN": "diez"}),
        dc.valores({"PAN": 3.5}),
        dc.valores({"PAN": True}),
        dc.valores({"PAN": ""}),
        {**dc.valores(), "PVEM": 3},  # not a field of this acta
        "no es un objeto",
    ]
    for v in malos:
        with pytest.raises(svc.CapturaError) as exc:
            svc.registrar_captura(usuario=a, asignacion=asig, valores=v)
        assert exc.value.messages[0]  # Spanish message
    assert Captura.objects.count() == 0
    assert AuditEvent.objects.count() == eventos
    assert Asignacion.objects.get(pk=asig.pk).terminada is False


def test_roles_y_propiedad_de_la_asignacion(cat, ops):
    a, b, _ = ops
    nadie = dc.usuario("sin_rol")
    with pytest.raises(PermissionDenied):
        svc.tomar_siguiente(usuario=nadie)
    asig = svc.tomar_siguiente(usuario=a)
    with pytest.raises(PermissionDenied):
        svc.registrar_captura(usuario=b, asignacion=asig, valores=dc.valores())
    svc.registrar_captura(usuario=a, asignacion=asig, valores=dc.valores())
    with pytest.raises(svc.CapturaError, match="ya fue capturada"):
        svc.registrar_captura(usuario=a, asignacion=asig, valores=dc.valores())


def test_sin_imagen_no_entra_a_la_cola():
    dc.catalogo(n_actas=2, imagenes=False)
    assert svc.tomar_siguiente(usuario=dc.usuario("x", prep_roles.CAPTURA)) is None


def test_tiempos_originales_para_replay(cat, ops):
    a, b, _ = ops
    t1 = timezone.now() - timedelta(hours=3)
    t2 = t1 + timedelta(minutes=2)
    svc.registrar_captura(
        usuario=a,
        asignacion=svc.tomar_siguiente(usuario=a, ahora=t1),
        valores=dc.valores(),
        iniciada_en=t1 - timedelta(seconds=30),
        ahora=t1,
    )
    r = svc.registrar_captura(
        usuario=b,
        asignacion=svc.tomar_siguiente(usuario=b, ahora=t1),
        valores=dc.valores(),
        ahora=t2,
    )
    assert r.verificacion.capturado_en == t1 and r.verificacion.verificado_en == t2
