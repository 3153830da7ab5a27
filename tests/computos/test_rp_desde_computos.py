"""The Consejo General reads the closed cómputos from the cómputos' own records (issue 20, item 4),
and the VPMRG register takes part in the people step (§2.3): a sanctioned propietario on an RP
list gives the seat to the suplente."""

from __future__ import annotations

import copy
from datetime import date

import pytest

from ople import profiles
from ople.computos import calculo, selectors
from ople.computos import testing as t
from ople.computos.asignacion import desde_computos, elegibilidad
from ople.computos.asignacion import perfil as perfil_asignacion
from ople.computos.asignacion import versiones as versiones_rp
from ople.computos.models import ActaEnMano, Sesion
from ople.computos.services import sesion as svc
from ople.core.testing import login_verified, make_user
from ople.registros import selectors as registros
from tests.registros import datos as reg

from .test_rp_publicacion import _version

E = Sesion.Estado


def _seccion():
    return perfil_asignacion.de(profiles.cargar("ieeags-2024"))


def _cerrar(esc):
    """Every casilla accepted at the cotejo, the session through to the declaration of validity."""
    calculo.olvidar_boletas()
    cifras = [
        t.votos(100, 50, 120, 10, 0, 3),
        t.votos(90, 30, 100, 5, 1, 2),
        t.votos(80, 20, 70, 6, 0, 1),
        t.votos(70, 25, 95, 2, 0, 2),
    ]
    exps = list(esc.consejo.expedientes.order_by("clave"))
    for e, v in zip(exps, cifras, strict=True):
        for origen in (ActaEnMano.Origen.PAQUETE, ActaEnMano.Origen.PRESIDENCIA):
            svc.registrar_acta(expediente=e, origen=origen, votos=v, usuario=esc.secretaria)
    s = Sesion.objects.get(consejo=esc.consejo)
    while s.estado != E.SESION_EXTRAORDINARIA:
        s = svc.avanzar(sesion=s, usuario=esc.presidencia)
    svc.aprobar_recuento(
        consejo=esc.consejo,
        usuario=esc.presidencia,
        casillas=[],
        sede="Sede",
        grupos=0,
        puntos_por_grupo=0,
    )
    while s.estado != E.COTEJO_EN_PLENO:
        s = svc.avanzar(sesion=s, usuario=esc.presidencia)
    for e, v in zip(exps, cifras, strict=True):
        svc.capturar_cotejo(expediente=e, usuario=esc.captura1, votos=v)
        svc.capturar_cotejo(expediente=e, usuario=esc.captura2, votos=v)
    while s.estado != E.VALIDEZ_Y_CONSTANCIA:
        s = svc.avanzar(sesion=s, usuario=esc.presidencia)
    return s


@pytest.mark.django_db
def test_el_computo_cerrado_se_lee_de_los_registros_del_computo():
    esc = t.escenario()
    assert selectors.computos_cerrados(esc.proceso) == []  # not closed: nothing to add up
    _cerrar(esc)
    (c,) = selectors.computos_cerrados(esc.proceso)
    # PAN 340 + PRI 125 own, 23 in combination split 12/11 (PAN has more own votes); MORENA 385.
    assert c.consejo == "CD01" and c.tipo == "DISTRITAL" and c.numero == 1 and c.version == 1
    assert c.distribuido == {"PAN": 352, "PRI": 136, "MORENA": 385}
    assert (c.nulos, c.no_registrados, c.independientes) == (8, 1, 0)
    assert c.ganadora == "Fuerza" and c.partidos_ganadora == ("PAN", "PRI")
    assert set(c.partidos_con_candidatura) == {"PAN", "PRI", "MORENA"}
    desde = desde_computos.version_desde_computos([c], cabildos={}, vigente_desde="2024-06-09")
    (congreso,) = desde.version["organos"]
    (distrito,) = congreso["entrada"]["distritos"]
    assert distrito["ganador"] == "PAN" and distrito["votos"] == c.distribuido
    assert any("siglado" in a for a in desde.avisos)  # the coalition's seat is flagged


