"""Intake services: expected actas, recibir_imagen, acopio, enrolment."""

from __future__ import annotations

import hashlib
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from ople.core.models import AuditEvent
from ople.prep import qr
from ople.prep.evidencia import actas
from ople.prep.models import (
    Acopio,
    ActaEsperada,
    CodigoEnrolamiento,
    Digitalizacion,
    Dispositivo,
    EstadoActa,
    Imagen,
)
from ople.prep.services import acopio, dispositivos, intake
from ople.prep.services.actas import formar_clave_acta, generar_actas_esperadas
from tests.prep.datos_intake import (
    abrir_intake,
    acta,
    bomba_png,
    catalogo_con_actas,
    crear_catalogo,
    jpeg,
    momento,
    sha,
    supervisor,
    usuario,
)

pytestmark = pytest.mark.django_db


def archivos_de_imagen(media: Path) -> list[Path]:
    raiz = media / actas.prefijo
    return sorted(p for p in raiz.rglob("*") if p.is_file()) if raiz.exists() else []


def recibir(datos: bytes, clave: str | None, **kw):
    a = acta(clave) if clave else None
    kw.setdefault("sha256_declarado", sha(datos))
    kw.setdefault("origen", Digitalizacion.Origen.CASILLA)
    kw.setdefault("medio", Digitalizacion.Medio.MOVIL)
    return intake.recibir_imagen(datos=datos, acta=a, **kw)


# --- actas esperadas ------------------------------------------------------------------------


def test_clave_acta():
    assert formar_clave_acta("010393C0200", "2") == "010393C020002"
    assert formar_clave_acta("230085B0100", "02") == "230085B010002"
    assert formar_clave_acta("010393C0200", "2e") == "010393C02002E"


def test_actas_esperadas_por_perfil_e_idempotentes():
    cat = crear_catalogo()
    primera = generar_actas_esperadas(proceso=cat.proceso, actor=None)
    # ieeags-2024: diputaciones "2" (casilla especial: "2" y "3"), ayuntamientos "4".
    # 5 casillas -> 5 + 1 (especial) actas de diputaciones + 5 de ayuntamientos.
    assert primera == {"creadas": 11, "existentes": 0, "sin_demarcacion": 0, "total": 11}
    claves = set(ActaEsperada.objects.values_list("clave", flat=True))
    assert {"010393B010002", "010393B010004", "010394S010002", "010394S010003"} <= claves
    assert "010394B010003" not in claves
    dl2 = ActaEsperada.objects.get(clave="010394B010002")
    assert dl2.demarcacion.clave == 2 and dl2.tipo_acta == "2"
    assert EstadoActa.objects.filter(estado=EstadoActa.Estado.ESPERADA).count() == 11
    segunda = generar_actas_esperadas(proceso=cat.proceso, actor=None)
    assert segunda == {"creadas": 0, "existentes": 11, "sin_demarcacion": 0, "total": 11}
    assert ActaEsperada.objects.count() == 11 and EstadoActa.objects.count() == 11
    eventos = AuditEvent.objects.filter(action="prep.actas_esperadas")
    assert [e.after["creadas"] for e in eventos] == [11, 0]


def test_perfil_desconocido_usa_tipos_por_omision():
    cat = crear_catalogo(perfil="no-existe-2099")
    generar_actas_esperadas(proceso=cat.proceso, actor=None)
    assert set(ActaEsperada.objects.values_list("tipo_acta", flat=True)) == {"2", "4"}


# --- recibir_imagen -----------------------------------------------------------------------------


def test_intake_cerrado_sin_puesta_en_ceros(settings):
    cat = catalogo_con_actas(ceros=False)
    datos = jpeg(1)
    with pytest.raises(intake.IntakeError) as exc:
        recibir(datos, "010393B010002")
    assert exc.value.codigo == "intake_cerrado"
    assert not Digitalizacion.objects.exists() and not Imagen.objects.exists()
    assert archivos_de_imagen(Path(settings.MEDIA_ROOT)) == []
    abrir_intake(cat.proceso)
    assert recibir(datos, "010393B010002").version == 1


