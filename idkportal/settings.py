"""IDK Portal settings: one module, configured from environment variables (django-environ).

Every variable is documented in README.md ("Configuration"). Defaults give the embedded quick start:
SQLite under var/, kombu's filesystem broker under var/, e-mail written to files under var/mail/.
With DEBUG off the secret key and allowed hosts must come from the environment.
"""

import datetime
from pathlib import Path

import environ
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(environ.Env().str("IDK_VAR_DIR", default=str(BASE_DIR / "var")))

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=False)

if DEBUG:
    SECRET_KEY = env.str("SECRET_KEY", default="insecure-dev-key-only-for-debug-mode-" + "x" * 20)
    ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])
else:
    try:
        SECRET_KEY = env.str("SECRET_KEY")
        ALLOWED_HOSTS = env.list("ALLOWED_HOSTS")
    except ImproperlyConfigured as exc:
        raise ImproperlyConfigured(
            "With DEBUG off, SECRET_KEY and ALLOWED_HOSTS must be set in the environment."
        ) from exc
    if len(SECRET_KEY) < 50:
        raise ImproperlyConfigured("SECRET_KEY must be at least 50 characters long.")

# Absolute base URL used in e-mails and one-click links (no trailing slash).
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "modeltranslation",  # must precede django.contrib.admin
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "django_tables2",
    "django_filters",
    "template_partials",
    "simple_history",
    "axes",
    "rules.apps.AutodiscoverRulesConfig",
    "accounts",
    "experiments",
    "consolidation",
    "mva",
    "reminders",
    "reports",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "accounts.middleware.UserLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "csp.middleware.CSPMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "idkportal.urls"
WSGI_APPLICATION = "idkportal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "accounts.context_processors.roles",
            ],
        },
    }
]

# --- Database -------------------------------------------------------------------------------
VAR_DIR.mkdir(parents=True, exist_ok=True)
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'idkportal.sqlite3'}")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL + IMMEDIATE transactions let the web server, the worker and beat share one file safely.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
else:
    DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=60))
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache: per-process memory by default; e.g. CACHE_URL=redis://127.0.0.1:6379/2 to share between workers.
CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://idkportal")}

# --- Auth -----------------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "experiments:portfolio"
LOGOUT_REDIRECT_URL = "login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=8 * 60 * 60)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

# django-axes: throttle failed logins per username + IP.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.float("AXES_COOLOFF_HOURS", default=0.25)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_ENABLED = env.bool("AXES_ENABLED", default=True)

# Optional single sign-on: Microsoft Entra ID over OpenID Connect (mozilla-django-oidc; accounts/oidc.py).
# Setting OIDC_ENTRA_TENANT_ID fills in Entra ID's endpoints; each OIDC_OP_* variable overrides one of them.
OIDC_ENABLED = env.bool("OIDC_ENABLED", default=False)
_entra_tenant = env.str("OIDC_ENTRA_TENANT_ID", default="")
_entra = f"https://login.microsoftonline.com/{_entra_tenant}" if _entra_tenant else ""
OIDC_RP_CLIENT_ID = env.str("OIDC_RP_CLIENT_ID", default="")
OIDC_RP_CLIENT_SECRET = env.str("OIDC_RP_CLIENT_SECRET", default="")
OIDC_OP_AUTHORIZATION_ENDPOINT = env.str(
    "OIDC_OP_AUTHORIZATION_ENDPOINT", default=f"{_entra}/oauth2/v2.0/authorize" if _entra else ""
)
OIDC_OP_TOKEN_ENDPOINT = env.str("OIDC_OP_TOKEN_ENDPOINT", default=f"{_entra}/oauth2/v2.0/token" if _entra else "")
OIDC_OP_USER_ENDPOINT = env.str(
    "OIDC_OP_USER_ENDPOINT", default="https://graph.microsoft.com/oidc/userinfo" if _entra else ""
)
OIDC_OP_JWKS_ENDPOINT = env.str("OIDC_OP_JWKS_ENDPOINT", default=f"{_entra}/discovery/v2.0/keys" if _entra else "")
OIDC_RP_SIGN_ALGO = env.str("OIDC_RP_SIGN_ALGO", default="RS256")
OIDC_RP_SCOPES = env.str("OIDC_RP_SCOPES", default="openid email profile")
OIDC_USE_PKCE = True
OIDC_TIMEOUT = env.int("OIDC_TIMEOUT", default=10)
OIDC_CREATE_USER = True
if OIDC_ENABLED:
    _oidc_missing = [
        name
        for name in (
            "OIDC_RP_CLIENT_ID",
            "OIDC_RP_CLIENT_SECRET",
            "OIDC_OP_AUTHORIZATION_ENDPOINT",
            "OIDC_OP_TOKEN_ENDPOINT",
            "OIDC_OP_USER_ENDPOINT",
            "OIDC_OP_JWKS_ENDPOINT",
        )
        if not globals()[name]
    ]
    if _oidc_missing:
        raise ImproperlyConfigured(f"OIDC_ENABLED is on but these are not set: {', '.join(_oidc_missing)}.")
    AUTHENTICATION_BACKENDS.append("accounts.oidc.EntraIDBackend")

