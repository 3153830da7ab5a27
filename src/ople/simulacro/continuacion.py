"""After the election night: the packages travel to their consejos, the consejos run their
cómputos from the night's actas, and the Consejo General allocates the RP seats from those
cómputos (issues 19–21, the drill's second half).

Everything goes through the systems' services (``paquetes.services``, ``computos.services``) and
is read back through their selectors, as the staff's screens would; nothing is written to another
system's tables. What the night's script says is written on each acta (``ActaSimulada.valores``)
is the truth in the package: the consejo's copy, the cotejo and the recounts read it.

Packages (``mover_paquetes``): one per casilla and election, planned through the mechanism the
catalog names (DAT, CRyT fijo or itinerante) or delivered directly; closing, hand-over, the CRyT,
reception at the consejo and the bodega. Deterministic cases: a few arrive late with their
justification, the package of a casilla without acta never arrives, one package arrives with its
seal broken (C7 in the cómputo), one comes without the acta outside and without it inside (C3),
one is delivered to the wrong consejo and exchanged.

Cómputos (``correr_computos``): each consejo the night reached whose session has not started: the PREP's figures
and the package's acta in hand (the presidency's copy differs in one casilla: C1), the recount
list from the causes (C1–C7, the package's condition read from the paquetes system), the cotejo
by two people, the recounts in grupos de trabajo (a reserved vote decided by the pleno), the
altered packages in the pleno, the sum, the acta and the declaration of validity. A casilla the
night did not simulate (``--max-actas``) is counted with figures drawn here, labelled as such.
"""

from __future__ import annotations

import random
import uuid
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.contrib.auth.models import User
from django.db import transaction

from ople import profiles
from ople.computos import roles as roles_computos
from ople.computos import selectors as computos
from ople.computos.services import sesion as svc_computos
from ople.core import account_services
from ople.paquetes import roles as roles_paquetes
from ople.paquetes import selectors as paquetes
from ople.paquetes import services as svc_paquetes

Aviso = Callable[[str], Any]
NUNCA_LLEGA = ("SIN_ACTA_PAQUETE_NO_ENTREGADO", "SIN_ACTA_CASILLA_NO_INSTALADA")
TIPO_MECANISMO = {"D": "DAT", "F": "CRYT_FIJO", "I": "CRYT_ITINERANTE"}
NOMBRES = ("Rosa Pérez", "Luis Gómez", "Ana Ruiz", "Jorge Díaz", "Elena Soto", "Raúl Vega")
ESTADOS_ORDEN = (
    "DISPONIBILIDAD_ACTAS",
    "REUNION_DE_TRABAJO",
    "SESION_EXTRAORDINARIA",
    "SESION_COMPUTO_INICIO",
    "COTEJO_EN_PLENO",
    "RECUENTO_EN_GT",
    "VOTOS_RESERVADOS_PLENO",
    "PAQUETES_CON_ALTERACION",
    "SUMA_Y_DISTRIBUCION",
    "VERIFICA_RECUENTO_TOTAL",
    "ACTA_DE_COMPUTO",
    "VALIDEZ_Y_CONSTANCIA",
)


@dataclass(frozen=True)
class Verdad:
    """What is written on one casilla's acta of one election (the night's script)."""

    valores: Mapping[str, int | str]  # str: illegible or blank on the acta
    sin_acta: str | None = None  # the night's reason when the PREP got no acta


@dataclass
class ResumenPaquetes:
    paquetes: int = 0
    eventos: int = 0
    tarde: list[str] = field(default_factory=list)
    nunca: list[str] = field(default_factory=list)
    sello_roto: str = ""
    sin_acta: str = ""
    otro_consejo: str = ""


@dataclass
class ResumenComputos:
    consejos: int = 0
    cerrados: int = 0
    casillas: int = 0
    recontadas: int = 0
    sinteticas: int = 0
    causales: Counter[str] = field(default_factory=Counter)
    omitidos: list[str] = field(default_factory=list)  # already under way (the demo's own)
    sin_correr: list[str] = field(default_factory=list)  # beyond consejos_por_eleccion


