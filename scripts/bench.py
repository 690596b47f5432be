#!/usr/bin/env python3
"""`make bench`: pages, API lists, renders and a bounded load run on generated data, with the
raw SQL and a trivial page measured in the same run (issue #11, docs/performance.md).

    python scripts/bench.py [--factors 1,16] [--quick] [--rounds 5] [--database-url URL]
                            [--renders-at 1,16] [--load-at 16] [--no-renders] [--no-load]

For each activities factor (`malbild generate --scale kommunkoncern --activities-factor F`,
one organisation `bench-<F>x` each, all in one database) it measures, in one process through
Django's test client (URL routing, the whole middleware stack, the view, the template):

- every main page and list endpoint: status, HTML/JSON size, query count, the first request
  and the median of `--rounds` further ones (fewer, at least `--min-rounds`, when a page
  takes longer than `--page-budget` seconds); the page's SQL, captured with
  `CaptureQueriesContext` and re-executed (its SELECTs, as sent) on the database driver's raw
  cursor with every row fetched — the time the database needs for the same rows; and
  `/healthz` through the same middleware. Ratios: server time ÷ raw SQL, ÷ trivial page.
- renders (annual report PDF, DOCX, XLSX of the last closed period; consultation summary PDF
  and DOCX; the action plan's export PDF and DOCX), each in a fresh process: wall time of the
  render and the process's peak resident memory.
- a bounded load run: gunicorn (2 workers, 127.0.0.1 only) for `--load-seconds` per target
  (the document page as a signed-in strategist, the API activity list with a token), 4
  client threads: requests/s, p50, p95, errors.
- import throughput, last: `malbild import_sheet --generate 5000` (200 with --quick) into a
  new draft plan.

MALBILD_BENCH_SKIP=dashboard,annual leaves out the pages whose names contain those words.
The database: a new temporary SQLite file unless `--database-url` (`env`: $DATABASE_URL, as
scripts/with_postgres.sh sets it). An organisation `bench-<F>x` already in that database is
reused, not regenerated. Results: var/bench/<timestamp>-<db>.json and var/bench/latest.md (and
printed). No pass/fail: it prints numbers and ratios. `--quick`: factors 1, 2 rounds, no PDF
renders, 3 s of load.
"""

import argparse
import datetime
import http.client
import json
import os
import platform
import re
import resource
import shutil
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
RENDERS = [
    "annual-report-pdf",
    "annual-report-docx",
    "annual-report-xlsx",
    "summary-pdf",
    "summary-docx",
    "plan-pdf",
    "plan-docx",
]
QUICK_RENDERS = ["annual-report-docx", "annual-report-xlsx", "summary-docx", "plan-docx"]
IMPORT_NOT_MEASURED = "not measured (--no-import)"
IMPORT_ROWS, QUICK_IMPORT_ROWS = 5000, 200
IMPORTED = re.compile(
    r"imported (?P<rows>\d+) rows in (?P<seconds>[\d.]+) s \((?P<rate>\d+) rows/s; "
    r"with the preview (?P<with_preview>\d+) rows/s\)"
)


# Numbers and tables (pure; tests/test_bench.py) -----------------------------------------------


def ratio(a: float | None, b: float | None) -> float | None:
    """a ÷ b, or None when either is missing or b is 0."""
    if a is None or b is None or b <= 0:
        return None
    return a / b


def median_ms(seconds: list[float]) -> float | None:
    return statistics.median(seconds) * 1000 if seconds else None


