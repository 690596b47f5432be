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
