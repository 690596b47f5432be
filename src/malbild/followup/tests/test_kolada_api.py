"""The Kolada API: KPI search, starting a sync (202 with its job), the job's progress, the
conflicts and their resolution, and an indicator's comparison — against the local Kolada."""

import datetime
from decimal import Decimal

import pytest

from malbild.api.tests.helpers import ApiClient
from malbild.followup.models import IndicatorValue, KoladaConflict
from malbild.followup.tests.factories import IndicatorValueFactory, PeriodFactory
from malbild.strategy.tests.factories import DocumentFactory, IndicatorFactory

K = "/organisations/alingsas/kolada"


@pytest.fixture
def api_as(db):
    return lambda user, language="en": ApiClient(user, language=language)


@pytest.fixture
def setup(org, body):
    org.kolada_peers = "1441"
    org.save()
    document = DocumentFactory(organisation=org, period_start=2019, period_end=2020)
    indicator = IndicatorFactory(
        document=document,
        unit="%",
        measure_type="share",
        baseline_value=None,
        baseline_year=None,
        source="kolada",
        kolada_kpi="N07900",
        responsible_body=body,
    )
    period = PeriodFactory(
        document=document,
        start=datetime.date(2019, 1, 1),
        end=datetime.date(2019, 12, 31),
    )
    manual = IndicatorValueFactory(period=period, indicator=indicator, value=86, state="approved")
    return {"document": document, "indicator": indicator, "manual": manual}


def test_kpi_search(kolada_server, api_as, reader):
    response = api_as(reader).get("/kolada/kpis", q="bredband")
    assert response.status_code == 200
    assert [k["id"] for k in response.json()] == ["N07900", "N07918"]
    short = api_as(reader).get("/kolada/kpis", q="b")
    assert short.status_code == 422
    assert short.json()["detail"][0]["loc"][-1] == "q"


def test_kpi_search_when_kolada_is_down_is_502(kolada_server, api_as, reader):
    kolada_server.script("/v3/kpi", [(503, {}, {}, 0)] * 3)
    response = api_as(reader).get("/kolada/kpis", q="bredband")
    assert response.status_code == 502
    assert "Kolada" in response.json()["detail"]


def test_sync_job_conflicts_and_resolution(kolada_server, api_as, strategist, setup):
    api = api_as(strategist)
    response = api.post(f"{K}/sync", {"document": str(setup["document"].uid)})
    assert response.status_code == 202
    job = response.json()
    assert (
        job["state"] == "done"
        and job["conflicts"] == 1
        and job["document"] == str(setup["document"].uid)
    )
    assert api.get(f"{K}/sync/{job['uid']}").json()["percent"] == 100
    conflicts = api.get(f"{K}/conflicts").json()
    assert len(conflicts) == 1
    assert Decimal(conflicts[0]["entered_value"]) == 86
    assert Decimal(conflicts[0]["kolada_value"]) == Decimal("87.2")
    bad = api.post(f"{K}/conflicts/{conflicts[0]['id']}/resolve", {"choice": "both"})
    assert bad.status_code == 422
    assert bad.json()["detail"][0]["loc"][-1] == "choice"
    done = api.post(f"{K}/conflicts/{conflicts[0]['id']}/resolve", {"choice": "kolada"})
    assert done.status_code == 200
    assert done.json()["origin"] == "kolada" and Decimal(done.json()["value"]) == Decimal("87.2")
    assert IndicatorValue.objects.get(pk=setup["manual"].pk).value == Decimal("87.2")
    assert not KoladaConflict.objects.exists()


def test_comparison(kolada_server, api_as, strategist, reader, setup):
    api_as(strategist).post(f"{K}/sync", {"indicator": str(setup["indicator"].uid)})
    response = api_as(reader).get(
        f"/organisations/alingsas/indicators/{setup['indicator'].uid}/kolada"
    )
    assert response.status_code == 200
    series = {s["municipality"]: s for s in response.json()["series"]}
    assert set(series) == {"1489", "1441", "0000"}
    assert series["1489"]["own"] and series["1489"]["name"] == "Alingsås kommun"
    assert series["0000"]["name"] == "Sweden (Riket)"  # English API
    lerum = {p["year"]: p for p in series["1441"]["values"]}
    assert lerum[2021]["value"] is None and lerum[2021]["status"] == "Missing"


def test_readers_and_editors_may_not_sync(kolada_server, api_as, reader, editor, setup):
    for user in (reader, editor):
        response = api_as(user).post(f"{K}/sync", {"indicator": str(setup["indicator"].uid)})
        assert response.status_code == 403


def test_sync_without_kolada_indicators_names_the_problem(kolada_server, api_as, strategist, org):
    response = api_as(strategist).post(f"{K}/sync", {})
    assert response.status_code == 422
    assert "Kolada" in str(response.json()["detail"])


def test_another_organisation_is_404(kolada_server, api_as, outsider, setup):
    response = api_as(outsider).post(f"{K}/sync", {})
    assert response.status_code == 404
