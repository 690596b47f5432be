"""The login form with the single sign-on rule: a correct password of someone whose
organisation logs in only with SSO is refused with a message that says so (shown only after
the password was right, so it tells a guesser nothing)."""

from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from . import config
from .backends import LOCAL_LOGIN_REFUSED


def local_login_off_message() -> str:
    return _("Password login is switched off for your organisation. Log in with %(provider)s.") % {
        "provider": config.provider_name()
    }


class SsoAuthenticationForm(AuthenticationForm):
    def get_invalid_login_error(self):
        if getattr(self.request, LOCAL_LOGIN_REFUSED, False):
            return ValidationError(local_login_off_message(), code="local_login_off")
        return super().get_invalid_login_error()
