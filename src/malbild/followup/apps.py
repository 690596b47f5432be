from django.apps import AppConfig


class FollowupConfig(AppConfig):
    name = "malbild.followup"
    label = "followup"
