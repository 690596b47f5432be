from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    ADMIN = "admin", _("Administrator")
    STRATEGIST = "strategist", _("Strategist")
    EDITOR = "editor", _("Editor")
    READER = "reader", _("Reader")
    RESPONDENT = "respondent", _("Respondent")
