"""Decision pages: the list and a decision's page with its history; strategists record, edit
and delete decisions (body, kind, date, §, Dnr, text, document, version, distribution list);
invalid input is shown next to the field and changes nothing; readers get 403 on writes and
other organisations 404."""

import datetime

import pytest
from django.urls import reverse

from malbild.core.models import AuditEntry
from malbild.core.tests.factories import BodyFactory
from malbild.strategy import services
from malbild.strategy.models import Decision
from malbild.strategy.tests.factories import DecisionFactory, DocumentFactory


def login(client, user):
    # Reload so the session hash matches the stored password (the factory sets it after save).
    user.refresh_from_db()
    client.force_login(user)


def url(name, org, **kwargs):
    return reverse(f"strategy:{name}", kwargs={"org": org.slug, **kwargs})


@pytest.fixture
def ks(org):
    return BodyFactory(
        organisation=org, name="Kommunstyrelsen", short_name="KS", kind="executive_board"
    )


@pytest.fixture
def plan(org):
    return DocumentFactory(organisation=org, title="Digital målbild – öppen och smart")


def decision_data(ks, plan, **extra):
    return {
        "body": ks.pk,
        "kind": "approval",
        "date": "2018-09-26",
        "paragraph": "§ 164",
        "registry_number": "2017.676 KS",
        "title": "Handlingsplan för digital målbild",
        "text": "Kommunstyrelsen godkänner handlingsplanen.",
        "document": plan.pk,
        **extra,
    }


def test_strategist_records_decision_with_version_and_distribution(
    client, strategist, org, ks, plan, body, other_body, access_of
):
    version = services.version_freeze(access=access_of(strategist), document=plan)
    login(client, strategist)
    form_page = client.get(url("decision-create", org), {"document": plan.pk})
    assert form_page.context["form"].initial["document"] == plan.pk
    by_uid = client.get(url("decision-create", org), {"document": str(plan.uid)})
    assert by_uid.context["form"].initial["document"] == plan.pk
    resp = client.post(
        url("decision-create", org),
        decision_data(ks, plan, version=version.pk, distribution=[body.pk, other_body.pk]),
    )
    decision = Decision.objects.get()
    assert resp.status_code == 302
    assert resp["Location"] == url("decision-detail", org, pk=decision.pk)
    assert decision.reference == "KS 2018-09-26 § 164"
    assert decision.version == version
    assert set(decision.distribution.all()) == {body, other_body}
    assert AuditEntry.objects.filter(action="create", model="strategy.decision").count() == 1
    detail = client.get(url("decision-detail", org, pk=decision.pk))
    html = detail.content.decode()
    assert "KS 2018-09-26 § 164" in html and "Miljöskyddsnämnden" in html
    assert [e.action for e in detail.context["history"]] == ["create"]
    doc_page = client.get(url("document-detail", org, pk=plan.pk))
    assert list(doc_page.context["decisions"]) == [decision]


def test_invalid_decision_shows_field_errors_and_changes_nothing(
    client, strategist, org, ks, plan, access_of
):
    other_doc = DocumentFactory(organisation=org)
    other_version = services.version_freeze(access=access_of(strategist), document=other_doc)
    login(client, strategist)
    audits = AuditEntry.objects.count()
    resp = client.post(url("decision-create", org), decision_data(ks, plan, date="", title=""))
    assert resp.status_code == 200
    assert {"date", "title"} <= set(resp.context["form"].errors)
    resp = client.post(
        url("decision-create", org), decision_data(ks, plan, version=other_version.pk)
    )
    assert resp.status_code == 200
    assert "version" in resp.context["form"].errors
    assert 'id="id_version_error"' in resp.content.decode()
    assert not Decision.objects.exists()
    assert AuditEntry.objects.count() == audits


def test_strategist_edits_and_deletes_decision(client, strategist, org, ks, plan):
    decision = DecisionFactory(body=ks, document=plan, date=datetime.date(2018, 2, 5), title="A")
    login(client, strategist)
    resp = client.post(
        url("decision-update", org, pk=decision.pk),
        decision_data(ks, plan, title="Remiss av digital målbild", kind="consultation"),
    )
    assert resp.status_code == 302
    decision.refresh_from_db()
    assert (decision.title, decision.kind) == ("Remiss av digital målbild", "consultation")
    entry = AuditEntry.objects.get(action="update", model="strategy.decision")
    assert entry.changes["title"] == ["A", "Remiss av digital målbild"]
    assert client.get(url("decision-delete", org, pk=decision.pk)).status_code == 200
    resp = client.post(url("decision-delete", org, pk=decision.pk))
    assert resp.status_code == 302
    assert not Decision.objects.exists()


def test_reader_sees_decisions_without_controls_and_gets_403(client, reader, org, ks, plan):
    decision = DecisionFactory(body=ks, document=plan)
    login(client, reader)
    listing = client.get(url("decision-list", org))
    assert list(listing.context["decisions"]) == [decision]
    assert url("decision-create", org) not in listing.content.decode()
    detail = client.get(url("decision-detail", org, pk=decision.pk)).content.decode()
    assert url("decision-update", org, pk=decision.pk) not in detail
    audits = AuditEntry.objects.count()
    assert client.get(url("decision-create", org)).status_code == 403
    assert client.post(url("decision-create", org), decision_data(ks, plan)).status_code == 403
    assert (
        client.post(url("decision-update", org, pk=decision.pk), decision_data(ks, plan))
    ).status_code == 403
    assert client.post(url("decision-delete", org, pk=decision.pk)).status_code == 403
    assert Decision.objects.count() == 1
    assert AuditEntry.objects.count() == audits


def test_decisions_of_other_organisation_are_404(client, strategist, outsider, org, other_org):
    foreign = DecisionFactory(body=BodyFactory(organisation=other_org))
    login(client, strategist)
    assert client.get(url("decision-detail", org, pk=foreign.pk)).status_code == 404
    assert client.post(url("decision-delete", org, pk=foreign.pk)).status_code == 404
    assert Decision.objects.filter(pk=foreign.pk).exists()
    login(client, outsider)
    assert client.get(url("decision-list", org)).status_code == 404


def test_decision_choices_are_scoped_to_the_organisation(
    client, strategist, org, other_org, ks, plan
):
    foreign_body = BodyFactory(organisation=other_org)
    login(client, strategist)
    resp = client.post(
        url("decision-create", org), decision_data(ks, plan, distribution=[foreign_body.pk])
    )
    assert resp.status_code == 200
    assert "distribution" in resp.context["form"].errors
    assert not Decision.objects.exists()
