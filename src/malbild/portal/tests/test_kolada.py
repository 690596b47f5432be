"""Kolada on the public indicator page: an indicator adopted with source Kolada shows the
organisation's series beside its comparison municipalities and Riket (as last fetched) as a
chart holding its data table and a sentence in words; other indicators show nothing of it;
a sync changes the page's ETag; the page runs the same number of queries at two data sizes."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from malbild.accounts.constants import Role
from malbild.accounts.services import membership_set
from malbild.core.tests.factories import UserFactory
from malbild.kolada.models import KoladaMunicipality, KoladaValue

from .helpers import KOLADA_KPI, build_portal

NAMES = {"1441": "Lerum", "1490": "Borås", "1280": "Malmö", "1480": "Göteborg", "1290": "X"}


def store(municipalities, years, *, when=None):
    when = when or timezone.now()
    for code in municipalities:
        if code in NAMES:
            KoladaMunicipality.objects.update_or_create(
                code=code, defaults={"title": NAMES[code], "kind": "K", "fetched_at": when}
            )
        for year in years:
            KoladaValue.objects.update_or_create(
                kpi=KOLADA_KPI,
                municipality=code,
                year=year,
                defaults={
                    "value": Decimal(year - 1950) + Decimal(int(code) % 7),
                    "fetched_at": when,
                    "source_url": "https://api.kolada.se/v3/data/kpi/N07900",
                },
            )


def indicator_url(org, portal, n=0) -> str:
    return reverse(
        "portal:indicator",
        kwargs={"org": org.slug, "doc": portal.document.uid, "item": portal.indicators[n].uid},
    )


@pytest.fixture
def portal(org, admin_user):
    org.kolada_peers = "1441"
    org.save()
    return build_portal(org, admin_user, size=2)


def _table(text: str) -> str:
    return text.split('aria-label="”Publicerad indikator 0” i Kolada, jämfört"')[1].split(
        "</table>"
    )[0]


def test_the_comparison_shows_own_peers_and_riket_as_chart_table_and_words(client, org, portal):
    store(["1489", "1441", "0000"], [2019, 2020])
    text = client.get(indicator_url(org, portal)).content.decode()
    assert "Jämfört med andra kommuner (Kolada)" in text
    section = text.split('id="kolada-title"')[1].split("</section>")[0]
    assert "<svg" in section  # the chart, inline
    table = _table(text)
    header = table.split("</thead>")[0]
    assert ">Alingsås kommun<" in header and ">Lerum<" in header and ">Riket<" in header
    assert '<th scope="row">2019</th>' in table and '<th scope="row">2020</th>' in table
    # 2020 − 1950 + 1489 % 7 = 70 + 5: the organisation's own value of the latest year.
    assert "75 %" in table
    # The sentence in words: the years, and the latest year's value of each, own first.
    assert "Publicerad indikator 0, 2019–2020, från Kolada. År 2020: Alingsås kommun 75 %" in (
        section
    )
    assert "Riket 70 %" in section
    assert "N07900" in section


def test_who_kolada_has_no_values_for_is_named(client, org, portal):
    store(["1489"], [2020])
    text = client.get(indicator_url(org, portal)).content.decode()
    assert "Kolada har inga värden för: Kommun 1441, Riket." in text


def test_nothing_fetched_yet_is_said(client, org, portal):
    text = client.get(indicator_url(org, portal)).content.decode()
    assert "Jämfört med andra kommuner (Kolada)" in text
    assert "Inga värden har hämtats från Kolada än." in text


def test_an_indicator_not_from_kolada_has_no_comparison(client, org, portal):
    store(["1489", "1441", "0000"], [2020])
    text = client.get(indicator_url(org, portal, n=1)).content.decode()
    assert "Kolada" not in text


def test_an_indicator_made_kolada_after_adoption_is_compared_only_as_adopted(client, org, portal):
    """The portal reads the adopted version: a KPI set on the working copy later shows no
    comparison until a new version is adopted."""
    store(["1489", "0000"], [2020])
    later = portal.indicators[1]
    later.source, later.kolada_kpi = "kolada", KOLADA_KPI
    later.save()
    assert "Kolada" not in client.get(indicator_url(org, portal, n=1)).content.decode()


def test_a_sync_changes_the_etag(client, org, portal):
    url = indicator_url(org, portal)
    first = client.get(url)
    etag = first["ETag"]
    assert client.get(url, headers={"if-none-match": etag}).status_code == 304
    store(["1489"], [2021], when=timezone.now() + datetime.timedelta(seconds=5))
    again = client.get(url, headers={"if-none-match": etag})
    assert again.status_code == 200 and again["ETag"] != etag
    assert '<th scope="row">2021</th>' in again.content.decode()


def _count(client, url) -> int:
    client.get(url)  # warm up (template and chart caches)
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_query_count_does_not_grow_with_years_or_peers(client, org, other_org, admin_user):
    org.kolada_peers = "1441"
    org.save()
    small = build_portal(org, admin_user, size=1)
    store(["1489", "1441", "0000"], [2020])
    other_org.kolada_peers = "1441, 1490, 1280, 1480"
    other_org.save()
    other_admin = UserFactory()
    membership_set(access=None, user=other_admin, organisation=other_org, role=Role.ADMIN)
    large = build_portal(other_org, other_admin, size=6)
    store(["1290", "1441", "1490", "1280", "1480", "0000"], range(2010, 2022))
    n_small = _count(client, indicator_url(org, small))
    n_large = _count(client, indicator_url(other_org, large))
    assert n_small == n_large, (n_small, n_large)
    large_text = client.get(indicator_url(other_org, large)).content.decode()
    assert '<th scope="row">2010</th>' in large_text and ">Göteborg<" in large_text


def test_the_open_data_json_carries_the_comparison(client, org, portal):
    """The published document's open data (anonymous) holds, per Kolada indicator, the
    compared municipalities' stored values; the CSV stays one row per item."""
    import json

    store(["1489", "1441", "0000"], [2019, 2020])
    url = reverse("opendata:document-json", kwargs={"org": org.slug, "pk": portal.document.uid})
    data = json.loads(client.get(url).content)
    [entry] = data["kolada_comparisons"]
    assert entry["indicator"] == {
        "uid": str(portal.indicators[0].uid),
        "label": "Publicerad indikator 0",
    }
    assert entry["kpi"] == KOLADA_KPI and entry["fetched_at"]
    by_id = {m["kolada_id"]: m for m in entry["municipalities"]}
    assert list(by_id) == ["1489", "1441", "0000"]
    assert by_id["1489"]["own"] and by_id["1489"]["name"] == "Alingsås kommun"
    assert by_id["1441"]["name"] == "Lerum" and not by_id["1441"]["own"]
    assert by_id["0000"]["name"] == "Riket"
    assert by_id["1489"]["values"] == [
        {"year": 2019, "value": "74"},
        {"year": 2020, "value": "75"},
    ]
