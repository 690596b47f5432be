"""The follow-up data of one period as one JSON-safe structure: what the overview, the
dashboard, the API and the annual report all show.

Two phases keep closed periods deterministic:
- `collect(period)` reads the raw facts (items, reported values, budget, answers) with a fixed
  number of queries. Closing a period stores this as `period.snapshot`.
- `assess(raw, amendments)` is a pure function: it applies amendments made after closing and
  computes statuses, roll-ups, distributions and totals. The same snapshot and amendments
  always give the same result.
"""

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q, Sum

from malbild.actionplan.constants import ActivityStatus, BudgetKind
from malbild.actionplan.models import Activity, BudgetLine
from malbild.core.audit import json_value
from malbild.strategy.models import FocusArea, Goal, Indicator, IndicatorTarget

from .constants import Answer, ContributionState, Status
from .models import (
    ActivityReport,
    BudgetOutcome,
    FollowUpPeriod,
    IndicatorValue,
    Question,
    SelfAssessmentAnswer,
    StatusOverride,
)
from .realisation import (
    asks_for_benefits,
    benefit_horizon_covers,
    benefit_overview,
    collect_benefits,
)
from .scope import Coverage, coverage, load_tree
from .snapshot import FORMAT as SNAPSHOT_FORMAT
from .status import (
    activity_assessment,
    expected_progress,
    expected_value,
    indicator_status,
    progress_behind,
    rollup,
    rollup_basis,
)

REPORTED = {ContributionState.SUBMITTED, ContributionState.APPROVED}


def _dec(value) -> Decimal | None:
    return None if value in (None, "") else Decimal(str(value))


def _num(value) -> str | None:
    """Decimals as normalised strings ("95", "12.5") so snapshots compare and print stably."""
    if value is None:
        return None
    d = Decimal(str(value))
    text = format(d.normalize(), "f")
    return text


def focus_area_document(document):
    """The document providing `document`'s focus areas: itself, or its nearest ancestor with
    focus areas (through any depth, as in followup.scope); itself when none has any."""

    tree = load_tree(document)
    return tree.documents[tree.focus_area_document(document.pk)]


def period_activities(period, documents=None):
    """The activities of `documents` (default: the period's document) running in the period:
    start year ≤ the period's year, end year ≥ the year it starts; in a yearly period also
    those whose benefit calculation's years include the period's year, so that its realised
    benefits are asked for after the activity has ended (followup.realisation, ADR 0022)."""
    year = period.year
    running = (Q(start_year__isnull=True) | Q(start_year__lte=year)) & (
        Q(end_year__isnull=True) | Q(end_year__gte=period.start.year)
    )
    if asks_for_benefits(period):
        running |= benefit_horizon_covers(year)
    return (
        Activity.objects.for_org(period.organisation_id)
        .filter(document_id__in=list(documents or [period.document_id]))
        .filter(running)
        .select_related("responsible_body", "document")
        .order_by("number", "title", "id")
    )


def period_indicators(period, fa_document=None, documents=None):
    """The indicators of `documents` (default: the period's document and `fa_document`, the
    document its focus areas come from)."""

    docs = set(documents or [period.document_id])
    if fa_document is not None:
        docs.add(fa_document.pk)
    return (
        Indicator.objects.for_org(period.organisation_id)
        .filter(document_id__in=docs)
        .select_related("responsible_body", "document")
        .order_by("document_id", "order", "id")
    )


def _in_tree_order(items: list, tree) -> list:
    """`items` (with `document_id`) by their document's place in the tree, keeping the
    database order within a document (a stable sort)."""
    return sorted(items, key=lambda x: tree.order.get(x.document_id, -1))


@dataclass
class _Facts:
    """What `collect` reads from the database, before it is shaped into the snapshot: the
    items of the period, their links (item id → linked ids) and the period's contributions."""

    focus_areas: list
    goals: list
    indicators: list
    indicator_focus_areas: dict
    indicator_goals: dict
    targets: dict
    activities: list
    activity_focus_areas: dict
    activity_goals: dict
    budget_lines: dict
    reports: dict
    spent_now: dict
    spent_total: dict
    periods: list
    values: dict
    indicator_overrides: dict
    goal_overrides: dict
    focus_area_overrides: dict
    coverage: Coverage
    homes: dict


def collect(period) -> dict:
    """The raw facts of `period` (fixed number of queries, independent of the data size).

    Two steps: gather the facts (`_gather_facts`, every query but the self-assessment's),
    then shape them into the JSON-safe snapshot, one builder per part."""

    document = period.document
    facts = _gather_facts(period, coverage(period))
    raw_indicators = _indicator_items(period, facts)
    raw_activities = _activity_items(period, facts)
    plan_budget = _collect_plan_budget(period, facts.coverage.scope.activity_documents)
    benefits = collect_benefits(
        period,
        facts.activities,
        {a.pk: facts.homes[("activity", a.pk)].pk for a in facts.activities},
    )
    return {
        "format": SNAPSHOT_FORMAT,
        "organisation": period.organisation.name,
        "document": _document_item(document),
        "period": _period_item(period),
        "documents": _document_levels(facts.coverage),
        "focus_areas": _focus_area_items(facts),
        "indicators": raw_indicators,
        "activities": raw_activities,
        "plan_budget": plan_budget,
        "benefits": benefits,
        "self_assessment": _collect_self_assessment(
            period, _previous_period(period, facts.periods), SelfAssessmentAnswer
        ),
    }


