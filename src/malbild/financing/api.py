"""API of cost allocation and shared projects (read: any role; write: strategists and admins,
checked by financing/services.py).

- `GET …/cost-allocation`: the allocation tables per body and year, each rule's table and the
  shared projects' population splits with the organisation's own share — the same figures as
  the page and the XLSX/PDF file (parts sum exactly to the totals, whole kronor).
- Rules (`…/cost-allocations/{ref}`), their fixed shares (`…/shares/{body}`) and computers
  per body and year (`…/devices/{body}/{year}`).
- Shared projects: the owner's and those the organisation accepted (a participant reads only
  the project, its split and its share); invitations addressed to the organisation and the
  answer. Anything else of another organisation is 404 (docs/adr/0021).
Answers with one object carry `lock_version` and its ETag; PATCH and DELETE take `If-Match`.
"""

from datetime import datetime
from decimal import Decimal
from uuid import UUID

from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from ninja import Field, PatchDict, Path, Router, Schema

from malbild.actionplan.models import Activity
from malbild.api.utils import (
    InputSchema,
    created,
    deleted,
    if_match,
    may_edit_documents,
    org_access,
    representation,
    resolve_relations,
)
from malbild.core.access import Access
from malbild.organisation.models import Body

from . import selectors, services
from .models import CostAllocation, DeviceCount, FixedShare, Participant, SharedProject

router = Router()

P = "/organisations/{org}"


def _ref(what: str):
    return Path(..., description=f"The uid or, as an alias, the integer id of the {what}")


# Tables ----------------------------------------------------------------------------------------


class AllocationRowOut(Schema):
    label: str = Field(..., description="The body, party or project")
    amounts: list[Decimal] = Field(..., description="Whole kronor per year, in `years` order")
    total: Decimal


class AllocationTableOut(Schema):
    years: list[int]
    rows: list[AllocationRowOut]
    year_totals: list[Decimal] = Field(..., description="Sum of the rows per year")
    total: Decimal = Field(..., description="Sum of every row and year")


class AllocationResultOut(Schema):
    table: AllocationTableOut
    problem: str = Field(..., description="Why nothing is allocated yet (else empty)")
    left_out: list[str] = Field(
        ..., description="By benefit share: beneficiaries that are not bodies, not charged"
    )


def _result(result) -> dict:
    return {"table": result.data, "problem": result.problem, "left_out": result.left_out}


class SplitPartyOut(Schema):
    label: str
    organisation: str | None = Field(None, description="Slug, for an organisation here")
    is_owner: bool
    external: bool
    population: int | None
    population_source: str = Field(..., description="kolada, record, stated or missing")
    population_source_display: str
    population_year: int | None = Field(None, description="The Kolada year, when from Kolada")
    amounts: list[Decimal]
    total: Decimal


class PopulationSplitOut(Schema):
    years: list[int]
    parties: list[SplitPartyOut]
    year_totals: list[Decimal]
    total: Decimal
    population_total: int
    problem: str
    own_total: Decimal | None = Field(None, description="The asking organisation's share")


def _split(split, organisation_id: int) -> dict:
    rows = {row["key"]: row for row in split.rows}
    parties = []
    for party in split.parties:
        row = rows.get(party.key)
        parties.append(
            {
                "label": party.label,
                "organisation": party.slug,
                "is_owner": party.is_owner,
                "external": party.org_pk is None,
                "population": party.population,
                "population_source": str(party.source),
                "population_source_display": party.source_label,
                "population_year": party.source_year,
                "amounts": row["amounts"] if row else [],
                "total": row["total"] if row else Decimal(0),
            }
        )
    own = split.share_of(organisation_id)
    return {
        "years": split.table.years,
        "parties": parties,
        "year_totals": split.year_totals,
        "total": split.table.total,
        "population_total": split.population_total,
        "problem": split.problem,
        "own_total": own["total"] if own else None,
    }


# Rules -----------------------------------------------------------------------------------------


class AllocationIn(InputSchema):
    title: str
    description: str = ""
    activity: int | None = Field(None, description="Id of the activity (none: a shared cost)")
    rule: str = Field(..., description="benefit, fixed or device")
    annual_amount: Decimal | None = Field(None, description="A shared cost's amount per year")
    device_price: Decimal | None = Field(None, description="Per device: SEK per computer and year")
    start_year: int | None = None
    end_year: int | None = None