def percentile(values: list[float], q: float) -> float | None:
    """The q-quantile (0..1) by the nearest-rank method; None for no values."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * q // 1))  # ceil(n·q), at least the first
    return ordered[int(min(rank, len(ordered))) - 1]


def fmt_ms(ms: float | None) -> str:
    if ms is None:
        return "–"
    if ms >= 10_000:
        return f"{ms / 1000:.1f} s"
    if ms >= 1000:
        return f"{ms / 1000:.2f} s"
    if ms >= 10:
        return f"{ms:.0f} ms"
    return f"{ms:.1f} ms"


def fmt_ratio(x: float | None) -> str:
    if x is None:
        return "–"
    if x >= 100:
        return f"×{x:,.0f}"
    return f"×{x:.1f}" if x >= 10 else f"×{x:.2f}"


def fmt_bytes(n: int | None) -> str:
    if n is None:
        return "–"
    if n >= 1_000_000:
        return f"{n / 1_000_000:.1f} MB"
    return f"{n / 1000:.0f} kB" if n >= 1000 else f"{n} B"


def page_row(page: dict, trivial_ms: float | None) -> dict:
    """A measured page with its ratios: server ÷ raw SQL, server ÷ trivial page."""
    return {
        **page,
        "x_raw_sql": ratio(page.get("median_ms"), page.get("raw_sql_ms")),
        "x_trivial": ratio(page.get("median_ms"), trivial_ms),
    }


def growth(rows_by_factor: dict[int, dict], name: str) -> float | None:
    """Server time at the largest factor ÷ at the smallest, for the page `name`."""
    factors = sorted(f for f in rows_by_factor if name in rows_by_factor[f])
    if len(factors) < 2:
        return None
    first, last = rows_by_factor[factors[0]][name], rows_by_factor[factors[-1]][name]
    return ratio(last.get("median_ms"), first.get("median_ms"))


def _table(header: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def pages_table(scales: dict) -> str:
    """One row per page and factor: queries, size, first, median, raw SQL, the two ratios;
    then the growth from the smallest factor to the largest."""
    rows = []
    by_factor = {int(f): {p["name"]: p for p in s["pages"]} for f, s in scales.items()}
    names = []
    for pages in by_factor.values():
        names += [n for n in pages if n not in names]
    factors = sorted(by_factor)
    for name in names:
        for factor in factors:
            page = by_factor[factor].get(name)
            if page is None:
                continue
            status = "" if page.get("status") == 200 else f" (HTTP {page.get('status')})"
            rows.append(
                [
                    f"{name}{status}",
                    f"{factor}×",
                    str(page.get("queries", "–")),
                    fmt_bytes(page.get("bytes")),
                    fmt_ms(page.get("first_ms")),
                    fmt_ms(page.get("median_ms")),
                    str(page.get("rounds", "–")),
                    fmt_ms(page.get("raw_sql_ms")),
                    fmt_ratio(page.get("x_raw_sql")),
                    fmt_ratio(page.get("x_trivial")),
                ]
            )
        grown = growth(by_factor, name)
        if grown is not None:
            rows.append(
                [
                    f"{name}: growth {factors[0]}× → {factors[-1]}×",
                    "",
                    "",
                    "",
                    "",
                    fmt_ratio(grown),
                    "",
                    "",
                    "",
                    "",
                ]
            )
    header = ["page", "scale", "queries", "size", "first", "median", "rounds", "raw SQL",
              "×raw SQL", "×trivial"]  # fmt: skip
    return _table(header, rows)


def trivial_table(scales: dict) -> str:
    rows = [
        [f"{f}×", fmt_ms(s["trivial"]["median_ms"]), str(s["trivial"]["queries"])]
        if s.get("trivial")
        else [f"{f}×", f"not measured: {s.get('error') or 'no pages'}", "–"]
        for f, s in sorted(scales.items(), key=lambda kv: int(kv[0]))
    ]
    return _table(["scale", "/healthz median", "queries"], rows)


def renders_table(renders: list[dict]) -> str:
    rows = []
    for r in renders:
        if r.get("error"):
            rows.append([r["what"], f"{r['factor']}×", r["error"], "–", "–"])
            continue
        rows.append(
            [
                r["what"],
                f"{r['factor']}×",
                fmt_ms(r["seconds"] * 1000),
                f"{r['peak_mb']:.0f} MB",
                fmt_bytes(r.get("bytes")),
            ]
        )
    return _table(["render", "scale", "wall time", "peak memory", "file"], rows)


def load_table(loads: list[dict]) -> str:
    rows = [
        [
            r["target"],
            f"{r['factor']}×",
            f"{r['requests_per_s']:.1f}"
            if r["requests_per_s"] >= 1
            else f"{r['requests_per_s']:.2f}",
            fmt_ms(r["p50_ms"]),
            fmt_ms(r["p95_ms"]),
            str(r["requests"]),
            str(r["errors"]),
        ]
        for r in loads
    ]
    return _table(["target", "scale", "requests/s", "p50", "p95", "requests", "errors"], rows)


def markdown(report: dict) -> str:
    meta = report["meta"]
    parts = [
        f"# make bench — {meta['started']} ({meta['database']}, {meta.get('scale', '')})",
        "",
        f"Machine: {meta['machine']}; load average at start {meta['loadavg']}. "
        f"Took {meta.get('seconds', 0):.0f} s"
        + ("" if meta.get("complete") else " (incomplete: the run was interrupted or is going on)")
        + f". Rounds: {meta['rounds']} "
        f"(at least {meta['min_rounds']} when a page takes over {meta['page_budget']} s).",
        "",
        "## Generated data",
        "",
        _table(
            ["scale", "generated in", "activities", "budget lines", "indicators", "comments"],
            [
                [
                    f"{f}×",
                    "reused" if s["generated_s"] is None else f"{s['generated_s']:.0f} s",
                    str(s["counts"].get("activities", "–")),
                    str(s["counts"].get("budget lines", "–")),
                    str(s["counts"].get("indicators", "–")),
                    str(s["counts"].get("comments", "–")),
                ]
                for f, s in sorted(report["scales"].items(), key=lambda kv: int(kv[0]))
            ],
        ),
        "",
        "## Pages and API lists (in-process, whole middleware)",
        "",
        pages_table(report["scales"]),
        "",
        "Trivial page through the same middleware:",
        "",
        trivial_table(report["scales"]),
        "",
    ]
    if report.get("renders"):
        parts += ["## Renders (each in its own process)", "", renders_table(report["renders"]), ""]
    if report.get("load"):
        parts += [
            "## Bounded load (gunicorn, 2 workers, 127.0.0.1)",
            "",
            load_table(report["load"]),
            "",
        ]
    parts += ["## Import throughput", "", report.get("import", IMPORT_NOT_MEASURED), ""]
    return "\n".join(parts)


# Child steps (run with Django set up, in their own processes) -----------------------------------


def _django():
    sys.path.insert(0, str(ROOT / "src"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "malbild.conf.test")
    import django

    django.setup()


SCALE = os.environ.get("MALBILD_BENCH_SCALE", "kommunkoncern")


def slug_for(factor: int) -> str:
    return f"bench-{SCALE}-{factor}x"


def step_generate(factor: int) -> dict:
    """Generate the kommunkoncern at `factor` (or reuse it); its counts and seconds."""
    _django()
    from malbild.demo.generate import generate, scale_for
    from malbild.organisation.models import Organisation

    slug = slug_for(factor)
    if Organisation.objects.filter(slug=slug).exists():
        return {"counts": _counts(slug), "generated_s": None}
    started = time.perf_counter()
    _org, counts = generate(
        scale=scale_for(SCALE, activities_factor=factor),
        seed=1,
        slug=slug,
        name=f"Benchkoncern {factor}×",
    )
    return {"counts": counts, "generated_s": time.perf_counter() - started}


def _counts(slug: str) -> dict:
    from malbild.actionplan.models import Activity, BudgetLine
    from malbild.consultation.models import Comment
    from malbild.strategy.models import Indicator

    return {
        "activities": Activity.objects.filter(organisation__slug=slug).count(),
        "budget lines": BudgetLine.objects.filter(organisation__slug=slug).count(),
        "indicators": Indicator.objects.filter(organisation__slug=slug).count(),
        "comments": Comment.objects.filter(organisation__slug=slug).count(),
    }


def _targets(slug: str) -> dict:
    """The organisation's strategist, its action plan, periods, round and first version."""
    from malbild.accounts.models import User
    from malbild.consultation.models import ConsultationRound
    from malbild.followup.models import FollowUpPeriod
    from malbild.organisation.models import Organisation
    from malbild.strategy.models import DocumentVersion, SteeringDocument

    org = Organisation.objects.get(slug=slug)
    plan = SteeringDocument.objects.for_org(org).get(kind="action_plan")
    periods = FollowUpPeriod.objects.for_org(org).filter(document=plan).only("pk", "status", "end")
    closed = periods.filter(status="closed").order_by("-end").first()
    opened = periods.filter(status="open").order_by("-end").first()
    return {
        "org": org,
        "user": User.objects.get(username=f"{slug}-strateg"),
        "plan": plan,
        "closed": closed,
        "open": opened,
        "round": ConsultationRound.objects.for_org(org).filter(version__document=plan).first(),
        "version": DocumentVersion.objects.for_org(org)
        .filter(document=plan)
        .only("pk", "number")
        .order_by("number")
        .first(),
    }


