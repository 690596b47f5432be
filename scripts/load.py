#!/usr/bin/env python3
"""Concurrent API writers against a real gunicorn on 127.0.0.1 — `make soak`, `make faults`.

    python scripts/load.py [--seconds 25] [--threads 20] [--workers 4] [--restart-postgres-at 8]

Starts gunicorn (the test settings, `--workers` processes) on a free port of 127.0.0.1 against
DATABASE_URL — a new temporary SQLite file when unset — migrates and seeds it (one organisation,
an administrator with an API token, one activity per writer thread), and lets `--threads`
writers run for `--seconds`: each in turn POSTs a budget line (a unique `financing_source`,
with an `Idempotency-Key`) and PATCHes its own activity's description (a sequence number).
Every request has a client timeout (`--timeout`, default 10 s). A failed POST (5xx or no
answer) is retried with the same key, at most `--retries` times.

`--restart-postgres-at S` runs $MALBILD_PG_RESTART (set by scripts/with_postgres.sh:
`pg_ctl restart -m fast`) S seconds into the run; gunicorn is not restarted.

Then gunicorn stops and the database is read directly. The run fails (exit 1) when
- a 2xx-acknowledged budget line is missing, or one exists twice (a retry wrote again);
- an activity's stored sequence number is lower than its last acknowledged PATCH;
- (no restart) any request got a 5xx or no answer in time;
- (restart) a request took longer than the client timeout, or writes failed in the last
  `--settle` seconds (default 5) of the run: the application did not recover by itself.
Prints the numbers (requests, rate, latencies, failures, recovery time) as it ends.

Only 127.0.0.1 is contacted, the run is bounded in time, and gunicorn is stopped at the end.
"""

import argparse
import http.client
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ORG = "soak"


def django_env(database_url: str) -> dict:
    env = dict(os.environ)
    env.update(
        DATABASE_URL=database_url,
        DJANGO_SETTINGS_MODULE="malbild.conf.test",
        PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT / "src"), env.get("PYTHONPATH")])),
    )
    return env


