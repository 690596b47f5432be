"""Render times of the board documents (run with `make bench`): the annual report of a closed
follow-up period as a web page, PDF, DOCX and XLSX, and the consultation summary as PDF and DOCX
— for the demo (Alingsås) and for a generated kommunkoncern (`malbild generate --scale
kommunkoncern`, see docs/performance.md).

The web page is fetched as a strategist opens it (URL, middleware, view). The files are timed as
built and rendered — the report or summary read from the database, then the renderer — not
through their download URLs, which may answer from a cache or hand the work to a background job;
what is measured is the work a download costs the first time. Each benchmark checks that it got
the document it asked for, so a broken render cannot produce a fast, meaningless number. Every
round starts with the chart drawings' cache empty. The kommunkoncern renders take tens of
seconds each, so they run one round; the demo's three.
"""

import pytest
from django.urls import reverse

from malbild.accounts.models import User
from malbild.consultation import exports as consultation_exports
from malbild.consultation import selectors as consultation_selectors
from malbild.core.access import access_for
from malbild.followup.report_views import report_for
from malbild.reports import charts, render

ROUNDS = {"demo": 3, "kommunkoncern": 1}
MAGIC = {"pdf": b"%PDF", "docx": b"PK", "xlsx": b"PK"}
RENDERERS = {"pdf": render.render_pdf, "docx": render.render_docx, "xlsx": render.render_xlsx}


def cold(*args):
    """Before each round: empty the per-process cache of chart drawings (reports.charts), so
    every round costs what a render in a fresh worker costs."""

    def setup():
        charts._matplotlib_svg.cache_clear()
        return args, {}

    return setup


def time_it(benchmark, dataset, fn, *args):
    name, _data = dataset
    benchmark.group = name
    return benchmark.pedantic(fn, setup=cold(*args), rounds=ROUNDS[name], iterations=1)


def strategist(data):
    user = User.objects.get(username=data["username"])
    return user, access_for(user, data["org"])


def fetch(client, path):
    response = client.get(path)
    assert response.status_code == 200, f"{path} answered {response.status_code}"
    return response


def test_annual_report_page(benchmark, client, dataset):
    data = dataset[1]
    client.force_login(strategist(data)[0])
    path = reverse(
        "followup:period-report", kwargs={"org": data["org"].slug, "pk": data["period"].pk}
    )

    response = time_it(benchmark, dataset, fetch, client, path)

    assert data["plan"].title.encode() in response.content


def annual_report_file(access, period, fmt):
    _period, _documents, report = report_for(access, period.pk)
    content = RENDERERS[fmt](report)
    assert content.startswith(MAGIC[fmt]) and len(content) > 1000
    return content


@pytest.mark.parametrize("fmt", ["pdf", "docx", "xlsx"])
def test_annual_report_file(benchmark, dataset, fmt):
    data = dataset[1]

    time_it(benchmark, dataset, annual_report_file, strategist(data)[1], data["period"], fmt)


def summary_file(round_, fmt):
    summary = consultation_selectors.summary_build(round=round_)
    if fmt == "pdf":
        content = consultation_exports.summary_pdf(summary=summary)
    else:
        content = consultation_exports.summary_docx(summary=summary)
    assert content.startswith(MAGIC[fmt]) and len(content) > 1000
    return content


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_consultation_summary_file(benchmark, dataset, fmt):
    time_it(benchmark, dataset, summary_file, dataset[1]["round"], fmt)
