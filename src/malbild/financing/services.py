"""Writes of cost allocation and shared projects.

- Allocations, fixed shares and device counts: strategists and admins of the organisation.
- Shared projects: the owner's strategists and admins create and change them, invite
  organisations on this instance and name external parties; an invited organisation's
  strategists and admins accept or decline (`participation_answer`), through the one scoped
  accessor `Participant.objects.addressed_to(org)` (docs/adr/0021).

Every function is keyword-only, checks the caller's `Access` (another organisation's row →
404), validates, writes the audit entry in the same transaction (malbild.core.services) and
returns the saved row; updates take the allow-lists in `EDITABLE` and refuse a stale edit.
Invitations and answers are mailed through the notifications outbox on commit of the same
transaction (notify_all stores the messages in it).
"""

from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from malbild.accounts.recipients import strategists
from malbild.core.access import Access
from malbild.core.services import model_create, model_delete, model_update
from malbild.notifications.services import notify_all
from malbild.organisation.models import Organisation

from .allocation import HUNDRED, ZERO
from .constants import AllocationRule, ParticipantStatus
from .models import CostAllocation, DeviceCount, FixedShare, Participant, SharedProject

ALLOCATION_FIELDS = (
    "title",
    "description",
    "activity",
    "rule",
    "annual_amount",
    "device_price",
    "start_year",
    "end_year",
)
PROJECT_FIELDS = ("title", "description", "activity", "annual_amount", "start_year", "end_year")

EDITABLE: dict[type[models.Model], tuple[str, ...]] = {
    CostAllocation: ALLOCATION_FIELDS,
    FixedShare: ("percent",),
    DeviceCount: ("devices",),
    SharedProject: PROJECT_FIELDS,
    Participant: ("name", "population"),
}


def _require(access: Access) -> None:
    if not access.can_edit_documents:
        raise PermissionDenied(_("You may not change cost allocations or shared projects."))


def _same_org(access: Access, *objs, data: dict | None = None) -> None:
    related = [v for v in (data or {}).values() if isinstance(v, models.Model)]
    for obj in (*objs, *related):
        if obj is not None and hasattr(obj, "organisation_id"):
            access.require_same_org(obj)


def _plain(data: dict[str, Any], allowed: tuple[str, ...]) -> dict[str, Any]:
    return {k: v for k, v in data.items() if k in allowed}


# Cost allocations -----------------------------------------------------------------------------


def allocation_create(*, access: Access, data: dict[str, Any]) -> CostAllocation:
    """A new allocation rule of an activity (one per activity) or of a shared cost."""
    data = _plain(data, ALLOCATION_FIELDS)
    _same_org(access, data=data)
    _require(access)
    activity = data.get("activity")
    if (
        activity is not None
        and CostAllocation.objects.for_access(access).filter(activity=activity).exists()
    ):
        raise ValidationError({"activity": _("The activity already has a cost allocation.")})
    return model_create(
        model=CostAllocation,
        actor=access.user,
        data={**data, "organisation": access.organisation},
    )


def allocation_update(
    *, access: Access, allocation: CostAllocation, data: dict[str, Any]
) -> CostAllocation:
    """Change an allocation's fields (allow-list `ALLOCATION_FIELDS`)."""
    _same_org(access, allocation, data=data)
    _require(access)
    activity = data.get("activity")
    if (
        activity is not None
        and CostAllocation.objects.for_access(access)
        .filter(activity=activity)
        .exclude(pk=allocation.pk)
        .exists()
    ):
        raise ValidationError({"activity": _("The activity already has a cost allocation.")})
    return model_update(
        instance=allocation, actor=access.user, data=data, fields=EDITABLE[CostAllocation]
    )


def allocation_delete(*, access: Access, allocation: CostAllocation) -> None:
    """Delete an allocation with its shares and device counts."""
    _same_org(access, allocation)
    _require(access)
    with transaction.atomic():
        for row in [*allocation.fixed_shares.all(), *allocation.device_counts.all()]:
            model_delete(instance=row, actor=access.user)
        model_delete(instance=allocation, actor=access.user)


