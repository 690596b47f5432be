from django.apps import AppConfig


class CatalogueConfig(AppConfig):
    name = "malbild.catalogue"
    label = "catalogue"
