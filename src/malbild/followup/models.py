"""Follow-up of a steering document: periods, the contributions reported per activity and
indicator, status overrides, amendments after closing, and the self-assessment checklist."""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from malbild.actionplan.constants import ActivityStatus
from malbild.core.models import OrganisationOwnedModel

from .constants import (
    AmendmentTarget,
    Answer,
    ContributionState,
    KoladaConflictState,
    PeriodKind,
    PeriodStatus,
    Status,
    SyncState,
    ValueOrigin,
)

ANALYSIS_MAX_LENGTH = 20_000


class FollowUpPeriod(OrganisationOwnedModel):
    document = models.ForeignKey(
        "strategy.SteeringDocument",
        verbose_name=_("document"),
        on_delete=models.CASCADE,
        related_name="followup_periods",
    )
    kind = models.CharField(
        _("kind"), max_length=20, choices=PeriodKind.choices, default=PeriodKind.YEARLY
    )
    label = models.CharField(_("label"), max_length=100)
    start = models.DateField(_("start date"))
    end = models.DateField(_("end date"))
    deadline = models.DateField(_("deadline for contributions"))
    include_descendants = models.BooleanField(
        _("include the documents below"),
        default=False,
        help_text=_(
            "Follow up the plans below the document too, in this period and its report; each "
            "activity and indicator is still reported only once."
        ),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=PeriodStatus.choices, default=PeriodStatus.OPEN
    )
    question_set = models.ForeignKey(
        "followup.QuestionSet",
        verbose_name=_("self-assessment"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="periods",
    )
    analysis = models.TextField(
        _("analysis and conclusions"),
        blank=True,
        validators=[MaxLengthValidator(ANALYSIS_MAX_LENGTH)],
        help_text=_(
            "The strategist's own analysis for the annual report (Markdown: paragraphs, "
            "lists, headings). Frozen with the data when the period is closed."
        ),
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    snapshot = models.JSONField(_("frozen data"), null=True, blank=True, editable=False)
    # The audit log records a reference to the snapshot, never a copy (core/audit.py).
    AUDIT_AS_REFERENCE = ("snapshot",)

    class Meta:
        ordering = ["document", "start", "id"]
        verbose_name = _("follow-up period")
        verbose_name_plural = _("follow-up periods")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "document", "start", "end"],
                name="uniq_followup_period_span",
            )
        ]

    def __str__(self) -> str:
        return f"{self.document} – {self.label}"

    @property
    def year(self) -> int:
        return self.end.year

    @property
    def is_closed(self) -> bool:
        return self.status == PeriodStatus.CLOSED

    def clean(self) -> None:
        errors = {}
        if self.start and self.end and self.end < self.start:
            errors["end"] = _("The end date cannot be before the start date.")
        if self.start and self.deadline and self.deadline < self.start:
            errors["deadline"] = _("The deadline cannot be before the start date.")
        if errors:
            raise ValidationError(errors)


class Contribution(OrganisationOwnedModel):
    """What a body reports for one item in one period, with its approval state."""

    state = models.CharField(
        _("state"), max_length=20, choices=ContributionState.choices, default="draft"
    )
    review_comment = models.TextField(_("review comment"), blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        abstract = True


class ActivityReport(Contribution):
    period = models.ForeignKey(
        FollowUpPeriod, on_delete=models.CASCADE, related_name="activity_reports"
    )
    activity = models.ForeignKey(
        "actionplan.Activity",
        verbose_name=_("activity"),
        on_delete=models.CASCADE,
        related_name="followup_reports",
    )
    status = models.CharField(_("activity status"), max_length=20, choices=ActivityStatus.choices)
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    comment = models.TextField(_("comment"), blank=True)
    forecast = models.DecimalField(
        _("forecast for the year (SEK)"), max_digits=14, decimal_places=2, null=True, blank=True
    )

    class Meta:
        ordering = ["period", "activity", "id"]
        verbose_name = _("activity report")
        verbose_name_plural = _("activity reports")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "period", "activity"], name="uniq_activity_report"
            )
        ]

    def __str__(self) -> str:
        return f"{self.activity} ({self.period.label})"

    def clean(self) -> None:
        if self.progress is not None and self.progress > 100:
            raise ValidationError({"progress": _("Progress is a percentage from 0 to 100.")})


class BudgetOutcome(OrganisationOwnedModel):
    report = models.ForeignKey(ActivityReport, on_delete=models.CASCADE, related_name="outcomes")
    budget_line = models.ForeignKey(
        "actionplan.BudgetLine",
        verbose_name=_("budget line"),
        on_delete=models.CASCADE,
        related_name="followup_outcomes",
    )
    spent = models.DecimalField(_("outcome (SEK)"), max_digits=14, decimal_places=2)

    class Meta:
        ordering = ["report", "budget_line", "id"]
        verbose_name = _("budget outcome")
        verbose_name_plural = _("budget outcomes")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "report", "budget_line"], name="uniq_budget_outcome"
            )
        ]

    def __str__(self) -> str:
        return f"{self.budget_line}: {self.spent}"

    def clean(self) -> None:
        if self.spent is not None and self.spent < 0:
            raise ValidationError({"spent": _("The outcome cannot be negative.")})


