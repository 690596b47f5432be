"""Production settings: everything from the environment; secure cookies, HTTPS and HSTS.

The environment variables are listed in `malbild.conf.base` and `.env.example`; with the
documented production environment (docs/guide/operations.md) `malbild check --deploy` prints no
warning.
"""

import os

from .base import *  # noqa: F403
from .base import env_bool

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
