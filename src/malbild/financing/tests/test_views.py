"""The pages and files of cost allocation and shared projects: Swedish, no ids, forms that
name the field and change nothing when refused, readers 403 on forms, the XLSX and PDF
through the documents pipeline with the same figures, and a fixed number of queries on every
page (the overview, a rule, the shared projects, the activity page, the municipality-wide
page) and on the API's overview, at two data sizes."""

import io
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from malbild.accounts.constants import Role
from malbild.actionplan.tests.factories import ActivityFactory, BudgetLineFactory
from malbild.api.tests.helpers import ApiClient
from malbild.core.tests.factories import BodyFactory, UserFactory
from malbild.financing.constants import AllocationRule, ParticipantStatus
from malbild.financing.models import CostAllocation, FixedShare
from malbild.financing.tests.factories import (
    AllocationFactory,
    DeviceCountFactory,
    FixedShareFactory,
    ParticipantFactory,
    ProjectFactory,
)
from malbild.notifications.models import OutboxMessage

D = Decimal


def _url(name, org="alingsas", **kw):
    return reverse(name, kwargs={"org": org, **kw})


def _grow(org, other_org, n):
    """n rules of each kind with their shares and devices, n activities with a rule, and n
    shared projects with two external parties and the other organisation accepted."""
    for i in range(n):
        a, b = BodyFactory(organisation=org), BodyFactory(organisation=org)
        rule = AllocationFactory(organisation=org)
        FixedShareFactory(allocation=rule, body=a, percent=60)
        FixedShareFactory(allocation=rule, body=b, percent=40)
        devices = DeviceCountFactory(allocation__organisation=org, body=a).allocation
        DeviceCountFactory(allocation=devices, body=b, devices=7)
        activity = ActivityFactory(document__organisation=org, responsible_body=a)
        BudgetLineFactory(activity=activity, year=2026, amount=D(1000 + i))
        on_activity = AllocationFactory(
            organisation=org, activity=activity, annual_amount=None, start_year=None, end_year=None
        )
        FixedShareFactory(allocation=on_activity, body=a, percent=100)
        project = ProjectFactory(organisation=org, activity=activity)
        ParticipantFactory(project=project)
        ParticipantFactory(project=project)
        ParticipantFactory(
            project=project, member=other_org, name="", population=None, status="accepted"
        )
        incoming = ProjectFactory(organisation=other_org)
        ParticipantFactory(
            project=incoming, member=org, name="", population=None, status="accepted"
        )
    return activity


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


def test_every_page_runs_a_fixed_number_of_queries(client, org, other_org, strategist):
    client.force_login(strategist)
    activity = _grow(org, other_org, 1)
    pages = lambda act: [  # noqa: E731
        _url("financing:allocation-overview"),
        _url("financing:allocation-detail", pk=CostAllocation.objects.for_org(org).first().uid),
        _url("financing:shared-project-list"),
        _url("financing:shared-project-detail", pk=act.shared_projects.get().uid),
        _url("actionplan:activity-detail", pk=act.uid),
        _url("followup:concern"),
    ]
    client.get(pages(activity)[0])  # session and caches warmed
    small = [_count(client, url) for url in pages(activity)]
    activity = _grow(org, other_org, 4)
    large = [_count(client, url) for url in pages(activity)]
    assert large == small


def test_api_overview_fixed_queries_and_sums(org, other_org, strategist):
    api = ApiClient(strategist)
    _grow(org, other_org, 1)
    api.get("/organisations/alingsas/cost-allocation")

    def count():
        with CaptureQueriesContext(connection) as ctx:
            r = api.get("/organisations/alingsas/cost-allocation")
        assert r.status_code == 200
        return len(ctx.captured_queries), r.json()

    small, _ = count()
    _grow(org, other_org, 3)
    large, data = count()
    assert large == small
    bodies = data["bodies"]
    assert D(bodies["total"]) == sum(D(r["total"]) for r in bodies["rows"])
    for i, year_total in enumerate(bodies["year_totals"]):
        assert D(year_total) == sum(D(r["amounts"][i]) for r in bodies["rows"])
    for project in data["projects"]:
        split = project["split"]
        assert D(split["total"]) == sum(D(p["total"]) for p in split["parties"])


def test_pages_are_swedish_without_ids(client, org, other_org, reader):
    _grow(org, other_org, 1)
    client.force_login(reader)
    html = client.get(_url("financing:allocation-overview")).content.decode()
    assert "Kostnadsfördelning" in html and "Per organ och år" in html
    assert "Efter fasta andelar" in html and "Per dator" in html
    for code in ("fixed", "device", "accepted", "external", "None"):
        assert f">{code}<" not in html
    rule = CostAllocation.objects.for_org(org).first()
    assert str(rule.uid) not in html.replace(f"/cost-allocation/{rule.uid}/", "")


def test_readers_may_not_use_the_forms(client, org, reader):
    rule = AllocationFactory(organisation=org)
    client.force_login(reader)
    assert client.get(_url("financing:allocation-create")).status_code == 403
    assert client.get(_url("financing:allocation-update", pk=rule.uid)).status_code == 403
    assert client.post(_url("financing:allocation-share-set", pk=rule.uid), {}).status_code == 403
    assert client.get(_url("financing:shared-project-create")).status_code == 403


