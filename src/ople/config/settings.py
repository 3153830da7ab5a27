"""ople settings: one module, configured by environment variables.

Every variable is documented in docs/configuration.md. The embedded default (no variables set)
is SQLite and local files under OPLE_VAR_DIR (./var/), which is what `make demo` uses.
"""

from __future__ import annotations

import os
import secrets
import sys
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from ople.core import registry
from ople.core.entorno import env_bool

BASE_DIR = Path(__file__).resolve().parent.parent  # src/ople


VAR_DIR = Path(os.environ.get("OPLE_VAR_DIR", "var")).resolve()
# A citizen's command (one a system declares as such; see ople.cli and ople.core.registry) keeps
# nothing here: it must not leave an empty var/ in whatever directory it was run from.
if not env_bool("OPLE_SIN_VAR"):
    VAR_DIR.mkdir(parents=True, exist_ok=True)

DEBUG = env_bool("OPLE_DEBUG", False)
DEMO = env_bool("OPLE_DEMO", False)
TESTING = env_bool("OPLE_TESTING", False) or "pytest" in sys.modules


def _secret_key() -> str:
    key = os.environ.get("OPLE_SECRET_KEY")
    if key:
        return key
    if DEMO or DEBUG or TESTING:
        path = VAR_DIR / "secret_key"
        if not path.exists():
            path.write_text(secrets.token_urlsafe(50))
            path.chmod(0o600)
        return path.read_text().strip()
    raise ImproperlyConfigured(
        "Falta OPLE_SECRET_KEY. Defínala en el entorno (o use OPLE_DEMO=1 para la demostración)."
    )


SECRET_KEY = _secret_key()

ALLOWED_HOSTS = [
    h.strip()
    for h in os.environ.get("OPLE_ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]").split(",")
    if h.strip()
]
CSRF_TRUSTED_ORIGINS = [
    o.strip() for o in os.environ.get("OPLE_CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()
]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_otp",
    "ople.core.apps.AutenticadoresConfig",  # django_otp.plugins.otp_totp, in Spanish
    "ople.core",
    *registry.system_apps(),  # ople.sistemas; each declares itself in its registro.py
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "ople.core.middleware.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "ople.core.request_limits.RequestLimitsMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    *registry.middleware(),  # what the systems declare (ople.core.registry)
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "ople.core.middleware.RequireOTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]


def _csp() -> dict[str, tuple[str, ...]]:
    from ople.core import csp

    try:
        return csp.ampliar(csp.BASE, csp.leer(os.environ.get("OPLE_CSP_EXTRA", "")))
    except csp.PoliticaInvalida as exc:
        raise ImproperlyConfigured(f"OPLE_CSP_EXTRA: {exc}") from exc


# The Content-Security-Policy of every response (docs/configuration.md).
CONTENT_SECURITY_POLICY = _csp()

ROOT_URLCONF = "ople.config.urls"
WSGI_APPLICATION = "ople.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "ople.core.context_processors.ople",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'ople.sqlite3'}"),
        conn_max_age=int(os.environ.get("OPLE_DB_CONN_MAX_AGE", "60")),
    )
}
# PostgreSQL keeps psycopg's client-side binding (Django's default): the intake's group commit
# sends several statements per round trip, which server-side binding (the extended protocol)
# refuses; see docs/configuration.md.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL journal, a busy timeout and IMMEDIATE transactions make SQLite behave under the
    # few concurrent writers of a demo or a small CATD.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 30,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

LANGUAGE_CODE = "es-mx"
LANGUAGES = [("es-mx", "Español (México)")]
TIME_ZONE = os.environ.get("OPLE_TIME_ZONE", "America/Mexico_City")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
MEDIA_ROOT = Path(os.environ.get("OPLE_MEDIA_ROOT", VAR_DIR / "media")).resolve()
MEDIA_URL = "/media/"

# Media storage: local files by default; any S3-compatible store with OPLE_S3_BUCKET.
if os.environ.get("OPLE_S3_BUCKET"):
    _s3_options = {
        "bucket_name": os.environ["OPLE_S3_BUCKET"],
        "endpoint_url": os.environ.get("OPLE_S3_ENDPOINT_URL") or None,
        "region_name": os.environ.get("OPLE_S3_REGION") or None,
        "access_key": os.environ.get("OPLE_S3_ACCESS_KEY_ID") or None,
        "secret_key": os.environ.get("OPLE_S3_SECRET_ACCESS_KEY") or None,
        "file_overwrite": False,
        "default_acl": None,
    }
    _default_storage = {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": _s3_options}
else:
    _default_storage = {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(MEDIA_ROOT)},
    }
