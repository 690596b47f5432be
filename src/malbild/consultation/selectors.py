"""Reads of consultation rounds, scoped to one organisation and prefetched so that the list,
overview, handling and summary pages run a fixed number of queries whatever the number of
consultees, responses and comments."""

import datetime
from collections import Counter, defaultdict
from types import SimpleNamespace
from typing import Any

from django.db.models import Case, CharField, Count, IntegerField, Max, Prefetch, Q, Value, When
from django.db.models.functions import Cast
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext, ngettext

from malbild.core.access import Access
from malbild.core.todo import TodoItem
from malbild.organisation.constants import BodyKind
from malbild.organisation.models import Body
from malbild.strategy.constants import DocumentStatus
from malbild.strategy.models import DocumentVersion
from malbild.strategy.snapshot import document_snapshot, render, snapshot_compare, upgrade

from .constants import (
    ANCHOR_TYPES,
    ANSWERED_STATES,
    ConsulteeState,
    DispositionKind,
    Position,
    ResponseStatus,
    RoundStatus,
)
from .models import (
    Attachment,
    Comment,
    ConsultationRound,
    Consultee,
    DeadlineExtension,
    Response,
    SecretLink,
)
from .permissions import can_read_response, can_see_round

# Audit entries whose object text and changes carry a response's content.
RESPONSE_CONTENT_MODELS = (
    "consultation.response",
    "consultation.comment",
    "consultation.attachment",
)


def response_readable_queryset(access: Access):
    """The responses `access` may read, drafts included, as one query: everything for a
    strategist (who may register a response), its bodies' responses for a respondent, and
    otherwise the submitted ones of closed rounds for readers (see `can_read_response`)."""
    responses = Response.objects.for_access(access)
    if access.can_edit_documents:
        return responses
    visible = Q(consultee__body_id__in=list(access.respondent_body_ids))
    if access.can_read:
        visible |= Q(
            consultee__round__status=RoundStatus.CLOSED,
            status__in=(ResponseStatus.SUBMITTED, ResponseStatus.SUPERSEDED),
        )
    return responses.filter(visible)


def audit_visible(access: Access) -> Q:
    """A filter of `AuditEntry` rows (for histories and the overview's recent changes) that
    leaves out entries about responses, comments and attachments `access` may not read —
    draft content of other bodies above all — and those whose object is gone (a removed draft
    comment). Stays one query (subqueries)."""
    readable = response_readable_queryset(access).values("pk")
    visible = ~Q(model__in=RESPONSE_CONTENT_MODELS)
    for model, (klass, field) in {
        "consultation.response": (Response, "pk"),
        "consultation.comment": (Comment, "response_id"),
        "consultation.attachment": (Attachment, "response_id"),
    }.items():
        ids = (
            klass.objects.for_access(access)
            .filter(**{f"{field}__in": readable})
            .annotate(ref=Cast("pk", CharField()))
            .values("ref")
        )
        visible |= Q(model=model, object_id__in=ids)
    return visible


QUICK_CHOICES = {
    "committees": (BodyKind.COMMITTEE,),
    "companies": (BodyKind.COMPANY,),
    "associations": (BodyKind.ASSOCIATION,),
}


def bodies_for_quick_choice(*, access: Access, choice: str):
    """The organisation's bodies of the kinds behind "all committees/companies/associations"."""
    return Body.objects.for_access(access).filter(kind__in=QUICK_CHOICES[choice])


def consultable_bodies(*, access: Access):
    return Body.objects.for_access(access).order_by("kind", "name")


def frozen_versions(*, access: Access):
    """Versions that may be sent out: of documents that are drafts or in consultation."""
    return (
        DocumentVersion.objects.for_access(access)
        .filter(document__status__in=("draft", "in_consultation"))
        .defer("snapshot")
        .select_related("document")
        .order_by("document__title", "-number")
    )


def round_list(*, access: Access):
    """Rounds the user may see: all for readers, for respondents only where asked."""
    qs = (
        ConsultationRound.objects.for_access(access)
        .select_related("document", "version")
        .defer("version__snapshot")
    )
    if not access.can_read:
        qs = qs.filter(consultees__body_id__in=access.respondent_body_ids).distinct()
    return qs.order_by("-sent_on", "-id")


