"""Who gets a notification: the active members of an organisation with given roles, and those
acting for given bodies (editors of a body, respondents of a consultee body). Used by the
services of consultation and follow-up when they notify; each function runs one query."""

from collections.abc import Iterable

from .constants import Role
from .models import Membership, User


def users_with_roles(*, organisation, roles: Iterable[str]) -> list[User]:
    """The active users with one of `roles` in `organisation`, each once, by username."""
    user_ids = (
        Membership.objects.for_org(organisation)
        .filter(role__in=list(roles), user__is_active=True)
        .values("user_id")
    )
    return list(User.objects.filter(pk__in=user_ids).order_by("username", "pk"))


def users_for_bodies(*, organisation, role: str, body_ids: Iterable[int]) -> dict[int, list[User]]:
    """body id → the active users with `role` (editor, respondent) for that body in
    `organisation`, by username; bodies nobody acts for are left out."""
    body_ids = [b for b in body_ids if b is not None]
    if not body_ids:
        return {}
    rows = (
        Membership.bodies.through.objects.filter(
            membership__in=Membership.objects.for_org(organisation).filter(role=role),
            membership__user__is_active=True,
            body_id__in=body_ids,
        )
        .select_related("membership__user")
        .order_by("membership__user__username", "id")
    )
    result: dict[int, list[User]] = {}
    for row in rows:
        people = result.setdefault(row.body_id, [])
        if row.membership.user not in people:
            people.append(row.membership.user)
    return result


def strategists(*, organisation) -> list[User]:
    """The people who manage rounds and periods: strategists and administrators."""
    return users_with_roles(organisation=organisation, roles=[Role.STRATEGIST, Role.ADMIN])
