"""Writes to steering documents and their tree, versions and decisions.

Every function is keyword-only, validates, checks the caller's `Access`, writes an audit entry
in the same transaction (via malbild.core.services) and returns the saved object.

An adopted document is never changed in place silently: the first write to it or its items
keeps the adopted content as a frozen version (`adopted_version`, unless the adoption
decision already froze one) and moves it to "under revision" in the same transaction; the
adopted version stays the one in force until the revision is adopted
(docs/adr/0009-cases-and-revisions.md).
"""

import hashlib
from contextlib import contextmanager
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from malbild.core.access import Access
from malbild.core.audit import audit_record
from malbild.core.errors import ConflictError
from malbild.core.locking import expect_version, expected_version
from malbild.core.models import AuditEntry
from malbild.core.services import model_create, model_delete, model_update
from malbild.organisation.services import item_delete

from .constants import DocumentStatus
from .fields import (
    DECISION_FIELDS,
    DOCUMENT_FIELDS,
    DOCUMENT_WORKFLOW_FIELDS,
    FOCUS_AREA_FIELDS,
    GOAL_FIELDS,
    INDICATOR_FIELDS,
    OVERALL_GOAL_FIELDS,
    SECTION_FIELDS,
)
from .measures import check_measure_value
from .models import (
    Decision,
    DocumentAttachment,
    DocumentVersion,
    FocusArea,
    Goal,
    Indicator,
    IndicatorTarget,
    OverallGoal,
    Section,
    SteeringDocument,
)
from .snapshot.schema import encode as encode_snapshot
from .versioning import ADOPTING_KINDS, document_snapshot
from .workflow import document_can_transition

PROTECTED_FIELDS = {"status", "organisation", "uid", "document"}

# What an edit may change, per kind of item (model_update's allow-lists). Status changes go
# through the transitions; the document, organisation and uid of an item never change.
EDITABLE = {
    SteeringDocument: tuple(f for f in DOCUMENT_FIELDS if f not in DOCUMENT_WORKFLOW_FIELDS),
    Section: SECTION_FIELDS,
    OverallGoal: OVERALL_GOAL_FIELDS,
    FocusArea: FOCUS_AREA_FIELDS,
    Goal: GOAL_FIELDS,
    Indicator: INDICATOR_FIELDS,
    IndicatorTarget: ("value", "text"),
    Decision: DECISION_FIELDS,
}


def _require_documents(access: Access) -> None:
    if not access.can_edit_documents:
        raise PermissionDenied(_("You may not edit steering documents."))


def _require_same_org(
    access: Access, *objs, data: dict | None = None, m2m: dict | None = None
) -> None:
    """Http404 unless every object handed in — the edited one, and the related rows in `data`
    and `m2m` — belongs to the access's organisation (docs/adr/0006: never 403 or a message
    that tells another tenant's object exists)."""
    related = [v for v in (data or {}).values() if isinstance(v, models.Model)]
    for value in (m2m or {}).values():
        related.extend(value or [])
    for obj in (*objs, *related):
        if obj is not None and hasattr(obj, "organisation_id"):
            access.require_same_org(obj)


def _clean(data: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in data.items() if k not in PROTECTED_FIELDS}


# Revisions of adopted documents -------------------------------------------------------------


def _decided_version(document: SteeringDocument) -> DocumentVersion | None:
    """The version the latest adoption (or approval) decision of `document` refers to; else
    the latest version frozen while the document was adopted (any edit since would have
    started a revision, so it holds the adopted content); else None."""
    decision = (
        document.decisions.filter(kind__in=ADOPTING_KINDS, version__isnull=False)
        .select_related("version")
        .order_by("-date", "-id")
        .first()
    )
    if decision is not None:
        return decision.version
    return (
        document.versions.filter(status_at_freeze=DocumentStatus.ADOPTED)
        .order_by("-number")
        .first()
    )


