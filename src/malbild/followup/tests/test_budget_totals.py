"""Every budget total equals the sum of its parts, for the demo and for generated data (several
documents, multi-area activities, many years): a plan's total = the sum over the primary focus
areas + the activities without one = the sum of the years; the year's budget is its row; the
cumulative budget is the sum of the years up to the period; the report's tables agree with the
key figures. Collecting a period's budget costs the same queries at any data size."""

import datetime
import io
import random
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.db.models import Sum
from django.test.utils import CaptureQueriesContext

from malbild.actionplan.models import Activity, BudgetLine
from malbild.actionplan.tests.factories import ActivityFactory, BudgetLineFactory
from malbild.followup import data as period_data
from malbild.followup import report as builder
from malbild.followup import selectors
from malbild.followup.models import FollowUpPeriod
from malbild.followup.tests.factories import PeriodFactory
from malbild.strategy.models import SteeringDocument
from malbild.strategy.selectors import document_descendants
from malbild.strategy.tests.factories import DocumentFactory, FocusAreaFactory
from malbild.web.formatting import amount as fmt


def D(value) -> Decimal:
    return Decimal(str(value or 0))


def check_document_totals(document) -> None:
    """The document's budget = the sum over the primary focus areas + the unlinked ones."""
    lines = BudgetLine.objects.filter(activity__document=document)
    total = D(lines.aggregate(s=Sum("amount"))["s"])
    by_primary = dict(
        lines.values_list("activity__primary_focus_area")
        .annotate(s=Sum("amount"))
        .values_list("activity__primary_focus_area", "s")
    )
    assert sum((D(v) for v in by_primary.values()), Decimal(0)) == total
    unlinked = D(by_primary.get(None))
    linked = Activity.objects.filter(document=document, focus_areas__isnull=False)
    assert not linked.filter(primary_focus_area__isnull=True).exists()
    assert unlinked == D(
        lines.filter(activity__focus_areas__isnull=True).aggregate(s=Sum("amount"))["s"]
    )
    per_year = lines.values_list("year").annotate(s=Sum("amount")).values_list("s", flat=True)
    assert sum((D(v) for v in per_year), Decimal(0)) == total


def check_period(period) -> None:
    data = selectors.period_data(period=period)
    ov, kf = data["budget_overview"], data["key_figures"]
    year = data["period"]["year"]
    # The documents the period follows up: its own, and every plan below it for a tree period.
    documents = [period.document.pk]
    if period.include_descendants:
        documents += [d.pk for d in document_descendants(document=period.document)]
    plan_total = D(
        BudgetLine.objects.filter(activity__document_id__in=documents).aggregate(s=Sum("amount"))[
            "s"
        ]
    )
    assert D(kf["budget_plan"]) == plan_total == D(ov["total"]["planned"])
    assert sum((D(r["planned"]) for r in ov["years"]), Decimal(0)) == plan_total
    assert sum((D(f["planned"]) for f in ov["focus_areas"]), Decimal(0)) == plan_total
    assert sum((D(f["year_planned"]) for f in ov["focus_areas"]), Decimal(0)) == D(
        kf["budget_year"]
    )
    for r in ov["years"]:
        assert D(r["planned"]) == D(r["operating_planned"]) + D(r["investment_planned"])
        assert D(r["spent"]) == D(r["operating_spent"]) + D(r["investment_spent"])
    assert D(kf["budget_year"]) == sum(
        (D(r["planned"]) for r in ov["years"] if r["year"] == year), Decimal(0)
    )
    assert D(kf["budget_to_date"]) == sum(
        (D(r["planned"]) for r in ov["years"] if r["year"] <= year), Decimal(0)
    )
    assert D(kf["outcome_to_date"]) == sum(
        (D(r["spent"]) for r in ov["years"] if r["year"] <= year), Decimal(0)
    )
    assert D(kf["outcome_year"]) <= D(kf["outcome_to_date"])
    assert kf["plan_first_year"] <= year <= kf["plan_last_year"] or not ov["years"]
    report = builder.build_report(data)
    tables = {t["key"]: t for t in report["tables"]}
    fa_table = tables["budget-per-focus-area"]
    assert str(fa_table["rows"][-1][2]) == fmt(ov["total"]["planned"])
    keys = tables["budget-key-figures"]
    assert str(keys["rows"][0][1]) == fmt(kf["budget_year"])
    assert str(keys["rows"][3][1]) == fmt(kf["budget_plan"])
    if "budget" in tables:
        assert len(tables["budget"]["rows"]) == len(ov["years"]) + 1
    # The focus-area sections' budget tables count each activity once: their totals add up
    # to the period's activities' budget in a primary area.
    section_totals = [
        t["rows"][-1][3].value  # an Amount: the number itself
        for k, t in tables.items()
        # fa<n>-budget, or d<level>-fa<n>-budget in a report of a whole tree
        if re.fullmatch(r"(d\d+-)?fa\d+-budget", k)
    ]
    fa_order = {fa["id"]: n for n, fa in enumerate(data["focus_areas"])}
    in_areas = sum(
        (
            D(line["planned"])
            for a in data["activities"]
            if period_data.primary_focus_area_id(a, fa_order) in fa_order
            for line in a["budget"]
        ),
        Decimal(0),
    )
    assert sum(section_totals, Decimal(0)) == in_areas


