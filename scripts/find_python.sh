#!/usr/bin/env bash
# Print the path of the Python interpreter named in .python-version (e.g. 3.12).
# Looks in pyenv first (`pyenv prefix 3.12`), then for python3.12 on PATH.
set -euo pipefail
cd "$(dirname "$0")/.."
version="$(tr -d '[:space:]' < .python-version)"
if command -v pyenv >/dev/null 2>&1; then
  if prefix="$(pyenv prefix "$version" 2>/dev/null)" && [ -x "$prefix/bin/python$version" ]; then
    echo "$prefix/bin/python$version"
    exit 0
  fi
fi
if command -v "python$version" >/dev/null 2>&1; then
  candidate="$(command -v "python$version")"
  # A pyenv shim answers even when the version is not installed: ask it.
  if "$candidate" -c 'import sys' >/dev/null 2>&1; then
    echo "$candidate"
    exit 0
  fi
fi
cat >&2 <<MSG
error: Python $version (from .python-version) was not found.
Install it, for example with one of:
  pyenv install $version
  apt-get install python$version python$version-venv     (Debian/Ubuntu with the version packaged)
then run make again.
MSG
exit 1
