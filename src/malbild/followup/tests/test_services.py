"""Follow-up services: opening periods, reporting (editors only for their bodies), the
approval workflow, roll-ups, freezing on close, amendments after closing, overrides and the
self-assessment; rejected writes change nothing and everything is audited."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from malbild.core.models import AuditEntry
from malbild.followup import selectors, services
from malbild.followup.models import (
    ActivityReport,
    Amendment,
    BudgetOutcome,
    FollowUpPeriod,
    IndicatorValue,
    SelfAssessmentAnswer,
)

D = datetime.date


def report(access, plan, activity=None, submit=True, **data):
    activity = activity or plan["activity"]
    data = {"status": "ongoing", "progress": 40, "comment": "På gång", **data}
    outcomes = {activity.budget_lines.order_by("kind").first().pk: "60000"}
    return services.activity_report_save(
        access=access,
        period=plan["period"],
        activity=activity,
        data=data,
        outcomes=outcomes,
        submit=submit,
    )


def value(access, plan, v=25, submit=True):
    return services.indicator_value_save(
        access=access,
        period=plan["period"],
        indicator=plan["indicator"],
        data={"value": v, "text": "", "measured_on": D(2019, 12, 31), "source": "Egen mätning"},
        submit=submit,
    )


def test_period_create_and_overlap(plan, strategist, editor, access_of):
    access = access_of(strategist)
    data = {
        "label": "2020",
        "start": D(2020, 1, 1),
        "end": D(2020, 12, 31),
        "deadline": D(2021, 1, 31),
    }
    period = services.period_create(access=access, document=plan["document"], data=data)
    assert period.kind == "yearly" and period.status == "open"
    assert AuditEntry.objects.filter(
        model="followup.followupperiod", object_id=str(period.pk)
    ).exists()
    count = FollowUpPeriod.objects.count()
    with pytest.raises(ValidationError) as exc:
        services.period_create(
            access=access,
            document=plan["document"],
            data={**data, "label": "x", "start": D(2020, 6, 1)},
        )
    assert "start" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        services.period_create(
            access=access,
            document=plan["document"],
            data={
                "label": "bad",
                "start": D(2022, 5, 1),
                "end": D(2022, 1, 1),
                "deadline": D(2022, 6, 1),
            },
        )
    assert "end" in exc.value.message_dict
    with pytest.raises(PermissionDenied):
        services.period_create(
            access=access_of(editor),
            document=plan["document"],
            data={**data, "start": D(2021, 1, 1), "end": D(2021, 12, 31)},
        )
    assert FollowUpPeriod.objects.count() == count


def test_editor_reports_only_for_own_bodies(plan, editor, access_of):
    access = access_of(editor)
    rep = report(access, plan, submit=False)
    assert rep.state == "draft"
    assert BudgetOutcome.objects.get(report=rep).spent == 60000
    with pytest.raises(PermissionDenied):
        report(access, plan, activity=plan["other_activity"])
    assert not ActivityReport.objects.filter(activity=plan["other_activity"]).exists()
    val = value(access, plan, submit=False)
    assert val.state == "draft"


def test_rejected_report_changes_nothing(plan, editor, access_of):
    access = access_of(editor)
    rep = report(access, plan, submit=False)
    with pytest.raises(ValidationError) as exc:
        report(access, plan, progress=150)
    assert "progress" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        services.activity_report_save(
            access=access,
            period=plan["period"],
            activity=plan["activity"],
            data={"status": "ongoing", "progress": 50},
            outcomes={plan["activity"].budget_lines.first().pk: "-5"},
        )
    assert any(k.startswith("outcome_") for k in exc.value.message_dict)
    rep.refresh_from_db()
    assert rep.progress == 40 and rep.state == "draft"
    assert BudgetOutcome.objects.get(report=rep).spent == 60000


def test_approval_workflow(plan, editor, strategist, access_of):
    ed, st = access_of(editor), access_of(strategist)
    rep = report(ed, plan)
    assert rep.state == "submitted" and rep.submitted_at
    with pytest.raises(PermissionDenied):
        services.contribution_review(access=ed, contribution=rep, action="approve")
    with pytest.raises(ValidationError) as exc:
        services.contribution_review(access=st, contribution=rep, action="return", comment=" ")
    assert "comment" in exc.value.message_dict
    rep = services.contribution_review(
        access=st, contribution=rep, action="return", comment="Ange utfall"
    )
    assert rep.state == "returned" and rep.review_comment == "Ange utfall"
    rep = report(ed, plan, progress=60)
    assert rep.state == "submitted"
    rep = services.contribution_review(access=st, contribution=rep, action="approve")
    assert rep.state == "approved" and rep.reviewed_by == strategist
    with pytest.raises(ValidationError):
        report(ed, plan, progress=70)
    assert ActivityReport.objects.get(pk=rep.pk).progress == 60
    entries = AuditEntry.objects.filter(model="followup.activityreport", object_id=str(rep.pk))
    assert entries.filter(action="transition").count() >= 3


def test_statuses_and_rollups(plan, editor, strategist, access_of):
    ed = access_of(editor)
    report(ed, plan)
    value(ed, plan, v=25)  # expected 2019: 10 + 30*2/3 = 30, planned change 30 → 5/30 = 17 % behind
    data = selectors.period_data(period=plan["period"])
    ind = data["indicators"][0]
    assert ind["expected"] == "30"
    assert ind["status"] == "at_risk"
    fa = data["focus_areas"][0]
    # indicator at risk (1) + ongoing (2) + unreported activity planned since 2018 (1)
    assert fa["status"] == "at_risk"
    assert fa["goals"][0]["status"] == "at_risk"
    assert fa["activity_status_counts"]["ongoing"] == 1
    assert data["budget"] == [
        {
            "year": 2019,
            "operating_planned": "200000",
            "operating_spent": "0",
            "investment_planned": "100000",
            "investment_spent": "60000",
        }
    ]
    bodies = {b["name"]: b for b in data["bodies"]}
    assert bodies[plan["body"].name]["submitted"] == 2
    assert bodies[plan["other_body"].name]["missing"] == 1
    services.status_override_set(
        access=access_of(strategist),
        period=plan["period"],
        indicator=plan["indicator"],
        status="on_track",
        reason="Två e-tjänster lanserades i januari.",
    )
    ind = selectors.period_data(period=plan["period"])["indicators"][0]
    assert ind["status"] == "on_track" and ind["computed_status"] == "at_risk"
    with pytest.raises(ValidationError) as exc:
        services.status_override_set(
            access=access_of(strategist),
            period=plan["period"],
            indicator=plan["indicator"],
            status="off_track",
            reason="",
        )
    assert "reason" in exc.value.message_dict


def test_close_freezes_and_amendments_are_explicit(plan, editor, strategist, access_of):
    ed, st = access_of(editor), access_of(strategist)
    report(ed, plan)
    value(ed, plan, v=35)
    period = services.period_close(access=st, period=plan["period"])
    before = selectors.period_data(period=period)
    assert before["indicators"][0]["value"] == "35"
    # Live data changing afterwards does not move the closed period.
    IndicatorValue.objects.filter(period=period).update(value=1)
    plan["activity"].title = "Nytt namn"
    plan["activity"].save()
    assert selectors.period_data(period=period) == before
    with pytest.raises(ValidationError):
        report(ed, plan)
    with pytest.raises(ValidationError):
        services.period_close(access=st, period=period)
    with pytest.raises(PermissionDenied):
        services.amendment_create(
            access=ed,
            period=period,
            target="indicator",
            target_uid=str(plan["indicator"].uid),
            field="value",
            new_value="20",
            reason="Fel",
        )
    with pytest.raises(ValidationError) as exc:
        services.amendment_create(
            access=st,
            period=period,
            target="indicator",
            target_uid=str(plan["indicator"].uid),
            field="value",
            new_value="tjugo",
            reason="Fel",
        )
    assert "new_value" in exc.value.message_dict
    assert not Amendment.objects.exists()
    services.amendment_create(
        access=st,
        period=period,
        target="indicator",
        target_uid=str(plan["indicator"].uid),
        field="value",
        new_value="20",
        reason="Felräknat i källan.",
    )
    after = selectors.period_data(period=period)
    ind = after["indicators"][0]
    assert ind["value"] == "20" and ind["status"] == "off_track"
    assert ind["amendments"][0]["old_value"] == "35"
    assert ind["amendments"][0]["reason"] == "Felräknat i källan."
    assert AuditEntry.objects.filter(model="followup.amendment").count() == 1
    assert selectors.period_data(period=period) == after


def test_self_assessment_from_skl_template(plan, strategist, editor, access_of):
    st = access_of(strategist)
    qs = services.question_set_create_from_template(access=st)
    sections = list(qs.sections.order_by("order"))
    assert [s.title for s in sections] == [
        "Digitala tjänster för invånare och företag",
        "Ledning, styrning och arbetssätt",
        "Tekniska förutsättningar",
    ]
    question = sections[0].questions.first()
    services.question_update(access=st, question=question, text="Ny formulering?")
    question.refresh_from_db()
    assert question.text == "Ny formulering?"
    with pytest.raises(PermissionDenied):
        services.question_update(access=access_of(editor), question=question, text="x")
    period = plan["period"]
    services.period_update(access=st, period=period, data={"question_set": qs})
    earlier = services.period_create(
        access=st,
        document=plan["document"],
        data={
            "label": "2018",
            "start": D(2018, 1, 1),
            "end": D(2018, 12, 31),
            "deadline": D(2019, 1, 31),
            "question_set": qs,
        },
    )
    services.self_assessment_save(access=st, period=earlier, answers={question.pk: ("not", "")})
    services.self_assessment_save(
        access=st, period=period, answers={question.pk: ("partly", "På väg")}
    )
    with pytest.raises(ValidationError):
        services.self_assessment_save(
            access=st, period=period, answers={question.pk: ("maybe", "")}
        )
    assert SelfAssessmentAnswer.objects.get(period=period).answer == "partly"
    sa = selectors.period_data(period=period)["self_assessment"]
    first = sa["sections"][0]
    assert sa["previous_period"] == "2018"
    assert first["questions"][0] == {
        "id": question.pk,
        "text": "Ny formulering?",
        "answer": "partly",
        "comment": "På väg",
        "previous": "not",
    }
    assert first["summary"]["partly"] == 1 and first["previous_summary"]["not"] == 1
