"""The API's error format, installed on the NinjaAPI by `install(api)` (see router.py).

- `django.core.exceptions.ValidationError` raised by a service (including workflow
  `TransitionError`) → 422, in the same shape as ninja's own schema errors::

      {"detail": [{"loc": ["body", "title"], "msg": "This field cannot be blank.",
                   "type": "value_error"}]}

  Errors not tied to a field have `"loc": ["body"]`.
- `PermissionDenied` → 403 `{"detail": "…"}`.
- `Http404` / `ObjectDoesNotExist` → 404 `{"detail": "Not found"}` — also for other
  organisations' objects, which are indistinguishable from missing ones.
- Unauthenticated → 401 `{"detail": "Authentication required"}`.
- Too many failed authentications from one address (bad tokens; `TooManyAttempts`) → 429
  `{"detail": "…"}` with `Retry-After` (seconds).
- `ConflictError` (a stale `If-Match`, or a concurrent change) → 409
  `{"detail": "…", "current": {…the object as saved now…}}` with its `ETag`.

- A request body over `DATA_UPLOAD_MAX_MEMORY_SIZE` (`RequestDataTooBig`) → 413
  `{"detail": "…"}`.
- A number too large for the database that reached a query (e.g. an integer path id beyond
  64 bits; `OverflowError`) → 404 `{"detail": "Not found"}`: no object has that id.
- Any other exception → 500 `{"detail": "…"}`, logged (logger `malbild.api`) with the
  traceback — never Django's HTML page. Database outages (`OperationalError`,
  `InterfaceError`) and a full or unwritable disk (`web.middleware.is_storage_error`) are
  left to `web.middleware`, which answers 503 with `Retry-After` in this same format.

Every operation of the OpenAPI document lists these answers (`document_errors`, installed
with the handlers), with the schemas `ErrorOut`, `ValidationErrorOut` and `ConflictOut`.

Messages follow the active language (Accept-Language or the session's choice; Swedish default).
"""

import logging

from django.core.exceptions import (
    NON_FIELD_ERRORS,
    ObjectDoesNotExist,
    PermissionDenied,
    RequestDataTooBig,
)
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import InterfaceError, OperationalError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError

from malbild.core.errors import ConflictError
from malbild.web.middleware import is_storage_error

from .utils import REPRESENTATIONS, etag

logger = logging.getLogger("malbild.api")


class TooManyAttempts(Exception):
    """Authentication is locked out for now; `retry_after` in seconds."""

    def __init__(self, message: str, retry_after: int):
        super().__init__(message)
        self.message = message
        self.retry_after = retry_after


def validation_error_detail(exc: DjangoValidationError) -> list[dict]:
    """Django ValidationError → ninja-style list of `{loc, msg, type}`."""
    detail: list[dict] = []
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            loc = ["body"] if field == NON_FIELD_ERRORS else ["body", field]
            for error in errors:
                for message in error.messages:
                    detail.append({"loc": loc, "msg": str(message), "type": "value_error"})
    else:
        for message in exc.messages:
            detail.append({"loc": ["body"], "msg": str(message), "type": "value_error"})
    return detail


_MESSAGE = {"type": "string", "description": "What went wrong, in the active language"}

#: The error schemas, as `components/schemas` of the OpenAPI document.
ERROR_SCHEMAS = {
    "ErrorOut": {
        "title": "ErrorOut",
        "type": "object",
        "properties": {"detail": _MESSAGE},
        "required": ["detail"],
    },
    "ValidationErrorOut": {
        "title": "ValidationErrorOut",
        "type": "object",
        "properties": {
            "detail": {
                "type": "array",
                "items": {
                    "type": "object",
                    "properties": {
                        "loc": {
                            "type": "array",
                            "items": {"anyOf": [{"type": "string"}, {"type": "integer"}]},
                            "description": 'Where: ["body", "<field>"], ["query", "<name>"] …',
                        },
                        "msg": _MESSAGE,
                        "type": {"type": "string", "description": "e.g. value_error"},
                    },
                    "required": ["loc", "msg", "type"],
                },
            }
        },
        "required": ["detail"],
    },
    "ConflictOut": {
        "title": "ConflictOut",
        "type": "object",
        "properties": {
            "detail": _MESSAGE,
            "current": {"type": "object", "description": "The object as saved now"},
        },
        "required": ["detail"],
    },
}

