"""Swedish first: pages are in Swedish unless the visitor chose English with the language
switch (which sets the language cookie). The browser's Accept-Language is deliberately not
used for pages — a municipal service answers in Swedish even to an English-language browser —
but the API honours it, since API clients ask for a language explicitly.

Also: security headers and the 503 answer while the database or the server's storage is
unavailable (below)."""

import errno
import logging

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.middleware.locale import LocaleMiddleware
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext

logger = logging.getLogger("malbild.health")


class SwedishFirstLocaleMiddleware(LocaleMiddleware):
    def process_request(self, request):
        if request.path.startswith("/api/"):
            return super().process_request(request)
        language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if language not in dict(settings.LANGUAGES):
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()


class SecurityHeadersMiddleware:
    """Headers Django's SecurityMiddleware does not set:

    - `Permissions-Policy` (settings.MALBILD_PERMISSIONS_POLICY): no camera, microphone,
      geolocation, … for any page;
    - `Cache-Control: private, no-store` on every answer to a signed-in user (their pages show
      personal data and what their roles allow), unless the view (a download) set its own.

    Sits below WhiteNoise, so static files keep their long-lived caching headers.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        policy = getattr(settings, "MALBILD_PERMISSIONS_POLICY", "")
        if policy:
            response.headers.setdefault("Permissions-Policy", policy)
        if self.personal(request, response) and "Cache-Control" not in response:
            response["Cache-Control"] = "private, no-store"
        return response

    @staticmethod
    def personal(request, response) -> bool:
        """Whether the answer is for a signed-in user: a session cookie comes with the request
        or is set by the answer (login), or an API token. Decided without asking the database
        (`request.user` may not have been loaded, and the database may be down)."""
        cookie = settings.SESSION_COOKIE_NAME
        return (
            cookie in request.COOKIES
            or cookie in response.cookies
            or "Authorization" in request.headers
        )


#: OSError numbers that mean "the server cannot write now" (disk or quota full, a read-only
#: or unwritable media or temporary directory), not a bug.
STORAGE_ERRNOS = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.EACCES, errno.EPERM})


def is_storage_error(exception) -> bool:
    return isinstance(exception, OSError) and exception.errno in STORAGE_ERRNOS


class DatabaseUnavailableMiddleware:
    """While the database cannot be reached (`OperationalError`, `InterfaceError` from a view
    or the rendering of its template), answer 503 with `Retry-After` instead of a 500: a
    Swedish page (`503.html`, rendered without the request's context processors, which would
    ask the database again) or, under /api/, the API's error format `{"detail": "…"}`. The
    same for a full or unwritable disk while a view writes or renders a file (an `OSError`
    in `STORAGE_ERRNOS`): the view's transaction has rolled back and nothing half-written is
    kept (uploads clean up after themselves; renders are built in memory). The error itself
    is logged (logger `malbild.health`)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if is_storage_error(exception):
            return storage_unavailable_response(request, exception)
        if not isinstance(exception, OperationalError | InterfaceError):
            return None
        return database_unavailable_response(request, exception)


def storage_unavailable_response(request, exception) -> HttpResponse:
    """The 503 answer when the server's disk is full or not writable (see the middleware)."""
    logger.error(
        "Storage unavailable on %s %s: %s %s",
        request.method,
        request.path,
        errno.errorcode.get(exception.errno, exception.errno),
        exception.strerror or exception,
    )
    message = gettext(
        "The server's storage is full or not writable, so this could not be done. Nothing was "
        "changed. Try again later or tell the organisation's administrator."
    )
    return _unavailable(request, message, reason="storage")


def database_unavailable_response(request, exception) -> HttpResponse:
    """The 503 answer while the database cannot be reached (see the middleware above); also
    used by the 500 handler (`malbild.site.views.server_error`) for errors raised before or
    after a view, e.g. in the session or authentication middleware."""
    logger.error("Database unavailable on %s %s", request.method, request.path, exc_info=exception)
    message = gettext("The service is temporarily unavailable. Try again later.")
    return _unavailable(request, message, reason="database")


def _unavailable(request, message: str, *, reason: str) -> HttpResponse:
    retry_after = str(getattr(settings, "MALBILD_RETRY_AFTER", 30))
    if request.path.startswith("/api/"):
        response = JsonResponse({"detail": message}, status=503)
    else:
        response = HttpResponse(render_to_string("503.html", {"reason": reason}), status=503)
    response["Retry-After"] = retry_after
    response["Cache-Control"] = "no-store"
    return response
