"""Activities (åtgärder) of an action plan and their budget lines."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from malbild.core.models import StableItemModel

from .constants import ActivityStatus, BudgetKind, Priority


class Activity(StableItemModel):
    document = models.ForeignKey(
        "strategy.SteeringDocument",
        verbose_name=_("document"),
        on_delete=models.CASCADE,
        related_name="activities",
    )
    number = models.CharField(_("number"), max_length=20, blank=True)
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    focus_areas = models.ManyToManyField(
        "strategy.FocusArea", verbose_name=_("focus areas"), blank=True, related_name="activities"
    )
    primary_focus_area = models.ForeignKey(
        "strategy.FocusArea",
        verbose_name=_("primary focus area"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="primary_activities",
        help_text=_(
            "The focus area whose totals count the activity's budget; the others it serves are "
            "shown as “also serves” and not counted again."
        ),
    )
    goals = models.ManyToManyField(
        "strategy.Goal", verbose_name=_("goals"), blank=True, related_name="activities"
    )
    responsible_body = models.ForeignKey(
        "organisation.Body",
        verbose_name=_("responsible body"),
        on_delete=models.PROTECT,
        related_name="responsible_activities",
    )
    co_responsible_bodies = models.ManyToManyField(
        "organisation.Body",
        verbose_name=_("co-responsible bodies"),
        blank=True,
        related_name="co_responsible_activities",
    )
    start_year = models.PositiveSmallIntegerField(_("start year"), null=True, blank=True)
    end_year = models.PositiveSmallIntegerField(_("end year"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=ActivityStatus.choices, default=ActivityStatus.PLANNED
    )
    priority = models.CharField(
        _("priority"), max_length=10, choices=Priority.choices, default=Priority.MEDIUM
    )
    catalogue_items = models.ManyToManyField(
        "catalogue.CatalogueItem",
        verbose_name=_("systems and e-services"),
        blank=True,
        related_name="activities",
    )

    class Meta(StableItemModel.Meta):
        ordering = ["document", "number", "title", "id"]
        indexes = [
            # The activity list's default order (page and API, issue #11): its first page is
            # read from the index, without sorting every activity of the organisation.
            models.Index(
                fields=["organisation", "number", "title", "id"], name="activity_org_number_idx"
            ),
            # A document's own activities in the tree's order (the document page).
            models.Index(
                fields=["organisation", "document", "number", "title", "id"],
                name="activity_org_doc_number_idx",
            ),
        ]
        verbose_name = _("activity")
        verbose_name_plural = _("activities")

    def __str__(self) -> str:
        return f"{self.number} {self.title}".strip()

    def clean(self) -> None:
        errors = {}
        for f in ("start_year", "end_year"):
            year = getattr(self, f)
            if year is not None and not 1900 <= year <= 2200:
                errors[f] = _("Enter a year between 1900 and 2200.")
        if self.start_year and self.end_year and self.end_year < self.start_year:
            errors["end_year"] = _("The end year cannot be before the start year.")
        if errors:
            raise ValidationError(errors)


class BudgetLine(StableItemModel):
    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="budget_lines")
    year = models.PositiveSmallIntegerField(_("year"))
    kind = models.CharField(_("kind"), max_length=20, choices=BudgetKind.choices)
    amount = models.DecimalField(_("amount (SEK)"), max_digits=14, decimal_places=2)
    financing_source = models.CharField(_("financing source"), max_length=200, blank=True)

    class Meta(StableItemModel.Meta):
        ordering = ["activity", "year", "kind", "id"]
        verbose_name = _("budget line")
        verbose_name_plural = _("budget lines")

    def __str__(self) -> str:
        return f"{self.year} {self.get_kind_display()} {self.amount} kr"

    def clean(self) -> None:
        errors = {}
        if self.amount is not None and self.amount < 0:
            errors["amount"] = _("The amount cannot be negative.")
        if not 1900 <= (self.year or 0) <= 2200:
            errors["year"] = _("Enter a year between 1900 and 2200.")
        if errors:
            raise ValidationError(errors)
