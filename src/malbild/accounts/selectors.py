"""Reads of accounts rows scoped to one organisation. A Membership is not an
organisation-owned row (it links a user to an organisation), so its scoping lives here, in one
place, instead of a hand-written filter at every call site (docs/adr/0006)."""

from django.db.models import QuerySet

from .models import Membership, User


def memberships_of(*, access) -> QuerySet[Membership]:
    """The memberships (roles) in the access's organisation; none without one."""
    organisation = getattr(access, "organisation", None)
    if organisation is None:
        return Membership.objects.none()
    return organisation.memberships.all()


def members_of(*, access) -> QuerySet[User]:
    """The users with any role in the access's organisation (each once)."""
    return User.objects.filter(pk__in=memberships_of(access=access).values("user_id"))
