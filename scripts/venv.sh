#!/usr/bin/env bash
# Create .venv with the Python from .python-version and install Målbild into it (editable).
# Usage: scripts/venv.sh [extra]   e.g. `scripts/venv.sh test` installs the `test` extra too.
# Re-running is cheap: the install is skipped while pyproject.toml is older than the stamp.
set -euo pipefail
cd "$(dirname "$0")/.."
extra="${1:-}"
version="$(tr -d '[:space:]' < .python-version)"

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
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
  echo "Installing Målbild${extra:+ with the [$extra] extra} into .venv"
  .venv/bin/python -m pip install --quiet --disable-pip-version-check --upgrade pip
  .venv/bin/python -m pip install --quiet --disable-pip-version-check -e ".${extra:+[$extra]}"
  touch "$stamp"
fi
