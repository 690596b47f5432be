from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "malbild.accounts"
    label = "accounts"
