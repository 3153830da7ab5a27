"""The consejo's mechanisms and route table over HTTP: recorded by supervision, one bad row
changes nothing, the reception desk only reads it (both databases)."""

from __future__ import annotations

import pytest

from ople.core.models import AuditEvent
from ople.core.testing import login_verified
from ople.paquetes.models import Mecanismo, Paquete
from ople.paquetes.services import crear_mecanismo

pytestmark = pytest.mark.django_db


def _url(esc) -> str:
    return f"/paquetes/oficina/consejo/{esc.consejo.pk}/mecanismos/"


def _tabla(esc, **cambios: tuple[str, str]) -> dict[str, object]:
    """The route table as the page posts it, with ``cambios`` {clave: (mecanismo, ubicación)}."""
    datos: dict[str, object] = {"accion": "rutas", "paquete": []}
    for p in Paquete.objects.filter(consejo=esc.consejo).order_by("clave"):
        mecanismo, ubicacion = cambios.get(p.clave, (str(p.mecanismo_id or ""), p.ubicacion))
        datos["paquete"].append(p.clave)  # type: ignore[union-attr]
        datos[f"mecanismo-{p.clave}"] = mecanismo
        datos[f"ubicacion-{p.clave}"] = ubicacion
    return datos


def test_registrar_un_mecanismo_y_las_rutas(client, esc):
    login_verified(client, esc.supervisor)
    r = client.post(
        _url(esc),
        {
            "accion": "crear",
            "tipo": "CRYT_ITINERANTE",
            "nombre": "Ruta norte",
            "ruta": "Pocitos – Cañada Honda",
            "invitados": "PAN: Ana Ruiz\nMORENA: Luis Gil\n",
        },
        follow=True,
    )
    assert "Mecanismo registrado: CRyT itinerante Ruta norte." in r.content.decode()
    m = Mecanismo.objects.get()
    assert m.representantes_invitados == ["PAN: Ana Ruiz", "MORENA: Luis Gil"]
    # an itinerant CRyT without its invited representatives is refused (RE art. 327)
    r = client.post(
        _url(esc),
        {"accion": "crear", "tipo": "CRYT_ITINERANTE", "nombre": "Ruta sur", "ruta": "Calvillo"},
        follow=True,
    )
    assert "representantes invitados" in r.content.decode()
    assert Mecanismo.objects.count() == 1

    p0, p1 = esc.paquete(0), esc.paquete(1)
    r = client.post(
        _url(esc),
        _tabla(esc, **{p0.clave: (str(m.pk), "RURAL"), p1.clave: ("", "CABECERA")}),
        follow=True,
    )
    assert "Rutas guardadas: 2 paquetes cambiaron." in r.content.decode()
    p0.refresh_from_db()
    p1.refresh_from_db()
    assert (p0.mecanismo_id, p0.ubicacion, p1.mecanismo_id, p1.ubicacion) == (
        m.pk,
        "RURAL",
        None,
        "CABECERA",
    )
    assert AuditEvent.objects.filter(action="paquetes.asignar").count() == 2
    pagina = client.get(_url(esc)).content.decode()
    assert "Ruta norte" in pagina and f'<option value="{m.pk}" selected>' in pagina


def test_una_fila_mala_no_cambia_ninguna(client, esc):
    login_verified(client, esc.supervisor)
    ajeno = crear_mecanismo(
        usuario=esc.supervisor, consejo=esc.otro_consejo, tipo="DAT", nombre="DAT del 2"
    )
    p0, p1 = esc.paquete(0), esc.paquete(1)
    antes = list(Paquete.objects.order_by("pk").values_list("mecanismo_id", "ubicacion"))
    eventos = AuditEvent.objects.count()
    for cambios, error in (
        ({p0.clave: ("", "RURAL"), p1.clave: (str(ajeno.pk), "URBANA")}, "de otro consejo"),
        ({p0.clave: ("", "RURAL"), p1.clave: ("", "LEJANA")}, "cabecera, urbana o rural"),
    ):
        r = client.post(_url(esc), _tabla(esc, **cambios), follow=True)
        assert error in r.content.decode() and "No se guardó nada." in r.content.decode()
    otro = Paquete.objects.filter(consejo=esc.otro_consejo).first()
    datos = _tabla(esc)
    datos["paquete"].append(otro.clave)  # type: ignore[union-attr]
    r = client.post(_url(esc), datos, follow=True)
    assert "no es de este consejo" in r.content.decode()
    assert list(Paquete.objects.order_by("pk").values_list("mecanismo_id", "ubicacion")) == antes
    assert AuditEvent.objects.count() == eventos


def test_la_mesa_solo_lee(client, esc):
    crear_mecanismo(usuario=esc.supervisor, consejo=esc.consejo, tipo="CRYT_FIJO", nombre="Fijo 1")
    login_verified(client, esc.recepcion)
    pagina = client.get(_url(esc)).content.decode()
    assert "CRyT fijo Fijo 1" in pagina and "<select" not in pagina
    assert client.post(_url(esc), _tabla(esc)).status_code == 403
    assert (
        client.post(_url(esc), {"accion": "crear", "tipo": "DAT", "nombre": "X"}).status_code == 403
    )
    assert Mecanismo.objects.count() == 1
