"""Allowed status transitions of an activity (planned → ongoing → done, …). Services check
every status change against this table."""

from .constants import ActivityStatus as S

ACTIVITY_TRANSITIONS: dict[str, set[str]] = {
    S.PLANNED: {S.ONGOING, S.POSTPONED, S.CANCELLED, S.DONE},
    S.ONGOING: {S.DONE, S.POSTPONED, S.CANCELLED},
    S.POSTPONED: {S.PLANNED, S.ONGOING, S.CANCELLED},
    S.DONE: {S.ONGOING},
    S.CANCELLED: {S.PLANNED},
}


def activity_can_transition(current: str, target: str) -> bool:
    return current == target or target in ACTIVITY_TRANSITIONS.get(current, set())


def activity_next_statuses(current: str) -> list[str]:
    return [s for s in S.values if s in ACTIVITY_TRANSITIONS.get(current, set())]
