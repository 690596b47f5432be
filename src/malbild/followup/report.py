"""The annual report of a follow-up period as one structure of sections, paragraphs, tables
and charts. Every renderer in malbild.reports (web page, PDF, DOCX, XLSX) walks this
structure, so all formats carry the same content; for a closed period it is built from the
frozen snapshot, so the same period always gives the same report.

This module knows the follow-up domain; malbild.reports only renders the structure and knows
no domain app (followup imports reports, never the reverse).

The structure is malbild.reports' (docs/guide/documents.md): sections of blocks, a table is
{"key", "title", "kind", "kind_label", "columns", "rows"}, and its cells are typed where they
are figures — amounts `Amount`, counts and percentages `Number`, statuses `Status` — so the
XLSX file has numbers a controller can sum and the page shows the status badges.
"""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from malbild.actionplan.constants import ActivityStatus, BudgetKind
from malbild.reports.cells import Amount, Number
from malbild.reports.cells import Status as StatusCell
from malbild.web.formatting import amount as fmt_number
from malbild.web.formatting import percent
from malbild.web.formatting import value_with_unit as fmt_value

from .constants import Answer, PeriodKind, Status
from .data import primary_focus_area_id


def status_label(value: str | None) -> str:
    return str(Status(value).label) if value in Status.values else "–"


def activity_status_label(value: str | None) -> str:
    return str(ActivityStatus(value).label) if value in ActivityStatus.values else "–"


def _year(value) -> Number:
    return Number(value, grouping=False)


def _sek(value) -> Amount:
    """An amount in a column whose heading says "(SEK)"."""
    return Amount(value, unit="")


def _measured(value, unit: str) -> Number:
    return Number(value, (unit or "").strip())


def _kind(table: dict, kind: str, label) -> dict:
    """`table` as one of the report's tables of `kind` (one XLSX sheet, named `label`)."""
    return {**table, "kind": kind, "kind_label": str(label)}


def _target_text(ind: dict) -> str:
    t = ind.get("target")
    if not t:
        return "–"
    shown = fmt_value(t[1], ind["unit"]) if t[1] is not None else t[2]
    return f"{shown} ({t[0]})"


def assessed_status_text(item: dict) -> str:
    """The status of an indicator, goal or focus area; when a strategist has assessed it, the
    reason and the computed status beside it, and whether it was set by an amendment after
    closing."""
    text = status_label(item["status"])
    override = item.get("override")
    if override:
        template = (
            _("assessed after closing (amendment): %(reason)s (computed: %(computed)s)")
            if override.get("amended")
            else _("assessed: %(reason)s (computed: %(computed)s)")
        )
        text += " – " + template % {
            "reason": override["reason"],
            "computed": status_label(item.get("computed_status")),
        }
    return text


def _counted(counts: dict, n_text: str, none_text: str, *, behind: int = 0) -> str | None:
    """ "3 of 4 activities on track, 1 at risk (1 behind its time); 1 without data" for one
    kind of item (None when there is none); `none_text` when none of them has data."""
    counted = sum(counts.get(s, 0) for s in (Status.ON_TRACK, Status.AT_RISK, Status.OFF_TRACK))
    no_data = counts.get(Status.NO_DATA, 0)
    if not counted:
        return none_text % {"n": no_data} if no_data else None
    text = n_text % {"on": counts.get(Status.ON_TRACK, 0), "n": counted}
    for status, label in ((Status.AT_RISK, _("at risk")), (Status.OFF_TRACK, _("off track"))):
        if counts.get(status):
            text += f", {counts[status]} {label}"
    if behind:
        text += " " + ngettext("(%(n)s behind its time)", "(%(n)s behind their time)", behind) % {
            "n": behind
        }
    if no_data:
        text += "; " + _("%(n)s without data (not counted)") % {"n": no_data}
    return text


def rollup_explanation(basis: dict | None) -> str:
    """What a roll-up counted and how, in words: "2 of 3 indicators on track, 1 at risk;
    3 of 4 activities on track, 1 at risk (1 behind its time)". Empty without a basis."""
    if not basis:
        return ""
    ind = basis["indicators"]
    act = basis["activities"]
    scored = (Status.ON_TRACK, Status.AT_RISK, Status.OFF_TRACK)
    n_ind = sum(ind.get(s, 0) for s in scored)
    n_act = sum(act.get(s, 0) for s in scored)
    parts = [
        _counted(
            ind,
            ngettext(
                "%(on)s of %(n)s indicator on track", "%(on)s of %(n)s indicators on track", n_ind
            ),
            ngettext(
                "%(n)s indicator without data (not counted)",
                "%(n)s indicators without data (not counted)",
                ind.get(Status.NO_DATA, 0),
            ),
        ),
        _counted(
            act,
            ngettext(
                "%(on)s of %(n)s activity on track", "%(on)s of %(n)s activities on track", n_act
            ),
            ngettext(
                "%(n)s activity without data (not counted)",
                "%(n)s activities without data (not counted)",
                act.get(Status.NO_DATA, 0),
            ),
            behind=basis.get("activities_behind", 0),
        ),
    ]
    parts = [p for p in parts if p]
    return "; ".join(parts) if parts else _("nothing with data to count")


def status_with_basis(item: dict) -> str:
    """The assessed status text followed by what the roll-up counted."""
    text = assessed_status_text(item)
    basis = rollup_explanation(item.get("basis"))
    return f"{text} ({basis})" if basis else text


