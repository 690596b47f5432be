"""Benchmark data: one organisation with an action plan of realistic size.

The Alingsås plan of 2018 had eleven focus areas and a few dozen activities; a large
municipality's plan has a few hundred. The fixture builds the upper end: 25 bodies, 11 focus
areas with 3 goals each, 40 indicators with 3 yearly targets, 300 activities, each serving 2
focus areas and a goal, with a co-responsible body and 2 budget lines.
"""

import io

import pytest

from malbild.accounts.constants import Role
from malbild.actionplan.tests.factories import ActivityFactory, BudgetLineFactory
from malbild.core.tests.factories import BodyFactory, OrganisationFactory, UserFactory
from malbild.strategy.tests.factories import (
    DocumentFactory,
    FocusAreaFactory,
    GoalFactory,
    IndicatorFactory,
    IndicatorTargetFactory,
    OverallGoalFactory,
    SectionFactory,
)

BODIES = 25
FOCUS_AREAS = 11
GOALS_PER_AREA = 3
INDICATORS = 40
ACTIVITIES = 300


@pytest.fixture
def realistic_plan(db):
    org = OrganisationFactory(name="Benchkommun", slug="bench", kolada_id="9999")
    bodies = [BodyFactory(organisation=org, name=f"Nämnd {n:02d}") for n in range(BODIES)]
    plan = DocumentFactory(organisation=org, title="Handlingsplan 2024–2027", owning_body=bodies[0])
    for n in range(6):
        SectionFactory(document=plan, order=n, heading=f"Kapitel {n}", body="Text " * 200)
    for n in range(4):
        OverallGoalFactory(document=plan, order=n)
    areas, goals = [], []
    for n in range(FOCUS_AREAS):
        area = FocusAreaFactory(document=plan, order=n, number=f"5.{n + 1}")
        areas.append(area)
        goals += [GoalFactory(focus_area=area, order=g) for g in range(GOALS_PER_AREA)]
    for n in range(INDICATORS):
        indicator = IndicatorFactory(document=plan, responsible_body=bodies[n % BODIES])
        indicator.focus_areas.set([areas[n % FOCUS_AREAS]])
        for year in (2025, 2026, 2027):
            IndicatorTargetFactory(indicator=indicator, year=year, value=60 + year % 10)
    for n in range(ACTIVITIES):
        activity = ActivityFactory(
            document=plan,
            number=f"{n + 1}",
            responsible_body=bodies[n % BODIES],
            status=("planned", "ongoing", "done")[n % 3],
        )
        activity.focus_areas.set([areas[n % FOCUS_AREAS], areas[(n + 1) % FOCUS_AREAS]])
        activity.goals.set([goals[n % len(goals)]])
        activity.co_responsible_bodies.set([bodies[(n + 1) % BODIES]])
        BudgetLineFactory(activity=activity, year=2025, kind="operating", amount=100_000)
        BudgetLineFactory(activity=activity, year=2026, kind="investment", amount=250_000)
    user = UserFactory(username="bench-strateg", role=Role.STRATEGIST, organisation=org)
    return {"org": org, "plan": plan, "user": user}


@pytest.fixture
def strategist_client(client, realistic_plan):
    client.force_login(realistic_plan["user"])
    return client


# Render benchmarks (test_renders.py): the demo and a generated kommunkoncern, each built once
# per run (outside the tests' transactions, so every benchmark reads the same rows).

KOMMUNKONCERN_SLUG = "bench-kommunkoncern"


@pytest.fixture(scope="session")
def demo_data(django_db_setup, django_db_blocker):
    """The demo (`malbild demo`): Alingsås' closed 2019 follow-up and its consultation round."""
    from malbild.consultation.models import ConsultationRound
    from malbild.demo.loader import load_all
    from malbild.followup.models import FollowUpPeriod
    from malbild.organisation.models import Organisation

    with django_db_blocker.unblock():
        _require_test_database()
        load_all(stdout=io.StringIO())
        org = Organisation.objects.get(slug="alingsas")
        period = (
            FollowUpPeriod.objects.for_org(org)
            .filter(status="closed", document__kind="action_plan")
            .order_by("-end")
            .first()
        )
        return {
            "org": org,
            "username": "alingsas-strateg",
            "period": period,
            "round": ConsultationRound.objects.for_org(org).get(),
            "plan": period.document,
        }


@pytest.fixture(scope="session")
def kommunkoncern_data(django_db_setup, django_db_blocker):
    """`malbild generate --scale kommunkoncern`: the closed 2025 follow-up of the whole tree
    and the consultation round on the action plan."""
    from malbild.consultation.models import ConsultationRound
    from malbild.demo.generate import generate
    from malbild.followup.models import FollowUpPeriod

    with django_db_blocker.unblock():
        _require_test_database()
        org, _counts = generate(scale="kommunkoncern", seed=1, slug=KOMMUNKONCERN_SLUG)
        period = FollowUpPeriod.objects.for_org(org).get(status="closed")
        return {
            "org": org,
            "username": f"{KOMMUNKONCERN_SLUG}-strateg",
            "period": period,
            "round": ConsultationRound.objects.for_org(org).get(),
            "plan": period.document,
        }


@pytest.fixture(params=["demo", "kommunkoncern"])
def dataset(request, demo_data, kommunkoncern_data, db):
    """Each render benchmark runs on the demo and on the generated kommunkoncern. Both are
    session fixtures, so they are built once, before the first test's transaction (`db`)
    starts, and outlive every test."""
    return request.param, {"demo": demo_data, "kommunkoncern": kommunkoncern_data}[request.param]


def _require_test_database():
    """Never load into a real database: refuse unless pytest-django set up the test one."""
    from django.db import connection

    name = str(connection.settings_dict["NAME"])
    if "memorydb" not in name and not name.startswith("test"):
        raise RuntimeError(f"not a test database: {name}")
