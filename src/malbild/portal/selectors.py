"""Reads of the public portal: only what an organisation has published, never anything else.

What is public (docs/adr/0016-public-portal.md):
- an organisation whose portal is on (`PortalSettings.enabled`);
- of it, the documents published (`Publication.published`) that have an adopted version —
  shown as that frozen version (its snapshot), never the working copy;
- of those documents, the closed follow-up periods (their frozen data with the amendments
  made since) and the closed consultation rounds (submitted responses only: no drafts, no
  secret links, no notes on closing).
Everything else answers 404, whatever the address. Items are addressed by their stable uid
(ADR 0002), periods by their dates, rounds by the day they were sent: never a database id.

Each function runs a fixed number of queries whatever the size of the data."""

import copy
import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Max, OuterRef, Q, Subquery
from django.http import Http404

from malbild.actionplan.constants import ActivityStatus
from malbild.consultation.constants import ConsulteeState, ResponseStatus, RoundStatus
from malbild.consultation.models import Attachment, ConsultationRound, Disposition
from malbild.followup import data as period_data_module
from malbild.followup.constants import PeriodStatus, Status
from malbild.followup.models import Amendment, FollowUpPeriod
from malbild.followup.snapshot import upgrade as upgrade_period
from malbild.kolada.comparison import comparison_ids
from malbild.kolada.models import KoladaValue
from malbild.organisation.models import Organisation
from malbild.strategy.constants import DocumentStatus
from malbild.strategy.models import DocumentVersion, SteeringDocument
from malbild.strategy.snapshot import render

from .models import PortalSettings


def portal_organisations():
    """The organisations whose portal is on, by name (for the site's start page)."""
    return Organisation.objects.filter(portal__enabled=True).order_by("name", "pk")


def public_organisation(*, slug: str) -> Organisation:
    """The organisation `slug` with its portal settings; 404 unless its portal is on."""
    org = Organisation.objects.select_related("portal").filter(slug=slug).first()
    settings = getattr(org, "portal", None) if org is not None else None
    if settings is None or not settings.enabled:
        raise Http404
    return org


def portal_settings_row(organisation) -> PortalSettings | None:
    """The settings row of `organisation` (its one-to-one `portal`, read afresh), or None.
    One query."""
    fresh = Organisation.objects.select_related("portal").filter(pk=organisation.pk).first()
    try:
        return fresh.portal if fresh is not None else None
    except PortalSettings.DoesNotExist:
        return None


def portal_settings_of(organisation) -> PortalSettings:
    """The settings row of `organisation`, or an unsaved one (portal off) when there is none."""
    return portal_settings_row(organisation) or PortalSettings(organisation=organisation)


def publication_list(*, access) -> list[dict]:
    """The admin's list: every document of the organisation, the version a publication shows
    (None: nothing adopted and frozen yet) and whether it is published."""
    documents = list(
        _with_public_version(SteeringDocument.objects.for_access(access))
        .select_related("adopted_version", "publication")
        .order_by("title", "pk")
    )
    _attach_versions(documents)
    rows = []
    for d in documents:
        publication = getattr(d, "publication", None)
        publishable = d.adopted_version_id or d.status == DocumentStatus.ADOPTED
        rows.append(
            {
                "document": d,
                "adopted": d.public_version if publishable else None,
                "published": bool(publication and publication.published),
            }
        )
    return rows


def _with_public_version(qs):
    """Annotate `frozen_adopted`: the newest version frozen while the document was adopted.
    It is the adopted content of a document adopted without a decided version (its
    `adopted_version` is then only set when a revision starts, ADR 0009)."""
    newest = (
        DocumentVersion.objects.filter(
            document=OuterRef("pk"), status_at_freeze=DocumentStatus.ADOPTED
        )
        .order_by("-number")
        .values("pk")[:1]
    )
    return qs.annotate(frozen_adopted=Subquery(newest))


def _public_version_q() -> Q:
    return Q(adopted_version__isnull=False) | Q(
        status=DocumentStatus.ADOPTED, frozen_adopted__isnull=False
    )


def _published_documents_qs(organisation):
    return (
        _with_public_version(SteeringDocument.objects.for_org(organisation))
        .filter(publication__published=True)
        .filter(_public_version_q())
        .select_related("adopted_version", "owning_body")
    )