def round_get(*, access: Access, pk: int) -> ConsultationRound:
    round_ = get_object_or_404(
        ConsultationRound.objects.for_access(access).select_related(
            "document",
            "version",
            "revised_version",
            "decision__body",
            "adoption_decision__body",
            "closed_by",
        ),
        pk=pk,
    )
    if not access.can_read:
        body_ids = round_.consultees.values_list("body_id", flat=True)
        if not can_see_round(access, body_ids):
            raise Http404
    return round_


def consultee_get(*, round: ConsultationRound, pk: int) -> Consultee:
    return get_object_or_404(Consultee.objects.select_related("body", "round"), pk=pk, round=round)


def _responses_prefetch(with_content: bool):
    qs = Response.objects.order_by("number")
    if with_content:
        qs = qs.prefetch_related(
            Prefetch(
                "comments",
                queryset=Comment.objects.select_related("disposition").order_by("order", "id"),
            ),
            Prefetch("attachments", queryset=Attachment.objects.order_by("id")),
        )
    return Prefetch("responses", queryset=qs)


def consultee_state(consultee: Consultee) -> dict[str, Any]:
    """State, dates and the responses of one consultee (its responses prefetched)."""
    responses = list(consultee.responses.all())
    submitted = [r for r in responses if r.status == ResponseStatus.SUBMITTED]
    current = submitted[-1] if submitted else None
    first_submitted_at = min(
        (r.submitted_at for r in responses if r.submitted_at is not None), default=None
    )
    draft = next((r for r in responses if r.status == ResponseStatus.DRAFT), None)
    if current is not None:
        state = ConsulteeState.LATE if current.is_late else ConsulteeState.SUBMITTED
    elif consultee.declined_at is not None:
        state = ConsulteeState.DECLINED
    elif draft is not None:
        state = ConsulteeState.DRAFT
    else:
        state = ConsulteeState.NOT_STARTED
    return {
        "consultee": consultee,
        "state": state,
        "state_label": ConsulteeState(state).label,
        "answered": state in ANSWERED_STATES,
        "current": current,
        "draft": draft,
        "responses": responses,
        "first_submitted_at": first_submitted_at,
        "submitted_at": current.submitted_at if current else None,
        "started_at": responses[0].created_at if responses else None,
        "declined_at": consultee.declined_at,
    }


def round_overview(*, round: ConsultationRound) -> dict[str, Any]:
    """Each consultee's state with dates, who still has to answer, the extensions, and
    comment handling progress (per consultee and per item), counted by aggregate queries
    (`comment_progress`, `comment_index`) rather than by reading every comment."""
    consultees = list(
        Consultee.objects.filter(round=round)
        .select_related("body")
        .prefetch_related(
            _responses_prefetch(with_content=False),
            Prefetch(
                "links",
                queryset=SecretLink.objects.select_related("created_by").order_by(
                    "-created_at", "-id"
                ),
            ),
        )
        .order_by("body__name", "id")
    )
    rows = [{**consultee_state(c), "links": list(c.links.all())} for c in consultees]
    progress = comment_progress(round=round)
    for row in rows:
        row["active_links"] = sum(1 for link in row["links"] if link.revoked_at is None)
        counted = progress.get(row["consultee"].pk) if row["current"] else None
        row["comment_count"] = counted["total"] if counted else 0
        row["handled_count"] = counted["handled"] if counted else 0
    counts = Counter(r["state"] for r in rows)
    index = comment_index(round=round)
    return {
        "rows": rows,
        "waiting": [r for r in rows if not r["answered"]],
        "counts": {s: counts.get(s, 0) for s in ConsulteeState.values},
        "extensions": list(round.extensions.select_related("decision__body").order_by("id")),
        "comment_total": sum(r["comment_count"] for r in rows),
        "handled_total": sum(r["handled_count"] for r in rows),
        "progress_items": [
            {
                "uid": e["uid"],
                "label": e["label"],
                "type": e["type"],
                "total": e["total"],
                "handled": e["handled"],
            }
            for e in index
        ],
    }


def disposition_of(comment: Comment):
    try:
        return comment.disposition
    except Comment.disposition.RelatedObjectDoesNotExist:
        return None


def response_detail(*, consultee: Consultee) -> dict[str, Any]:
    """One consultee with all its submissions, comments and attachments (fixed queries)."""
    consultee = (
        Consultee.objects.select_related("body", "round__version", "round__document")
        .prefetch_related(_responses_prefetch(with_content=True), "links")
        .get(pk=consultee.pk)
    )
    return {**consultee_state(consultee), "links": list(consultee.links.all())}


