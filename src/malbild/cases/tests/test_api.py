"""API of cases: CRUD of cases and of each kind of event with typed schemas, the detail with
its timeline, the transition, permissions (reader 403, other organisation 404), ETag and
If-Match (stale → 409, nothing changed), 422 on the field, and a constant number of queries
for the list and the detail at two data sizes."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from malbild.api.tests.helpers import ApiClient
from malbild.cases.models import Case, CaseDecision, Motion
from malbild.cases.tests.factories import (
    AssignmentFactory,
    CaseDecisionFactory,
    CaseFactory,
    MotionFactory,
    ProposalFactory,
)
from malbild.core.tests.factories import BodyFactory
from malbild.strategy.tests.factories import DecisionFactory, DocumentFactory

ORG = "/organisations/alingsas"


@pytest.fixture
def bodies(org):
    return (
        BodyFactory(organisation=org, name="Kommunstyrelsen", short_name="KS"),
        BodyFactory(organisation=org, name="Kommunfullmäktige", short_name="KF"),
    )


def test_crud_of_a_case_and_its_events(strategist, org, bodies):
    ks, kf = bodies
    api = ApiClient(strategist)
    document = DocumentFactory(organisation=org)
    r = api.post(
        f"{ORG}/cases",
        {"registry_number": "2017/137-109", "title": "Motion", "documents": [document.pk]},
    )
    assert r.status_code == 201, r.content
    case = r.json()
    assert case["status"] == "open" and case["documents"] == [document.pk]
    assert case["next_statuses"] == ["decided", "closed"] and r["ETag"] == '"1"'
    ref = case["uid"]
    r = api.post(
        f"{ORG}/cases/{ref}/motions",
        {
            "title": "Strategi",
            "author": "Harald Hjalmarsson",
            "party": "M",
            "date": "2017-04-10",
            "request": "Att ta fram en strategi.",
        },
    )
    assert r.status_code == 201, r.content
    motion = r.json()
    r = api.post(
        f"{ORG}/cases/{ref}/proposals",
        {
            "date": "2017-10-16",
            "from_body": ks.pk,
            "to_body": kf.pk,
            "paragraph": "332",
            "proposed_outcome": "approved",
            "text": "Att bifalla motionen.",
        },
    )
    assert r.status_code == 201 and r.json()["proposed_outcome_display"] == "Approved"
    decision = DecisionFactory(body=kf, date=datetime.date(2017, 11, 27), document=document)
    r = api.post(f"{ORG}/cases/{ref}/decisions", {"decision": decision.pk, "outcome": "approved"})
    assert r.status_code == 201, r.content
    link = r.json()
    assert link["decision_reference"] == decision.reference and link["document"] == document.pk
    r = api.post(
        f"{ORG}/cases/{ref}/assignments",
        {
            "date": "2017-11-27",
            "decision": decision.pk,
            "assigned_to": ks.pk,
            "description": "Ta fram en strategi.",
        },
    )
    assert r.status_code == 201 and r.json()["status"] == "given"
    detail = api.get(f"{ORG}/cases/{ref}").json()
    assert [e["kind"] for e in detail["timeline"]] == [
        "motion",
        "proposal",
        "assignment",
        "decision",
    ]
    assert detail["timeline"][0]["kind_display"] == "Motion"
    assert len(detail["motions"]) == len(detail["decisions"]) == 1
    # change, with and without If-Match
    r = api.patch(f"{ORG}/motions/{motion['id']}", {"party": "S"})
    assert r.status_code == 200 and r.json()["party"] == "S" and r["ETag"] == '"2"'
    api.headers["If-Match"] = '"1"'
    assert api.patch(f"{ORG}/motions/{motion['id']}", {"party": "C"}).status_code == 409
    assert Motion.objects.get().party == "S"
    del api.headers["If-Match"]
    r = api.patch(f"{ORG}/case-decisions/{link['id']}", {"outcome": "answered"})
    assert r.status_code == 200 and r.json()["outcome_display"] == "Answered"
    r = api.post(f"{ORG}/cases/{ref}/transition", {"status": "decided"})
    assert r.status_code == 200 and r.json()["status"] == "decided"
    r = api.patch(f"{ORG}/cases/{ref}", {"documents": {"remove": [document.pk]}})
    assert r.status_code == 200 and r.json()["documents"] == []
    # delete
    assert api.delete(f"{ORG}/motions/{motion['id']}").status_code == 204
    assert api.delete(f"{ORG}/case-decisions/{link['id']}").status_code == 204
    assert api.delete(f"{ORG}/cases/{ref}").status_code == 204
    assert not Case.objects.exists() and not CaseDecision.objects.exists()


def test_validation_is_422_on_the_field(strategist, org, bodies):
    api = ApiClient(strategist)
    case = CaseFactory(organisation=org, registry_number="A 1")
    r = api.post(f"{ORG}/cases", {"registry_number": "a 1", "title": "x"})
    assert r.status_code == 422
    assert r.json()["detail"][0]["loc"] == ["body", "registry_number"]
    r = api.post(
        f"{ORG}/cases/{case.pk}/proposals",
        {
            "date": "2017-10-16",
            "from_body": bodies[0].pk,
            "to_body": bodies[0].pk,
            "proposed_outcome": "approved",
            "text": "x",
        },
    )
    assert r.status_code == 422 and r.json()["detail"][0]["loc"] == ["body", "to_body"]
    r = api.post(f"{ORG}/cases/{case.pk}/transition", {"status": "nonsense"})
    assert r.status_code == 422


def test_reader_reads_but_may_not_write_and_other_orgs_are_404(reader, org, other_org):
    case = CaseFactory(organisation=org)
    motion = MotionFactory(case=case)
    foreign = CaseFactory(organisation=other_org)
    foreign_motion = MotionFactory(case=foreign)
    api = ApiClient(reader)
    assert api.get(f"{ORG}/cases").json()["count"] == 1
    assert api.get(f"{ORG}/cases/{case.uid}").status_code == 200
    assert api.get(f"{ORG}/cases/{case.pk}/motions").json()["count"] == 1
    assert api.post(f"{ORG}/cases", {"registry_number": "1", "title": "x"}).status_code == 403
    assert api.patch(f"{ORG}/motions/{motion.pk}", {"party": "S"}).status_code == 403
    assert api.delete(f"{ORG}/cases/{case.pk}").status_code == 403
    assert api.get(f"{ORG}/cases/{foreign.uid}").status_code == 404
    assert api.get(f"{ORG}/motions/{foreign_motion.pk}").status_code == 404
    assert api.get(f"{ORG}/cases/garbage").status_code == 404


def _grow(org, n):
    for _ in range(n):
        case = CaseFactory(organisation=org)
        case.documents.add(DocumentFactory(organisation=org))
        MotionFactory(case=case)
        AssignmentFactory(case=case)
        ProposalFactory(case=case)
        CaseDecisionFactory(case=case)


def _count(api, path):
    with CaptureQueriesContext(connection) as ctx:
        assert api.get(path).status_code == 200
    return len(ctx.captured_queries)


def test_queries_do_not_grow(strategist, org):
    api = ApiClient(strategist)
    api.get(f"{ORG}/cases")  # the token's first use is recorded once
    _grow(org, 1)
    case = Case.objects.first()
    small = (_count(api, f"{ORG}/cases"), _count(api, f"{ORG}/cases/{case.uid}"))
    _grow(org, 5)
    for _ in range(3):
        MotionFactory(case=case)
        CaseDecisionFactory(case=case)
    assert (_count(api, f"{ORG}/cases"), _count(api, f"{ORG}/cases/{case.uid}")) == small
