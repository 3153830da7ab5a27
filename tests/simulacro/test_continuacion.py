"""After the night (SQLite, in process): the packages travel through their mechanisms (one late,
one with its seal broken, one without its acta, one delivered to the wrong consejo), each consejo
runs its cómputo from the night's actas with the recounts their causes call for (C7 and C3 read
from the packages), and the RP allocation is asked of the closed cómputos."""

from __future__ import annotations

import pytest

from ople.catalog import testing as cat
from ople.catalog.models import Candidatura, Coalicion, OpcionBoleta
from ople.computos import calculo
from ople.computos import selectors as computos
from ople.paquetes import selectors as paquetes
from ople.simulacro import continuacion
from ople.simulacro.continuacion import Verdad

pytestmark = pytest.mark.django_db


def _proceso():
    ent = cat.entidad()
    mun = cat.municipio(entidad=ent)
    df = cat.distrito_federal(entidad=ent)
    pro = cat.proceso(entidad=ent)
    el = cat.eleccion(proceso=pro)
    pan = cat.partido(proceso=pro, siglas="PAN", orden=1)
    pri = cat.partido(proceso=pro, siglas="PRI", orden=2)
    morena = cat.partido(proceso=pro, siglas="MORENA", orden=3)
    T = OpcionBoleta.Tipo
    cat.opcion(eleccion=el, columna="PAN", orden=1, partidos=[pan])
    cat.opcion(eleccion=el, columna="PRI", orden=2, partidos=[pri])
    cat.opcion(eleccion=el, columna="MORENA", orden=3, partidos=[morena])
    fuerza = Coalicion.objects.create(eleccion=el, nombre="Fuerza")
    fuerza.partidos.set([pan, pri])
    cat.opcion(
        eleccion=el,
        columna="C_PAN_PRI",
        orden=4,
        tipo=T.COMBINACION,
        partidos=[pan, pri],
        coalicion=fuerza,
    )
    cat.opcion(eleccion=el, columna="NO_REGISTRADOS", orden=5, tipo=T.NO_REGISTRADAS)
    cat.opcion(eleccion=el, columna="NULOS", orden=6, tipo=T.NULOS)
    casillas = []
    for d, n, mecanismo in ((1, 6, ""), (2, 2, "F")):
        dl = cat.distrito_local(entidad=ent, numero=d, cabecera=f"Cabecera {d}")
        dem = cat.demarcacion(eleccion=el, clave=d, distrito_local=dl)
        fuerza.demarcaciones.add(dem)
        Candidatura.objects.create(
            eleccion=el, demarcacion=dem, coalicion=fuerza, propietaria=f"Ana {d}", suplente="L"
        )
        Candidatura.objects.create(
            eleccion=el, demarcacion=dem, partido=morena, propietaria=f"Rosa {d}", suplente="E"
        )
        sec = cat.seccion(numero=100 + d, municipio=mun, distrito_local=dl, distrito_federal=df)
        for i in range(1, n + 1):
            casillas.append(
                cat.casilla(
                    seccion=sec,
                    tipo="B" if i == 1 else "C",
                    id_casilla=max(i - 1, 1),
                    lista_nominal=750,
                    mecanismo_traslado=mecanismo,
                )
            )
    return pro, el, casillas


def _votos(pan, pri, morena, combo=4, cnr=0, nulos=5):
    return {
        "PAN": pan,
        "PRI": pri,
        "MORENA": morena,
        "C_PAN_PRI": combo,
        "NO_REGISTRADOS": cnr,
        "NULOS": nulos,
    }