def page_list(t: dict) -> list[tuple[str, str]]:
    from django.urls import reverse

    org = t["org"].slug
    api = f"/api/v1/organisations/{org}"

    def url(name, **kw):
        return reverse(name, kwargs={"org": org, **kw})

    return [
        ("dashboard, closed period", url("followup:period-dashboard", pk=t["closed"].pk)),
        ("dashboard, open period", url("followup:period-dashboard", pk=t["open"].pk)),
        ("annual report page, closed period", url("followup:period-report", pk=t["closed"].pk)),
        ("annual report page, open period", url("followup:period-report", pk=t["open"].pk)),
        ("follow-up period list", url("followup:period-list")),
        (
            "version compare v1 ↔ working copy",
            url("strategy:version-compare", pk=t["plan"].pk)
            + f"?a={t['version'].number}&b=current",
        ),
        ("consultation handling page", url("consultation:handling", pk=t["round"].pk)),
        ("consultation summary page", url("consultation:summary", pk=t["round"].pk)),
        ("document page (action plan)", url("strategy:document-detail", pk=t["plan"].pk)),
        ("decision list", url("strategy:decision-list")),
        ("activity list", url("actionplan:activity-list")),
        ("API follow-up periods", f"{api}/followup/periods"),
        ("API activities", f"{api}/activities"),
        ("API indicators", f"{api}/indicators"),
        ("API decisions", f"{api}/decisions"),
        ("API documents", f"{api}/documents"),
        ("API consultation comments", f"{api}/consultations/{t['round'].pk}/comments"),
        ("API period contributions", f"{api}/followup/periods/{t['open'].pk}/contributions"),
    ]


