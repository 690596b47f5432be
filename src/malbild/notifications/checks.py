"""`check --deploy`: links in e-mail point at MALBILD_BASE_URL, so it must be the public
HTTPS address of the instance."""

from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.security, deploy=True)
def base_url_check(app_configs, **kwargs):
    url = getattr(settings, "MALBILD_BASE_URL", "")
    if url.startswith("https://") and "localhost" not in url and "127.0.0.1" not in url:
        return []
    return [
        Warning(
            "MALBILD_BASE_URL is not the public https:// address of this instance; links in "
            "e-mail (set-password, password reset, notifications) would not work.",
            id="malbild.W001",
        )
    ]
