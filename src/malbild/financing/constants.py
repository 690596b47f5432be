from django.db import models
from django.utils.translation import gettext_lazy as _

#: Kolada's KPI of the population (Folkmängd 31 december).
POPULATION_KPI = "N01951"


class AllocationRule(models.TextChoices):
    """How the cost of one activity or shared cost is divided between the bodies."""

    BENEFIT = "benefit", _("By benefit share")
    FIXED = "fixed", _("By fixed shares")
    DEVICE = "device", _("Per device")


class ParticipantStatus(models.TextChoices):
    INVITED = "invited", _("Invited")
    ACCEPTED = "accepted", _("Taking part")
    DECLINED = "declined", _("Declined")
    EXTERNAL = "external", _("External party")


class PopulationSource(models.TextChoices):
    KOLADA = "kolada", _("Kolada N01951")
    RECORD = "record", _("The organisation's record")
    STATED = "stated", _("Stated for the external party")
    MISSING = "missing", _("Missing")