class RealisedBenefit(OrganisationOwnedModel):
    """The realised benefit of one benefit line of an activity's benefit calculation (its
    chosen alternative) in a period, reported with the activity report: a value in SEK for a
    monetised line, a description for one that is not, and how it was measured. It shares
    the report's state, lock version and review (docs/adr/0022-benefit-realisation.md)."""

    report = models.ForeignKey(
        ActivityReport, on_delete=models.CASCADE, related_name="realised_benefits"
    )
    line = models.ForeignKey(
        "benefits.CalculationLine",
        verbose_name=_("benefit"),
        on_delete=models.CASCADE,
        related_name="followup_realisations",
    )
    value = models.DecimalField(
        _("realised value (SEK)"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    description = models.TextField(_("realised benefit (description)"), blank=True)
    method = models.TextField(_("how it was measured"), blank=True)

    class Meta:
        ordering = ["report", "line", "id"]
        verbose_name = _("realised benefit")
        verbose_name_plural = _("realised benefits")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "report", "line"], name="uniq_realised_benefit"
            )
        ]

    def __str__(self) -> str:
        shown = self.value if self.value is not None else self.description[:40]
        return f"{self.line}: {shown}"

    def clean(self) -> None:
        if self.value is not None and self.value < 0:
            raise ValidationError({"value": _("A realised benefit cannot be negative.")})


class IndicatorValue(Contribution):
    period = models.ForeignKey(
        FollowUpPeriod, on_delete=models.CASCADE, related_name="indicator_values"
    )
    indicator = models.ForeignKey(
        "strategy.Indicator",
        verbose_name=_("indicator"),
        on_delete=models.CASCADE,
        related_name="followup_values",
    )
    value = models.DecimalField(
        _("measured value"), max_digits=16, decimal_places=4, null=True, blank=True
    )
    text = models.TextField(_("assessment (text)"), blank=True)
    measured_on = models.DateField(_("measured on"))
    comment = models.TextField(_("comment"), blank=True)
    source = models.CharField(_("source"), max_length=300, blank=True)
    #: Who wrote the value: a person (the form, the API) or the Kolada sync
    #: (malbild.followup.kolada), which never overwrites a person's value unasked.
    origin = models.CharField(
        _("entered by"), max_length=10, choices=ValueOrigin.choices, default=ValueOrigin.MANUAL
    )
    fetched_at = models.DateTimeField(_("fetched from Kolada at"), null=True, blank=True)

    class Meta:
        ordering = ["period", "indicator", "id"]
        verbose_name = _("indicator value")
        verbose_name_plural = _("indicator values")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "period", "indicator"], name="uniq_indicator_value"
            )
        ]

    def __str__(self) -> str:
        shown = self.value if self.value is not None else self.text[:40]
        return f"{self.indicator}: {shown} ({self.period.label})"

    def clean(self) -> None:
        if self.value is None and not self.text.strip():
            raise ValidationError({"value": _("Give a measured value or a text assessment.")})


class StatusOverride(OrganisationOwnedModel):
    """A strategist's judgement replacing the computed status of an indicator, or the roll-up
    of a goal or focus area, in a period. Exactly one of the three items is set."""

    period = models.ForeignKey(FollowUpPeriod, on_delete=models.CASCADE, related_name="overrides")
    indicator = models.ForeignKey(
        "strategy.Indicator",
        verbose_name=_("indicator"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="followup_overrides",
    )
    goal = models.ForeignKey(
        "strategy.Goal",
        verbose_name=_("goal"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="followup_overrides",
    )
    focus_area = models.ForeignKey(
        "strategy.FocusArea",
        verbose_name=_("focus area"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="followup_overrides",
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices)
    reason = models.TextField(_("reason"))

    class Meta:
        ordering = ["period", "id"]
        verbose_name = _("status override")
        verbose_name_plural = _("status overrides")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "period", "indicator"], name="uniq_status_override"
            ),
            models.UniqueConstraint(
                fields=["organisation", "period", "goal"], name="uniq_goal_status_override"
            ),
            models.UniqueConstraint(
                fields=["organisation", "period", "focus_area"],
                name="uniq_focus_area_status_override",
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(indicator__isnull=False, goal__isnull=True, focus_area__isnull=True)
                    | models.Q(indicator__isnull=True, goal__isnull=False, focus_area__isnull=True)
                    | models.Q(indicator__isnull=True, goal__isnull=True, focus_area__isnull=False)
                ),
                name="status_override_one_item",
            ),
        ]

    @property
    def item(self):
        return self.indicator or self.goal or self.focus_area

    def __str__(self) -> str:
        return f"{self.item}: {self.get_status_display()}"