def _id() -> str:
    return uuid.uuid4().hex


def _usuario(nombre: str, *roles: str) -> User:
    cuenta = account_services.ensure_staff_account(
        username=nombre, roles=roles, actor=None, actor_label="simulacro", first_name=nombre
    )
    user: User = cuenta.user
    return user


def verdad_de_la_noche(
    actas: Iterable[Any], info: Mapping[str, Any]
) -> dict[tuple[str, str], Verdad]:
    """{(election's name, casilla's key): Verdad} from the night's script (the first acta of each
    casilla and election: the MR one)."""
    r: dict[tuple[str, str], Verdad] = {}
    for a in actas:
        i = info.get(a.entrada.clave_acta)
        if i is None:
            continue
        r.setdefault((i.eleccion, a.entrada.clave_casilla), Verdad(dict(a.valores), a.sin_acta))
    return r


# --- packages ------------------------------------------------------------------------------------


def _primeros(
    consejos: Iterable[Any], eleccion_de: Callable[[Any], Any], n: int | None
) -> list[Any]:
    """At most ``n`` consejos of each election, in their order (None: all)."""
    vistos: Counter[Any] = Counter()
    r = []
    for c in consejos:
        e = eleccion_de(c)
        if n is None or vistos[e] < n:
            vistos[e] += 1
            r.append(c)
    return r


def mover_paquetes(
    *,
    proceso: Any,
    verdad: Mapping[tuple[str, str], Verdad],
    semilla: int = 2024,
    consejos_por_eleccion: int | None = None,
) -> ResumenPaquetes:
    """Generate the packages and move those of the night's casillas (see the module's doc), in
    at most ``consejos_por_eleccion`` consejos of each election that have such packages.
    Packages that already have events (a previous run, the demo's) are left as they are."""
    res = ResumenPaquetes()
    sup = _usuario(
        "sim-paquetes",
        roles_paquetes.SUPERVISION,
        roles_paquetes.CAE,
        roles_paquetes.RECEPCION,
        roles_paquetes.BODEGA,
    )
    for eleccion in proceso.elecciones.all():
        svc_paquetes.generar_paquetes(eleccion=eleccion, usuario=sup)
    zona = ZoneInfo(profiles.cargar(proceso.perfil).zona_horaria)
    cierre_base = datetime.combine(proceso.fecha_jornada, time(18, 0), tzinfo=zona)
    rng = random.Random(semilla)
    consejos = [c for c in paquetes.consejos() if c.eleccion.proceso_id == proceso.pk]
    por_eleccion: dict[int, list[Any]] = {}
    for c in consejos:
        por_eleccion.setdefault(c.eleccion_id, []).append(c)
    de_la_noche = {(e, casilla) for e, casilla in verdad}
    alcanzados = [
        c
        for c in consejos
        if any(
            (c.eleccion.nombre, p.casilla.clave) in de_la_noche and not p.eventos.exists()
            for p in paquetes.paquetes_de_consejo(c)
        )
    ]
    for consejo in _primeros(alcanzados, lambda c: c.eleccion_id, consejos_por_eleccion):
        # One commit per consejo: thousands of fsyncs would take minutes, and one transaction
        # for the whole state would hold the database's write lock as long (the demo serves
        # visitors meanwhile).
        with transaction.atomic():
            movidos = _mover_consejo(
                consejo, por_eleccion[consejo.eleccion_id], verdad, sup, rng, cierre_base, res
            )
        res.paquetes += movidos
    return res


