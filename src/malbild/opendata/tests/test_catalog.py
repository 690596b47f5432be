"""The DCAT-AP-SE catalogue /o/<org>/data/catalog.jsonld: valid JSON-LD with the properties
DCAT-AP-SE requires, one dataset per published document and closed period of one (nothing
unpublished), every distribution answering 200 without a login, 404 while the portal is off,
and a fixed number of queries at two sizes."""

import datetime
import json
from urllib.parse import urlsplit

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from malbild.accounts.constants import Role
from malbild.consultation.tests.factories import VersionFactory
from malbild.core.access import access_for
from malbild.core.tests.factories import OrganisationFactory, UserFactory
from malbild.followup.services import period_close
from malbild.followup.tests.factories import PeriodFactory
from malbild.opendata.catalog import LICENCE_URI
from malbild.portal import services
from malbild.portal.models import PortalSettings
from malbild.portal.tests.helpers import SECRET, build_portal
from malbild.strategy.models import SteeringDocument
from malbild.strategy.tests.factories import DocumentFactory

BASE = "https://malbild.example"  # MALBILD_BASE_URL of the test settings


def _catalog(client, org):
    return client.get(reverse("opendata:catalog", kwargs={"org": org.slug}))


def test_the_catalogue_lists_what_is_published_with_dcat_ap_se_properties(db, org, admin_user):
    portal = build_portal(org, admin_user, size=2)
    client = Client()
    response = _catalog(client, org)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/ld+json")
    assert response["Cache-Control"] == "public, max-age=300"
    data = json.loads(response.content)
    assert data["@context"]["dcat"] == "http://www.w3.org/ns/dcat#"
    assert data["@type"] == "dcat:Catalog"
    for key in ("dct:title", "dct:description", "dct:publisher", "dct:license", "dct:language"):
        assert data[key], key
    assert data["dct:publisher"]["foaf:name"] == org.name
    assert data["dct:title"] == {"@value": f"Öppna data från {org.name}", "@language": "sv"}
    assert data["dcat:dataset"][1]["dct:title"]["@value"].startswith("Uppföljning ")
    assert data["dct:license"] == {"@id": LICENCE_URI}
    datasets = data["dcat:dataset"]
    titles = [d["dct:title"]["@value"] for d in datasets]
    assert titles[0] == portal.document.title
    assert len(datasets) == 2  # the published document and its one closed period
    assert "2018" in titles[1]
    assert SECRET not in response.content.decode()
    assert str(portal.hidden.uid) not in response.content.decode()
    urls = []
    for dataset in datasets:
        assert dataset["@type"] == "dcat:Dataset"
        for key in ("dct:title", "dct:description", "dct:publisher", "dct:issued", "dct:modified"):
            assert dataset[key], key
        formats = set()
        for dist in dataset["dcat:distribution"]:
            assert dist["@type"] == "dcat:Distribution"
            assert dist["dct:license"] == {"@id": LICENCE_URI}
            assert dist["dcat:accessURL"]["@id"] == dist["dcat:downloadURL"]["@id"]
            assert dist["dcat:mediaType"]["@id"].startswith("https://www.iana.org/")
            formats.add(dist["dct:format"]["@id"].rsplit("/", 1)[1])
            urls.append(dist["dcat:downloadURL"]["@id"])
        assert formats == {"JSON", "CSV"}
        urls.append(dataset["dcat:landingPage"]["@id"])
    anonymous = Client()
    for url in urls:
        assert url.startswith(BASE + "/"), url
        assert anonymous.get(urlsplit(url).path).status_code == 200, url


def test_the_catalogue_is_404_while_the_portal_is_off(db, org, admin_user):
    build_portal(org, admin_user, size=1, enabled=False)
    assert _catalog(Client(), org).status_code == 404
    PortalSettings.objects.filter(organisation=org).update(enabled=True)
    assert _catalog(Client(), org).status_code == 200


def _count(client, org) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert _catalog(client, org).status_code == 200
    return len(ctx.captured_queries)


def _more_published(org, admin_user, n: int) -> None:
    """`n` more published documents, each adopted with a closed follow-up period."""
    admin = access_for(admin_user, org)
    for i in range(n):
        document = DocumentFactory(organisation=org, title=f"Plan {i}")
        version = VersionFactory(document=document, organisation=org, status_at_freeze="adopted")
        SteeringDocument.objects.filter(pk=document.pk).update(
            status="adopted", adopted_version=version
        )
        period = PeriodFactory(
            document=document,
            organisation=org,
            start=datetime.date(2019, 1, 1),
            end=datetime.date(2019, 12, 31),
            deadline=datetime.date(2020, 1, 31),
        )
        period_close(access=admin, period=period)
        services.document_publication_set(access=admin, document=document, published=True)


def test_catalogue_query_count_does_not_grow(db, org, admin_user):
    other = OrganisationFactory(slug="kristianstad", name="Kristianstad kommun")
    other_admin = UserFactory(username="admin2", role=Role.ADMIN, organisation=other)
    build_portal(org, admin_user, size=1)
    build_portal(other, other_admin, size=4)
    _more_published(other, other_admin, 3)
    small, large = Client(), Client()
    assert len(json.loads(_catalog(large, other).content)["dcat:dataset"]) == 8
    assert _count(small, org) == _count(large, other)
