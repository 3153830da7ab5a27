"""From seats to people (ople.ley.rp_personas): parity, an affirmative-action place and ineligible
propietarios interacting, modelled on 2024 (a priority-group place without proof → his suplente;
a nominee who did not resign her post in time)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from ople.ley.rp_personas import Formula, Persona, ReglasPersonas, asignar_personas


def persona(clave: str, genero: str, grupo: str | None = None) -> Persona:
    return Persona(clave=clave, nombre=clave, genero=genero, grupo=grupo)  # type: ignore[arg-type]


# Party P: place 2 is reserved to the indigenous group; Carlos registered there without proof, his
# suplente Daniel proved it. Elena (place 3) did not resign her post in time.
LISTA_P = (
    Formula(1, persona("Ana", "M"), persona("Beatriz", "M")),
    Formula(2, persona("Carlos", "H"), persona("Daniel", "H", "indígena"), "indígena"),
    Formula(3, persona("Elena", "M"), persona("Fernanda", "M")),
    Formula(4, persona("Luis", "H"), persona("Mario", "H")),
    Formula(5, persona("Laura", "M"), persona("Nora", "M")),
)
LISTA_Q = (
    Formula(1, persona("Gustavo", "H"), persona("Hugo", "H")),
    Formula(2, persona("Hilda", "M"), persona("Irma", "M")),
    Formula(3, persona("Javier", "H"), persona("Jorge", "H")),
    Formula(4, persona("Karla", "M"), persona("Lucía", "M")),
)
LISTAS = {"P": LISTA_P, "Q": LISTA_Q}
VOTOS = {"P": 300_000, "Q": 100_000}
NO_RENUNCIO = {"Elena": "no se separó de su cargo en el plazo legal"}


def elegible(p: Persona) -> str | None:
    return NO_RENUNCIO.get(p.clave)


def quienes(a) -> dict[str, list[str]]:
    r: dict[str, list[str]] = {}
    for i in a.integrantes:
        r.setdefault(i.partido, []).append(i.propietario.nombre)
    return r


def test_paridad_accion_afirmativa_e_inelegibles():
    """MR brought 4 men and no woman; the body of 9 needs 4 women (lower half, SM-JDC-748/2018).
    P: Ana; Carlos has no proof of the group → Daniel, his suplente, who has it (the place stays
    indigenous); Elena did not resign → Fernanda, her suplente. Q: Gustavo, Hilda. That is 3 women:
    parity takes Q's seat of Gustavo (Q has fewer votes) for Karla, the next woman of Q's own list;
    P's affirmative-action seat of Daniel is never touched, and no seat changes party."""
    a = asignar_personas(
        {"P": 3, "Q": 2},
        LISTAS,
        ReglasPersonas(),
        elegible,
        votos=VOTOS,
        mujeres_mr=0,
        integrantes_mr=4,
    )
    assert quienes(a) == {"P": ["Ana", "Daniel", "Fernanda"], "Q": ["Karla", "Hilda"]}
    assert (a.mujeres, a.mujeres_requeridas) == (4, 4)
    daniel = next(i for i in a.integrantes if i.propietario.nombre == "Daniel")
    assert daniel.formula.posicion == 2 and daniel.motivo == "suplente de la fórmula"
    tipos = [(p.tipo, p.partido) for p in a.pasos if p.tipo != "asignada"]
    assert tipos == [
        ("inelegible", "P"),
        ("suplente", "P"),
        ("inelegible", "P"),
        ("suplente", "P"),
        ("paridad", "Q"),
    ]
    (carlos,) = [p for p in a.pasos if p.tipo == "inelegible" and p.posicion == 2]
    assert "acción afirmativa (indígena)" in carlos.detalle
    assert a.avisos == ()


def test_inelegible_pasa_al_siguiente_de_la_lista_del_mismo_genero():
    a = asignar_personas(
        {"P": 3},
        {"P": LISTA_P},
        ReglasPersonas(sustitucion="siguiente", mujeres_minimas="ninguna"),
        elegible,
    )
    # Carlos' place (indigenous, no proof) goes down the list: no other fórmula of the group, so
    # the next man's (Luis, place 4; Elena at place 3 is a woman). Elena's own seat then goes to
    # the next woman, Laura (place 5).
    assert quienes(a)["P"] == ["Ana", "Luis", "Laura"]
    assert [p.detalle for p in a.pasos if p.tipo == "siguiente"] == [
        "el lugar 2 pasa a la fórmula del lugar 4 (Luis)",
        "el lugar 3 pasa a la fórmula del lugar 5 (Laura)",
    ]
    assert all(i.partido == "P" for i in a.integrantes)


