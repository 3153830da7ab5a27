"""`ople registros demo`: a VPMRG register with current, expiring and historical entries, a
correction and a pending capture; PES and POS cases at every stage; sanctions in follow-up;
and the first publication of the public site. Fictitious people (the site says so in the demo).
Idempotent: does nothing when the register already has entries."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.utils import timezone

from ople.core import demo
from ople.ley.permanencia import sumar_meses
from ople.registros.anonimizar import ParteDatos
from ople.registros.models import Entrada
from ople.registros.services import expedientes as exp
from ople.registros.services import publicacion, sanciones, vpmrg

TEEA = "Tribunal Electoral del Estado de Aguascalientes"
CG = "Consejo General del Instituto Estatal Electoral de Aguascalientes"
SRE = "Sala Regional Especializada del TEPJF"


def _entradas(hoy: date) -> list[dict[str, Any]]:
    """(fields, months before today the ruling became final) chosen so that some entries are
    current, some expire within weeks and some are historical on `hoy`."""
    return [
        dict(
            nombre="Ernesto Villalobos Quintero",
            sexo="H",
            cargo_o_calidad="Regidor",
            calificacion="leve",
            fecha_resolucion_firme=sumar_meses(hoy, -8),
            expediente="TEEA-PES-004/2026",
            conducta="Expresiones estereotipadas contra una regidora en sesión de cabildo.",
            sancion="Amonestación pública",
            autoridad_sancionadora=TEEA,
        ),
        dict(
            nombre="Martha Elena Cárdenas Ruvalcaba",
            sexo="M",
            cargo_o_calidad="Síndica",
            calificacion="ordinaria",
            fecha_resolucion_firme=sumar_meses(hoy, -20),
            expediente="TEEA-PES-019/2025",
            conducta="Obstaculizó el ejercicio del cargo de una regidora al negarle información.",
            sancion="Multa de 100 UMA y curso de sensibilización",
            autoridad_sancionadora=TEEA,
        ),
        dict(
            nombre="Jorge Alberto Medina Lozano",
            sexo="H",
            cargo_o_calidad="Presidente municipal",
            calificacion="grave_ordinaria",
            es_candidatura=True,
            perdida_modo_honesto=True,
            fecha_resolucion_firme=sumar_meses(hoy, -30),
            expediente="TEEA-PES-002/2024",
            conducta="Violencia simbólica y digital contra una candidata durante la campaña.",
            sancion="Amonestación pública y pérdida del modo honesto de vivir",
            autoridad_sancionadora=TEEA,
        ),
        dict(
            nombre="Raúl Ibarra Esparza",
            sexo="H",
            cargo_o_calidad="Director de comunicación municipal",
            calificacion="especial",
            servidor_publico=True,
            ambito="estatal",
            fecha_resolucion_firme=sumar_meses(hoy, -14),
            expediente="SRE-PSC-41/2025",
            conducta="Difusión de propaganda gubernamental que denigra a una diputada.",
            sancion="Multa y disculpa pública",
            autoridad_sancionadora=SRE,
        ),
        dict(
            nombre="Patricia Lomelí Durón",
            sexo="M",
            cargo_o_calidad="Militante",
            calificacion="leve",
            reincidencia=True,
            fecha_resolucion_firme=sumar_meses(hoy, -5),
            expediente="IEE/POS/003/2025",
            conducta="Reincidió en mensajes que descalifican a una dirigente por ser mujer.",
            sancion="Amonestación pública",
            autoridad_sancionadora=CG,
        ),
        # Expiring: a leve entry whose three years end in 12 days.
        dict(
            nombre="Héctor Zamarripa Olvera",
            sexo="H",
            cargo_o_calidad="Candidato a regidor",
            calificacion="leve",
            es_candidatura=True,
            fecha_resolucion_firme=sumar_meses(hoy + timedelta(days=12), -36),
            expediente="TEEA-PES-031/2023",
            conducta="Publicaciones en redes sociales que cosifican a una candidata.",
            sancion="Amonestación pública",
            autoridad_sancionadora=TEEA,
        ),
        # Historical: periods that ended.
        dict(
            nombre="Gilberto Saucedo Macías",
            sexo="H",
            cargo_o_calidad="Regidor",
            calificacion="leve",
            fecha_resolucion_firme=sumar_meses(hoy, -40),
            expediente="TEEA-PES-011/2022",
            conducta="Impidió a una regidora hacer uso de la voz en sesión.",
            sancion="Amonestación pública",
            autoridad_sancionadora=TEEA,
        ),
        dict(
            nombre="Alma Rosa Tiscareño Padilla",
            sexo="M",
            cargo_o_calidad="Dirigente partidista",
            calificacion="ordinaria",
            fecha_resolucion_firme=sumar_meses(hoy, -53),
            expediente="IEE/POS/001/2021",
            conducta="Relegó a una precandidata de los actos partidistas por su género.",
            sancion="Multa",
            autoridad_sancionadora=CG,
        ),
    ]


class Command(BaseCommand):
    help = "Carga los registros públicos de demostración (VPMRG, PES/POS, sanciones) y los publica."

    def handle(self, *args: Any, **opts: Any) -> None:
        if Entrada.objects.exists():
            self.stdout.write("Los registros públicos de demostración ya están cargados.")
            return
        demo.ensure_demo_users()
        User = get_user_model()
        capt, apro = (
            User.objects.get(username="registros1"),
            User.objects.get(username="registros2"),
        )
        ahora = timezone.now()
        hoy = timezone.localdate(ahora)

        versiones = []
        for campos in _entradas(hoy):
            campos.setdefault("ambito", "municipal")
            v = vpmrg.capturar_entrada(
                datos=vpmrg.DatosEntrada(entidad="Aguascalientes", **campos),
                usuario=capt,
                ahora=ahora,
            )
            versiones.append(vpmrg.aprobar_version(version=v, usuario=apro, ahora=ahora))
        # A correction approved (the sanction text), and a capture waiting for approval.
        primera = versiones[0]
        datos = {f: getattr(primera, f) for f in vpmrg.DatosEntrada.__dataclass_fields__}
        datos["sancion"] = "Amonestación pública y publicación de la sentencia"
        c = vpmrg.corregir_entrada(
            entrada=primera.entrada,
            datos=vpmrg.DatosEntrada(**datos),
            motivo="La sentencia también ordena publicar un extracto.",
            usuario=capt,
            ahora=ahora,
        )
        vpmrg.aprobar_version(version=c, usuario=apro, ahora=ahora)
        vpmrg.capturar_entrada(
            datos=vpmrg.DatosEntrada(
                nombre="Ulises Becerra Romo",
                sexo="H",
                ambito="municipal",
                entidad="Aguascalientes",
                autoridad_sancionadora=TEEA,
                expediente="TEEA-PES-012/2026",
                fecha_resolucion_firme=hoy - timedelta(days=3),
                conducta="Amenazas a una regidora.",
                calificacion="ordinaria",
                sancion="Amonestación pública",
                cargo_o_calidad="Regidor",
            ),
            usuario=capt,
            ahora=ahora,
        )

        self._expedientes(capt, ahora, hoy)
        self._sanciones(capt, ahora, hoy)
        corte = publicacion.publicar_registros(usuario=apro, ahora=ahora)
        self.stdout.write(f"Registros públicos publicados (corte {corte.nombre}).")

    def _expedientes(self, u: Any, ahora: datetime, hoy: date) -> None:
        etapas = ["radicacion", "admision", "emplazamiento", "audiencia", "remision", "resolucion"]
        casos = [
            ("Publicación de propaganda calumniosa en redes sociales contra una candidata.", True),
            ("Actos anticipados de campaña en un evento público.", False),
            ("Uso de programas sociales en propaganda electoral.", False),
            ("Expresiones que menoscaban a una aspirante por su género.", True),
            ("Propaganda en lugar prohibido (equipamiento urbano).", False),
            ("Difusión de propaganda gubernamental en periodo prohibido.", False),
        ]
        inicio = hoy - timedelta(days=60)
        for i, (conductas, vpmrg_caso) in enumerate(casos):
            presentacion = inicio + timedelta(days=i)
            partes = [
                ParteDatos(
                    "denunciante",
                    "fisica",
                    f"Denunciante Ficticia {i + 1}",
                    f"XXXX0000000{i}MASXXX0{i}",
                ),
                ParteDatos(
                    "denunciado", "fisica", ["Óscar Rentería Vázquez", "Partido Ejemplo"][i % 2]
                ),
            ]
            if i % 2:
                partes[1] = ParteDatos("denunciado", "moral", "Partido Ejemplo")
                partes.append(ParteDatos("denunciante", "moral", "Partido Demostración"))
            if vpmrg_caso:
                partes.append(ParteDatos("victima", "fisica", f"Víctima Ficticia {i + 1}"))
            x = exp.radicar(
                tipo="PES",
                fecha_presentacion=presentacion,
                fecha_radicacion=presentacion,
                conductas=conductas,
                es_vpmrg=vpmrg_caso,
                partes=partes,
                usuario=u,
                ahora=ahora,
            )
            # Case i reaches stage i (the first stays in radicación, the last is resolved).
            for n, etapa in enumerate(etapas[1 : i + 1], start=1):
                if etapa == "resolucion":
                    exp.registrar_resolucion(
                        expediente=x,
                        fecha=presentacion + timedelta(days=7 * n),
                        sentido="existente",
                        clave_tribunal=f"TEEA-PES-{i + 20:03d}/{hoy.year}",
                        sancion="Amonestación pública",
                        usuario=u,
                        ahora=ahora,
                    )
                else:
                    exp.registrar_etapa(
                        expediente=x,
                        etapa=etapa,
                        fecha=presentacion + timedelta(days=7 * n),
                        usuario=u,
                        ahora=ahora,
                    )
            if vpmrg_caso:
                m = exp.registrar_medida(
                    expediente=x,
                    descripcion="Retirar las publicaciones denunciadas y abstenerse de repetirlas.",
                    solicitada_en=presentacion,
                    usuario=u,
                    ahora=ahora,
                )
                exp.resolver_medida(
                    medida=m,
                    resolucion="concedida",
                    fecha=presentacion + timedelta(days=1),
                    usuario=u,
                    ahora=ahora,
                )
            exp.agregar_documento(
                expediente=x,
                titulo="Acuerdo de radicación",
                nombre_archivo="radicacion.pdf",
                datos=f"%PDF-1.4 acuerdo de radicación {x.clave}".encode(),
                usuario=u,
                ahora=ahora,
            )
        for i, etapa in enumerate(["radicacion", "emplazamiento", "resolucion"]):
            presentacion = inicio + timedelta(days=10 + i)
            x = exp.radicar(
                tipo="POS",
                fecha_presentacion=presentacion,
                fecha_radicacion=presentacion,
                conductas="Omisión de reportar gastos de actividades ordinarias.",
                partes=[
                    ParteDatos("denunciante", "moral", "Partido Demostración"),
                    ParteDatos("denunciado", "moral", "Partido Ejemplo"),
                ],
                usuario=u,
                ahora=ahora,
            )
            if etapa in ("emplazamiento", "resolucion"):
                exp.registrar_etapa(
                    expediente=x,
                    etapa="admision",
                    fecha=presentacion + timedelta(days=5),
                    usuario=u,
                    ahora=ahora,
                )
                exp.registrar_etapa(
                    expediente=x,
                    etapa="emplazamiento",
                    fecha=presentacion + timedelta(days=10),
                    usuario=u,
                    ahora=ahora,
                )
            if etapa == "resolucion":
                exp.registrar_resolucion(
                    expediente=x,
                    fecha=presentacion + timedelta(days=30),
                    sentido="existente",
                    sancion="Multa de 500 UMA",
                    usuario=u,
                    ahora=ahora,
                )

    def _sanciones(self, u: Any, ahora: datetime, hoy: date) -> None:
        m = sanciones.registrar_sancion(
            tipo="multa",
            sujeto="Partido Ejemplo",
            expediente="IEE/POS/003/" + str(hoy.year),
            autoridad=CG,
            descripcion="Multa de 500 UMA por omisión en el reporte de gastos.",
            monto="54285.00",
            fecha_notificacion=hoy - timedelta(days=20),
            usuario=u,
            ahora=ahora,
        )
        sanciones.registrar_pago(
            sancion=m,
            monto="20000",
            fecha=hoy - timedelta(days=5),
            referencia="REF-0001",
            usuario=u,
            ahora=ahora,
        )
        sanciones.registrar_sancion(
            tipo="amonestacion_publica",
            sujeto="Ernesto Villalobos Quintero",
            expediente="TEEA-PES-004/2026",
            autoridad=TEEA,
            descripcion="Publicar la amonestación en los estrados del Instituto.",
            fecha_notificacion=hoy - timedelta(days=3),
            usuario=u,
            ahora=ahora,
        )
        c = sanciones.registrar_sancion(
            tipo="cancelacion_registro",
            sujeto="Candidatura a regidor (planilla de Calvillo)",
            expediente="TEEA-PES-002/2024",
            autoridad=TEEA,
            descripcion="Vigilar que no se registre a la persona sancionada mientras esté en el registro.",
            fecha_notificacion=hoy - timedelta(days=40),
            usuario=u,
            ahora=ahora,
        )
        sanciones.cambiar_estado(
            sancion=c,
            estado="vigilancia",
            nota="Se consulta en cada registro de candidaturas.",
            usuario=u,
            ahora=ahora,
        )
