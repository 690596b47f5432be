"""The cases (ärenden) that led to a document — motions, proposals and decisions with their
outcome — for the document's page.

Cases live in an app above strategy; they are read here only through the reverse relation
`document.cases` that the cases app declares (docs/development.md, "Layers"), never imported.
"""

from typing import Any

from django.utils.text import capfirst

from .models import SteeringDocument


def document_case_history(document: SteeringDocument) -> list[dict[str, Any]]:
    """The document's cases, oldest first, each with its events in date order: dicts of
    `case` and `events` (`date`, `kind` label, `text`). A fixed number of queries; empty when
    the cases app is not installed."""
    try:
        SteeringDocument._meta.get_field("cases")
    except Exception:  # noqa: BLE001 - FieldDoesNotExist: no cases app
        return []
    cases = list(
        document.cases.select_related("responsible_body")
        .prefetch_related(
            "motions",
            "assignments__assigned_to",
            "proposals__from_body",
            "proposals__to_body",
            "case_decisions__decision__body",
        )
        .order_by("created_at", "id")
    )
    history = []
    for case in cases:
        events: list[tuple] = []
        for m in case.motions.all():
            party = f" ({m.party})" if m.party else ""
            events.append((m.date, 0, m._meta.verbose_name, f"{m.title} – {m.author}{party}"))
        for a in case.assignments.all():
            events.append((a.date, 1, a._meta.verbose_name, f"{a.assigned_to}: {a.description}"))
        for p in case.proposals.all():
            text = f"{p} → {p.to_body}: {p.get_proposed_outcome_display()}"
            events.append((p.date, 2, p._meta.verbose_name, text))
        for link in case.case_decisions.all():
            d = link.decision
            text = f"{d.reference}: {link.get_outcome_display()}"
            events.append((d.date, 3, d._meta.verbose_name, text, d))
        events.sort(key=lambda e: (e[0], e[1]))
        history.append(
            {
                "case": case,
                "events": [
                    {
                        "date": e[0],
                        "kind": capfirst(str(e[2])),
                        "text": e[3],
                        "decision": e[4] if len(e) > 4 else None,
                    }
                    for e in events
                ],
            }
        )
    return history
