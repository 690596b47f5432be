"""Secret consultation links never reach a log line: the filter on every production handler
redacts the token in request paths (refused links are logged by Django with their path)."""

import logging

from malbild.conf import base
from malbild.core.logging import RedactSecretLinks, redact


def test_redact_keeps_the_rest_of_the_path():
    assert redact("Gone: /o/alingsas/remiss/AbC-123_x/") == "Gone: /o/alingsas/remiss/[redacted]/"
    assert redact('"GET /o/a/remiss/tok?x=1 HTTP/1.1" 410') == (
        '"GET /o/a/remiss/[redacted]?x=1 HTTP/1.1" 410'
    )
    assert redact("/o/alingsas/remiss/svar/") == "/o/alingsas/remiss/svar/"


def test_filter_rewrites_formatted_records():
    record = logging.LogRecord(
        "django.request",
        logging.WARNING,
        __file__,
        1,
        "%s: %s",
        ("Gone", "/o/alingsas/remiss/secret-token/"),
        None,
    )
    assert RedactSecretLinks().filter(record) is True
    assert "secret-token" not in record.getMessage()
    assert record.getMessage() == "Gone: /o/alingsas/remiss/[redacted]/"


def test_every_configured_handler_redacts():
    handlers = base.LOGGING["handlers"]
    assert all("redact_secret_links" in h.get("filters", []) for h in handlers.values())
    for name in ("django.request", "django.server"):
        assert base.LOGGING["loggers"][name]["propagate"] is False
