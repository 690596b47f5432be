"""Single sign-on against a real OpenID Connect provider (django-oauth-toolkit, conftest.py):
the first login creates an account without roles, group claims grant roles, a second login is
matched by the subject claim, logout ends the provider's session too, and an ID token with a
broken signature or for another audience lets nobody in."""

import logging

import pytest
from django.urls import reverse

from malbild.accounts.constants import Role
from malbild.accounts.models import Membership, User
from malbild.accounts.sso.models import OidcIdentity
from malbild.core.models import AuditEntry
from malbild.core.tests.factories import BodyFactory, OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def kommun(transactional_db):
    return OrganisationFactory(name="Alingsås kommun", slug="alingsas")


def _events(caplog, name):
    return [r.security for r in caplog.records if getattr(r, "security", {}).get("event") == name]


def test_first_login_creates_a_user_without_roles(idp, client, kommun, caplog):
    anna = idp.person(
        "anna",
        email="anna.andersson@alingsas.se",
        email_verified=True,
        given_name="Anna",
        family_name="Andersson",
    )
    with caplog.at_level(logging.INFO, logger="malbild.security"):
        response = idp.login(client, anna, next_url="/accounts/profile/")
    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == "/accounts/profile/"
    user = User.objects.get(email="anna.andersson@alingsas.se")
    assert (user.first_name, user.last_name) == ("Anna", "Andersson")
    assert not user.has_usable_password()
    assert not Membership.objects.filter(user=user).exists()
    assert response.wsgi_request.user == user
    identity = OidcIdentity.objects.get(user=user)
    assert (identity.issuer, identity.subject) == (idp.url, "sub-anna")
    assert identity.last_login_at is not None
    assert AuditEntry.objects.filter(event="sso.identity_linked", object_id=str(identity.pk))
    assert _events(caplog, "sso.login")[0]["matched_by"] == "created"


def test_group_claims_grant_the_mapped_roles(idp, client, kommun, settings):
    kfn = BodyFactory(organisation=kommun, name="Kultur- och fritidsnämnden")
    settings.MALBILD_OIDC_GROUP_ROLES = {
        "grp-strateger": {"organisation": "alingsas", "role": "strategist"},
        "grp-kfn": [{"organisation": "alingsas", "role": "editor", "bodies": [kfn.name]}],
        "grp-annan": {"organisation": "finns-inte", "role": "reader"},
    }
    bo = idp.person(
        "bo",
        email="bo@alingsas.se",
        email_verified=True,
        groups=["grp-strateger", "grp-kfn", "grp-annan", "grp-okand"],
    )
    response = idp.login(client, bo, next_url="/o/alingsas/")
    assert response.status_code == 200
    user = User.objects.get(email="bo@alingsas.se")
    roles = {
        (m.role, tuple(b.name for b in m.bodies.all()))
        for m in Membership.objects.filter(user=user).prefetch_related("bodies")
    }
    assert roles == {(Role.STRATEGIST, ()), (Role.EDITOR, (kfn.name,))}
    assert AuditEntry.objects.filter(event="accounts.role_granted").count() == 2


def test_second_login_is_matched_by_subject(idp, client, kommun, caplog):
    cecilia = idp.person("cecilia", email="cecilia@alingsas.se", email_verified=True)
    idp.login(client, cecilia)
    first = User.objects.get(email="cecilia@alingsas.se")
    client.logout()
    # The provider now asserts another address (a name change): still the same person.
    idp.claims(cecilia)["email"] = "cecilia.berg@alingsas.se"
    with caplog.at_level(logging.INFO, logger="malbild.security"):
        response = idp.login(client, cecilia)
    assert response.wsgi_request.user == first
    assert User.objects.filter(email__endswith="@alingsas.se").count() == 1
    assert OidcIdentity.objects.count() == 1
    assert _events(caplog, "sso.login")[0]["matched_by"] == "subject"


def test_first_login_links_the_account_with_the_verified_address(idp, client, editor):
    person = idp.person("redaktor", email=editor.email, email_verified=True)
    response = idp.login(client, person)
    assert response.wsgi_request.user == editor
    assert OidcIdentity.objects.get(subject="sub-redaktor").user == editor


def test_an_unverified_address_links_nothing(idp, client, editor):
    person = idp.person("obekraftad", email=editor.email, email_verified=False)
    response = idp.login(client, person)
    user = response.wsgi_request.user
    assert user.is_authenticated and user != editor
    assert user.email == ""  # the address is someone else's: not copied to the new account
    assert not editor.oidc_identities.exists()


