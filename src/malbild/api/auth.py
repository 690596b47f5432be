"""Authentication for /api/v1: the browser session (CSRF-checked for unsafe methods) or a
personal token sent as `Authorization: Bearer mb_…`.

Both are set as the NinjaAPI default (`AUTH` below, used in router.py), so every operation
requires a signed-in user unless it says `auth=None`; anonymous requests get 401.
`request.auth` is the authenticated `User` either way.
"""

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja.errors import HttpError
from ninja.security import APIKeyCookie, HttpBearer
from ninja.utils import check_csrf

from malbild.accounts.services import api_token_authenticate

SAFE_METHODS = {"GET", "HEAD", "OPTIONS", "TRACE"}


class TokenAuth(HttpBearer):
    """`Authorization: Bearer mb_…` — a personal API token (create/revoke at /api/v1/tokens
    or in the web interface). Revoked or unknown tokens authenticate nobody (→ 401)."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = api_token_authenticate(token.strip())
        if user is None:
            return None
        request.user = user
        return user


class SessionAuth(APIKeyCookie):
    """The Django session cookie of a signed-in browser. Unsafe methods (POST, PUT, PATCH,
    DELETE) must carry the CSRF token (`X-CSRFToken` header), as Django forms do."""

    param_name: str = settings.SESSION_COOKIE_NAME

    def __init__(self) -> None:
        super().__init__(csrf=False)  # checked below, only for signed-in users

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        unsafe = request.method not in SAFE_METHODS
        exempt = getattr(request, "_ninja_csrf_exempt", False)
        if unsafe and not exempt and check_csrf(request) is not None:
            raise HttpError(403, _("CSRF check failed."))
        return user


token_auth = TokenAuth()
session_auth = SessionAuth()

#: The default for every operation: a token first, then the session.
AUTH = [token_auth, session_auth]
