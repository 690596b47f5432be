"""Production settings: everything from the environment; secure cookies, HTTPS and HSTS.

The environment variables are listed in `malbild.conf.base` and `.env.example`; with the
documented production environment (docs/guide/operations.md) `malbild check --deploy` prints no
warning.

Refuses to start without a real SECRET_KEY — whatever DEBUG or MALBILD_ALLOW_INSECURE_KEY say
(base.py falls back to a public development key when DEBUG is set; here DEBUG is forced off,
so that key must never survive into production)."""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import INSECURE_SECRET_KEY, env_bool

#: Keys that are public (in this repository) and therefore no secret.
KNOWN_PUBLIC_KEYS = frozenset({INSECURE_SECRET_KEY, "test-secret-key", "change-me"})
MIN_SECRET_KEY_LENGTH = 32

_key = os.environ.get("SECRET_KEY", "").strip()
if not _key:
    raise ImproperlyConfigured("SECRET_KEY must be set in production.")
if _key in KNOWN_PUBLIC_KEYS or len(_key) < MIN_SECRET_KEY_LENGTH:
    raise ImproperlyConfigured(
        f"SECRET_KEY is a known development key or shorter than {MIN_SECRET_KEY_LENGTH} "
        "characters; generate one: python3 -c 'import secrets; print(secrets.token_urlsafe(50))'"
    )
SECRET_KEY = _key

DEBUG = False
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", False)
# The load balancer asks for /healthz over plain HTTP on the internal address.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
if os.environ.get("SECURE_PROXY_SSL_HEADER"):
    SECURE_PROXY_SSL_HEADER = (os.environ["SECURE_PROXY_SSL_HEADER"], "https")
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "0"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
if not SECURE_HSTS_PRELOAD:
    # Preloading is a decision for the owner of the whole (municipal) domain — the browsers'
    # list takes only registrable domains and is hard to leave — not for one application on a
    # subdomain; off by default, on with SECURE_HSTS_PRELOAD=1 (docs/security.md).
    SILENCED_SYSTEM_CHECKS = ["security.W021"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