def test_an_operator_account_is_never_linked_by_address(idp, client, kommun):
    operator = UserFactory(username="drift", email="drift@alingsas.se", is_superuser=True)
    person = idp.person("drift", email=operator.email, email_verified=True)
    response = idp.login(client, person)
    assert not response.wsgi_request.user.is_authenticated
    assert not OidcIdentity.objects.exists()
    assert "misslyckades" in response.content.decode()


def test_logout_ends_the_provider_session(idp, client, kommun):
    david = idp.person("david", email="david@alingsas.se", email_verified=True)
    idp.login(client, david)
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302
    assert response.url.startswith(f"{idp.url}/logout/?id_token_hint=")
    assert "post_logout_redirect_uri=http%3A%2F%2Ftestserver%2Faccounts%2Flogin%2F" in response.url
    final = client.get(response.url, follow=True)
    assert final.redirect_chain[-1][0] == "http://testserver/accounts/login/"
    assert not final.wsgi_request.user.is_authenticated
    assert "_auth_user_id" not in client.session


def test_a_password_session_logs_out_locally(idp, client, editor):
    client.force_login(editor)
    response = client.post(reverse("accounts:logout"))
    assert response.url == reverse("accounts:login")


@pytest.mark.parametrize(
    ("mode", "reason"), [("tamper", "invalid_token"), ("audience", "wrong_audience")]
)
def test_a_bad_id_token_is_refused(idp, client, kommun, caplog, mode, reason):
    eva = idp.person("eva", email="eva@alingsas.se", email_verified=True)
    idp.misbehave(mode)
    with caplog.at_level(logging.INFO, logger="malbild.security"):
        response = idp.login(client, eva, next_url="/o/alingsas/")
    assert response.redirect_chain[-1][0] == reverse("accounts:login")
    assert not response.wsgi_request.user.is_authenticated
    assert not User.objects.filter(email="eva@alingsas.se").exists()
    assert not OidcIdentity.objects.exists()
    assert "Inloggningen med Testkommunens e-legitimation misslyckades" in (
        response.content.decode()
    )
    assert _events(caplog, "sso.failed")[0]["reason"].startswith(reason)
    assert not _events(caplog, "sso.login")


def test_a_token_from_another_issuer_is_refused(idp, client, kommun, settings, caplog):
    settings.MALBILD_OIDC_ISSUER = "https://login.example.org/annan"
    frida = idp.person("frida", email="frida@alingsas.se", email_verified=True)
    with caplog.at_level(logging.INFO, logger="malbild.security"):
        response = idp.login(client, frida)
    assert not response.wsgi_request.user.is_authenticated
    assert _events(caplog, "sso.failed")[0]["reason"] == "wrong_issuer"


def test_no_new_accounts_when_creation_is_off(idp, client, kommun, settings):
    settings.MALBILD_OIDC_CREATE_USERS = False
    gustav = idp.person("gustav", email="gustav@alingsas.se", email_verified=True)
    response = idp.login(client, gustav)
    assert not response.wsgi_request.user.is_authenticated
    assert not User.objects.filter(email="gustav@alingsas.se").exists()


def test_a_sso_session_confirms_a_sensitive_action_at_the_provider(idp, client, kommun, settings):
    from malbild.accounts.middleware import AUTH_AT

    settings.MALBILD_OIDC_GROUP_ROLES = {"grp-admin": {"organisation": "alingsas", "role": "admin"}}
    hanna = idp.person(
        "hanna", email="hanna@alingsas.se", email_verified=True, groups=["grp-admin"]
    )
    idp.login(client, hanna)
    session = client.session
    session[AUTH_AT] = 0  # the login was long ago
    session.save()
    url = reverse("organisation:member-create", kwargs={"org": "alingsas"})
    data = {"email": "ny@alingsas.se", "role": Role.READER}
    confirm = client.post(url, data)
    html = confirm.content.decode()
    assert "Bekräfta med Testkommunens e-legitimation" in html
    link = "/accounts/sso/login/?next=%2Fo%2Falingsas%2Fusers%2Fnew%2F&amp;reauth=1"
    assert link in html
    assert not User.objects.filter(email="ny@alingsas.se").exists()
    back = client.get(link.replace("&amp;", "&"), follow=True)
    assert back.redirect_chain[-1][0] == url
    assert client.session[AUTH_AT] > 0
    assert client.post(url, data).status_code == 302
    assert User.objects.filter(email="ny@alingsas.se").exists()
