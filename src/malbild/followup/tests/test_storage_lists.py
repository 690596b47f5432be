"""Storage of closed periods: the period list page and `GET …/followup/periods` never select
the frozen snapshot (megabytes a closed period), at two data sizes and in a fixed number of
queries; closing a period audits a reference to its snapshot (digest, size, format), never a
second copy, and the history shows it in Swedish words — also an entry written before, which
holds the whole snapshot."""

import datetime
import hashlib
import json

from django.db import connection
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from malbild.api.tests.helpers import ApiClient
from malbild.core.models import AuditEntry
from malbild.core.selectors import audit_history
from malbild.followup import services
from malbild.followup.models import FollowUpPeriod
from malbild.followup.tests.factories import PeriodFactory

from .conftest import add_activities
from .test_views import login

API = "/api/v1/organisations/alingsas/followup/periods"
SNAPSHOT_COLUMN = '"followup_followupperiod"."snapshot"'


def _add_closed_periods(plan, years):
    """Closed periods with a large stored snapshot each (as at kommunkoncern scale)."""
    blob = {"format": 3, "activities": [{"title": f"Aktivitet {i}"} for i in range(2000)]}
    for year in years:
        PeriodFactory(
            document=plan["document"],
            label=str(year),
            start=datetime.date(year, 1, 1),
            end=datetime.date(year, 12, 31),
            deadline=datetime.date(year + 1, 1, 31),
            status="closed",
            snapshot=blob,
        )


def _get(fetch):
    with CaptureQueriesContext(connection) as ctx:
        response = fetch()
    assert response.status_code == 200
    return response, [q["sql"] for q in ctx.captured_queries]


def _assert_lists_without_snapshot(plan, fetch, django_assert_num_queries):
    fetch()  # warm caches (content types, translations)
    _add_closed_periods(plan, [2015])
    small, queries = _get(fetch)
    assert any("followup_followupperiod" in sql for sql in queries)
    assert not [sql for sql in queries if SNAPSHOT_COLUMN in sql]
    _add_closed_periods(plan, [2010, 2011, 2012, 2013, 2014])
    add_activities(plan, 4)
    with django_assert_num_queries(len(queries)) as ctx:
        assert fetch().status_code == 200
    assert not [q["sql"] for q in ctx.captured_queries if SNAPSHOT_COLUMN in q["sql"]]
    return small


def test_period_list_page_never_selects_snapshots(
    client, plan, strategist, django_assert_num_queries
):
    login(client, strategist)
    page = reverse("followup:period-list", kwargs={"org": "alingsas"})
    _assert_lists_without_snapshot(plan, lambda: client.get(page), django_assert_num_queries)
    html = client.get(page).content.decode()
    assert "2012" in html and "Aktivitet" not in html


def test_period_list_api_never_selects_snapshots(plan, strategist, django_assert_num_queries):
    api = ApiClient(strategist)
    _assert_lists_without_snapshot(plan, lambda: api.get(API), django_assert_num_queries)
    body = api.get(API).json()
    assert body["count"] == 7 and all("snapshot" not in item for item in body["items"])


def _history_html(period) -> str:
    request = RequestFactory().get("/")
    entries = list(audit_history(instance=period))
    with translation.override("sv"):
        return render_to_string("web/_history.html", {"entries": entries, "request": request})


def test_closing_audits_a_reference_to_the_snapshot(plan, strategist, access_of):
    add_activities(plan, 3)
    period = services.period_close(access=access_of(strategist), period=plan["period"])
    period = FollowUpPeriod.objects.get(pk=period.pk)
    entry = AuditEntry.objects.get(event="followup.period_closed")
    before, after = entry.changes["snapshot"]
    text = json.dumps(
        period.snapshot, sort_keys=True, ensure_ascii=False, separators=(",", ":")
    ).encode()
    assert before is None
    assert after == {
        "$reference": "sha256:" + hashlib.sha256(text).hexdigest(),
        "kind": "snapshot",
        "bytes": len(text),
        "format": 4,  # the stored (compact) format the digest is over, docs/adr/0024
    }
    assert entry.changes["status"] == ["open", "closed"]
    # The entry is a few hundred bytes, however large the snapshot.
    assert len(json.dumps(entry.changes)) < 600 < len(text)

    html = _history_html(period)
    assert "Uppföljningsperiod stängd och fryst" in html
    assert "<dt>Frysta uppgifter</dt>" in html or "<dt>frysta uppgifter</dt>" in html
    assert "fryst ögonblicksbild (format 4, " in html
    assert "sha256" not in html and "activities" not in html


def test_history_reads_an_older_entry_holding_the_whole_snapshot(plan):
    period = plan["period"]
    blob = {"format": 3, "activities": [{"title": f"Aktivitet {i}"} for i in range(200)]}
    AuditEntry.objects.create(
        organisation=period.organisation,
        action="transition",
        event="followup.period_closed",
        model="followup.followupperiod",
        object_id=str(period.pk),
        object_repr=str(period),
        changes={"snapshot": [None, blob], "status": ["open", "closed"]},
    )
    html = _history_html(period)
    assert "fryst ögonblicksbild (format 3, " in html
    assert "Aktivitet 1" not in html
