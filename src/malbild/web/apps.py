from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "malbild.web"
    label = "web"
