"""Background exports (reports.jobs): the file served at once with the immediate backend, a
303 to the status page when the backend does not run at once, the page in every state (with
its query count), who may see a job (others 404), the cache of immutable inputs (no second
build), a failed build (Swedish message, retry, the log), a full disk (503), and pruning."""

import errno
import io
import logging
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.http import Http404
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from malbild.reports import jobs
from malbild.reports.models import ExportJob, ExportState

DUMMY = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}


class Exporter:
    """A registered export that records its builds; `fail` makes it raise."""

    def __init__(self):
        self.builds = []
        self.fail = None

    def build(self, params, fmt, progress):
        self.builds.append((params, fmt))
        progress(50, "Halvvägs")
        if self.fail is not None:
            raise self.fail
        return f"innehåll {params['n']}".encode(), f"fil-{params['n']}.{fmt}", "text/plain"

    def cache_key(self, params, fmt):
        return f"frozen-{params['n']}" if params.get("frozen") else None


@pytest.fixture
def exporter():
    exp = Exporter()
    jobs.register_export(
        "test_export",
        build=exp.build,
        cache_key=exp.cache_key,
        label=lambda params: f"Testrapport {params['n']}",
    )
    yield exp
    jobs._exports.pop("test_export", None)


def ask(user, fmt="pdf", **params):
    return jobs.request_export(
        user=user,
        organisation_slug="alingsas",
        kind="test_export",
        params={"n": 1, **params},
        fmt=fmt,
    )


def status(job):
    return reverse("reports:export-status", kwargs={"uid": job.uid})


def test_immediate_backend_serves_the_file_in_the_same_response(exporter, reader):
    response = ask(reader)
    assert response.status_code == 200
    assert response.content == "innehåll 1".encode()
    assert response["Content-Disposition"] == 'attachment; filename="fil-1.pdf"'
    job = ExportJob.objects.get()
    assert (job.state, job.percent, job.user, job.organisation_slug) == (
        ExportState.DONE,
        100,
        reader,
        "alingsas",
    )
    assert job.label == "Testrapport 1" and job.language == "sv" and job.task_id
    # The build ran as the user who asked, in the organisation of the export.
    assert exporter.builds == [({"n": 1, "user": reader.pk, "org": "alingsas"}, "pdf")]


@override_settings(TASKS=DUMMY)
def test_queued_job_redirects_to_its_status_page_which_refreshes(exporter, reader, client):
    response = ask(reader)
    job = ExportJob.objects.get()
    assert response.status_code == 303 and response["Location"] == status(job)
    assert exporter.builds == []
    client.force_login(reader)
    page = client.get(status(job)).content.decode()
    assert "<h1>Testrapport 1</h1>" in page
    assert "Väntar på att starta" in page
    assert '<meta http-equiv="refresh" content="2">' in page
    assert '<progress id="export-progress" max="100" value="0">0 %</progress>' in page
    assert f'href="{status(job)}">Uppdatera</a>' in page
    assert str(job.uid) not in page.replace(status(job), "")  # only in its own links
    assert "bakgrundsprocess" not in page  # not waited long yet


@override_settings(TASKS=DUMMY)
def test_a_job_no_worker_picks_up_says_so(exporter, reader, client):
    ask(reader)
    job = ExportJob.objects.get()
    ExportJob.objects.filter(pk=job.pk).update(created_at=timezone.now() - timedelta(minutes=2))
    client.force_login(reader)
    page = client.get(status(job)).content.decode()
    assert "ingen bakgrundsprocess har tagit hand om den" in page


@override_settings(TASKS=DUMMY)
def test_running_then_done_as_the_worker_goes(exporter, reader, client):
    ask(reader)
    job = ExportJob.objects.get()
    ExportJob.objects.filter(pk=job.pk).update(state=ExportState.RUNNING, percent=40, step="Ritar")
    client.force_login(reader)
    page = client.get(status(job)).content.decode()
    assert "Skapas – Ritar" in page and 'value="40"' in page and "refresh" in page
    ExportJob.objects.filter(pk=job.pk).update(state=ExportState.QUEUED)
    assert jobs.run_export.call(job.pk) == ExportState.DONE  # what the worker does
    assert jobs.run_export.call(job.pk) == "skipped"  # a second delivery renders nothing
    assert len(exporter.builds) == 1
    page = client.get(status(job)).content.decode()
    assert "Klar" in page and "refresh" not in page
    file_url = reverse("reports:export-file", kwargs={"uid": job.uid})
    assert f'href="{file_url}"' in page and "Ladda ner fil-1.pdf" in page
    download = client.get(file_url)
    assert download.status_code == 200 and download.content == "innehåll 1".encode()


@pytest.mark.parametrize("jobs_count", [1, 6])
def test_status_page_queries_do_not_grow(
    exporter, reader, client, django_assert_num_queries, jobs_count
):
    for n in range(jobs_count):
        ask(reader, n=n)
    job = ExportJob.objects.first()
    client.force_login(reader)
    # session, user, job
    with django_assert_num_queries(3):
        assert client.get(status(job)).status_code == 200


