"""The Alingsås demo on three levels (issue #9 §1): vision → action plan → the culture
committee's own plan (nämndplan), built from its consultation response, whose activities and
budget lines serve the focus areas it inherits from the action plan; the vision's and the
action plan's pages count what the committee plan contributes, and the figures add up."""

from decimal import Decimal

import pytest
from django.urls import reverse

from malbild.accounts.models import User
from malbild.core.models import AuditEntry
from malbild.organisation.models import Organisation
from malbild.strategy.models import SteeringDocument
from malbild.strategy.selectors import document_tree

VISION = "Digital målbild för Alingsås kommun – öppen och smart"
PLAN = "Handlingsplan Digital målbild för Alingsås kommun 2018–2020"
COMMITTEE_PLAN = "Kultur- och fritidsnämndens plan för digitalisering 2019–2020"


@pytest.fixture(scope="module")
def demo(demo_snapshots):
    """The foundation demo (`--no-extensions`) for this module (conftest.py)."""
    with demo_snapshots.loaded("--no-extensions"):
        yield


@pytest.fixture
def docs(demo, db):
    org = Organisation.objects.get(slug="alingsas")
    by_title = {d.title: d for d in SteeringDocument.objects.for_org(org)}
    return org, by_title[VISION], by_title[PLAN], by_title[COMMITTEE_PLAN]


def test_committee_plan_is_the_third_level_built_from_the_response(docs):
    _org, vision, plan, committee = docs
    assert (committee.kind, committee.parent, committee.parent.parent) == ("sub_plan", plan, vision)
    assert committee.owning_body.name == "Kultur- och fritidsnämnden"
    assert committee.registry_number == "2018.032 KFN"
    assert committee.sections.filter(body__contains="innovationsfonden").exists()
    assert not committee.focus_areas.exists()
    activities = list(committee.activities.order_by("number"))
    assert [a.number for a in activities] == ["K01", "K02", "K03"]
    assert all(a.responsible_body.short_name == "KFN" for a in activities)
    assert all(fa.document == plan for a in activities for fa in a.focus_areas.all())
    assert all(a.primary_focus_area.document == plan for a in activities)
    editor = User.objects.get(username="alingsas-redaktor")
    created = AuditEntry.objects.filter(
        model="actionplan.activity",
        action="create",
        object_id__in=[str(a.pk) for a in activities],
    )
    assert set(created.values_list("actor", flat=True)) == {editor.pk}


def test_the_tree_across_three_levels_adds_up(docs, client):
    org, vision, plan, committee = docs
    tree = document_tree(document=committee)
    assert tree.focus_area_document == plan and tree.overall_goal_document == vision
    assert tree.own_total.budget == Decimal(430000)
    assert tree.own_unlinked.count == 0
    assert sum(fa.own.budget for fa in tree.focus_areas) == tree.own_total.budget
    for doc in (vision, plan):
        top = document_tree(document=doc)
        assert committee in [r.document for r in top.descendants]
        parts = sum(c.tally.budget for c in top.contributions) + top.descendant_unlinked.budget
        assert parts == top.descendant_total.budget
    plan_tree = document_tree(document=plan)
    area1 = next(fa for fa in plan_tree.focus_areas if fa.number == "1")
    assert area1.contribution.tally.count == 2  # K01 and K02
    client.force_login(User.objects.get(username="alingsas-lasare"))
    resp = client.get(
        reverse("strategy:document-detail", kwargs={"org": org.slug, "pk": committee.pk})
    )
    html = resp.content.decode()
    assert resp.status_code == 200
    assert "Styrning, ledning och samverkan" in html and "Inga insatsområden ännu" not in html
