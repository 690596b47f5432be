"""Writes to cases (ärenden) and their events: motions, assignments, proposals for a
decision and the decisions taken in the case.

Strategists and admins write; everyone with a role reads. Every function is keyword-only,
checks the caller's `Access` (another organisation's case or related row → 404), validates,
writes the audit entry in the same transaction (malbild.core.services) and returns the saved
row. Updates take the allow-lists in `EDITABLE` and refuse a stale edit (`lock_version`).
Decisions themselves are `strategy.Decision` rows, recorded through `strategy.services`; a
case links them with their outcome and takes in the document they concern.
"""

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _

from malbild.core.access import Access
from malbild.core.errors import ConflictError
from malbild.core.locking import expected_version
from malbild.core.services import M2MChange, model_create, model_delete, model_update
from malbild.strategy import services as strategy_services
from malbild.strategy.models import Decision

from .fields import (
    ASSIGNMENT_FIELDS,
    CASE_DECISION_FIELDS,
    CASE_FIELDS,
    MOTION_FIELDS,
    PROPOSAL_FIELDS,
)
from .models import Assignment, Case, CaseDecision, Motion, Proposal
from .workflow import case_can_transition

#: What an edit may change, per model (status of a case only through `case_transition`).
EDITABLE: dict[type[models.Model], tuple[str, ...]] = {
    Case: CASE_FIELDS,
    Motion: MOTION_FIELDS,
    Assignment: ASSIGNMENT_FIELDS,
    Proposal: PROPOSAL_FIELDS,
    CaseDecision: CASE_DECISION_FIELDS,
}
EVENT_MODELS = (Motion, Assignment, Proposal)
PROTECTED = {"organisation", "uid", "case", "lock_version"}


def _require(access: Access) -> None:
    if not access.can_edit_documents:
        raise PermissionDenied(_("You may not edit cases."))


def _same_org(access: Access, *objs, data: dict | None = None, m2m: dict | None = None) -> None:
    """Http404 unless the objects and the related rows in `data`/`m2m` are the access's
    organisation's (docs/adr/0006)."""
    related = [v for v in (data or {}).values() if isinstance(v, models.Model)]
    for value in (m2m or {}).values():
        related.extend(value or [])
    for obj in (*objs, *related):
        if obj is not None and hasattr(obj, "organisation_id"):
            access.require_same_org(obj)


def _split(model: type[models.Model], data: dict[str, Any]) -> tuple[dict, dict]:
    m2m_names = {f.name for f in model._meta.many_to_many}
    plain = {k: v for k, v in data.items() if k not in m2m_names and k not in PROTECTED}
    return plain, {k: v for k, v in data.items() if k in m2m_names}


# Cases ---------------------------------------------------------------------------------------


def case_create(*, access: Access, data: dict[str, Any]) -> Case:
    """Open a case (status open) with its registry number, title and linked documents."""
    plain, m2m = _split(Case, data)
    plain.pop("status", None)
    _same_org(access, data=plain, m2m=m2m)
    _require(access)
    return model_create(
        model=Case,
        actor=access.user,
        data={**plain, "organisation": access.organisation},
        m2m=m2m,
    )


def case_update(*, access: Access, case: Case, data: dict[str, Any]) -> Case:
    """Change a case's fields (not its status: `case_transition`); `documents` is a list
    (replace) or an `M2MChange`."""
    plain, m2m = _split(Case, data)
    _same_org(access, case, data=plain, m2m=m2m)
    _require(access)
    return model_update(
        instance=case, actor=access.user, data=plain, m2m=m2m, fields=EDITABLE[Case]
    )


@transaction.atomic
def case_transition(*, access: Access, case: Case, status: str, message: str = "") -> Case:
    """Move a case to another status (cases/workflow.py), event `cases.case_<status>`."""
    _same_org(access, case)
    _require(access)
    version = expected_version(case)
    current = Case.objects.select_for_update().get(pk=case.pk)
    if version is not None and version != current.lock_version:
        raise ConflictError(current)
    if not case_can_transition(current.status, status):
        labels = dict(Case._meta.get_field("status").flatchoices)
        raise ValidationError(
            {
                "status": _("A case cannot go from “%(a)s” to “%(b)s”.")
                % {"a": current.get_status_display(), "b": labels.get(status, status)}
            }
        )
    return model_update(
        instance=case,
        actor=access.user,
        data={"status": status},
        fields=("status",),
        action="transition",
        message=message,
        event=f"cases.case_{status}",
    )


