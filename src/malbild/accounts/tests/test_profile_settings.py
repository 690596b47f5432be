"""E-mail settings on the profile page: the language of e-mail and, per kind of notification
a person may choose, at once / daily digest / not at all; saved, audited, shown again; a
rejected choice changes nothing and is named next to its field; the page runs a fixed number
of queries whatever the number of tokens and choices."""

import pytest
from django.urls import reverse

from malbild.accounts.services import api_token_create
from malbild.core.models import AuditEntry
from malbild.notifications.constants import Delivery
from malbild.notifications.kinds import register_kind, unregister_kind
from malbild.notifications.services import preference_choices

FIELD = "notify_accounts_role_granted"


def login(client, user):
    user.refresh_from_db()
    client.force_login(user)


def choices(user):
    return {k.key: d for k, d in preference_choices(user=user)}


def test_profile_shows_the_settings(client, reader):
    login(client, reader)
    html = client.get(reverse("accounts:profile")).content.decode()
    assert 'id="mail-heading"' in html and "E-post och aviseringar" in html
    assert '<label for="id_language">Språk i e-post</label>' in html
    assert f'<label for="id_{FIELD}">Du har fått en roll i en organisation <span' in html
    assert "I en daglig sammanfattning" in html and "Inte alls" in html
    assert "Inbjudan med en länk" not in html  # not a choice: always sent


def test_save_language_and_preferences(client, reader):
    login(client, reader)
    response = client.post(
        reverse("accounts:profile-settings"), {"language": "en", FIELD: Delivery.DIGEST}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:profile") + "#mail-heading"
    reader.refresh_from_db()
    assert reader.language == "en"
    assert choices(reader)["accounts.role_granted"] == Delivery.DIGEST
    assert AuditEntry.objects.filter(event="accounts.profile_changed").count() == 1
    html = client.get(reverse("accounts:profile")).content.decode()
    assert '<option value="digest" selected>' in html
    assert '<option value="en" selected>' in html
    # Swedish again is stored as the default
    client.post(reverse("accounts:profile-settings"), {"language": "sv", FIELD: Delivery.NONE})
    reader.refresh_from_db()
    assert reader.language == ""
    assert choices(reader)["accounts.role_granted"] == Delivery.NONE


def test_rejected_choice_changes_nothing(client, reader):
    login(client, reader)
    response = client.post(
        reverse("accounts:profile-settings"), {"language": "en", FIELD: "weekly"}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert f'href="#id_{FIELD}">Du har fått en roll i en organisation:' in html
    reader.refresh_from_db()
    assert reader.language == ""
    assert choices(reader)["accounts.role_granted"] == Delivery.IMMEDIATE


def test_settings_need_a_login(client, db):
    response = client.post(reverse("accounts:profile-settings"), {"language": "en"})
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]


@pytest.fixture
def extra_kinds():
    keys = [f"test.kind{i}" for i in range(4)]
    for key in keys:
        register_kind(key, label=f"Testavisering {key}", template="accounts/mail/role_granted")
    yield keys
    for key in keys:
        unregister_kind(key)


def test_profile_queries_do_not_grow_with_tokens_and_choices(
    client, reader, django_assert_num_queries, extra_kinds
):
    login(client, reader)
    api_token_create(user=reader, name="a")
    client.get(reverse("accounts:profile"))
    with django_assert_num_queries(6):
        client.get(reverse("accounts:profile"))
    for n in range(4):
        api_token_create(user=reader, name=f"t{n}")
    client.post(
        reverse("accounts:profile-settings"),
        {
            "language": "en",
            FIELD: "digest",
            **{f"notify_{k.replace('.', '_')}": "none" for k in extra_kinds},
        },
    )
    with django_assert_num_queries(6):
        html = client.get(reverse("accounts:profile")).content.decode()
    assert html.count('<option value="none" selected>') == 4
