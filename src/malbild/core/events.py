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


def event_label(code: str, *, model_label: str = "", action: str = "") -> str:
    """A person's words for an event: the registered label; else "<Kind>: <what>", where the
    kind is the model's verbose name and what is a status label (for a transition whose code
    ends in the new status, e.g. `actionplan.activity_ongoing` → "Åtgärd: Pågående") or the
    action. Never the raw code."""
    if code in _LABELS:
        return str(_LABELS[code])
    model = _model(model_label) or _model_of_code(code)
    if not action:
        action = next((a for a, v in ACTION_VERBS.items() if code.endswith("_" + v)), "other")
    what = dict(AuditEntry.Action.choices).get(action, _("changed"))
    if model is not None and action == "transition":
        status = code.rsplit("_", 1)[-1]
        try:
            choices = dict(model._meta.get_field("status").flatchoices)
        except Exception:  # noqa: BLE001 - a model without a status field
            choices = {}
        what = choices.get(status, what)
    name = str(model._meta.verbose_name) if model is not None else ""
    return f"{capfirst(name)}: {what}" if name else str(capfirst(what))


def _model(label: str):
    try:
        return apps.get_model(label) if label else None
    except (LookupError, ValueError):
        return None


def _model_of_code(code: str):
    app_label, _sep, rest = code.partition(".")
    model_name = rest.split("_", 1)[0]
    return _model(f"{app_label}.{model_name}") if model_name else None
