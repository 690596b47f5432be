"""The document page at kommunkoncern scale (issue #11, "Live pages at 16×"): the tree reads
relations as ids and builds no budget line, link or target instance per activity or
indicator; the page reads the targets of only the indicators it shows; the history never
reads a frozen version's snapshot to name it. Counted (instances, SQL), never timed."""

from collections import Counter
from contextlib import contextmanager

import pytest
from django.db import connection
from django.db.models.signals import post_init
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from malbild.actionplan.models import BudgetLine
from malbild.actionplan.tests.factories import ActivityFactory, BudgetLineFactory
from malbild.core.audit import audit_record
from malbild.strategy import services
from malbild.strategy.models import FocusArea, Goal, IndicatorTarget
from malbild.strategy.selectors import document_tree
from malbild.strategy.tests.factories import (
    DocumentFactory,
    FocusAreaFactory,
    GoalFactory,
    IndicatorFactory,
    IndicatorTargetFactory,
)
from malbild.strategy.views import documents
from malbild.web.templatetags.malbild import related_names

pytestmark = pytest.mark.django_db


@contextmanager
def instances():
    """Counter of the model instances built inside the block, by model."""
    made: Counter = Counter()

    def seen(sender, **kwargs):
        made[sender] += 1

    post_init.connect(seen)
    try:
        yield made
    finally:
        post_init.disconnect(seen)


def build(org, body, n, areas=2):
    doc = DocumentFactory(organisation=org)
    fas = [FocusAreaFactory(document=doc) for _ in range(areas)]
    goals = [GoalFactory(focus_area=fa) for fa in fas]
    for i in range(n):
        fa = fas[i % areas]
        act = ActivityFactory(
            document=doc, responsible_body=body, primary_focus_area=fa, number=f"{i:03d}"
        )
        act.focus_areas.add(fa, fas[(i + 1) % areas])
        act.goals.add(goals[i % areas])
        BudgetLineFactory(activity=act)
        BudgetLineFactory(activity=act, year=2021)
        ind = IndicatorFactory(document=doc)
        ind.focus_areas.add(fa)
        ind.goals.add(goals[i % areas])
        for year in (2020, 2021, 2022):
            IndicatorTargetFactory(indicator=ind, year=year)
    return doc, fas


@pytest.mark.parametrize("n", [3, 12])
def test_the_tree_builds_no_instance_per_budget_line_link_or_target(org, body, n):
    doc, fas = build(org, body, n)
    with instances() as made:
        tree = document_tree(document=doc, targets=False)
    assert made[BudgetLine] == 0
    assert made[IndicatorTarget] == 0
    assert made[FocusArea] == len(fas)  # the focus areas once, not once per link
    assert made[Goal] == len(fas)
    assert tree.own_total.count == n
    assert tree.own_total.budget == sum(fa.own.budget for fa in tree.focus_areas)
    acts = [a for fa in tree.focus_areas for a in fa.counted_activities]
    assert all(len(a.also_serves) == 1 and len(a.goal_ids) == 1 for a in acts)
    assert sum(len(fa.indicator_list) for fa in tree.focus_areas) == n
    # The sums equal the budget lines' (the subquery, not a GROUP BY over the activity).
    lines = BudgetLine.objects.for_org(org).filter(activity__document=doc)
    assert tree.own_total.budget == sum(b.amount for b in lines)


def test_the_tree_sql_has_no_group_by_over_the_activities(org, body):
    doc, _fas = build(org, body, 3)
    child = DocumentFactory(organisation=org, parent=doc)
    BudgetLineFactory(activity=ActivityFactory(document=child, responsible_body=body))
    with CaptureQueriesContext(connection) as ctx:
        tree = document_tree(document=doc)
    assert tree.descendant_total.count == 1
    activity_sql = [
        q["sql"] for q in ctx.captured_queries if 'FROM "actionplan_activity"' in q["sql"]
    ]
    assert activity_sql
    # Only the budget subquery groups (by its own activity id), never the activities' rows.
    groups = [part.split()[0] for sql in activity_sql for part in sql.split("GROUP BY ")[1:]]
    assert groups and all(g.startswith('"U0"."activity_id"') for g in groups), groups
    # No query of the budget lines' rows (the prefetch that built an instance per line).
    assert not [q for q in ctx.captured_queries if '"actionplan_budgetline"."id"' in q["sql"]]


def test_the_page_reads_targets_of_only_the_indicators_it_shows(
    client, org, reader, body, monkeypatch
):
    monkeypatch.setattr(documents, "SINGLE_PAGE_ROWS", 6)
    doc, fas = build(org, body, 8)
    client.force_login(reader)
    url = reverse("strategy:document-detail", kwargs={"org": org.slug, "pk": doc.pk})
    client.get(url)  # the session settles
    with instances() as made:
        assert client.get(url).status_code == 200  # the table of contents
    assert made[IndicatorTarget] == 0
    assert made[BudgetLine] == 0
    with instances() as made:
        html = client.get(url, {"focus_area": str(fas[0].uid)}).content.decode()
    assert made[IndicatorTarget] == 4 * 3  # four indicators of the first area, three each
    assert "2022: 95" in html


def test_the_history_names_a_version_without_reading_its_snapshot(org, strategist, access_of):
    doc = DocumentFactory(organisation=org)
    version = services.version_freeze(access=access_of(strategist), document=doc)
    entry = audit_record(
        action="update",
        instance=doc,
        changes={"adopted_version": [None, version.pk]},
        actor=strategist,
    )
    with CaptureQueriesContext(connection) as ctx:
        names = related_names([entry])
    assert names[("strategy.documentversion", version.pk)] == str(version)
    version_sql = [q["sql"] for q in ctx.captured_queries if "strategy_documentversion" in q["sql"]]
    assert version_sql
    assert not [sql for sql in version_sql if '"snapshot"' in sql]
