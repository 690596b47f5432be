"""The annual report's files through the background exports (report_export, reports.jobs):
served at once in tests (immediate backend), 303 to the status page when queued, a closed
period's file cached under its frozen snapshot and amendments (not rendered again, until an
amendment changes it), an open period's rendered each time, and the document choice checked
before anything is queued."""

import pytest
from django.test import override_settings

from malbild.followup import services
from malbild.followup.report_export import KIND
from malbild.reports import jobs
from malbild.reports.models import ExportJob, ExportState
from malbild.reports.tests.helpers import count_builds

from .test_views import login, url


@pytest.fixture
def builds(monkeypatch):
    """The real builds of this export, counted (a cached download adds none)."""
    return count_builds(monkeypatch, KIND)


def test_closed_period_file_is_cached_until_an_amendment(
    client, plan, reader, strategist, access_of, builds
):
    period = services.period_close(access=access_of(strategist), period=plan["period"])
    login(client, reader)
    first = client.get(url("period-report-file", plan, fmt="xlsx"))
    second = client.get(url("period-report-file", plan, fmt="xlsx"))
    assert first.status_code == second.status_code == 200
    assert first.content == second.content and first["Content-Disposition"].endswith('.xlsx"')
    assert builds == ["xlsx"]
    login(client, strategist)  # another user of the organisation: the same file
    assert client.get(url("period-report-file", plan, fmt="xlsx")).status_code == 200
    assert builds == ["xlsx"]
    services.amendment_create(
        access=access_of(strategist),
        period=period,
        target="indicator",
        target_uid=str(plan["indicator"].uid),
        field="value",
        new_value="20",
        reason="Felräknat i källan.",
    )
    assert client.get(url("period-report-file", plan, fmt="xlsx")).status_code == 200
    assert builds == ["xlsx", "xlsx"]


def test_open_period_file_is_rendered_each_time(client, plan, reader, builds):
    login(client, reader)
    for _ in range(2):
        assert client.get(url("period-report-file", plan, fmt="xlsx")).status_code == 200
    assert builds == ["xlsx", "xlsx"]
    assert not ExportJob.objects.exclude(cache_key="").exists()


@override_settings(TASKS={"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}})
def test_queued_report_goes_to_the_status_page_and_the_worker_renders_it(
    client, plan, reader, builds
):
    login(client, reader)
    response = client.get(url("period-report-file", plan, fmt="docx"))
    job = ExportJob.objects.get()
    assert response.status_code == 303 and response["Location"] == f"/exports/{job.uid}/"
    page = client.get(response["Location"]).content.decode()
    assert "Årsrapport 2019: Handlingsplan digital målbild" in page
    assert jobs.run_export.call(job.pk) == ExportState.DONE
    job.refresh_from_db()
    assert job.filename == "handlingsplan-digital-malbild-2019.docx" and job.step == "Filen är klar"
    assert client.get(f"/exports/{job.uid}/file").status_code == 200


def test_unknown_document_is_404_before_anything_is_queued(client, plan, reader):
    login(client, reader)
    response = client.get(url("period-report-file", plan, fmt="pdf") + "?document=999999")
    assert response.status_code == 404
    assert not ExportJob.objects.exists()


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_build_reports_progress_per_part_of_the_file(plan, reader, fmt):
    from django.utils import translation

    from malbild.followup.report_export import build, export_params, report_for
    from malbild.reports.render import report_parts

    steps: list[tuple[int, str]] = []
    params = {
        **export_params(period=plan["period"], document_id=None),
        "user": reader.pk,
        "org": plan["period"].organisation.slug,
    }
    with translation.override("sv"):
        content, _name, _type = build(params, fmt, lambda p, s: steps.append((p, s)))
        _p, _d, report = report_for(jobs.access_of(params), plan["period"].pk)
    parts = report_parts(report)
    assert content[:4] in (b"%PDF", b"PK\x03\x04")
    part_steps = [s for _p, s in steps if s.startswith("Del ")]
    assert part_steps == [
        f"Del {n} av {len(parts)}: {part[0]['heading']}" for n, part in enumerate(parts, 1)
    ]
    percents = [p for p, _s in steps]
    assert percents == sorted(percents) and min(p for p, s in steps if s.startswith("Del ")) >= 40
    assert steps[-1] == (100, "Filen är klar")