def indicator_trend_chart(ind: dict) -> dict:
    """Measured values over all periods against the expected path and the targets."""
    points = [(s["year"], s["value"]) for s in ind["series"]]
    path = []
    if ind["baseline_value"] is not None:
        path.append((ind["baseline_year"], ind["baseline_value"]))
    path += [(t[0], t[1]) for t in ind["targets"] if t[1] is not None]
    series = [{"label": _("Measured"), "points": points}]
    if path:
        series.append({"label": _("Baseline and targets"), "points": path})
    rows = sorted({y for y, _v in points} | {y for y, _v in path})
    measured = dict(points)
    planned = dict(path)
    table = {
        "key": f"trend-{ind['uid'][:8]}",
        "title": _("Trend: %(name)s") % {"name": ind["name"]},
        "columns": [_("Year"), _("Measured"), _("Baseline or target")],
        "rows": [
            [
                _year(y),
                _measured(measured.get(y), ind["unit"]),
                _measured(planned.get(y), ind["unit"]),
            ]
            for y in rows
        ],
    }
    table = _kind(table, "indicator-trends", _("Indicator trends"))
    last = points[-1] if points else None
    alt = _("%(name)s: %(n)s measured values; latest %(latest)s; target %(target)s.") % {
        "name": ind["name"],
        "n": len(points),
        "latest": f"{fmt_value(last[1], ind['unit'])} ({last[0]})" if last else "–",
        "target": _target_text(ind),
    }
    return {
        "kind": "trend",
        "title": ind["name"],
        "ylabel": ind["unit"],
        "series": series,
        "alt": alt,
        "table": table,
    }


def status_distribution_chart(groups: list[tuple[str, dict]], title: str, key: str) -> dict:
    statuses = list(ActivityStatus)
    table = {
        "key": key,
        "title": title,
        "columns": [_("Name")] + [str(s.label) for s in statuses] + [_("Total")],
        "rows": [
            [name]
            + [Number(counts.get(s.value, 0)) for s in statuses]
            + [Number(sum(counts.values()))]
            for name, counts in groups
        ],
    }
    table = _kind(table, "status-distribution", _("Status of activities"))
    alt = "; ".join(
        f"{name}: "
        + ", ".join(
            f"{counts.get(s.value, 0)} {str(s.label).lower()}"
            for s in statuses
            if counts.get(s.value)
        )
        for name, counts in groups
    )
    return {
        "kind": "stacked",
        "title": title,
        "xlabel": _("Number of activities"),
        "categories": [name[:40] for name, _c in groups],
        "series": [
            {"label": str(s.label), "values": [counts.get(s.value, 0) for _n, counts in groups]}
            for s in statuses
        ],
        "alt": alt or _("No activities."),
        "table": table,
    }


def budget_chart(budget: list[dict], overview: dict | None = None) -> dict:
    """The whole plan's budget per year (every activity, also those that start later or ended
    earlier) against the outcome reported so far on each year's lines, with a total row."""
    kinds = [(BudgetKind.OPERATING, _("operating")), (BudgetKind.INVESTMENT, _("investment"))]
    series = []
    for kind, label in kinds:
        series.append(
            {
                "label": _("Budget, %(k)s") % {"k": label},
                "values": [r[f"{kind}_planned"] for r in budget],
            }
        )
        series.append(
            {
                "label": _("Outcome, %(k)s") % {"k": label},
                "values": [r[f"{kind}_spent"] for r in budget],
            }
        )
    rows = [
        [
            _year(r["year"]),
            _sek(r["operating_planned"]),
            _sek(r["operating_spent"]),
            _sek(r["investment_planned"]),
            _sek(r["investment_spent"]),
        ]
        for r in budget
    ]
    if overview is not None and budget:
        total = overview["total"]
        sums = {
            key: sum((_dec(r[key]) for r in budget), _dec(0))
            for key in (
                "operating_planned",
                "operating_spent",
                "investment_planned",
                "investment_spent",
            )
        }
        rows.append(
            [
                _("Whole plan period %(span)s") % {"span": _span(total)},
                _sek(sums["operating_planned"]),
                _sek(sums["operating_spent"]),
                _sek(sums["investment_planned"]),
                _sek(sums["investment_spent"]),
            ]
        )
    table = {
        "key": "budget",
        "kind": "budget-per-year",
        "kind_label": _("Budget per year"),
        "title": _("The whole plan's budget per year and the outcome reported so far (SEK)"),
        "columns": [
            _("Year"),
            _("Operating, budget"),
            _("Operating, outcome"),
            _("Investment, budget"),
            _("Investment, outcome"),
        ],
        "rows": rows,
    }
    alt = "; ".join(
        _("%(y)s: operating %(op)s of %(opp)s SEK, investment %(inv)s of %(invp)s SEK")
        % {
            "y": r["year"],
            "op": fmt_number(r["operating_spent"]),
            "opp": fmt_number(r["operating_planned"]),
            "inv": fmt_number(r["investment_spent"]),
            "invp": fmt_number(r["investment_planned"]),
        }
        for r in budget
    )
    return {
        "kind": "grouped",
        "title": table["title"],
        "ylabel": "SEK",
        "categories": [r["year"] for r in budget],
        "series": series,
        "alt": alt or _("No budget."),
        "table": table,
    }


def _dec(value):
    from decimal import Decimal

    return Decimal(str(value)) if value not in (None, "") else Decimal(0)


def _span(total: dict) -> str:
    first, last = total["first_year"], total["last_year"]
    return f"{first}–{last}" if first != last else str(first)


