"""The health check behind `GET /healthz` (load balancers, monitoring).

Healthy means that the application can serve pages and save changes:

1. the database answers;
2. the schema is there: `django_migrations` has rows and the tables of `site.Heartbeat` and
   `organisation.Organisation` exist — a SQLite file that was moved away is silently
   re-created empty by the next connection, which would answer `SELECT 1` but fail every page;
3. a write can be committed: the single `site.Heartbeat` row is updated (or created) in its own
   transaction — a full disk, a read-only file system or a read-only database fail it;
4. for a SQLite file database: its file system has at least `MALBILD_HEALTH_MIN_FREE_MB` MiB
   free (a write to a nearly full disk can still succeed in pages SQLite already allocated).

Each failure gives a short reason for the 503 answer; the error itself is only logged
(logger `malbild.health`), never shown.
"""

import logging
import shutil
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

from malbild.organisation.models import Organisation

from .models import Heartbeat

logger = logging.getLogger("malbild.health")

UNREACHABLE = "database unreachable"
SCHEMA_MISSING = "database schema missing"
NOT_WRITABLE = "database not writable"
DISK_FULL = "disk full"


def sqlite_file(connection) -> Path | None:
    """The file of a SQLite database, None for other engines and in-memory databases."""
    if connection.vendor != "sqlite":
        return None
    name = str(connection.settings_dict["NAME"])
    if name == ":memory:" or "mode=memory" in name:
        return None
    return Path(name.removeprefix("file:").split("?", 1)[0])


def check_database(connection) -> str | None:
    """None when the database `connection` is healthy, otherwise the reason it is not."""
    migrations = MigrationRecorder.Migration._meta.db_table
    heartbeat = Heartbeat._meta.db_table
    step = UNREACHABLE
    try:
        tables = set(connection.introspection.table_names())
        step = SCHEMA_MISSING
        missing = {migrations, heartbeat, Organisation._meta.db_table} - tables
        if missing:
            logger.error("Health check: tables missing: %s", ", ".join(sorted(missing)))
            return SCHEMA_MISSING
        quote = connection.ops.quote_name
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT COUNT(*) FROM {quote(migrations)}")  # noqa: S608
            if not cursor.fetchone()[0]:
                logger.error("Health check: %s is empty", migrations)
                return SCHEMA_MISSING
        step = NOT_WRITABLE
        now = timezone.now()
        with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
            table = quote(heartbeat)
            cursor.execute(f"UPDATE {table} SET checked_at = %s WHERE id = 1", [now])  # noqa: S608
            if cursor.rowcount == 0:
                cursor.execute(
                    f"INSERT INTO {table} (id, checked_at) VALUES (1, %s)",  # noqa: S608
                    [now],
                )
    except Exception:  # noqa: BLE001 - any database failure means unhealthy
        logger.exception("Health check failed: %s", step)
        return step
    path = sqlite_file(connection)
    minimum = getattr(settings, "MALBILD_HEALTH_MIN_FREE_MB", 50) * 1024 * 1024
    if path is not None and minimum:
        free = shutil.disk_usage(path.parent).free
        if free < minimum:
            logger.error("Health check: %s MiB free next to %s", free // (1024 * 1024), path)
            return DISK_FULL
    return None
