"""The catalogue item's field tuple: its form and its update service's allow-list derive from
it (as strategy/fields.py does for the document's item kinds)."""

CATALOGUE_ITEM_FIELDS = (
    "kind",
    "name",
    "description",
    "owning_body",
    "system_owner",
    "system_manager",
    "url",
    "usage_measure",
)
