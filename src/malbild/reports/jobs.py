"""Long exports in the background (`django.tasks`, database backend `django_tasks_db`).

An app registers each export it offers in its `AppConfig.ready()`:

    register_export("annual_report", build=build, cache_key=key, label=label)

- `build(params, fmt, progress) -> (content: bytes, filename: str, content_type: str)` renders
  the file; it calls `progress(percent, step)` between its steps (the status page shows them).
  It runs in a worker, without a request: `params` always carries `user` (pk) and `org` (slug)
  of who asked, so the build resolves that user's access itself (`access_of(params)`) and
  refuses what the user may no longer read. It runs in the language of the request.
- `cache_key(params, fmt) -> str | None`: a digest of the inputs when they can no longer change
  (a closed period's snapshot, a frozen version), else None (live data, rendered each time).
  The registry adds the kind, the format and the language to it.
- `label(params) -> str`: the document's name on the status page (in the request's language).

A download view checks the user's permission, then answers `request_export(...)`: a cached
file at once; else a job is enqueued and, when it is already done (the immediate backend of
the tests, or a fast worker), its file in the same response; else 303 to the job's status page
(`reports:export-status`), which refreshes itself until the file is ready.
"""

import hashlib
import json
import logging
import os
from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.db import transaction
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.tasks import task
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.http import content_disposition_header

from malbild.core.access import Access, get_organisation_access
from malbild.web.middleware import is_storage_error

from .models import ExportJob, ExportState

logger = logging.getLogger("malbild.reports")

Progress = Callable[[int, str], None]
Build = Callable[[dict, str, Progress], tuple[bytes, str, str]]


@dataclass(frozen=True)
class Export:
    kind: str
    build: Build
    label: Callable[[dict], str]
    cache_key: Callable[[dict, str], str | None] | None = None


_exports: dict[str, Export] = {}


def register_export(
    kind: str,
    *,
    build: Build,
    label: Callable[[dict], str],
    cache_key: Callable[[dict, str], str | None] | None = None,
) -> None:
    """Offer an export of `kind` (called once per kind, from the app's `ready()`)."""
    _exports[kind] = Export(kind=kind, build=build, label=label, cache_key=cache_key)


def get_export(kind: str) -> Export:
    try:
        return _exports[kind]
    except KeyError:
        raise LookupError(f"No export registered as {kind!r}") from None