def _distritales_del_ejemplo() -> list[desde_computos.ComputoCerrado]:
    """The 18 closed distrital cómputos of legal.md §2.1's first example."""
    from tests.computos.test_rp_comando import distritos_del_ejemplo_1

    return [
        desde_computos.ComputoCerrado(
            consejo=f"CD{d['distrito']:02d}",
            tipo="DISTRITAL",
            numero=d["distrito"],
            municipio="",
            version=1,
            distribuido=d["votos"],
            nulos=d["nulos"],
            no_registrados=d["no_registrados"],
            independientes=d["independientes"],
            ganadora=d["ganador"],
            partidos_ganadora=(d["ganador"],),
            partidos_con_candidatura=tuple(d["votos"]),
        )
        for d in distritos_del_ejemplo_1()
    ]


def test_version_desde_computos_suma_los_18_distritos_y_los_cabildos():
    """Pure: 18 closed distrital cómputos give the same Congress as legal.md §2.1's example."""

    computos = _distritales_del_ejemplo() + [
        desde_computos.ComputoCerrado(
            consejo="CM01",
            tipo="MUNICIPAL",
            numero=1,
            municipio="Calvillo",
            version=2,
            distribuido={"A": 9000, "B": 7000, "C": 3000, "D": 400},
            nulos=300,
            no_registrados=10,
            independientes=0,
            ganadora="A",
            partidos_ganadora=("A",),
            partidos_con_candidatura=("A", "B", "C", "D"),
        )
    ]
    seccion = _seccion()
    desde = desde_computos.version_desde_computos(
        computos,
        cabildos={m: (c.escanos, c.rp) for m, c in seccion.cabildos.items()},
        vigente_desde="2024-06-09",
    )
    version = versiones_rp.leer(desde.version, seccion)
    congreso, calvillo = version.organos
    assert {p: n for p, n in congreso.resultado.rp.items() if n} == {
        "A": 1,
        "B": 2,
        "C": 2,
        "D": 2,
        "E": 1,
        "F": 1,
    }
    assert calvillo.clave == "ayuntamiento-calvillo" and sum(calvillo.resultado.rp.values()) == 4
    # the municipios whose cómputo is not closed are named
    assert any("Aguascalientes" in a and "no está cerrado" in a for a in desde.avisos)


def test_marcar_lleva_el_registro_a_los_inelegibles_y_el_suplente_toma_el_escano():
    crudos = [_version(1, "IEE", "CG-A-70/24", {})]
    vistos = []

    def consultar(nombre, hoy):
        vistos.append(hoy)
        return nombre == "Propietaria A1"

    avisos = elegibilidad.marcar(crudos, consultar)
    assert crudos[0]["organos"][0]["inelegibles"] == {"A-1": elegibilidad.MOTIVO}
    assert len(avisos) == 1 and "Propietaria A1" in avisos[0]
    assert set(vistos) == {date(2024, 6, 9)}  # the day the version takes effect
    (congreso,) = versiones_rp.leer(crudos[0], _seccion()).organos
    asiento = next(i for i in congreso.personas.integrantes if i.partido == "A")
    assert asiento.propietario.clave == "A-1s"
    assert any(p.tipo == "inelegible" and "VPMRG" in p.detalle for p in congreso.personas.pasos)
    # a reason already given (a ruling) is kept, not replaced
    otra = [_version(1, "IEE", "x", {"A-1": "sin constancia"})]
    elegibilidad.marcar(otra, consultar)
    assert otra[0]["organos"][0]["inelegibles"] == {"A-1": "sin constancia"}


@pytest.mark.django_db
def test_el_registro_vpmrg_real_alcanza_a_la_lista_rp():
    reg.entrada_aprobada(reg.capturista(), reg.aprobador(), nombre="Propietaria B1")
    hoy = date(2026, 12, 2)
    assert registros.elegibilidad(nombre="propietaria b1", hoy=hoy).sancionado
    crudos = [_version(1, "IEE", "CG-A-70/24", {})]
    crudos[0]["vigente_desde"] = hoy.isoformat()
    sin_registro = copy.deepcopy(crudos)
    elegibilidad.marcar(crudos, elegibilidad.consulta_registro())
    assert crudos[0]["organos"][0]["inelegibles"] == {"B-1": elegibilidad.MOTIVO}
    (antes,) = versiones_rp.leer(sin_registro[0], _seccion()).organos
    (despues,) = versiones_rp.leer(crudos[0], _seccion()).organos
    b1 = [i for i in antes.personas.integrantes if i.partido == "B" and i.numero == 1]
    b1_despues = [i for i in despues.personas.integrantes if i.partido == "B" and i.numero == 1]
    assert b1[0].propietario.clave == "B-1"
    assert b1_despues[0].propietario.clave == "B-1s"  # the same party's list, never another