BUDGET_NOTE = gettext_lazy(
    "All amounts in SEK. Budgets are those of every activity of the plan, also those that "
    "start after this period or ended before it; outcomes are those reported in the "
    "follow-ups up to and including this period, on the lines of each year. Each activity is "
    "counted once, in its primary focus area."
)
INCOMPLETE_NOTE = gettext_lazy(
    "This period was closed before the report recorded the whole plan's budget: its budget "
    "figures cover only the activities of the period."
)


def budget_key_figures_table(kf: dict) -> dict:
    """The budget figures, each labelled with its year so that none is read against another
    year's: the year's budget and outcome (and the percentage), the whole plan period, and
    budget and outcome to date."""
    year = kf["year"]
    span = _span({"first_year": kf["plan_first_year"], "last_year": kf["plan_last_year"]})
    return {
        "key": "budget-key-figures",
        "kind": "key-figures",
        "kind_label": _("Key figures"),
        "title": _("Budget and outcome (SEK)"),
        "columns": [_("Key figure"), _("Value")],
        "rows": [
            [_("Budget %(year)s (the year's)") % {"year": year}, _sek(kf["budget_year"])],
            [_("Outcome %(year)s") % {"year": year}, _sek(kf["outcome_year"])],
            [
                _("Outcome %(year)s as a share of the year's budget") % {"year": year},
                Number(kf["outcome_year_percent"], "%"),
            ],
            [
                _("Budget for the whole plan period %(span)s") % {"span": span},
                _sek(kf["budget_plan"]),
            ],
            [
                _("Cumulative up to and including %(year)s: budget") % {"year": year},
                _sek(kf["budget_to_date"]),
            ],
            [
                _("Cumulative up to and including %(year)s: outcome") % {"year": year},
                _sek(kf["outcome_to_date"]),
            ],
            [
                _("Cumulative up to and including %(year)s: outcome as a share of the budget")
                % {"year": year},
                Number(kf["outcome_to_date_percent"], "%"),
            ],
        ],
    }


def budget_per_focus_area_table(overview: dict) -> dict:
    """The plan's budget per primary focus area, the activities without one, and the total:
    the rows add up to the whole plan's budget."""
    year = overview["year"]["year"]
    rows = [
        [
            fa["title"] if fa["focus_area_id"] is not None else _("Not linked to a focus area"),
            _sek(fa["year_planned"]),
            _sek(fa["planned"]),
        ]
        for fa in overview["focus_areas"]
    ]
    rows.append(
        [
            _("Total"),
            _sek(overview["year"]["planned"]),
            _sek(overview["total"]["planned"]),
        ]
    )
    return {
        "key": "budget-per-focus-area",
        "kind": "budget-per-focus-area",
        "kind_label": _("Budget per primary focus area"),
        "title": _("Budget per primary focus area (SEK; each activity counted once)"),
        "columns": [
            _("Primary focus area"),
            _("Budget %(year)s (the year's)") % {"year": year},
            _("Budget for the whole plan period %(span)s") % {"span": _span(overview["total"])},
        ],
        "rows": rows,
    }


def budget_blocks(data: dict) -> list[dict]:
    """The budget part of the summary: what the figures cover, the key figures and the budget
    per primary focus area."""
    overview = data["budget_overview"]
    blocks = [{"type": "paragraph", "text": str(BUDGET_NOTE)}]
    if not overview["complete"]:
        blocks.append({"type": "paragraph", "text": str(INCOMPLETE_NOTE)})
    blocks += [
        {"type": "table", "table": budget_key_figures_table(data["key_figures"])},
        {"type": "table", "table": budget_per_focus_area_table(overview)},
    ]
    return blocks


def progress_text(act: dict) -> str:
    """The reported progress; for an ongoing activity lagging behind its time also the
    expected progress ("10 % (expected 90 %)")."""
    text = percent(act["progress"])
    if act.get("behind"):
        text += " " + _("(expected %(p)s)") % {"p": percent(act["expected_progress"])}
    return text


def _activity_rows(acts: list[dict]) -> list[list[str]]:
    rows = []
    for a in acts:
        comment = a["comment"]
        for am in a.get("amendments", []):
            comment += " " + _("[Amended %(date)s: %(field)s %(old)s → %(new)s. %(reason)s]") % {
                "date": am.get("date", ""),
                "field": am["field"],
                "old": am["old_value"],
                "new": am["new_value"],
                "reason": am["reason"],
            }
        rows.append(
            [
                a["number"],
                a["title"],
                a["responsible_body"],
                StatusCell(a["status"] or "none", activity_status_label(a["status"])),
                progress_text(a) if a.get("behind") else Number(a["progress"], "%"),
                comment.strip() or "–",
            ]
        )
    return rows


def _activity_table(key: str, title: str, acts: list[dict]) -> dict:
    return {
        "key": key,
        "kind": "activities",
        "kind_label": _("Activities"),
        "title": title,
        "columns": [
            _("No."),
            _("Activity"),
            _("Responsible"),
            _("Status"),
            _("Progress"),
            _("Comment"),
        ],
        "rows": _activity_rows(acts),
    }


