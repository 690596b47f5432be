from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "malbild.core"
    label = "core"
