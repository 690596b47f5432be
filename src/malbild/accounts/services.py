"""Writes to users, memberships (roles per organisation) and personal API tokens; the e-mail
of accounts (invitation, password reset, role granted) through the outbox."""

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from malbild.core.access import Access
from malbild.core.audit import audit_record
from malbild.core.security import security_event
from malbild.notifications.services import notify, preferences_set
from malbild.organisation.services import organisation_create

from . import throttle
from .constants import Role
from .mail import invitation_path, password_reset_path
from .models import ApiToken, Membership, TokenScope, User
from .selectors import memberships_of
from .sso import config as sso_config
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
    will_be_admin: bool = False,
) -> User:
    """Create a local account (argon2-hashed password; none → unusable until set).
    `will_be_admin`: validate the password as an administrator's (12 characters)."""
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
    user.will_be_admin = will_be_admin
    if password:
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
    user = membership.user
    if not user.is_superuser and not user.memberships.exists():
        # No role in any organisation left: its API tokens would be a way back in.
        ApiToken.objects.revoke_all(user=user, reason="last_role_revoked")


def token_expiry_choices() -> list[int]:
    """Validity periods (days) offered in the web form: up to MALBILD_API_TOKEN_MAX_DAYS."""
    top = settings.MALBILD_API_TOKEN_MAX_DAYS
    days = {7, 30, 90, 180, 365, settings.MALBILD_API_TOKEN_DEFAULT_DAYS, top}
    return sorted(d for d in days if 0 < d <= top)


@transaction.atomic
def api_token_create(
    *, user: User, name: str, scope: str = TokenScope.READ, expires_in_days: int | None = None
) -> tuple[ApiToken, str]:
    """Create a personal token; returns (token, raw key). The raw key is never stored.
    The token is read-only unless `scope` is "write", and expires after `expires_in_days`
    (default MALBILD_API_TOKEN_DEFAULT_DAYS, at most MALBILD_API_TOKEN_MAX_DAYS)."""
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": _("Give the token a name.")})
    if scope not in TokenScope.values:
        raise ValidationError({"scope": _("Unknown scope.")})
    maximum = settings.MALBILD_API_TOKEN_MAX_DAYS
    if expires_in_days is None:
        expires_in_days = min(settings.MALBILD_API_TOKEN_DEFAULT_DAYS, maximum)
    if not 1 <= expires_in_days <= maximum:
        raise ValidationError(
            {
                "expires_in_days": _("Choose between 1 and %(max)d days.") % {"max": maximum},
            }
        )
    raw, key_hash = token_issue(ApiToken.PREFIX)
    token = ApiToken.objects.create(
        user=user,
        name=name[:100],
        key_hash=key_hash,
        key_prefix=raw[:10],
        scope=scope,
        expires_at=timezone.now() + timedelta(days=expires_in_days),
    )
    audit_record(
        actor=user,
        instance=token,
        action="create",
        changes={
            "name": [None, name],
            "scope": [None, scope],
            "expires_at": [None, token.expires_at.isoformat()],
        },
        event="accounts.token_created",
    )
    return token, raw


@transaction.atomic
def api_token_revoke(*, user: User, token: ApiToken) -> ApiToken:
    if token.user_id != user.pk:
        raise PermissionDenied
    token_revoke(token, actor=user, event="accounts.token_revoked")
    return token


def api_token_lookup(raw: str) -> ApiToken | None:
    """The usable token (not revoked, not expired, of an active user) behind a raw key, with
    its user, or None. Updates last use at most once a minute."""
    token = token_candidates(
        ApiToken.objects.usable().select_related("user").filter(user__is_active=True),
        raw=raw,
        prefix=ApiToken.PREFIX,
        hash_field="key_hash",
    ).first()
    if token is None:
        return None
    token_touch(token)
    return token


def api_token_authenticate(raw: str) -> User | None:
    """The active user behind a usable raw token, or None."""
    token = api_token_lookup(raw)
    return token.user if token is not None else None


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
            will_be_admin=True,
        )
        membership_set(access=None, user=user, organisation=org, role=Role.ADMIN)
    return {"organisation": org, "admin": user}


@transaction.atomic
def password_change(*, user: User, new_password: str, message: str = "password changed") -> User:
    """Set a new password for `user` (validated by the form and again here: common
    passwords, similarity, length — 12 for administrators) and audit it without the value.
    Saving the new password revokes the user's API tokens (User.save). Also the end of the
    invitation and password-reset links (`message` says which); the new password makes
    their token invalid."""
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
        message=message,
        event="accounts.password_changed",
    )
    return user


def invitation_pending(user: User) -> bool:
    """The account was created by an invitation that has not been taken up: no password was
    ever set and the person never logged in."""
    return not user.has_usable_password() and user.last_login is None


def _send_invitation(*, user: User, organisation) -> None:
    notify(
        kind="accounts.invitation",
        to=user,
        organisation=organisation,
        path=invitation_path(user),
        context={"valid_days": settings.MALBILD_INVITATION_DAYS},
    )