class FixedShareOut(Schema):
    id: int
    lock_version: int
    body: int
    body_name: str
    percent: Decimal

    @staticmethod
    def resolve_body(obj) -> int:
        return obj.body_id

    @staticmethod
    def resolve_body_name(obj) -> str:
        return obj.body.name


class DeviceCountOut(Schema):
    id: int
    lock_version: int
    body: int
    body_name: str
    year: int
    devices: int

    @staticmethod
    def resolve_body(obj) -> int:
        return obj.body_id

    @staticmethod
    def resolve_body_name(obj) -> str:
        return obj.body.name


@representation(CostAllocation)
class AllocationOut(Schema):
    id: int
    uid: UUID
    lock_version: int = Field(..., description="Edit version (the ETag; send it as If-Match)")
    title: str
    description: str
    activity: int | None
    rule: str
    rule_display: str
    annual_amount: Decimal | None
    device_price: Decimal | None
    start_year: int | None
    end_year: int | None
    fixed_shares: list[FixedShareOut]
    device_counts: list[DeviceCountOut]
    result: AllocationResultOut

    @staticmethod
    def resolve_activity(obj) -> int | None:
        return obj.activity_id

    @staticmethod
    def resolve_rule_display(obj) -> str:
        return str(obj.get_rule_display())

    @staticmethod
    def resolve_fixed_shares(obj) -> list:
        return list(obj.fixed_shares.all())

    @staticmethod
    def resolve_device_counts(obj) -> list:
        return list(obj.device_counts.all())

    @staticmethod
    def resolve_result(obj) -> dict:
        return _result(getattr(obj, "computed", None) or selectors.allocation_result(obj))


representation(FixedShare)(FixedShareOut)
representation(DeviceCount)(DeviceCountOut)


class OverviewProjectOut(Schema):
    uid: UUID
    title: str
    owner: str
    is_owner: bool
    split: PopulationSplitOut


class AllocationOverviewOut(Schema):
    bodies: AllocationTableOut = Field(..., description="Every rule summed per body and year")
    allocations: list[AllocationOut]
    projects: list[OverviewProjectOut]
    own_shares: AllocationTableOut = Field(
        ..., description="The organisation's share of each shared project per year"
    )


@router.get(
    P + "/cost-allocation",
    response=AllocationOverviewOut,
    summary="The cost allocation per body, rule, shared project and year",
)
def allocation_overview(request, org: str):
    access = org_access(request, org)
    overview = selectors.organisation_overview(access=access)
    allocations = []
    for result in overview["allocations"]:
        result.allocation.computed = result
        allocations.append(result.allocation)
    return {
        "bodies": overview["bodies"],
        "allocations": allocations,
        "projects": [
            {
                "uid": p["split"].project.uid,
                "title": p["split"].project.title,
                "owner": p["split"].project.organisation.name,
                "is_owner": p["is_owner"],
                "split": _split(p["split"], access.organisation.pk),
            }
            for p in overview["projects"]
        ],
        "own_shares": overview["own_shares"],
    }


def _allocation_relations(access: Access) -> dict:
    return {"activity": Activity.objects.for_access(access)}


def _allocation(access: Access, ref) -> CostAllocation:
    return selectors.allocation_get(access=access, ref=ref)


@router.get(P + "/cost-allocations", response=list[AllocationOut], summary="List allocation rules")
def allocation_list(request, org: str):
    access = org_access(request, org)
    allocations = list(selectors.allocation_list(access=access))
    for result in selectors.allocation_results(access=access, allocations=allocations):
        result.allocation.computed = result
    return allocations


@router.post(
    P + "/cost-allocations",
    response={201: AllocationOut},
    summary="Add an allocation rule (strategist)",
)
def allocation_create(request, org: str, payload: AllocationIn):
    access = org_access(request, org)
    data, _m2m = resolve_relations(
        payload.dict(), access=access, need=may_edit_documents, one=_allocation_relations(access)
    )
    allocation = services.allocation_create(access=access, data=data)
    return created(_allocation(access, allocation.pk))


@router.get(
    P + "/cost-allocations/{allocation_id}",
    response=AllocationOut,
    summary="Get an allocation rule with its table",
)
def allocation_get(request, org: str, allocation_id: str = _ref("allocation rule")):
    return _allocation(org_access(request, org), allocation_id)


