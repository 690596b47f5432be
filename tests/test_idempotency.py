"""Idempotency-Key on API POSTs (malbild/api/idempotency.py, docs/guide/api-retries.md)."""

import threading
import time
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.utils import timezone

from malbild.actionplan import services
from malbild.actionplan.models import BudgetLine
from malbild.actionplan.tests.factories import ActivityFactory
from malbild.api.models import IdempotencyKey
from malbild.api.tests.helpers import BASE, token_for

LINE = {"year": 2018, "kind": "investment", "amount": "150000.00", "financing_source": "fond"}


class Api:
    """A token client that answers 500 instead of raising (as a client would see it)."""

    def __init__(self, user):
        self.client = Client(raise_request_exception=False)
        self.headers = {**token_for(user), "Accept-Language": "en"}

    def post(self, path, data, key=None):
        headers = dict(self.headers)
        if key is not None:
            headers["Idempotency-Key"] = key
        return self.client.post(BASE + path, data, content_type="application/json", headers=headers)


@pytest.fixture
def activity(org):
    return ActivityFactory(document__organisation=org)


@pytest.fixture
def path(activity):
    return f"/organisations/alingsas/activities/{activity.pk}/budget-lines"


def test_same_key_twice_creates_one_row_and_answers_the_same(admin_user, activity, path):
    api = Api(admin_user)
    first = api.post(path, LINE, key="k-1")
    second = api.post(path, LINE, key="k-1")
    assert first.status_code == second.status_code == 201
    assert first.json() == second.json()
    assert first.get("Idempotent-Replayed") is None
    assert second["Idempotent-Replayed"] == "true"
    assert second["ETag"] == first["ETag"]
    assert second["Content-Type"] == first["Content-Type"]
    assert BudgetLine.objects.filter(activity=activity).count() == 1


def test_same_key_other_body_is_422(admin_user, activity, path):
    api = Api(admin_user)
    assert api.post(path, LINE, key="k-2").status_code == 201
    again = api.post(path, {**LINE, "amount": "1.00"}, key="k-2")
    assert again.status_code == 422
    assert "different request body" in again.json()["detail"]
    assert BudgetLine.objects.filter(activity=activity).count() == 1


def test_without_key_two_rows(admin_user, activity, path):
    api = Api(admin_user)
    assert api.post(path, LINE).status_code == 201
    # Without a key the same line again is a new request: refused as a duplicate budget line
    # (same year, kind and financing source), not replayed; another line is a second row.
    assert api.post(path, LINE).status_code == 422
    assert api.post(path, {**LINE, "financing_source": "statsbidrag"}).status_code == 201
    assert BudgetLine.objects.filter(activity=activity).count() == 2
    assert not IdempotencyKey.objects.exists()


def test_key_is_per_user_and_per_path(admin_user, strategist, org, activity, path):
    assert Api(admin_user).post(path, LINE, key="shared").status_code == 201
    # (Another financing source: the same line twice is refused as a duplicate budget line.)
    other = Api(strategist).post(path, {**LINE, "financing_source": "annan"}, key="shared")
    assert other.status_code == 201 and other.get("Idempotent-Replayed") is None
    second = ActivityFactory(document__organisation=org)
    elsewhere = f"/organisations/alingsas/activities/{second.pk}/budget-lines"
    assert Api(admin_user).post(elsewhere, LINE, key="shared").status_code == 201
    assert BudgetLine.objects.count() == 3


def test_error_answers_are_stored_too(admin_user, path):
    api = Api(admin_user)
    bad = {**LINE, "kind": "neither"}
    first = api.post(path, bad, key="k-bad")
    second = api.post(path, bad, key="k-bad")
    assert first.status_code == second.status_code == 422
    assert second["Idempotent-Replayed"] == "true"
    assert first.json() == second.json()


def test_key_too_long_is_422(admin_user, activity, path):
    assert Api(admin_user).post(path, LINE, key="x" * 256).status_code == 422
    assert Api(admin_user).post(path, LINE, key="x" * 255).status_code == 201
    assert BudgetLine.objects.filter(activity=activity).count() == 1


def test_expired_key_runs_again(admin_user, activity, path):
    api = Api(admin_user)
    assert api.post(path, LINE, key="old").status_code == 201
    IdempotencyKey.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    again = api.post(path, {**LINE, "financing_source": "annan"}, key="old")
    assert again.status_code == 201 and again.get("Idempotent-Replayed") is None
    assert BudgetLine.objects.filter(activity=activity).count() == 2
    assert IdempotencyKey.objects.count() == 1


def test_ttl_is_configurable(admin_user, path, settings):
    settings.MALBILD_IDEMPOTENCY_HOURS = 2
    before = timezone.now()
    Api(admin_user).post(path, LINE, key="ttl")
    expires = IdempotencyKey.objects.get().expires_at
    assert timedelta(hours=2) <= expires - before < timedelta(hours=2, minutes=1)


def test_write_that_fails_after_saving_stores_nothing_and_retry_runs_once(
    admin_user, activity, path, monkeypatch
):
    real = services.budget_line_create

    def crash_after_saving(**kwargs):
        line = real(**kwargs)
        assert BudgetLine.objects.filter(pk=line.pk).exists()
        raise RuntimeError("the connection broke after the insert")

    monkeypatch.setattr(services, "budget_line_create", crash_after_saving)
    api = Api(admin_user)
    assert api.post(path, LINE, key="k-crash").status_code == 500
    assert not BudgetLine.objects.filter(activity=activity).exists()
    assert not IdempotencyKey.objects.exists()

    monkeypatch.setattr(services, "budget_line_create", real)
    retry = api.post(path, LINE, key="k-crash")
    assert retry.status_code == 201 and retry.get("Idempotent-Replayed") is None
    replay = api.post(path, LINE, key="k-crash")
    assert replay["Idempotent-Replayed"] == "true" and replay.json() == retry.json()
    assert BudgetLine.objects.filter(activity=activity).count() == 1


@pytest.mark.django_db(transaction=True)
def test_concurrent_duplicates_write_once(admin_user, activity, path, monkeypatch):
    """Two requests with one key at the same time (the first one slow): one write; the
    second waits for the first and replays its answer. PostgreSQL only: the test database of
    SQLite is in memory, whose shared cache has table locks instead of a busy timeout (the
    file database of a real server serialises them with BEGIN IMMEDIATE)."""
    if connection.vendor != "postgresql":
        pytest.skip("needs a server database (SQLite: covered by BEGIN IMMEDIATE)")
    real = services.budget_line_create

    def slow(**kwargs):
        line = real(**kwargs)
        time.sleep(0.5)
        return line

    monkeypatch.setattr(services, "budget_line_create", slow)
    api = Api(admin_user)
    answers = []
    start = threading.Barrier(2)

    def send():
        start.wait()
        try:
            answers.append(api.post(path, LINE, key="k-race"))
        finally:
            connection.close()

    threads = [threading.Thread(target=send) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(a.status_code for a in answers) == [201, 201]
    assert sorted(a.get("Idempotent-Replayed", "") for a in answers) == ["", "true"]
    assert answers[0].json() == answers[1].json()
    assert BudgetLine.objects.filter(activity=activity).count() == 1


def test_messages_are_in_swedish(admin_user, path):
    api = Api(admin_user)
    api.headers["Accept-Language"] = "sv"
    api.post(path, LINE, key="sv")
    again = api.post(path, {**LINE, "amount": "2.00"}, key="sv")
    assert again.json()["detail"].startswith("Den här Idempotency-Key")
    assert "skrivbara ASCII" in api.post(path, LINE, key="").json()["detail"]