def _evento(usuario: Any, tipo: str, *, ahora: datetime, res: ResumenPaquetes, **kw: Any) -> Any:
    datos = kw.pop("datos", {})
    r = svc_paquetes.registrar_evento(
        usuario=usuario,
        tipo=tipo,
        id_cliente=_id(),
        datos=svc_paquetes.DatosEvento(ocurrido_en=ahora, **datos),
        ahora=ahora,
        **kw,
    )
    res.eventos += 1
    return r


def _mover_consejo(
    consejo: Any,
    hermanos: list[Any],
    verdad: Mapping[tuple[str, str], Verdad],
    u: Any,
    rng: random.Random,
    cierre_base: datetime,
    res: ResumenPaquetes,
) -> int:
    lista = [
        p
        for p in paquetes.paquetes_de_consejo(consejo).select_related("mecanismo").order_by("clave")
        if (consejo.eleccion.nombre, p.casilla.clave) in verdad and not p.eventos.exists()
    ]
    if not lista:
        return 0
    mecanismos: dict[str, Any] = {}
    for p in lista:
        letra = p.casilla.mecanismo_traslado
        if letra in TIPO_MECANISMO and letra not in mecanismos:
            itinerante = letra == "I"
            mecanismos[letra] = svc_paquetes.crear_mecanismo(
                usuario=u,
                consejo=consejo,
                tipo=TIPO_MECANISMO[letra],
                nombre=f"{consejo.nombre} {TIPO_MECANISMO[letra]} (simulacro)",
                ruta="Cabecera → secciones del oriente → sede del consejo" if itinerante else "",
                representantes_invitados=["Representación del PAN", "Representación de MORENA"]
                if itinerante
                else [],
                responsable="Supervisor electoral local",
            )
        if letra in mecanismos:
            svc_paquetes.asignar(
                usuario=u, paquete=p, mecanismo=mecanismos[letra], ubicacion=p.ubicacion
            )
    otro = next((c for c in hermanos if c.pk != consejo.pk), None)
    abrir: list[tuple[Any, bool]] = []  # packages whose acta is looked for inside
    for p in lista:
        p.refresh_from_db()
        v = verdad[(consejo.eleccion.nombre, p.casilla.clave)]
        cierre = cierre_base + timedelta(minutes=rng.randint(0, 150))
        _evento(u, "CIERRE_CASILLA", ahora=cierre, res=res, paquete=p)
        if v.sin_acta in NUNCA_LLEGA:
            res.nunca.append(p.clave)  # missing on the dashboard
            continue
        t = cierre + timedelta(minutes=5)
        if p.mecanismo is not None:
            _evento(
                u,
                "ENTREGA_A_MECANISMO",
                ahora=t,
                res=res,
                paquete=p,
                datos={
                    "mecanismo_id": p.mecanismo_id,
                    "entregado_por": rng.choice(NOMBRES),
                    "cargo_entrega": "PRESIDENCIA",
                    "recibido_por": "Responsable del mecanismo",
                },
            )
            if p.mecanismo.tipo != "DAT":
                t += timedelta(minutes=30)
                _evento(
                    u, "RECEPCION_CRYT", ahora=t, res=res, paquete=p,
                    datos={"mecanismo_id": p.mecanismo_id},
                )  # fmt: skip
                t += timedelta(minutes=40)
                _evento(
                    u, "SALIDA_CRYT", ahora=t, res=res, paquete=p,
                    datos={"mecanismo_id": p.mecanismo_id},
                )  # fmt: skip
        tarde = len(res.tarde) < 3 and rng.random() < 0.1
        horas = {"CABECERA": 1, "URBANA": 6, "RURAL": 12}.get(p.ubicacion, 6)
        llegada = t + timedelta(minutes=rng.randint(20, horas * 60))
        if tarde:
            llegada += timedelta(hours=30)
            res.tarde.append(p.clave)
        if not res.otro_consejo and otro is not None and p.mecanismo is None:
            res.otro_consejo = p.clave
            _evento(
                u,
                "ENTREGA_OTRO_ORGANO",
                ahora=llegada,
                res=res,
                paquete=p,
                consejo=otro,
                datos={
                    "organo": otro.nombre,
                    "observaciones": "La presidencia de casilla lo llevó a la sede equivocada.",
                },
            )
            llegada += timedelta(hours=1)
            _evento(
                u, "INTERCAMBIO", ahora=llegada, res=res, paquete=p, consejo=otro,
                datos={"organo": consejo.nombre},
            )  # fmt: skip
            llegada += timedelta(minutes=40)
        condicion = {
            "cinta_integra": True,
            "firmas_integras": True,
            "muestras_alteracion": False,
            "acta_por_fuera": v.sin_acta is None,
        }
        observaciones = ""
        if not res.sello_roto:
            res.sello_roto = p.clave
            condicion.update(cinta_integra=False, muestras_alteracion=True)
            observaciones = "La cinta de seguridad llegó rota en un costado."
        elif not res.sin_acta and len(lista) > 2:
            res.sin_acta = p.clave
            condicion.update(acta_por_fuera=False)
            observaciones = "No venía el sobre con el acta por fuera del paquete."
        _evento(
            u,
            "RECEPCION_CONSEJO",
            ahora=llegada,
            res=res,
            paquete=p,
            consejo=consejo,
            mesa=f"Mesa {rng.randint(1, 3)}",
            datos={
                "entregado_por": rng.choice(NOMBRES),
                "cargo_entrega": "CAE" if p.mecanismo_id else "PRESIDENCIA",
                "recibido_por": "Auxiliar de recepción",
                "justificacion": "Camino cortado por la lluvia; se avisó al consejo."
                if tarde
                else "",
                "observaciones": observaciones,
                **condicion,
            },
        )
        _evento(u, "INGRESO_BODEGA", ahora=llegada + timedelta(minutes=10), res=res, paquete=p)
        if not condicion["acta_por_fuera"]:
            abrir.append((p, p.clave != res.sin_acta))
    if abrir:
        # The Tuesday before the cómputo: the bodega opened before witnesses to take out the
        # actas that did not come outside; one package has none inside either (C3).
        martes = cierre_base + timedelta(days=2, hours=-8)
        testigos = {"presentes": ("Consejería electoral", "Representación del PAN")}
        _evento(
            u, "APERTURA_BODEGA", ahora=martes, res=res, consejo=consejo,
            datos={**testigos, "motivo": "Extracción de actas para el cómputo"},
        )  # fmt: skip
        for k, (p, hay) in enumerate(abrir):
            _evento(
                u, "EXTRACCION_ACTAS", ahora=martes + timedelta(minutes=5 + k), res=res,
                paquete=p, datos={"acta_en_paquete": hay},
            )  # fmt: skip
            _evento(u, "REINTEGRO", ahora=martes + timedelta(minutes=30 + k), res=res, paquete=p)
        _evento(
            u, "CIERRE_BODEGA", ahora=martes + timedelta(hours=1), res=res, consejo=consejo,
            datos={**testigos, "motivo": "Concluyó la extracción de actas"},
        )  # fmt: skip
    return len(lista)