def _last_audit_id(document: SteeringDocument) -> int:
    return AuditEntry.objects.for_org(document.organisation_id).aggregate(n=Max("id"))["n"] or 0


@contextmanager
def _revising(access: Access, document: SteeringDocument | None):
    """Around a write to `document` or one of its items: when the document is adopted and the
    write changes something (an audit entry was written), keep the adopted content as its
    `adopted_version` and move the document to "under revision". A write that changes nothing
    starts no revision; a rejected write rolls everything back."""
    if document is None or document.status != DocumentStatus.ADOPTED:
        yield
        return
    with transaction.atomic():
        current = SteeringDocument.objects.select_for_update().get(pk=document.pk)
        if current.status != DocumentStatus.ADOPTED:
            yield
            return
        adopted = current.adopted_version or _decided_version(current)
        before = None if adopted is not None else document_snapshot(current)
        mark = _last_audit_id(current)
        yield
        if _last_audit_id(current) == mark:
            return
        if adopted is None:
            adopted = _freeze(
                access,
                current,
                snapshot=before,
                label=_("Adopted version"),
                note=_("Frozen when the revision started: the content in force."),
            )
        fresh = SteeringDocument.objects.get(pk=current.pk)
        with expect_version(fresh, fresh.lock_version):
            fresh = model_update(
                instance=fresh,
                actor=access.user,
                data={"status": DocumentStatus.REVISION, "adopted_version": adopted},
                fields=("status", "adopted_version"),
                action="transition",
                message=_("Revision started: version %(n)s stays in force.")
                % {"n": adopted.number},
                event="strategy.document_revision",
            )
        document.status = fresh.status
        document.adopted_version = adopted
        document.lock_version = fresh.lock_version


def _adopted_now(access: Access, document: SteeringDocument) -> DocumentVersion | None:
    """The version a transition to "adopted" puts in force: the version of the (newest)
    adoption decision; after a revision without such a decision, the working copy frozen now.
    A first adoption without a decided version leaves it to be resolved when a revision
    starts (the working copy is then still the adopted content)."""
    decided = _decided_version(document)
    if document.status != DocumentStatus.REVISION:
        return decided
    in_force = document.adopted_version
    if decided is not None and (in_force is None or decided.number > in_force.number):
        return decided
    return _freeze(access, document, label=_("Adopted version"))


# Documents -----------------------------------------------------------------------------------


def document_create(*, access: Access, data: dict[str, Any]) -> SteeringDocument:
    """Create a steering document (always as a draft) in the access's organisation."""
    _require_same_org(access, data=data)
    _require_documents(access)
    return model_create(
        model=SteeringDocument,
        actor=access.user,
        data={**_clean(data), "organisation": access.organisation},
    )


def document_update(
    *, access: Access, document: SteeringDocument, data: dict[str, Any]
) -> SteeringDocument:
    """Change a document's fields; status changes go through `document_transition`. The first
    change of an adopted document starts its revision."""
    _require_same_org(access, document, data=data)
    _require_documents(access)
    with transaction.atomic(), _revising(access, document):
        model_update(
            instance=document, actor=access.user, data=data, fields=EDITABLE[SteeringDocument]
        )
    return document


@transaction.atomic
def document_transition(
    *, access: Access, document: SteeringDocument, status: str, message: str = ""
) -> SteeringDocument:
    """Move a document along its lifecycle (strategy/workflow.py), with a row lock."""
    _require_same_org(access, document)
    _require_documents(access)
    # The version the change was made from: the caller's copy, or the one registered for it
    # (web form, If-Match). A status change made from an older version is refused before
    # the workflow check, so the user sees the conflict, not a misleading "not allowed".
    version = expected_version(document)
    document = SteeringDocument.objects.select_for_update().get(pk=document.pk)
    if version is not None and version != document.lock_version:
        raise ConflictError(document)
    if not document_can_transition(document.status, status):
        raise ValidationError(
            {
                "status": _("A document cannot go from “%(a)s” to “%(b)s”.")
                % {"a": document.get_status_display(), "b": status}
            }
        )
    data: dict[str, Any] = {"status": status}
    if status == DocumentStatus.ADOPTED:
        data["adopted_version"] = _adopted_now(access, document)
    elif status == DocumentStatus.REVISION:
        data["adopted_version"] = (
            document.adopted_version
            or _decided_version(document)
            or _freeze(access, document, label=_("Adopted version"))
        )
    return model_update(
        instance=document,
        actor=access.user,
        data=data,
        fields=("status", "adopted_version"),
        action="transition",
        message=message,
        event=f"strategy.document_{status}",
    )


