"""scripts/bench.py (`make bench`): its numbers and tables, and a smoke run of its steps on
the smallest scale (no timing is asserted anywhere: the bench prints numbers, it does not
judge them).

- the ratios (÷ raw SQL, ÷ trivial page), the growth between scales, the percentiles of the
  load run and the Markdown tables, on fixed inputs;
- the raw-SQL baseline re-executes only a page's SELECTs;
- `bench` marker: generate the demo scale and measure every page and list endpoint once,
  in this process (each answers 200 with a constant, non-zero number of queries, and its
  captured SELECTs run on the raw cursor), then one render in-process.
"""

import importlib.util
import io
from pathlib import Path

import pytest
from django.core.management import call_command

ROOT = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location("bench", ROOT / "scripts" / "bench.py")
bench = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(bench)


def test_ratio_is_none_when_a_side_is_missing_or_zero():
    assert bench.ratio(30.0, 10.0) == 3.0
    assert bench.ratio(None, 10.0) is None
    assert bench.ratio(30.0, None) is None
    assert bench.ratio(30.0, 0.0) is None


def test_page_row_adds_both_ratios():
    row = bench.page_row({"name": "p", "median_ms": 50.0, "raw_sql_ms": 2.0}, trivial_ms=5.0)

    assert row["x_raw_sql"] == 25.0
    assert row["x_trivial"] == 10.0
    assert row["name"] == "p"


def test_percentile_is_nearest_rank():
    values = [0.5, 0.1, 0.4, 0.2, 0.3]

    assert bench.percentile(values, 0.5) == 0.3
    assert bench.percentile(values, 0.95) == 0.5
    assert bench.percentile(values, 0.0) == 0.1
    assert bench.percentile([], 0.5) is None


def test_median_ms_and_formatting():
    assert bench.median_ms([0.003, 0.001, 0.002]) == pytest.approx(2.0)
    assert bench.median_ms([]) is None
    assert [bench.fmt_ms(x) for x in (None, 2.31, 42.4, 1234, 23_700)] == [
        "–",
        "2.3 ms",
        "42 ms",
        "1.23 s",
        "23.7 s",
    ]
    assert [bench.fmt_ratio(x) for x in (None, 2.345, 19.04, 1365.2)] == [
        "–",
        "×2.35",
        "×19.0",
        "×1,365",
    ]
    assert [bench.fmt_bytes(x) for x in (None, 512, 42_000, 3_000_000)] == [
        "–",
        "512 B",
        "42 kB",
        "3.0 MB",
    ]


def _report():
    def page(name, median, raw):
        return bench.page_row(
            {
                "name": name,
                "status": 200,
                "bytes": 12_000,
                "queries": 6,
                "first_ms": median * 2,
                "median_ms": median,
                "rounds": 5,
                "raw_sql_ms": raw,
            },
            trivial_ms=4.0,
        )

    def scale(median):
        return {
            "counts": {"activities": 190, "budget lines": 570, "indicators": 400, "comments": 50},
            "generated_s": 12.0,
            "trivial": {"median_ms": 4.0, "queries": 7, "status": 200},
            "pages": [page("activity list", median, 2.0)],
        }

    return {
        "meta": {
            "started": "2026-12-01 18:00 UTC",
            "database": "sqlite",
            "scale": "kommunkoncern",
            "machine": "test",
            "loadavg": "1.0 1.0 1.0",
            "rounds": 5,
            "min_rounds": 3,
            "page_budget": 20,
            "seconds": 60,
        },
        "scales": {"1": scale(25.0), "16": scale(100.0)},
        "renders": [
            {"what": "annual-report-pdf", "factor": 16, "seconds": 168.0, "peak_mb": 3400.0},
            {"what": "summary-pdf", "factor": 16, "error": "timed out"},
        ],
        "load": [
            {
                "target": "API activities",
                "factor": 16,
                "requests_per_s": 29.0,
                "p50_ms": 60.0,
                "p95_ms": 120.0,
                "requests": 435,
                "errors": 0,
            }
        ],
        "import": bench.IMPORT_NOT_MEASURED,
    }


