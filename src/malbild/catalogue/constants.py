from django.db import models
from django.utils.translation import gettext_lazy as _


class CatalogueKind(models.TextChoices):
    IT_SYSTEM = "it_system", _("IT system")
    E_SERVICE = "e_service", _("E-service")
