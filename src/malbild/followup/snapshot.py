"""The stored format of a closed period's frozen data (`FollowUpPeriod.snapshot`, built by
`data.collect`) and `upgrade()` from every older format. A closed period is never rewritten:
readers (`selectors.period_raw`, amendments, the amendment form) upgrade on the fly.

Format 2 (docs/adr/0008-snapshot-format-2.md) adds to format 1 (marked `"schema": 1`):
- `"format": 2` in place of `"schema"`;
- bodies also by stable id: `responsible_body_uid` next to the name (`responsible_body`) and the
  row id (`responsible_body_id`), so a renamed or re-created body stays the same body;
- budget lines with their financing `source`.
Added within format 2 and kept in format 3 (optional, so earlier snapshots stay valid; readers
fall back as `data.budget_overview` does):
- `primary_focus_area_id` on each activity (older: the first area it serves, by order);
- `plan_budget`: the whole plan's budget per year, kind and primary focus area and the outcomes
  reported up to the period (older: computed from the period's activities, marked incomplete).
Added within format 3 (optional, so earlier snapshots stay valid):
- `period.analysis`: the strategist's analysis and conclusions (Markdown) as it stood at
  closing; a period closed before it existed reads "" (no analysis).
- `benefits`: per activity with a benefit calculation, its chosen alternative's benefit lines
  with the planned amounts per year, the realised values per year up to the period and this
  period's report (docs/adr/0022-benefit-realisation.md); a period closed before it existed
  has none (no benefits shown).
Format 3 (docs/adr/0010-followup-of-the-tree.md) adds what the report of a whole tree needs:
- `documents`: the documents the period follows up (its own first, depth 0, then those below it
  when it includes descendants), each with the document providing its focus areas;
- `period.include_descendants`;
- `document_id` on activities, indicators and focus areas (the level an item belongs to), and
  `reported_in` on activities and indicators (`{id, label, document_id, document}` of the
  period of the same span the item is reported in, when that is another one; else null).
A format-2 snapshot followed up one document: it upgrades to that single level, every item on
it, nothing reported elsewhere.

Format 4 (docs/adr/0024-compact-stored-snapshots.md) is how format 3 is stored since 2026-12:
the same content, compact (`encode`; `upgrade` decodes it back to format 3, so every reader
sees format 3). The lists of records — `documents`, `focus_areas` (goals nested),
`indicators` (series nested), `activities` (budget lines nested), `benefits` (lines nested),
`plan_budget.planned` and `.outcomes` — are tables as `malbild.core.compact` stores them:
column names once, a row per record, repeated texts (bodies' names and stable ids, financing
sources, statuses, budget kinds) as keys into the snapshot's `pool`, stable ids in 22
characters. The other parts are stored as in format 3.
Choice fields (statuses, kinds, directions, budget kinds) stay codes; pages show their labels.
"""

import copy
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

from malbild.core.compact import (
    Pool,
    Table,
    check_pool_keys,
    copy_json,
    decode_table,
    decoded,
    encode_table,
)

FORMAT = 3  # the shape every reader sees (`upgrade` returns it)
STORED_FORMAT = 4  # how a closed period's snapshot is stored (`encode`)


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Override(BaseModel):
    model_config = ConfigDict(extra="allow")  # "amended" is added when applied
    status: str
    reason: str


class Contribution(_Strict):
    state: str
    review_comment: str
    submitted_at: str | None = None


class BudgetLine(_Strict):
    uid: str
    year: int
    kind: str
    planned: str | None
    spent: str | None
    spent_to_date: str | None
    source: str


class ReportedIn(_Strict):
    id: int
    label: str
    document_id: int
    document: str


class Activity(Contribution):
    id: int
    uid: str
    number: str
    title: str
    responsible_body: str
    responsible_body_id: int | None
    responsible_body_uid: str | None
    document_id: int | None
    reported_in: ReportedIn | None
    start_year: int | None
    end_year: int | None
    focus_area_ids: list[int]
    goal_ids: list[int]
    status: str
    progress: int | None
    comment: str
    forecast: str | None
    budget: list[BudgetLine]
    primary_focus_area_id: int | None = None


