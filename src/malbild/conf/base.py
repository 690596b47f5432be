"""Settings for Målbild. Every value comes from the environment with a safe default.

Environment variables (documented in `.env.example`):
- DATABASE_URL: `sqlite:///path` or `postgres://user:pass@host:port/db`; default SQLite in var/.
- SECRET_KEY: required when DEBUG is off.
- DEBUG: "1"/"true" to enable debug mode (default off).
- ALLOWED_HOSTS: comma separated (default "127.0.0.1,localhost").
- MALBILD_MEDIA_ROOT: where uploaded files are stored (default var/media).
- MALBILD_VAR_DIR: the directory for the SQLite file and media (default <repo>/var).
- DATABASE_CONN_MAX_AGE: seconds a database connection is kept open between requests (default
  60: persistent, checked before reuse by CONN_HEALTH_CHECKS; 0 closes it after each request).
- MALBILD_READ_REPLICA_URL: a read-only replica of the database (same form as DATABASE_URL);
  unset (default): every query goes to DATABASE_URL. Set, the pages marked as tolerating
  replication lag read from it (malbild.core.replica, docs/guide/scaling.md).
- MALBILD_REPLICA_PIN_SECONDS: after a user's write, their reads stay on the primary this long
  (default 10), so they see what they just saved.
- MALBILD_CACHE_URL: Django's cache: `locmem://` (default: per process), `redis://host:6379/0`
  (needs the `redis` package), `file:///path/to/dir`, or `db://table` (`manage.py
  createcachetable`). Several web processes should share one (docs/guide/scaling.md).
- MALBILD_CLOSED_PAGE_CACHE_SECONDS: how long a closed period's dashboard and report page stay
  in the cache (default 30 days; its key changes with any amendment, so it is never stale).
- MALBILD_SQLITE_TIMEOUT: seconds a SQLite writer waits for the write lock before it fails
  (busy timeout; default 20). Only used when DATABASE_URL is SQLite.
- MALBILD_HEALTH_MIN_FREE_MB: `/healthz` answers 503 when the file system of a SQLite database
  has less free space than this (MiB, default 50; 0 turns the check off).
- MALBILD_RETRY_AFTER: the `Retry-After` (seconds) of the 503 answer while the database is
  unavailable (default 30).
- LOG_LEVEL: the root logger's level (default INFO).
- MALBILD_EXPORT_QUEUED_NOTICE_SECONDS: an export still queued after this long says on its
  status page that no background worker has picked it up (default 30).

Production only (`malbild.conf.production`):
- SECURE_SSL_REDIRECT: "1" to redirect HTTP to HTTPS in Django (default off).
- SECURE_PROXY_SSL_HEADER: the request header a TLS-terminating proxy sets to `https`, as Django
  names it (`HTTP_X_FORWARDED_PROTO`); unset: no proxy header is trusted.
- SECURE_HSTS_SECONDS: HSTS max-age (default 0 = no HSTS header; 31536000 in production).
- SECURE_HSTS_INCLUDE_SUBDOMAINS: "1" (default) adds `includeSubDomains` to HSTS.
- SECURE_HSTS_PRELOAD: "1" adds `preload` (default off; see docs/security.md).

Single sign-on with OpenID Connect (docs/guide/sso.md; off unless the issuer, client id and
endpoints are set):
- MALBILD_OIDC_PROVIDER_NAME: shown on the login button, "Logga in med <name>" (default
  "e-legitimation").
- MALBILD_OIDC_ISSUER: the provider's issuer (`iss` of its ID tokens, exactly).
- MALBILD_OIDC_CLIENT_ID, MALBILD_OIDC_CLIENT_SECRET: Målbild's client at the provider.
- MALBILD_OIDC_AUTHORIZATION_ENDPOINT, MALBILD_OIDC_TOKEN_ENDPOINT, MALBILD_OIDC_JWKS_ENDPOINT:
  required; MALBILD_OIDC_USERINFO_ENDPOINT (optional: its claims are added to the ID token's),
  MALBILD_OIDC_END_SESSION_ENDPOINT (optional: logging out ends the provider's session too).
- MALBILD_OIDC_SCOPES (default "openid email profile"), MALBILD_OIDC_SIGN_ALGO (RS256).
- MALBILD_OIDC_CLAIM_SUBJECT / _EMAIL / _EMAIL_VERIFIED / _GROUPS / _FIRST_NAME / _LAST_NAME:
  claim names (default sub, email, email_verified, groups, given_name, family_name).
- MALBILD_OIDC_TRUST_EMAIL=1: treat the provider's e-mail addresses as verified (Entra ID).
- MALBILD_OIDC_CREATE_USERS (default 1): a first login without a matching account creates one.
- MALBILD_OIDC_GROUP_ROLES: JSON, group claim value → roles (docs/guide/sso.md).
- MALBILD_SSO_ONLY_ORGANISATIONS: comma-separated organisation slugs whose people may not log
  in with a password.

Accounts and sessions (docs/security.md, "Accounts and sessions"):
- MALBILD_LOGIN_FAILURE_LIMIT: wrong passwords (or bad API tokens) from one address for one
  username before it is locked out (default 5).
- MALBILD_LOGIN_COOLOFF_MINUTES: how long a lockout lasts (default 15); a new failure during
  the lockout starts it again.
- MALBILD_SESSION_IDLE_HOURS: a session ends after this long without a request (default 8).
- MALBILD_SESSION_MAX_DAYS: a session ends this long after the login, active or not (default 7).
- MALBILD_REAUTH_MINUTES: granting roles and creating API tokens ask for the password again
  when it was last entered longer ago than this (default 15).
- MALBILD_API_TOKEN_DEFAULT_DAYS: validity of a new API token when none is chosen (default 90).
- MALBILD_API_TOKEN_MAX_DAYS: the longest validity a token may be given (default 365).
- MALBILD_TRUSTED_PROXY_COUNT: reverse proxies in front of Målbild whose X-Forwarded-For is
  trusted for the client address of the lockout (default 0: REMOTE_ADDR).
- MALBILD_LOGO_MAX_BYTES: largest organisation logo (default 512 KiB; organisation/branding.py).
- MALBILD_ATTACHMENT_MAX_BYTES: largest consultation attachment (default 10 MiB), enforced while
  the upload streams in.
- MALBILD_ATTACHMENT_MAX_UNPACKED_BYTES: a DOCX/ODT may unpack to at most this much in all
  (default 100 MiB); MALBILD_ATTACHMENT_MAX_RATIO: an entry above 1 MiB may unpack to at most
  this many times its compressed size (default 100).
- DEFAULT_FROM_EMAIL: the sender of Målbild's e-mail (the link a new user sets a password
  with); default "malbild@localhost". Mail goes through Django's MAILERS["default"], SMTP:
  MALBILD_SMTP_HOST (default localhost — a local relay such as Postfix), MALBILD_SMTP_PORT
  (25), MALBILD_SMTP_USER / MALBILD_SMTP_PASSWORD (none), MALBILD_SMTP_TLS=1 (STARTTLS),
  MALBILD_SMTP_TIMEOUT (seconds, 10). Or all in one: EMAIL_URL=smtp://user:pass@host:587?tls=1
  (`smtps://` for SSL on 465, `console://` to print mail in the log; wins over MALBILD_SMTP_*).
  The development settings print mail on the console unless EMAIL_URL or MALBILD_SMTP_HOST
  is set.

E-mail and notifications (docs/guide/notifications.md, docs/guide/operations.md "E-mail"):
- MALBILD_BASE_URL: the public address of the instance, e.g. https://malbild.example.se; every
  link in an e-mail starts with it (default http://127.0.0.1:8000; `check --deploy` warns).
- MALBILD_MAIL_MAX_ATTEMPTS: tries of one e-mail before it is marked failed (default 10).
- MALBILD_MAIL_RETRY_SECONDS: wait after the first failed try, doubled after each further one
  (at most 6 hours; default 60).
- MALBILD_INVITATION_DAYS: how long the set-password link of a new account works (default 7).
- MALBILD_PASSWORD_RESET_HOURS: how long a password-reset link works (default 24).
- MALBILD_PASSWORD_RESET_PER_ADDRESS / MALBILD_PASSWORD_RESET_PER_IP: password-reset requests
  per e-mail address / per client address within MALBILD_PASSWORD_RESET_WINDOW_MINUTES
  (defaults 3, 20, 60) before the form answers "too many requests".
"""

