"""The staff screens of a consejo before and around the session: actas en mano (and the
package's condition), its integrantes, and the designation of its grupos de trabajo. Each
refusal is a Spanish message and changes nothing; each change is audited."""

from __future__ import annotations

import pytest
from django.test import Client

from ople.computos import testing as t
from ople.computos.models import (
    ActaEnMano,
    CondicionPaquete,
    Documento,
    GrupoTrabajo,
    Integrante,
    Sesion,
)
from ople.computos.services import sesion as svc
from ople.core.models import AuditEvent
from ople.core.testing import login_verified

pytestmark = pytest.mark.django_db


def _cliente(usuario):
    c = Client(raise_request_exception=False)
    login_verified(c, usuario)
    return c


def _cifras(**extra):
    base = {"c_PAN": "60", "c_PRI": "40", "c_MORENA": "112", "c_C_PAN_PRI": "20"}
    return {**base, "c_NO_REGISTRADOS": "0", "c_NULOS": "9", **extra}


def test_actas_en_mano_del_personal_y_de_una_representacion():
    esc = t.escenario(casillas=2)
    e1, e2 = esc.consejo.expedientes.order_by("clave")
    url = "/computos/oficina/CD01/actas/"
    sec = _cliente(esc.secretaria)
    r = sec.get(url)
    assert r.status_code == 200 and e1.clave in r.content.decode()
    r = sec.get(url, {"casilla": e1.clave})
    assert "Registrar el acta" in r.content.decode() and "Acta del paquete" in r.content.decode()
    # the copy delivered outside the package, held by the presidency, with an illegible column
    datos = {
        "expediente": e1.pk,
        "origen": "PRESIDENCIA",
        "ilegible": "NULOS",
        "personas_votaron": "241",
        **_cifras(c_NULOS=""),
    }
    r = sec.post(url, datos, follow=True)
    assert f"Acta de la casilla {e1.clave} registrada." in r.content.decode()
    a = ActaEnMano.objects.get()
    assert a.origen == "PRESIDENCIA" and a.ilegibles == ["NULOS"] and "NULOS" not in a.votos
    assert a.votos["MORENA"] == 112 and a.personas_votaron == 241
    assert AuditEvent.objects.filter(action="computos.acta_en_mano").count() == 1
    # bad figures: a Spanish message, the values kept in the form, nothing recorded
    r = sec.post(url, {"expediente": e2.pk, "origen": "PAQUETE", **_cifras(c_PAN="abc")})
    html = r.content.decode()
    assert r.status_code == 200 and "La cifra de PAN debe ser un número entero" in html
    assert 'value="112"' in html and ActaEnMano.objects.count() == 1
    r = sec.post(url, {"expediente": e2.pk, "origen": "PAQUETE", "votos_sacados": "x", **_cifras()})
    assert "Votos sacados de la urna debe ser" in r.content.decode()
    assert ActaEnMano.objects.count() == 1
    # a representative records only their party's copy
    rep = _cliente(esc.rep_pan)
    r = rep.post(url, {"expediente": e2.pk, "origen": "PAQUETE", **_cifras()})
    assert "Elija de quién es el acta" in r.content.decode() and ActaEnMano.objects.count() == 1
    r = rep.post(url, {"expediente": e2.pk, "origen": "REPRESENTACION", **_cifras()}, follow=True)
    assert r.status_code == 200
    assert ActaEnMano.objects.get(expediente=e2).partido == "PAN"
    # an unknown casilla is a 404; once the stage closes nothing more is recorded
    assert sec.post(url, {"expediente": "999999", "origen": "PAQUETE"}).status_code == 404
    s = Sesion.objects.get(consejo=esc.consejo)
    for _ in range(2):
        s = svc.avanzar(sesion=s, usuario=esc.presidencia)
    r = sec.post(url, {"expediente": e2.pk, "origen": "PAQUETE", **_cifras()})
    assert "No se registró nada" in r.content.decode() or "ya no se registran" in r.content.decode()
    assert ActaEnMano.objects.count() == 2