def span(progress: Progress, start: int, end: int) -> Progress:
    """`progress` for a step that reports 0–100 of its own (a renderer's parts) while the
    job is between `start` and `end` percent."""

    def scaled(percent: int, step: str) -> None:
        progress(start + (end - start) * max(0, min(100, int(percent))) // 100, step)

    return scaled


def digest(*parts) -> str:
    """A sha256 over JSON-serialisable parts (dict keys sorted): for `cache_key` functions."""
    h = hashlib.sha256()
    for part in parts:
        h.update(json.dumps(part, sort_keys=True, default=str, ensure_ascii=False).encode())
        h.update(b"\x00")
    return h.hexdigest()


def access_of(params: dict) -> Access:
    """The access of the user who asked, in the organisation of the export (Http404 when the
    user or the organisation is gone, or the user no longer has a reading role)."""
    user = get_user_model().objects.filter(pk=params["user"], is_active=True).first()
    if user is None:
        raise Http404
    return get_organisation_access(user, params["org"])


def full_cache_key(export: Export, params: dict, fmt: str, language: str) -> str:
    """The registered key with the kind, format and language, or "" (no caching)."""
    if export.cache_key is None:
        return ""
    key = export.cache_key(params, fmt)
    return digest(export.kind, fmt, language, key) if key else ""


def cached_job(cache_key: str) -> ExportJob | None:
    """The newest done job of `cache_key` whose file is still stored."""
    if not cache_key:
        return None
    job = (
        ExportJob.objects.filter(cache_key=cache_key, state=ExportState.DONE)
        .exclude(file="")
        .order_by("-finished_at", "-pk")
        .first()
    )
    if job is None or not job.file.storage.exists(job.file.name):
        return None
    return job


def cached_response(kind: str, key: str, fmt: str) -> HttpResponse | None:
    """The cached file of `kind` under the app's own cache `key` (what its registered
    `cache_key` returns), in the active language — for a download by someone who is no user
    (a consultation's secret-link holder) — or None when none is stored."""
    language = translation.get_language() or "sv"
    job = cached_job(digest(kind, fmt, language, key))
    return file_response(job) if job is not None else None


def file_response(job: ExportJob) -> HttpResponse:
    """The job's file as an attachment. Read whole (the renderers build files in memory
    anyway), so the answer has a length and tests can read `response.content`."""
    with job.file.open("rb") as fh:
        response = HttpResponse(fh.read(), content_type=job.content_type)
    response["Content-Disposition"] = content_disposition_header(True, job.filename)
    return response


def status_url(job: ExportJob) -> str:
    return reverse("reports:export-status", kwargs={"uid": job.uid})


def export_job_create(*, user, organisation_slug: str, kind: str, params: dict, fmt: str):
    """A queued job for `user` (the row only; `export_enqueue` starts it)."""
    export = get_export(kind)
    params = {**params, "user": user.pk, "org": organisation_slug}
    language = translation.get_language() or "sv"
    with transaction.atomic():
        return ExportJob.objects.create(
            user=user,
            organisation_slug=organisation_slug,
            kind=kind,
            label=str(export.label(params))[:300],
            params=params,
            fmt=fmt,
            language=language,
            cache_key=full_cache_key(export, params, fmt, language),
        )


def export_enqueue(job: ExportJob) -> ExportJob:
    """Hand the job to the task backend (outside any transaction, so a worker sees the row);
    returns the job as it is afterwards (done already with the immediate backend)."""
    result = run_export.enqueue(job.pk)
    ExportJob.objects.filter(pk=job.pk).update(task_id=str(result.id)[:64])
    job.refresh_from_db()
    return job


def request_export(*, user, organisation_slug: str, kind: str, params: dict, fmt: str):
    """The answer of a download view whose permission check has passed: the cached file, the
    file rendered in time, or 303 to the status page of the job rendering it."""
    export = get_export(kind)
    language = translation.get_language() or "sv"
    asked = {**params, "user": user.pk, "org": organisation_slug}
    key = full_cache_key(export, asked, fmt, language)
    cached = cached_job(key)
    if cached is not None:
        return file_response(cached)
    job = export_enqueue(
        export_job_create(
            user=user, organisation_slug=organisation_slug, kind=kind, params=params, fmt=fmt
        )
    )
    if job.state == ExportState.DONE and job.file:
        return file_response(job)
    if job.state == ExportState.FAILED and job.error_errno:
        # Rendered in this request and the disk was full: the same 503 as any other write
        # (malbild.web.middleware), not a status page that would ask to try again at once.
        raise OSError(job.error_errno, os.strerror(job.error_errno))
    return HttpResponseRedirect(status_url(job), status=303)


def export_retry(*, job: ExportJob) -> ExportJob:
    """A new job with the same inputs as a failed one, for the same user."""
    params = {k: v for k, v in job.params.items() if k not in ("user", "org")}
    with translation.override(job.language):
        new = export_job_create(
            user=job.user,
            organisation_slug=job.organisation_slug,
            kind=job.kind,
            params=params,
            fmt=job.fmt,
        )
    return export_enqueue(new)


def job_for(user, uid) -> ExportJob:
    """The job `uid` if `user` asked for it or administers its organisation; else Http404."""
    job = ExportJob.objects.filter(uid=uid).first()
    if job is None or not user.is_authenticated:
        raise Http404
    if job.user_id == user.pk:
        return job
    try:
        access = get_organisation_access(user, job.organisation_slug)
    except Http404:
        raise Http404 from None
    if not access.is_admin:
        raise Http404
    return job


def _progress(job_pk: int) -> Progress:
    def progress(percent: int, step: str) -> None:
        ExportJob.objects.filter(pk=job_pk, state=ExportState.RUNNING).update(
            percent=max(0, min(100, int(percent))), step=str(step)[:200]
        )

    return progress


@task()
def run_export(job_pk: int) -> str:
    """Render the job's file with its registered build and store it. A build that raises
    marks the job failed: the traceback goes to the log and to `ExportJob.error` (staff
    only); the status page shows a Swedish message and a retry button."""
    claimed = ExportJob.objects.filter(pk=job_pk, state=ExportState.QUEUED).update(
        state=ExportState.RUNNING, started_at=timezone.now(), step="", percent=0
    )
    if not claimed:  # run already (a duplicate delivery) or gone
        return "skipped"
    job = ExportJob.objects.get(pk=job_pk)
    try:
        with translation.override(job.language):
            content, filename, content_type = get_export(job.kind).build(
                dict(job.params), job.fmt, _progress(job.pk)
            )
        job.filename = filename[:200]
        job.content_type = content_type
        job.file.save(filename, ContentFile(content), save=False)
    except Exception as exc:
        logger.exception("Export %s (%s, %s) failed", job.pk, job.kind, job.fmt)
        ExportJob.objects.filter(pk=job.pk).update(
            state=ExportState.FAILED,
            error=f"{type(exc).__name__}: {exc}"[:5000],
            error_errno=exc.errno if is_storage_error(exc) else None,
            finished_at=timezone.now(),
        )
        return ExportState.FAILED
    job.state = ExportState.DONE
    job.percent = 100
    job.finished_at = timezone.now()
    job.save(update_fields=["filename", "content_type", "file", "state", "percent", "finished_at"])
    return ExportState.DONE


def response_for(job: ExportJob) -> HttpResponse:
    """The file of a done job (the status page's download link)."""
    if job.state != ExportState.DONE or not job.file:
        raise Http404
    return file_response(job)
