"""Logging filter that keeps consultation secret-link tokens out of every log line.

A link looks like /o/<org>/remiss/<token>/ and Django logs the path of refused requests
(410, 404) and the development server logs every request line; the filter replaces the token
with "[redacted]" before any handler writes the record."""

import logging
import re

SECRET_PATH = re.compile(r"(/remiss/)(?!svar/)[^/\s\"?]+")


def redact(text: str) -> str:
    return SECRET_PATH.sub(r"\1[redacted]", text)


class RedactSecretLinks(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = redact(message)
        if cleaned != message:
            record.msg, record.args = cleaned, ()
        if hasattr(record, "request"):
            # Error e-mails and some handlers render the request itself; drop it.
            record.request = None
        return True
