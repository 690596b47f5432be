"""API of the composition layer: a person's to-do list in an organisation (docs/guide/todo.md),
the same list the start page and the overview show (`malbild.site.todo`)."""

import datetime
from dataclasses import asdict

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Router, Schema

from malbild.core.access import request_access, require_roles

from .todo import todo_list

router = Router()


class TodoItemOut(Schema):
    kind: str = Field(
        ...,
        description="followup.activity, followup.indicator, followup.review, "
        "followup.period_overdue, consultation.response, consultation.disposition, "
        "consultation.round_overdue, consultation.adoption_decision, "
        "strategy.adoption_decision, cases.assignment or cases.decision",
    )
    kind_label: str = Field(..., description="What to do, in words (in the user's language)")
    title: str = Field(..., description="The item: an activity, indicator, round or document")
    body: str = Field(..., description="The body it is done for; empty when none")
    context: str = Field(..., description="Where: the follow-up period, the round, the case")
    deadline: datetime.date | None
    overdue: bool = Field(..., description="The deadline has passed")
    status: str = Field(..., description="Its state, in words")
    url: str = Field(..., description="The page where it is done")


class TodoOut(Schema):
    count: int
    items: list[TodoItemOut]


@router.get("/organisations/{org}/todo", response=TodoOut, url_name="todo")
def todo(request: HttpRequest, org: str):
    """What waits for you in the organisation, the most urgent first (overdue first, then by
    deadline): for an editor their bodies' follow-up contributions, for a respondent their
    bodies' consultation responses, for a strategist or administrator the handling (reviews,
    dispositions, rounds and periods past their deadline, decisions to register). Any role
    in the organisation; a reader gets an empty list."""
    access = require_roles(request_access(request, org), need_read=False)
    today = timezone.localdate()
    items = todo_list(access=access, today=today)
    return {
        "count": len(items),
        "items": [{**asdict(item), "overdue": item.is_overdue(today)} for item in items],
    }
