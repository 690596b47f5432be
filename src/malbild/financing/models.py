"""Cost allocation (kostnadsfördelning) and shared projects (samverkan).

- `CostAllocation`: how the cost of one activity (its budget lines) or of a shared cost not
  tied to one activity (an amount per year over a span of years) is divided between the
  organisation's bodies: by benefit share, by fixed shares (`FixedShare`, summing to 100 %) or
  per device (`DeviceCount`: leased computers per body and year, times a price per device).
- `SharedProject`: a project one organisation owns and others take part in, split by
  population. `Participant` rows belong to the owner; a participant on the instance (`member`)
  reads the project through `SharedProject.objects.visible_to_participant(org)` once it has
  accepted, and nothing else of the owner's (docs/adr/0021-cost-allocation-and-shared-projects.md).

Activities sit in a lower app: they reach these through the reverse relations
`activity.cost_allocation` and `activity.shared_projects`, never by importing this app.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from malbild.core.models import OrganisationOwnedModel, OrganisationQuerySet, StableItemModel

from .constants import AllocationRule, ParticipantStatus


def _check_years(obj, errors: dict) -> None:
    for name in ("start_year", "end_year"):
        year = getattr(obj, name)
        if year is not None and not 1900 <= year <= 2200:
            errors[name] = _("Enter a year between 1900 and 2200.")
    if obj.start_year and obj.end_year and obj.end_year < obj.start_year:
        errors["end_year"] = _("The end year cannot be before the start year.")


class CostAllocation(StableItemModel):
    """The allocation rule of one activity, or of a shared cost with an amount per year."""

    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    activity = models.OneToOneField(
        "actionplan.Activity",
        verbose_name=_("activity"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="cost_allocation",
        help_text=_("Leave empty for a shared cost not tied to one activity."),
    )
    rule = models.CharField(_("allocation key"), max_length=20, choices=AllocationRule.choices)
    annual_amount = models.DecimalField(
        _("amount per year (SEK)"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("For a shared cost; an activity's cost is its budget lines."),
    )
    device_price = models.DecimalField(
        _("amount per device and year (SEK)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
    )
    start_year = models.PositiveSmallIntegerField(_("first year"), null=True, blank=True)
    end_year = models.PositiveSmallIntegerField(_("last year"), null=True, blank=True)

    class Meta(StableItemModel.Meta):
        ordering = ["title", "id"]
        verbose_name = _("cost allocation")
        verbose_name_plural = _("cost allocations")

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        errors: dict[str, str] = {}
        self.title = (self.title or "").strip()
        if not self.title:
            errors["title"] = _("This field cannot be blank.")
        _check_years(self, errors)
        for name in ("annual_amount", "device_price"):
            value = getattr(self, name)
            if value is not None and value < 0:
                errors[name] = _("The amount cannot be negative.")
        if self.rule == AllocationRule.DEVICE:
            if self.device_price is None:
                errors["device_price"] = _("Enter the amount per device and year.")
            if self.annual_amount is not None:
                errors["annual_amount"] = _(
                    "Per device, the total is the amount per device times the devices; "
                    "leave the amount per year empty."
                )
        elif self.device_price is not None:
            errors["device_price"] = _("Only the rule per device has an amount per device.")
        if self.rule == AllocationRule.BENEFIT and self.activity_id is None:
            errors["activity"] = _("The benefit share comes from an activity's calculation.")
        if (
            self.activity_id is None
            and self.rule != AllocationRule.DEVICE
            and self.annual_amount is None
        ):
            errors["annual_amount"] = _("A shared cost needs its amount per year.")
        if self.activity_id is None and not (self.start_year and self.end_year):
            errors.setdefault("start_year", _("A shared cost needs its first and last year."))
        if self.activity_id is not None and self.annual_amount is not None:
            errors["annual_amount"] = _(
                "An activity's cost is its budget lines; leave the amount per year empty."
            )
        if errors:
            raise ValidationError(errors)

    @property
    def years(self) -> list[int]:
        """The years of a shared cost (an activity's years come from its budget lines)."""
        if self.start_year and self.end_year:
            return list(range(self.start_year, self.end_year + 1))
        return []


class FixedShare(OrganisationOwnedModel):
    """One body's fixed share (percent) of an allocation by fixed shares."""

    allocation = models.ForeignKey(
        CostAllocation, on_delete=models.CASCADE, related_name="fixed_shares"
    )
    body = models.ForeignKey(
        "organisation.Body",
        verbose_name=_("body"),
        on_delete=models.PROTECT,
        related_name="fixed_cost_shares",
    )
    percent = models.DecimalField(_("share (%)"), max_digits=5, decimal_places=2)

    class Meta:
        ordering = ["allocation", "body__name", "id"]
        verbose_name = _("fixed share")
        verbose_name_plural = _("fixed shares")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "allocation", "body"], name="uniq_fixed_share_per_body"
            )
        ]

    def __str__(self) -> str:
        return f"{self.body} {self.percent} %"

    def clean(self) -> None:
        if self.percent is not None and not 0 < self.percent <= 100:
            raise ValidationError({"percent": _("Enter a share above 0 and at most 100 %.")})


