"""The build scripts behind `make run` and `make test`.

- scripts/with_postgres.sh starts a throwaway PostgreSQL cluster, hands the command a working
  DATABASE_URL, keeps the command's exit status and removes the cluster afterwards — also
  when the command fails;
- scripts/find_python.sh finds the interpreter named in .python-version;
- .ci/run only changes to the repository root and runs `make test`.
"""

import glob
import os
import re
import socket
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
HAS_POSTGRES = bool(glob.glob("/usr/lib/postgresql/*/bin/initdb"))


def run(*args, **kwargs):
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    return subprocess.run(
        args, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, **kwargs
    )


@pytest.mark.skipif(not HAS_POSTGRES, reason="no PostgreSQL server binaries")
def test_with_postgres_gives_a_working_database_and_removes_it_after_a_failure():
    script = (
        f'{sys.executable} -c "import os, psycopg; '
        "c = psycopg.connect(os.environ['DATABASE_URL']); "
        "print('answer', c.execute('select 6 * 7').fetchone()[0])\"; "
        'echo "url $DATABASE_URL"; exit 3'
    )

    result = run("scripts/with_postgres.sh", "bash", "-c", script)

    assert result.returncode == 3, result.stderr
    assert "answer 42" in result.stdout
    url = re.search(r"url (postgres://malbild@127\.0\.0\.1:(\d+)/malbild)", result.stdout)
    assert url, result.stdout
    data_dir = re.search(r"\((/[^)]*malbild-pg\.[^)]*)\)", result.stdout).group(1)
    assert not Path(data_dir).exists(), "the cluster's directory was not removed"
    # Nothing listens on the port any more.
    with socket.socket() as sock:
        assert sock.connect_ex(("127.0.0.1", int(url.group(2)))) != 0


@pytest.mark.skipif(not HAS_POSTGRES, reason="no PostgreSQL server binaries")
def test_with_postgres_passes_success_through():
    result = run("scripts/with_postgres.sh", "true")

    assert result.returncode == 0, result.stderr


def test_find_python_names_the_version_in_python_version():
    wanted = (ROOT / ".python-version").read_text().strip()

    result = run("scripts/find_python.sh")

    assert result.returncode == 0, result.stderr
    interpreter = result.stdout.strip()
    version = subprocess.run(
        [interpreter, "-c", "import sys; print('%d.%d' % sys.version_info[:2])"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    assert version == wanted


def test_ci_run_only_runs_make_test_from_the_repository_root():
    lines = [
        line
        for line in (ROOT / ".ci" / "run").read_text().splitlines()
        if line.strip() and not line.startswith("#!")
    ]

    assert (ROOT / ".ci" / "run").read_text().startswith("#!/usr/bin/env bash\n")
    assert os.access(ROOT / ".ci" / "run", os.X_OK)
    assert lines == ["set -euo pipefail", 'cd "$(dirname "$0")/.."', "make test"]


def test_every_dependency_is_pinned_in_the_lock_files():
    """`scripts/venv.sh` installs only what the lock files hold (then the package itself with
    --no-deps), so a dependency added to pyproject.toml without `make lock` would be missing
    from a fresh install."""
    import re
    import tomllib

    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]

    def names(specs):
        return {
            re.split(r"[<>=!~\[; ]", spec, maxsplit=1)[0].lower().replace("_", "-")
            for spec in specs
        }

    def pinned(lock):
        text = (ROOT / lock).read_text().lower()
        return set(re.findall(r"^([a-z0-9][a-z0-9._-]*)==", text, flags=re.M))

    base = names(project["dependencies"])
    test = names(project["optional-dependencies"]["test"])
    assert base - pinned("requirements.lock") == set()
    assert (base | test) - pinned("requirements-test.lock") == set()
