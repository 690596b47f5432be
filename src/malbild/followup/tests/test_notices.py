"""The e-mail of a follow-up period: opening it tells each body's editors what to report and
by when; `send_reminders` reminds them before the deadline, tells them the day after it that
they are overdue and then escalates to the strategists and administrators — each once; a
returned contribution (with the comment) or an approved one is told to its body's editors,
linked to its page; English for those who chose it, nothing for "not at all", nothing on
rollback."""

import datetime

import pytest
from django.core.management import call_command
from django.db import transaction

from malbild.accounts.constants import Role
from malbild.core.tests.factories import UserFactory
from malbild.followup import services
from malbild.notifications.constants import Delivery
from malbild.notifications.models import NotificationPreference, OutboxMessage

from .test_services import report

pytestmark = pytest.mark.django_db
D = datetime.date


def _open(access, plan, **data):
    return services.period_create(
        access=access,
        document=plan["document"],
        data={
            "kind": "yearly",
            "label": "2020",
            "start": D(2020, 1, 1),
            "end": D(2020, 12, 31),
            "deadline": D(2021, 1, 31),
            **data,
        },
    )


@pytest.fixture
def other_editor(org, other_body):
    return UserFactory(
        username="mn-red", role=Role.EDITOR, organisation=org, bodies=[other_body], language="en"
    )


def test_period_opened_lists_each_bodys_items(
    org,
    plan,
    editor,
    other_editor,
    strategist,
    access_of,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        period = _open(access_of(strategist), plan)
    assert sorted(m.to[0] for m in mailoutbox) == sorted([editor.email, other_editor.email])
    sv = next(m for m in mailoutbox if m.to == [editor.email])
    assert sv.subject == (
        "Uppföljning 2020 av ”Handlingsplan digital målbild”: rapportera senast 31 januari 2021"
    )
    assert plan["activity"].title in sv.body and "Antal e-tjänster" in sv.body
    assert plan["other_activity"].title not in sv.body
    assert f"https://malbild.example/o/{org.slug}/follow-up/{period.pk}/" in sv.body
    en = next(m for m in mailoutbox if m.to == [other_editor.email])
    assert en.subject.startswith("Follow-up 2020 of ") and plan["other_activity"].title in en.body


def test_nothing_on_rollback(
    plan, editor, strategist, access_of, mailoutbox, django_capture_on_commit_callbacks
):
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        _open(access_of(strategist), plan)
        raise RuntimeError
    assert not mailoutbox and not OutboxMessage.objects.exists()


def test_not_at_all_gets_nothing(
    plan, editor, strategist, access_of, mailoutbox, django_capture_on_commit_callbacks
):
    NotificationPreference.objects.create(
        user=editor, kind="followup.period_opened", delivery=Delivery.NONE
    )
    with django_capture_on_commit_callbacks(execute=True):
        _open(access_of(strategist), plan)
    assert editor.email not in [m.to[0] for m in mailoutbox]


def _run(day):
    call_command("send_reminders", date=day)


def test_reminder_overdue_then_escalation_each_once(
    plan,
    editor,
    other_editor,
    strategist,
    admin_user,
    access_of,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    # The fixture's period 2019 is due 2020-01-31; the other body reports everything.
    report(access_of(other_editor), plan, activity=plan["other_activity"])
    kinds = lambda: [(m.to[0], m.subject) for m in mailoutbox]  # noqa: E731
    with django_capture_on_commit_callbacks(execute=True):
        _run("2020-01-25")  # too early
    assert not mailoutbox
    with django_capture_on_commit_callbacks(execute=True):
        _run("2020-01-26")
        _run("2020-01-27")
    assert kinds() == [
        (editor.email, "Påminnelse: uppföljningen 2019 ska vara klar 31 januari 2020")
    ]
    period = plan["period"]
    page = f"https://malbild.example/o/{period.organisation.slug}/follow-up/{period.pk}/"
    assert page in mailoutbox[0].body  # the link back to the period
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        _run("2020-02-01")
        _run("2020-02-02")
    assert kinds() == [
        (
            editor.email,
            "Uppföljning 2019: rapporteringen från Kultur- och fritidsnämnden är försenad",
        )
    ]
    assert page in mailoutbox[0].body
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        _run("2020-02-07")  # 7 days after: the strategists and administrators
        _run("2020-02-08")
    assert sorted(m.to[0] for m in mailoutbox) == sorted([strategist.email, admin_user.email])
    sent = mailoutbox[0]
    assert sent.subject == "Uppföljning 2019 av ”Handlingsplan digital målbild”: nämnder är sena"
    assert "Kultur- och fritidsnämnden: 2 rapporter" in sent.body
    assert "Miljöskyddsnämnden" not in sent.body
    assert page in sent.body and f'href="{page}"' in sent.alternatives[0].content


def test_returned_with_comment_and_approved(
    org, plan, editor, strategist, access_of, mailoutbox, django_capture_on_commit_callbacks
):
    rep = report(access_of(editor), plan)
    with django_capture_on_commit_callbacks(execute=True):
        services.contribution_review(
            access=access_of(strategist), contribution=rep, action="return", comment="Ange utfall"
        )
    [sent] = mailoutbox
    assert sent.to == [editor.email]
    assert sent.subject.startswith("Tillbakaskickad för rättning: ")
    assert "Ange utfall" in sent.body
    period = plan["period"]
    page = f"https://malbild.example/o/{org.slug}/follow-up/{period.pk}/activities/{plan['activity'].pk}/"
    assert page in sent.body
    rep = report(access_of(editor), plan, progress=60)
    with django_capture_on_commit_callbacks(execute=True):
        services.contribution_review(
            access=access_of(strategist), contribution=rep, action="approve"
        )
    assert mailoutbox[-1].subject.startswith("Godkänd: ") and page in mailoutbox[-1].body
