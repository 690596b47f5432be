"""Checks shared by the follow-up services: the strategist role, an open period, the row
lock that keeps a write from racing the period's closing, and that an item is reported in
the period it is written to (followup.scope's reporting rule)."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils.translation import gettext as _

from malbild.core.access import Access

from ..models import (
    FollowUpPeriod,
)
from ..scope import reporting_period


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


def _require_reported_here(period: FollowUpPeriod, kind: str, item) -> None:
    """404 for an item the period does not follow up; a ValidationError naming the period it
    is reported in when that is another period of the same span (it is asked for only once)."""
    home = reporting_period(period, kind, item)
    if home is None:
        raise Http404
    if home.pk != period.pk:
        raise ValidationError(
            _(
                "“%(item)s” is reported in the follow-up %(period)s of “%(document)s”; this "
                "period shows the values reported there."
            )
            % {"item": item, "period": home.label, "document": home.document.title}
        )