class SeriesPoint(_Strict):
    period: str
    year: int
    value: str | None


class Indicator(Contribution):
    id: int
    uid: str
    name: str
    unit: str
    direction: str
    kind: str
    baseline_value: str | None
    baseline_year: int | None
    targets: list[list[Any]]  # [year, value or None, text]
    responsible_body: str
    responsible_body_id: int | None
    responsible_body_uid: str | None
    document_id: int | None
    reported_in: ReportedIn | None
    focus_area_ids: list[int]
    goal_ids: list[int]
    value: str | None
    text: str
    measured_on: str | None
    comment: str
    source: str
    series: list[SeriesPoint]
    override: Override | None


class Goal(_Strict):
    id: int
    uid: str
    title: str
    override: Override | None = None


class FocusArea(_Strict):
    id: int
    uid: str
    number: str
    title: str
    goal_text: str
    goals: list[Goal]
    override: Override | None = None
    document_id: int | None


class Document(_Strict):
    id: int
    uid: str
    title: str
    kind: str


class Period(_Strict):
    id: int
    label: str
    kind: str
    start: str
    end: str
    deadline: str
    year: int
    include_descendants: bool
    analysis: str = ""


class Level(_Strict):
    id: int
    uid: str
    title: str
    kind: str
    parent_id: int | None
    depth: int
    focus_area_document_id: int | None


class PlannedBudget(_Strict):
    year: int
    kind: str
    focus_area_id: int | None
    focus_area: str
    amount: str | None


class ReportedOutcome(_Strict):
    year: int
    kind: str
    amount: str | None


class PlanBudget(_Strict):
    first_year: int | None
    last_year: int | None
    planned: list[PlannedBudget]
    outcomes: list[ReportedOutcome]
    complete: bool = True


class BenefitLine(_Strict):
    id: int
    uid: str
    name: str
    party: str
    monetised: bool
    unit: str
    estimate: str | None
    certainty: str
    planned: list[list[Any]]  # [year, amount (SEK) as a string]
    realised: list[list[Any]]  # [year, value (SEK) or None, description]
    value: str | None
    description: str
    method: str


class ActivityBenefits(_Strict):
    activity_id: int
    activity_uid: str
    activity: str
    responsible_body: str
    responsible_body_id: int | None
    document_id: int | None
    calculation: str
    alternative: str
    first_year: int
    last_year: int
    lines: list[BenefitLine]


class PeriodSnapshot(_Strict):
    format: Literal[3]
    organisation: str
    document: Document
    period: Period
    documents: list[Level]
    focus_areas: list[FocusArea]
    indicators: list[Indicator]
    activities: list[Activity]
    plan_budget: PlanBudget | None = None
    benefits: list[ActivityBenefits] | None = None
    self_assessment: dict[str, Any] | None


_TABLES = ("documents", "focus_areas", "indicators", "activities", "benefits")
_BUDGET_TABLES = ("planned", "outcomes")


class StoredPlanBudget(_Strict):
    first_year: int | None
    last_year: int | None
    planned: Table | list[PlannedBudget]
    outcomes: Table | list[ReportedOutcome]
    complete: bool = True


class StoredSnapshot(_Strict):
    """Format 4, the stored form of format 3 (`encode`)."""

    format: Literal[4]
    pool: list[str | tuple[str | None, str | None]]
    organisation: str
    document: Document
    period: Period
    documents: Table | list[Level]
    focus_areas: Table | list[FocusArea]
    indicators: Table | list[Indicator]
    activities: Table | list[Activity]
    plan_budget: StoredPlanBudget | None = None
    benefits: Table | list[ActivityBenefits] | None = None
    self_assessment: dict[str, Any] | None


