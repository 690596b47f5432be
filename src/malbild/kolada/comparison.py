"""An indicator's Kolada values beside the comparison municipalities and the whole country, as
the pages show them: a table (a row per year, a column per municipality), a trend chart for
the reports' SVG charts and a sentence in words. Built from the values as last fetched (no
network); shared by the internal indicator page (strategy) and the public portal, which know
the indicator as a model and as a frozen snapshot item respectively, so it takes only the
KPI, the indicator's name and its unit."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from malbild.web.formatting import value_with_unit

from .models import RIKET, KoladaValue
from .selectors import municipality_names


def comparison_ids(organisation) -> list[str]:
    """The municipalities compared: the organisation's own, its peers, the country (Riket)."""
    ids = [organisation.kolada_id, *organisation.kolada_peer_ids, RIKET]
    return [m for i, m in enumerate(ids) if m and m not in ids[:i]]


@dataclass
class Comparison:
    """The stored values of one KPI per compared municipality (`ids`, in order: the
    organisation's own first, Riket last) and year."""

    kpi: str
    ids: list[str]
    names: dict[str, str]
    own: str
    by_municipality: dict[str, dict[int, Decimal]] = field(default_factory=dict)
    fetched_at: object = None
    any_stored: bool = False

    @property
    def years(self) -> list[int]:
        return sorted({y for series in self.by_municipality.values() for y in series})

    @property
    def shown(self) -> list[str]:
        """The municipalities with at least one value."""
        return [m for m in self.ids if self.by_municipality[m]]

    @property
    def missing(self) -> list[str]:
        """The names of the compared municipalities Kolada has no value for (only said when
        anything at all was fetched)."""
        if not self.any_stored:
            return []
        return [self.names[m] for m in self.ids if not self.by_municipality[m]]


def comparisons_get(*, organisation, kpis) -> dict[str, Comparison]:
    """KPI → the stored values of that KPI for the organisation, its peers and Riket, the
    municipalities named as Kolada names them (the organisation by its own name). Two
    queries whatever the number of KPIs, years and municipalities."""
    kpis = [k for i, k in enumerate(kpis) if k and k not in kpis[:i]]
    ids = comparison_ids(organisation)
    values = (
        list(
            KoladaValue.objects.filter(kpi__in=kpis, municipality__in=ids).order_by(
                "kpi", "municipality", "year"
            )
        )
        if ids and kpis
        else []
    )
    names = municipality_names(ids)
    if organisation.kolada_id:
        names[organisation.kolada_id] = organisation.name
    found = {
        kpi: Comparison(
            kpi=kpi,
            ids=ids,
            names=names,
            own=organisation.kolada_id or "",
            by_municipality={m: {} for m in ids},
        )
        for kpi in kpis
    }
    for v in values:
        comparison = found[v.kpi]
        comparison.any_stored = True
        if comparison.fetched_at is None or v.fetched_at > comparison.fetched_at:
            comparison.fetched_at = v.fetched_at
        if v.value is not None:
            comparison.by_municipality[v.municipality][v.year] = v.value
    return found


def comparison_get(*, organisation, kpi: str) -> Comparison:
    """The comparison of one KPI (see `comparisons_get`); two queries."""
    found = comparisons_get(organisation=organisation, kpis=[kpi])
    return found.get(kpi) or Comparison(
        kpi=kpi,
        ids=comparison_ids(organisation),
        names={},
        own=organisation.kolada_id or "",
        by_municipality={m: {} for m in comparison_ids(organisation)},
    )


def comparison_data(comparison: Comparison) -> dict:
    """The comparison as plain data (open data): per municipality its Kolada id, name, whether
    it is the organisation itself, and its values by year (exact decimals as text, "70.5")."""
    return {
        "kpi": comparison.kpi,
        "fetched_at": comparison.fetched_at.isoformat() if comparison.fetched_at else None,
        "municipalities": [
            {
                "kolada_id": m,
                "name": comparison.names.get(m, m),
                "own": m == comparison.own,
                "values": [
                    {"year": year, "value": format(value.normalize(), "f")}
                    for year, value in sorted(comparison.by_municipality[m].items())
                ],
            }
            for m in comparison.ids
        ],
    }


def comparison_sentence(comparison: Comparison, *, name: str, unit: str) -> str:
    """The comparison in words: the years covered and the latest year's values, the
    organisation's own first ("" without values)."""
    years = comparison.years
    if not years:
        return ""
    latest = years[-1]
    by_muni = comparison.by_municipality
    return _("%(name)s, %(first)s–%(last)s, from Kolada. In %(last)s: %(values)s.") % {
        "name": name,
        "first": years[0],
        "last": latest,
        "values": "; ".join(
            f"{comparison.names[m]} {value_with_unit(by_muni[m].get(latest), unit)}"
            for m in comparison.shown
        ),
    }


def comparison_table(comparison: Comparison, *, name: str, unit: str) -> dict:
    """The values as a report table: a row per year, a column per municipality."""
    shown = comparison.shown
    return {
        "key": "kolada-peers",
        "title": _("“%(name)s” in Kolada, compared") % {"name": name},
        "columns": [_("Year"), *[comparison.names[m] for m in shown]],
        "rows": [
            [str(y), *[value_with_unit(comparison.by_municipality[m].get(y), unit) for m in shown]]
            for y in comparison.years
        ],
    }


def comparison_chart(comparison: Comparison, *, name: str, unit: str) -> dict | None:
    """A trend chart of every compared municipality's series (None without values)."""
    if not comparison.years:
        return None
    return {
        "kind": "trend",
        "title": _("%(name)s compared (Kolada)") % {"name": name},
        "ylabel": unit,
        "series": [
            {"label": comparison.names[m], "points": sorted(comparison.by_municipality[m].items())}
            for m in comparison.shown
        ],
        "alt": comparison_sentence(comparison, name=name, unit=unit),
    }
