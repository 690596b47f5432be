"""Cases (ärenden): a registry number and a title with the documents and events in it —
motions, assignments, proposals for a decision and the decisions themselves (the existing
`strategy.Decision`, linked with its outcome), and the steering documents the case led to.

Cases sit above strategy: a case points at documents and decisions; strategy reads the cases
of a document through the reverse relation `document.cases`, never by importing this app
(docs/adr/0009-cases-and-revisions.md)."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from malbild.core.models import OrganisationOwnedModel, StableItemModel

from .constants import AssignmentStatus, CaseStatus, Outcome


class Case(StableItemModel):
    registry_number = models.CharField(_("registry number (Dnr)"), max_length=60)
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=CaseStatus.choices, default=CaseStatus.OPEN
    )
    responsible_body = models.ForeignKey(
        "organisation.Body",
        verbose_name=_("responsible body"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cases",
    )
    documents = models.ManyToManyField(
        "strategy.SteeringDocument",
        verbose_name=_("steering documents"),
        blank=True,
        related_name="cases",
        help_text=_("The documents the case led to or concerns."),
    )

    class Meta(StableItemModel.Meta):
        ordering = ["-created_at", "-id"]
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        constraints = [
            *StableItemModel.Meta.constraints,
            models.UniqueConstraint(
                fields=["organisation", "registry_number"], name="uniq_case_registry_number"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.registry_number} {self.title}".strip()

    def clean(self) -> None:
        self.registry_number = (self.registry_number or "").strip()
        if not self.registry_number:
            raise ValidationError({"registry_number": _("This field cannot be blank.")})
        if self.organisation_id:
            taken = Case.objects.for_org(self.organisation_id).filter(
                registry_number__iexact=self.registry_number
            )
            if self.pk:
                taken = taken.exclude(pk=self.pk)
            if taken.exists():
                raise ValidationError(
                    {"registry_number": _("Another case already has this registry number.")}
                )


class CaseEvent(OrganisationOwnedModel):
    """What every entry of a case has: the case and the date."""

    case = models.ForeignKey(Case, verbose_name=_("case"), on_delete=models.CASCADE)
    date = models.DateField(_("date"))

    class Meta:
        abstract = True


class Motion(CaseEvent):
    """A councillor's motion: who, for which party, when, and what it asks for."""

    case = models.ForeignKey(
        Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="motions"
    )
    title = models.CharField(_("title"), max_length=300)
    author = models.CharField(_("submitted by"), max_length=200)
    party = models.CharField(_("party"), max_length=60, blank=True, help_text=_("e.g. M, S, C"))
    request = models.TextField(_("what the motion asks for"))
    text = models.TextField(_("motion text"), blank=True)

    class Meta:
        ordering = ["date", "id"]
        verbose_name = _("motion")
        verbose_name_plural = _("motions")

    def __str__(self) -> str:
        party = f" ({self.party})" if self.party else ""
        return f"{self.title} – {self.author}{party}"


class Assignment(CaseEvent):
    """An assignment (uppdrag): given by a decision (or in the course of the case) to a body,
    due by a date, and reported back."""

    case = models.ForeignKey(
        Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="assignments"
    )
    decision = models.ForeignKey(
        "strategy.Decision",
        verbose_name=_("given by decision"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="case_assignments",
    )
    assigned_to = models.ForeignKey(
        "organisation.Body",
        verbose_name=_("assigned to"),
        on_delete=models.PROTECT,
        related_name="case_assignments",
    )
    description = models.TextField(_("what is to be done"))
    due_date = models.DateField(_("due date"), null=True, blank=True)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=AssignmentStatus.choices,
        default=AssignmentStatus.GIVEN,
    )
    reported_on = models.DateField(_("reported back on"), null=True, blank=True)
    report = models.TextField(_("report"), blank=True)

    class Meta:
        ordering = ["date", "id"]
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")

    def __str__(self) -> str:
        name = self.assigned_to.short_name or self.assigned_to.name if self.assigned_to_id else ""
        return _("Assignment to %(body)s") % {"body": name}

    def clean(self) -> None:
        errors = {}
        if self.date and self.due_date and self.due_date < self.date:
            errors["due_date"] = _("The due date cannot be before the assignment was given.")
        if self.date and self.reported_on and self.reported_on < self.date:
            errors["reported_on"] = _("It cannot be reported back before it was given.")
        if self.status == AssignmentStatus.REPORTED and not self.reported_on:
            errors["reported_on"] = _("Give the date the assignment was reported back.")
        if errors:
            raise ValidationError(errors)


class Proposal(CaseEvent):
    """A proposal for a decision (förslag till beslut) from one body to another, e.g. the
    executive board proposing to the council."""

    case = models.ForeignKey(
        Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="proposals"
    )
    from_body = models.ForeignKey(
        "organisation.Body",
        verbose_name=_("proposed by"),
        on_delete=models.PROTECT,
        related_name="case_proposals_made",
    )
    to_body = models.ForeignKey(
        "organisation.Body",
        verbose_name=_("proposed to"),
        on_delete=models.PROTECT,
        related_name="case_proposals_received",
    )
    paragraph = models.CharField(_("minute paragraph (§)"), max_length=20, blank=True)
    proposed_outcome = models.CharField(
        _("proposed outcome"), max_length=20, choices=Outcome.choices
    )
    text = models.TextField(_("proposal text"))

    class Meta:
        ordering = ["date", "id"]
        verbose_name = _("proposal for a decision")
        verbose_name_plural = _("proposals for a decision")

    def __str__(self) -> str:
        body = self.from_body.short_name or self.from_body.name if self.from_body_id else ""
        parts = [body, self.date.isoformat() if self.date else "", self.paragraph_display]
        return " ".join(p for p in parts if p)

    @property
    def paragraph_display(self) -> str:
        p = (self.paragraph or "").strip()
        return p if not p or p.startswith("§") else f"§ {p}"

    def clean(self) -> None:
        if self.from_body_id and self.from_body_id == self.to_body_id:
            raise ValidationError({"to_body": _("A body does not propose to itself.")})


class CaseDecision(OrganisationOwnedModel):
    """A recorded decision (`strategy.Decision`) taken in a case, with its outcome."""

    case = models.ForeignKey(
        Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="case_decisions"
    )
    decision = models.OneToOneField(
        "strategy.Decision",
        verbose_name=_("recorded decision"),
        on_delete=models.PROTECT,
        related_name="case_link",
    )
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices)

    class Meta:
        ordering = ["decision__date", "id"]
        verbose_name = _("decision in the case")
        verbose_name_plural = _("decisions in the case")

    def __str__(self) -> str:
        return f"{self.decision} – {self.get_outcome_display()}" if self.decision_id else ""
