"""GET /healthz answers 200 while the database answers, has its schema and takes a write, and
503 with a short reason otherwise: unreachable, a SQLite file moved away (SQLite silently
creates an empty one), a read-only database, a full disk. The swallowed error is logged
(`malbild.health`), never shown.

Load balancers and monitoring poll it anonymously, so it needs no login and no organisation.
"""

import logging
import shutil
from collections import namedtuple
from contextlib import contextmanager

import pytest
from django.db import OperationalError, connection, connections
from django.db.migrations.recorder import MigrationRecorder
from django.urls import reverse

from malbild.organisation.models import Organisation
from malbild.site import health
from malbild.site.models import Heartbeat


@pytest.mark.django_db
def test_healthz_is_200_with_the_database_reachable(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(6):
        response = client.get(reverse("healthz"))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"status": "ok", "database": "ok"}
    assert "no-store" in response["Cache-Control"]
    assert Heartbeat.objects.get(pk=1).checked_at  # the write was made


@pytest.mark.django_db
def test_healthz_is_503_when_the_database_fails(client, monkeypatch, caplog):
    def broken_cursor(*args, **kwargs):
        raise OperationalError("could not connect to server: Connection refused")

    monkeypatch.setattr(connection, "cursor", broken_cursor)
    monkeypatch.setattr(connection.introspection, "table_names", broken_cursor)

    with caplog.at_level(logging.ERROR, logger="malbild.health"):
        response = client.get(reverse("healthz"))

    assert response.status_code == 503
    assert response.json() == {
        "status": "unavailable",
        "database": "error",
        "reason": "database unreachable",
    }
    # The error text (which may name hosts or users) is not exposed, but logged.
    assert b"Connection refused" not in response.content
    assert "Connection refused" in caplog.text


@pytest.mark.django_db
def test_healthz_needs_no_login_and_is_served_at_the_root(client):
    response = client.get("/healthz")

    assert response.status_code == 200


@contextmanager
def sqlite_connection(path, alias="health", **options):
    """A database alias of its own for the SQLite file `path`, for the block's duration."""
    config = dict(connections["default"].settings_dict)
    config.update(
        ENGINE="django.db.backends.sqlite3", NAME=str(path), OPTIONS={"timeout": 5, **options}
    )
    connections.settings[alias] = config
    try:
        yield connections[alias]
    finally:
        connections[alias].close()
        del connections[alias]
        del connections.settings[alias]


@pytest.fixture
def file_database(tmp_path, django_db_blocker):
    """A SQLite file with the tables the health check looks for and one migration row."""
    path = tmp_path / "malbild.sqlite3"
    with django_db_blocker.unblock():
        with sqlite_connection(path, "health-setup") as wrapper:
            with wrapper.schema_editor() as editor:
                for model in (MigrationRecorder.Migration, Heartbeat, Organisation):
                    editor.create_model(model)
            with wrapper.cursor() as cursor:
                cursor.execute(
                    "INSERT INTO django_migrations (app, name, applied) "
                    "VALUES ('site', '1', '2026-01-01')"
                )
        yield path


def check(path, **options):
    with sqlite_connection(path, **options) as wrapper:
        return health.check_database(wrapper)


def test_a_sqlite_file_with_its_schema_is_healthy(file_database, django_db_blocker):
    with django_db_blocker.unblock():
        assert check(file_database) is None
        assert check(file_database) is None  # the heartbeat row exists now: updated


def test_a_moved_sqlite_file_is_unhealthy(file_database, tmp_path, django_db_blocker, caplog):
    file_database.rename(tmp_path / "moved-away.sqlite3")

    with django_db_blocker.unblock(), caplog.at_level(logging.ERROR, logger="malbild.health"):
        reason = check(file_database)

    assert file_database.exists()  # SQLite created an empty database in its place
    assert reason == "database schema missing"
    assert "django_migrations" in caplog.text


def test_an_empty_migrations_table_is_unhealthy(file_database, django_db_blocker):
    with django_db_blocker.unblock():
        with (
            sqlite_connection(file_database, "health-empty") as wrapper,
            wrapper.cursor() as cursor,
        ):
            cursor.execute("DELETE FROM django_migrations")
        assert check(file_database) == "database schema missing"


def test_a_read_only_database_is_unhealthy(file_database, django_db_blocker, caplog):
    uri = f"file:{file_database}?mode=ro"

    with django_db_blocker.unblock(), caplog.at_level(logging.ERROR, logger="malbild.health"):
        reason = check(uri, uri=True)

    assert reason == "database not writable"
    assert "readonly" in caplog.text


def test_a_full_disk_is_unhealthy(file_database, django_db_blocker, monkeypatch, settings):
    settings.MALBILD_HEALTH_MIN_FREE_MB = 50
    usage = namedtuple("usage", "total used free")
    monkeypatch.setattr(shutil, "disk_usage", lambda path: usage(10**9, 10**9 - 4096, 4096))

    with django_db_blocker.unblock():
        assert check(file_database) == "disk full"


def test_a_failing_write_is_unhealthy(file_database, django_db_blocker, monkeypatch):
    """SQLite's own answer on a full disk (SQLITE_FULL) while the write commits."""
    real = health.transaction.atomic

    def full(*args, **kwargs):
        raise OperationalError("database or disk is full")

    monkeypatch.setattr(health.transaction, "atomic", full)
    with django_db_blocker.unblock():
        assert check(file_database) == "database not writable"
    monkeypatch.setattr(health.transaction, "atomic", real)


@pytest.mark.django_db
def test_healthz_answers_503_with_the_reason(client, monkeypatch):
    monkeypatch.setattr("malbild.site.views.check_database", lambda connection: "disk full")

    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json()["reason"] == "disk full"
