"""What an organisation offers as open data (docs/adr/0015-backup-and-open-data.md): every adopted
document (its adopted version, frozen) and every closed follow-up period (its frozen data).

Only frozen data is published, so a file at a stable address never changes under its reader
(an amendment of a closed period is part of the period's data, dated). Reads are scoped by
the access; each function runs a fixed number of queries.
"""

from django.shortcuts import get_object_or_404

from malbild.core.access import Access
from malbild.followup.constants import PeriodStatus
from malbild.followup.models import FollowUpPeriod
from malbild.followup.selectors import period_data
from malbild.strategy.models import SteeringDocument
from malbild.strategy.snapshot.schema import upgrade

LICENCE = {
    "name": "CC0 1.0 Universal (Public Domain Dedication)",
    "spdx": "CC0-1.0",
    "url": "https://creativecommons.org/publicdomain/zero/1.0/",
}


def published_documents(*, access: Access):
    """The organisation's documents that have an adopted version (one query)."""
    return (
        SteeringDocument.objects.for_access(access)
        .filter(adopted_version__isnull=False)
        .select_related("adopted_version")
        .defer("adopted_version__snapshot")
        .order_by("title", "pk")
    )


def closed_periods(*, access: Access):
    """The organisation's closed follow-up periods, newest first (one query)."""
    return (
        FollowUpPeriod.objects.for_access(access)
        .filter(status=PeriodStatus.CLOSED)
        .select_related("document")
        .defer("snapshot")
        .order_by("-end", "document__title", "pk")
    )


def document_dataset(*, access: Access, ref) -> tuple[SteeringDocument, dict]:
    """The adopted document `ref` (uid or id) and its adopted version's snapshot, upgraded to
    the current format; Http404 for a document without an adopted version."""
    document = get_object_or_404(
        SteeringDocument.objects.for_access(access)
        .filter(adopted_version__isnull=False)
        .select_related("adopted_version", "organisation")
        .by_ref(ref)
    )
    return document, upgrade(document.adopted_version.snapshot)


def period_dataset(*, access: Access, ref) -> tuple[FollowUpPeriod, dict]:
    """The closed period `ref` and its assessed data (frozen snapshot with its amendments);
    Http404 for an open period."""
    period = get_object_or_404(
        FollowUpPeriod.objects.for_access(access)
        .filter(status=PeriodStatus.CLOSED)
        .select_related("document", "organisation")
        .by_ref(ref)
    )
    return period, period_data(period=period)
