"""Kolada's public data as last fetched: values of a KPI per municipality and year, and the
names of municipalities. Public statistics, the same for every organisation (not tenant data);
the follow-up maps them onto an organisation's indicators (malbild.followup.kolada)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

#: Kolada's id of the whole country.
RIKET = "0000"


class KoladaValue(models.Model):
    """The total (gender T) value of `kpi` for `municipality` in `year`."""

    kpi = models.CharField(_("Kolada KPI id"), max_length=20)
    municipality = models.CharField(_("Kolada municipality id"), max_length=4)
    year = models.PositiveSmallIntegerField(_("year"))
    value = models.DecimalField(_("value"), max_digits=16, decimal_places=4, null=True)
    #: Kolada's status of the value: "" or e.g. "Missing" (then `value` is None).
    status = models.CharField(_("status"), max_length=40, blank=True)
    fetched_at = models.DateTimeField(_("fetched at"))
    source_url = models.URLField(_("fetched from"), max_length=500)

    class Meta:
        ordering = ["kpi", "municipality", "year"]
        verbose_name = _("Kolada value")
        verbose_name_plural = _("Kolada values")
        constraints = [
            models.UniqueConstraint(
                fields=["kpi", "municipality", "year"], name="uniq_kolada_value"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kpi} {self.municipality} {self.year}: {self.value}"


class KoladaMunicipality(models.Model):
    """A municipality (type K) or region/the country (type L) as Kolada names it."""

    code = models.CharField(_("Kolada municipality id"), max_length=4, unique=True)
    title = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("type"), max_length=2, blank=True)
    fetched_at = models.DateTimeField(_("fetched at"))

    class Meta:
        ordering = ["title"]
        verbose_name = _("Kolada municipality")
        verbose_name_plural = _("Kolada municipalities")

    def __str__(self) -> str:
        return self.title
