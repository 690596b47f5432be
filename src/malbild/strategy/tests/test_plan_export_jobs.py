"""Plan files through the background exports (`malbild.reports.jobs`, export "plan"): a frozen
version's file is cached (a second download is not rendered again, for the strategist and for
a consultee reading the same version), the working copy is rendered each time; without a
worker at hand the page answers 303 to the export's status page, and the file is not offered
to another user."""

import pytest
from django.test import override_settings
from django.urls import reverse

from malbild.reports import jobs
from malbild.reports.models import ExportJob
from malbild.reports.tests.helpers import count_builds
from malbild.strategy import exports, services
from malbild.strategy.tests.levels import build_levels
from malbild.strategy.tests.test_views_exports import export_url
from malbild.strategy.tests.test_views_versions import login

DUMMY = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}


@pytest.fixture
def levels(org, body):
    return build_levels(org, body, plan_activities=2, committee_plans=1)


@pytest.fixture
def version(levels, strategist, access_of):
    return services.version_freeze(
        access=access_of(strategist), document=levels.plan, label="Remissversion"
    )


@pytest.fixture
def builds(monkeypatch):
    """The real builds of this export, counted (a cached download adds none)."""
    return count_builds(
        monkeypatch, exports.KIND, record=lambda params, fmt: (params["version"], fmt)
    )


def test_a_frozen_versions_file_is_rendered_once(
    client, org, levels, version, strategist, reader, builds
):
    login(client, strategist)
    first = client.get(export_url(org, levels.plan, "pdf", number=version.number))
    assert first.status_code == 200 and first.content.startswith(b"%PDF")
    login(client, reader)
    second = client.get(export_url(org, levels.plan, "pdf", number=version.number))
    assert second.status_code == 200 and second.content == first.content
    assert second["Content-Disposition"] == first["Content-Disposition"]
    assert builds == [(version.number, "pdf")]
    # Another format is another file.
    assert client.get(export_url(org, levels.plan, "docx", number=version.number)).status_code
    assert builds == [(version.number, "pdf"), (version.number, "docx")]


def test_the_working_copy_is_rendered_each_time(client, org, levels, reader, builds):
    login(client, reader)
    for _ in range(2):
        assert client.get(export_url(org, levels.plan, "docx")).status_code == 200
    assert builds == [(None, "docx"), (None, "docx")]


@override_settings(TASKS=DUMMY)
def test_without_a_worker_the_page_shows_the_progress(client, org, levels, version, reader):
    login(client, reader)
    resp = client.get(export_url(org, levels.plan, "pdf", number=version.number))
    assert resp.status_code == 303
    job = ExportJob.objects.get()
    assert resp["Location"] == reverse("reports:export-status", kwargs={"uid": job.uid})
    page = client.get(resp["Location"])
    assert page.status_code == 200
    html = page.content.decode()
    assert "Remissversion" in html or levels.plan.title in html
    assert str(job.uid) not in html.replace(resp["Location"], "")


@override_settings(TASKS=DUMMY)
def test_another_user_does_not_see_the_job(client, org, levels, version, reader, editor):
    login(client, reader)
    location = client.get(export_url(org, levels.plan, "pdf", number=version.number))["Location"]
    login(client, editor)
    assert client.get(location).status_code == 404


def test_the_cached_file_serves_a_consultee_of_the_same_version(
    client, org, levels, version, strategist, monkeypatch, builds
):
    """The strategist's check of the version before sending fills the cache; the consultee's
    download of the same version is that file (plan_file is not called again)."""
    login(client, strategist)
    made = client.get(export_url(org, levels.plan, "docx", number=version.number))
    key = exports.version_cache_key(version)
    cached = jobs.cached_response(exports.KIND, key, "docx")
    assert cached is not None and cached.content == made.content
    assert jobs.cached_response(exports.KIND, key, "pdf") is None  # not made yet
