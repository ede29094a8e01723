"""Settings for Säker och trygg kommun.

Every value comes from the environment and has a default that is safe for
development. With DEBUG off the settings refuse a placeholder secret or an empty
ALLOWED_HOSTS, so a misconfigured production start fails loudly instead of
running insecurely.
"""

import os
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from django.conf.locale import LANG_INFO
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

from saker_trygg import media_storage
from saker_trygg.logging import REFUSAL_LOGGERS

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("DJANGO_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG", True)

DEV_SECRET_KEY = "django-insecure-development-only-never-use-in-production"  # noqa: S105
# Values that mean "nobody set a secret": the development default, the value in
# .env.example and anything too short to be a real key.
PLACEHOLDER_SECRETS = {DEV_SECRET_KEY, "change-me", "changeme", "secret", ""}
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", DEV_SECRET_KEY)

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

if not DEBUG:
    if (
        SECRET_KEY in PLACEHOLDER_SECRETS
        or SECRET_KEY.startswith("django-insecure")
        or len(SECRET_KEY) < 32
    ):
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY saknas eller är en platshållare. Sätt en slumpad nyckel på "
            "minst 32 tecken när DJANGO_DEBUG är av (DJANGO_SECRET_KEY is missing or a "
            "placeholder)."
        )
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured(
            "DJANGO_ALLOWED_HOSTS är tom. Ange de värdnamn portalen svarar på, kommaseparerade, "
            "när DJANGO_DEBUG är av (DJANGO_ALLOWED_HOSTS is empty)."
        )

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "crispy_forms",
    "crispy_bootstrap5",
    "simple_history",
    "rules.apps.AutodiscoverRulesConfig",
    "axes",
    "django_tasks_db",
    "organisation",
    "samverkan",
    "lagesbild",
]

# Read before the middleware: the replica's routing middleware is there only with a replica.
DATABASE_REPLICA_URL = os.environ.get("DATABASE_REPLICA_URL", "")

MIDDLEWARE = [
    # First, so every line logged while the request runs carries its id.
    "saker_trygg.request_id.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "saker_trygg.middleware.CrossOriginAndPermissionsPolicyMiddleware",
    # Before the session is read: a NUL in the session cookie would reach PostgreSQL.
    "organisation.middleware.RefuseControlCharactersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before anything reads the database: it decides whether this request may read the replica.
    *(["saker_trygg.replica.ReplicaMiddleware"] if DATABASE_REPLICA_URL else []),
    "django.contrib.sessions.middleware.SessionMiddleware",
    "organisation.session_idle.SessionIdleTimeoutMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as axes asks: it turns a lockout flagged during authentication into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "saker_trygg.urls"

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
                "organisation.context_processors.kommun",
                "organisation.context_processors.single_sign_on",
            ],
        },
    },
]

WSGI_APPLICATION = "saker_trygg.wsgi.application"

# SQLite under var/ is the embedded default for `make run`; tests and production
# set DATABASE_URL to PostgreSQL.
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'db.sqlite3'}"),
        conn_max_age=int(os.environ.get("DJANGO_CONN_MAX_AGE", "600")),
        conn_health_checks=True,
    )
}

# A streaming replica for the reads of anonymous public pages (saker_trygg/replica.py). The
# browser that wrote stays on the primary for REPLICA_PIN_SECONDS, longer than the replica lags.
REPLICA_PIN_SECONDS = int(os.environ.get("DJANGO_REPLICA_PIN_SECONDS", "30"))
if DATABASE_REPLICA_URL:
    DATABASES["replica"] = dj_database_url.parse(
        DATABASE_REPLICA_URL,
        conn_max_age=int(os.environ.get("DJANGO_CONN_MAX_AGE", "600")),
        conn_health_checks=True,
    )
    # Tests read the primary's test database through the replica's alias.
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    DATABASE_ROUTERS = ["saker_trygg.replica.ReplicaRouter"]

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The shared cache: rate limiting of the residents' tips form and the store of used
# proof-of-work challenges must be seen by every worker process, so the default is never
# the per-process memory cache. REDIS_URL (redis://host:6379/0) gives Redis, which counts
# atomically; without it the database cache (table made by `createcachetable`, which
# `make run`, `make serve` and Django's test databases run) works with no extra service.
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    # A Redis that is down or restarting means cache misses, not errors (saker_trygg/cache.py).
    _redis_timeout = float(os.environ.get("REDIS_SOCKET_TIMEOUT", "0.5"))
    CACHES = {
        "default": {
            "BACKEND": "saker_trygg.cache.TolerantRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.environ.get("DJANGO_CACHE_PREFIX", "saker-trygg"),
            "OPTIONS": {"socket_connect_timeout": _redis_timeout, "socket_timeout": _redis_timeout},
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "django_cache",
            "KEY_PREFIX": os.environ.get("DJANGO_CACHE_PREFIX", "saker-trygg"),
        }
    }