def _gather_facts(period, cov: Coverage) -> _Facts:
    """Read the items of `period` and their contributions, each kind in one query."""

    tree, scope = cov.tree, cov.scope
    focus_areas = _in_tree_order(
        list(
            FocusArea.objects.filter(document_id__in=list(scope.focus_area_documents)).order_by(
                "order", "id"
            )
        ),
        tree,
    )
    fa_ids = [fa.pk for fa in focus_areas]
    goals = list(Goal.objects.filter(focus_area_id__in=fa_ids).order_by("order", "id"))
    indicators = _in_tree_order(
        list(period_indicators(period, documents=scope.indicator_documents)), tree
    )
    ind_ids = [i.pk for i in indicators]
    indicator_focus_areas = _links(
        Indicator.focus_areas.through, "indicator_id", "focusarea_id", ind_ids
    )
    indicator_goals = _links(Indicator.goals.through, "indicator_id", "goal_id", ind_ids)
    targets = _gather_targets(ind_ids)
    activities = _in_tree_order(
        list(period_activities(period, documents=scope.activity_documents)), tree
    )
    act_ids = [a.pk for a in activities]
    activity_focus_areas = _links(
        Activity.focus_areas.through, "activity_id", "focusarea_id", act_ids
    )
    activity_goals = _links(Activity.goals.through, "activity_id", "goal_id", act_ids)
    budget_lines = _gather_budget_lines(act_ids)
    span_ids = [p.pk for p in cov.periods]
    all_reports = {
        (r.period_id, r.activity_id): r
        for r in ActivityReport.objects.filter(
            period_id__in=span_ids, activity_id__in=act_ids
        ).select_related("modified_by")
    }
    # Activity id → the periods of the span holding its report, in one pass over the reports.
    report_holders = defaultdict(set)
    for period_id, activity_id in all_reports:
        report_holders[activity_id].add(period_id)
    homes = {
        ("activity", a.pk): cov.reporting_period("activity", a.document_id, report_holders[a.pk])
        for a in activities
    }
    reports = {a.pk: all_reports.get((homes[("activity", a.pk)].pk, a.pk)) for a in activities}
    periods, values = _gather_values(period, ind_ids)
    homes.update(
        {
            ("indicator", i.pk): cov.reporting_period("indicator", i.document_id, set(values[i.pk]))
            for i in indicators
        }
    )
    spent_now, spent_total = _gather_outcomes(
        period, act_ids, {a.pk: homes[("activity", a.pk)].pk for a in activities}
    )
    indicator_overrides, goal_overrides, focus_area_overrides = _gather_overrides(period)
    return _Facts(
        focus_areas=focus_areas,
        goals=goals,
        indicators=indicators,
        indicator_focus_areas=indicator_focus_areas,
        indicator_goals=indicator_goals,
        targets=targets,
        activities=activities,
        activity_focus_areas=activity_focus_areas,
        activity_goals=activity_goals,
        budget_lines=budget_lines,
        reports=reports,
        spent_now=spent_now,
        spent_total=spent_total,
        periods=periods,
        values=values,
        indicator_overrides=indicator_overrides,
        goal_overrides=goal_overrides,
        focus_area_overrides=focus_area_overrides,
        coverage=cov,
        homes=homes,
    )


def _links(through, owner: str, other: str, ids: list[int]) -> defaultdict:
    """Owner id → the ids linked to it in the many-to-many table `through` (one query)."""

    links = defaultdict(list)
    for owner_id, other_id in through.objects.filter(**{f"{owner}__in": ids}).values_list(
        owner, other
    ):
        links[owner_id].append(other_id)
    return links


def _gather_targets(ind_ids: list[int]) -> defaultdict:
    """Indicator id → its targets as [year, value, text], by year."""

    targets = defaultdict(list)
    for t in IndicatorTarget.objects.filter(indicator_id__in=ind_ids).order_by("year", "id"):
        targets[t.indicator_id].append([t.year, _num(t.value), t.text])
    return targets


def _gather_budget_lines(act_ids: list[int]) -> defaultdict:
    """Activity id → its budget lines, by year and kind."""

    lines = defaultdict(list)
    for line in BudgetLine.objects.filter(activity_id__in=act_ids).order_by("year", "kind", "id"):
        lines[line.activity_id].append(line)
    return lines


def _gather_outcomes(period, act_ids: list[int], homes: dict[int, int]) -> tuple[dict, dict]:
    """Budget line id → the outcome reported for `period`'s span (in the period the activity is
    reported in, `homes`: activity id → period id), and → the sum of the outcomes of every
    period up to this one. Draft outcomes are not counted; the reporter sees them in the
    contribution form."""

    spent_now: dict[int, Decimal] = {}
    spent_total: dict[int, Decimal] = defaultdict(Decimal)
    # Unordered: the model's ordering (report, budget line) would join four more tables.
    for o in (
        BudgetOutcome.objects.filter(
            report__period__organisation_id=period.organisation_id,
            report__period__end__lte=period.end,
            report__state__in=list(REPORTED),
            budget_line__activity_id__in=act_ids,
        )
        .values("report__period_id", "report__activity_id", "budget_line_id", "spent")
        .order_by()
    ):
        spent_total[o["budget_line_id"]] += o["spent"]
        if o["report__period_id"] == homes.get(o["report__activity_id"]):
            spent_now[o["budget_line_id"]] = o["spent"]
    return spent_now, spent_total