# Items of a document ---------------------------------------------------------------------------


def _child_create(access, model, document, data, m2m=None):
    _require_same_org(access, document, data=data, m2m=m2m)
    _require_documents(access)
    with transaction.atomic(), _revising(access, document):
        return model_create(
            model=model,
            actor=access.user,
            data={**_clean(data), "document": document, "organisation": document.organisation},
            m2m=m2m,
        )


def _document_of(instance: models.Model) -> SteeringDocument | None:
    """The steering document an item belongs to (a goal through its focus area)."""
    if isinstance(instance, SteeringDocument):
        return None
    if isinstance(instance, IndicatorTarget):
        return instance.indicator.document
    return getattr(instance, "document", None) or getattr(
        getattr(instance, "focus_area", None), "document", None
    )


def _same_document_m2m(document: SteeringDocument, m2m: dict[str, Any] | None) -> None:
    """Focus areas, goals and overall goals linked to an item must be of its document or an
    ancestor document (an action plan may serve its vision's focus areas)."""
    allowed = set()
    node, seen = document, set()
    while node is not None and node.pk not in seen:
        allowed.add(node.pk)
        seen.add(node.pk)
        node = node.parent
    errors = {}
    for name, objs in (m2m or {}).items():
        for obj in objs:
            doc_id = getattr(obj, "document_id", None)
            if doc_id is None and hasattr(obj, "focus_area"):
                doc_id = obj.focus_area.document_id
            if doc_id is not None and doc_id not in allowed:
                errors[name] = [_("Choose items of this document or the document it belongs to.")]
    if errors:
        raise ValidationError(errors)


def section_create(*, access: Access, document: SteeringDocument, data: dict) -> Section:
    """Add a narrative section (heading + Markdown body)."""
    return _child_create(access, Section, document, data)


def overall_goal_create(*, access: Access, document: SteeringDocument, data: dict) -> OverallGoal:
    """Add an overall goal."""
    return _child_create(access, OverallGoal, document, data)


def focus_area_create(
    *, access: Access, document: SteeringDocument, data: dict, m2m: dict | None = None
) -> FocusArea:
    """Add a focus area, optionally linked to overall goals."""
    _require_same_org(access, document, data=data, m2m=m2m)
    _same_document_m2m(document, m2m)
    return _child_create(access, FocusArea, document, data, m2m)


def goal_create(*, access: Access, focus_area: FocusArea, data: dict) -> Goal:
    """Add a goal under a focus area."""
    _require_same_org(access, focus_area, data=data)
    _require_documents(access)
    with transaction.atomic(), _revising(access, focus_area.document):
        return model_create(
            model=Goal,
            actor=access.user,
            data={
                **_clean(data),
                "focus_area": focus_area,
                "organisation": focus_area.organisation,
            },
        )


def indicator_create(
    *, access: Access, document: SteeringDocument, data: dict, m2m: dict | None = None
) -> Indicator:
    """Add an indicator; strategists anywhere, editors for their own bodies."""
    _require_same_org(access, document, data=data, m2m=m2m)
    if not access.can_edit_for_body(getattr(data.get("responsible_body"), "pk", None)):
        raise PermissionDenied(_("You may only add indicators your bodies are responsible for."))
    _same_document_m2m(document, m2m)
    with transaction.atomic(), _revising(access, document):
        return model_create(
            model=Indicator,
            actor=access.user,
            data={**_clean(data), "document": document, "organisation": document.organisation},
            m2m=m2m,
        )


