"""Candidaturas and the public registers together: a person on the current VPMRG register is
not declared procedente, and the check recorded names the register (issues 22 and 24)."""

from __future__ import annotations

from datetime import date

import pytest

from ople.candidaturas.models import Candidatura
from ople.candidaturas.services import registro, revision
from ople.candidaturas.services.comun import CandidaturaError
from ople.core.models import AuditEvent
from tests.registros import datos as reg

from .datos import AHORA, revisora
from .test_servicios import base, completar, registrar  # noqa: F401  (the fixture)

pytestmark = pytest.mark.django_db


def test_una_persona_sancionada_no_es_procedente(base):  # noqa: F811
    elec, dems, pan, _, rep = base
    sancionado = registrar(rep, elec, dems[0], pan, n=1)
    limpio = registrar(rep, elec, dems[1], pan, n=2)
    for c in (sancionado, limpio):
        completar(rep, c)
        registro.presentar(actor=rep, candidatura=c, ahora=AHORA)
    # The register holds the first one's propietario, written with other accents and case
    # (the final ruling recent enough for the entry to be current today).
    p = sancionado.propietario
    reg.entrada_aprobada(
        reg.capturista(),
        reg.aprobador(),
        nombre=f"{p.nombre.upper()}  RODRIGUEZ aguilar",
        curp="",
        fecha_resolucion_firme=date.today().replace(day=1),
    )
    rev = revisora()
    with pytest.raises(CandidaturaError, match="personas sancionadas") as exc:
        revision.declarar_procedente(actor=rev, candidatura=sancionado)
    # The refusal names the person and the entry the register matched, for staff to check.
    assert exc.value.mensaje == (
        f"La persona propietaria, {p.nombre_completo}, aparece en el registro vigente de personas "
        "sancionadas por violencia política contra las mujeres en razón de género: expediente "
        "TEEA-PES-010/2024 (Tribunal Electoral del Estado de Aguascalientes), en el registro "
        f"hasta el {date.today().replace(day=1).replace(year=date.today().year + 3):%d/%m/%Y}; "
        "coincide por el nombre."
    )
    sancionado.refresh_from_db()
    assert sancionado.estado != Candidatura.Estado.PROCEDENTE
    revision.declarar_procedente(actor=rev, candidatura=limpio)
    evento = AuditEvent.objects.filter(action="candidaturas.procedente").get()
    assert evento.after["vpmrg"]["propietario"] == {
        "disponible": True,
        "sancionado": False,
        "detalle": "no aparece en el registro de personas sancionadas por VPMRG",
    }
