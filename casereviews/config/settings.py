"""One settings module, read from the environment (see README: Configuration)."""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF, UNSAFE_INLINE
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(os.environ.get("CASEREVIEWS_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


DEBUG = env_bool("DEBUG", False)
_dev_key = "insecure-development-key-only-for-the-local-demo-not-for-deployment-0123456789"
ALLOWED_HOSTS = [h for h in os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h]
_LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1", "[::1]"}
if os.environ.get("SECRET_KEY", "").strip():
    SECRET_KEY = os.environ["SECRET_KEY"]
elif DEBUG or set(ALLOWED_HOSTS) <= _LOCAL_HOSTS:
    SECRET_KEY = _dev_key  # the local demo and the test suite, on this machine only
else:
    # A server reachable under another name must never sign sessions with a key in the code.
    raise ImproperlyConfigured(
        "SECRET_KEY is not set, but ALLOWED_HOSTS names a host other than this machine "
        f"({', '.join(sorted(set(ALLOWED_HOSTS) - _LOCAL_HOSTS))}) and DEBUG is off. Set "
        "SECRET_KEY to a long random value, for example the output of: "
        'python3 -c "import secrets; print(secrets.token_urlsafe(50))"'
    )
CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rules.apps.AutodiscoverRulesConfig",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_tasks",
    "django_tasks_db",
    "casereviews.core",
    "casereviews.accounts",
    "casereviews.referrals",
    "casereviews.reviews",
    "casereviews.reports",
    "casereviews.learning",
    "casereviews.actions",
    "casereviews.briefings",
    "casereviews.audits",
    "casereviews.events",
    "casereviews.chronology",
    "casereviews.insights",
    "casereviews.library",
    "casereviews.subgroup",
    "casereviews.reminders",
    "casereviews.api",
    "casereviews.portal",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "casereviews.core.middleware.NoStoreForSignedInMiddleware",
    "casereviews.core.middleware.OncePerPageView",
    "csp.middleware.CSPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "axes.middleware.AxesMiddleware",
    "casereviews.accounts.middleware.TwoFactorMiddleware",
]

ROOT_URLCONF = "casereviews.config.urls"
WSGI_APPLICATION = "casereviews.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "environment": "casereviews.config.jinja2.environment",
            "autoescape": True,
        },
    },
    {
        # Django's own admin and error pages still use the Django template language.
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# --- Database: SQLite under var/ unless DATABASE_URL says otherwise -------------------------
VAR_DIR.mkdir(parents=True, exist_ok=True)
_default_db = f"sqlite:///{VAR_DIR / 'casereviews.sqlite3'}"
DATABASES = {"default": dj_database_url.parse(os.environ.get("DATABASE_URL", _default_db))}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
            " PRAGMA busy_timeout=20000;"
        ),
    }
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # No JIT compilation: PostgreSQL compiles a query whose estimated cost passes jit_above_cost
    # (the annual report's plan positions at national scale), and compiling took 93 ms of a
    # 200 ms query that runs once per page view (docs/adr/0047). Pages here run short queries.
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"
if os.environ.get("DATABASE_TEST_NAME"):
    DATABASES["default"]["TEST"] = {"NAME": os.environ["DATABASE_TEST_NAME"]}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Accounts and sign-in ------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "casereviews.accounts.backends.PeopleBackend",  # ModelBackend, refusing service accounts
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "portal:dashboard"
LOGOUT_REDIRECT_URL = "accounts:login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Login throttling (django-axes): lock a username+address pair after repeated failures.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = float(os.environ.get("AXES_COOLOFF_HOURS", "0.25"))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "casereviews.accounts.views.locked_out"
AXES_VERBOSE = False
# Two-factor sign-in (docs/adr/0034): required of the business unit and platform staff who sign
# in with a password, everywhere except the local demo and the test suite (no SECRET_KEY), where
# the README's demo sign-ins must keep working; CASEREVIEWS_REQUIRE_TWO_FACTOR says otherwise.
OTP_TOTP_ISSUER = os.environ.get("CASEREVIEWS_OTP_ISSUER", "Case reviews")
# Password reset links (Django's token generator): single-use, valid this many minutes.
PASSWORD_RESET_TIMEOUT = int(os.environ.get("CASEREVIEWS_PASSWORD_RESET_MINUTES", "60")) * 60
SESSION_COOKIE_AGE = 60 * 60 * 8
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True

