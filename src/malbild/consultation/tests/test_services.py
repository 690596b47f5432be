"""The consultation round end to end in the service layer: opening a round on a frozen version
moves the document to "in consultation"; extensions are kept; consultees respond through
accounts or secret links with comments anchored to items of the frozen version; late responses
are flagged; corrections keep the earlier submission; dispositions, the revised version and
the adoption decision move the document to "adopted". Every write is audited and a rejected
write changes nothing."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from malbild.consultation import selectors, services
from malbild.consultation.constants import (
    CommentKind,
    ConsulteeState,
    DispositionKind,
    Position,
    ResponseStatus,
    RoundStatus,
)
from malbild.consultation.models import Comment, ConsultationRound, Consultee, Response
from malbild.consultation.permissions import Responder
from malbild.core.models import AuditEntry
from malbild.strategy import services as strategy_services
from malbild.strategy.constants import DecisionKind, DocumentStatus


def test_open_round_moves_document_and_records_decision(round_, plan, body, ks):
    plan["document"].refresh_from_db()
    assert plan["document"].status == DocumentStatus.IN_CONSULTATION
    assert round_.decision.kind == DecisionKind.CONSULTATION
    assert round_.decision.reference == "KSAU 2018-02-28 § 8"
    assert round_.decision.version_id == round_.version_id
    assert round_.consultees.count() == 3
    assert AuditEntry.objects.filter(model="consultation.consultationround").count() == 1
    assert AuditEntry.objects.filter(model="consultation.consultee").count() == 3


def test_open_round_rejected_changes_nothing(version, strategist_access, plan):
    with pytest.raises(ValidationError) as exc:
        services.consultation_round_open(
            access=strategist_access,
            version=version,
            title="Remiss",
            deadline=datetime.date(2018, 4, 5),
            bodies=[],
        )
    assert "bodies" in exc.value.message_dict
    plan["document"].refresh_from_db()
    assert plan["document"].status == DocumentStatus.DRAFT
    assert not ConsultationRound.objects.exists()


def test_deadline_before_sending_is_refused(version, strategist_access, body):
    with pytest.raises(ValidationError) as exc:
        services.consultation_round_open(
            access=strategist_access,
            version=version,
            title="Remiss",
            sent_on=datetime.date(2018, 4, 5),
            deadline=datetime.date(2018, 2, 1),
            bodies=[body],
        )
    assert "deadline" in exc.value.message_dict
    assert not ConsultationRound.objects.exists()
    assert not Consultee.objects.exists()


def test_second_open_round_on_same_document_refused(round_, version, strategist_access, body):
    with pytest.raises(ValidationError) as exc:
        services.consultation_round_open(
            access=strategist_access,
            version=version,
            title="Igen",
            deadline=datetime.date(2018, 5, 1),
            bodies=[body],
        )
    assert "version" in exc.value.message_dict


def test_extensions_are_kept(round_, strategist_access, ks):
    services.consultation_round_extend(
        access=strategist_access,
        round=round_,
        new_deadline=datetime.date(2018, 7, 27),
        reason="För att samtliga nämnder ska kunna behandla sina remissvar.",
        decision={"body": ks, "date": datetime.date(2018, 4, 25), "paragraph": "53"},
    )
    round_.refresh_from_db()
    assert round_.deadline == datetime.date(2018, 7, 27)
    assert round_.original_deadline == datetime.date(2018, 4, 5)
    ext = round_.extensions.get()
    assert (ext.previous_deadline, ext.decision.reference) == (
        datetime.date(2018, 4, 5),
        "KSAU 2018-04-25 § 53",
    )
    with pytest.raises(ValidationError) as exc:
        services.consultation_round_extend(
            access=strategist_access,
            round=round_,
            new_deadline=datetime.date(2018, 7, 1),
            reason="Tidigare",
        )
    assert "new_deadline" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        services.consultation_round_extend(
            access=strategist_access,
            round=round_,
            new_deadline=datetime.date(2018, 9, 1),
            reason="",
        )
    assert "reason" in exc.value.message_dict
    round_.refresh_from_db()
    assert round_.deadline == datetime.date(2018, 7, 27)
    assert round_.extensions.count() == 1


def test_full_round(round_, plan, strategist_access, respondent, access_of, body, other_body, ks):
    kfn = Responder(access=access_of(respondent))
    consultee = round_.consultees.get(body=body)
    response = services.response_save_draft(
        responder=kfn,
        consultee=consultee,
        data={"position": Position.SUPPORTS_WITH_CHANGES, "summary": "Kultur saknas."},
    )
    comment = services.comment_add(
        responder=kfn,
        response=response,
        data={
            "item_uid": str(plan["focus_area"].uid),
            "kind": CommentKind.ADD,
            "text": "Ett eget målområde för kultur och fritid.",
        },
    )
    assert (comment.item_type, comment.item_label) == ("focus_area", "1 Digitala tjänster")
    whole = services.comment_add(
        responder=kfn, response=response, data={"kind": "question", "text": "Uppföljning?"}
    )
    assert whole.item_uid == ""
    services.response_submit(responder=kfn, response=response)
    response.refresh_from_db()
    assert response.status == ResponseStatus.SUBMITTED
    assert response.is_late  # the 2018 deadline has passed
    assert response.via == "account"
    with pytest.raises(ValidationError):
        services.comment_add(responder=kfn, response=response, data={"kind": "add", "text": "x"})

    # a correction keeps the earlier submission
    correction = services.response_correct(responder=kfn, consultee=consultee)
    assert correction.comments.count() == 2 and correction.is_draft
    services.response_submit(responder=kfn, response=correction)
    response.refresh_from_db()
    assert response.status == ResponseStatus.SUPERSEDED
    state = selectors.response_detail(consultee=consultee)
    assert state["state"] == ConsulteeState.LATE and state["current"].number == 2

    # the environment committee declines; dispositions; revise; close; adopt
    mn = round_.consultees.get(body=other_body)
    services.consultee_decline(
        responder=Responder(access=strategist_access), consultee=mn, reason="Inget yttrande"
    )
    current = state["current"]
    fa_comment = current.comments.get(item_uid=str(plan["focus_area"].uid))
    strategy_services.item_update(
        access=strategist_access,
        instance=plan["focus_area"],
        data={"title": "Digitala tjänster, kultur och fritid"},
    )
    services.disposition_set(
        access=strategist_access,
        comment=fa_comment,
        kind=DispositionKind.PARTLY_ACCEPTED,
        motivation="Kultur och fritid nämns i målområdet.",
        changed_item_uids=[str(plan["focus_area"].uid)],
    )
    services.disposition_set(
        access=strategist_access,
        comment=current.comments.get(item_uid=""),
        kind=DispositionKind.NOT_ACCEPTED,
        motivation="Uppföljningen beskrivs i flerårsstrategin.",
    )
    services.consultation_round_extend(
        access=strategist_access,
        round=round_,
        new_deadline=datetime.date(2018, 7, 27),
        reason="Förlängd",
    )
    revised = services.consultation_round_revise(
        access=strategist_access, round=round_, label="Reviderad efter remiss"
    )
    round_.refresh_from_db()
    assert round_.deadline == datetime.date(2018, 7, 27)  # not lost by a stale save
    with pytest.raises(ValidationError):
        services.consultation_round_adopt(
            access=strategist_access,
            round=round_,
            decision={"body": ks, "date": datetime.date(2018, 9, 3), "kind": "approval"},
        )
    services.consultation_round_close(access=strategist_access, round=round_, note="Klar")
    round_.refresh_from_db()
    assert round_.status == RoundStatus.CLOSED and round_.revised_version == revised
    decision = services.consultation_round_adopt(
        access=strategist_access,
        round=round_,
        decision={
            "body": ks,
            "date": datetime.date(2018, 9, 3),
            "paragraph": "120",
            "kind": "approval",
        },
        distribution=[body, other_body],
    )
    plan["document"].refresh_from_db()
    assert plan["document"].status == DocumentStatus.ADOPTED
    assert decision.version == revised
    with pytest.raises(ValidationError):
        services.consultation_round_revise(access=strategist_access, round=round_, label="Sen")

    summary = selectors.summary_build(round=round_)
    assert [r["comment"].text for r in summary["not_accepted"]] == ["Uppföljning?"]
    changed = [c for c in summary["changes"]["changes"] if c["uid"] == str(plan["focus_area"].uid)]
    assert changed and [r["comment"].pk for r in changed[0]["comments"]] == [fa_comment.pk]
    states = {r["consultee"].body_id: r["state"] for r in summary["rows"]}
    assert states[other_body.pk] == ConsulteeState.DECLINED
    # closed: nothing more is accepted
    with pytest.raises(ValidationError):
        services.response_correct(responder=kfn, consultee=consultee)


def test_submit_needs_position_and_rejection_changes_nothing(round_, access_of, respondent, body):
    kfn = Responder(access=access_of(respondent))
    response = services.response_save_draft(
        responder=kfn, consultee=round_.consultees.get(body=body), data={"summary": "Utkast"}
    )
    with pytest.raises(ValidationError) as exc:
        services.response_submit(responder=kfn, response=response)
    assert "position" in exc.value.message_dict
    response.refresh_from_db()
    assert response.status == ResponseStatus.DRAFT and response.submitted_at is None


def test_on_time_submission_not_flagged(version, strategist_access, body, respondent, access_of):
    deadline = timezone.localdate() + datetime.timedelta(days=10)
    round_ = services.consultation_round_open(
        access=strategist_access, version=version, title="R", deadline=deadline, bodies=[body]
    )
    kfn = Responder(access=access_of(respondent))
    response = services.response_save_draft(
        responder=kfn, consultee=round_.consultees.get(), data={"position": Position.SUPPORTS}
    )
    services.response_submit(responder=kfn, response=response)
    response.refresh_from_db()
    assert not response.is_late
    assert selectors.response_detail(consultee=response.consultee)["state"] == "submitted"


def test_comment_anchor_must_be_in_consulted_version(round_, access_of, respondent, body):
    kfn = Responder(access=access_of(respondent))
    response = services.response_save_draft(
        responder=kfn, consultee=round_.consultees.get(body=body), data={}
    )
    with pytest.raises(ValidationError) as exc:
        services.comment_add(
            responder=kfn,
            response=response,
            data={"item_uid": "00000000-0000-4000-8000-000000000000", "kind": "add", "text": "x"},
        )
    assert "item_uid" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        services.comment_add(responder=kfn, response=response, data={"kind": "add", "text": " "})
    assert "text" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        services.comment_add(responder=kfn, response=response, data={"kind": "x", "text": "t"})
    assert "kind" in exc.value.message_dict
    assert not Comment.objects.exists()


def test_disposition_requires_motivation_and_submitted_comment(
    round_, access_of, respondent, body, strategist_access
):
    kfn = Responder(access=access_of(respondent))
    response = services.response_save_draft(
        responder=kfn, consultee=round_.consultees.get(body=body), data={"position": "opposes"}
    )
    comment = services.comment_add(
        responder=kfn, response=response, data={"kind": "remove", "text": "Stryk"}
    )
    with pytest.raises(ValidationError):
        services.disposition_set(
            access=strategist_access, comment=comment, kind="accepted", motivation="Ok"
        )
    services.response_submit(responder=kfn, response=response)
    with pytest.raises(ValidationError) as exc:
        services.disposition_set(
            access=strategist_access, comment=comment, kind="accepted", motivation=" "
        )
    assert "motivation" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        services.disposition_set(
            access=strategist_access,
            comment=comment,
            kind="accepted",
            motivation="Ja",
            changed_item_uids=["not-a-uid"],
        )
    assert "changed_item_uids" in exc.value.message_dict
    d = services.disposition_set(
        access=strategist_access, comment=comment, kind="noted", motivation="Noterat"
    )
    d2 = services.disposition_set(
        access=strategist_access, comment=comment, kind="accepted", motivation="Infört"
    )
    assert d.pk == d2.pk and d2.kind == "accepted"


def test_closing_is_explicit_and_once(round_, strategist_access):
    services.consultation_round_close(access=strategist_access, round=round_, note="Slut")
    assert AuditEntry.objects.filter(
        model="consultation.consultationround", action="transition"
    ).exists()
    with pytest.raises(ValidationError):
        services.consultation_round_close(access=strategist_access, round=round_)


def test_decline_after_submit_refused(round_, access_of, respondent, body):
    kfn = Responder(access=access_of(respondent))
    consultee = round_.consultees.get(body=body)
    response = services.response_save_draft(
        responder=kfn, consultee=consultee, data={"position": "no_opinion"}
    )
    services.response_submit(responder=kfn, response=response)
    with pytest.raises(ValidationError):
        services.consultee_decline(responder=kfn, consultee=consultee)
    consultee.refresh_from_db()
    assert consultee.declined_at is None
    assert Response.objects.count() == 1