@pytest.mark.django_db
def test_la_sesion_del_consejo_general_suma_los_computos_cerrados(client):
    esc = t.escenario()
    _cerrar(esc)
    admin = make_user("consejo-general", "administracion")
    login_verified(client, admin)
    r = client.post("/asignacion/oficina/", {"accion": "computos"})
    # The test process has one district of the Congress's 18: the sum names the missing ones
    # and nothing is published.
    assert r.status_code == 400
    assert "faltan los cómputos de los distritos 2, 3" in r.content.decode()


@pytest.mark.django_db
def test_el_siglado_registrado_decide_el_partido_del_triunfo_de_la_coalicion():
    """Fuerza (PAN + PRI) wins district 1; PAN has more votes there, but the convenio registered
    in candidaturas gives the district to PRI: the seat is PRI's and nothing is flagged."""
    from ople.candidaturas.services import coaliciones
    from ople.catalog.models import Coalicion, Partido
    from tests.candidaturas.datos import revisora

    esc = t.escenario()
    _cerrar(esc)
    fuerza = Coalicion.objects.get(eleccion__proceso=esc.proceso, nombre="Fuerza")
    pri = Partido.objects.get(proceso=esc.proceso, siglas="PRI")
    coaliciones.registrar_siglado(
        actor=revisora(), coalicion=fuerza, demarcacion=esc.consejo.demarcacion, partido=pri
    )
    (c,) = selectors.computos_cerrados(esc.proceso)
    assert c.siglado == "PRI" and c.distribuido["PAN"] > c.distribuido["PRI"]
    desde = desde_computos.version_desde_computos([c], cabildos={}, vigente_desde="2024-06-09")
    (distrito,) = desde.version["organos"][0]["entrada"]["distritos"]
    assert distrito["ganador"] == "PRI"
    assert not any("siglado" in a for a in desde.avisos)


@pytest.mark.django_db
def test_las_listas_rp_aprobadas_en_candidaturas_llenan_los_escanos(monkeypatch):
    """Version 1 from the cómputos takes each party's approved RP list from candidaturas: the
    VPMRG check and the people step run on it (parity, an affirmative-action place), and a list
    never approved (a capture) is left out."""
    from ople.candidaturas.models import Candidatura
    from ople.candidaturas.services import registro
    from ople.catalog import testing as cat
    from ople.computos.asignacion import computo_estatal
    from tests.candidaturas.datos import AHORA, persona, representante

    proceso = cat.proceso(entidad=cat.entidad())
    eleccion = cat.eleccion(proceso=proceso)
    dem = cat.demarcacion(eleccion=eleccion, clave=1)
    partidos = [cat.partido(proceso=proceso, siglas=s, orden=i) for i, s in enumerate("ABCDEF")]
    rep = representante("rep_todos", *"ABCDEF")
    aprobadas = []
    for i, partido in enumerate(partidos, start=1):
        siglas = partido.siglas
        for pos in (1, 2, 3):
            genero = "M" if pos % 2 else "H"
            n = 10 * i + pos
            c = registro.registrar_candidatura(
                actor=rep,
                eleccion=eleccion,
                demarcacion=dem,
                partido=partido,
                cargo="Diputación RP",
                principio="RP",
                posicion=pos,
                propietario=persona(n, genero),
                suplente=persona(100 + n, genero),
                accion_afirmativa="INDIGENA" if (siglas, pos) == ("B", 1) else "",
                ahora=AHORA,
            )
            if siglas != "F":  # F's list was captured but never approved
                aprobadas.append(c.pk)
    # The acuerdo's own path is tested in tests/candidaturas; here only its outcome matters.
    Candidatura.objects.filter(pk__in=aprobadas).update(estado=Candidatura.Estado.APROBADA)

    computos = _distritales_del_ejemplo()
    monkeypatch.setattr(
        computo_estatal.computos_selectors, "computos_cerrados", lambda proceso=None: computos
    )
    # A's place-1 propietaria is on the VPMRG register the day the version takes effect.
    reg.entrada_aprobada(reg.capturista(), reg.aprobador(), nombre="Nombre11 Rodríguez Aguilar")
    seccion = _seccion()
    desde = computo_estatal.version_de_los_computos(
        seccion, vigente_desde=date(2026, 12, 2), proceso=proceso
    )
    congreso = desde.version["organos"][0]
    assert sorted(congreso["listas"]) == ["A", "B", "C", "D", "E"]
    b1 = congreso["listas"]["B"][0]
    assert b1["accion_afirmativa"] == "INDIGENA" and b1["propietario"]["grupo"] == "INDIGENA"
    assert b1["propietario"] == {
        "clave": "B-1",
        "nombre": "Nombre21 Rodríguez Aguilar",
        "genero": "M",
        "grupo": "INDIGENA",
    }
    assert "ROAA" not in str(congreso["listas"])  # no CURP in a published input
    (organo,) = versiones_rp.leer(desde.version, seccion).organos
    assert organo.personas is not None
    por_partido: dict[str, list[str]] = {}
    for i in organo.personas.integrantes:
        por_partido.setdefault(i.partido, []).append(i.propietario.clave)
    # The seats of §2.1's example (A 1, B 2, C 2, D 2, E 1, F 1) from the lists: place 1 each
    # (A's to its suplente), the second seat to the next woman (place 3) under the profile's
    # parity rule, B's place 1 held by its proven indigenous propietaria; F has no approved list.
    assert congreso["inelegibles"] == {"A-1": elegibilidad.MOTIVO}
    assert any("Nombre11" in a for a in desde.avisos)
    assert por_partido == {
        "A": ["A-1s"],
        "B": ["B-1", "B-3"],
        "C": ["C-1", "C-3"],
        "D": ["D-1", "D-3"],
        "E": ["E-1"],
    }
    pasos = {(p.tipo, p.partido) for p in organo.personas.pasos}
    assert {("suplente", "A"), ("paridad", "B"), ("vacante", "F")} <= pasos