def _attach_versions(documents: list) -> list:
    """Set `public_version` on each document: its adopted version, else the newest version
    frozen while it was adopted (one query for those, whatever their number)."""
    missing = [d.frozen_adopted for d in documents if d.adopted_version_id is None]
    frozen = {v.pk: v for v in DocumentVersion.objects.filter(pk__in=missing)} if missing else {}
    for d in documents:
        d.public_version = d.adopted_version or frozen.get(d.frozen_adopted)
    return documents


def publishable_version(document) -> DocumentVersion | None:
    """The version a publication of `document` would show (None: it cannot be published)."""
    row = _with_public_version(SteeringDocument.objects.filter(pk=document.pk)).first()
    if row is None:
        return None
    if row.adopted_version_id is None and not (
        row.status == DocumentStatus.ADOPTED and row.frozen_adopted
    ):
        return None
    return _attach_versions([row])[0].public_version


def published_documents(*, organisation) -> list[SteeringDocument]:
    """The organisation's published documents (each with its `public_version`), by title."""
    return _attach_versions(list(_published_documents_qs(organisation).order_by("title", "pk")))


def published_document(*, organisation, uid) -> SteeringDocument:
    """One published document by its stable id; 404 for anything else."""
    document = _published_documents_qs(organisation).filter(uid=uid).first()
    if document is None:
        raise Http404
    return _attach_versions([document])[0]


# Follow-up -------------------------------------------------------------------------------------


def period_key(period) -> str:
    """The address of a period on the portal: its first and last day."""
    return f"{period.start.isoformat()}_{period.end.isoformat()}"


@dataclass
class PublicPeriod:
    period: FollowUpPeriod
    key: str
    data: dict


def closed_periods(*, documents: list) -> dict[int, list[PublicPeriod]]:
    """document id → its closed follow-up periods, oldest first, each with its assessed data
    (the frozen snapshot with the amendments applied, restricted to that document). Two
    queries, whatever the number of documents and periods."""
    if not documents:
        return {}
    periods = list(
        FollowUpPeriod.objects.for_org(documents[0].organisation_id)
        .filter(
            document__in=[d.pk for d in documents],
            status=PeriodStatus.CLOSED,
            snapshot__isnull=False,
        )
        .order_by("end", "start", "pk")
    )
    amendments: dict[int, list[dict]] = defaultdict(list)
    for a in (
        Amendment.objects.for_org(documents[0].organisation_id)
        .filter(period__in=[p.pk for p in periods])
        .order_by("id")
    ):
        amendments[a.period_id].append(
            {
                "id": a.pk,
                "target": a.target,
                "target_uid": str(a.target_uid),
                "field": a.field,
                "old_value": a.old_value,
                "new_value": a.new_value,
                "reason": a.reason,
                "date": a.created_at.date().isoformat(),
                "by": "",
            }
        )
    result: dict[int, list[PublicPeriod]] = defaultdict(list)
    for p in periods:
        raw = upgrade_period(p.snapshot)
        if raw["document"]["id"] != p.document_id:
            raw = period_data_module.restrict(raw, p.document_id) or raw
        data = period_data_module.assess(_approved_comments_only(raw), amendments[p.pk])
        data["period"]["status"] = p.status
        data["period"]["closed_at"] = p.closed_at.isoformat() if p.closed_at else None
        result[p.document_id].append(PublicPeriod(period=p, key=period_key(p), data=data))
    return result


def _approved_comments_only(raw: dict) -> dict:
    """The period's facts with the comments of contributions that were never approved left
    out: the public reads only what the organisation approved."""
    raw = copy.deepcopy(raw)
    for item in raw["activities"] + raw["indicators"]:
        if item.get("state") != "approved":
            item["comment"] = ""
    return raw


def public_period(*, periods: list[PublicPeriod], key: str) -> PublicPeriod:
    for p in periods:
        if p.key == key:
            return p
    raise Http404


# Consultation ----------------------------------------------------------------------------------


def round_key(round_, same_day_index: int) -> str:
    """The address of a round on the portal: the day it was sent (and its order that day)."""
    key = round_.sent_on.isoformat()
    return key if same_day_index == 1 else f"{key}-{same_day_index}"


def closed_rounds(*, document) -> list[dict]:
    """The document's closed consultation rounds, oldest first: [{round, key}]. One query."""
    rounds = list(
        ConsultationRound.objects.for_org(document.organisation_id)
        .filter(document=document, status=RoundStatus.CLOSED)
        .select_related("version")
        .order_by("sent_on", "pk")
    )
    seen: Counter = Counter()
    result = []
    for r in rounds:
        seen[r.sent_on] += 1
        result.append({"round": r, "key": round_key(r, seen[r.sent_on])})
    return result


