"""Kolada values onto an organisation's indicators (docs/adr/0018-kolada-values-and-sync.md).

For each indicator whose source is Kolada (`indicator.kolada_kpi`), the sync fetches the KPI
for the organisation's municipality (`Organisation.kolada_id`), its comparison municipalities
(`kolada_peers`) and the whole country (0000) — malbild.kolada stores those values — and then
writes the organisation's own value of each year into the indicator's value of the yearly
follow-up period ending that year, in the period the indicator is reported in (scope.py):

- no value yet → a value from Kolada (approved: official statistics need no body's review),
  with its source (KPI, municipality, the URL) and the time it was fetched;
- a value the sync wrote earlier → updated when Kolada's number changed (else only its
  fetch time);
- a value a person entered → never overwritten: when Kolada's number differs, a
  `KoladaConflict` waits for a strategist to choose (Kolada's value, or keep the person's);
- a closed period → left as it was frozen (counted as skipped).

Runs as a background task (`kolada_sync_task`, django.tasks) on a `KoladaSyncJob` with its
progress; on demand from the indicator and document pages (and the API), on a schedule from
`malbild kolada_sync` (cron).
"""

import datetime
import logging
from collections import defaultdict
from collections.abc import Callable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.tasks import task
from django.utils import timezone
from django.utils.translation import gettext as _

from malbild.core.access import Access
from malbild.core.services import model_create, model_update
from malbild.kolada.client import KoladaClient, KoladaError
from malbild.kolada.models import RIKET, KoladaMunicipality, KoladaValue
from malbild.kolada.services import kolada_client, municipalities_fetch, values_fetch
from malbild.strategy.constants import IndicatorSource
from malbild.strategy.measures import measure_value_errors
from malbild.strategy.models import Indicator
from malbild.strategy.selectors import document_descendants, document_lineage

from .constants import (
    ContributionState,
    KoladaConflictState,
    PeriodKind,
    SyncState,
    ValueOrigin,
)
from .models import FollowUpPeriod, IndicatorValue, KoladaConflict, KoladaSyncJob
from .scope import reporting_period
from .services._common import _require_strategist

logger = logging.getLogger("malbild.kolada")

Progress = Callable[[int, str], None]
#: How many years back a sync asks for when the indicator names no earlier year.
DEFAULT_YEARS_BACK = 10


def kolada_indicators(organisation, *, document=None, indicator=None):
    """The organisation's indicators with Kolada as their source (of `document`, or only
    `indicator`)."""
    qs = (
        Indicator.objects.for_org(organisation)
        .filter(source=IndicatorSource.KOLADA)
        .exclude(kolada_kpi="")
    )
    if indicator is not None:
        qs = qs.filter(pk=indicator.pk)
    if document is not None:
        qs = qs.filter(document=document)
    return qs.select_related("document").order_by("document__title", "order", "pk")


def comparison_ids(organisation) -> list[str]:
    """The municipalities a sync fetches: the organisation's own, its peers, the country."""
    ids = [organisation.kolada_id, *organisation.kolada_peer_ids, RIKET]
    return [m for i, m in enumerate(ids) if m and m not in ids[:i]]


def sync_years(indicator, today: datetime.date | None = None) -> list[int]:
    """The years asked for: from the baseline (or the document's first year, or ten years
    back) to this year."""
    this_year = (today or timezone.localdate()).year
    starts = [y for y in (indicator.baseline_year, indicator.document.period_start) if y]
    first = min(starts) if starts else this_year - DEFAULT_YEARS_BACK
    return list(range(min(first, this_year), this_year + 1))


def home_period(indicator, year: int) -> FollowUpPeriod | None:
    """The yearly follow-up period ending in `year` that `indicator` is reported in."""
    documents = [d.pk for d in document_lineage(document=indicator.document)]
    documents += [d.pk for d in document_descendants(document=indicator.document)]
    candidates = (
        FollowUpPeriod.objects.for_org(indicator.organisation_id)
        .filter(
            document_id__in=documents,
            kind=PeriodKind.YEARLY,
            end__year=year,
        )
        .order_by("start", "pk")
    )
    for period in candidates:
        home = reporting_period(period, "indicator", indicator)
        if home is not None:
            return home
    return None


def kolada_source(kpi: str, municipality: str, url: str) -> str:
    return (
        _("Kolada %(kpi)s, municipality %(municipality)s (%(url)s)")
        % {
            "kpi": kpi,
            "municipality": municipality,
            "url": url,
        }
    )[:300]


class Tally:
    def __init__(self):
        self.fetched = self.created = self.updated = self.unchanged = 0
        self.conflicts = self.skipped = 0


