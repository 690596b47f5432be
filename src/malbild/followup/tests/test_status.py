"""Status computation: the expected path from baseline to target (linear interpolation,
respecting direction), the on track / at risk / off track thresholds and the roll-ups;
property tests over generated baselines, targets and directions."""

from decimal import Decimal

from hypothesis import assume, given
from hypothesis import strategies as st

from malbild.followup.constants import Status
from malbild.followup.status import (
    activity_assessment,
    expected_value,
    indicator_status,
    rollup,
)

values = st.decimals(min_value=-1000, max_value=100000, places=2, allow_nan=False)
years = st.integers(min_value=2000, max_value=2040)
directions = st.sampled_from(["increase", "decrease"])
ORDER = {Status.OFF_TRACK: 0, Status.AT_RISK: 1, Status.ON_TRACK: 2}


def test_linear_path_between_baseline_and_target():
    kwargs = {"baseline_value": 50, "baseline_year": 2017, "targets": [(2020, 95)]}
    assert expected_value(year=2017, **kwargs) == 50
    assert expected_value(year=2018, **kwargs) == 65
    assert expected_value(year=2019, **kwargs) == 80
    assert expected_value(year=2020, **kwargs) == 95
    assert expected_value(year=2025, **kwargs) == 95
    assert expected_value(year=2010, **kwargs) == 50


def test_path_runs_through_intermediate_targets():
    kwargs = {"baseline_value": 0, "baseline_year": 2018, "targets": [(2020, 20), (2022, 60)]}
    assert expected_value(year=2019, **kwargs) == 10
    assert expected_value(year=2021, **kwargs) == 40


def test_without_baseline_the_target_is_expected():
    assert (
        expected_value(baseline_value=None, baseline_year=None, targets=[(2020, 95)], year=2019)
        == 95
    )
    assert expected_value(baseline_value=None, baseline_year=None, targets=[], year=2019) is None


def test_thresholds_for_increase_and_decrease():
    base = {"baseline_value": 50, "baseline_year": 2017, "targets": [(2020, 95)], "year": 2019}
    # expected 80, planned change 45: 10 % = 4.5, 25 % = 11.25
    assert indicator_status(direction="increase", actual=80, **base) == Status.ON_TRACK
    assert indicator_status(direction="increase", actual=76, **base) == Status.ON_TRACK
    assert indicator_status(direction="increase", actual=70, **base) == Status.AT_RISK
    assert indicator_status(direction="increase", actual=60, **base) == Status.OFF_TRACK
    assert indicator_status(direction="increase", actual=None, **base) == Status.NO_DATA
    down = {"baseline_value": 100, "baseline_year": 2018, "targets": [(2020, 60)], "year": 2019}
    # expected 80, lower is better
    assert indicator_status(direction="decrease", actual=70, **down) == Status.ON_TRACK
    assert indicator_status(direction="decrease", actual=88, **down) == Status.AT_RISK
    assert indicator_status(direction="decrease", actual=95, **down) == Status.OFF_TRACK


@given(values, years, values, st.integers(min_value=1, max_value=15), st.integers(0, 20))
def test_expected_lies_between_baseline_and_target(base, base_year, target, span, offset):
    target_year = base_year + span
    year = base_year + min(offset, span)
    exp = expected_value(
        baseline_value=base, baseline_year=base_year, targets=[(target_year, target)], year=year
    )
    assert min(base, target) <= exp <= max(base, target)
    if offset == 0:
        assert exp == base
    if offset >= span:
        assert exp == target


@given(
    values, years, values, st.integers(min_value=1, max_value=15), st.integers(0, 15), directions
)
def test_on_the_path_is_on_track(base, base_year, target, span, offset, direction):
    year = base_year + offset
    kwargs = {
        "baseline_value": base,
        "baseline_year": base_year,
        "targets": [(base_year + span, target)],
    }
    exp = expected_value(year=year, **kwargs)
    assert indicator_status(direction=direction, actual=exp, year=year, **kwargs) == Status.ON_TRACK
    assert indicator_status(
        direction=direction, actual=target, year=base_year + span, **kwargs
    ) == (Status.ON_TRACK)


@given(
    values,
    years,
    values,
    st.integers(min_value=1, max_value=15),
    st.integers(0, 15),
    directions,
    values,
    values,
)
def test_better_values_never_get_worse_status(
    base, base_year, target, span, offset, direction, a, b
):
    """Monotonic in the direction: a value at least as good never has a worse status."""
    assume(a != b)
    better, worse = (max(a, b), min(a, b)) if direction == "increase" else (min(a, b), max(a, b))
    kwargs = {
        "baseline_value": base,
        "baseline_year": base_year,
        "targets": [(base_year + span, target)],
        "year": base_year + offset,
        "direction": direction,
    }
    assert (
        ORDER[indicator_status(actual=better, **kwargs)]
        >= ORDER[indicator_status(actual=worse, **kwargs)]
    )


@given(
    values, values, years, directions, st.decimals(min_value=Decimal("0.3"), max_value=10, places=2)
)
def test_far_behind_is_off_track(base, target, base_year, direction, share):
    assume(base != target)
    kwargs = {
        "baseline_value": base,
        "baseline_year": base_year,
        "targets": [(base_year + 4, target)],
    }
    year = base_year + 4
    change = abs(target - base)
    sign = 1 if direction == "increase" else -1
    actual = target - sign * change * share
    assert (
        indicator_status(direction=direction, actual=actual, year=year, **kwargs)
        == Status.OFF_TRACK
    )


def test_activity_assessment_and_rollup():
    assert activity_assessment(status="done", start_year=2018, year=2019) == Status.ON_TRACK
    assert activity_assessment(status="planned", start_year=2018, year=2019) == Status.AT_RISK
    assert activity_assessment(status="planned", start_year=2020, year=2019) == Status.ON_TRACK
    assert activity_assessment(status="postponed", start_year=None, year=2019) == Status.AT_RISK
    assert activity_assessment(status="cancelled", start_year=None, year=2019) == Status.OFF_TRACK
    assert rollup([]) == Status.NO_DATA
    assert rollup(["no_data"]) == Status.NO_DATA
    assert rollup(["on_track", "at_risk"]) == Status.ON_TRACK
    assert rollup(["on_track", "off_track"]) == Status.AT_RISK
    assert rollup(["at_risk", "off_track", "off_track"]) == Status.OFF_TRACK
