import socket

import pytest
from django.urls import reverse

from malbild.notifications.services import notify

DUMMY_TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}


@pytest.fixture
def closed_port():
    """A local TCP port nobody listens on: an SMTP server that is down."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    return port


@pytest.fixture
def smtp_down(settings, closed_port):
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": closed_port, "timeout": 2},
        }
    }
    return settings


def role_notice(user, org, **kwargs):
    """A configurable kind (accounts.role_granted) sent to `user`."""
    return notify(
        kind="accounts.role_granted",
        to=user,
        organisation=org,
        path=reverse("accounts:login"),
        context={"role_label": "Läsare"},
        **kwargs,
    )