def item_update(
    *, access: Access, instance: models.Model, data: dict, m2m: dict | None = None
) -> models.Model:
    """Change a section, overall goal, focus area, goal or indicator."""
    _require_same_org(access, instance, data=data, m2m=m2m)
    if isinstance(instance, Indicator):
        indicator_check_edit(access=access, indicator=instance)
        new_body = data.get("responsible_body", instance.responsible_body)
        if not access.can_edit_for_body(getattr(new_body, "pk", None)):
            raise PermissionDenied(_("You may only assign indicators to your own bodies."))
    else:
        _require_documents(access)
    document = _document_of(instance)
    if document is not None:
        _same_document_m2m(document, m2m)
    with transaction.atomic(), _revising(access, document):
        return model_update(
            instance=instance,
            actor=access.user,
            data=data,
            m2m=m2m,
            fields=EDITABLE[type(instance)],
        )


def indicator_check_edit(*, access: Access, indicator: Indicator) -> None:
    if not access.can_edit_for_body(indicator.responsible_body_id):
        raise PermissionDenied(_("You may only edit indicators your bodies are responsible for."))


def indicator_target_set(
    *, access: Access, indicator: Indicator, year: int, value=None, text: str = ""
) -> IndicatorTarget:
    """Create or change the target of one year; a target value must fit the indicator's
    measure (strategy/measures.py: a count whole and not negative, a share 0–100 …)."""
    _require_same_org(access, indicator)
    indicator_check_edit(access=access, indicator=indicator)
    check_measure_value(indicator=indicator, value=value)
    existing = indicator.targets.filter(year=year).first()
    with transaction.atomic(), _revising(access, indicator.document):
        if existing:
            return model_update(
                instance=existing,
                actor=access.user,
                data={"value": value, "text": text},
                fields=EDITABLE[IndicatorTarget],
                event="strategy.target_set",
            )
        return model_create(
            model=IndicatorTarget,
            actor=access.user,
            data={
                "indicator": indicator,
                "organisation": indicator.organisation,
                "year": year,
                "value": value,
                "text": text,
            },
            event="strategy.target_set",
        )


def indicator_target_delete(*, access: Access, target: IndicatorTarget) -> None:
    """Remove the target of one year."""
    _require_same_org(access, target)
    indicator_check_edit(access=access, indicator=target.indicator)
    with transaction.atomic(), _revising(access, target.indicator.document):
        model_delete(instance=target, actor=access.user, event="strategy.target_removed")


# Versions ----------------------------------------------------------------------------------------


@transaction.atomic
def version_freeze(
    *, access: Access, document: SteeringDocument, label: str = "", note: str = ""
) -> DocumentVersion:
    """Freeze the working copy into the next numbered, immutable version."""
    _require_same_org(access, document)
    _require_documents(access)
    return _freeze(access, document, label=label, note=note)


@transaction.atomic
def _freeze(
    access: Access,
    document: SteeringDocument,
    *,
    snapshot: dict | None = None,
    label: str = "",
    note: str = "",
) -> DocumentVersion:
    """The next numbered version of `document`: its working copy, or `snapshot` (the content
    taken just before a revision's first change)."""
    status = document.status if snapshot is None else DocumentStatus.ADOPTED
    document = SteeringDocument.objects.select_for_update().get(pk=document.pk)
    number = (document.versions.aggregate(n=Max("number"))["n"] or 0) + 1
    version = DocumentVersion(
        organisation=document.organisation,
        document=document,
        number=number,
        label=label,
        note=note,
        status_at_freeze=status,
        # Stored compact (format 3, docs/adr/0024); readers get format 2 back from `upgrade`.
        snapshot=encode_snapshot(snapshot if snapshot is not None else document_snapshot(document)),
        created_by=access.user if access.user and access.user.is_authenticated else None,
    )
    version.full_clean()
    version.save()
    audit_record(
        actor=access.user,
        instance=document,
        action="freeze",
        changes={"version": [None, number]},
        message=label,
        event="strategy.version_frozen",
    )
    return version


