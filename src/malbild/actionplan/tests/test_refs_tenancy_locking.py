"""Activities and budget lines by public reference (uid, or id as an alias), another
organisation's objects answering 404 in services, pages and the API, and no lost updates:
ETag/If-Match in the API (stale → 409 with the current representation, many-to-many
add/remove keeping the others) and the conflict page for a stale budget line form."""

import re

import pytest
from django.http import Http404
from django.urls import reverse

from malbild.actionplan import services
from malbild.actionplan.models import Activity, BudgetLine
from malbild.actionplan.tests.factories import ActivityFactory, BudgetLineFactory
from malbild.api.tests.helpers import ApiClient
from malbild.core.tests.factories import BodyFactory
from malbild.strategy.tests.factories import DocumentFactory

ORG = "/organisations/alingsas"
GARBAGE_UUID = "00000000-0000-4000-8000-000000000000"


@pytest.fixture
def activity(org, body):
    return ActivityFactory(
        document=DocumentFactory(organisation=org), responsible_body=body, title="E-arkiv"
    )


@pytest.fixture
def line(activity):
    line = BudgetLineFactory(activity=activity, amount=100000, year=2018)
    line.refresh_from_db()
    return line


@pytest.fixture
def foreign(other_org):
    return ActivityFactory(document=DocumentFactory(organisation=other_org))


def page(org, name, **kwargs):
    return reverse(f"actionplan:{name}", kwargs={"org": org.slug, **kwargs})


# Public references ---------------------------------------------------------------------------


def test_the_detail_page_answers_the_same_for_uid_and_id(client, org, reader, activity, line):
    client.force_login(reader)
    by_uid = client.get(page(org, "activity-detail", pk=activity.uid))
    by_id = client.get(page(org, "activity-detail", pk=activity.pk))
    assert by_uid.status_code == by_id.status_code == 200
    assert by_uid.context["activity"] == by_id.context["activity"] == activity
    # Links on the page use the uid.
    html = by_uid.content.decode()
    assert page(org, "budgetline-update", activity_pk=activity.uid, pk=line.uid) not in html
    assert str(activity.uid) in html


def test_garbage_references_are_404(client, org, strategist, activity, line):
    client.force_login(strategist)
    assert client.get(page(org, "activity-detail", pk=GARBAGE_UUID)).status_code == 404
    assert client.get(f"/o/{org.slug}/activities/not-a-ref/").status_code == 404
    url = page(org, "budgetline-update", activity_pk=activity.uid, pk=GARBAGE_UUID)
    assert client.get(url).status_code == 404


def test_budget_line_pages_take_uids(client, org, strategist, activity, line):
    client.force_login(strategist)
    url = page(org, "budgetline-update", activity_pk=activity.uid, pk=line.uid)
    assert client.get(url).status_code == 200


def test_the_api_detail_answers_the_same_for_uid_and_id(strategist, activity, line):
    api = ApiClient(strategist)
    by_uid = api.get(f"{ORG}/activities/{activity.uid}")
    by_id = api.get(f"{ORG}/activities/{activity.pk}")
    assert by_uid.status_code == by_id.status_code == 200
    assert by_uid.json() == by_id.json()
    assert by_uid.json()["uid"] == str(activity.uid) and by_uid.json()["id"] == activity.pk
    assert api.get(f"{ORG}/activities/{GARBAGE_UUID}").status_code == 404
    assert api.get(f"{ORG}/activities/not-a-ref").status_code == 404
    assert api.get(f"{ORG}/budget-lines/{line.uid}").json() == (
        api.get(f"{ORG}/budget-lines/{line.pk}").json()
    )
    assert api.get(f"{ORG}/activities/{activity.uid}/budget-lines").json()["count"] == 1


def test_openapi_documents_the_reference_parameter(reader):
    spec = ApiClient(reader).get("/api/v1/openapi.json").json()
    op = spec["paths"]["/api/v1/organisations/{org}/activities/{activity_id}"]["get"]
    param = next(p for p in op["parameters"] if p["name"] == "activity_id")
    assert param["schema"]["type"] == "string" and "uid" in param["description"]


# Another organisation → 404 ------------------------------------------------------------------


