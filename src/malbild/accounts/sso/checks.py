"""System checks of the single sign-on settings: a wrong group mapping or local login switched
off without SSO is reported by `manage.py check` (and at start-up) instead of at a login."""

from django.conf import settings
from django.core.checks import Error, Warning, register
from django.core.exceptions import ImproperlyConfigured

from . import config


@register()
def check_sso_settings(app_configs=None, **kwargs):
    problems = []
    try:
        config.group_roles()
    except ImproperlyConfigured as exc:
        problems.append(Error(str(exc), id="malbild.sso.E001"))
    if settings.MALBILD_SSO_ONLY_ORGANISATIONS and not config.enabled():
        problems.append(
            Warning(
                "MALBILD_SSO_ONLY_ORGANISATIONS is set but single sign-on is not configured: "
                "password login stays on for every organisation.",
                id="malbild.sso.W001",
            )
        )
    return problems