STORAGES = {
    "default": _default_storage,
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

# Where publication cuts are written (a static tree: HTML, JSON, CSV/zip, images, manifest).
PUBLISH_ROOT = Path(os.environ.get("OPLE_PUBLISH_ROOT", VAR_DIR / "publicacion")).resolve()
# The law profile of this deployment (src/ople/profiles/data/<name>.toml).
OPLE_PROFILE = os.environ.get("OPLE_PROFILE", "ieeags-2024")

# Redis: Django's cache and the counters of the rate limiter (ople.core.limiter; without it,
# the database keeps them).
OPLE_REDIS_URL = os.environ.get("OPLE_REDIS_URL", "").strip()
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": OPLE_REDIS_URL,
    }
    if OPLE_REDIS_URL
    else {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "ople",
    }
}

# Sessions expire after OPLE_SESSION_SECONDS of inactivity (default 8 h, one work shift).
SESSION_COOKIE_AGE = int(os.environ.get("OPLE_SESSION_SECONDS", str(8 * 3600)))
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SECURE_SSL = env_bool("OPLE_HTTPS", False)
SESSION_COOKIE_SECURE = SECURE_SSL
CSRF_COOKIE_SECURE = SECURE_SSL
if SECURE_SSL:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = 31536000
SECURE_CONTENT_TYPE_NOSNIFF = True
CSRF_FAILURE_VIEW = "ople.core.errores.csrf_failure"  # the Spanish 403 page
X_FRAME_OPTIONS = "DENY"

# Flash messages live in the session (server side), not in a signed cookie.
MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

LOGIN_URL = "core:login"
LOGIN_REDIRECT_URL = "core:inicio"
LOGOUT_REDIRECT_URL = "core:login"

OTP_TOTP_ISSUER = os.environ.get("OPLE_OTP_ISSUER", "ople")
# Login attempts allowed per user name and per address in a window of LOGIN_WINDOW seconds.
LOGIN_MAX_ATTEMPTS = int(os.environ.get("OPLE_LOGIN_MAX_ATTEMPTS", "5"))
LOGIN_WINDOW_SECONDS = int(os.environ.get("OPLE_LOGIN_WINDOW_SECONDS", "300"))
# Request header with the client's address set by a trusted reverse proxy (e.g. X-Real-IP);
# empty: use the connection's address (REMOTE_ADDR). Used by every part (ople.core.client_address).
# OPLE_UBICA_CONFIAR_X_FORWARDED_FOR=1, deprecated, means X-Forwarded-For (core.W001 warns).
OPLE_CLIENT_IP_HEADER = os.environ.get("OPLE_CLIENT_IP_HEADER", "").strip() or (
    "X-Forwarded-For" if env_bool("OPLE_UBICA_CONFIAR_X_FORWARDED_FOR", False) else ""
)

# Upload limits for acta images (bytes).
DATA_UPLOAD_MAX_MEMORY_SIZE = 15 * 1024 * 1024
OPLE_MAX_IMAGE_BYTES = int(os.environ.get("OPLE_MAX_IMAGE_BYTES", str(12 * 1024 * 1024)))
# Scans per CATD batch: what the page promises and checks; Django's file count and the largest
# form post a page accepts (a full batch of the largest images) derive from it. An uploaded file
# over 2.5 MB waits on disk, not in memory, while the view takes the batch's files one by one.
OPLE_CATD_MAX_ARCHIVOS = 200
DATA_UPLOAD_MAX_NUMBER_FILES = OPLE_CATD_MAX_ARCHIVOS
OPLE_MAX_REQUEST_BYTES = OPLE_CATD_MAX_ARCHIVOS * (OPLE_MAX_IMAGE_BYTES + 64 * 1024)
FILE_UPLOAD_MAX_MEMORY_SIZE = int(2.5 * 1024 * 1024)
# Group commit of ordinary audited services (ople.core.group_commit, ADR 0048): the calls that
# a server process is writing at one moment share one transaction, one audit head lock and one
# COMMIT. PostgreSQL only; off in tests (docs/configuration.md).
OPLE_GROUP_COMMIT = env_bool("OPLE_GROUP_COMMIT", not TESTING)
# Documents (docs/documentos.md): the institute's acronym and the pattern of its folios
# ({institucion}, {area}, {numero}, {anio}), and the public URL a document's QR points to.
DOCUMENTOS_FOLIO_INSTITUCION = os.environ.get("OPLE_FOLIO_INSTITUCION", "IEE")
DOCUMENTOS_FOLIO_FORMATO = os.environ.get(
    "OPLE_FOLIO_FORMATO", "{institucion}/{area}/{numero:03d}/{anio}"
)
# The demo serves the verification pages itself (`ople demo` sets its own host and port).
DOCUMENTOS_URL_VERIFICACION = os.environ.get(
    "OPLE_DOCUMENTOS_URL_VERIFICACION",
    "http://127.0.0.1:8000/documentos/" if DEMO else "https://ople.example.org/documentos/",
)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("OPLE_LOG_LEVEL", "WARNING")},
}

# Each system's own settings, from the function its registro.py declares (ople.core.registry):
# read here like its URLs and WSGI routes (none redefines one above: tests/core/test_ajustes.py).
globals().update(registry.settings(testing=TESTING))
