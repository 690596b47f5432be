"""The whole series of an indicator for its page: baseline, targets and every approved value
reported in any follow-up period, as a chart (matplotlib SVG with a text alternative) and the
same data as a table.

Follow-up sits above strategy: the values are read through the reverse relation that
followup declares on the indicator (`indicator.followup_values`), never by importing it.
"""

from django.utils.translation import gettext as _

from malbild.web.formatting import value_with_unit

#: The state of an approved follow-up contribution (followup.constants.ContributionState).
APPROVED = "approved"


def approved_values(indicator) -> list:
    """The indicator's approved values of every period, oldest first (one query)."""
    return list(
        indicator.followup_values.filter(state=APPROVED)
        .select_related("period")
        .order_by("period__end", "period__start", "pk")
    )


def indicator_series(indicator, targets: list) -> dict:
    """`series_table` (one row a year: baseline, target, approved values with their period)
    and `series_chart` (a trend chart spec with `src` and `alt`, None for an indicator with
    no numbers)."""
    unit = indicator.unit
    values = approved_values(indicator)
    years: dict[int, dict] = {}

    def row(year: int) -> dict:
        return years.setdefault(year, {"baseline": "", "target": "", "measured": []})

    if indicator.baseline_year is not None and indicator.baseline_value is not None:
        row(indicator.baseline_year)["baseline"] = value_with_unit(indicator.baseline_value, unit)
    for t in targets:
        shown = value_with_unit(t.value, unit) if t.value is not None else ""
        row(t.year)["target"] = " – ".join(p for p in (shown, t.text) if p)
    for v in values:
        shown = value_with_unit(v.value, unit) if v.value is not None else v.text
        row(v.period.end.year)["measured"].append(f"{shown} ({v.period.label})")
    table = {
        "key": "indicator-series",
        "title": _("Baseline, targets and approved values of “%(name)s”")
        % {"name": indicator.name},
        "columns": [_("Year"), _("Baseline"), _("Target"), _("Approved value (period)")],
        "rows": [
            [str(y), r["baseline"] or "–", r["target"] or "–", "; ".join(r["measured"]) or "–"]
            for y, r in sorted(years.items())
        ],
    }
    measured = [(v.period.end.year, v.value) for v in values if v.value is not None]
    planned = []
    if indicator.baseline_value is not None and indicator.baseline_year is not None:
        planned.append((indicator.baseline_year, indicator.baseline_value))
    planned += [(t.year, t.value) for t in targets if t.value is not None]
    chart = None
    if measured or planned:
        last = measured[-1] if measured else None
        later = [t for t in targets if t.value is not None]
        alt = _(
            "%(name)s: %(n)s approved values; latest %(latest)s; baseline %(baseline)s; "
            "last target %(target)s."
        ) % {
            "name": indicator.name,
            "n": len(measured),
            "latest": f"{value_with_unit(last[1], unit)} ({last[0]})" if last else "–",
            "baseline": (
                f"{value_with_unit(indicator.baseline_value, unit)} ({indicator.baseline_year})"
                if indicator.baseline_value is not None
                else "–"
            ),
            "target": (
                f"{value_with_unit(later[-1].value, unit)} ({later[-1].year})" if later else "–"
            ),
        }
        series = [{"label": _("Approved values"), "points": measured}]
        if planned:
            series.append({"label": _("Baseline and targets"), "points": planned})
        chart = {
            "kind": "trend",
            "title": indicator.name,
            "ylabel": unit,
            "series": series,
            "alt": alt,
        }
    return {"series_table": table, "series_chart": chart}
