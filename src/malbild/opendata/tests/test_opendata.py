"""Open data at stable addresses: every adopted document (its adopted version) and every
closed follow-up period as JSON and CSV, with the CC0 licence in the JSON, the Link header and
the page; readable by people with a role in the organisation (others 404; anonymous visitors 404
while the portal does not publish them, test_public.py); CSV with Swedish headings,
labels instead of codes, no ids; a fixed number of queries
at two sizes."""

import csv
import datetime
import io
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from malbild.actionplan.tests.factories import ActivityFactory
from malbild.followup.services import period_close
from malbild.followup.tests.factories import PeriodFactory
from malbild.strategy.models import SteeringDocument
from malbild.strategy.services import version_freeze
from malbild.strategy.tests.factories import (
    DocumentFactory,
    FocusAreaFactory,
    GoalFactory,
    IndicatorFactory,
)

UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
CC0 = "https://creativecommons.org/publicdomain/zero/1.0/"


def _publish(org, body, access, n: int, prefix: str = "Plan") -> list:
    """`n` adopted documents, each with a focus area, goal, indicator and activity, and a
    closed follow-up period; returns the periods."""
    periods = []
    for i in range(n):
        doc = DocumentFactory(organisation=org, title=f"{prefix} {i}")
        area = FocusAreaFactory(document=doc, number="1", title="Digitala tjänster")
        GoalFactory(focus_area=area, title="Fler e-tjänster")
        IndicatorFactory(document=doc, name="Antal e-tjänster", unit="st", responsible_body=body)
        act = ActivityFactory(document=doc, responsible_body=body, title="E-arkiv", ongoing=True)
        act.focus_areas.add(area)
        version = version_freeze(access=access, document=doc, label="Antagen")
        SteeringDocument.objects.filter(pk=doc.pk).update(adopted_version=version)
        period = PeriodFactory(
            document=doc,
            start=datetime.date(2019, 1, 1),
            end=datetime.date(2019, 12, 31),
            deadline=datetime.date(2020, 1, 31),
        )
        periods.append(period_close(access=access, period=period))
    return periods


@pytest.fixture
def published(org, body, strategist, access_of):
    return _publish(org, body, access_of(strategist), 1)


def _rows(response) -> list[list[str]]:
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:])))


def test_index_lists_the_datasets_with_the_licence(client, org, reader, published):
    client.force_login(reader)
    page = client.get(reverse("opendata:index", kwargs={"org": org.slug})).content.decode()
    doc = SteeringDocument.objects.for_org(org).get()
    assert f"/o/alingsas/data/documents/{doc.uid}.json" in page
    assert f"/o/alingsas/data/documents/{doc.uid}.csv" in page
    assert f"/o/alingsas/data/followup/{published[0].pk}.csv" in page
    assert CC0 in page and "Öppna data från Alingsås kommun" in page
    assert "<caption>Antagna styrdokument</caption>" in page
    overview = client.get(reverse("organisation:overview", kwargs={"org": org.slug}))
    assert reverse("opendata:index", kwargs={"org": org.slug}) in overview.content.decode()


def test_document_json_has_the_adopted_version_and_licence(client, org, reader, published):
    doc = SteeringDocument.objects.for_org(org).select_related("adopted_version").get()
    client.force_login(reader)
    response = client.get(f"/o/alingsas/data/documents/{doc.uid}.json")
    assert response.status_code == 200
    assert response["Link"] == f'<{CC0}>; rel="license"'
    data = response.json()
    assert data["licence"]["spdx"] == "CC0-1.0"
    assert data["document"] == {"uid": str(doc.uid), "title": "Plan 0"}
    assert data["version"]["number"] == doc.adopted_version.number
    assert {i["type"] for i in data["snapshot"]["items"]} >= {"focus_area", "goal", "activity"}
    # the integer id is an alias of the same address
    assert client.get(f"/o/alingsas/data/documents/{doc.pk}.json").json() == data


def test_document_csv_is_for_people(client, org, reader, published):
    doc = SteeringDocument.objects.for_org(org).get()
    client.force_login(reader)
    response = client.get(f"/o/alingsas/data/documents/{doc.uid}.csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Link"] == f'<{CC0}>; rel="license"'
    rows = _rows(response)
    assert rows[0][:3] == ["Del", "Namn", "Hör till"]
    assert len(set(rows[0])) == len(rows[0])  # every heading once
    kinds = [r[0] for r in rows[1:]]
    assert kinds[0] == "Styrdokument" and "Insatsområde" in kinds and "Åtgärd" in kinds
    text = response.content.decode()
    assert not UUID.search(text)
    assert "Pågår" in text and "ongoing" not in text
    assert all("_" not in heading for heading in rows[0])


def test_period_json_and_csv(client, org, reader, published):
    period = published[0]
    client.force_login(reader)
    data = client.get(f"/o/alingsas/data/followup/{period.pk}.json").json()
    assert data["licence"]["url"] == CC0
    assert data["period"]["label"] == "2019" and data["period"]["closed_at"]
    assert [a["title"] for a in data["activities"]] == ["E-arkiv"]
    assert [i["name"] for i in data["indicators"]] == ["Antal e-tjänster"]
    assert "strateg" not in str(data)  # who closed or reported is not published
    response = client.get(f"/o/alingsas/data/followup/{period.pk}.csv")
    rows = _rows(response)
    assert rows[0][:5] == ["Typ", "Nummer", "Namn", "Ansvarigt organ", "Status"]
    assert [r[0] for r in rows[1:]] == ["Åtgärd", "Indikator"]
    assert rows[1][4] == "Pågår"
    assert not UUID.search(response.content.decode())


def test_only_frozen_data_and_only_for_the_organisation(
    client, org, body, reader, outsider, strategist, access_of, published
):
    draft = DocumentFactory(organisation=org, title="Utkast")
    open_period = PeriodFactory(document=draft)
    client.force_login(reader)
    assert client.get(f"/o/alingsas/data/documents/{draft.uid}.json").status_code == 404
    assert client.get(f"/o/alingsas/data/followup/{open_period.pk}.json").status_code == 404
    doc = SteeringDocument.objects.for_org(org).exclude(pk=draft.pk).get()
    client.force_login(outsider)
    assert client.get(f"/o/alingsas/data/documents/{doc.uid}.json").status_code == 404
    client.logout()
    anonymous = client.get(f"/o/alingsas/data/documents/{doc.uid}.json")
    assert anonymous.status_code == 404  # no portal: nothing is public, no login redirect


def _count(client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_query_counts_do_not_grow(client, org, body, reader, strategist, access_of):
    client.force_login(reader)
    access = access_of(strategist)
    first = _publish(org, body, access, 1, prefix="A")[0]
    small = [
        _count(client, "/o/alingsas/data/"),
        _count(client, f"/o/alingsas/data/documents/{first.document.uid}.csv"),
        _count(client, f"/o/alingsas/data/followup/{first.pk}.json"),
        _count(client, f"/o/alingsas/data/followup/{first.pk}.csv"),
    ]
    _publish(org, body, access, 4, prefix="B")
    big = ActivityFactory.create_batch(5, document=first.document, responsible_body=body)
    assert big
    large = [
        _count(client, "/o/alingsas/data/"),
        _count(client, f"/o/alingsas/data/documents/{first.document.uid}.csv"),
        _count(client, f"/o/alingsas/data/followup/{first.pk}.json"),
        _count(client, f"/o/alingsas/data/followup/{first.pk}.csv"),
    ]
    assert small == large
