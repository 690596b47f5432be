#!/usr/bin/env bash
# `make test`: the whole check, as CI runs it. Fails (non-zero) on the first failing step.
#
#  1. system packages (PostgreSQL server, Chromium + fonts) via apt-get when missing and root
#  2. .venv with the `test` extra (from requirements-test.lock, hashes checked), compiled
#     message catalogues
#  3. pip-audit over the lock files (scripts/audit.sh: a known vulnerability fails; skipped with
#     a notice when the advisory database is unreachable)
#  4. ruff check, ruff format --check, lint-imports (the layers contract), makemigrations --check
#  5. the whole pytest suite on SQLite, browser tests included
#  6. the whole suite again on a throwaway PostgreSQL cluster (scripts/with_postgres.sh), except
#     that of the browser tests only those marked `smoke` run there: the browser tests exercise
#     templates and keyboard flows that do not depend on the database, and each one loads the
#     demo, so running all of them twice would double the slowest part of the suite.
#     MALBILD_PG_MARKERS overrides the selection (e.g. MALBILD_PG_MARKERS="" runs everything).
#
# Both pytest runs are parallel (pytest-xdist): MALBILD_TEST_WORKERS workers, default `auto` =
# the number of CPUs, at most 4 (each worker has its own test database, media directory and,
# for the browser tests, live server and Chromium). MALBILD_TEST_WORKERS=0 runs serially.
#
# Extra arguments go to both pytest runs, e.g. `scripts/test.sh -x`, or `scripts/test.sh -n 0`
# (serial, for debugging: a later `-n` wins).
#
# Speed (docs/development.md, "Tests"): the SQLite run builds its test databases from the
# models (`--no-migrations`, and records every migration as applied: the root conftest.py);
# the PostgreSQL run applies the real migrations. Both print their 25 slowest tests. Python
# writes its bytecode (and pytest its rewritten test modules) under var/pycache, so the
# second run and the next `make test` do not compile every module again in every worker, even
# where the environment says PYTHONDONTWRITEBYTECODE.
set -euo pipefail
cd "$(dirname "$0")/.."

started=$SECONDS
step() { printf '\n==> [%3ds] %s\n' "$((SECONDS - started))" "$*"; }

step "system packages"
scripts/system_packages.sh

step "virtualenv (.venv, with the test extra)"
scripts/venv.sh test

step "message catalogues"
.venv/bin/python scripts/compile_messages.py

step "pip-audit (the lock files)"
scripts/audit.sh

step "ruff check"
.venv/bin/ruff check .

step "ruff format --check"
.venv/bin/ruff format --check .

step "lint-imports (one-way layers, pyproject.toml [tool.importlinter])"
.venv/bin/lint-imports

step "makemigrations --check"
DJANGO_SETTINGS_MODULE=malbild.conf.test .venv/bin/python manage.py makemigrations --check --dry-run

workers="${MALBILD_TEST_WORKERS:-auto}"
if [ "$workers" = auto ]; then
  workers="$(nproc 2>/dev/null || echo 1)"
  [ "$workers" -gt 4 ] && workers=4
  [ "$workers" -lt 2 ] && workers=0
fi
parallel=(-n "$workers" --durations=25)
unset PYTHONDONTWRITEBYTECODE
export PYTHONPYCACHEPREFIX="${PYTHONPYCACHEPREFIX:-$PWD/var/pycache}"

step "pytest on SQLite ($workers workers)"
env -u DATABASE_URL .venv/bin/pytest "${parallel[@]}" --no-migrations "$@"

step "pytest on PostgreSQL ($workers workers, with the migrations)"
pg_markers="${MALBILD_PG_MARKERS-not browser or smoke}"
if [ -n "$pg_markers" ]; then
  scripts/with_postgres.sh .venv/bin/pytest "${parallel[@]}" -m "$pg_markers" "$@"
else
  scripts/with_postgres.sh .venv/bin/pytest "${parallel[@]}" "$@"
fi

step "all checks passed in $((SECONDS - started)) s"
