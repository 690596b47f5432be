"""The consultation demo: on the Alingsås demo data it runs the 2018 round on the action plan
(consultees as in 001, the KSAU § 53 extension, the responses of KFN from 000 and MN from 002
with comments anchored to the items they concern, dispositions, the revised version and the
approval that adopts the plan), creates the respondent account, opens a current round dated
relative to today that the respondent must answer (on their to-do list, the invitations in the
outbox as sent), and is idempotent."""

import datetime
import io

import pytest
from django.db import transaction

from malbild.consultation import selectors
from malbild.consultation.constants import ConsulteeState, RoundStatus
from malbild.consultation.models import ConsultationRound
from malbild.core.access import access_for
from malbild.core.models import AuditEntry
from malbild.demo import consultation as demo


@pytest.fixture(scope="module")
def consultation_demo(django_db_setup, django_db_blocker):
    """The foundation demo and the consultation demo on it, loaded once for the module inside
    a transaction rolled back at its end; each test runs in a savepoint within it (`db`), so
    the idempotency test's second run is undone too. (The test of the loader without
    Alingsås is in test_consultation_without_alingsas.py: here Alingsås always exists.)"""
    from malbild.demo.loader import load_all

    with django_db_blocker.unblock(), transaction.atomic():
        load_all(stdout=io.StringIO(), extensions=False)
        out = io.StringIO()
        assert demo.load(stdout=out) is True
        assert "alingsas-remiss-kfn" in out.getvalue()
        yield
        transaction.set_rollback(True)


@pytest.fixture
def demo_round(consultation_demo, db):
    return ConsultationRound.objects.get(document__title=demo.PLAN_TITLE)


def test_demo_round(demo_round):
    r = demo_round
    assert r.status == RoundStatus.CLOSED
    assert r.document.status == "adopted"
    assert r.version.label == "Remissversion"
    assert r.revised_version.number == r.version.number + 1
    assert r.adoption_decision.version == r.revised_version
    assert r.decision.reference == "KSAU 2018-02-28 § 8"
    assert r.decision.version == r.version
    assert (r.original_deadline, r.deadline) == (
        datetime.date(2018, 4, 5),
        datetime.date(2018, 7, 27),
    )
    ext = r.extensions.get()
    assert ext.decision.reference == "KSAU 2018-04-25 § 53"
    names = set(r.consultees.values_list("body__name", flat=True))
    assert len(names) == 13
    assert {"Föreningen Sambruk", "FABS AB", "Miljöskyddsnämnden"} <= names
    assert "Kommunstyrelsen" not in names

    summary = selectors.summary_build(round=r)
    states = {row["consultee"].body.name: row["state"] for row in summary["rows"]}
    assert states["Kultur- och fritidsnämnden"] == ConsulteeState.SUBMITTED
    assert states["Miljöskyddsnämnden"] == ConsulteeState.LATE
    labels = {s["label"] for s in summary["sections"]}
    assert {"Antal e-tjänster", "Genomförande och uppföljning", "Finansiering"} <= labels
    assert len(summary["not_accepted"]) == 1
    assert 0 < summary["handled_count"] < summary["comment_count"]
    changed = [c for c in summary["changes"]["changes"] if c["comments"]]
    assert {c["label"] for c in changed} >= {"Antal e-tjänster", "Genomförande och uppföljning"}


def test_demo_respondent_sees_own_response(demo_round):
    from malbild.accounts.models import User

    user = User.objects.get(username="alingsas-remiss-kfn")
    assert user.check_password("malbild-demo")
    access = access_for(user, demo_round.organisation)
    kfn = demo_round.consultees.get(body__name="Kultur- och fritidsnämnden")
    assert access.respondent_body_ids == {kfn.body_id}
    assert not access.can_read


def test_demo_is_idempotent(demo_round):
    before = AuditEntry.objects.count()
    out = io.StringIO()
    assert demo.load(stdout=out) is False
    assert "skipped" in out.getvalue()
    assert AuditEntry.objects.count() == before
    assert ConsultationRound.objects.count() == 2  # 2018 and the current one


def test_demo_has_a_current_round_the_respondent_must_answer(demo_round, client):
    from django.utils import timezone

    from malbild.accounts.models import User
    from malbild.notifications.models import OutboxMessage
    from malbild.site.todo import todo_list

    today = timezone.localdate()
    current = ConsultationRound.objects.get(title=demo.CURRENT_TITLE)
    assert current.status == RoundStatus.OPEN and current.document.status == "in_consultation"
    assert current.deadline == today + datetime.timedelta(days=30)
    assert current.sent_on == today - datetime.timedelta(days=10)
    assert current.is_open
    user = User.objects.get(username=demo.RESPONDENT)
    items = todo_list(access=access_for(user, current.organisation), today=today)
    [item] = [i for i in items if i.kind == "consultation.response"]
    assert item.title == demo.CURRENT_PLAN_TITLE and item.deadline == current.deadline
    assert item.body == "Kultur- och fritidsnämnden" and not item.is_overdue(today)
    client.force_login(user)
    home = client.get("/").content.decode()
    assert (
        'Att göra <span class="todo-count">(1)</span>' in home and demo.CURRENT_PLAN_TITLE in home
    )
    assert client.get(item.url).status_code == 200
    invitation = OutboxMessage.objects.get(
        kind="consultation.invitation", recipient=user, subject__contains=demo.CURRENT_TITLE
    )
    assert invitation.status == "sent" and invitation.sent_at.date() == current.sent_on
    assert invitation.attachments.get().mimetype == "text/calendar"
