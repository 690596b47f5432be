"""Domain errors raised by services and mapped by views (messages, the conflict page) and the
API (4xx)."""

from django.core.exceptions import PermissionDenied, ValidationError  # noqa: F401
from django.utils.translation import gettext_lazy as _


class TransitionError(ValidationError):
    """A status change that the workflow table does not allow."""


class ConflictError(Exception):
    """An edit was made from an older version of the row than the one now saved (optimistic
    locking, docs/adr/0007-optimistic-locking.md). `current` is the row as saved now; the web
    interface shows it beside the user's values, the API answers 409 with it."""

    def __init__(self, current, message=None):
        self.current = current
        self.message = message or _(
            "Someone else saved a change to this item after you opened it. Nothing was saved."
        )
        super().__init__(str(self.message))
