"""The login page with single sign-on configured: the "Log in with …" link (a plain link, no
JavaScript), password login refused with a clear Swedish message for people of an
organisation whose local login is switched off (and only the SSO button shown for it), the
SSO pages answering 404 while SSO is off, and the page's fixed number of queries."""

import logging
import re
from pathlib import Path

import polib
import pytest
from django.urls import reverse

from malbild.core.tests.factories import OrganisationFactory, UserFactory

PASSWORD = "pw-Secret-123"
CATALOGUE = Path(__file__).resolve().parents[1] / "locale" / "sv" / "LC_MESSAGES" / "django.po"
PLACEHOLDER = re.compile(r"%\(\w+\)s|%s|%d|\{\w*\}")


@pytest.fixture
def sso(settings):
    settings.MALBILD_OIDC_PROVIDER_NAME = "Alingsås e-legitimation"
    settings.MALBILD_OIDC_ISSUER = "https://idp.example.org"
    settings.OIDC_RP_CLIENT_ID = "malbild"
    settings.OIDC_OP_AUTHORIZATION_ENDPOINT = "https://idp.example.org/authorize"
    settings.OIDC_OP_TOKEN_ENDPOINT = "https://idp.example.org/token"
    settings.OIDC_OP_JWKS_ENDPOINT = "https://idp.example.org/jwks"
    return settings


def _login(client, username, next_url=""):
    data = {"username": username, "password": PASSWORD}
    if next_url:
        data["next"] = next_url
    return client.post(reverse("accounts:login"), data)


def test_login_page_has_a_plain_sso_link(client, db, sso):
    html = client.get(reverse("accounts:login"), {"next": "/o/alingsas/"}).content.decode()
    assert 'href="/accounts/sso/login/?next=%2Fo%2Falingsas%2F"' in html
    assert "Logga in med Alingsås e-legitimation" in html
    assert 'name="password"' in html  # local login is on for this organisation


def test_without_sso_no_button_and_the_sso_pages_are_404(client, db):
    html = client.get(reverse("accounts:login")).content.decode()
    assert "/accounts/sso/" not in html
    assert client.get(reverse("accounts:sso-login")).status_code == 404
    assert (
        client.get(reverse("accounts:sso-callback"), {"code": "x", "state": "y"}).status_code == 404
    )


def test_sso_login_redirects_to_the_provider(client, db, sso):
    response = client.get(reverse("accounts:sso-login"), {"next": "/o/alingsas/"})
    assert response.status_code == 302
    assert response.url.startswith("https://idp.example.org/authorize?")
    for part in ("client_id=malbild", "code_challenge_method=S256", "nonce=", "state="):
        assert part in response.url
    assert "redirect_uri=http%3A%2F%2Ftestserver%2Faccounts%2Fsso%2Fcallback%2F" in response.url
    assert "prompt=" not in response.url
    reauth = client.get(reverse("accounts:sso-login"), {"reauth": "1"})
    assert "prompt=login" in reauth.url


def test_password_login_refused_where_local_login_is_off(client, editor, sso, caplog):
    sso.MALBILD_SSO_ONLY_ORGANISATIONS = ["alingsas"]
    with caplog.at_level(logging.INFO, logger="malbild.security"):
        response = _login(client, editor.username)
    assert response.status_code == 200
    html = response.content.decode()
    assert (
        "Inloggning med lösenord är avstängd för din organisation. "
        "Logga in med Alingsås e-legitimation." in html
    )
    assert "_auth_user_id" not in client.session
    events = [getattr(r, "security", {}).get("event") for r in caplog.records]
    assert "login.local_refused" in events


def test_a_wrong_password_gets_the_usual_answer(client, editor, sso):
    sso.MALBILD_SSO_ONLY_ORGANISATIONS = ["alingsas"]
    response = client.post(
        reverse("accounts:login"), {"username": editor.username, "password": "wrong"}
    )
    assert "avstängd" not in response.content.decode()


def test_other_organisations_and_operators_keep_password_login(client, editor, outsider, sso):
    sso.MALBILD_SSO_ONLY_ORGANISATIONS = ["alingsas"]
    assert _login(client, outsider.username).status_code == 302
    client.logout()
    UserFactory(username="drift", is_superuser=True, role="admin", organisation=editor._org)
    assert _login(client, "drift").status_code == 302


def test_local_login_stays_on_while_sso_is_off(client, editor, settings):
    settings.MALBILD_SSO_ONLY_ORGANISATIONS = ["alingsas"]
    assert _login(client, editor.username).status_code == 302


def test_sso_only_organisation_shows_only_the_button(client, org, sso):
    sso.MALBILD_SSO_ONLY_ORGANISATIONS = ["alingsas"]
    html = client.get(reverse("accounts:login"), {"next": "/o/alingsas/plans/"}).content.decode()
    assert 'name="password"' not in html
    assert "Medarbetare i Alingsås kommun loggar in med Alingsås e-legitimation." in html
    assert 'href="/accounts/login/?local=1&amp;next=%2Fo%2Falingsas%2Fplans%2F"' in html
    by_param = client.get(reverse("accounts:login"), {"org": "alingsas"}).content.decode()
    assert 'name="password"' not in by_param
    anyway = client.get(reverse("accounts:login"), {"org": "alingsas", "local": "1"})
    assert 'name="password"' in anyway.content.decode()
    other = client.get(reverse("accounts:login"), {"next": "/o/kristianstad/"})
    assert 'name="password"' in other.content.decode()


@pytest.mark.parametrize("organisations", [1, 12])
def test_login_page_queries_do_not_grow(client, db, sso, django_assert_num_queries, organisations):
    for n in range(organisations):
        OrganisationFactory(slug=f"org-{n}", name=f"Kommun {n}")
    sso.MALBILD_SSO_ONLY_ORGANISATIONS = [f"org-{n}" for n in range(organisations)]
    with django_assert_num_queries(1):  # the organisation named by `next`
        response = client.get(reverse("accounts:login"), {"next": "/o/org-0/"})
    assert 'name="password"' not in response.content.decode()


def test_the_catalogue_is_complete_and_covers_the_template():
    po = polib.pofile(str(CATALOGUE))
    assert po.percent_translated() == 100 and not po.fuzzy_entries()
    for entry in po:
        assert sorted(PLACEHOLDER.findall(entry.msgstr)) == sorted(PLACEHOLDER.findall(entry.msgid))
    known = {entry.msgid for entry in po}
    template = (Path(__file__).resolve().parents[1] / "templates" / "sso").glob("*.html")
    text = "".join(path.read_text() for path in template)
    found = set(re.findall(r"""\{% trans "(.+?)" %\}""", text))
    found |= {
        re.sub(r"\{\{ (\w+) \}\}", r"%(\1)s", m)
        for m in re.findall(r"\{% blocktrans[^%]*%\}(.+?)\{% endblocktrans", text)
    }
    assert found and found <= known