# --- Security headers when DEBUG is off ----------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Content-Security-Policy (django-csp, ADR 0016): scripts only from our own static files, plus
# the GOV.UK template's one-line inline script, which carries the per-response nonce. Inline
# `style=` attributes are still allowed (a few templates use them; they cannot run code, and
# img-src stops them fetching from elsewhere); <style> elements are not.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "style-src-attr": [UNSAFE_INLINE],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
# A deployment sets SECRET_KEY; without one we are the local demo or the test suite, served
# over plain HTTP on 127.0.0.1, where secure-only cookies would make signing in impossible.
LOCAL_HTTP = _dev_key == SECRET_KEY or env_bool("CASEREVIEWS_LOCAL_HTTP", False)
CASEREVIEWS_REQUIRE_TWO_FACTOR = env_bool(
    "CASEREVIEWS_REQUIRE_TWO_FACTOR", not DEBUG and _dev_key != SECRET_KEY
)
if not DEBUG and not LOCAL_HTTP:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    if env_bool("BEHIND_TLS_PROXY", False):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# --- Email (password reset links): an SMTP server, or the console when none is named ---------
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend"
)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Case reviews <no-reply@localhost>")
# The site's address as people reach it: the links in reminder emails start with it.
CASEREVIEWS_SITE_URL = os.environ.get("CASEREVIEWS_SITE_URL", "http://localhost:8000")

# --- Locale --------------------------------------------------------------------------------
LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = False
USE_TZ = True

# --- Static files (GOV.UK Frontend built into var/assets by `make install`) ---------------
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # WhiteNoise warns on every request otherwise
STATICFILES_DIRS = [VAR_DIR / "assets"] if (VAR_DIR / "assets").exists() else []
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

# --- Uploaded files: kept outside the web root, served only through views that check access ---
FILES_ROOT = Path(os.environ.get("CASEREVIEWS_FILES_DIR", VAR_DIR / "files"))
# Largest upload accepted, in bytes (evidence files, reports, trackers). Bigger is refused
# with a message before the file is kept (core.files).
MAX_UPLOAD_BYTES = int(os.environ.get("CASEREVIEWS_MAX_UPLOAD_MB", "25")) * 1024 * 1024
# Local first names the anonymisation check adds to the list it ships (comma-separated; ADR 0015).
CASEREVIEWS_EXTRA_FIRST_NAMES = [
    n.strip() for n in os.environ.get("CASEREVIEWS_EXTRA_FIRST_NAMES", "").split(",") if n.strip()
]
# Hostile files (ADR 0017). An Office file (.xlsx, .docx) is checked before it is parsed: what it
# unpacks to in all, how many files it holds, how tightly one is packed (real ones measured at
# most 24:1 for sheets, 150:1 for a very repetitive Word file). A PDF has at most so many pages.
MAX_UNPACKED_BYTES = int(os.environ.get("CASEREVIEWS_MAX_UNPACKED_MB", "200")) * 1024 * 1024
MAX_ARCHIVE_ENTRIES = int(os.environ.get("CASEREVIEWS_MAX_ARCHIVE_ENTRIES", "10000"))
MAX_ARCHIVE_RATIO = int(os.environ.get("CASEREVIEWS_MAX_ARCHIVE_RATIO", "250"))
MAX_PDF_PAGES = int(os.environ.get("CASEREVIEWS_MAX_PDF_PAGES", "2000"))
# An imported tracker is read up to these and refused beyond them, with the limit named.
# 32,767 characters is the most Excel itself puts in a cell.
TRACKER_MAX_ROWS = int(os.environ.get("CASEREVIEWS_TRACKER_MAX_ROWS", "100000"))
TRACKER_MAX_COLUMNS = int(os.environ.get("CASEREVIEWS_TRACKER_MAX_COLUMNS", "100"))
TRACKER_MAX_CELL_CHARS = int(os.environ.get("CASEREVIEWS_TRACKER_MAX_CELL_CHARS", "32767"))
FILE_UPLOAD_HANDLERS = [
    "casereviews.core.files.SizeLimitUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]

# --- Background jobs (core.jobs, ADR 0036): a queue in the database; `casereviews worker` ---
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# A tracker with more rows than this is checked and imported by a worker, not in the request.
JOBS_IMPORT_ROWS = int(os.environ.get("CASEREVIEWS_JOBS_IMPORT_ROWS", "2000"))
# An action plan export of more actions than this is prepared by a worker.
JOBS_EXPORT_ROWS = int(os.environ.get("CASEREVIEWS_JOBS_EXPORT_ROWS", "2000"))
# A review's report (PDF) of more pages than this, or a Word report (whose pages are not known
# before reading it) larger than JOBS_REPORT_BYTES, is read and tagged by a worker.
JOBS_REPORT_PAGES = int(os.environ.get("CASEREVIEWS_JOBS_REPORT_PAGES", "50"))
JOBS_REPORT_BYTES = int(os.environ.get("CASEREVIEWS_JOBS_REPORT_BYTES", str(5 * 1024 * 1024)))
# A running job whose progress has not moved for this long lost its worker: `casereviews jobs
# sweep` (and every worker as it starts) marks it failed. Longer than any one step of a job.
JOBS_STALE_MINUTES = int(os.environ.get("CASEREVIEWS_JOBS_STALE_MINUTES", "60"))
# Finished jobs, their files and the queue's finished rows are removed after this many days.
JOBS_KEEP_DAYS = int(os.environ.get("CASEREVIEWS_JOBS_KEEP_DAYS", "30"))

# --- Logging: no record content in logs, ever --------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
    "loggers": {
        # Django's request logger would print POST data on errors only in DEBUG; keep it terse.
        "django.request": {"handlers": ["console"], "level": "ERROR", "propagate": False},
        "axes": {"handlers": ["console"], "level": "WARNING", "propagate": False},
        # WeasyPrint warns per refused URL and unsupported CSS; its messages can quote content.
        "weasyprint": {"handlers": ["console"], "level": "ERROR", "propagate": False},
        "fontTools": {"handlers": ["console"], "level": "ERROR", "propagate": False},
        "casereviews.jobs": {"handlers": ["console"], "level": "INFO", "propagate": False},
    },
}


