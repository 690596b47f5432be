#!/usr/bin/env bash
# Backup across database engines, both ways (docs/guide/backup.md, "Across database engines"):
# the demo on SQLite → backup A → restore into PostgreSQL → backup B (on PostgreSQL) → restore
# into a fresh SQLite → backup C; A, B and C must be equal apart from the manifest's
# `created_at`. Run under scripts/with_postgres.sh, which provides DATABASE_URL:
#
#   scripts/with_postgres.sh scripts/backup_cross_engine.sh
set -euo pipefail
cd "$(dirname "$0")/.."
: "${DATABASE_URL:?run me under scripts/with_postgres.sh}"
python=${PYTHON:-.venv/bin/python}
[ -x "$python" ] || python=/work/main/.venv/bin/python
export PYTHONPATH=src DJANGO_SETTINGS_MODULE=malbild.conf.test
tmp="$(mktemp -d -t malbild-xengine.XXXXXX)"
trap 'rm -rf "$tmp"' EXIT
pg="$DATABASE_URL"
first="sqlite:///$tmp/first.sqlite3"
last="sqlite:///$tmp/last.sqlite3"
manage() { DATABASE_URL="$1" "$python" manage.py "${@:2}"; }

manage "$first" migrate -v0
manage "$first" demo >/dev/null
manage "$first" backup --organisation alingsas --output "$tmp/a.zip"
manage "$pg" migrate -v0
manage "$pg" restore "$tmp/a.zip" | head -1
manage "$pg" backup --organisation alingsas --output "$tmp/b.zip" | head -1
manage "$last" migrate -v0
manage "$last" restore "$tmp/b.zip" | head -1
manage "$last" backup --organisation alingsas --output "$tmp/c.zip" | head -1
"$python" - "$tmp/a.zip" "$tmp/b.zip" "$tmp/c.zip" <<'PY'
import json
import sys
import zipfile

def members(path):
    with zipfile.ZipFile(path) as zf:
        out = {name: zf.read(name) for name in zf.namelist()}
    manifest = json.loads(out["manifest.json"])
    manifest["created_at"] = "<normalised>"
    out["manifest.json"] = json.dumps(manifest, sort_keys=True).encode()
    return out

a, b, c = (members(p) for p in sys.argv[1:4])
for name, other in (("PostgreSQL", b), ("SQLite again", c)):
    differ = sorted(n for n in a.keys() | other.keys() if a.get(n) != other.get(n))
    print(f"SQLite → {name}: {'identical' if not differ else 'DIFFERENT: ' + ', '.join(differ)}")
    if differ:
        sys.exit(1)
PY