@router.patch(
    P + "/cost-allocations/{allocation_id}",
    response=AllocationOut,
    summary="Change an allocation rule (strategist)",
)
def allocation_update(
    request, org: str, payload: PatchDict[AllocationIn], allocation_id: str = _ref("rule")
):
    access = org_access(request, org)
    allocation = _allocation(access, allocation_id)
    data, _m2m = resolve_relations(
        payload, access=access, need=may_edit_documents, one=_allocation_relations(access)
    )
    with if_match(request, allocation):
        services.allocation_update(access=access, allocation=allocation, data=data)
    return _allocation(access, allocation.pk)


@router.delete(
    P + "/cost-allocations/{allocation_id}",
    response={204: None},
    summary="Delete an allocation rule (strategist)",
)
def allocation_delete(request, org: str, allocation_id: str = _ref("rule")):
    access = org_access(request, org)
    allocation = _allocation(access, allocation_id)
    with if_match(request, allocation):
        return deleted(services.allocation_delete, access=access, allocation=allocation)


def _body(access: Access, body_id: int, field: str = "body") -> Body:
    body = Body.objects.for_access(access).filter(pk=body_id).first()
    if body is None:
        raise ValidationError({field: [_invalid_body()]})
    return body


def _invalid_body() -> str:
    return gettext("Choose a body of the organisation.")


class FixedShareIn(InputSchema):
    percent: Decimal = Field(..., description="The body's share in percent (all sum to 100)")


class DeviceCountIn(InputSchema):
    devices: int = Field(..., ge=0, description="Number of leased computers")


@router.put(
    P + "/cost-allocations/{allocation_id}/shares/{body_id}",
    response=FixedShareOut,
    summary="Set a body's fixed share (strategist)",
)
def share_set(
    request, org: str, body_id: int, payload: FixedShareIn, allocation_id: str = _ref("rule")
):
    access = org_access(request, org)
    allocation = _allocation(access, allocation_id)
    may_edit_documents(access)
    share = services.fixed_share_set(
        access=access, allocation=allocation, body=_body(access, body_id), percent=payload.percent
    )
    return selectors.share_get(access=access, model=FixedShare, pk=share.pk)


@router.delete(
    P + "/cost-allocations/shares/{share_id}",
    response={204: None},
    summary="Remove a fixed share (strategist)",
)
def share_delete(request, org: str, share_id: int):
    access = org_access(request, org)
    share = selectors.share_get(access=access, model=FixedShare, pk=share_id)
    with if_match(request, share):
        return deleted(services.fixed_share_delete, access=access, share=share)


@router.put(
    P + "/cost-allocations/{allocation_id}/devices/{body_id}/{year}",
    response=DeviceCountOut,
    summary="Set a body's number of computers in a year (strategist)",
)
def devices_set(
    request,
    org: str,
    body_id: int,
    year: int,
    payload: DeviceCountIn,
    allocation_id: str = _ref("rule"),
):
    access = org_access(request, org)
    allocation = _allocation(access, allocation_id)
    may_edit_documents(access)
    count = services.device_count_set(
        access=access,
        allocation=allocation,
        body=_body(access, body_id),
        year=year,
        devices=payload.devices,
    )
    return selectors.share_get(access=access, model=DeviceCount, pk=count.pk)


@router.delete(
    P + "/cost-allocations/devices/{count_id}",
    response={204: None},
    summary="Remove a number of computers (strategist)",
)
def devices_delete(request, org: str, count_id: int):
    access = org_access(request, org)
    count = selectors.share_get(access=access, model=DeviceCount, pk=count_id)
    with if_match(request, count):
        return deleted(services.device_count_delete, access=access, count=count)


# Shared projects -----------------------------------------------------------------------------


class SharedProjectIn(InputSchema):
    title: str
    description: str = ""
    activity: int | None = Field(None, description="Id of the owner's activity, if any")
    annual_amount: Decimal | None = Field(None, description="Cost per year (else the budget)")
    start_year: int | None = None
    end_year: int | None = None


