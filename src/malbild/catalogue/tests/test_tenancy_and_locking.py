"""The catalogue under tenancy by default and optimistic locking (docs/adr/0006, 0007):
catalogue_item_update writes only what changed and refuses a stale version; another
organisation's item (or body) answers 404 in the services, the pages and the API; pages and
API paths take the uid as well as the id; the edit form carries the version; the API answers
carry the ETag and a stale If-Match gets 409 with the current item and changes nothing."""

import pytest
from django.http import Http404
from django.urls import reverse

from malbild.api.tests.helpers import ApiClient
from malbild.catalogue import services
from malbild.catalogue.models import CatalogueItem
from malbild.catalogue.tests.factories import CatalogueItemFactory
from malbild.core.tests.contracts import assert_stale_refused, assert_writes_only
from malbild.core.tests.factories import BodyFactory

ORG = "/organisations/alingsas"


@pytest.fixture
def item(org):
    return CatalogueItemFactory(organisation=org, name="Ärendesystem", description="Kort")


def test_update_writes_only_changes_and_refuses_stale(item, strategist, access_of):
    access = access_of(strategist)
    assert_writes_only(
        CatalogueItem,
        lambda: services.catalogue_item_update(
            access=access,
            item=CatalogueItem.objects.get(pk=item.pk),
            data={"name": "Ärendesystem", "description": "Längre", "url": ""},
        ),
        {"description"},
    )
    assert_stale_refused(
        CatalogueItem.objects.get(pk=item.pk),
        lambda stale: services.catalogue_item_update(
            access=access, item=stale, data={"name": "Sent"}
        ),
    )


@pytest.mark.parametrize("who", ["strategist", "reader"])
def test_services_answer_404_for_another_organisations_item(
    who, request, org, other_org, access_of
):
    access = access_of(request.getfixturevalue(who))
    foreign = CatalogueItemFactory(organisation=other_org)
    foreign_body = BodyFactory(organisation=other_org)
    own = CatalogueItemFactory(organisation=org)
    calls = [
        lambda: services.catalogue_item_update(access=access, item=foreign, data={"name": "x"}),
        lambda: services.catalogue_item_delete(access=access, item=foreign),
        lambda: services.catalogue_item_update(
            access=access, item=own, data={"owning_body": foreign_body}
        ),
        lambda: services.catalogue_item_create(
            access=access, data={"kind": "it_system", "name": "x", "owning_body": foreign_body}
        ),
    ]
    for call in calls:
        with pytest.raises(Http404):
            call()


def test_pages_and_api_take_uid_or_id_and_hide_other_organisations(
    client, strategist, item, other_org
):
    client.force_login(strategist)
    foreign = CatalogueItemFactory(organisation=other_org)

    def page(name, ref):
        return reverse(f"catalogue:{name}", kwargs={"org": "alingsas", "pk": ref})

    by_id, by_uid = (
        client.get(page("item-detail", item.pk)),
        client.get(page("item-detail", item.uid)),
    )
    assert by_id.status_code == by_uid.status_code == 200
    assert by_id.context["item"] == by_uid.context["item"] == item
    assert client.get(page("item-detail", foreign.uid)).status_code == 404
    assert client.get(page("item-update", foreign.pk)).status_code == 404
    edit = client.get(page("item-update", item.uid)).content.decode()
    assert 'name="lock_version" value="1"' in edit
    assert client.get("/o/alingsas/catalogue/garbage/").status_code == 404

    api = ApiClient(strategist)
    a, b = api.get(f"{ORG}/catalogue/{item.pk}"), api.get(f"{ORG}/catalogue/{item.uid}")
    assert a.status_code == b.status_code == 200 and a.json() == b.json()
    assert a.json()["uid"] == str(item.uid) and a["ETag"] == '"1"'
    assert api.get(f"{ORG}/catalogue/garbage").status_code == 404
    assert api.get(f"{ORG}/catalogue/{foreign.uid}").status_code == 404
    assert api.patch(f"{ORG}/catalogue/{foreign.pk}", {"name": "x"}).status_code == 404


def test_api_stale_if_match_is_409_and_changes_nothing(strategist, item):
    api = ApiClient(strategist)
    assert api.patch(f"{ORG}/catalogue/{item.uid}", {"description": "Först"}).status_code == 200
    api.headers["If-Match"] = '"1"'
    stale = api.patch(f"{ORG}/catalogue/{item.uid}", {"name": "Sent"})
    assert stale.status_code == 409
    assert stale.json()["current"]["description"] == "Först" and stale["ETag"] == '"2"'
    assert api.delete(f"{ORG}/catalogue/{item.uid}").status_code == 409
    assert CatalogueItem.objects.get(pk=item.pk).name == "Ärendesystem"
    api.headers["If-Match"] = '"2"'
    fresh = api.patch(f"{ORG}/catalogue/{item.uid}", {"name": "Nytt namn"})
    assert fresh.status_code == 200 and fresh["ETag"] == '"3"'
    assert api.delete(f"{ORG}/catalogue/{item.uid}").status_code == 409  # now at version 3
    api.headers["If-Match"] = '"3"'
    assert api.delete(f"{ORG}/catalogue/{item.uid}").status_code == 204


def test_web_stale_save_shows_the_conflict_page(client, strategist, item):
    client.force_login(strategist)
    page = reverse("catalogue:item-update", kwargs={"org": "alingsas", "pk": item.uid})
    data = {"kind": "it_system", "name": "Ärendesystem", "description": "Kort"}
    assert client.post(page, {**data, "description": "Hens", "lock_version": 1}).status_code == 302
    response = client.post(page, {**data, "name": "Mitt namn", "lock_version": 1})
    assert response.status_code == 409
    stored = CatalogueItem.objects.get(pk=item.pk)
    assert stored.name == "Ärendesystem" and stored.description == "Hens"