def test_condicion_del_paquete():
    esc = t.escenario(casillas=1)
    (e1,) = esc.consejo.expedientes.all()
    url = "/computos/oficina/CD01/condicion/"
    datos = {"expediente": e1.pk, "con_alteracion": "1", "descripcion": "Cinta rota"}
    r = _cliente(esc.captura1).post(url, datos, follow=True)
    assert "Esta acción requiere el rol" in r.content.decode()
    assert not CondicionPaquete.objects.exists()
    r = _cliente(esc.secretaria).post(url, datos, follow=True)
    assert f"Condición del paquete de {e1.clave} registrada." in r.content.decode()
    assert "con muestras de alteración" in r.content.decode()
    c = CondicionPaquete.objects.get()
    assert c.con_alteracion and c.descripcion == "Cinta rota"
    assert AuditEvent.objects.filter(action="computos.condicion_paquete").exists()


def test_integrantes_del_consejo():
    esc = t.escenario(casillas=1)
    url = "/computos/oficina/CD01/integrantes/"
    pres = _cliente(esc.presidencia)
    # the escenario's staff are its integrantes (the consejo's people: who works in it)
    assert "Personal de apoyo" in pres.get(url).content.decode()
    n0 = Integrante.objects.count()
    datos = {"cargo": "REPRESENTACION", "nombre": "Ana Gómez", "partido": "PAN", "cuenta": ""}
    r = pres.post(url, {**datos, "cuenta": "rep-pan"}, follow=True)
    assert "Integrante registrado." in r.content.decode()
    i = Integrante.objects.get(cargo="REPRESENTACION")
    assert (i.cargo, i.partido, i.usuario) == ("REPRESENTACION", "PAN", esc.rep_pan)
    assert AuditEvent.objects.filter(action="computos.integrante").count() == 1
    for malos, mensaje in (
        ({**datos, "partido": "XYZ"}, "no es un partido de la boleta"),
        ({**datos, "nombre": "  "}, "Indique el nombre"),
        ({**datos, "cuenta": "nadie-asi"}, "No existe la cuenta activa"),
        ({**datos, "cargo": "REY"}, "Cargo desconocido"),
    ):
        r = pres.post(url, malos)
        assert mensaje in r.content.decode(), mensaje
        assert 'value="Ana Gómez"' in r.content.decode() or malos["nombre"] != "Ana Gómez"
    assert Integrante.objects.count() == n0 + 1
    # the consejería is registered without party; a representative sees the list, cannot add
    r = pres.post(
        url, {"cargo": "CONSEJERIA", "nombre": "Luis Ruiz", "partido": "PAN"}, follow=True
    )
    assert Integrante.objects.get(nombre="Luis Ruiz").partido == ""
    rep = _cliente(esc.rep_morena)
    r = rep.get(url)
    assert "Ana Gómez" in r.content.decode() and "Registrar un integrante" not in r.content.decode()
    rep.post(url, {**datos, "nombre": "Intruso"})
    assert not Integrante.objects.filter(nombre="Intruso").exists()


def test_designacion_de_grupos_de_trabajo():
    esc = t.escenario(casillas=2)
    url = "/computos/oficina/CD01/grupos/"
    pres = _cliente(esc.presidencia)
    assert "se crean al aprobar" in pres.get(url).content.decode()
    s = Sesion.objects.get(consejo=esc.consejo)
    for _ in range(2):
        s = svc.avanzar(sesion=s, usuario=esc.presidencia)
    svc.aprobar_recuento(
        consejo=esc.consejo,
        usuario=esc.presidencia,
        casillas=[],
        sede="Sede",
        grupos=2,
        puntos_por_grupo=2,
    )
    g1, g2 = GrupoTrabajo.objects.order_by("numero")
    html = pres.get(url).content.decode()
    assert "GT 1" in html and "Designar el GT 2" in html and "sin designar" in html
    r = pres.post(
        url,
        {"grupo": g1.pk, "presidencia": esc.grupo.pk, "puntos": "3", "auxiliares": "Eva, Juan"},
        follow=True,
    )
    assert "GT 1 designado." in r.content.decode()
    g1.refresh_from_db()
    assert (g1.presidencia, g1.puntos_recuento, g1.auxiliares) == (esc.grupo, 3, "Eva, Juan")
    ev = AuditEvent.objects.get(action="computos.designar_grupo")
    assert ev.before["puntos_recuento"] == 2 and ev.after["puntos_recuento"] == 3
    # refusals change nothing: an account without the GT role, bad points, someone else
    for datos, mensaje in (
        ({"presidencia": esc.captura1.pk}, "Elija una cuenta con el rol de grupo de trabajo"),
        ({"presidencia": esc.grupo2.pk, "puntos": "x"}, "número entero"),
        ({"presidencia": esc.grupo2.pk, "puntos": "99"}, "entre 0 y 50"),
    ):
        r = pres.post(url, {"grupo": g2.pk, **datos}, follow=True)
        assert mensaje in r.content.decode(), mensaje
    r = _cliente(esc.secretaria).post(url, {"grupo": g2.pk, "presidencia": esc.grupo2.pk})
    g2.refresh_from_db()
    assert g2.presidencia is None and g2.puntos_recuento == 2
    assert AuditEvent.objects.filter(action="computos.designar_grupo").count() == 1
    assert pres.post(url, {"grupo": "999999"}).status_code == 404
    # after the recount the designation is closed (the session put there directly)
    Sesion.objects.filter(pk=s.pk).update(estado="SUMA_Y_DISTRIBUCION")
    r = pres.post(url, {"grupo": g2.pk, "presidencia": esc.grupo2.pk}, follow=True)
    assert "No se puede designar un grupo de trabajo" in r.content.decode()
    g2.refresh_from_db()
    assert g2.presidencia is None


