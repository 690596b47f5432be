"""Allowed status changes of a case: open → decided → closed, and back to open when a
decision is referred back or the matter is taken up again."""

from .constants import CaseStatus as S

CASE_TRANSITIONS: dict[str, set[str]] = {
    S.OPEN: {S.DECIDED, S.CLOSED},
    S.DECIDED: {S.OPEN, S.CLOSED},
    S.CLOSED: {S.OPEN},
}


def case_can_transition(current: str, target: str) -> bool:
    return target in CASE_TRANSITIONS.get(current, set())


def case_next_statuses(current: str) -> list[str]:
    return [s for s in S.values if s in CASE_TRANSITIONS.get(current, set())]
