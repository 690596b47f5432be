"""Allowed transitions of a consultation round and of a response. Services check them."""

from .constants import ResponseStatus as R
from .constants import RoundStatus as S

ROUND_TRANSITIONS: dict[str, set[str]] = {
    S.OPEN: {S.CLOSED},
    S.CLOSED: set(),
}

RESPONSE_TRANSITIONS: dict[str, set[str]] = {
    R.DRAFT: {R.SUBMITTED},
    R.SUBMITTED: {R.SUPERSEDED},
    R.SUPERSEDED: set(),
}


def round_can_transition(current: str, target: str) -> bool:
    return target in ROUND_TRANSITIONS.get(current, set())


def response_can_transition(current: str, target: str) -> bool:
    return target in RESPONSE_TRANSITIONS.get(current, set())
