"""The PREP Casilla app as the platform serves a phone app that works without signal
(`ople.core.movil`): its page, service worker and web manifest at /casilla/.

The app talks only to the PREP Casilla API (/prep/api/v1/); these views need no login and touch
no data. What is PREP Casilla's own: the page (`casilla/app.html`), the photo checks, the Exif
cleaning, the page's logic and its outbox's request (`static/casilla/`), its icons and colour.
"""

from __future__ import annotations

from ople.core.movil import AppMovil, Icono

APP = AppMovil(
    nombre="PREP Casilla",
    nombre_corto="PREP Casilla",
    descripcion="Fotografía y envío del acta PREP desde la casilla.",
    alcance="/casilla/",
    api="/prep/api/",
    cache="prep-casilla-",
    plantilla="casilla/app.html",
    envio="casilla/envio.js",
    estilos=("casilla/app.css",),
    scripts=("casilla/calidad.js", "casilla/metadatos.js", "casilla/app.js"),
    iconos=(
        Icono("casilla/icono-192.png", "192x192"),
        Icono("casilla/icono-512.png", "512x512", enmascarable=True),
        Icono("casilla/icono.svg", "any", "image/svg+xml"),
    ),
    color="#6b1f5c",
    # The site's Content-Security-Policy (everything from this origin, no inline script or
    # style) plus the photo's preview, an object URL of the file the phone just took.
    csp={"img-src": ("blob:",)},
)
ESTATICOS = APP.estaticos
