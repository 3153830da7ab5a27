"""The institute's roles in candidacies (Django groups, created by migration 0002)."""

REVISION = "revision_candidaturas"
CONSEJO = "consejo_candidaturas"

ETIQUETAS: dict[str, str] = {
    REVISION: "Revisión de candidaturas y Conóceles",
    CONSEJO: "Consejo: aprobación de candidaturas por acuerdo",
}
CON_2FA = frozenset({CONSEJO})
