"""Benefit calculations (nyttoberäkningar) of activities: alternatives, their cost and benefit
lines and the amounts per year. Results (net present value, payback, benefit/cost ratio,
distribution, sensitivity) are never stored: `calculation.py` computes them from these rows
(docs/adr/0020-benefit-calculations.md)."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from malbild.core.models import OrganisationOwnedModel, StableItemModel

from .constants import MAX_YEARS, Certainty, Direction, LineKind, PartyKind


class BenefitCalculation(StableItemModel):
    """The benefit calculation of one activity (or of an investment within it, `title`)."""

    activity = models.OneToOneField(
        "actionplan.Activity",
        # "the activity", not "activity": the English history must not read like a code
        verbose_name=_("the activity"),
        on_delete=models.CASCADE,
        related_name="benefit_calculation",
    )
    title = models.CharField(
        _("name of the investment"),
        max_length=300,
        blank=True,
        help_text=_("The investment the calculation is about, if not the whole activity."),
    )
    first_year = models.PositiveSmallIntegerField(_("first year"))
    years = models.PositiveSmallIntegerField(_("number of years"), default=5)
    discount_rate = models.DecimalField(
        _("discount rate (%)"), max_digits=5, decimal_places=2, default=Decimal("3.50")
    )
    notes = models.TextField(_("notes"), blank=True)

    class Meta(StableItemModel.Meta):
        ordering = ["activity", "id"]
        verbose_name = _("benefit calculation")
        verbose_name_plural = _("benefit calculations")

    def __str__(self) -> str:
        return self.title or str(self.activity)

    @cached_property
    def summary(self):
        """The computed results (`selectors.CalculationResults`), read with the calculation's
        rows in a fixed number of queries: for pages of lower apps that reach the calculation
        only through `activity.benefit_calculation` (the activity page's panel)."""
        from .selectors import calculation_get_by_pk, calculation_results

        return calculation_results(calculation_get_by_pk(self.organisation_id, self.pk))

    @property
    def last_year(self) -> int:
        return self.first_year + self.years - 1

    @property
    def horizon(self) -> range:
        return range(self.first_year, self.first_year + self.years)

    def clean(self) -> None:
        errors = {}
        if self.first_year is not None and not 1900 <= self.first_year <= 2200:
            errors["first_year"] = _("Enter a year between 1900 and 2200.")
        if self.years is not None and not 1 <= self.years <= MAX_YEARS:
            errors["years"] = _("Enter a number of years between 1 and %(max)s.") % {
                "max": MAX_YEARS
            }
        if self.discount_rate is not None and not 0 <= self.discount_rate <= 50:
            errors["discount_rate"] = _("Enter a discount rate between 0 and 50 per cent.")
        if errors:
            raise ValidationError(errors)


class Alternative(StableItemModel):
    """The zero alternative (do nothing; exactly one, created with the calculation) or an
    option. At most one option is the chosen one."""

    calculation = models.ForeignKey(
        BenefitCalculation,
        verbose_name=_("benefit calculation"),
        on_delete=models.CASCADE,
        related_name="alternatives",
    )
    is_zero = models.BooleanField(_("zero alternative"), default=False, editable=False)
    is_chosen = models.BooleanField(_("chosen alternative"), default=False)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta(StableItemModel.Meta):
        ordering = ["calculation", "-is_zero", "order", "id"]
        verbose_name = _("alternative")
        verbose_name_plural = _("alternatives")
        constraints = [
            *StableItemModel.Meta.constraints,
            models.UniqueConstraint(
                fields=["organisation", "calculation"],
                condition=models.Q(is_zero=True),
                name="uniq_zero_alternative_per_calculation",
            ),
            models.UniqueConstraint(
                fields=["organisation", "calculation"],
                condition=models.Q(is_chosen=True),
                name="uniq_chosen_alternative_per_calculation",
            ),
            models.CheckConstraint(
                condition=~(models.Q(is_zero=True) & models.Q(is_chosen=True)),
                name="zero_alternative_not_chosen",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class CalculationLine(StableItemModel):
    """A cost or benefit of an alternative: who bears or receives it, monetised (amounts per
    year in SEK) or described (unit and estimate), its certainty and the assumptions behind it."""

    alternative = models.ForeignKey(
        Alternative,
        verbose_name=_("alternative"),
        on_delete=models.CASCADE,
        related_name="lines",
    )
    name = models.CharField(_("name"), max_length=200)
    direction = models.CharField(_("cost or benefit"), max_length=10, choices=Direction.choices)
    kind = models.CharField(_("kind"), max_length=20, choices=LineKind.choices)
    party_kind = models.CharField(
        _("borne or received by"), max_length=20, choices=PartyKind.choices
    )
    body = models.ForeignKey(
        "organisation.Body",
        verbose_name=_("body"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="benefit_lines",
    )
    party_name = models.CharField(
        _("other organisation"),
        max_length=200,
        blank=True,
        help_text=_("The name of the other organisation that bears or receives it."),
    )
    monetised = models.BooleanField(_("monetised (SEK)"), default=True)
    description = models.TextField(_("description"), blank=True)
    unit = models.CharField(_("unit"), max_length=60, blank=True)
    estimate = models.DecimalField(
        _("estimate"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    certainty = models.CharField(
        _("certainty"), max_length=10, choices=Certainty.choices, default=Certainty.GREEN
    )
    assumptions = models.TextField(_("assumptions"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta(StableItemModel.Meta):
        ordering = ["alternative", "direction", "order", "id"]
        verbose_name = _("calculation line")
        verbose_name_plural = _("calculation lines")

    def __str__(self) -> str:
        return self.name

    @property
    def party_label(self) -> str:
        """Who bears or receives it, as the user reads it."""
        if self.party_kind == PartyKind.BODY:
            return self.body.name if self.body_id else str(PartyKind.BODY.label)
        if self.party_kind == PartyKind.ORGANISATION:
            return self.party_name or str(PartyKind.ORGANISATION.label)
        return str(PartyKind(self.party_kind).label)

    @property
    def party_key(self) -> str:
        """A stable key of the party: `body:<uid>`, `organisation:<name>`, `residents`, …"""
        if self.party_kind == PartyKind.BODY and self.body_id:
            return f"body:{self.body.uid}"
        if self.party_kind == PartyKind.ORGANISATION:
            return f"organisation:{self.party_name.strip().casefold()}"
        return self.party_kind

    def clean(self) -> None:
        errors = {}
        if self.party_kind == PartyKind.BODY and not self.body_id:
            errors["body"] = _("Choose the body that bears or receives it.")
        if self.party_kind != PartyKind.BODY and self.body_id:
            errors["body"] = _("A body is chosen only when a body bears or receives it.")
        if self.party_kind == PartyKind.ORGANISATION and not (self.party_name or "").strip():
            errors["party_name"] = _("Enter the name of the other organisation.")
        if not self.monetised:
            if not (self.description or "").strip():
                errors["description"] = _("Describe a line that is not monetised.")
            if not (self.unit or "").strip():
                errors["unit"] = _("Enter the unit of a line that is not monetised.")
            if self.estimate is None:
                errors["estimate"] = _("Enter the estimate of a line that is not monetised.")
        if errors:
            raise ValidationError(errors)


class LineAmount(OrganisationOwnedModel):
    """A monetised line's amount (SEK, not negative) in one year of the horizon."""

    line = models.ForeignKey(
        CalculationLine, verbose_name=_("line"), on_delete=models.CASCADE, related_name="amounts"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    amount = models.DecimalField(_("amount (SEK)"), max_digits=14, decimal_places=2)

    class Meta:
        ordering = ["line", "year"]
        verbose_name = _("amount per year")
        verbose_name_plural = _("amounts per year")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "line", "year"], name="uniq_line_amount_year"
            )
        ]

    def __str__(self) -> str:
        return f"{self.year}: {self.amount} kr"

    def clean(self) -> None:
        if self.amount is not None and self.amount < 0:
            raise ValidationError({"amount": _("The amount cannot be negative.")})


class BenefitSettings(OrganisationOwnedModel):
    """An organisation's rule for benefit calculations: activities whose total budget exceeds
    the threshold must have one ("Nyttoberäkningar ska finnas för alla större investeringar")."""

    # One row per organisation, reachable from it (`organisation.benefit_settings`), so the
    # activity list can flag activities by the threshold without importing this app.
    organisation = models.OneToOneField(
        "organisation.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="benefit_settings",
    )
    budget_threshold = models.DecimalField(
        _("budget threshold (SEK)"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_(
            "Activities whose total budget exceeds this amount must have a benefit "
            "calculation. Empty: no requirement."
        ),
    )

    class Meta:
        verbose_name = _("benefit calculation settings")
        verbose_name_plural = _("benefit calculation settings")

    def __str__(self) -> str:
        return str(_("Benefit calculation settings"))
