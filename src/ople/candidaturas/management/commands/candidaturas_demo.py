"""`ople candidaturas demo`: register the simulated process's candidacies and publish Conóceles.

Every ballot candidacy of the demo catalog becomes a registration filed through the services:
the PAN's by its demo representative, the rest captured by the institute's review staff. Most
file their documents complete; a few miss one and get a prevención (two of them correct it);
the Consejo General approves the procedentes by acuerdo (PDF with folio); one substitution
follows; half the candidates answer Conóceles; the site is published. Idempotent: it does
nothing when the process already has registrations.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from ople.candidaturas.lote import DatosPersona
from ople.candidaturas.models import Candidatura
from ople.candidaturas.services import coaliciones, conoceles, registro, revision
from ople.candidaturas.services.comun import seccion
from ople.catalog.models import Candidatura as EnBoleta
from ople.catalog.models import Coalicion, Demarcacion, Eleccion, Partido
from ople.catalog.selectors import proceso_activo
from ople.documentos import pdf


def _curp(nombre: str, genero: str, n: int) -> str:
    h = hashlib.sha256(nombre.encode()).hexdigest().upper()
    letras = "".join(c for c in h if c.isalpha())[:4].ljust(4, "X")
    letras = letras[0] + "A" + letras[2:]
    return f"{letras}{800101 + (n % 300):06d}{genero}AS{letras[:3]}A{n % 10}"


def _persona(nombre: str, genero: str, n: int) -> DatosPersona:
    partes = nombre.split()
    return DatosPersona(
        curp=_curp(nombre, genero or "M", n),
        nombre=" ".join(partes[:-2]) or partes[0],
        primer_apellido=partes[-2] if len(partes) > 1 else "Sin apellido",
        segundo_apellido=partes[-1] if len(partes) > 2 else "",
        fecha_nacimiento=date(1960 + n % 40, 1 + n % 12, 1 + n % 28),
        genero=genero or "M",
    )


ACCIONES = ("LGBTIQ", "DISCAPACIDAD", "INDIGENA", "JOVEN", "AFROMEXICANA")

NOMBRES_M = ("Ana", "Beatriz", "Carmen", "Diana", "Elena", "Fernanda", "Gabriela", "Irma")
NOMBRES_H = ("Alberto", "Bruno", "Carlos", "Daniel", "Ernesto", "Fabián", "Gustavo", "Hugo")
APELLIDOS = ("Martínez", "López", "Romo", "Esparza", "Macías", "Delgado", "Ruiz", "Medina")
# Regiduría RP lists are registered in these municipios (by their demarcación's number); the
# Congress's RP list of every party has this many fórmulas.
MUNICIPIOS_CON_LISTAS = (2, 3)
FORMULAS_CONGRESO = 6
FORMULAS_REGIDURIA = 3


# The coalitions' convenios (siglado): MORENA heads the candidacies of the coalition it is in,
# PRI the first one's in districts 7 and 13 (where the cómputos demo has PRI ahead of PAN),
# otherwise the coalition's first party.
SIGLADO_PRI = (7, 13)


def _del_convenio(coalicion: Coalicion, demarcacion: Demarcacion) -> Partido:
    partidos = list(coalicion.partidos.order_by("orden"))
    siglas = {p.siglas: p for p in partidos}
    if "MORENA" in siglas:
        return siglas["MORENA"]
    if (
        "PRI" in siglas
        and coalicion.eleccion.tipo == Eleccion.Tipo.DIPUTACIONES
        and demarcacion.clave in SIGLADO_PRI
    ):
        return siglas["PRI"]
    return partidos[0]


def _nombre(nombres: tuple[str, ...], j: int) -> str:
    """The j-th synthetic name: no two persons of the lists share one (j < 512)."""
    return f"{nombres[j % 8]} {APELLIDOS[(j // 8) % 8]} {APELLIDOS[(j // 64 + j) % 8]}"


@dataclass(frozen=True)
class ListaRP:
    """One fórmula of a party's RP list, as the demo registers it."""

    eleccion: Eleccion
    demarcacion: Demarcacion
    partido: Partido
    cargo: str
    posicion: int
    propietaria: str
    suplente: str
    genero: str
    accion_afirmativa: str