@transaction.atomic
def fixed_share_set(
    *, access: Access, allocation: CostAllocation, body, percent: Decimal
) -> FixedShare:
    """Set one body's fixed share (create or change). The shares of all bodies together may
    not exceed 100 %; the allocation is computed once they sum to exactly 100 %."""
    _same_org(access, allocation, body)
    _require(access)
    if allocation.rule != AllocationRule.FIXED:
        raise ValidationError({"percent": _("Only an allocation by fixed shares has shares.")})
    shares = list(FixedShare.objects.for_access(access).filter(allocation=allocation))
    others = sum((s.percent for s in shares if s.body_id != body.pk), ZERO)
    if percent is not None and others + percent > HUNDRED:
        raise ValidationError(
            {
                "percent": _("The shares would sum to %(sum)s %%; at most 100 %% is possible.")
                % {"sum": others + percent}
            }
        )
    existing = next((s for s in shares if s.body_id == body.pk), None)
    if existing is not None:
        return model_update(
            instance=existing, actor=access.user, data={"percent": percent}, fields=("percent",)
        )
    return model_create(
        model=FixedShare,
        actor=access.user,
        data={
            "organisation": access.organisation,
            "allocation": allocation,
            "body": body,
            "percent": percent,
        },
    )


def fixed_share_delete(*, access: Access, share: FixedShare) -> None:
    _same_org(access, share)
    _require(access)
    model_delete(instance=share, actor=access.user)


@transaction.atomic
def device_count_set(
    *, access: Access, allocation: CostAllocation, body, year: int, devices: int
) -> DeviceCount:
    """Set the number of leased computers of a body in a year (create or change)."""
    _same_org(access, allocation, body)
    _require(access)
    if allocation.rule != AllocationRule.DEVICE:
        raise ValidationError({"devices": _("Only an allocation per device counts devices.")})
    if allocation.years and year not in allocation.years:
        raise ValidationError(
            {
                "year": _("Enter a year from %(first)s to %(last)s.")
                % {"first": allocation.start_year, "last": allocation.end_year}
            }
        )
    existing = (
        DeviceCount.objects.for_access(access)
        .filter(allocation=allocation, body=body, year=year)
        .first()
    )
    if existing is not None:
        return model_update(
            instance=existing, actor=access.user, data={"devices": devices}, fields=("devices",)
        )
    return model_create(
        model=DeviceCount,
        actor=access.user,
        data={
            "organisation": access.organisation,
            "allocation": allocation,
            "body": body,
            "year": year,
            "devices": devices,
        },
    )


def device_count_delete(*, access: Access, count: DeviceCount) -> None:
    _same_org(access, count)
    _require(access)
    model_delete(instance=count, actor=access.user)


# Shared projects ------------------------------------------------------------------------------


def shared_project_create(*, access: Access, data: dict[str, Any]) -> SharedProject:
    """A new shared project owned by the access's organisation."""
    data = _plain(data, PROJECT_FIELDS)
    _same_org(access, data=data)
    _require(access)
    return model_create(
        model=SharedProject,
        actor=access.user,
        data={**data, "organisation": access.organisation},
    )


def shared_project_update(
    *, access: Access, project: SharedProject, data: dict[str, Any]
) -> SharedProject:
    """Change a shared project's fields (the owner only)."""
    _same_org(access, project, data=data)
    _require(access)
    return model_update(
        instance=project, actor=access.user, data=data, fields=EDITABLE[SharedProject]
    )


def shared_project_delete(*, access: Access, project: SharedProject) -> None:
    """Delete a shared project with its participants (the owner only)."""
    _same_org(access, project)
    _require(access)
    with transaction.atomic():
        for participant in project.participants.all():
            model_delete(instance=participant, actor=access.user)
        model_delete(instance=project, actor=access.user)


