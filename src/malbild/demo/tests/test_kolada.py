"""The Kolada demo: the sync runs on the recorded responses (never the network), the Alingsås
broadband indicator gets Kolada's 2020 value or a conflict, both demo indicators show the
peer comparison, and loading twice changes nothing."""

import io
from decimal import Decimal

import pytest
from django.urls import reverse

from malbild.accounts.models import User
from malbild.demo import followup as demo_followup
from malbild.demo import kolada as demo
from malbild.followup.models import IndicatorValue, KoladaConflict, KoladaSyncJob
from malbild.kolada.models import KoladaValue
from malbild.strategy.models import Indicator


@pytest.fixture
def demo_orgs(db, settings):
    from malbild.demo import loader

    settings.KOLADA_BASE_URL = "http://127.0.0.1:9/v3"  # would fail: the demo must not use it
    for data in loader.ORGANISATIONS:
        loader.load_organisation(data, stdout=io.StringIO())
    demo_followup.load(stdout=io.StringIO())


def test_demo_sync_from_recorded_responses(demo_orgs, client):
    out = io.StringIO()
    demo.load(stdout=out)
    assert "Kolada alingsas (recorded responses)" in out.getvalue()
    jobs = {j.organisation.slug: j for j in KoladaSyncJob.objects.select_related("organisation")}
    assert {slug: j.state for slug, j in jobs.items()} == {
        "alingsas": "done",
        "kristianstad": "done",
    }
    broadband = Indicator.objects.get(organisation__slug="alingsas", kolada_kpi="N07900")
    value = IndicatorValue.objects.get(indicator=broadband, period__label="2020")
    if value.origin == "kolada":
        assert value.value == Decimal("90.1")
    else:  # the committee had reported one: kept, and a conflict waits
        assert KoladaConflict.objects.get(value=value).kolada_value == Decimal("90.1")
    assert jobs["alingsas"].skipped == 2  # 2018 and 2019 are closed
    assert jobs["kristianstad"].created == 0 and jobs["kristianstad"].skipped == 5
    assert set(KoladaValue.objects.filter(year=2020).values_list("municipality", flat=True)) == {
        "1489",
        "1441",
        "1490",
        "1290",
        "0000",
    }
    client.force_login(User.objects.get(username="alingsas-strateg"))
    page = client.get(
        reverse("strategy:indicator-detail", kwargs={"org": "alingsas", "pk": broadband.pk})
    ).content.decode()
    assert ">Lerum<" in page and ">Borås<" in page and ">Riket<" in page and "<svg" in page
    before = (KoladaSyncJob.objects.count(), IndicatorValue.objects.count())
    demo.load(stdout=io.StringIO())
    assert (KoladaSyncJob.objects.count(), IndicatorValue.objects.count()) == before