def _apply_year(*, indicator, kv: KoladaValue, actor, tally: Tally) -> None:
    """Write Kolada's value of one year into the indicator's value of its period."""
    period = home_period(indicator, kv.year)
    if period is None or kv.value is None:
        return
    if period.is_closed:
        tally.skipped += 1
        return
    if measure_value_errors(
        measure_type=indicator.measure_type, unit=indicator.unit, value=kv.value
    ):
        tally.skipped += 1  # e.g. a share above 100: not a value of this indicator's measure
        return
    source = kolada_source(kv.kpi, kv.municipality, kv.source_url)
    with transaction.atomic():
        period = FollowUpPeriod.objects.select_for_update().get(pk=period.pk)
        if period.is_closed:
            tally.skipped += 1
            return
        current = (
            IndicatorValue.objects.select_for_update()
            .filter(period=period, indicator=indicator)
            .first()
        )
        if current is None:
            model_create(
                model=IndicatorValue,
                actor=actor,
                data={
                    "organisation": period.organisation,
                    "period": period,
                    "indicator": indicator,
                    "value": kv.value,
                    "measured_on": datetime.date(kv.year, 12, 31),
                    "source": source,
                    "origin": ValueOrigin.KOLADA,
                    "fetched_at": kv.fetched_at,
                    "state": ContributionState.APPROVED,
                    "reviewed_at": kv.fetched_at,
                },
                message=_("Fetched from Kolada."),
            )
            tally.created += 1
            return
        if current.origin == ValueOrigin.KOLADA:
            changed = current.value != kv.value
            model_update(
                instance=current,
                actor=actor,
                data={"value": kv.value, "source": source, "fetched_at": kv.fetched_at},
                fields=("value", "source", "fetched_at") if changed else ("fetched_at",),
                message=_("Fetched from Kolada."),
            )
            if changed:
                tally.updated += 1
            else:
                tally.unchanged += 1
            return
        # A person's value: never overwritten here.
        conflict = KoladaConflict.objects.filter(value=current).first()
        if current.value == kv.value:
            if conflict is not None:
                conflict.delete()
            tally.unchanged += 1
            return
        if conflict is not None and conflict.kolada_value == kv.value:
            if conflict.state == KoladaConflictState.OPEN:
                tally.conflicts += 1
            else:
                tally.unchanged += 1
            return
        fields = {
            "kolada_value": kv.value,
            "source": source,
            "fetched_at": kv.fetched_at,
            "state": KoladaConflictState.OPEN,
        }
        if conflict is None:
            KoladaConflict.objects.create(organisation=period.organisation, value=current, **fields)
        else:
            KoladaConflict.objects.filter(pk=conflict.pk).update(**fields)
        tally.conflicts += 1


def kolada_sync(
    *,
    organisation,
    indicators: list,
    actor=None,
    client: KoladaClient | None = None,
    progress: Progress | None = None,
) -> Tally:
    """Fetch and apply Kolada's values for `indicators` (see the module). KoladaError when
    Kolada cannot be had (what was fetched before stays); ValidationError without the
    organisation's Kolada id."""
    if not organisation.kolada_id:
        raise ValidationError(
            {"kolada_id": _("Give the organisation's Kolada municipality id first.")}
        )
    client = client or kolada_client()
    progress = progress or (lambda percent, step: None)
    municipalities = comparison_ids(organisation)
    by_kpi: dict[str, list] = defaultdict(list)
    for indicator in indicators:
        by_kpi[indicator.kolada_kpi.strip()].append(indicator)
    tally = Tally()
    fetched = 0
    known = set(
        KoladaMunicipality.objects.filter(code__in=municipalities).values_list("code", flat=True)
    )
    if set(municipalities) - known - {RIKET}:
        progress(2, _("Fetching the names of the municipalities"))
        municipalities_fetch(client=client)
    for n, (kpi, group) in enumerate(sorted(by_kpi.items())):
        progress(
            5 + 90 * n // max(len(by_kpi), 1), _("Fetching %(kpi)s from Kolada") % {"kpi": kpi}
        )
        years = sorted({y for ind in group for y in sync_years(ind)})
        stored = values_fetch(client=client, kpi=kpi, municipalities=municipalities, years=years)
        fetched += len(stored)
        own = [v for v in stored if v.municipality == organisation.kolada_id]
        for indicator in group:
            for kv in sorted(own, key=lambda v: v.year):
                _apply_year(indicator=indicator, kv=kv, actor=actor, tally=tally)
    tally.fetched = fetched
    progress(100, _("Finished"))
    return tally


# -- jobs ----------------------------------------------------------------------------------