# --- cómputos -------------------------------------------------------------------------------------


@dataclass
class _Personal:
    presidencia: User
    secretaria: User
    captura: tuple[User, User]
    grupo: User


def _personal() -> _Personal:
    CENTRAL = roles_computos.CENTRAL
    return _Personal(
        # the drill's staff work in every consejo (the cómputos' institute-wide role)
        presidencia=_usuario("sim-computos-presidencia", roles_computos.PRESIDENCIA, CENTRAL),
        secretaria=_usuario("sim-computos-secretaria", roles_computos.SECRETARIA, CENTRAL),
        captura=(
            _usuario("sim-computos-cotejo1", roles_computos.CAPTURA, CENTRAL),
            _usuario("sim-computos-cotejo2", roles_computos.CAPTURA, CENTRAL),
        ),
        grupo=_usuario("sim-computos-gt", roles_computos.GRUPO, CENTRAL),
    )


def _figuras(
    columnas: tuple[str, ...], v: Verdad | None, rng: random.Random
) -> tuple[dict[str, int], list[str], dict[str, int]]:
    """(the acta's legible figures, its illegible columns, the true count a recount finds)."""
    if v is None:
        real = {c: rng.randint(0, 3) if c in ("NULOS", "NO_REGISTRADOS") else rng.randint(5, 90)
                for c in columnas}  # fmt: skip
        return dict(real), [], real
    legibles: dict[str, int] = {}
    ilegibles: list[str] = []
    real = {}
    for c in columnas:
        valor = v.valores.get(c, 0)
        if isinstance(valor, int):
            legibles[c] = real[c] = valor
        else:
            ilegibles.append(c)
            real[c] = rng.randint(0, 40)
    return legibles, ilegibles, real


