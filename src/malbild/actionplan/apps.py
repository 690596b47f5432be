from django.apps import AppConfig


class ActionplanConfig(AppConfig):
    name = "malbild.actionplan"
    label = "actionplan"
