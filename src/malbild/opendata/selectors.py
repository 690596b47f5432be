"""What an organisation offers as open data (docs/adr/0015-backup-and-open-data.md): every adopted
document (its adopted version, frozen) and every closed follow-up period (its frozen data).

Only frozen data is published, so a file at a stable address never changes under its reader
(an amendment of a closed period is part of the period's data, dated). Reads are scoped by
the access; each function runs a fixed number of queries.
"""

import datetime

from django.http import Http404
from django.shortcuts import get_object_or_404

from malbild.core.access import Access
from malbild.followup.constants import PeriodStatus
from malbild.followup.models import FollowUpPeriod
from malbild.followup.selectors import period_data
from malbild.portal import selectors as portal_selectors
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


def _by_dates(qs, ref: str):
    """`qs` filtered by the dates of `<start>_<end>` (none when they are not dates)."""
    try:
        start, end = (datetime.date.fromisoformat(part) for part in ref.split("_"))
    except ValueError:
        return qs.none()
    return qs.filter(start=start, end=end)


def period_dataset(*, access: Access, ref) -> tuple[FollowUpPeriod, dict]:
    """The closed period `ref` (its id, or its dates `<start>_<end>` when only one closed
    period has them) and its assessed data (frozen snapshot with its amendments); Http404 for
    an open period."""
    qs = (
        FollowUpPeriod.objects.for_access(access)
        .filter(status=PeriodStatus.CLOSED)
        .select_related("document", "organisation")
    )
    text = str(ref)
    if "_" in text:
        found = list(_by_dates(qs, text)[:2])
        if len(found) != 1:
            raise Http404
        period = found[0]
    else:
        period = get_object_or_404(qs.by_ref(ref))
    return period, period_data(period=period)


# The public (docs/adr/0015, addendum): exactly what the organisation's portal publishes ------


def public_documents(*, organisation) -> list[SteeringDocument]:
    """The documents the portal publishes, each with its `public_version` (the adopted
    version it shows) and its organisation set (two queries at most)."""
    documents = portal_selectors.published_documents(organisation=organisation)
    for d in documents:
        d.organisation = organisation
    return documents


def public_periods(*, organisation, documents: list) -> list:
    """The closed follow-up periods of the published documents, newest first, as the portal
    shows them (its assessed data with only approved comments): `PublicPeriod`s whose period
    has its document and organisation set. Two queries, whatever the number."""
    by_document = {d.pk: d for d in documents}
    periods = [
        p
        for entries in portal_selectors.closed_periods(documents=documents).values()
        for p in entries
    ]
    for p in periods:
        p.period.document = by_document[p.period.document_id]
        p.period.organisation = organisation
    periods.sort(key=lambda p: (p.period.end, p.period.start, p.period.pk), reverse=True)
    return periods


def _matches(obj, ref) -> bool:
    text = str(ref).strip()
    return text == str(obj.pk) or text == str(getattr(obj, "uid", ""))


def public_document_dataset(*, organisation, ref) -> tuple[SteeringDocument, dict]:
    """The published document `ref` (uid or id) and the snapshot of the version the portal
    shows; Http404 for anything the portal does not publish."""
    for d in public_documents(organisation=organisation):
        if _matches(d, ref):
            return d, upgrade(d.public_version.snapshot)
    raise Http404


def public_period_dataset(*, organisation, ref):
    """The closed period `ref` (its id, or `<start>_<end>` when one published document has a
    period of those dates) of a published document, with the data the portal shows; Http404
    for anything else."""
    periods = public_periods(
        organisation=organisation, documents=public_documents(organisation=organisation)
    )
    text = str(ref).strip()
    found = [p for p in periods if text == str(p.period.pk)] or [
        p for p in periods if text == p.key
    ]
    if len(found) != 1:
        raise Http404
    return found[0].period, found[0].data