def readable_responses(*, access: Access, round: ConsultationRound, responses):
    return [r for r in responses if can_read_response(access, r, round.status)]


def comment_get(*, round: ConsultationRound, pk: int) -> Comment:
    return get_object_or_404(
        Comment.objects.select_related(
            "response__consultee__body", "response__consultee__round", "disposition"
        ),
        pk=pk,
        response__consultee__round=round,
    )


def anchor_choices(*, version: DocumentVersion) -> list[tuple[str, str]]:
    """("", whole document) followed by the version's own items in document order (what a
    disposition may name as changed)."""
    from django.utils.translation import gettext as _

    choices = [("", _("The document as a whole"))]
    for item in upgrade(version.snapshot)["items"]:
        choices.append((item["uid"], f"{_type_label(item['type'])}: {item['label']}"))
    return choices


def version_anchors(*, snapshot: dict[str, Any]) -> list[dict[str, Any]]:
    """Everything of a consulted version a comment may be anchored to, in reading order:
    the document as a whole (uid ""), its sections, what it inherits from the documents above
    it (focus areas, goals and overall goals of the strategy it implements, each with the
    `source` document's title), then its own other items. Each {uid, type, label, source,
    group} with group "document", "sections", "inherited" or "own"."""
    snap = upgrade(snapshot)
    out = [{"uid": "", "type": "", "label": "", "source": "", "group": "document"}]

    def add(item, group, source=""):
        if item["type"] in ANCHOR_TYPES:
            out.append(
                {
                    "uid": item["uid"],
                    "type": item["type"],
                    "label": item["label"],
                    "source": source,
                    "group": group,
                }
            )

    for item in snap["items"]:
        if item["type"] == "section":
            add(item, "sections")
    for item in snap.get("inherited") or []:
        add(item, "inherited", render.ref_label(item.get("source") or {}))
    for item in snap["items"]:
        if item["type"] != "section":
            add(item, "own")
    return out


def comment_anchor_choices(*, version: DocumentVersion) -> list:
    """The choices of a comment's "Concerns" field, grouped: the document as a whole, its
    sections, what it inherits (one group per source document) and its own items."""
    from django.utils.translation import gettext as _

    groups: dict[tuple[str, str], list] = {}
    whole = []
    for a in version_anchors(snapshot=version.snapshot):
        if a["group"] == "document":
            whole.append(("", _("The document as a whole")))
            continue
        if a["group"] == "sections":
            key = ("sections", _("Sections"))
        elif a["group"] == "inherited":
            title = _("Inherited from “%(title)s”") % {"title": a["source"]}
            key = ("inherited " + a["source"], title)
        else:
            key = ("own", _("This document's goals, indicators and activities"))
        groups.setdefault(key, []).append((a["uid"], f"{_type_label(a['type'])}: {a['label']}"))
    return whole + [(label, options) for (_key, label), options in groups.items()]


def _type_label(type_: str) -> str:
    return render.type_name(type_)


def revision_target_snapshot(round: ConsultationRound) -> dict[str, Any]:
    """The revised version's snapshot, or the working copy when none is frozen yet."""
    if round.revised_version_id:
        return upgrade(round.revised_version.snapshot)
    return document_snapshot(round.document)


def comments_by_changed_item(records: list[dict]) -> dict[str, list[dict]]:
    """Item uid → the comment records (`{"comment", "disposition", …}`, in the given order)
    whose disposition caused a change of that item: the items the disposition names as
    changed, or, when it names none, the commented item itself if the comment was accepted
    or partly accepted. One pass over the comments (not one per change)."""
    caused: dict[str, list[dict]] = defaultdict(list)
    for r in records:
        disposition = r["disposition"]
        if disposition is None:
            continue
        if disposition.changed_item_uids:
            for uid in dict.fromkeys(disposition.changed_item_uids):
                caused[uid].append(r)
        elif disposition.kind in (DispositionKind.ACCEPTED, DispositionKind.PARTLY_ACCEPTED):
            caused[r["comment"].item_uid].append(r)
    return caused