def _gather_values(period, ind_ids: list[int]) -> tuple[list, defaultdict]:
    """The document's periods up to `period` (by end), and indicator id → period id → the
    indicator value reported for it, in any period up to `period` (each value carries its
    period).

    Two queries, and neither joins the period table to the values: the organisation's periods
    up to `period` are read once (without their frozen snapshots) and each value gets its
    period from them. On SQLite a join read the period's columns stored after its snapshot once
    per value, walking megabytes of overflow pages each time (3 s for 3,825 values at
    kommunkoncern 16×, docs/performance.md)."""

    # Never the periods' frozen snapshots: megabytes each, and not what is read here.
    up_to = list(
        FollowUpPeriod.objects.for_org(period.organisation_id)
        .filter(end__lte=period.end)
        .defer("snapshot")
        .order_by("end", "id")
    )
    by_id = {p.pk: p for p in up_to}
    periods = [p for p in up_to if p.document_id == period.document_id]
    values = defaultdict(dict)
    for v in IndicatorValue.objects.filter(
        indicator_id__in=ind_ids, period_id__in=list(by_id)
    ).order_by("id"):
        v.period = by_id[v.period_id]
        values[v.indicator_id][v.period_id] = v
    return periods, values


def _gather_overrides(period) -> tuple[dict, dict, dict]:
    """The status overrides of `period`: indicator id, goal id and focus area id → override."""

    overrides, goal_overrides, fa_overrides = {}, {}, {}
    for o in StatusOverride.objects.filter(period=period).order_by("id"):
        if o.indicator_id:
            overrides[o.indicator_id] = o
        elif o.goal_id:
            goal_overrides[o.goal_id] = o
        else:
            fa_overrides[o.focus_area_id] = o
    return overrides, goal_overrides, fa_overrides


def _previous_period(period, periods: list):
    """The period before `period` among `periods` (None for the first)."""

    previous = [p for p in periods if p.pk != period.pk and p.end < period.end]
    return previous[-1] if previous else None


def _override_item(o) -> dict | None:
    return {"status": o.status, "reason": o.reason} if o is not None else None


def _contribution_item(c) -> dict:
    """The state of a contribution (activity report or indicator value); missing if none."""

    if c is None:
        return {"state": ContributionState.MISSING.value, "review_comment": ""}
    return {
        "state": c.state,
        "review_comment": c.review_comment,
        "submitted_at": json_value(c.submitted_at),
    }


def _reported_in(period, home) -> dict | None:
    """Where an item is reported when that is another period of the same span, else None."""
    if home.pk == period.pk:
        return None
    return {
        "id": home.pk,
        "label": home.label,
        "document_id": home.document_id,
        "document": home.document.title,
    }


def _series(values: dict, tree) -> list[dict]:
    """The reported (submitted or approved) values of an indicator, one per period span in
    order (where two periods of the same span hold one, the higher document's counts)."""
    by_span: dict[tuple, object] = {}
    for v in values.values():
        if v.state not in REPORTED or v.value is None:
            continue
        key = (v.period.end, v.period.start)
        rank = (tree.depth.get(v.period.document_id, 0), v.period_id)
        held = by_span.get(key)
        if held is None or rank < (tree.depth.get(held.period.document_id, 0), held.period_id):
            by_span[key] = v
    return [
        {"period": v.period.label, "year": v.period.year, "value": _num(v.value)}
        for _key, v in sorted(by_span.items(), key=lambda kv: (kv[0], kv[1].period_id))
    ]


def _indicator_items(period, facts: _Facts) -> list[dict]:
    """Each indicator with its targets, links, the value reported for `period`'s span
    (submitted or approved only; from the period it is reported in), the series of reported
    values up to it, and its override."""

    items = []
    for ind in facts.indicators:
        values = facts.values[ind.pk]
        home = facts.homes[("indicator", ind.pk)]
        own = values.get(home.pk)
        reported = own if own is not None and own.state in REPORTED else None
        items.append(
            {
                "id": ind.pk,
                "uid": str(ind.uid),
                "name": ind.name,
                "unit": ind.unit,
                "direction": ind.direction,
                "kind": ind.kind,
                "baseline_value": _num(ind.baseline_value),
                "baseline_year": ind.baseline_year,
                "targets": facts.targets[ind.pk],
                "responsible_body": ind.responsible_body.name if ind.responsible_body_id else "",
                "responsible_body_id": ind.responsible_body_id,
                "responsible_body_uid": (
                    str(ind.responsible_body.uid) if ind.responsible_body_id else None
                ),
                "document_id": ind.document_id,
                "reported_in": _reported_in(period, home),
                "focus_area_ids": sorted(facts.indicator_focus_areas[ind.pk]),
                "goal_ids": sorted(facts.indicator_goals[ind.pk]),
                "value": _num(reported.value) if reported else None,
                "text": reported.text if reported else "",
                "measured_on": json_value(reported.measured_on) if reported else None,
                "comment": reported.comment if reported else "",
                "source": reported.source if reported else "",
                "series": _series(values, facts.coverage.tree),
                "override": _override_item(facts.indicator_overrides.get(ind.pk)),
                **_contribution_item(own),
            }
        )
    return items