def test_create_rule_and_shares_by_form(client, org, body, other_body, strategist):
    client.force_login(strategist)
    bad = client.post(
        _url("financing:allocation-create"),
        {"title": "IT-rådet", "rule": "fixed", "start_year": 2026, "end_year": 2026},
    )
    assert bad.status_code == 200 and "En gemensam kostnad behöver sitt belopp per år." in (
        bad.content.decode()
    )
    assert not CostAllocation.objects.for_org(org).exists()
    r = client.post(
        _url("financing:allocation-create"),
        {
            "title": "IT-rådet",
            "rule": AllocationRule.FIXED,
            "annual_amount": "90000",
            "start_year": 2026,
            "end_year": 2026,
        },
    )
    rule = CostAllocation.objects.for_org(org).get()
    assert r.status_code == 302
    share_url = _url("financing:allocation-share-set", pk=rule.uid)
    client.post(share_url, {"body": body.pk, "percent": "70"})
    too_much = client.post(share_url, {"body": other_body.pk, "percent": "40"})
    assert too_much.status_code == 400 and "högst 100" in too_much.content.decode()
    assert FixedShare.objects.for_org(org).count() == 1
    client.post(share_url, {"body": other_body.pk, "percent": "30"})
    html = client.get(_url("financing:allocation-detail", pk=rule.uid)).content.decode()
    assert "63\xa0000" in html and "27\xa0000" in html and "90\xa0000" in html


def test_invite_by_form_mails_and_participant_accepts(client, org, other_org, strategist):
    ks = UserFactory(username="ks", role=Role.ADMIN, organisation=other_org)
    project = ProjectFactory(organisation=org, title="Regional samverkan")
    client.force_login(strategist)
    r = client.post(_url("financing:participant-invite", pk=project.uid), {"member": other_org.pk})
    assert r.status_code == 302
    invitation = project.participants.get()
    assert invitation.status == ParticipantStatus.INVITED
    bad = client.post(_url("financing:participant-external", pk=project.uid), {"name": "Vimmerby"})
    assert (
        bad.status_code == 400 and "Folkmängd: Detta fält måste fyllas i." in bad.content.decode()
    )
    assert project.participants.count() == 1
    assert OutboxMessage.objects.filter(recipient=ks, kind="financing.invited").exists()
    client.force_login(ks)
    listing = client.get(_url("financing:shared-project-list", org="kristianstad")).content.decode()
    assert "Regional samverkan" in listing
    client.post(
        _url("financing:invitation-answer", org="kristianstad", pk=invitation.pk), {"accept": "1"}
    )
    invitation.refresh_from_db()
    assert invitation.status == ParticipantStatus.ACCEPTED


def test_activity_page_shows_the_allocation_beside_the_budget(
    client, org, body, other_body, reader
):
    activity = ActivityFactory(document__organisation=org, responsible_body=body)
    BudgetLineFactory(activity=activity, year=2026, amount=D(10_000))
    rule = AllocationFactory(
        organisation=org, activity=activity, annual_amount=None, start_year=None, end_year=None
    )
    FixedShareFactory(allocation=rule, body=body, percent=75)
    FixedShareFactory(allocation=rule, body=other_body, percent=25)
    client.force_login(reader)
    html = client.get(_url("actionplan:activity-detail", pk=activity.uid)).content.decode()
    budget, allocation = html.index('id="budget-heading"'), html.index('id="allocation-heading"')
    assert budget < allocation
    assert "7\xa0500" in html[allocation:] and "2\xa0500" in html[allocation:]


def test_xlsx_and_pdf_through_the_pipeline(client, org, body, other_body, strategist):
    rule = AllocationFactory(organisation=org, title="IT-rådet", annual_amount=1001)
    FixedShareFactory(allocation=rule, body=body, percent=50)
    FixedShareFactory(allocation=rule, body=other_body, percent=50)
    client.force_login(strategist)
    r = client.get(_url("financing:allocation-export", fmt="xlsx"))
    assert r.status_code == 200
    content = b"".join(r.streaming_content) if r.streaming else r.content
    wb = load_workbook(io.BytesIO(content))
    values = [c for ws in wb.worksheets for row in ws.iter_rows(values_only=True) for c in row]
    assert 2002 in values and 1001 in values and 501 in values and 500 in values
    pdf = client.get(_url("financing:allocation-export", fmt="pdf"))
    assert pdf.status_code == 200
    body_bytes = b"".join(pdf.streaming_content) if pdf.streaming else pdf.content
    assert body_bytes.startswith(b"%PDF")
    assert client.get(_url("financing:allocation-export", fmt="docx")).status_code == 404


@pytest.mark.parametrize("who", ["reader", "outsider"])
def test_export_needs_a_role(client, org, who, request):
    user = request.getfixturevalue(who)
    client.force_login(user)
    status = client.get(_url("financing:allocation-export", fmt="xlsx")).status_code
    assert status == (200 if who == "reader" else 404)
