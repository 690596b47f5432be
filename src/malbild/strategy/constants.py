from django.db import models
from django.utils.translation import gettext_lazy as _


class DocumentKind(models.TextChoices):
    VISION = "vision", _("Vision / strategy")
    DIGITAL_AGENDA = "digital_agenda", _("Digital agenda")
    ACTION_PLAN = "action_plan", _("Action plan")
    SUB_PLAN = "sub_plan", _("Committee's own plan")


class DocumentStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    IN_CONSULTATION = "in_consultation", _("In consultation")
    ADOPTED = "adopted", _("Adopted")
    #: An adopted document being edited: the adopted version stays in force (docs/adr/0009).
    REVISION = "revision", _("Under revision")
    ARCHIVED = "archived", _("Archived")


class Direction(models.TextChoices):
    INCREASE = "increase", _("Higher is better")
    DECREASE = "decrease", _("Lower is better")


class IndicatorKind(models.TextChoices):
    QUANTITATIVE = "quantitative", _("Quantitative")
    QUALITATIVE = "qualitative", _("Qualitative")


class MeasureType(models.TextChoices):
    COUNT = "count", _("Count")
    SHARE = "share", _("Share / coverage")
    USAGE = "usage", _("Usage")
    QUALITY = "quality", _("Quality")
    SATISFACTION = "satisfaction", _("Satisfaction")
    COST = "cost", _("Cost / benefit")
    OTHER = "other", _("Other")


class IndicatorSource(models.TextChoices):
    MANUAL = "manual", _("Manual entry")
    KOLADA = "kolada", _("Kolada key figure")
    ESERVICE = "eservice", _("E-service statistics")


class DecisionKind(models.TextChoices):
    CONSULTATION = "consultation", _("Sent for consultation")
    EXTENSION = "extension", _("Deadline extended")
    APPROVAL = "approval", _("Approval")
    ADOPTION = "adoption", _("Adoption")
    OTHER = "other", _("Other")