def _activity_items(period, facts: _Facts) -> list[dict]:
    """Each activity with its links, the reported status, progress and forecast (the plan's
    status if nothing is reported; from the period it is reported in), and its budget lines
    with the outcomes."""

    items = []
    for act in facts.activities:
        rep = facts.reports.get(act.pk)
        reported = rep if rep is not None and rep.state in REPORTED else None
        items.append(
            {
                "id": act.pk,
                "uid": str(act.uid),
                "number": act.number,
                "title": act.title,
                "responsible_body": act.responsible_body.name,
                "responsible_body_id": act.responsible_body_id,
                "responsible_body_uid": str(act.responsible_body.uid),
                "document_id": act.document_id,
                "reported_in": _reported_in(period, facts.homes[("activity", act.pk)]),
                "start_year": act.start_year,
                "end_year": act.end_year,
                "focus_area_ids": sorted(facts.activity_focus_areas[act.pk]),
                "primary_focus_area_id": act.primary_focus_area_id,
                "goal_ids": sorted(facts.activity_goals[act.pk]),
                "status": reported.status if reported else act.status,
                "progress": reported.progress if reported else None,
                "comment": reported.comment if reported else "",
                "forecast": _num(reported.forecast) if reported else None,
                "budget": [
                    {
                        "uid": str(line.uid),
                        "year": line.year,
                        "kind": line.kind,
                        "planned": _num(line.amount),
                        "spent": _num(facts.spent_now.get(line.pk)),
                        "spent_to_date": _num(facts.spent_total.get(line.pk)),
                        "source": line.financing_source,
                    }
                    for line in facts.budget_lines[act.pk]
                ],
                **_contribution_item(rep),
            }
        )
    return items


def _focus_area_items(facts: _Facts) -> list[dict]:
    """Each focus area with its goals and the overrides of both."""

    goals_of = defaultdict(list)  # focus area id → its goals, in order (one pass)
    for g in facts.goals:
        goals_of[g.focus_area_id].append(g)
    return [
        {
            "id": fa.pk,
            "uid": str(fa.uid),
            "number": fa.number,
            "title": fa.title,
            "goal_text": fa.goal_text,
            "goals": [
                {
                    "id": g.pk,
                    "uid": str(g.uid),
                    "title": g.title,
                    "override": _override_item(facts.goal_overrides.get(g.pk)),
                }
                for g in goals_of[fa.pk]
            ],
            "override": _override_item(facts.focus_area_overrides.get(fa.pk)),
            "document_id": fa.document_id,
        }
        for fa in facts.focus_areas
    ]


def _document_levels(cov: Coverage) -> list[dict]:
    """The documents the period follows up, its own first (depth 0), then those below it
    depth-first, each with the document that provides its focus areas."""
    tree, own = cov.tree, cov.period.document_id
    return [
        {
            "id": pk,
            "uid": str(tree.documents[pk].uid),
            "title": tree.documents[pk].title,
            "kind": tree.documents[pk].kind,
            "parent_id": tree.parent.get(pk) if pk != own else None,
            "depth": tree.depth[pk] - tree.depth[own],
            "focus_area_document_id": (
                fa_doc
                if (fa_doc := tree.focus_area_document(pk)) in tree.with_focus_areas
                else None
            ),
        }
        for pk in cov.scope.document_ids
    ]


def _document_item(document) -> dict:
    return {
        "id": document.pk,
        "uid": str(document.uid),
        "title": document.title,
        "kind": document.kind,
    }


def _period_item(period) -> dict:
    return {
        "id": period.pk,
        "label": period.label,
        "kind": period.kind,
        "start": period.start.isoformat(),
        "end": period.end.isoformat(),
        "deadline": period.deadline.isoformat(),
        "year": period.year,
        "include_descendants": period.include_descendants,
        "analysis": period.analysis,
    }


def _collect_self_assessment(period, previous_period, answer_model) -> dict | None:

    if period.question_set_id is None:
        return None
    questions = list(
        Question.objects.filter(section__question_set_id=period.question_set_id)
        .select_related("section", "section__question_set")
        .order_by("section__order", "section_id", "order", "id")
    )
    wanted = [period.pk] + ([previous_period.pk] if previous_period else [])
    answers = {
        (a.period_id, a.question_id): a
        for a in answer_model.objects.filter(period_id__in=wanted, question__in=questions)
    }
    sections: list[dict] = []
    for q in questions:
        if not sections or sections[-1]["id"] != q.section_id:
            sections.append({"id": q.section_id, "title": q.section.title, "questions": []})
        now = answers.get((period.pk, q.pk))
        before = answers.get((previous_period.pk, q.pk)) if previous_period else None
        sections[-1]["questions"].append(
            {
                "id": q.pk,
                "text": q.text,
                "answer": now.answer if now else None,
                "comment": now.comment if now else "",
                "previous": before.answer if before else None,
            }
        )
    name = questions[0].section.question_set.name if questions else ""
    return {
        "name": name,
        "previous_period": previous_period.label if previous_period else None,
        "sections": sections,
    }


def copy_data(value):
    """A copy of JSON-shaped data (dicts and lists of scalars, as `collect` builds and a
    snapshot stores): `copy.deepcopy` without its memo and dispatch, several times faster on
    the megabytes of a large period. Tuples and scalars are immutable and kept as they are."""
    if isinstance(value, dict):
        return {k: copy_data(v) for k, v in value.items()}
    if isinstance(value, list):
        return [copy_data(v) for v in value]
    return value


