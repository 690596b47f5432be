"""Steering documents and their tree: narrative sections, overall goals, focus areas, goals,
indicators with targets; frozen versions; and decisions."""

import uuid

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from malbild.core.models import AppendOnlyQuerySet, OrganisationOwnedModel, StableItemModel

from .constants import (
    DecisionKind,
    Direction,
    DocumentKind,
    DocumentStatus,
    IndicatorKind,
    IndicatorSource,
    MeasureType,
)


class SteeringDocument(StableItemModel):
    kind = models.CharField(_("kind"), max_length=30, choices=DocumentKind.choices)
    title = models.CharField(_("title"), max_length=300)
    summary = models.TextField(_("summary"), blank=True)
    period_start = models.PositiveSmallIntegerField(_("first year"), null=True, blank=True)
    period_end = models.PositiveSmallIntegerField(_("last year"), null=True, blank=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent document"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    owning_body = models.ForeignKey(
        "organisation.Body",
        verbose_name=_("owning body"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="owned_documents",
    )
    process_owner = models.CharField(_("process owner"), max_length=200, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=DocumentStatus.choices, default=DocumentStatus.DRAFT
    )
    registry_number = models.CharField(_("registry number (Dnr)"), max_length=60, blank=True)
    # The frozen version the council (or board) adopted: the one in force while a revision
    # is under way. Set by the services only (docs/adr/0009-cases-and-revisions.md).
    adopted_version = models.ForeignKey(
        "DocumentVersion",
        verbose_name=_("adopted version"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta(StableItemModel.Meta):
        ordering = ["title"]
        verbose_name = _("steering document")
        verbose_name_plural = _("steering documents")

    def __str__(self) -> str:
        return self.title

    @property
    def period(self) -> str:
        if self.period_start and self.period_end:
            return f"{self.period_start}–{self.period_end}"
        return str(self.period_start or self.period_end or "")

    def clean(self) -> None:
        errors = {}
        if self.period_start and self.period_end and self.period_end < self.period_start:
            errors["period_end"] = _("The last year cannot be before the first year.")
        for year_field in ("period_start", "period_end"):
            year = getattr(self, year_field)
            if year is not None and not 1900 <= year <= 2200:
                errors[year_field] = _("Enter a year between 1900 and 2200.")
        if self.parent_id and self.pk:
            node, seen = self.parent, set()
            while node is not None and node.pk not in seen:
                if node.pk == self.pk:
                    errors["parent"] = _("A document cannot be its own ancestor.")
                    break
                seen.add(node.pk)
                node = node.parent
        if errors:
            raise ValidationError(errors)


class Section(StableItemModel):
    """A chapter of the document's narrative text (Markdown, rendered safely)."""

    document = models.ForeignKey(
        SteeringDocument, on_delete=models.CASCADE, related_name="sections"
    )
    order = models.PositiveIntegerField(_("order"), default=0)
    heading = models.CharField(_("heading"), max_length=300)
    body = models.TextField(_("text (Markdown)"), blank=True)

    class Meta(StableItemModel.Meta):
        ordering = ["document", "order", "id"]
        verbose_name = _("section")
        verbose_name_plural = _("sections")

    def __str__(self) -> str:
        return self.heading


class OverallGoal(StableItemModel):
    document = models.ForeignKey(
        SteeringDocument, on_delete=models.CASCADE, related_name="overall_goals"
    )
    order = models.PositiveIntegerField(_("order"), default=0)
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)

    class Meta(StableItemModel.Meta):
        ordering = ["document", "order", "id"]
        verbose_name = _("overall goal")
        verbose_name_plural = _("overall goals")

    def __str__(self) -> str:
        return self.title


class FocusArea(StableItemModel):
    document = models.ForeignKey(
        SteeringDocument, on_delete=models.CASCADE, related_name="focus_areas"
    )
    order = models.PositiveIntegerField(_("order"), default=0)
    number = models.CharField(_("number"), max_length=20, blank=True, help_text=_("e.g. 5.3"))
    title = models.CharField(_("title"), max_length=300)
    goal_text = models.TextField(_("goal"), blank=True)
    description = models.TextField(_("description"), blank=True)
    overall_goals = models.ManyToManyField(
        OverallGoal, verbose_name=_("overall goals"), blank=True, related_name="focus_areas"
    )

    class Meta(StableItemModel.Meta):
        ordering = ["document", "order", "id"]
        verbose_name = _("focus area")
        verbose_name_plural = _("focus areas")

    def __str__(self) -> str:
        return f"{self.number} {self.title}".strip()


class Goal(StableItemModel):
    focus_area = models.ForeignKey(
        FocusArea, verbose_name=_("focus area"), on_delete=models.CASCADE, related_name="goals"
    )
    order = models.PositiveIntegerField(_("order"), default=0)
    title = models.CharField(_("goal"), max_length=500)
    description = models.TextField(_("description"), blank=True)

    class Meta(StableItemModel.Meta):
        ordering = ["focus_area", "order", "id"]
        verbose_name = _("goal")
        verbose_name_plural = _("goals")

    def __str__(self) -> str:
        return self.title


class Indicator(StableItemModel):
    document = models.ForeignKey(
        SteeringDocument, on_delete=models.CASCADE, related_name="indicators"
    )
    order = models.PositiveIntegerField(_("order"), default=0)
    name = models.CharField(_("name"), max_length=300)
    definition = models.TextField(_("definition"), blank=True)
    unit = models.CharField(_("unit"), max_length=40, blank=True, help_text=_("e.g. %, number"))
    direction = models.CharField(
        _("direction"), max_length=10, choices=Direction.choices, default=Direction.INCREASE
    )
    kind = models.CharField(
        _("kind"), max_length=20, choices=IndicatorKind.choices, default=IndicatorKind.QUANTITATIVE
    )
    measure_type = models.CharField(
        _("what it measures"), max_length=20, choices=MeasureType.choices, default=MeasureType.COUNT
    )
    baseline_value = models.DecimalField(
        _("baseline value"), max_digits=16, decimal_places=4, null=True, blank=True
    )
    baseline_year = models.PositiveSmallIntegerField(_("baseline year"), null=True, blank=True)
    source = models.CharField(
        _("source"), max_length=20, choices=IndicatorSource.choices, default=IndicatorSource.MANUAL
    )
    kolada_kpi = models.CharField(_("Kolada KPI id"), max_length=20, blank=True)
    eservice = models.ForeignKey(
        "catalogue.CatalogueItem",
        verbose_name=_("e-service"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="indicators",
    )
    responsible_body = models.ForeignKey(
        "organisation.Body",
        verbose_name=_("responsible body"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="indicators",
    )
    focus_areas = models.ManyToManyField(
        FocusArea, verbose_name=_("focus areas"), blank=True, related_name="indicators"
    )
    goals = models.ManyToManyField(
        Goal, verbose_name=_("goals"), blank=True, related_name="indicators"
    )

    class Meta(StableItemModel.Meta):
        ordering = ["document", "order", "id"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        errors = {}
        if (self.baseline_value is None) != (self.baseline_year is None):
            field = "baseline_year" if self.baseline_year is None else "baseline_value"
            errors[field] = _("Give both the baseline value and its year, or neither.")
        if self.source == IndicatorSource.KOLADA and not self.kolada_kpi:
            errors["kolada_kpi"] = _("A Kolada indicator needs its KPI id (e.g. N00945).")
        if self.kind == IndicatorKind.QUALITATIVE and self.baseline_value is not None:
            errors["baseline_value"] = _("A qualitative indicator has no numeric baseline.")
        if errors:
            raise ValidationError(errors)


class IndicatorTarget(OrganisationOwnedModel):
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="targets")
    year = models.PositiveSmallIntegerField(_("year"))
    value = models.DecimalField(
        _("target value"), max_digits=16, decimal_places=4, null=True, blank=True
    )
    text = models.CharField(_("target (text)"), max_length=500, blank=True)

    class Meta:
        ordering = ["indicator", "year"]
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "indicator", "year"], name="uniq_target_per_year"
            )
        ]

    def __str__(self) -> str:
        target = self.value if self.value is not None else self.text
        return f"{self.indicator}: {self.year} → {target}"

    def clean(self) -> None:
        if self.value is None and not self.text:
            raise ValidationError({"value": _("Give a target value or a target text.")})
        if not 1900 <= (self.year or 0) <= 2200:
            raise ValidationError({"year": _("Enter a year between 1900 and 2200.")})


class DocumentVersion(OrganisationOwnedModel):
    """An immutable, numbered snapshot of a document's whole tree (see docs/adr/0002)."""

    document = models.ForeignKey(
        SteeringDocument, on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveIntegerField(_("version"))
    label = models.CharField(_("label"), max_length=200, blank=True)
    note = models.TextField(_("note"), blank=True)
    status_at_freeze = models.CharField(max_length=20, choices=DocumentStatus.choices)
    snapshot = models.JSONField(editable=False)

    objects = AppendOnlyQuerySet.as_manager()
    # The audit log records a reference to the snapshot, never a copy (core/audit.py).
    AUDIT_AS_REFERENCE = ("snapshot",)

    class Meta:
        ordering = ["document", "-number"]
        verbose_name = _("version")
        verbose_name_plural = _("versions")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "document", "number"], name="uniq_version_number"
            )
        ]

    def __str__(self) -> str:
        label = f" – {self.label}" if self.label else ""
        return f"{self.document} v{self.number}{label}"


