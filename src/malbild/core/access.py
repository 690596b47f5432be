"""Who may do what in an organisation — the mechanism, without the domain.

One `Access` per user and organisation is passed to selectors and checked by views, API
endpoints and services. What the roles mean (which roles read, administer, edit documents,
edit for their bodies, answer consultations) and how an access is computed (memberships) are
registered by the `accounts` app at start-up (`register_access`, see accounts/access.py), so
`core` knows no domain app (docs/adr/0006-tenancy-by-default.md).

A request's access is resolved once, by `request_access(request, slug)`, and kept as
`request.access`: the web views (`OrgMixin`), the link-holder views, the API (`org_access`)
and the template context all read that one object.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.exceptions import ImproperlyConfigured
from django.http import Http404


@dataclass(frozen=True)
class RoleMeanings:
    """Which role names grant what (registered by the app that owns the roles)."""

    admin: str = ""
    read: frozenset = frozenset()
    documents: frozenset = frozenset()
    editor: str = ""
    respondent: str = ""


@dataclass
class _Registry:
    roles: RoleMeanings = field(default_factory=RoleMeanings)
    compute: Callable | None = None
    find_organisation: Callable | None = None


_registry = _Registry()


def register_access(*, roles: RoleMeanings, compute: Callable, find_organisation: Callable) -> None:
    """Install the role meanings, `compute(user, organisation) -> Access` and
    `find_organisation(slug) -> organisation | None` (called once, by accounts)."""
    _registry.roles = roles
    _registry.compute = compute
    _registry.find_organisation = find_organisation


def read_roles() -> frozenset:
    """The role names that may read an organisation's documents."""
    return _registry.roles.read


@dataclass(frozen=True)
class Access:
    organisation: object
    roles: frozenset = field(default_factory=frozenset)
    editor_body_ids: frozenset = field(default_factory=frozenset)
    respondent_body_ids: frozenset = field(default_factory=frozenset)
    user: object = None

    @property
    def can_read(self) -> bool:
        return bool(self.roles & _registry.roles.read)

    @property
    def is_admin(self) -> bool:
        return _registry.roles.admin in self.roles

    @property
    def can_edit_documents(self) -> bool:
        return bool(self.roles & _registry.roles.documents)

    @property
    def is_editor(self) -> bool:
        return _registry.roles.editor in self.roles

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
    if _registry.compute is None:
        raise ImproperlyConfigured("No access resolver registered (is accounts installed?)")
    return _registry.compute(user, organisation)


def require_roles(access: Access, *, need_read: bool = True) -> Access:
    """`access` if it has a role (a reading one unless `need_read` is False), else Http404 —
    another tenant's users cannot tell its organisation from a missing one."""
    if not access.roles or (need_read and not access.can_read):
        raise Http404
    return access


def _organisation(slug: str):
    if _registry.find_organisation is None:
        raise ImproperlyConfigured("No organisation lookup registered (is accounts installed?)")
    org = _registry.find_organisation(slug)
    if org is None:
        raise Http404
    return org


def get_organisation_access(user, slug: str, *, need_read: bool = True) -> Access:
    """Resolve an organisation by slug for this user, or 404 — never reveal other tenants."""
    return require_roles(access_for(user, _organisation(slug)), need_read=need_read)


def request_access(request, slug: str) -> Access:
    """The access of the request's user (browser session, or the API token's user once the API
    has authenticated it) in the organisation `slug`, resolved once per request and kept as
    `request.access`. Http404 when no such organisation exists. Whether the roles suffice is
    the caller's check (`OrgMixin.need_read`, `org_access`, `require_roles`)."""
    user = getattr(request, "auth", None) or getattr(request, "user", None)
    cached = getattr(request, "access", None)
    if (
        isinstance(cached, Access)
        and cached.organisation is not None
        and cached.organisation.slug == slug
        and cached.user == user
    ):
        return cached
    access = access_for(user, _organisation(slug))
    request.access = access
    request.organisation = access.organisation
    request.roles = access.roles
    return access
