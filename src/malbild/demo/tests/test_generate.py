"""`malbild generate` at the small scale: the counts it promises, rows valid as the services
would make them (full model validation, primary focus areas, budget lines within the years,
values that fit the measure, comments anchored to the consulted version), every amount counted
once (the report's budget totals equal the sum of the lines, per focus area too), a report
that builds and renders, the same data for the same seed, and a refused slug writes nothing.
"""

from dataclasses import replace
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count, Sum

from malbild.actionplan.models import Activity, BudgetLine
from malbild.consultation.models import Comment, Consultee, Disposition, Response
from malbild.consultation.selectors import version_anchors
from malbild.core.tests.factories import OrganisationFactory
from malbild.demo.generate import (
    KOMMUNKONCERN_ACTIVITIES,
    NATIONAL_ORGANISATIONS,
    SCALES,
    GenerateError,
    generate,
    generate_national,
    national_names,
    scale_for,
)
from malbild.followup import selectors as followup_selectors
from malbild.followup.models import ActivityReport, BudgetOutcome, FollowUpPeriod, IndicatorValue
from malbild.followup.report import build_report
from malbild.followup.snapshot import upgrade
from malbild.organisation.models import Body, Organisation
from malbild.reports import render
from malbild.strategy.measures import measure_value_errors
from malbild.strategy.models import DocumentVersion, Indicator, IndicatorTarget, SteeringDocument
from malbild.strategy.selectors import document_descendants, document_tree

SMALL = SCALES["small"]


@pytest.fixture
def small(db):
    org, counts = generate(scale="small", seed=3, slug="gen-small")
    return org, counts


def test_the_small_scale_has_the_promised_shape(small):
    org, counts = small
    documents = SteeringDocument.objects.for_org(org)
    strategy = documents.get(kind="vision")
    plan = documents.get(kind="action_plan")
    assert plan.parent == strategy
    sub_plans = documents.filter(kind="sub_plan")
    assert sub_plans.count() == SMALL.committees + SMALL.companies
    assert all(d.parent_id == plan.pk for d in sub_plans)
    assert [d.depth for d in document_descendants(document=strategy)] == [1] + [2] * (
        SMALL.committees + SMALL.companies
    )
    assert Body.objects.for_org(org).count() == 4 + 2 * SMALL.committees + 1 + SMALL.companies + 4
    assert SMALL.bodies == Body.objects.for_org(org).count()
    assert plan.focus_areas.count() == SMALL.focus_areas
    assert sum(fa.goals.count() for fa in plan.focus_areas.all()) == SMALL.goals
    assert Indicator.objects.for_org(org).count() == SMALL.indicators
    assert IndicatorTarget.objects.for_org(org).count() == SMALL.indicators * 4
    assert Activity.objects.for_org(org).count() == SMALL.activities
    lines = Activity.objects.for_org(org).annotate(n=Count("budget_lines"))
    assert {a.n for a in lines} <= {2, 3}
    assert Consultee.objects.for_org(org).count() == SMALL.consultees
    assert Comment.objects.for_org(org).count() == SMALL.comments
    assert Disposition.objects.for_org(org).exists()
    periods = FollowUpPeriod.objects.for_org(org).order_by("start")
    assert [(p.label, p.status, p.snapshot is not None) for p in periods] == [
        ("2025", "closed", True),
        ("2026", "open", False),
    ]
    plan.refresh_from_db()
    assert plan.status == "adopted"
    assert DocumentVersion.objects.for_org(org).count() == 2
    assert counts["activities"] == SMALL.activities
    assert counts["comments"] == SMALL.comments


def test_every_row_is_valid_as_the_services_would_make_it(small):
    org, _ = small
    for model in (Indicator, IndicatorTarget, Activity, BudgetLine, Comment, Disposition):
        for obj in model.objects.for_org(org):
            obj.full_clean()
    for model in (ActivityReport, BudgetOutcome, IndicatorValue):
        for obj in model.objects.for_org(org):
            obj.full_clean()
    for act in Activity.objects.for_org(org).prefetch_related("focus_areas", "budget_lines"):
        served = sorted(act.focus_areas.all(), key=lambda fa: (fa.order, fa.pk))
        assert served and act.primary_focus_area_id == served[0].pk
        keys = [(b.year, b.kind, b.financing_source) for b in act.budget_lines.all()]
        assert len(keys) == len(set(keys))
        assert all(act.start_year <= b.year <= act.end_year for b in act.budget_lines.all())
    for value in IndicatorValue.objects.for_org(org).select_related("indicator"):
        ind = value.indicator
        assert not measure_value_errors(
            measure_type=ind.measure_type, unit=ind.unit, value=value.value
        )
    version = DocumentVersion.objects.for_org(org).order_by("number").first()
    anchors = {a["uid"]: a for a in version_anchors(snapshot=version.snapshot)}
    for comment in Comment.objects.for_org(org):
        assert anchors[comment.item_uid]["label"] == comment.item_label
    assert not Response.objects.for_org(org).filter(status="draft").exists()


