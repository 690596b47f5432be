from django.db import models
from django.utils.translation import gettext_lazy as _


class PeriodKind(models.TextChoices):
    YEARLY = "yearly", _("Yearly")
    FOUR_MONTHLY = "four_monthly", _("Four-monthly")
    INTERIM = "interim", _("Interim")
    MONTHLY = "monthly", _("Monthly")


class PeriodStatus(models.TextChoices):
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class ContributionState(models.TextChoices):
    MISSING = "missing", _("Missing")
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned")
    APPROVED = "approved", _("Approved")


class Status(models.TextChoices):
    """Assessment of an indicator, goal or focus area in a period."""

    ON_TRACK = "on_track", _("On track")
    AT_RISK = "at_risk", _("At risk")
    OFF_TRACK = "off_track", _("Off track")
    NO_DATA = "no_data", _("No data")


class Answer(models.TextChoices):
    FULLY = "fully", _("Fulfils fully")
    PARTLY = "partly", _("Fulfils partly")
    NOT = "not", _("Does not fulfil")


class AmendmentTarget(models.TextChoices):
    ACTIVITY = "activity", _("Activity")
    INDICATOR = "indicator", _("Indicator")
    GOAL = "goal", _("Goal")
    FOCUS_AREA = "focus_area", _("Focus area")


class ValueOrigin(models.TextChoices):
    MANUAL = "manual", _("A person")
    KOLADA = "kolada", _("Kolada")


class KoladaConflictState(models.TextChoices):
    OPEN = "open", _("Waiting for a choice")
    KEPT = "kept", _("The entered value was kept")


class SyncState(models.TextChoices):
    QUEUED = "queued", _("Waiting to start")
    RUNNING = "running", _("Running")
    DONE = "done", _("Finished")
    FAILED = "failed", _("Failed")
