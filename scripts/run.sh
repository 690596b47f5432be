#!/usr/bin/env bash
# `make run`'s server: the background worker (exports, docs/guide/operations.md "Workers")
# beside the development server, in one command. The worker stops when the server stops.
set -euo pipefail
MALBILD="${MALBILD:-.venv/bin/malbild}"

"$MALBILD" db_worker --no-reload &
worker=$!
stop_worker() {
  kill "$worker" 2>/dev/null || true
  wait "$worker" 2>/dev/null || true
}
trap stop_worker EXIT INT TERM

"$MALBILD" serve "$@"