def apply_amendments(raw: dict, amendments: list[dict]) -> dict:
    """A copy of `raw` with each amendment applied in order, recorded on the item."""
    data = copy_data(raw)
    index = {("activity", a["uid"]): a for a in data["activities"]}
    index.update({("indicator", i["uid"]): i for i in data["indicators"]})
    for fa in data["focus_areas"]:
        index[("focus_area", fa["uid"])] = fa
        index.update({("goal", g["uid"]): g for g in fa["goals"]})
    for amendment in amendments:
        item = index.get((amendment["target"], amendment["target_uid"]))
        if item is None:
            continue
        field, value = amendment["field"], amendment["new_value"]
        if field == "progress":
            item[field] = int(value) if value not in ("", None) else None
        elif field == "value":
            item[field] = _num(value) if value not in ("", None) else None
        elif field == "override":
            item["override"] = (
                {"status": value, "reason": amendment["reason"], "amended": True} if value else None
            )
        else:
            item[field] = value
        item.setdefault("amendments", []).append(amendment)
    return data


def _overridden(item: dict, computed: str) -> str:
    """The strategist's assessed status if there is one (snapshots taken before goal and
    focus-area overrides existed have no "override" key), else the computed one."""
    override = item.get("override")
    return override["status"] if override else computed


def assess(raw: dict, amendments: list[dict] | None = None) -> dict:
    """Statuses, roll-ups, distributions, budget totals and key figures (pure).

    Steps, in order: apply the amendments, the indicators' and activities' statuses, the
    roll-ups of focus areas and goals, the per-body counts, the budget per year, planned
    against realised benefit, the self-assessment summaries and the key figures."""
    data = apply_amendments(raw, amendments or [])
    year = data["period"]["year"]
    _assess_indicators(data["indicators"], year)
    _assess_activities(data["activities"], data["period"])
    _roll_up_focus_areas(data)
    data["levels"] = _levels(data)
    data["bodies"] = _body_counts(data)
    data["budget_overview"] = budget_overview(data)
    data["budget"] = data["budget_overview"]["rows"]
    data["benefit_overview"] = benefit_overview(data)
    _summarise_self_assessment(data.get("self_assessment"))
    data["key_figures"] = _key_figures(data)
    data["amendments"] = list(amendments or [])
    return data


def _assess_indicators(indicators: list[dict], year: int) -> None:
    """Each indicator's expected value and next target for `year`, its computed status
    (qualitative indicators have no data) and its status after the override."""
    for ind in indicators:
        numeric_targets = [(t[0], t[1]) for t in ind["targets"] if t[1] is not None]
        ind["expected"] = _num(
            expected_value(
                baseline_value=_dec(ind["baseline_value"]),
                baseline_year=ind["baseline_year"],
                targets=numeric_targets,
                year=year,
            )
        )
        later = [t for t in ind["targets"] if t[0] >= year] or ind["targets"][-1:]
        ind["target"] = later[0] if later else None
        if ind["kind"] == "qualitative":
            computed = Status.NO_DATA
        else:
            computed = indicator_status(
                direction=ind["direction"],
                baseline_value=_dec(ind["baseline_value"]),
                baseline_year=ind["baseline_year"],
                targets=numeric_targets,
                year=year,
                actual=_dec(ind["value"]),
            )
        ind["computed_status"] = computed.value
        ind["status"] = _overridden(ind, computed.value)


def _assess_activities(activities: list[dict], period: dict) -> None:
    """Each activity's assessment from its status, years and progress at the period's end
    (time-aware: see status.activity_assessment), with its expected progress and how far
    behind it is."""
    on = datetime.date.fromisoformat(period["end"])
    for act in activities:
        act["expected_progress"] = expected_progress(
            start_year=act["start_year"], end_year=act.get("end_year"), on=on
        )
        act["behind"] = (
            progress_behind(
                progress=act["progress"],
                start_year=act["start_year"],
                end_year=act.get("end_year"),
                on=on,
            )
            if act["status"] == ActivityStatus.ONGOING
            else None
        )
        act["assessment"] = activity_assessment(
            status=act["status"],
            start_year=act["start_year"],
            end_year=act.get("end_year"),
            progress=act["progress"],
            year=period["year"],
            on=on,
        ).value


def _basis(inds: list[dict], acts: list[dict]) -> dict:
    """What a roll-up counted (status.rollup_basis), and how many activities lag behind
    their time (ongoing, assessed at risk)."""
    basis = rollup_basis([i["status"] for i in inds], [a["assessment"] for a in acts])
    basis["activities_behind"] = sum(
        1
        for a in acts
        if a["status"] == ActivityStatus.ONGOING and a["assessment"] == Status.AT_RISK
    )
    return basis


def _by_link(items: list[dict], key: str) -> dict[int, list[dict]]:
    """Linked id → the items whose `key` (a list of ids) holds it, in the items' order: one
    pass, instead of scanning every item for every focus area or goal."""
    index: dict[int, list[dict]] = defaultdict(list)
    for item in items:
        for linked in dict.fromkeys(item[key]):
            index[linked].append(item)
    return index


def _roll_up_focus_areas(data: dict) -> None:
    """Each focus area's and goal's status rolled up from its indicators and activities (then
    the override), what it counted (`basis`), and the focus area's count of activities per
    status."""
    statuses = [s.value for s in ActivityStatus]
    fa_inds, fa_acts = (
        _by_link(data["indicators"], "focus_area_ids"),
        _by_link(data["activities"], "focus_area_ids"),
    )
    goal_inds, goal_acts = (
        _by_link(data["indicators"], "goal_ids"),
        _by_link(data["activities"], "goal_ids"),
    )
    for fa in data["focus_areas"]:
        inds, acts = fa_inds.get(fa["id"], []), fa_acts.get(fa["id"], [])
        fa["indicator_uids"] = [i["uid"] for i in inds]
        fa["activity_uids"] = [a["uid"] for a in acts]
        computed = rollup([i["status"] for i in inds] + [a["assessment"] for a in acts]).value
        fa["computed_status"] = computed
        fa["status"] = _overridden(fa, computed)
        fa["basis"] = _basis(inds, acts)
        counts = Counter(a["status"] for a in acts)
        fa["activity_status_counts"] = {s: counts.get(s, 0) for s in statuses}
        for goal in fa["goals"]:
            g_inds, g_acts = goal_inds.get(goal["id"], []), goal_acts.get(goal["id"], [])
            goal["computed_status"] = rollup(
                [i["status"] for i in g_inds] + [a["assessment"] for a in g_acts]
            ).value
            goal["status"] = _overridden(goal, goal["computed_status"])
            goal["basis"] = _basis(g_inds, g_acts)


