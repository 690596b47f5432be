"""Allowed state changes of a contribution (activity report or indicator value), as in Akvo
RSR's update approval: the reporter saves drafts and submits; the strategist approves or
returns with a comment; a returned contribution is corrected and submitted again."""

from .constants import ContributionState as C

#: (current state, action) → new state. "save" keeps a draft, "submit" hands it in.
REPORTER_TRANSITIONS: dict[str, dict[str, str]] = {
    C.MISSING: {"save": C.DRAFT, "submit": C.SUBMITTED},
    C.DRAFT: {"save": C.DRAFT, "submit": C.SUBMITTED},
    C.RETURNED: {"save": C.RETURNED, "submit": C.SUBMITTED},
    C.SUBMITTED: {"save": C.SUBMITTED, "submit": C.SUBMITTED},
}

REVIEW_TRANSITIONS: dict[str, dict[str, str]] = {
    C.SUBMITTED: {"approve": C.APPROVED, "return": C.RETURNED},
    C.APPROVED: {"return": C.RETURNED},
}


def reporter_next_state(current: str, action: str) -> str | None:
    return REPORTER_TRANSITIONS.get(current, {}).get(action)


def review_next_state(current: str, action: str) -> str | None:
    return REVIEW_TRANSITIONS.get(current, {}).get(action)