def in_django(mode: str, env: dict, payload: dict | None = None) -> dict:
    """Run this file's `--seed` or `--verify` step in a fresh interpreter (Django set up)."""
    result = subprocess.run(
        [sys.executable, __file__, f"--{mode}"],
        input=json.dumps(payload or {}),
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    if result.returncode:
        sys.exit(f"{mode} failed:\n{result.stderr}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def seed(threads: int) -> dict:
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    from malbild.accounts.constants import Role
    from malbild.accounts.services import api_token_create
    from malbild.actionplan.tests.factories import ActivityFactory
    from malbild.core.tests.factories import OrganisationFactory, UserFactory
    from malbild.strategy.tests.factories import DocumentFactory

    org = OrganisationFactory(name="Soak kommun", slug=ORG)
    user = UserFactory(username="soak-admin", role=Role.ADMIN, organisation=org)
    document = DocumentFactory(organisation=org)
    activities = [ActivityFactory(document=document).pk for _ in range(threads)]
    _token, raw = api_token_create(user=user, name="soak", scope="write")
    return {"token": raw, "activities": activities}


def verify(expected: dict) -> dict:
    from collections import Counter

    from malbild.actionplan.models import Activity, BudgetLine

    lines = Counter(
        BudgetLine.objects.filter(financing_source__startswith="soak-").values_list(
            "financing_source", flat=True
        )
    )
    missing = [m for m in expected["acknowledged"] if lines[m] == 0]
    duplicated = [m for m, n in lines.items() if n > 1]
    stale = []
    for pk, last in expected["patched"].items():
        stored = Activity.objects.get(pk=int(pk)).description
        if last and int(stored or 0) < last:
            stale.append((pk, stored, last))
    return {
        "lines_in_db": sum(lines.values()),
        "missing": missing,
        "duplicated": duplicated,
        "stale_patches": stale,
    }


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_ready(port: int, deadline: float) -> None:
    while time.monotonic() < deadline:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/healthz")
            conn.getresponse().read()
            return
        except OSError:
            time.sleep(0.2)
    sys.exit("gunicorn did not come up")


class Stats:
    def __init__(self):
        self.lock = threading.Lock()
        self.records = []  # (start offset, duration, kind, status or exception name)
        self.acknowledged = []
        self.patched = {}

    def add(self, *record):
        with self.lock:
            self.records.append(record)


def writer(n, args, port, token, activity, stats, t0, stop_at):
    headers = {
        "Authorization": f"Bearer {token}",
        "Content-Type": "application/json",
        "Accept-Language": "en",
    }
    conn = None
    seq = 0
    last_ack = 0

    def call(method, path, body, extra=None):
        nonlocal conn
        started = time.monotonic()
        try:
            if conn is None:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=args.timeout)
            conn.request(method, "/api/v1" + path, json.dumps(body), {**headers, **(extra or {})})
            response = conn.getresponse()
            response.read()
            outcome = response.status
            if response.getheader("Connection", "").lower() == "close":
                conn.close()
                conn = None
        except (OSError, http.client.HTTPException) as exc:
            outcome = type(exc).__name__
            if conn is not None:
                conn.close()
            conn = None
        stats.add(started - t0, time.monotonic() - started, method, outcome)
        return outcome

    while time.monotonic() < stop_at:
        seq += 1
        marker = f"soak-{n}-{seq}"
        line = {"year": 2020, "kind": "operating", "amount": "100.00", "financing_source": marker}
        for attempt in range(args.retries + 1):
            outcome = call(
                "POST",
                f"/organisations/{ORG}/activities/{activity}/budget-lines",
                line,
                {"Idempotency-Key": marker},
            )
            if isinstance(outcome, int) and outcome < 500:
                break
            if time.monotonic() >= stop_at + args.timeout:
                break
            time.sleep(min(0.2 * 2**attempt, 2))
        if outcome == 201:
            with stats.lock:
                stats.acknowledged.append(marker)
        outcome = call(
            "PATCH", f"/organisations/{ORG}/activities/{activity}", {"description": str(seq)}
        )
        if outcome == 200:
            last_ack = seq
    with stats.lock:
        stats.patched[str(activity)] = last_ack


def percentile(values, q):
    values = sorted(values)
    return values[min(len(values) - 1, int(q * len(values)))] if values else 0.0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=25)
    parser.add_argument("--threads", type=int, default=20)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--timeout", type=float, default=10, help="client timeout (s)")
    parser.add_argument("--retries", type=int, default=5)
    parser.add_argument("--restart-postgres-at", type=float, default=None)
    parser.add_argument("--settle", type=float, default=5)
    parser.add_argument("--seed", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--verify", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.seed or args.verify:
        import django

        django.setup()
        payload = json.loads(sys.stdin.read() or "{}")
        print(json.dumps(seed(payload["threads"]) if args.seed else verify(payload)))
        return 0

    with tempfile.TemporaryDirectory(prefix="malbild-load-") as tmp:
        database_url = os.environ.get("DATABASE_URL") or f"sqlite:///{tmp}/load.sqlite3"
        restart = os.environ.get("MALBILD_PG_RESTART") if args.restart_postgres_at else None
        if args.restart_postgres_at is not None and not restart:
            sys.exit("--restart-postgres-at needs MALBILD_PG_RESTART (scripts/with_postgres.sh)")
        env = django_env(database_url)
        env["MALBILD_VAR_DIR"] = tmp
        seeded = in_django("seed", env, {"threads": args.threads})
        port = free_port()
        log = open(Path(tmp) / "gunicorn.log", "w")  # noqa: SIM115 (closed in finally)
        gunicorn = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "malbild.wsgi:application",
             "--bind", f"127.0.0.1:{port}", "--workers", str(args.workers),
             "--timeout", "30", "--graceful-timeout", "5"],
            env=env, stdout=log, stderr=subprocess.STDOUT, cwd=tmp,
        )  # fmt: skip
        restart_info = {}
        try:
            wait_ready(port, time.monotonic() + 60)
            stats = Stats()
            t0 = time.monotonic()
            stop_at = t0 + args.seconds
            threads = [
                threading.Thread(
                    target=writer,
                    args=(i, args, port, seeded["token"], act, stats, t0, stop_at),
                    daemon=True,
                )
                for i, act in enumerate(seeded["activities"])
            ]
            for thread in threads:
                thread.start()
            if restart:
                time.sleep(args.restart_postgres_at)
                began = time.monotonic() - t0
                done = subprocess.run([restart], capture_output=True, text=True, timeout=120)
                restart_info = {
                    "began": began,
                    "ended": time.monotonic() - t0,
                    "rc": done.returncode,
                    "output": (done.stdout + done.stderr).strip()[-500:],
                }
            for thread in threads:
                thread.join(timeout=args.seconds + (args.retries + 2) * args.timeout + 30)
            hung_threads = sum(t.is_alive() for t in threads)
            elapsed = time.monotonic() - t0
        finally:
            gunicorn.send_signal(signal.SIGTERM)
            try:
                gunicorn.wait(timeout=20)
            except subprocess.TimeoutExpired:
                gunicorn.kill()
            log.close()
        result = in_django(
            "verify", env, {"acknowledged": stats.acknowledged, "patched": stats.patched}
        )
        gunicorn_log = (Path(tmp) / "gunicorn.log").read_text()

    records = stats.records
    statuses = {}
    for _start, _duration, _method, outcome in records:
        statuses[str(outcome)] = statuses.get(str(outcome), 0) + 1
    failures = [r for r in records if not (isinstance(r[3], int) and r[3] < 500)]
    durations = [r[1] for r in records]
    settle_from = elapsed - args.settle
    late_failures = [r for r in failures if r[0] >= settle_from]
    too_slow = [r for r in records if r[1] > args.timeout + 1]
    report = {
        "database": database_url.split("://")[0],
        "threads": args.threads,
        "workers": args.workers,
        "seconds": round(elapsed, 1),
        "requests": len(records),
        "per_second": round(len(records) / elapsed, 1),
        "statuses": statuses,
        "latency_ms": {
            "median": round(statistics.median(durations) * 1000, 1) if durations else None,
            "p99": round(percentile(durations, 0.99) * 1000, 1),
            "max": round(max(durations, default=0) * 1000, 1),
        },
        "acknowledged_lines": len(stats.acknowledged),
        **result,
        "missing": len(result["missing"]),
        "duplicated": len(result["duplicated"]),
        "stale_patches": len(result["stale_patches"]),
        "hung_threads": hung_threads,
    }
    if restart_info:
        after = [r for r in records if r[0] >= restart_info["ended"]]
        first_ok = next(
            (r[0] + r[1] for r in sorted(after) if isinstance(r[3], int) and r[3] < 300), None
        )
        report["restart"] = {
            "at_s": round(restart_info["began"], 1),
            "took_s": round(restart_info["ended"] - restart_info["began"], 1),
            "rc": restart_info["rc"],
            "failed_requests": len(failures),
            "failed_after_restart": sum(1 for r in failures if r[0] >= restart_info["ended"]),
            "first_success_after_restart_s": (
                round(first_ok - restart_info["ended"], 2) if first_ok is not None else None
            ),
        }
    print(json.dumps(report, indent=2))

    problems = []
    if result["missing"]:
        problems.append(f"acknowledged writes missing: {result['missing'][:5]}")
    if result["duplicated"]:
        problems.append(f"writes duplicated by retries: {result['duplicated'][:5]}")
    if result["stale_patches"]:
        problems.append(f"acknowledged PATCHes lost: {result['stale_patches'][:5]}")
    if hung_threads or too_slow:
        problems.append(f"requests beyond the client timeout: {len(too_slow)}, hung {hung_threads}")
    if restart_info:
        if restart_info["rc"]:
            problems.append(f"restart failed: {restart_info['output']}")
        if late_failures:
            problems.append(
                f"{len(late_failures)} failures in the last {args.settle} s: no recovery"
            )
    elif failures:
        problems.append(f"{len(failures)} requests failed (5xx or no answer)")
    if problems:
        print(
            "\n".join(["FAILED:", *problems, "--- gunicorn log (tail) ---", gunicorn_log[-3000:]])
        )
        return 1
    print("OK")
    return 0


if __name__ == "__main__":
    sys.exit(main())
