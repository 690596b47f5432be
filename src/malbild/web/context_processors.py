"""Template context shared by every page: the current organisation and its navigation.

Each app adds its pages to NAVIGATION by URL name; a name that does not resolve (an app not
installed) is skipped, so the base template never breaks."""

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from malbild.core.access import read_roles

NAVIGATION = [
    ("organisation:overview", _("Overview")),
    ("strategy:document-list", _("Documents")),
    ("actionplan:activity-list", _("Activities")),
    ("strategy:indicator-list", _("Indicators")),
    ("consultation:round-list", _("Consultations")),
    ("followup:period-list", _("Follow-up")),
    ("followup:concern", _("Municipal group")),
    ("financing:allocation-overview", _("Cost allocation")),
    ("strategy:decision-list", _("Decisions")),
    ("cases:case-list", _("Cases")),
    ("catalogue:item-list", _("Catalogue")),
    ("organisation:body-list", _("Bodies")),
]
RESPONDENT_NAVIGATION = [item for item in NAVIGATION if item[0] == "consultation:round-list"]


def navigation(request):
    # The access resolved for this request (core.access.request_access), if the page is an
    # organisation's; never resolved here, so an error page cannot fail on it.
    access = getattr(request, "access", None)
    org = getattr(access, "organisation", None)
    roles = getattr(access, "roles", frozenset())
    items = []
    if org is not None:
        path = request.path
        # A respondent-only role (no reading role) reaches only the consultations.
        navigation = NAVIGATION if roles & read_roles() else RESPONDENT_NAVIGATION
        for name, label in navigation:
            try:
                url = reverse(name, kwargs={"org": org.slug})
            except NoReverseMatch:
                continue
            overview = name == "organisation:overview"
            current = path == url if overview else path.startswith(url)
            items.append({"url": url, "label": label, "current": current})
    return {
        "current_org": org,
        "current_roles": roles,
        "nav_items": items,
    }