def test_every_amount_is_counted_once_in_the_report(small):
    org, _ = small
    period = FollowUpPeriod.objects.for_org(org).get(status="closed")
    data = followup_selectors.period_data(period=period)
    overview = data["budget_overview"]
    lines = BudgetLine.objects.for_org(org).aggregate(s=Sum("amount"))["s"]
    assert Decimal(overview["total"]["planned"]) == lines
    per_area = sum(Decimal(row["planned"]) for row in overview["focus_areas"])
    assert per_area == lines
    year = BudgetLine.objects.for_org(org).filter(year=2025).aggregate(s=Sum("amount"))["s"]
    assert Decimal(overview["year"]["planned"]) == year
    # The action plan's page: its own activities plus those of the plans below it, per focus
    # area and in total, add up to the same lines.
    tree = document_tree(document=period.document)
    assert tree.own_total.budget + tree.descendant_total.budget == lines
    assert tree.own_total.count + tree.descendant_total.count == SMALL.activities
    assert sum(fa.own.budget for fa in tree.focus_areas) + tree.own_unlinked.budget == (
        tree.own_total.budget
    )


def test_the_reports_build_and_render(small):
    org, _ = small
    for period in FollowUpPeriod.objects.for_org(org):
        report = build_report(followup_selectors.period_data(period=period))
        assert report["title"]
        assert render.render_html(report)
        assert render.render_xlsx(report)[:2] == b"PK"


def _fingerprint(org):
    acts = Activity.objects.for_org(org).order_by("number", "title")
    return [
        (a.number, a.title, a.start_year, a.end_year, a.status, a.responsible_body.name)
        for a in acts.select_related("responsible_body")
    ] + [
        (b.activity.number, b.year, b.kind, b.amount, b.financing_source)
        for b in BudgetLine.objects.for_org(org)
        .select_related("activity")
        .order_by("activity__number", "year", "kind", "financing_source")
    ]


def test_the_same_seed_gives_the_same_data(small):
    org, _ = small
    again, _ = generate(scale="small", seed=3, slug="gen-small-again")
    other, _ = generate(scale="small", seed=4, slug="gen-small-other")

    assert _fingerprint(again) == _fingerprint(org)
    assert _fingerprint(other) != _fingerprint(org)


def test_an_existing_slug_is_refused_and_nothing_is_written(small):
    org, _ = small
    activities = Activity.objects.count()

    with pytest.raises(GenerateError, match="gen-small"):
        generate(scale="small", seed=9, slug="gen-small")
    with pytest.raises(CommandError, match="gen-small"):
        call_command("generate", "--scale", "small", "--slug", "gen-small", stdout=StringIO())

    assert Activity.objects.count() == activities
    assert Organisation.objects.filter(slug="gen-small").count() == 1


def test_the_command_reports_what_it_generated(db):
    out = StringIO()

    call_command("generate", "--scale", "small", "--slug", "gen-cmd", "--seed", "2", stdout=out)

    assert "gen-cmd" in out.getvalue()
    assert f"{SMALL.activities} activities" in out.getvalue()
    assert Organisation.objects.get(slug="gen-cmd").name == "Småstads kommun"


def test_scale_for_multiplies_the_activities_and_takes_explicit_counts():
    base = SCALES["kommunkoncern"]

    assert scale_for("kommunkoncern").activities == 190 == KOMMUNKONCERN_ACTIVITIES
    assert scale_for("kommunkoncern", activities_factor=16).activities == 16 * 190
    assert scale_for("demo", activities=10, activities_factor=4).activities == 40
    custom = scale_for("kommunkoncern", indicators=5, responses=200, comments_per_response=2)
    assert (custom.indicators, custom.responses, custom.comments) == (5, 200, 400)
    assert custom.consultees == 202  # two decline
    assert base.bodies == 60 and base.comments == 5000 and base.indicators == 400
    assert base.plan_years == tuple(range(2017, 2027)) and base.periods == 10
    assert SCALES["small"] is SCALES["demo"]
    for bad in ({"activities_factor": 0}, {"indicators": -1}):
        with pytest.raises(GenerateError):
            scale_for("demo", **bad)
    with pytest.raises(GenerateError, match="huge"):
        scale_for("huge")


