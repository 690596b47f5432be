from django.apps import AppConfig


class SiteConfig(AppConfig):
    """Composition: pages that combine apps (start page, organisation overview)."""

    name = "malbild.site"
    label = "site"
