"""The outbox: `notify` renders the kind's templates in the recipient's language (Swedish, or
English when chosen) with text and HTML parts, the organisation as sender name and an
absolute link; the message is stored and handed to the task only after the transaction
commits (nothing when it rolls back); a failing SMTP server leaves it queued with the error
and the next attempt, the task is deferred for the retry and `send_outbox` sends it when due;
after the last attempt it is failed; a claimed message is not sent twice; one-time links are
erased once sent."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import transaction
from django.tasks import default_task_backend
from django.test import override_settings
from django.utils import timezone

from malbild.accounts.constants import Role
from malbild.accounts.services import member_add
from malbild.core.access import get_organisation_access
from malbild.core.tests.factories import UserFactory
from malbild.notifications import tasks
from malbild.notifications.constants import OutboxStatus
from malbild.notifications.models import OutboxMessage
from malbild.notifications.services import Attachment, absolute_url, notify, notify_all, sender

from .conftest import DUMMY_TASKS, role_notice

pytestmark = pytest.mark.django_db


def test_swedish_message_with_text_html_sender_and_link(
    reader, org, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        message = role_notice(reader, org)
    message.refresh_from_db()
    assert message.status == OutboxStatus.SENT and message.sent_at and message.attempts == 1
    assert message.email == reader.email and message.recipient == reader
    assert message.language == "sv" and message.organisation == org
    assert message.subject == "Du har lagts till i Alingsås kommun i Målbild"
    assert message.url == "https://malbild.example/accounts/login/"
    [sent] = mailoutbox
    assert sent.to == [reader.email] and sent.subject == message.subject
    assert sent.from_email == "Alingsås kommun <malbild@localhost>"
    assert "rollen ”Läsare”" in sent.body or "rollen “Läsare”" in sent.body
    assert "https://malbild.example/accounts/login/" in sent.body
    assert "https://malbild.example/accounts/profile/" in sent.body  # where to change it
    [(html, mimetype)] = sent.alternatives
    assert mimetype == "text/html"
    assert '<html lang="sv">' in html
    assert 'href="https://malbild.example/accounts/login/"' in html
    assert sent.extra_headers["Auto-Submitted"] == "auto-generated"


def test_english_when_the_recipient_chose_english(
    reader, org, mailoutbox, django_capture_on_commit_callbacks
):
    reader.language = "en"
    reader.save(update_fields=["language"])
    with django_capture_on_commit_callbacks(execute=True):
        message = role_notice(reader, org)
    assert message.language == "en"
    assert mailoutbox[0].subject == "You have been added to Alingsås kommun in Målbild"
    assert '<html lang="en">' in mailoutbox[0].alternatives[0].content


def test_bare_address_in_the_given_language(org, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        message = notify(
            kind="accounts.role_granted",
            to=" Extern@Example.ORG ",
            organisation=org,
            path="/o/alingsas/",
            language="en",
            context={"role_label": "Respondent"},
        )
    assert message.recipient is None and message.email == "Extern@example.org"
    assert message.language == "en"
    assert mailoutbox[0].to == ["Extern@example.org"]
    assert mailoutbox[0].subject.startswith("You have been added")


def test_sender_without_organisation_and_absolute_urls(settings):
    settings.DEFAULT_FROM_EMAIL = "Kommunen <noreply@kommun.example>"
    assert sender(None) == "Kommunen <noreply@kommun.example>"
    settings.DEFAULT_FROM_EMAIL = "noreply@kommun.example"
    assert sender(None) == "Målbild <noreply@kommun.example>"
    settings.MALBILD_BASE_URL = "https://malbild.kommun.se/"
    assert absolute_url("/o/x/") == "https://malbild.kommun.se/o/x/"
    assert absolute_url("https://annan.example/") == "https://annan.example/"


@override_settings(TASKS=DUMMY_TASKS)
def test_enqueued_only_after_commit(reader, org, mailoutbox, django_capture_on_commit_callbacks):
    default_task_backend.clear()
    with django_capture_on_commit_callbacks(execute=True) as callbacks, transaction.atomic():
        message = role_notice(reader, org)
        assert OutboxMessage.objects.filter(pk=message.pk).exists()
        assert default_task_backend.results == []  # not while the transaction is open
    assert len(callbacks) == 1
    [result] = default_task_backend.results
    assert result.task.name == "send_outbox_message" and result.args == [message.pk]
    assert mailoutbox == []  # sent by the worker, not here
    assert tasks.send_outbox_message.call(message.pk) == "sent"
    assert len(mailoutbox) == 1


def test_nothing_stored_or_sent_when_the_transaction_rolls_back(
    reader, org, mailoutbox, django_capture_on_commit_callbacks
):
    class Boom(Exception):
        pass

    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(Boom),
        transaction.atomic(),
    ):
        role_notice(reader, org)
        raise Boom
    assert callbacks == []
    assert OutboxMessage.objects.count() == 0
    assert mailoutbox == []


@override_settings(TASKS=DUMMY_TASKS)
def test_failing_smtp_server_keeps_the_message_queued_and_retries(
    reader, org, smtp_down, django_capture_on_commit_callbacks
):
    default_task_backend.clear()
    with django_capture_on_commit_callbacks(execute=True):
        message = role_notice(reader, org)
    default_task_backend.clear()
    before = timezone.now()
    assert tasks.deliver(message.pk) == "retry"
    message.refresh_from_db()
    assert message.status == OutboxStatus.QUEUED and message.attempts == 1
    assert "ConnectionRefusedError" in message.last_error
    assert message.next_attempt_at >= before + timedelta(seconds=60)
    # the task is enqueued again, deferred to the next attempt
    [retry] = default_task_backend.results
    assert retry.args == [message.pk] and retry.task.run_after == message.next_attempt_at
    # not due yet: the sweep leaves it alone
    call_command("send_outbox")
    message.refresh_from_db()
    assert message.attempts == 1
    # still down when due: a second failure, the wait doubles
    OutboxMessage.objects.filter(pk=message.pk).update(next_attempt_at=timezone.now())
    assert tasks.deliver(message.pk) == "retry"
    message.refresh_from_db()
    assert message.attempts == 2
    assert message.next_attempt_at >= timezone.now() + timedelta(seconds=110)
    # the server is back: the sweep sends it once due
    smtp_down.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
    OutboxMessage.objects.filter(pk=message.pk).update(next_attempt_at=timezone.now())
    mail.outbox = []
    call_command("send_outbox")
    message.refresh_from_db()
    assert message.status == OutboxStatus.SENT and message.attempts == 3
    assert message.last_error == ""
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [reader.email]


def test_failed_after_the_last_attempt_and_sent_again_from_the_admin(
    reader, org, smtp_down, django_capture_on_commit_callbacks, client
):
    operator = UserFactory(username="drift", is_superuser=True, is_staff=True)
    client.force_login(operator)
    admin_client = client
    smtp_down.MALBILD_MAIL_MAX_ATTEMPTS = 2
    with django_capture_on_commit_callbacks(execute=True):
        message = role_notice(reader, org)  # first attempt fails (immediate task backend)
    message.refresh_from_db()
    assert message.status == OutboxStatus.QUEUED and message.attempts == 1
    OutboxMessage.objects.filter(pk=message.pk).update(next_attempt_at=timezone.now())
    assert tasks.send_due() == {"failed": 1}
    message.refresh_from_db()
    assert message.status == OutboxStatus.FAILED and message.attempts == 2
    assert tasks.send_due() == {}  # a failed message is not retried by itself
    # the outbox in the admin shows it; "send again now" queues it
    smtp_down.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
    page = admin_client.get("/admin/notifications/outboxmessage/").content.decode()
    assert message.subject in page and "Misslyckades" in page
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(
            "/admin/notifications/outboxmessage/",
            {"action": "retry", "_selected_action": [message.pk]},
        )
    message.refresh_from_db()
    assert message.status == OutboxStatus.SENT
    detail = admin_client.get(f"/admin/notifications/outboxmessage/{message.pk}/change/")
    assert detail.status_code == 200 and "ConnectionRefusedError" not in detail.content.decode()


def test_a_claimed_message_is_not_sent_twice(reader, org, mailoutbox):
    message = role_notice(reader, org)  # in the test transaction: not enqueued
    assert tasks.deliver(message.pk) == "sent"
    assert tasks.deliver(message.pk) == "skipped"
    # a message another worker is sending (its lease moved the next attempt ahead)
    other = role_notice(reader, org)
    OutboxMessage.objects.filter(pk=other.pk).update(next_attempt_at=timezone.now() + tasks.LEASE)
    assert tasks.send_due() == {}
    assert len(mailoutbox) == 1


def test_one_time_links_are_erased_once_sent(
    client, org, admin_user, mailoutbox, django_capture_on_commit_callbacks
):
    access = get_organisation_access(admin_user, org.slug)
    with django_capture_on_commit_callbacks(execute=True):
        user, created = member_add(access=access, email="ny@example.org", role=Role.READER)
    assert created
    message = OutboxMessage.objects.get(recipient=user)
    assert message.kind == "accounts.invitation" and message.status == OutboxStatus.SENT
    assert message.text_body == "" and message.html_body == "" and message.url == ""
    assert "/accounts/password/set/" in mailoutbox[0].body  # it was in the e-mail


def test_enqueue_failure_is_logged_and_left_to_the_sweep(reader, org, monkeypatch, caplog):
    message = role_notice(reader, org)

    def broken(*args, **kwargs):
        raise RuntimeError("task database gone")

    monkeypatch.setattr(type(tasks.send_outbox_message), "enqueue", broken)
    tasks.enqueue_message(message.pk)  # does not raise
    assert "send_outbox" in caplog.text
    message.refresh_from_db()
    assert message.status == OutboxStatus.QUEUED


def test_attachments_rendered_in_the_recipients_language_kept_and_sent_on_retry(
    reader, org, smtp_down, django_capture_on_commit_callbacks, client, django_assert_num_queries
):
    """`attachments` is called per recipient in their language; the files are stored with
    the message (one insert for all recipients), survive a failed attempt and go out with
    the retry; the admin lists them."""
    english = UserFactory(username="en", email="en@example.org", language="en")

    def files():
        from django.utils.translation import gettext

        return [Attachment(filename="remiss.ics", content=gettext("Yes"), mimetype="text/calendar")]

    # savepoint, preferences, the messages, the attachments, release: whatever the number
    with django_assert_num_queries(5):
        messages = notify_all(
            kind="accounts.role_granted",
            recipients=[reader, english],
            organisation=org,
            context={"role_label": "Läsare"},
            attachments=files,
        )
    stored = {m.email: bytes(m.attachments.get().content) for m in messages}
    assert stored == {reader.email: b"Ja", "en@example.org": b"Yes"}
    # each file carries the message's organisation (the sharding key, ADR 0029)
    assert {a.organisation_id for m in messages for a in m.attachments.all()} == {org.pk}
    message = messages[0]
    assert tasks.deliver(message.pk) == "retry"  # the SMTP server is down
    smtp_down.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
    OutboxMessage.objects.filter(pk=message.pk).update(next_attempt_at=timezone.now())
    mail.outbox = []
    assert tasks.deliver(message.pk) == "sent"
    [sent] = mail.outbox
    [part] = [p for p in sent.message().walk() if p.get_filename()]
    assert part.get_filename() == "remiss.ics" and part.get_content_type() == "text/calendar"
    assert part.get_payload(decode=True).strip() == b"Ja"
    operator = UserFactory(username="drift", is_superuser=True, is_staff=True)
    client.force_login(operator)
    detail = client.get(f"/admin/notifications/outboxmessage/{message.pk}/change/")
    assert "remiss.ics" in detail.content.decode()