def test_a_shape_of_many_periods_exact_budget_lines_and_outside_consultees(db):
    # Longer than the demo: five plan years, three periods (two closed), three lines each,
    # more answers than the organisation has bodies to consult.
    shape = replace(
        SCALES["demo"],
        years=5,
        periods=3,
        budget_lines=3,
        consultees=24,
        responses=20,
        comments_per_response=2,
    )
    own = shape.bodies

    org, counts = generate(scale=shape, seed=5, slug="gen-shape")

    periods = FollowUpPeriod.objects.for_org(org).order_by("start")
    assert [(p.label, p.status, p.snapshot is not None) for p in periods] == [
        ("2025", "closed", True),
        ("2026", "closed", True),
        ("2027", "open", False),
    ]
    assert all(upgrade(p.snapshot)["activities"] for p in periods[:2])
    lines = Activity.objects.for_org(org).annotate(n=Count("budget_lines"))
    assert {a.n for a in lines} == {3}
    for act in Activity.objects.for_org(org).prefetch_related("budget_lines"):
        keys = [(b.year, b.kind, b.financing_source) for b in act.budget_lines.all()]
        assert len(keys) == len(set(keys))
        assert all(act.start_year <= b.year <= act.end_year for b in act.budget_lines.all())
    assert IndicatorTarget.objects.for_org(org).count() == shape.indicators * 5
    assert Body.objects.for_org(org).count() == own + counts["external consultees"]
    assert counts["bodies"] == own
    assert Consultee.objects.for_org(org).count() == 24
    assert Response.objects.for_org(org).count() == 20
    assert Comment.objects.for_org(org).count() == 40
    # Each closed period was approved in full; the report's totals are the lines' sums.
    closed = periods[1]
    data = followup_selectors.period_data(period=closed)
    year = BudgetLine.objects.for_org(org).filter(year=2026).aggregate(s=Sum("amount"))["s"]
    assert Decimal(data["budget_overview"]["year"]["planned"]) == year
    assert not ActivityReport.objects.for_org(org).filter(period=closed).exclude(state="approved")


def test_the_national_scale_is_many_organisations_in_one_database(db):
    shape = replace(SCALES["national"], activities=4, indicators=3)
    seen = []

    orgs, counts = generate_national(
        scale=shape, organisations=2, seed=2, slug="nat", progress=lambda n, o: seen.append(n)
    )

    assert [o.slug for o in orgs] == ["nat-001", "nat-002"]
    assert len({o.name for o in orgs}) == 2 and all(o.name.endswith("kommun") for o in orgs)
    assert seen == [1, 2]
    assert counts["organisations"] == 2 and counts["activities"] == 8
    for org in orgs:
        assert Activity.objects.for_org(org).count() == 4
    assert len(set(national_names(NATIONAL_ORGANISATIONS))) == NATIONAL_ORGANISATIONS
    # One slug taken (the second): nothing is written, not even the first.
    OrganisationFactory(slug="taken-002")
    before = Organisation.objects.count()
    with pytest.raises(GenerateError, match="taken-002"):
        generate_national(scale=shape, organisations=3, slug="taken")
    assert Organisation.objects.count() == before


def test_the_command_takes_a_factor_and_the_national_scale(db):
    out = StringIO()

    call_command(
        "generate", "--scale", "demo", "--activities", "5", "--activities-factor", "2",
        "--slug", "gen-factor", stdout=out,
    )  # fmt: skip
    call_command(
        "generate", "--scale", "national", "--organisations", "1", "--activities", "3",
        "--indicators", "2", "--slug", "gen-nat", stdout=out, stderr=StringIO(),
    )  # fmt: skip

    assert "10 activities" in out.getvalue()
    assert Activity.objects.for_org(Organisation.objects.get(slug="gen-factor")).count() == 10
    assert "(gen-nat-001): generated in" in out.getvalue()
    with pytest.raises(CommandError, match="factor"):
        call_command("generate", "--scale", "demo", "--activities-factor", "0", stdout=out)
