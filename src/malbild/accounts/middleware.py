"""Session lifetime and recent authentication.

The session stores when its user logged in (`LOGIN_AT`), last entered the password
(`AUTH_AT`) and was last seen (`SEEN_AT`), as Unix seconds; `user_logged_in` sets all three.
`SessionLifetimeMiddleware` logs out a session idle for longer than SESSION_COOKIE_AGE
(MALBILD_SESSION_IDLE_HOURS) or older than MALBILD_SESSION_MAX_AGE (MALBILD_SESSION_MAX_DAYS),
and renews an active session (cookie and stored expiry) at most once a minute — instead of
SESSION_SAVE_EVERY_REQUEST, which would write the session on every request.
`auth_is_recent(request)` is what the re-authentication checks use (MALBILD_REAUTH_SECONDS).
"""

import time

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

LOGIN_AT = "malbild_login_at"
AUTH_AT = "malbild_auth_at"
SEEN_AT = "malbild_seen_at"
RENEW_EVERY_SECONDS = 60


def mark_authenticated(request) -> None:
    """The user has just entered their password (login or confirmation)."""
    request.session[AUTH_AT] = int(time.time())


def auth_is_recent(request) -> bool:
    at = request.session.get(AUTH_AT)
    return at is not None and time.time() - at <= settings.MALBILD_REAUTH_SECONDS


@receiver(user_logged_in, dispatch_uid="malbild.accounts.session_times")
def _on_login(sender, request, user, **kwargs):
    if request is None or not hasattr(request, "session"):
        return
    now = int(time.time())
    request.session[LOGIN_AT] = now
    request.session[AUTH_AT] = now
    request.session[SEEN_AT] = now


class SessionLifetimeMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            session = request.session
            now = int(time.time())
            login_at = session.setdefault(LOGIN_AT, now)  # sessions from before this check
            seen_at = session.get(SEEN_AT, now)
            if (
                now - login_at > settings.MALBILD_SESSION_MAX_AGE
                or now - seen_at > settings.SESSION_COOKIE_AGE
            ):
                logout(request)
            elif now - seen_at >= RENEW_EVERY_SECONDS or SEEN_AT not in session:
                session[SEEN_AT] = now  # modified → saved, cookie renewed
        return self.get_response(request)


class PermissionDeniedLogMiddleware:
    """Every refused request — a 403 from a page, the API or a CSRF check — is a
    `permission.denied` event on the `malbild.security` logger, with who (user id, or none for
    an anonymous or secret-link visitor), the method, the path (secret-link tokens are
    redacted by the log filter) and the client address. Views do not log refusals themselves."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code == 403:
            from malbild.core.security import security_event

            from .lockout import client_ip

            user = getattr(request, "user", None)
            security_event(
                "permission.denied",
                user_id=user.pk if user is not None and user.is_authenticated else None,
                method=request.method,
                path=request.path,
                ip=client_ip(request),
                api=request.path.startswith("/api/"),
            )
        return response