def correr_computos(
    *,
    proceso: Any,
    verdad: Mapping[tuple[str, str], Verdad],
    semilla: int = 2024,
    consejos_por_eleccion: int | None = None,
) -> ResumenComputos:
    """Each consejo's cómputo whose session has not started, from the actas to the declaration
    of validity (see the module's doc); at most ``consejos_por_eleccion`` of each election."""
    res = ResumenComputos()
    gente = _personal()
    svc_computos.crear_consejos(proceso=proceso, usuario=gente.presidencia)
    rng = random.Random(semilla)
    de_la_noche = {(eleccion, casilla) for eleccion, casilla in verdad}
    alcanzados = [
        c
        for c in computos.consejos_visibles(gente.presidencia)
        if c.demarcacion.eleccion.proceso_id == proceso.pk
        # the night reached this consejo (not so with a short --max-actas)
        and any(
            (c.demarcacion.eleccion.nombre, clave) in de_la_noche
            for clave in c.expedientes.values_list("clave", flat=True)
        )
    ]
    pendientes = [
        c
        for c in alcanzados
        if c.sesion.estado == "DISPONIBILIDAD_ACTAS"
        and not c.expedientes.filter(actas__isnull=False).exists()
    ]
    res.omitidos = [c.clave for c in alcanzados if c not in pendientes]
    elegidos = _primeros(pendientes, lambda c: c.demarcacion.eleccion_id, consejos_por_eleccion)
    res.sin_correr = [c.clave for c in pendientes if c not in elegidos]
    res.consejos = len(alcanzados)
    for consejo in elegidos:
        with transaction.atomic():
            _un_computo(consejo, verdad, gente, rng, res)
        res.cerrados += 1
    return res


def _avanzar_hasta(consejo: Any, estado: str, u: User) -> Any:
    s = consejo.sesion
    s.refresh_from_db()
    while ESTADOS_ORDEN.index(s.estado) < ESTADOS_ORDEN.index(estado):
        s = svc_computos.avanzar(sesion=s, usuario=u)
    return s


