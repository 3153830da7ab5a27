"""The registration procedure end to end through the services (both SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import datetime, timedelta
from fractions import Fraction
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied

from ople.candidaturas import selectors
from ople.candidaturas.models import Candidatura, Documento, Prevencion, VotacionPrevia
from ople.candidaturas.services import registro, revision
from ople.candidaturas.services.comun import CandidaturaError
from ople.catalog.models import Candidatura as EnBoleta
from ople.core.models import AuditEvent
from ople.documentos.models import DocumentoEmitido
from ople.documentos.storage import abrir

from .datos import (
    AHORA,
    consejo,
    pdf_valido,
    persona,
    proceso_con_distritos,
    representante,
    revisora,
)

pytestmark = pytest.mark.django_db

DOCS = ("aceptacion", "acta_nacimiento", "credencial", "residencia", "tres_de_tres", "estatutos")


@pytest.fixture
def base():
    elec, dems, (pan, pri, morena) = proceso_con_distritos()
    rep = representante("rep_pan", "PAN")
    return elec, dems, pan, pri, rep


def registrar(rep, elec, dem, pan, n=1, genero="M", suplente=True):
    return registro.registrar_candidatura(
        actor=rep,
        eleccion=elec,
        demarcacion=dem,
        partido=pan,
        cargo="Diputación",
        propietario=persona(n, genero),
        suplente=persona(100 + n, genero) if suplente else None,
        ahora=AHORA,
    )


def completar(rep, c, roles=("P", "S"), menos=()):
    for rol in roles:
        for t in DOCS:
            if (t, rol) not in menos:
                registro.subir_documento(
                    actor=rep, candidatura=c, tipo=t, rol=rol, datos=pdf_valido(), ahora=AHORA
                )


def test_ciclo_completo_prevencion_correccion_y_acuerdo(base, settings):
    elec, dems, pan, pri, rep = base
    rev, cg = revisora(), consejo()
    c = registrar(rep, elec, dems[0], pan)
    completar(rep, c, menos={("tres_de_tres", "S")})
    registro.presentar(actor=rep, candidatura=c, ahora=AHORA)
    assert c.estado == Candidatura.Estado.PRESENTADA

    # The review finds the suplente's "3 de 3" missing: it cannot be declared procedente.
    with pytest.raises(CandidaturaError, match="3 de 3"):
        revision.declarar_procedente(actor=rev, candidatura=c)
    p = revision.prevenir(
        actor=rev,
        candidatura=c,
        faltantes=["tres_de_tres:S"],
        motivo="Falta el 3 de 3.",
        ahora=AHORA,
    )
    # Profile ieeags-2024: 48 hours, inside the electoral process its [calendario] gives
    # (2023-10-04 to 2024-08-31), where every hour counts (ley.plazos.vence_en_horas): from
    # Friday 12:30 local to Sunday 12:30 local.
    assert p.vence == datetime(2024, 4, 7, 12, 30, tzinfo=ZoneInfo("America/Mexico_City"))
    req = {(r.tipo, r.rol): r for r in selectors.requisitos(c, DOCS)}
    assert req[("tres_de_tres", "S")].estado == "Falta (prevenido)"
    assert req[("aceptacion", "P")].estado == "Presentado"

    registro.subir_documento(
        actor=rep,
        candidatura=c,
        tipo="tres_de_tres",
        rol="S",
        datos=pdf_valido(),
        ahora=AHORA + timedelta(hours=3),
    )
    registro.presentar(actor=rep, candidatura=c, ahora=AHORA + timedelta(hours=3))
    assert c.estado == Candidatura.Estado.CORREGIDA
    assert Prevencion.objects.get().atendida == AHORA + timedelta(hours=3)

    revision.declarar_procedente(actor=rev, candidatura=c, ahora=AHORA + timedelta(hours=4))
    acuerdo = revision.aprobar_en_bloque(
        actor=cg, eleccion=elec, candidaturas=[c], ahora=AHORA + timedelta(days=1)
    )
    c.refresh_from_db()
    assert c.estado == Candidatura.Estado.APROBADA
    assert acuerdo.folio.startswith("IEE/")
    assert abrir(acuerdo.almacen).startswith(b"%PDF-")
    assert DocumentoEmitido.objects.get(folio=acuerdo.folio).sistema == "candidaturas"
    # The ballot the PREP reads (catalog) now holds the approved candidacy.
    fila = EnBoleta.objects.get(eleccion=elec, demarcacion=dems[0])
    assert (fila.partido, fila.propietaria, fila.genero) == (pan, "Nombre1 Rodríguez Aguilar", "M")
    acciones = list(AuditEvent.objects.values_list("action", flat=True))
    for a in (
        "candidaturas.registrar",
        "candidaturas.documento",
        "candidaturas.presentar",
        "candidaturas.prevencion",
        "candidaturas.procedente",
        "candidaturas.acuerdo",
        "catalog.publicar_candidaturas",
        "documentos.folio",
    ):
        assert a in acciones


def test_plazo_de_prevencion_vencido(base):
    elec, dems, pan, pri, rep = base
    c = registrar(rep, elec, dems[0], pan)
    registro.presentar(actor=rep, candidatura=c, ahora=AHORA)
    revision.prevenir(actor=revisora(), candidatura=c, faltantes=[], motivo="x", ahora=AHORA)
    with pytest.raises(CandidaturaError, match="venció"):
        registro.presentar(actor=rep, candidatura=c, ahora=AHORA + timedelta(days=4, hours=1))


def test_otro_partido_no_puede_tocar(base):
    elec, dems, pan, pri, rep = base
    rep_pri = representante("rep_pri", "PRI")
    c = registrar(rep, elec, dems[0], pan)
    with pytest.raises(PermissionDenied):
        registro.subir_documento(
            actor=rep_pri, candidatura=c, tipo="aceptacion", datos=pdf_valido()
        )
    with pytest.raises(PermissionDenied):
        registrar(rep_pri, elec, dems[1], pan, n=2)
    with pytest.raises(PermissionDenied):
        registro.presentar(actor=rep_pri, candidatura=c)
    assert list(selectors.visibles(rep_pri)) == []
    assert list(selectors.visibles(rep)) == [c]


def test_documento_malo_no_guarda_nada(base, settings, tmp_path):
    elec, dems, pan, pri, rep = base
    c = registrar(rep, elec, dems[0], pan)
    antes = AuditEvent.objects.count()
    for datos, mensaje in (
        (b"\x89PNG\r\n\x1a\n" + b"0" * 50, "PNG"),
        (pdf_valido()[:300], "dañado"),
    ):
        with pytest.raises(CandidaturaError, match=mensaje):
            registro.subir_documento(actor=rep, candidatura=c, tipo="aceptacion", datos=datos)
    assert Documento.objects.count() == 0
    assert AuditEvent.objects.count() == antes
    import os

    raiz = settings.MEDIA_ROOT
    guardados = [f for _, _, fs in os.walk(os.path.join(raiz, "candidaturas")) for f in fs]
    assert guardados == []


def test_personas_simultaneas_se_senalan(base):
    elec, dems, pan, pri, rep = base
    rep_pri = representante("rep_pri", "PRI")
    registrar(rep, elec, dems[0], pan, n=7)
    registrar(rep_pri, elec, dems[1], pri, n=7)
    dobles = selectors.simultaneas(elec.proceso_id)
    assert sorted(dobles) == sorted([persona(7).curp, persona(107).curp])
    assert {c.partido.siglas for c in dobles[persona(7).curp]} == {"PAN", "PRI"}


def test_sustitucion_segura_para_la_paridad(base):
    elec, dems, pan, pri, rep = base
    rev, cg = revisora(), consejo()
    c = registrar(rep, elec, dems[0], pan, n=1, genero="M")
    completar(rep, c)
    registro.presentar(actor=rep, candidatura=c)
    revision.declarar_procedente(actor=rev, candidatura=c)
    revision.aprobar_en_bloque(actor=cg, eleccion=elec, candidaturas=[c])
    with pytest.raises(CandidaturaError, match="nunca a la inversa"):
        revision.sustituir(
            actor=cg, candidatura=c, rol="P", entrante=persona(50, "H"), causa="renuncia"
        )
    with pytest.raises(CandidaturaError, match="solo se sustituye por causa"):
        revision.sustituir(actor=cg, candidatura=c, rol="P", entrante=persona(51, "M"))
    r = revision.sustituir(
        actor=cg,
        candidatura=c,
        rol="P",
        entrante=persona(51, "M"),
        causa="renuncia",
        boleta_impresa=True,
    )
    assert "no se reimprime" in r.aviso
    assert EnBoleta.objects.get(demarcacion=dems[0]).propietaria == "Nombre51 Rodríguez Aguilar"
    assert EnBoleta.objects.filter(eleccion=elec).count() == 1


def test_lote_con_revision(base):
    elec, dems, pan, pri, rep = base
    csv = (
        "demarcacion,cargo,curp,nombre,primer_apellido,fecha_nacimiento,genero\n"
        f"1,Diputación,{persona(1).curp},Ana,López,1980-01-01,M\n"
        f"2,Diputación,{persona(2, 'H').curp},Luis,Pérez,1981-02-02,H\n"
        "9,Diputación,MALA,,Pérez,1981-02-31,Z\n"
    ).encode()
    vista = registro.revisar_lote(eleccion=elec, contenido=csv)
    assert len(vista.filas) == 2
    assert any("Fila 4, curp" in e for e in vista.errores)
    assert any("Fila 4, fecha_nacimiento" in e for e in vista.errores)
    with pytest.raises(CandidaturaError, match="errores"):
        registro.registrar_lote(actor=rep, eleccion=elec, partido=pan, contenido=csv)
    assert Candidatura.objects.count() == 0
    buenas = b"\n".join(csv.split(b"\n")[:3])
    hechas = registro.registrar_lote(actor=rep, eleccion=elec, partido=pan, contenido=buenas)
    assert [c.demarcacion.clave for c in hechas] == [1, 2]


def test_informe_de_paridad_con_bloques(base):
    elec, dems, pan, pri, rep = base
    for i, (dem, g) in enumerate(zip(dems, "MMMHHH", strict=True), start=1):
        registrar(rep, elec, dem, pan, n=i, genero=g)
        VotacionPrevia.objects.create(
            eleccion=elec, partido=pan, demarcacion=dem, votos=i, total=100
        )
    from ople.ley.paridad import ReglasParidad

    (inf,) = selectors.informe_paridad(
        elec, ReglasParidad(), votacion=selectors.votacion_previa(elec)
    )
    assert inf.partido == "PAN"
    assert [f.codigo for f in inf.fallas] == ["BLOQUE_ALTO", "BLOQUE_BAJO"]
    assert inf.resumen.por_bloque["alto"] == (0, 2)
    assert selectors.votacion_previa(elec)["PAN"]["Distrito 1"] == Fraction(1, 100)


def test_aspirante_independiente_por_etapas(base):
    from ople.candidaturas.models import Aspirante, Persona
    from ople.candidaturas.services import coaliciones

    elec, dems, pan, pri, rep = base
    rev = revisora()
    p = Persona.objects.create(
        curp=persona(60).curp,
        nombre="Inde",
        primer_apellido="Pendiente",
        fecha_nacimiento=persona(60).fecha_nacimiento,
        genero="M",
        creada=AHORA,
    )
    a = coaliciones.registrar_aspirante(
        actor=rev,
        persona=p,
        eleccion=elec,
        demarcacion=dems[0],
        asociacion_civil="Ciudadanos A.C.",
        apoyos_requeridos=100,
    )
    a = coaliciones.avanzar_aspirante(actor=rev, aspirante=a)
    assert a.etapa == Aspirante.Etapa.APOYO
    with pytest.raises(CandidaturaError, match="40 apoyos válidos de 100"):
        coaliciones.avanzar_aspirante(actor=rev, aspirante=a, apoyos_validos=40)
    a = coaliciones.avanzar_aspirante(actor=rev, aspirante=a, apoyos_validos=120)
    a = coaliciones.avanzar_aspirante(actor=rev, aspirante=a)
    assert (a.etapa, a.numero_ci) == (Aspirante.Etapa.REGISTRADA, 1)
    from ople.candidaturas.services import conoceles

    (publico,) = conoceles.contenido(elec.proceso, AHORA).aspirantes
    assert (publico.nombre, publico.etapa, publico.apoyos_validos) == (
        "Inde Pendiente",
        "Candidatura registrada",
        120,
    )
    with pytest.raises(PermissionDenied):
        coaliciones.avanzar_aspirante(actor=rep, aspirante=a)
    # Its candidacy goes through the same review and reaches the ballot as CAND_IND_1.
    c = a.candidatura
    assert c.partido is None and c.postulante == "Candidatura independiente"
    for t in DOCS:
        registro.subir_documento(actor=rev, candidatura=c, tipo=t, datos=pdf_valido())
    registro.presentar(actor=rev, candidatura=c)
    revision.declarar_procedente(actor=rev, candidatura=c)
    revision.aprobar_en_bloque(actor=consejo(), eleccion=elec, candidaturas=[c])
    fila = EnBoleta.objects.get(eleccion=elec, numero_ci=1)
    assert fila.propietaria == "Inde Pendiente"
    assert "CAND_IND_1" in set(elec.opciones.values_list("columna", flat=True))


def test_siglado(base):
    from ople.candidaturas.services import coaliciones
    from ople.catalog.models import Coalicion

    elec, dems, pan, pri, rep = base
    co = Coalicion.objects.create(eleccion=elec, nombre="Va por Ags")
    co.partidos.set([pan, pri])
    co.demarcaciones.set(dems[:2])
    rev = revisora()
    s = coaliciones.registrar_siglado(actor=rev, coalicion=co, demarcacion=dems[0], partido=pri)
    assert s.partido == pri
    with pytest.raises(CandidaturaError, match="no postula"):
        coaliciones.registrar_siglado(actor=rev, coalicion=co, demarcacion=dems[3], partido=pan)
    with pytest.raises(CandidaturaError, match="ya asigna"):
        coaliciones.registrar_siglado(actor=rev, coalicion=co, demarcacion=dems[0], partido=pan)
    # Conóceles publishes it (siglado.html) with the independents by stage.
    from ople.candidaturas.services import conoceles

    sitio = conoceles.contenido(elec.proceso, AHORA)
    ((fila),) = sitio.siglado
    assert (fila.coalicion, fila.demarcacion_clave, fila.partido) == ("Va por Ags", 1, str(pri))
    assert sitio.aspirantes == []


def test_importar_votacion_previa(base):
    from ople.candidaturas.services import coaliciones

    elec, dems, pan, pri, rep = base
    rev = revisora()
    malo = b"PARTIDO,DEMARCACION,VOTOS,TOTAL\nPAN,1,10,100\nXYZ,2,5,100\nPAN,3,200,100\n"
    with pytest.raises(CandidaturaError, match="fila 3, fila 4"):
        coaliciones.importar_votacion_previa(actor=rev, eleccion=elec, contenido=malo)
    assert VotacionPrevia.objects.count() == 0
    bueno = b"PARTIDO,DEMARCACION,VOTOS,TOTAL\nPAN,1,10,100\nPAN,2,30,100\n"
    assert coaliciones.importar_votacion_previa(actor=rev, eleccion=elec, contenido=bueno) == 2
    assert selectors.votacion_previa(elec)["PAN"]["Distrito 2"] == Fraction(3, 10)
    with pytest.raises(CandidaturaError, match="ya tiene"):
        coaliciones.importar_votacion_previa(actor=rev, eleccion=elec, contenido=bueno)


def test_periodo_de_registro_del_perfil(base, monkeypatch):
    from dataclasses import replace

    from ople.candidaturas import perfil as perfil_mod

    elec, dems, pan, pri, rep = base
    cerrado = replace(
        perfil_mod.POR_DEFECTO,
        registro_inicio=AHORA - timedelta(days=5),
        registro_fin=AHORA - timedelta(days=1),
    )
    abierto = replace(cerrado, registro_fin=AHORA + timedelta(days=1))
    monkeypatch.setattr(perfil_mod, "de", lambda p: cerrado)
    with pytest.raises(CandidaturaError, match="fuera de él no se capturan"):
        registrar(rep, elec, dems[0], pan)
    assert Candidatura.objects.count() == 0
    monkeypatch.setattr(perfil_mod, "de", lambda p: abierto)
    c = registrar(rep, elec, dems[0], pan)
    completar(rep, c)
    registro.presentar(actor=rep, candidatura=c, ahora=AHORA)
    revision.declarar_procedente(actor=revisora(), candidatura=c, ahora=AHORA)
    cg = consejo()
    revision.aprobar_en_bloque(actor=cg, eleccion=elec, candidaturas=[c], ahora=AHORA)
    # Within the window a substitution needs no cause (the profile's window decides).
    r = revision.sustituir(
        actor=cg, candidatura=c, rol="P", entrante=persona(70), ahora=AHORA + timedelta(hours=1)
    )
    assert r.sustitucion.en_periodo_de_registro is True
    # After it, only for a listed cause.
    with pytest.raises(CandidaturaError, match="solo se sustituye por causa"):
        revision.sustituir(
            actor=cg, candidatura=c, rol="P", entrante=persona(71), ahora=AHORA + timedelta(days=2)
        )