@pytest.mark.parametrize(
    "call",
    [
        lambda a, f, b: services.activity_update(access=a, activity=f, data={"title": "x"}),
        lambda a, f, b: services.activity_transition(access=a, activity=f, status="ongoing"),
        lambda a, f, b: services.activity_delete(access=a, activity=f),
        lambda a, f, b: services.budget_line_create(
            access=a, activity=f, data={"year": 2020, "kind": "operating", "amount": 1}
        ),
        lambda a, f, b: services.budget_line_update(access=a, line=b, data={"amount": 1}),
        lambda a, f, b: services.budget_line_delete(access=a, line=b),
        lambda a, f, b: services.activity_create(
            access=a, document=f.document, data={"title": "x", "responsible_body": None}
        ),
    ],
    ids=["update", "transition", "delete", "line create", "line update", "line delete", "create"],
)
def test_services_answer_404_for_another_organisations_objects(
    call, strategist, access_of, foreign
):
    foreign_line = BudgetLineFactory(activity=foreign)
    before = (Activity.objects.unscoped().count(), BudgetLine.objects.unscoped().count())
    with pytest.raises(Http404):
        call(access_of(strategist), foreign, foreign_line)
    foreign.refresh_from_db()
    assert foreign.lock_version == 1 and foreign.status == "planned"
    assert (Activity.objects.unscoped().count(), BudgetLine.objects.unscoped().count()) == before


def test_services_answer_404_for_another_organisations_body(
    strategist, access_of, activity, other_org
):
    foreign_body = BodyFactory(organisation=other_org)
    access = access_of(strategist)
    with pytest.raises(Http404):
        services.activity_update(
            access=access, activity=activity, data={}, m2m={"co_responsible_bodies": [foreign_body]}
        )
    with pytest.raises(Http404):
        services.activity_update(
            access=access, activity=activity, data={"responsible_body": foreign_body}
        )
    assert list(activity.co_responsible_bodies.all()) == []


def test_pages_and_api_answer_404_for_another_organisations_activity(
    client, org, strategist, foreign
):
    client.force_login(strategist)
    for name in ("activity-detail", "activity-update", "activity-transition"):
        assert client.get(page(org, name, pk=foreign.uid)).status_code == 404
    api = ApiClient(strategist)
    assert api.get(f"{ORG}/activities/{foreign.uid}").status_code == 404
    assert api.patch(f"{ORG}/activities/{foreign.pk}", {"title": "x"}).status_code == 404
    assert Activity.objects.unscoped().get(pk=foreign.pk).title != "x"


# Lost updates in the API ----------------------------------------------------------------------


def test_get_carries_the_etag_of_the_version(strategist, activity, line):
    api = ApiClient(strategist)
    response = api.get(f"{ORG}/activities/{activity.uid}")
    assert response["ETag"] == '"1"' and response.json()["lock_version"] == 1
    assert api.get(f"{ORG}/budget-lines/{line.uid}")["ETag"] == '"1"'
    changed = api.patch(f"{ORG}/activities/{activity.uid}", {"title": "Ny"})
    assert changed.status_code == 200 and changed["ETag"] == '"2"'


def test_a_stale_if_match_is_409_with_the_current_and_changes_nothing(strategist, activity):
    api = ApiClient(strategist)
    assert api.patch(f"{ORG}/activities/{activity.uid}", {"title": "Först"}).status_code == 200
    api.headers["If-Match"] = '"1"'
    response = api.patch(f"{ORG}/activities/{activity.uid}", {"description": "Sist"})
    assert response.status_code == 409
    body = response.json()
    assert body["current"]["title"] == "Först" and body["current"]["lock_version"] == 2
    assert response["ETag"] == '"2"'
    activity.refresh_from_db()
    assert activity.description == "" and activity.lock_version == 2
    for stale in (
        lambda: api.post(f"{ORG}/activities/{activity.uid}/transition", {"status": "ongoing"}),
        lambda: api.delete(f"{ORG}/activities/{activity.uid}"),
    ):
        assert stale().status_code == 409
    activity.refresh_from_db()
    assert activity.status == "planned"


def test_the_right_if_match_and_none_at_all_both_apply(strategist, activity):
    api = ApiClient(strategist)
    api.headers["If-Match"] = '"1"'
    assert api.patch(f"{ORG}/activities/{activity.uid}", {"title": "Två"}).status_code == 200
    del api.headers["If-Match"]
    assert api.patch(f"{ORG}/activities/{activity.pk}", {"title": "Tre"}).status_code == 200
    activity.refresh_from_db()
    assert activity.title == "Tre" and activity.lock_version == 3


def test_a_stale_budget_line_patch_is_409(strategist, line):
    api = ApiClient(strategist)
    api.headers["If-Match"] = '"7"'
    response = api.patch(f"{ORG}/budget-lines/{line.uid}", {"amount": "5"})
    assert response.status_code == 409 and response.json()["current"]["amount"] == "100000.00"
    assert api.delete(f"{ORG}/budget-lines/{line.uid}").status_code == 409
    assert BudgetLine.objects.get(pk=line.pk).amount == 100000