def summary_build(*, round: ConsultationRound, include_working_copy: bool = True) -> dict:
    """The consultation summary (remissammanställning) as plain data: introduction,
    consultees, positions, every comment per item in document order with its disposition,
    points not accepted, the changes between the consulted and revised version linked to the
    comments that caused them, the strategist's assessment and proposed decision (Markdown,
    `assessment` and `proposal`), and each response in full for the appendix.

    Only current submitted responses count. Runs a fixed number of queries."""
    overview_consultees = list(
        Consultee.objects.filter(round=round)
        .select_related("body")
        .prefetch_related(_responses_prefetch(with_content=True))
        .order_by("body__name", "id")
    )
    rows = [consultee_state(c) for c in overview_consultees]
    extensions = list(
        DeadlineExtension.objects.filter(round=round)
        .select_related("decision__body")
        .order_by("id")
    )
    from django.utils.translation import gettext as _

    snapshot = render.resolve_labels(round.version.snapshot, organisation=round.organisation)
    by_uid: dict[str, dict[str, Any]] = {}
    sections = []
    for anchor in version_anchors(snapshot=snapshot):
        label = anchor["label"]
        if anchor["source"]:
            label = _("%(label)s (inherited from “%(source)s”)") % {
                "label": label,
                "source": anchor["source"],
            }
        entry = {"uid": anchor["uid"], "type": anchor["type"], "label": label, "comments": []}
        by_uid.setdefault(anchor["uid"], entry)
        sections.append(entry)
    positions: Counter = Counter()
    responses = []
    all_comments = []
    for row in rows:
        response = row["current"]
        if response is None:
            continue
        responses.append(row)
        positions[response.position] += 1
        for comment in response.comments.all():
            record = {
                "comment": comment,
                "consultee": row["consultee"],
                "disposition": disposition_of(comment),
            }
            all_comments.append(record)
            target = by_uid.get(comment.item_uid)
            if target is None:  # anchored to an item type no longer listed
                target = by_uid.setdefault(
                    comment.item_uid,
                    {
                        "uid": comment.item_uid,
                        "type": comment.item_type,
                        "label": comment.item_label,
                        "comments": [],
                    },
                )
                sections.append(target)
            target["comments"].append(record)
    for entry in sections:
        entry["type_label"] = _type_label(entry["type"]) if entry["type"] else ""
    not_accepted = [
        r
        for r in all_comments
        if r["disposition"] is not None and r["disposition"].kind == DispositionKind.NOT_ACCEPTED
    ]
    unhandled = [r for r in all_comments if r["disposition"] is None]
    changes = None
    if round.revised_version_id or include_working_copy:
        target = revision_target_snapshot(round)
        comparison = snapshot_compare(snapshot, target)
        shown = render.comparison(comparison)
        caused = comments_by_changed_item(all_comments)
        for change, rendered in zip(comparison["changes"], shown["changes"], strict=True):
            change["type_label"] = rendered["type_name"]
            change["fields"] = rendered["fields"]  # rows {field: label, before, after} as text
            change["comments"] = list(caused.get(change["uid"], ()))
        changes = comparison
    return {
        "round": round,
        "rows": rows,
        "extensions": extensions,
        "positions": [
            {"value": p.value, "label": p.label, "count": positions.get(p.value, 0)}
            for p in Position
        ],
        "sections": [s for s in sections if s["comments"]],
        "comment_count": len(all_comments),
        "handled_count": len(all_comments) - len(unhandled),
        "not_accepted": not_accepted,
        "unhandled": unhandled,
        "changes": changes,
        "responses": responses,
        "revised_is_working_copy": not round.revised_version_id,
        # The strategist's own words (Markdown), "" while not written.
        "assessment": round.assessment,
        "proposal": round.proposal,
    }


def consultees_for_respondent(*, access: Access) -> list[Consultee]:
    """The consultations the user's respondent bodies are asked to answer."""
    if not access.respondent_body_ids:
        return []
    return list(
        Consultee.objects.for_access(access)
        .filter(body_id__in=access.respondent_body_ids)
        .select_related("round", "body")
        .order_by("-round__sent_on", "body__name", "id")
    )


# To-do list (docs/guide/todo.md) -----------------------------------------------------------