class Amendment(OrganisationOwnedModel):
    """A correction to a closed period's frozen data; applied on top of the snapshot."""

    period = models.ForeignKey(FollowUpPeriod, on_delete=models.CASCADE, related_name="amendments")
    target = models.CharField(_("what"), max_length=20, choices=AmendmentTarget.choices)
    target_uid = models.UUIDField(_("item"))
    field = models.CharField(_("field"), max_length=40)
    old_value = models.TextField(_("old value"), blank=True)
    new_value = models.TextField(_("new value"), blank=True)
    reason = models.TextField(_("reason"))

    class Meta:
        ordering = ["period", "id"]
        verbose_name = _("amendment")
        verbose_name_plural = _("amendments")

    def __str__(self) -> str:
        return f"{self.period.label}: {self.field} {self.old_value} → {self.new_value}"


class QuestionSet(OrganisationOwnedModel):
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("self-assessment")
        verbose_name_plural = _("self-assessments")

    def __str__(self) -> str:
        return self.name


class QuestionSection(OrganisationOwnedModel):
    question_set = models.ForeignKey(QuestionSet, on_delete=models.CASCADE, related_name="sections")
    order = models.PositiveIntegerField(_("order"), default=0)
    title = models.CharField(_("title"), max_length=300)

    class Meta:
        ordering = ["question_set", "order", "id"]
        verbose_name = _("section")
        verbose_name_plural = _("sections")

    def __str__(self) -> str:
        return self.title


class Question(OrganisationOwnedModel):
    section = models.ForeignKey(QuestionSection, on_delete=models.CASCADE, related_name="questions")
    order = models.PositiveIntegerField(_("order"), default=0)
    text = models.CharField(_("question"), max_length=500)

    class Meta:
        ordering = ["section", "order", "id"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")

    def __str__(self) -> str:
        return self.text


class SelfAssessmentAnswer(OrganisationOwnedModel):
    period = models.ForeignKey(
        FollowUpPeriod, on_delete=models.CASCADE, related_name="self_assessment_answers"
    )
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    answer = models.CharField(_("answer"), max_length=10, choices=Answer.choices)
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        ordering = ["period", "question", "id"]
        verbose_name = _("self-assessment answer")
        verbose_name_plural = _("self-assessment answers")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "period", "question"], name="uniq_sa_answer"
            )
        ]

    def __str__(self) -> str:
        return f"{self.question}: {self.get_answer_display()}"


class KoladaConflict(OrganisationOwnedModel):
    """Kolada has another value than the one a person entered for an indicator in a period.
    Open until someone chooses: Kolada's value (it replaces the person's) or the person's
    (kept; a later sync asks again only when Kolada's value changes)."""

    value = models.OneToOneField(
        IndicatorValue,
        verbose_name=_("indicator value"),
        on_delete=models.CASCADE,
        related_name="kolada_conflict",
    )
    kolada_value = models.DecimalField(_("Kolada's value"), max_digits=16, decimal_places=4)
    source = models.CharField(_("source"), max_length=300)
    fetched_at = models.DateTimeField(_("fetched at"))
    state = models.CharField(
        _("state"),
        max_length=10,
        choices=KoladaConflictState.choices,
        default=KoladaConflictState.OPEN,
    )

    class Meta:
        ordering = ["value__period__end", "value__indicator__name", "id"]
        verbose_name = _("Kolada conflict")
        verbose_name_plural = _("Kolada conflicts")

    def __str__(self) -> str:
        return f"{self.value}: Kolada {self.kolada_value}"


class KoladaSyncJob(OrganisationOwnedModel):
    """One sync of Kolada values (an indicator, a document or the whole organisation), run as
    a background task (`malbild.followup.kolada.kolada_sync_task`) with its progress."""

    uid = models.UUIDField(default=uuid.uuid4, db_index=True, editable=False)
    document = models.ForeignKey(
        "strategy.SteeringDocument",
        verbose_name=_("document"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="kolada_sync_jobs",
    )
    indicator = models.ForeignKey(
        "strategy.Indicator",
        verbose_name=_("indicator"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="kolada_sync_jobs",
    )
    state = models.CharField(
        _("state"), max_length=10, choices=SyncState.choices, default=SyncState.QUEUED
    )
    percent = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    step = models.CharField(_("step"), max_length=300, blank=True)
    fetched = models.PositiveIntegerField(_("values fetched"), default=0)
    created = models.PositiveIntegerField(_("values added"), default=0)
    updated = models.PositiveIntegerField(_("values updated"), default=0)
    unchanged = models.PositiveIntegerField(_("values unchanged"), default=0)
    conflicts = models.PositiveIntegerField(_("conflicts"), default=0)
    skipped = models.PositiveIntegerField(_("years in closed periods"), default=0)
    task_id = models.CharField(_("task id"), max_length=64, blank=True)
    #: What went wrong, for the page (a translated sentence, never a traceback).
    error = models.TextField(_("error"), blank=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("Kolada sync")
        verbose_name_plural = _("Kolada syncs")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "uid"], name="uniq_followup_koladasyncjob_uid"
            )
        ]

    def __str__(self) -> str:
        return str(self.indicator or self.document or self.organisation)

    @property
    def is_pending(self) -> bool:
        return self.state in (SyncState.QUEUED, SyncState.RUNNING)
