"""The public registers' site generator at a large scale (pure, no database).

`ople.registros.publica.sitio.generar` over a synthetic register of N entries (a third
historical) and M cases, each with three stages, a measure, a ruling and a document; the
anonymisation rule is applied to every case as `publica.datos` does. INE's national register held
~416 entries in July 2024 (legal.md §4.2, S34); N=5000 is twelve times that.

    PYTHONPATH=src python bench/registros_sitio.py [N] [M]

Last line: JSON with the figures.
"""

from __future__ import annotations

import json
import random
import statistics
import sys
import time
from datetime import date, timedelta

from ople.ley.permanencia import CALIFICACIONES, fecha_baja
from ople.registros import anonimizar
from ople.registros.publica import sitio
from ople.registros.publica.modelo import (
    DocumentoPublico,
    EntradaPublica,
    EtapaPublica,
    ExpedientePublico,
    MedidaPublica,
    ModeloRegistros,
    ResolucionPublica,
)

NOMBRES = ["María", "José", "Ana", "Luis", "Rosa", "Jorge", "Elena", "Raúl", "Sofía", "Héctor"]
APELLIDOS = [
    "Núñez",
    "López",
    "García",
    "Martínez",
    "Ibarra",
    "Durón",
    "Esparza",
    "Macías",
    "Lozano",
    "Peña",
]


def _nombre(rng: random.Random) -> str:
    return f"{rng.choice(NOMBRES)} {rng.choice(APELLIDOS)} {rng.choice(APELLIDOS)}"


def modelo(n: int, m: int, hoy: date) -> ModeloRegistros:
    rng = random.Random(24)
    entradas = []
    for i in range(n):
        inicio = hoy - timedelta(days=rng.randrange(0, 365 * 6))
        meses = rng.choice([36, 48, 60, 72])
        entradas.append(
            EntradaPublica(
                id=i + 1,
                version=1,
                nombre=_nombre(rng),
                sexo=rng.choice("MH"),
                cargo_o_calidad="Regidor",
                es_candidatura=False,
                ambito="municipal",
                entidad="Aguascalientes",
                autoridad_sancionadora=rng.choice(
                    ["TEEA", "Consejo General del IEE", "SRE del TEPJF"]
                ),
                expediente=f"TEEA-PES-{i:04d}/2025",
                fecha_resolucion_firme=inicio,
                conducta="Expresiones que menoscaban a una regidora.",
                calificacion=rng.choice(CALIFICACIONES),
                sancion="Amonestación pública",
                reincidencia=meses == 72,
                perdida_modo_honesto=False,
                meses_permanencia=meses,
                fecha_inicio=inicio,
                fecha_baja=fecha_baja(inicio, meses),
                corregida=False,
            )
        )
    vigentes = tuple(e for e in entradas if hoy < e.fecha_baja)
    historicas = tuple(e for e in entradas if hoy >= e.fecha_baja)
    casos = []
    for j in range(m):
        victima, denunciante = _nombre(rng), _nombre(rng)
        partes = [
            anonimizar.ParteDatos("denunciante", "fisica", denunciante, "XXXX000000MASXXX01"),
            anonimizar.ParteDatos("victima", "fisica", victima),
            anonimizar.ParteDatos("denunciado", "fisica", _nombre(rng)),
        ]
        t = anonimizar.terminos_protegidos(partes)
        c = lambda s, t=t: anonimizar.censurar(s, t)  # noqa: E731
        f = hoy - timedelta(days=rng.randrange(30, 900))
        casos.append(
            ExpedientePublico(
                clave=f"IEE/PES/{j + 1:03d}/2025",
                tipo="PES",
                fecha_presentacion=f,
                denunciantes=(anonimizar.etiqueta_publica(partes[0]),),
                denunciados=(partes[2].nombre,),
                victimas=(anonimizar.etiqueta_publica(partes[1]),),
                conductas=c(
                    f"{denunciante} denuncia expresiones contra {victima} en redes sociales."
                ),
                es_vpmrg=True,
                etapas=tuple(
                    EtapaPublica(e, f + timedelta(days=k), c(f"Nota sobre {victima}"))
                    for k, e in enumerate(["radicacion", "admision", "audiencia"])
                ),
                medidas=(
                    MedidaPublica(
                        c(f"Proteger a {victima}"), f, "concedida", f + timedelta(days=1)
                    ),
                ),
                resoluciones=(
                    ResolucionPublica(
                        "TEEA-PES-001/2025", f + timedelta(days=60), "existente", "Amonestación"
                    ),
                ),
                documentos=(DocumentoPublico(c(f"Escrito de {denunciante}"), "0" * 64),),
            )
        )
    return ModeloRegistros(
        hoy=hoy,
        institucion="Instituto Estatal Electoral de Aguascalientes",
        fundamento_permanencia="INE/CG269/2020",
        vigentes=vigentes,
        historicas=historicas,
        expedientes=tuple(casos),
    )


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 5000
    m = int(sys.argv[2]) if len(sys.argv) > 2 else 2000
    hoy = date(2026, 12, 6)
    t0 = time.perf_counter()
    mod = modelo(n, m, hoy)
    preparar = time.perf_counter() - t0
    tiempos = []
    for _ in range(3):
        t0 = time.perf_counter()
        archivos = sitio.generar(mod)
        tiempos.append(time.perf_counter() - t0)
    total = sum(len(b) for b in archivos.values())
    print(
        f"{n} entradas ({len(mod.vigentes)} vigentes), {m} expedientes: modelo con anonimización "
        f"{preparar:.2f} s, sitio {statistics.median(tiempos):.2f} s (mediana de 3), "
        f"{len(archivos)} archivos, {total / 1e6:.1f} MB; registro vigente "
        f"{len(archivos['vpmrg/index.html']) / 1e6:.2f} MB"
    )
    print(
        json.dumps(
            {
                "bench": "registros_sitio",
                "entradas": n,
                "expedientes": m,
                "modelo_s": round(preparar, 3),
                "generar_s": round(statistics.median(tiempos), 3),
                "archivos": len(archivos),
                "bytes": total,
                "vpmrg_index_bytes": len(archivos["vpmrg/index.html"]),
            }
        )
    )


if __name__ == "__main__":
    main()
