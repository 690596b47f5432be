"""An uploaded spreadsheet between its preview and its import (`SheetImport`), and an uploaded
Word file between its mapping and the document created from it (`WordImport`).

The file itself is kept (a few megabytes at most, `services.MAX_UPLOAD_BYTES`) so that the
confirmation imports exactly what was previewed, also in a background worker; the preview is
the plan as JSON (importer.ImportPlan.as_dict) with a fingerprint of what it would write.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from malbild.core.models import OrganisationOwnedModel
from malbild.strategy.constants import DocumentKind


class ImportState(models.TextChoices):
    PREVIEW = "preview", _("Waiting for confirmation")
    QUEUED = "queued", _("Waiting to start")
    RUNNING = "running", _("Being imported")
    DONE = "done", _("Imported")
    FAILED = "failed", _("Not imported")


class SheetImport(OrganisationOwnedModel):
    uid = models.UUIDField(default=uuid.uuid4, db_index=True, editable=False)
    document = models.ForeignKey(
        "strategy.SteeringDocument",
        verbose_name=_("document"),
        on_delete=models.CASCADE,
        related_name="sheet_imports",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.CASCADE,
        related_name="sheet_imports",
    )
    filename = models.CharField(_("file name"), max_length=200)
    content = models.BinaryField(_("file"))
    sha256 = models.CharField(_("checksum"), max_length=64)
    state = models.CharField(
        _("state"), max_length=10, choices=ImportState.choices, default=ImportState.PREVIEW
    )
    create_bodies = models.BooleanField(_("create the missing bodies"), default=False)
    create_focus_areas = models.BooleanField(_("create the missing focus areas"), default=False)
    preview = models.JSONField(_("preview"), default=dict)
    row_count = models.PositiveIntegerField(_("rows"), default=0)
    percent = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    result = models.JSONField(_("result"), default=dict, blank=True)
    #: Why the import was refused, in the user's language (shown on the status page).
    error = models.TextField(_("error"), blank=True)
    task_id = models.CharField(_("task id"), max_length=64, blank=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    language = models.CharField(_("language"), max_length=10, default="sv")

    AUDIT_AS_REFERENCE = ("preview",)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("spreadsheet import")
        verbose_name_plural = _("spreadsheet imports")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "uid"], name="uniq_dataio_sheetimport_uid"
            )
        ]

    def __str__(self) -> str:
        return self.filename

    @property
    def is_pending(self) -> bool:
        return self.state in (ImportState.QUEUED, ImportState.RUNNING)


class WordImportState(models.TextChoices):
    PREVIEW = "preview", _("Waiting for confirmation")
    DONE = "done", _("Document created")


class WordImport(OrganisationOwnedModel):
    """A Word file and its mapping (`elements`: the parts in document order, each with what it
    becomes and its text, as `word.mapping.Element.as_dict`); `document` once created."""

    uid = models.UUIDField(default=uuid.uuid4, db_index=True, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.CASCADE,
        related_name="word_imports",
    )
    filename = models.CharField(_("file name"), max_length=200)
    content = models.BinaryField(_("file"))
    sha256 = models.CharField(_("checksum"), max_length=64)
    state = models.CharField(
        _("state"),
        max_length=10,
        choices=WordImportState.choices,
        default=WordImportState.PREVIEW,
    )
    title = models.CharField(_("title"), max_length=300, blank=True)
    kind = models.CharField(_("kind"), max_length=30, choices=DocumentKind.choices)
    elements = models.JSONField(_("mapping"), default=list)
    document = models.ForeignKey(
        "strategy.SteeringDocument",
        verbose_name=_("document"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="word_imports",
    )

    AUDIT_AS_REFERENCE = ("elements",)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("Word import")
        verbose_name_plural = _("Word imports")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "uid"], name="uniq_dataio_wordimport_uid"
            )
        ]

    def __str__(self) -> str:
        return self.filename
