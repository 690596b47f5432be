"""Shared pytest fixtures: an organisation with bodies and one user per role, and the demo.

Apps add their own factories in `src/malbild/<app>/tests/factories.py`.

The demo (`malbild demo`, docs/adr/0025-shared-demo-in-tests.md): a test that reads the demo
requests `demo_db` (module scope, with `db`: every test in a savepoint, so its writes are
undone); browser tests get it committed from `demo_data` (tests/browser/conftest.py). Both come
from `demo_snapshots`, which loads the demo once per test process and database kind.
"""

import fcntl
import importlib
import io
import os
import sqlite3
import sys
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

from malbild.accounts.constants import Role
from malbild.core.access import access_for
from malbild.core.tests.factories import BodyFactory, OrganisationFactory, UserFactory

# `kolada_server`: a local Kolada answering the recorded responses (never the internet).
from malbild.kolada.tests.server import kolada_server  # noqa: F401

# The property tests check results, not speed: on a loaded machine (parallel workers, a shared CI
# runner) a slow example or slow data generation is no failure. The examples drawn are the same.
hypothesis_settings.register_profile(
    "malbild", deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
hypothesis_settings.load_profile("malbild")


PG_TEMPLATE_MARKER = "pg-template-database"


@pytest.fixture(scope="session")
def django_db_modify_db_settings(
    django_db_modify_db_settings_parallel_suffix, request, tmp_path_factory, django_db_blocker
):
    """On PostgreSQL with xdist workers (scripts/test.sh) the real migrations are applied once
    per run, not once per worker: the first worker to get here migrates a template database
    (`test_malbild_template`), under a file lock the workers share, and every worker's own
    test database is then created from it (`TEST["TEMPLATE"]`: `CREATE DATABASE
    test_malbild_gw0 TEMPLATE test_malbild_template`, a file copy). Django's `migrate` then
    runs on each copy and finds nothing to apply. Serial runs (`-n 0`), `--no-migrations`
    and `--reuse-db` are left to pytest-django."""
    from django.db import connection

    worker = getattr(request.config, "workerinput", {}).get("workerid")
    if (
        connection.vendor != "postgresql"
        or not worker
        or request.config.getvalue("nomigrations")
        or request.config.getvalue("reuse_db")
    ):
        return
    shared = tmp_path_factory.getbasetemp().parent  # the same directory for every worker
    test_settings = connection.settings_dict["TEST"]
    template = test_settings["NAME"].removesuffix(f"_{worker}") + "_template"
    marker = shared / PG_TEMPLATE_MARKER
    with django_db_blocker.unblock(), _file_lock(shared / f"{PG_TEMPLATE_MARKER}.lock"):
        if not marker.exists():
            _migrate_template_database(connection, template)
            marker.write_text(template)
    test_settings["TEMPLATE"] = template


@contextmanager
def _file_lock(path: Path):
    with open(path, "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _migrate_template_database(connection, name: str) -> None:
    """Create the test database `name` with the real migrations (Django's `create_test_db`),
    then close the connection (a template must have none) and point the settings back."""
    test_settings = connection.settings_dict["TEST"]
    own_test_name, own_name = test_settings["NAME"], connection.settings_dict["NAME"]
    with connection._nodb_cursor() as cursor:  # left by an interrupted run
        cursor.execute(f"DROP DATABASE IF EXISTS {connection.ops.quote_name(name)}")
    test_settings["NAME"] = name
    try:
        connection.creation.create_test_db(verbosity=0, autoclobber=True)
    finally:
        connection.close()
        test_settings["NAME"] = own_test_name
        connection.settings_dict["NAME"] = own_name
        settings.DATABASES[connection.alias]["NAME"] = own_name


@pytest.hookimpl(trylast=True)
def pytest_sessionfinish(session):
    """The controller of an xdist run drops the PostgreSQL template database, if a worker
    made one (django_db_modify_db_settings); the workers have dropped their own copies."""
    if (
        hasattr(session.config, "workerinput")
        or getattr(session.config.option, "dist", "no") == "no"
    ):
        return
    factory = getattr(session.config, "_tmp_path_factory", None)
    marker = factory.getbasetemp() / PG_TEMPLATE_MARKER if factory else None
    if marker is None or not marker.exists():
        return
    from django.db import connection
    from pytest_django.plugin import blocking_manager_key

    name = connection.ops.quote_name(marker.read_text())
    blocker = session.config.stash[blocking_manager_key]
    try:
        with blocker.unblock(), connection._nodb_cursor() as cursor:
            cursor.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
    except Exception as error:  # the tests' result stands; say what is left behind
        print(f"warning: the template database {name} was not dropped: {error}", file=sys.stderr)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker, request):
    """pytest-django's test databases; with `--no-migrations` (scripts/test.sh's SQLite run)
    the tables are created from the models, and then every migration on disk is recorded as
    applied, as `migrate --fake` would, so the database looks migrated to the code that asks
    (`/healthz`, the backup's schema manifest). `makemigrations --check` keeps the models and
    the migrations equal; the PostgreSQL run applies the real migrations."""
    if request.config.getvalue("nomigrations"):
        with django_db_blocker.unblock():
            _record_migrations_as_applied()
    yield


def _record_migrations_as_applied():
    from django.conf import global_settings
    from django.db import connections
    from django.db.migrations.loader import MigrationLoader
    from django.db.migrations.recorder import MigrationRecorder

    # pytest-django disabled the migration modules for building the tables; put them back.
    module = importlib.import_module(os.environ["DJANGO_SETTINGS_MODULE"])
    settings.MIGRATION_MODULES = getattr(
        module, "MIGRATION_MODULES", global_settings.MIGRATION_MODULES
    )
    for connection in connections.all():
        if connection.settings_dict.get("TEST", {}).get("MIRROR"):
            continue
        recorder = MigrationRecorder(connection)
        recorder.ensure_schema()
        applied = recorder.applied_migrations()
        for key in MigrationLoader(connection, ignore_no_migrations=True).graph.nodes:
            if key not in applied:
                recorder.record_applied(*key)


def _clear_row_caches() -> None:
    """Cached rows of the database that was there before a copy replaced it."""
    from django.contrib.contenttypes.models import ContentType
    from django.core.cache import cache

    ContentType.objects.clear_cache()
    cache.clear()


class PostgresCopy:
    """The rows of every table of the PostgreSQL test database as they are now (COPY … TO, in
    PostgreSQL's binary format, kept in memory), and `restore()`: TRUNCATE every table and COPY
    the rows back, in one transaction (Django's foreign keys are deferred, so the order of the
    tables does not matter), the same rows with the same ids. A sequence that has fallen
    behind since (a test that reset it) is moved on to where it was, so new rows get new ids."""

    def __init__(self):
        from django.db import connection

        quote = connection.ops.quote_name
        with connection.cursor() as cursor:
            tables = connection.introspection.table_names(cursor)
            self.tables = [quote(table) for table in tables]
            cursor.execute(
                " UNION ALL ".join(
                    f"SELECT {n}, EXISTS (SELECT 1 FROM {table})"
                    for n, table in enumerate(self.tables)
                )
            )
            filled = [self.tables[n] for n, has_rows in cursor.fetchall() if has_rows]
            self.rows: dict[str, bytes] = {}
            for table in filled:
                with cursor.copy(f"COPY {table} TO STDOUT (FORMAT BINARY)") as copy:
                    self.rows[table] = b"".join(copy)
            self.sequences = self._sequences(cursor)

    @staticmethod
    def _sequences(cursor) -> dict[str, int]:
        cursor.execute(
            "SELECT sequencename, last_value FROM pg_sequences"
            " WHERE schemaname = current_schema() AND last_value IS NOT NULL"
        )
        return dict(cursor.fetchall())

    def restore(self) -> None:
        from django.db import connection, transaction

        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(f"TRUNCATE {', '.join(self.tables)}")
            for table, rows in self.rows.items():
                with cursor.copy(f"COPY {table} FROM STDIN (FORMAT BINARY)") as copy:
                    copy.write(rows)
            now = self._sequences(cursor)
            for sequence, value in self.sequences.items():
                if now.get(sequence, 0) < value:
                    cursor.execute("SELECT setval(%s::regclass, %s)", [sequence, value])
        _clear_row_caches()


class DemoSnapshots:
    """The demo, loaded with `malbild demo <args>` once per test process (xdist worker) and
    kept. On SQLite (the in-memory test database) the loaded database is copied aside with
    SQLite's backup API, and later copied back in milliseconds; on PostgreSQL every table's
    rows are copied aside (`PostgresCopy`: COPY … TO) and later put back (TRUNCATE, COPY …
    FROM) — inside the module's transaction, or committed for a browser test."""

    def __init__(self, blocker):
        from django.db import connection

        self.blocker = blocker
        self.sqlite = connection.vendor == "sqlite"
        self.outputs: dict[tuple[str, ...], str] = {}
        self.copies: dict[tuple[str, ...], sqlite3.Connection] = {}
        self.empty = self._copy() if self.sqlite else None
        self.postgres_copies: dict[tuple[str, ...], PostgresCopy] = {}

    @staticmethod
    def _copy() -> sqlite3.Connection:
        from django.db import connection

        connection.ensure_connection()
        copy = sqlite3.connect(":memory:", check_same_thread=False)
        connection.connection.backup(copy)
        return copy

    @staticmethod
    def _restore(copy: sqlite3.Connection) -> None:
        from django.db import connection

        connection.ensure_connection()
        assert not connection.in_atomic_block, "restoring the demo inside a transaction"
        copy.backup(connection.connection)
        _clear_row_caches()

    def _run(self, args: tuple[str, ...]) -> str:
        out = io.StringIO()
        from django.core.management import call_command

        call_command("demo", *args, stdout=out)
        return out.getvalue()

    def _postgres(self, args: tuple[str, ...]) -> str:
        """PostgreSQL: the first time the command runs and its tables are copied aside; later
        the copy replaces the tables' rows (in the caller's transaction, if any)."""
        if args in self.postgres_copies:
            self.postgres_copies[args].restore()
        else:
            self.outputs[args] = self._run(args)
            self.postgres_copies[args] = PostgresCopy()
        return self.outputs[args]

    def commit(self, *args: str) -> str:
        """Put the demo into the (empty) database, committed, and return the command's output:
        for tests that run without a transaction of their own (`transactional_db`, which
        empties the database afterwards)."""
        if not self.sqlite:
            return self._postgres(args)
        if args not in self.copies:
            self.outputs[args] = self._run(args)
            self.copies[args] = self._copy()
        else:
            self._restore(self.copies[args])
        return self.outputs[args]

    @contextmanager
    def loaded(self, *args: str):
        """The demo in the database while the block runs (a module fixture's lifetime), then
        the database as it was, empty; yields the command's output."""
        from django.db import transaction

        if not self.sqlite:
            try:
                with self.blocker.unblock(), transaction.atomic():
                    yield self._postgres(args)
                    transaction.set_rollback(True)
            finally:
                _clear_row_caches()
            return
        with self.blocker.unblock():
            output = self.commit(*args)
        try:
            yield output
        finally:
            with self.blocker.unblock():
                self._restore(self.empty)


@pytest.fixture(scope="session")
def demo_snapshots(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        return DemoSnapshots(django_db_blocker)


@pytest.fixture(scope="module")
def demo_db(demo_snapshots):
    """The whole demo (`malbild demo`) for the tests of a module; request it with `db`: every
    test runs in a savepoint, so what one test writes the next does not see. Yields the
    command's output (the demo accounts)."""
    with demo_snapshots.loaded() as output:
        yield output


@pytest.fixture
def org(db):
    return OrganisationFactory(name="Alingsås kommun", slug="alingsas", kolada_id="1489")


@pytest.fixture
def other_org(db):
    return OrganisationFactory(name="Kristianstads kommun", slug="kristianstad", kolada_id="1290")


@pytest.fixture
def body(org):
    return BodyFactory(organisation=org, name="Kultur- och fritidsnämnden", short_name="KFN")


@pytest.fixture
def other_body(org):
    return BodyFactory(organisation=org, name="Miljöskyddsnämnden", short_name="MN")


@pytest.fixture
def admin_user(org):
    return UserFactory(username="admin", role=Role.ADMIN, organisation=org)


@pytest.fixture
def strategist(org):
    return UserFactory(username="strateg", role=Role.STRATEGIST, organisation=org)


@pytest.fixture
def editor(org, body):
    return UserFactory(username="redaktor", role=Role.EDITOR, organisation=org, bodies=[body])


@pytest.fixture
def reader(org):
    return UserFactory(username="lasare", role=Role.READER, organisation=org)


@pytest.fixture
def outsider(other_org):
    return UserFactory(username="utomstaende", role=Role.ADMIN, organisation=other_org)


@pytest.fixture
def access_of(org):
    """`access_of(user)` → the user's Access in `org`."""

    def make(user, organisation=None):
        return access_for(user, organisation or org)

    return make


@pytest.fixture(autouse=True)
def _default_language():
    """Every test starts in the default language (Swedish), whatever an earlier test left
    active (a request with Accept-Language, an English page)."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _empty_cache():
    """Every test starts with an empty Django cache: a closed period's pages are cached under
    its id and closing time (malbild.followup.page_cache), and ids repeat between tests."""
    from django.core.cache import cache

    cache.clear()
