from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "malbild.reports"
    label = "reports"