def _project_path(organisation, project) -> str:
    return reverse(
        "financing:shared-project-detail", kwargs={"org": organisation.slug, "pk": project.uid}
    )


@transaction.atomic
def participant_invite(
    *, access: Access, project: SharedProject, member: Organisation
) -> Participant:
    """Invite an organisation on this instance; its strategists and administrators are told
    through the outbox. It sees the project only once it has accepted."""
    _same_org(access, project)
    _require(access)
    if not isinstance(member, Organisation):
        raise ValidationError({"member": _("Choose an organisation on this instance.")})
    if Participant.objects.for_access(access).filter(project=project, member=member).exists():
        raise ValidationError({"member": _("The organisation is already invited.")})
    participant = model_create(
        model=Participant,
        actor=access.user,
        data={
            "organisation": access.organisation,
            "project": project,
            "member": member,
            "status": ParticipantStatus.INVITED,
        },
        event="financing.participant_invited",
    )
    notify_all(
        kind="financing.invited",
        recipients=strategists(organisation=member),
        organisation=member,
        context={"project": project.title, "owner": access.organisation.name},
        path=reverse("financing:shared-project-list", kwargs={"org": member.slug}),
    )
    return participant


def participant_add_external(
    *, access: Access, project: SharedProject, name: str, population: int | None
) -> Participant:
    """Name an external party (not on this instance) with its population."""
    _same_org(access, project)
    _require(access)
    name = (name or "").strip()
    if (
        name
        and Participant.objects.for_access(access)
        .filter(project=project, member__isnull=True, name__iexact=name)
        .exists()
    ):
        raise ValidationError({"name": _("The project already has a party with this name.")})
    return model_create(
        model=Participant,
        actor=access.user,
        data={
            "organisation": access.organisation,
            "project": project,
            "name": name,
            "population": population,
            "status": ParticipantStatus.EXTERNAL,
        },
    )


def participant_update(
    *, access: Access, participant: Participant, data: dict[str, Any]
) -> Participant:
    """Change an external party's name or population (the owner only)."""
    _same_org(access, participant)
    _require(access)
    if not participant.is_external:
        raise ValidationError(
            {"population": _("An organisation's population comes from its record or Kolada.")}
        )
    return model_update(
        instance=participant, actor=access.user, data=data, fields=EDITABLE[Participant]
    )


def participant_remove(*, access: Access, participant: Participant) -> None:
    """Take a participant off the project (the owner only); it no longer sees the project."""
    _same_org(access, participant)
    _require(access)
    model_delete(instance=participant, actor=access.user)


@transaction.atomic
def participation_answer(*, access: Access, participant: Participant, accept: bool) -> Participant:
    """The invited organisation accepts or declines (its strategists and administrators).
    The row is the owner's: it is found only among the invitations addressed to the access's
    organisation, so another organisation's invitation is 404."""
    found = Participant.objects.addressed_to(access.organisation).filter(pk=participant.pk)
    if not found.exists():
        raise Http404
    if not access.can_edit_documents:
        raise PermissionDenied(_("Only strategists and administrators answer invitations."))
    status = ParticipantStatus.ACCEPTED if accept else ParticipantStatus.DECLINED
    if participant.status == status:
        return participant
    saved = model_update(
        instance=participant,
        actor=access.user,
        data={"status": status, "answered_at": timezone.now()},
        fields=("status", "answered_at"),
        action="transition",
        event="financing.participation_accepted" if accept else "financing.participation_declined",
        message=_("Answered by %(org)s") % {"org": access.organisation.name},
    )
    owner = participant.project.organisation
    notify_all(
        kind="financing.answered",
        recipients=strategists(organisation=owner),
        organisation=owner,
        context={
            "project": participant.project.title,
            "participant": access.organisation.name,
            "accepted": accept,
        },
        path=_project_path(owner, participant.project),
    )
    return saved
