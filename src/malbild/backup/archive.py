"""The backup archive of one organisation: how it is written and read back.

A zip file (format `malbild-backup`, version `FORMAT_VERSION`):
- `manifest.json`: format and version, app version, `created_at`, the organisation's slug and
  name, the tables in dependency order with their row counts, the number of files, and each
  app's newest migration (a restore refuses an archive from a newer schema);
- `data/NN-<table>.json`: one JSON list per table (`registry.TABLES`), rows ordered by primary
  key, each `{"pk": …, "fields": {…}}` with sorted keys; foreign keys are the primary keys of the
  rows they point at; datetimes ISO 8601 in UTC, decimals as strings, UUIDs as strings;
- `files/<table>/<pk>/<field>`: the stored files (attachments of consultation responses and
  of documents).

Primary keys are kept, so the frozen snapshots and the audit log (which name rows by id) stay
true after a restore; a restore therefore needs an instance where none of those ids is in use
(a fresh one, or one whose rows come from other organisations of the same source instance).
The bytes are deterministic: the same data gives the same archive except `created_at` in the
manifest (zip entries carry a fixed date).
"""

import datetime
import hashlib
import importlib.metadata
import io
import json
import zipfile
from typing import Any

from django.apps import apps
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import models
from django.db.migrations.loader import MigrationLoader
from django.db.models import FileField
from django.utils import timezone

from .registry import TABLES, USER_FIELDS_LEFT_OUT, Table

FORMAT = "malbild-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
#: Every zip entry gets this date, so equal data gives equal bytes.
ZIP_DATE = (1980, 1, 1, 0, 0, 0)


def app_version() -> str:
    try:
        return importlib.metadata.version("malbild")
    except importlib.metadata.PackageNotFoundError:  # pragma: no cover - a source checkout
        return "unknown"


def table_model(label: str) -> type[models.Model]:
    """The model (or auto-created many-to-many model) of a table label."""
    app_label, _, name = label.partition(".")
    model_name, _, m2m = name.partition("_")
    model = apps.get_model(app_label, model_name)
    if m2m:
        return model._meta.get_field(m2m).remote_field.through
    return model


def data_name(index: int, label: str) -> str:
    return f"data/{index:02d}-{label}.json"


def file_name(label: str, pk: Any, field: str) -> str:
    return f"files/{label}/{pk}/{field}"


def user_fields(model: type[models.Model]) -> list[models.Field]:
    return [f for f in model._meta.concrete_fields if f.name not in USER_FIELDS_LEFT_OUT]


def table_fields(table: Table, model: type[models.Model]) -> list[models.Field]:
    """The concrete fields an archive holds for `table`, primary key excluded."""
    fields = user_fields(model) if table.scope == "users" else model._meta.concrete_fields
    return [f for f in fields if not f.primary_key]


def encode(field: models.Field, value: Any) -> Any:
    """A field's value (as `getattr(obj, field.attname)`) in the archive's JSON."""
    if value is None:
        return None
    if isinstance(field, FileField):
        return value.name or ""
    if isinstance(value, datetime.datetime):
        if timezone.is_naive(value):
            value = timezone.make_aware(value, datetime.UTC)
        return value.astimezone(datetime.UTC).isoformat()
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(field, models.DecimalField):
        return str(value)
    if isinstance(field, models.UUIDField):
        return str(value)
    if isinstance(field, models.JSONField):
        return value
    if isinstance(value, bool | int | float | str):
        return value
    raise TypeError(f"{field.model._meta.label}.{field.name}: cannot back up {type(value)!r}")


def decode(field: models.Field, value: Any) -> Any:
    """The value to set on `field.attname` from the archive's JSON."""
    if value is None or isinstance(field, models.JSONField | FileField):
        return value
    if field.is_relation:
        return field.target_field.to_python(value)
    return field.to_python(value)


# --- backup -------------------------------------------------------------------------------


def _user_refs(model: type[models.Model]) -> list[str]:
    user_model = apps.get_model("accounts", "User")
    return [
        f.attname
        for f in model._meta.concrete_fields
        if f.is_relation and f.related_model is user_model
    ]


def _depends_on_users(table: Table, model: type[models.Model]) -> bool:
    if table.scope == "users":
        return True
    if table.scope.startswith("via:"):
        field = model._meta.get_field(table.scope[4:])
        return field.related_model is apps.get_model("accounts", "User")
    return False


#: At most this many values in one `IN (...)` (SQLite's default limit is 999 parameters).
CHUNK = 900


def chunks(values) -> list[list]:
    values = sorted(values)
    return [values[i : i + CHUNK] for i in range(0, len(values), CHUNK)] or [[]]


