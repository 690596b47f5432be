"""Database connections are persistent by default (DATABASE_CONN_MAX_AGE 60 seconds, checked
before reuse by CONN_HEALTH_CHECKS), on SQLite and PostgreSQL alike; the environment variable
still overrides it (0: one connection per request). Each case loads the settings in a fresh
interpreter with a controlled environment."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[3]


def database(tmp_path, **env) -> dict:
    environment = {
        "PATH": os.environ.get("PATH", ""),
        "PYTHONPATH": str(SRC),
        "MALBILD_VAR_DIR": str(tmp_path),
        "MALBILD_ALLOW_INSECURE_KEY": "1",
        **env,
    }
    code = (
        "import json, malbild.conf.base as s; d = s.DATABASES['default']; "
        "print(json.dumps({k: d[k] for k in ('ENGINE', 'CONN_MAX_AGE', 'CONN_HEALTH_CHECKS')}))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], env=environment, capture_output=True, text=True, check=True
    )
    return json.loads(done.stdout)


@pytest.mark.parametrize(
    ("url", "engine"),
    [
        ("", "django.db.backends.sqlite3"),
        ("postgres://malbild:secret@127.0.0.1:5432/malbild", "django.db.backends.postgresql"),
    ],
)
def test_persistent_connections_with_health_checks_by_default(tmp_path, url, engine):
    env = {"DATABASE_URL": url} if url else {}
    assert database(tmp_path, **env) == {
        "ENGINE": engine,
        "CONN_MAX_AGE": 60,
        "CONN_HEALTH_CHECKS": True,
    }


def test_the_environment_overrides_the_default(tmp_path):
    assert database(tmp_path, DATABASE_CONN_MAX_AGE="0")["CONN_MAX_AGE"] == 0
    assert database(tmp_path, DATABASE_CONN_MAX_AGE="300")["CONN_MAX_AGE"] == 300
