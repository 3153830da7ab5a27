"""Seguimiento documental: folios, turnos to several areas, answers, states with who and when,
search, overdue lists, requests to Informática with the memorandum's lead time, and gap-free
folios under 20 concurrent clients on PostgreSQL."""

from __future__ import annotations

import threading
from datetime import UTC, date, datetime, timedelta

import pytest
from django.contrib.auth import get_user_model
from django.db import connection, connections

from ople.core.models import AuditEvent
from ople.oficialia import selectors
from ople.oficialia.models import Documento, Estado, Evento, Solicitud, Turno
from ople.oficialia.services import documentos as s

pytestmark = pytest.mark.django_db
AHORA = datetime(2023, 4, 11, 17, 0, tzinfo=UTC)  # 11:00 in Aguascalientes


@pytest.fixture
def usuario():
    return get_user_model().objects.create_user("partes1", password="x")


def _oficio(usuario, asunto="Requerimientos de equipo para sesiones híbridas", **kw):
    datos = dict(
        tipo="oficio",
        sentido="entrada",
        area=s.area_por_siglas("CZLS"),
        remitente="Comisión de Tecnologías",
        destinatario="Dirección de Administración",
        asunto=asunto,
        fecha_documento=date(2023, 4, 11),
        actor=usuario,
        archivo=("oficio.pdf", b"%PDF-1.4 oficio"),
        anexos=[("anexo1.xlsx", b"tabla")],
        ahora=AHORA,
    )
    datos.update(kw)
    return s.registrar(**datos)


def test_folio_del_instituto_y_documento_en_evidencias(usuario):
    a = _oficio(usuario)
    b = _oficio(usuario, asunto="Organigrama y presupuesto del PREP")
    assert (a.folio, b.folio) == ("IEE/CZLS/001/2023", "IEE/CZLS/002/2023")
    assert a.archivo_sha256 == s.sha256(b"%PDF-1.4 oficio")
    assert [x.nombre for x in a.anexos.all()] == ["anexo1.xlsx"]
    assert AuditEvent.objects.filter(action="oficialia.registrar").count() == 2


def test_entrada_mala_no_cambia_nada(usuario):
    with pytest.raises(s.OficialiaError, match="Indique el asunto"):
        _oficio(usuario, asunto="  ")
    with pytest.raises(s.OficialiaError, match="nombre del anexo"):
        _oficio(usuario, anexos=[("", b"x")])
    assert not Documento.objects.exists()
    assert _oficio(usuario).folio == "IEE/CZLS/001/2023"  # no number was lost


def test_turno_a_dos_areas_respuesta_e_historial(usuario):
    doc = _oficio(usuario)
    ci, da = s.area_por_siglas("CI"), s.area_por_siglas("DA")
    t_ci, t_da = s.turnar(
        documento=doc,
        areas=[ci, da],
        instrucciones="Atender y responder",
        vence_en=AHORA + timedelta(days=5),
        actor=usuario,
        ahora=AHORA + timedelta(hours=1),
    )
    with pytest.raises(s.OficialiaError, match="Ya se turnó a: CI"):
        s.turnar(
            documento=doc,
            areas=[ci],
            instrucciones="otra vez",
            vence_en=AHORA + timedelta(days=5),
            actor=usuario,
            ahora=AHORA,
        )
    s.atender(turno=t_ci, actor=usuario, ahora=AHORA + timedelta(hours=2))
    resp = s.responder(
        turno=t_ci,
        asunto="Se remite la cotización",
        destinatario="CZLS",
        actor=usuario,
        ahora=AHORA + timedelta(days=1),
    )
    doc.refresh_from_db()
    assert resp.folio == "IEE/CI/001/2023" and resp.responde_a == doc
    assert doc.estado == Estado.EN_ATENCION  # DA has not answered
    with pytest.raises(s.OficialiaError, match="turnos sin atender"):
        s.archivar(documento=doc, nota="concluido", actor=usuario)
    s.responder(
        turno=t_da,
        asunto="Sin impacto presupuestal",
        destinatario="CZLS",
        actor=usuario,
        ahora=AHORA + timedelta(days=6),
    )
    doc.refresh_from_db()
    assert doc.estado == Estado.ATENDIDO
    s.archivar(documento=doc, nota="concluido", actor=usuario, ahora=AHORA + timedelta(days=7))
    estados = list(Evento.objects.filter(documento=doc).values_list("estado", "actor_nombre"))
    assert [e for e, _ in estados] == [
        "recibido",
        "turnado",
        "turnado",
        "en_atencion",
        "atendido",
        "atendido",
        "archivado",
    ]
    assert {a for _, a in estados} == {"partes1"}
    descripciones = " ".join(selectors.historial(doc).values_list("descripcion", flat=True))
    assert "en tiempo" in descripciones and "fuera de plazo" in descripciones


