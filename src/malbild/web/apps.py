from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "malbild.web"
    label = "web"

    def ready(self) -> None:
        from django.urls import register_converter

        from .converters import RefConverter

        # `<ref:pk>`: an item's uid or, as an alias, its integer id (docs/adr/0006). Registered
        # here, before any URL conf is imported.
        register_converter(RefConverter, "ref")

        # Django 6.1's blank choice of every select ("- Select an option -") is not in Django's
        # Swedish catalogue: ours is translated (web/locale) — Django's documented override.
        from django.db.models import fields
        from django.utils.translation import gettext_lazy

        fields.BLANK_CHOICE_LABEL = gettext_lazy("(choose)")