def raw_selects(captured: list[dict]) -> list[str]:
    """The SELECTs of a page's captured SQL, as sent (writes, savepoints and transaction
    control are not re-executed)."""
    return [q["sql"] for q in captured if q["sql"].lstrip().upper().startswith(("SELECT", "WITH"))]


def _time_raw(sqls: list[str]) -> float:
    from django.db import connection

    connection.ensure_connection()
    cursor = connection.connection.cursor()  # the driver's own cursor: no Django in between
    started = time.perf_counter()
    for sql in sqls:
        cursor.execute(sql)
        cursor.fetchall()
    elapsed = time.perf_counter() - started
    cursor.close()
    return elapsed


def step_pages(factor: int, rounds: int, min_rounds: int, budget: float) -> dict:
    _django()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    t = _targets(slug_for(factor))
    client = Client(SERVER_NAME="localhost", HTTP_ACCEPT_LANGUAGE="sv")
    client.force_login(t["user"])

    def timed(path):
        started = time.perf_counter()
        response = client.get(path)
        return time.perf_counter() - started, response

    pages = []
    skip = [w for w in os.environ.get("MALBILD_BENCH_SKIP", "").split(",") if w]
    listed = [(n, p) for n, p in page_list(t) if not any(w in n for w in skip)]
    for name, path in [("trivial page (/healthz)", "/healthz"), *listed]:
        first, response = timed(path)
        with CaptureQueriesContext(connection) as ctx:
            _s, response = timed(path)
        # A copy now: `captured_queries` reads the connection's log, which the next request
        # empties.
        captured = list(ctx.captured_queries)
        n = rounds if first * rounds <= budget else max(min_rounds, int(budget // max(first, 1e-9)))
        times = [timed(path)[0] for _ in range(n)]
        selects = raw_selects(captured)
        raw = [_time_raw(selects) for _ in range(max(n, 5))]
        pages.append(
            {
                "name": name,
                "path": path,
                "status": response.status_code,
                "bytes": len(response.content),
                "queries": len(captured),
                "raw_selects": len(selects),
                "first_ms": first * 1000,
                "median_ms": median_ms(times),
                "rounds": n,
                "raw_sql_ms": median_ms(raw),
            }
        )
        print(
            f"  {factor}×  {json.dumps(pages[-1], ensure_ascii=False)}", file=sys.stderr, flush=True
        )
    trivial = pages.pop(0)
    return {
        "trivial": {k: trivial[k] for k in ("median_ms", "queries", "status")},
        "pages": [page_row(p, trivial["median_ms"]) for p in pages],
    }


def step_render(factor: int, what: str) -> dict:
    """One render, in this (fresh) process: seconds and peak resident memory."""
    _django()
    from malbild.consultation import exports as consultation_exports
    from malbild.consultation import selectors as consultation_selectors
    from malbild.core.access import access_for
    from malbild.followup.report_views import report_for
    from malbild.reports import charts, render
    from malbild.strategy import exports

    t = _targets(slug_for(factor))
    charts._matplotlib_svg.cache_clear()
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    started = time.perf_counter()
    if what.startswith("annual-report-"):
        _p, _d, report = report_for(access_for(t["user"], t["org"]), t["closed"].pk)
        fmt = what.rsplit("-", 1)[1]
        content = {
            "pdf": render.render_pdf,
            "docx": render.render_docx,
            "xlsx": render.render_xlsx,
        }[fmt](report)
    elif what.startswith("summary-"):
        summary = consultation_selectors.summary_build(round=t["round"])
        exporter = {
            "pdf": consultation_exports.summary_pdf,
            "docx": consultation_exports.summary_docx,
        }
        content = exporter[what.rsplit("-", 1)[1]](summary=summary)
    else:
        content, _name, _type = exports.plan_file(
            document=t["plan"], version=None, fmt=what.rsplit("-", 1)[1]
        )
    seconds = time.perf_counter() - started
    if not content.startswith((b"%PDF", b"PK")):
        raise RuntimeError(f"{what}: not a PDF or an Office file")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"seconds": seconds, "peak_mb": peak, "before_mb": before, "bytes": len(content)}


def step_credentials(factor: int) -> dict:
    """A session cookie of the strategist and a read API token, for the load run."""
    _django()
    from django.conf import settings
    from django.test import Client

    from malbild.accounts.services import api_token_create

    t = _targets(slug_for(factor))
    client = Client()
    client.force_login(t["user"])
    _token, raw = api_token_create(user=t["user"], name=f"bench {time.time():.0f}")
    cookie = settings.SESSION_COOKIE_NAME
    return {
        "cookie": f"{cookie}={client.cookies[cookie].value}",
        "token": raw,
        "document": dict(page_list(t))["document page (action plan)"],
        "api": f"/api/v1/organisations/{t['org'].slug}/activities",
    }


# The orchestrator ---------------------------------------------------------------------------


def child(step: str, env: dict, *args, timeout: float = 3600) -> dict:
    """Run a step of this file in a fresh interpreter; its JSON answer (last stdout line)."""
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, __file__, "--step", step, *map(str, args)],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    sys.stderr.write(done.stderr if step == "pages" else "")
    if done.returncode:
        raise RuntimeError(f"{step} {args} failed:\n{done.stderr[-3000:]}")
    answer = json.loads(done.stdout.strip().splitlines()[-1])
    answer["process_s"] = time.perf_counter() - started
    return answer


