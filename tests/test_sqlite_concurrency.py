"""SQLite as a web server's database: several threads, each with its own connection (as
gunicorn's workers and threads have), run read-then-write transactions on one file database
at the same time. With the project's SQLite options (`conf.base.SQLITE_OPTIONS`: WAL,
BEGIN IMMEDIATE, a busy timeout) none of them gets "database is locked" and no write is lost.
Without them (SQLite's default deferred transactions) the same load fails at once."""

import threading

import pytest
from django.db import OperationalError, connections, transaction

from malbild.conf.base import SQLITE_OPTIONS, database_settings

THREADS = 8
WRITES = 15


def hammer(alias_prefix: str) -> tuple[int, list[str]]:
    """Run THREADS × WRITES increments of one counter; the final count and the errors."""
    errors: list[str] = []
    start = threading.Barrier(THREADS)

    def alias(i):
        return f"{alias_prefix}-{i}"

    def work(i):
        try:
            start.wait()
            for _ in range(WRITES):
                with transaction.atomic(using=alias(i)), connections[alias(i)].cursor() as c:
                    c.execute("SELECT value FROM counter WHERE id = 1")
                    (value,) = c.fetchone()
                    c.execute("UPDATE counter SET value = %s WHERE id = 1", [value + 1])
        except OperationalError as exc:
            errors.append(str(exc))
        finally:
            connections[alias(i)].close()

    threads = [threading.Thread(target=work, args=(i,)) for i in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    with connections[alias(0)].cursor() as c:
        c.execute("SELECT value FROM counter WHERE id = 1")
        (count,) = c.fetchone()
    connections[alias(0)].close()
    return count, errors


@pytest.fixture
def file_database(tmp_path, django_db_blocker):
    """Registers THREADS aliases per option set on one temporary SQLite file."""
    path = tmp_path / "concurrency.sqlite3"
    added = []

    def setup(prefix, options):
        config = database_settings(f"sqlite:///{path}")
        config["OPTIONS"] = options
        for i in range(THREADS):
            configured = connections.configure_settings({"default": dict(config)})["default"]
            connections.settings[f"{prefix}-{i}"] = configured
            added.append(f"{prefix}-{i}")
        with connections[f"{prefix}-0"].cursor() as c:
            c.execute("CREATE TABLE IF NOT EXISTS counter (id INTEGER PRIMARY KEY, value INT)")
            c.execute("DELETE FROM counter")
            c.execute("INSERT INTO counter (id, value) VALUES (1, 0)")
        connections[f"{prefix}-0"].close()

    with django_db_blocker.unblock():
        yield setup
    for alias in added:
        del connections.settings[alias]


def test_the_sqlite_url_gets_the_web_server_options():
    config = database_settings("sqlite:////tmp/x.sqlite3")
    assert config["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
    assert "journal_mode=WAL" in config["OPTIONS"]["init_command"]
    assert config["OPTIONS"]["timeout"] >= 5
    assert "OPTIONS" not in database_settings("postgres://u:p@db/malbild") or (
        "transaction_mode" not in database_settings("postgres://u:p@db/malbild")["OPTIONS"]
    )


def test_concurrent_writers_get_no_lock_error_and_lose_no_write(file_database):
    file_database("wal", SQLITE_OPTIONS)

    count, errors = hammer("wal")

    assert errors == []
    assert count == THREADS * WRITES
    # The journal mode is persistent in the file: WAL.
    with connections["wal-0"].cursor() as c:
        c.execute("PRAGMA journal_mode")
        assert c.fetchone()[0] == "wal"
    connections["wal-0"].close()


def test_without_the_options_the_same_load_fails(file_database):
    """The control: SQLite's defaults (deferred transactions, a short timeout) give the
    "database is locked" errors measured on the server."""
    file_database("default", {"timeout": 0.05})

    count, errors = hammer("default")

    assert errors and all("locked" in error for error in errors)
    assert count < THREADS * WRITES
