"""PREP Casilla: the offline-first web app (PWA) the CAE use to photograph the acta PREP."""
