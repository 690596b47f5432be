"""Creating, editing and deleting activities in the web interface, per role: readers see no
edit controls and get 403 on every form; editors only pick their own bodies as responsible and
only edit their bodies' activities; strategists edit all. Invalid input shows an error next to
the field and changes nothing; another organisation's activities answer 404; every change is
audited and shown in the activity's history."""

import pytest
from django.urls import reverse

from malbild.actionplan.models import Activity
from malbild.actionplan.tests.factories import ActivityFactory
from malbild.catalogue.tests.factories import CatalogueItemFactory
from malbild.core.models import AuditEntry
from malbild.core.tests.factories import BodyFactory
from malbild.strategy.tests.factories import DocumentFactory, FocusAreaFactory, GoalFactory


def login(client, user):
    # Reload so the session hash matches the stored password (the factory sets it after save).
    user.refresh_from_db()
    client.force_login(user)


def url(name, org, **kwargs):
    return reverse(f"actionplan:{name}", kwargs={"org": org.slug, **kwargs})


@pytest.fixture
def doc(org):
    return DocumentFactory(organisation=org, title="Handlingsplan 2018–2020")


@pytest.fixture
def own_activity(doc, body):
    return ActivityFactory(document=doc, responsible_body=body, title="E-arkiv")


@pytest.fixture
def foreign_activity(doc, other_body):
    """An activity of a body the editor is not editor for."""
    return ActivityFactory(document=doc, responsible_body=other_body, title="Bokningssystem")


def form_data(doc, body, **overrides):
    data = {
        "document": doc.pk,
        "number": "7",
        "title": "Digital bokning av lokaler",
        "description": "Bokning av idrottshallar på webben.",
        "status": "planned",
        "priority": "high",
        "responsible_body": body.pk,
        "start_year": "2019",
        "end_year": "2020",
    }
    data.update(overrides)
    return data


# Reader --------------------------------------------------------------------------------------


def test_reader_sees_no_edit_controls(client, org, reader, own_activity):
    login(client, reader)
    html = client.get(url("activity-detail", org, pk=own_activity.uid)).content.decode()
    assert url("activity-update", org, pk=own_activity.uid) not in html
    assert url("activity-delete", org, pk=own_activity.uid) not in html
    assert url("activity-transition", org, pk=own_activity.uid) not in html
    assert url("budgetline-create", org, activity_pk=own_activity.uid) not in html


@pytest.mark.parametrize("name", ["activity-update", "activity-delete", "activity-transition"])
def test_reader_gets_403_on_forms(client, org, reader, own_activity, name):
    login(client, reader)
    target = url(name, org, pk=own_activity.pk)
    assert client.get(target).status_code == 403
    assert client.post(target, {"title": "x", "status": "ongoing"}).status_code == 403
    own_activity.refresh_from_db()
    assert own_activity.title == "E-arkiv" and own_activity.status == "planned"
    assert Activity.objects.filter(pk=own_activity.pk).exists()


def test_reader_cannot_create(client, org, reader, doc, body):
    login(client, reader)
    assert client.get(url("activity-create", org)).status_code == 403
    assert client.post(url("activity-create", org), form_data(doc, body)).status_code == 403
    assert not Activity.objects.exists()


# Strategist ----------------------------------------------------------------------------------


def test_strategist_creates_an_activity_with_links(client, org, strategist, doc, body, other_body):
    fa = FocusAreaFactory(document=doc)
    goal = GoalFactory(focus_area=fa)
    koha = CatalogueItemFactory(organisation=org, name="Koha")
    login(client, strategist)
    data = form_data(
        doc,
        other_body,
        focus_areas=[fa.pk],
        goals=[goal.pk],
        co_responsible_bodies=[body.pk],
        catalogue_items=[koha.pk],
        status="ongoing",
    )
    response = client.post(url("activity-create", org), data)
    activity = Activity.objects.get()
    assert response.status_code == 302
    assert response["Location"] == url("activity-detail", org, pk=activity.uid)
    assert activity.title == "Digital bokning av lokaler"
    assert activity.status == "ongoing"
    assert activity.priority == "high"
    assert activity.responsible_body == other_body
    assert activity.organisation == org and activity.document == doc
    assert list(activity.focus_areas.all()) == [fa]
    assert list(activity.goals.all()) == [goal]
    assert list(activity.co_responsible_bodies.all()) == [body]
    assert list(activity.catalogue_items.all()) == [koha]
    entry = AuditEntry.objects.get(model="actionplan.activity", object_id=str(activity.pk))
    assert entry.action == "create" and entry.actor == strategist

    page = client.get(response["Location"]).content.decode()
    assert "Digital bokning av lokaler" in page
    assert "Koha" in page and goal.title in page and str(fa) in page