def test_mujeres_mr_cuenta_las_ganadoras_de_cada_distrito():
    """Pure: the women among the 18 MR winners (the propietario registered in candidaturas) go
    into the Congress's ``mujeres_mr``; a winner without a registration is named, not guessed."""
    import dataclasses

    computos = [
        dataclasses.replace(c, generos_ganadora=("M",) if c.numero % 3 == 0 else ("H",))
        for c in _distritales_del_ejemplo()
    ]
    computos[0] = dataclasses.replace(computos[0], generos_ganadora=())
    desde = desde_computos.version_desde_computos(computos, cabildos={}, vigente_desde="2024-06-09")
    assert desde.version["organos"][0]["mujeres_mr"] == 6  # districts 3, 6, 9, 12, 15, 18
    assert any(
        a.startswith("CD01: sin el registro de la candidatura ganadora") for a in desde.avisos
    )


@pytest.mark.django_db
def test_el_genero_de_la_ganadora_se_lee_de_candidaturas():
    """The winning coalition's approved MR registration in candidaturas says its propietaria is a
    woman: the closed cómputo carries it and version 1 counts her in ``mujeres_mr`` (it was 0
    before this was read)."""
    from ople.candidaturas.models import Candidatura
    from ople.candidaturas.services import registro
    from ople.catalog.models import Coalicion, Partido
    from tests.candidaturas.datos import AHORA, persona, representante

    esc = t.escenario()
    _cerrar(esc)
    fuerza = Coalicion.objects.get(eleccion__proceso=esc.proceso, nombre="Fuerza")
    pan = Partido.objects.get(proceso=esc.proceso, siglas="PAN")
    morena = Partido.objects.get(proceso=esc.proceso, siglas="MORENA")
    rep = representante("rep_mr", "PAN", "MORENA")
    eleccion = esc.consejo.demarcacion.eleccion
    ganadora = registro.registrar_candidatura(
        actor=rep,
        eleccion=eleccion,
        demarcacion=esc.consejo.demarcacion,
        partido=pan,
        coalicion=fuerza,
        cargo="Diputación",
        propietario=persona(1, "M"),
        suplente=persona(2, "M"),
        ahora=AHORA,
    )
    registro.registrar_candidatura(
        actor=rep,
        eleccion=eleccion,
        demarcacion=esc.consejo.demarcacion,
        partido=morena,
        cargo="Diputación",
        propietario=persona(3, "H"),
        suplente=persona(4, "H"),
        ahora=AHORA,
    )
    assert selectors.computos_cerrados(esc.proceso)[0].generos_ganadora == ()  # not approved
    Candidatura.objects.filter(pk=ganadora.pk).update(estado=Candidatura.Estado.APROBADA)
    (c,) = selectors.computos_cerrados(esc.proceso)
    assert c.ganadora == "Fuerza" and c.generos_ganadora == ("M",)
    desde = desde_computos.version_desde_computos([c], cabildos={}, vigente_desde="2024-06-09")
    assert desde.version["organos"][0]["mujeres_mr"] == 1


