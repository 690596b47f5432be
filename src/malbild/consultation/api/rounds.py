"""API of the round itself: list, open, get with its consultees, write the assessment and
proposed decision, extend the deadline, close, freeze the revised version and record the
adoption decision.
"""

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Status

from malbild.api.auth import AUTH
from malbild.api.utils import Pagination, if_match, paginate, resolve_relations
from malbild.organisation.models import Body
from malbild.strategy.models import DocumentVersion

from .. import selectors, services
from ._common import (
    ConsultationRouter,
    P,
    _access,
    _decision,
    _round,
    _round_detail,
    _round_out,
    may_manage_rounds,
)
from .schemas import (
    AdoptIn,
    CloseIn,
    ConclusionsIn,
    ExtensionIn,
    ReviseIn,
    RoundDetailOut,
    RoundIn,
    RoundOut,
)

router = ConsultationRouter()


@router.get(P, response=list[RoundOut], summary="List consultation rounds", auth=AUTH)
@paginate(Pagination)
def round_list(request, org: str):
    access = _access(request, org, need_read=False)
    qs = selectors.round_list(access=access).select_related(
        "decision__body", "adoption_decision__body"
    )
    return [_round_out(r, access) for r in qs]


@router.post(P, response={201: RoundDetailOut}, summary="Open a consultation round", auth=AUTH)
def round_open(request, org: str, payload: RoundIn):
    access = _access(request, org)
    version = get_object_or_404(
        DocumentVersion.objects.for_access(access).select_related("document"),
        pk=payload.version_id,
    )
    _data, m2m = resolve_relations(
        {"bodies": payload.body_ids},
        access=access,
        need=may_manage_rounds,
        many={"bodies": Body.objects.for_access(access)},
    )
    bodies = m2m.get("bodies", [])
    for choice in payload.quick:
        if choice not in selectors.QUICK_CHOICES:
            raise ValidationError({"quick": _("Unknown group “%(choice)s”.") % {"choice": choice}})
        bodies += list(selectors.bodies_for_quick_choice(access=access, choice=choice))
    r = services.consultation_round_open(
        access=access,
        version=version,
        title=payload.title,
        instructions=payload.instructions,
        registry_number=payload.registry_number,
        sent_on=payload.sent_on,
        deadline=payload.deadline,
        reminder_days=payload.reminder_days,
        bodies=bodies,
        decision=_decision(access, payload.decision),
    )
    return Status(201, _round_detail(access, r.pk))


@router.get(P + "/{round_id}", response=RoundDetailOut, summary="A round with its consultees")
def round_detail(request, org: str, round_id: int):
    return _round_detail(_access(request, org), round_id)


@router.patch(
    P + "/{round_id}",
    response=RoundDetailOut,
    summary="Write the assessment and proposed decision of the summary",
)
def round_conclusions(request, org: str, round_id: int, payload: ConclusionsIn):
    """Only these two texts change through this call; a field left out stays as it is.
    Refused (422) once the adoption decision is recorded; send the round's ETag as If-Match."""
    access = _access(request, org)
    round_ = _round(access, round_id)
    with if_match(request, round_):
        services.consultation_round_conclusions_update(
            access=access,
            round=round_,
            assessment=payload.assessment,
            proposal=payload.proposal,
        )
    return _round_detail(access, round_id)


@router.post(P + "/{round_id}/extensions", response={201: RoundDetailOut}, summary="Extend")
def round_extend(request, org: str, round_id: int, payload: ExtensionIn):
    access = _access(request, org)
    round_ = _round(access, round_id)
    with if_match(request, round_):
        services.consultation_round_extend(
            access=access,
            round=round_,
            new_deadline=payload.new_deadline,
            reason=payload.reason,
            decision=_decision(access, payload.decision),
        )
    return Status(201, _round_detail(access, round_id))


@router.post(P + "/{round_id}/close", response=RoundDetailOut, summary="Close the round")
def round_close(request, org: str, round_id: int, payload: CloseIn):
    access = _access(request, org)
    round_ = _round(access, round_id)
    with if_match(request, round_):
        services.consultation_round_close(access=access, round=round_, note=payload.note)
    return _round_detail(access, round_id)


@router.post(P + "/{round_id}/revise", response=RoundDetailOut, summary="Freeze revised version")
def round_revise(request, org: str, round_id: int, payload: ReviseIn):
    access = _access(request, org)
    round_ = _round(access, round_id)
    with if_match(request, round_):
        services.consultation_round_revise(
            access=access, round=round_, label=payload.label, note=payload.note
        )
    return _round_detail(access, round_id)


@router.post(P + "/{round_id}/adopt", response=RoundDetailOut, summary="Adoption decision")
def round_adopt(request, org: str, round_id: int, payload: AdoptIn):
    access = _access(request, org)
    data, m2m = resolve_relations(
        {"body": payload.body_id, "distribution": payload.distribution_ids},
        access=access,
        need=may_manage_rounds,
        one={"body": Body.objects.for_access(access)},
        many={"distribution": Body.objects.for_access(access)},
    )
    round_ = _round(access, round_id)
    with if_match(request, round_):
        services.consultation_round_adopt(
            access=access,
            round=round_,
            decision={
                "body": data["body"],
                "kind": payload.kind,
                "date": payload.date,
                "paragraph": payload.paragraph,
                "registry_number": payload.registry_number,
                "text": payload.text,
            },
            distribution=m2m.get("distribution", []),
        )
    return _round_detail(access, round_id)
