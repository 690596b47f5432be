"""Sessions end after the idle timeout and after the absolute lifetime; granting a role and
creating an API token ask for the password again when it was entered too long ago (a
"confirm your password" page that keeps the submission and then carries it out); the API's
token creation needs the password unless the browser session is fresh."""

import time

from django.test import Client, override_settings
from django.urls import reverse

from malbild.accounts.constants import Role
from malbild.accounts.middleware import AUTH_AT, LOGIN_AT, SEEN_AT
from malbild.accounts.models import ApiToken
from malbild.api.tests.helpers import ApiClient

PASSWORD = "pw-Secret-123"


def signed_in(user, **ages) -> Client:
    """A client signed in as `user`, its session times moved `ages` seconds into the past."""
    user.refresh_from_db()
    client = Client()
    client.force_login(user)
    session = client.session
    for key, age in ages.items():
        session[{"login": LOGIN_AT, "auth": AUTH_AT, "seen": SEEN_AT}[key]] = int(time.time()) - age
    session.save()
    return client


def test_active_session_stays(reader):
    client = signed_in(reader, seen=120)
    assert client.get(reverse("accounts:profile")).status_code == 200
    assert client.session[SEEN_AT] >= int(time.time()) - 5  # renewed


@override_settings(SESSION_COOKIE_AGE=8 * 3600)
def test_idle_session_is_logged_out(reader):
    client = signed_in(reader, seen=8 * 3600 + 60)
    response = client.get(reverse("accounts:profile"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


@override_settings(MALBILD_SESSION_MAX_AGE=7 * 86400)
def test_session_older_than_the_absolute_lifetime_is_logged_out(reader):
    client = signed_in(reader, login=7 * 86400 + 60, seen=10)
    assert client.get(reverse("accounts:profile")).status_code == 302


def member_detail(org, user):
    return reverse("organisation:member-detail", kwargs={"org": org.slug, "pk": user.pk})


def test_role_grant_asks_for_the_password_again_and_then_grants(org, admin_user, reader):
    client = signed_in(admin_user, auth=16 * 60)
    data = {"role": Role.STRATEGIST}
    response = client.post(member_detail(org, reader), data)
    assert response.status_code == 200
    assert "accounts/confirm_password.html" in [t.name for t in response.templates]
    assert '<input type="hidden" name="role" value="strategist">' in response.content.decode()
    assert not reader.memberships.filter(role=Role.STRATEGIST).exists()

    wrong = client.post(member_detail(org, reader), {**data, "confirm_password": "nope"})
    assert wrong.status_code == 403
    assert not reader.memberships.filter(role=Role.STRATEGIST).exists()

    done = client.post(member_detail(org, reader), {**data, "confirm_password": PASSWORD})
    assert done.status_code == 302
    assert reader.memberships.filter(role=Role.STRATEGIST).exists()
    # fresh now: the next grant needs no confirmation
    again = client.post(member_detail(org, reader), {"role": Role.ADMIN})
    assert again.status_code == 302


def test_token_creation_on_the_profile_asks_for_the_password_again(reader):
    client = signed_in(reader, auth=16 * 60)
    response = client.post(reverse("accounts:profile"), {"name": "BI"})
    assert "accounts/confirm_password.html" in [t.name for t in response.templates]
    assert not ApiToken.objects.exists()
    response = client.post(
        reverse("accounts:profile"), {"name": "BI", "confirm_password": PASSWORD}
    )
    assert response.status_code == 200
    assert response.context["new_key"]
    assert ApiToken.objects.get().name == "BI"


def api_post(client, data):
    return client.post(
        "/api/v1/tokens",
        data,
        content_type="application/json",
        headers={"X-CSRFToken": "k" * 32, "Accept-Language": "en"},
    )


def test_api_token_creation_from_a_fresh_session_needs_no_password(reader):
    client = signed_in(reader)
    client.cookies["csrftoken"] = "k" * 32
    response = api_post(client, {"name": "BI"})
    assert response.status_code == 201
    assert response["Cache-Control"] == "no-store"


def test_api_token_creation_from_a_stale_session_needs_the_password(reader):
    client = signed_in(reader, auth=16 * 60)
    client.cookies["csrftoken"] = "k" * 32
    assert api_post(client, {"name": "BI"}).status_code == 403
    assert api_post(client, {"name": "BI", "password": "wrong"}).status_code == 403
    assert not ApiToken.objects.exists()
    assert api_post(client, {"name": "BI", "password": PASSWORD}).status_code == 201


def test_a_token_cannot_create_tokens_without_the_password(reader):
    api = ApiClient(reader)  # a read-write token
    assert api.post("/tokens", {"name": "more"}).status_code == 403
    assert ApiToken.objects.count() == 1