def indicator_table(key: str, title: str, inds: list[dict]) -> dict:
    rows = []
    for i in inds:
        value = _measured(i["value"], i["unit"]) if i["value"] is not None else (i["text"] or "–")
        for am in i.get("amendments", []):
            if am["field"] == "override":
                continue  # shown with the status
            value = f"{value} " + _("[amended from %(old)s: %(reason)s]") % {
                "old": am["old_value"] or "–",
                "reason": am["reason"],
            }
        rows.append(
            [
                i["name"],
                fmt_value(i["baseline_value"], i["unit"])
                + (f" ({i['baseline_year']})" if i["baseline_year"] else ""),
                value,
                _measured(i["expected"], i["unit"]),
                _target_text(i),
                StatusCell(i["status"] or "no_data", assessed_status_text(i)),
            ]
        )
    return {
        "key": key,
        "kind": "indicators",
        "kind_label": _("Indicators"),
        "title": title,
        "columns": [
            _("Indicator"),
            _("Baseline"),
            _("Measured"),
            _("Expected"),
            _("Target"),
            _("Status"),
        ],
        "rows": rows,
    }


def _budget_table(key: str, title: str, acts: list[dict]) -> dict:
    rows = []
    for a in acts:
        for line in a["budget"]:
            rows.append(
                [
                    f"{a['number']} {a['title']}".strip(),
                    _year(line["year"]),
                    str(BudgetKind(line["kind"]).label),
                    _sek(line["planned"]),
                    _sek(line["spent"]),
                    _sek(line["spent_to_date"]),
                ]
            )
    return {
        "key": key,
        "kind": "budget-lines",
        "kind_label": _("Budget lines"),
        "title": title,
        "columns": [
            _("Activity"),
            _("Year"),
            _("Kind"),
            _("Planned (SEK)"),
            _("Outcome in period (SEK)"),
            _("Outcome to date (SEK)"),
        ],
        "rows": rows,
    }


def _focus_area_budget_blocks(prefix: str, fa: dict, acts: list[dict], fa_order: dict) -> list:
    """The budget lines of the activities whose primary focus area `fa` is, with their total;
    the activities that also serve it are named, their budget counted in their primary area."""
    own = [a for a in acts if primary_focus_area_id(a, fa_order) == fa["id"]]
    others = [a for a in acts if primary_focus_area_id(a, fa_order) != fa["id"]]
    blocks = []
    table = _budget_table(
        f"{prefix}-budget",
        _("Budget of the activities whose primary focus area this is"),
        own,
    )
    if table["rows"]:
        planned = sum((_dec(line["planned"]) for a in own for line in a["budget"]), _dec(0))
        table["rows"].append([_("Total"), "", "", _sek(planned), "", ""])
        blocks.append({"type": "table", "table": table})
    if others:
        blocks.append(
            {
                "type": "paragraph",
                "text": _(
                    "Also contribute to this area, their budget counted in their primary focus "
                    "area: %(list)s."
                )
                % {"list": "; ".join(_name(a) for a in others)},
            }
        )
    return blocks


def _name(item: dict) -> str:
    return f"{item['number']} {item['title']}".strip()


def _has_trend(ind: dict) -> bool:
    return ind["kind"] != "qualitative" and bool(ind["series"] or ind["targets"])


def report_title(data: dict) -> str:
    if len(data.get("levels", [])) > 1:
        return _("Follow-up %(period)s: %(document)s and the plans below it") % {
            "period": data["period"]["label"],
            "document": data["document"]["title"],
        }
    return _("Follow-up %(period)s: %(document)s") % {
        "period": data["period"]["label"],
        "document": data["document"]["title"],
    }


def period_facts(data: dict) -> dict:
    """The facts of the report's cover: organisation, document, period (label, kind, span),
    the report date (the closing date of a closed period, else the period's end) and whether
    the period is closed (the API's `cover`)."""
    period = data["period"]
    return {
        "organisation": data["organisation"],
        "document": data["document"]["title"],
        "period": period["label"],
        "kind": str(PeriodKind(period["kind"]).label)
        if period["kind"] in PeriodKind.values
        else "",
        "span": f"{period['start']} – {period['end']}",
        "date": (period.get("closed_at") or "")[:10] or period["end"],
        "closed": period.get("status") == "closed",
    }


def report_cover(data: dict) -> dict:
    """The cover page: the document, the period (kind and span) and the report date beside
    the organisation; an open period's report is marked preliminary."""
    facts = period_facts(data)
    detail = ", ".join(x for x in (facts["kind"], facts["span"]) if x)
    return {
        "organisation": facts["organisation"],
        "facts": [
            (_("Document"), facts["document"]),
            (_("Period"), f"{facts['period']} ({detail})"),
            (_("Date"), facts["date"]),
        ],
        "notice": None if facts["closed"] else _("Preliminary: the period is still open."),
    }


def _key_figures_table(kf: dict) -> dict:
    return {
        "key": "key-figures",
        "kind": "key-figures",
        "kind_label": _("Key figures"),
        "title": _("Key figures"),
        "columns": [_("Key figure"), _("Value")],
        "rows": [
            [_("Activities in the period"), Number(kf["activities"])],
            [_("Activities done"), Number(kf["activities_done"])],
            [_("Activities ongoing"), Number(kf["activities_ongoing"])],
            [_("Indicators"), Number(kf["indicators"])],
            [_("Indicators on track"), Number(kf["indicators_on_track"])],
            [_("Indicators at risk"), Number(kf["indicators_at_risk"])],
            [_("Indicators off track"), Number(kf["indicators_off_track"])],
            [_("Indicators without data"), Number(kf["indicators_no_data"])],
            [
                _("Contributions reported"),
                f"{kf['contributions_reported']} / {kf['contributions']}",
            ],
        ],
    }