def django_env(database_url: str, var_dir: str) -> dict:
    env = dict(os.environ)
    env.update(
        DATABASE_URL=database_url,
        DJANGO_SETTINGS_MODULE="malbild.conf.test",
        MALBILD_VAR_DIR=var_dir,
        PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT / "src"), env.get("PYTHONPATH")])),
    )
    return env


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def load_run(env: dict, factor: int, seconds: float, threads: int, var_dir: str) -> list[dict]:
    """gunicorn with 2 workers on 127.0.0.1; `threads` clients for `seconds` per target."""
    creds = child("credentials", env, factor)
    port = free_port()
    log_path = Path(var_dir) / "gunicorn.log"
    with open(log_path, "w") as log:
        gunicorn = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "malbild.wsgi:application",
             "--bind", f"127.0.0.1:{port}", "--workers", "2", "--timeout", "120",
             "--graceful-timeout", "5"],
            env=env, stdout=log, stderr=subprocess.STDOUT, cwd=var_dir,
        )  # fmt: skip
        try:
            _wait_ready(port, time.monotonic() + 60)
            targets = [
                ("document page (action plan)", creds["document"], {"Cookie": creds["cookie"]}),
                ("API activities", creds["api"], {"Authorization": f"Bearer {creds['token']}"}),
            ]
            results = []
            for name, path, headers in targets:
                _hit(port, path, headers)  # warm both workers' caches a little
                results.append(
                    {
                        "target": name,
                        "factor": factor,
                        **_hammer(port, path, headers, seconds, threads),
                    }
                )
        finally:
            gunicorn.send_signal(signal.SIGTERM)
            try:
                gunicorn.wait(timeout=20)
            except subprocess.TimeoutExpired:
                gunicorn.kill()
    return results


