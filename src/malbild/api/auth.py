"""Authentication for /api/v1: the browser session (CSRF-checked for unsafe methods) or a
personal token sent as `Authorization: Bearer mb_…`.

Both are set as the NinjaAPI default (`AUTH` below, used in router.py), so every operation
requires a signed-in user unless it says `auth=None`; anonymous requests get 401.
`request.auth` is the authenticated `User` either way; with a token, `request.auth_token`
is the `ApiToken`.

Tokens: expired or revoked ones authenticate nobody (→ 401); a read-only token gets 403 for
POST, PUT, PATCH and DELETE; bad tokens from one address count as failed logins, and after
MALBILD_LOGIN_FAILURE_LIMIT of them every token from that address is refused with 429 and
`Retry-After` until the cool-off ends (accounts.lockout).
"""

import logging
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja.errors import HttpError
from ninja.security import APIKeyCookie, HttpBearer
from ninja.utils import check_csrf

from malbild.accounts import lockout
from malbild.accounts.services import api_token_lookup
from malbild.api.errors import TooManyAttempts
from malbild.core.security import security_event

SAFE_METHODS = {"GET", "HEAD", "OPTIONS", "TRACE"}


class TokenAuth(HttpBearer):
    """`Authorization: Bearer mb_…` — a personal API token (create/revoke at /api/v1/tokens
    or in the web interface). Revoked or unknown tokens authenticate nobody (→ 401)."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        if lockout.token_locked_out(request):
            raise TooManyAttempts(
                lockout.too_many_attempts_message(), lockout.retry_after_seconds(request)
            )
        api_token = api_token_lookup(token.strip())
        if api_token is None:
            lockout.token_failed(request)
            return None
        if api_token.is_read_only and request.method not in SAFE_METHODS:
            security_event(
                "token.read_only_refused",
                user_id=api_token.user_id,
                token_id=api_token.pk,
                method=request.method,
                path=request.path,
            )
            raise HttpError(403, _("This token is read-only."))
        security_event(
            "token.used",
            level=logging.INFO,
            user_id=api_token.user_id,
            token_id=api_token.pk,
            method=request.method,
            path=request.path,
        )
        request.user = api_token.user
        request.auth_token = api_token
        return api_token.user


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
