"""Every update service of the follow-up cycle writes only the fields it changes (an unchanged
field is not written, the audit entry names exactly the changed ones) and refuses an edit made
from a stale version (docs/adr/0007-optimistic-locking.md). Services that look the row up
themselves (contributions, overrides, answers) get the version the edit was made from as the
web form and the API pass it: `expect_version`."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from malbild.core.locking import expect_version
from malbild.core.models import AuditEntry
from malbild.core.tests.contracts import assert_stale_refused, assert_writes_only
from malbild.followup import services
from malbild.followup.models import (
    ActivityReport,
    BudgetOutcome,
    FollowUpPeriod,
    IndicatorValue,
    Question,
    SelfAssessmentAnswer,
    StatusOverride,
)
from malbild.followup.tests.factories import (
    QuestionFactory,
    QuestionSectionFactory,
    QuestionSetFactory,
)

pytestmark = pytest.mark.django_db


def fresh(obj):
    return type(obj)._base_manager.get(pk=obj.pk)


def stale_run(call):
    """`run(instance)` for assert_stale_refused: the call made from `instance`'s version."""

    def run(instance):
        with expect_version(instance, instance.lock_version):
            call(instance)

    return run


@pytest.fixture
def st(strategist, access_of):
    return access_of(strategist)


@pytest.fixture
def ed(editor, access_of):
    return access_of(editor)


def test_period_update(plan, st):
    period = plan["period"]
    assert_writes_only(
        FollowUpPeriod,
        lambda: services.period_update(
            access=st, period=fresh(period), data={"label": "Helår 2019", "kind": period.kind}
        ),
        {"label"},
    )
    assert_stale_refused(
        fresh(period),
        lambda p: services.period_update(access=st, period=p, data={"label": "Sent"}),
    )


def test_period_close(plan, st):
    period = plan["period"]
    assert_stale_refused(
        fresh(period), stale_run(lambda p: services.period_close(access=st, period=p))
    )
    assert_writes_only(
        FollowUpPeriod,
        lambda: services.period_close(access=st, period=fresh(period)),
        {"status", "closed_at", "snapshot"},
    )


def _report(ed, plan, **data):
    return services.activity_report_save(
        access=ed,
        period=plan["period"],
        activity=plan["activity"],
        data={"status": "ongoing", "progress": 40, **data},
        outcomes=data.pop("outcomes", None),
    )


def test_activity_report_save(plan, ed):
    report = _report(ed, plan, comment="Första")
    assert_writes_only(ActivityReport, lambda: _report(ed, plan, comment="Andra"), {"comment"})
    assert_stale_refused(fresh(report), stale_run(lambda r: _report(ed, plan, comment="Sent")))


def test_budget_outcome_update(plan, ed):
    line = plan["activity"].budget_lines.first()
    services.activity_report_save(
        access=ed,
        period=plan["period"],
        activity=plan["activity"],
        data={"status": "ongoing", "progress": 40},
        outcomes={line.pk: 100},
    )

    def save(amount):
        return services.activity_report_save(
            access=ed,
            period=plan["period"],
            activity=plan["activity"],
            data={"status": "ongoing", "progress": 40},
            outcomes={line.pk: amount},
        )

    assert_writes_only(BudgetOutcome, lambda: save(200), {"spent"})
    outcome = BudgetOutcome.objects.get()
    assert_stale_refused(outcome, stale_run(lambda o: save(300)))


def _value(ed, plan, **data):
    return services.indicator_value_save(
        access=ed,
        period=plan["period"],
        indicator=plan["indicator"],
        data={"value": 12, "measured_on": datetime.date(2019, 12, 31), **data},
    )


def test_indicator_value_save(plan, ed):
    value = _value(ed, plan, comment="Första")
    assert_writes_only(IndicatorValue, lambda: _value(ed, plan, comment="Andra"), {"comment"})
    assert_stale_refused(fresh(value), stale_run(lambda v: _value(ed, plan, comment="Sent")))


def test_contribution_review(plan, ed, st):
    report = services.activity_report_save(
        access=ed,
        period=plan["period"],
        activity=plan["activity"],
        data={"status": "ongoing", "progress": 40},
        submit=True,
    )
    assert_stale_refused(
        fresh(report),
        stale_run(
            lambda r: services.contribution_review(access=st, contribution=r, action="approve")
        ),
    )
    assert_writes_only(
        ActivityReport,
        lambda: services.contribution_review(
            access=st, contribution=fresh(report), action="approve", comment="Bra"
        ),
        {"state", "review_comment", "reviewed_at", "reviewed_by"},
    )


def test_status_override_set(plan, st):
    def assess(reason):
        return services.status_override_set(
            access=st,
            period=plan["period"],
            status="at_risk",
            reason=reason,
            indicator=plan["indicator"],
        )

    override = assess("Första")
    assert_writes_only(StatusOverride, lambda: assess("Andra"), {"reason"})
    assert_stale_refused(fresh(override), stale_run(lambda o: assess("Sent")))


@pytest.fixture
def questions(org):
    section = QuestionSectionFactory(question_set=QuestionSetFactory(organisation=org), order=1)
    return [QuestionFactory(section=section, order=n, text=f"Fråga {n}?") for n in (1, 2)]


def test_question_update(questions, st):
    q = questions[0]
    assert_writes_only(
        Question,
        lambda: services.question_update(access=st, question=fresh(q), text="Ny fråga?"),
        {"text"},
    )
    assert_stale_refused(
        fresh(q), lambda x: services.question_update(access=st, question=x, text="Sent?")
    )


def test_question_move(questions, st):
    q = questions[1]
    assert_writes_only(
        Question,
        lambda: services.question_move(access=st, question=fresh(q), direction="up"),
        {"order"},
    )
    assert_stale_refused(
        fresh(q), lambda x: services.question_move(access=st, question=x, direction="down")
    )


def test_self_assessment_answer_update(plan, st, questions):
    period = plan["period"]
    FollowUpPeriod.objects.filter(pk=period.pk).update(
        question_set=questions[0].section.question_set
    )
    q = questions[0]

    def answer(comment):
        return services.self_assessment_save(
            access=st, period=fresh(period), answers={q.pk: ("partly", comment)}
        )

    answer("Första")
    stored = SelfAssessmentAnswer.objects.get()
    with CaptureQueriesContext(connection) as ctx:
        answer("Andra")
    updates = [x["sql"] for x in ctx.captured_queries if x["sql"].startswith("UPDATE")]
    assert len(updates) == 1 and '"comment"' in updates[0] and '"answer"' not in updates[0]
    entry = AuditEntry.objects.filter(
        model="followup.selfassessmentanswer", object_id=str(stored.pk), action="update"
    ).get()
    assert set(entry.changes) == {"comment"}
    assert_stale_refused(fresh(stored), stale_run(lambda a: answer("Sent")))