def _wait_ready(port: int, deadline: float) -> None:
    while time.monotonic() < deadline:
        try:
            _hit(port, "/healthz", {})
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("gunicorn did not come up")


def _hit(port: int, path: str, headers: dict, conn=None) -> int:
    own = conn is None
    conn = conn or http.client.HTTPConnection("127.0.0.1", port, timeout=130)
    conn.request("GET", path, headers={"Host": "localhost", "Accept-Language": "sv", **headers})
    response = conn.getresponse()
    response.read()
    if own:
        conn.close()
    return response.status


def _hammer(port: int, path: str, headers: dict, seconds: float, threads: int) -> dict:
    lock, durations, errors = threading.Lock(), [], []
    stop_at = time.monotonic() + seconds

    def worker():
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=130)
        while time.monotonic() < stop_at:
            started = time.monotonic()
            try:
                status = _hit(port, path, headers, conn)
            except (OSError, http.client.HTTPException) as exc:
                status = type(exc).__name__
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=130)
            with lock:
                durations.append(time.monotonic() - started)
                if status != 200:
                    errors.append(status)
        conn.close()

    began = time.monotonic()
    pool = [threading.Thread(target=worker, daemon=True) for _ in range(threads)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join(timeout=seconds + 140)
    elapsed = time.monotonic() - began
    return {
        "seconds": elapsed,
        "requests": len(durations),
        "requests_per_s": len(durations) / elapsed,
        "p50_ms": (percentile(durations, 0.5) or 0) * 1000,
        "p95_ms": (percentile(durations, 0.95) or 0) * 1000,
        "errors": len(errors),
        "error_kinds": sorted({str(e) for e in errors}),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--factors", default="1,16", help="activities factors (default 1,16)")
    parser.add_argument("--scale", default="kommunkoncern", help="malbild generate --scale")
    parser.add_argument("--quick", action="store_true", help="1×, 2 rounds, no PDFs, 3 s load")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--min-rounds", type=int, default=3)
    parser.add_argument("--page-budget", type=float, default=20, help="seconds per page")
    parser.add_argument("--database-url", default="", help="default a temporary SQLite; env")
    parser.add_argument("--renders-at", default="", help="factors (default all)")
    parser.add_argument("--load-at", default="", help="factors (default the largest)")
    parser.add_argument("--load-seconds", type=float, default=15)
    parser.add_argument("--no-renders", action="store_true")
    parser.add_argument(
        "--no-import", action="store_true", help="skip the import throughput (last phase)"
    )
    parser.add_argument(
        "--step-timeout", type=float, default=7200, help="seconds for one scale's pages"
    )
    parser.add_argument("--no-pages", action="store_true", help="only renders and load")
    parser.add_argument("--no-load", action="store_true")
    parser.add_argument("--out", default=str(ROOT / "var" / "bench"))
    parser.add_argument("--step", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.step:
        step, *params = args.step
        if step == "generate":
            answer = step_generate(int(params[0]))
        elif step == "pages":
            answer = step_pages(int(params[0]), int(params[1]), int(params[2]), float(params[3]))
        elif step == "render":
            answer = step_render(int(params[0]), params[1])
        else:
            answer = step_credentials(int(params[0]))
        print(json.dumps(answer))
        return 0

    if args.quick:
        args.factors = args.factors if args.factors != "1,16" else "1"
        args.rounds, args.min_rounds, args.load_seconds = 2, 1, 3
    factors = sorted({int(f) for f in args.factors.split(",") if f.strip()})
    renders_at = [int(f) for f in args.renders_at.split(",") if f.strip()] or factors
    load_at = [int(f) for f in args.load_at.split(",") if f.strip()] or factors[-1:]
    renders = [] if args.no_renders else (QUICK_RENDERS if args.quick else RENDERS)

    started = time.perf_counter()
    out = Path(args.out)
    stamp = datetime.datetime.now(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")
    tmp = tempfile.mkdtemp(prefix="malbild-bench-")
    try:
        url = args.database_url
        if url == "env":
            url = os.environ.get("DATABASE_URL", "")
            if not url:
                sys.exit("--database-url env: DATABASE_URL is not set")
        url = url or f"sqlite:///{tmp}/bench.sqlite3"
        env = django_env(url, tmp)
        env["MALBILD_BENCH_SCALE"] = args.scale
        database = url.split("://")[0].replace("postgresql", "postgres")
        report = {
            "meta": {
                "started": datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC"),
                "database": database,
                "machine": f"{platform.node()}, {os.cpu_count()} CPUs, {platform.platform()}, "
                f"Python {platform.python_version()}",
                "loadavg": " ".join(f"{x:.1f}" for x in os.getloadavg()),
                "rounds": args.rounds,
                "min_rounds": args.min_rounds,
                "page_budget": args.page_budget,
                "factors": factors,
                "scale": args.scale,
                "quick": args.quick,
            },
            "scales": {},
            "renders": [],
            "load": [],
            "import": IMPORT_NOT_MEASURED,
        }
        print(f"bench on {database}: factors {factors}", file=sys.stderr)
        subprocess.run(
            [sys.executable, "manage.py", "migrate", "--noinput", "-v0"],
            env=env,
            cwd=ROOT,
            check=True,
        )
        for factor in factors:
            generated = child("generate", env, factor)
            print(
                f"{factor}×: generated {generated['counts']} in {generated['generated_s']}",
                file=sys.stderr,
            )
            if args.no_pages:
                continue
            try:
                pages = child(
                    "pages", env, factor, args.rounds, args.min_rounds, args.page_budget,
                    timeout=args.step_timeout,
                )  # fmt: skip
            except (RuntimeError, subprocess.TimeoutExpired) as exc:
                # Recorded, and the run goes on: a scale too slow for the time given.
                pages = {"trivial": None, "pages": [], "error": str(exc).splitlines()[0][:300]}
            report["scales"][str(factor)] = {
                "counts": generated["counts"],
                "generated_s": generated["generated_s"],
                **{k: pages.get(k) for k in ("trivial", "pages", "error")},
            }
            write(report, out, stamp, started)
        if not args.no_load:
            for factor in load_at:
                report["load"] += load_run(env, factor, args.load_seconds, 4, tmp)
                write(report, out, stamp, started)
        for factor in renders_at:
            for what in renders:
                try:
                    r = child("render", env, factor, what, timeout=1800)
                    r.pop("process_s", None)
                except (RuntimeError, subprocess.TimeoutExpired) as exc:
                    r = {"error": str(exc).splitlines()[0][:200]}
                report["renders"].append({"what": what, "factor": factor, **r})
                print(f"  render {what} {factor}×: {r}", file=sys.stderr)
                write(report, out, stamp, started)
        if not args.no_import:
            rows = QUICK_IMPORT_ROWS if args.quick else IMPORT_ROWS
            report["import"] = import_run(env, factors[0], rows, database)
            print(f"  import: {report['import']}", file=sys.stderr)
            write(report, out, stamp, started)
        report["meta"]["complete"] = True
        text = write(report, out, stamp, started)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print(text)
    return 0


def import_run(env: dict, factor: int, rows: int, database: str) -> str:
    """Import a generated sheet of `rows` rows into a new draft plan of the scale's organisation
    (`malbild import_sheet --generate`: the preview, then the one-transaction import through the
    services); run last, since it adds a second action plan to the organisation."""
    slug = slug_for(factor)
    command = [sys.executable, "manage.py", "import_sheet", "--organisation", slug]
    command += ["--user", f"{slug}-strateg", "--generate", str(rows)]
    try:
        done = subprocess.run(
            command, env=env, cwd=ROOT, capture_output=True, text=True, timeout=3600
        )
    except subprocess.TimeoutExpired:
        return f"not measured: importing {rows:,} rows took over an hour"
    found = IMPORTED.search(done.stdout)
    if done.returncode or not found:
        return f"not measured: the import failed ({(done.stderr or done.stdout)[-200:].strip()})"
    return (
        f"{int(found['rows']):,} rows (half activities, half budget lines) on {database}: "
        f"{found['rate']} rows/s imported, {found['with_preview']} rows/s with the preview "
        f"({float(found['seconds']):.1f} s for the import itself)"
    )


def write(report: dict, out: Path, stamp: str, started: float) -> str:
    """Write the report so far (after every phase: an interrupted run keeps what it got)."""
    report["meta"]["seconds"] = time.perf_counter() - started
    out.mkdir(parents=True, exist_ok=True)
    name = f"{stamp}-{report['meta']['database']}.json"
    (out / name).write_text(json.dumps(report, indent=2, ensure_ascii=False))
    text = markdown(report)
    (out / "latest.md").write_text(text + "\n")
    return text


if __name__ == "__main__":
    sys.exit(main())