def _send_sso_invitation(*, user: User, organisation) -> None:
    """The invitation of a person whose organisation has switched local login off: no
    password to set, a link to the single sign-on login instead (the account is matched to
    the provider's identity by its verified e-mail address at the first login)."""
    start = reverse("organisation:overview", kwargs={"org": organisation.slug})
    notify(
        kind="accounts.sso_invitation",
        to=user,
        organisation=organisation,
        path=f"{reverse('accounts:sso-login')}?{urlencode({'next': start})}",
        context={"provider": sso_config.provider_name()},
    )


@transaction.atomic
def password_reset_request(*, email: str, client_ip: str | None) -> bool:
    """ "Forgotten password": every active account with this address and a password gets a
    reset link by e-mail (through the outbox, in its language). The caller answers the same
    whether an account exists or not. False when the rate limit refused the request
    (MALBILD_PASSWORD_RESET_PER_ADDRESS per address, MALBILD_PASSWORD_RESET_PER_IP per client
    address, per MALBILD_PASSWORD_RESET_WINDOW seconds) — counted for every address alike,
    so the refusal says nothing about accounts either."""
    email = User.objects.normalize_email((email or "").strip())
    window = settings.MALBILD_PASSWORD_RESET_WINDOW
    allowed = throttle.allow(
        "password_reset_ip", client_ip, limit=settings.MALBILD_PASSWORD_RESET_PER_IP, window=window
    ) and throttle.allow(
        "password_reset_address",
        email,
        limit=settings.MALBILD_PASSWORD_RESET_PER_ADDRESS,
        window=window,
    )
    if not allowed:
        security_event("password_reset.throttled", ip=client_ip)
        return False
    users = User.objects.filter(email__iexact=email, is_active=True).order_by("pk")
    sent = 0
    for user in users:
        if not user.has_usable_password() or sso_config.local_login_refused(user):
            continue  # an invitation not taken up, or an account without local login
        notify(
            kind="accounts.password_reset",
            to=user,
            path=password_reset_path(user),
            context={"valid_hours": settings.PASSWORD_RESET_TIMEOUT // 3600},
        )
        sent += 1
    security_event("password_reset.requested", ip=client_ip, sent=sent)
    return True


@transaction.atomic
def profile_settings_save(*, user: User, language: str, notifications: dict[str, str]) -> User:
    """The user's own choices: the language of their e-mail ("" or a LANGUAGES code) and how
    they get each kind of notification (`{kind: delivery}`); audited."""
    if language and language not in dict(settings.LANGUAGES):
        raise ValidationError({"language": _("Choose a language.")})
    if language != user.language:
        before = user.language
        user.language = language
        user.save(update_fields=["language"])
        audit_record(
            actor=user,
            instance=user,
            action="update",
            changes={"language": [before, language]},
            event="accounts.profile_changed",
        )
    preferences_set(user=user, choices=notifications)
    return user


def _free_username(email: str) -> str:
    """A username for a new account: the e-mail address, with a number if it is taken."""
    base = email[:140]
    candidate, n = base, 1
    while User.objects.filter(username__iexact=candidate).exists():
        n += 1
        candidate = f"{base}-{n}"
    return candidate


@transaction.atomic
def member_add(
    *,
    access: Access,
    email: str,
    role: str,
    bodies=(),
    first_name: str = "",
    last_name: str = "",
) -> tuple[User, bool]:
    """An admin adds a person to their organisation by e-mail address: an existing account
    with that address (in any organisation) gets the role; otherwise a new account without a
    usable password is created. Returns (user, created); the caller must answer the same
    either way, so that an admin learns nothing about other organisations' accounts (names
    given for an existing account are ignored).

    E-mail (sent after the commit, through the outbox): a new account — or one whose
    invitation was never taken up (adding the person again sends a fresh link) — gets the
    invitation with its one-time set-password link, or, when the person may not log in
    with a password (their organisation's local login is switched off, sso/config.py), the
    invitation to sign in with single sign-on (`accounts.sso_invitation`, no password
    link); an existing account a notice of the role (`accounts.role_granted`, as the
    person chose to get it)."""
    if not access.is_admin:
        raise PermissionDenied(_("Only an administrator may manage users."))
    email = User.objects.normalize_email((email or "").strip())
    if not email:
        raise ValidationError({"email": _("Enter the person's e-mail address.")})
    user = User.objects.filter(email__iexact=email, is_active=True).order_by("pk").first()
    created = user is None
    if created:
        user = user_create(
            actor=access.user,
            username=_free_username(email),
            password=None,
            email=email,
            first_name=first_name,
            last_name=last_name,
            organisation=access.organisation,
        )
    membership_set(access=access, user=user, role=role, bodies=bodies)
    organisation = access.organisation
    if invitation_pending(user) and sso_config.local_login_refused(user):
        _send_sso_invitation(user=user, organisation=organisation)
    elif invitation_pending(user):
        _send_invitation(user=user, organisation=organisation)
    else:
        notify(
            kind="accounts.role_granted",
            to=user,
            organisation=organisation,
            path=reverse("accounts:login"),
            context={"role_label": Role(role).label},
        )
    return user, created


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
