"""Domain errors raised by services and mapped by views (messages) and the API (4xx)."""

from django.core.exceptions import PermissionDenied, ValidationError  # noqa: F401


class TransitionError(ValidationError):
    """A status change that the workflow table does not allow."""
