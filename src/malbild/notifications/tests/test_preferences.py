"""Notification preferences: per kind at once, in the daily digest or not at all; `notify`
respects them (nothing stored for "not at all", held for the digest), kinds a person must get
(invitations) ignore them, `send_digests` sends one digest per person in their language with
every held message and a second run sends nothing; `notify_all` runs a fixed number of
queries whatever the number of recipients."""

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from malbild.core.models import AuditEntry
from malbild.core.tests.factories import UserFactory
from malbild.notifications.constants import Delivery, OutboxStatus
from malbild.notifications.kinds import register_kind, unregister_kind
from malbild.notifications.models import OutboxMessage
from malbild.notifications.services import notify, notify_all, preference_choices, preferences_set

from .conftest import role_notice

pytestmark = pytest.mark.django_db


def test_none_stores_nothing(reader, org, mailoutbox, django_capture_on_commit_callbacks):
    preferences_set(user=reader, choices={"accounts.role_granted": Delivery.NONE})
    with django_capture_on_commit_callbacks(execute=True):
        assert role_notice(reader, org) is None
    assert OutboxMessage.objects.count() == 0 and mailoutbox == []


def test_digest_holds_the_message_until_send_digests(
    reader, strategist, org, mailoutbox, django_capture_on_commit_callbacks
):
    preferences_set(user=reader, choices={"accounts.role_granted": Delivery.DIGEST})
    reader.language = "en"
    reader.save(update_fields=["language"])
    with django_capture_on_commit_callbacks(execute=True):
        first = role_notice(reader, org)
        second = role_notice(reader, org)
        at_once = role_notice(strategist, org)  # no preference: the kind's default, at once
    assert first.status == second.status == OutboxStatus.DIGEST
    assert [m.to for m in mailoutbox] == [[strategist.email]]
    assert at_once.status == OutboxStatus.QUEUED

    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_digests")
    [digest_mail] = mailoutbox
    assert digest_mail.to == [reader.email]
    assert digest_mail.subject == "Målbild: 2 notifications"
    assert digest_mail.body.count("You have been added to Alingsås kommun in Målbild") == 2
    assert "https://malbild.example/accounts/login/" in digest_mail.body
    assert "https://malbild.example/accounts/login/" in digest_mail.alternatives[0].content
    digest = OutboxMessage.objects.get(kind="notifications.digest")
    assert digest.status == OutboxStatus.SENT and digest.language == "en"
    assert digest.organisation == org  # all items from one organisation: its name as sender
    for item in (first, second):
        item.refresh_from_db()
        assert item.status == OutboxStatus.DIGESTED and item.digest == digest

    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_digests")
    assert mailoutbox == []


def test_swedish_digest_subject(reader, org, mailoutbox, django_capture_on_commit_callbacks):
    preferences_set(user=reader, choices={"accounts.role_granted": Delivery.DIGEST})
    role_notice(reader, org)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_digests")
    assert mailoutbox[0].subject == "Målbild: 1 avisering"


def test_kinds_a_person_must_get_ignore_preferences(reader, org):
    with pytest.raises(ValidationError) as exc:
        preferences_set(user=reader, choices={"accounts.invitation": Delivery.NONE})
    assert "accounts.invitation" in exc.value.message_dict
    assert "accounts.invitation" not in [k.key for k, _d in preference_choices(user=reader)]


def test_unknown_delivery_refused_and_nothing_written(reader):
    with pytest.raises(ValidationError):
        preferences_set(user=reader, choices={"accounts.role_granted": "weekly"})
    assert (
        dict((k.key, d) for k, d in preference_choices(user=reader))["accounts.role_granted"]
        == Delivery.IMMEDIATE
    )


def test_preferences_are_audited_and_unchanged_choices_write_nothing(reader):
    changes = preferences_set(user=reader, choices={"accounts.role_granted": Delivery.DIGEST})
    assert changes == {"accounts.role_granted": [Delivery.IMMEDIATE, Delivery.DIGEST]}
    assert AuditEntry.objects.filter(event="notifications.preferences_changed").count() == 1
    assert preferences_set(user=reader, choices={"accounts.role_granted": Delivery.DIGEST}) == {}
    assert AuditEntry.objects.filter(event="notifications.preferences_changed").count() == 1


def test_kind_default_applies_without_a_choice(reader, org):
    register_kind(
        "test.digest_default",
        label="Test",
        template="accounts/mail/role_granted",
        default=Delivery.DIGEST,
    )
    try:
        message = notify(kind="test.digest_default", to=reader, organisation=org)
        assert message.status == OutboxStatus.DIGEST
    finally:
        unregister_kind("test.digest_default")


def test_inactive_users_and_users_without_address_get_nothing(org):
    gone = UserFactory(is_active=False)
    silent = UserFactory(email="")
    assert notify_all(kind="accounts.role_granted", recipients=[gone, silent]) == []


@pytest.mark.parametrize("n", [2, 6])
def test_notify_all_queries_do_not_grow_with_recipients(org, n):
    users = [UserFactory() for _ in range(n)]
    preferences_set(user=users[0], choices={"accounts.role_granted": Delivery.NONE})
    with CaptureQueriesContext(connection) as ctx:
        messages = notify_all(
            kind="accounts.role_granted",
            recipients=users,
            organisation=org,
            context={"role_label": "Läsare"},
        )
    assert len(messages) == n - 1
    # savepoint, preferences, the insert, savepoint release
    assert len(ctx.captured_queries) == 4