# The REST API (docs/adr/0035): bearer tokens or the session, JSON only, a rate per token.
# --- Cache: one for every web process and worker (the API's rate limits are counted there) ---
# By default a table in the database (made by `migrate`: core migration "cache_table"); with
# CASEREVIEWS_CACHE_URL=redis://host:6379/0 Redis (install the `redis` package there);
# "locmem" counts per process (one process only: a development server).
CACHE_URL = os.environ.get("CASEREVIEWS_CACHE_URL", "").strip()
CACHE_TABLE = "casereviews_cache"
if CACHE_URL.startswith(("redis://", "rediss://", "unix://")):
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CACHE_URL}
    }
elif CACHE_URL == "locmem":
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
elif CACHE_URL in ("", "database"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": CACHE_TABLE,
        }
    }
else:
    raise ImproperlyConfigured(
        "CASEREVIEWS_CACHE_URL must be empty or 'database' (a table in the database), a "
        "redis:// address, or 'locmem'"
    )

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "casereviews.api.authentication.BearerTokenAuthentication",
        "casereviews.api.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "casereviews.api.errors.handle",
    "DEFAULT_THROTTLE_RATES": {"api": os.environ.get("CASEREVIEWS_API_RATE", "120/minute")},
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Case reviews API",
    "DESCRIPTION": (
        "Reviews, referrals and their clocks, findings and themes, recommendations and actions, "
        "briefings, case audits and events of your partnership: what your pages show you. "
        "Send `Authorization: Bearer <token>` (make a token under Your API tokens)."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SERVE_AUTHENTICATION": [
        "casereviews.api.authentication.BearerTokenAuthentication",
        "casereviews.api.authentication.SessionAuthentication",
    ],
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    "ENUM_NAME_OVERRIDES": {
        "ReviewStatusEnum": "casereviews.reviews.models.ReviewStatus",
        "RagEnum": "casereviews.actions.models.Rag",
        "BriefingStatusEnum": "casereviews.briefings.models.BriefingStatus",
        "CaseAuditStatusEnum": "casereviews.audits.models.AuditStatus",
        "UpdateKindEnum": "casereviews.actions.models.UpdateKind",
        "BriefingKindEnum": "casereviews.briefings.models.BriefingKind",
        "EventKindEnum": "casereviews.events.models.EventKind",
    },
}
