"""Choices of the consultation round (remiss): round status, positions, comment kinds,
dispositions and the state of each consultee."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class RoundStatus(models.TextChoices):
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class ResponseStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    SUPERSEDED = "superseded", _("Replaced by a correction")


class Position(models.TextChoices):
    SUPPORTS = "supports", _("Supports")
    SUPPORTS_WITH_CHANGES = "supports_with_changes", _("Supports with changes")
    OPPOSES = "opposes", _("Opposes")
    NO_OPINION = "no_opinion", _("No opinion (nothing to remark)")


class CommentKind(models.TextChoices):
    ADD = "add", _("Add")
    CHANGE = "change", _("Change")
    REMOVE = "remove", _("Remove")
    QUESTION = "question", _("Question")
    OTHER = "other", _("Other")


class DispositionKind(models.TextChoices):
    ACCEPTED = "accepted", _("Accepted")
    PARTLY_ACCEPTED = "partly_accepted", _("Partly accepted")
    NOT_ACCEPTED = "not_accepted", _("Not accepted")
    NOTED = "noted", _("Noted")


class ConsulteeState(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted on time")
    LATE = "late", _("Submitted late")
    DECLINED = "declined", _("Declined to respond")


class Via(models.TextChoices):
    ACCOUNT = "account", _("User account")
    LINK = "link", _("Secret link")
    REGISTRAR = "registrar", _("Registered by the strategist")


ANSWERED_STATES = {ConsulteeState.SUBMITTED, ConsulteeState.LATE, ConsulteeState.DECLINED}

# The snapshot item types a comment may be anchored to (see strategy/snapshot/).
ANCHOR_TYPES = ("section", "overall_goal", "focus_area", "goal", "indicator", "activity")
