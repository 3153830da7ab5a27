"""Supervisor decisions: resolve a conflict, sin acta, corrections (always new rows)."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from ople.core.models import AuditEvent
from ople.prep import roles as prep_roles
from ople.prep.models import Captura, EstadoActa, SinActa, Verificacion
from ople.prep.services import captura as cap
from ople.prep.services import supervision as sup
from tests.prep import datos_captura as dc

pytestmark = pytest.mark.django_db


@pytest.fixture
def cat():
    return dc.catalogo(n_actas=2)


@pytest.fixture
def supervisor():
    return dc.usuario("super", prep_roles.SUPERVISION)


def _conflicto(cat):
    a = dc.usuario("a", prep_roles.CAPTURA)
    b = dc.usuario("b", prep_roles.CAPTURA)
    cap.registrar_captura(
        usuario=a, asignacion=cap.tomar_siguiente(usuario=a), valores=dc.valores()
    )
    cap.registrar_captura(
        usuario=b, asignacion=cap.tomar_siguiente(usuario=b), valores=dc.valores({"PRI": 8})
    )
    return cat.actas[0]


def test_resolver_conflicto_con_motivo(cat, supervisor):
    acta = _conflicto(cat)
    with pytest.raises(cap.CapturaError, match="motivo"):
        sup.resolver_conflicto(supervisor=supervisor, acta=acta, valores=dc.valores(), motivo=" ")
    ver = sup.resolver_conflicto(
        supervisor=supervisor,
        acta=acta,
        valores=dc.valores({"PRI": 80}),
        motivo="La imagen muestra 80 en PRI con claridad.",
    )
    assert ver.metodo == Verificacion.Metodo.SUPERVISION and ver.usuario == supervisor
    assert ver.valores["PRI"] == 80 and ver.motivo.startswith("La imagen")
    assert ver.capturas.count() == 2
    assert ver.capturado_en == Captura.objects.order_by("creado").first().creado
    assert EstadoActa.objects.get(acta=acta).estado == EstadoActa.Estado.VERIFICADA
    ev = AuditEvent.objects.filter(action="prep.verificacion").latest("seq")
    assert ev.actor == supervisor and ev.after["metodo"] == "SUPERVISION"
    with pytest.raises(cap.CapturaError, match="no está en conflicto"):
        sup.resolver_conflicto(
            supervisor=supervisor, acta=acta, valores=dc.valores(), motivo="otra vez, igual"
        )


def test_solo_supervision_o_coordinacion(cat):
    acta = _conflicto(cat)
    for u in (dc.usuario("op", prep_roles.CAPTURA), dc.usuario("ver", prep_roles.VERIFICACION)):
        with pytest.raises(PermissionDenied):
            sup.resolver_conflicto(supervisor=u, acta=acta, valores=dc.valores(), motivo="motivo x")
    coord = dc.usuario("coord", prep_roles.COORDINACION)
    assert sup.resolver_conflicto(
        supervisor=coord, acta=acta, valores=dc.valores(), motivo="decide coordinación"
    )


def test_sin_acta(cat, supervisor):
    acta = cat.actas[1]
    with pytest.raises(cap.CapturaError, match="Causa"):
        sup.registrar_sin_acta(supervisor=supervisor, acta=acta, causa="OTRA", motivo="no llegó")
    ver = sup.registrar_sin_acta(
        supervisor=supervisor,
        acta=acta,
        causa=SinActa.Causa.PAQUETE_NO_ENTREGADO,
        motivo="El consejo distrital informa que el paquete no llegó.",
    )
    assert ver.metodo == Verificacion.Metodo.SIN_ACTA
    assert ver.contabilizada is False and ver.total_votos_calculado == 0
    assert ver.observaciones == ["SIN_ACTA_PAQUETE_NO_ENTREGADO"]
    assert set(ver.valores.values()) == {0} and "PAN" in ver.valores
    assert ver.digitalizacion is None
    assert SinActa.objects.get(acta=acta).usuario == supervisor
    assert EstadoActa.objects.get(acta=acta).estado == EstadoActa.Estado.VERIFICADA
    assert AuditEvent.objects.filter(action="prep.sin_acta").count() == 1
    # It leaves the capture queue.
    op = dc.usuario("op", prep_roles.CAPTURA)
    assert cap.tomar_siguiente(usuario=op).acta == cat.actas[0]
    with pytest.raises(cap.CapturaError, match="ya está verificada"):
        sup.registrar_sin_acta(
            supervisor=supervisor, acta=acta, causa=SinActa.Causa.SIN_SOBRE, motivo="repetida"
        )


def test_sin_acta_de_un_acta_sin_imagen():
    cat = dc.catalogo(n_actas=1, imagenes=False)
    s = dc.usuario("s", prep_roles.SUPERVISION)
    ver = sup.registrar_sin_acta(
        supervisor=s,
        acta=cat.actas[0],
        causa=SinActa.Causa.CASILLA_NO_INSTALADA,
        motivo="Casilla no instalada según el reporte de la jornada.",
    )
    assert ver.observaciones == ["SIN_ACTA_CASILLA_NO_INSTALADA"]


def test_correccion_es_una_version_nueva(cat, supervisor):
    acta = _conflicto(cat)
    v1 = sup.resolver_conflicto(
        supervisor=supervisor, acta=acta, valores=dc.valores(), motivo="según la imagen"
    )
    with pytest.raises(cap.CapturaError):
        sup.corregir(
            supervisor=supervisor, acta=acta, valores=dc.valores({"PAN": -3}), motivo="x" * 6
        )
    v2 = sup.corregir(
        supervisor=supervisor,
        acta=acta,
        valores=dc.valores({"PAN": 900}),
        motivo="Se releyó el acta: 900 en PAN excede la lista nominal.",
    )
    assert (v1.version, v2.version) == (1, 2)
    assert v2.metodo == Verificacion.Metodo.CORRECCION
    assert v2.contabilizada is False and v2.observaciones == ["EXCEDE_LN"]
    assert v2.capturado_en == v1.capturado_en
    v1.refresh_from_db()
    assert v1.valores["PAN"] == 100  # untouched
    assert Verificacion.objects.filter(acta=acta).count() == 2
    with pytest.raises(cap.CapturaError, match="ya verificada"):
        sup.corregir(
            supervisor=supervisor, acta=cat.actas[1], valores=dc.valores(), motivo="nada aún"
        )


def test_lease_on_an_acta_the_supervisor_decided_is_not_handed_back(cat, supervisor):
    acta = _conflicto(cat)
    verif = dc.usuario("verif", prep_roles.VERIFICACION)
    tercera = cap.tomar_siguiente(usuario=verif)
    assert tercera.acta == acta and tercera.ronda == 3
    sup.resolver_conflicto(
        supervisor=supervisor, acta=acta, valores=dc.valores(), motivo="Cotejado con la imagen."
    )
    # The open round-3 lease is dead: the verifier gets nothing (or another acta), never it.
    siguiente = cap.tomar_siguiente(usuario=verif)
    assert siguiente is None or siguiente.acta != acta
    tercera.refresh_from_db()
    assert tercera.terminada


@pytest.mark.parametrize("pdf", [True, False])
def test_la_pagina_de_decision_permite_el_pdf_del_acta(client, supervisor, pdf):
    """The page embeds a PDF acta in an <object>: its policy allows objects from this origin
    only then, and the image's answer may be framed by this origin alone."""
    from django.utils import timezone

    from ople.core import csp
    from ople.core.testing import login_verified

    cat = dc.catalogo(n_actas=1, imagenes=False)
    dig = dc.digitalizar(cat.actas[0], llegada=timezone.now(), pdf=pdf)
    login_verified(client, supervisor)
    r = client.get(f"/prep/supervision/correccion/{cat.actas[0].pk}/")
    assert r.status_code == 200
    politica = csp.leer(r["Content-Security-Policy"])
    assert politica["object-src"] == (("'self'",) if pdf else ("'none'",))
    assert politica["frame-ancestors"] == ("'none'",)
    assert (b'<object data="' in r.content) is pdf
    imagen = client.get(f"/prep/captura/imagen/{dig.imagen.sha256}/")
    assert imagen.status_code == 200
    assert imagen["X-Frame-Options"] == "SAMEORIGIN"
    assert csp.leer(imagen["Content-Security-Policy"])["frame-ancestors"] == ("'self'",)


def test_un_conflicto_ya_resuelto_no_se_ofrece_para_decidir(client, cat, supervisor):
    """The list was loaded, then someone else decided the acta: following its link says who
    decided it and when, and the list no longer offers it."""
    from ople.core.testing import login_verified

    acta = _conflicto(cat)
    login_verified(client, supervisor)
    assert f"/conflictos/{acta.pk}/" in client.get("/prep/supervision/conflictos/").content.decode()
    otro = dc.usuario("otro", prep_roles.COORDINACION)
    sup.resolver_conflicto(supervisor=otro, acta=acta, valores=dc.valores(), motivo="ya decidí")
    r = client.get(f"/prep/supervision/conflictos/{acta.pk}/", follow=True)
    cuerpo = r.content.decode()
    assert r.redirect_chain[-1][0].endswith("/prep/supervision/conflictos/")
    assert "ya fue verificada" in cuerpo and "por otro" in cuerpo
    assert f"/conflictos/{acta.pk}/" not in cuerpo
    versiones = Verificacion.objects.filter(acta=acta).count()
    client.post(f"/prep/supervision/conflictos/{acta.pk}/", {"motivo": "tarde"})
    assert Verificacion.objects.filter(acta=acta).count() == versiones  # nothing changed