# Anonymous public pages are answered from the shared cache (organisation/public_cache.py)
# for this many seconds at most; every change of what a page shows invalidates it sooner.
# On by default with Redis; the database cache would answer a hit with about as many queries
# as the page itself costs, so without REDIS_URL it is off unless asked for. 0 turns it off.
PUBLIC_PAGE_CACHE_SECONDS = int(
    os.environ.get("DJANGO_PUBLIC_CACHE_SECONDS", "600" if REDIS_URL else "0")
)

# Rendered Markdown is memoised per process: it is derived from the text alone (the key is
# a hash of it), so nothing is lost by not sharing it, and a page never waits on the network
# or the database for it.
CACHES["local"] = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "rich-text",
    "OPTIONS": {"MAX_ENTRIES": 5000},
}

# Outgoing e-mail (replies to residents who asked for one), as Django 6.1's MAILERS.
# Development prints messages on the console; DJANGO_EMAIL_BACKEND=smtp sends them through
# DJANGO_EMAIL_HOST (the default with DEBUG off). Tests get Django's locmem outbox.
EMAIL_BACKENDS = {
    "console": "django.core.mail.backends.console.EmailBackend",
    "smtp": "django.core.mail.backends.smtp.EmailBackend",
}
_email_backend = os.environ.get("DJANGO_EMAIL_BACKEND", "console" if DEBUG else "smtp")
if _email_backend not in EMAIL_BACKENDS:
    raise ImproperlyConfigured(
        "DJANGO_EMAIL_BACKEND ska vara console eller smtp (DJANGO_EMAIL_BACKEND must be "
        "console or smtp)."
    )
MAILERS = {"default": {"BACKEND": EMAIL_BACKENDS[_email_backend]}}
if _email_backend == "smtp":
    MAILERS["default"]["OPTIONS"] = {
        "host": os.environ.get("DJANGO_EMAIL_HOST", "localhost"),
        "port": int(os.environ.get("DJANGO_EMAIL_PORT", "25")),
        "username": os.environ.get("DJANGO_EMAIL_HOST_USER", ""),
        "password": os.environ.get("DJANGO_EMAIL_HOST_PASSWORD", ""),
        "use_tls": env_bool("DJANGO_EMAIL_USE_TLS", False),
        "use_ssl": env_bool("DJANGO_EMAIL_USE_SSL", False),
        "timeout": int(os.environ.get("DJANGO_EMAIL_TIMEOUT", "10")),
    }