def public_round(*, document, key: str) -> ConsultationRound:
    for entry in closed_rounds(document=document):
        if entry["key"] == key:
            return entry["round"]
    raise Http404


#: The length of an attachment's address on the portal: the start of its content's SHA-256.
ATTACHMENT_KEY_LENGTH = 20


def attachment_key(attachment) -> str:
    """The address of a response's attachment on the portal: the start of its content hash
    (stable, no database id, not guessable from the other files' addresses)."""
    return attachment.sha256[:ATTACHMENT_KEY_LENGTH]


def round_attachments(*, round) -> list[Attachment]:
    """The files attached to the submitted responses of a closed round (public records), by
    consultee and upload order, each with its `key`; never a draft's, a replaced
    submission's or an open round's. One query."""
    if round.status != RoundStatus.CLOSED:
        return []
    attachments = list(
        Attachment.objects.for_org(round.organisation_id)
        .filter(response__consultee__round=round, response__status=ResponseStatus.SUBMITTED)
        .select_related("response__consultee__body")
        .order_by("response__consultee__body__name", "response__consultee_id", "id")
    )
    for a in attachments:
        a.key = attachment_key(a)
    return attachments


def public_attachment(*, round, key: str) -> Attachment:
    """One attachment of a closed round's submitted responses by its key; 404 otherwise."""
    if len(key) != ATTACHMENT_KEY_LENGTH:
        raise Http404
    for attachment in round_attachments(round=round):
        if attachment.key == key:
            return attachment
    raise Http404


def public_summary(summary: dict) -> dict:
    """The consultation summary as the public sees it: a consultee who only started a draft
    is shown as not having answered (a draft is no public record)."""
    rows = []
    for row in summary["rows"]:
        if row["state"] == ConsulteeState.DRAFT:
            row = {
                **row,
                "state": ConsulteeState.NOT_STARTED,
                "state_label": ConsulteeState.NOT_STARTED.label,
                "draft": None,
            }
        rows.append({**row, "draft": None})
    return {**summary, "rows": rows}


# The document as published --------------------------------------------------------------------


@dataclass
class Published:
    """A published document read from its adopted version and its closed follow-ups."""

    document: SteeringDocument
    snapshot: dict
    nodes: list[dict]
    periods: list[PublicPeriod]
    activities: dict[str, dict] = field(default_factory=dict)
    indicators: dict[str, dict] = field(default_factory=dict)

    @property
    def latest(self) -> PublicPeriod | None:
        return self.periods[-1] if self.periods else None


def _walk(nodes: list[dict]):
    for node in nodes:
        yield node
        yield from _walk(node["children"])


def _raw_items(snapshot: dict) -> dict[str, dict]:
    return {item["uid"]: item for item in snapshot["items"]}


def published_content(*, document, periods: list[PublicPeriod]) -> Published:
    """The adopted version's tree, with each activity's latest reported status and latest
    approved follow-up comment, and each indicator's series, targets and latest status from
    the closed periods. No query beyond resolving the labels of format-1 snapshots."""
    snapshot = render.resolve_labels(
        document.public_version.snapshot, organisation=document.organisation_id
    )
    nodes = render.tree(snapshot)
    raw = _raw_items(snapshot)
    published = Published(document=document, snapshot=snapshot, nodes=nodes, periods=periods)
    followed: dict[str, list[tuple[PublicPeriod, dict]]] = defaultdict(list)
    measured: dict[str, list[tuple[PublicPeriod, dict]]] = defaultdict(list)
    for p in periods:
        for act in p.data["activities"]:
            followed[act["uid"]].append((p, act))
        for ind in p.data["indicators"]:
            measured[ind["uid"]].append((p, ind))
    for node in _walk(nodes):
        item = raw.get(node["uid"], {})
        node["raw"] = item.get("fields", {})
        if node["type"] == "activity":
            history = followed.get(node["uid"], [])
            latest = history[-1][1] if history else None
            approved = [(p, a) for p, a in history if a["state"] == "approved" and a["comment"]]
            node["status"] = (latest or {}).get("status") or node["raw"].get("status", "")
            node["status_label"] = (
                ActivityStatus(node["status"]).label
                if node["status"] in ActivityStatus.values
                else ""
            )
            node["progress"] = (latest or {}).get("progress")
            node["comment"] = approved[-1][1]["comment"] if approved else ""
            node["comment_period"] = approved[-1][0].period.label if approved else ""
            node["history"] = [
                {
                    "period": p.period.label,
                    "key": p.key,
                    "status": ActivityStatus(a["status"]).label
                    if a["status"] in ActivityStatus.values
                    else "",
                    "progress": a["progress"],
                    "comment": a["comment"] if a["state"] == "approved" else "",
                }
                for p, a in history
            ]
            published.activities[node["uid"]] = node
        elif node["type"] == "indicator":
            history = measured.get(node["uid"], [])
            latest = history[-1][1] if history else None
            node["status"] = (latest or {}).get("status", "")
            node["status_label"] = Status(node["status"]).label if node["status"] else ""
            node["series"] = (latest or {}).get("series", [])
            node["targets"] = (latest or {}).get("targets") or [
                [int(y), v, ""] for y, v in (node["raw"].get("targets") or {}).items()
            ]
            node["baseline"] = (
                ((latest or {}).get("baseline_value"), (latest or {}).get("baseline_year"))
                if latest
                else (node["raw"].get("baseline_value"), node["raw"].get("baseline_year"))
            )
            node["unit"] = node["raw"].get("unit", "")
            node["history"] = [
                {
                    "period": p.period.label,
                    "key": p.key,
                    "value": i["value"],
                    "text": i["text"],
                    "status": Status(i["status"]).label if i["status"] else "",
                    "comment": i["comment"] if i["state"] == "approved" else "",
                }
                for p, i in history
            ]
            published.indicators[node["uid"]] = node
    return published