import os
from datetime import timedelta
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

PACKAGE_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PACKAGE_DIR.parent.parent
VAR_DIR = Path(os.environ.get("MALBILD_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    return int(value) if value else default


def env_list(name: str, default: str) -> list[str]:
    return [v.strip() for v in os.environ.get(name, default).split(",") if v.strip()]


DEBUG = env_bool("DEBUG", False)
#: The public key of development and tests; `malbild.conf.production` refuses it.
INSECURE_SECRET_KEY = "insecure-development-key-change-me"
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if DEBUG or os.environ.get("MALBILD_ALLOW_INSECURE_KEY") == "1":
        SECRET_KEY = INSECURE_SECRET_KEY
    else:
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "malbild.core",
    "malbild.accounts",
    "malbild.notifications",
    # Single sign-on (OpenID Connect): its own app label `sso` (malbild/accounts/sso/).
    "malbild.accounts.sso",
    "malbild.organisation",
    "malbild.strategy",
    "malbild.actionplan",
    "malbild.cases",
    "malbild.catalogue",
    "malbild.kolada",
    "malbild.consultation",
    "malbild.followup",
    "malbild.benefits",
    "malbild.financing",
    "malbild.dataio",
    "malbild.reports",
    "malbild.backup",
    "malbild.opendata",
    "malbild.api",
    "malbild.web",
    "malbild.site",
    "malbild.portal",
    "malbild.demo",
    "axes",
    # Background exports: the database task backend and its `db_worker` (docs/guide/operations.md).
    "django_tasks_db",
    # django-ninja as an app: /api/v1/docs then serves its bundled Swagger UI from our static
    # files instead of loading it from a CDN (the Content-Security-Policy allows only 'self').
    # After malbild.api, whose templates/ninja/swagger.html (with the page's language) wins.
    "ninja",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Below WhiteNoise: static files keep their own (long) caching headers.
    "malbild.web.middleware.SecurityHeadersMiddleware",
    "malbild.web.middleware.DatabaseUnavailableMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "malbild.web.middleware.SwedishFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "malbild.accounts.middleware.SessionLifetimeMiddleware",
    # Logs every 403 (pages, API, CSRF) as a security event.
    "malbild.accounts.middleware.PermissionDeniedLogMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last: turns a lockout (web login, admin login, API token) into the 429 answer.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "malbild.urls"
WSGI_APPLICATION = "malbild.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "malbild.web.context_processors.navigation",
            ],
            "builtins": ["malbild.web.templatetags.malbild"],
        },
    }
]