def _listas_rp(proceso: Any) -> list[ListaRP]:
    """Every party's RP list for the Congress (its place 2 reserved to an indigenous person,
    the proof given by the propietario) and for the regidurías of ``MUNICIPIOS_CON_LISTAS``;
    alternating genders, half the parties headed by a woman. Synthetic names."""
    r: list[ListaRP] = []
    k = 0
    for eleccion in Eleccion.objects.filter(proceso=proceso).order_by("orden"):
        congreso = eleccion.tipo == Eleccion.Tipo.DIPUTACIONES
        # the Congress's lists are statewide: registered in the first district's demarcación
        claves = (1,) if congreso else MUNICIPIOS_CON_LISTAS
        cargo, cuantas = (
            ("Diputación RP", FORMULAS_CONGRESO)
            if congreso
            else ("Regiduría RP", FORMULAS_REGIDURIA)
        )
        lugares = [(d, cargo, cuantas) for d in eleccion.demarcaciones.filter(clave__in=claves)]
        for demarcacion, cargo, cuantas in lugares:
            for i, partido in enumerate(Partido.objects.filter(proceso=proceso).order_by("orden")):
                for pos in range(1, cuantas + 1):
                    k += 2
                    mujer = (pos + i) % 2 == 1
                    nombres = NOMBRES_M if mujer else NOMBRES_H
                    r.append(
                        ListaRP(
                            eleccion=eleccion,
                            demarcacion=demarcacion,
                            partido=partido,
                            cargo=cargo,
                            posicion=pos,
                            propietaria=_nombre(nombres, k),
                            suplente=_nombre(nombres, k + 1),
                            genero="M" if mujer else "H",
                            accion_afirmativa="INDIGENA"
                            if cargo == "Diputación RP" and pos == 2
                            else "",
                        )
                    )
    return r