def _levels(data: dict) -> list[dict]:
    """Per document the period follows up (its own first, then those below it): the focus
    areas its chapters follow (its own, or those of the nearest ancestor with focus areas)
    with the document's own indicators and activities serving each, rolled up for that
    document, and what serves none of them. Every item is placed on exactly one level: that of
    its document, or the period's own level for an item of a document outside the period's
    tree (the indicators of an ancestor whose focus areas a plan uses)."""
    documents = data.get("documents") or [
        {**data["document"], "depth": 0, "parent_id": None, "focus_area_document_id": None}
    ]
    level_ids = {d["id"] for d in documents}
    top = documents[0]["id"]

    def level_of(item: dict) -> int:
        doc = item.get("document_id")
        return doc if doc in level_ids else top

    inds_of, acts_of = defaultdict(list), defaultdict(list)  # level → its items, one pass
    for i in data["indicators"]:
        inds_of[level_of(i)].append(i)
    for a in data["activities"]:
        acts_of[level_of(a)].append(a)
    levels = []
    for doc in documents:
        inds, acts = inds_of[doc["id"]], acts_of[doc["id"]]
        inds_by_fa = _by_link(inds, "focus_area_ids")
        acts_by_fa = _by_link(acts, "focus_area_ids")
        fa_doc = doc.get("focus_area_document_id")
        chapters, placed = [], set()
        for fa in data["focus_areas"]:
            if fa.get("document_id") != fa_doc and len(documents) > 1:
                continue
            fa_inds = inds_by_fa.get(fa["id"], [])
            fa_acts = acts_by_fa.get(fa["id"], [])
            placed.update(x["uid"] for x in fa_inds + fa_acts)
            chapters.append(
                {
                    "focus_area_uid": fa["uid"],
                    "indicator_uids": [i["uid"] for i in fa_inds],
                    "activity_uids": [a["uid"] for a in fa_acts],
                    "computed_status": rollup(
                        [i["status"] for i in fa_inds] + [a["assessment"] for a in fa_acts]
                    ).value,
                    "basis": _basis(fa_inds, fa_acts),
                }
            )
        levels.append(
            {
                "document": doc,
                "chapters": chapters,
                "other_indicator_uids": [i["uid"] for i in inds if i["uid"] not in placed],
                "other_activity_uids": [a["uid"] for a in acts if a["uid"] not in placed],
            }
        )
    return levels


def restrict(raw: dict, document_id: int) -> dict | None:
    """The raw facts of one document of a period that follows up several (a copy): its own
    activities and indicators, the indicators of the document its focus areas come from, and
    those focus areas; None when the period does not follow up that document."""
    documents = raw.get("documents") or []
    doc = next((d for d in documents if d["id"] == document_id), None)
    if doc is None:
        return None
    fa_doc = doc["focus_area_document_id"]
    # Select first, then copy only what is kept (not the whole tree's items).
    skip = {"activities", "indicators", "focus_areas", "benefits"}
    data = {k: v for k, v in raw.items() if k not in skip}
    data["activities"] = [a for a in raw["activities"] if a["document_id"] == document_id]
    data["benefits"] = [b for b in raw.get("benefits") or [] if b["document_id"] == document_id]
    data["indicators"] = [i for i in raw["indicators"] if i["document_id"] in {document_id, fa_doc}]
    data["focus_areas"] = [fa for fa in raw["focus_areas"] if fa["document_id"] == fa_doc]
    data = copy_data(data)
    data["document"] = {k: doc[k] for k in ("id", "uid", "title", "kind")}
    data["documents"] = [{**doc, "depth": 0, "parent_id": None}]
    return data


def _body_counts(data: dict) -> list[dict]:
    """Per responsible body (by name): its activities per status and its contributions per
    state (only those asked for in this period, not those reported in another)."""
    statuses = [s.value for s in ActivityStatus]
    bodies: dict[str, Counter] = {}
    status_counts: dict[str, Counter] = defaultdict(Counter)  # body name → activity statuses
    for a in data["activities"]:
        status_counts[a["responsible_body"]][a["status"]] += 1
    for item in data["activities"] + data["indicators"]:
        name = item["responsible_body"] or ""
        counts = bodies.setdefault(name, Counter())
        if not item.get("reported_in"):  # asked for in another period: counted there
            counts[item["state"]] += 1
    return [
        {
            "name": name,
            "status_counts": {s: status_counts[name].get(s, 0) for s in statuses},
            **{s.value: counts.get(s.value, 0) for s in ContributionState},
        }
        for name, counts in sorted(bodies.items())
    ]


