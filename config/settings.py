"""Settings for the force performance oversight service, read from the environment.

With nothing set you get the development defaults: DEBUG on, the database fpo on the
PostgreSQL server of this machine, and Celery tasks run eagerly in-process. Production
(DEBUG=false) refuses to start without SECRET_KEY and ALLOWED_HOSTS, and sets DATABASE_URL.
"""

from datetime import timedelta
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

from config.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("VAR_DIR", str(BASE_DIR / "var")))

DEBUG = env_bool("DEBUG", default=True)
SECRET_KEY = env_str("SECRET_KEY")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
if DEBUG:
    SECRET_KEY = SECRET_KEY or "development-only-insecure-key-do-not-use-in-production"
    ALLOWED_HOSTS = ALLOWED_HOSTS or ["127.0.0.1", "localhost", "testserver"]
else:
    if len(SECRET_KEY) < 50:
        raise ImproperlyConfigured(
            "SECRET_KEY must be set (50 characters or more) when DEBUG=false"
        )
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured("ALLOWED_HOSTS must be set when DEBUG=false")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

SERVICE_NAME = "Force performance oversight"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "rest_framework",
    "knox",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "guardian",
    "axes",
    "simple_history",
    "accounts",
    "forces",
    "metrics",
    "oversight",
    "engage",
    "standards",
    "neighbourhood",
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "kit.headers.PrivateResponsesMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "accounts.middleware.SessionIdleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "axes.middleware.AxesMiddleware",
    "accounts.middleware.DenialAuditMiddleware",
    "kit.exports.PageDownloadsMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "accounts.context_processors.navigation",
            ],
        },
    },
]

# Database: PostgreSQL, always. Without DATABASE_URL, the database fpo on this machine's
# server; `make demo` runs its own server under var/ (demo/database.py) and passes its URL.
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL") or "postgres://postgres@127.0.0.1:5432/fpo",
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Redis: Celery broker and cache. Without REDIS_URL, tasks run eagerly and the cache is local.
REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# How long pages keep what they rendered (kit/pagecache.py); off without Redis, where each
# process's cache would not hear of another's writes.
FIGURES_CACHE_SECONDS = env_int("FIGURES_CACHE_SECONDS", 600 if REDIS_URL else 0)
# Where the code that renders kept parts of pages lives: a new release renders them anew.
PAGE_CACHE_CODE_ROOTS = (
    "accounts", "config", "engage", "forces", "kit", "metrics", "neighbourhood", "oversight",
    "standards", "templates",
)  # fmt: skip

CELERY_BROKER_URL = REDIS_URL or "memory://localhost/"
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", default=not REDIS_URL)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_DEFAULT_QUEUE = env_str("CELERY_QUEUE", "celery")
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_TIME_LIMIT = env_int("CELERY_TASK_TIME_LIMIT", 60 * 60)
CELERY_TASK_SOFT_TIME_LIMIT = env_int("CELERY_TASK_SOFT_TIME_LIMIT", 55 * 60)
# A late-acked task whose worker died is redelivered after this many seconds.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": env_int("CELERY_VISIBILITY_TIMEOUT", 2 * 60 * 60)
}
CELERY_TIMEZONE = "Europe/London"

# Authentication: argon2, django-axes lockout, guardian object permissions.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "guardian.backends.ObjectPermissionBackend",
]
ANONYMOUS_USER_NAME = None
GUARDIAN_RAISE_403 = False
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 30))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False

# Rate limits (accounts/ratelimits.py), counted in the cache: "<count>/<period>" with a period
# of s, m, h or d and an optional multiple ("30/5m"), or "off". Sign-in per IP address; API
# requests made with a token, and returns sent or validated, per user.
RATE_LIMIT_SIGN_IN = env_str("RATE_LIMIT_SIGN_IN", "30/5m")
RATE_LIMIT_API = env_str("RATE_LIMIT_API", "1200/m")
RATE_LIMIT_RETURNS = env_str("RATE_LIMIT_RETURNS", "60/h")