class Decision(OrganisationOwnedModel):
    body = models.ForeignKey(
        "organisation.Body",
        verbose_name=_("decided by"),
        on_delete=models.PROTECT,
        related_name="decisions",
    )
    kind = models.CharField(
        _("kind"), max_length=20, choices=DecisionKind.choices, default=DecisionKind.OTHER
    )
    date = models.DateField(_("date"))
    paragraph = models.CharField(_("minute paragraph (§)"), max_length=20, blank=True)
    registry_number = models.CharField(_("registry number (Dnr)"), max_length=60, blank=True)
    title = models.CharField(_("title"), max_length=300)
    text = models.TextField(_("decision text"), blank=True)
    document = models.ForeignKey(
        SteeringDocument,
        verbose_name=_("document"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="decisions",
    )
    version = models.ForeignKey(
        DocumentVersion,
        verbose_name=_("document version"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="decisions",
    )
    distribution = models.ManyToManyField(
        "organisation.Body",
        verbose_name=_("sent to"),
        blank=True,
        related_name="received_decisions",
    )

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")

    def __str__(self) -> str:
        return self.reference

    @property
    def reference(self) -> str:
        body = self.body.short_name or self.body.name if self.body_id else ""
        parts = [body, self.date.isoformat() if self.date else "", self.paragraph_display]
        return " ".join(p for p in parts if p)

    @property
    def paragraph_display(self) -> str:
        p = (self.paragraph or "").strip()
        return p if not p or p.startswith("§") else f"§ {p}"

    def clean(self) -> None:
        if self.version_id and self.document_id and self.version.document_id != self.document_id:
            raise ValidationError({"version": _("The version belongs to another document.")})
        if self.version_id and not self.document_id:
            self.document_id = self.version.document_id


def attachment_path(instance: "DocumentAttachment", filename: str) -> str:
    """A generated name: the uploaded name never becomes part of the stored path."""
    ext = {"docx": "docx", "pdf": "pdf", "odt": "odt"}.get(instance.file_type, "bin")
    return f"documents/{instance.organisation_id}/{uuid.uuid4().hex}.{ext}"


class DocumentAttachment(OrganisationOwnedModel):
    """A file kept with a document, e.g. the Word file it was created from (issue #13)."""

    uid = models.UUIDField(default=uuid.uuid4, db_index=True, editable=False)
    document = models.ForeignKey(
        SteeringDocument,
        verbose_name=_("document"),
        on_delete=models.CASCADE,
        related_name="attachments",
    )
    file = models.FileField(_("file"), upload_to=attachment_path, max_length=200)
    original_name = models.CharField(_("file name"), max_length=255)
    file_type = models.CharField(_("type"), max_length=10)
    size = models.PositiveIntegerField(_("size (bytes)"))
    sha256 = models.CharField(_("checksum"), max_length=64)
    description = models.CharField(_("description"), max_length=300, blank=True)

    class Meta:
        ordering = ["document", "id"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "uid"], name="uniq_strategy_documentattachment_uid"
            )
        ]

    def __str__(self) -> str:
        return self.original_name

    @property
    def content_type(self) -> str:
        return {
            "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "pdf": "application/pdf",
            "odt": "application/vnd.oasis.opendocument.text",
        }.get(self.file_type, "application/octet-stream")
