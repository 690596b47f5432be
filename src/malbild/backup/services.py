"""Backups of an organisation: writing one (audited) and restoring one.

`backup_write` is what the `backup` command and the download on the organisation's backup
page (a background export, `reports.jobs`) call; `restore_archive` (restore.py) is the
`restore` command's. The archive's format is described in archive.py and
docs/guide/backup.md.
"""

from typing import IO

from django.core.exceptions import PermissionDenied
from django.db import connection, transaction
from django.utils.translation import gettext as _

from malbild.core.access import Access
from malbild.core.audit import audit_record

from .archive import write_archive
from .restore import RestoreError, RestoreResult, restore_archive

__all__ = ["RestoreError", "RestoreResult", "backup_write", "restore_archive"]


def backup_write(*, organisation, out: IO[bytes], actor=None, progress=None) -> dict[str, int]:
    """Write the archive of `organisation` to `out` and record in its audit log who took it
    (after the rows were read, so the entry is in the next backup, not in this one). Returns
    the number of rows per table."""
    outermost = not connection.in_atomic_block
    with transaction.atomic():
        if outermost and connection.vendor == "postgresql":
            # One snapshot for every table's query: rows written meanwhile are not half in.
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        counts = write_archive(organisation, out, progress=progress)
        audit_record(
            actor=actor,
            instance=organisation,
            action="other",
            event="backup.created",
            organisation=organisation,
            message=f"{sum(counts.values())} rows",
        )
    return counts


def backup_for(*, access: Access, out: IO[bytes], progress=None) -> dict[str, int]:
    """The archive of the access's organisation, for one of its administrators."""
    if not access.is_admin:
        raise PermissionDenied(_("Only an administrator may download a backup."))
    return backup_write(
        organisation=access.organisation, out=out, actor=access.user, progress=progress
    )
