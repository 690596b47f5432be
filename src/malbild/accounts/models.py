"""Users, their roles per organisation, and personal API tokens."""

import hashlib
import secrets

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from malbild.core.audit import audit_record
from malbild.core.models import OrganisationManager
from malbild.core.security import security_event

from .constants import Role


class User(AbstractUser):
    """A local account. Roles live in Membership, one row per organisation and role.
    `language`: the language of the e-mail the user gets (blank: Swedish)."""

    language = models.CharField(
        _("language of e-mail"),
        max_length=10,
        choices=settings.LANGUAGES,
        blank=True,
        default="",
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        full = self.get_full_name()
        return f"{full} ({self.username})" if full else self.username

    def save(self, *args, **kwargs):
        """A new password (set_password, from any path: password change, the admin,
        `changepassword`) revokes every API token of the user."""
        password_changed = self._password is not None and self.pk is not None
        super().save(*args, **kwargs)
        if password_changed:
            ApiToken.objects.revoke_all(user=self, reason="password_changed")

    @property
    def is_admin_anywhere(self) -> bool:
        """An operator, or an administrator of at least one organisation."""
        if self.is_superuser or self.is_staff:
            return True
        return self.pk is not None and self.memberships.filter(role=Role.ADMIN).exists()


class Membership(models.Model):
    """A user's role in one organisation; editors and respondents act for named bodies."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    organisation = models.ForeignKey(
        "organisation.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    bodies = models.ManyToManyField(
        "organisation.Body", verbose_name=_("bodies"), blank=True, related_name="memberships"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = OrganisationManager()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation", "role"], name="uniq_membership_role"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.organisation} – {self.get_role_display()}"


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


class TokenScope(models.TextChoices):
    READ = "read", _("Read only")
    WRITE = "write", _("Read and write")


class ApiTokenQuerySet(models.QuerySet):
    def usable(self):
        """Not revoked and not expired."""
        now = timezone.now()
        return self.filter(revoked_at__isnull=True).filter(
            models.Q(expires_at__isnull=True) | models.Q(expires_at__gt=now)
        )

    def revoke_all(self, *, user, reason: str) -> int:
        """Revoke every usable token of `user` at once (audited per token as
        `accounts.token_revoked`, with the reason, and logged as a security event)."""
        now = timezone.now()
        with transaction.atomic():
            return self._revoke(user=user, reason=reason, now=now)

    def _revoke(self, *, user, reason, now) -> int:
        tokens = list(self.filter(user=user, revoked_at__isnull=True))
        if not tokens:
            return 0
        self.filter(pk__in=[t.pk for t in tokens]).update(revoked_at=now)
        for token in tokens:
            audit_record(
                actor=None,
                instance=token,
                action="update",
                changes={"revoked_at": [None, now.isoformat()]},
                message=reason,
                event="accounts.token_revoked",
            )
        security_event("tokens.revoked", user_id=user.pk, reason=reason, count=len(tokens))
        return len(tokens)


class ApiToken(models.Model):
    """A personal API token. Only its SHA-256 hash is stored; the key is shown once."""

    PREFIX = "mb_"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(_("name"), max_length=100)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    key_prefix = models.CharField(max_length=12, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(_("expires"), null=True, blank=True)
    scope = models.CharField(
        _("scope"), max_length=10, choices=TokenScope.choices, default=TokenScope.READ
    )

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.name} ({self.key_prefix}…)"

    @classmethod
    def generate_key(cls) -> str:
        return cls.PREFIX + secrets.token_urlsafe(32)

    @property
    def is_expired(self) -> bool:
        return self.expires_at is not None and self.expires_at <= timezone.now()

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None and not self.is_expired

    @property
    def is_read_only(self) -> bool:
        return self.scope == TokenScope.READ


class RateLimitHit(models.Model):
    """One request counted by a rate limit (accounts.throttle): a keyed HMAC of what is
    limited (an e-mail address, a client address), never the value itself."""

    scope = models.CharField(max_length=50)
    key = models.CharField(max_length=64)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["scope", "key", "created_at"], name="ratelimit_lookup")]

    def __str__(self) -> str:
        return f"{self.scope} {self.created_at:%Y-%m-%d %H:%M}"
