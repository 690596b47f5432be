"""One field tuple per item kind of a steering document. The snapshot (`strategy.snapshot`),
the item's detail page and its form all derive from these, so a field added here is frozen,
shown and edited alike. Activities have theirs in `actionplan/fields.py`."""

from decimal import Decimal

from malbild.web.formatting import number

DOCUMENT_FIELDS = (
    "kind",
    "title",
    "summary",
    "period_start",
    "period_end",
    "parent",
    "owning_body",
    "process_owner",
    "registry_number",
    "status",
)
# Changed through the workflow (document_transition), not through the document form.
DOCUMENT_WORKFLOW_FIELDS = ("status",)
SECTION_FIELDS = ("heading", "body", "order")
OVERALL_GOAL_FIELDS = ("title", "description", "order")
FOCUS_AREA_FIELDS = ("number", "title", "goal_text", "description", "overall_goals", "order")
GOAL_FIELDS = ("title", "description", "order")
INDICATOR_FIELDS = (
    "name",
    "definition",
    "unit",
    "direction",
    "kind",
    "measure_type",
    "baseline_value",
    "baseline_year",
    "source",
    "kolada_kpi",
    "eservice",
    "responsible_body",
    "focus_areas",
    "goals",
    "order",
)
DECISION_FIELDS = (
    "body",
    "kind",
    "date",
    "paragraph",
    "registry_number",
    "title",
    "text",
    "document",
    "version",
    "distribution",
)


def form_fields(fields: tuple[str, ...], *, exclude: tuple[str, ...] = ()) -> list[str]:
    """`Meta.fields` of a model form built from a kind's tuple."""
    return [f for f in fields if f not in exclude]


def display_rows(obj, names) -> list[tuple[str, str]]:
    """(label, readable value) of `obj`'s fields `names`, for its detail page: choices by their
    label, relations by name, decimals without trailing zeros; "" when empty."""
    rows = []
    for name in names:
        field = obj._meta.get_field(name)
        value = getattr(obj, name)
        if field.many_to_many:
            text = ", ".join(str(o) for o in value.all())
        elif field.choices:
            text = getattr(obj, f"get_{name}_display")() if value not in (None, "") else ""
        elif field.is_relation:
            text = str(value or "")
        elif isinstance(value, Decimal):
            text = number(value)
        else:
            text = "" if value is None else str(value)
        rows.append((field.verbose_name, text))
    return rows