def sync_job_create(*, access: Access | None, organisation, document=None, indicator=None):
    """A queued job for a sync of `indicator`, `document` or (neither) the organisation;
    a strategist's (or the schedule's: `access` None)."""
    if access is not None:
        _require_strategist(access)
        for item in (document, indicator):
            if item is not None:
                access.require_same_org(item)
    if not organisation.kolada_id:
        raise ValidationError(
            {"kolada_id": _("Give the organisation's Kolada municipality id first.")}
        )
    if not kolada_indicators(organisation, document=document, indicator=indicator).exists():
        raise ValidationError(_("There is no indicator with Kolada as its source to sync."))
    user = access.user if access is not None and access.user.is_authenticated else None
    return KoladaSyncJob.objects.create(
        organisation=organisation,
        created_by=user,
        document=document,
        indicator=indicator,
    )


def sync_enqueue(job: KoladaSyncJob) -> KoladaSyncJob:
    """Hand the job to the task backend (outside any transaction, so a worker sees the row);
    the job as it is afterwards (done already with the immediate backend of the tests)."""
    result = kolada_sync_task.enqueue(job.pk)
    KoladaSyncJob.objects.filter(pk=job.pk, task_id="").update(task_id=str(result.id)[:64])
    job.refresh_from_db()
    return job


def sync_job_run(job_id: int, *, client: KoladaClient | None = None) -> KoladaSyncJob:
    job = KoladaSyncJob.objects.select_related("organisation", "document", "indicator").get(
        pk=job_id
    )
    if job.state != SyncState.QUEUED:
        return job
    KoladaSyncJob.objects.filter(pk=job.pk).update(
        state=SyncState.RUNNING, started_at=timezone.now()
    )

    def progress(percent: int, step: str) -> None:
        KoladaSyncJob.objects.filter(pk=job.pk).update(percent=percent, step=step[:300])

    indicators = list(
        kolada_indicators(job.organisation, document=job.document, indicator=job.indicator)
    )
    try:
        tally = kolada_sync(
            organisation=job.organisation,
            indicators=indicators,
            actor=job.created_by,
            client=client,
            progress=progress,
        )
    except (KoladaError, ValidationError, PermissionDenied) as exc:
        message = (
            _("Kolada could not be reached or answered an error; try again later.")
            if isinstance(exc, KoladaError)
            else " ".join(getattr(exc, "messages", [str(exc)]))
        )
        logger.warning("Kolada sync %s failed: %s", job.uid, exc)
        KoladaSyncJob.objects.filter(pk=job.pk).update(
            state=SyncState.FAILED, error=message, finished_at=timezone.now()
        )
    else:
        KoladaSyncJob.objects.filter(pk=job.pk).update(
            state=SyncState.DONE,
            percent=100,
            fetched=tally.fetched,
            created=tally.created,
            updated=tally.updated,
            unchanged=tally.unchanged,
            conflicts=tally.conflicts,
            skipped=tally.skipped,
            finished_at=timezone.now(),
        )
    job.refresh_from_db()
    return job


@task()
def kolada_sync_task(job_id: int) -> None:
    sync_job_run(job_id)


# -- conflicts -----------------------------------------------------------------------------

USE_KOLADA = "kolada"
KEEP_MANUAL = "keep"


@transaction.atomic
def conflict_resolve(*, access: Access, conflict: KoladaConflict, choice: str) -> IndicatorValue:
    """`choice` "kolada": Kolada's value replaces the person's (audited, the value's origin
    becomes Kolada); "keep": the person's value stays and this Kolada value is not asked about
    again."""
    _require_strategist(access)
    access.require_same_org(conflict)
    if choice not in (USE_KOLADA, KEEP_MANUAL):
        raise ValidationError({"choice": _("Choose Kolada's value or the entered value.")})
    conflict = (
        KoladaConflict.objects.select_for_update()
        .select_related("value__period", "value__indicator")
        .get(pk=conflict.pk)
    )
    value = conflict.value
    if choice == KEEP_MANUAL:
        KoladaConflict.objects.filter(pk=conflict.pk).update(state=KoladaConflictState.KEPT)
        return value
    if value.period.is_closed:
        raise ValidationError(_("The period is closed; corrections are made as amendments."))
    result = model_update(
        instance=value,
        actor=access.user,
        data={
            "value": conflict.kolada_value,
            "source": conflict.source,
            "fetched_at": conflict.fetched_at,
            "origin": ValueOrigin.KOLADA,
        },
        fields=("value", "source", "fetched_at", "origin"),
        message=_("Kolada's value chosen instead of the entered value %(value)s.")
        % {"value": value.value if value.value is not None else "–"},
    )
    conflict.delete()
    return result


def open_conflicts(organisation, *, indicator=None):
    qs = (
        KoladaConflict.objects.for_org(organisation)
        .filter(state=KoladaConflictState.OPEN)
        .select_related("value__period__document", "value__indicator")
    )
    if indicator is not None:
        qs = qs.filter(value__indicator=indicator)
    return qs.order_by("value__period__end", "value__indicator__name", "pk")