def test_growth_is_the_largest_scale_over_the_smallest():
    scales = _report()["scales"]
    by_factor = {int(f): {p["name"]: p for p in s["pages"]} for f, s in scales.items()}

    assert bench.growth(by_factor, "activity list") == 4.0
    assert bench.growth({1: by_factor[1]}, "activity list") is None


def test_the_markdown_report_has_every_table_and_the_ratios():
    text = bench.markdown(_report())

    assert "| activity list | 1× | 6 | 12 kB | 50 ms | 25 ms | 5 | 2.0 ms | ×12.5 | ×6.25 |" in text
    assert (
        "| activity list | 16× | 6 | 12 kB | 200 ms | 100 ms | 5 | 2.0 ms | ×50.0 | ×25.0 |" in text
    )
    assert "| activity list: growth 1× → 16× |  |  |  |  | ×4.00 |" in text
    assert "| 16× | 4.0 ms | 7 |" in text
    assert "| annual-report-pdf | 16× | 168.0 s | 3400 MB | – |" in text
    assert "| summary-pdf | 16× | timed out | – | – |" in text
    assert "| API activities | 16× | 29.0 | 60 ms | 120 ms | 435 | 0 |" in text
    assert "## Import throughput\n\nnot measured (--no-import)" in text


def test_only_selects_are_re_executed():
    captured = [
        {"sql": "SELECT 1"},
        {"sql": "  select * from x"},
        {"sql": "WITH t AS (SELECT 1) SELECT * FROM t"},
        {"sql": 'UPDATE "django_session" SET x = 1'},
        {"sql": 'SAVEPOINT "s1"'},
        {"sql": "INSERT INTO y VALUES (1)"},
    ]

    assert bench.raw_selects(captured) == [
        "SELECT 1",
        "  select * from x",
        "WITH t AS (SELECT 1) SELECT * FROM t",
    ]


@pytest.mark.bench
def test_the_bench_steps_run_on_the_demo_scale(db, monkeypatch):
    monkeypatch.setattr(bench, "SCALE", "demo")

    generated = bench.step_generate(1)
    again = bench.step_generate(1)  # an existing bench organisation is reused
    pages = bench.step_pages(1, 1, 1, 5.0)

    assert generated["counts"]["activities"] == 40 and generated["generated_s"] > 0
    assert again["generated_s"] is None and again["counts"]["activities"] == 40
    assert pages["trivial"]["status"] == 200
    names = [p["name"] for p in pages["pages"]]
    assert len(names) == len(set(names)) == 18
    for page in pages["pages"]:
        assert page["status"] == 200, page["name"]
        assert page["queries"] > 0 and page["raw_selects"] > 0, page["name"]
        assert page["raw_sql_ms"] is not None and page["x_raw_sql"] is not None, page["name"]
        assert page["bytes"] > 0
    render = bench.step_render(1, "annual-report-xlsx")
    assert render["bytes"] > 1000 and render["peak_mb"] >= render["before_mb"]
    text = bench.markdown(
        {**_report(), "scales": {"1": {**pages, "counts": generated["counts"], "generated_s": 1}}}
    )
    assert "| document page (action plan) | 1× |" in text

    # The import phase reads the throughput off `malbild import_sheet --generate`'s last line.
    out = io.StringIO()
    slug = bench.slug_for(1)
    call_command("import_sheet", organisation=slug, user=f"{slug}-strateg", generate=30, stdout=out)
    found = bench.IMPORTED.search(out.getvalue())
    assert found and int(found["rows"]) == 30 and int(found["rate"]) > 0, out.getvalue()


def test_a_scale_whose_pages_failed_is_reported_not_measured():
    report = _report()
    report["scales"]["16"] = {
        "counts": {},
        "generated_s": None,
        "trivial": None,
        "pages": [],
        "error": "pages timed out after 7200 seconds",
    }

    text = bench.markdown(report)

    assert "| 16× | not measured: pages timed out after 7200 seconds | – |" in text
    assert "| activity list | 1× |" in text and "| activity list | 16× |" not in text
