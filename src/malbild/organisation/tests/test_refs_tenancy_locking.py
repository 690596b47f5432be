"""Bodies by public reference (uid, or id as an alias), another organisation's body answering
404 in services, pages and the API, and no lost updates: ETag/If-Match in the API (stale →
409 with the current body) and the conflict page for a stale body form; and the update
contracts of body_update and organisation_update (docs/adr/0007)."""

import re

import pytest
from django.http import Http404
from django.urls import reverse

from malbild.api.tests.helpers import ApiClient
from malbild.core.tests.contracts import assert_stale_refused, assert_writes_only
from malbild.core.tests.factories import BodyFactory
from malbild.organisation import services
from malbild.organisation.constants import BodyKind
from malbild.organisation.models import Body, Organisation

ORG = "/organisations/alingsas"


def page(org, name, **kwargs):
    return reverse(f"organisation:{name}", kwargs={"org": org.slug, **kwargs})


@pytest.fixture
def foreign_body(other_org):
    return BodyFactory(organisation=other_org, name="Främmande nämnd")


def _body_data(body, **changes):
    return {
        "name": body.name,
        "short_name": body.short_name,
        "kind": body.kind,
        "parent": body.parent,
        "email": body.email,
        **changes,
    }


# Update contracts -----------------------------------------------------------------------------


def test_body_update_writes_only_what_changed(body, admin_user, access_of):
    assert_writes_only(
        Body,
        lambda: services.body_update(
            access=access_of(admin_user), body=body, data=_body_data(body, short_name="KFN2")
        ),
        {"short_name"},
    )


def test_body_update_refuses_a_stale_version(body, admin_user, access_of):
    assert_stale_refused(
        body,
        lambda stale: services.body_update(
            access=access_of(admin_user), body=stale, data=_body_data(stale, name="Sent")
        ),
    )


def test_organisation_update_writes_only_what_changed(org, admin_user, access_of):
    """(The organisation row has no lock_version: it is not organisation-owned, so there is
    no stale version to refuse.)"""
    data = {"name": "Alingsås kommun", "kolada_id": org.kolada_id, "population": 42000}
    assert_writes_only(
        Organisation,
        lambda: services.organisation_update(access=access_of(admin_user), data=data),
        {"population"},
    )


# Public references ---------------------------------------------------------------------------


def test_the_body_page_answers_the_same_for_uid_and_id(client, org, reader, body):
    client.force_login(reader)
    by_uid = client.get(page(org, "body-detail", pk=body.uid))
    by_id = client.get(page(org, "body-detail", pk=body.pk))
    assert by_uid.status_code == by_id.status_code == 200
    assert by_uid.context["body"] == by_id.context["body"] == body
    missing = page(org, "body-detail", pk="00000000-0000-4000-8000-000000000000")
    assert client.get(missing).status_code == 404
    assert client.get(f"/o/{org.slug}/bodies/nonsense/").status_code == 404


def test_the_api_body_answers_the_same_for_uid_and_id(reader, body):
    api = ApiClient(reader)
    by_uid = api.get(f"{ORG}/bodies/{body.uid}")
    by_id = api.get(f"{ORG}/bodies/{body.pk}")
    assert by_uid.status_code == by_id.status_code == 200
    assert by_uid.json() == by_id.json()
    assert by_uid.json()["uid"] == str(body.uid) and by_uid.json()["id"] == body.pk
    assert by_uid["ETag"] == '"1"' and by_uid.json()["lock_version"] == 1
    assert api.get(f"{ORG}/bodies/nonsense").status_code == 404
    listed = api.get(f"{ORG}/bodies").json()["items"][0]
    assert listed["uid"] == str(body.uid)


# Another organisation → 404 ------------------------------------------------------------------


def test_services_answer_404_for_another_organisations_body(
    admin_user, access_of, body, foreign_body
):
    access = access_of(admin_user)
    with pytest.raises(Http404):
        services.body_update(access=access, body=foreign_body, data={"name": "x"})
    with pytest.raises(Http404):
        services.body_delete(access=access, body=foreign_body)
    with pytest.raises(Http404):
        services.body_update(access=access, body=body, data={"parent": foreign_body})
    with pytest.raises(Http404):
        services.body_create(
            access=access, data={"name": "Ny", "kind": BodyKind.COMMITTEE, "parent": foreign_body}
        )
    foreign_body.refresh_from_db()
    body.refresh_from_db()
    assert foreign_body.name == "Främmande nämnd" and body.parent_id is None


def test_pages_and_api_answer_404_for_another_organisations_body(
    client, org, admin_user, foreign_body
):
    client.force_login(admin_user)
    for name in ("body-detail", "body-update", "body-delete"):
        assert client.get(page(org, name, pk=foreign_body.uid)).status_code == 404
    api = ApiClient(admin_user)
    assert api.get(f"{ORG}/bodies/{foreign_body.uid}").status_code == 404
    assert api.patch(f"{ORG}/bodies/{foreign_body.pk}", {"name": "x"}).status_code == 404
    assert api.delete(f"{ORG}/bodies/{foreign_body.pk}").status_code == 404
    assert Body.objects.unscoped().get(pk=foreign_body.pk).name == "Främmande nämnd"


# Lost updates --------------------------------------------------------------------------------


def test_a_stale_if_match_is_409_and_changes_nothing(admin_user, body):
    api = ApiClient(admin_user)
    assert api.patch(f"{ORG}/bodies/{body.uid}", {"short_name": "K1"}).status_code == 200
    api.headers["If-Match"] = '"1"'
    response = api.patch(f"{ORG}/bodies/{body.uid}", {"email": "kfn@example.org"})
    assert response.status_code == 409
    assert response.json()["current"]["short_name"] == "K1" and response["ETag"] == '"2"'
    assert api.delete(f"{ORG}/bodies/{body.uid}").status_code == 409
    body.refresh_from_db()
    assert body.email == "" and body.lock_version == 2
    api.headers["If-Match"] = '"2"'
    assert api.patch(f"{ORG}/bodies/{body.uid}", {"email": "kfn@example.org"}).status_code == 200


def test_a_stale_body_form_shows_the_conflict_page(client, org, admin_user, body):
    client.force_login(admin_user)
    url = page(org, "body-update", pk=body.uid)
    html = client.get(url).content.decode()
    assert re.search(r'<input type="hidden" name="lock_version" value="1"', html)
    data = {"name": body.name, "short_name": "KFN", "kind": body.kind, "lock_version": 1}
    # Two admins opened the form; the first saves.
    assert client.post(url, {**data, "short_name": "Hens"}).status_code == 302
    # The second saves from version 1.
    response = client.post(url, {**data, "email": "min@example.org"})
    assert response.status_code == 409
    assert 'name="resolve-short_name"' in response.content.decode()
    body.refresh_from_db()
    assert body.short_name == "Hens" and body.email == ""
    resolution = {
        **data,
        "email": "min@example.org",
        "_conflict": "1",
        "lock_version": "2",
        "resolve-short_name": "theirs",
        "resolve-email": "mine",
    }
    assert client.post(url, resolution).status_code == 302
    body.refresh_from_db()
    assert body.short_name == "Hens" and body.email == "min@example.org"