# Decisions ---------------------------------------------------------------------------------------


def decision_create(*, access: Access, data: dict, m2m: dict | None = None) -> Decision:
    """Record a decision (body, date, §, Dnr, text, distribution, the version it concerns)."""
    _require_same_org(access, data=data, m2m=m2m)
    _require_documents(access)
    return model_create(
        model=Decision,
        actor=access.user,
        data={**data, "organisation": access.organisation},
        m2m=m2m,
        event="strategy.decision_recorded",
    )


def decision_update(
    *, access: Access, decision: Decision, data: dict, m2m: dict | None = None
) -> Decision:
    """Change a recorded decision (strategists and admins)."""
    _require_same_org(access, decision, data=data, m2m=m2m)
    _require_documents(access)
    return model_update(
        instance=decision, actor=access.user, data=data, m2m=m2m, fields=EDITABLE[Decision]
    )


# Deletes with permission checks (used by the web pages) -----------------------------------------


def document_item_delete(*, access: Access, instance: models.Model) -> None:
    """Delete a document, section, overall goal, focus area, goal or indicator: strategists
    anything, editors only indicators their bodies are responsible for. Deleting an item of
    an adopted document starts its revision."""
    _require_same_org(access, instance)
    if isinstance(instance, Indicator):
        indicator_check_edit(access=access, indicator=instance)
    else:
        _require_documents(access)
    with transaction.atomic(), _revising(access, _document_of(instance)):
        item_delete(access=access, instance=instance)


def decision_delete(*, access: Access, decision: Decision) -> None:
    """Delete a recorded decision (strategists and admins)."""
    _require_same_org(access, decision)
    _require_documents(access)
    item_delete(access=access, instance=decision)


# A document with its items at once (from a file) ------------------------------------------------


def _built(model, actor, values: dict, exclude: tuple[str, ...]) -> models.Model:
    """An unsaved row, validated like `model_create` does, without the per-row queries (its
    parents are saved in the same transaction; uids are new)."""
    instance = model(**values)
    if getattr(actor, "is_authenticated", False):
        instance.created_by = instance.modified_by = actor
    instance.full_clean(
        exclude=(*exclude, "organisation", "created_by", "modified_by"),
        validate_unique=False,
        validate_constraints=False,
    )
    return instance


