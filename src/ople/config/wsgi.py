"""WSGI entry point (gunicorn `ople.config.wsgi:application`)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ople.config.settings")
application = get_wsgi_application()

# POST /prep/api/v1/actas (acta uploads) skips the middleware it does not use
# (src/ople/prep/api_wsgi.py); every other request goes through `application` as before.
from ople.prep.api_wsgi import con_ruta_directa  # noqa: E402

application = con_ruta_directa(application)
