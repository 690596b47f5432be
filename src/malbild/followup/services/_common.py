"""Checks shared by the follow-up services: the strategist role, an open period, and
the row lock that keeps a write from racing the period's closing."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from malbild.core.access import Access

from ..models import (
    FollowUpPeriod,
)


def _require_strategist(access: Access) -> None:
    if not access.can_edit_documents:
        raise PermissionDenied(_("Only strategists and administrators manage follow-up."))


def _require_open(period: FollowUpPeriod) -> None:
    if period.is_closed:
        raise ValidationError(_("The period is closed; corrections are made as amendments."))


def _lock_open(period: FollowUpPeriod) -> FollowUpPeriod:
    """The period re-read under a row lock, so that no write races its closing."""
    fresh = (
        FollowUpPeriod.objects.select_for_update()
        .select_related("document", "organisation")
        .get(pk=period.pk)
    )
    _require_open(fresh)
    return fresh
