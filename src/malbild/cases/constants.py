"""Choices of cases (ärenden) and their events."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class CaseStatus(models.TextChoices):
    OPEN = "open", _("Open")
    DECIDED = "decided", _("Decided")
    CLOSED = "closed", _("Closed")


class AssignmentStatus(models.TextChoices):
    GIVEN = "given", _("Given")
    ONGOING = "ongoing", _("Ongoing")
    REPORTED = "reported", _("Reported back")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Outcome(models.TextChoices):
    """What a body decides (or is proposed to decide) on the matter of a case."""

    APPROVED = "approved", _("Approved")
    PARTLY_APPROVED = "partly_approved", _("Partly approved")
    REJECTED = "rejected", _("Rejected")
    ANSWERED = "answered", _("Answered")
    REFERRED_BACK = "referred_back", _("Referred back")
    TABLED = "tabled", _("Tabled")
    NOTED = "noted", _("Noted")
    OTHER = "other", _("Other")


class EventKind(models.TextChoices):
    """The kinds of entries on a case's timeline."""

    MOTION = "motion", _("Motion")
    ASSIGNMENT = "assignment", _("Assignment")
    ASSIGNMENT_REPORTED = "assignment_reported", _("Assignment reported back")
    PROPOSAL = "proposal", _("Proposal for a decision")
    DECISION = "decision", _("Decision")
