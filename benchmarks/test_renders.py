"""Render times of the board documents (run with `make bench`): the annual report of a closed
follow-up period as a web page, PDF, DOCX and XLSX, and the consultation summary as PDF and
DOCX — for the demo (Alingsås) and for a generated kommunkoncern (`malbild generate --scale
kommunkoncern`, see docs/performance.md). Each is fetched as a strategist downloads it, through
the URL, middleware and view; each benchmark first checks the answer is the document asked
for, so a broken render cannot produce a fast, meaningless number. The kommunkoncern renders
take tens of seconds each, so they run one round; the demo's three.
"""

import pytest
from django.urls import reverse

from malbild.accounts.models import User

CONTENT_TYPES = {
    "html": "text/html",
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
ROUNDS = {"demo": 3, "kommunkoncern": 1}


def fetch(client, path, content_type):
    response = client.get(path)
    assert response.status_code == 200, f"{path} answered {response.status_code}"
    assert response["Content-Type"].startswith(content_type), response["Content-Type"]
    assert len(response.content) > 1000
    return response


def run(benchmark, client, dataset, path, content_type):
    name, data = dataset
    client.force_login(User.objects.get(username=data["username"]))
    benchmark.group = name
    benchmark.extra_info["dataset"] = name
    return benchmark.pedantic(
        fetch, args=(client, path, content_type), rounds=ROUNDS[name], iterations=1
    )


def _report(data, fmt=None):
    kwargs = {"org": data["org"].slug, "pk": data["period"].pk}
    if fmt is None:
        return reverse("followup:period-report", kwargs=kwargs)
    return reverse("followup:period-report-file", kwargs={**kwargs, "fmt": fmt})


def test_annual_report_page(benchmark, client, dataset):
    response = run(benchmark, client, dataset, _report(dataset[1]), CONTENT_TYPES["html"])

    assert dataset[1]["plan"].title.encode() in response.content


@pytest.mark.parametrize("fmt", ["pdf", "docx", "xlsx"])
def test_annual_report_file(benchmark, client, dataset, fmt):
    run(benchmark, client, dataset, _report(dataset[1], fmt), CONTENT_TYPES[fmt])


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_consultation_summary_file(benchmark, client, dataset, fmt):
    data = dataset[1]
    path = reverse(
        f"consultation:summary-{fmt}", kwargs={"org": data["org"].slug, "pk": data["round"].pk}
    )

    run(benchmark, client, dataset, path, CONTENT_TYPES[fmt])
