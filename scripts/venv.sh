#!/usr/bin/env bash
# Create .venv with the Python from .python-version and install Målbild into it (editable).
# Usage: scripts/venv.sh [extra]   e.g. `scripts/venv.sh test` installs the `test` extra too.
#
# The dependencies come from the lock files, pinned with hashes (`make lock` regenerates them
# from pyproject.toml): requirements.lock for the application, requirements-test.lock for the
# application and the `test` extra. pip refuses any file whose hash is not in the lock file,
# so every install gets the same, verified packages. Målbild itself is then installed
# editable without dependencies.
# Re-running is cheap: the install is skipped while pyproject.toml and the lock file are older
# than the stamp.
set -euo pipefail
cd "$(dirname "$0")/.."
extra="${1:-}"
version="$(tr -d '[:space:]' < .python-version)"
case "$extra" in
  "") lock=requirements.lock ;;
  test) lock=requirements-test.lock ;;
  *) echo "scripts/venv.sh: no lock file for the extra '$extra'" >&2; exit 2 ;;
esac

venv_ok() {
  [ -x .venv/bin/python ] && .venv/bin/python -c "
import sys
sys.exit(0 if '%d.%d' % sys.version_info[:2] == '$version' else 1)" 2>/dev/null
}

if ! venv_ok; then
  python="$(scripts/find_python.sh)"
  echo "Creating .venv with $python"
  "$python" -m venv --clear .venv
fi

stamp=".venv/.malbild-installed${extra:+-$extra}"
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ] || [ "$lock" -nt "$stamp" ]; then
  echo "Installing Målbild${extra:+ with the [$extra] extra} into .venv from $lock"
  pip=(.venv/bin/python -m pip --disable-pip-version-check)
  "${pip[@]}" install --quiet --require-hashes -r "$lock"
  "${pip[@]}" install --quiet --no-deps -e .
  touch "$stamp"
fi
