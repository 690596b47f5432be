"""API authentication: personal tokens (valid, revoked, wrong, anonymous → 401), the browser
session with a CSRF check on unsafe methods, and the token endpoints of the current user."""

import pytest
from django.test import Client

from malbild.accounts.models import ApiToken
from malbild.accounts.services import api_token_create, api_token_revoke
from malbild.catalogue.models import CatalogueItem

URL = "/api/v1/organisations/alingsas/catalogue"
NEW_ITEM = {"kind": "it_system", "name": "Koha"}


def session_client(user) -> Client:
    """A browser-like client signed in as `user`, with Django's CSRF checks enforced."""
    user.refresh_from_db()  # the stored password hash is part of the session
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    return client


def bearer(raw: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {raw}", "Accept-Language": "en"}


def test_valid_token_authenticates(reader):
    _token, raw = api_token_create(user=reader, name="BI")
    response = Client().get(URL, headers=bearer(raw))
    assert response.status_code == 200
    assert response.json()["count"] == 0
    me = Client().get("/api/v1/me", headers=bearer(raw)).json()
    assert me["username"] == reader.username


def test_token_use_is_recorded(reader):
    token, raw = api_token_create(user=reader, name="BI")
    assert token.last_used_at is None
    Client().get(URL, headers=bearer(raw))
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_revoked_token_is_401(reader):
    token, raw = api_token_create(user=reader, name="BI")
    api_token_revoke(user=reader, token=token)
    response = Client().get(URL, headers=bearer(raw))
    assert response.status_code == 401
    assert response.json() == {"detail": "Authentication required"}


@pytest.mark.parametrize(
    "header",
    ["Bearer mb_wrong", "Bearer not-a-token", "Token mb_x", "Basic dXNlcjpwYXNz", "Bearer"],
)
def test_wrong_token_is_401(reader, header):
    api_token_create(user=reader, name="BI")
    response = Client().get(URL, headers={"Authorization": header})
    assert response.status_code == 401


def test_inactive_user_token_is_401(reader):
    _token, raw = api_token_create(user=reader, name="BI")
    reader.is_active = False
    reader.save()
    assert Client().get(URL, headers=bearer(raw)).status_code == 401


def test_anonymous_is_401_for_reads_and_writes(org):
    client = Client()
    assert client.get("/api/v1/organisations").status_code == 401
    assert client.get(URL).status_code == 401
    response = client.post(URL, NEW_ITEM, content_type="application/json")
    assert response.status_code == 401
    assert not CatalogueItem.objects.exists()


def test_token_writes_need_no_csrf(strategist):
    _token, raw = api_token_create(user=strategist, name="script", scope="write")
    client = Client(enforce_csrf_checks=True)
    response = client.post(URL, NEW_ITEM, content_type="application/json", headers=bearer(raw))
    assert response.status_code == 201, response.content
    assert CatalogueItem.objects.get().name == "Koha"


def test_session_reads_without_csrf(reader):
    client = session_client(reader)
    assert client.get(URL).status_code == 200


def test_session_write_without_csrf_is_403_and_changes_nothing(strategist):
    client = session_client(strategist)
    response = client.post(URL, NEW_ITEM, content_type="application/json")
    assert response.status_code == 403
    assert not CatalogueItem.objects.exists()


def test_session_write_with_wrong_csrf_is_403(strategist):
    client = session_client(strategist)
    client.cookies["csrftoken"] = "a" * 32
    response = client.post(
        URL, NEW_ITEM, content_type="application/json", headers={"X-CSRFToken": "b" * 32}
    )
    assert response.status_code == 403
    assert not CatalogueItem.objects.exists()


def test_session_write_with_csrf_token(strategist):
    client = session_client(strategist)
    secret = "k" * 32
    client.cookies["csrftoken"] = secret
    response = client.post(
        URL, NEW_ITEM, content_type="application/json", headers={"X-CSRFToken": secret}
    )
    assert response.status_code == 201, response.content
    assert CatalogueItem.objects.filter(name="Koha").exists()


# The current user's tokens ---------------------------------------------------------------------


def test_create_list_and_revoke_own_tokens(api_as, reader):
    api = api_as(reader)  # authenticates with a token named "test"
    created = api.post("/tokens", {"name": "Power BI", "password": "pw-Secret-123"})
    assert created.status_code == 201
    assert created["Cache-Control"] == "no-store"
    body = created.json()
    assert body["key"].startswith("mb_")
    assert body["key_prefix"] == body["key"][:10]
    assert body["is_active"] is True
    stored = ApiToken.objects.get(pk=body["id"])
    assert stored.key_hash != body["key"]  # only the hash is kept

    listed = api.get("/tokens").json()
    assert listed["count"] == 2
    assert {t["name"] for t in listed["items"]} == {"test", "Power BI"}
    assert all("key" not in t for t in listed["items"])

    # the new key works until it is revoked
    new_client = Client()
    assert new_client.get(URL, headers=bearer(body["key"])).status_code == 200
    revoked = api.delete(f"/tokens/{body['id']}")
    assert revoked.status_code == 200
    assert revoked.json()["is_active"] is False
    assert new_client.get(URL, headers=bearer(body["key"])).status_code == 401


def test_token_name_required_and_nothing_created(api_as, reader):
    api = api_as(reader)
    before = ApiToken.objects.count()
    response = api.post("/tokens", {"name": "  ", "password": "pw-Secret-123"})
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "name"]
    assert ApiToken.objects.count() == before


def test_cannot_revoke_someone_elses_token(api_as, reader, strategist):
    other, _raw = api_token_create(user=strategist, name="theirs")
    response = api_as(reader).delete(f"/tokens/{other.pk}")
    assert response.status_code == 404
    other.refresh_from_db()
    assert other.revoked_at is None