VAR_DIR.mkdir(parents=True, exist_ok=True)
# SQLite for a web server (several gunicorn workers/threads writing at once):
# - WAL: readers never block the writer, nor the writer the readers;
# - BEGIN IMMEDIATE: a transaction takes the write lock when it starts, so two transactions
#   that read and then write cannot deadlock on the lock upgrade (SQLite answers that at once
#   with "database is locked", whatever the timeout);
# - a busy timeout: a writer waits up to this many seconds for the lock instead of failing;
# - synchronous=NORMAL: safe with WAL (a power cut may lose the last commits, never corrupt).
SQLITE_OPTIONS = {
    "transaction_mode": "IMMEDIATE",
    "timeout": float(os.environ.get("MALBILD_SQLITE_TIMEOUT", "20")),
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
}


def database_settings(url: str, conn_max_age: int = 0) -> dict:
    """The DATABASES entry for `url`; SQLite gets `SQLITE_OPTIONS`."""
    config = dj_database_url.parse(url, conn_max_age=conn_max_age, conn_health_checks=True)
    if config["ENGINE"] == "django.db.backends.sqlite3":
        config["OPTIONS"] = {**SQLITE_OPTIONS, **config.get("OPTIONS", {})}
    return config


# Persistent connections by default: opening one costs about 5 ms a request on PostgreSQL
# (docs/performance.md); the health check (CONN_HEALTH_CHECKS) drops one a restart has broken.
DATABASES = {
    "default": database_settings(
        os.environ.get("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'malbild.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
    )
}
# A read replica (off unless MALBILD_READ_REPLICA_URL is set): reads of pages marked as
# tolerating replication lag go there, everything else to the primary (malbild.core.replica).
if os.environ.get("MALBILD_READ_REPLICA_URL"):
    DATABASES["replica"] = {
        **database_settings(
            os.environ["MALBILD_READ_REPLICA_URL"],
            conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
        ),
        # Tests use the primary as the replica (no second test database).
        "TEST": {"MIRROR": "default"},
    }
    DATABASE_ROUTERS = ["malbild.core.replica.ReplicaRouter"]
    # Keeps a user who just wrote on the primary for MALBILD_REPLICA_PIN_SECONDS.
    MIDDLEWARE.append("malbild.core.replica.ReplicaPinMiddleware")
MALBILD_REPLICA_PIN_SECONDS = int(os.environ.get("MALBILD_REPLICA_PIN_SECONDS", "10"))
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"


def cache_settings(url: str) -> dict:
    """The CACHES entry for `url` (MALBILD_CACHE_URL): locmem://, redis://…, file:///dir or
    db://table."""
    scheme, _sep, rest = url.partition("://")
    backends = {
        "locmem": ("django.core.cache.backends.locmem.LocMemCache", rest or "malbild"),
        "redis": ("django.core.cache.backends.redis.RedisCache", url),
        "rediss": ("django.core.cache.backends.redis.RedisCache", url),
        "file": ("django.core.cache.backends.filebased.FileBasedCache", rest),
        "db": ("django.core.cache.backends.db.DatabaseCache", rest or "malbild_cache"),
    }
    if scheme not in backends:
        raise ImproperlyConfigured(
            f"MALBILD_CACHE_URL: unknown cache {scheme!r}; use locmem, redis, file or db."
        )
    backend, location = backends[scheme]
    return {"BACKEND": backend, "LOCATION": location}


CACHES = {"default": cache_settings(os.environ.get("MALBILD_CACHE_URL", "locmem://"))}
# A closed period's dashboard and report page (malbild.followup.page_cache), in seconds.
CLOSED_PAGE_CACHE_TIMEOUT = int(
    os.environ.get("MALBILD_CLOSED_PAGE_CACHE_SECONDS", str(30 * 24 * 3600))
)

# A document's working-copy snapshot for reading pages (malbild.strategy.snapshot.working), in
# seconds; keyed by the organisation's audit marker, so this bounds only unaudited writes.
WORKING_COPY_CACHE_TIMEOUT = int(os.environ.get("MALBILD_WORKING_COPY_CACHE_SECONDS", "600"))

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # Refuses every login attempt of a locked-out username and address (django-axes).
    "axes.backends.AxesStandaloneBackend",
    # Passwords (Django's ModelBackend), refused where local login is off (MALBILD_SSO_ONLY_…).
    "malbild.accounts.sso.backends.LocalPasswordBackend",
    # OpenID Connect logins (mozilla-django-oidc); answers nothing while SSO is not configured.
    "malbild.accounts.sso.backends.OidcBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    # Administrators (anywhere) and operators need at least 12 characters.
    {"NAME": "malbild.accounts.validators.AdminMinimumLengthValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "web:home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Single sign-on with OpenID Connect (malbild.accounts.sso, docs/guide/sso.md). The OIDC_*
# names are mozilla-django-oidc's; MALBILD_OIDC_* are Målbild's.
MALBILD_OIDC_PROVIDER_NAME = os.environ.get("MALBILD_OIDC_PROVIDER_NAME", "e-legitimation")
MALBILD_OIDC_ISSUER = os.environ.get("MALBILD_OIDC_ISSUER", "").strip()
OIDC_RP_CLIENT_ID = os.environ.get("MALBILD_OIDC_CLIENT_ID", "")
OIDC_RP_CLIENT_SECRET = os.environ.get("MALBILD_OIDC_CLIENT_SECRET", "")
OIDC_OP_AUTHORIZATION_ENDPOINT = os.environ.get("MALBILD_OIDC_AUTHORIZATION_ENDPOINT", "")
OIDC_OP_TOKEN_ENDPOINT = os.environ.get("MALBILD_OIDC_TOKEN_ENDPOINT", "")
OIDC_OP_USER_ENDPOINT = os.environ.get("MALBILD_OIDC_USERINFO_ENDPOINT", "")
OIDC_OP_JWKS_ENDPOINT = os.environ.get("MALBILD_OIDC_JWKS_ENDPOINT", "")
MALBILD_OIDC_END_SESSION_ENDPOINT = os.environ.get("MALBILD_OIDC_END_SESSION_ENDPOINT", "")
OIDC_RP_SCOPES = os.environ.get("MALBILD_OIDC_SCOPES", "openid email profile")
OIDC_RP_SIGN_ALGO = os.environ.get("MALBILD_OIDC_SIGN_ALGO", "RS256")
OIDC_USE_PKCE = True
OIDC_TIMEOUT = 10
OIDC_AUTHENTICATION_CALLBACK_URL = "accounts:sso-callback"
MALBILD_OIDC_CLAIMS = {
    name: os.environ.get(f"MALBILD_OIDC_CLAIM_{name.upper()}", default)
    for name, default in [
        ("subject", "sub"),
        ("email", "email"),
        ("email_verified", "email_verified"),
        ("groups", "groups"),
        ("first_name", "given_name"),
        ("last_name", "family_name"),
    ]
}
MALBILD_OIDC_TRUST_EMAIL = env_bool("MALBILD_OIDC_TRUST_EMAIL", False)
MALBILD_OIDC_CREATE_USERS = env_bool("MALBILD_OIDC_CREATE_USERS", True)
MALBILD_OIDC_GROUP_ROLES = os.environ.get("MALBILD_OIDC_GROUP_ROLES", "")
# Extra parameters of the authorization request that confirms a sensitive action.
MALBILD_OIDC_REAUTH_PARAMS = {"prompt": "login"}
MALBILD_SSO_ONLY_ORGANISATIONS = env_list("MALBILD_SSO_ONLY_ORGANISATIONS", "")

LANGUAGE_CODE = "sv"
LANGUAGES = [("sv", _("Swedish")), ("en", _("English"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = "Europe/Stockholm"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
MEDIA_ROOT = Path(os.environ.get("MALBILD_MEDIA_ROOT", VAR_DIR / "media"))
MEDIA_URL = "/media/"
FILE_UPLOAD_PERMISSIONS = 0o640
# Consultation attachments (consultation/services/attachments.py, consultation/uploads.py).
MALBILD_ATTACHMENT_MAX_BYTES = env_int("MALBILD_ATTACHMENT_MAX_BYTES", 10 * 1024 * 1024)
MALBILD_LOGO_MAX_BYTES = env_int("MALBILD_LOGO_MAX_BYTES", 512 * 1024)
MALBILD_ATTACHMENT_MAX_UNPACKED_BYTES = env_int(
    "MALBILD_ATTACHMENT_MAX_UNPACKED_BYTES", 100 * 1024 * 1024
)
MALBILD_ATTACHMENT_MAX_RATIO = env_int("MALBILD_ATTACHMENT_MAX_RATIO", 100)

SESSION_COOKIE_HTTPONLY = True
# Idle timeout: the cookie and the stored session live this long after the last request
# (accounts.middleware.SessionLifetimeMiddleware renews them at most once a minute and also
# ends a session MALBILD_SESSION_MAX_DAYS after its login).
SESSION_COOKIE_AGE = env_int("MALBILD_SESSION_IDLE_HOURS", 8) * 3600
MALBILD_SESSION_MAX_AGE = env_int("MALBILD_SESSION_MAX_DAYS", 7) * 86400
MALBILD_REAUTH_SECONDS = env_int("MALBILD_REAUTH_MINUTES", 15) * 60
MALBILD_API_TOKEN_DEFAULT_DAYS = env_int("MALBILD_API_TOKEN_DEFAULT_DAYS", 90)
MALBILD_API_TOKEN_MAX_DAYS = env_int("MALBILD_API_TOKEN_MAX_DAYS", 365)

# Login throttling (django-axes): a username from one address is locked out after
# MALBILD_LOGIN_FAILURE_LIMIT failures for MALBILD_LOGIN_COOLOFF_MINUTES. By username *and*
# address, so one attacker cannot lock a whole municipality (often one NAT address) out; bad
# API tokens count under one pseudo-username per address (accounts.lockout.API_TOKEN_USERNAME).
AXES_ENABLED = True
AXES_FAILURE_LIMIT = env_int("MALBILD_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("MALBILD_LOGIN_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "malbild.accounts.lockout.lockout_response"
AXES_HTTP_RESPONSE_CODE = 429
MALBILD_TRUSTED_PROXY_COUNT = env_int("MALBILD_TRUSTED_PROXY_COUNT", 0)
AXES_CLIENT_IP_CALLABLE = "malbild.accounts.lockout.client_ip"
AXES_VERBOSE = False  # malbild.security logs the events instead

DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "malbild@localhost")
SMTP_MAILER = {
    "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
    "OPTIONS": {
        "host": os.environ.get("MALBILD_SMTP_HOST", "localhost"),
        "port": int(os.environ.get("MALBILD_SMTP_PORT", "25")),
        "username": os.environ.get("MALBILD_SMTP_USER", ""),
        "password": os.environ.get("MALBILD_SMTP_PASSWORD", ""),
        "use_tls": os.environ.get("MALBILD_SMTP_TLS", "0") == "1",
        "timeout": int(os.environ.get("MALBILD_SMTP_TIMEOUT", "10")),
    },
}
CONSOLE_MAILER = {"BACKEND": "django.core.mail.backends.console.EmailBackend"}


def mailer_from_url(url: str) -> dict:
    """The MAILERS entry of an EMAIL_URL: `smtp://user:password@host:port` (`?tls=1` for
    STARTTLS, `?timeout=20`), `smtps://…` (SSL, port 465 by default), `console://`."""
    parts = urlsplit(url)
    if parts.scheme == "console":
        return dict(CONSOLE_MAILER)
    if parts.scheme not in ("smtp", "smtps"):
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured("EMAIL_URL must start with smtp://, smtps:// or console://")
    query = parse_qs(parts.query)
    ssl = parts.scheme == "smtps"
    return {
        "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "OPTIONS": {
            "host": parts.hostname or "localhost",
            "port": parts.port or (465 if ssl else 25),
            "username": unquote(parts.username or ""),
            "password": unquote(parts.password or ""),
            "use_tls": not ssl and query.get("tls", ["0"])[0] in ("1", "true"),
            "use_ssl": ssl,
            "timeout": int(query.get("timeout", ["10"])[0]),
        },
    }


EMAIL_URL = os.environ.get("EMAIL_URL", "")
MAILERS = {"default": mailer_from_url(EMAIL_URL) if EMAIL_URL else SMTP_MAILER}
# Every link in an e-mail is absolute under this address (malbild.notifications).
MALBILD_BASE_URL = os.environ.get("MALBILD_BASE_URL", "http://127.0.0.1:8000")
MALBILD_MAIL_MAX_ATTEMPTS = env_int("MALBILD_MAIL_MAX_ATTEMPTS", 10)
MALBILD_MAIL_RETRY_SECONDS = env_int("MALBILD_MAIL_RETRY_SECONDS", 60)
MALBILD_INVITATION_DAYS = env_int("MALBILD_INVITATION_DAYS", 7)
PASSWORD_RESET_TIMEOUT = env_int("MALBILD_PASSWORD_RESET_HOURS", 24) * 3600
MALBILD_PASSWORD_RESET_PER_ADDRESS = env_int("MALBILD_PASSWORD_RESET_PER_ADDRESS", 3)
MALBILD_PASSWORD_RESET_PER_IP = env_int("MALBILD_PASSWORD_RESET_PER_IP", 20)
MALBILD_PASSWORD_RESET_WINDOW = env_int("MALBILD_PASSWORD_RESET_WINDOW_MINUTES", 60) * 60
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", not DEBUG)
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# Content-Security-Policy (django.middleware.csp): only our own origin, no inline script or
# style (templates use CSS classes), no plugins, no framing, forms only to ourselves. Charts
# are SVG <img> with data: URIs, hence `img-src data:`. See docs/security.md, "Deployment".
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
# Permissions-Policy (malbild.web.middleware.SecurityHeadersMiddleware): no powerful feature.
MALBILD_PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
    "microphone=(), payment=(), usb=(), browsing-topics=()"
)
MALBILD_RETRY_AFTER = int(os.environ.get("MALBILD_RETRY_AFTER", "30"))
MALBILD_HEALTH_MIN_FREE_MB = int(os.environ.get("MALBILD_HEALTH_MIN_FREE_MB", "50"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"redact_secret_links": {"()": "malbild.core.logging.RedactSecretLinks"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["redact_secret_links"]},
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        # Replaces Django's default handlers of "django" (a console handler while debugging
        # and the admin e-mail handler), which do not redact secret links.
        "django": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "django.db.backends": {"level": "INFO"},
        # Request lines of `malbild serve` and refused requests: through the redacting handler.
        "django.server": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "django.request": {"handlers": ["console"], "level": "WARNING", "propagate": False},
        # Security events (lockouts, failed logins, rejected tokens, revocations): one JSON
        # object per line after "security " (malbild.core.security.security_event).
        "malbild.security": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "axes": {"level": "WARNING"},
        # Swallowed database errors of /healthz and of the 503 page.
        "malbild.health": {"handlers": ["console"], "level": "WARNING", "propagate": False},
    },
}

# Background exports (malbild.reports.jobs): tasks are rows in the database, run by
# `malbild db_worker` (`make run` starts one; production: docs/guide/operations.md, "Workers").
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# The status page of an export says no worker has picked it up after this many seconds.
MALBILD_EXPORT_QUEUED_NOTICE_SECONDS = env_int("MALBILD_EXPORT_QUEUED_NOTICE_SECONDS", 30)

# Kolada's API v3 (malbild.kolada; docs/guide/kolada.md): where, how patiently and how often.
KOLADA_BASE_URL = os.environ.get("MALBILD_KOLADA_BASE_URL", "https://api.kolada.se/v3")
KOLADA_TIMEOUT = float(os.environ.get("MALBILD_KOLADA_TIMEOUT", "20"))
KOLADA_RETRIES = env_int("MALBILD_KOLADA_RETRIES", 4)
# Seconds before the first retry; doubled for each further one.
KOLADA_BACKOFF = float(os.environ.get("MALBILD_KOLADA_BACKOFF", "1"))
# The longest Retry-After (seconds) of a 429 that is waited for.
KOLADA_MAX_RETRY_AFTER = float(os.environ.get("MALBILD_KOLADA_MAX_RETRY_AFTER", "120"))
# The rate limit: at least this many seconds between two requests (0.2 = 5 a second).
KOLADA_MIN_INTERVAL = float(os.environ.get("MALBILD_KOLADA_MIN_INTERVAL", "0.2"))
KOLADA_PER_PAGE = env_int("MALBILD_KOLADA_PER_PAGE", 5000)
# A directory of recorded responses to answer from instead of the network (the demo);
# empty: the live API.
KOLADA_RECORDED_DIR = os.environ.get("MALBILD_KOLADA_RECORDED_DIR", "")

NINJA_PAGINATION_PER_PAGE = 50
MALBILD_PAGE_SIZE = 50

# Static files: served by WhiteNoise from STATIC_ROOT (collectstatic) in production; straight
# from the apps' static folders when debugging and in tests.
WHITENOISE_USE_FINDERS = DEBUG
WHITENOISE_AUTOREFRESH = DEBUG