def test_busqueda_y_vencidos_por_area(usuario):
    doc = _oficio(usuario)
    otro = _oficio(
        usuario,
        asunto="Solicitud de copias certificadas CG-A-60/22",
        remitente="Partido Acción Nacional",
    )
    s.turnar(
        documento=doc,
        areas=[s.area_por_siglas("CI")],
        instrucciones="x",
        vence_en=AHORA + timedelta(days=1),
        actor=usuario,
        ahora=AHORA,
    )
    s.turnar(
        documento=otro,
        areas=[s.area_por_siglas("DJ")],
        instrucciones="x",
        vence_en=AHORA + timedelta(days=5),
        actor=usuario,
        ahora=AHORA,
    )
    assert list(selectors.buscar(texto="CG-A-60")) == [otro]
    assert list(selectors.buscar(texto="IEE/CZLS/001")) == [doc]
    assert list(selectors.buscar(texto="acción nacional")) == [otro]
    assert list(selectors.buscar(area="DJ")) == [otro]
    assert set(selectors.buscar(estado="turnado")) == {doc, otro}
    assert not selectors.buscar(desde=date(2023, 4, 12)).exists()
    despues = AHORA + timedelta(days=2)
    assert [t.documento for t in selectors.vencidos(ahora=despues)] == [doc]
    assert [t.documento for t in selectors.por_vencer(ahora=despues, area="DJ")] == [otro]
    assert not selectors.vencidos(ahora=despues, area="DJ").exists()


def test_solicitud_a_informatica_con_anticipacion(usuario):
    se = s.area_por_siglas("SE")
    with pytest.raises(s.OficialiaError, match="un mes de anticipación.*13/02/2023"):
        s.solicitar_a_informatica(
            area=se,
            clase="sistema",
            accion="crear",
            sistema="Seguimiento documental",
            descripcion="",
            requerido_para=date(2023, 2, 12),
            fecha_solicitud=date(2023, 1, 13),
            actor=usuario,
            ahora=AHORA,
        )
    with pytest.raises(s.OficialiaError, match="quince días"):
        s.solicitar_a_informatica(
            area=se,
            clase="evento",
            accion="crear",
            sistema="Concurso de oratoria",
            descripcion="",
            requerido_para=date(2023, 1, 27),
            fecha_solicitud=date(2023, 1, 13),
            actor=usuario,
            ahora=AHORA,
        )
    ok = s.solicitar_a_informatica(
        area=se,
        clase="sistema",
        accion="crear",
        sistema="Sistema Integral de Seguimiento documental",
        descripcion="oficios y turnos",
        requerido_para=date(2023, 2, 13),
        fecha_solicitud=date(2023, 1, 13),
        actor=usuario,
        ahora=AHORA,
    )
    urgente = s.solicitar_a_informatica(
        area=se,
        clase="sistema",
        accion="crear",
        sistema="Apartado para los PES y POS",
        descripcion="",
        requerido_para=date(2023, 1, 20),
        fecha_solicitud=date(2023, 1, 16),
        actor=usuario,
        urgente=True,
        ahora=AHORA,
    )
    s.registrar_avance(solicitud=ok, avance=60, situacion="", actor=usuario, ahora=AHORA)
    s.registrar_avance(
        solicitud=urgente, avance=0, situacion="Detenido", actor=usuario, ahora=AHORA
    )
    with pytest.raises(s.OficialiaError, match="0 a 100"):
        s.registrar_avance(solicitud=ok, avance=101, situacion="", actor=usuario)
    assert s.mas_meses(date(2023, 1, 31), 1) == date(2023, 2, 28)
    filas = selectors.cartera()
    assert [(f.fecha, f.sistema, f.accion, f.area, f.avance, f.notas) for f in filas] == [
        (
            date(2023, 1, 13),
            "Sistema Integral de Seguimiento documental",
            "Crear",
            "Secretaría Ejecutiva",
            "60 %",
            "",
        ),
        (
            date(2023, 1, 16),
            "Apartado para los PES y POS",
            "Crear",
            "Secretaría Ejecutiva",
            "Detenido",
            "Requerido de forma urgente",
        ),
    ]
    assert Solicitud.objects.get(pk=ok.pk).documento.folio == "IEE/SE/001/2023"