class ProjectParticipantOut(Schema):
    id: int
    lock_version: int
    name: str
    organisation: str | None = Field(None, description="Slug, for an organisation here")
    population: int | None = Field(None, description="Stated, for an external party")
    status: str = Field(..., description="invited, accepted, declined or external")
    status_display: str
    answered_at: datetime | None

    @staticmethod
    def resolve_name(obj) -> str:
        return obj.display_name

    @staticmethod
    def resolve_organisation(obj) -> str | None:
        return obj.member.slug if obj.member_id else None

    @staticmethod
    def resolve_status_display(obj) -> str:
        return str(obj.get_status_display())


representation(Participant)(ProjectParticipantOut)


class ProjectCalculationOut(Schema):
    """The project's activity's benefit calculation, read-only (the chosen alternative)."""

    title: str
    first_year: int
    last_year: int
    discount_rate: Decimal
    alternative: str = Field(..., description="The chosen alternative (empty: none chosen)")
    pv_costs: Decimal | None
    pv_benefits: Decimal | None
    npv: Decimal | None
    incremental_npv: Decimal | None = Field(None, description="Compared with the zero alternative")
    benefit_cost_ratio: Decimal | None
    payback_year: int | None


@representation(SharedProject)
class SharedProjectOut(Schema):
    """A participant sees `participants` empty and `activity` null: only the owner sees who
    else was invited and which of its activities the project belongs to."""

    id: int
    uid: UUID
    lock_version: int
    title: str
    description: str
    owner: str
    is_owner: bool
    activity: int | None
    annual_amount: Decimal | None
    start_year: int | None
    end_year: int | None
    participants: list[ProjectParticipantOut]
    split: PopulationSplitOut
    calculation: ProjectCalculationOut | None = Field(
        None,
        description="The benefit calculation of the project's activity, if any (in the answer "
        "for one project; null in the list)",
    )


def _project_out(project, *, is_owner: bool, access: Access, split=None, detail=True) -> dict:
    """The answer for one project; the list passes the splits it computed together and leaves
    out the calculation (`detail=False`), so its queries do not grow with the projects."""
    if split is None:
        split = selectors.project_splits([project])[0]
    return {
        "id": project.pk,
        "uid": project.uid,
        "lock_version": project.lock_version,
        "title": project.title,
        "description": project.description,
        "owner": project.organisation.name,
        "is_owner": is_owner,
        "activity": project.activity_id if is_owner else None,
        "annual_amount": project.annual_amount,
        "start_year": project.start_year,
        "end_year": project.end_year,
        "participants": list(project.participants.all()) if is_owner else [],
        "split": _split(split, access.organisation.pk),
        "calculation": selectors.calculation_summary(project) if detail else None,
    }


def _project_relations(access: Access) -> dict:
    return {"activity": Activity.objects.for_access(access)}


@router.get(
    P + "/shared-projects",
    response=list[SharedProjectOut],
    summary="Shared projects the organisation owns or takes part in",
)
def project_list(request, org: str):
    access = org_access(request, org)
    projects = list(selectors.viewer_projects(access=access))
    splits = selectors.project_splits(projects)
    own = access.organisation.pk
    return [
        _project_out(p, is_owner=p.organisation_id == own, access=access, split=split, detail=False)
        for p, split in zip(projects, splits, strict=True)
    ]


@router.post(
    P + "/shared-projects",
    response={201: SharedProjectOut},
    summary="Add a shared project (strategist)",
)
def project_create(request, org: str, payload: SharedProjectIn):
    access = org_access(request, org)
    data, _m2m = resolve_relations(
        payload.dict(), access=access, need=may_edit_documents, one=_project_relations(access)
    )
    project = services.shared_project_create(access=access, data=data)
    return created(
        _project_out(
            selectors.project_get(access=access, ref=project.pk), is_owner=True, access=access
        )
    )


@router.get(
    P + "/shared-projects/{project_id}",
    response=SharedProjectOut,
    summary="Get a shared project (the owner's, or one the organisation takes part in)",
)
def project_get(request, org: str, project_id: str = _ref("shared project")):
    access = org_access(request, org)
    project, is_owner = selectors.project_for_viewer(access=access, ref=project_id)
    return _project_out(project, is_owner=is_owner, access=access)


