"""The instance's single sign-on configuration, read from settings (conf/base.py reads them
from the `MALBILD_OIDC_*` environment variables; docs/guide/sso.md).

mozilla-django-oidc reads its own `OIDC_*` settings (endpoints, client, scopes); this module
holds what Målbild adds: whether SSO is on, the provider's name, the issuer, claim names,
the group → role mapping and the organisations whose local login is switched off (and
`local_login_refused`, whether that applies to a person)."""

import json
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from ..constants import Role

BODY_ROLES = frozenset({Role.EDITOR, Role.RESPONDENT})


@dataclass(frozen=True)
class GroupGrant:
    """One role that members of a provider group get: in the organisation with `slug`, for
    editors and respondents with the bodies named `bodies` (their names in Målbild)."""

    organisation: str
    role: str
    bodies: tuple[str, ...] = ()


def enabled() -> bool:
    """SSO is on when the issuer, the client id and the endpoints are configured."""
    return bool(
        settings.MALBILD_OIDC_ISSUER
        and settings.OIDC_RP_CLIENT_ID
        and settings.OIDC_OP_AUTHORIZATION_ENDPOINT
        and settings.OIDC_OP_TOKEN_ENDPOINT
        and settings.OIDC_OP_JWKS_ENDPOINT
    )


def provider_name() -> str:
    return settings.MALBILD_OIDC_PROVIDER_NAME


def issuer() -> str:
    return settings.MALBILD_OIDC_ISSUER


def claim(name: str) -> str:
    """The claim that holds `name` ("subject", "email", "email_verified", "groups",
    "first_name", "last_name"), as MALBILD_OIDC_CLAIMS configures it."""
    return settings.MALBILD_OIDC_CLAIMS[name]


def sso_only_slugs() -> frozenset[str]:
    """Organisations whose people may not log in with a password (only while SSO is on, so a
    configuration mistake cannot lock everyone out)."""
    if not enabled():
        return frozenset()
    return frozenset(settings.MALBILD_SSO_ONLY_ORGANISATIONS)


def local_login_refused(user) -> bool:
    """A password login of `user` is refused: they hold a role in an organisation whose local
    login is switched off. Operators (superusers) keep their password login."""
    slugs = sso_only_slugs()
    if not slugs or user.is_superuser:
        return False
    return user.memberships.filter(organisation__slug__in=slugs).exists()


def parse_group_roles(raw) -> dict[str, tuple[GroupGrant, ...]]:
    """The group mapping: a JSON object (or the dict itself) from a group claim value to one
    grant or a list of grants, each `{"organisation": slug, "role": role, "bodies": [names]}`.
    Raises ImproperlyConfigured naming the entry that is wrong."""
    if isinstance(raw, str):
        raw = raw.strip()
        if not raw:
            return {}
        try:
            raw = json.loads(raw)
        except json.JSONDecodeError as exc:
            raise ImproperlyConfigured(f"MALBILD_OIDC_GROUP_ROLES is not JSON: {exc}") from exc
    if not isinstance(raw, dict):
        raise ImproperlyConfigured("MALBILD_OIDC_GROUP_ROLES must be a JSON object.")
    mapping: dict[str, tuple[GroupGrant, ...]] = {}
    for group, value in raw.items():
        entries = value if isinstance(value, list) else [value]
        grants = []
        for entry in entries:
            where = f"MALBILD_OIDC_GROUP_ROLES[{group!r}]"
            if not isinstance(entry, dict) or not {"organisation", "role"} <= entry.keys():
                raise ImproperlyConfigured(f"{where}: needs 'organisation' and 'role'.")
            role = entry["role"]
            if role not in Role.values:
                raise ImproperlyConfigured(
                    f"{where}: unknown role {role!r} (one of {', '.join(Role.values)})."
                )
            bodies = entry.get("bodies") or []
            if not isinstance(bodies, list) or not all(isinstance(b, str) for b in bodies):
                raise ImproperlyConfigured(f"{where}: 'bodies' must be a list of body names.")
            if role in BODY_ROLES and not bodies:
                raise ImproperlyConfigured(f"{where}: the role {role!r} needs 'bodies'.")
            grants.append(
                GroupGrant(
                    organisation=str(entry["organisation"]),
                    role=role,
                    bodies=tuple(bodies) if role in BODY_ROLES else (),
                )
            )
        mapping[str(group)] = tuple(grants)
    return mapping


def group_roles() -> dict[str, tuple[GroupGrant, ...]]:
    return parse_group_roles(settings.MALBILD_OIDC_GROUP_ROLES)
