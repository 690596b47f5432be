"""Kolada on the indicator pages: the peer comparison (the organisation's Kolada series beside
its comparison municipalities and the whole country, as a chart and a table), the state of
the last sync, and the KPI search of the indicator form.

The values are those malbild.kolada stored at the last sync (a layer below strategy; the
comparison itself is built by malbild.kolada.comparison, which the public portal uses too); the
sync itself, its jobs and conflicts are the follow-up's (malbild.followup.kolada), read here
through the reverse relations it declares on the indicator, and reached by URL name.
"""

from django.utils.translation import gettext as _

from malbild.kolada.client import KoladaError
from malbild.kolada.comparison import comparison_chart, comparison_get, comparison_table
from malbild.kolada.selectors import kpi_search
from malbild.kolada.services import kolada_client

from ..constants import IndicatorSource

#: The state of an open conflict (followup.constants.KoladaConflictState).
OPEN = "open"


def peer_comparison(indicator, organisation) -> dict:
    """`peer_table` and `peer_chart` (None without stored values), `peer_fetched_at` (the
    latest fetch) for an indicator from Kolada; two queries whatever the number of years."""
    if indicator.source != IndicatorSource.KOLADA or not indicator.kolada_kpi:
        return {}
    found = comparison_get(organisation=organisation, kpi=indicator.kolada_kpi)
    shown = {"name": indicator.name, "unit": indicator.unit}
    return {
        "peer_table": comparison_table(found, **shown),
        "peer_chart": comparison_chart(found, **shown),
        "peer_fetched_at": found.fetched_at,
        "peer_missing": found.missing,
    }


def kolada_state(indicator) -> dict:
    """The last sync job of the indicator and its open conflicts (two queries)."""
    if indicator.source != IndicatorSource.KOLADA:
        return {}
    return {
        "kolada_last_job": indicator.kolada_sync_jobs.order_by("-created_at", "-pk").first(),
        "kolada_conflicts": indicator.followup_values.filter(kolada_conflict__state=OPEN).count(),
    }


def kpi_search_results(query: str) -> tuple[list, str]:
    """(KPIs whose title contains `query`, an error message or "")."""
    try:
        return kpi_search(client=kolada_client(retries=1), query=query), ""
    except KoladaError:
        return [], _("Kolada could not be reached or answered an error; try again later.")