def _focus_area_status_table(focus_areas: list[dict]) -> dict:
    return {
        "key": "focus-areas",
        "kind": "focus-area-status",
        "kind_label": _("Status per focus area"),
        "title": _("Status per focus area"),
        "columns": [
            _("Focus area"),
            _("Status"),
            _("What counted"),
            _("Indicators"),
            _("Activities"),
        ],
        "rows": [
            [
                _name(fa),
                StatusCell(fa["status"] or "no_data", assessed_status_text(fa)),
                rollup_explanation(fa.get("basis")) or "–",
                Number(len(fa["indicator_uids"])),
                Number(len(fa["activity_uids"])),
            ]
            for fa in focus_areas
        ],
    }


def summary_section(data: dict) -> dict:
    """The period in two sentences, what was achieved, amendments, key figures, status per
    focus area."""
    period, kf = data["period"], data["key_figures"]
    summary_text = _(
        "In %(period)s, %(done)s of %(n)s activities were done and %(ongoing)s ongoing. "
        "%(on)s of %(ni)s indicators are on track, %(risk)s at risk and %(off)s off track."
    ) % {
        "period": period["label"],
        "done": kf["activities_done"],
        "n": kf["activities"],
        "ongoing": kf["activities_ongoing"],
        "on": kf["indicators_on_track"],
        "ni": kf["indicators"],
        "risk": kf["indicators_at_risk"],
        "off": kf["indicators_off_track"],
    }
    blocks = [{"type": "paragraph", "text": summary_text}]
    levels = data.get("levels", [])
    if len(levels) > 1:
        blocks.append(
            {
                "type": "paragraph",
                "text": _("The follow-up covers %(n)s documents: %(list)s.")
                % {"n": len(levels), "list": "; ".join(lv["document"]["title"] for lv in levels)},
            }
        )
    elsewhere = [x for x in data["activities"] + data["indicators"] if x.get("reported_in")]
    if elsewhere:
        blocks.append(
            {
                "type": "paragraph",
                "text": ngettext(
                    "%(n)s item is reported in another follow-up period of the same span "
                    "(%(periods)s); its values are shown from there.",
                    "%(n)s items are reported in another follow-up period of the same span "
                    "(%(periods)s); their values are shown from there.",
                    len(elsewhere),
                )
                % {
                    "n": len(elsewhere),
                    "periods": "; ".join(
                        sorted(
                            {
                                f"{x['reported_in']['label']}, {x['reported_in']['document']}"
                                for x in elsewhere
                            }
                        )
                    ),
                },
            }
        )
    achieved = [a for a in data["activities"] if a["status"] == ActivityStatus.DONE]
    if achieved:
        blocks.append(
            {
                "type": "paragraph",
                "text": _("Achieved: %(list)s.") % {"list": "; ".join(_name(a) for a in achieved)},
            }
        )
    if data.get("amendments"):
        blocks.append(
            {
                "type": "amendment",
                "text": _(
                    "The frozen data of this period has %(n)s amendment(s), shown where they apply."
                )
                % {"n": len(data["amendments"])},
            }
        )
    blocks += [
        {"type": "table", "table": _key_figures_table(kf)},
        *budget_blocks(data),
        {"type": "table", "table": _focus_area_status_table(data["focus_areas"])},
    ]
    return {"id": "summary", "heading": _("Summary of the period"), "level": 1, "blocks": blocks}


def overview_charts(data: dict) -> list[dict]:
    """Activity status per focus area and per body, and the budget per year (when any)."""
    charts = []
    if data["focus_areas"]:
        charts.append(
            status_distribution_chart(
                [(_name(fa), fa["activity_status_counts"]) for fa in data["focus_areas"]],
                _("Activity status per focus area"),
                "status-per-focus-area",
            )
        )
    if data["bodies"]:
        charts.append(
            status_distribution_chart(
                [(b["name"] or _("No body"), b["status_counts"]) for b in data["bodies"]],
                _("Activity status per body"),
                "status-per-body",
            )
        )
    if data["budget"]:
        charts.append(budget_chart(data["budget"], data.get("budget_overview")))
    return charts


def _chapter_blocks(
    prefix: str, status_paragraphs: list[str], fa: dict, inds, acts, fa_order: dict
) -> list:
    """A focus-area chapter: status, goals, indicators (with trend charts), activities and
    the budget of those whose primary focus area it is (the others named, not counted)."""
    blocks = [{"type": "paragraph", "text": text} for text in status_paragraphs]
    if fa["goal_text"]:
        blocks.append({"type": "paragraph", "text": _("Goal: %(g)s") % {"g": fa["goal_text"]}})
    for g in fa["goals"]:
        blocks.append(
            {
                "type": "paragraph",
                "text": _("Goal “%(g)s”: %(s)s") % {"g": g["title"], "s": status_with_basis(g)},
            }
        )
    blocks += _item_blocks(prefix, inds, acts, fa=fa, fa_order=fa_order)
    if not inds and not acts:
        blocks.append({"type": "paragraph", "text": _("No indicators or activities.")})
    return blocks


def _item_blocks(
    prefix: str, inds: list[dict], acts: list[dict], *, fa: dict | None = None, fa_order=None
) -> list:
    blocks = []
    if inds:
        blocks.append(
            {
                "type": "table",
                "table": indicator_table(f"{prefix}-indicators", _("Indicators"), inds),
            }
        )
        blocks += [
            {"type": "chart", "chart": indicator_trend_chart(ind)}
            for ind in inds
            if _has_trend(ind)
        ]
    if acts:
        blocks.append(
            {
                "type": "table",
                "table": _activity_table(f"{prefix}-activities", _("Activities"), acts),
            }
        )
        if fa is not None:
            blocks += _focus_area_budget_blocks(prefix, fa, acts, fa_order or {})
        else:
            budget = _budget_table(f"{prefix}-budget", _("Budget"), acts)
            if budget["rows"]:
                blocks.append({"type": "table", "table": budget})
    return blocks