def todo_list(*, access: Access, today: datetime.date) -> list[TodoItem]:
    """What waits for the user in consultation: for a respondent, the responses their bodies
    still owe in open rounds (not started or a draft; a declined one is answered); for a
    strategist or administrator, the comments awaiting a disposition, the open rounds past
    their deadline and the closed rounds whose adoption decision is not recorded while the
    document is not yet adopted. A fixed number of queries whatever the data size."""
    items: list[TodoItem] = []
    if access.respondent_body_ids:
        items += _todo_responses(access)
    if access.can_edit_documents:
        items += _todo_handling(access, today)
    return items


def _todo_responses(access: Access) -> list[TodoItem]:
    """Two queries: the consultees, and their responses."""
    consultees = (
        Consultee.objects.for_access(access)
        .filter(body_id__in=list(access.respondent_body_ids), round__status=RoundStatus.OPEN)
        .select_related("round__document", "body")
        .prefetch_related(_responses_prefetch(with_content=False))
        .order_by("round__deadline", "body__name", "id")
    )
    items = []
    for consultee in consultees:
        state = consultee_state(consultee)
        if state["answered"]:
            continue
        draft = state["state"] == ConsulteeState.DRAFT
        round_ = consultee.round
        items.append(
            TodoItem(
                kind="consultation.response",
                kind_label=gettext("Consultation response to write"),
                title=round_.document.title,
                body=consultee.body.name,
                context=round_.title,
                deadline=round_.deadline,
                status=gettext("Draft, not submitted") if draft else gettext("Not started"),
                url=reverse(
                    "consultation:response",
                    kwargs={
                        "org": access.organisation.slug,
                        "pk": round_.pk,
                        "cid": consultee.pk,
                    },
                ),
                rank=0 if draft else 1,
            )
        )
    return items


def _todo_handling(access: Access, today: datetime.date) -> list[TodoItem]:
    """Three queries: the rounds concerned, the comments without a disposition per round, and
    the consultees still to answer per round past its deadline."""
    undisposed = {
        row["response__consultee__round_id"]: row["n"]
        for row in Comment.objects.for_access(access)
        .filter(
            response__status=ResponseStatus.SUBMITTED,
            disposition__isnull=True,
            response__consultee__round__adoption_decision__isnull=True,
        )
        .values("response__consultee__round_id")
        .annotate(n=Count("id"))
        .order_by()
    }
    rounds = list(
        ConsultationRound.objects.for_access(access)
        .filter(
            Q(pk__in=list(undisposed))
            | Q(status=RoundStatus.OPEN, deadline__lt=today)
            | Q(
                status=RoundStatus.CLOSED,
                adoption_decision__isnull=True,
                document__status__in=(DocumentStatus.DRAFT, DocumentStatus.IN_CONSULTATION),
            )
        )
        .select_related("document")
        .defer("assessment", "proposal", "instructions")
        .order_by("deadline", "id")
    )
    overdue = [r.pk for r in rounds if r.status == RoundStatus.OPEN and r.deadline < today]
    waiting = (
        {
            row["round_id"]: row["n"]
            for row in Consultee.objects.for_access(access)
            .filter(round_id__in=overdue, declined_at__isnull=True)
            .exclude(responses__status=ResponseStatus.SUBMITTED)
            .values("round_id")
            .annotate(n=Count("id"))
            .order_by()
        }
        if overdue
        else {}
    )
    slug = access.organisation.slug
    items = []
    for round_ in rounds:
        kwargs = {"org": slug, "pk": round_.pk}
        common = {"title": round_.title, "body": "", "context": round_.document.title}
        if undisposed.get(round_.pk):
            n = undisposed[round_.pk]
            items.append(
                TodoItem(
                    kind="consultation.disposition",
                    kind_label=gettext("Comments awaiting a disposition"),
                    deadline=None,
                    status=ngettext(
                        "%(n)d comment without a disposition",
                        "%(n)d comments without a disposition",
                        n,
                    )
                    % {"n": n},
                    url=reverse("consultation:handling", kwargs=kwargs),
                    **common,
                )
            )
        if round_.pk in overdue:
            n = waiting.get(round_.pk, 0)
            items.append(
                TodoItem(
                    kind="consultation.round_overdue",
                    kind_label=gettext("Consultation round past its deadline"),
                    deadline=round_.deadline,
                    status=ngettext(
                        "Still open; %(n)d consultee has not answered",
                        "Still open; %(n)d consultees have not answered",
                        n,
                    )
                    % {"n": n},
                    url=reverse("consultation:round-detail", kwargs=kwargs),
                    **common,
                )
            )
        if round_.status == RoundStatus.CLOSED and round_.adoption_decision_id is None:
            revised = round_.revised_version_id is not None
            if round_.document.status not in (DocumentStatus.DRAFT, DocumentStatus.IN_CONSULTATION):
                continue
            items.append(
                TodoItem(
                    kind="consultation.adoption_decision",
                    kind_label=gettext("Adoption decision to register"),
                    deadline=None,
                    status=gettext("The revised version is frozen; record the decision")
                    if revised
                    else gettext("The round is closed; freeze the revised version first"),
                    url=reverse(
                        "consultation:round-adopt" if revised else "consultation:round-detail",
                        kwargs=kwargs,
                    ),
                    rank=2,
                    **common,
                )
            )
    return items