def case_delete(*, access: Access, case: Case) -> None:
    """Delete a case with its motions, assignments, proposals and decision links (the
    decisions themselves stay in the register of decisions)."""
    _same_org(access, case)
    _require(access)
    model_delete(instance=case, actor=access.user)


# Motions, assignments, proposals --------------------------------------------------------------


def event_create(
    *, access: Access, case: Case, model: type[models.Model], data: dict[str, Any]
) -> models.Model:
    """Add a motion, an assignment or a proposal to `case`."""
    if model not in EVENT_MODELS:
        raise ValueError(model)
    plain, _m2m = _split(model, data)
    _same_org(access, case, data=plain)
    _require(access)
    return model_create(
        model=model,
        actor=access.user,
        data={**plain, "case": case, "organisation": case.organisation},
    )


def event_update(*, access: Access, event: models.Model, data: dict[str, Any]) -> models.Model:
    """Change a motion, an assignment or a proposal (its own allow-list)."""
    plain, _m2m = _split(type(event), data)
    _same_org(access, event, data=plain)
    _require(access)
    return model_update(instance=event, actor=access.user, data=plain, fields=EDITABLE[type(event)])


def event_delete(*, access: Access, event: models.Model) -> None:
    """Remove a motion, an assignment or a proposal from its case."""
    _same_org(access, event)
    _require(access)
    model_delete(instance=event, actor=access.user)


def motion_create(*, access: Access, case: Case, data: dict[str, Any]) -> Motion:
    """Add a motion: its title, who submitted it (name, party), the date and what it asks."""
    return event_create(access=access, case=case, model=Motion, data=data)


def assignment_create(*, access: Access, case: Case, data: dict[str, Any]) -> Assignment:
    """Add an assignment: by which decision (optional), to which body, due when, its status."""
    decision = data.get("decision")
    if decision is not None:
        access.require_same_org(decision)
    return event_create(access=access, case=case, model=Assignment, data=data)


def proposal_create(*, access: Access, case: Case, data: dict[str, Any]) -> Proposal:
    """Add a proposal for a decision: from which body to which, the date, § and outcome."""
    return event_create(access=access, case=case, model=Proposal, data=data)


# Decisions in the case -------------------------------------------------------------------------


def _take_in_document(access: Access, case: Case, decision: Decision) -> None:
    """The document a decision concerns belongs to the case's documents."""
    if decision.document_id and not case.documents.filter(pk=decision.document_id).exists():
        model_update(
            instance=Case.objects.get(pk=case.pk),
            actor=access.user,
            data={},
            m2m={"documents": M2MChange(add=[decision.document])},
            fields=("documents",),
        )


@transaction.atomic
def case_decision_add(
    *,
    access: Access,
    case: Case,
    outcome: str,
    decision: Decision | None = None,
    decision_data: dict[str, Any] | None = None,
    distribution: list | None = None,
) -> CaseDecision:
    """Add a decision to the case with its outcome: a recorded `decision`, or a new one
    recorded now from `decision_data` (body, kind, date, §, title, text, document; the case's
    registry number unless another is given). The document it concerns joins the case."""
    _same_org(access, case, decision, data=decision_data, m2m={"d": distribution or []})
    _require(access)
    if decision is None and decision_data is None:
        raise ValidationError({"decision": _("Choose a recorded decision or record a new one.")})
    if decision is not None and CaseDecision.objects.filter(decision=decision).exists():
        raise ValidationError({"decision": _("This decision already belongs to a case.")})
    if decision is None:
        data = {**decision_data}
        data["registry_number"] = data.get("registry_number") or case.registry_number
        decision = strategy_services.decision_create(
            access=access, data=data, m2m={"distribution": distribution or []}
        )
    link = model_create(
        model=CaseDecision,
        actor=access.user,
        data={
            "case": case,
            "decision": decision,
            "outcome": outcome,
            "organisation": case.organisation,
        },
        event="cases.decision_linked",
    )
    _take_in_document(access, case, decision)
    return link


def case_decision_update(
    *, access: Access, link: CaseDecision, data: dict[str, Any]
) -> CaseDecision:
    """Change the outcome of a decision in the case (the decision itself is edited on its
    own page)."""
    _same_org(access, link)
    _require(access)
    return model_update(instance=link, actor=access.user, data=data, fields=EDITABLE[CaseDecision])


def case_decision_remove(*, access: Access, link: CaseDecision) -> None:
    """Take a decision out of the case; the decision stays in the register of decisions."""
    _same_org(access, link)
    _require(access)
    model_delete(instance=link, actor=access.user, event="cases.decision_unlinked")
