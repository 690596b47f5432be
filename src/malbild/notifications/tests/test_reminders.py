"""`mark_once` is True the first time a key is marked only, and leaves no mark when the
transaction rolls back; `send_reminders` runs every registered reminder function with today's
date (or `--date`), and refuses a malformed date."""

import datetime

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction
from django.utils import timezone

from malbild.notifications import reminders
from malbild.notifications.models import SentMark
from malbild.notifications.services import mark_once

pytestmark = pytest.mark.django_db


def test_mark_once():
    assert mark_once("x:1") is True
    assert mark_once("x:1") is False
    assert mark_once("x:2") is True
    with pytest.raises(RuntimeError), transaction.atomic():
        assert mark_once("x:3") is True
        raise RuntimeError
    assert set(SentMark.objects.values_list("key", flat=True)) == {"x:1", "x:2"}


def test_send_reminders_runs_each_runner(monkeypatch, capsys):
    seen = []
    monkeypatch.setattr(reminders, "_runners", {"a": lambda day: seen.append(day) or 2})
    call_command("send_reminders", date="2020-02-01")
    call_command("send_reminders")
    assert seen == [datetime.date(2020, 2, 1), timezone.localdate()]
    assert "send_reminders: a 2" in capsys.readouterr().out
    with pytest.raises(CommandError):
        call_command("send_reminders", date="1 februari")


def test_consultation_and_followup_are_registered():
    assert {"consultation", "followup"} <= set(reminders.reminder_runners())
