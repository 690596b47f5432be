from django.apps import AppConfig


class ActionplanConfig(AppConfig):
    name = "malbild.actionplan"
    label = "actionplan"

    def ready(self):
        from .snapshot import register

        register()