@pytest.mark.django_db
def test_las_listas_de_regidurias_aprobadas_en_candidaturas_llenan_el_cabildo(monkeypatch):
    """Each ayuntamiento's regiduría RP lists come from candidaturas (approved, by municipio),
    as the Congress's do: Calvillo's cabildo (4 RP) gets persons from its own lists, a list of
    another municipio is not used, and the gender of the winning planilla's registered members
    is counted."""
    from ople.candidaturas.models import Candidatura
    from ople.candidaturas.services import registro
    from ople.catalog import testing as cat
    from ople.catalog.models import Eleccion
    from ople.computos.asignacion import computo_estatal
    from tests.candidaturas.datos import AHORA, persona, representante

    proceso = cat.proceso(entidad=cat.entidad())
    ayun = cat.eleccion(proceso=proceso, tipo=Eleccion.Tipo.AYUNTAMIENTOS, nombre="AYUNTAMIENTOS")
    calvillo = cat.demarcacion(eleccion=ayun, clave=3, nombre="Calvillo")
    asientos = cat.demarcacion(eleccion=ayun, clave=2, nombre="Asientos")
    partidos = {s: cat.partido(proceso=proceso, siglas=s, orden=i) for i, s in enumerate("WXYZ")}
    rep = representante("rep_regidurias", *"WXYZ")
    n = 0
    for dem in (calvillo, asientos):
        for siglas in "XYZ":
            for pos in (1, 2, 3):
                n += 1
                genero = "H" if pos % 2 else "M"
                registro.registrar_candidatura(
                    actor=rep,
                    eleccion=ayun,
                    demarcacion=dem,
                    partido=partidos[siglas],
                    cargo="Regiduría RP",
                    principio="RP",
                    posicion=pos,
                    propietario=persona(n, genero),
                    suplente=persona(500 + n, genero),
                    ahora=AHORA,
                )
    Candidatura.objects.filter(principio="RP").update(estado=Candidatura.Estado.APROBADA)

    # legal.md §2.2's ayuntamiento (W 48,000 … Q 2,500; 4 regidurías), closed in Calvillo.
    cerrado = desde_computos.ComputoCerrado(
        consejo="CM03",
        tipo="MUNICIPAL",
        numero=3,
        municipio="Calvillo",
        version=1,
        distribuido={"W": 48_000, "X": 30_000, "Y": 12_000, "Z": 6_500, "Q": 2_500},
        nulos=1_000,
        no_registrados=0,
        independientes=0,
        ganadora="W",
        partidos_ganadora=("W",),
        partidos_con_candidatura=("W", "X", "Y", "Z", "Q"),
        generos_ganadora=("M", "H", "M", "H", "M", "H", "M"),
    )
    monkeypatch.setattr(
        computo_estatal.computos_selectors, "computos_cerrados", lambda proceso=None: [cerrado]
    )
    seccion = _seccion()
    desde = computo_estatal.version_de_los_computos(
        seccion, vigente_desde=date(2024, 6, 9), proceso=proceso
    )
    (organo,) = desde.version["organos"]
    assert organo["clave"] == "ayuntamiento-calvillo"
    assert sorted(organo["listas"]) == ["X", "Y", "Z"]
    assert organo["mujeres_mr"] == 4  # of the planilla's 7 registered members
    nombres = [f["propietario"]["nombre"] for f in organo["listas"]["X"]]
    assert nombres == [
        "Nombre1 Rodríguez Aguilar",
        "Nombre2 Rodríguez Aguilar",
        "Nombre3 Rodríguez Aguilar",
    ]  # fmt: skip  (Calvillo's, not Asientos')
    (leido,) = versiones_rp.leer(desde.version, seccion).organos
    assert {p: n for p, n in leido.resultado.rp.items() if n} == {"X": 2, "Y": 1, "Z": 1}
    assert leido.personas is not None
    assert {(i.partido, i.propietario.clave) for i in leido.personas.integrantes} >= {
        ("X", "X-1"),
        ("Y", "Y-1"),
        ("Z", "Z-1"),
    }
