"""One entry of a person's to-do list (docs/guide/todo.md), the shape every domain app's
to-do selector returns, so that `malbild.site` can combine them without knowing the apps.

The apps decide what waits for whom (followup: contributions to report and review, periods
past their deadline; consultation: responses to write, comments to dispose of, rounds past
their deadline, adoption decisions; strategy: adoption decisions; cases: assignments past
their due date and decisions on proposals); `malbild.site.todo` sorts them by urgency.
"""

import datetime
from dataclasses import dataclass


@dataclass(frozen=True)
class TodoItem:
    """Something one person should do, in words, with the address of the page where it is
    done. `rank` orders items of the same deadline (lower first: a contribution returned for
    correction before a draft, a draft before one not started)."""

    kind: str  # a stable code, e.g. "followup.contribution" (for the API; never shown)
    kind_label: str  # what to do, in words: "Activity report to write"
    title: str  # the item: an activity, an indicator, a consultation round, a document
    body: str  # the body it is done for ("" when none)
    context: str  # where: the follow-up period and document, the consultation round
    deadline: datetime.date | None
    status: str  # its state in words
    url: str
    rank: int = 0

    def is_overdue(self, today: datetime.date) -> bool:
        return self.deadline is not None and self.deadline < today
