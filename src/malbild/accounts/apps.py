from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "malbild.accounts"
    label = "accounts"

    def ready(self) -> None:
        from . import access, lockout, mail, middleware  # noqa: F401  (signal receivers)

        access.register()
        mail.register()

        from malbild.core.events import register_events

        register_events(
            {
                "accounts.user_created": _("User created"),
                "accounts.role_granted": _("Role granted"),
                "accounts.role_bodies_changed": _("Bodies of a role changed"),
                "accounts.role_revoked": _("Role revoked"),
                "accounts.token_created": _("API token created"),
                "accounts.token_revoked": _("API token revoked"),
                "accounts.password_changed": _("Password changed"),
                "accounts.profile_changed": _("Account settings changed"),
            }
        )
