"""`malbild.conf.production` refuses to start without a real SECRET_KEY — also when DEBUG is
set (which makes base.py fall back to the public development key) — and refuses the known
development key; with a real key it loads with DEBUG off. Each case imports the settings in
a fresh interpreter with a controlled environment."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[3]
REAL_KEY = "k3y-" + "x" * 48


def load(tmp_path, **env):
    environment = {
        "PATH": os.environ.get("PATH", ""),
        "PYTHONPATH": str(SRC),
        "MALBILD_VAR_DIR": str(tmp_path),
        **env,
    }
    code = f"import malbild.conf.production as s; print(s.DEBUG, s.SECRET_KEY == {REAL_KEY!r})"
    return subprocess.run(
        [sys.executable, "-c", code], env=environment, capture_output=True, text=True
    )


@pytest.mark.parametrize(
    "env",
    [
        {},
        {"DEBUG": "1"},
        {"MALBILD_ALLOW_INSECURE_KEY": "1"},
        {"DEBUG": "1", "SECRET_KEY": "insecure-development-key-change-me"},
        {"SECRET_KEY": "test-secret-key"},
        {"SECRET_KEY": "short"},
    ],
)
def test_refuses_to_start_without_a_real_key(tmp_path, env):
    result = load(tmp_path, **env)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr


def test_starts_with_a_real_key_and_debug_off(tmp_path):
    result = load(tmp_path, SECRET_KEY=REAL_KEY, DEBUG="1")
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", "True"]
