"""Kolada on the indicator pages: the peer comparison (the organisation's Kolada series beside
its comparison municipalities and the whole country, as a chart and a table), the state of
the last sync, and the KPI search of the indicator form.

The values are those malbild.kolada stored at the last sync (a layer below strategy); the
sync itself, its jobs and conflicts are the follow-up's (malbild.followup.kolada), read here
through the reverse relations it declares on the indicator, and reached by URL name.
"""

from django.utils.translation import gettext as _

from malbild.kolada.client import KoladaError
from malbild.kolada.models import RIKET
from malbild.kolada.selectors import kpi_search, municipality_names, stored_values
from malbild.kolada.services import kolada_client
from malbild.web.formatting import value_with_unit

from ..constants import IndicatorSource

#: The state of an open conflict (followup.constants.KoladaConflictState).
OPEN = "open"


def comparison_ids(organisation) -> list[str]:
    ids = [organisation.kolada_id, *organisation.kolada_peer_ids, RIKET]
    return [m for i, m in enumerate(ids) if m and m not in ids[:i]]


def peer_comparison(indicator, organisation) -> dict:
    """`peer_table` and `peer_chart` (None without stored values), `peer_fetched_at` (the
    latest fetch) for an indicator from Kolada; two queries whatever the number of years."""
    if indicator.source != IndicatorSource.KOLADA or not indicator.kolada_kpi:
        return {}
    ids = comparison_ids(organisation)
    values = stored_values(kpi=indicator.kolada_kpi, municipalities=ids) if ids else []
    names = municipality_names(ids)
    if organisation.kolada_id:
        names[organisation.kolada_id] = organisation.name
    unit = indicator.unit
    by_muni: dict[str, dict[int, object]] = {m: {} for m in ids}
    for v in values:
        if v.value is not None:
            by_muni[v.municipality][v.year] = v.value
    years = sorted({y for series in by_muni.values() for y in series})
    shown = [m for m in ids if by_muni[m]]
    table = {
        "key": "kolada-peers",
        "title": _("“%(name)s” in Kolada, compared") % {"name": indicator.name},
        "columns": [_("Year"), *[names[m] for m in shown]],
        "rows": [
            [str(y), *[value_with_unit(by_muni[m].get(y), unit) for m in shown]] for y in years
        ],
    }
    chart = None
    if years:
        latest = years[-1]
        alt = _("%(name)s, %(first)s–%(last)s, from Kolada. In %(last)s: %(values)s.") % {
            "name": indicator.name,
            "first": years[0],
            "last": latest,
            "values": "; ".join(
                f"{names[m]} {value_with_unit(by_muni[m].get(latest), unit)}" for m in shown
            ),
        }
        chart = {
            "kind": "trend",
            "title": _("%(name)s compared (Kolada)") % {"name": indicator.name},
            "ylabel": unit,
            "series": [{"label": names[m], "points": sorted(by_muni[m].items())} for m in shown],
            "alt": alt,
        }
    fetched = max((v.fetched_at for v in values), default=None)
    return {
        "peer_table": table,
        "peer_chart": chart,
        "peer_fetched_at": fetched,
        "peer_missing": [names[m] for m in ids if not by_muni[m]] if values else [],
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
