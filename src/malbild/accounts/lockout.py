"""Login throttling on top of django-axes (settings: AXES_*, MALBILD_LOGIN_*).

- `client_ip(request)`: the address a lockout is counted for — REMOTE_ADDR, or with
  MALBILD_TRUSTED_PROXY_COUNT = n the n-th address from the right of X-Forwarded-For (what
  the trusted proxies saw), so clients cannot forge it.
- `lockout_response(request, response, credentials)`: the 429 answer (AXES_LOCKOUT_CALLABLE):
  under /api/ the API's JSON error format, elsewhere a Swedish page saying when to try again;
  both with `Retry-After`.
- API tokens: bad tokens from one address count as failed logins of the pseudo-username
  `API_TOKEN_USERNAME` (not a valid username, so no account shares it): `token_locked_out`,
  `token_failed`.
- Security events for failed logins and lockouts (`malbild.security`).
"""

import math
from datetime import timedelta

from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_client_username, get_cool_off
from axes.signals import user_locked_out
from django.conf import settings
from django.contrib.auth.signals import user_login_failed
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from malbild.core.security import security_event

#: The username bad API tokens are counted under ("<" is not allowed in usernames).
API_TOKEN_USERNAME = "<api-token>"
TOKEN_CREDENTIALS = {"username": API_TOKEN_USERNAME}


def client_ip(request: HttpRequest) -> str | None:
    proxies = getattr(settings, "MALBILD_TRUSTED_PROXY_COUNT", 0)
    if proxies > 0:
        forwarded = [
            a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if a.strip()
        ]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR")


def retry_after_seconds(request: HttpRequest) -> int:
    """Seconds until a lockout ends: a full cool-off, since every refused attempt during a
    lockout starts it again (AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT)."""
    cool_off = get_cool_off(request) or timedelta(0)
    return max(1, math.ceil(cool_off.total_seconds()))


def too_many_attempts_message() -> str:
    return _("Too many failed attempts. Try again later.")


def lockout_response(request, response=None, credentials=None) -> HttpResponse:
    seconds = retry_after_seconds(request)
    status = settings.AXES_HTTP_RESPONSE_CODE
    if request.path.startswith("/api/"):
        answer = JsonResponse({"detail": too_many_attempts_message()}, status=status)
    else:
        until = timezone.localtime() + timedelta(seconds=seconds)
        answer = render(
            request,
            "accounts/locked_out.html",
            {"until": until, "minutes": math.ceil(seconds / 60)},
            status=status,
        )
    answer["Retry-After"] = str(seconds)
    answer["Cache-Control"] = "no-store"
    return answer


def token_locked_out(request: HttpRequest) -> bool:
    """True while bad tokens from this address are locked out (always False when axes is off)."""
    if not settings.AXES_ENABLED:
        return False
    return AxesProxyHandler.is_locked(request, TOKEN_CREDENTIALS)


def token_failed(request: HttpRequest) -> None:
    """Count a bad token from this address as a failed login (it may start a lockout)."""
    user_login_failed.send(sender=__name__, credentials=dict(TOKEN_CREDENTIALS), request=request)


@receiver(user_login_failed, dispatch_uid="malbild.security.login_failed")
def _log_login_failed(sender, credentials, request=None, **kwargs):
    username = (credentials or {}).get("username")
    token = username == API_TOKEN_USERNAME
    security_event(
        "token.rejected" if token else "login.failed",
        username=None if token else username,
        ip=client_ip(request) if request is not None else None,
        path=getattr(request, "path", None),
    )


@receiver(user_locked_out, dispatch_uid="malbild.security.locked_out")
def _log_locked_out(sender, request=None, username=None, ip_address=None, **kwargs):
    token = username == API_TOKEN_USERNAME
    security_event(
        "token.locked_out" if token else "login.locked_out",
        username=None if token else (username or get_client_username(request)),
        ip=ip_address,
        path=getattr(request, "path", None),
        cool_off_seconds=retry_after_seconds(request),
    )
