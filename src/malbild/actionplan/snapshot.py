"""Activities in document snapshots: registered with strategy's snapshot registry from
`ActionplanConfig.ready`, so strategy never imports actionplan."""

from django.utils.translation import gettext_lazy as _

from malbild.core.audit import json_value
from malbild.strategy.snapshot import ItemKind, SnapshotItems, item_fields, register_snapshot_items

from .constants import BudgetKind
from .fields import ACTIVITY_FIELDS


def activity_items(document) -> list[dict]:
    """The document's activities in number order, with budget lines `{uid, year, kind,
    amount, source}` (fixed number of queries)."""
    from .models import Activity

    activities = (
        Activity.objects.filter(document=document)
        .select_related("responsible_body", "primary_focus_area")
        .prefetch_related(
            "focus_areas", "goals", "co_responsible_bodies", "catalogue_items", "budget_lines"
        )
        .order_by("number", "title", "id")
    )
    items = []
    for act in activities:
        fields = item_fields(act, ACTIVITY_FIELDS)
        fields["budget"] = [
            {
                "uid": str(b.uid),
                "year": b.year,
                "kind": b.kind,
                "amount": json_value(b.amount),
                "source": b.financing_source,
            }
            for b in sorted(act.budget_lines.all(), key=lambda b: (b.year, b.kind, b.pk))
        ]
        # Placed under its primary focus area (snapshots before it existed used the first).
        fas = list(act.focus_areas.all())
        parent = act.primary_focus_area or (fas[0] if fas else None)
        items.append(
            {
                "uid": str(act.uid),
                "type": "activity",
                "label": str(act),
                "parent": str(parent.uid) if parent else None,
                "fields": fields,
            }
        )
    return items


def register() -> None:
    from .models import Activity

    kind = ItemKind(
        "activity",
        _("Activity"),
        Activity,
        ACTIVITY_FIELDS,
        extra_labels={"budget": _("budget")},
        choices={"budget.kind": BudgetKind.choices},
    )
    register_snapshot_items(
        "actionplan", SnapshotItems(kinds=(kind,), items=activity_items, position=50)
    )
