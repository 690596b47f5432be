"""Revisions of adopted documents (docs/adr/0009): the first change of an adopted document or
its items keeps the adopted content as `adopted_version` (the adoption decision's version,
else frozen just before the change) and moves it to "under revision"; a change that changes
nothing, or is rejected, starts nothing; the page says which version the council adopted
(decision reference), how many items changed and links to the comparison and to the version
in force (marked "Gällande"); adopting again puts a new version in force; the API exposes
`under_revision` and `adopted_version`; the page lists the cases that led to the document."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from malbild.api.tests.helpers import ApiClient
from malbild.cases.tests.factories import CaseDecisionFactory, CaseFactory, MotionFactory
from malbild.core.tests.factories import BodyFactory
from malbild.strategy import services
from malbild.strategy.models import DocumentVersion, Section, SteeringDocument
from malbild.strategy.tests.factories import DecisionFactory, DocumentFactory, SectionFactory


@pytest.fixture
def kf(org):
    return BodyFactory(organisation=org, name="Kommunfullmäktige", short_name="KF")


@pytest.fixture
def adopted(org, strategist, access_of):
    """An adopted vision with one section, adopted without a frozen version."""
    doc = DocumentFactory(organisation=org, kind="vision", title="Digital målbild")
    SectionFactory(document=doc, heading="Bakgrund", body="Text")
    return services.document_transition(
        access=access_of(strategist), document=doc, status="adopted"
    )


def test_first_edit_freezes_the_adopted_content_and_starts_a_revision(
    adopted, strategist, access_of
):
    access = access_of(strategist)
    assert adopted.adopted_version is None and not adopted.versions.exists()
    doc = services.document_update(
        access=access, document=adopted, data={"title": "Digital målbild 2.0"}
    )
    assert doc.status == "revision"
    stored = SteeringDocument.objects.get(pk=adopted.pk)
    assert stored.status == "revision" and stored.lock_version == doc.lock_version
    version = stored.adopted_version
    assert version.number == 1 and version.status_at_freeze == "adopted"
    assert version.snapshot["document"]["fields"]["title"] == "Digital målbild"  # before the edit
    assert stored.title == "Digital målbild 2.0"
    # further edits keep the same adopted version
    section = Section.objects.get(document=stored)
    services.item_update(access=access, instance=section, data={"heading": "Ny rubrik"})
    stored.refresh_from_db()
    assert stored.adopted_version == version and stored.versions.count() == 1


def test_item_edit_uses_the_adoption_decisions_version(org, strategist, access_of, kf):
    access = access_of(strategist)
    doc = DocumentFactory(organisation=org, kind="vision")
    frozen = services.version_freeze(access=access, document=doc, label="Till KF")
    DecisionFactory(body=kf, kind="adoption", document=doc, version=frozen)
    doc = services.document_transition(access=access, document=doc, status="adopted")
    assert doc.adopted_version == frozen
    services.section_create(access=access, document=doc, data={"heading": "Nytt", "body": ""})
    doc.refresh_from_db()
    assert doc.status == "revision" and doc.adopted_version == frozen
    assert doc.versions.count() == 1  # nothing new frozen: the decided version is in force


def test_no_change_or_a_rejected_change_starts_nothing(adopted, strategist, access_of):
    access = access_of(strategist)
    services.document_update(access=access, document=adopted, data={"title": adopted.title})
    with pytest.raises(ValidationError):
        services.document_update(
            access=access, document=adopted, data={"period_start": 2020, "period_end": 2019}
        )
    stored = SteeringDocument.objects.get(pk=adopted.pk)
    assert stored.status == "adopted" and not DocumentVersion.objects.exists()


def test_readopting_puts_a_new_version_in_force(adopted, strategist, access_of):
    access = access_of(strategist)
    doc = services.document_update(access=access, document=adopted, data={"summary": "Nytt"})
    assert doc.adopted_version.number == 1
    doc = services.document_transition(access=access, document=doc, status="adopted")
    assert doc.status == "adopted" and doc.adopted_version.number == 2
    assert doc.adopted_version.snapshot["document"]["fields"]["summary"] == "Nytt"
    # an explicit start of a revision keeps version 2 in force
    doc = services.document_transition(access=access, document=doc, status="revision")
    assert doc.adopted_version.number == 2 and doc.versions.count() == 2


def test_page_says_what_is_in_force_and_what_changed(
    client, reader, strategist, access_of, org, kf
):
    access = access_of(strategist)
    doc = DocumentFactory(organisation=org, kind="vision", title="Digital målbild")
    SectionFactory(document=doc, heading="Bakgrund")
    frozen = services.version_freeze(access=access, document=doc)
    decision = DecisionFactory(
        body=kf,
        kind="adoption",
        document=doc,
        version=frozen,
        date=datetime.date(2017, 12, 13),
        paragraph="251",
    )
    doc = services.document_transition(access=access, document=doc, status="adopted")
    # the edit through the web form (with its version) starts the revision
    client.force_login(strategist)
    edit = reverse("strategy:document-update", kwargs={"org": org.slug, "pk": doc.pk})
    response = client.post(
        edit,
        {"kind": "vision", "title": "Digital målbild", "summary": "Reviderad", "lock_version": 2},
    )
    assert response.status_code == 302, response.content.decode()
    services.section_create(access=access, document=doc, data={"heading": "Nytt", "body": ""})
    client.force_login(reader)
    page = client.get(reverse("strategy:document-detail", kwargs={"org": org.slug, "pk": doc.pk}))
    html = page.content.decode()
    assert "Under revidering – den antagna versionen gäller" in html
    assert decision.reference in html and "Kommunfullmäktige antog den" in html
    assert "2 poster har ändrats sedan den antagna versionen" in html
    assert "(1 tillagda, 0 borttagna, 0 ändrade, dokumentets egna uppgifter har ändrats)" in html
    assert "dokumentets egna uppgifter har ändrats" in html
    compare = reverse("strategy:version-compare", kwargs={"org": org.slug, "pk": doc.pk})
    assert f"{compare}?a={frozen.number}&amp;b=current" in html
    version_page = reverse(
        "strategy:version-detail", kwargs={"org": org.slug, "pk": doc.pk, "number": frozen.number}
    )
    assert version_page in html
    in_force = client.get(version_page).content.decode()
    assert "Gällande" in in_force and "Bakgrund" in in_force and "Nytt" not in in_force
    result = client.get(f"{compare}?a={frozen.number}&b=current")
    assert result.status_code == 200 and "Nytt" in result.content.decode()


def test_api_exposes_the_revision_state(adopted, strategist, access_of):
    api = ApiClient(strategist)
    path = f"/organisations/{adopted.organisation.slug}/documents/{adopted.uid}"
    body = api.get(path).json()
    assert body["under_revision"] is False and body["adopted_version"] is None
    r = api.patch(path, {"summary": "Ändrad"})
    assert r.status_code == 200
    body = r.json()
    assert body["status"] == "revision" and body["under_revision"] is True
    assert body["adopted_version"] == 1 and r["ETag"] == f'"{body["lock_version"]}"'
    listed = api.get(f"/organisations/{adopted.organisation.slug}/documents").json()["items"]
    assert listed[0]["adopted_version"] == 1
    assert "adopted" in body["next_statuses"]


def test_page_shows_the_case_history(client, reader, org, kf):
    doc = DocumentFactory(organisation=org, kind="vision", title="Digital målbild")
    case = CaseFactory(organisation=org, registry_number="2017/137-109", title="Motion om strategi")
    case.documents.add(doc)
    MotionFactory(case=case, author="Harald Hjalmarsson", party="M")
    CaseDecisionFactory(case=case, decision__body=kf, outcome="approved")
    client.force_login(reader)
    html = client.get(
        reverse("strategy:document-detail", kwargs={"org": org.slug, "pk": doc.pk})
    ).content.decode()
    assert "Ärendehistorik" in html and "Motion om strategi" in html
    assert "Dnr 2017/137-109" in html and "Harald Hjalmarsson (M)" in html and "Bifall" in html
    assert reverse("cases:case-detail", kwargs={"org": org.slug, "pk": case.pk}) in html