# Sessions end after SESSION_IDLE_MINUTES without a request, and when the browser closes.
SESSION_COOKIE_AGE = env_int("SESSION_IDLE_MINUTES", 30) * 60
# Saved at most once a minute by accounts.middleware.SessionIdleMiddleware, not every request.
SESSION_SAVE_EVERY_REQUEST = False
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

# API
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "accounts.authentication.AuditedTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["accounts.permissions.DeclaredAccess"],
    "DEFAULT_THROTTLE_CLASSES": ["accounts.ratelimits.ApiThrottle"],
    "DEFAULT_PAGINATION_CLASS": "kit.api.Pagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "kit.api_schema.AutoSchema",
    "EXCEPTION_HANDLER": "kit.api.exception_handler",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"]
    + (["rest_framework.renderers.BrowsableAPIRenderer"] if DEBUG else []),
}
REST_KNOX = {
    "TOKEN_TTL": timedelta(days=env_int("API_TOKEN_DAYS", 90)),
    "AUTO_REFRESH": False,
    "TOKEN_PREFIX": "fpo_",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Force performance oversight API",
    "DESCRIPTION": "Returns, metrics and oversight data for the 43 territorial police forces "
    "of England and Wales. Every endpoint is scoped to what the signed-in user may see.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    # Swagger UI from our own static files: no CDN, which the CSP would block anyway.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    # No badge image from validator.swagger.io: the page asks no other host for anything.
    "SWAGGER_UI_SETTINGS": {"deepLinking": True, "validatorUrl": None},
    # Several models have a field called status, each with its own choices: name each set.
    "ENUM_NAME_OVERRIDES": {
        "ReturnStatusEnum": "metrics.returns.models.Return.Status",
        "RecordingChangeStatusEnum": "metrics.returns.models.RecordingChange.Status",
        "CompletenessStatusEnum": "metrics.returns.completeness.Status",
        "FlagStatusEnum": "oversight.flags.models.Flag.Status",
        "CauseStatusEnum": "engage.models.cases.CauseOfConcern.Status",
        "ActionStatusEnum": "engage.models.cases.ImprovementAction.Status",
        "RecommendationStatusEnum": "engage.models.reports.Recommendation.Status",
    },
}

# Internationalisation
LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

# Static files: our own under static/, GOV.UK Frontend and plotly.js from node_modules.
NODE_MODULES = BASE_DIR / "node_modules"
STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "staticfiles"
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("govuk", NODE_MODULES / "govuk-frontend" / "dist" / "govuk"),
    ("plotly", NODE_MODULES / "plotly.js-dist-min"),
    # Written by `npm ci` (frontend/plotly-css.mjs): plotly.js's styles as a stylesheet.
    ("generated", NODE_MODULES / ".generated"),
]
# Serve straight from the finders too, so that tests and the demo need no collectstatic.
WHITENOISE_USE_FINDERS = env_bool("WHITENOISE_USE_FINDERS", default=True)
# GOV.UK Frontend's CSS refers to its fonts and images at /assets/.
WHITENOISE_ROOT = NODE_MODULES / "govuk-frontend" / "dist" / "govuk"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

# Content Security Policy: no inline scripts or styles.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}

# Security headers for production.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SECURE_HSTS_SECONDS = 0 if DEBUG else env_int("SECURE_HSTS_SECONDS", 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Email: console in development unless EMAIL_HOST is set; always SMTP in production.
if env_str("EMAIL_HOST") or not DEBUG:
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": env_str("EMAIL_HOST", "localhost"),
                "port": env_int("EMAIL_PORT", 587),
                "username": env_str("EMAIL_HOST_USER"),
                "password": env_str("EMAIL_HOST_PASSWORD"),
                "use_tls": env_bool("EMAIL_USE_TLS", default=True),
            },
        }
    }
else:
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "oversight@localhost")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # The handler's level too: records from Django's loggers reach it by propagation, which
    # the root logger's level does not filter.
    "handlers": {
        "console": {"class": "logging.StreamHandler", "level": env_str("LOG_LEVEL", "INFO")}
    },
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {"axes": {"level": "WARNING"}, "celery.app.trace": {"level": "WARNING"}},
}