#: status → (description, schema name): the answers every operation may give.
ERROR_RESPONSES = {
    400: ("The body is not valid JSON", "ErrorOut"),
    401: ("Authentication required (no, or an unknown, expired or revoked token)", "ErrorOut"),
    403: ("Not permitted (role, read-only token, CSRF)", "ErrorOut"),
    404: ("Not found, or in an organisation you have no role in", "ErrorOut"),
    409: ("A stale If-Match or a concurrent change; `current` is the saved object", "ConflictOut"),
    413: ("The request body is too large", "ErrorOut"),
    422: ("Invalid input; `detail` lists the fields and messages", "ValidationErrorOut"),
    429: ("Too many failed authentications; see Retry-After", "ErrorOut"),
    500: ("An unexpected error (logged)", "ErrorOut"),
    503: ("The database or the storage is unavailable; see Retry-After", "ErrorOut"),
}


def document_errors(schema: dict) -> dict:
    """Add the error answers and their schemas to every operation of an OpenAPI `schema`
    (those an operation already documents stay as they are)."""
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    components.update(ERROR_SCHEMAS)
    for path_item in schema.get("paths", {}).values():
        for operation in path_item.values():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            responses = operation["responses"]
            for status, (description, name) in ERROR_RESPONSES.items():
                responses.setdefault(
                    str(status),
                    {
                        "description": description,
                        "content": {
                            "application/json": {"schema": {"$ref": f"#/components/schemas/{name}"}}
                        },
                    },
                )
    return schema


def install(api: NinjaAPI) -> None:
    """Register the exception handlers on `api`, and document their answers in its OpenAPI
    document (`document_errors` after ninja builds it)."""
    build_schema = api.get_openapi_schema
    built: dict[str, dict] = {}

    def get_openapi_schema(*args, **kwargs):
        # The routes are fixed once the URLconf is loaded, so the document is built once per
        # process and set of arguments (755 kB, 0.3–2 s to build): /api/v1/openapi.json and
        # the Swagger UI page answer at once, also under load.
        key = repr((args, sorted(kwargs.items())))
        if key not in built:
            built[key] = document_errors(build_schema(*args, **kwargs))
        return built[key]

    api.get_openapi_schema = get_openapi_schema

    @api.exception_handler(DjangoValidationError)
    def on_validation_error(request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
        return api.create_response(request, {"detail": validation_error_detail(exc)}, status=422)

    @api.exception_handler(PermissionDenied)
    def on_permission_denied(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
        message = str(exc) or _("You do not have permission to do this.")
        return api.create_response(request, {"detail": message}, status=403)

    def on_not_found(request: HttpRequest, exc: Exception) -> HttpResponse:
        return api.create_response(request, {"detail": _("Not found")}, status=404)

    api.add_exception_handler(Http404, on_not_found)
    api.add_exception_handler(OverflowError, on_not_found)
    api.add_exception_handler(ObjectDoesNotExist, on_not_found)

    @api.exception_handler(ConflictError)
    def on_conflict(request: HttpRequest, exc: ConflictError) -> HttpResponse:
        current = exc.current
        schema = REPRESENTATIONS.get(type(current))
        body = {"detail": str(exc.message)}
        if schema is not None:
            body["current"] = schema.from_orm(current).model_dump(mode="json")
        else:
            body["current"] = {"lock_version": getattr(current, "lock_version", None)}
        response = api.create_response(request, body, status=409)
        if getattr(current, "lock_version", None) is not None:
            response["ETag"] = etag(current.lock_version)
        return response

    @api.exception_handler(TooManyAttempts)
    def on_too_many_attempts(request: HttpRequest, exc: TooManyAttempts) -> HttpResponse:
        response = api.create_response(request, {"detail": exc.message}, status=429)
        response["Retry-After"] = str(exc.retry_after)
        return response

    @api.exception_handler(AuthenticationError)
    def on_unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        return api.create_response(request, {"detail": _("Authentication required")}, status=401)

    @api.exception_handler(RequestDataTooBig)
    def on_too_big(request: HttpRequest, exc: RequestDataTooBig) -> HttpResponse:
        message = _("The request is too large.")
        return api.create_response(request, {"detail": message}, status=413)

    @api.exception_handler(Exception)
    def on_server_error(request: HttpRequest, exc: Exception) -> HttpResponse:
        if isinstance(exc, OperationalError | InterfaceError) or is_storage_error(exc):
            raise exc  # the database or the disk is unavailable: 503 from web.middleware
        logger.error("Unhandled error on %s %s", request.method, request.path, exc_info=exc)
        message = _("Something went wrong on our side. The error has been logged.")
        return api.create_response(request, {"detail": message}, status=500)