def test_acta_circunstanciada_de_un_grupo_de_trabajo():
    esc = t.escenario(casillas=2)
    e1, e2 = esc.consejo.expedientes.order_by("clave")
    v1, v2 = t.votos(100, 50, 120, 10, 0, 3), t.votos(60, 40, 112, 20, 0, 9)
    for e, v in ((e1, v1), (e2, v2)):
        for origen in ("PAQUETE", "PRESIDENCIA"):
            svc.registrar_acta(expediente=e, origen=origen, votos=v, usuario=esc.secretaria)
    s = Sesion.objects.get(consejo=esc.consejo)
    for _ in range(2):
        s = svc.avanzar(sesion=s, usuario=esc.presidencia)
    svc.aprobar_recuento(
        consejo=esc.consejo,
        usuario=esc.presidencia,
        casillas=[e2.clave],
        sede="Bodega del consejo",
        grupos=1,
        puntos_por_grupo=2,
    )
    g1 = GrupoTrabajo.objects.get()
    svc.designar_grupo(grupo=g1, usuario=esc.presidencia, presidencia=esc.grupo, auxiliares="Eva")
    url = f"/computos/oficina/CD01/grupos/{g1.pk}/acta/"
    pres = _cliente(esc.presidencia)
    # before the recount: refused, nothing issued
    r = pres.post(url, {"incidentes": "x"}, follow=True)
    assert "se expide desde el recuento" in r.content.decode()
    while s.estado != "COTEJO_EN_PLENO":
        s = svc.avanzar(sesion=s, usuario=esc.presidencia)
    for u in (esc.captura1, esc.captura2):
        svc.capturar_cotejo(expediente=e1, usuario=u, votos=v1)
    s = svc.avanzar(sesion=s, usuario=esc.presidencia)
    svc.registrar_recuento(
        expediente=e2, usuario=esc.grupo, grupo=g1, votos=v2, reservados=["Marca doble"]
    )
    # staff without the right role: refused
    r = _cliente(esc.captura1).post(url, {"incidentes": "x"}, follow=True)
    assert "Esta acción requiere el rol" in r.content.decode()
    assert not Documento.objects.filter(tipo="ACTA_GT").exists()
    r = pres.post(url, {"incidentes": "Se fue la luz 10 minutos\n\n"}, follow=True)
    assert "Acta circunstanciada del GT 1 expedida." in r.content.decode()
    d = Documento.objects.get(tipo="ACTA_GT")
    assert d.contenido["grupo"] == 1 and d.folio.startswith("IEE/CD01-GT/")
    lineas = "\n".join(d.contenido["lineas"])
    assert "Presidencia del grupo: gt1" in lineas and "Auxiliares: Eva" in lineas
    assert f"{e2.clave}: 241 votos recontados, 1 reservados" in lineas
    assert "Se fue la luz 10 minutos" in lineas
    assert AuditEvent.objects.filter(action="computos.acta_grupo").count() == 1
    html = pres.get("/computos/oficina/CD01/grupos/").content.decode()
    assert f"Acta circunstanciada de grupo de trabajo {d.folio}" in html
    pdf = pres.get(f"/computos/oficina/CD01/documento/{d.pk}/")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    # a second one with nothing new re-counted: refused
    r = pres.post(url, {}, follow=True)
    assert "ya se expidió" in r.content.decode()
    assert Documento.objects.filter(tipo="ACTA_GT").count() == 1
    assert pres.post("/computos/oficina/CD01/grupos/999999/acta/").status_code == 404
