"""Versions in the web interface: freezing the working copy, a version's page rendering its
frozen tree, comparing two versions or a version with the working copy (added, removed and
changed items with field-level before/after, references shown by label); and the document,
indicator and decision pages running a fixed number of queries whatever the data size."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from malbild.actionplan.tests.factories import ActivityFactory, BudgetLineFactory
from malbild.core.models import AuditEntry
from malbild.core.tests.factories import BodyFactory
from malbild.strategy import services
from malbild.strategy.models import DocumentVersion
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


def login(client, user):
    # Reload so the session hash matches the stored password (the factory sets it after save).
    user.refresh_from_db()
    client.force_login(user)


def url(name, org, **kwargs):
    return reverse(f"strategy:{name}", kwargs={"org": org.slug, **kwargs})


def grow(document, body, n):
    """Add n of every kind of item to the document."""
    for _ in range(n):
        SectionFactory(document=document)
        og = OverallGoalFactory(document=document)
        fa = FocusAreaFactory(document=document)
        fa.overall_goals.add(og)
        GoalFactory(focus_area=fa)
        GoalFactory(focus_area=fa)
        ind = IndicatorFactory(document=document, responsible_body=body)
        ind.focus_areas.add(fa)
        IndicatorTargetFactory(indicator=ind, year=2019)
        IndicatorTargetFactory(indicator=ind, year=2020)
        IndicatorFactory(document=document, responsible_body=body)  # without focus area
        act = ActivityFactory(document=document, responsible_body=body)
        act.focus_areas.add(fa)
        BudgetLineFactory(activity=act)
        BudgetLineFactory(activity=act, year=2019)
        ActivityFactory(document=document, responsible_body=body)  # without focus area
        DocumentFactory(organisation=document.organisation, parent=document)
        DecisionFactory(body=body, document=document)


@pytest.fixture
def plan(org, body):
    doc = DocumentFactory(organisation=org, title="Kristianstad e-kommun 2020")
    og = OverallGoalFactory(document=doc, title="Enklare vardag")
    fa = FocusAreaFactory(document=doc, number="1", title="Bredband")
    fa.overall_goals.add(og)
    GoalFactory(focus_area=fa, title="Snabbt bredband")
    ind = IndicatorFactory(document=doc, name="Hushåll med 100 Mbit/s", responsible_body=body)
    ind.focus_areas.add(fa)
    IndicatorTargetFactory(indicator=ind, year=2020, value=95)
    return doc


# Freeze and view --------------------------------------------------------------------------------


def test_strategist_freezes_a_version(client, strategist, org, plan):
    login(client, strategist)
    resp = client.post(
        url("version-freeze", org, pk=plan.pk), {"label": "Remissversion", "note": "Till KS"}
    )
    version = DocumentVersion.objects.get(document=plan)
    assert resp.status_code == 302
    assert resp["Location"] == url("version-detail", org, pk=plan.pk, number=1)
    assert (version.number, version.label, version.note) == (1, "Remissversion", "Till KS")
    assert AuditEntry.objects.filter(action="freeze", object_id=str(plan.pk)).exists()
    listing = client.get(url("version-list", org, pk=plan.pk))
    assert list(listing.context["versions"]) == [version]


def test_freeze_form_rejects_too_long_label(client, strategist, org, plan):
    login(client, strategist)
    resp = client.post(url("version-freeze", org, pk=plan.pk), {"label": "x" * 201})
    assert resp.status_code == 200
    assert "label" in resp.context["form"].errors
    assert not DocumentVersion.objects.exists()
    assert not AuditEntry.objects.filter(action="freeze").exists()


def test_version_page_renders_frozen_tree(client, strategist, reader, org, plan, access_of):
    version = services.version_freeze(access=access_of(strategist), document=plan, label="v1")
    fa = plan.focus_areas.get()
    services.item_update(access=access_of(strategist), instance=fa, data={"title": "Fiber"})
    login(client, reader)
    resp = client.get(url("version-detail", org, pk=plan.pk, number=version.number))
    assert resp.status_code == 200
    html = resp.content.decode()
    assert f'id="item-{fa.uid}"' in html
    assert "Bredband" in html and "Fiber" not in html  # as it was when frozen
    nodes = resp.context["nodes"]
    fa_node = next(n for n in nodes if n["uid"] == str(fa.uid))
    assert [c["type"] for c in fa_node["children"]] == ["goal", "indicator"]
    indicator = fa_node["children"][1]
    values = {f["key"]: f["value"] for f in indicator["fields"]}
    assert values["targets"] == "2020: 95"
    overall = {f["key"]: f["value"] for f in fa_node["fields"]}["overall_goals"]
    assert overall == "Enklare vardag"  # reference shown by label, not uid
    assert url("version-freeze", org, pk=plan.pk) not in html


def test_reader_cannot_freeze(client, reader, org, plan):
    login(client, reader)
    assert client.post(url("version-freeze", org, pk=plan.pk), {"label": "x"}).status_code == 403
    assert not DocumentVersion.objects.exists()


def test_other_organisation_gets_404_for_versions(
    client, outsider, strategist, org, plan, access_of
):
    version = services.version_freeze(access=access_of(strategist), document=plan)
    login(client, outsider)
    detail = url("version-detail", org, pk=plan.pk, number=version.number)
    assert client.get(detail).status_code == 404
    assert client.get(url("version-compare", org, pk=plan.pk)).status_code == 404


# Compare ----------------------------------------------------------------------------------------


@pytest.fixture
def two_versions(plan, strategist, access_of, body):
    access = access_of(strategist)
    v1 = services.version_freeze(access=access, document=plan, label="Remiss")
    fa = plan.focus_areas.get()
    services.item_update(access=access, instance=fa, data={"title": "Bredband och fiber"})
    plan.focus_areas.get().goals.get().delete()
    new_og = OverallGoalFactory(document=plan, title="Smart kommun")
    services.item_update(access=access, instance=fa, data={}, m2m={"overall_goals": [new_og]})
    ind = plan.indicators.get()
    services.indicator_target_set(access=access, indicator=ind, year=2020, value=98)
    services.document_update(access=access, document=plan, data={"title": "E-kommun 2022"})
    v2 = services.version_freeze(access=access, document=plan, label="Antagen")
    return v1, v2


def test_compare_two_versions_shows_field_level_changes(client, reader, org, plan, two_versions):
    login(client, reader)
    resp = client.get(url("version-compare", org, pk=plan.pk), {"a": "1", "b": "2"})
    assert resp.status_code == 200
    ctx = resp.context
    assert ctx["counts"] == {"added": 1, "removed": 1, "changed": 2}
    by_label = {(c["change"], c["label"]): c for c in ctx["changes"]}
    assert ("added", "Smart kommun") in by_label
    assert ("removed", "Snabbt bredband") in by_label
    fa_change = by_label[("changed", "1 Bredband och fiber")]
    fields = {f["key"]: (f["before"], f["after"]) for f in fa_change["fields"]}
    assert fields["title"] == ("Bredband", "Bredband och fiber")
    assert fields["overall_goals"] == ("Enklare vardag", "Smart kommun")
    ind_change = by_label[("changed", "Hushåll med 100 Mbit/s")]
    assert {f["key"]: f["after"] for f in ind_change["fields"]}["targets"] == "2020: 98"
    assert {c["key"]: (c["before"], c["after"]) for c in ctx["document_changes"]}["title"] == (
        "Kristianstad e-kommun 2020",
        "E-kommun 2022",
    )
    html = resp.content.decode()
    assert "Bredband och fiber" in html and 'class="diff-before"' in html


def test_compare_version_with_working_copy(client, reader, org, plan, two_versions, body):
    IndicatorFactory(document=plan, name="Nöjda användare", responsible_body=body)
    login(client, reader)
    resp = client.get(url("version-compare", org, pk=plan.pk), {"a": "2", "b": "current"})
    assert resp.status_code == 200
    assert [(c["change"], c["label"]) for c in resp.context["changes"]] == [
        ("added", "Nöjda användare")
    ]
    # Without parameters the page offers the latest version against the working copy.
    form = client.get(url("version-compare", org, pk=plan.pk)).context["form"]
    assert (form["a"].value(), form["b"].value()) == ("2", "current")


def test_compare_rejects_unknown_version(client, reader, org, plan, two_versions):
    login(client, reader)
    resp = client.get(url("version-compare", org, pk=plan.pk), {"a": "9", "b": "current"})
    assert resp.status_code == 200
    assert "a" in resp.context["form"].errors
    assert "changes" not in resp.context


# Fixed query counts -----------------------------------------------------------------------------


def count_queries(client, target) -> int:
    with CaptureQueriesContext(connection) as ctx:
        resp = client.get(target)
    assert resp.status_code == 200
    return len(ctx)


@pytest.mark.parametrize("role", ["reader", "strategist"])
def test_document_page_query_count_does_not_grow(
    client, request, org, body, plan, django_assert_num_queries, role
):
    user = request.getfixturevalue(role)
    grow(plan, body, 1)
    login(client, user)
    target = url("document-detail", org, pk=plan.pk)
    small = count_queries(client, target)
    grow(plan, body, 6)
    with django_assert_num_queries(small):
        resp = client.get(target)
    assert len(resp.context["tree"].focus_areas) == 8


def test_plan_using_parent_focus_areas_has_fixed_query_count(
    client, reader, org, body, plan, django_assert_num_queries
):
    action_plan = DocumentFactory(organisation=org, parent=plan, title="Handlingsplan")
    fa = plan.focus_areas.get()
    for _ in range(2):
        act = ActivityFactory(document=action_plan, responsible_body=body)
        act.focus_areas.add(fa)
        BudgetLineFactory(activity=act)
    login(client, reader)
    target = url("document-detail", org, pk=action_plan.pk)
    small = count_queries(client, target)
    for _ in range(8):
        act = ActivityFactory(document=action_plan, responsible_body=body)
        act.focus_areas.add(fa)
        BudgetLineFactory(activity=act)
    with django_assert_num_queries(small):
        resp = client.get(target)
    assert resp.context["own_focus_areas"] is False
    assert resp.context["tree"].focus_areas[0].activity_count == 10


@pytest.mark.parametrize("name", ["indicator-list", "decision-list", "document-list"])
def test_lists_query_count_does_not_grow(
    client, reader, org, body, plan, django_assert_num_queries, name
):
    grow(plan, body, 1)
    login(client, reader)
    target = url(name, org)
    small = count_queries(client, target)
    grow(plan, body, 6)
    with django_assert_num_queries(small):
        client.get(target)


def test_version_pages_query_count_does_not_grow(
    client, strategist, org, body, plan, access_of, django_assert_num_queries
):
    access = access_of(strategist)
    grow(plan, body, 1)
    services.version_freeze(access=access, document=plan)
    login(client, strategist)
    pages = [
        url("version-detail", org, pk=plan.pk, number=1),
        url("version-compare", org, pk=plan.pk) + "?a=1&b=current",
    ]
    small = [count_queries(client, p) for p in pages]
    grow(plan, body, 6)
    services.version_freeze(access=access, document=plan)
    pages[0] = url("version-detail", org, pk=plan.pk, number=2)
    for page, expected in zip(pages, small, strict=True):
        with django_assert_num_queries(expected):
            client.get(page)


def test_item_pages_query_count_does_not_grow(
    client, strategist, org, body, plan, access_of, django_assert_num_queries
):
    fa = plan.focus_areas.get()
    ind = plan.indicators.get()
    access = access_of(strategist)

    def add_more(n):
        for i in range(n):
            GoalFactory(focus_area=fa)
            other = IndicatorFactory(document=plan, responsible_body=body)
            other.focus_areas.add(fa)
            act = ActivityFactory(document=plan, responsible_body=body)
            act.focus_areas.add(fa)
            year = 2000 + len(ind.targets.all()) + i
            services.indicator_target_set(access=access, indicator=ind, year=year, value=i)
            services.item_update(access=access, instance=fa, data={"description": f"v{year}"})

    add_more(1)
    decision = DecisionFactory(body=body, document=plan)
    decision.distribution.add(body)
    login(client, strategist)
    pages = [
        url("focus-area-detail", org, pk=fa.pk),
        url("indicator-detail", org, pk=ind.pk),
        url("decision-detail", org, pk=decision.pk),
    ]
    small = [count_queries(client, p) for p in pages]
    add_more(5)
    for i in range(5):
        decision.distribution.add(BodyFactory(organisation=org))
        services.decision_update(access=access, decision=decision, data={"title": f"t{i}"})
    for page, expected in zip(pages, small, strict=True):
        with django_assert_num_queries(expected):
            client.get(page)
