from django.apps import AppConfig


class ConsultationConfig(AppConfig):
    name = "malbild.consultation"
    label = "consultation"
