"""The public portal's settings per organisation, which documents it publishes, and the
feedback residents send through it (docs/adr/0016-public-portal.md)."""

from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from malbild.core.models import OrganisationOwnedModel, TimeStampedModel

FEEDBACK_MAX_LENGTH = 5000


class PortalSettings(TimeStampedModel):
    """One row per organisation (created on first save of the settings), an extension of the
    organisation row itself (a one-to-one, like the organisation, so the public start page
    can list the organisations whose portal is on without reading across tenants' data).
    Its `modified_at` is touched whenever a publication changes: the portal's cache
    validator."""

    organisation = models.OneToOneField(
        "organisation.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="portal",
    )
    lock_version = models.PositiveIntegerField(_("edit version"), default=1, editable=False)

    enabled = models.BooleanField(_("the public portal is on"), default=False)
    contact_email = models.EmailField(_("contact e-mail (accessibility)"), blank=True)
    contact_phone = models.CharField(_("contact telephone"), max_length=40, blank=True)
    accessibility_statement = models.TextField(
        _("accessibility statement (Markdown)"),
        blank=True,
        validators=[MaxLengthValidator(20_000)],
        help_text=_("Leave empty to use the standard text."),
    )
    statement_reviewed_on = models.DateField(_("statement last reviewed on"), null=True, blank=True)

    class Meta:
        verbose_name = _("public portal settings")
        verbose_name_plural = _("public portal settings")

    def __str__(self) -> str:
        return str(_("Public portal settings"))


class Publication(OrganisationOwnedModel):
    """Whether a steering document is published on the portal. Only its adopted version and
    the closed follow-ups and consultation rounds of it are ever shown."""

    document = models.OneToOneField(
        "strategy.SteeringDocument",
        verbose_name=_("document"),
        on_delete=models.CASCADE,
        related_name="publication",
    )
    published = models.BooleanField(_("published on the portal"), default=False)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)

    class Meta:
        ordering = ["document__title", "id"]
        verbose_name = _("publication")
        verbose_name_plural = _("publications")

    def __str__(self) -> str:
        return str(self.document)


class FeedbackMessage(OrganisationOwnedModel):
    """A message from the public (a problem with accessibility, a question, a comment)."""

    name = models.CharField(_("name"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    page = models.CharField(_("the page it is about"), max_length=500, blank=True)
    message = models.TextField(_("message"), validators=[MaxLengthValidator(FEEDBACK_MAX_LENGTH)])
    handled_at = models.DateTimeField(_("handled at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("feedback message")
        verbose_name_plural = _("feedback messages")

    def __str__(self) -> str:
        return self.message[:60]
