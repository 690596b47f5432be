"""A real OpenID Connect provider for the single sign-on tests: django-oauth-toolkit in OIDC
mode with an RSA key generated here, served by pytest-django's live server (the back channel
— token, keys, userinfo — goes over HTTP to it), while the test client follows the browser's
redirects (Målbild → authorize → callback) in process."""

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from django.urls import reverse

from . import provider

CLIENT_ID = "malbild-test"
CLIENT_SECRET = "malbild-test-secret-0123456789"
CALLBACK = "http://testserver/accounts/sso/callback/"
AFTER_LOGOUT = "http://testserver/accounts/login/"


@pytest.fixture(scope="session")
def rsa_private_key() -> str:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()


@pytest.fixture
def idp(live_server, settings, rsa_private_key, transactional_db):
    """The provider is up and Målbild is configured for it; `idp.person(...)` adds someone
    the provider knows (a provider-side account plus the claims it asserts)."""
    base = f"{live_server.url}/idp"
    settings.ROOT_URLCONF = "malbild.accounts.sso.tests.urls"
    settings.OAUTH2_PROVIDER = {
        "OIDC_ENABLED": True,
        "OIDC_RSA_PRIVATE_KEY": rsa_private_key,
        "OIDC_ISS_ENDPOINT": base,
        "OIDC_RP_INITIATED_LOGOUT_ENABLED": True,
        "OIDC_RP_INITIATED_LOGOUT_ALWAYS_PROMPT": False,
        "OAUTH2_VALIDATOR_CLASS": "malbild.accounts.sso.tests.provider.Validator",
        "SCOPES": {"openid": "OpenID Connect", "email": "E-mail", "profile": "Profile"},
    }
    settings.MALBILD_OIDC_PROVIDER_NAME = "Testkommunens e-legitimation"
    settings.MALBILD_OIDC_ISSUER = base
    settings.OIDC_RP_CLIENT_ID = CLIENT_ID
    settings.OIDC_RP_CLIENT_SECRET = CLIENT_SECRET
    settings.OIDC_OP_AUTHORIZATION_ENDPOINT = f"{base}/authorize/"
    settings.OIDC_OP_TOKEN_ENDPOINT = f"{base}/token/"
    settings.OIDC_OP_USER_ENDPOINT = f"{base}/userinfo/"
    settings.OIDC_OP_JWKS_ENDPOINT = f"{base}/.well-known/jwks.json"
    settings.MALBILD_OIDC_END_SESSION_ENDPOINT = f"{base}/logout/"
    # The provider's own "log in again" would log out the shared test session.
    settings.MALBILD_OIDC_REAUTH_PARAMS = {}

    from oauth2_provider.models import Application

    Application.objects.create(
        name="Målbild",
        client_id=CLIENT_ID,
        client_secret=CLIENT_SECRET,
        client_type=Application.CLIENT_CONFIDENTIAL,
        authorization_grant_type=Application.GRANT_AUTHORIZATION_CODE,
        redirect_uris=CALLBACK,
        post_logout_redirect_uris=AFTER_LOGOUT,
        algorithm=Application.RS256_ALGORITHM,
        skip_authorization=True,
    )
    _reset()
    yield Provider(base)
    _reset()


def _reset():
    provider.PEOPLE.clear()
    provider.MISCHIEF["mode"] = None
    provider.AT_PROVIDER["username"] = None


class Provider:
    def __init__(self, url: str):
        self.url = url

    def person(self, username: str, **claims):
        """A person at the provider: an account there (no e-mail, no roles) and its claims."""
        from malbild.accounts.models import User

        account = User.objects.create_user(f"idp-{username}", password=None)
        provider.PEOPLE[account.username] = {"sub": f"sub-{username}", **claims}
        return account

    def claims(self, account) -> dict:
        return provider.PEOPLE[account.username]

    def misbehave(self, mode: str | None) -> None:
        provider.MISCHIEF["mode"] = mode

    def login(self, client, account, next_url: str = ""):
        """The browser logs in at the provider, then clicks "Log in with …" on Målbild's login
        page; the test client follows every redirect. Returns the last response."""
        client.force_login(account)
        provider.AT_PROVIDER["username"] = account.username
        query = {"next": next_url} if next_url else {}
        return client.get(reverse("accounts:sso-login"), query, follow=True)
