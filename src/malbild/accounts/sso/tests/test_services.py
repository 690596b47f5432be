"""Matching a verified identity to a user and the group mapping, without a provider: the
mapping's format and its errors (system check), grants that only add (bodies joined to a held
role), and a fixed number of queries whatever the number of users and identities."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from malbild.accounts.constants import Role
from malbild.accounts.models import Membership
from malbild.accounts.sso.checks import check_sso_settings
from malbild.accounts.sso.config import GroupGrant, parse_group_roles
from malbild.accounts.sso.models import OidcIdentity
from malbild.accounts.sso.services import SsoRefused, group_roles_grant, sso_user_for
from malbild.core.tests.factories import BodyFactory, UserFactory

ISSUER = "https://idp.example.org"


def test_the_mapping_format():
    mapping = parse_group_roles(
        '{"g1": {"organisation": "alingsas", "role": "strategist"},'
        ' "g2": [{"organisation": "alingsas", "role": "editor", "bodies": ["KFN"]},'
        '        {"organisation": "kristianstad", "role": "reader", "bodies": ["ignored"]}]}'
    )
    assert mapping == {
        "g1": (GroupGrant("alingsas", "strategist"),),
        "g2": (GroupGrant("alingsas", "editor", ("KFN",)), GroupGrant("kristianstad", "reader")),
    }
    assert parse_group_roles("") == {}


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("{not json", "is not JSON"),
        ("[]", "must be a JSON object"),
        ('{"g": {"role": "reader"}}', "needs 'organisation' and 'role'"),
        ('{"g": {"organisation": "a", "role": "boss"}}', "unknown role 'boss'"),
        ('{"g": {"organisation": "a", "role": "editor"}}', "needs 'bodies'"),
        ('{"g": {"organisation": "a", "role": "editor", "bodies": "KFN"}}', "list of body"),
    ],
)
def test_a_wrong_mapping_is_reported(raw, message, settings):
    with pytest.raises(ImproperlyConfigured, match=message):
        parse_group_roles(raw)
    settings.MALBILD_OIDC_GROUP_ROLES = raw
    assert [e.id for e in check_sso_settings()] == ["malbild.sso.E001"]  # no database needed


def test_local_login_off_without_sso_is_a_warning(settings):
    settings.MALBILD_SSO_ONLY_ORGANISATIONS = ["alingsas"]
    assert "malbild.sso.W001" in [e.id for e in check_sso_settings()]


def test_grants_only_add_and_join_bodies(editor, org, body, other_body, settings):
    settings.MALBILD_OIDC_GROUP_ROLES = {
        "g": {"organisation": org.slug, "role": "editor", "bodies": [other_body.name]}
    }
    group_roles_grant(user=editor, groups=["g"])
    membership = Membership.objects.get(user=editor, role=Role.EDITOR)
    assert set(membership.bodies.all()) == {body, other_body}
    assert group_roles_grant(user=editor, groups=["g"]) == []  # nothing new
    assert group_roles_grant(user=editor, groups=[]) == []
    assert Membership.objects.filter(user=editor).count() == 1  # nothing taken away


def test_two_accounts_with_the_address_are_refused(db):
    UserFactory(email="delad@alingsas.se")
    UserFactory(email="delad@alingsas.se")
    claims = {"sub": "x", "email": "delad@alingsas.se", "email_verified": True}
    with pytest.raises(SsoRefused, match="email_ambiguous"):
        sso_user_for(issuer=ISSUER, claims=claims)
    assert not OidcIdentity.objects.exists()


def test_an_inactive_linked_user_is_refused(db):
    user = UserFactory(is_active=False)
    OidcIdentity.objects.create(user=user, issuer=ISSUER, subject="s")
    with pytest.raises(SsoRefused, match="inactive"):
        sso_user_for(issuer=ISSUER, claims={"sub": "s"})


def test_a_trusted_provider_address_links_without_email_verified(editor, settings):
    settings.MALBILD_OIDC_TRUST_EMAIL = True
    user, how = sso_user_for(issuer=ISSUER, claims={"sub": "e", "email": editor.email.upper()})
    assert (user, how) == (editor, "email")


def test_configured_claim_names(db, settings):
    settings.MALBILD_OIDC_CLAIMS = {**settings.MALBILD_OIDC_CLAIMS, "subject": "oid"}
    user, how = sso_user_for(issuer=ISSUER, claims={"sub": "pairwise", "oid": "stable-1"})
    assert how == "created" and user.username.startswith("sso-")
    assert OidcIdentity.objects.get(user=user).subject == "stable-1"


@pytest.mark.parametrize("others", [1, 15])
def test_login_queries_do_not_grow(db, org, body, settings, django_assert_num_queries, others):
    settings.MALBILD_OIDC_GROUP_ROLES = {
        "g": {"organisation": org.slug, "role": "editor", "bodies": [body.name]}
    }
    for n in range(others):
        other = UserFactory(email=f"p{n}@alingsas.se")
        OidcIdentity.objects.create(user=other, issuer=ISSUER, subject=f"s{n}")
        BodyFactory(organisation=org, name=f"Nämnd {n}")
    user = UserFactory(email="known@alingsas.se")
    OidcIdentity.objects.create(user=user, issuer=ISSUER, subject="known")
    claims = {"sub": "known", "groups": ["g"]}
    sso_user_for(issuer=ISSUER, claims=claims)  # the role is granted once
    with django_assert_num_queries(10):
        assert sso_user_for(issuer=ISSUER, claims=claims) == (user, "subject")
