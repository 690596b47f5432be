"""Strategy pages per role: readers see the whole document tree without edit controls and get
403 on every write; strategists create, edit and delete documents and their items through the
services (audited); editors edit only their own bodies' indicators; invalid input shows the
error next to the field and changes nothing; another organisation's objects are 404."""

import pytest
from django.urls import reverse

from malbild.actionplan.tests.factories import ActivityFactory, BudgetLineFactory
from malbild.core.models import AuditEntry
from malbild.core.tests.factories import BodyFactory
from malbild.strategy.constants import DocumentStatus
from malbild.strategy.models import (
    FocusArea,
    Goal,
    Indicator,
    IndicatorTarget,
    OverallGoal,
    Section,
    SteeringDocument,
)
from malbild.strategy.tests.factories import (
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


@pytest.fixture
def plan(org, body):
    doc = DocumentFactory(organisation=org, title="Digital målbild – öppen och smart")
    SectionFactory(document=doc, heading="Inledning", body="Text med **fetstil**.")
    og = OverallGoalFactory(document=doc, title="Öppen kommun")
    fa = FocusAreaFactory(document=doc, number="5.3", title="E-tjänster")
    fa.overall_goals.add(og)
    GoalFactory(focus_area=fa, title="Fler e-tjänster")
    ind = IndicatorFactory(document=doc, responsible_body=body, name="Andel e-tjänster")
    ind.focus_areas.add(fa)
    IndicatorTargetFactory(indicator=ind, year=2020, value=95)
    act = ActivityFactory(document=doc, responsible_body=body, title="E-arkiv")
    act.focus_areas.add(fa)
    BudgetLineFactory(activity=act, amount=250000)
    return doc


def snapshot_db():
    """Row counts of everything the strategy pages can write."""
    return {
        model.__name__: model.objects.count()
        for model in (
            SteeringDocument,
            Section,
            OverallGoal,
            FocusArea,
            Goal,
            Indicator,
            IndicatorTarget,
            AuditEntry,
        )
    }


# Reading ---------------------------------------------------------------------------------------


def test_document_page_shows_whole_tree_with_anchors(client, reader, org, plan):
    login(client, reader)
    resp = client.get(url("document-detail", org, pk=plan.pk))
    assert resp.status_code == 200
    html = resp.content.decode()
    fa = plan.focus_areas.get()
    ind = plan.indicators.get()
    act = plan.activities.get()
    for obj in (plan.sections.get(), plan.overall_goals.get(), fa, fa.goals.get(), ind, act):
        assert f'id="item-{obj.uid}"' in html
    assert "<strong>fetstil</strong>" in html  # Markdown rendered
    assert "5.3" in html and "E-tjänster" in html and "Andel e-tjänster" in html
    assert "250\u00a0000\u00a0kr" in html  # budget sum of the focus area
    assert "2020: 95" in html  # the indicator's target
    assert 'id="history-heading"' in html
    fa_ctx = resp.context["tree"].focus_areas[0]
    assert fa_ctx.activity_count == 1


def test_reader_sees_no_edit_controls(client, reader, org, plan):
    login(client, reader)
    html = client.get(url("document-detail", org, pk=plan.pk)).content.decode()
    assert url("document-update", org, pk=plan.pk) not in html
    assert url("section-create", org, parent=plan.pk) not in html
    assert url("version-freeze", org, pk=plan.pk) not in html
    assert url("document-transition", org, pk=plan.pk) not in html
    ind = plan.indicators.get()
    assert url("indicator-update", org, pk=ind.pk) not in html
    list_html = client.get(url("document-list", org)).content.decode()
    assert url("document-create", org) not in list_html


def test_strategist_sees_edit_controls(client, strategist, org, plan):
    login(client, strategist)
    html = client.get(url("document-detail", org, pk=plan.pk)).content.decode()
    assert url("document-update", org, pk=plan.pk) in html
    assert url("section-create", org, parent=plan.pk) in html
    assert url("version-freeze", org, pk=plan.pk) in html
    assert url("document-transition", org, pk=plan.pk) in html


def test_document_list_nests_children_and_guides_empty_organisation(client, strategist, org):
    login(client, strategist)
    resp = client.get(url("document-list", org))
    assert resp.status_code == 200
    assert url("document-create", org) in resp.content.decode()
    assert resp.context["rows"] == []
    vision = DocumentFactory(organisation=org, title="Vision", kind="vision")
    child = DocumentFactory(organisation=org, title="Aktionsplan", parent=vision)
    rows = client.get(url("document-list", org)).context["rows"]
    assert rows == [(vision, 0), (child, 1)]


@pytest.mark.parametrize(
    "name",
    ["section-detail", "overall-goal-detail", "focus-area-detail", "goal-detail"],
)
def test_item_pages_show_history(client, strategist, reader, org, plan, access_of, name):
    from malbild.strategy import services

    kind = name.removesuffix("-detail")
    obj = {
        "section": plan.sections.get(),
        "overall-goal": plan.overall_goals.get(),
        "focus-area": plan.focus_areas.get(),
        "goal": Goal.objects.get(focus_area__document=plan),
    }[kind]
    field = "heading" if kind == "section" else "title"
    services.item_update(access=access_of(strategist), instance=obj, data={field: "Nytt namn"})
    login(client, reader)
    resp = client.get(url(name, org, pk=obj.pk))
    assert resp.status_code == 200
    assert [e.action for e in resp.context["history"]] == ["update"]
    assert "Nytt namn" in resp.content.decode()
    assert url(f"{kind}-update", org, pk=obj.pk) not in resp.content.decode()


# Documents: create, edit, delete, status -------------------------------------------------------


def test_strategist_creates_document(client, strategist, org, body):
    login(client, strategist)
    resp = client.post(
        url("document-create", org),
        {
            "kind": "action_plan",
            "title": "Handlingsplan 2018–2020",
            "period_start": "2018",
            "period_end": "2020",
            "owning_body": body.pk,
            "process_owner": "Kommundirektören",
            "registry_number": "2017.676 KS",
        },
    )
    doc = SteeringDocument.objects.get(title="Handlingsplan 2018–2020")
    assert resp.status_code == 302
    assert resp["Location"] == url("document-detail", org, pk=doc.pk)
    assert (doc.organisation, doc.owning_body, doc.status) == (org, body, DocumentStatus.DRAFT)
    assert AuditEntry.objects.filter(action="create", object_id=str(doc.pk)).count() == 1


def test_invalid_document_form_shows_field_error_and_changes_nothing(client, strategist, org):
    login(client, strategist)
    before = snapshot_db()
    resp = client.post(
        url("document-create", org),
        {"kind": "vision", "title": "Vision", "period_start": "2020", "period_end": "2018"},
    )
    assert resp.status_code == 200
    assert "period_end" in resp.context["form"].errors
    assert 'id="id_period_end_error"' in resp.content.decode()
    assert snapshot_db() == before


def test_document_parent_choices_are_scoped_to_the_organisation(client, strategist, org, other_org):
    foreign = DocumentFactory(organisation=other_org)
    login(client, strategist)
    before = snapshot_db()
    resp = client.post(
        url("document-create", org), {"kind": "vision", "title": "X", "parent": foreign.pk}
    )
    assert resp.status_code == 200
    assert "parent" in resp.context["form"].errors
    assert snapshot_db() == before


def test_strategist_edits_document_with_audited_before_after(client, strategist, org, plan):
    login(client, strategist)
    resp = client.get(url("document-update", org, pk=plan.pk))
    assert resp.status_code == 200
    resp = client.post(
        url("document-update", org, pk=plan.pk),
        {"kind": plan.kind, "title": "Ny titel", "period_start": "2018", "period_end": "2021"},
    )
    assert resp.status_code == 302
    plan.refresh_from_db()
    assert (plan.title, plan.period_end) == ("Ny titel", 2021)
    entry = AuditEntry.objects.get(action="update", object_id=str(plan.pk))
    assert entry.changes["title"] == ["Digital målbild – öppen och smart", "Ny titel"]
    assert entry.changes["period_end"] == [2020, 2021]


def test_strategist_deletes_document(client, strategist, org):
    doc = DocumentFactory(organisation=org)
    login(client, strategist)
    assert client.get(url("document-delete", org, pk=doc.pk)).status_code == 200
    resp = client.post(url("document-delete", org, pk=doc.pk))
    assert resp.status_code == 302
    assert not SteeringDocument.objects.filter(pk=doc.pk).exists()
    assert AuditEntry.objects.filter(action="delete", object_id=str(doc.pk)).exists()


def test_protected_delete_is_refused_with_a_message(client, strategist, org, plan):
    DocumentFactory(organisation=org, parent=plan, title="Nämndens plan")
    login(client, strategist)
    before = snapshot_db()
    resp = client.post(url("document-delete", org, pk=plan.pk))
    assert resp.status_code == 200
    assert resp.context["form"].non_field_errors()
    assert "Nämndens plan" in resp.content.decode()
    assert snapshot_db() == before


def test_status_offers_only_allowed_transitions(client, strategist, org, plan):
    login(client, strategist)
    resp = client.get(url("document-detail", org, pk=plan.pk))
    offered = [value for value, _label in resp.context["transition_form"].fields["status"].choices]
    assert offered == [DocumentStatus.IN_CONSULTATION, DocumentStatus.ADOPTED]


def test_status_change_along_allowed_transition(client, strategist, org, plan):
    login(client, strategist)
    resp = client.post(
        url("document-transition", org, pk=plan.pk),
        {"status": DocumentStatus.IN_CONSULTATION, "message": "Remiss"},
    )
    assert resp.status_code == 302
    plan.refresh_from_db()
    assert plan.status == DocumentStatus.IN_CONSULTATION
    entry = AuditEntry.objects.get(action="transition", object_id=str(plan.pk))
    assert entry.message == "Remiss"


def test_disallowed_status_change_is_refused(client, strategist, org, plan):
    login(client, strategist)
    before = snapshot_db()
    resp = client.post(
        url("document-transition", org, pk=plan.pk), {"status": DocumentStatus.ARCHIVED}
    )
    assert resp.status_code == 200
    assert "status" in resp.context["form"].errors
    plan.refresh_from_db()
    assert plan.status == DocumentStatus.DRAFT
    assert snapshot_db() == before


# Items ----------------------------------------------------------------------------------------


def test_strategist_creates_each_kind_of_item(client, strategist, org, plan, body):
    login(client, strategist)
    fa = plan.focus_areas.get()
    og = plan.overall_goals.get()
    posts = [
        ("section-create", plan.pk, {"order": 2, "heading": "Syfte", "body": "Varför."}, Section),
        ("overall-goal-create", plan.pk, {"order": 2, "title": "Smart kommun"}, OverallGoal),
        (
            "focus-area-create",
            plan.pk,
            {"order": 2, "number": "5.4", "title": "Bredband", "overall_goals": [og.pk]},
            FocusArea,
        ),
        ("goal-create", fa.pk, {"order": 2, "title": "Snabbt bredband"}, Goal),
        (
            "indicator-create",
            plan.pk,
            {
                "order": 2,
                "name": "Hushåll med 100 Mbit/s",
                "unit": "%",
                "direction": "increase",
                "kind": "quantitative",
                "measure_type": "share",
                "baseline_value": "60",
                "baseline_year": "2015",
                "source": "manual",
                "responsible_body": body.pk,
                "focus_areas": [fa.pk],
            },
            Indicator,
        ),
    ]
    for name, parent, data, model in posts:
        count = model.objects.count()
        resp = client.post(url(name, org, parent=parent), data)
        assert resp.status_code == 302, (name, resp.context and resp.context["form"].errors)
        assert model.objects.count() == count + 1
        created = model.objects.latest("id")
        assert created.organisation == org
        assert AuditEntry.objects.filter(
            action="create", model=model._meta.label_lower, object_id=str(created.pk)
        ).exists()
    new_fa = FocusArea.objects.get(number="5.4")
    assert list(new_fa.overall_goals.all()) == [og]
    assert list(Indicator.objects.get(name__startswith="Hushåll").focus_areas.all()) == [fa]


def test_strategist_edits_and_deletes_item(client, strategist, org, plan):
    login(client, strategist)
    fa = plan.focus_areas.get()
    resp = client.post(
        url("focus-area-update", org, pk=fa.pk),
        {"order": 1, "number": "5.3", "title": "E-tjänster och välfärd", "goal_text": "Mål"},
    )
    assert resp.status_code == 302
    fa.refresh_from_db()
    assert fa.title == "E-tjänster och välfärd"
    entry = AuditEntry.objects.get(action="update", model="strategy.focusarea")
    assert entry.changes["title"] == ["E-tjänster", "E-tjänster och välfärd"]
    section = plan.sections.get()
    resp = client.post(url("section-delete", org, pk=section.pk))
    assert resp.status_code == 302
    assert resp["Location"] == url("document-detail", org, pk=plan.pk)
    assert not Section.objects.filter(pk=section.pk).exists()


def test_invalid_indicator_shows_field_error_and_changes_nothing(client, strategist, org, plan):
    login(client, strategist)
    ind = plan.indicators.get()
    before = snapshot_db()
    resp = client.post(
        url("indicator-update", org, pk=ind.pk),
        {
            "name": "Andel e-tjänster",
            "direction": "increase",
            "kind": "quantitative",
            "measure_type": "count",
            "baseline_value": "40",
            "source": "kolada",
        },
    )
    assert resp.status_code == 200
    errors = resp.context["form"].errors
    assert "baseline_year" in errors and "kolada_kpi" in errors
    ind.refresh_from_db()
    assert ind.baseline_value == 50
    assert snapshot_db() == before


def test_item_of_other_document_family_cannot_be_linked(client, strategist, org, plan, body):
    other_fa = FocusAreaFactory(document=DocumentFactory(organisation=org))
    login(client, strategist)
    before = snapshot_db()
    resp = client.post(
        url("indicator-create", org, parent=plan.pk),
        {
            "name": "X",
            "direction": "increase",
            "kind": "quantitative",
            "measure_type": "count",
            "source": "manual",
            "responsible_body": body.pk,
            "focus_areas": [other_fa.pk],
        },
    )
    assert resp.status_code == 200
    assert "focus_areas" in resp.context["form"].errors
    assert snapshot_db() == before


def test_indicator_targets_set_replace_and_delete(client, strategist, org, plan):
    login(client, strategist)
    ind = plan.indicators.get()
    target_url = url("indicator-target-set", org, pk=ind.pk)
    assert client.post(target_url, {"year": 2019, "value": "80"}).status_code == 302
    assert client.post(target_url, {"year": 2019, "value": "85", "text": ""}).status_code == 302
    assert {t.year: t.value for t in ind.targets.all()} == {2019: 85, 2020: 95}
    before = snapshot_db()
    resp = client.post(target_url, {"year": 2021})
    assert resp.status_code == 200
    assert "value" in resp.context["form"].errors
    assert snapshot_db() == before
    target = ind.targets.get(year=2019)
    resp = client.post(url("indicator-target-delete", org, pk=target.pk))
    assert resp.status_code == 302
    assert list(ind.targets.values_list("year", flat=True)) == [2020]
    detail = client.get(url("indicator-detail", org, pk=ind.pk))
    assert [t.year for t in detail.context["targets"]] == [2020]
    assert detail.context["target_form"] is not None


# Permissions ----------------------------------------------------------------------------------


def write_requests(org, plan):
    fa = plan.focus_areas.get()
    section = plan.sections.get()
    ind = plan.indicators.get()
    return [
        ("get", url("document-create", org), {}),
        ("post", url("document-create", org), {"kind": "vision", "title": "X"}),
        ("post", url("document-update", org, pk=plan.pk), {"kind": "vision", "title": "X"}),
        ("post", url("document-delete", org, pk=plan.pk), {}),
        ("post", url("document-transition", org, pk=plan.pk), {"status": "adopted"}),
        ("post", url("version-freeze", org, pk=plan.pk), {"label": "v"}),
        ("post", url("section-create", org, parent=plan.pk), {"heading": "X", "order": 1}),
        ("get", url("section-update", org, pk=section.pk), {}),
        ("post", url("section-update", org, pk=section.pk), {"heading": "X", "order": 1}),
        ("post", url("section-delete", org, pk=section.pk), {}),
        ("post", url("goal-create", org, parent=fa.pk), {"title": "X", "order": 1}),
        ("post", url("focus-area-delete", org, pk=fa.pk), {}),
        ("post", url("indicator-delete", org, pk=ind.pk), {}),
        ("post", url("indicator-target-set", org, pk=ind.pk), {"year": 2021, "value": 1}),
    ]


def test_reader_gets_403_on_every_write(client, reader, org, plan):
    login(client, reader)
    before = snapshot_db()
    for method, target, data in write_requests(org, plan):
        resp = getattr(client, method)(target, data)
        assert resp.status_code == 403, (method, target)
    assert snapshot_db() == before


def test_editor_edits_own_bodies_indicators_only(client, editor, org, plan, body, other_body):
    own = plan.indicators.get()
    foreign = IndicatorFactory(document=plan, responsible_body=other_body, name="Miljö")
    login(client, editor)
    data = {
        "name": "Andel e-tjänster (ny)",
        "direction": "increase",
        "kind": "quantitative",
        "measure_type": "usage",
        "baseline_value": "50",
        "baseline_year": "2017",
        "source": "manual",
        "responsible_body": body.pk,
    }
    assert client.post(url("indicator-update", org, pk=own.pk), data).status_code == 302
    own.refresh_from_db()
    assert own.name == "Andel e-tjänster (ny)"
    detail = client.get(url("indicator-detail", org, pk=own.pk))
    assert detail.context["can_edit"] is True
    before = snapshot_db()
    assert client.get(url("indicator-update", org, pk=foreign.pk)).status_code == 403
    assert client.post(url("indicator-update", org, pk=foreign.pk), data).status_code == 403
    target = IndicatorTargetFactory(indicator=foreign, year=2019)
    before = snapshot_db()
    assert client.post(url("indicator-target-delete", org, pk=target.pk)).status_code == 403
    assert client.get(url("indicator-detail", org, pk=foreign.pk)).context["can_edit"] is False
    # …and may not move their own indicator to another body, nor touch document items.
    moved = {**data, "responsible_body": other_body.pk}
    resp = client.post(url("indicator-update", org, pk=own.pk), moved)
    assert resp.status_code == 200
    assert "responsible_body" in resp.context["form"].errors
    section = plan.sections.get()
    assert client.post(url("section-update", org, pk=section.pk), {}).status_code == 403
    assert snapshot_db() == before


def test_editor_adds_indicator_for_own_body(client, editor, org, plan, body):
    login(client, editor)
    resp = client.post(
        url("indicator-create", org, parent=plan.pk),
        {
            "name": "Utlån av e-böcker",
            "direction": "increase",
            "kind": "quantitative",
            "measure_type": "usage",
            "source": "manual",
            "responsible_body": body.pk,
        },
    )
    assert resp.status_code == 302
    assert Indicator.objects.get(name="Utlån av e-böcker").responsible_body == body


# Tenancy --------------------------------------------------------------------------------------


def test_other_organisation_gets_404(client, outsider, strategist, org, other_org, plan):
    login(client, outsider)
    assert client.get(url("document-detail", org, pk=plan.pk)).status_code == 404
    assert client.get(url("document-list", org)).status_code == 404
    # A user of `org` addressing another organisation's objects through their own org: 404.
    foreign_doc = DocumentFactory(organisation=other_org)
    foreign_fa = FocusAreaFactory(document=foreign_doc)
    foreign_ind = IndicatorFactory(document=foreign_doc)
    login(client, strategist)
    before = snapshot_db()
    assert client.get(url("document-detail", org, pk=foreign_doc.pk)).status_code == 404
    assert client.get(url("focus-area-detail", org, pk=foreign_fa.pk)).status_code == 404
    assert client.post(url("indicator-delete", org, pk=foreign_ind.pk)).status_code == 404
    assert client.post(url("document-delete", org, pk=foreign_doc.pk)).status_code == 404
    assert client.get(url("document-list", other_org)).status_code == 404
    assert snapshot_db() == before


def test_anonymous_is_sent_to_login(client, org, plan):
    resp = client.get(url("document-detail", org, pk=plan.pk))
    assert resp.status_code == 302
    assert reverse("accounts:login") in resp["Location"]


def test_indicator_list_filters_by_document(client, reader, org, plan, body):
    other = DocumentFactory(organisation=org, title="Annan plan")
    IndicatorFactory(document=other, name="Annat mätetal", responsible_body=body)
    login(client, reader)
    resp = client.get(url("indicator-list", org))
    assert [i.name for i in resp.context["indicators"]] == ["Annat mätetal", "Andel e-tjänster"]
    resp = client.get(url("indicator-list", org), {"document": plan.pk})
    assert [i.name for i in resp.context["indicators"]] == ["Andel e-tjänster"]
    html = resp.content.decode()
    assert "50 (2017)" in html and "2020: 95" in html


def test_bodies_of_other_organisations_are_not_offered(client, strategist, org, other_org, plan):
    foreign_body = BodyFactory(organisation=other_org)
    login(client, strategist)
    form = client.get(url("indicator-create", org, parent=plan.pk)).context["form"]
    assert foreign_body not in form.fields["responsible_body"].queryset


def test_editor_sees_edit_control_only_on_own_indicators(client, editor, org, plan, other_body):
    own = plan.indicators.get()
    foreign = IndicatorFactory(document=plan, responsible_body=other_body, name="Miljö")
    foreign.focus_areas.add(plan.focus_areas.get())
    login(client, editor)
    html = client.get(url("document-detail", org, pk=plan.pk)).content.decode()
    assert url("indicator-update", org, pk=own.pk) in html
    assert url("indicator-update", org, pk=foreign.pk) not in html
    assert url("indicator-create", org, parent=plan.pk) in html
    assert url("document-update", org, pk=plan.pk) not in html
    assert url("section-create", org, parent=plan.pk) not in html


def test_every_form_page_renders_for_a_strategist(client, strategist, org, plan):
    login(client, strategist)
    fa = plan.focus_areas.get()
    ind = plan.indicators.get()
    pages = [
        url("document-create", org),
        url("document-update", org, pk=plan.pk),
        url("document-delete", org, pk=plan.pk),
        url("document-transition", org, pk=plan.pk),
        url("version-freeze", org, pk=plan.pk),
        url("version-list", org, pk=plan.pk),
        url("indicator-target-set", org, pk=ind.pk),
        url("indicator-target-delete", org, pk=ind.targets.get().pk),
        url("goal-create", org, parent=fa.pk),
        url("decision-create", org),
    ]
    for kind in ("section", "overall-goal", "focus-area", "indicator"):
        pages.append(url(f"{kind}-create", org, parent=plan.pk))
    for kind, obj in (
        ("section", plan.sections.get()),
        ("overall-goal", plan.overall_goals.get()),
        ("focus-area", fa),
        ("goal", fa.goals.get()),
        ("indicator", ind),
    ):
        pages += [url(f"{kind}-{view}", org, pk=obj.pk) for view in ("detail", "update", "delete")]
    for page in pages:
        resp = client.get(page)
        assert resp.status_code == 200, page
        assert resp.content.decode().count("<h1") == 1, page
