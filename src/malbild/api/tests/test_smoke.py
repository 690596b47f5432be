"""Smoke: every list endpoint answers for a reader of the organisation."""

import pytest

from malbild.actionplan.tests.factories import ActivityFactory, BudgetLineFactory
from malbild.catalogue.tests.factories import CatalogueItemFactory
from malbild.strategy.tests.factories import (
    DecisionFactory,
    DocumentFactory,
    FocusAreaFactory,
    GoalFactory,
    IndicatorFactory,
    IndicatorTargetFactory,
    OverallGoalFactory,
    SectionFactory,
)


@pytest.fixture
def tree(org, body):
    doc = DocumentFactory(organisation=org, owning_body=body)
    og = OverallGoalFactory(document=doc)
    fa = FocusAreaFactory(document=doc)
    fa.overall_goals.add(og)
    goal = GoalFactory(focus_area=fa)
    ind = IndicatorFactory(document=doc, responsible_body=body)
    ind.focus_areas.add(fa)
    IndicatorTargetFactory(indicator=ind)
    act = ActivityFactory(document=doc, responsible_body=body)
    act.focus_areas.add(fa)
    BudgetLineFactory(activity=act)
    SectionFactory(document=doc)
    CatalogueItemFactory(organisation=org, owning_body=body)
    DecisionFactory(body=body, document=doc)
    return {"doc": doc, "fa": fa, "goal": goal, "ind": ind, "act": act}


def test_lists(api_as, reader, tree):
    api = api_as(reader)
    d = tree["doc"].pk
    for path in [
        "/organisations",
        "/organisations/alingsas",
        "/organisations/alingsas/bodies",
        "/organisations/alingsas/documents",
        f"/organisations/alingsas/documents/{d}",
        f"/organisations/alingsas/documents/{d}/sections",
        f"/organisations/alingsas/documents/{d}/overall-goals",
        f"/organisations/alingsas/documents/{d}/versions",
        "/organisations/alingsas/focus-areas",
        "/organisations/alingsas/goals",
        "/organisations/alingsas/indicators",
        "/organisations/alingsas/activities",
        f"/organisations/alingsas/activities/{tree['act'].pk}",
        f"/organisations/alingsas/activities/{tree['act'].pk}/budget-lines",
        "/organisations/alingsas/catalogue",
        "/organisations/alingsas/decisions",
        "/tokens",
        "/me",
    ]:
        r = api.get(path)
        assert r.status_code == 200, (path, r.content)
