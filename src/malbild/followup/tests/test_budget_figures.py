"""Budget figures that do not mislead, in the annual report, the dashboard and the API: the
period's year budget beside the year's outcome (and the percentage against the year's budget,
not the plan's); the whole plan's budget per year over ALL its activities (also those that
start after the period or ended before it); budget and outcome to date; the budget per focus
area counts each activity once, in its primary area, and the areas add up to the plan's total.
Regression shapes from issue #9: a 2019 report left out an activity starting in 2020 (2020:
2 110 000 instead of 2 260 000); "Budget (kr)" was the three-year budget of the year's
activities next to one year's outcome (35 % read instead of 78 %)."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from malbild.actionplan.tests.factories import ActivityFactory, BudgetLineFactory
from malbild.api.tests.helpers import ApiClient
from malbild.followup import report as builder
from malbild.followup import selectors, services
from malbild.followup.models import FollowUpPeriod
from malbild.followup.snapshot import upgrade
from malbild.followup.tests.factories import PeriodFactory
from malbild.strategy.tests.factories import DocumentFactory, FocusAreaFactory


def _period(document, year):
    return PeriodFactory(
        document=document,
        label=str(year),
        start=datetime.date(year, 1, 1),
        end=datetime.date(year, 12, 31),
        deadline=datetime.date(year + 1, 1, 31),
    )


def _activity(document, body, start, end, areas=(), lines=()):
    act = ActivityFactory(document=document, responsible_body=body, start_year=start, end_year=end)
    act.focus_areas.set(areas)
    if areas:
        act.primary_focus_area = areas[0]
        act.save()
    for year, kind, amount in lines:
        BudgetLineFactory(activity=act, year=year, kind=kind, amount=amount)
    return act


def _report(access, period, act, outcomes):
    lines = {(b.year, b.kind): b.pk for b in act.budget_lines.all()}
    services.activity_report_save(
        access=access,
        period=period,
        activity=act,
        data={"status": "ongoing", "progress": 50},
        outcomes={lines[key]: str(v) for key, v in outcomes.items()},
        submit=True,
    )


def _table(report, key):
    return next(t for t in report["tables"] if t["key"] == key)


def _row(table, label):
    """The row whose first cell reads `label`, as the text each cell shows."""
    return next([str(c) for c in r] for r in table["rows"] if str(r[0]) == label)


def kr(value) -> str:
    return f"{int(value):,}".replace(",", "\u00a0")


@pytest.fixture
def plan(org, body):
    document = DocumentFactory(organisation=org, period_start=2019, period_end=2021)
    fa1 = FocusAreaFactory(document=document, order=1, number="1", title="Digitala tjänster")
    fa2 = FocusAreaFactory(document=document, order=2, number="2", title="Infrastruktur")
    return {"document": document, "fa1": fa1, "fa2": fa2, "body": body}


def test_a_year_report_counts_the_activity_that_starts_the_year_after(plan, strategist):
    doc, body = plan["document"], plan["body"]
    _activity(
        doc,
        body,
        2019,
        2021,
        [plan["fa1"]],
        [
            (2019, "operating", 2_000_000),
            (2020, "operating", 2_110_000),
            (2021, "operating", 1_000_000),
        ],
    )
    # Starts in 2020: not an activity of the 2019 period, but part of the plan's budget.
    _activity(doc, body, 2020, 2021, [plan["fa2"]], [(2020, "investment", 150_000)])
    period = _period(doc, 2019)
    data = selectors.period_data(period=period)
    assert len(data["activities"]) == 1
    rows = {r["year"]: r for r in data["budget_overview"]["years"]}
    assert rows[2020]["planned"] == "2260000"  # was 2 110 000
    kf = data["key_figures"]
    assert (kf["budget_year"], kf["budget_plan"]) == ("2000000", "5260000")
    report = builder.build_report(data)
    budget = _table(report, "budget")
    assert _row(budget, "2020")[1:5] == [kr(2_110_000), "0", kr(150_000), "0"]
    assert _row(budget, "Hela planperioden 2019–2021")[1] == kr(5_110_000)
    keys = _table(report, "budget-key-figures")
    assert _row(keys, "Budget hela planperioden 2019–2021")[1] == kr(5_260_000)
    assert _row(keys, "Budget 2019 (årets)")[1] == kr(2_000_000)


def test_year_budget_beside_year_outcome_and_cumulative(plan, strategist, access_of, org, body):
    st = access_of(strategist)
    doc = plan["document"]
    three_year = _activity(
        doc,
        body,
        2019,
        2021,
        [plan["fa1"]],
        [
            (2019, "operating", 5_000_000),
            (2020, "operating", 7_700_000),
            (2021, "operating", 4_500_000),
        ],
    )
    ended = _activity(doc, body, 2019, 2019, [plan["fa2"]], [(2019, "investment", 300_000)])
    p2019 = _period(doc, 2019)
    _report(st, p2019, three_year, {(2019, "operating"): 4_800_000})
    _report(st, p2019, ended, {(2019, "investment"): 250_000})
    p2020 = _period(doc, 2020)
    _report(st, p2020, three_year, {(2020, "operating"): 6_006_000})
    data = selectors.period_data(period=p2020)
    kf = data["key_figures"]
    # Before: the three-year budget of the year's activities (17.2 M) beside 6.0 M → "35 %".
    assert kf["budget_year"] == "7700000" and kf["outcome_year"] == "6006000"
    assert kf["outcome_year_percent"] == "78"
    assert kf["budget_plan"] == "17500000"  # also the activity that ended in 2019
    assert kf["budget_to_date"] == "13000000"
    assert kf["outcome_to_date"] == "11056000"  # 4 800 000 + 250 000 + 6 006 000
    assert (kf["plan_first_year"], kf["plan_last_year"]) == (2019, 2021)
    report = builder.build_report(data)
    keys = _table(report, "budget-key-figures")
    assert _row(keys, "Budget 2020 (årets)")[1] == kr(7_700_000)
    assert _row(keys, "Utfall 2020")[1] == kr(6_006_000)
    assert _row(keys, "Utfall 2020 i procent av årets budget")[1] == "78 %"
    assert _row(keys, "Ackumulerat t.o.m. 2020: budget")[1] == kr(13_000_000)
    assert _row(keys, "Ackumulerat t.o.m. 2020: utfall")[1] == kr(11_056_000)
    summary = report["sections"][0]
    texts = [b["text"] for b in summary["blocks"] if b["type"] == "paragraph"]
    assert any("primära insatsområde" in t for t in texts)
    # The same figures on the dashboard, and in the API.
    from django.test import Client

    client = Client()
    strategist.refresh_from_db()
    client.force_login(strategist)
    page = client.get(
        reverse("followup:period-dashboard", kwargs={"org": org.slug, "pk": p2020.pk})
    ).content.decode()
    assert "Budget 2020 (årets)" in page and "Utfall 2020" in page
    assert "Ackumulerat t.o.m. 2020" in page
    got = ApiClient(strategist).get(
        f"/organisations/{org.slug}/followup/periods/{p2020.pk}/assessments"
    )
    assert got.status_code == 200, got.content
    body_json = got.json()
    assert body_json["key_figures"]["budget_year"] == "7700000"
    assert body_json["key_figures"]["outcome_year_percent"] == "78"
    assert [r["planned"] for r in body_json["budget_per_focus_area"]] == ["17200000", "300000"]


def test_multi_area_activity_counted_once_in_its_primary_area(plan, body):
    doc = plan["document"]
    both = _activity(
        doc,
        body,
        2019,
        2021,
        [plan["fa2"], plan["fa1"]],
        [(2019, "operating", 1_000_000), (2020, "operating", 500_000)],
    )
    _activity(doc, body, 2019, 2019, [plan["fa1"]], [(2019, "operating", 200_000)])
    _activity(doc, body, 2019, 2019, [], [(2019, "investment", 70_000)])
    data = selectors.period_data(period=_period(doc, 2019))
    per_fa = data["budget_overview"]["focus_areas"]
    assert [(r["focus_area_id"], r["planned"]) for r in per_fa] == [
        (plan["fa1"].pk, "200000"),
        (plan["fa2"].pk, "1500000"),
        (None, "70000"),
    ]
    assert sum(Decimal(r["planned"]) for r in per_fa) == Decimal(data["key_figures"]["budget_plan"])
    report = builder.build_report(data)
    table = _table(report, "budget-per-focus-area")
    assert [str(c) for c in table["rows"][-1]] == ["Summa", kr(1_270_000), kr(1_770_000)]
    assert _row(table, "Ej kopplat till något insatsområde")[2] == kr(70_000)
    # Focus area 1's section lists only its own activity's lines and names the other.
    fa1_budget = _table(report, "fa1-budget")
    assert [r[0] for r in fa1_budget["rows"]] == [fa1_budget["rows"][0][0], "Summa"]
    assert str(fa1_budget["rows"][-1][3]) == kr(200_000)
    fa1 = next(s for s in report["sections"] if s["heading"] == "1 Digitala tjänster")
    assert any(b["type"] == "paragraph" and str(both.title) in b["text"] for b in fa1["blocks"])


def test_a_period_closed_before_the_plan_budget_was_frozen(plan, strategist, access_of, body):
    doc = plan["document"]
    _activity(doc, body, 2019, 2021, [plan["fa1"], plan["fa2"]], [(2019, "operating", 100_000)])
    _activity(doc, body, 2021, 2021, [plan["fa2"]], [(2021, "operating", 900_000)])
    period = services.period_close(access=access_of(strategist), period=_period(doc, 2019))
    old = dict(upgrade(period.snapshot))  # as a period closed before these were recorded
    old.pop("plan_budget")
    for act in old["activities"]:
        act.pop("primary_focus_area_id")
    FollowUpPeriod.objects.filter(pk=period.pk).update(snapshot=old)
    period.refresh_from_db()
    data = selectors.period_data(period=period)
    assert data["key_figures"]["budget_complete"] is False
    assert data["key_figures"]["budget_plan"] == "100000"  # only what the snapshot holds
    assert data["budget_overview"]["focus_areas"][0]["planned"] == "100000"  # first area
    report = builder.build_report(data)
    texts = [b["text"] for b in report["sections"][0]["blocks"] if b["type"] == "paragraph"]
    assert any("stängdes innan" in t for t in texts)
