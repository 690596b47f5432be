"""Time-aware activity statuses and explained roll-ups: an ongoing activity whose progress lags
more than ACTIVITY_BEHIND_TOLERANCE points behind the elapsed share of its years at the
period's end is at risk, not on track; every roll-up records what it counted and says it in
words ("3 of 4 activities on track, 1 at risk (1 behind its time)")."""

import datetime

from django.utils import translation

from malbild.followup import report as builder
from malbild.followup import selectors, services
from malbild.followup.constants import Status
from malbild.followup.status import (
    ACTIVITY_BEHIND_TOLERANCE,
    activity_assessment,
    expected_progress,
    progress_behind,
)

END_2019 = datetime.date(2019, 12, 31)


def test_expected_progress_is_the_elapsed_share_of_the_activitys_years():
    assert expected_progress(start_year=2019, end_year=2019, on=END_2019) == 100
    assert expected_progress(start_year=2018, end_year=2021, on=END_2019) == 50
    assert expected_progress(start_year=2020, end_year=2021, on=END_2019) == 0
    assert expected_progress(start_year=2010, end_year=2011, on=END_2019) == 100
    assert expected_progress(start_year=None, end_year=2020, on=END_2019) is None
    assert expected_progress(start_year=2019, end_year=None, on=END_2019) is None
    assert progress_behind(progress=30, start_year=2018, end_year=2021, on=END_2019) == 20
    assert progress_behind(progress=80, start_year=2018, end_year=2021, on=END_2019) == 0


def test_ongoing_at_10_percent_when_90_percent_of_its_time_has_passed_is_at_risk():
    # 2010-01-01 … 2019-12-31: on 2019-01-01 ≈ 90 % of the time has passed.
    on = datetime.date(2019, 1, 1)
    assert expected_progress(start_year=2010, end_year=2019, on=on) == 90
    kwargs = {"status": "ongoing", "start_year": 2010, "end_year": 2019, "year": 2019, "on": on}
    assert activity_assessment(progress=10, **kwargs) == Status.AT_RISK
    assert activity_assessment(progress=90 - ACTIVITY_BEHIND_TOLERANCE, **kwargs) == (
        Status.ON_TRACK
    )
    assert activity_assessment(progress=90 - ACTIVITY_BEHIND_TOLERANCE - 1, **kwargs) == (
        Status.AT_RISK
    )
    assert activity_assessment(progress=None, **kwargs) == Status.ON_TRACK  # nothing reported
    assert activity_assessment(progress=10, **{**kwargs, "status": "done"}) == Status.ON_TRACK
    # Without the period's end (older callers) an ongoing activity stays on track.
    assert activity_assessment(status="ongoing", start_year=2010, year=2019) == Status.ON_TRACK


def test_rollup_is_explained(plan, strategist, editor, access_of):
    """Two activities 2018–2020 at the end of 2019 (67 % of their time): one done, one
    ongoing at 10 % → 1 of 2 on track, 1 at risk behind its time; the indicator has no value."""
    st = access_of(strategist)
    for act, status, progress in (
        (plan["activity"], "done", 100),
        (plan["other_activity"], "ongoing", 10),
    ):
        services.activity_report_save(
            access=st,
            period=plan["period"],
            activity=act,
            data={"status": status, "progress": progress},
            submit=True,
        )
    data = selectors.period_data(period=plan["period"])
    fa = data["focus_areas"][0]
    assert fa["basis"]["activities"][Status.ON_TRACK] == 1
    assert fa["basis"]["activities"][Status.AT_RISK] == 1
    assert fa["basis"]["activities_behind"] == 1
    assert fa["basis"]["indicators"][Status.NO_DATA] == 1
    behind = next(a for a in data["activities"] if a["id"] == plan["other_activity"].pk)
    assert (behind["expected_progress"], behind["behind"], behind["assessment"]) == (
        67,
        57,
        Status.AT_RISK,
    )
    with translation.override("en"):
        text = builder.rollup_explanation(fa["basis"])
        assert text == (
            "1 indicator without data (not counted); "
            "1 of 2 activities on track, 1 at risk (1 behind its time)"
        )
        report = builder.build_report(data)
        table = next(t for t in report["tables"] if t["key"] == "focus-areas")
        assert table["rows"][0][2] == text
        acts = next(t for t in report["tables"] if t["key"] == "all-activities")
        assert "10 % (expected 67 %)" in [r[4] for r in acts["rows"]]
    with translation.override("sv"):
        sv = builder.rollup_explanation(fa["basis"])
        assert "1 av 2 aktiviteter enligt plan" in sv and "efter sin tid" in sv
