"""Background exports (`jobs.py`): one `ExportJob` per file asked for.

The file is stored under MEDIA_ROOT/exports/ (a FileField, never served from MEDIA_URL: only
`reports.views.ExportFileView` hands it out, to the user who asked or an administrator of the
same organisation). The organisation is a plain slug, because `reports` knows no domain app.
A done job with a `cache_key` is the cache of immutable inputs (a closed period, a frozen
version): `jobs.request_export` serves its file again instead of rendering.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ExportState(models.TextChoices):
    QUEUED = "queued", _("Waiting to start")
    RUNNING = "running", _("Being created")
    DONE = "done", _("Ready")
    FAILED = "failed", _("Failed")


def export_path(job: "ExportJob", filename: str) -> str:
    """A path no one can guess or collide with; the download name is `job.filename`."""
    return f"exports/{job.created_at:%Y/%m}/{uuid.uuid4().hex}"


class ExportJob(models.Model):
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="export_jobs",
        verbose_name=_("asked by"),
    )
    organisation_slug = models.SlugField(_("organisation"), max_length=100)
    kind = models.CharField(_("kind"), max_length=50)
    label = models.CharField(_("document"), max_length=300)
    params = models.JSONField(_("parameters"), default=dict)
    fmt = models.CharField(_("format"), max_length=10)
    language = models.CharField(_("language"), max_length=10)
    state = models.CharField(
        _("state"), max_length=10, choices=ExportState.choices, default=ExportState.QUEUED
    )
    percent = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    step = models.CharField(_("step"), max_length=200, blank=True)
    filename = models.CharField(_("file name"), max_length=200, blank=True)
    content_type = models.CharField(_("content type"), max_length=100, blank=True)
    file = models.FileField(_("file"), upload_to=export_path, max_length=200, blank=True)
    cache_key = models.CharField(_("cache key"), max_length=64, blank=True, db_index=True)
    task_id = models.CharField(_("task id"), max_length=64, blank=True)
    #: For the staff's logs (admin), never shown on the status page.
    error = models.TextField(_("error"), blank=True)
    #: The OSError number when the build failed on a full or unwritable disk.
    error_errno = models.PositiveSmallIntegerField(_("error number"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("export")
        verbose_name_plural = _("exports")
        indexes = [models.Index(fields=["state", "finished_at"], name="reports_export_state_idx")]

    def __str__(self) -> str:
        return f"{self.label} ({self.fmt})"

    @property
    def is_pending(self) -> bool:
        return self.state in (ExportState.QUEUED, ExportState.RUNNING)