# Comment pages (issue #11) -------------------------------------------------------------------
#
# The handling page, the summary page's parts and the API list of submitted comments read
# only what they show: per item of the consulted version the number of its current comments
# (handled, not accepted) by one aggregate query, and then only the comments of the page, in
# the summary's order (per item in document order; within an item per consultee by body name,
# then in the response's order). `summary_build` keeps the whole summary for the files.

#: `?show=` filters of the comment lists: all, not yet handled, handled.
COMMENT_FILTERS = ("", "unhandled", "handled")

#: The order of the comments within an item (the order of `summary_build`).
_WITHIN_ITEM = ("response__consultee__body__name", "response__consultee_id", "order", "id")


def current_comments(*, round: ConsultationRound):
    """The comments of the round's current (submitted) responses: the ones the handling page
    and the summary list. A consultee has at most one submitted response at a time (a new
    submission supersedes the previous one)."""
    return Comment.objects.filter(
        response__consultee__round=round, response__status=ResponseStatus.SUBMITTED
    )


def _show_filter(show: str) -> Q:
    if show == "unhandled":
        return Q(disposition__isnull=True)
    if show == "handled":
        return Q(disposition__isnull=False)
    return Q()


def comment_index(*, round: ConsultationRound) -> list[dict[str, Any]]:
    """The items of the consulted version that have current comments, in the summary's order
    (document order, then items no longer listed in the order of their labels), each with
    `uid`, `type`, `type_label`, `label` (inherited items name their source), `total`,
    `handled` and `not_accepted`. One aggregate query (and the version's snapshot, read with
    the round)."""
    from django.utils.translation import gettext as _

    counts = {
        row["item_uid"]: row
        for row in current_comments(round=round)
        .values("item_uid")
        .annotate(
            total=Count("id"),
            handled=Count("disposition"),
            not_accepted=Count(
                "disposition", filter=Q(disposition__kind=DispositionKind.NOT_ACCEPTED)
            ),
            item_type_=Max("item_type"),
            item_label_=Max("item_label"),
        )
        .order_by()
    }
    index = []
    for anchor in version_anchors(snapshot=round.version.snapshot):
        row = counts.pop(anchor["uid"], None)
        if row is None:
            continue
        label = anchor["label"]
        if anchor["source"]:
            label = _("%(label)s (inherited from “%(source)s”)") % {
                "label": label,
                "source": anchor["source"],
            }
        index.append({"uid": anchor["uid"], "type": anchor["type"], "label": label, **row})
    # Anchored to an item type no longer listed: after the others, by label.
    for row in sorted(counts.values(), key=lambda r: (r["item_label_"], r["item_uid"])):
        index.append(
            {"uid": row["item_uid"], "type": row["item_type_"], "label": row["item_label_"], **row}
        )
    for entry in index:
        entry["type_label"] = _type_label(entry["type"]) if entry["type"] else ""
        for key in ("item_uid", "item_type_", "item_label_"):
            entry.pop(key, None)
    return index


def comment_index_count(entry: dict[str, Any], show: str) -> int:
    """How many of an item's comments (a `comment_index` entry) the filter `show` keeps."""
    if show == "unhandled":
        return entry["total"] - entry["handled"]
    if show == "handled":
        return entry["handled"]
    return entry["total"]


def comment_progress(*, round: ConsultationRound) -> dict[int, dict[str, int]]:
    """Consultee id → {"total", "handled"} of its current comments: one aggregate query."""
    return {
        row["response__consultee_id"]: {"total": row["total"], "handled": row["handled"]}
        for row in current_comments(round=round)
        .values("response__consultee_id")
        .annotate(total=Count("id"), handled=Count("disposition"))
        .order_by()
    }


