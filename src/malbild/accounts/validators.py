"""Password validators of accounts (AUTH_PASSWORD_VALIDATORS).

`AdminMinimumLengthValidator`: administrators — of any organisation — and operators
(superusers, staff) need a longer password (12 characters by default) than other users, since
their accounts can grant roles everywhere they administer. A user who is about to become an
administrator (the first admin of `malbild setup`) is marked with `will_be_admin = True`."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext


class AdminMinimumLengthValidator:
    def __init__(self, min_length: int = 12):
        self.min_length = min_length

    def applies_to(self, user) -> bool:
        if user is None:
            return False
        if getattr(user, "will_be_admin", False):
            return True
        return bool(getattr(user, "is_admin_anywhere", False))

    def validate(self, password, user=None):
        if self.applies_to(user) and len(password) < self.min_length:
            raise ValidationError(
                ngettext(
                    "An administrator's password must contain at least %(min_length)d character.",
                    "An administrator's password must contain at least %(min_length)d characters.",
                    self.min_length,
                )
                % {"min_length": self.min_length},
                code="admin_password_too_short",
                params={"min_length": self.min_length},
            )

    def get_help_text(self):
        return _("Administrators need at least %(min_length)d characters.") % {
            "min_length": self.min_length
        }