def _queryset(table: Table, model: type[models.Model], organisation, parents):
    """The rows of `table`; `parents` is the queryset of the rows a "via:" table hangs from."""
    if table.scope == "organisation":
        return model._base_manager.filter(pk=organisation.pk)
    if table.scope == "org":
        return model.objects.for_org(organisation)
    if table.scope.startswith("via:"):
        field = model._meta.get_field(table.scope[4:])
        return model._base_manager.filter(**{f"{field.attname}__in": parents.values("pk")})
    raise ValueError(f"Unknown scope {table.scope!r} of {table.label}")


def _by_users(table: Table, model: type[models.Model], user_pks: set) -> list[models.Model]:
    """The users (or the rows of a per-user table) of `user_pks`, in chunks, by primary key."""
    attname = "pk" if table.scope == "users" else model._meta.get_field(table.scope[4:]).attname
    found: list[models.Model] = []
    for part in chunks(user_pks):
        if part:
            found += model._base_manager.filter(**{f"{attname}__in": part})
    return sorted(found, key=lambda obj: obj.pk)


def collect(organisation) -> dict[str, list[models.Model]]:
    """Every row of the backup, per table label, ordered by primary key: one query per table
    (a many-to-many table selects by a subquery of its owner's rows). The users and their own
    settings come last: they are the ones the other rows name."""
    rows: dict[str, list[models.Model]] = {}
    querysets: dict[type[models.Model], models.QuerySet] = {}
    user_pks: set = set()
    later = []
    for table in TABLES:
        model = table_model(table.label)
        if _depends_on_users(table, model):
            later.append((table, model))
            continue
        parents = None
        if table.scope.startswith("via:"):
            parents = querysets[model._meta.get_field(table.scope[4:]).related_model]
        qs = _queryset(table, model, organisation, parents)
        querysets[model] = qs
        found = list(qs.order_by("pk"))
        rows[table.label] = found
        refs = _user_refs(model)
        for obj in found:
            user_pks.update(getattr(obj, ref) for ref in refs)
    user_pks.discard(None)
    for table, model in later:
        rows[table.label] = _by_users(table, model, user_pks)
    return rows


def _schema() -> dict[str, str]:
    """Each app's newest applied migration (by name), for the manifest."""
    loader = MigrationLoader(None, ignore_no_migrations=True)
    newest: dict[str, str] = {}
    for app_label, name in loader.graph.leaf_nodes():
        newest[app_label] = max(name, newest.get(app_label, ""))
    return dict(sorted(newest.items()))


def _entry(name: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    return info


def dumps(value: Any) -> bytes:
    return (json.dumps(value, indent=1, sort_keys=True, ensure_ascii=False) + "\n").encode()


def write_archive(organisation, out, *, progress=None) -> dict[str, int]:
    """Write the archive of `organisation` to the binary file `out`; returns the row counts."""
    rows = collect(organisation)
    counts: dict[str, int] = {}
    n_files = 0
    with zipfile.ZipFile(out, "w") as zf:
        for index, table in enumerate(TABLES, start=1):
            model = table_model(table.label)
            fields = table_fields(table, model)
            records = []
            for obj in rows[table.label]:
                values = {f.attname: encode(f, getattr(obj, f.attname)) for f in fields}
                for f in fields:
                    if isinstance(f, FileField) and values[f.attname]:
                        with getattr(obj, f.attname).open("rb") as fh:
                            zf.writestr(_entry(file_name(table.label, obj.pk, f.name)), fh.read())
                        n_files += 1
                records.append({"pk": obj.pk, "fields": values})
            counts[table.label] = len(records)
            zf.writestr(_entry(data_name(index, table.label)), dumps(records))
            if progress is not None:
                progress(int(100 * index / len(TABLES)), table.label)
        manifest = {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "app_version": app_version(),
            "created_at": timezone.now().astimezone(datetime.UTC).isoformat(),
            "organisation": {"slug": organisation.slug, "name": organisation.name},
            "tables": [{"table": t.label, "rows": counts[t.label]} for t in TABLES],
            "files": n_files,
            "schema": _schema(),
        }
        zf.writestr(_entry(MANIFEST), dumps(manifest))
    return counts


def archive_bytes(organisation, *, progress=None) -> bytes:
    buffer = io.BytesIO()
    write_archive(organisation, buffer, progress=progress)
    return buffer.getvalue()


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def store_file(name: str, content: bytes) -> str:
    """Put a restored file at its old name, or reuse the file already there when it holds the
    same bytes; a different file under that name makes storage choose a free name."""
    if default_storage.exists(name):
        with default_storage.open(name, "rb") as fh:
            if sha256(fh.read()) == sha256(content):
                return name
    return default_storage.save(name, ContentFile(content))