DEFAULT_FROM_EMAIL = os.environ.get("DJANGO_DEFAULT_FROM_EMAIL", "noreply@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# E-mail links must be absolute: the site's address as residents and officials reach it.
SITE_URL = os.environ.get("DJANGO_SITE_URL", "http://127.0.0.1:8000").rstrip("/")

# Reminders (lagesbild/utskick/): days without a follow-up before an insats is chased, days
# after a held meeting before unpublished minutes are, and the days after which a lägesbild
# or åtgärdsplan counts as out of date (Lag 2023:196 asks for a current lägesbild).
REMINDER_FOLLOWUP_DAYS = int(os.environ.get("DJANGO_REMINDER_FOLLOWUP_DAYS", "90"))
REMINDER_MINUTES_DAYS = int(os.environ.get("DJANGO_REMINDER_MINUTES_DAYS", "14"))
REMINDER_LAGESBILD_DAYS = int(os.environ.get("DJANGO_REMINDER_LAGESBILD_DAYS", "365"))
REMINDER_MEETING_DAYS = int(os.environ.get("DJANGO_REMINDER_MEETING_DAYS", "7"))
# Days the records of sent digests and news are kept (lagesbild/utskick/gallring.py; at
# least 8, and a record of an item that is still due is kept until the item moves on).
MAIL_RECORD_RETENTION_DAYS = int(os.environ.get("DJANGO_MAIL_RECORD_RETENTION_DAYS", "180"))
# SMTP connections a reminder run sends over side by side (lagesbild/utskick/postman.py).
REMINDER_SMTP_CONNECTIONS = int(os.environ.get("DJANGO_REMINDER_SMTP_CONNECTIONS", "3"))
# Residents who follow an area: how long a confirmation link is valid, and sign-ups per
# client address and hour.
SUBSCRIPTION_CONFIRM_SECONDS = int(os.environ.get("DJANGO_SUBSCRIPTION_CONFIRM_SECONDS", "172800"))
SUBSCRIPTION_RATE = os.environ.get("DJANGO_SUBSCRIPTION_RATE", "10/h")
# EST counts that reach a public page (decided quarters on the district pages) are shown
# as "fewer than N" below this number: a count of two incidents at one place in one
# quarter can point at the people involved. Zero is shown as it is.
EST_PUBLIC_MIN_COUNT = int(os.environ.get("DJANGO_EST_PUBLIC_MIN_COUNT", "5"))

# Residents' tips (lagesbild/models/tips.py). Submissions per client address and hour
# (django-ratelimit's rate syntax), the seconds a person needs at least to fill in the form
# (the check for browsers without JavaScript), how long the proof-of-work challenge is
# valid, and how long tip texts are kept. Contact data goes when the case closes, and after
# TIPS_CONTACT_DAYS at the latest.
TIPS_RATE = os.environ.get("DJANGO_TIPS_RATE", "10/h")
# Password-reset requests: per e-mail address asked for, and per client address.
PASSWORD_RESET_RATE_PER_EMAIL = os.environ.get("DJANGO_PASSWORD_RESET_RATE_PER_EMAIL", "3/h")
PASSWORD_RESET_RATE_PER_CLIENT = os.environ.get("DJANGO_PASSWORD_RESET_RATE_PER_CLIENT", "10/h")
TIPS_MIN_FILL_SECONDS = int(os.environ.get("DJANGO_TIPS_MIN_FILL_SECONDS", "4"))
TIPS_FORM_MAX_AGE_SECONDS = int(os.environ.get("DJANGO_TIPS_FORM_MAX_AGE_SECONDS", "14400"))
TIPS_CHALLENGE_SECONDS = int(os.environ.get("DJANGO_TIPS_CHALLENGE_SECONDS", "1200"))
# PBKDF2 iterations per attempt of the proof of work; about 256 attempts are needed.
TIPS_CHALLENGE_COST = int(os.environ.get("DJANGO_TIPS_CHALLENGE_COST", "2000"))
TIPS_RETENTION_DAYS = int(os.environ.get("DJANGO_TIPS_RETENTION_DAYS", "730"))
TIPS_CONTACT_DAYS = int(os.environ.get("DJANGO_TIPS_CONTACT_DAYS", "90"))

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Axes first, so a locked-out username or address is refused before any password is checked.
# Object permissions come from each app's rules.py (the access layer); ModelBackend keeps
# the admin's model permissions and the superuser shortcut.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    # Django's ModelBackend, closed to SSO accounts when OIDC_PASSWORD_LOGIN_FOR_SSO_ACCOUNTS=0.
    "organisation.oidc.PasswordBackend",
    # Single sign-on; answers only the OpenID Connect callback, and only when configured.
    "organisation.oidc.OidcBackend",
]

