"""The catalogue: IT systems and e-services that activities and indicators refer to."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from malbild.core.models import StableItemModel

from .constants import CatalogueKind


class CatalogueItem(StableItemModel):
    kind = models.CharField(_("kind"), max_length=20, choices=CatalogueKind.choices)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    owning_body = models.ForeignKey(
        "organisation.Body",
        verbose_name=_("owning body"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="catalogue_items",
    )
    system_owner = models.CharField(_("system owner"), max_length=200, blank=True)
    system_manager = models.CharField(_("system manager"), max_length=200, blank=True)
    url = models.URLField(_("address"), blank=True)
    usage_measure = models.CharField(
        _("usage measure"),
        max_length=300,
        blank=True,
        help_text=_("e.g. share of applications submitted through the e-service"),
    )

    class Meta(StableItemModel.Meta):
        ordering = ["kind", "name"]
        verbose_name = _("catalogue item")
        verbose_name_plural = _("catalogue")
        constraints = [
            *StableItemModel.Meta.constraints,
            models.UniqueConstraint(
                fields=["organisation", "kind", "name"], name="uniq_catalogue_name"
            ),
        ]

    def __str__(self) -> str:
        return self.name
