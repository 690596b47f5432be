"""The tenant (a municipality or region) and its bodies: council, board, committees,
administrations, companies, associations and external consultees, as a tree."""

import uuid

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from malbild.core.models import OrganisationOwnedModel, TimeStampedModel

from .branding import logo_path, validate_accent_colour
from .constants import BodyKind


class Organisation(TimeStampedModel):
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("short name (in addresses)"), max_length=60, unique=True)
    kolada_id = models.CharField(
        _("Kolada municipality id"),
        max_length=4,
        blank=True,
        validators=[RegexValidator(r"^\d{4}$", _("Enter four digits, e.g. 1489."))],
    )
    kolada_peers = models.CharField(
        _("comparison municipalities (Kolada)"),
        max_length=200,
        blank=True,
        validators=[
            RegexValidator(
                r"^\s*(\d{4}\s*(,\s*\d{4}\s*)*)?$",
                _("Enter four-digit municipality ids separated by commas, e.g. 1441, 1490."),
            )
        ],
        help_text=_(
            "Municipalities the indicators from Kolada are compared with, as four-digit ids "
            "separated by commas (e.g. 1441, 1490); the whole country is always included."
        ),
    )
    population = models.PositiveIntegerField(_("population"), null=True, blank=True)
    # Branding (organisation/branding.py): shown on the public portal and the internal pages.
    logo = models.FileField(_("logo"), upload_to=logo_path, max_length=200, blank=True)
    logo_type = models.CharField(_("logo type"), max_length=20, blank=True, editable=False)
    accent_colour = models.CharField(
        _("accent colour"),
        max_length=7,
        blank=True,
        validators=[validate_accent_colour],
        help_text=_("# and six hexadecimal digits, e.g. #005A9C; at least 4.5:1 against white."),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self) -> str:
        return self.name

    @property
    def kolada_peer_ids(self) -> list[str]:
        """The comparison municipalities' ids, in the order given, without repeats."""
        ids = [p.strip() for p in (self.kolada_peers or "").split(",") if p.strip()]
        return [p for i, p in enumerate(ids) if p not in ids[:i] and p != self.kolada_id]

    def clean(self) -> None:
        super().clean()
        self.kolada_peers = ", ".join(self.kolada_peer_ids)


class Body(OrganisationOwnedModel):
    """A political body, administration, company, association or external consultee."""

    uid = models.UUIDField(_("stable id"), default=uuid.uuid4, db_index=True, editable=False)
    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(_("abbreviation"), max_length=30, blank=True)
    kind = models.CharField(_("kind"), max_length=30, choices=BodyKind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent body"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    email = models.EmailField(_("e-mail"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("body")
        verbose_name_plural = _("bodies")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="uniq_body_name_per_org"),
            models.UniqueConstraint(
                fields=["organisation", "uid"], name="uniq_organisation_body_uid"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_external(self) -> bool:
        return self.kind == BodyKind.EXTERNAL

    def clean(self) -> None:
        if self.parent_id:
            if self.pk and self.parent_id == self.pk:
                raise ValidationError({"parent": _("A body cannot be its own parent.")})
            node, seen = self.parent, set()
            while node is not None and node.pk not in seen:
                if self.pk and node.pk == self.pk:
                    raise ValidationError({"parent": _("This would create a loop in the tree.")})
                seen.add(node.pk)
                node = node.parent