# --- Internationalisation ---------------------------------------------------------------------
LANGUAGE_CODE = "fi"
LANGUAGES = [("fi", _("Finnish")), ("en", _("English"))]
MODELTRANSLATION_DEFAULT_LANGUAGE = "fi"
MODELTRANSLATION_FALLBACK_LANGUAGES = ("fi",)
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Helsinki"
USE_I18N = True
USE_TZ = True

# --- Static files ---------------------------------------------------------------------------
STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env.str("STATIC_ROOT", default=str(BASE_DIR / "staticfiles")))
if DEBUG:
    # Serve static files straight from the app directories while developing (no collectstatic needed).
    WHITENOISE_USE_FINDERS = True
    WHITENOISE_AUTOREFRESH = True
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# --- E-mail ---------------------------------------------------------------------------------
EMAIL_BACKEND = env.str("EMAIL_BACKEND", default="django.core.mail.backends.filebased.EmailBackend")
EMAIL_FILE_PATH = VAR_DIR / "mail"
EMAIL_HOST = env.str("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env.str("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env.str("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=30)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="IDK-portaali <idk-portaali@kuopio.invalid>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Celery ---------------------------------------------------------------------------------
_broker_dir = VAR_DIR / "broker"
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="filesystem://")
if CELERY_BROKER_URL.startswith("filesystem://"):
    for sub in ("in", "processed", "control"):
        (_broker_dir / sub).mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_broker_dir / "in"),
        "data_folder_out": str(_broker_dir / "in"),
        "processed_folder": str(_broker_dir / "processed"),
        "control_folder": str(_broker_dir / "control"),
        "store_processed": False,
    }
else:
    CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600}
CELERY_RESULT_BACKEND = env.str("CELERY_RESULT_BACKEND", default="") or None
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=False)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
# One beat-schedule table (style.md habit 5): a comment per entry, env overrides, `expires` under the period.
_sweep_hour, _sweep_minute = (int(part) for part in env.str("REMINDERS_SWEEP_TIME", default="07:30").split(":"))
CELERY_BEAT_SCHEDULE: dict = {
    # Nightly: recompute stored readiness (the technology-continuity item depends on today's date),
    # before the reminder sweep and the day's first page views.
    "consolidation-refresh-readiness": {
        "task": "consolidation.refresh_readiness",
        "schedule": crontab(hour=env.int("READINESS_REFRESH_HOUR", default=5), minute=0),
        "options": {"expires": 23 * 60 * 60},
    },
    # Daily reminder sweep at REMINDERS_SWEEP_TIME Helsinki time (CELERY_TIMEZONE). The task itself skips
    # weekends and Finnish public holidays, and sends only escalations in quiet periods.
    "reminders-daily-sweep": {
        "task": "reminders.run_sweep",
        "schedule": crontab(hour=_sweep_hour, minute=_sweep_minute),
        "options": {"expires": 23 * 60 * 60},
    },
    # Outbox drain: retries temporary SMTP failures (backoff with jitter) and claims older than
    # REMINDERS_CLAIM_TIMEOUT_MINUTES whose send was never recorded.
    "reminders-deliver-outbox": {
        "task": "reminders.deliver_outbox",
        "schedule": env.int("REMINDERS_OUTBOX_INTERVAL_SECONDS", default=300),
        "options": {"expires": env.int("REMINDERS_OUTBOX_INTERVAL_SECONDS", default=300) - 10},
    },
}

