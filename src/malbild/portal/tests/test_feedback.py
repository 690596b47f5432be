"""The feedback form: stored, the admins notified through the outbox, and refused — without
storing anything — when the hidden field is filled in, when it is sent back too fast or with
a forged time stamp, or over the rate limit."""

import time

import pytest
from django.core import signing
from django.urls import reverse

from malbild.core.access import access_for
from malbild.notifications.models import OutboxMessage
from malbild.portal import services
from malbild.portal.models import FeedbackMessage
from malbild.portal.views import public


@pytest.fixture
def portal_on(org, admin_user):
    services.portal_settings_update(access=access_for(admin_user, org), data={"enabled": True})
    return org


def _stamp(seconds_ago: int) -> str:
    return signing.dumps(int(time.time()) - seconds_ago, salt=public._SIGNER_SALT)


def _post(client, org, **fields):
    data = {"message": "Tabellen går inte att läsa med skärmläsare.", "stamp": _stamp(30)}
    data.update(fields)
    return client.post(reverse("portal:feedback", kwargs={"org": org.slug}), data)


def test_a_message_is_stored_and_reaches_the_admins(client, portal_on, admin_user, reader):
    response = _post(client, portal_on, email="anna@example.org", page="/portal/alingsas/")
    assert response.status_code == 302
    message = FeedbackMessage.objects.get()
    assert message.email == "anna@example.org" and message.page == "/portal/alingsas/"
    outbox = OutboxMessage.objects.filter(kind="portal.feedback")
    assert [m.recipient for m in outbox] == [admin_user]
    assert "skärmläsare" in outbox[0].text_body


def test_the_admin_sees_and_handles_it(client, portal_on, admin_user):
    _post(client, portal_on)
    message = FeedbackMessage.objects.get()
    client.force_login(admin_user)
    page = client.get(reverse("portal:feedback-list", kwargs={"org": portal_on.slug}))
    assert "skärmläsare" in page.content.decode()
    client.post(
        reverse("portal:feedback-handled", kwargs={"org": portal_on.slug, "pk": message.pk})
    )
    message.refresh_from_db()
    assert message.handled_at is not None


@pytest.mark.parametrize(
    "fields",
    [
        {"website": "http://spam.example"},
        {"stamp": "now"},
        {"stamp": "forged"},
        {"message": ""},
    ],
)
def test_robots_and_empty_messages_are_refused(client, portal_on, fields):
    if fields.get("stamp") == "now":
        fields = {"stamp": _stamp(0)}  # sent back at once
    response = _post(client, portal_on, **fields)
    assert response.status_code == 400
    assert not FeedbackMessage.objects.exists()
    assert not OutboxMessage.objects.filter(kind="portal.feedback").exists()


def test_rate_limit(client, portal_on):
    for _ in range(services.FEEDBACK_LIMIT):
        assert _post(client, portal_on).status_code == 302
    assert _post(client, portal_on).status_code == 429
    assert FeedbackMessage.objects.count() == services.FEEDBACK_LIMIT


def test_no_form_for_an_organisation_without_portal(client, org):
    assert client.get(reverse("portal:feedback", kwargs={"org": org.slug})).status_code == 404


def test_the_page_is_kept_only_when_it_is_a_portal_address(client, portal_on):
    _post(client, portal_on, page="javascript:alert(1)")
    assert FeedbackMessage.objects.get().page == ""
