"""Load a backup archive (archive.py) into an instance that does not have the organisation.

All or nothing: the rows are written in one transaction (foreign keys are checked before it
commits, the database sequences are moved past the restored ids afterwards), and files stored
for a restore that fails are removed again. A restore refuses, before writing anything:
- a file that is no Målbild backup, or of a format version this Målbild does not read;
- an archive from a newer schema (a migration this instance does not know);
- an organisation whose short name (slug) exists here;
- rows whose ids are in use here (a restore keeps ids; see archive.py).
A user that exists here with the same id and user name is reused as it is (not overwritten,
nor its notification settings); a user name or id held by someone else is refused.
"""

import json
import zipfile
from dataclasses import dataclass, field
from typing import IO

from django.apps import apps
from django.core.files.storage import default_storage
from django.core.management.color import no_style
from django.db import IntegrityError, connection, transaction
from django.db.migrations.loader import MigrationLoader
from django.db.models import FileField
from django.utils.translation import gettext as _

from malbild.core.models import AuditEntry

from .archive import (
    FORMAT,
    FORMAT_VERSION,
    MANIFEST,
    chunks,
    data_name,
    decode,
    file_name,
    store_file,
    table_fields,
    table_model,
)
from .registry import TABLES


class RestoreError(Exception):
    """Why an archive cannot be restored here (a sentence for the operator)."""


@dataclass
class RestoreResult:
    organisation: object
    counts: dict[str, int] = field(default_factory=dict)
    reused_users: list[str] = field(default_factory=list)


def _open(fileobj: IO[bytes]) -> tuple[zipfile.ZipFile, dict]:
    try:
        zf = zipfile.ZipFile(fileobj)
        raw = zf.read(MANIFEST)
    except (zipfile.BadZipFile, KeyError, OSError):
        raise RestoreError(
            _("The file is not a Målbild backup: it has no %(name)s.") % {"name": MANIFEST}
        ) from None
    try:
        manifest = json.loads(raw)
    except ValueError:
        raise RestoreError(_("The backup's manifest is not valid JSON.")) from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise RestoreError(_("The file is not a Målbild backup (unknown format)."))
    if manifest.get("format_version") != FORMAT_VERSION:
        raise RestoreError(
            _("The backup has format version %(found)s; this Målbild reads version %(known)s.")
            % {"found": manifest.get("format_version"), "known": FORMAT_VERSION}
        )
    return zf, manifest


def _check_schema(manifest: dict) -> None:
    known = MigrationLoader(None, ignore_no_migrations=True).disk_migrations
    for app_label, name in sorted((manifest.get("schema") or {}).items()):
        if (app_label, name) not in known:
            raise RestoreError(
                _(
                    "The backup was made by a newer Målbild (migration %(app)s.%(name)s is "
                    "unknown here): upgrade this instance first."
                )
                % {"app": app_label, "name": name}
            )
    tables = [t.get("table") for t in manifest.get("tables", [])]
    if tables != [t.label for t in TABLES]:
        raise RestoreError(_("The backup's list of tables does not match this Målbild's."))


def _records(zf: zipfile.ZipFile, index: int, label: str) -> list[dict]:
    try:
        records = json.loads(zf.read(data_name(index, label)))
    except (KeyError, ValueError):
        raise RestoreError(
            _("The backup lacks the data of %(table)s or it is not valid JSON.") % {"table": label}
        ) from None
    if not isinstance(records, list) or not all(
        isinstance(r, dict) and isinstance(r.get("fields"), dict) and "pk" in r for r in records
    ):
        raise RestoreError(_("The data of %(table)s is malformed.") % {"table": label})
    return records


def restore_archive(fileobj: IO[bytes], *, actor=None) -> RestoreResult:
    """Restore the archive in `fileobj`; returns the organisation and the rows per table."""
    zf, manifest = _open(fileobj)
    _check_schema(manifest)
    slug = (manifest.get("organisation") or {}).get("slug", "")
    organisation_model = apps.get_model("organisation", "Organisation")
    if organisation_model._base_manager.filter(slug=slug).exists():
        raise RestoreError(
            _(
                "An organisation with the short name “%(slug)s” exists already; nothing was "
                "restored."
            )
            % {"slug": slug}
        )
    stored: list[str] = []
    try:
        with transaction.atomic():
            result = _load(zf, stored)
            # In the instance's log (no organisation): the organisation's own log stays exactly
            # as it was backed up, so a second backup equals the first.
            AuditEntry.objects.create(
                organisation=None,
                actor=actor if getattr(actor, "is_authenticated", False) else None,
                action=AuditEntry.Action.OTHER,
                event="backup.restored",
                model=result.organisation._meta.label_lower,
                object_id=str(result.organisation.pk),
                object_repr=str(result.organisation)[:300],
                message=(
                    f"Restored from a backup made {manifest.get('created_at', '')} "
                    f"by Målbild {manifest.get('app_version', '')}"
                )[:500],
            )
    except BaseException:
        for name in stored:
            default_storage.delete(name)
        raise
    return result