def test_despues_de_la_noche_paquetes_computos_y_asignacion():
    calculo.olvidar_boletas()
    pro, el, casillas = _proceso()
    verdad = {(el.nombre, c.clave): Verdad(_votos(150, 60, 180 + 7 * k)) for k, c in
              enumerate(casillas)}  # fmt: skip
    # casilla 5: more null votes than the margin (C5); casilla 6: a figure illegible (C4).
    verdad[(el.nombre, casillas[4].clave)] = Verdad(_votos(100, 40, 148, nulos=9))
    verdad[(el.nombre, casillas[5].clave)] = Verdad({**_votos(120, 50, 190), "PRI": "ILEGIBLE"})
    avisos: list[str] = []
    rp, rc, codigo = continuacion.continuar(proceso=pro, verdad=verdad, aviso=avisos.append)

    # Packages: every casilla's package moved, the cases present, the mechanisms used.
    assert rp.paquetes == len(casillas)
    assert rp.sello_roto and rp.sin_acta and rp.otro_consejo
    estados = paquetes.estado_paquetes(eleccion=el)
    por_clave = {e.clave: e for e in estados.values()}
    assert por_clave[rp.sello_roto].alteracion
    assert por_clave[rp.sin_acta].sin_acta
    historia = [e.tipo for e in paquetes.historial(paquetes.paquetes_de_consejo(
        paquetes.consejos().get(clave=1)).get(clave=rp.otro_consejo))]  # fmt: skip
    assert "ENTREGA_OTRO_ORGANO" in historia and "INTERCAMBIO" in historia
    cd02 = [p.mecanismo for p in paquetes.paquetes_de_consejo(paquetes.consejos().get(clave=2))]
    assert all(m is not None and m.tipo == "CRYT_FIJO" for m in cd02)

    # Cómputos: both consejos closed; the causes the packages and actas call for, re-counted.
    assert rc.cerrados == rc.consejos == 2 and rc.sinteticas == 0
    consejos = {c.clave: c for c in computos.consejos_visibles(_staff())}
    assert {c.sesion.estado for c in consejos.values()} == {"VALIDEZ_Y_CONSTANCIA"}
    cd01 = computos.vista(consejos["CD01"])
    causales = {f.expediente.clave: f.causales for f in cd01.filas}
    clave = {
        p.clave: p.casilla.clave for p in paquetes.paquetes_de_consejo(consejos["CD01"].demarcacion)
    }
    assert "C7" in causales[clave[rp.sello_roto]]
    assert "C3" in causales[clave[rp.sin_acta]]
    assert "C5" in causales[casillas[4].clave] and "C4" in causales[casillas[5].clave]
    assert "C1" in causales[casillas[3].clave]  # the presidency's copy that differs
    assert all(f.fuente == "RECUENTO" for f in cd01.filas if f.causales)
    assert rc.recontadas >= 5 and rc.causales["C7"] >= 1
    assert cd01.documentos  # acta de cómputo, constancia de mayoría

    # The Consejo General: the sum of the closed cómputos names the 16 districts missing from
    # this two-district test process (the profile's Congress has 18), and publishes nothing.
    assert codigo == 2
    assert any("faltan los cómputos de los distritos 3" in a for a in avisos)
    cerrados = computos.computos_cerrados(pro)
    assert [c.consejo for c in cerrados] == ["CD01", "CD02"]

    # A second run changes nothing (packages already moved, sessions already closed).
    rp2, rc2, _ = continuacion.continuar(proceso=pro, verdad=verdad, aviso=avisos.append)
    assert rp2.paquetes == 0 and rc2.cerrados == 0 and rc2.omitidos == ["CD01", "CD02"]


def test_no_publica_sobre_una_asignacion_ya_publicada(tmp_path, monkeypatch):
    """`make demo` publishes its allocation at start-up from its closed cómputos; the drill's
    continuation after the night then leaves it as it is (a published version 1 is never
    replaced) instead of failing to publish."""
    import io
    import json

    from django.core.management import call_command

    from ople import profiles
    from ople.computos.asignacion import demo
    from ople.computos.asignacion import perfil as perfil_asignacion
    from ople.publicacion import CortePublicado

    monkeypatch.setenv("OPLE_PUBLISH_KEY", str(tmp_path / "claves" / "publicacion.pem"))
    calculo.olvidar_boletas()
    pro, el, casillas = _proceso()
    seccion = perfil_asignacion.de(profiles.cargar("ieeags-2024"))
    v1 = tmp_path / "v1.json"
    v1.write_text(json.dumps(demo.versiones_json(seccion)[0]))
    call_command("computos_rp_publicar", "--versiones", str(v1), stdout=io.StringIO())
    verdad = {(el.nombre, c.clave): Verdad(_votos(150, 60, 180)) for c in casillas}
    avisos: list[str] = []
    _, rc, codigo = continuacion.continuar(proceso=pro, verdad=verdad, aviso=avisos.append)
    assert rc.cerrados == 2 and codigo == 0
    assert "  La asignación ya está publicada (su versión 1 no se sustituye)." in avisos
    assert CortePublicado.objects.filter(sitio="asignacion").count() == 1


def _staff():
    from django.contrib.auth.models import User

    return User.objects.get(username="sim-computos-presidencia")


def test_a_lo_mas_n_consejos_por_eleccion():
    consejos = [("CD01", 1), ("CD02", 1), ("CM01", 2), ("CD03", 1)]
    assert continuacion._primeros(consejos, lambda c: c[1], 2) == consejos[:3]
    assert continuacion._primeros(consejos, lambda c: c[1], None) == consejos