@pytest.mark.django_db(transaction=True)
def test_20_clientes_concurrentes_sin_huecos_ni_duplicados():
    if connection.vendor != "postgresql":
        pytest.skip("la concurrencia real se prueba en PostgreSQL")
    s.asegurar_areas()  # a previous transactional test's flush removes migration data
    barrera = threading.Barrier(20)
    errores: list[BaseException] = []
    rechazados: list[int] = []

    def cliente(i: int) -> None:
        try:
            barrera.wait(10)
            # One client in four fails after taking its number: its transaction rolls back.
            anexos = [("", b"x")] if i % 4 == 0 else [(f"anexo-{i}.pdf", b"y")]
            s.registrar(
                tipo="oficio",
                sentido="entrada",
                area=s.area_por_siglas("OP"),
                remitente=f"Remitente {i}",
                destinatario="Secretaría Ejecutiva",
                asunto=f"Oficio {i}",
                fecha_documento=date(2023, 4, 11),
                actor=None,
                anexos=anexos,
                ahora=AHORA,
            )
        except s.OficialiaError:
            rechazados.append(i)
        except BaseException as exc:  # noqa: BLE001 - reported to the test thread
            errores.append(exc)
        finally:
            connections.close_all()

    hilos = [threading.Thread(target=cliente, args=(i,)) for i in range(20)]
    for h in hilos:
        h.start()
    for h in hilos:
        h.join(30)
    assert not errores
    assert len(rechazados) == 5
    folios = sorted(Documento.objects.values_list("folio", flat=True))
    assert folios == [f"IEE/OP/{n:03d}/2023" for n in range(1, 16)]
    assert Turno.objects.count() == 0


def test_anticipacion_del_perfil(usuario, monkeypatch):
    import dataclasses

    from ople import profiles
    from ople.oficialia import perfil

    p = profiles.cargar("ieeags-2024")
    assert perfil.de(p) == perfil.SeccionOficialia(1, 15)  # the memorandum's defaults
    otra = dataclasses.replace(
        p, secciones={**p.secciones, "oficialia": perfil.SeccionOficialia(2, 30)}
    )
    monkeypatch.setattr(profiles, "cargar", lambda nombre: otra)
    assert s.fecha_minima("sistema", date(2023, 1, 13)) == date(2023, 3, 13)
    with pytest.raises(s.OficialiaError, match="30 días de anticipación"):
        s.solicitar_a_informatica(
            area=s.area_por_siglas("DCOE"),
            clase="evento",
            accion="crear",
            sistema="Concurso de oratoria",
            descripcion="",
            requerido_para=date(2023, 2, 1),
            fecha_solicitud=date(2023, 1, 13),
            actor=usuario,
            ahora=AHORA,
        )
