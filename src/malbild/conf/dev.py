"""Settings for `make run`: debug on, insecure key allowed, SQLite under var/."""

import os

os.environ.setdefault("MALBILD_ALLOW_INSECURE_KEY", "1")
os.environ.setdefault("DEBUG", "1")

from .base import *  # noqa: E402,F403

DEBUG = True
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
# Mail is printed in the server's log (and kept in the outbox) unless an SMTP server is named.
if not os.environ.get("EMAIL_URL") and not os.environ.get("MALBILD_SMTP_HOST"):
    MAILERS = {"default": CONSOLE_MAILER}  # noqa: F405