def focus_area_sections(data: dict) -> list[dict]:
    """One section per focus area: its status and goals, indicators (with trend charts),
    activities and their budget. A period following up several documents gets a part per
    document instead (`tree_sections`)."""
    if len(data.get("levels", [])) > 1:
        return tree_sections(data)
    acts_by_uid = {a["uid"]: a for a in data["activities"]}
    inds_by_uid = {i["uid"]: i for i in data["indicators"]}
    fa_order = {fa["id"]: n for n, fa in enumerate(data["focus_areas"])}
    sections = []
    for n, fa in enumerate(data["focus_areas"], start=1):
        inds = [inds_by_uid[u] for u in fa["indicator_uids"]]
        acts = [acts_by_uid[u] for u in fa["activity_uids"]]
        status = _("Status: %(s)s") % {"s": status_with_basis(fa)}
        blocks = _chapter_blocks(f"fa{n}", [status], fa, inds, acts, fa_order)
        sections.append({"id": f"fa-{n}", "heading": _name(fa), "level": 2, "blocks": blocks})
    return sections


def tree_sections(data: dict) -> list[dict]:
    """A part per document the period follows up (its own first, then those below it), each
    with a chapter per focus area it follows (its own, or inherited from the nearest ancestor
    with focus areas) holding that document's indicators and activities, and a section for
    what serves none of them. Every item is in exactly one chapter or "other" section."""
    acts_by_uid = {a["uid"]: a for a in data["activities"]}
    inds_by_uid = {i["uid"]: i for i in data["indicators"]}
    fas = {fa["uid"]: fa for fa in data["focus_areas"]}
    fa_order = {fa["id"]: n for n, fa in enumerate(data["focus_areas"])}
    sections = []
    for d, level in enumerate(data["levels"], start=1):
        doc = level["document"]
        intro = []
        if doc["depth"]:
            intro.append(
                {
                    "type": "paragraph",
                    "text": ngettext(
                        "A plan one level below %(top)s.",
                        "A plan %(n)s levels below %(top)s.",
                        doc["depth"],
                    )
                    % {"n": doc["depth"], "top": data["document"]["title"]},
                }
            )
        sections.append({"id": f"doc-{d}", "heading": doc["title"], "level": 1, "blocks": intro})
        for n, chapter in enumerate(level["chapters"], start=1):
            fa = fas[chapter["focus_area_uid"]]
            inds = [inds_by_uid[u] for u in chapter["indicator_uids"]]
            acts = [acts_by_uid[u] for u in chapter["activity_uids"]]
            here = {**chapter, "status": chapter["computed_status"], "override": None}
            status = [
                _("Status in %(doc)s: %(s)s") % {"doc": doc["title"], "s": status_with_basis(here)}
            ]
            if doc["depth"] == 0:
                status.append(
                    _("Status with the plans below: %(s)s") % {"s": status_with_basis(fa)}
                )
            sections.append(
                {
                    "id": f"doc-{d}-fa-{n}",
                    "heading": _name(fa),
                    "level": 2,
                    "blocks": _chapter_blocks(f"d{d}-fa{n}", status, fa, inds, acts, fa_order),
                }
            )
        others_i = [inds_by_uid[u] for u in level["other_indicator_uids"]]
        others_a = [acts_by_uid[u] for u in level["other_activity_uids"]]
        if others_i or others_a:
            sections.append(
                {
                    "id": f"doc-{d}-other",
                    "heading": _("Not linked to a focus area: %(doc)s") % {"doc": doc["title"]},
                    "level": 2,
                    "blocks": _item_blocks(f"d{d}-other", others_i, others_a),
                }
            )
    return sections


def other_indicators_section(data: dict) -> dict | None:
    """Indicators that belong to no focus area, or None when there are none (a period of
    several documents shows them in each document's part)."""
    if len(data.get("levels", [])) > 1:
        return None
    unassigned = [i for i in data["indicators"] if not i["focus_area_ids"]]
    if not unassigned:
        return None
    return {
        "id": "other-indicators",
        "heading": _("Other indicators"),
        "level": 1,
        "blocks": [
            {
                "type": "table",
                "table": indicator_table("other-indicators", _("Indicators"), unassigned),
            }
        ]
        + [
            {"type": "chart", "chart": indicator_trend_chart(i)}
            for i in unassigned
            if _has_trend(i)
        ],
    }


