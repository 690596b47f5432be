"""Logging in and out, changing the password, and anonymous visitors being sent to the login
page (which every page links to)."""

import pytest
from django.urls import reverse

from malbild.accounts.models import User
from malbild.core.models import AuditEntry

PASSWORD = "pw-Secret-123"


def login(client, user):
    user.refresh_from_db()  # the stored password hash is part of the session
    client.force_login(user)


@pytest.fixture(autouse=True)
def _stored_password(request):
    """Store the known password for the role users a test uses (the factory sets it on the
    instance only)."""
    for name in ("reader",):
        if name in request.fixturenames:
            user = request.getfixturevalue(name)
            user.set_password(PASSWORD)
            user.save(update_fields=["password"])


def test_login_page_renders_with_labelled_fields(client, db):
    response = client.get(reverse("accounts:login"))
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<h1") == 1
    assert 'for="id_username"' in html
    assert 'for="id_password"' in html


def test_login_with_valid_credentials_redirects_to_start_page(client, reader):
    response = client.post(reverse("accounts:login"), {"username": "lasare", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("web:home")
    assert client.get(reverse("web:home")).context["user"] == reader


def test_login_follows_next(client, reader, org):
    target = reverse("organisation:overview", kwargs={"org": org.slug})
    response = client.post(
        reverse("accounts:login"), {"username": "lasare", "password": PASSWORD, "next": target}
    )
    assert response["Location"] == target


def test_login_with_wrong_password_is_rejected(client, reader):
    response = client.post(reverse("accounts:login"), {"username": "lasare", "password": "nope"})
    assert response.status_code == 200
    assert response.context["form"].errors
    assert "_auth_user_id" not in client.session


def test_logout_requires_post_and_ends_the_session(client, reader):
    login(client, reader)
    assert client.get(reverse("accounts:logout")).status_code == 405
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:login")
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize(
    "name,kwargs",
    [
        ("accounts:profile", {}),
        ("accounts:password-change", {}),
        ("organisation:overview", {"org": "alingsas"}),
        ("organisation:body-list", {"org": "alingsas"}),
        ("organisation:member-list", {"org": "alingsas"}),
        ("web:organisation-create", {}),
    ],
)
def test_anonymous_visitors_are_redirected_to_login(client, org, name, kwargs):
    url = reverse(name, kwargs=kwargs)
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
    assert "next=" in response["Location"]


def test_every_page_links_to_login_for_anonymous_visitors(client, db):
    for url in (reverse("web:home"), reverse("accounts:login")):
        html = client.get(url).content.decode()
        assert f'href="{reverse("accounts:login")}' in html


def test_password_change(client, reader):
    login(client, reader)
    response = client.post(
        reverse("accounts:password-change"),
        {
            "old_password": PASSWORD,
            "new_password1": "a-New-passw0rd-2026",
            "new_password2": "a-New-passw0rd-2026",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:password-change-done")
    reader.refresh_from_db()
    assert reader.check_password("a-New-passw0rd-2026")
    # the session survives the change
    assert client.get(reverse("accounts:profile")).status_code == 200
    entry = AuditEntry.objects.get(model="accounts.user", object_id=str(reader.pk))
    assert "a-New-passw0rd-2026" not in str(entry.changes)
    assert reader.password not in str(entry.changes)


@pytest.mark.parametrize(
    "data,field",
    [
        (
            {
                "old_password": "wrong",
                "new_password1": "a-New-pw-2026",
                "new_password2": "a-New-pw-2026",
            },
            "old_password",
        ),
        (
            {
                "old_password": PASSWORD,
                "new_password1": "a-New-pw-2026",
                "new_password2": "other-pw-2026",
            },
            "new_password2",
        ),
        (
            {"old_password": PASSWORD, "new_password1": "1234", "new_password2": "1234"},
            "new_password2",
        ),
    ],
)
def test_password_change_rejected_changes_nothing(client, reader, data, field):
    login(client, reader)
    before = User.objects.get(pk=reader.pk).password
    response = client.post(reverse("accounts:password-change"), data)
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert User.objects.get(pk=reader.pk).password == before
    assert not AuditEntry.objects.filter(model="accounts.user").exists()