class Command(BaseCommand):
    help = "Registra las candidaturas del proceso simulado y publica Conóceles (demostración)."

    def handle(self, *args, **opts):
        from django.contrib.auth import get_user_model

        from ople.core import demo

        proceso = proceso_activo()
        if proceso is None:
            self.stdout.write("No hay proceso activo: no se registran candidaturas.")
            return
        if Candidatura.objects.filter(eleccion__proceso=proceso).exists():
            self.stdout.write("Las candidaturas del proceso ya están registradas.")
            return
        demo.ensure_demo_users()
        User = get_user_model()
        revisora = User.objects.get(username="revision")
        consejo = User.objects.get(username="consejo_general")
        rep_pan = User.objects.get(username="representante")
        ahora = timezone.now() - timedelta(days=3)
        documento = pdf.renderizar(
            pdf.Documento(
                titulo="Documento de demostración",
                lineas=("Documento ilustrativo de una candidatura (datos sintéticos).",),
                folio="DEMO",
                fecha=ahora,
            ),
            url_base="https://ople.example.org/documentos/",
        )
        filas = list(
            EnBoleta.objects.filter(eleccion__proceso=proceso)
            .exclude(numero_ci__isnull=False)
            .select_related("eleccion", "demarcacion", "partido", "coalicion")
            .prefetch_related("coalicion__partidos")
            .order_by("eleccion__orden", "demarcacion__clave", "pk")
        )
        hechas: list[Candidatura] = []
        n = 0
        with transaction.atomic():
            # Illustrative previous-process votes, so the parity report shows its blocks.
            for eleccion in Eleccion.objects.filter(proceso=proceso):
                lineas = ["PARTIDO,DEMARCACION,VOTOS,TOTAL"]
                for p in Partido.objects.filter(proceso=proceso):
                    for d in eleccion.demarcaciones.all():
                        h = int(hashlib.sha256(f"{p.siglas}{d.clave}".encode()).hexdigest(), 16)
                        lineas.append(f"{p.siglas},{d.clave},{h % 400},1000")
                coaliciones.importar_votacion_previa(
                    actor=revisora,
                    eleccion=eleccion,
                    contenido="\n".join(lineas).encode(),
                    fuente="ilustrativa (demostración)",
                )
            for f in [*filas, *_listas_rp(proceso)]:
                n += 1
                if isinstance(f, ListaRP):
                    partido = f.partido
                    actor = rep_pan if partido.siglas == "PAN" else revisora
                    c = registro.registrar_candidatura(
                        actor=actor,
                        eleccion=f.eleccion,
                        demarcacion=f.demarcacion,
                        partido=partido,
                        cargo=f.cargo,
                        principio="RP",
                        posicion=f.posicion,
                        propietario=_persona(f.propietaria, f.genero, n),
                        suplente=_persona(f.suplente, f.genero, n + 500),
                        accion_afirmativa=f.accion_afirmativa,
                        ahora=ahora,
                    )
                    falta = False
                else:
                    partido = f.partido or (
                        _del_convenio(f.coalicion, f.demarcacion) if f.coalicion else None
                    )
                    if partido is None:
                        continue
                    actor = rep_pan if partido.siglas == "PAN" and not f.coalicion else revisora
                    cargo = (
                        "Diputación" if f.eleccion.tipo == "DIP_LOC" else "Presidencia municipal"
                    )
                    c = registro.registrar_candidatura(
                        actor=actor,
                        eleccion=f.eleccion,
                        demarcacion=f.demarcacion,
                        partido=partido,
                        coalicion=f.coalicion,
                        cargo=cargo,
                        propietario=_persona(f.propietaria, f.genero, n),
                        suplente=_persona(f.suplente, f.genero, n + 500) if f.suplente else None,
                        accion_afirmativa=ACCIONES[n % len(ACCIONES)] if n % 5 == 0 else "",
                        ahora=ahora,
                    )
                    falta = n % 17 == 0
                tipos = seccion(f.eleccion).documentos
                for tipo in (*tipos, "accion_afirmativa") if c.accion_afirmativa else tipos:
                    roles = ("P", "S") if c.suplente_id and tipo != "accion_afirmativa" else ("P",)
                    for rol in roles:
                        if falta and tipo == "tres_de_tres" and rol == "P":
                            continue
                        registro.subir_documento(
                            actor=actor,
                            candidatura=c,
                            tipo=tipo,
                            rol=rol,
                            datos=documento,
                            ahora=ahora,
                        )
                registro.presentar(actor=actor, candidatura=c, ahora=ahora)
                if falta:
                    revision.prevenir(
                        actor=revisora,
                        candidatura=c,
                        faltantes=["tres_de_tres:P"],
                        motivo="Falta el formato «3 de 3 contra la violencia» de la persona "
                        "propietaria.",
                        ahora=ahora + timedelta(hours=1),
                    )
                    if n % 2:  # some correct it within the term
                        registro.subir_documento(
                            actor=actor,
                            candidatura=c,
                            tipo="tres_de_tres",
                            rol="P",
                            datos=documento,
                            ahora=ahora + timedelta(hours=5),
                        )
                        registro.presentar(
                            actor=actor, candidatura=c, ahora=ahora + timedelta(hours=5)
                        )
                if c.estado in (Candidatura.Estado.PRESENTADA, Candidatura.Estado.CORREGIDA):
                    revision.declarar_procedente(
                        actor=revisora, candidatura=c, ahora=ahora + timedelta(hours=6)
                    )
                hechas.append(c)
            for coalicion in Coalicion.objects.filter(eleccion__proceso=proceso):
                for demarcacion in coalicion.demarcaciones.all():
                    coaliciones.registrar_siglado(
                        actor=revisora,
                        coalicion=coalicion,
                        demarcacion=demarcacion,
                        partido=_del_convenio(coalicion, demarcacion),
                        ahora=ahora,
                    )
            por_eleccion: dict[int, list[Candidatura]] = {}
            for c in hechas:
                if c.estado == Candidatura.Estado.PROCEDENTE:
                    por_eleccion.setdefault(c.eleccion_id, []).append(c)
            acuerdos = [
                revision.aprobar_en_bloque(
                    actor=consejo,
                    eleccion=cs[0].eleccion,
                    candidaturas=cs,
                    ahora=ahora + timedelta(days=1),
                )
                for cs in por_eleccion.values()
            ]
            aprobadas = [c for c in hechas if c.estado == Candidatura.Estado.APROBADA]
            for c in aprobadas:
                c.refresh_from_db()
            aprobadas = [
                c
                for c in Candidatura.objects.filter(
                    pk__in=[x.pk for x in hechas], estado=Candidatura.Estado.APROBADA
                ).select_related("propietario", "eleccion", "demarcacion", "partido")
            ]
            if aprobadas:
                c = aprobadas[0]
                revision.sustituir(
                    actor=consejo,
                    candidatura=c,
                    rol="P",
                    entrante=DatosPersona(
                        curp=_curp("Sustituta", "M", 999),
                        nombre="Renata",
                        primer_apellido="Sustituta",
                        segundo_apellido="Ejemplo",
                        fecha_nacimiento=date(1985, 3, 8),
                        genero="M",
                    ),
                    causa="renuncia",
                    ahora=ahora + timedelta(days=2),
                )
            for i, c in enumerate(aprobadas):
                if i % 2:
                    continue
                actor = (
                    rep_pan
                    if c.partido and c.partido.siglas == "PAN" and not c.coalicion_id
                    else revisora
                )
                ficha = conoceles.capturar_ficha(
                    actor=actor,
                    candidatura=c,
                    datos={
                        "grado_maximo": conoceles.GRADOS[4 + i % 4],
                        "por_que": "Quiero servir a mi comunidad (texto de demostración).",
                        "trayectoria_politica": "Regidora suplente; activista vecinal.",
                        "historia_profesional": "Docente de educación básica durante 15 años.",
                        "propuesta_1": "Agua potable para todas las colonias.",
                        "propuesta_2": "Transporte público seguro para las mujeres.",
                        "propuesta_genero_o_grupo": "Estancias infantiles de horario ampliado.",
                        "correo_publico": f"candidatura{c.pk}@example.org",
                        "redes": "@demostracion",
                    },
                    aviso_privacidad=True,
                    ahora=ahora + timedelta(days=2),
                )
                conoceles.revisar_ficha(actor=revisora, ficha=ficha, valida=True)
        nombre, archivos = conoceles.publicar(actor=revisora, proceso=proceso)
        prevenidas = sum(1 for c in hechas if c.prevenciones.exists())
        self.stdout.write(
            f"{len(hechas)} candidaturas registradas, {prevenidas} con prevención, "
            f"{len(aprobadas)} aprobadas por {len(acuerdos)} acuerdos "
            f"({', '.join(a.folio for a in acuerdos)}), 1 sustitución; Conóceles publicado "
            f"(corte {nombre}, {archivos} archivos)."
        )
