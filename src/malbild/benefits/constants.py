"""Choices of a benefit calculation's lines (E-delegationen's model: direction, kind, who
bears or receives the amount, and how certain it is)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Direction(models.TextChoices):
    COST = "cost", _("Cost")
    BENEFIT = "benefit", _("Benefit")


class LineKind(models.TextChoices):
    INVESTMENT = "investment", _("Investment")
    OPERATING = "operating", _("Operating")
    ONE_OFF = "one_off", _("One-off")


class PartyKind(models.TextChoices):
    """Who bears a cost or receives a benefit."""

    BODY = "body", _("Body of the organisation")
    RESIDENTS = "residents", _("Residents")
    BUSINESSES = "businesses", _("Businesses")
    ORGANISATION = "other_organisation", _("Another organisation")


class Certainty(models.TextChoices):
    """The traffic-light certainty of E-delegationen's benefit model (grön/gul/röd)."""

    GREEN = "green", _("Green (certain)")
    YELLOW = "yellow", _("Yellow (fairly certain)")
    RED = "red", _("Red (uncertain)")


#: Certainties whose lines the sensitivity analysis varies.
UNCERTAIN = (Certainty.YELLOW, Certainty.RED)

#: The longest horizon a calculation may have (years).
MAX_YEARS = 50
