from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo data of every app and the `demo` management command (composition layer)."""

    name = "malbild.demo"
    label = "demo"