def progress(published: Published) -> dict[str, Any]:
    """The overall progress of a published document: activities by status, indicators by
    status (on track, at risk, off track, no data) and the budget and outcome per year, from
    its latest closed period (or, without one, the adopted version's statuses)."""
    activity_counts = Counter(a["status"] for a in published.activities.values() if a["status"])
    indicator_counts = Counter(
        i["status"] for i in published.indicators.values() if i["status"]
    ) or Counter({Status.NO_DATA.value: len(published.indicators)} if published.indicators else {})
    latest = published.latest
    budget = latest.data["budget"] if latest else []
    return {
        "activities": dict(activity_counts),
        "indicators": dict(indicator_counts),
        "budget": budget,
        "budget_overview": latest.data.get("budget_overview") if latest else None,
        "period": latest.period if latest else None,
    }


# Cache validators ------------------------------------------------------------------------------


def portal_state(*, organisation) -> tuple[str, datetime.datetime | None]:
    """A fingerprint of everything the organisation's portal shows, and when it last changed:
    the settings and branding, the published documents and their adopted versions, the
    closed periods and their amendments, the closed rounds and their dispositions, and the
    Kolada values of the municipalities an indicator page compares (a sync changes them).
    Six queries, whatever the size."""
    settings = portal_settings_row(organisation)
    documents = list(
        _published_documents_qs(organisation)
        .order_by("pk")
        .values_list("pk", "adopted_version", "frozen_adopted")
    )
    doc_ids = [d[0] for d in documents]
    periods = FollowUpPeriod.objects.for_org(organisation).filter(
        document__in=doc_ids, status=PeriodStatus.CLOSED
    )
    period_state = periods.aggregate(changed=Max("modified_at"), n=Max("pk"))
    amended = (
        Amendment.objects.for_org(organisation)
        .filter(period__in=periods)
        .aggregate(changed=Max("modified_at"), n=Max("pk"))
    )
    rounds = ConsultationRound.objects.for_org(organisation).filter(
        document__in=doc_ids, status=RoundStatus.CLOSED
    )
    round_state = rounds.aggregate(changed=Max("modified_at"), n=Max("pk"))
    handled = (
        Disposition.objects.for_org(organisation)
        .filter(comment__response__consultee__round__in=rounds)
        .aggregate(changed=Max("modified_at"), n=Max("pk"))
    )
    fetched = KoladaValue.objects.filter(municipality__in=comparison_ids(organisation)).aggregate(
        changed=Max("fetched_at"), n=Count("pk")
    )
    stamps = [
        organisation.modified_at,
        settings.modified_at if settings else None,
        period_state["changed"],
        amended["changed"],
        round_state["changed"],
        handled["changed"],
        fetched["changed"],
    ]
    fingerprint = repr(
        (
            [s.isoformat() if s else "" for s in stamps],
            documents,
            period_state["n"],
            amended["n"],
            round_state["n"],
            handled["n"],
            fetched["n"],
        )
    )
    changed = max((s for s in stamps if s is not None), default=None)
    return fingerprint, changed