def test_create_form_preselects_document_from_query(client, org, strategist, doc):
    login(client, strategist)
    response = client.get(url("activity-create", org), {"document": doc.pk})
    assert response.context["form"].initial["document"] == doc


def test_create_form_offers_only_allowed_start_statuses(client, org, strategist):
    login(client, strategist)
    form = client.get(url("activity-create", org)).context["form"]
    assert {v for v, _ in form.fields["status"].choices} == {
        "planned",
        "ongoing",
        "postponed",
        "cancelled",
        "done",
    }


def test_strategist_edits_any_activity_and_history_shows_it(
    client, org, strategist, foreign_activity, body
):
    login(client, strategist)
    target = url("activity-update", org, pk=foreign_activity.pk)
    form = client.get(target).context["form"]
    assert "document" not in form.fields and "status" not in form.fields
    response = client.post(
        target,
        {
            "title": "Nytt bokningssystem",
            "priority": "low",
            "responsible_body": body.pk,
            "start_year": "2018",
            "end_year": "2021",
        },
    )
    assert response.status_code == 302
    foreign_activity.refresh_from_db()
    assert foreign_activity.title == "Nytt bokningssystem"
    assert foreign_activity.responsible_body == body
    assert foreign_activity.end_year == 2021
    entry = AuditEntry.objects.filter(action="update", object_id=str(foreign_activity.pk)).get()
    assert entry.changes["title"] == ["Bokningssystem", "Nytt bokningssystem"]
    page = client.get(url("activity-detail", org, pk=foreign_activity.pk)).content.decode()
    assert "Nytt bokningssystem" in page and "Bokningssystem" in page


def test_strategist_deletes_an_activity(client, org, strategist, own_activity):
    login(client, strategist)
    target = url("activity-delete", org, pk=own_activity.pk)
    assert client.get(target).status_code == 200
    response = client.post(target)
    assert response.status_code == 302
    assert response["Location"] == url("activity-list", org)
    assert not Activity.objects.filter(pk=own_activity.pk).exists()
    assert AuditEntry.objects.filter(action="delete", object_id=str(own_activity.pk)).exists()


# Editor --------------------------------------------------------------------------------------


def test_editor_can_only_choose_own_bodies_as_responsible(client, org, editor, doc, body):
    login(client, editor)
    form = client.get(url("activity-create", org)).context["form"]
    assert list(form.fields["responsible_body"].queryset) == [body]


def test_editor_creates_for_own_body(client, org, editor, doc, body):
    login(client, editor)
    response = client.post(url("activity-create", org), form_data(doc, body))
    assert response.status_code == 302
    assert Activity.objects.get().responsible_body == body


def test_editor_cannot_create_for_another_body(client, org, editor, doc, other_body):
    login(client, editor)
    response = client.post(url("activity-create", org), form_data(doc, other_body))
    assert response.status_code == 200
    assert "responsible_body" in response.context["form"].errors
    assert not Activity.objects.exists()


def test_editor_edits_own_activity(client, org, editor, own_activity, body):
    login(client, editor)
    response = client.post(
        url("activity-update", org, pk=own_activity.pk),
        {"title": "E-arkiv etapp 2", "priority": "medium", "responsible_body": body.pk},
    )
    assert response.status_code == 302
    own_activity.refresh_from_db()
    assert own_activity.title == "E-arkiv etapp 2"


def test_editor_cannot_move_own_activity_to_another_body(
    client, org, editor, own_activity, other_body
):
    login(client, editor)
    response = client.post(
        url("activity-update", org, pk=own_activity.pk),
        {"title": "E-arkiv", "priority": "medium", "responsible_body": other_body.pk},
    )
    assert response.status_code == 200
    assert "responsible_body" in response.context["form"].errors
    own_activity.refresh_from_db()
    assert own_activity.responsible_body_id != other_body.pk


