"""The history partial's helpers: a person's words for each audit event, and filtering the
entries by event (`?event=<code>` on any page that shows a history), without another query."""

from django import template

from malbild.core.events import event_label

from .malbild import audit_changes, related_names

register = template.Library()


@register.filter(name="event_label")
def audit_event_label(entry) -> str:
    """What happened, in words: the event's registered label (or one derived from it)."""
    if not entry.event:
        return ""
    return event_label(entry.event, model_label=entry.model, action=entry.action)


@register.simple_tag(takes_context=True)
def history_view(context, entries) -> dict:
    """`{% history_view entries as h %}` → `h.entries` (filtered by the request's `event`),
    each with `change_rows` (label, before, after) in words, `h.events` (code, label) of the
    events present, `h.current` (the chosen code). Names of related rows are read for all
    entries at once (one query per related model)."""
    entries = list(entries or [])
    request = context.get("request")
    current = request.GET.get("event", "") if request is not None else ""
    events = sorted(
        {(e.event, audit_event_label(e)) for e in entries if e.event}, key=lambda pair: pair[1]
    )
    if current and current in {code for code, _ in events}:
        entries = [e for e in entries if e.event == current]
    else:
        current = ""
    names = related_names(entries)
    for e in entries:
        e.change_rows = audit_changes(e, names)
    return {"entries": entries, "events": events, "current": current}
