from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "malbild.api"
    label = "api"