# Login throttling (django-axes): DJANGO_AXES_FAILURE_LIMIT failures for one username, or
# from one address, lock that username or address out for DJANGO_AXES_COOLOFF_MINUTES. An
# administrator unlocks by deleting the attempt under Axes > Access attempts in admin.
AXES_FAILURE_LIMIT = int(os.environ.get("DJANGO_AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("DJANGO_AXES_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username"], ["ip_address"]]
# The lockout ends a fixed time after the failure that caused it; otherwise anyone could keep
# an official locked out for ever by trying a wrong password every few minutes.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "organisation.views.login_locked_out"
AXES_CLIENT_IP_CALLABLE = "saker_trygg.client_ip.client_ip"
AXES_USERNAME_CALLABLE = "saker_trygg.client_ip.login_username"
AXES_HTTP_RESPONSE_CODE = 429

# Officials' sessions end after DJANGO_SESSION_IDLE_HOURS without a request: the session is
# renewed at most once a minute while it is used (organisation/session_idle.py), and only
# sessions that exist are written; anonymous visitors have none (the language choice and
# the CSRF token live in cookies).
SESSION_COOKIE_AGE = int(float(os.environ.get("DJANGO_SESSION_IDLE_HOURS", "8")) * 3600)

# Single sign-on through the kommun's OpenID Provider (Entra ID, Keycloak, ADFS …), on only
# when issuer, client id and secret are all set. Every endpoint comes from the issuer's
# discovery document; see organisation/oidc.py and README "Inloggning med kommunens konto".
OIDC_ISSUER = os.environ.get("OIDC_ISSUER", "").strip()
OIDC_RP_CLIENT_ID = os.environ.get("OIDC_CLIENT_ID", "").strip()
OIDC_RP_CLIENT_SECRET = os.environ.get("OIDC_CLIENT_SECRET", "")
OIDC_RP_SCOPES = os.environ.get("OIDC_SCOPES", "openid email profile")
# The claim of the id token that lists the person's groups (Keycloak: groups; Entra ID: groups
# or roles).
OIDC_GROUPS_CLAIM = os.environ.get("OIDC_GROUPS_CLAIM", "groups").strip()
# 0: accounts made by single sign-on cannot log in with a password even if one was set.
OIDC_PASSWORD_LOGIN_FOR_SSO_ACCOUNTS = env_bool("OIDC_PASSWORD_LOGIN_FOR_SSO_ACCOUNTS", True)
OIDC_TIMEOUT = float(os.environ.get("OIDC_TIMEOUT_SECONDS", "10"))
# For mozilla-django-oidc: the code flow with PKCE (S256) and a nonce; the id token is kept in
# the session for the logout at the provider (id_token_hint).
OIDC_USE_PKCE = True
OIDC_USE_NONCE = True
OIDC_STORE_ID_TOKEN = True
OIDC_CREATE_USER = True
OIDC_AUTHENTICATION_CALLBACK_URL = "oidc:callback"

LOGIN_URL = "organisation:login"
LOGIN_REDIRECT_URL = "samverkan:arbetsyta"
LOGOUT_REDIRECT_URL = "samverkan:start"

# A survey result whose 95 % confidence interval is wider than this many percentage points
# is marked "osäker" wherever it appears (lagesbild/models/omradesvarden.py).
SURVEY_UNCERTAIN_CI_WIDTH = 10

LANGUAGE_CODE = "sv"
# The languages offered, Swedish first (the default, served without a prefix). Finnish is a
# national minority language that kommuner in the Finnish administrative area must offer;
# a kommun outside it may drop it: DJANGO_LANGUAGES=sv,en. Any language Django knows can be
# added; one without a catalogue in locale/ shows the English texts, and a right-to-left one
# (ar, fa, he, ur…) gets dir="rtl" and Bootstrap's right-to-left build.
LANGUAGE_NAMES = {"sv": _("Swedish"), "en": _("English"), "fi": _("Finnish")}
LANGUAGES = [
    (code, LANGUAGE_NAMES[code] if code in LANGUAGE_NAMES else LANG_INFO[code]["name"])
    for code in env_list("DJANGO_LANGUAGES", "sv,en,fi")
]
if not LANGUAGES or LANGUAGES[0][0] != LANGUAGE_CODE:
    raise ImproperlyConfigured("DJANGO_LANGUAGES must start with sv, the default language.")
LOCALE_PATHS = [BASE_DIR / "locale"]
# The languages public content can be written in: each has its own columns, so the set is
# fixed here in the code, never read from the environment (migrations must not depend on
# it). Swedish is the original, in the models' own columns; the others are optional
# translations beside them (organisation/translation.py). DJANGO_LANGUAGES only chooses which
# interface languages are offered; a visitor in a language without columns reads Swedish.
CONTENT_LANGUAGES = ("sv", "en", "fi")
TIME_ZONE = "Europe/Stockholm"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT", VAR_DIR / "static"))
MEDIA_ROOT = Path(os.environ.get("DJANGO_MEDIA_ROOT", VAR_DIR / "media"))
MEDIA_URL = "media/"
# Uploads: every file of every request is limited while it streams (20 MB, the attachment
# limit; the attachment form adds its own handler so its message can give the real size).
# Form bodies without files stay at Django's 2.5 MB, and no form takes more than one file.
FILE_UPLOAD_HANDLERS = [
    "organisation.uploadhandlers.RequestFileLimitHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_NUMBER_FILES = 5
# Uploads go to MEDIA_ROOT, or to an S3-compatible bucket when S3_BUCKET is set.
STORAGES = {
    "default": media_storage.default_storage(),
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Nothing is loaded from another host: no CDN, no web fonts, no analytics. Each kind of
# resource the pages use is allowed from here; anything else (frames, media, workers,
# manifests) is refused outright.
SECURE_CSP = {
    "default-src": [CSP.NONE],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}


def origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


# Logging out after single sign-on redirects the logout form to the provider's
# end_session_endpoint, and browsers hold a form's redirects to form-action too.
if OIDC_ISSUER:
    SECURE_CSP["form-action"].append(origin(OIDC_ISSUER))

# HTTPS hardening is on whenever DEBUG is off. DJANGO_HTTPS=0 turns it off for a
# production-like start on plain HTTP over loopback (`make serve`) only.
HTTPS = env_bool("DJANGO_HTTPS", not DEBUG)
SECURE_SSL_REDIRECT = HTTPS
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", "31536000")) if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
# Load balancers probe /healthz and /readyz over plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
# Behind a reverse proxy that terminates TLS and sets X-Forwarded-Proto and X-Forwarded-For.
# The client address (for login throttling) is then the DJANGO_PROXY_COUNT-th address from the
# right of X-Forwarded-For: the one our own proxy appended, which a client cannot forge.
BEHIND_PROXY = env_bool("DJANGO_BEHIND_PROXY", False)
PROXY_COUNT = int(os.environ.get("DJANGO_PROXY_COUNT", "1"))
if BEHIND_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
# Sent on every response by saker_trygg.middleware; views that are meant to be read by other
# sites (open data with Access-Control-Allow-Origin: *) set their own
# Cross-Origin-Resource-Policy: cross-origin.
CROSS_ORIGIN_RESOURCE_POLICY = "same-origin"
# Nothing on the portal uses these browser features; denying them means injected or framed
# content cannot either.
PERMISSIONS_POLICY = {
    feature: []
    for feature in [
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "encrypted-media",
        "geolocation",
        "gyroscope",
        "hid",
        "idle-detection",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "picture-in-picture",
        "publickey-credentials-get",
        "screen-wake-lock",
        "serial",
        "usb",
        "xr-spatial-tracking",
    ]
}

# DJANGO_LOG_FORMAT=json writes one JSON object per line (for a log collector); every line
# carries the request id (saker_trygg/request_id.py) in either format.
LOG_FORMAT = os.environ.get("DJANGO_LOG_FORMAT", "text")
if LOG_FORMAT not in {"text", "json"}:
    raise ImproperlyConfigured(
        "DJANGO_LOG_FORMAT ska vara text eller json (DJANGO_LOG_FORMAT must be text or json)."
    )
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        # Refusals (403, 404, 400) are expected: one line each, no traceback. Real errors keep
        # theirs.
        "expected_refusals": {"()": "saker_trygg.logging.DropTracebackOfRefusals"},
        "request_id": {"()": "saker_trygg.request_id.AddRequestId"},
    },
    "formatters": {
        "text": {"format": "%(levelname)s %(name)s [%(request_id)s] %(message)s"},
        "json": {"()": "saker_trygg.request_id.JsonFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": LOG_FORMAT,
            "filters": ["request_id"],
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")},
    "loggers": {
        # Django's own console handler (DEBUG only) would print each line a second time,
        # without the format: its lines go to the root handler like everyone else's.
        "django": {"handlers": [], "level": "INFO", "propagate": True},
        "django.db.backends": {"level": "INFO"},
        # WeasyPrint reports each rendering step at INFO; its warnings still show.
        "weasyprint.progress": {"level": "WARNING"},
        # Axes announces its configuration at INFO on every start; lockouts still show.
        "axes.apps": {"level": "WARNING"},
        # Filters on the loggers, not the handler, so every handler (and mail_admins) sees the
        # same one line.
        **{name: {"filters": ["expected_refusals"]} for name in REFUSAL_LOGGERS},
    },
}


# Background tasks (django.tasks): the annual report's PDFs are printed by a worker, never in
# a request. django-tasks-db keeps the queue in the database, so no broker is needed; start
# the worker with `python manage.py db_worker` (`make run` and `make serve` do).
TASKS = {
    "default": {
        "BACKEND": os.environ.get("DJANGO_TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}