def self_assessment_section(data: dict) -> dict | None:
    """The self-assessment: answers per section against the previous period, then every
    question; None when the period has none."""
    sa = data.get("self_assessment")
    if not sa:
        return None
    period_label = data["period"]["label"]
    answer_label = {a.value: str(a.label) for a in Answer}
    previous = bool(sa["previous_period"])
    compare = {
        "key": "self-assessment-summary",
        "kind": "self-assessment-summary",
        "kind_label": _("Self-assessment per section"),
        "title": _("Self-assessment per section"),
        "columns": [_("Section")]
        + [f"{label} ({period_label})" for label in answer_label.values()]
        + (
            [f"{label} ({sa['previous_period']})" for label in answer_label.values()]
            if previous
            else []
        ),
        "rows": [
            [s["title"]]
            + [Number(s["summary"][a]) for a in answer_label]
            + ([Number(s["previous_summary"][a]) for a in answer_label] if previous else [])
            for s in sa["sections"]
        ],
    }
    blocks = [{"type": "paragraph", "text": sa["name"]}, {"type": "table", "table": compare}]
    for i, s in enumerate(sa["sections"], start=1):
        blocks.append(
            {
                "type": "table",
                "table": {
                    "key": f"self-assessment-{i}",
                    "kind": "self-assessment-questions",
                    "kind_label": _("Self-assessment questions"),
                    "title": s["title"],
                    "columns": [_("Question"), _("Answer"), _("Previous period"), _("Comment")],
                    "rows": [
                        [
                            q["text"],
                            answer_label.get(q["answer"], "–"),
                            answer_label.get(q["previous"], "–"),
                            q["comment"] or "–",
                        ]
                        for q in s["questions"]
                    ],
                },
            }
        )
    return {"id": "self-assessment", "heading": _("Self-assessment"), "level": 1, "blocks": blocks}


def appendix_section(data: dict) -> dict:
    return {
        "id": "appendix",
        "heading": _("Appendix: all activities"),
        "level": 1,
        "blocks": [
            {
                "type": "table",
                "table": _activity_table("all-activities", _("All activities"), data["activities"]),
            }
        ],
    }


def report_tables(sections: list[dict]) -> list[dict]:
    """Every table of the report in order, a chart's data table included (one sheet each in
    the XLSX file)."""
    tables = []
    for section in sections:
        for block in section["blocks"]:
            if block["type"] == "table":
                tables.append(block["table"])
            elif block["type"] == "chart":
                tables.append(block["chart"]["table"])
    return tables


def analysis_section(data: dict) -> dict | None:
    """The strategist's own analysis and conclusions (Markdown, sanitised by the renderers),
    as it stands in an open period or as it was frozen at closing; None when none is written."""
    text = (data["period"].get("analysis") or "").strip()
    if not text:
        return None
    return {
        "id": "analysis",
        "heading": _("Analysis and conclusions"),
        "level": 1,
        "blocks": [{"type": "markdown", "text": text}],
    }


def build_report(data: dict) -> dict:
    """The annual report for the period whose data (followup.selectors.period_data) is given:
    summary, the strategist's analysis, charts, a part per focus area, benefit realisation,
    other indicators, self-assessment, appendix."""
    sections = [summary_section(data)]
    analysis = analysis_section(data)
    if analysis is not None:
        sections.append(analysis)
    charts = overview_charts(data)
    if charts:
        sections.append(
            {
                "id": "overview",
                "heading": _("Overview in charts"),
                "level": 1,
                "blocks": [{"type": "chart", "chart": c} for c in charts],
            }
        )
    chapters = focus_area_sections(data)
    if chapters and chapters[0]["level"] == 2:
        chapters.insert(
            0, {"id": "focus-areas", "heading": _("Focus areas"), "level": 1, "blocks": []}
        )
    sections += chapters
    sections += benefit_sections(data)
    sections += [
        s for s in (other_indicators_section(data), self_assessment_section(data)) if s is not None
    ]
    sections.append(appendix_section(data))
    return {
        "title": report_title(data),
        "subject": data["document"]["title"],
        "cover": report_cover(data),
        "sections": sections,
        "tables": report_tables(sections),
    }


# Benefit realisation (docs/adr/0022-benefit-realisation.md) ----------------------------------

BENEFIT_NOTE = gettext_lazy(
    "Planned benefits are the monetised benefit lines of the chosen alternative of each "
    "activity's benefit calculation, per year, in SEK and not discounted. Realised benefits are "
    "those the responsible bodies reported (submitted or approved) in the yearly follow-ups up "
    "to and including this period. Benefits that are not monetised are listed with what was "
    "reported for them."
)


def benefit_sentence(summary: dict, name: str | None = None) -> str:
    """The planned-against-realised figures in words, for the page, the chart and the report."""
    year = summary["year"]
    values = {
        "year": year,
        "realised": fmt_number(summary["realised_to_date"]),
        "planned": fmt_number(summary["planned_to_date"]),
        "total": fmt_number(summary["planned"]),
        "percent": percent(summary["percent"]),
    }
    if name:
        values["name"] = name
        if summary["percent"] is None:
            return (
                _(
                    "%(name)s: up to and including %(year)s the calculation plans no monetised "
                    "benefit; %(realised)s SEK has been realised. %(total)s SEK is planned over "
                    "the whole calculation."
                )
                % values
            )
        return (
            _(
                "%(name)s: up to and including %(year)s, %(realised)s SEK of the %(planned)s SEK "
                "planned has been realised (%(percent)s). %(total)s SEK is planned over the "
                "whole calculation."
            )
            % values
        )
    if summary["percent"] is None:
        return (
            _(
                "Up to and including %(year)s the benefit calculations plan no monetised benefit; "
                "%(realised)s SEK has been realised. %(total)s SEK is planned in all."
            )
            % values
        )
    return (
        _(
            "Up to and including %(year)s, %(realised)s SEK of the %(planned)s SEK of benefit "
            "planned in the activities' benefit calculations has been realised (%(percent)s). "
            "%(total)s SEK is planned in all."
        )
        % values
    )


