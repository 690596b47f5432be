"""API of the Kolada sync (followup/kolada.py) under /organisations/{org}/kolada: start a
sync of an indicator, a document or every Kolada indicator (202 with the job), read the job's
progress, list and resolve the conflicts with values a person entered, and read an
indicator's comparison with other municipalities. Mounted by followup/api.py."""

import datetime
from decimal import Decimal
from uuid import UUID

from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema
from ninja.responses import Status

from malbild.api.utils import InputSchema, org_access
from malbild.kolada.selectors import municipality_names, stored_values
from malbild.strategy.constants import IndicatorSource
from malbild.strategy.models import Indicator
from malbild.strategy.selectors import document_get, document_item_get

from . import kolada
from .models import KoladaConflict, KoladaSyncJob

router = Router()

P = "/organisations/{org}/kolada"


class SyncIn(InputSchema):
    indicator: str | None = Field(None, description="Uid or id of one indicator")
    document: str | None = Field(
        None, description="Uid or id of a document: its indicators from Kolada"
    )


class SyncJobOut(Schema):
    uid: UUID
    state: str = Field(..., description="queued, running, done or failed")
    state_display: str
    percent: int
    step: str
    indicator: UUID | None
    document: UUID | None
    fetched: int = Field(..., description="Values fetched from Kolada")
    created: int = Field(..., description="Indicator values added")
    updated: int = Field(..., description="Indicator values updated")
    unchanged: int
    conflicts: int = Field(..., description="Entered values that differ from Kolada")
    skipped: int = Field(..., description="Years in closed periods, left unchanged")
    error: str
    created_at: datetime.datetime
    finished_at: datetime.datetime | None

    @staticmethod
    def resolve_state_display(obj: KoladaSyncJob) -> str:
        return str(obj.get_state_display())

    @staticmethod
    def resolve_indicator(obj: KoladaSyncJob) -> UUID | None:
        return obj.indicator.uid if obj.indicator_id else None

    @staticmethod
    def resolve_document(obj: KoladaSyncJob) -> UUID | None:
        return obj.document.uid if obj.document_id else None


class ConflictOut(Schema):
    id: int
    indicator: UUID
    indicator_name: str
    period: int = Field(..., description="Id of the follow-up period")
    period_label: str
    entered_value: Decimal | None = Field(..., description="The value a person entered")
    kolada_value: Decimal
    source: str
    fetched_at: datetime.datetime


class ResolveIn(InputSchema):
    choice: str = Field(..., description="kolada (Kolada's value replaces the entered one) or keep")


class ValueOut(Schema):
    period: int
    indicator: UUID
    value: Decimal | None
    origin: str = Field(..., description="manual or kolada")
    source: str
    fetched_at: datetime.datetime | None


class PointOut(Schema):
    year: int
    value: Decimal | None
    status: str = Field(..., description="Kolada's status, e.g. Missing; empty for a value")


class SeriesOut(Schema):
    municipality: str = Field(..., description="Kolada municipality id (0000: Riket)")
    name: str
    own: bool = Field(..., description="The organisation's own municipality")
    values: list[PointOut]


class ComparisonOut(Schema):
    kpi: str
    series: list[SeriesOut]


def _conflict_out(c: KoladaConflict) -> dict:
    v = c.value
    return {
        "id": c.pk,
        "indicator": v.indicator.uid,
        "indicator_name": v.indicator.name,
        "period": v.period_id,
        "period_label": v.period.label,
        "entered_value": v.value,
        "kolada_value": c.kolada_value,
        "source": c.source,
        "fetched_at": c.fetched_at,
    }


def _job(access, uid) -> KoladaSyncJob:
    return get_object_or_404(
        KoladaSyncJob.objects.select_related("indicator", "document"),
        organisation=access.organisation,
        uid=uid,
    )


@router.post(
    f"{P}/sync",
    response={202: SyncJobOut},
    summary="Sync values from Kolada (strategist)",
    description="Starts a background sync of one indicator, a document's indicators or (given "
    "neither) every indicator whose source is Kolada; read its progress at the job's address. "
    "A value a person entered is never overwritten: a differing Kolada value becomes a conflict.",
)
def sync_start(request, org: str, payload: SyncIn):
    access = org_access(request, org)
    indicator = document = None
    if payload.indicator:
        indicator = document_item_get(access=access, model=Indicator, ref=payload.indicator)
    elif payload.document:
        document = document_get(access=access, ref=payload.document)
    job = kolada.sync_job_create(
        access=access, organisation=access.organisation, document=document, indicator=indicator
    )
    job = kolada.sync_enqueue(job)
    return Status(202, _job(access, job.uid))


@router.get(f"{P}/sync/{{uid}}", response=SyncJobOut, summary="Progress of a Kolada sync")
def sync_get(request, org: str, uid: UUID):
    return _job(org_access(request, org), uid)


@router.get(
    f"{P}/conflicts",
    response=list[ConflictOut],
    summary="Entered values that differ from Kolada",
)
def conflict_list(request, org: str):
    access = org_access(request, org)
    return [_conflict_out(c) for c in kolada.open_conflicts(access.organisation)]


@router.post(
    f"{P}/conflicts/{{conflict_id}}/resolve",
    response=ValueOut,
    summary="Choose Kolada's value or keep the entered one (strategist)",
)
def conflict_resolve(request, org: str, conflict_id: int, payload: ResolveIn):
    access = org_access(request, org)
    conflict = get_object_or_404(KoladaConflict.objects.for_access(access), pk=conflict_id)
    value = kolada.conflict_resolve(access=access, conflict=conflict, choice=payload.choice)
    return {
        "period": value.period_id,
        "indicator": value.indicator.uid,
        "value": value.value,
        "origin": value.origin,
        "source": value.source,
        "fetched_at": value.fetched_at,
    }


@router.get(
    "/organisations/{org}/indicators/{indicator_id}/kolada",
    response=ComparisonOut,
    summary="An indicator's Kolada values beside the comparison municipalities and Riket",
)
def indicator_comparison(request, org: str, indicator_id: str):
    access = org_access(request, org)
    indicator = document_item_get(access=access, model=Indicator, ref=indicator_id)
    organisation = access.organisation
    ids = kolada.comparison_ids(organisation)
    if indicator.source != IndicatorSource.KOLADA or not indicator.kolada_kpi:
        return {"kpi": indicator.kolada_kpi, "series": []}
    names = municipality_names(ids)
    if organisation.kolada_id:
        names[organisation.kolada_id] = organisation.name
    by_muni = {m: [] for m in ids}
    for v in stored_values(kpi=indicator.kolada_kpi, municipalities=ids):
        by_muni[v.municipality].append({"year": v.year, "value": v.value, "status": v.status})
    return {
        "kpi": indicator.kolada_kpi,
        "series": [
            {
                "municipality": m,
                "name": names[m],
                "own": m == organisation.kolada_id,
                "values": by_muni[m],
            }
            for m in ids
        ],
    }
