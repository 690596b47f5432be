"""Fixtures for follow-up tests: a small action plan with a focus area, a goal, activities
with budget lines, indicators with baselines and targets, and a yearly period."""

import datetime

import pytest

from malbild.actionplan.tests.factories import ActivityFactory, BudgetLineFactory
from malbild.followup.tests.factories import PeriodFactory
from malbild.strategy.tests.factories import (
    DocumentFactory,
    FocusAreaFactory,
    GoalFactory,
    IndicatorFactory,
    IndicatorTargetFactory,
)


def add_activities(plan, n, body=None):
    """Add `n` activities with a budget line each to the plan's focus area and goal."""
    acts = []
    for _ in range(n):
        act = ActivityFactory(
            document=plan["document"],
            responsible_body=body or plan["body"],
            start_year=2018,
            end_year=2020,
        )
        act.focus_areas.add(plan["focus_area"])
        act.goals.add(plan["goal"])
        BudgetLineFactory(activity=act, year=2019, kind="operating", amount=100000)
        BudgetLineFactory(activity=act, year=2019, kind="investment", amount=50000)
        acts.append(act)
    return acts


@pytest.fixture
def plan(org, body, other_body):
    document = DocumentFactory(organisation=org, title="Handlingsplan digital målbild")
    fa = FocusAreaFactory(document=document, number="1", title="Digitala tjänster")
    goal = GoalFactory(focus_area=fa, title="Fler e-tjänster")
    indicator = IndicatorFactory(
        document=document,
        name="Antal e-tjänster",
        unit="st",
        baseline_value=10,
        baseline_year=2017,
        responsible_body=body,
    )
    indicator.focus_areas.add(fa)
    indicator.goals.add(goal)
    IndicatorTargetFactory(indicator=indicator, year=2020, value=40)
    result = {
        "document": document,
        "focus_area": fa,
        "goal": goal,
        "indicator": indicator,
        "body": body,
        "other_body": other_body,
    }
    result["activity"] = add_activities(result, 1)[0]
    result["other_activity"] = add_activities(result, 1, body=other_body)[0]
    result["period"] = PeriodFactory(
        document=document,
        label="2019",
        start=datetime.date(2019, 1, 1),
        end=datetime.date(2019, 12, 31),
        deadline=datetime.date(2020, 1, 31),
    )
    return result
