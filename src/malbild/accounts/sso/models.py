"""The link between a user and their identity at the OpenID Connect provider."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class OidcIdentity(models.Model):
    """A user as the provider `issuer` knows them: its stable subject claim (`sub`, or the
    claim MALBILD_OIDC_SUBJECT_CLAIM names). Logins are matched on (issuer, subject) first;
    e-mail only links an identity the first time (ADR 0013)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="oidc_identities",
    )
    issuer = models.CharField(_("issuer"), max_length=255)
    subject = models.CharField(_("subject"), max_length=255)
    created_at = models.DateTimeField(_("linked"), auto_now_add=True)
    last_login_at = models.DateTimeField(_("last login"), null=True, blank=True)

    class Meta:
        verbose_name = _("single sign-on identity")
        verbose_name_plural = _("single sign-on identities")
        constraints = [
            models.UniqueConstraint(fields=["issuer", "subject"], name="uniq_oidc_identity")
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.issuer}"
