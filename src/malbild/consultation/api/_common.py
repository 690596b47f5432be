"""What the consultation API modules share: the path prefix, the lookup of the caller's access
and of a round, the JSON shapes of rounds, consultees, responses, comments and dispositions,
and the router class whose operation ids do not depend on the module an endpoint lives in.
"""

from django.utils.translation import gettext_lazy

from malbild.api.utils import PackageRouter, requires, resolve_relations
from malbild.core.access import Access, request_access, require_roles
from malbild.organisation.models import Body

from .. import selectors
from ..models import Comment, ConsultationRound, Disposition, Response
from ..permissions import can_see_conclusions
from .schemas import RoundDecisionIn

P = "/organisations/{org}/consultations"

#: The permission of the strategist's actions, checked before any id of a body is resolved.
may_manage_rounds = requires(
    lambda access: access.can_edit_documents,
    gettext_lazy("Only strategists may manage consultation rounds."),
)

#: The module the API once was; operation ids are `<this with _ for .>_<function name>`.


def ConsultationRouter(*args, **kwargs) -> PackageRouter:
    """A router of this package whose operations keep their old operation ids."""
    return PackageRouter(__package__, *args, **kwargs)


def _access(request, org: str, *, need_read: bool = True) -> Access:
    return require_roles(request_access(request, org), need_read=need_read)


def _round(access: Access, round_id: int) -> ConsultationRound:
    return selectors.round_get(access=access, pk=round_id)


def _round_out(r: ConsultationRound, access: Access | None = None) -> dict:
    """A round as JSON; the assessment and proposed decision only for those who may see the
    summary (`can_see_conclusions`), else None."""
    visible = can_see_conclusions(access, r)
    return {
        "id": r.pk,
        "title": r.title,
        "status": r.status,
        "document_id": r.document_id,
        "document_title": r.document.title,
        "version_id": r.version_id,
        "version_number": r.version.number,
        "revised_version_id": r.revised_version_id,
        "instructions": r.instructions,
        "registry_number": r.registry_number,
        "decision": r.decision.reference if r.decision_id else None,
        "adoption_decision": r.adoption_decision.reference if r.adoption_decision_id else None,
        "sent_on": r.sent_on,
        "original_deadline": r.original_deadline,
        "reminder_days": r.reminder_days,
        "deadline": r.deadline,
        "closed_at": r.closed_at,
        "assessment": r.assessment if visible else None,
        "proposal": r.proposal if visible else None,
        "conclusions_editable": r.conclusions_editable,
        "lock_version": r.lock_version,
    }


def _consultee_out(row: dict) -> dict:
    c = row["consultee"]
    return {
        "id": c.pk,
        "body_id": c.body_id,
        "body_name": c.body.name,
        "state": row["state"],
        "started_at": row["started_at"],
        "submitted_at": row["submitted_at"],
        "declined_at": row["declined_at"],
        "comment_count": row.get("comment_count", 0),
        "handled_count": row.get("handled_count", 0),
    }


def _response_out(r: Response) -> dict:
    return {
        **{
            f: getattr(r, f)
            for f in (
                "id",
                "number",
                "status",
                "position",
                "summary",
                "decision_body",
                "decision_date",
                "decision_paragraph",
                "decision_registry_number",
                "submitted_at",
                "is_late",
                "via",
                "lock_version",
            )
        },
        "comments": [
            {
                **{
                    f: getattr(c, f)
                    for f in (
                        "id",
                        "item_uid",
                        "item_type",
                        "item_label",
                        "item_source",
                        "kind",
                        "text",
                    )
                },
                "proposed_wording": c.proposed_wording,
                "lock_version": c.lock_version,
                "disposition": _disposition(c),
            }
            for c in r.comments.all()
        ],
        "attachments": [
            {f: getattr(a, f) for f in ("id", "original_name", "file_type", "size", "sha256")}
            for a in r.attachments.all()
        ],
    }


def _disposition(c: Comment) -> dict | None:
    d = selectors.disposition_of(c)
    if d is None:
        return None
    return _disposition_out(d)


def _disposition_out(d: Disposition) -> dict:
    return {
        "kind": d.kind,
        "motivation": d.motivation,
        "changed_item_uids": d.changed_item_uids,
        "lock_version": d.lock_version,
    }


def _decision(access: Access, d: RoundDecisionIn | None) -> dict | None:
    if d is None:
        return None
    data, _m2m = resolve_relations(
        {"body": d.body_id},
        access=access,
        need=may_manage_rounds,
        one={"body": Body.objects.for_access(access)},
    )
    return {"body": data["body"], "date": d.date, "paragraph": d.paragraph}


def _comment_out(c: Comment) -> dict:
    return {
        **{
            f: getattr(c, f)
            for f in ("id", "item_uid", "item_type", "item_label", "item_source", "kind", "text")
        },
        "proposed_wording": c.proposed_wording,
        "lock_version": c.lock_version,
        "disposition": None,
    }


def _round_detail(access: Access, round_id: int) -> dict:
    r = _round(access, round_id)
    overview = selectors.round_overview(round=r)
    return {
        **_round_out(r, access),
        "consultees": [_consultee_out(row) for row in overview["rows"]],
        "waiting": [row["consultee"].body.name for row in overview["waiting"]],
        "extensions": [
            {
                "previous_deadline": e.previous_deadline,
                "new_deadline": e.new_deadline,
                "reason": e.reason,
                "decision": e.decision.reference if e.decision_id else None,
            }
            for e in overview["extensions"]
        ],
        "comment_total": overview["comment_total"],
        "handled_total": overview["handled_total"],
    }
