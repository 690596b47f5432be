"""A person's to-do list in one organisation (docs/guide/todo.md): what each domain app says
waits for them, in one list sorted by urgency. The apps own the rules (their `todo_list`
selectors); this module only combines them, so the start page, the organisation overview and
the API show the same list."""

import datetime

from django.utils import timezone

from malbild.cases import selectors as cases_selectors
from malbild.consultation import selectors as consultation_selectors
from malbild.core.access import Access
from malbild.core.todo import TodoItem
from malbild.followup import selectors as followup_selectors
from malbild.strategy import selectors as strategy_selectors

# In the order the items of equal urgency are listed.
SOURCES = (
    followup_selectors.todo_list,
    consultation_selectors.todo_list,
    strategy_selectors.todo_list,
    cases_selectors.todo_list,
)


def todo_list(*, access: Access, today: datetime.date | None = None) -> list[TodoItem]:
    """Everything that waits for `access.user` in `access.organisation`: overdue first (the
    longest overdue first), then by deadline, then what has no deadline; within one deadline
    by each app's rank, then by title (the sort is stable, so equal items keep the
    order of `SOURCES`). Empty for a role with nothing to do (a reader). A fixed
    number of queries whatever the data size."""
    if access.organisation is None or not access.roles:
        return []
    today = today or timezone.localdate()
    items = [item for source in SOURCES for item in source(access=access, today=today)]
    return sorted(
        items,
        key=lambda item: (
            not item.is_overdue(today),
            item.deadline is None,
            item.deadline or datetime.date.max,
            item.rank,
            item.title.casefold(),
        ),
    )


def todo_context(*, access: Access, today: datetime.date | None = None) -> dict:
    """What the pages' "To do" section shows: the items, each with `overdue`, and today."""
    today = today or timezone.localdate()
    items = todo_list(access=access, today=today)
    return {
        "todo": [{"item": item, "overdue": item.is_overdue(today)} for item in items],
        "today": today,
    }
