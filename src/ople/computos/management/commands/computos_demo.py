"""``ople computos demo``: simulated cómputo sessions for the demo's process, through the services.

Creates the consejos from the catalog and, with synthetic but realistic figures:

- ``CD01`` runs from the actas in hand to the constancia de mayoría: casillas accepted at the
  cotejo, others re-counted (a copy that differs, null votes above the margin, a package with
  signs of alteration re-counted in the pleno), reserved votes decided by the pleno, the acta de
  cómputo signed, under protest by a representative;
- every other consejo distrital, and every municipal one but three, closes quickly: the package's
  acta, the cotejo by two people, the sum, the acta and the declaration of validity (no casilla
  has a cause for recount), so the Consejo General can add up the cómputo estatal and allocate
  (``ople computos rp-publicar --demo``);
- ``CM04`` is a municipio decided by less than one point: the second place's representative
  asks for the total recount at the start, and it proceeds (left in the grupos de trabajo);
- ``CM11`` is left in the cotejo, for the demo's users to continue;
- ``CM01`` (the capital, 1,344 casillas) is left untouched for the drill that runs behind the
  demo, which closes it from the night's actas;

then publishes a cut beside the PREP's (``/computos/``). Idempotent: a second run does nothing.

The votes are seeded and shaped like legal.md §2.1's second example (one party far ahead that
wins 15 of the 18 districts, so its cap and the compensation of an under-represented party bind
in the allocation): ``forma_votos``.
"""

from __future__ import annotations

import random
from typing import Any

from django.contrib.auth.models import Group, User
from django.core.management.base import BaseCommand
from django.db import transaction

from ople.catalog import selectors as catalogo
from ople.computos import calculo, roles
from ople.computos.models import ActaEnMano, Consejo, Documento, Sesion
from ople.computos.services import documentos as docs
from ople.computos.services import sesion as svc
from ople.computos.services.publicar import publicar_corte
from ople.core import account_services, audit
from ople.core.accounts import DEMARCATION, PARTY, PARTY_REPRESENTATIVE
from ople.core.registro import REPRESENTANTE_PARTIDO

E = Sesion.Estado

# The consejos left open for the demo's visitors (their ayuntamientos are not allocated).
RECUENTO_TOTAL = "CM04"  # a narrow result: the total recount, in the grupos de trabajo
EN_COTEJO = "CM11"  # the cotejo under way
# Left for the drill's continuation after the night (``ople simulacro --consejos-despues``): the
# capital's 1,344 casillas would add roughly 30–45 s to the demo's start-up.
PARA_EL_SIMULACRO = ("CM01",)

# Statewide weight of each party's own votes: legal.md §2.1's second example (A 232,000 …
# G 11,600) under the catalog's party names.
PESOS = {
    "PAN": 232,
    "MORENA": 145,
    "PRI": 81,
    "MC": 46,
    "PVEM": 35,
    "PT": 23,
    "PRD": 12,
}
# Districts shaped otherwise: MORENA ahead in one; PRI ahead of its partners in two (the
# coalition's seat is counted for PRI there, as the example's MR C 2).
PESOS_DISTRITO = {
    9: {"PAN": 90, "MORENA": 330},
    7: {"PAN": 110, "PRI": 170},
    13: {"PAN": 110, "PRI": 170},
}


def forma_votos(
    bol: calculo.Boleta, rnd: random.Random, *, demarcacion: int, distrital: bool
) -> dict[str, int]:
    """One casilla's seeded figures, shaped by ``PESOS`` (and ``PESOS_DISTRITO`` in the
    Congress's districts; each municipio gets its own seeded tilt). About 320 votes, few
    combinations, nulls and unregistered; no casilla has a cause for recount."""
    pesos = dict(PESOS)
    if distrital:
        pesos.update(PESOS_DISTRITO.get(demarcacion, {}))
    else:
        tilt = random.Random(demarcacion)
        pesos = {p: w * tilt.uniform(0.7, 1.3) for p, w in pesos.items()}
    total = sum(pesos.values())
    emitidos = rnd.randint(260, 380)
    votos: dict[str, int] = {}
    for c in bol.columnas:
        if c.tipo == "PARTIDO":
            w = pesos.get(c.columna, 10)
            votos[c.columna] = max(0, round(emitidos * w / total * rnd.uniform(0.85, 1.15)))
        elif c.tipo == "COMBINACION":
            votos[c.columna] = rnd.randint(0, 2)
        elif c.tipo == "NULOS":
            votos[c.columna] = rnd.randint(2, 7)
        elif c.tipo == "CI":
            votos[c.columna] = rnd.randint(3, 12)
        else:
            votos[c.columna] = rnd.randint(0, 1)
    return votos


