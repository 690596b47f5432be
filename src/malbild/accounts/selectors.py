"""Reads of users, roles and personal API tokens: an organisation's members (scoped to it) and
a user's own account page. A Membership is not an organisation-owned row (it links a user to an
organisation), so its scoping lives here, in `memberships_of`, instead of a hand-written filter
at every call site (docs/adr/0006)."""

from django.db.models import Prefetch, QuerySet
from django.shortcuts import get_object_or_404

from malbild.core.access import Access
from malbild.organisation.models import Body

from .models import ApiToken, Membership, User


def memberships_of(*, access) -> QuerySet[Membership]:
    """The memberships (roles) in the access's organisation; none without one."""
    organisation = getattr(access, "organisation", None)
    if organisation is None:
        return Membership.objects.none()
    return organisation.memberships.all()


def members_of(*, access) -> QuerySet[User]:
    """The users with any role in the access's organisation (each once)."""
    return User.objects.filter(pk__in=memberships_of(access=access).values("user_id"))


def member_list(*, access: Access):
    """Users with any role in the organisation, each with `org_memberships` (roles and bodies
    in this organisation only), in three queries whatever the number of users."""
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


def membership_get(*, access: Access, user_pk: int, pk: int) -> Membership:
    return get_object_or_404(
        memberships_of(access=access).select_related("user", "organisation"),
        pk=pk,
        user_id=user_pk,
    )


def user_api_tokens(*, user) -> list:
    """The user's personal API tokens, newest first (active and revoked)."""
    return list(ApiToken.objects.filter(user=user).order_by("-created_at", "-id"))


def user_memberships(*, user) -> list:
    """The user's roles in every organisation, with their bodies (two queries)."""
    return list(
        Membership.objects.filter(user=user)
        .select_related("organisation")
        .prefetch_related(Prefetch("bodies", queryset=Body.objects.order_by("name")))
        .order_by("organisation__name", "role", "id")
    )
