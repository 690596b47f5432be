"""The demo's benefit realisation (ADR 0022): the follow-ups report realised benefits for the
benefit calculations of Alingsås' e-archive and Kristianstad's broadband expansion, also in
the year after the broadband activity ended; the planned and realised figures per year, in
the closed periods' snapshots, are those the demo's factors give."""

import io

import pytest

from malbild.demo import benefits as benefits_demo
from malbild.demo import followup as demo
from malbild.followup import selectors
from malbild.followup.models import FollowUpPeriod, RealisedBenefit
from malbild.followup.snapshot import upgrade


@pytest.fixture
def demo_loaded(db):
    from malbild.demo import loader

    for data in loader.ORGANISATIONS:
        loader.load_organisation(data, stdout=io.StringIO())
    benefits_demo.load(stdout=io.StringIO())
    demo.load(stdout=io.StringIO())


def _overview(title, label):
    period = FollowUpPeriod.objects.get(document__title=title, label=label)
    return period, selectors.period_data(period=period)["benefit_overview"]


def test_alingsas_e_archive(demo_loaded):
    period, overview = _overview(demo.ALINGSAS_PLAN, "2019")
    assert period.is_closed and upgrade(period.snapshot)["benefits"]
    [archive] = overview["activities"]
    assert archive["activity"].endswith("E-arkiv")
    years = {r["year"]: r for r in archive["years"]}
    assert sorted(years) == [2018, 2019, 2020, 2021, 2022]
    # Planned: registration time 100 000, release of records 120 000 (2019); 420 000 a year
    # from 2020 with fewer lost records. Realised: 90 % of 2019's plan.
    assert [years[y]["planned"] for y in sorted(years)] == [
        "0",
        "220000",
        "420000",
        "420000",
        "420000",
    ]
    assert years[2018]["realised"] == "0" and years[2019]["realised"] == "198000"
    assert years[2019]["realised_cumulative"] == "198000" and years[2020]["realised"] is None
    assert overview["planned"] == "1480000" and overview["planned_to_date"] == "220000"
    assert overview["realised_to_date"] == "198000" and overview["percent"] == "90"
    [kept] = archive["described"]
    assert kept["name"] == "Handlingar bevaras enligt arkivlagen"
    assert kept["description"] == demo.BENEFIT_TEXT
    assert kept["method"] == demo.BENEFIT_METHOD


def test_kristianstad_broadband_after_the_activity_ended(demo_loaded):
    period, overview = _overview(demo.KRISTIANSTAD_AGENDA, "2019")
    [broadband] = overview["activities"]
    assert broadband["activity"].endswith("Bredbandsutbyggnad på landsbygden")
    years = {r["year"]: r for r in broadband["years"]}
    assert sorted(years) == list(range(2016, 2026))
    # 2018: remote work 1 200 000 × 60 %; 2019 (the activity ended 2018): remote work
    # 1 200 000, new businesses 800 000 and digital alarms 300 000, × 90 %.
    assert years[2018]["realised"] == "720000"
    assert years[2019]["realised"] == "2070000"
    assert years[2019]["planned_cumulative"] == "3500000"
    assert years[2019]["realised_cumulative"] == "2790000"
    assert overview["planned"] == "17300000" and overview["percent"] == "80"
    assert (
        RealisedBenefit.objects.filter(report__period=period, report__state="approved").count() == 4
    )
    # Loading again writes nothing.
    count = RealisedBenefit.objects.count()
    benefits_demo.load(stdout=io.StringIO())
    demo.load(stdout=io.StringIO())
    assert RealisedBenefit.objects.count() == count
