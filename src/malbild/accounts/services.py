"""Writes to users, memberships (roles per organisation) and personal API tokens."""

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.utils.translation import gettext as _

from malbild.core.access import Access
from malbild.core.audit import audit_record
from malbild.organisation.services import organisation_create

from .constants import Role
from .models import ApiToken, Membership, User
from .selectors import memberships_of
from .tokens import token_candidates, token_issue, token_revoke, token_touch


@transaction.atomic
def user_create(
    *,
    actor,
    username: str,
    password: str | None,
    email: str = "",
    first_name: str = "",
    last_name: str = "",
    is_superuser: bool = False,
    organisation=None,
) -> User:
    """Create a local account (argon2-hashed password; none → unusable until set)."""
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError({"username": _("A user with that username already exists.")})
    user = User(
        username=username,
        email=email,
        first_name=first_name,
        last_name=last_name,
        is_superuser=is_superuser,
        is_staff=is_superuser,
    )
    if password:
        from django.contrib.auth.password_validation import validate_password

        try:
            validate_password(password, user)
        except ValidationError as exc:
            raise ValidationError({"password": exc.messages}) from exc
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.full_clean(exclude=["password"])
    user.save()
    audit_record(
        actor=actor,
        instance=user,
        action="create",
        changes={"username": [None, username]},
        organisation=organisation,
        event="accounts.user_created",
    )
    return user


def _require_bodies_of(organisation, bodies) -> None:
    """Http404 when a body is another organisation's (never a message that it exists)."""
    for body in bodies:
        if body.organisation_id != organisation.pk:
            raise Http404


@transaction.atomic
def membership_set(
    *,
    access: Access | None,
    user: User,
    organisation=None,
    role: str,
    bodies=(),
    actor=None,
) -> Membership:
    """Give `user` a role in `organisation` — the access's own unless `access` is None (the
    setup and demo commands) — for editors and respondents with the given bodies. Granting a
    role is `accounts.role_granted`; changing the bodies of a held role is
    `accounts.role_bodies_changed`. Another organisation's body answers 404."""
    if access is not None:
        if not access.is_admin:
            raise PermissionDenied(_("Only an administrator may manage users."))
        if organisation is None:
            organisation = access.organisation
        access.require_same_org(organisation)
    if role not in Role.values:
        raise ValidationError({"role": _("Unknown role.")})
    bodies = list(bodies)
    if role in (Role.EDITOR, Role.RESPONDENT) and not bodies:
        raise ValidationError({"bodies": _("Choose at least one body for this role.")})
    _require_bodies_of(organisation, bodies)
    membership, created = Membership.objects.for_org(organisation).get_or_create(
        user=user, role=role, defaults={"organisation": organisation}
    )
    before = sorted(membership.bodies.values_list("pk", flat=True))
    membership.bodies.set(bodies)
    after = sorted(b.pk for b in bodies)
    audit_record(
        actor=actor or (access.user if access else None),
        instance=membership,
        action="create" if created else "update",
        changes={"role": [None, role]} if created else {"bodies": [before, after]},
        organisation=organisation,
        event="accounts.role_granted" if created else "accounts.role_bodies_changed",
    )
    return membership


@transaction.atomic
def membership_delete(*, access: Access, membership: Membership) -> None:
    access.require_same_org(membership)
    if not access.is_admin:
        raise PermissionDenied(_("Only an administrator may manage users."))
    audit_record(
        actor=access.user,
        instance=membership,
        action="delete",
        changes={"role": [membership.role, None]},
        organisation=membership.organisation,
        event="accounts.role_revoked",
    )
    membership.delete()


@transaction.atomic
def api_token_create(*, user: User, name: str) -> tuple[ApiToken, str]:
    """Create a personal token; returns (token, raw key). The raw key is never stored."""
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": _("Give the token a name.")})
    raw, key_hash = token_issue(ApiToken.PREFIX)
    token = ApiToken.objects.create(
        user=user, name=name[:100], key_hash=key_hash, key_prefix=raw[:10]
    )
    audit_record(
        actor=user,
        instance=token,
        action="create",
        changes={"name": [None, name]},
        event="accounts.token_created",
    )
    return token, raw


@transaction.atomic
def api_token_revoke(*, user: User, token: ApiToken) -> ApiToken:
    if token.user_id != user.pk:
        raise PermissionDenied
    token_revoke(token, actor=user, event="accounts.token_revoked")
    return token


def api_token_authenticate(raw: str) -> User | None:
    """The active user behind a raw token, or None. Updates last use at most once a minute."""
    token = token_candidates(
        ApiToken.objects.select_related("user").filter(
            revoked_at__isnull=True, user__is_active=True
        ),
        raw=raw,
        prefix=ApiToken.PREFIX,
        hash_field="key_hash",
    ).first()
    if token is None:
        return None
    token_touch(token)
    return token.user


def setup_instance(
    *,
    name: str,
    slug: str,
    kolada_id: str = "",
    population: int | None = None,
    admin_username: str,
    admin_password: str,
    admin_email: str = "",
) -> dict[str, Any]:
    """`malbild setup`: the first organisation and its first admin, in one transaction."""
    with transaction.atomic():
        org = organisation_create(
            actor=None,
            data={"name": name, "slug": slug, "kolada_id": kolada_id, "population": population},
        )
        user = user_create(
            actor=None,
            username=admin_username,
            password=admin_password,
            email=admin_email,
            organisation=org,
        )
        membership_set(access=None, user=user, organisation=org, role=Role.ADMIN)
    return {"organisation": org, "admin": user}


@transaction.atomic
def password_change(*, user: User, new_password: str) -> User:
    """Set a new password for `user` (validated by the form) and audit it without the value."""
    from django.contrib.auth.password_validation import validate_password

    try:
        validate_password(new_password, user)
    except ValidationError as exc:
        raise ValidationError({"new_password1": exc.messages}) from exc
    user.set_password(new_password)
    user.save(update_fields=["password"])
    audit_record(
        actor=user,
        instance=user,
        action="update",
        changes={"password": ["***", "***"]},
        message="password changed",
        event="accounts.password_changed",
    )
    return user


@transaction.atomic
def member_create(
    *,
    access: Access,
    username: str,
    password: str,
    role: str,
    bodies=(),
    email: str = "",
    first_name: str = "",
    last_name: str = "",
) -> User:
    """An admin creates a local account with a first role in their organisation, atomically."""
    if not access.is_admin:
        raise PermissionDenied(_("Only an administrator may manage users."))
    organisation = access.organisation
    user = user_create(
        actor=access.user,
        username=username,
        password=password,
        email=email,
        first_name=first_name,
        last_name=last_name,
        organisation=organisation,
    )
    membership_set(access=access, user=user, role=role, bodies=bodies)
    return user


@transaction.atomic
def membership_revoke(*, access: Access, membership: Membership) -> None:
    """Take a role away; refuses to remove the organisation's last administrator. Another
    organisation's membership answers 404."""
    access.require_same_org(membership)
    if not access.is_admin:
        raise PermissionDenied(_("Only an administrator may manage users."))
    if membership.role == Role.ADMIN:
        admins = memberships_of(access=access).select_for_update().filter(role=Role.ADMIN)
        if len(admins) <= 1:
            raise ValidationError(
                {"role": _("The organisation must keep at least one administrator.")}
            )
    membership_delete(access=access, membership=membership)
