"""Every API list endpoint (and the detail endpoints with nested items) runs a fixed number
of SQL queries whatever the data size: asserted with `django_assert_num_queries` at two sizes.

Each request costs 3 queries before the endpoint runs (token lookup, organisation, the user's
memberships); a paginated list adds the count and the page, then one query per prefetched
relation."""

import pytest

from malbild.accounts.services import api_token_create
from malbild.actionplan.tests.factories import ActivityFactory, BudgetLineFactory
from malbild.catalogue.tests.factories import CatalogueItemFactory
from malbild.core.tests.factories import BodyFactory
from malbild.strategy.services import version_freeze
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

ORG = "/organisations/alingsas"


def grow(org, doc, body, n: int, anchor=None, user=None) -> None:
    """Add `n` of every kind of object to `doc` (and a budget line to `anchor`, a token of
    `user`, a sub-document), all linked to each other."""
    for _ in range(n):
        DocumentFactory(organisation=org, parent=doc, owning_body=body)
        if anchor is not None:
            BudgetLineFactory(activity=anchor)
        if user is not None:
            api_token_create(user=user, name="more")
        b = BodyFactory(organisation=org, parent=body)
        og = OverallGoalFactory(document=doc)
        fa = FocusAreaFactory(document=doc)
        fa.overall_goals.add(og)
        goal = GoalFactory(focus_area=fa)
        item = CatalogueItemFactory(organisation=org, owning_body=b)
        ind = IndicatorFactory(document=doc, responsible_body=b, eservice=item)
        ind.focus_areas.add(fa)
        ind.goals.add(goal)
        IndicatorTargetFactory(indicator=ind, year=2019)
        IndicatorTargetFactory(indicator=ind, year=2020)
        act = ActivityFactory(document=doc, responsible_body=b)
        act.focus_areas.add(fa)
        act.goals.add(goal)
        act.co_responsible_bodies.add(body)
        act.catalogue_items.add(item)
        BudgetLineFactory(activity=act, year=2018)
        BudgetLineFactory(activity=act, year=2019)
        SectionFactory(document=doc)
        decision = DecisionFactory(body=b, document=doc)
        decision.distribution.add(body, b)


@pytest.fixture
def setup(org, body, admin_user, access_of):
    doc = DocumentFactory(organisation=org, owning_body=body)
    anchor = ActivityFactory(document=doc, responsible_body=body)
    return {"doc": doc, "anchor": anchor, "access": access_of(admin_user)}


# path (formatted with doc, activity) → queries
ENDPOINTS = {
    "/organisations": 3,
    ORG + "/bodies": 5,
    ORG + "/documents": 5,
    ORG + "/documents/{doc}": 6,
    ORG + "/documents/{doc}/sections": 6,
    ORG + "/documents/{doc}/overall-goals": 6,
    ORG + "/documents/{doc}/versions": 6,
    ORG + "/focus-areas": 6,
    ORG + "/goals": 5,
    ORG + "/indicators": 8,
    ORG + "/activities": 7,
    ORG + "/activities?year=2019&sort=-budget": 7,
    ORG + "/activities/{activity}": 9,
    ORG + "/activities/{activity}/budget-lines": 6,
    ORG + "/catalogue": 5,
    ORG + "/decisions": 6,
    "/tokens": 3,
}


@pytest.mark.parametrize("path", list(ENDPOINTS))
def test_fixed_queries(api_as, admin_user, org, body, setup, path, django_assert_num_queries):
    url = path.format(doc=setup["doc"].pk, activity=setup["anchor"].pk)
    api = api_as(admin_user)
    api.get("/me")  # the first use of a token records it; later requests do not write
    grow(org, setup["doc"], body, 1, setup["anchor"], admin_user)
    version_freeze(access=setup["access"], document=setup["doc"], label="1")
    with django_assert_num_queries(ENDPOINTS[path]):
        small = api.get(url)
    assert small.status_code == 200
    grow(org, setup["doc"], body, 6, setup["anchor"], admin_user)
    version_freeze(access=setup["access"], document=setup["doc"], label="2")
    with django_assert_num_queries(ENDPOINTS[path]):
        large = api.get(url)
    assert large.status_code == 200
    if "count" in large.json() and path != "/organisations":
        assert large.json()["count"] > small.json()["count"]


def test_session_requests_are_fixed_too(
    client, reader, org, body, setup, django_assert_num_queries
):
    reader.refresh_from_db()
    client.force_login(reader)
    grow(org, setup["doc"], body, 1)
    with django_assert_num_queries(8) as small:
        client.get(f"/api/v1{ORG}/activities")
    grow(org, setup["doc"], body, 5)
    with django_assert_num_queries(len(small.captured_queries)):
        client.get(f"/api/v1{ORG}/activities")
