"""The follow-up lists that grow with the plan, a page at a time (issue #11): a period's
contributions per activity and per indicator and its indicator statuses, paginated like the
other lists (`items`, `count`, `limit`, `offset`); every item once across the pages, the same
items as the whole answers, and a fixed number of queries whatever the number of items."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from malbild.api.tests.helpers import ApiClient
from malbild.strategy.tests.factories import IndicatorFactory

from .conftest import add_activities

pytestmark = pytest.mark.django_db

P = "/organisations/alingsas/followup/periods"


def walk(api, path, limit):
    items, offset = [], 0
    while True:
        page = api.get(f"{path}?limit={limit}&offset={offset}")
        assert page.status_code == 200, page.content
        body = page.json()
        assert body["limit"] == limit and body["offset"] == offset
        items += body["items"]
        offset += limit
        if offset >= body["count"]:
            return items, body["count"]


@pytest.mark.parametrize(
    ("path", "whole", "key"),
    [
        ("contributions/activities", "contributions", "activities"),
        ("contributions/indicators", "contributions", "indicators"),
        ("assessments/indicators", "assessments", "indicators"),
    ],
)
def test_pages_hold_every_item_once(plan, strategist, path, whole, key):
    add_activities(plan, 5)
    for _ in range(4):
        IndicatorFactory(document=plan["document"]).focus_areas.add(plan["focus_area"])
    api = ApiClient(strategist)
    pk = plan["period"].pk
    items, count = walk(api, f"{P}/{pk}/{path}", limit=2)
    expected = api.get(f"{P}/{pk}/{whole}").json()[key]
    assert count == len(expected) == len(items) >= 5
    assert [i["id"] for i in items] == [i["id"] for i in expected]
    assert items == expected  # the same fields and values as in the whole answer


@pytest.mark.parametrize(
    "path", ["contributions/activities", "contributions/indicators", "assessments/indicators"]
)
def test_fixed_query_count_at_two_sizes(plan, strategist, path):
    api = ApiClient(strategist)
    url = f"{P}/{plan['period'].pk}/{path}?limit=3"

    def count():
        api.get(url)
        with CaptureQueriesContext(connection) as ctx:
            assert api.get(url).status_code == 200
        return len(ctx)

    small = count()
    add_activities(plan, 8)
    for _ in range(6):
        IndicatorFactory(document=plan["document"]).focus_areas.add(plan["focus_area"])
    assert count() == small