def consultee_rows(*, round: ConsultationRound) -> list[dict[str, Any]]:
    """Each consultee's state (`consultee_state`) in the summary's order, without the
    responses' content: two queries."""
    consultees = (
        Consultee.objects.filter(round=round)
        .select_related("body")
        .prefetch_related(_responses_prefetch(with_content=False))
        .order_by("body__name", "id")
    )
    return [consultee_state(c) for c in consultees]


def _record(comment: Comment) -> dict[str, Any]:
    return {
        "comment": comment,
        "consultee": comment.response.consultee,
        "disposition": disposition_of(comment),
    }


class CommentList:
    """The current comments of a round that `show` keeps, in the summary's order, as a
    sequence whose length is known from `comment_index` and whose slices read only their own
    comments (one query a slice): for `Paginator` and the API's `Pagination`. Items are
    records {"comment", "consultee", "disposition"}, with `index` their item's position in
    `index`."""

    def __init__(self, *, round: ConsultationRound, index: list[dict], show: str = ""):
        self.round = round
        self.index = index
        self.show = show
        self.counts = [comment_index_count(entry, show) for entry in index]
        self.starts = []
        total = 0
        for n in self.counts:
            self.starts.append(total)
            total += n
        self.total = total

    def __len__(self) -> int:
        return self.total

    def __getitem__(self, key):
        if not isinstance(key, slice) or key.step not in (None, 1):
            raise TypeError("CommentList supports slices only")
        start, stop, _step = key.indices(self.total)
        return self.read(start, stop)

    def read(self, start: int, stop: int) -> list[dict[str, Any]]:
        """The records at positions [start, stop): the items they fall in, and within the
        first of them the comments after those of the pages before (one query)."""
        if start >= stop:
            return []
        items = [
            i
            for i, (first, n) in enumerate(zip(self.starts, self.counts, strict=True))
            if n and first < stop and first + n > start
        ]
        if not items:
            return []
        skip = start - self.starts[items[0]]
        position = Case(
            *(When(item_uid=self.index[i]["uid"], then=Value(i)) for i in items),
            output_field=IntegerField(),
        )
        comments = list(
            current_comments(round=self.round)
            .filter(_show_filter(self.show), item_uid__in=[self.index[i]["uid"] for i in items])
            .select_related("response__consultee__body", "disposition")
            .annotate(position=position)
            .order_by("position", *_WITHIN_ITEM)[skip : skip + (stop - start)]
        )
        records = []
        for comment in comments:
            record = _record(comment)
            record["index"] = comment.position
            records.append(record)
        return records

    def position_of(self, pk: int) -> int | None:
        """Where the comment `pk` is in this list (0-based), or None when it is not in it:
        two queries (the comment, and how many of its item come before it)."""
        comment = (
            current_comments(round=self.round)
            .filter(_show_filter(self.show), pk=pk)
            .values(
                "item_uid", "order", "response__consultee_id", "response__consultee__body__name"
            )
            .first()
        )
        if comment is None:
            return None
        item = next((i for i, e in enumerate(self.index) if e["uid"] == comment["item_uid"]), None)
        if item is None:
            return None
        name = comment["response__consultee__body__name"]
        consultee = comment["response__consultee_id"]
        before = (
            Q(response__consultee__body__name__lt=name)
            | Q(response__consultee__body__name=name, response__consultee_id__lt=consultee)
            | Q(
                response__consultee__body__name=name,
                response__consultee_id=consultee,
                order__lt=comment["order"],
            )
            | Q(
                response__consultee__body__name=name,
                response__consultee_id=consultee,
                order=comment["order"],
                pk__lt=pk,
            )
        )
        n = (
            current_comments(round=self.round)
            .filter(_show_filter(self.show), before, item_uid=comment["item_uid"])
            .count()
        )
        return self.starts[item] + n


def comment_list(*, round: ConsultationRound, show: str = "") -> CommentList:
    """The round's current comments in the summary's order, read a slice at a time."""
    return CommentList(round=round, index=comment_index(round=round), show=show)


