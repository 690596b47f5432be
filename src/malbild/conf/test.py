"""Settings for the test suite: fast hashing, in-memory media, database from DATABASE_URL."""

import os
import tempfile
from pathlib import Path

os.environ.setdefault("MALBILD_ALLOW_INSECURE_KEY", "1")

from .base import *  # noqa: E402,F403

DEBUG = False
SECRET_KEY = "test-secret-key"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MEDIA_ROOT = tempfile.mkdtemp(prefix="malbild-test-media-")
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
LOGGING = {"version": 1, "disable_existing_loggers": False}
# Throttling is off for the suite; the throttling tests switch it on (override_settings).
AXES_ENABLED = False
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
STATIC_ROOT = tempfile.mkdtemp(prefix="malbild-test-static-")
# Exports run at once, inside the request (malbild.reports.jobs); tests of the queued flow
# override TASKS with the DummyBackend.
TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
# Links in e-mail (malbild.notifications); Django's test runner swaps MAILERS for locmem.
MALBILD_BASE_URL = "https://malbild.example"
# The OpenID Connect provider that the single sign-on tests log in at: django-oauth-toolkit
# (a test extra only), mounted by the test URL conf malbild/accounts/sso/tests/urls.py.
INSTALLED_APPS = [*INSTALLED_APPS, "oauth2_provider"]  # noqa: F405
# No test reaches Kolada on the internet: without the local server of the `kolada_server`
# fixture, Kolada is answered from the recorded responses (malbild.kolada.recorded).
KOLADA_RECORDED_DIR = str(Path(__file__).resolve().parents[1] / "kolada/fixtures/recorded")
KOLADA_MIN_INTERVAL = 0
KOLADA_BACKOFF = 0