@pytest.fixture
def demo(db):
    from malbild.demo import followup, loader

    for data in loader.ORGANISATIONS:
        loader.load_organisation(data, stdout=io.StringIO())
    followup.load(stdout=io.StringIO())


def test_demo_totals_add_up(demo):
    documents = SteeringDocument.objects.filter(activities__isnull=False).distinct()
    assert documents.exists()
    for document in documents:
        check_document_totals(document)
    periods = FollowUpPeriod.objects.filter(document__activities__isnull=False).distinct()
    assert periods.count() >= 3
    for period in periods:
        check_period(period)


def _generated(org, body, rng: random.Random, n: int = 12):
    vision = DocumentFactory(organisation=org, kind="vision", period_start=2015, period_end=2025)
    areas = [FocusAreaFactory(document=vision, order=i) for i in range(5)]
    plans = [
        DocumentFactory(organisation=org, parent=vision, period_start=2016 + i, period_end=2019 + i)
        for i in range(2)
    ]
    sub = DocumentFactory(organisation=org, parent=plans[0], kind="sub_plan")
    own = FocusAreaFactory(document=sub, order=0)
    for document in [*plans, sub]:
        pool = areas + ([own] if document is sub else [])
        for _ in range(n):
            start = rng.randint(2014, 2024)
            act = ActivityFactory(
                document=document,
                responsible_body=body,
                start_year=start,
                end_year=start + rng.randint(0, 3),
            )
            served = rng.sample(pool, rng.randint(0, 3))
            act.focus_areas.set(served)
            if served:
                act.primary_focus_area = rng.choice(served)
                act.save()
            for year in range(act.start_year, act.end_year + 1):
                for kind in rng.sample(["operating", "investment"], rng.randint(0, 2)):
                    BudgetLineFactory(
                        activity=act, year=year, kind=kind, amount=rng.randint(1, 900) * 1000
                    )
    return plans + [sub]


def test_generated_totals_add_up(org, body):
    rng = random.Random(9)
    for document in _generated(org, body, rng):
        check_document_totals(document)
        for year in (2016, 2018, 2021):
            period = PeriodFactory(
                document=document,
                label=str(year),
                start=datetime.date(year, 1, 1),
                end=datetime.date(year, 12, 31),
                deadline=datetime.date(year + 1, 1, 31),
            )
            check_period(period)


def test_collecting_the_budget_costs_the_same_queries_at_any_size(org, body):
    def queries(n):
        document = DocumentFactory(organisation=org, period_start=2019, period_end=2021)
        area = FocusAreaFactory(document=document)
        for i in range(n):
            act = ActivityFactory(
                document=document, responsible_body=body, start_year=2019 + i % 3, end_year=2021
            )
            act.focus_areas.set([area])
            BudgetLineFactory(activity=act, year=2019 + i % 3)
        period = PeriodFactory(document=document)
        with CaptureQueriesContext(connection) as ctx:
            period_data.assess(period_data.collect(period))
        return len(ctx.captured_queries)

    assert queries(2) == queries(12)
