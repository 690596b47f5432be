"""Services of cases: the motion → assignment → proposal → decision → document chain (happy
path, events in date order, the decision's document joins the case), validation with field
messages in Swedish, permissions (readers and editors may not write), tenancy (another
organisation's case, body or decision → 404) and optimistic locking (only changed fields
written, stale edits refused)."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from malbild.cases import selectors, services
from malbild.cases.constants import Outcome
from malbild.cases.models import Assignment, Case, CaseDecision, Motion
from malbild.cases.tests.factories import CaseDecisionFactory, CaseFactory, MotionFactory
from malbild.core.models import AuditEntry
from malbild.core.tests.contracts import assert_stale_refused, assert_writes_only
from malbild.core.tests.factories import BodyFactory
from malbild.strategy.models import Decision
from malbild.strategy.tests.factories import DecisionFactory, DocumentFactory

D = datetime.date


@pytest.fixture
def kf(org):
    return BodyFactory(organisation=org, name="Kommunfullmäktige", short_name="KF")


@pytest.fixture
def ks(org):
    return BodyFactory(organisation=org, name="Kommunstyrelsen", short_name="KS")


def test_the_chain_from_motion_to_document(strategist, access_of, org, kf, ks):
    access = access_of(strategist)
    vision = DocumentFactory(organisation=org, kind="vision", title="Digitaliseringsstrategi")
    case = services.case_create(
        access=access,
        data={"registry_number": "2017/137-109", "title": "Motion om strategi"},
    )
    assert case.status == "open"
    services.motion_create(
        access=access,
        case=case,
        data={
            "title": "Strategi för digitaliseringsarbete",
            "author": "Harald Hjalmarsson",
            "party": "M",
            "date": D(2017, 4, 10),
            "request": "Att kommunstyrelsen ges i uppdrag att ta fram en strategi.",
        },
    )
    services.proposal_create(
        access=access,
        case=case,
        data={
            "date": D(2017, 10, 16),
            "from_body": ks,
            "to_body": kf,
            "paragraph": "332",
            "proposed_outcome": Outcome.APPROVED,
            "text": "Att bifalla motionen.",
        },
    )
    link = services.case_decision_add(
        access=access,
        case=case,
        outcome=Outcome.APPROVED,
        decision_data={
            "body": kf,
            "kind": "other",
            "date": D(2017, 11, 27),
            "paragraph": "",
            "title": "Motion om strategi",
            "text": "",
            "document": vision,
        },
    )
    decision = link.decision
    assert decision.registry_number == "2017/137-109"  # the case's Dnr by default
    services.assignment_create(
        access=access,
        case=case,
        data={
            "date": D(2017, 11, 27),
            "decision": decision,
            "assigned_to": ks,
            "description": "Ta fram ett förslag till digitaliseringsstrategi.",
            "due_date": D(2018, 12, 31),
        },
    )
    case = selectors.case_detail(access=access, ref=case.uid)
    assert list(case.documents.all()) == [vision]  # the decision's document joined the case
    kinds = [(e.date, str(e.kind)) for e in selectors.case_timeline(case)]
    assert kinds == [
        (D(2017, 4, 10), "motion"),
        (D(2017, 10, 16), "proposal"),
        (D(2017, 11, 27), "assignment"),
        (D(2017, 11, 27), "decision"),
    ]
    assert list(vision.cases.all()) == [case]  # strategy reads it by the reverse relation
    history = selectors.case_history(case=case)
    assert {e.event for e in history} >= {"cases.case_created", "cases.motion_created"}
    assert "cases.decision_linked" in {e.event for e in history}


def test_timeline_orders_by_date_then_kind(strategist, access_of, org, ks):
    access = access_of(strategist)
    case = CaseFactory(organisation=org)
    assignment = services.assignment_create(
        access=access,
        case=case,
        data={
            "date": D(2017, 4, 12),
            "assigned_to": ks,
            "description": "Bered",
            "status": "reported",
            "reported_on": D(2017, 10, 3),
            "report": "Skrivelse",
        },
    )
    MotionFactory(case=case, date=D(2017, 4, 10))
    MotionFactory(case=case, date=D(2017, 10, 3))
    entries = selectors.case_timeline(selectors.case_detail(access=access, ref=case.pk))
    assert [(e.date, str(e.kind)) for e in entries] == [
        (D(2017, 4, 10), "motion"),
        (D(2017, 4, 12), "assignment"),
        (D(2017, 10, 3), "motion"),
        (D(2017, 10, 3), "assignment_reported"),
    ]
    assert entries[3].obj == assignment


def test_validation_names_the_field_in_swedish(strategist, access_of, org, ks):
    access = access_of(strategist)
    CaseFactory(organisation=org, registry_number="2017/137-109")
    with pytest.raises(ValidationError) as exc:
        services.case_create(access=access, data={"registry_number": " 2017/137-109", "title": "x"})
    assert exc.value.message_dict["registry_number"] == [
        "Ett annat ärende har redan det här diarienumret."
    ]
    with pytest.raises(ValidationError) as exc:
        services.case_create(access=access, data={"registry_number": "   ", "title": "x"})
    assert exc.value.message_dict["registry_number"] == ["Detta fält får inte vara tomt."]
    case = CaseFactory(organisation=org)
    with pytest.raises(ValidationError) as exc:
        services.assignment_create(
            access=access,
            case=case,
            data={
                "date": D(2018, 1, 1),
                "assigned_to": ks,
                "description": "x",
                "due_date": D(2017, 1, 1),
                "status": "reported",
            },
        )
    errors = exc.value.message_dict
    assert set(errors) == {"due_date", "reported_on"}
    with pytest.raises(ValidationError) as exc:
        services.proposal_create(
            access=access,
            case=case,
            data={
                "date": D(2018, 1, 1),
                "from_body": ks,
                "to_body": ks,
                "proposed_outcome": "approved",
                "text": "x",
            },
        )
    assert exc.value.message_dict["to_body"] == ["Ett organ lämnar inte förslag till sig självt."]
    with pytest.raises(ValidationError) as exc:
        services.case_transition(access=access, case=case, status="nonsense")
    assert "status" in exc.value.message_dict
    assert not Assignment.objects.exists()


def test_a_rejected_new_decision_records_nothing(strategist, access_of, org):
    access = access_of(strategist)
    case = CaseFactory(organisation=org)
    before = AuditEntry.objects.count()
    with pytest.raises(ValidationError):
        services.case_decision_add(
            access=access,
            case=case,
            outcome="nonsense",
            decision_data={
                "body": BodyFactory(organisation=org),
                "date": D(2017, 1, 1),
                "title": "x",
            },
        )
    assert not Decision.objects.exists() and not CaseDecision.objects.exists()
    assert AuditEntry.objects.count() == before


def test_a_decision_belongs_to_one_case(strategist, access_of, org):
    access = access_of(strategist)
    link = CaseDecisionFactory(case=CaseFactory(organisation=org))
    with pytest.raises(ValidationError) as exc:
        services.case_decision_add(
            access=access,
            case=CaseFactory(organisation=org),
            outcome="approved",
            decision=link.decision,
        )
    assert exc.value.message_dict["decision"] == ["Beslutet hör redan till ett ärende."]
    services.case_decision_remove(access=access, link=link)
    assert Decision.objects.filter(pk=link.decision_id).exists()  # the decision stays


@pytest.mark.parametrize("who", ["reader", "editor"])
def test_readers_and_editors_may_not_write(who, request, access_of, org):
    access = access_of(request.getfixturevalue(who))
    case = CaseFactory(organisation=org)
    motion = MotionFactory(case=case)
    calls = [
        lambda: services.case_create(access=access, data={"registry_number": "1", "title": "x"}),
        lambda: services.case_update(access=access, case=case, data={"title": "y"}),
        lambda: services.case_transition(access=access, case=case, status="closed"),
        lambda: services.case_delete(access=access, case=case),
        lambda: services.event_update(access=access, event=motion, data={"title": "y"}),
        lambda: services.event_delete(access=access, event=motion),
    ]
    for call in calls:
        with pytest.raises(PermissionDenied):
            call()
    assert Case.objects.get(pk=case.pk).title == case.title


def test_another_organisations_rows_are_404(strategist, access_of, org, other_org):
    access = access_of(strategist)
    foreign_case = CaseFactory(organisation=other_org)
    foreign_body = BodyFactory(organisation=other_org)
    foreign_decision = DecisionFactory(body=foreign_body)
    foreign_motion = MotionFactory(case=foreign_case)
    own = CaseFactory(organisation=org)
    calls = [
        lambda: services.case_update(access=access, case=foreign_case, data={"title": "x"}),
        lambda: services.case_delete(access=access, case=foreign_case),
        lambda: services.case_transition(access=access, case=foreign_case, status="closed"),
        lambda: services.event_delete(access=access, event=foreign_motion),
        lambda: services.motion_create(access=access, case=foreign_case, data={}),
        lambda: services.case_update(
            access=access, case=own, data={"responsible_body": foreign_body}
        ),
        lambda: services.assignment_create(
            access=access,
            case=own,
            data={"date": D(2018, 1, 1), "assigned_to": foreign_body, "description": "x"},
        ),
        lambda: services.case_decision_add(
            access=access, case=own, outcome="approved", decision=foreign_decision
        ),
        lambda: selectors.case_get(access=access, ref=foreign_case.uid),
        lambda: selectors.event_get(access=access, model=Motion, pk=foreign_motion.pk),
    ]
    for call in calls:
        with pytest.raises(Http404):
            call()


def test_updates_write_only_changes_and_refuse_stale(strategist, access_of, org):
    access = access_of(strategist)
    case = CaseFactory(organisation=org, description="Kort")
    assert_writes_only(
        Case,
        lambda: services.case_update(
            access=access,
            case=Case.objects.get(pk=case.pk),
            data={"title": case.title, "description": "Längre"},
        ),
        {"description"},
    )
    assert_stale_refused(
        Case.objects.get(pk=case.pk),
        lambda stale: services.case_update(access=access, case=stale, data={"title": "Sent"}),
    )
    assert_stale_refused(
        Case.objects.get(pk=case.pk),
        lambda stale: services.case_transition(access=access, case=stale, status="closed"),
    )
    motion = MotionFactory(case=case)
    assert_writes_only(
        Motion,
        lambda: services.event_update(
            access=access, event=Motion.objects.get(pk=motion.pk), data={"party": "S"}
        ),
        {"party"},
    )
    assert_stale_refused(
        Motion.objects.get(pk=motion.pk),
        lambda stale: services.event_update(access=access, event=stale, data={"party": "C"}),
    )
    link = CaseDecisionFactory(case=case)
    assert_writes_only(
        CaseDecision,
        lambda: services.case_decision_update(
            access=access, link=CaseDecision.objects.get(pk=link.pk), data={"outcome": "answered"}
        ),
        {"outcome"},
    )
    assert_stale_refused(
        CaseDecision.objects.get(pk=link.pk),
        lambda stale: services.case_decision_update(
            access=access, link=stale, data={"outcome": "rejected"}
        ),
    )


def test_case_status_follows_the_workflow(strategist, access_of, org):
    access = access_of(strategist)
    case = CaseFactory(organisation=org)
    case = services.case_transition(access=access, case=case, status="decided")
    case = services.case_transition(access=access, case=case, status="closed")
    with pytest.raises(ValidationError):
        services.case_transition(access=access, case=case, status="decided")
    assert Case.objects.get(pk=case.pk).status == "closed"
    assert AuditEntry.objects.filter(event="cases.case_closed").count() == 1
