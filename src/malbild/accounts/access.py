"""What the roles mean and how a user's access in an organisation is computed (one query over
the memberships), registered with `core.access` when the app starts (apps.py). Everything else
uses `malbild.core.access` (`Access`, `access_for`, `request_access`, `require_roles`).

Roles (accounts.constants.Role): admin – everything in the organisation; strategist – edit
all documents; editor – edit activities and indicators of their bodies; reader – read all,
drafts included; respondent – answer consultations for their bodies.
"""

from malbild.core.access import Access, RoleMeanings, register_access
from malbild.organisation.models import Organisation

from .constants import Role
from .models import Membership

READ_ROLES = frozenset({Role.ADMIN, Role.STRATEGIST, Role.EDITOR, Role.READER})

ROLE_MEANINGS = RoleMeanings(
    admin=Role.ADMIN,
    read=READ_ROLES,
    documents=frozenset({Role.ADMIN, Role.STRATEGIST}),
    editor=Role.EDITOR,
    respondent=Role.RESPONDENT,
)


def compute_access(user, organisation) -> Access:
    """The user's roles and bodies in `organisation`; superusers are admins everywhere."""
    roles: set[str] = set()
    editor_bodies: set[int] = set()
    respondent_bodies: set[int] = set()
    if user.is_superuser:
        roles.add(Role.ADMIN)
    rows = (
        Membership.objects.for_org(organisation).filter(user=user).values_list("role", "bodies__id")
    )
    for role, body_id in rows:
        roles.add(role)
        if body_id is not None and role == Role.EDITOR:
            editor_bodies.add(body_id)
        if body_id is not None and role == Role.RESPONDENT:
            respondent_bodies.add(body_id)
    return Access(
        organisation=organisation,
        roles=frozenset(roles),
        editor_body_ids=frozenset(editor_bodies),
        respondent_body_ids=frozenset(respondent_bodies),
        user=user,
    )


def find_organisation(slug: str):
    return Organisation.objects.filter(slug=slug).first()


def register() -> None:
    register_access(
        roles=ROLE_MEANINGS, compute=compute_access, find_organisation=find_organisation
    )