@transaction.atomic
def document_create_with_items(
    *,
    access: Access,
    data: dict[str, Any],
    sections: list[dict],
    focus_areas: list[dict],
    indicators: list[dict],
    source: str,
    attachment: tuple[str, bytes, str] | None = None,
) -> SteeringDocument:
    """Create a draft document with its sections, focus areas (each with `goals` and
    `indicators`) and the document's own `indicators` in one transaction, with a fixed number
    of queries whatever their number (bulk inserts). Every row is validated first; one invalid
    row raises and nothing is written. The audit log gets the document's creation and one
    entry naming `source` and what was created (docs/adr/0023-document-from-a-word-file.md);
    `attachment` (file name, bytes, description) is kept as the document's attachment."""
    document = document_create(access=access, data=data)
    org, user = document.organisation, access.user
    base = {"organisation": org, "document": document}
    section_rows = [
        _built(Section, user, {**base, "order": n, **s}, ("document",))
        for n, s in enumerate(sections, start=1)
    ]
    area_rows, goal_rows, indicator_rows, links = [], [], [], []
    for n, area in enumerate(focus_areas, start=1):
        values = {k: v for k, v in area.items() if k not in ("goals", "indicators")}
        area_rows.append(_built(FocusArea, user, {**base, "order": n, **values}, ("document",)))
    order = 0
    for area_row, area in zip(area_rows, focus_areas, strict=True):
        for n, goal in enumerate(area.get("goals", []), start=1):
            goal_rows.append(
                _built(
                    Goal,
                    user,
                    {"organisation": org, "focus_area": area_row, "order": n, **goal},
                    ("focus_area",),
                )
            )
        for ind in area.get("indicators", []):
            order += 1
            row = _built(Indicator, user, {**base, "order": order, **ind}, ("document",))
            indicator_rows.append(row)
            links.append((row, area_row))
    for ind in indicators:
        order += 1
        indicator_rows.append(
            _built(Indicator, user, {**base, "order": order, **ind}, ("document",))
        )
    Section.objects.bulk_create(section_rows)
    FocusArea.objects.bulk_create(area_rows)
    for goal in goal_rows:
        goal.focus_area_id = goal.focus_area.pk
    Goal.objects.bulk_create(goal_rows)
    Indicator.objects.bulk_create(indicator_rows)
    first_goal = {}
    for goal in goal_rows:
        first_goal.setdefault(goal.focus_area_id, goal.pk)
    Indicator.focus_areas.through.objects.bulk_create(
        [
            Indicator.focus_areas.through(indicator_id=row.pk, focusarea_id=area.pk)
            for row, area in links
        ]
    )
    Indicator.goals.through.objects.bulk_create(
        [
            Indicator.goals.through(indicator_id=row.pk, goal_id=first_goal[area.pk])
            for row, area in links
            if area.pk in first_goal
        ]
    )
    counts = {
        "sections": len(section_rows),
        "focus_areas": len(area_rows),
        "goals": len(goal_rows),
        "indicators": len(indicator_rows),
    }
    audit_record(
        actor=user,
        instance=document,
        action="create",
        event="strategy.document_items_created",
        message=_(
            "Created from %(source)s: %(sections)s sections, %(focus_areas)s focus areas, "
            "%(goals)s goals and %(indicators)s indicators."
        )
        % {"source": source, **counts},
    )
    if attachment is not None:
        document_attachment_add(
            access=access,
            document=document,
            filename=attachment[0],
            content=attachment[1],
            description=attachment[2],
        )
    return document


ATTACHMENT_TYPES = {".docx": "docx", ".pdf": "pdf", ".odt": "odt"}


def document_attachment_add(
    *,
    access: Access,
    document: SteeringDocument,
    filename: str,
    content: bytes,
    description: str = "",
) -> DocumentAttachment:
    """Keep a file (DOCX, PDF or ODT, by its name) with the document. The file is stored
    under a generated name; when writing its row fails, the stored file is removed (callers
    attach last in their transaction, so a later rollback cannot orphan it)."""
    from pathlib import PurePath

    from django.core.files.base import ContentFile

    _require_same_org(access, document)
    _require_documents(access)
    file_type = ATTACHMENT_TYPES.get(PurePath(filename or "").suffix.lower())
    if file_type is None:
        raise ValidationError({"file": _("Attach a Word (.docx), PDF or ODT file.")})
    if not content:
        raise ValidationError({"file": _("The file is empty.")})
    name = PurePath(filename).name[-255:]
    attachment = DocumentAttachment(
        organisation=document.organisation,
        document=document,
        original_name=name,
        file_type=file_type,
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
        description=description,
        created_by=access.user if access.user.is_authenticated else None,
    )
    attachment.file.save("upload", ContentFile(content), save=False)
    stored = attachment.file.name
    try:
        attachment.save()
        audit_record(
            actor=access.user,
            instance=attachment,
            action="create",
            changes={"original_name": [None, name], "size": [None, len(content)]},
        )
    except Exception:
        attachment.file.storage.delete(stored)
        raise
    return attachment
