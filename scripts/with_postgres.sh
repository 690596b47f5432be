#!/usr/bin/env bash
# Run a command against a throwaway PostgreSQL cluster, then remove the cluster.
#
#   scripts/with_postgres.sh .venv/bin/pytest -q
#
# The cluster is created with the machine's binaries (/usr/lib/postgresql/<newest>/bin) in a
# temporary directory, listens on a free port on 127.0.0.1 only, and is stopped and deleted
# on exit, also when the command fails or is interrupted. initdb refuses to run as root, so
# as root the server runs as the `postgres` system user (or a dedicated `malbild-pg` user,
# created when neither exists). The command gets DATABASE_URL=postgres://malbild@127.0.0.1:<port>/malbild
# and keeps its own exit status.
set -euo pipefail
cd "$(dirname "$0")/.."

bindir=""
for candidate in $(compgen -G "/usr/lib/postgresql/*/bin" | sort -V); do
  [ -x "$candidate/initdb" ] && bindir="$candidate"
done
if [ -z "$bindir" ]; then
  echo "error: no PostgreSQL server binaries under /usr/lib/postgresql/*/bin" \
    "(apt-get install postgresql)" >&2
  exit 1
fi

python=.venv/bin/python
[ -x "$python" ] || python=python3

tmp="$(mktemp -d -t malbild-pg.XXXXXX)"
run_as=()
if [ "$(id -u)" -eq 0 ]; then
  pg_user=postgres
  if ! id -u "$pg_user" >/dev/null 2>&1; then
    pg_user=malbild-pg
    id -u "$pg_user" >/dev/null 2>&1 \
      || useradd --system --no-create-home --shell /usr/sbin/nologin "$pg_user"
  fi
  chown "$pg_user" "$tmp"
  if command -v runuser >/dev/null 2>&1; then
    run_as=(runuser -u "$pg_user" --)
  else
    run_as=(setpriv --reuid="$pg_user" --regid="$(id -g "$pg_user")" --init-groups)
  fi
fi

# The server user may not be allowed into the caller's directory (e.g. a checkout under /root):
# run its commands from inside the temporary directory, which it owns.
as_server() { (cd "$tmp" && "${run_as[@]}" "$@"); }

cleanup() {
  local status=$?
  trap - EXIT INT TERM
  if [ -f "$tmp/data/postmaster.pid" ]; then
    as_server "$bindir/pg_ctl" -D "$tmp/data" -m immediate -w stop >/dev/null 2>&1 || true
  fi
  rm -rf "$tmp"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

port="$("$python" -c 'import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])')"

as_server "$bindir/initdb" -D "$tmp/data" -U malbild --auth=trust --encoding=UTF8 \
  --locale=C --no-sync >"$tmp/initdb.log" 2>&1 \
  || { cat "$tmp/initdb.log" >&2; exit 1; }
# Durability is pointless for a cluster that is deleted afterwards: turn it off for speed —
# except with MALBILD_PG_DURABLE=1 (the fault runs, which check that no commit is lost).
server_options="-h 127.0.0.1 -p $port -k $tmp"
if [ "${MALBILD_PG_DURABLE:-}" != 1 ]; then
  server_options+=" -F -c synchronous_commit=off -c full_page_writes=off"
fi
if ! as_server "$bindir/pg_ctl" -D "$tmp/data" -l "$tmp/server.log" -w -t 60 \
  -o "$server_options" start >/dev/null; then
  echo "error: PostgreSQL did not start; its log:" >&2
  cat "$tmp/server.log" >&2 || true
  exit 1
fi
"$bindir/createdb" -h 127.0.0.1 -p "$port" -U malbild malbild

# MALBILD_PG_RESTART: a command that restarts the cluster (`pg_ctl restart -m fast`), for
# the fault runs (scripts/load.py --restart-postgres-at).
{
  echo '#!/usr/bin/env bash'
  printf 'cd %q && exec' "$tmp"
  printf ' %q' ${run_as[@]+"${run_as[@]}"} "$bindir/pg_ctl" -D "$tmp/data" -l "$tmp/server.log" \
    -w -t 60 -m fast -o "$server_options" restart
  echo
} >"$tmp/restart.sh"
chmod +x "$tmp/restart.sh"
export MALBILD_PG_RESTART="$tmp/restart.sh"

export DATABASE_URL="postgres://malbild@127.0.0.1:$port/malbild"
echo "PostgreSQL $("$bindir/postgres" --version | awk '{print $3}') on 127.0.0.1:$port ($tmp)"
"$@"
