from django.apps import AppConfig


class StrategyConfig(AppConfig):
    name = "malbild.strategy"
    label = "strategy"
