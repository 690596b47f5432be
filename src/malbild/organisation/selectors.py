"""Reads of bodies, scoped to one organisation."""

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404

from malbild.accounts.access import Access

from .models import Body


def body_list(*, access: Access, kind: str | None = None):
    qs = Body.objects.for_access(access).select_related("parent")
    return qs.filter(kind=kind) if kind else qs


def body_get(*, access: Access, ref) -> Body:
    """One body of the organisation by its public reference (uid or id), with its parent;
    404 for another organisation's body or a malformed reference."""
    return get_object_or_404(body_list(access=access).by_ref(ref))


def body_tree(*, access: Access) -> list[tuple[Body, int]]:
    """All bodies as (body, depth) in tree order, from one query."""
    bodies = list(body_list(access=access).order_by("name"))
    children: dict[int | None, list[Body]] = {}
    for b in bodies:
        children.setdefault(b.parent_id, []).append(b)
    out: list[tuple[Body, int]] = []

    def walk(parent_id, depth):
        for b in children.get(parent_id, []):
            out.append((b, depth))
            walk(b.pk, depth + 1)

    walk(None, 0)
    return out


def body_children(*, access: Access, body: Body):
    """The bodies directly under `body`."""
    return Body.objects.for_access(access).filter(parent=body).order_by("name")


def member_list(*, access: Access):
    """Users with any role in the organisation, each with `org_memberships` (roles and bodies
    in this organisation only), in three queries whatever the number of users."""
    from malbild.accounts.selectors import members_of, memberships_of

    memberships = (
        memberships_of(access=access)
        .prefetch_related(Prefetch("bodies", queryset=Body.objects.order_by("name")))
        .order_by("role", "id")
    )
    return (
        members_of(access=access)
        .prefetch_related(Prefetch("memberships", queryset=memberships, to_attr="org_memberships"))
        .order_by("username")
    )


def member_get(*, access: Access, pk: int):
    """One user with a role in the organisation (else 404), with `org_memberships`."""
    return get_object_or_404(member_list(access=access), pk=pk)


def membership_get(*, access: Access, user_pk: int, pk: int):
    from malbild.accounts.selectors import memberships_of

    return get_object_or_404(
        memberships_of(access=access).select_related("user", "organisation"),
        pk=pk,
        user_id=user_pk,
    )


def organisation_overview(*, access: Access, recent: int = 15) -> dict:
    """What the overview page shows: documents, key counts and recent changes, in a fixed
    number of queries."""
    from malbild.actionplan.models import Activity
    from malbild.catalogue.models import CatalogueItem
    from malbild.core.selectors import audit_recent
    from malbild.strategy.models import Indicator
    from malbild.strategy.selectors import document_list

    org = access.organisation
    documents = list(document_list(access=access))
    return {
        "documents": documents,
        "counts": {
            "documents": len(documents),
            "bodies": Body.objects.filter(organisation=org).count(),
            "activities": Activity.objects.filter(organisation=org).count(),
            "indicators": Indicator.objects.filter(organisation=org).count(),
            "catalogue_items": CatalogueItem.objects.filter(organisation=org).count(),
            "members": member_list(access=access).count() if access.is_admin else None,
        },
        "recent_changes": list(audit_recent(organisation=org, limit=recent)),
    }


def organisations_with_documents(*, user) -> list:
    """The start page: the organisations the user may read (any reading role; all of them for
    a superuser), each with `documents`, in two queries. A respondent-only role does not open
    an organisation's documents, so such organisations are not listed."""
    from django.db.models import F

    from malbild.accounts.access import READ_ROLES
    from malbild.organisation.models import Organisation
    from malbild.strategy.models import SteeringDocument

    if not user.is_authenticated:
        return []
    organisations = Organisation.objects.all()
    if not user.is_superuser:
        organisations = organisations.filter(
            memberships__user=user, memberships__role__in=READ_ROLES
        ).distinct()
    organisations = list(organisations.order_by("name", "id"))
    by_org: dict[int, list] = {o.pk: [] for o in organisations}
    if organisations:
        documents = (
            SteeringDocument.objects.filter(organisation__in=organisations)
            .select_related("parent")
            .order_by(F("parent_id").asc(nulls_first=True), "title", "id")
        )
        for document in documents:
            by_org[document.organisation_id].append(document)
    for organisation in organisations:
        organisation.documents = by_org[organisation.pk]
    return organisations


# A user's own account page (accounts has no selectors module; these read accounts rows) --------


def user_api_tokens(*, user) -> list:
    """The user's personal API tokens, newest first (active and revoked)."""
    from malbild.accounts.models import ApiToken

    return list(ApiToken.objects.filter(user=user).order_by("-created_at", "-id"))


def user_memberships(*, user) -> list:
    """The user's roles in every organisation, with their bodies (two queries)."""
    from malbild.accounts.models import Membership

    return list(
        Membership.objects.filter(user=user)
        .select_related("organisation")
        .prefetch_related(Prefetch("bodies", queryset=Body.objects.order_by("name")))
        .order_by("organisation__name", "role", "id")
    )
