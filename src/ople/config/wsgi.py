"""WSGI entry point (gunicorn `ople.config.wsgi:application`)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ople.config.settings")
application = get_wsgi_application()

# A system may declare fast routes (e.g. a hot upload path that skips the middleware it does not
# use): each declared wrapper takes the application and returns one that answers its own routes
# and passes every other request to `application` as before (ople.core.registry).
from ople.core import registry  # noqa: E402

for _envoltura in registry.wsgi_wrappers():
    application = registry.resolve(_envoltura)(application)