def test_recibo_idempotente_y_versiones(settings):
    catalogo_con_actas()
    clave = "010393B010002"
    primera = jpeg(1)
    r1 = recibir(primera, clave, ahora=momento(0), capturado_en=momento(-2))
    assert (r1.version, r1.duplicado, r1.fuera_catalogo, r1.clave_acta) == (1, False, False, clave)
    assert r1.recibido_en == momento(0)
    estado = EstadoActa.objects.get(acta__clave=clave)
    assert estado.estado == EstadoActa.Estado.DIGITALIZADA and estado.llegada == momento(0)
    eventos = AuditEvent.objects.filter(action="prep.intake").count()

    # Retry of the same bytes: same receipt, nothing created.
    r1b = recibir(primera, clave, ahora=momento(5))
    assert r1b.recibo == r1.recibo and r1b.duplicado and r1b.version == 1
    assert r1b.recibido_en == momento(0)
    assert Digitalizacion.objects.count() == 1 and Imagen.objects.count() == 1
    assert AuditEvent.objects.filter(action="prep.intake").count() == eventos

    # Another image of the same acta is version 2; the first is kept.
    r2 = recibir(jpeg(2), clave, ahora=momento(10))
    assert r2.version == 2 and r2.recibo != r1.recibo and not r2.duplicado
    assert list(
        Digitalizacion.objects.filter(acta__clave=clave).values_list("version", flat=True)
    ) == [1, 2]
    estado.refresh_from_db()
    assert estado.llegada == momento(0)  # first arrival stays

    # The same bytes for another acta: one Imagen, a second Digitalizacion.
    r3 = recibir(primera, "010393B010004")
    assert r3.version == 1 and r3.sha256 == r1.sha256
    assert Imagen.objects.count() == 2 and Digitalizacion.objects.count() == 3

    media = Path(settings.MEDIA_ROOT)
    for img in Imagen.objects.all():
        assert hashlib.sha256((media / img.ruta).read_bytes()).hexdigest() == img.sha256
    assert len(archivos_de_imagen(media)) == 2
    ev = AuditEvent.objects.filter(action="prep.intake").last()
    assert ev.after["sha256"] == r3.sha256 and ev.after["version"] == 1


def test_fuera_de_catalogo():
    catalogo_con_actas()
    datos = jpeg(7)
    r = intake.recibir_imagen(
        datos=datos,
        sha256_declarado=None,
        acta=None,
        clave_leida="019999B010002",
        origen=Digitalizacion.Origen.CATD,
        medio=Digitalizacion.Medio.ESCANER,
    )
    assert r.fuera_catalogo and r.clave_acta == "019999B010002" and r.version == 1
    dig = Digitalizacion.objects.get()
    assert dig.acta is None and dig.fuera_catalogo
    again = intake.recibir_imagen(
        datos=datos,
        sha256_declarado=None,
        acta=None,
        clave_leida="019999B010002",
        origen=Digitalizacion.Origen.CATD,
        medio=Digitalizacion.Medio.ESCANER,
    )
    assert again.duplicado and again.recibo == r.recibo
    assert Digitalizacion.objects.count() == 1


@pytest.mark.parametrize(
    ("datos", "declarado", "codigo"),
    [
        (jpeg(1), "f" * 64, "hash_no_coincide"),
        (jpeg(1), "no-es-hex", "solicitud_invalida"),
        (b"GIF89a" + b"\x01" * 200, None, "tipo_no_permitido"),
        (bomba_png(), None, "imagen_invalida"),
        (b"\xff\xd8\xff\xe0" + b"\x00" * 50, None, "imagen_invalida"),
    ],
)
def test_rechazo_no_deja_nada(settings, datos, declarado, codigo):
    catalogo_con_actas()
    antes = AuditEvent.objects.count()
    with pytest.raises(intake.IntakeError) as exc:
        recibir(datos, "010393B010002", sha256_declarado=declarado)
    assert exc.value.codigo == codigo
    assert not Digitalizacion.objects.exists() and not Imagen.objects.exists()
    assert EstadoActa.objects.get(acta__clave="010393B010002").estado == "ESPERADA"
    assert AuditEvent.objects.count() == antes
    assert archivos_de_imagen(Path(settings.MEDIA_ROOT)) == []


def test_demasiado_grande(settings):
    catalogo_con_actas()
    datos = jpeg(1)
    settings.OPLE_MAX_IMAGE_BYTES = len(datos) - 1
    with pytest.raises(intake.IntakeError) as exc:
        recibir(datos, "010393B010002")
    assert exc.value.codigo == "demasiado_grande"
    assert not Digitalizacion.objects.exists()


# --- acopio ----------------------------------------------------------------------------------------


