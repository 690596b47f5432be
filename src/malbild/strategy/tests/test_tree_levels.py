"""Plans on several levels (issue #9 §1): a committee plan inherits the focus areas, goals,
indicators and overall goals of its grandparent strategy and shows its own activities under
them; a strategy's page shows what the action plan and the committee plans below it
contribute; budget per focus area counts an activity once (its primary focus area) and the
sums add up; the page and the selector run a fixed number of queries at any size and depth."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from malbild.strategy.selectors import document_tree, focus_area_source

from .levels import build_levels

pytestmark = pytest.mark.django_db


def login(client, user):
    user.refresh_from_db()
    client.force_login(user)


def page(client, org, doc):
    resp = client.get(reverse("strategy:document-detail", kwargs={"org": org.slug, "pk": doc.pk}))
    assert resp.status_code == 200
    return resp


def assert_adds_up(tree):
    """Focus-area sums plus "not linked" equal the totals, own and below."""
    own = sum((fa.own.budget for fa in tree.focus_areas), Decimal(0)) + tree.own_unlinked.budget
    assert own == tree.own_total.budget
    count = sum(fa.own.count for fa in tree.focus_areas) + tree.own_unlinked.count
    assert count == tree.own_total.count
    below = sum((c.tally.budget for c in tree.contributions), Decimal(0))
    assert below + tree.descendant_unlinked.budget == tree.descendant_total.budget
    assert sum(r.tally.budget for r in tree.descendants) == tree.descendant_total.budget
    n = sum(c.tally.count for c in tree.contributions) + tree.descendant_unlinked.count
    assert n == tree.descendant_total.count == sum(r.tally.count for r in tree.descendants)
    assert sum(tree.descendant_total.statuses.values()) == tree.descendant_total.count
    for c in tree.contributions:
        assert sum(t.budget for _d, t in c.documents) == c.tally.budget


def test_strategy_page_totals_for_a_three_level_tree(client, reader, org, body):
    """Measured on main: "Budget för dess åtgärder 0 kr" and 0 activities per focus area."""
    levels = build_levels(org, body)
    tree = document_tree(document=levels.strategy)
    assert_adds_up(tree)
    assert tree.own_total.count == 0
    assert [r.document for r in tree.descendants] == [levels.plan, *levels.committee_plans]
    assert tree.descendant_total.count == 3 + 3 + 1
    assert tree.descendant_total.budget == Decimal(300000 + 5700000 + 50000)
    by_area = {c.focus_area.pk: c for c in tree.contributions}
    area1, area2, area3 = levels.focus_areas
    # Area 1: one plan activity (100 000) and one committee activity (2 500 000); the
    # committee activity serving areas 1 and 2 counts under its primary area 2 only.
    assert by_area[area1.pk].tally.count == 2
    assert by_area[area1.pk].tally.budget == Decimal(2600000)
    assert by_area[area2.pk].tally.budget == Decimal(100000 + 3000000)
    assert by_area[area3.pk].tally.budget == Decimal(100000 + 50000)
    assert tree.descendant_unlinked.budget == Decimal(200000)
    assert tree.descendant_total.statuses == {"ongoing": 3, "planned": 3, "done": 1}

    login(client, reader)
    html = page(client, org, levels.strategy).content.decode()
    assert "6\u00a0050\u00a0000\u00a0kr" in html  # the documents under it, in total
    assert "2\u00a0600\u00a0000\u00a0kr" in html  # area 1 from below
    for doc in [levels.plan, *levels.committee_plans]:
        assert reverse("strategy:document-detail", kwargs={"org": org.slug, "pk": doc.pk}) in html
    assert 'id="counting-rule"' in html and 'id="contributions"' in html


def test_committee_plan_shows_focus_areas_inherited_two_levels_up(client, reader, org, body):
    """Measured on main: 5 700 000 kr stated but "Inga insatsområden ännu" and none of its
    activities shown."""
    levels = build_levels(org, body)
    committee = levels.committee_plans[0]
    tree = document_tree(document=committee)
    assert_adds_up(tree)
    assert tree.focus_area_document == levels.strategy
    assert tree.overall_goal_document == levels.strategy
    assert [fa.pk for fa in tree.focus_areas] == [fa.pk for fa in levels.focus_areas]
    assert all(fa.inherited and fa.source == levels.strategy for fa in tree.focus_areas)
    assert tree.own_total.budget == Decimal(5700000)
    first, second, third = tree.focus_areas
    assert first.own.budget == Decimal(2500000) and first.own.count == 1
    assert second.own.budget == Decimal(3000000)  # counted under its primary area only
    assert [a.pk for a in first.also_activities] == [a.pk for a in second.counted_activities]
    assert tree.own_unlinked.budget == Decimal(200000)
    # The inherited goal lists the committee's activity, the inherited indicator is shown.
    assert first.goal_list[0].doc_activities == [levels.activities[committee.pk][0]]
    assert [i.name for i in first.indicator_list] == ["Andel e-tjänster"]
    assert first.indicator_list[0].inherited

    login(client, reader)
    html = page(client, org, committee).content.decode()
    assert "Inga insatsområden ännu" not in html and "No focus areas yet" not in html
    for act in levels.activities[committee.pk]:
        assert f'id="item-{act.uid}"' in html
    for fa in levels.focus_areas:
        assert f'id="item-{fa.uid}"' in html
    assert f'id="item-{levels.overall_goal.uid}"' in html
    assert f'id="item-{levels.goals[0].uid}"' in html
    assert "5\u00a0700\u00a0000\u00a0kr" in html
    assert levels.strategy.title in html
    assert focus_area_source(document=committee) == levels.strategy


def test_nearest_ancestor_with_focus_areas_provides_them(org, body):
    from malbild.strategy.tests.factories import FocusAreaFactory

    levels = build_levels(org, body, committee_plans=1)
    own = FocusAreaFactory(document=levels.plan, title="Planens eget område")
    tree = document_tree(document=levels.committee_plans[0])
    assert tree.focus_area_document == levels.plan
    shown = [fa.pk for fa in tree.focus_areas]
    assert shown[0] == own.pk
    # The committee activities still count under the strategy's areas they name.
    assert set(shown[1:]) == {levels.focus_areas[0].pk, levels.focus_areas[1].pk}
    assert_adds_up(tree)
    assert tree.overall_goal_document == levels.strategy


def test_middle_level_counts_its_own_and_its_descendants(org, body):
    levels = build_levels(org, body)
    tree = document_tree(document=levels.plan)
    assert_adds_up(tree)
    assert tree.own_total.budget == Decimal(300000)
    assert tree.descendant_total.budget == Decimal(5750000)
    assert tree.total.budget == Decimal(6050000)
    assert tree.children == levels.committee_plans


def _count(func) -> int:
    with CaptureQueriesContext(connection) as ctx:
        func()
    return len(ctx)


@pytest.mark.parametrize("which", ["strategy", "plan", "leaf"])
def test_fixed_query_count_at_two_tree_sizes_and_depths(
    client, reader, org, other_org, body, which
):
    from malbild.core.tests.factories import BodyFactory

    small = build_levels(org, body, plan_activities=1, committee_plans=1, depth=1)
    other_body = BodyFactory(organisation=other_org)
    large = build_levels(other_org, other_body, plan_activities=12, committee_plans=4, depth=3)

    def pick(levels):
        return {
            "strategy": levels.strategy,
            "plan": levels.plan,
            "leaf": levels.committee_plans[-1],
        }[which]

    # At most 15: thirteen, two more (the tallies of the activities below) when there are
    # documents below, two fewer (the links of its activities) when the document has no
    # activities itself. Relations are read as ids, never per row (issue #11).
    expected = {"strategy": 13, "plan": 15, "leaf": 13}[which]
    assert _count(lambda: document_tree(document=pick(small))) == expected
    assert _count(lambda: document_tree(document=pick(large))) == expected

    login(client, reader)
    small_page = _count(lambda: page(client, org, pick(small)))
    reader_other = type(reader).objects.get(pk=reader.pk)
    from malbild.accounts.services import membership_set

    membership_set(access=None, user=reader_other, organisation=other_org, role="reader")
    assert _count(lambda: page(client, other_org, pick(large))) == small_page


# API ---------------------------------------------------------------------------------------------


def test_api_tree_exposes_inherited_items_and_contributions(org, other_org, reader, body):
    from malbild.api.tests.helpers import ApiClient

    levels = build_levels(org, body)
    api = ApiClient(reader)
    committee = levels.committee_plans[0]
    resp = api.get(f"/organisations/{org.slug}/documents/{committee.uid}/tree")
    assert resp.status_code == 200, resp.content
    data = resp.json()
    assert [d["title"] for d in data["lineage"]] == [committee.title, "Handlingsplan", "Strategi"]
    assert data["focus_area_document"]["id"] == levels.strategy.pk
    fa1 = data["focus_areas"][0]
    assert fa1["inherited"] is True and fa1["source"]["title"] == "Strategi"
    assert fa1["goals"][0]["inherited"] is True
    assert fa1["indicators"][0] == {
        "id": fa1["indicators"][0]["id"],
        "uid": fa1["indicators"][0]["uid"],
        "name": "Andel e-tjänster",
        "inherited": True,
        "source": fa1["indicators"][0]["source"],
    }
    assert data["overall_goals"][0]["inherited"] is True
    assert Decimal(data["own_total"]["budget"]) == Decimal(5700000)
    assert Decimal(fa1["own"]["budget"]) == Decimal(2500000)
    assert fa1["also_served_by"] == [data["focus_areas"][1]["activities"][0]["id"]]
    sums = sum(Decimal(fa["own"]["budget"]) for fa in data["focus_areas"])
    assert sums + Decimal(data["own_unlinked"]["budget"]) == Decimal(data["own_total"]["budget"])

    top = api.get(f"/organisations/{org.slug}/documents/{levels.strategy.pk}/tree").json()
    assert [d["document"]["id"] for d in top["descendants"]] == [
        levels.plan.pk,
        *(c.pk for c in levels.committee_plans),
    ]
    assert Decimal(top["descendant_total"]["budget"]) == Decimal(6050000)
    assert top["descendant_total"]["statuses"]["done"] == 1
    assert Decimal(top["focus_areas"][0]["from_descendants"]["budget"]) == Decimal(2600000)
    parts = sum(Decimal(c["tally"]["budget"]) for c in top["contributions"])
    assert parts + Decimal(top["descendant_unlinked"]["budget"]) == Decimal(6050000)
    assert top["counting_rule"]

    # Another organisation's document is a 404.
    from malbild.strategy.tests.factories import DocumentFactory

    foreign = DocumentFactory(organisation=other_org)
    assert api.get(f"/organisations/{org.slug}/documents/{foreign.uid}/tree").status_code == 404


def test_api_tree_fixed_query_count(org, other_org, reader, body):
    from malbild.accounts.services import membership_set
    from malbild.api.tests.helpers import ApiClient
    from malbild.core.tests.factories import BodyFactory

    small = build_levels(org, body, plan_activities=1, committee_plans=1)
    large = build_levels(
        other_org,
        BodyFactory(organisation=other_org),
        plan_activities=9,
        committee_plans=3,
        depth=3,
    )
    membership_set(access=None, user=reader, organisation=other_org, role="reader")
    api = ApiClient(reader)
    api.get(f"/organisations/{org.slug}/documents/{small.plan.pk}/tree")  # token first used
    for a, b in (
        (small.strategy, large.strategy),
        (small.committee_plans[-1], large.committee_plans[-1]),
    ):
        n_small = _count(lambda d=a: api.get(f"/organisations/{org.slug}/documents/{d.pk}/tree"))
        n_large = _count(
            lambda d=b: api.get(f"/organisations/{other_org.slug}/documents/{d.pk}/tree")
        )
        assert n_small == n_large
