from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "malbild.accounts"
    label = "accounts"

    def ready(self) -> None:
        from . import access

        access.register()