def test_una_lista_sin_mujeres_no_toma_escanos_de_otro_partido():
    solo_hombres = tuple(
        Formula(i, persona(f"H{i}", "H"), persona(f"S{i}", "H")) for i in range(1, 4)
    )
    a = asignar_personas(
        {"P": 2, "R": 2},
        {"P": LISTA_P[:1] + (LISTA_P[3],), "R": solo_hombres},
        ReglasPersonas(mujeres_minimas="mitad_superior"),
        lambda p: None,
        votos={"P": 10, "R": 5},
    )
    assert quienes(a) == {"P": ["Ana", "Luis"], "R": ["H1", "H2"]}
    assert a.mujeres == 1 and a.mujeres_requeridas == 2
    assert any("sin pasar escaños entre partidos" in x for x in a.avisos)
    assert any("no alterna" in x for x in a.avisos)  # R's list


def test_lista_agotada_deja_vacante_sin_pasar_a_otro_partido():
    a = asignar_personas(
        {"Q": 5}, {"Q": LISTA_Q}, ReglasPersonas(mujeres_minimas="ninguna"), lambda p: None
    )
    assert len(a.integrantes) == 4 and a.vacantes == {"Q": 1}


@st.composite
def listas_y_escanos(draw: st.DrawFn):
    partidos = [f"P{i}" for i in range(draw(st.integers(1, 4)))]
    listas = {}
    escanos = {}
    for p in partidos:
        n = draw(st.integers(0, 6))
        listas[p] = tuple(
            Formula(
                k,
                persona(
                    f"{p}-{k}",
                    draw(st.sampled_from(["M", "H", "NB"])),
                    draw(st.sampled_from([None, "indígena"])),
                ),
                persona(
                    f"{p}-{k}-s",
                    draw(st.sampled_from(["M", "H"])),
                    draw(st.sampled_from([None, "indígena"])),
                ),
                draw(st.sampled_from([None, None, "indígena"])),
            )
            for k in range(1, n + 1)
        )
        escanos[p] = draw(st.integers(0, 5))
    inelegibles = draw(
        st.sets(st.sampled_from([f"{p}-{k}" for p in partidos for k in range(1, 7)]))
    )
    reglas = ReglasPersonas(
        sustitucion=draw(st.sampled_from(["suplente", "siguiente"])),
        mujeres_minimas=draw(st.sampled_from(["ninguna", "mitad_inferior", "mitad_superior"])),
        orden_paridad=draw(st.sampled_from(["menor_votacion", "ultimo_asignado"])),
    )
    votos = {p: draw(st.integers(0, 1000)) for p in partidos}
    return escanos, listas, inelegibles, reglas, votos, draw(st.integers(0, 10))


@settings(max_examples=200, deadline=None)
@given(listas_y_escanos())
def test_propiedades_de_personas(caso):
    """Every seat is filled from its own party's list or left vacant (never moved across
    parties); nobody ineligible, nobody twice; an affirmative place only for its group."""
    escanos, listas, inelegibles, reglas, votos, mr = caso
    a = asignar_personas(
        escanos,
        listas,
        reglas,
        lambda p: "inelegible" if p.clave in inelegibles else None,
        votos=votos,
        integrantes_mr=mr,
        mujeres_mr=mr // 2,
    )
    for p, n in escanos.items():
        suyos = [i for i in a.integrantes if i.partido == p]
        assert len(suyos) + a.vacantes.get(p, 0) == n
        assert all(i.formula in listas[p] for i in suyos)
    claves = [i.propietario.clave for i in a.integrantes]
    assert len(claves) == len(set(claves))
    assert not set(claves) & inelegibles
    for i in a.integrantes:
        if i.formula.accion_afirmativa:
            assert i.propietario.grupo == i.formula.accion_afirmativa
