"""Who may do what in an organisation. One `Access` per user and organisation, computed with
one query, is passed to selectors and checked by views, API endpoints and services.

Roles (see accounts.constants.Role): admin – everything in the organisation; strategist – edit
all documents; editor – edit activities and indicators of their bodies; reader – read all,
drafts included; respondent – answer consultations for their bodies (issue 3).
"""

from dataclasses import dataclass, field

from django.http import Http404

from malbild.accounts.constants import Role

READ_ROLES = {Role.ADMIN, Role.STRATEGIST, Role.EDITOR, Role.READER}


@dataclass(frozen=True)
class Access:
    organisation: object
    roles: frozenset = field(default_factory=frozenset)
    editor_body_ids: frozenset = field(default_factory=frozenset)
    respondent_body_ids: frozenset = field(default_factory=frozenset)
    user: object = None

    @property
    def can_read(self) -> bool:
        return bool(self.roles & READ_ROLES)

    @property
    def is_admin(self) -> bool:
        return Role.ADMIN in self.roles

    @property
    def can_edit_documents(self) -> bool:
        return bool(self.roles & {Role.ADMIN, Role.STRATEGIST})

    @property
    def is_editor(self) -> bool:
        return Role.EDITOR in self.roles

    def can_edit_for_body(self, body_id: int | None) -> bool:
        """Editing an activity/indicator whose responsible body is `body_id`."""
        if self.can_edit_documents:
            return True
        return body_id is not None and body_id in self.editor_body_ids

    @property
    def can_edit_anything(self) -> bool:
        return self.can_edit_documents or bool(self.editor_body_ids)


NO_ACCESS = Access(organisation=None)


def access_for(user, organisation) -> Access:
    """The user's access in `organisation` (one query). Superusers are admins everywhere."""
    if user is None or not user.is_authenticated or organisation is None:
        return Access(organisation=organisation, user=user)
    roles: set[str] = set()
    editor_bodies: set[int] = set()
    respondent_bodies: set[int] = set()
    if user.is_superuser:
        roles.add(Role.ADMIN)
    from malbild.accounts.models import Membership

    rows = Membership.objects.filter(user=user, organisation=organisation).values_list(
        "role", "bodies__id"
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


def organisations_for(user):
    """Organisations the user may open (any role); all of them for a superuser."""
    from malbild.organisation.models import Organisation

    if not user.is_authenticated:
        return Organisation.objects.none()
    if user.is_superuser:
        return Organisation.objects.all()
    return Organisation.objects.filter(memberships__user=user).distinct()


def get_organisation_access(user, slug: str, *, need_read: bool = True) -> Access:
    """Resolve an organisation by slug for this user, or 404 — never reveal other tenants."""
    from malbild.organisation.models import Organisation

    org = Organisation.objects.filter(slug=slug).first()
    if org is None:
        raise Http404
    access = access_for(user, org)
    if not access.roles or (need_read and not access.can_read):
        raise Http404
    return access
