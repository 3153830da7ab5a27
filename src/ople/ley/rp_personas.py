"""From RP seats to people (legal.md §2.3): who takes each seat a party won.

Pure, no I/O. Each party's seats are filled from **its own registered list, in its order**
(fórmulas of propietario and suplente). Rules, each a field of ``ReglasPersonas`` the profile gives:

* **Eligibility** is a callable (``Elegibilidad``: person → ``None`` or the reason), so any check
  can be plugged in: documents, a priority-group proof, resigning a post in time, and the register
  of persons sanctioned for political gender violence (VPMRG) once it exists.
* **An ineligible propietario** gives the seat to the fórmula's suplente (``sustitucion =
  "suplente"``, the 2024 case: a priority-group place without proof, constancia to his suplente)
  or to the next fórmula of the same list (``"siguiente"``). Moving down the list keeps the place's
  gender and affirmative-action group when ``conservar_genero`` / ``conservar_accion`` and the list
  has such a fórmula.
* **Affirmative-action places** (a fórmula's ``accion_afirmativa`` group) are filled only by a
  person of that group, and parity never takes them.
* **Parity** of the whole body (``mujeres_minimas``: none, the lower or the upper half of its
  size, counting the MR members given): when women are short, a man's RP seat is given to the next
  woman's fórmula **of the same party's list**, parties taken in ``orden_paridad`` (lowest vote
  first, or the last seat assigned first). A seat never moves across parties to fix gender
  (SM-JRC-42/2023: that transfers votes), and a list is never re-ordered beyond that (SM-JDC-748/
  2018: without an express rule, no forced female majority — hence the lower half by default).
* **Alternation** of a list is checked and reported (``Asignacion.avisos``), not imposed.

Every decision is a ``PasoPersona`` in the trail.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Final, Literal

Genero = Literal["M", "H", "NB"]  # mujer, hombre, persona no binaria
MUJER: Final = "M"
HOMBRE: Final = "H"

Elegibilidad = Callable[["Persona"], str | None]


@dataclass(frozen=True)
class Persona:
    clave: str  # the candidacy's id
    nombre: str
    genero: Genero
    grupo: str | None = None  # the priority group the person proved (affirmative action)


@dataclass(frozen=True)
class Formula:
    posicion: int  # place in the registered list (1, 2, …)
    propietario: Persona
    suplente: Persona | None = None
    accion_afirmativa: str | None = None  # the group this place is reserved to


@dataclass(frozen=True)
class ReglasPersonas:
    sustitucion: Literal["suplente", "siguiente"] = "suplente"
    conservar_genero: bool = True
    conservar_accion: bool = True
    mujeres_minimas: Literal["ninguna", "mitad_inferior", "mitad_superior"] = "mitad_inferior"
    orden_paridad: Literal["menor_votacion", "ultimo_asignado"] = "menor_votacion"
    no_binario_cuenta_como: Literal["ninguno", "M", "H"] = "ninguno"


@dataclass(frozen=True)
class Integrante:
    partido: str
    numero: int  # the party's n-th RP seat
    formula: Formula
    propietario: Persona  # who holds the seat (maybe the fórmula's suplente)
    suplente: Persona | None
    motivo: str  # how this person got the seat


@dataclass(frozen=True)
class PasoPersona:
    tipo: str  # asignada | inelegible | suplente | siguiente | paridad | vacante | alternancia
    partido: str
    detalle: str
    posicion: int | None = None


@dataclass(frozen=True)
class Asignacion:
    integrantes: tuple[Integrante, ...]
    pasos: tuple[PasoPersona, ...]
    vacantes: Mapping[str, int]  # party -> seats its list could not fill
    mujeres: int  # in the whole body (MR given + RP)
    mujeres_requeridas: int
    avisos: tuple[str, ...] = field(default=())


def _cuenta_mujer(p: Persona, reglas: ReglasPersonas) -> bool:
    return p.genero == MUJER or (p.genero == "NB" and reglas.no_binario_cuenta_como == MUJER)


def _cuenta_hombre(p: Persona, reglas: ReglasPersonas) -> bool:
    return p.genero == HOMBRE or (p.genero == "NB" and reglas.no_binario_cuenta_como == HOMBRE)


def _alterna(lista: Sequence[Formula]) -> bool:
    generos = [f.propietario.genero for f in lista if f.propietario.genero in (MUJER, HOMBRE)]
    return all(a != b for a, b in zip(generos, generos[1:], strict=False))


def asignar_personas(
    escanos: Mapping[str, int],
    listas: Mapping[str, Sequence[Formula]],
    reglas: ReglasPersonas,
    elegible: Elegibilidad,
    *,
    votos: Mapping[str, int] | None = None,
    mujeres_mr: int = 0,
    integrantes_mr: int = 0,
) -> Asignacion:
    """Fill each party's ``escanos`` from its list in ``listas`` (see the module's docstring)."""
    pasos: list[PasoPersona] = []
    avisos: list[str] = []
    integrantes: dict[str, list[Integrante]] = {}
    usadas: dict[str, set[int]] = {}
    vacantes: dict[str, int] = {}
    orden_asignacion: list[tuple[str, int]] = []  # (party, index in integrantes[party])

    def _razon(persona: Persona, formula: Formula) -> str | None:
        """Why ``persona`` cannot hold ``formula``'s place (None: she can)."""
        aa = formula.accion_afirmativa
        if aa is not None and persona.grupo != aa:
            return f"el lugar es de acción afirmativa ({aa}) y no acreditó pertenecer al grupo"
        return elegible(persona)

    def ocupar(partido: str, formula: Formula, motivo_lugar: str) -> Integrante | None:
        """The person of ``formula`` who can hold the seat, or None (both ineligible)."""
        razon = _razon(formula.propietario, formula)
        if razon is None:
            return Integrante(
                partido, 0, formula, formula.propietario, formula.suplente, motivo_lugar
            )
        pasos.append(
            PasoPersona(
                "inelegible",
                partido,
                f"{formula.propietario.nombre} (lugar {formula.posicion}) no es elegible: {razon}",
                formula.posicion,
            )
        )
        if reglas.sustitucion == "suplente" and formula.suplente is not None:
            s = formula.suplente
            razon_s = _razon(s, formula)
            if razon_s is None:
                pasos.append(
                    PasoPersona(
                        "suplente",
                        partido,
                        f"la constancia del lugar {formula.posicion} pasa a su suplente, {s.nombre}",
                        formula.posicion,
                    )
                )
                return Integrante(partido, 0, formula, s, None, "suplente de la fórmula")
            if razon_s is not None:
                pasos.append(
                    PasoPersona(
                        "inelegible",
                        partido,
                        f"su suplente {s.nombre} tampoco es elegible: {razon_s}",
                        formula.posicion,
                    )
                )
        return None

    def siguiente(partido: str, lugar: Formula | None) -> Formula | None:
        """The next unused fórmula of the party's list; after an ineligible ``lugar``, one of
        the same gender and group first when the rules keep them."""
        libres = [f for f in listas.get(partido, ()) if f.posicion not in usadas[partido]]
        if lugar is not None:
            preferidas = libres
            aa = lugar.accion_afirmativa
            if reglas.conservar_accion and aa is not None:
                preferidas = [f for f in libres if f.accion_afirmativa == aa] or libres
            if reglas.conservar_genero:
                mismo = [f for f in preferidas if f.propietario.genero == lugar.propietario.genero]
                preferidas = mismo or preferidas
            if preferidas:
                return preferidas[0]
        return libres[0] if libres else None

    for partido in sorted(escanos, key=lambda p: (-(votos or {}).get(p, 0), p)):
        n = escanos[partido]
        lista = sorted(listas.get(partido, ()), key=lambda f: f.posicion)
        if n and lista and not _alterna(lista):
            avisos.append(f"La lista de {partido} no alterna géneros")
            pasos.append(PasoPersona("alternancia", partido, avisos[-1]))
        usadas[partido] = set()
        integrantes[partido] = []
        for _ in range(n):
            lugar: Formula | None = None
            elegido: Integrante | None = None
            while elegido is None:
                f = siguiente(partido, lugar)
                if f is None:
                    break
                usadas[partido].add(f.posicion)
                motivo = (
                    f"lugar {f.posicion} de la lista"
                    if lugar is None
                    else f"lugar {f.posicion}, en sustitución del lugar {lugar.posicion}"
                )
                elegido = ocupar(partido, f, motivo)
                if elegido is None and lugar is None:
                    lugar = f  # keep the first place's gender and group for the replacement
                elif elegido is not None and lugar is not None:
                    pasos.append(
                        PasoPersona(
                            "siguiente",
                            partido,
                            f"el lugar {lugar.posicion} pasa a la fórmula del lugar {f.posicion} "
                            f"({elegido.propietario.nombre})",
                            f.posicion,
                        )
                    )
            if elegido is None:
                vacantes[partido] = vacantes.get(partido, 0) + 1
                avisos.append(
                    f"{partido}: su lista no tiene fórmulas elegibles para todos sus escaños; el "
                    "escaño no pasa a otro partido"
                )
                pasos.append(PasoPersona("vacante", partido, avisos[-1]))
                continue
            numero = len(integrantes[partido]) + 1
            elegido = Integrante(
                partido,
                numero,
                elegido.formula,
                elegido.propietario,
                elegido.suplente,
                elegido.motivo,
            )
            integrantes[partido].append(elegido)
            orden_asignacion.append((partido, numero - 1))
            pasos.append(
                PasoPersona(
                    "asignada",
                    partido,
                    f"escaño {numero}: {elegido.propietario.nombre} ({elegido.motivo})",
                    elegido.formula.posicion,
                )
            )

    # Parity of the whole body, inside each party's own list.
    tamano = integrantes_mr + sum(len(v) for v in integrantes.values())
    requeridas = {
        "ninguna": 0,
        "mitad_inferior": tamano // 2,
        "mitad_superior": (tamano + 1) // 2,
    }[reglas.mujeres_minimas]

    def mujeres() -> int:
        return mujeres_mr + sum(
            _cuenta_mujer(i.propietario, reglas) for v in integrantes.values() for i in v
        )

    if reglas.orden_paridad == "menor_votacion":
        turnos = sorted(integrantes, key=lambda p: ((votos or {}).get(p, 0), p))
        candidatos = [(p, k) for p in turnos for k in range(len(integrantes[p]) - 1, -1, -1)]
    else:
        candidatos = list(reversed(orden_asignacion))
    for partido, k in candidatos:
        if mujeres() >= requeridas:
            break
        actual = integrantes[partido][k]
        if not _cuenta_hombre(actual.propietario, reglas) or actual.formula.accion_afirmativa:
            continue
        for f in sorted(listas.get(partido, ()), key=lambda f: f.posicion):
            if f.posicion in usadas[partido] or f.propietario.genero != MUJER:
                continue
            usadas[partido].add(f.posicion)
            nueva = ocupar(partido, f, f"lugar {f.posicion}, por paridad")
            if nueva is None:
                continue
            integrantes[partido][k] = Integrante(
                partido, actual.numero, f, nueva.propietario, nueva.suplente, nueva.motivo
            )
            pasos.append(
                PasoPersona(
                    "paridad",
                    partido,
                    f"paridad: el escaño {actual.numero} de {partido} pasa de "
                    f"{actual.propietario.nombre} (lugar {actual.formula.posicion}) a "
                    f"{nueva.propietario.nombre} (lugar {f.posicion}) de la misma lista",
                    f.posicion,
                )
            )
            break
    if mujeres() < requeridas:
        avisos.append(
            f"El órgano tiene {mujeres()} mujeres de {requeridas} requeridas: las listas no "
            "permiten más sin pasar escaños entre partidos"
        )
    todos = tuple(i for p in sorted(integrantes) for i in integrantes[p])
    return Asignacion(
        integrantes=todos,
        pasos=tuple(pasos),
        vacantes=vacantes,
        mujeres=mujeres(),
        mujeres_requeridas=requeridas,
        avisos=tuple(avisos),
    )