def _un_computo(
    consejo: Any,
    verdad: Mapping[tuple[str, str], Verdad],
    g: _Personal,
    rng: random.Random,
    res: ResumenComputos,
) -> None:
    vista = computos.vista(consejo)
    columnas = vista.boleta.nombres
    eleccion = consejo.demarcacion.eleccion.nombre
    svc_computos.importar_prep(consejo=consejo, usuario=g.presidencia)
    reales: dict[str, dict[str, int]] = {}
    expedientes = list(consejo.expedientes.order_by("clave"))
    # What the custody record says came in each package (the copy outside, the acta inside).
    custodia = paquetes.estado_paquetes(
        eleccion=consejo.demarcacion.eleccion_id, casillas=[e.casilla_id for e in expedientes]
    )
    for i, exp in enumerate(expedientes):
        v = verdad.get((eleccion, exp.clave))
        res.sinteticas += v is None
        legibles, ilegibles, reales[exp.clave] = _figuras(columnas, v, rng)
        estado = custodia.get(exp.casilla_id)
        if estado is None or estado.acta_en_paquete is not False:
            svc_computos.registrar_acta(
                expediente=exp,
                origen="PAQUETE",
                votos=legibles,
                ilegibles=ilegibles,
                usuario=g.secretaria,
            )
        if estado is not None and estado.acta_por_fuera is False:
            continue  # the presidency's copy travels outside the package: it did not come
        copia = dict(legibles)
        if i == 3 and not ilegibles and vista.boleta.partidos:
            copia[vista.boleta.partidos[0]] += 10  # the presidency's copy differs (C1)
        svc_computos.registrar_acta(
            expediente=exp,
            origen="PRESIDENCIA",
            votos=copia,
            ilegibles=ilegibles,
            usuario=g.secretaria,
        )
    res.casillas += len(expedientes)
    _avanzar_hasta(consejo, "SESION_EXTRAORDINARIA", g.presidencia)
    causales = {f.expediente.clave: f.causales for f in computos.vista(consejo).filas}
    lista = sorted(c for c, cs in causales.items() if cs)
    svc_computos.aprobar_recuento(
        consejo=consejo,
        usuario=g.presidencia,
        casillas=lista,
        sede=consejo.sede or consejo.nombre,
        grupos=2 if lista else 0,
        puntos_por_grupo=2 if lista else 0,
    )
    _avanzar_hasta(consejo, "COTEJO_EN_PLENO", g.presidencia)
    while (exp := computos.siguiente_por_capturar(consejo, recuento=False)) is not None:
        for u in g.captura:
            svc_computos.capturar_cotejo(expediente=exp, usuario=u, votos=reales[exp.clave])
    _avanzar_hasta(consejo, "RECUENTO_EN_GT", g.presidencia)
    grupos = list(consejo.grupos.order_by("numero"))
    _recontar(consejo, reales, g.grupo, grupos, en_pleno=False, res=res)
    _avanzar_hasta(consejo, "VOTOS_RESERVADOS_PLENO", g.presidencia)
    _decidir(consejo, g.presidencia, vista.boleta.partidos)
    _avanzar_hasta(consejo, "PAQUETES_CON_ALTERACION", g.presidencia)
    _recontar(consejo, reales, g.presidencia, [], en_pleno=True, res=res)
    _decidir(consejo, g.presidencia, vista.boleta.partidos)
    _avanzar_hasta(consejo, "VALIDEZ_Y_CONSTANCIA", g.presidencia)
    for f in computos.vista(consejo).filas:
        res.causales.update(f.causales)


def _recontar(
    consejo: Any,
    reales: Mapping[str, dict[str, int]],
    u: User,
    grupos: list[Any],
    *,
    en_pleno: bool,
    res: ResumenComputos,
) -> None:
    k = 0
    while exp := computos.siguiente_por_capturar(consejo, recuento=True, en_pleno=en_pleno):
        votos = dict(reales[exp.clave])
        reservados = []
        if k == 0 and votos.get("NULOS", 0) > 0:  # one ballot the GT could not agree on
            votos["NULOS"] -= 1
            reservados = ["Marca en dos recuadros de partidos no coaligados"]
        svc_computos.registrar_recuento(
            expediente=exp,
            usuario=u,
            votos=votos,
            reservados=reservados,
            grupo=grupos[k % len(grupos)] if grupos and not en_pleno else None,
        )
        k += 1
        res.recontadas += 1


def _decidir(consejo: Any, u: User, partidos: tuple[str, ...]) -> None:
    for voto in computos.vista(consejo).reservados:
        if getattr(voto, "decision", None) is None:
            svc_computos.decidir_reservado(voto=voto, usuario=u, columna="NULOS")


# --- the Consejo General ----------------------------------------------------------------------


