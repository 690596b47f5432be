"""Typed audit events: every audit entry carries an `event` code such as
`consultation.round_opened`, `followup.period_closed` or `accounts.token_revoked`.

Services name an event when the change has a meaning of its own (opening a round, closing a
period); otherwise the generic services derive one from the model and the action
(`actionplan.activity_created`, `strategy.focusarea_updated`). Apps register human labels for
their events with `register_events`; the history pages show the label and filter by the code.
"""

from django.apps import apps
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from .models import AuditEntry

ACTION_VERBS = {
    "create": "created",
    "update": "updated",
    "delete": "deleted",
    "transition": "status_changed",
    "freeze": "frozen",
    "other": "changed",
}

_LABELS: dict[str, object] = {}


def register_events(labels: dict[str, object]) -> None:
    """Add `code → label` pairs (lazy translations) for an app's named events."""
    _LABELS.update(labels)


def default_event(model, action: str) -> str:
    """`<app>.<model>_<verb>` for a change without a named event."""
    meta = model._meta
    return f"{meta.app_label}.{meta.model_name}_{ACTION_VERBS.get(action, action)}"


def event_label(code: str, *, model_label: str = "") -> str:
    """A person's words for an event code: the registered label, else "<Kind>: <action>"."""
    if code in _LABELS:
        return str(_LABELS[code])
    action = next((a for a, v in ACTION_VERBS.items() if code.endswith("_" + v)), "other")
    name = ""
    try:
        app_label, rest = code.split(".", 1)
        model_name = rest[: -(len(ACTION_VERBS[action]) + 1)]
        name = str(apps.get_model(app_label, model_name)._meta.verbose_name)
    except (LookupError, ValueError):
        name = model_label
    verb = dict(AuditEntry.Action.choices).get(action, _("changed"))
    return f"{capfirst(name)}: {verb}" if name else str(capfirst(verb))
