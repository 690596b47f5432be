"""Invitations and "forgotten password", end to end through the outbox: an admin adds a person
by name, e-mail and role, the person gets (after the commit) a Swedish e-mail with a one-time
set-password link under MALBILD_BASE_URL, sets a password and logs in; the link then no
longer works, expires after MALBILD_INVITATION_DAYS and is no reset link; adding a person
again whose invitation was not taken up sends a new one, an existing account gets a notice of
the role. The reset form answers the same whether the address has an account (no
enumeration), mails the link in the person's language, is rate-limited per address and per
client address (alike for every address), and the link sets a new password once."""

import re
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from django.contrib.auth import authenticate
from django.urls import reverse

from malbild.accounts.constants import Role
from malbild.accounts.mail import invitation_token_generator
from malbild.accounts.models import User
from malbild.core.models import AuditEntry
from malbild.core.tests.factories import UserFactory
from malbild.notifications.constants import OutboxStatus
from malbild.notifications.models import OutboxMessage

NEW_PASSWORD = "Vinter-Ekorre-2031"
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')


def login(client, user):
    user.refresh_from_db()
    client.force_login(user)


def link_in(message) -> str:
    """The path of the first https://malbild.example/… link in an e-mail's text."""
    for word in message.body.split():
        if word.startswith("https://malbild.example/accounts/password/"):
            return urlsplit(word).path
    raise AssertionError(f"no link in {message.body!r}")


def invite(client, org, admin_user, capture, **data):
    login(client, admin_user)
    form = {"first_name": "Nina", "last_name": "Nilsson", "email": "nina@example.org"}
    with capture(execute=True):
        response = client.post(
            reverse("organisation:member-create", kwargs={"org": org.slug}),
            {**form, "role": Role.READER, **data},
        )
    assert response.status_code == 302
    client.logout()


def set_password(client, path, password=NEW_PASSWORD):
    """Open an e-mailed link and submit a new password; the final response."""
    page = client.get(path, follow=True)
    assert page.status_code == 200 and page.context["validlink"]
    form_url = page.redirect_chain[-1][0]
    return client.post(
        form_url, {"new_password1": password, "new_password2": password}, follow=True
    )


def test_invitation_end_to_end(
    client, org, admin_user, mailoutbox, django_capture_on_commit_callbacks
):
    invite(client, org, admin_user, django_capture_on_commit_callbacks)
    user = User.objects.get(email="nina@example.org")
    assert not user.has_usable_password()
    [mail] = mailoutbox
    assert mail.to == ["nina@example.org"]
    assert mail.subject == "Du har bjudits in till Alingsås kommun i Målbild"
    assert mail.from_email.startswith("Alingsås kommun <")
    assert "Ditt användarnamn är nina@example.org." in mail.body
    assert "inom 7 dagar" in mail.body
    path = link_in(mail)
    assert path.startswith("/accounts/password/set/")
    assert f'href="https://malbild.example{path}"' in mail.alternatives[0].content
    message = OutboxMessage.objects.get(recipient=user)
    assert message.kind == "accounts.invitation" and message.language == "sv"
    assert message.status == OutboxStatus.SENT

    done = set_password(client, path)
    assert done.redirect_chain[-1][0] == reverse("accounts:password-set-done")
    assert authenticate(username="nina@example.org", password=NEW_PASSWORD) is not None
    assert AuditEntry.objects.filter(
        event="accounts.password_changed", message="password set from the invitation"
    ).exists()
    # used once: the link is dead now
    again = client.get(path, follow=True)
    assert not again.context["validlink"]
    assert "Länken gäller inte längre" in again.content.decode()


def test_invitation_link_expires_and_is_no_reset_link(
    client, org, admin_user, mailoutbox, django_capture_on_commit_callbacks, monkeypatch
):
    invite(client, org, admin_user, django_capture_on_commit_callbacks)
    path = link_in(mailoutbox[0])
    uid, token = path.rstrip("/").split("/")[-2:]
    reset_path = reverse("accounts:password-reset-confirm", kwargs={"uidb64": uid, "token": token})
    assert not client.get(reset_path, follow=True).context["validlink"]
    later = invitation_token_generator._now() + timedelta(days=7, hours=1)
    monkeypatch.setattr(invitation_token_generator, "_now", lambda: later)
    assert not client.get(path, follow=True).context["validlink"]