# Returns: raw files live outside the web root, under RETURNS_DIR.
RETURNS_DIR = Path(env_str("RETURNS_DIR", str(VAR_DIR / "returns")))
RETURN_MAX_BYTES = env_int("RETURN_MAX_BYTES", 500 * 1024 * 1024)
# The first month a return may cover (YYYY-MM): history older than this is a typo.
RETURNS_FIRST_PERIOD = env_str("RETURNS_FIRST_PERIOD", "2000-01")
# PPOG meeting documents: outside the web root too, read only through the audited download.
ENGAGE_DOCUMENTS_DIR = Path(env_str("ENGAGE_DOCUMENTS_DIR", str(VAR_DIR / "engage_documents")))
ENGAGE_DOCUMENT_MAX_BYTES = env_int("ENGAGE_DOCUMENT_MAX_BYTES", 10 * 1024 * 1024)
# Uploads go to a temporary file on disk straight away, never into memory.
FILE_UPLOAD_MAX_MEMORY_SIZE = 0
FILE_UPLOAD_TEMP_DIR = env_str("FILE_UPLOAD_TEMP_DIR") or None
# At most this many problems are listed in a validation report; totals count them all.
RETURN_REPORT_MAX_ERRORS = env_int("RETURN_REPORT_MAX_ERRORS", 200)
# A dismissal not notified to the College of Policing barred list within this many days of
# its conclusion is a warning in the misconduct return's report.
BARRED_LIST_NOTIFY_DAYS = env_int("BARRED_LIST_NOTIFY_DAYS", 28)
# The overnight run loads everything received; 02:00 Europe/London unless set.
OVERNIGHT_RUN_HOUR = env_int("OVERNIGHT_RUN_HOUR", 2)
OVERNIGHT_RUN_MINUTE = env_int("OVERNIGHT_RUN_MINUTE", 0)
# Returns wait for the overnight run unless this is set; an administrator can process one now.
PROCESS_RETURNS_ON_RECEIPT = env_bool("PROCESS_RETURNS_ON_RECEIPT", default=False)
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
# Return reminders: daily at 07:00 Europe/London unless set; the first this many days before
# a return's due date, the second once it is overdue, but only for this many days after it.
REMINDER_RUN_HOUR = env_int("REMINDER_RUN_HOUR", 7)
REMINDER_RUN_MINUTE = env_int("REMINDER_RUN_MINUTE", 0)
REMINDER_DAYS_BEFORE = env_int("REMINDER_DAYS_BEFORE", 3)
REMINDER_LOOKBACK_DAYS = env_int("REMINDER_LOOKBACK_DAYS", 14)
# After this many days past a return's due date its month is final: aggregates of it may be
# shown to PCCs even if a force never sent it.
COLLECTION_CLOSES_AFTER_DAYS = env_int("COLLECTION_CLOSES_AFTER_DAYS", 28)
# The nightly analysis runs after the overnight load: 04:00 Europe/London unless set.
NIGHTLY_ANALYSIS_HOUR = env_int("NIGHTLY_ANALYSIS_HOUR", 4)
NIGHTLY_ANALYSIS_MINUTE = env_int("NIGHTLY_ANALYSIS_MINUTE", 0)
CELERY_BEAT_SCHEDULE = {
    "overnight-returns": {
        "task": "metrics.returns.tasks.process_received_returns",
        "schedule": crontab(hour=OVERNIGHT_RUN_HOUR, minute=OVERNIGHT_RUN_MINUTE),
    },
    "nightly-analysis": {
        "task": "oversight.flags.tasks.nightly_analysis",
        "schedule": crontab(hour=NIGHTLY_ANALYSIS_HOUR, minute=NIGHTLY_ANALYSIS_MINUTE),
    },
    "return-reminders": {
        "task": "metrics.returns.tasks.send_return_reminders",
        "schedule": crontab(hour=REMINDER_RUN_HOUR, minute=REMINDER_RUN_MINUTE),
    },
    "section-55-reminders": {
        "task": "engage.tasks.send_section_55_reminders",
        "schedule": crontab(hour=REMINDER_RUN_HOUR, minute=REMINDER_RUN_MINUTE),
    },
}