def not_accepted_comments(*, round: ConsultationRound):
    """The current comments whose disposition is "not accepted", in the summary's order of
    its points not accepted (per consultee by body name, then in the response's order)."""
    return (
        current_comments(round=round)
        .filter(disposition__kind=DispositionKind.NOT_ACCEPTED)
        .select_related("response__consultee__body", "disposition")
        .order_by(*_WITHIN_ITEM)
    )


def comment_records(comments) -> list[dict[str, Any]]:
    """Records {"comment", "consultee", "disposition"} of comments read with their consultee
    and disposition (`not_accepted_comments`, `CommentList`)."""
    return [_record(c) for c in comments]


def summary_responses(*, access: Access, round: ConsultationRound):
    """The current responses `access` may read, in the order of the summary's appendix
    (consultee by body name), for a page of the appendix: prefetch their comments and
    attachments on the page's slice only (`response_page`)."""
    return (
        response_readable_queryset(access)
        .filter(consultee__round=round, status=ResponseStatus.SUBMITTED)
        .select_related("consultee__body")
        .order_by("consultee__body__name", "consultee_id")
    )


def response_page(responses) -> list[dict[str, Any]]:
    """Rows {"consultee", "current"} of a slice of `summary_responses`, with the comments and
    attachments of those responses only (two queries)."""
    from django.db.models import prefetch_related_objects

    responses = list(responses)
    prefetch_related_objects(
        responses,
        Prefetch(
            "comments",
            queryset=Comment.objects.select_related("disposition").order_by("order", "id"),
        ),
        Prefetch("attachments", queryset=Attachment.objects.order_by("id")),
    )
    return [{"consultee": r.consultee, "current": r} for r in responses]


def summary_overview(*, round: ConsultationRound, access: Access, index: list[dict]) -> dict:
    """The overview part of the summary (introduction, consultees, positions, the changes
    after the consultation with the comments that caused them, assessment and proposal) and
    the counts of its other parts, without reading every comment: the consultees with their
    responses, the extensions, the comments whose disposition names or accepts a changed
    item, and counts. `index` is `comment_index(round=round)`."""
    rows = consultee_rows(round=round)
    positions = Counter(r["current"].position for r in rows if r["current"] is not None)
    snapshot = render.resolve_labels(round.version.snapshot, organisation=round.organisation)
    comparison = snapshot_compare(snapshot, revision_target_snapshot(round))
    shown = render.comparison(comparison)
    changed = {c["uid"] for c in comparison["changes"]}
    # The dispositions that may have caused a change (`comments_by_changed_item`), as plain
    # values: one query whatever their number, no model instances for the thousands that
    # caused nothing.
    accepted = (DispositionKind.ACCEPTED, DispositionKind.PARTLY_ACCEPTED)
    records = [
        {
            "comment": SimpleNamespace(pk=pk, text=text, item_uid=item_uid),
            "consultee": SimpleNamespace(body=body),
            "disposition": SimpleNamespace(kind=kind, changed_item_uids=uids or []),
        }
        for pk, item_uid, text, body, kind, uids in current_comments(round=round)
        .filter(disposition__isnull=False)
        .order_by(*_WITHIN_ITEM)
        .values_list(
            "pk",
            "item_uid",
            "text",
            "response__consultee__body__name",
            "disposition__kind",
            "disposition__changed_item_uids",
        )
        if (changed.intersection(uids) if uids else kind in accepted and item_uid in changed)
    ]
    caused = comments_by_changed_item(records)
    for change, rendered in zip(comparison["changes"], shown["changes"], strict=True):
        change["type_label"] = rendered["type_name"]
        change["fields"] = rendered["fields"]
        change["comments"] = list(caused.get(change["uid"], ()))
    changes = comparison
    return {
        "round": round,
        "rows": rows,
        "extensions": list(
            DeadlineExtension.objects.filter(round=round)
            .select_related("decision__body")
            .order_by("id")
        ),
        "positions": [
            {"value": p.value, "label": p.label, "count": positions.get(p.value, 0)}
            for p in Position
        ],
        "index": index,
        "comment_count": sum(e["total"] for e in index),
        "handled_count": sum(e["handled"] for e in index),
        "not_accepted_count": sum(e["not_accepted"] for e in index),
        "response_count": summary_responses(access=access, round=round).count(),
        "changes": changes,
        "revised_is_working_copy": not round.revised_version_id,
        "assessment": round.assessment,
        "proposal": round.proposal,
    }