def _usuario(nombre: str, *grupos: str) -> User:
    u, _ = User.objects.get_or_create(username=nombre, defaults={"first_name": nombre})
    for g in grupos:
        u.groups.add(Group.objects.get_or_create(name=g)[0])
    return u


def _representante(nombre: str, partido: str, consejo: str, actor: User) -> User:
    u = User.objects.filter(username=nombre).first()
    if u is None:
        u = account_services.create_outside_account(
            username=nombre, kind=PARTY_REPRESENTATIVE, actor=actor
        )
        u.groups.add(Group.objects.get_or_create(name=REPRESENTANTE_PARTIDO)[0])
        account_services.grant_scope(user=u, kind=PARTY, key=partido, actor=actor)
        account_services.grant_scope(user=u, kind=DEMARCATION, key=consejo, actor=actor)
    return u


class Command(BaseCommand):
    help = "Simula las sesiones de cómputo de la demostración y publica un corte."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--semilla", type=int, default=2024)

    def handle(self, *args: Any, **opts: Any) -> None:
        proceso = catalogo.proceso_activo()
        if proceso is None:
            self.stderr.write("No hay proceso activo en el catálogo; cargue uno primero.")
            return
        if Consejo.objects.filter(demarcacion__eleccion__proceso=proceso).exists():
            self.stdout.write("Los consejos de cómputo ya existen; nada que simular.")
            return
        self.rnd = random.Random(opts["semilla"])
        # the simulated staff work in every consejo it simulates: the institute-wide role
        self.pres = _usuario("sim-presidencia", roles.PRESIDENCIA, roles.CENTRAL)
        self.secr = _usuario("sim-secretaria", roles.SECRETARIA, roles.CENTRAL)
        self.cap = [_usuario(f"sim-cotejo{i}", roles.CAPTURA, roles.CENTRAL) for i in (1, 2)]
        self.gt = _usuario("sim-gt", roles.GRUPO, roles.CENTRAL)
        n = svc.crear_consejos(proceso=proceso, usuario=self.pres)
        self.stdout.write(f"{n} consejos de cómputo creados desde el catálogo.")
        consejos = {
            c.clave: c for c in Consejo.objects.filter(demarcacion__eleccion__proceso=proceso)
        }
        if "CD01" in consejos:
            self._completo(consejos["CD01"])
        if RECUENTO_TOTAL in consejos:
            self._cerrado(consejos[RECUENTO_TOTAL])
        if EN_COTEJO in consejos:
            self._hasta_cotejo(consejos[EN_COTEJO])
        apartados = ("CD01", RECUENTO_TOTAL, EN_COTEJO, *PARA_EL_SIMULACRO)
        rapidos = [c for k, c in consejos.items() if k not in apartados]
        for consejo in rapidos:
            self._rapido(consejo)
        self.stdout.write(
            f"{len(rapidos)} consejos más con su cómputo hasta la declaración de validez."
        )
        corte = publicar_corte(usuario=self.pres)
        self.stdout.write(f"Corte de cómputos publicado: {corte.nombre} (/computos/).")

    # --- figures ------------------------------------------------------------------------------

    def _cifras(self, consejo: Consejo, cerrado: bool = False) -> dict[str, int]:
        r = self.rnd
        bol = calculo.boleta_de(consejo)
        votos = forma_votos(
            bol,
            r,
            demarcacion=consejo.demarcacion.clave,
            distrital=consejo.tipo == Consejo.Tipo.DISTRITAL,
        )
        if cerrado and len(bol.candidaturas) >= 2:
            a, b = bol.candidaturas[0], bol.candidaturas[1]
            total_b = sum(votos[c] for c in b.columnas)
            total_a = sum(votos[c] for c in a.columnas)
            ajuste = total_a - total_b - r.randint(-2, 2)
            votos[b.columnas[0]] = max(0, votos[b.columnas[0]] + ajuste)
        return votos

    def _preparar(self, consejo: Consejo, cerrado: bool = False) -> dict[str, dict[str, int]]:
        bol = calculo.boleta_de(consejo)
        svc.importar_prep(consejo=consejo, usuario=self.pres)  # the PREP's figures, when there are
        cifras = {}
        for i, exp in enumerate(consejo.expedientes.order_by("clave")):
            v = self._cifras(consejo, cerrado)
            cifras[exp.clave] = v
            svc.registrar_acta(
                expediente=exp, origen=ActaEnMano.Origen.PAQUETE, votos=v, usuario=self.secr
            )
            copia = dict(v)
            if i == 3:  # the presidency's copy differs from the package's acta (C1)
                primera = bol.partidos[0]
                copia[primera] = copia[primera] + 10
            svc.registrar_acta(
                expediente=exp, origen=ActaEnMano.Origen.PRESIDENCIA, votos=copia, usuario=self.secr
            )
            if i == 5 and not calculo.condicion_de(exp):
                # a package with signs of alteration (C7), recorded here when the paquetes system
                # does not track it (when it does, its reception events decide)
                svc.registrar_condicion(
                    expediente=exp,
                    usuario=self.secr,
                    con_alteracion=True,
                    descripcion="Cinta de seguridad rota",
                )
        return cifras

    def _hasta_extraordinaria(self, consejo: Consejo) -> Sesion:
        s = Sesion.objects.get(consejo=consejo)
        while s.estado != E.SESION_EXTRAORDINARIA:
            s = svc.avanzar(sesion=s, usuario=self.pres)
        bol = calculo.boleta_de(consejo)
        condiciones = calculo.condiciones_paquete(consejo)
        con_causal = [
            x.clave
            for x in consejo.expedientes.prefetch_related("actas", "condiciones")
            if calculo.causales_de(x, bol, condiciones=condiciones)
        ]
        svc.aprobar_recuento(
            consejo=consejo,
            usuario=self.pres,
            casillas=con_causal,
            sede=consejo.sede or consejo.nombre,
            grupos=3,
            puntos_por_grupo=2,
        )
        return svc.avanzar(sesion=s, usuario=self.pres)  # inicio

    def _cotejar(
        self, consejo: Consejo, cifras: dict[str, dict[str, int]], limite: int | None = None
    ) -> None:
        pendientes = list(
            consejo.expedientes.filter(en_recuento__isnull=True, cotejo__isnull=True).order_by(
                "clave"
            )
        )
        for exp in pendientes[:limite]:
            for u in self.cap:
                svc.capturar_cotejo(expediente=exp, usuario=u, votos=cifras[exp.clave])

    def _recontar(
        self, consejo: Consejo, cifras: dict[str, dict[str, int]], en_pleno: bool
    ) -> None:
        grupos = list(consejo.grupos.order_by("numero"))
        for i, exp in enumerate(
            consejo.expedientes.filter(
                en_recuento__isnull=False, en_recuento__en_pleno=en_pleno, recuento__isnull=True
            ).order_by("clave")
        ):
            v = dict(cifras[exp.clave])
            nulos = v.get("NULOS", 0)
            reservados = []
            if i % 4 == 0 and nulos > 0:
                v["NULOS"] = nulos - 1
                reservados = ["Marca en dos recuadros de partidos no coaligados"]
            svc.registrar_recuento(
                expediente=exp,
                usuario=self.pres if en_pleno else self.gt,
                votos=v,
                reservados=reservados,
                grupo=None if en_pleno else grupos[i % len(grupos)] if grupos else None,
            )

    def _decidir(self, consejo: Consejo) -> None:
        bol = calculo.boleta_de(consejo)
        from ople.computos.models import VotoReservado

        for i, v in enumerate(
            VotoReservado.objects.filter(
                recuento__expediente__consejo=consejo, decision__isnull=True
            )
        ):
            svc.decidir_reservado(
                voto=v, usuario=self.pres, columna="NULOS" if i % 2 else bol.partidos[0]
            )

    def _completo(self, consejo: Consejo) -> None:
        with transaction.atomic():
            cifras = self._preparar(consejo)
            s = self._hasta_extraordinaria(consejo)
            s = svc.avanzar(sesion=s, usuario=self.pres)  # cotejo
            self._cotejar(consejo, cifras)
            s = svc.avanzar(sesion=s, usuario=self.pres)  # recuento en GT
            self._recontar(consejo, cifras, en_pleno=False)
            s = svc.avanzar(sesion=s, usuario=self.pres)  # reservados
            self._decidir(consejo)
            s = svc.avanzar(sesion=s, usuario=self.pres)  # paquetes con alteración
            self._recontar(consejo, cifras, en_pleno=True)
            self._decidir(consejo)
            for _ in range(3):  # suma, verificación, acta
                s = svc.avanzar(sesion=s, usuario=self.pres)
            acta = Documento.objects.get(consejo=consejo, tipo=Documento.Tipo.ACTA_COMPUTO)
            docs.firmar(documento=acta, usuario=self.pres)
            docs.firmar(documento=acta, usuario=self.secr)
            bol = calculo.boleta_de(consejo)
            segundo = bol.partidos[1] if len(bol.partidos) > 1 else bol.partidos[0]
            rep = _representante("sim-rep-cd01", segundo, consejo.clave, self.pres)
            docs.firmar(
                documento=acta,
                usuario=rep,
                bajo_protesta=True,
                motivo="Se reservaron votos que eran válidos para nuestro partido",
            )
            svc.avanzar(sesion=s, usuario=self.pres)  # validez y constancia
        self.stdout.write(f"{consejo.clave}: cómputo completo, constancia de mayoría expedida.")

    def _cerrado(self, consejo: Consejo) -> None:
        with transaction.atomic():
            cifras = self._preparar(consejo, cerrado=True)
            self._hasta_extraordinaria(consejo)
            bol = calculo.boleta_de(consejo)
            filas = [
                calculo.cifras_en_mano(x) for x in consejo.expedientes.prefetch_related("actas")
            ]
            suma = calculo.sumar_columnas([f for f in filas if f], bol.nombres)
            por_cand, _ = calculo.resultados(suma, bol, calculo.seccion_perfil(consejo))
            orden = sorted(por_cand, key=lambda k: -por_cand[k])
            segunda = next(c for c in bol.candidaturas if c.clave == orden[1])
            if segunda.partidos:
                rep = _representante(
                    f"sim-rep-{consejo.clave.lower()}",
                    segunda.partidos[0],
                    consejo.clave,
                    self.pres,
                )
                sol = svc.solicitar_recuento_total(consejo=consejo, usuario=rep)
                self.stdout.write(
                    f"{consejo.clave}: diferencia de {sol.prueba['puntos']} puntos; recuento total "
                    + ("procede." if sol.procede else "no procede.")
                )
            s = Sesion.objects.get(consejo=consejo)
            s = svc.avanzar(sesion=s, usuario=self.pres)  # cotejo
            self._cotejar(consejo, cifras)
            s = svc.avanzar(sesion=s, usuario=self.pres)  # recuento en GT
            self._recontar(consejo, cifras, en_pleno=False)

    def _hasta_cotejo(self, consejo: Consejo) -> None:
        with transaction.atomic():
            cifras = self._preparar(consejo)
            s = self._hasta_extraordinaria(consejo)
            svc.avanzar(sesion=s, usuario=self.pres)
            self._cotejar(consejo, cifras, limite=10)
        self.stdout.write(
            f"{consejo.clave}: sesión en el cotejo, para continuarla en la demostración."
        )

    def _rapido(self, consejo: Consejo) -> None:
        """The package's acta of every casilla, the cotejo by two people, and the session through
        to the declaration of validity (no casilla has a cause: nothing to re-count). One
        transaction per consejo, its audit events appended once at its end."""
        bol = calculo.boleta_de(consejo)
        with transaction.atomic(), audit.deferred():
            cifras = {}
            for exp in consejo.expedientes.order_by("clave"):
                v = forma_votos(
                    bol,
                    self.rnd,
                    demarcacion=consejo.demarcacion.clave,
                    distrital=consejo.tipo == Consejo.Tipo.DISTRITAL,
                )
                cifras[exp.clave] = v
                svc.registrar_acta(
                    expediente=exp, origen=ActaEnMano.Origen.PAQUETE, votos=v, usuario=self.secr
                )
            s = self._hasta_extraordinaria(consejo)
            s = svc.avanzar(sesion=s, usuario=self.pres)  # cotejo
            self._cotejar(consejo, cifras)
            while s.estado != E.VALIDEZ_Y_CONSTANCIA:
                # a casilla with a cause after all (a close one: C5) is re-counted
                if s.estado == E.RECUENTO_EN_GT:
                    self._recontar(consejo, cifras, en_pleno=False)
                elif s.estado == E.VOTOS_RESERVADOS_PLENO:
                    self._decidir(consejo)
                elif s.estado == E.PAQUETES_CON_ALTERACION:
                    self._recontar(consejo, cifras, en_pleno=True)
                    self._decidir(consejo)
                s = svc.avanzar(sesion=s, usuario=self.pres)
