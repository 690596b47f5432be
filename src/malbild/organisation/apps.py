from django.apps import AppConfig


class OrganisationConfig(AppConfig):
    name = "malbild.organisation"
    label = "organisation"
