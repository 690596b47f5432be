"""Login throttling (django-axes, on for these tests only): after MALBILD_LOGIN_FAILURE_LIMIT
wrong passwords a username is locked out from that address — 429 with a Swedish page and
Retry-After, the right password refused too — until the cool-off ends; other users and other
addresses are unaffected. The admin login is throttled the same way, and a burst of bad API
tokens from one address gets 429 in the API's JSON format. Lockouts are logged to
`malbild.security` and listed in the Django admin."""

import json
import logging
from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from malbild.accounts.services import api_token_create
from malbild.core.tests.factories import UserFactory

LIMIT = 3
PASSWORD = "pw-Secret-123"  # core.tests.factories.UserFactory

pytestmark = pytest.mark.usefixtures("_throttling")


@pytest.fixture
def operator(db):
    return UserFactory(username="drift", is_superuser=True, is_staff=True)


@pytest.fixture
def _throttling():
    with override_settings(
        AXES_ENABLED=True, AXES_FAILURE_LIMIT=LIMIT, AXES_COOLOFF_TIME=timedelta(minutes=15)
    ):
        yield


def log_in(client, username, password, ip="10.0.0.1", url=None):
    return client.post(
        url or reverse("accounts:login"),
        {"username": username, "password": password},
        REMOTE_ADDR=ip,
    )


def test_wrong_passwords_lock_out_then_cool_off_ends_it(reader, caplog):
    client = Client()
    for _ in range(LIMIT - 1):
        assert log_in(client, "lasare", "wrong").status_code == 200
    with caplog.at_level(logging.INFO, logger="malbild.security"):
        locked = log_in(client, "lasare", "wrong")
    assert locked.status_code == 429
    assert locked["Retry-After"] == str(15 * 60)
    html = locked.content.decode()
    assert "För många försök" in html and "Försök igen om 15 minuter" in html

    # the right password is refused as well while the lockout lasts
    refused = log_in(client, "lasare", PASSWORD)
    assert refused.status_code == 429
    assert "_auth_user_id" not in client.session

    security = [r for r in caplog.records if r.name == "malbild.security"]
    events = [json.loads(r.getMessage().split(" ", 1)[1])["event"] for r in security]
    assert "login.failed" in events and "login.locked_out" in events
    assert all(PASSWORD not in r.getMessage() for r in caplog.records)

    # after the cool-off the right password works again
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=16))
    assert log_in(client, "lasare", PASSWORD).status_code == 302
    assert client.session["_auth_user_id"] == str(reader.pk)


def test_other_users_and_addresses_are_not_locked_out(reader, editor):
    for _ in range(LIMIT):
        log_in(Client(), "lasare", "wrong")
    assert log_in(Client(), "lasare", PASSWORD).status_code == 429
    # the same user from another address, and another user from the same address
    assert log_in(Client(), "lasare", PASSWORD, ip="10.0.0.2").status_code == 302
    assert log_in(Client(), "redaktor", PASSWORD).status_code == 302


def test_admin_login_is_throttled(operator):
    url = reverse("admin:login")
    for _ in range(LIMIT):
        response = log_in(Client(), operator.username, "wrong", url=url)
    assert response.status_code == 429
    assert log_in(Client(), operator.username, PASSWORD, url=url).status_code == 429


def test_bad_token_burst_is_locked_out_per_address(reader):
    _token, raw = api_token_create(user=reader, name="BI")
    url = "/api/v1/me"

    def get(token, ip="10.0.0.9"):
        return Client().get(
            url,
            headers={"Authorization": f"Bearer {token}", "Accept-Language": "en"},
            REMOTE_ADDR=ip,
        )

    for _ in range(LIMIT - 1):
        assert get("mb_guess").status_code == 401
    locked = get("mb_guess")
    assert locked.status_code == 429
    assert locked.json() == {"detail": "Too many failed attempts. Try again later."}
    assert int(locked["Retry-After"]) == 15 * 60
    # even a valid token is refused from that address until the cool-off ends …
    assert get(raw).status_code == 429
    # … but works from another one
    assert get(raw, ip="10.0.0.10").status_code == 200


def test_lockouts_are_listed_in_the_admin(client, reader, operator):
    for _ in range(LIMIT):
        log_in(Client(), "lasare", "wrong")
    client.force_login(operator)
    response = client.get(reverse("admin:axes_accessattempt_changelist"))
    assert response.status_code == 200
    assert "lasare" in response.content.decode()
