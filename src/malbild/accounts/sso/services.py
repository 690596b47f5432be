"""Writes of single sign-on: who a verified identity is (`sso_user_for`) and the roles its
group claims give (`group_roles_grant`). The matching rule is ADR 0013:

1. an identity already linked — (issuer, subject) — is that user;
2. otherwise one active account with the same *verified* e-mail address is linked, unless it
   is an operator's (staff or superuser: an operator links those in the admin);
3. otherwise a new account without a password and without roles is created (unless
   MALBILD_OIDC_CREATE_USERS is off).

Roles from group claims are only ever added (a role missing from the claims is not taken
away: an administrator revokes it)."""

import hashlib
import logging

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from malbild.core.audit import audit_record
from malbild.organisation.models import Body, Organisation

from ..models import Membership, User
from ..services import membership_set, user_create
from . import config
from .models import OidcIdentity

logger = logging.getLogger("malbild.sso")


class SsoRefused(Exception):
    """The provider's answer does not let anyone in; `reason` goes to the security log."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def _truthy(value) -> bool:
    return value is True or (isinstance(value, str) and value.strip().lower() == "true")


def email_is_verified(claims: dict) -> bool:
    """The e-mail claim may be trusted: `email_verified` is true, or the provider is trusted
    for its addresses (MALBILD_OIDC_TRUST_EMAIL, e.g. Entra ID's own tenant addresses)."""
    if settings.MALBILD_OIDC_TRUST_EMAIL:
        return True
    return _truthy(claims.get(config.claim("email_verified")))


def claim_groups(claims: dict) -> list[str]:
    value = claims.get(config.claim("groups")) or []
    if isinstance(value, str):
        value = [value]
    return [str(v) for v in value]


def _free_username(base: str) -> str:
    base = base[:140]
    candidate, n = base, 1
    while User.objects.filter(username__iexact=candidate).exists():
        n += 1
        candidate = f"{base}-{n}"
    return candidate


def _user_by_email(email: str) -> User | None:
    """The one active account with this address; refuses an operator's account and an
    address that more than one account has."""
    users = list(User.objects.filter(email__iexact=email, is_active=True)[:2])
    if not users:
        return None
    if len(users) > 1:
        raise SsoRefused("email_ambiguous")
    user = users[0]
    if user.is_staff or user.is_superuser:
        raise SsoRefused("email_matches_operator")
    return user


def _new_user(*, issuer: str, subject: str, email: str, claims: dict) -> User:
    if not settings.MALBILD_OIDC_CREATE_USERS:
        raise SsoRefused("no_account")
    if email:
        username = email
    else:
        digest = hashlib.sha256(f"{issuer} {subject}".encode()).hexdigest()[:12]
        username = f"sso-{digest}"
    return user_create(
        actor=None,
        username=_free_username(username),
        password=None,
        email=email,
        first_name=str(claims.get(config.claim("first_name")) or "")[:150],
        last_name=str(claims.get(config.claim("last_name")) or "")[:150],
    )


@transaction.atomic
def sso_user_for(*, issuer: str, claims: dict) -> tuple[User, str]:
    """The user a verified set of claims (ID token, with the userinfo answer) belongs to, and
    how it was found: "subject", "email" (identity linked now) or "created". The identity's
    last login is recorded and the roles of its groups are granted. Raises SsoRefused."""
    subject = claims.get(config.claim("subject"))
    if not subject:
        raise SsoRefused("no_subject")
    subject = str(subject)
    identity = (
        OidcIdentity.objects.select_for_update()
        .select_related("user")
        .filter(issuer=issuer, subject=subject)
        .first()
    )
    if identity is not None:
        user, how = identity.user, "subject"
        if not user.is_active:
            raise SsoRefused("inactive")
    else:
        email = User.objects.normalize_email(str(claims.get(config.claim("email")) or "").strip())
        verified = bool(email) and email_is_verified(claims)
        user = _user_by_email(email) if verified else None
        how = "email"
        if user is not None and user.oidc_identities.filter(issuer=issuer).exists():
            # The account is already someone's at this provider: a reused address.
            raise SsoRefused("email_linked_to_other_subject")
        if user is None:
            taken = bool(email) and User.objects.filter(email__iexact=email).exists()
            # An unverified address is kept only when nobody else has it.
            keep = email if email and (verified or not taken) else ""
            user = _new_user(issuer=issuer, subject=subject, email=keep, claims=claims)
            how = "created"
        identity = OidcIdentity.objects.create(user=user, issuer=issuer, subject=subject)
        audit_record(
            actor=None,
            instance=identity,
            action="create",
            changes={"issuer": [None, issuer]},
            message=f"linked by {how}",
            event="sso.identity_linked",
        )
    identity.last_login_at = timezone.now()
    identity.save(update_fields=["last_login_at"])
    group_roles_grant(user=user, groups=claim_groups(claims))
    return user, how


@transaction.atomic
def group_roles_grant(*, user: User, groups: list[str]) -> list[Membership]:
    """Give `user` the roles that MALBILD_OIDC_GROUP_ROLES maps its groups to, adding the
    mapped bodies to a role it already holds. Unknown organisations and bodies are logged and
    skipped. Returns the memberships that were created or changed."""
    mapping = config.group_roles()
    grants = [grant for group in groups for grant in mapping.get(group, ())]
    if not grants:
        return []
    organisations = {
        org.slug: org
        for org in Organisation.objects.filter(slug__in={g.organisation for g in grants})
    }
    changed = []
    for grant in grants:
        org = organisations.get(grant.organisation)
        if org is None:
            logger.warning("MALBILD_OIDC_GROUP_ROLES: no organisation %r", grant.organisation)
            continue
        bodies = list(Body.objects.for_org(org).filter(name__in=grant.bodies))
        missing = set(grant.bodies) - {b.name for b in bodies}
        if missing:
            logger.warning(
                "MALBILD_OIDC_GROUP_ROLES: no body %s in %r", sorted(missing), grant.organisation
            )
            if grant.role in config.BODY_ROLES and not bodies:
                continue
        held = (
            Membership.objects.for_org(org)
            .filter(user=user, role=grant.role)
            .prefetch_related("bodies")
            .first()
        )
        if held is not None:
            have = {b.pk for b in held.bodies.all()}
            if {b.pk for b in bodies} <= have:
                continue
            bodies = [*held.bodies.all(), *(b for b in bodies if b.pk not in have)]
        changed.append(
            membership_set(access=None, user=user, organisation=org, role=grant.role, bodies=bodies)
        )
    return changed
