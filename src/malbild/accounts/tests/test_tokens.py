"""Personal API tokens on the profile page: the raw key is shown once and only its hash is
stored; tokens can be revoked by their owner only; a rejected form creates nothing."""

from django.urls import reverse

from malbild.accounts.models import ApiToken
from malbild.accounts.services import api_token_authenticate, api_token_create
from malbild.accounts.tokens import hash_token
from malbild.core.models import AuditEntry


def login(client, user):
    user.refresh_from_db()  # the stored password hash is part of the session
    client.force_login(user)


def test_profile_lists_roles_and_tokens(client, editor, body, org):
    api_token_create(user=editor, name="Power BI")
    login(client, editor)
    response = client.get(reverse("accounts:profile"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Power BI" in html
    assert body.name in html
    assert org.name in html


def test_create_token_shows_raw_key_once_and_stores_only_hash(client, reader):
    login(client, reader)
    response = client.post(reverse("accounts:profile"), {"name": "Rapportverktyg"})
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    raw = response.context["new_key"]
    assert raw.startswith(ApiToken.PREFIX)
    assert raw in response.content.decode()

    token = ApiToken.objects.get(user=reader)
    assert token.name == "Rapportverktyg"
    assert token.key_hash == hash_token(raw)
    assert raw not in {getattr(token, f.attname) for f in ApiToken._meta.concrete_fields}
    assert raw not in str(AuditEntry.objects.get(model="accounts.apitoken").changes)
    assert api_token_authenticate(raw) == reader

    # the next page view does not show the key again
    assert raw not in client.get(reverse("accounts:profile")).content.decode()


def test_create_token_without_name_is_rejected(client, reader):
    login(client, reader)
    response = client.post(reverse("accounts:profile"), {"name": "  "})
    assert response.status_code == 200
    assert "name" in response.context["form"].errors
    assert response.context["new_key"] is None
    assert not ApiToken.objects.exists()
    assert not AuditEntry.objects.exists()


def test_revoke_token(client, reader):
    token, raw = api_token_create(user=reader, name="Skript")
    login(client, reader)
    response = client.post(reverse("accounts:token-revoke", kwargs={"pk": token.pk}))
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert api_token_authenticate(raw) is None
    assert "Skript" in client.get(reverse("accounts:profile")).content.decode()


def test_revoke_needs_post(client, reader):
    token, _raw = api_token_create(user=reader, name="Skript")
    login(client, reader)
    assert client.get(reverse("accounts:token-revoke", kwargs={"pk": token.pk})).status_code == 405
    token.refresh_from_db()
    assert token.revoked_at is None


def test_cannot_revoke_someone_elses_token(client, reader, outsider):
    token, raw = api_token_create(user=outsider, name="Annans")
    login(client, reader)
    response = client.post(reverse("accounts:token-revoke", kwargs={"pk": token.pk}))
    assert response.status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None
    assert api_token_authenticate(raw) == outsider


def test_profile_query_count_does_not_grow_with_tokens(client, reader, django_assert_num_queries):
    login(client, reader)
    api_token_create(user=reader, name="a")
    client.get(reverse("accounts:profile"))  # warm up (session, caches)
    # session, user, tokens, memberships + bodies, notification preferences
    with django_assert_num_queries(6) as ctx:
        client.get(reverse("accounts:profile"))
    for n in range(5):
        api_token_create(user=reader, name=f"t{n}")
    with django_assert_num_queries(len(ctx.captured_queries)):
        client.get(reverse("accounts:profile"))
