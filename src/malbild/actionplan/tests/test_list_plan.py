"""The activity list (page and `GET …/activities`) at kommunkoncern scale (issue #11): its
budget sums are a subquery per row, so the page's query neither groups every activity with
its budget lines nor sorts them all — the first page is read from the index of the default
order — and its count has no GROUP BY. Checked on the SQL and (SQLite) its plan, not by time."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from malbild.actionplan import selectors
from malbild.actionplan.tests.factories import ActivityFactory, BudgetLineFactory
from malbild.strategy.tests.factories import DocumentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def listed(org, body):
    doc = DocumentFactory(organisation=org)
    acts = [
        ActivityFactory(document=doc, responsible_body=body, number=f"{i:02d}") for i in range(4)
    ]
    BudgetLineFactory(activity=acts[0], amount=Decimal(100))
    BudgetLineFactory(activity=acts[0], amount=Decimal(50), year=2021)
    BudgetLineFactory(activity=acts[2], amount=Decimal(70))
    return acts


def _activity_selects(ctx):
    return [
        q["sql"]
        for q in ctx.captured_queries
        if q["sql"].startswith("SELECT") and 'FROM "actionplan_activity"' in q["sql"]
    ]


def test_budget_sums_and_sorting_by_budget(listed, org, access_of, strategist):
    access = access_of(strategist)
    by_number = list(selectors.activity_list(access=access))
    assert [a.budget_total for a in by_number] == [Decimal(150), None, Decimal(70), None]
    by_budget = list(selectors.activity_list(access=access, sort="-budget"))
    # (Where activities without lines sort is the database's: NULLS FIRST on PostgreSQL.)
    sums = [a.budget_total for a in by_budget if a.budget_total is not None]
    assert sums == [Decimal(150), Decimal(70)]


@pytest.mark.parametrize("kind", ["page", "api"])
def test_the_list_neither_groups_nor_sorts_every_activity(listed, client, org, strategist, kind):
    client.force_login(strategist)  # the API takes the session too
    path = (
        reverse("actionplan:activity-list", kwargs={"org": org.slug})
        if kind == "page"
        else f"/api/v1/organisations/{org.slug}/activities"
    )
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(path).status_code == 200
    selects = _activity_selects(ctx)
    assert len(selects) == 2  # the count and the page
    # Only the budget subquery groups (by its own activity id), never the activities' rows.
    groups = [part.split()[0] for sql in selects for part in sql.split("GROUP BY ")[1:]]
    assert all(g.startswith('"U0"."activity_id"') for g in groups), groups
    count = next(sql for sql in selects if "COUNT(" in sql)
    assert "GROUP BY" not in count and "budgetline" not in count
    if connection.vendor == "sqlite":
        page = next(sql for sql in selects if "COUNT(" not in sql)
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN QUERY PLAN " + page)
            plan = " | ".join(str(row[-1]) for row in cursor.fetchall())
        assert "activity_org_number_idx" in plan, plan
        assert "TEMP B-TREE FOR ORDER BY" not in plan, plan