class DeviceCount(OrganisationOwnedModel):
    """The number of leased computers a body has in a year (allocation per device)."""

    allocation = models.ForeignKey(
        CostAllocation, on_delete=models.CASCADE, related_name="device_counts"
    )
    body = models.ForeignKey(
        "organisation.Body",
        verbose_name=_("body"),
        on_delete=models.PROTECT,
        related_name="device_counts",
    )
    year = models.PositiveSmallIntegerField(_("year"))
    devices = models.PositiveIntegerField(_("number of computers"))

    class Meta:
        ordering = ["allocation", "year", "body__name", "id"]
        verbose_name = _("number of devices")
        verbose_name_plural = _("numbers of devices")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "allocation", "body", "year"],
                name="uniq_device_count_per_body_year",
            )
        ]

    def __str__(self) -> str:
        return f"{self.body} {self.year}: {self.devices}"

    def clean(self) -> None:
        if self.year is not None and not 1900 <= self.year <= 2200:
            raise ValidationError({"year": _("Enter a year between 1900 and 2200.")})


class SharedProjectQuerySet(OrganisationQuerySet):
    def visible_to_participant(self, organisation) -> "SharedProjectQuerySet":
        """Projects of other organisations that `organisation` has accepted to take part in.
        The only way a participant reads another organisation's rows (ADR 0021)."""
        if organisation is None:
            return self.none()
        return self.filter(
            participants__member=organisation,
            participants__status=ParticipantStatus.ACCEPTED,
        ).distinct()


class SharedProjectManager(models.Manager.from_queryset(SharedProjectQuerySet)):
    pass


class ParticipantQuerySet(OrganisationQuerySet):
    def addressed_to(self, organisation) -> "ParticipantQuerySet":
        """The invitations of other organisations' projects addressed to `organisation`
        (invited, accepted or declined): what its strategists answer (ADR 0021)."""
        if organisation is None:
            return self.none()
        return self.filter(member=organisation).exclude(status=ParticipantStatus.EXTERNAL)


class ParticipantManager(models.Manager.from_queryset(ParticipantQuerySet)):
    pass


class SharedProject(StableItemModel):
    """A project shared by several organisations, owned by one, split by population."""

    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    activity = models.ForeignKey(
        "actionplan.Activity",
        verbose_name=_("activity"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="shared_projects",
        help_text=_("The owner's activity the project is part of, if any."),
    )
    annual_amount = models.DecimalField(
        _("cost per year (SEK)"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Leave empty to use the activity's budget lines."),
    )
    start_year = models.PositiveSmallIntegerField(_("first year"), null=True, blank=True)
    end_year = models.PositiveSmallIntegerField(_("last year"), null=True, blank=True)

    objects = SharedProjectManager()

    class Meta(StableItemModel.Meta):
        ordering = ["title", "id"]
        verbose_name = _("shared project")
        verbose_name_plural = _("shared projects")

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        errors: dict[str, str] = {}
        self.title = (self.title or "").strip()
        if not self.title:
            errors["title"] = _("This field cannot be blank.")
        _check_years(self, errors)
        if self.annual_amount is not None and self.annual_amount < 0:
            errors["annual_amount"] = _("The amount cannot be negative.")
        if self.activity_id is None and self.annual_amount is None:
            errors["annual_amount"] = _("A project without an activity needs its cost per year.")
        if self.annual_amount is not None and not (self.start_year and self.end_year):
            errors.setdefault("start_year", _("Enter the first and last year of the cost."))
        if errors:
            raise ValidationError(errors)

    @property
    def years(self) -> list[int]:
        if self.start_year and self.end_year:
            return list(range(self.start_year, self.end_year + 1))
        return []


class Participant(OrganisationOwnedModel):
    """A participant of a shared project, kept by the owner (`organisation`): an organisation
    on this instance (`member`, invited, then accepted or declined) or a named external party
    with its population."""

    project = models.ForeignKey(
        SharedProject, on_delete=models.CASCADE, related_name="participants"
    )
    member = models.ForeignKey(
        "organisation.Organisation",
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="shared_project_participations",
    )
    name = models.CharField(_("name"), max_length=200, blank=True)
    population = models.PositiveIntegerField(_("population"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=ParticipantStatus.choices)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)

    objects = ParticipantManager()

    class Meta:
        ordering = ["project", "id"]
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "project", "member"],
                condition=models.Q(member__isnull=False),
                name="uniq_participant_member",
            ),
            models.UniqueConstraint(
                fields=["organisation", "project", "name"],
                condition=models.Q(member__isnull=True),
                name="uniq_participant_external_name",
            ),
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return self.member.name if self.member_id else self.name

    @property
    def is_external(self) -> bool:
        return self.member_id is None

    def clean(self) -> None:
        errors: dict[str, str] = {}
        self.name = (self.name or "").strip()
        if self.member_id is None:
            if not self.name:
                errors["name"] = _("Name the external party.")
            if not self.population:
                errors["population"] = _("Enter the external party's population.")
            if self.status != ParticipantStatus.EXTERNAL:
                errors["status"] = _("An external party has no invitation to answer.")
        else:
            if self.member_id == self.organisation_id:
                errors["member"] = _("The owner takes part already.")
            if self.status == ParticipantStatus.EXTERNAL:
                errors["status"] = _("An organisation on this instance is invited.")
            if self.population is not None:
                errors["population"] = _(
                    "An organisation's population comes from its record or from Kolada."
                )
        if errors:
            raise ValidationError(errors)