def _collect_plan_budget(period, documents) -> dict:
    """The whole plan's budget — every activity of the documents the period follows up (its
    own, and those below it when it includes descendants), also those that start after the
    period or ended before it — per year, kind and primary focus area, and the outcomes
    reported on those lines in any period up to this one (an item is reported in one period
    of a span), per line year and kind (two queries). Reports of a year show it beside the
    year's outcome and cumulatively."""

    document = period.document
    documents = list(documents)
    planned = [
        {
            "year": r["year"],
            "kind": r["kind"],
            "focus_area_id": r["activity__primary_focus_area_id"],
            "focus_area": " ".join(
                x
                for x in (
                    r["activity__primary_focus_area__number"],
                    r["activity__primary_focus_area__title"],
                )
                if x
            ),
            "amount": _num(r["total"]),
        }
        for r in BudgetLine.objects.filter(activity__document_id__in=documents)
        .values(
            "year",
            "kind",
            "activity__primary_focus_area_id",
            "activity__primary_focus_area__number",
            "activity__primary_focus_area__title",
        )
        .annotate(total=Sum("amount"))
        .order_by("year", "kind", "activity__primary_focus_area_id")
    ]
    outcomes = [
        {"year": r["budget_line__year"], "kind": r["budget_line__kind"], "amount": _num(r["total"])}
        for r in BudgetOutcome.objects.filter(
            budget_line__activity__document_id__in=documents,
            report__period__end__lte=period.end,
            report__state__in=list(REPORTED),
        )
        .values("budget_line__year", "budget_line__kind")
        .annotate(total=Sum("spent"))
        .order_by("budget_line__year", "budget_line__kind")
    ]
    return {
        "first_year": document.period_start,
        "last_year": document.period_end,
        "planned": planned,
        "outcomes": outcomes,
    }


def primary_focus_area_id(act: dict, fa_order: dict[int, int]) -> int | None:
    """The focus area whose totals count `act`'s budget: its primary one; in snapshots taken
    before that was recorded, the first it serves by the areas' order (as the migration set)."""
    if "primary_focus_area_id" in act:
        return act["primary_focus_area_id"]
    served = sorted(act["focus_area_ids"], key=lambda pk: (fa_order.get(pk, len(fa_order)), pk))
    return served[0] if served else None


def _plan_budget_from_activities(data: dict) -> dict:
    """For snapshots closed before the whole plan's budget was recorded: the same shape from
    the period's activities only (marked incomplete, and said so in the report)."""
    fa_order = {fa["id"]: n for n, fa in enumerate(data["focus_areas"])}
    fa_label = {fa["id"]: f"{fa['number']} {fa['title']}".strip() for fa in data["focus_areas"]}
    planned: dict[tuple, Decimal] = defaultdict(Decimal)
    outcomes: dict[tuple, Decimal] = defaultdict(Decimal)
    for act in data["activities"]:
        fa = primary_focus_area_id(act, fa_order)
        for line in act["budget"]:
            planned[(line["year"], line["kind"], fa)] += _dec(line["planned"]) or 0
            outcomes[(line["year"], line["kind"])] += _dec(line["spent_to_date"]) or 0
    return {
        "first_year": None,
        "last_year": None,
        "complete": False,
        "planned": [
            {
                "year": y,
                "kind": k,
                "focus_area_id": fa,
                "focus_area": fa_label.get(fa, ""),
                "amount": _num(v),
            }
            for (y, k, fa), v in sorted(
                planned.items(), key=lambda kv: (kv[0][0], kv[0][1], kv[0][2] or 0)
            )
        ],
        "outcomes": [
            {"year": y, "kind": k, "amount": _num(v)} for (y, k), v in sorted(outcomes.items())
        ],
    }


def _percent(part: Decimal, whole: Decimal) -> str | None:
    """`part` as a whole percentage of `whole` (None when there is no budget to compare with)."""
    if not whole:
        return None
    return _num((part * 100 / whole).quantize(Decimal(1)))


def budget_overview(data: dict) -> dict:
    """The budget figures of a period's report (pure), all from the whole plan's budget:

    - `rows`: per year with budget lines or outcomes, the planned and reported amount of each
      kind (`<kind>_planned`, `<kind>_spent`: outcomes reported up to this period on that
      year's lines); with `planned`, `spent` and `percent` per row;
    - `year`: the period's year: its budget (`year_budget`), outcome and percentage;
    - `to_date`: budget and outcome of the years up to and including the period's year;
    - `total`: the whole plan period (`first_year`–`last_year`: the plan's years, widened to
      every year with a budget line);
    - `focus_areas`: the budget per primary focus area (each activity counted once), then the
      activities without a focus area; they add up to `total`.
    """
    plan = data.get("plan_budget") or _plan_budget_from_activities(data)
    year = data["period"]["year"]
    kinds = BudgetKind.values
    rows: dict[int, dict] = {}

    def row(y: int) -> dict:
        return rows.setdefault(
            y, {"year": y, **{f"{k}_{m}": Decimal(0) for k in kinds for m in ("planned", "spent")}}
        )

    for p in plan["planned"]:
        row(p["year"])[f"{p['kind']}_planned"] += _dec(p["amount"]) or 0
    for o in plan["outcomes"]:
        row(o["year"])[f"{o['kind']}_spent"] += _dec(o["amount"]) or 0
    shaped = []
    for y in sorted(rows):
        r = rows[y]
        planned = sum((r[f"{k}_planned"] for k in kinds), Decimal(0))
        spent = sum((r[f"{k}_spent"] for k in kinds), Decimal(0))
        shaped.append(
            {
                **{k: (_num(v) if k != "year" else v) for k, v in r.items()},
                "planned": _num(planned),
                "spent": _num(spent),
                "percent": _percent(spent, planned),
            }
        )

    def summed(rs, key):
        return sum((_dec(r[key]) for r in rs), Decimal(0))

    this_year = [r for r in shaped if r["year"] == year]
    to_date = [r for r in shaped if r["year"] <= year]
    years = [r["year"] for r in shaped]
    first = min([y for y in (plan.get("first_year"), *years) if y] or [year])
    last = max([y for y in (plan.get("last_year"), *years) if y] or [year])
    fa_rows = _budget_per_focus_area(data, plan, year)
    return {
        "complete": plan.get("complete", True),
        "rows": [
            {k: r[k] for k in ("year", *(f"{k}_{m}" for k in kinds for m in ("planned", "spent")))}
            for r in shaped
        ],
        "years": shaped,
        "year": {
            "year": year,
            "planned": _num(summed(this_year, "planned")),
            "spent": _num(summed(this_year, "spent")),
            "percent": _percent(summed(this_year, "spent"), summed(this_year, "planned")),
        },
        "to_date": {
            "year": year,
            "planned": _num(summed(to_date, "planned")),
            "spent": _num(summed(to_date, "spent")),
            "percent": _percent(summed(to_date, "spent"), summed(to_date, "planned")),
        },
        "total": {
            "first_year": first,
            "last_year": last,
            "planned": _num(summed(shaped, "planned")),
            "spent": _num(summed(shaped, "spent")),
        },
        "focus_areas": fa_rows,
    }


