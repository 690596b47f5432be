"""Panels of lower apps' pages, included by template name (those apps never import this one):

- `{% activity_cost_allocation activity as panel %}`: the activity page's cost allocation
  beside its budget (`financing/_activity_panel.html`);
- `{% shared_project_shares access as shares %}`: the document page's shared projects with
  the organisation's own share (`financing/_document_panel.html`), for owner and participant.
"""

from django import template

from .. import selectors

register = template.Library()


@register.simple_tag
def activity_cost_allocation(activity) -> dict:
    """The activity's rule and table, and the shared projects it is part of (fixed queries)."""
    return selectors.activity_allocation(activity)


@register.simple_tag
def shared_project_shares(access) -> dict:
    """The projects the organisation owns or takes part in and its share per year."""
    return selectors.shared_project_shares(access=access)
