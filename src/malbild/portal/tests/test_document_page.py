"""The publication switch on the internal document page (strategy's page, the portal's
service): administrators see whether the document is published, what a publication shows
(the adopted version, the closed follow-ups and rounds) and a form with a confirmation;
strategists, editors and readers see none of it and get 403 when they post. Publishing makes
the public page appear (and changes its ETag), withdrawing makes it 404, an unconfirmed form
changes nothing, the change is in the audit log in words, and the page's queries do not grow
with the number of periods and rounds."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from malbild.accounts.constants import Role
from malbild.accounts.services import membership_set
from malbild.consultation.tests.factories import RoundFactory
from malbild.core.models import AuditEntry
from malbild.core.tests.factories import UserFactory
from malbild.followup.tests.factories import PeriodFactory
from malbild.portal.models import Publication

from .helpers import build_portal

SWITCH = "Publicerad på den öppna webbplatsen"


@pytest.fixture
def portal(org, admin_user):
    return build_portal(org, admin_user, size=2)


def _page(client, org, document):
    return client.get(
        reverse("strategy:document-detail", kwargs={"org": org.slug, "pk": document.pk})
    )


def _post(client, org, document, **data):
    url = reverse("portal:document-publication", kwargs={"org": org.slug, "ref": document.uid})
    return client.post(url, data)


def _public(client, document):
    return client.get(
        reverse("portal:document", kwargs={"org": document.organisation.slug, "doc": document.uid})
    )


def test_the_admin_sees_the_state_what_is_shown_and_the_link(client, org, admin_user, portal):
    client.force_login(admin_user)
    text = _page(client, org, portal.document).content.decode()
    section = text.split('id="publication"')[1].split("</section>")[0]
    assert f"{SWITCH}:</strong> ja" in section
    number = portal.document.adopted_version.number
    assert f"Den antagna versionen (version {number}), aldrig arbetskopian" in section
    assert "1 stängd uppföljning: 2018" in section
    assert "1 stängd remissomgång med sina svar: Remiss av handlingsplanen" in section
    public = reverse("portal:document", kwargs={"org": org.slug, "doc": portal.document.uid})
    assert f'href="{public}"' in section
    action = reverse(
        "portal:document-publication", kwargs={"org": org.slug, "ref": portal.document.uid}
    )
    assert f'action="{action}"' in section
    assert 'name="confirm"' in section and "required" in section
    # The unpublished document: "no", what it would show, no public link.
    hidden = _page(client, org, portal.hidden).content.decode().split('id="publication"')[1]
    assert f"{SWITCH}:</strong> nej" in hidden and "Vad en publicering skulle visa" in hidden
    assert f"/portal/{org.slug}/d/{portal.hidden.uid}/" not in hidden


@pytest.mark.parametrize("role", ["editor", "reader", "strategist"])
def test_other_roles_get_no_form_and_403(client, org, portal, role, request):
    user = request.getfixturevalue(role)
    client.force_login(user)
    text = _page(client, org, portal.document).content.decode()
    assert 'id="publication"' not in text and SWITCH not in text
    assert "document-publication" not in text
    response = _post(client, org, portal.document, published="no", confirm="yes")
    assert response.status_code == 403
    assert Publication.objects.get(document=portal.document).published
    assert _public(client, portal.document).status_code == 200


def test_withdraw_and_publish_from_the_document_page(client, org, admin_user, portal):
    anonymous = client.__class__()
    before = _public(anonymous, portal.document)
    assert before.status_code == 200
    client.force_login(admin_user)

    response = _post(client, org, portal.document, published="no", confirm="yes")
    page = reverse("strategy:document-detail", kwargs={"org": org.slug, "pk": portal.document.pk})
    assert response.status_code == 302 and response["Location"] == page + "#publication"
    assert _public(anonymous, portal.document).status_code == 404
    text = client.get(page).content.decode()
    assert "är inte längre publicerat i portalen" in text
    assert f"{SWITCH}:</strong> nej" in text

    _post(client, org, portal.document, published="yes", confirm="yes")
    again = _public(anonymous, portal.document)
    assert again.status_code == 200
    # The cache validator changed: a revalidation with the old ETag gets the page again.
    stale = anonymous.get(
        reverse("portal:document", kwargs={"org": org.slug, "doc": portal.document.uid}),
        headers={"if-none-match": before["ETag"]},
    )
    assert stale.status_code == 200 and stale["ETag"] != before["ETag"]


def test_the_change_is_in_the_audit_log_in_words(client, org, admin_user, portal):
    admin_user.first_name, admin_user.last_name = "Ada", "Admin"
    admin_user.save()
    client.force_login(admin_user)
    _post(client, org, portal.document, published="no", confirm="yes")
    entry = AuditEntry.objects.filter(event="portal.document_unpublished").get()
    assert entry.actor == admin_user and entry.organisation == org
    section = _page(client, org, portal.document).content.decode().split('id="publication"')[1]
    assert "(dokument avpublicerat från portalen av Ada Admin" in section
    assert "portal.document" not in section


def test_an_unconfirmed_or_invalid_form_changes_nothing(client, org, admin_user, portal):
    client.force_login(admin_user)
    entries = AuditEntry.objects.count()
    response = _post(client, org, portal.document, published="no")
    assert response.status_code == 302
    text = client.get(response["Location"]).content.decode()
    assert "Jag har kontrollerat vad allmänheten kommer att se: Kryssa i rutan" in text
    response = _post(client, org, portal.document, published="kanske", confirm="yes")
    text = client.get(response["Location"]).content.decode()
    assert "Publicerad på den öppna webbplatsen: Välj ja eller nej." in text
    assert Publication.objects.get(document=portal.document).published
    assert AuditEntry.objects.count() == entries
    assert _public(client.__class__(), portal.document).status_code == 200


def test_a_document_without_an_adopted_version_cannot_be_published(client, org, admin_user, portal):
    from malbild.strategy.tests.factories import DocumentFactory

    draft = DocumentFactory(organisation=org, title="Utkast till plan")
    client.force_login(admin_user)
    section = _page(client, org, draft).content.decode().split('id="publication"')[1]
    assert "Endast en fryst antagen version kan publiceras" in section
    assert "<form" not in section.split("</section>")[0]
    response = _post(client, org, draft, published="yes", confirm="yes")
    assert response.status_code == 302
    assert not Publication.objects.filter(document=draft).exists()
    assert "har ingen fryst antagen version" in client.get(response["Location"]).content.decode()


def test_another_organisations_document_is_404(client, org, other_org, admin_user, portal):
    from malbild.strategy.tests.factories import DocumentFactory

    foreign = DocumentFactory(organisation=other_org)
    client.force_login(admin_user)
    url = reverse("portal:document-publication", kwargs={"org": org.slug, "ref": foreign.uid})
    assert client.post(url, {"published": "yes", "confirm": "yes"}).status_code == 404


def _count(client, url) -> int:
    client.get(url)
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_the_document_pages_queries_do_not_grow(client, org, other_org, admin_user):
    small = build_portal(org, admin_user, size=1)
    other_admin = UserFactory()
    membership_set(access=None, user=other_admin, organisation=other_org, role=Role.ADMIN)
    large = build_portal(other_org, other_admin, size=4)
    # More closed periods and rounds to list on the large one.
    for year in (2020, 2021, 2022):
        PeriodFactory(
            document=large.document,
            organisation=other_org,
            label=str(year),
            start=datetime.date(year, 1, 1),
            end=datetime.date(year, 12, 31),
            deadline=datetime.date(year + 1, 1, 31),
            status="closed",
            snapshot={"format": 2},
        )
        RoundFactory(
            version=large.document.adopted_version,
            document=large.document,
            organisation=other_org,
            title=f"Remiss {year}",
            status="closed",
            sent_on=datetime.date(year, 3, 1),
        )
    client.force_login(admin_user)
    n_small = _count(
        client,
        reverse("strategy:document-detail", kwargs={"org": org.slug, "pk": small.document.pk}),
    )
    client.force_login(other_admin)
    n_large = _count(
        client,
        reverse(
            "strategy:document-detail", kwargs={"org": other_org.slug, "pk": large.document.pk}
        ),
    )
    assert n_small == n_large, (n_small, n_large)
    text = client.get(
        reverse("strategy:document-detail", kwargs={"org": other_org.slug, "pk": large.document.pk})
    ).content.decode()
    assert "4 stängda uppföljningar: 2018, 2020, 2021, 2022" in text
    assert "4 stängda remissomgångar med sina svar" in text
