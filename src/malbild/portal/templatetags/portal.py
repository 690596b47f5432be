"""Template tags of the portal."""

from django import template
from django.urls import NoReverseMatch, reverse

register = template.Library()

#: URL names of the open-data pages (CSV, JSON, DCAT-AP-SE catalogue under /o/<org>/data/),
#: built by another app; the first that resolves is linked from every portal page.
OPEN_DATA_URL_NAMES = ("opendata:index", "opendata:catalog")


@register.simple_tag
def open_data_url(organisation) -> str:
    """The address of the organisation's open data, or "" while no app provides it."""
    for name in OPEN_DATA_URL_NAMES:
        try:
            return reverse(name, kwargs={"org": organisation.slug})
        except NoReverseMatch:
            continue
    return ""