@router.patch(
    P + "/shared-projects/{project_id}",
    response=SharedProjectOut,
    summary="Change a shared project (the owner's strategist)",
)
def project_update(
    request, org: str, payload: PatchDict[SharedProjectIn], project_id: str = _ref("shared project")
):
    access = org_access(request, org)
    project = selectors.project_get(access=access, ref=project_id)
    data, _m2m = resolve_relations(
        payload, access=access, need=may_edit_documents, one=_project_relations(access)
    )
    with if_match(request, project):
        services.shared_project_update(access=access, project=project, data=data)
    return _project_out(
        selectors.project_get(access=access, ref=project.pk), is_owner=True, access=access
    )


@router.delete(
    P + "/shared-projects/{project_id}",
    response={204: None},
    summary="Delete a shared project (the owner's strategist)",
)
def project_delete(request, org: str, project_id: str = _ref("shared project")):
    access = org_access(request, org)
    project = selectors.project_get(access=access, ref=project_id)
    with if_match(request, project):
        return deleted(services.shared_project_delete, access=access, project=project)


class ProjectParticipantIn(InputSchema):
    organisation: str | None = Field(None, description="Slug of an organisation here: invited")
    name: str = Field("", description="Name of an external party (not on this instance)")
    population: int | None = Field(None, ge=1, description="The external party's population")


@router.post(
    P + "/shared-projects/{project_id}/participants",
    response={201: ProjectParticipantOut},
    summary="Invite an organisation (by slug) or add an external party (name, population)",
)
def participant_add(
    request, org: str, payload: ProjectParticipantIn, project_id: str = _ref("shared project")
):
    access = org_access(request, org)
    project = selectors.project_get(access=access, ref=project_id)
    may_edit_documents(access)
    if payload.organisation:
        member = (
            selectors.other_organisations(access=access).filter(slug=payload.organisation).first()
        )
        if member is None:
            raise ValidationError({"organisation": [_unknown_organisation()]})
        participant = services.participant_invite(access=access, project=project, member=member)
    else:
        participant = services.participant_add_external(
            access=access, project=project, name=payload.name, population=payload.population
        )
    return created(selectors.participant_get(access=access, pk=participant.pk))


def _unknown_organisation() -> str:
    return gettext("No other organisation on this instance has this short name.")


class ExternalPartyPatch(InputSchema):
    name: str
    population: int = Field(..., ge=1)


@router.patch(
    P + "/participants/{participant_id}",
    response=ProjectParticipantOut,
    summary="Change an external party's name or population (the owner's strategist)",
)
def participant_update(
    request, org: str, participant_id: int, payload: PatchDict[ExternalPartyPatch]
):
    access = org_access(request, org)
    participant = selectors.participant_get(access=access, pk=participant_id)
    may_edit_documents(access)
    with if_match(request, participant):
        services.participant_update(access=access, participant=participant, data=dict(payload))
    return selectors.participant_get(access=access, pk=participant_id)


@router.delete(
    P + "/participants/{participant_id}",
    response={204: None},
    summary="Remove a participant (the owner's strategist)",
)
def participant_delete(request, org: str, participant_id: int):
    access = org_access(request, org)
    participant = selectors.participant_get(access=access, pk=participant_id)
    with if_match(request, participant):
        return deleted(services.participant_remove, access=access, participant=participant)


class InvitationOut(Schema):
    id: int
    project: str = Field(..., description="The project's title")
    owner: str
    status: str = Field(..., description="invited, accepted or declined")
    status_display: str

    @staticmethod
    def resolve_project(obj) -> str:
        return obj.project.title

    @staticmethod
    def resolve_owner(obj) -> str:
        return obj.project.organisation.name

    @staticmethod
    def resolve_status_display(obj) -> str:
        return str(obj.get_status_display())


class InvitationAnswerIn(InputSchema):
    accept: bool = Field(..., description="true: take part; false: decline")


@router.get(
    P + "/invitations",
    response=list[InvitationOut],
    summary="Invitations to shared projects addressed to the organisation",
)
def invitation_list(request, org: str):
    access = org_access(request, org)
    return list(selectors.invitations(access=access))


@router.post(
    P + "/invitations/{invitation_id}/answer",
    response=InvitationOut,
    summary="Accept or decline an invitation (strategist or admin of the invited organisation)",
)
def invitation_answer(request, org: str, invitation_id: int, payload: InvitationAnswerIn):
    access = org_access(request, org)
    participant = selectors.invitation_get(access=access, pk=invitation_id)
    services.participation_answer(access=access, participant=participant, accept=payload.accept)
    return selectors.invitation_get(access=access, pk=invitation_id)