@override_settings(TASKS=DUMMY)
def test_only_the_asker_or_an_administrator_sees_a_job(
    exporter, reader, strategist, admin_user, outsider, client
):
    ask(reader)
    job = ExportJob.objects.get()
    ExportJob.objects.filter(pk=job.pk).update(state=ExportState.FAILED)
    urls = [
        status(job),
        reverse("reports:export-file", kwargs={"uid": job.uid}),
    ]
    retry = reverse("reports:export-retry", kwargs={"uid": job.uid})
    for user in (strategist, outsider):
        client.force_login(user)
        assert [client.get(u).status_code for u in urls] == [404, 404]
        assert client.post(retry).status_code == 404
    client.force_login(admin_user)
    assert client.get(urls[0]).status_code == 200
    client.logout()
    assert client.get(urls[0]).status_code == 302  # to the login page


def test_file_of_an_unfinished_job_is_404(exporter, reader, client):
    with override_settings(TASKS=DUMMY):
        ask(reader)
    job = ExportJob.objects.get()
    client.force_login(reader)
    assert client.get(reverse("reports:export-file", kwargs={"uid": job.uid})).status_code == 404


def test_cache_hit_does_not_build_again(exporter, reader, strategist):
    first = ask(reader, frozen=True)
    second = ask(strategist, frozen=True)  # the same frozen inputs, another reader
    assert first.content == second.content and second.status_code == 200
    assert len(exporter.builds) == 1 and ExportJob.objects.count() == 1
    ask(reader, fmt="docx", frozen=True)  # another format is another file
    ask(reader, n=2, frozen=True)  # other inputs
    assert len(exporter.builds) == 3
    ask(reader)  # live data: built each time
    ask(reader)
    assert len(exporter.builds) == 5


def test_cache_of_a_lost_file_builds_again(exporter, reader):
    ask(reader, frozen=True)
    job = ExportJob.objects.get()
    job.file.storage.delete(job.file.name)
    assert ask(reader, frozen=True).status_code == 200
    assert len(exporter.builds) == 2


def test_failed_build_shows_swedish_error_logs_and_retries(exporter, reader, client, caplog):
    exporter.fail = ValueError("trasig mall")
    with caplog.at_level(logging.ERROR, logger="malbild.reports"):
        response = ask(reader)
    job = ExportJob.objects.get()
    assert response.status_code == 303 and response["Location"] == status(job)
    assert job.state == ExportState.FAILED and job.error == "ValueError: trasig mall"
    assert "trasig mall" in caplog.text and "Traceback" in caplog.text
    client.force_login(reader)
    page = client.get(status(job)).content.decode()
    assert "Det gick inte att skapa filen. Försök igen." in page
    assert "trasig mall" not in page and "refresh" not in page
    assert "Försök igen</button>" in page
    exporter.fail = None
    retried = client.post(reverse("reports:export-retry", kwargs={"uid": job.uid}))
    new = ExportJob.objects.exclude(pk=job.pk).get()
    assert retried.status_code == 303 and retried["Location"] == status(new)
    assert new.state == ExportState.DONE and new.user == reader and new.params == job.params
    # Retrying a job that did not fail starts nothing.
    again = client.post(reverse("reports:export-retry", kwargs={"uid": new.uid}))
    assert again["Location"] == status(new) and ExportJob.objects.count() == 2


def test_full_disk_in_the_request_is_503(exporter, reader, client):
    exporter.fail = OSError(errno.ENOSPC, "No space left on device")
    with pytest.raises(OSError) as raised:
        ask(reader)
    assert raised.value.errno == errno.ENOSPC
    assert ExportJob.objects.get().error_errno == errno.ENOSPC


def test_build_refuses_a_user_who_lost_access(exporter, reader, outsider):
    params = {"user": reader.pk, "org": "alingsas"}
    assert jobs.access_of(params).can_read
    with pytest.raises(Http404):
        jobs.access_of({"user": outsider.pk, "org": "alingsas"})
    reader.is_active = False
    reader.save()
    with pytest.raises(Http404):
        jobs.access_of(params)


def test_prune_deletes_old_jobs_and_their_files(exporter, reader):
    ask(reader)  # live, old
    ask(reader, n=2, frozen=True)  # cached, old but within the cache's time
    ask(reader, n=3)  # live, new
    live_old, cached, live_new = ExportJob.objects.order_by("pk")
    ExportJob.objects.filter(pk__in=[live_old.pk, cached.pk]).update(
        created_at=timezone.now() - timedelta(days=30)
    )
    storage = live_old.file.storage
    call_command("prune_exports", "--dry-run", stdout=io.StringIO())
    assert ExportJob.objects.count() == 3
    call_command("prune_exports", stdout=io.StringIO())
    assert set(ExportJob.objects.all()) == {cached, live_new}
    assert not storage.exists(live_old.file.name) and storage.exists(cached.file.name)
    call_command("prune_exports", "--cache-days", "7", stdout=io.StringIO())
    assert set(ExportJob.objects.all()) == {live_new}