def test_acopio_primero_se_conserva():
    catalogo_con_actas()
    a = acta("010393C010002")
    operador = usuario("acopio1", "acopio")
    r1 = acopio.registrar_acopio(acta=a, usuario=operador, ahora=momento(3))
    r2 = acopio.registrar_acopio(acta=a, usuario=operador, ahora=momento(9))
    assert r1.primero and not r2.primero
    assert r2.fecha_hora_acopio == momento(3) == acopio.fecha_hora_acopio(a)
    assert Acopio.objects.count() == 2
    assert [e.after["primero"] for e in AuditEvent.objects.filter(action="prep.acopio")] == [
        True,
        False,
    ]
    with pytest.raises(PermissionDenied):
        acopio.registrar_acopio(acta=a, usuario=usuario("capturista", "captura"))


# --- enrolment -------------------------------------------------------------------------------------


def test_codigo_de_un_solo_uso_ligado_a_casillas():
    cat = catalogo_con_actas()
    sup = supervisor()
    casillas = [cat.casillas["010393C0200"]]
    codigo = dispositivos.crear_codigo_enrolamiento(
        supervisor=sup, etiqueta="CAE 17", casillas=casillas, vigencia=timedelta(hours=2)
    )
    registro = CodigoEnrolamiento.objects.get()
    assert codigo not in registro.codigo_sha256 and len(registro.codigo_sha256) == 64
    enrol = dispositivos.enrolar_dispositivo(codigo=codigo.lower(), nombre="Teléfono 17")
    disp = enrol.dispositivo
    assert list(disp.casillas.values_list("clave", flat=True)) == ["010393C0200"]
    assert disp.token_sha256 == hashlib.sha256(enrol.token.encode()).hexdigest()
    assert dispositivos.autenticar(enrol.token) == disp
    assert dispositivos.autenticar("otro") is None
    listado = dispositivos.casillas_del_dispositivo(disp)
    assert listado[0]["clave"] == "010393C0200" and listado[0]["seccion"] == 393
    assert {a["clave_acta"] for a in listado[0]["actas"]} == {"010393C020002", "010393C020004"}
    with pytest.raises(dispositivos.EnrolamientoError) as exc:
        dispositivos.enrolar_dispositivo(codigo=codigo, nombre="Otro")
    assert exc.value.codigo == "codigo_invalido"
    assert Dispositivo.objects.count() == 1
    acciones = list(AuditEvent.objects.values_list("action", flat=True))
    assert "prep.codigo_enrolamiento" in acciones and "prep.enrolamiento" in acciones
    dispositivos.revocar_dispositivo(supervisor=sup, dispositivo=disp, motivo="extraviado")
    assert dispositivos.autenticar(enrol.token) is None


def test_codigo_vencido_y_rol():
    cat = catalogo_con_actas()
    casillas = list(cat.casillas.values())
    with pytest.raises(PermissionDenied):
        dispositivos.crear_codigo_enrolamiento(
            supervisor=usuario("cap", "captura"),
            etiqueta="x",
            casillas=casillas,
            vigencia=timedelta(hours=1),
        )
    codigo = dispositivos.crear_codigo_enrolamiento(
        supervisor=supervisor(), etiqueta="x", casillas=casillas, vigencia=timedelta(hours=1)
    )
    with pytest.raises(dispositivos.EnrolamientoError):
        dispositivos.enrolar_dispositivo(
            codigo=codigo, nombre="tarde", ahora=timezone.now() + timedelta(hours=2)
        )


# --- QR ---------------------------------------------------------------------------------------------


def test_qr_jpeg_png():
    import io

    from PIL import Image

    datos = jpeg(5, ancho=900, alto=1200, qr="010393C020002")
    assert qr.leer_clave(datos) == "010393C020002"
    png = io.BytesIO()
    Image.open(io.BytesIO(datos)).save(png, format="PNG")
    assert qr.leer_clave(png.getvalue()) == "010393C020002"
    assert qr.leer_clave(jpeg(5)) is None
    # only from an image that passes the intake's check: no PDF, nothing cut short
    pdf = io.BytesIO()
    Image.open(io.BytesIO(datos)).save(pdf, format="PDF", resolution=150)
    assert qr.leer_clave(pdf.getvalue()) is None
    assert qr.leer_clave(datos[: len(datos) * 2 // 3]) is None
    assert qr.leer_clave(b"no es imagen") is None
