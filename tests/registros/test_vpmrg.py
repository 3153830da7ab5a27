"""The VPMRG register's services: two-person capture and approval, corrections as versions,
permanence computed at approval, the eligibility selector."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied

from ople.core.models import AuditEvent
from ople.registros import selectors
from ople.registros.errores import RegistroInvalido
from ople.registros.models import Entrada, VersionEntrada
from ople.registros.services import vpmrg

from .datos import AHORA, aprobador, capturista, datos, entrada_aprobada

pytestmark = pytest.mark.django_db


def test_captura_y_aprobacion_por_dos_personas():
    capt, apro = capturista(), aprobador()
    v = vpmrg.capturar_entrada(datos=datos(), usuario=capt, ahora=AHORA)
    assert v.estado == VersionEntrada.PENDIENTE
    # Pending: not on the register, the selector does not flag it.
    assert selectors.registro(date(2026, 12, 1)) == ([], [])
    assert not selectors.elegibilidad(nombre="Juan Pérez López", hoy=date(2026, 12, 1)).sancionado
    v = vpmrg.aprobar_version(version=v, usuario=apro, ahora=AHORA)
    assert v.estado == VersionEntrada.APROBADA and v.revisada_por == apro
    # leve: 3 years from the ruling becoming final (the profile's rule «firmeza»).
    assert (v.meses_permanencia, v.fecha_inicio, v.fecha_baja, v.regla_inicio) == (
        36,
        date(2024, 3, 1),
        date(2027, 3, 1),
        "firmeza",
    )
    acciones = list(AuditEvent.objects.order_by("seq").values_list("action", flat=True))
    assert acciones[-2:] == ["registros.entrada_captura", "registros.entrada_aprobacion"]


def test_quien_captura_no_aprueba():
    # One person holding both roles still cannot approve their own capture.
    from ople.core.testing import make_user
    from ople.registros import roles

    ambos = make_user("ambos", roles.CAPTURA, roles.APROBACION)
    v = vpmrg.capturar_entrada(datos=datos(), usuario=ambos, ahora=AHORA)
    antes = AuditEvent.objects.count()
    with pytest.raises(RegistroInvalido, match="persona distinta"):
        vpmrg.aprobar_version(version=v, usuario=ambos, ahora=AHORA)
    v.refresh_from_db()
    assert v.estado == VersionEntrada.PENDIENTE and AuditEvent.objects.count() == antes


def test_roles():
    capt, apro = capturista(), aprobador()
    with pytest.raises(PermissionDenied):
        vpmrg.capturar_entrada(datos=datos(), usuario=apro, ahora=AHORA)
    v = vpmrg.capturar_entrada(datos=datos(), usuario=capt, ahora=AHORA)
    otro = capturista("otro")
    with pytest.raises(PermissionDenied):
        vpmrg.aprobar_version(version=v, usuario=otro, ahora=AHORA)


@pytest.mark.parametrize(
    ("cambios", "codigo"),
    [
        ({"nombre": "   "}, "campo_vacio"),
        ({"sexo": "X"}, "sexo"),
        ({"calificacion": "gravisima"}, "calificacion"),
        ({"curp": "ABC"}, "curp"),
        ({"fecha_resolucion_firme": date(2027, 1, 1)}, "fecha_futura"),
        ({"ambito": "galactico"}, "ambito"),
    ],
)
def test_datos_invalidos_no_cambian_nada(cambios, codigo):
    capt = capturista()
    with pytest.raises(RegistroInvalido) as exc:
        vpmrg.capturar_entrada(datos=datos(**cambios), usuario=capt, ahora=AHORA)
    assert exc.value.codigo == codigo
    assert Entrada.objects.count() == 0 and VersionEntrada.objects.count() == 0


def test_correccion_es_una_nueva_version_con_motivo():
    capt, apro = capturista(), aprobador()
    v1 = entrada_aprobada(capt, apro)
    with pytest.raises(RegistroInvalido, match="motivo"):
        vpmrg.corregir_entrada(
            entrada=v1.entrada, datos=datos(), motivo=" ", usuario=capt, ahora=AHORA
        )
    v2 = vpmrg.corregir_entrada(
        entrada=v1.entrada,
        datos=datos(calificacion="ordinaria"),
        motivo="La sentencia califica la conducta como ordinaria.",
        usuario=capt,
        ahora=AHORA,
    )
    assert v2.numero == 2 and v2.estado == VersionEntrada.PENDIENTE
    # While v2 is pending the register shows v1, and a second correction waits.
    vigentes, _ = selectors.registro(date(2026, 12, 1))
    assert [(e.version, e.calificacion) for e in vigentes] == [(1, "leve")]
    with pytest.raises(RegistroInvalido, match="pendiente"):
        vpmrg.corregir_entrada(
            entrada=v1.entrada, datos=datos(), motivo="x", usuario=capt, ahora=AHORA
        )
    vpmrg.aprobar_version(version=v2, usuario=apro, ahora=AHORA)
    vigentes, _ = selectors.registro(date(2026, 12, 1))
    assert [(e.version, e.calificacion, e.fecha_baja, e.corregida) for e in vigentes] == [
        (2, "ordinaria", date(2028, 3, 1), True)
    ]
    # Nothing overwritten: v1 is intact.
    v1.refresh_from_db()
    assert (v1.calificacion, v1.estado, v1.fecha_baja) == ("leve", "aprobada", date(2027, 3, 1))
    assert [v.numero for v in selectors.historial(v1.entrada_id)] == [1, 2]


def test_rechazo():
    capt, apro = capturista(), aprobador()
    v = vpmrg.capturar_entrada(datos=datos(), usuario=capt, ahora=AHORA)
    with pytest.raises(RegistroInvalido):
        vpmrg.rechazar_version(version=v, observaciones="", usuario=apro, ahora=AHORA)
    vpmrg.rechazar_version(
        version=v, observaciones="Falta el expediente correcto.", usuario=apro, ahora=AHORA
    )
    assert selectors.registro(date(2026, 12, 1)) == ([], [])
    with pytest.raises(RegistroInvalido, match="ya fue revisada"):
        vpmrg.aprobar_version(version=v, usuario=apro, ahora=AHORA)


def test_paso_al_historico_y_elegibilidad_segun_el_dia():
    capt, apro = capturista(), aprobador()
    entrada_aprobada(capt, apro)  # removal date 2027-03-01
    un_dia_antes, baja = date(2027, 2, 28), date(2027, 3, 1)
    assert [e.nombre for e in selectors.registro(un_dia_antes)[0]] == ["Juan Pérez López"]
    vig, his = selectors.registro(baja)
    assert vig == [] and [e.estado for e in his] == ["historico"]
    assert selectors.elegibilidad(nombre="juan perez lopez", hoy=un_dia_antes).sancionado
    assert not selectors.elegibilidad(nombre="juan perez lopez", hoy=baja).sancionado


@pytest.mark.parametrize(
    ("nombre", "curp", "sancionado", "por"),
    [
        ("Juan Pérez López", "", True, "nombre"),
        ("  JUAN   PEREZ lópez ", "", True, "nombre"),
        ("Juan Perez", "", False, ""),
        ("Otra Persona", "PELJ800101HASRPN09", True, "curp"),
        ("Otra Persona", "pelj800101hasrpn09 ", True, "curp"),
        ("", "", False, ""),
        ("Juan Pérez López", "XXXX800101HASRPN09", True, "nombre"),
    ],
)
def test_elegibilidad(nombre, curp, sancionado, por):
    capt, apro = capturista(), aprobador()
    entrada_aprobada(capt, apro)
    r = selectors.elegibilidad(nombre=nombre, curp=curp, hoy=date(2026, 12, 6))
    assert r.sancionado is sancionado
    assert [e.coincide_por for e in r.entradas] == ([por] if por else [])
    if sancionado:
        assert r.entradas[0].expediente == "TEEA-PES-010/2024"


def test_regla_de_inicio_inscripcion(settings, monkeypatch):
    from dataclasses import replace

    from ople.registros import configuracion

    original = configuracion.seccion()
    monkeypatch.setattr(
        configuracion,
        "seccion",
        lambda: replace(original, permanencia=replace(original.permanencia, inicio="inscripcion")),
    )
    capt, apro = capturista(), aprobador()
    v = entrada_aprobada(capt, apro, reincidencia=True)
    # Re-offending: 6 years from the approval (1 December 2026 in Mexico City).
    assert (v.fecha_inicio, v.fecha_baja) == (date(2026, 12, 1), date(2032, 12, 1))
    # A correction keeps the inscription date of the first approval.
    v2 = vpmrg.corregir_entrada(
        entrada=v.entrada,
        datos=datos(reincidencia=False),
        motivo="No hay reincidencia.",
        usuario=capt,
        ahora=AHORA + timedelta(days=40),
    )
    v2 = vpmrg.aprobar_version(version=v2, usuario=apro, ahora=AHORA + timedelta(days=40))
    assert (v2.fecha_inicio, v2.fecha_baja) == (date(2026, 12, 1), date(2029, 12, 1))


def test_demo(settings):
    from django.core.management import call_command

    from ople.registros.models import EtapaExpediente, Expediente, Sancion
    from ople.registros.services.publicacion import corte_vigente

    settings.DEMO = True
    call_command("registros_demo")
    from django.utils import timezone

    hoy = timezone.localdate()
    vigentes, historicas = selectors.registro(hoy)
    assert len(vigentes) >= 5 and len(historicas) == 2
    assert any(e.fecha_baja - hoy <= timedelta(days=31) for e in vigentes)  # one expiring
    assert any(e.corregida for e in vigentes) and selectors.pendientes()
    # PES at every stage, POS too.
    ultimas = {
        x.clave: x.etapas.order_by("-fecha", "-id").first().etapa for x in Expediente.objects.all()
    }
    assert {e for c, e in ultimas.items() if "/PES/" in c} == {
        e for e, _ in EtapaExpediente._meta.get_field("etapa").choices
    }
    assert Sancion.objects.count() == 3
    corte = corte_vigente()
    assert corte is not None and "Demostración" in (corte / "vpmrg" / "index.html").read_text()
    from ople.registros.publica.verificar import revisar_corte

    assert revisar_corte(corte) == []
    call_command("registros_demo")  # idempotent
    assert Expediente.objects.count() == len(ultimas)


@pytest.mark.django_db(transaction=True)
def test_dos_aprobaciones_simultaneas_postgresql():
    """Two approvers at once on PostgreSQL: the version's row lock lets one approve; the other
    is told it was already reviewed, and one approval event is recorded."""
    import threading

    from django.db import connection, connections

    if connection.vendor != "postgresql":
        pytest.skip("el bloqueo de fila se prueba en PostgreSQL")
    capt, a1, a2 = capturista(), aprobador("a1"), aprobador("a2")
    v = vpmrg.capturar_entrada(datos=datos(), usuario=capt, ahora=AHORA)
    barrera = threading.Barrier(2)
    resultados: list[str] = []

    def aprobar(usuario):
        try:
            barrera.wait(10)
            vpmrg.aprobar_version(version=v, usuario=usuario, ahora=AHORA)
            resultados.append("aprobada")
        except RegistroInvalido as exc:
            resultados.append(exc.codigo)
        finally:
            connections.close_all()

    hilos = [threading.Thread(target=aprobar, args=(u,)) for u in (a1, a2)]
    for h in hilos:
        h.start()
    for h in hilos:
        h.join(30)
    assert sorted(resultados) == ["aprobada", "ya_revisada"]
    assert AuditEvent.objects.filter(action="registros.entrada_aprobacion").count() == 1


@pytest.mark.django_db
def test_perfil_sin_seccion_registros(settings):
    settings.OPLE_PROFILE = "ieqroo-2019"
    capt, apro = capturista(), aprobador()
    v = vpmrg.capturar_entrada(datos=datos(), usuario=capt, ahora=AHORA)
    with pytest.raises(RegistroInvalido, match=r"sección \[registros\]"):
        vpmrg.aprobar_version(version=v, usuario=apro, ahora=AHORA)
    v.refresh_from_db()
    assert v.estado == VersionEntrada.PENDIENTE