def _budget_per_focus_area(data: dict, plan: dict, year: int) -> list[dict]:
    """The plan's budget per primary focus area (the period's year and the whole plan), in the
    focus areas' order, then areas of other documents, then the activities without one."""
    order = {fa["id"]: n for n, fa in enumerate(data["focus_areas"])}
    labels = {fa["id"]: f"{fa['number']} {fa['title']}".strip() for fa in data["focus_areas"]}
    sums: dict[int | None, dict] = {}
    for p in plan["planned"]:
        fa = p["focus_area_id"]
        entry = sums.setdefault(
            fa,
            {
                "focus_area_id": fa,
                "title": labels.get(fa) or p.get("focus_area") or "",
                "year_planned": Decimal(0),
                "planned": Decimal(0),
            },
        )
        amount = _dec(p["amount"]) or 0
        entry["planned"] += amount
        if p["year"] == year:
            entry["year_planned"] += amount
    for fa in data["focus_areas"]:
        sums.setdefault(
            fa["id"],
            {
                "focus_area_id": fa["id"],
                "title": labels[fa["id"]],
                "year_planned": Decimal(0),
                "planned": Decimal(0),
            },
        )
    ordered = sorted(
        sums.values(),
        key=lambda e: (
            e["focus_area_id"] is None,
            order.get(e["focus_area_id"], len(order)),
            e["title"],
        ),
    )
    return [
        {**e, "year_planned": _num(e["year_planned"]), "planned": _num(e["planned"])}
        for e in ordered
    ]


def _budget_key_figures(overview: dict) -> dict:
    """The budget key figures, labelled in the report by year: the year's budget and outcome
    (with the percentage), the whole plan period, and the cumulative figures."""
    return {
        "year": overview["year"]["year"],
        "budget_year": overview["year"]["planned"],
        "outcome_year": overview["year"]["spent"],
        "outcome_year_percent": overview["year"]["percent"],
        "budget_plan": overview["total"]["planned"],
        "plan_first_year": overview["total"]["first_year"],
        "plan_last_year": overview["total"]["last_year"],
        "budget_to_date": overview["to_date"]["planned"],
        "outcome_to_date": overview["to_date"]["spent"],
        "outcome_to_date_percent": overview["to_date"]["percent"],
        "budget_complete": overview["complete"],
    }


def _summarise_self_assessment(sa: dict | None) -> None:
    """Per section: the count of each answer now and in the previous period."""
    if sa:
        for section in sa["sections"]:
            now = Counter(q["answer"] for q in section["questions"])
            before = Counter(q["previous"] for q in section["questions"])
            section["summary"] = {a: now.get(a, 0) for a in Answer.values}
            section["previous_summary"] = {a: before.get(a, 0) for a in Answer.values}


def _key_figures(data: dict) -> dict:
    """The period's key figures: activities and indicators by status, contributions reported,
    budget planned and spent (from the assessed items and the budget per year)."""
    ind_status = Counter(i["status"] for i in data["indicators"])
    act_status = Counter(a["status"] for a in data["activities"])
    reported = sum(1 for x in data["activities"] + data["indicators"] if x["state"] in REPORTED)
    return {
        "activities": len(data["activities"]),
        "activities_done": act_status.get(ActivityStatus.DONE.value, 0),
        "activities_ongoing": act_status.get(ActivityStatus.ONGOING.value, 0),
        "indicators": len(data["indicators"]),
        "indicators_on_track": ind_status.get(Status.ON_TRACK.value, 0),
        "indicators_at_risk": ind_status.get(Status.AT_RISK.value, 0),
        "indicators_off_track": ind_status.get(Status.OFF_TRACK.value, 0),
        "indicators_no_data": ind_status.get(Status.NO_DATA.value, 0),
        "contributions": len(data["activities"]) + len(data["indicators"]),
        "contributions_reported": reported,
        # Kept for API clients: the whole plan's budget and every outcome reported so far.
        "budget_planned": data["budget_overview"]["total"]["planned"],
        "budget_spent": data["budget_overview"]["total"]["spent"],
        **_budget_key_figures(data["budget_overview"]),
    }
