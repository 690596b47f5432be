"""The activity's field tuple: its form, its detail page and its snapshot derive from it
(as strategy/fields.py does for the document's own item kinds)."""

ACTIVITY_FIELDS = (
    "number",
    "title",
    "description",
    "status",
    "priority",
    "responsible_body",
    "co_responsible_bodies",
    "start_year",
    "end_year",
    "focus_areas",
    "primary_focus_area",
    "goals",
    "catalogue_items",
)
# On the detail page: the title is the heading; the description and what the activity serves
# (primary and other focus areas, goals, systems) have sections of their own.
ACTIVITY_FACT_FIELDS = tuple(
    f
    for f in ACTIVITY_FIELDS
    if f
    not in ("title", "description", "focus_areas", "primary_focus_area", "goals", "catalogue_items")
)
