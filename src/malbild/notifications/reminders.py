"""Reminders that are due on a day: each domain app registers a function in its
`AppConfig.ready()` (`register_reminders("consultation", send_consultation_reminders)`), and
`malbild send_reminders` (cron, once a day or more often) runs them all for today.

A reminder function takes `today` (a date) and returns how many messages it queued; it must
be idempotent — it remembers what it sent with `services.mark_once(key)`, so running the
command again the same day (or every hour) sends nothing twice."""

import datetime
from collections.abc import Callable

_runners: dict[str, Callable[[datetime.date], int]] = {}


def register_reminders(name: str, runner: Callable[[datetime.date], int]) -> None:
    """Register (or replace) the reminder function of `name`."""
    _runners[name] = runner


def reminder_runners() -> dict[str, Callable[[datetime.date], int]]:
    return dict(_runners)
