"""API token policy: expiry (default and maximum from the settings; expired → 401), scopes
(read-only → 403 for writes), automatic revocation on a password change and when the user's
last role anywhere is revoked; expiry and scope in GET /api/v1/tokens and on the profile."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from malbild.accounts.models import ApiToken
from malbild.accounts.services import (
    api_token_authenticate,
    api_token_create,
    membership_revoke,
    membership_set,
    password_change,
)
from malbild.api.tests.helpers import ApiClient


def bearer(raw):
    return {"Authorization": f"Bearer {raw}", "Accept-Language": "en"}


@override_settings(MALBILD_API_TOKEN_DEFAULT_DAYS=90, MALBILD_API_TOKEN_MAX_DAYS=365)
def test_expiry_default_and_maximum(reader):
    token, _raw = api_token_create(user=reader, name="a")
    assert abs(token.expires_at - (timezone.now() + timedelta(days=90))) < timedelta(minutes=1)
    assert token.scope == "read"
    with pytest.raises(ValidationError):
        api_token_create(user=reader, name="b", expires_in_days=366)
    token, _raw = api_token_create(user=reader, name="c", expires_in_days=365)
    assert token.expires_at > timezone.now() + timedelta(days=364)


def test_expired_token_is_refused(reader):
    token, raw = api_token_create(user=reader, name="a")
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    assert api_token_authenticate(raw) is None
    assert Client().get("/api/v1/me", headers=bearer(raw)).status_code == 401


def test_read_only_token_reads_but_cannot_write(strategist):
    _token, raw = api_token_create(user=strategist, name="a", scope="read")
    client = Client()
    assert client.get("/api/v1/me", headers=bearer(raw)).status_code == 200
    for method in ("post", "put", "patch", "delete"):
        response = getattr(client, method)(
            "/api/v1/tokens/1", {}, content_type="application/json", headers=bearer(raw)
        )
        assert response.status_code in (403, 405), method
    response = client.post(
        "/api/v1/tokens", {"name": "x"}, content_type="application/json", headers=bearer(raw)
    )
    assert response.status_code == 403
    assert response.json() == {"detail": "This token is read-only."}


def test_password_change_revokes_tokens(reader):
    _token, raw = api_token_create(user=reader, name="a")
    password_change(user=reader, new_password="Ett-nytt-bra-losen-2026")
    assert api_token_authenticate(raw) is None
    assert ApiToken.objects.get().revoked_at is not None


def test_password_set_anywhere_revokes_tokens(reader):
    _token, raw = api_token_create(user=reader, name="a")
    reader.set_password("Ett-nytt-bra-losen-2026")
    reader.save()
    assert api_token_authenticate(raw) is None


def test_losing_the_last_role_revokes_tokens(org, admin_user, reader, other_org, access_of):
    _token, raw = api_token_create(user=reader, name="a")
    membership_revoke(access=access_of(admin_user), membership=reader.memberships.get())
    assert api_token_authenticate(raw) is None


def test_a_remaining_role_elsewhere_keeps_tokens(org, admin_user, reader, other_org, access_of):
    membership_set(access=None, user=reader, organisation=other_org, role="reader")
    _token, raw = api_token_create(user=reader, name="a")
    membership_revoke(
        access=access_of(admin_user), membership=reader.memberships.get(organisation=org)
    )
    assert api_token_authenticate(raw) == reader


def test_scope_and_expiry_are_listed(reader, client):
    response = ApiClient(reader).get("/tokens")
    item = response.json()["items"][0]
    assert item["scope"] == "write" and item["expires_at"]
    reader.refresh_from_db()
    client.force_login(reader)
    html = client.get(reverse("accounts:profile")).content.decode()
    assert "Läsa och skriva" in html and "Upphör" in html
