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
