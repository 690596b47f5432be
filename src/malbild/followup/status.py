"""Status computation: where an indicator should be in a given year (the expected path from
its baseline towards its targets) and whether the measured value is on track, at risk or off
track. Pure functions over numbers, so they can be tested with generated data; thresholds
are explained in docs/adr/0005-followup.md.
"""

import datetime
from decimal import Decimal

from .constants import Status

#: Share of the planned change (baseline → target) that a value may fall behind the
#: expected path and still be on track, or at risk; beyond AT_RISK it is off track.
ON_TRACK_TOLERANCE = Decimal("0.10")
AT_RISK_TOLERANCE = Decimal("0.25")

INCREASE = "increase"
DECREASE = "decrease"


def _d(value) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def expected_value(
    *,
    baseline_value,
    baseline_year: int | None,
    targets: list[tuple[int, object]],
    year: int,
) -> Decimal | None:
    """The value the indicator should have in `year`.

    Linear interpolation between the last known point (the baseline, or the previous target)
    and the next target. Before the baseline year the baseline itself; after the last
    target that target. Without a baseline the next target (or the last one) is expected.
    `targets` are (year, value) pairs; targets without a value are ignored."""
    points = sorted((int(y), _d(v)) for y, v in targets if v is not None)
    if baseline_value is not None and baseline_year is not None:
        base = (int(baseline_year), _d(baseline_value))
        points = [base] + [p for p in points if p[0] > base[0]]
    if not points:
        return None
    if year <= points[0][0]:
        return points[0][1]
    for (y0, v0), (y1, v1) in zip(points, points[1:], strict=False):
        if y0 <= year <= y1:
            return v0 + (v1 - v0) * Decimal(year - y0) / Decimal(y1 - y0)
    return points[-1][1]


def planned_change(
    *, baseline_value, baseline_year: int | None, targets: list[tuple[int, object]], year: int
) -> Decimal:
    """The size of the change the plan asks for around `year`: from the baseline (or the
    first target) to the next target at or after `year` (or the last target)."""
    values = sorted((int(y), _d(v)) for y, v in targets if v is not None)
    if not values:
        return Decimal(0)
    start = _d(baseline_value) if baseline_value is not None else values[0][1]
    following = [v for y, v in values if y >= year]
    goal = following[0] if following else values[-1][1]
    return abs(goal - start)


def indicator_status(
    *,
    direction: str,
    baseline_value,
    baseline_year: int | None,
    targets: list[tuple[int, object]],
    year: int,
    actual,
) -> Status:
    """On track / at risk / off track / no data for a measured `actual` in `year`."""
    if actual is None:
        return Status.NO_DATA
    expected = expected_value(
        baseline_value=baseline_value, baseline_year=baseline_year, targets=targets, year=year
    )
    if expected is None:
        return Status.NO_DATA
    actual = _d(actual)
    sign = Decimal(-1) if direction == DECREASE else Decimal(1)
    gap = (actual - expected) * sign  # ≥ 0: at or ahead of the expected path
    if gap >= 0:
        return Status.ON_TRACK
    scale = planned_change(
        baseline_value=baseline_value, baseline_year=baseline_year, targets=targets, year=year
    )
    if scale == 0:
        scale = abs(expected) or Decimal(1)
    behind = -gap / scale
    if behind <= ON_TRACK_TOLERANCE:
        return Status.ON_TRACK
    if behind <= AT_RISK_TOLERANCE:
        return Status.AT_RISK
    return Status.OFF_TRACK


#: Activity status → contribution to a roll-up (see activity_assessment).
SCORES = {Status.ON_TRACK: 2, Status.AT_RISK: 1, Status.OFF_TRACK: 0}

#: Percentage points an ongoing activity's reported progress may lag behind its expected
#: progress (the elapsed share of its years) and still be on track; further behind is at risk.
ACTIVITY_BEHIND_TOLERANCE = 25


def expected_progress(
    *, start_year: int | None, end_year: int | None, on: datetime.date
) -> int | None:
    """The progress (0–100 %) an activity running from 1 January of `start_year` to
    31 December of `end_year` should have reached `on` that day: the elapsed share of its
    time, rounded to a whole percent. None when either year is unknown (no plan to compare
    with)."""
    if start_year is None or end_year is None or end_year < start_year:
        return None
    first = datetime.date(int(start_year), 1, 1)
    last = datetime.date(int(end_year), 12, 31)
    total = (last - first).days + 1
    elapsed = min(max((on - first).days + 1, 0), total)
    return (elapsed * 200 + total) // (2 * total)  # rounded half up, in integers


def progress_behind(
    *, progress: int | None, start_year: int | None, end_year: int | None, on: datetime.date
) -> int | None:
    """How many percentage points the reported `progress` lags behind the expected progress
    `on` that day (0 when on or ahead; None without a progress or an expectation)."""
    expected = expected_progress(start_year=start_year, end_year=end_year, on=on)
    if expected is None or progress is None:
        return None
    return max(expected - int(progress), 0)


def activity_assessment(
    *,
    status: str,
    start_year: int | None,
    year: int,
    end_year: int | None = None,
    progress: int | None = None,
    on: datetime.date | None = None,
) -> Status:
    """How an activity's status counts in a roll-up: done is on track; ongoing is on track
    unless its reported progress lags more than ACTIVITY_BEHIND_TOLERANCE points behind the
    elapsed share of its years on `on` (the period's end), then at risk; planned is on track
    until its start year has passed, then at risk; postponed is at risk; cancelled is off
    track."""
    if status == "done":
        return Status.ON_TRACK
    if status == "ongoing":
        if on is not None:
            behind = progress_behind(
                progress=progress, start_year=start_year, end_year=end_year, on=on
            )
            if behind is not None and behind > ACTIVITY_BEHIND_TOLERANCE:
                return Status.AT_RISK
        return Status.ON_TRACK
    if status == "planned":
        return Status.AT_RISK if start_year is not None and start_year < year else Status.ON_TRACK
    if status == "postponed":
        return Status.AT_RISK
    if status == "cancelled":
        return Status.OFF_TRACK
    return Status.NO_DATA


def rollup_basis(indicator_statuses: list[str], activity_assessments: list[str]) -> dict:
    """What a roll-up counted: the number of indicators and of activities per status (those
    without data are listed but not counted)."""
    values = [s.value for s in Status]
    return {
        "indicators": {s: indicator_statuses.count(s) for s in values},
        "activities": {s: activity_assessments.count(s) for s in values},
    }


def rollup(statuses: list[str]) -> Status:
    """The combined status of a goal or focus area from its indicators' and activities'
    statuses: the mean score (on track 2, at risk 1, off track 0) of those with data;
    ≥ 1.5 on track, ≥ 0.75 at risk, below that off track; nothing with data → no data."""
    scored = [SCORES[s] for s in statuses if s in SCORES]
    if not scored:
        return Status.NO_DATA
    mean = Decimal(sum(scored)) / Decimal(len(scored))
    if mean >= Decimal("1.5"):
        return Status.ON_TRACK
    if mean >= Decimal("0.75"):
        return Status.AT_RISK
    return Status.OFF_TRACK
