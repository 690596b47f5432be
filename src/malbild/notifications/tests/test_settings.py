"""Mail configuration: EMAIL_URL becomes Django's MAILERS entry (SMTP with STARTTLS or SSL,
the console), the development settings print mail unless an SMTP server is named, and
`check --deploy` warns while MALBILD_BASE_URL is not a public https:// address."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from malbild.conf.base import mailer_from_url
from malbild.notifications.checks import base_url_check


def test_email_url_smtp_with_starttls():
    entry = mailer_from_url("smtp://malbild%40kommun.se:hemligt%2F1@smtp.kommun.se:587?tls=1")
    assert entry["BACKEND"] == "django.core.mail.backends.smtp.EmailBackend"
    assert entry["OPTIONS"] == {
        "host": "smtp.kommun.se",
        "port": 587,
        "username": "malbild@kommun.se",
        "password": "hemligt/1",
        "use_tls": True,
        "use_ssl": False,
        "timeout": 10,
    }


def test_email_url_smtps_and_console():
    entry = mailer_from_url("smtps://relay.kommun.se?timeout=20")
    assert entry["OPTIONS"]["port"] == 465 and entry["OPTIONS"]["use_ssl"]
    assert not entry["OPTIONS"]["use_tls"] and entry["OPTIONS"]["timeout"] == 20
    assert mailer_from_url("console://")["BACKEND"].endswith("console.EmailBackend")
    with pytest.raises(ImproperlyConfigured):
        mailer_from_url("http://smtp.kommun.se")


def test_base_url_deploy_check(settings):
    settings.MALBILD_BASE_URL = "http://127.0.0.1:8000"
    assert [w.id for w in base_url_check(None)] == ["malbild.W001"]
    settings.MALBILD_BASE_URL = "https://malbild.kommun.se"
    assert base_url_check(None) == []
