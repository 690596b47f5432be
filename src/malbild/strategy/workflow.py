"""Allowed lifecycle transitions of a steering document (draft → consultation → adopted →
archived; adopted → under revision → adopted again). Services check every status change
against this table. The first edit of an adopted document moves it to "under revision" by
itself (strategy/services.py, docs/adr/0009-cases-and-revisions.md)."""

from .constants import DocumentStatus as S

DOCUMENT_TRANSITIONS: dict[str, set[str]] = {
    S.DRAFT: {S.IN_CONSULTATION, S.ADOPTED},
    S.IN_CONSULTATION: {S.DRAFT, S.ADOPTED},
    S.ADOPTED: {S.REVISION, S.ARCHIVED},
    S.REVISION: {S.ADOPTED, S.ARCHIVED},
    S.ARCHIVED: set(),
}


def document_can_transition(current: str, target: str) -> bool:
    return target in DOCUMENT_TRANSITIONS.get(current, set())


def document_next_statuses(current: str) -> list[str]:
    return [s for s in S.values if s in DOCUMENT_TRANSITIONS.get(current, set())]
