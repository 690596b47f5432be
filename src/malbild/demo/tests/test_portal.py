"""The portal demo: Alingsås publishes its adopted action plan — with the closed 2018 and
2019 follow-ups and the closed 2018 remiss, not the open 2020 period — and Kristianstad its
agenda, frozen as the version in force; both portals are on; a second run changes nothing."""

import io

import pytest
from django.test import Client

from malbild.core.models import AuditEntry
from malbild.demo import alingsas, kristianstad, loader
from malbild.demo import consultation as demo_consultation
from malbild.demo import followup as demo_followup
from malbild.demo import portal as demo_portal
from malbild.organisation.models import Organisation
from malbild.portal import selectors
from malbild.strategy.snapshot import upgrade


@pytest.fixture
def demo_orgs(db):
    for data in loader.ORGANISATIONS:
        loader.load_organisation(data, stdout=io.StringIO())
    demo_consultation.load(stdout=io.StringIO())
    demo_followup.load(stdout=io.StringIO())


def test_demo_publishes_and_is_idempotent(demo_orgs):
    assert demo_portal.load(stdout=io.StringIO())
    alingsas_org = Organisation.objects.get(slug="alingsas")
    [plan] = selectors.published_documents(organisation=alingsas_org)
    assert plan.title == alingsas.PLAN_TITLE
    periods = selectors.closed_periods(documents=[plan])[plan.pk]
    assert [p.period.label for p in periods] == ["2018", "2019"]
    rounds = selectors.closed_rounds(document=plan)
    assert [r["round"].sent_on.year for r in rounds] == [2018]
    [agenda] = selectors.published_documents(
        organisation=Organisation.objects.get(slug="kristianstad")
    )
    assert agenda.title == kristianstad.TITLE and agenda.public_version is not None
    assert [o.slug for o in selectors.portal_organisations()] == ["alingsas", "kristianstad"]

    entries = AuditEntry.objects.count()
    assert not demo_portal.load(stdout=io.StringIO())
    assert AuditEntry.objects.count() == entries

    client = Client()
    assert client.get("/portal/alingsas/").status_code == 200
    assert client.get(f"/portal/kristianstad/d/{agenda.uid}/").status_code == 200


def test_the_demo_shows_kolada_on_the_public_indicator_pages(demo_orgs):
    """The recorded Kolada values reach the public page of each demo's broadband indicator:
    the organisation beside its peers and Riket, as a chart with its table."""
    from malbild.demo import kolada as demo_kolada

    demo_kolada.load(stdout=io.StringIO())
    demo_portal.load(stdout=io.StringIO())
    client = Client()
    for slug, peers in (("alingsas", ["Lerum", "Borås"]), ("kristianstad", [])):
        org = Organisation.objects.get(slug=slug)
        [document] = selectors.published_documents(organisation=org)
        [uid] = [
            item["uid"]
            for item in upgrade(document.public_version.snapshot)["items"]
            if item["type"] == "indicator" and item["fields"].get("kolada_kpi") == "N07900"
        ]
        text = client.get(f"/portal/{slug}/d/{document.uid}/indicators/{uid}/").content.decode()
        section = text.split('id="kolada-title"')[1].split("</section>")[0]
        assert "<svg" in section and "<table" in section, slug
        header = section.split("</thead>")[0]
        for name in [org.name, *peers, "Riket"]:
            assert f">{name}<" in header, (slug, name)


def test_the_demo_remiss_offers_the_committees_minute_excerpt(demo_orgs):
    """The 2018 remiss on Alingsås' portal lists the culture and leisure committee's minute
    excerpt, attached to its response, and it downloads as a Word document by its name."""
    import re

    demo_portal.load(stdout=io.StringIO())
    org = Organisation.objects.get(slug="alingsas")
    [plan] = selectors.published_documents(organisation=org)
    [entry] = selectors.closed_rounds(document=plan)
    client = Client()
    page = client.get(f"/portal/alingsas/d/{plan.uid}/consultations/{entry['key']}/")
    text = page.content.decode()
    [href] = re.findall(r'href="([^"]+/files/[0-9a-f]+/)"', text)
    assert "Protokollsutdrag KFN 2018-03-19 § 14.docx" in text
    response = client.get(href)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert (
        "filename*=utf-8''Protokollsutdrag%20KFN%202018-03-19%20%C2%A7%2014.docx"
        in (response["Content-Disposition"])
    )
    assert b"".join(response.streaming_content)[:2] == b"PK"
