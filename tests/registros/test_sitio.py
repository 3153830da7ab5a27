"""The public site's generator (pure): what a citizen reads on the pages."""

from __future__ import annotations

import re
from datetime import date

from ople.registros.publica import sitio
from ople.registros.publica.modelo import EtapaPublica, ExpedientePublico, ModeloRegistros


def _expediente(clave: str, tipo: str) -> ExpedientePublico:
    return ExpedientePublico(
        clave=clave,
        tipo=tipo,
        fecha_presentacion=date(2026, 10, 7),
        denunciantes=("Persona denunciante (datos protegidos)",),
        denunciados=("Óscar Rentería Vázquez",),
        victimas=("Víctima (datos protegidos)",),
        conductas="Propaganda calumniosa.",
        es_vpmrg=True,
        etapas=(EtapaPublica("radicacion", date(2026, 10, 7), ""),),
        medidas=(),
        resoluciones=(),
        documentos=(),
    )


def _modelo() -> ModeloRegistros:
    return ModeloRegistros(
        hoy=date(2026, 12, 6),
        institucion="Instituto Estatal Electoral de Aguascalientes",
        fundamento_permanencia="INE/CG269/2020",
        vigentes=(),
        historicas=(),
        expedientes=(
            _expediente("IEE/PES/001/2026", "PES"),
            _expediente("IEE/POS/001/2026", "POS"),
        ),
    )


def test_el_resumen_de_expedientes_enlaza_cada_clave_con_su_ficha():
    """The listing's summary table links each key to the case below it (it used to print the
    link's HTML escaped, `<a href=…>` as text)."""
    pagina = sitio.generar(_modelo())["expedientes/index.html"].decode()
    assert "&lt;a" not in pagina
    for clave in ("IEE/PES/001/2026", "IEE/POS/001/2026"):
        ancla = clave.replace("/", "-")
        assert f'<td><a href="#{ancla}">{clave}</a></td>' in pagina
        assert len(re.findall(f'id="{ancla}"', pagina)) == 1
