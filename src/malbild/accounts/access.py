"""Who may do what in an organisation. One `Access` per user and organisation, computed with
one query, is passed to selectors and checked by views, API endpoints and services.

A request's access is resolved once, by `request_access(request, slug)`, and kept as
`request.access`: the web views (`OrgMixin`), the link-holder views, the API (`org_access`)
and the template context all read that one object (docs/adr/0006-tenancy-by-default.md).

Roles (see accounts.constants.Role): admin – everything in the organisation; strategist – edit
all documents; editor – edit activities and indicators of their bodies; reader – read all,
drafts included; respondent – answer consultations for their bodies (issue 3).
"""

from dataclasses import dataclass, field

from django.http import Http404

from malbild.organisation.models import Organisation

from .constants import Role
from .models import Membership

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

    def require_same_org(self, obj) -> None:
        """Http404 unless `obj` belongs to this access's organisation — the one answer every
        service gives when handed another tenant's object (never 403, never a message)."""
        org_id = getattr(self.organisation, "pk", None)
        obj_org = getattr(obj, "organisation_id", None)
        if obj_org is None and obj.__class__.__name__ == "Organisation":
            obj_org = obj.pk
        if org_id is None or obj_org != org_id:
            raise Http404


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
    if not user.is_authenticated:
        return Organisation.objects.none()
    if user.is_superuser:
        return Organisation.objects.all()
    return Organisation.objects.filter(memberships__user=user).distinct()


def require_roles(access: Access, *, need_read: bool = True) -> Access:
    """`access` if it has a role (a reading one unless `need_read` is False), else Http404 —
    another tenant's users cannot tell its organisation from a missing one."""
    if not access.roles or (need_read and not access.can_read):
        raise Http404
    return access


def get_organisation_access(user, slug: str, *, need_read: bool = True) -> Access:
    """Resolve an organisation by slug for this user, or 404 — never reveal other tenants."""
    org = Organisation.objects.filter(slug=slug).first()
    if org is None:
        raise Http404
    return require_roles(access_for(user, org), need_read=need_read)


def request_access(request, slug: str) -> Access:
    """The access of the request's user (browser session, or the API token's user once the API
    has authenticated it) in the organisation `slug`, resolved once per request and kept as
    `request.access`. Http404 when no such organisation exists. Whether the roles suffice is
    the caller's check (`OrgMixin.need_read`, `org_access`)."""
    user = getattr(request, "auth", None) or getattr(request, "user", None)
    cached = getattr(request, "access", None)
    if (
        isinstance(cached, Access)
        and cached.organisation is not None
        and cached.organisation.slug == slug
        and cached.user == user
    ):
        return cached
    org = Organisation.objects.filter(slug=slug).first()
    if org is None:
        raise Http404
    access = access_for(user, org)
    request.access = access
    request.organisation = org
    request.roles = access.roles
    return access
