"""Control of the portal: only administrators turn it on, edit the statement and publish;
only a document with a frozen adopted version can be published (a document adopted without
a decided version is published from the version frozen while it was adopted); every change
is audited; the admin pages and the API (typed, 403/404/409/422 with the field named)."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from malbild.api.tests.helpers import ApiClient
from malbild.consultation.tests.factories import VersionFactory
from malbild.core.models import AuditEntry
from malbild.portal import selectors, services
from malbild.portal.models import PortalSettings, Publication
from malbild.strategy.models import SteeringDocument
from malbild.strategy.tests.factories import DocumentFactory

ORG = "/organisations/alingsas"


@pytest.fixture
def adopted(org):
    document = DocumentFactory(organisation=org, title="Digital agenda")
    version = VersionFactory(document=document, organisation=org, status_at_freeze="adopted")
    SteeringDocument.objects.filter(pk=document.pk).update(
        status="adopted", adopted_version=version
    )
    document.refresh_from_db()
    return document


def test_only_admins_change_the_settings(org, strategist, admin_user, access_of):
    with pytest.raises(PermissionDenied):
        services.portal_settings_update(access=access_of(strategist), data={"enabled": True})
    assert not PortalSettings.objects.exists()
    row = services.portal_settings_update(access=access_of(admin_user), data={"enabled": True})
    assert row.enabled
    entry = AuditEntry.objects.get(event="portal.settings_updated")
    assert entry.changes["enabled"] == [False, True]


def test_publishing_needs_an_adopted_version(org, admin_user, access_of):
    draft = DocumentFactory(organisation=org, title="Utkast")
    with pytest.raises(ValidationError) as error:
        services.document_publication_set(
            access=access_of(admin_user), document=draft, published=True
        )
    assert "published" in error.value.message_dict
    assert not Publication.objects.exists()


def test_adopted_without_decided_version_publishes_the_version_frozen_while_adopted(
    org, admin_user, access_of
):
    document = DocumentFactory(organisation=org, title="Agenda")
    SteeringDocument.objects.filter(pk=document.pk).update(status="adopted")
    document.refresh_from_db()
    assert selectors.publishable_version(document) is None
    version = VersionFactory(document=document, organisation=org, status_at_freeze="adopted")
    assert selectors.publishable_version(document) == version
    services.document_publication_set(
        access=access_of(admin_user), document=document, published=True
    )
    [shown] = selectors.published_documents(organisation=org)
    assert shown.public_version == version


def test_publish_and_withdraw_are_audited_and_touch_the_validator(
    org, admin_user, access_of, adopted
):
    access = access_of(admin_user)
    services.portal_settings_update(access=access, data={"enabled": True})
    before = PortalSettings.objects.get().modified_at
    services.document_publication_set(access=access, document=adopted, published=True)
    assert PortalSettings.objects.get().modified_at > before
    services.document_publication_set(access=access, document=adopted, published=False)
    events = list(
        AuditEntry.objects.filter(event__startswith="portal.document").values_list(
            "event", flat=True
        )
    )
    assert sorted(events) == ["portal.document_published", "portal.document_unpublished"]
    assert selectors.published_documents(organisation=org) == []


def test_another_organisations_document_is_404(org, other_org, admin_user, access_of):
    from django.http import Http404

    foreign = DocumentFactory(organisation=other_org)
    with pytest.raises(Http404):
        services.document_publication_set(
            access=access_of(admin_user), document=foreign, published=True
        )


def test_settings_page_turns_on_and_publishes(client, org, admin_user, adopted):
    client.force_login(admin_user)
    url = reverse("portal:settings", kwargs={"org": org.slug})
    page = client.get(url)
    assert page.status_code == 200 and "Digital agenda" in page.content.decode()
    response = client.post(
        url,
        {"enabled": "on", "contact_email": "webb@alingsas.se", "accessibility_statement": ""},
    )
    assert response.status_code == 302
    response = client.post(url, {"document": str(adopted.uid), "published": "on"})
    assert response.status_code == 302
    assert Publication.objects.get(document=adopted).published
    assert client.get(reverse("portal:start", kwargs={"org": org.slug})).status_code == 200


def test_settings_page_rejects_a_bad_email_and_changes_nothing(client, org, admin_user):
    client.force_login(admin_user)
    url = reverse("portal:settings", kwargs={"org": org.slug})
    response = client.post(url, {"enabled": "on", "contact_email": "inte en adress"})
    assert response.status_code == 200
    assert "contact_email" in response.context["form"].errors
    assert not PortalSettings.objects.exists()


def test_settings_page_is_for_admins_only(client, org, strategist):
    client.force_login(strategist)
    assert client.get(reverse("portal:settings", kwargs={"org": org.slug})).status_code == 403


def test_api_settings_and_publication(org, admin_user, strategist, adopted):
    api = ApiClient(admin_user)
    got = api.get(f"{ORG}/portal")
    assert got.status_code == 200 and got.json()["enabled"] is False
    changed = api.patch(f"{ORG}/portal", {"enabled": True, "contact_phone": "0322-61 60 00"})
    assert changed.status_code == 200, changed.content
    body = changed.json()
    assert body["enabled"] and body["contact_phone"] == "0322-61 60 00"
    assert body["public_url"].endswith("/portal/alingsas/")
    stale = api.client.patch(
        "/api/v1" + f"{ORG}/portal",
        data={"enabled": False},
        content_type="application/json",
        headers={**api.headers, "If-Match": '"1"'},
    )
    assert stale.status_code == 409
    put = api.put(f"{ORG}/documents/{adopted.uid}/publication", {"published": True})
    assert (
        put.status_code == 200
        and put.json()["published"]
        and put.json()["version"] == (adopted.adopted_version.number)
    )
    listed = api.get(f"{ORG}/portal/publications").json()
    assert [row["published"] for row in listed] == [True]
    refused = ApiClient(strategist).put(
        f"{ORG}/documents/{adopted.uid}/publication", {"published": False}
    )
    assert refused.status_code == 403


def test_api_refuses_publishing_a_draft_naming_the_field(org, admin_user):
    draft = DocumentFactory(organisation=org)
    response = ApiClient(admin_user).put(
        f"{ORG}/documents/{draft.uid}/publication", {"published": True}
    )
    assert response.status_code == 422
    assert "published" in response.content.decode()


def test_api_feedback_is_for_admins(org, admin_user, reader):
    assert ApiClient(reader).get(f"{ORG}/portal/feedback").status_code == 403
    assert ApiClient(admin_user).get(f"{ORG}/portal/feedback").json() == []