@pytest.mark.parametrize("name", ["activity-update", "activity-delete", "activity-transition"])
def test_editor_gets_403_for_other_bodies_activities(client, org, editor, foreign_activity, name):
    login(client, editor)
    target = url(name, org, pk=foreign_activity.pk)
    assert client.get(target).status_code == 403
    assert client.post(target, {"title": "x", "status": "ongoing"}).status_code == 403
    foreign_activity.refresh_from_db()
    assert foreign_activity.title == "Bokningssystem"


def test_editor_sees_edit_controls_only_on_own_activities(
    client, org, editor, own_activity, foreign_activity
):
    login(client, editor)
    own = client.get(url("activity-detail", org, pk=own_activity.pk)).content.decode()
    assert url("activity-update", org, pk=own_activity.uid) in own
    other = client.get(url("activity-detail", org, pk=foreign_activity.pk)).content.decode()
    assert url("activity-update", org, pk=foreign_activity.uid) not in other


# Invalid input -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"title": ""}, "title"),
        ({"start_year": "2021", "end_year": "2019"}, "end_year"),
        ({"start_year": "1800"}, "start_year"),
        ({"priority": "urgent"}, "priority"),
        ({"status": "nonsense"}, "status"),
    ],
)
def test_invalid_input_shows_field_error_and_changes_nothing(
    client, org, strategist, doc, body, overrides, field
):
    login(client, strategist)
    response = client.post(url("activity-create", org), form_data(doc, body, **overrides))
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert "error-summary" in response.content.decode()
    assert not Activity.objects.exists()
    assert not AuditEntry.objects.exists()


def test_invalid_edit_changes_nothing(client, org, strategist, own_activity, body):
    login(client, strategist)
    response = client.post(
        url("activity-update", org, pk=own_activity.pk),
        {
            "title": "Ändrad",
            "priority": "medium",
            "responsible_body": body.pk,
            "start_year": "2020",
            "end_year": "2018",
        },
    )
    assert "end_year" in response.context["form"].errors
    own_activity.refresh_from_db()
    assert own_activity.title == "E-arkiv" and own_activity.start_year == 2018
    assert not AuditEntry.objects.exists()


def test_focus_area_of_an_unrelated_document_is_refused_next_to_the_field(
    client, org, strategist, doc, body
):
    unrelated = FocusAreaFactory(document=DocumentFactory(organisation=org))
    login(client, strategist)
    response = client.post(
        url("activity-create", org), form_data(doc, body, focus_areas=[unrelated.pk])
    )
    assert response.status_code == 200
    assert "focus_areas" in response.context["form"].errors
    assert not Activity.objects.exists()


def test_focus_area_of_the_parent_vision_is_accepted(client, org, strategist, body):
    vision = DocumentFactory(organisation=org, kind="vision", title="Digital målbild")
    plan = DocumentFactory(organisation=org, parent=vision)
    fa = FocusAreaFactory(document=vision)
    login(client, strategist)
    response = client.post(url("activity-create", org), form_data(plan, body, focus_areas=[fa.pk]))
    assert response.status_code == 302
    assert list(Activity.objects.get().focus_areas.all()) == [fa]


# Other organisations -------------------------------------------------------------------------


def test_another_organisations_choices_are_refused(client, org, other_org, strategist, doc, body):
    foreign_doc = DocumentFactory(organisation=other_org)
    foreign_body = BodyFactory(organisation=other_org)
    login(client, strategist)
    response = client.post(url("activity-create", org), form_data(foreign_doc, foreign_body))
    errors = response.context["form"].errors
    assert "document" in errors and "responsible_body" in errors
    assert not Activity.objects.exists()


@pytest.mark.parametrize(
    "name", ["activity-detail", "activity-update", "activity-delete", "activity-transition"]
)
def test_activity_of_another_organisation_is_404(client, org, other_org, strategist, name):
    foreign = ActivityFactory(document=DocumentFactory(organisation=other_org))
    login(client, strategist)
    # Through this user's organisation URL …
    assert client.get(url(name, org, pk=foreign.pk)).status_code == 404
    if name != "activity-detail":
        response = client.post(url(name, org, pk=foreign.pk), {"status": "ongoing"})
        assert response.status_code == 404
    # … and through the other organisation's URL.
    assert client.get(url(name, other_org, pk=foreign.pk)).status_code == 404
    foreign.refresh_from_db()
    assert foreign.status == "planned"
