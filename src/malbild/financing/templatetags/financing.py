"""`{% activity_cost_allocation activity as panel %}`: the activity page's cost allocation
beside its budget. The activity app (a lower layer) includes `financing/_activity_panel.html`
by name and never imports this app; the tag reads through `financing.selectors`."""

from django import template

from .. import selectors

register = template.Library()


@register.simple_tag
def activity_cost_allocation(activity) -> dict:
    """The activity's rule and table, and the shared projects it is part of (fixed queries)."""
    return selectors.activity_allocation(activity)
