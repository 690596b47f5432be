"""Kolada on the strategy pages: the peer comparison on the indicator page (chart and table,
a fixed number of queries), the sync buttons, and the no-JS KPI search of the indicator form
(against the local Kolada of the recorded responses)."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from malbild.kolada.models import KoladaMunicipality, KoladaValue
from malbild.strategy.models import Indicator
from malbild.strategy.tests.factories import DocumentFactory, IndicatorFactory


@pytest.fixture
def kolada_indicator(org, body):
    org.kolada_peers = "1441"
    org.save()
    document = DocumentFactory(organisation=org, title="Digital agenda")
    return IndicatorFactory(
        document=document,
        name="Bredband 100 Mbit/s",
        unit="%",
        measure_type="share",
        source="kolada",
        kolada_kpi="N07900",
        responsible_body=body,
    )


def store(municipalities, years):
    now = timezone.now()
    KoladaMunicipality.objects.get_or_create(
        code="1441", defaults={"title": "Lerum", "kind": "K", "fetched_at": now}
    )
    for m in municipalities:
        for y in years:
            KoladaValue.objects.create(
                kpi="N07900",
                municipality=m,
                year=y,
                value=Decimal(y - 1950) + Decimal("0.5"),
                fetched_at=now,
                source_url="https://api.kolada.se/v3/data/kpi/N07900",
            )


def page(client, org, indicator):
    return client.get(
        reverse("strategy:indicator-detail", kwargs={"org": org.slug, "pk": indicator.pk})
    )


def test_indicator_page_compares_with_peers_and_riket(client, org, strategist, kolada_indicator):
    store(["1489", "1441", "0000"], [2019, 2020])
    client.force_login(strategist)
    text = page(client, org, kolada_indicator).content.decode()
    assert "Jämfört med andra kommuner (Kolada)" in text
    assert "<svg" in text  # the chart
    table = text.split('aria-label="”Bredband 100 Mbit/s” i Kolada, jämfört"')[1].split("</table>")[
        0
    ]
    header = table.split("</thead>")[0]
    assert ">Alingsås kommun<" in header and ">Lerum<" in header and ">Riket<" in header
    assert '<th scope="row">2020</th>' in table and "70,5 %" in table
    assert "Hämta värdena från Kolada nu" in text  # the sync button (strategist)


def test_a_reader_sees_the_comparison_without_the_sync_button(
    client, org, reader, kolada_indicator
):
    store(["1489"], [2020])
    client.force_login(reader)
    text = page(client, org, kolada_indicator).content.decode()
    assert "70,5 %" in text and "Hämta värdena från Kolada nu" not in text
    # Lerum and Riket were not fetched: said so, by name.
    assert "Kolada har inga värden för: Lerum, Riket." in text


def test_the_page_makes_the_same_queries_whatever_the_number_of_values(
    client, org, strategist, kolada_indicator
):
    client.force_login(strategist)
    store(["1489"], [2020])
    page(client, org, kolada_indicator)  # warm up (session, content types)
    with CaptureQueriesContext(connection) as small:
        assert page(client, org, kolada_indicator).status_code == 200
    org.kolada_peers = "1441, 1490, 1290, 0883"
    org.save()
    store(["1441", "1490", "1290", "0883", "0000"], range(2000, 2021))
    store(["1489"], range(2000, 2020))
    with CaptureQueriesContext(connection) as large:
        response = page(client, org, kolada_indicator)
    assert "Kommun 0883" in response.content.decode()  # a name Kolada was not asked for yet
    assert len(large.captured_queries) == len(small.captured_queries)


def test_document_page_offers_the_sync_of_its_kolada_indicators(
    client, org, strategist, kolada_indicator
):
    client.force_login(strategist)
    url = reverse(
        "strategy:document-detail", kwargs={"org": org.slug, "pk": kolada_indicator.document.pk}
    )
    text = client.get(url).content.decode()
    assert "Hämta 1 mätetal från Kolada" in text
    assert f'value="{kolada_indicator.document.uid}"' in text


def form_data(indicator=None, **extra):
    data = {
        "name": "Bredband",
        "definition": "",
        "unit": "%",
        "direction": "increase",
        "kind": "quantitative",
        "measure_type": "share",
        "source": "manual",
        "kolada_kpi": "",
        "order": "",
    }
    if indicator is not None:
        data["lock_version"] = indicator.lock_version
    data.update(extra)
    return data


def test_kpi_search_in_the_form_lists_kpis_and_saves_the_chosen_one(
    kolada_server, client, org, strategist, kolada_indicator
):
    client.force_login(strategist)
    url = reverse(
        "strategy:indicator-create",
        kwargs={"org": org.slug, "parent": kolada_indicator.document.pk},
    )
    response = client.post(url, form_data(kolada_search="1", kolada_query="bredband"))
    text = response.content.decode()
    assert response.status_code == 200
    assert "2 nyckeltal hittades: välj ett" in text
    assert "Andel hushåll med tillgång till bredband om minst 100 Mbit/s, (%)" in text
    assert 'name="kolada_pick" value="N07918"' in text
    assert 'value="Bredband"' in text  # what was typed is kept
    assert "errorlist" not in text  # a search is no save: no field errors
    assert "title=bredband" in kolada_server.requests[0]
    assert Indicator.objects.count() == 1
    response = client.post(url, form_data(kolada_pick="N07918"))
    assert response.status_code == 302
    created = Indicator.objects.get(name="Bredband")
    assert (created.source, created.kolada_kpi) == ("kolada", "N07918")


def test_kpi_search_says_when_nothing_is_found_or_kolada_is_down(
    kolada_server, client, org, strategist, kolada_indicator, settings
):
    client.force_login(strategist)
    url = reverse("strategy:indicator-update", kwargs={"org": org.slug, "pk": kolada_indicator.pk})
    text = client.post(
        url, form_data(kolada_indicator, kolada_search="1", kolada_query="zzzz")
    ).content.decode()
    assert "Inget nyckeltal i Kolada har ”zzzz” i namnet." in text
    kolada_server.script("/v3/kpi", [(500, {}, {}, 0)] * 3)
    text = client.post(
        url, form_data(kolada_indicator, kolada_search="1", kolada_query="bredband")
    ).content.decode()
    assert "Kolada gick inte att nå" in text
    kolada_indicator.refresh_from_db()
    assert kolada_indicator.name == "Bredband 100 Mbit/s"  # nothing saved


def test_a_forged_kpi_pick_is_refused(client, org, strategist, kolada_indicator):
    client.force_login(strategist)
    url = reverse(
        "strategy:indicator-create",
        kwargs={"org": org.slug, "parent": kolada_indicator.document.pk},
    )
    response = client.post(url, form_data(kolada_pick="<script>"))
    assert response.status_code == 200
    assert "Välj ett av nyckeltalen som hittades i Kolada." in response.content.decode()
    assert Indicator.objects.count() == 1


def test_the_sync_shows_on_the_indicator_page_end_to_end(
    kolada_server, client, org, strategist, kolada_indicator
):
    from malbild.followup.tests.factories import PeriodFactory

    PeriodFactory(
        document=kolada_indicator.document,
        label="2020",
        start=datetime.date(2020, 1, 1),
        end=datetime.date(2020, 12, 31),
        deadline=datetime.date(2021, 1, 31),
    )
    client.force_login(strategist)
    response = client.post(
        reverse("followup:kolada-sync", kwargs={"org": org.slug}),
        {"indicator": str(kolada_indicator.uid)},
    )
    assert response.status_code == 303
    text = page(client, org, kolada_indicator).content.decode()
    # The approved 2020 value from Kolada in the series, and Lerum beside it.
    series = text.split('id="series-title"')[1].split("</section>")[0]
    assert "90,1 %" in series
    assert ">Lerum<" in text and "92 %" in text
    assert "Senaste hämtning" in text
