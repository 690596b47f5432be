"""The e-mail of accounts, sent through the outbox (malbild.notifications):

- `accounts.invitation`: a new account's one-time link to set its password (its own token
  generator: valid MALBILD_INVITATION_DAYS, unusable once a password is set or the person
  has logged in, and never valid as a password-reset link);
- `accounts.sso_invitation`: the invitation of a new account in an organisation whose
  local login is switched off: sign in with the organisation's single sign-on (a link to
  the SSO login, no password to set);
- `accounts.password_reset`: the "forgotten password" link (Django's default token
  generator, valid PASSWORD_RESET_TIMEOUT);
- `accounts.role_granted`: an existing account was given a role in an organisation (the
  person may choose how they get it).

Invitations and resets are always sent at once and their links are erased from the outbox
once sent (`sensitive`)."""

from django.conf import settings
from django.contrib.auth.tokens import PasswordResetTokenGenerator, default_token_generator
from django.urls import reverse
from django.utils.crypto import constant_time_compare
from django.utils.encoding import force_bytes
from django.utils.http import base36_to_int, urlsafe_base64_encode
from django.utils.translation import gettext_lazy as _

from malbild.notifications.kinds import register_kind


class InvitationTokenGenerator(PasswordResetTokenGenerator):
    """Django's password-reset token with its own salt and validity (MALBILD_INVITATION_DAYS):
    the link of an invitation lives longer than a reset link, and neither opens the other."""

    key_salt = "malbild.accounts.mail.InvitationTokenGenerator"

    def check_token(self, user, token):
        if not (user and token) or "-" not in token:
            return False
        try:
            timestamp = base36_to_int(token.split("-", 1)[0])
        except ValueError:
            return False
        for secret in [self.secret, *self.secret_fallbacks]:
            expected = self._make_token_with_timestamp(user, timestamp, secret)
            if constant_time_compare(expected, token):
                break
        else:
            return False
        age = self._num_seconds(self._now()) - timestamp
        return age <= settings.MALBILD_INVITATION_DAYS * 86400


invitation_token_generator = InvitationTokenGenerator()


def _uid(user) -> str:
    return urlsafe_base64_encode(force_bytes(user.pk))


def invitation_path(user) -> str:
    """The path of `user`'s one-time set-password link."""
    token = invitation_token_generator.make_token(user)
    return reverse("accounts:password-set", kwargs={"uidb64": _uid(user), "token": token})


def password_reset_path(user) -> str:
    """The path of `user`'s password-reset link."""
    token = default_token_generator.make_token(user)
    return reverse("accounts:password-reset-confirm", kwargs={"uidb64": _uid(user), "token": token})


def register() -> None:
    register_kind(
        "accounts.invitation",
        label=_("Invitation with a link to set your password"),
        template="accounts/mail/invitation",
        configurable=False,
        sensitive=True,
    )
    register_kind(
        "accounts.sso_invitation",
        label=_("Invitation to sign in with your organisation's single sign-on"),
        template="accounts/mail/sso_invitation",
        configurable=False,
    )
    register_kind(
        "accounts.password_reset",
        label=_("Link to choose a new password"),
        template="accounts/mail/password_reset",
        configurable=False,
        sensitive=True,
    )
    register_kind(
        "accounts.role_granted",
        label=_("You were given a role in an organisation"),
        template="accounts/mail/role_granted",
    )