def test_two_clients_adding_one_co_responsible_body_each_both_survive(
    strategist, admin_user, activity, org
):
    """Regression: measured as a lost update when PATCH replaced the whole list."""
    a, b, c = (BodyFactory(organisation=org) for _ in range(3))
    activity.co_responsible_bodies.set([a])
    first, second = ApiClient(strategist), ApiClient(admin_user)
    # Both loaded the activity (with [a]); each adds one body.
    assert first.get(f"{ORG}/activities/{activity.uid}").json()["co_responsible_bodies"] == [a.pk]
    r1 = first.patch(f"{ORG}/activities/{activity.uid}", {"co_responsible_bodies": {"add": [b.pk]}})
    r2 = second.patch(
        f"{ORG}/activities/{activity.uid}", {"co_responsible_bodies": {"add": [c.pk]}}
    )
    assert r1.status_code == r2.status_code == 200
    expected = sorted([a.pk, b.pk, c.pk])
    assert r2.json()["co_responsible_bodies"] == expected
    assert sorted(activity.co_responsible_bodies.values_list("pk", flat=True)) == expected
    # remove keeps the others too; a plain list still replaces.
    first.patch(f"{ORG}/activities/{activity.uid}", {"co_responsible_bodies": {"remove": [a.pk]}})
    assert sorted(activity.co_responsible_bodies.values_list("pk", flat=True)) == [b.pk, c.pk]
    first.patch(f"{ORG}/activities/{activity.uid}", {"co_responsible_bodies": [a.pk]})
    assert list(activity.co_responsible_bodies.values_list("pk", flat=True)) == [a.pk]


def test_an_add_naming_another_organisations_body_is_422(strategist, activity, other_org):
    foreign_body = BodyFactory(organisation=other_org)
    response = ApiClient(strategist).patch(
        f"{ORG}/activities/{activity.uid}", {"co_responsible_bodies": {"add": [foreign_body.pk]}}
    )
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "co_responsible_bodies"]


# Lost updates in the web forms ----------------------------------------------------------------


def test_a_stale_budget_line_form_shows_the_conflict_page(client, org, strategist, activity, line):
    client.force_login(strategist)
    url = page(org, "budgetline-update", activity_pk=activity.uid, pk=line.uid)
    html = client.get(url).content.decode()
    assert re.search(r'<input type="hidden" name="lock_version" value="1"', html)
    data = {"year": 2018, "kind": "operating", "amount": "100000.00", "lock_version": 1}
    # Two users opened the form; the first saves.
    assert client.post(url, {**data, "financing_source": "Hens fond"}).status_code == 302
    # The second saves from version 1.
    response = client.post(url, {**data, "amount": "250000.00"})
    assert response.status_code == 409
    page_html = response.content.decode()
    assert "Hens fond" in page_html and 'name="resolve-financing_source"' in page_html
    line.refresh_from_db()
    assert line.amount == 100000 and line.financing_source == "Hens fond"
    # "Keep mine" for the amount, "take theirs" for the source.
    resolution = {
        **data,
        "amount": "250000.00",
        "_conflict": "1",
        "lock_version": "2",
        "resolve-amount": "mine",
        "resolve-financing_source": "theirs",
    }
    assert client.post(url, resolution).status_code == 302
    line.refresh_from_db()
    assert line.amount == 250000 and line.financing_source == "Hens fond"


def test_a_stale_status_change_is_refused(client, org, strategist, activity):
    client.force_login(strategist)
    detail = client.get(page(org, "activity-detail", pk=activity.uid)).content.decode()
    assert re.search(r'name="lock_version" value="1"', detail)
    url = page(org, "activity-transition", pk=activity.uid)
    assert client.post(url, {"status": "ongoing", "lock_version": 1}).status_code == 302
    response = client.post(url, {"status": "cancelled", "lock_version": 1})
    assert response.status_code == 409
    assert "Någon annan ändrade detta" in response.content.decode()
    assert "statusen är nu ”Pågår”" in response.content.decode()
    assert 'name="lock_version" value="2"' in response.content.decode()
    activity.refresh_from_db()
    assert activity.status == "ongoing"


def test_a_stale_delete_is_refused(client, org, strategist, activity):
    client.force_login(strategist)
    services.activity_update(
        access=_access(strategist, org), activity=activity, data={"title": "Ändrad"}
    )
    response = client.post(page(org, "activity-delete", pk=activity.uid), {"lock_version": 1})
    assert response.status_code == 409
    assert "Någon annan sparade en ändring" in response.content.decode()
    assert Activity.objects.filter(pk=activity.pk).exists()


def _access(user, org):
    from malbild.core.access import access_for

    return access_for(user, org)