def test_adding_again_sends_a_new_invitation_until_it_is_taken_up(
    client, org, admin_user, mailoutbox, django_capture_on_commit_callbacks
):
    invite(client, org, admin_user, django_capture_on_commit_callbacks)
    invite(client, org, admin_user, django_capture_on_commit_callbacks, role=Role.STRATEGIST)
    assert [m.subject for m in mailoutbox] == [
        "Du har bjudits in till Alingsås kommun i Målbild"
    ] * 2
    assert User.objects.filter(email="nina@example.org").count() == 1
    set_password(client, link_in(mailoutbox[1]))
    invite(client, org, admin_user, django_capture_on_commit_callbacks, role=Role.ADMIN)
    assert mailoutbox[2].subject == "Du har lagts till i Alingsås kommun i Målbild"
    assert "/accounts/password/" not in mailoutbox[2].body
    assert "https://malbild.example/accounts/login/" in mailoutbox[2].body


def test_existing_account_gets_a_role_notice_in_its_language(
    client, org, admin_user, outsider, mailoutbox, django_capture_on_commit_callbacks
):
    outsider.language = "en"
    outsider.save(update_fields=["language"])
    invite(client, org, admin_user, django_capture_on_commit_callbacks, email=outsider.email)
    [mail] = mailoutbox
    assert mail.to == [outsider.email]
    assert mail.subject == "You have been added to Alingsås kommun in Målbild"
    assert "the role “Reader”" in mail.body


def reset(client, email, **extra):
    return client.post(reverse("accounts:password-reset"), {"email": email}, **extra)