def validate_stored(data: dict[str, Any]) -> StoredSnapshot:
    """Parse a stored format-4 snapshot: its tables, and that every key points into the pool."""
    stored = StoredSnapshot.model_validate(data)
    for name in _TABLES:
        check_pool_keys(getattr(stored, name), data["pool"], name)
    if stored.plan_budget is not None:
        for name in _BUDGET_TABLES:
            check_pool_keys(getattr(stored.plan_budget, name), data["pool"], f"plan_budget.{name}")
    return stored


def validate(data: dict[str, Any]) -> PeriodSnapshot:
    """Parse `data` (format 3, or format 4 as stored: checked, then read as format 3)."""
    if isinstance(data, dict) and data.get("format") == STORED_FORMAT:
        validate_stored(data)
        data = decode(data)
    return PeriodSnapshot.model_validate(data)


def encode(snapshot: dict[str, Any]) -> dict[str, Any]:
    """The stored form (format 4) of a format-3 snapshot: `upgrade(encode(s)) == s`."""
    if snapshot.get("format") != FORMAT:
        raise ValueError(f"only format {FORMAT} is stored compact, not {snapshot.get('format')!r}")
    pool = Pool()
    stored: dict[str, Any] = {"format": STORED_FORMAT, "pool": pool.values}
    for key, value in snapshot.items():
        if key == "format":
            continue
        if key in _TABLES:
            value = encode_table(value, pool)
        elif key == "plan_budget" and isinstance(value, dict):
            value = {
                k: encode_table(v, pool) if k in _BUDGET_TABLES else v for k, v in value.items()
            }
        stored[key] = value
    return stored


def decode(data: dict[str, Any]) -> dict[str, Any]:
    """A stored format-4 snapshot as format 3 (new records; values kept as is are shared)."""
    pool = data["pool"]
    out: dict[str, Any] = {"format": FORMAT}
    for key, value in data.items():
        if key in ("format", "pool"):
            continue
        if key in _TABLES:
            value = decode_table(value, pool)
        elif key == "plan_budget" and isinstance(value, dict):
            value = {
                k: decode_table(v, pool) if k in _BUDGET_TABLES else copy_json(v)
                for k, v in value.items()
            }
        else:
            value = copy_json(value)
        out[key] = value
    return out


def upgrade(data: dict[str, Any] | None) -> dict[str, Any] | None:
    """`data` in the current format (a copy when it had to change)."""
    if not data:
        return data
    fmt = data.get("format", data.get("schema", 1))
    if fmt == STORED_FORMAT:
        return decoded(data, decode)  # once per stored object, shared like format 2/3 were
    if fmt == 1:
        data = _from_format_1(data)
        fmt = 2
    if fmt == 2:
        data = _from_format_2(data)
        fmt = 3
    if fmt != FORMAT:
        raise ValueError(f"unknown period snapshot format {fmt!r}")
    return data


def _from_format_1(data: dict[str, Any]) -> dict[str, Any]:
    data = copy.deepcopy(data)
    data.pop("schema", None)
    for item in data.get("activities", []) + data.get("indicators", []):
        item.setdefault("responsible_body_uid", None)  # format 1 knew the name and row id
    for act in data.get("activities", []):
        for line in act.get("budget", []):
            line.setdefault("source", "")
    for fa in data.get("focus_areas", []):
        fa.setdefault("override", None)
        for goal in fa.get("goals", []):
            goal.setdefault("override", None)
    return {"format": 2, **data}


def _from_format_2(data: dict[str, Any]) -> dict[str, Any]:
    """One level, the period's document, holding every item; nothing reported elsewhere."""
    data = copy.deepcopy(data)
    data.pop("format", None)
    document = data["document"]
    data["period"].setdefault("include_descendants", False)
    for item in data.get("activities", []) + data.get("indicators", []):
        item.setdefault("document_id", None)
        item.setdefault("reported_in", None)
    for fa in data.get("focus_areas", []):
        fa.setdefault("document_id", None)
    levels = [
        {
            "id": document["id"],
            "uid": document["uid"],
            "title": document["title"],
            "kind": document["kind"],
            "parent_id": None,
            "depth": 0,
            "focus_area_document_id": None,
        }
    ]
    return {"format": 3, **data, "documents": levels}
