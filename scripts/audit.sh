#!/usr/bin/env bash
# pip-audit over the lock files: every pinned dependency against the Python Packaging
# Advisory Database (through PyPI's JSON API). A known vulnerability fails (non-zero).
# Without network access to the advisory source the audit cannot run: it is then skipped
# with a visible notice, never silently. MALBILD_AUDIT=0 skips it on purpose (also noticed).
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "${MALBILD_AUDIT:-1}" = "0" ]; then
  echo "pip-audit: skipped (MALBILD_AUDIT=0)"
  exit 0
fi
# pip-audit asks PyPI's JSON API for each pinned version (`/pypi/<name>/<version>/json`, which
# carries the advisories); probe that with Django's pinned version. A mirror that serves the
# packages but not that API counts as unreachable: pip-audit would skip every package.
if ! .venv/bin/python - <<'PY'
import re, sys, urllib.request
from pathlib import Path

version = re.search(r"^django==(\S+)", Path("requirements.lock").read_text(), re.M | re.I)[1]
url = f"https://pypi.org/pypi/django/{version}/json"
try:
    with urllib.request.urlopen(url, timeout=10) as response:
        if "vulnerabilities" not in response.read().decode():
            raise ValueError("no advisories in the answer")
except Exception as exc:  # any failure: offline, DNS, proxy, TLS, a mirror without the API
    print(f"pip-audit: {url}: {exc}", file=sys.stderr)
    sys.exit(1)
PY
then
  echo "pip-audit: advisory database unreachable — skipped"
  exit 0
fi
# --strict: a package that could not be audited fails too (no silent partial audit).
for lock in requirements.lock requirements-test.lock; do
  echo "pip-audit: $lock"
  .venv/bin/pip-audit --strict --progress-spinner off --disable-pip --require-hashes -r "$lock"
done
