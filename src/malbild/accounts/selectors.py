"""Reads of users, roles and personal API tokens: an organisation's members (scoped to it) and
a user's own account page."""

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404

from malbild.core.access import Access
from malbild.organisation.models import Body

from .models import ApiToken, Membership, User


def member_list(*, access: Access):
    """Users with any role in the organisation, each with `org_memberships` (roles and bodies
    in this organisation only), in three queries whatever the number of users."""
    memberships = (
        Membership.objects.filter(organisation=access.organisation)
        .prefetch_related(Prefetch("bodies", queryset=Body.objects.order_by("name")))
        .order_by("role", "id")
    )
    return (
        User.objects.filter(memberships__organisation=access.organisation)
        .distinct()
        .prefetch_related(Prefetch("memberships", queryset=memberships, to_attr="org_memberships"))
        .order_by("username")
    )


def member_get(*, access: Access, pk: int):
    """One user with a role in the organisation (else 404), with `org_memberships`."""
    return get_object_or_404(member_list(access=access), pk=pk)


def membership_get(*, access: Access, user_pk: int, pk: int) -> Membership:
    return get_object_or_404(
        Membership.objects.select_related("user", "organisation"),
        pk=pk,
        user_id=user_pk,
        organisation=access.organisation,
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
