from django.db import models
from django.utils.translation import gettext_lazy as _


class BodyKind(models.TextChoices):
    COUNCIL = "council", _("Council (KF)")
    EXECUTIVE_BOARD = "executive_board", _("Executive board (KS)")
    WORKING_COMMITTEE = "working_committee", _("Working committee (AU)")
    COMMITTEE = "committee", _("Committee")
    ADMINISTRATION = "administration", _("Administration / office")
    COMPANY = "company", _("Municipal company")
    ASSOCIATION = "association", _("Association")
    GROUP = "group", _("Council, group or network")
    EXTERNAL = "external", _("External body")