# --- Reminders (reminders app; README "Reminders") -------------------------------------------
# Quiet periods as MM-DD..MM-DD (may wrap over the new year): only escalations to the steering group go out.
REMINDERS_QUIET_PERIODS = env.list("REMINDERS_QUIET_PERIODS", default=["07-01..07-31", "12-24..01-06"])
# A reminder repeats every this many working days while its condition holds.
REMINDERS_REPEAT_WORKING_DAYS = env.int("REMINDERS_REPEAT_WORKING_DAYS", default=7)
# The Nth unanswered reminder on the same item is escalated to the coordinators and the steering group.
REMINDERS_ESCALATE_AT = env.int("REMINDERS_ESCALATE_AT", default=3)
# Days after the status due date before the owner is reminded (0: the day after it was due).
REMINDERS_STATUS_GRACE_DAYS = env.int("REMINDERS_STATUS_GRACE_DAYS", default=0)
# Remind of a milestone this many days before it is due (and while it is overdue).
REMINDERS_MILESTONE_LEAD_DAYS = env.int("REMINDERS_MILESTONE_LEAD_DAYS", default=7)
# A post-programme review opens this many days before its date.
REMINDERS_REVIEW_LEAD_DAYS = env.int("REMINDERS_REVIEW_LEAD_DAYS", default=7)
# A proposed handover not answered in this many days is reminded to the receiving owner.
REMINDERS_HANDOVER_ANSWER_DAYS = env.int("REMINDERS_HANDOVER_ANSWER_DAYS", default=14)
# "Snooze" in an e-mail postpones the item's reminders by this many days.
REMINDERS_SNOOZE_DAYS = env.int("REMINDERS_SNOOZE_DAYS", default=14)
# One-click links in e-mails expire after this many days (and work once).
REMINDERS_LINK_MAX_AGE_DAYS = env.int("REMINDERS_LINK_MAX_AGE_DAYS", default=30)
# A send claimed longer ago than this and never recorded is retried (logged as "possibly sent twice").
REMINDERS_CLAIM_TIMEOUT_MINUTES = env.int("REMINDERS_CLAIM_TIMEOUT_MINUTES", default=10)
# Temporary SMTP failures: retry after base·2^(n-1) seconds (capped, with jitter), at most this many attempts.
REMINDERS_RETRY_BASE_SECONDS = env.int("REMINDERS_RETRY_BASE_SECONDS", default=60)
REMINDERS_RETRY_MAX_SECONDS = env.int("REMINDERS_RETRY_MAX_SECONDS", default=6 * 60 * 60)
REMINDERS_MAX_SEND_ATTEMPTS = env.int("REMINDERS_MAX_SEND_ATTEMPTS", default=8)

# --- Domain settings ------------------------------------------------------------------------
# Default status-update cadence for new experiments, in days.
IDK_DEFAULT_CADENCE_DAYS = env.int("IDK_DEFAULT_CADENCE_DAYS", default=30)
# How close to a platform's end of support counts as a continuity risk.
IDK_CONTINUITY_WARNING_DAYS = env.int("IDK_CONTINUITY_WARNING_DAYS", default=180)
PORTFOLIO_PAGE_SIZE = env.int("PORTFOLIO_PAGE_SIZE", default=50)
# The programme's end date starts post-programme follow-up (IDK ended 31.12.2022).
IDK_PROGRAMME_END_DATE = datetime.date.fromisoformat(env.str("IDK_PROGRAMME_END_DATE", default="2022-12-31"))
# Post-programme reviews, in months after the programme end date.
IDK_REVIEW_MONTHS = [int(m) for m in env.list("IDK_REVIEW_MONTHS", default=["3", "6", "12"])]
# At most this many experiments in active consolidation at once (the evaluation: 14 was too many).
IDK_FOCUS_LIMIT = env.int("IDK_FOCUS_LIMIT", default=5)
ACCESSIBILITY_FEEDBACK_EMAIL = env.str("ACCESSIBILITY_FEEDBACK_EMAIL", default="saavutettavuus@kuopio.invalid")

# --- Security -------------------------------------------------------------------------------
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https") if env.bool("SECURE_PROXY_SSL_HEADER", default=False) else None
)
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=not DEBUG)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=not DEBUG)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

# Content-Security-Policy: only the app's own scripts and styles; no inline code anywhere.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {"django.db.backends": {"level": "INFO"}},
}

DJANGO_TABLES2_TEMPLATE = "tables/table.html"