@pytest.mark.django_db
def test_reset_end_to_end(client, reader, mailoutbox, django_capture_on_commit_callbacks):
    page = client.get(reverse("accounts:password-reset"))
    assert page.status_code == 200 and "Glömt lösenord" in page.content.decode()
    assert (
        reverse("accounts:password-reset") in client.get(reverse("accounts:login")).content.decode()
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = reset(client, reader.email.upper())
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:password-reset-done")
    [mail] = mailoutbox
    assert mail.to == [reader.email]
    assert mail.subject == "Välj ett nytt lösenord för Målbild"
    assert "inom 24 timmar" in mail.body
    path = link_in(mail)
    assert path.startswith("/accounts/password/reset/")
    done = set_password(client, path)
    assert done.redirect_chain[-1][0] == reverse("accounts:password-reset-complete")
    assert "Ditt nya lösenord är sparat" in done.content.decode()
    assert authenticate(username=reader.username, password=NEW_PASSWORD) is not None
    assert not client.get(path, follow=True).context["validlink"]
    assert AuditEntry.objects.filter(message="password reset by e-mail").exists()


@pytest.mark.django_db
def test_reset_in_english_for_an_english_recipient(
    client, reader, mailoutbox, django_capture_on_commit_callbacks
):
    reader.language = "en"
    reader.save(update_fields=["language"])
    with django_capture_on_commit_callbacks(execute=True):
        reset(client, reader.email)
    assert mailoutbox[0].subject == "Choose a new password for Målbild"
    assert OutboxMessage.objects.get(kind="accounts.password_reset").language == "en"


@pytest.mark.django_db
def test_no_account_enumeration(client, reader, mailoutbox, django_capture_on_commit_callbacks):
    invited = UserFactory(email="inbjuden@example.org")
    invited.set_unusable_password()
    invited.save()
    answers = []
    for email in (reader.email, "finns.inte@example.org", invited.email):
        with django_capture_on_commit_callbacks(execute=True):
            response = reset(client, email, follow=True)
        page = CSRF.sub("", response.content.decode())
        answers.append((response.status_code, response.redirect_chain, page))
    assert answers[0] == answers[1] == answers[2]
    assert [m.to for m in mailoutbox] == [[reader.email]]


@pytest.mark.django_db
def test_reset_rate_limited_per_address_alike_for_every_address(client, reader, mailoutbox):
    for email in (reader.email, "finns.inte@example.org"):
        for _ in range(3):
            assert reset(client, email).status_code == 302
        refused = reset(client, email)
        assert refused.status_code == 429
        assert "För många begäranden om nytt lösenord" in refused.content.decode()
        assert refused["Retry-After"] == "3600"
    assert OutboxMessage.objects.filter(kind="accounts.password_reset").count() == 3


@pytest.mark.django_db
def test_reset_rate_limited_per_client_address(client, settings):
    settings.MALBILD_PASSWORD_RESET_PER_IP = 2
    assert reset(client, "a@example.org").status_code == 302
    assert reset(client, "b@example.org").status_code == 302
    assert reset(client, "c@example.org").status_code == 429
    other = reset(client, "c@example.org", REMOTE_ADDR="192.0.2.7")
    assert other.status_code == 302


@pytest.fixture
def sso_only(settings, org):
    """Single sign-on is configured and `org` has switched its local login off."""
    settings.MALBILD_OIDC_PROVIDER_NAME = "Alingsås e-legitimation"
    settings.MALBILD_OIDC_ISSUER = "https://idp.example.org"
    settings.OIDC_RP_CLIENT_ID = "malbild"
    settings.OIDC_OP_AUTHORIZATION_ENDPOINT = "https://idp.example.org/authorize"
    settings.OIDC_OP_TOKEN_ENDPOINT = "https://idp.example.org/token"
    settings.OIDC_OP_JWKS_ENDPOINT = "https://idp.example.org/jwks"
    settings.MALBILD_SSO_ONLY_ORGANISATIONS = [org.slug]
    return settings


@pytest.mark.parametrize("language", ["", "en"])
def test_invitation_where_local_login_is_off_says_to_sign_in_with_sso(
    language, client, org, admin_user, sso_only, mailoutbox, django_capture_on_commit_callbacks
):
    if language:  # an account not yet taken up, added again: it chose English meanwhile
        UserFactory(username="nina", email="nina@example.org", password=None, language="en")
    invite(client, org, admin_user, django_capture_on_commit_callbacks)
    user = User.objects.get(email="nina@example.org")
    [mail] = mailoutbox
    message = OutboxMessage.objects.get(recipient=user)
    assert message.kind == "accounts.sso_invitation" and message.language == (language or "sv")
    sso_login = "https://malbild.example/accounts/sso/login/?next=%2Fo%2F" + org.slug + "%2F"
    assert sso_login in mail.body and f'href="{sso_login}"' in mail.alternatives[0].content
    assert "/accounts/password/" not in mail.body + mail.alternatives[0].content
    if language:
        assert mail.subject == "You have been invited to Alingsås kommun in Målbild"
        assert "Sign in with Alingsås e-legitimation:" in mail.body
        assert "there is no password to set" in mail.body
    else:
        assert mail.subject == "Du har bjudits in till Alingsås kommun i Målbild"
        assert "Logga in med Alingsås e-legitimation:" in mail.body
        assert "inget lösenord att välja" in mail.body
    # The link opens the provider's login; "forgotten password" sends such a person nothing.
    assert client.get(urlsplit(sso_login).path + "?" + urlsplit(sso_login).query).status_code == 302
    user.set_password(NEW_PASSWORD)
    user.save(update_fields=["password"])
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert reset(client, user.email).status_code == 302
    assert not mailoutbox


def test_sso_configured_but_local_login_on_keeps_the_password_invitation(
    client, org, admin_user, sso_only, mailoutbox, django_capture_on_commit_callbacks
):
    sso_only.MALBILD_SSO_ONLY_ORGANISATIONS = ["another-municipality"]
    invite(client, org, admin_user, django_capture_on_commit_callbacks)
    [mail] = mailoutbox
    assert link_in(mail).startswith("/accounts/password/set/")
    assert OutboxMessage.objects.get(email="nina@example.org").kind == "accounts.invitation"