def benefit_chart(rows: list[dict], summary: dict, *, key: str, title: str, name=None) -> dict:
    """Planned against realised benefit per year as bars, with the data table (per year and
    cumulatively, and a total row that is the sum of the years) and the sentence in words."""
    table_rows = [
        [
            _year(r["year"]),
            _sek(r["planned"]),
            _sek(r["realised"]),
            _sek(r["planned_cumulative"]),
            _sek(r["realised_cumulative"]),
        ]
        for r in rows
    ]
    table_rows.append(
        [
            _("Total"),
            _sek(summary["planned"]),
            _sek(summary["realised_to_date"]),
            "",
            "",
        ]
    )
    table = {
        "key": key,
        "kind": "benefit-realisation",
        "kind_label": _("Benefit realisation"),
        "title": title,
        "columns": [
            _("Year"),
            _("Planned benefit"),
            _("Realised benefit"),
            _("Planned, cumulative"),
            _("Realised, cumulative"),
        ],
        "rows": table_rows,
    }
    return {
        "kind": "grouped",
        "title": title,
        "ylabel": "SEK",
        "categories": [r["year"] for r in rows],
        "series": [
            {"label": _("Planned benefit"), "values": [r["planned"] for r in rows]},
            {
                "label": _("Realised benefit"),
                "values": [r["realised"] or "0" for r in rows],
            },
        ],
        "alt": benefit_sentence(summary, name),
        "table": table,
    }


def benefit_summary_table(overview: dict) -> dict:
    """Per activity with a benefit calculation: planned in all, planned and realised up to the
    period's year, and the share; the total row is the sum of the activities."""
    year = overview["year"]
    rows = [
        [
            a["activity"],
            a["calculation"],
            _sek(a["planned"]),
            _sek(a["planned_to_date"]),
            _sek(a["realised_to_date"]),
            Number(a["percent"], "%"),
        ]
        for a in overview["activities"]
    ]
    rows.append(
        [
            _("Total"),
            "",
            _sek(overview["planned"]),
            _sek(overview["planned_to_date"]),
            _sek(overview["realised_to_date"]),
            Number(overview["percent"], "%"),
        ]
    )
    return {
        "key": "benefits-per-activity",
        "kind": "benefits-per-activity",
        "kind_label": _("Benefits per activity"),
        "title": _("Planned and realised benefit per activity (SEK)"),
        "columns": [
            _("Activity"),
            _("Benefit calculation"),
            _("Planned, whole calculation"),
            _("Planned up to and including %(year)s") % {"year": year},
            _("Realised up to and including %(year)s") % {"year": year},
            _("Realised share of planned"),
        ],
        "rows": rows,
    }


def benefit_described_table(activity: dict, key: str) -> dict:
    """The activity's benefits that are described rather than monetised, with what was
    reported for them in this period and how it was measured."""
    return {
        "key": key,
        "kind": "benefits-described",
        "kind_label": _("Benefits not monetised"),
        "title": _("Benefits not monetised: %(activity)s") % {"activity": activity["activity"]},
        "columns": [
            _("Benefit"),
            _("Received by"),
            _("Estimate in the calculation"),
            _("Realised (reported this period)"),
            _("How it was measured"),
        ],
        "rows": [
            [
                d["name"],
                d["party"],
                fmt_value(d["estimate"], d["unit"]) if d["estimate"] is not None else "–",
                d["description"] or "–",
                d["method"] or "–",
            ]
            for d in activity["described"]
        ],
    }


def benefit_blocks(data: dict) -> list[dict]:
    """What the dashboard and the report show of benefit realisation: the note, the total in
    words, as a chart with its table and per activity; then per activity its chart and its
    benefits that are not monetised. Empty when no activity has a benefit calculation."""
    overview = data.get("benefit_overview")
    if not overview or not overview["activities"]:
        return []
    total = {**overview, "year": overview["year"]}
    blocks = [
        {"type": "paragraph", "text": str(BENEFIT_NOTE)},
        {"type": "paragraph", "text": benefit_sentence(total)},
        {
            "type": "chart",
            "chart": benefit_chart(
                overview["years"],
                total,
                key="benefits-total",
                title=_("Planned and realised benefit per year, all activities (SEK)"),
            ),
        },
        {"type": "table", "table": benefit_summary_table(overview)},
    ]
    return blocks


def benefit_activity_blocks(activity: dict, year: int, n: int) -> list[dict]:
    summary = {**activity, "year": year}
    blocks = [
        {"type": "paragraph", "text": benefit_sentence(summary, activity["activity"])},
        {
            "type": "chart",
            "chart": benefit_chart(
                activity["years"],
                summary,
                key=f"benefits-{n}",
                title=_("Planned and realised benefit per year: %(activity)s (SEK)")
                % {"activity": activity["activity"]},
                name=activity["activity"],
            ),
        },
    ]
    if activity["described"]:
        blocks.append(
            {"type": "table", "table": benefit_described_table(activity, f"benefits-text-{n}")}
        )
    return blocks


def benefit_sections(data: dict) -> list[dict]:
    """The report's part on benefit realisation: the totals (level 1), then one part per
    activity with a benefit calculation (level 2)."""
    blocks = benefit_blocks(data)
    if not blocks:
        return []
    overview = data["benefit_overview"]
    sections = [
        {"id": "benefits", "heading": _("Benefit realisation"), "level": 1, "blocks": blocks}
    ]
    for n, activity in enumerate(overview["activities"], start=1):
        sections.append(
            {
                "id": f"benefits-{n}",
                "heading": activity["activity"],
                "level": 2,
                "blocks": benefit_activity_blocks(activity, overview["year"], n),
            }
        )
    return sections
