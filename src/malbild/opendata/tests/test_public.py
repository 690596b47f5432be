"""Open data for the public (docs/adr/0015, addendum): without a login, the index and the
files answer exactly for what the portal publishes — a published document's adopted version
and the closed periods of it, with only approved comments — and 404 for anything else (never
a login redirect); members keep reading every adopted document; a fixed number of queries at
two sizes."""

import json

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from malbild.accounts.constants import Role
from malbild.core.access import access_for
from malbild.core.tests.factories import OrganisationFactory, UserFactory
from malbild.portal import services
from malbild.portal.models import PortalSettings
from malbild.portal.selectors import period_key
from malbild.portal.tests.helpers import SECRET, build_portal


def _url(name: str, org, pk) -> str:
    return reverse(f"opendata:{name}", kwargs={"org": org.slug, "pk": pk})


def test_the_public_reads_exactly_what_the_portal_publishes(db, org, admin_user):
    portal = build_portal(org, admin_user, size=2)
    client = Client()
    index = client.get(reverse("opendata:index", kwargs={"org": org.slug}))
    assert index.status_code == 200
    assert index["Cache-Control"] == "public, max-age=300"
    page = index.content.decode()
    assert portal.document.title in page
    assert SECRET not in page
    assert _url("document-json", org, portal.document.uid) in page
    assert _url("period-csv", org, portal.closed_period.pk) in page
    assert str(portal.open_period.pk) + ".json" not in page

    document = client.get(_url("document-json", org, portal.document.uid))
    assert document.status_code == 200 and document["Cache-Control"] == "public, max-age=300"
    data = json.loads(document.content)
    assert data["document"]["uid"] == str(portal.document.uid)
    assert data["version"]["number"] == portal.document.adopted_version.number
    assert client.get(_url("document-csv", org, portal.document.uid)).status_code == 200

    period = client.get(_url("period-json", org, portal.closed_period.pk))
    assert period.status_code == 200
    text = period.content.decode()
    assert "Godkänd kommentar 0" in text
    assert SECRET not in text  # the unapproved comment is left out, as on the portal
    csv_text = client.get(_url("period-csv", org, portal.closed_period.pk)).content.decode()
    assert "Godkänd kommentar 0" in csv_text and SECRET not in csv_text
    # the portal's address of the period (its dates) works too
    key = period_key(portal.closed_period)
    by_dates = client.get(f"/o/{org.slug}/data/followup/{key}.json")
    assert by_dates.status_code == 200 and by_dates.content == period.content


def test_anything_unpublished_is_404_to_the_public(db, org, admin_user):
    portal = build_portal(org, admin_user, size=1)
    client = Client()
    guesses = [
        _url("document-json", org, portal.hidden.uid),
        _url("document-csv", org, portal.hidden.pk),
        _url("period-json", org, portal.open_period.pk),
        f"/o/{org.slug}/data/followup/{period_key(portal.open_period)}.csv",
        "/o/ingen-sadan/data/",
    ]
    for path in guesses:
        assert client.get(path).status_code == 404, path
    PortalSettings.objects.filter(organisation=org).update(enabled=False)
    for path in [
        reverse("opendata:index", kwargs={"org": org.slug}),
        _url("document-json", org, portal.document.uid),
        _url("period-json", org, portal.closed_period.pk),
    ]:
        assert client.get(path).status_code == 404, path


def test_a_member_still_reads_every_adopted_document(db, org, admin_user, reader, outsider):
    portal = build_portal(org, admin_user, size=1)
    client = Client()
    client.force_login(reader)
    index = client.get(reverse("opendata:index", kwargs={"org": org.slug}))
    assert portal.hidden.title in index.content.decode()
    assert client.get(_url("document-json", org, portal.hidden.uid)).status_code == 200
    assert "private" in client.get(_url("document-json", org, portal.hidden.uid)).get(
        "Cache-Control", "private"
    )
    # a signed-in user without a role in the organisation is the public
    client.force_login(outsider)
    assert client.get(_url("document-json", org, portal.hidden.uid)).status_code == 404
    assert client.get(_url("document-json", org, portal.document.uid)).status_code == 200


def _count(client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200, url
    return len(ctx.captured_queries)


def test_public_query_counts_do_not_grow(db, org, admin_user):
    other = OrganisationFactory(slug="kristianstad", name="Kristianstad kommun")
    other_admin = UserFactory(username="admin2", role=Role.ADMIN, organisation=other)
    counts = []
    for organisation, admin, size in ((org, admin_user, 1), (other, other_admin, 4)):
        portal = build_portal(organisation, admin, size=size)
        client = Client()
        counts.append(
            [
                _count(client, reverse("opendata:index", kwargs={"org": organisation.slug})),
                _count(client, _url("document-json", organisation, portal.document.uid)),
                _count(client, _url("period-csv", organisation, portal.closed_period.pk)),
            ]
        )
    assert counts[0] == counts[1]


def test_public_answers_are_conditional_and_follow_publication(db, org, admin_user):
    portal = build_portal(org, admin_user, size=1)
    client = Client()
    url = _url("document-json", org, portal.document.uid)
    first = client.get(url)
    assert first["ETag"] and first["Last-Modified"]
    again = client.get(url, headers={"if-none-match": first["ETag"]})
    assert again.status_code == 304
    services.document_publication_set(
        access=access_for(admin_user, org), document=portal.document, published=False
    )
    assert client.get(url, headers={"if-none-match": first["ETag"]}).status_code == 404
