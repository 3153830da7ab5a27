"""The one shape of a refusal: a stable `codigo` for programs and a Spanish `mensaje` for people.

Every error a user or a client can cause and that ople answers with a message derives from
`OpleError` (the PREP's intake, device enrolment, image checks, its API; the lookup API's
parameters). The JSON APIs answer it as `{"error": {"codigo": ..., "mensaje": ...}}`, built by
`OpleError.como_json` and turned into a response in one place, `ople.core.errores.respuesta_json`.
Pure: no Django, so the pure rules (e.g. `prep/imagecheck.py`) can raise it too.
"""

from __future__ import annotations


class OpleError(Exception):
    """A refusal with its code and Spanish message; `estado` is the HTTP status a JSON API answers
    with when the error itself decides it (None: the API's own table of codes decides)."""

    estado: int | None = None  # a subclass may fix it for all its instances

    def __init__(self, codigo: str, mensaje: str, *, estado: int | None = None) -> None:
        super().__init__(mensaje)
        self.codigo = codigo
        self.mensaje = mensaje
        if estado is not None:
            self.estado = estado

    def como_json(self) -> dict[str, dict[str, str]]:
        return {"error": {"codigo": self.codigo, "mensaje": self.mensaje}}