def publicar_cortes() -> str:
    """The public progress of the packages and a cut of the cómputos (each system's service)."""
    from ople.computos.services.publicar import publicar_corte

    hechos = []
    publicaciones: tuple[tuple[str, Callable[[], Any]], ...] = (
        ("avance de paquetes", lambda: svc_paquetes.publicar_avance(actor=None)),
        ("cómputos", lambda: publicar_corte(usuario=None)),
    )
    for nombre, publicar in publicaciones:
        try:
            hechos.append(f"{nombre} {publicar().nombre}")
        except Exception as exc:  # a cut in the same second, a site not configured: say so
            hechos.append(f"{nombre}: no se publicó ({exc})")
    return "  Cortes publicados: " + "; ".join(hechos)


def asignar_rp(*, vigente_desde: Any) -> tuple[int, str]:
    """The RP allocation from the closed cómputos, published through the allocation's own
    command (``ople computos rp-publicar --computos``). Returns (exit code, its output)."""
    import io

    from django.core.management import call_command

    salida = io.StringIO()
    try:
        call_command(
            "computos_rp_publicar",
            "--computos",
            "--vigente-desde",
            vigente_desde.isoformat(),
            stdout=salida,
            stderr=salida,
        )
    except SystemExit as exc:
        return int(exc.code or 0), salida.getvalue()
    return 0, salida.getvalue()


def continuar(
    *,
    proceso: Any,
    verdad: Mapping[tuple[str, str], Verdad],
    aviso: Aviso = print,
    semilla: int = 2024,
    consejos_por_eleccion: int | None = None,
) -> tuple[ResumenPaquetes, ResumenComputos, int]:
    """The packages, the cómputos and the RP allocation after the night (in that order), in
    at most ``consejos_por_eleccion`` consejos of each election (None: every one)."""
    aviso("Paquetes: de las casillas a los consejos…")
    rp = mover_paquetes(
        proceso=proceso,
        verdad=verdad,
        semilla=semilla,
        consejos_por_eleccion=consejos_por_eleccion,
    )
    aviso(
        f"  {rp.paquetes} paquetes movidos ({rp.eventos} eventos): {len(rp.tarde)} fuera de "
        f"plazo, {len(rp.nunca)} no llegaron, sello roto en {rp.sello_roto or '—'}, sin acta "
        f"en {rp.sin_acta or '—'}, entregado a otro consejo y canjeado: {rp.otro_consejo or '—'}"
    )
    aviso("Cómputos: cada consejo desde las actas de la noche…")
    rc = correr_computos(
        proceso=proceso,
        verdad=verdad,
        semilla=semilla,
        consejos_por_eleccion=consejos_por_eleccion,
    )
    causales = ", ".join(f"{c} {n}" for c, n in sorted(rc.causales.items())) or "ninguna"
    aviso(
        f"  {rc.cerrados} de {rc.consejos} consejos con su cómputo hasta la declaración de "
        f"validez; {rc.casillas} casillas, {rc.recontadas} recontadas (causales: {causales})"
        + (
            f"; {rc.sinteticas} casillas no simuladas en la noche, con cifras sintéticas"
            if rc.sinteticas
            else ""
        )
        + (f"; ya en curso, sin tocar: {', '.join(rc.omitidos)}" if rc.omitidos else "")
        + (f"; sin correr (límite por elección): {len(rc.sin_correr)}" if rc.sin_correr else "")
    )
    aviso(publicar_cortes())
    aviso("Asignación de representación proporcional desde los cómputos…")
    if computos.asignacion_publicada():
        # The demo published its version 1 at start-up from its own closed cómputos: a version
        # already published is never replaced (a change would be a new version).
        aviso("  La asignación ya está publicada (su versión 1 no se sustituye).")
        return rp, rc, 0
    codigo, texto = asignar_rp(vigente_desde=proceso.fecha_jornada + timedelta(days=7))
    for linea in texto.strip().splitlines():
        aviso(f"  {linea}")
    return rp, rc, codigo