def _load(zf: zipfile.ZipFile, stored: list[str]) -> RestoreResult:
    user_model = apps.get_model("accounts", "User")
    reused: set = set()
    result = RestoreResult(organisation=None)
    written = []
    for index, table in enumerate(TABLES, start=1):
        model = table_model(table.label)
        fields = {f.attname: f for f in table_fields(table, model)}
        records = _records(zf, index, table.label)
        if table.scope == "users":
            records = _without_reused_users(records, reused, result)
        elif table.scope.startswith("via:") and (
            model._meta.get_field(table.scope[4:]).related_model is user_model
        ):
            attname = model._meta.get_field(table.scope[4:]).attname
            records = [r for r in records if r["fields"].get(attname) not in reused]
        taken = sum(
            model._base_manager.filter(pk__in=part).count()
            for part in chunks(r["pk"] for r in records)
            if part
        )
        if taken:
            raise RestoreError(
                _(
                    "%(count)s rows of %(table)s have ids that are in use here: restore into an "
                    "empty instance."
                )
                % {"count": taken, "table": table.label}
            )
        for record in records:
            unknown = set(record["fields"]) - set(fields)
            if unknown:
                raise RestoreError(
                    _("%(table)s has fields this Målbild does not know: %(fields)s.")
                    % {"table": table.label, "fields": ", ".join(sorted(unknown))}
                )
            obj = model(pk=record["pk"])
            for attname, value in record["fields"].items():
                f = fields[attname]
                if isinstance(f, FileField) and value:
                    value = _restore_file(zf, table.label, record["pk"], f, value, stored)
                setattr(obj, attname, decode(f, value))
            if table.scope == "users":
                obj.set_unusable_password()
            obj.save_base(raw=True, force_insert=True)
            if table.scope == "organisation":
                result.organisation = obj
        result.counts[table.label] = len(records)
        written.append(model)
    try:
        connection.check_constraints(table_names=[m._meta.db_table for m in written])
    except IntegrityError as exc:
        raise RestoreError(
            _("The backup refers to rows it does not contain: %(error)s") % {"error": exc}
        ) from None
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), written):
            cursor.execute(sql)
    if result.organisation is None:
        raise RestoreError(_("The backup holds no organisation."))
    return result


def _without_reused_users(records: list[dict], reused: set, result: RestoreResult) -> list[dict]:
    """The users to create; those that exist here with the same id and user name are reused."""
    user_model = apps.get_model("accounts", "User")
    by_pk = {r["pk"]: r["fields"].get("username", "") for r in records}
    existing, names = {}, {}
    for part in chunks(by_pk):
        for u in user_model._base_manager.filter(pk__in=part).only("username"):
            existing[u.pk] = u.username
    for part in chunks(by_pk.values()):
        for u in user_model._base_manager.filter(username__in=part).only("username"):
            names[u.username] = u.pk
    keep = []
    for record in records:
        pk, username = record["pk"], by_pk[record["pk"]]
        if existing.get(pk) == username:
            reused.add(pk)
            result.reused_users.append(username)
            continue
        if pk in existing or username in names:
            raise RestoreError(
                _(
                    "The user “%(username)s” cannot be restored: its id or user name belongs to "
                    "another user here."
                )
                % {"username": username}
            )
        keep.append(record)
    return keep


def _restore_file(zf, label: str, pk, f: FileField, name: str, stored: list[str]) -> str:
    try:
        content = zf.read(file_name(label, pk, f.name))
    except KeyError:
        raise RestoreError(
            _("The backup lacks the file of %(table)s %(pk)s.") % {"table": label, "pk": pk}
        ) from None
    existed = default_storage.exists(name)
    saved = store_file(name, content)
    if not existed or saved != name:
        stored.append(saved)
    return saved
