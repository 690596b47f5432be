"""The import of a spreadsheet into a document: a plan (the preview), then its application.

`plan_import` reads the document as it is (a fixed number of queries, whatever the number of
rows) and says, for every row of the file, whether it is new, changed (field by field),
unchanged or an error, with the reason in the user's language ("Rad 14, kolumn Ansvarigt
organ: det finns inget organ som heter …"). It writes nothing. Bodies and focus areas the file
names but the organisation lacks are listed; with `create_bodies` / `create_focus_areas` the
rows naming them are planned as if they existed, and `apply_plan` creates them first.

`apply_plan` writes a plan without errors through the domain services (validation, permission
checks, the audit log, optimistic locking: an update carries the edit version the preview
read) and must run inside the caller's transaction: any refusal raises `ImportFailed` naming
the row, and the transaction rolls back, so an import is written whole or not at all. An
import never deletes: rows missing from the file are left as they are.
"""

import hashlib
import json
from collections.abc import Callable
from contextlib import nullcontext
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils.translation import gettext as _

from malbild.actionplan import services as actionplan_services
from malbild.actionplan.constants import ActivityStatus, BudgetKind, Priority
from malbild.actionplan.models import Activity
from malbild.actionplan.workflow import activity_can_transition
from malbild.core.access import Access
from malbild.core.errors import ConflictError
from malbild.core.locking import expect_version
from malbild.followup import services as followup_services
from malbild.followup.models import FollowUpPeriod, IndicatorValue
from malbild.organisation import services as organisation_services
from malbild.organisation.constants import BodyKind
from malbild.organisation.models import Body
from malbild.strategy import services as strategy_services
from malbild.strategy.constants import Direction, IndicatorKind, MeasureType
from malbild.strategy.measures import measure_value_errors
from malbild.strategy.models import FocusArea, Goal, Indicator, IndicatorTarget, SteeringDocument

from . import cells, layout
from .reader import ParsedFile

NEW, CHANGED, UNCHANGED, ERROR = "new", "changed", "unchanged", "error"

Progress = Callable[[int, int], None]


class ImportFailed(Exception):
    """A row the services refused while applying; the message names row and column."""


@dataclass(frozen=True)
class Pending:
    """A body or focus area the import will create (`kind`: "body" or "focus_area")."""

    kind: str
    name: str

    def __str__(self) -> str:
        return self.name


@dataclass
class Row:
    sheet: str
    row: int
    label: str = ""
    state: str = UNCHANGED
    #: (heading, before, after) for each changed field
    changes: list[tuple[str, str, str]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    #: the matched row and the edit version the plan read
    target: Any = None
    version: int | None = None
    data: dict = field(default_factory=dict)
    m2m: dict = field(default_factory=dict)
    extra: dict = field(default_factory=dict)

    def error(self, column: str, message: str) -> None:
        self.errors.append(
            _("Row %(row)s, column %(column)s: %(message)s")
            % {"row": self.row, "column": column, "message": message}
        )

    def as_dict(self) -> dict:
        return {
            "sheet": self.sheet,
            "row": self.row,
            "label": self.label,
            "state": ERROR if self.errors else self.state,
            "changes": [{"column": c, "before": b, "after": a} for c, b, a in self.changes],
            "errors": list(self.errors),
            "version": self.version,
        }


@dataclass
class ImportPlan:
    rows: list[Row] = field(default_factory=list)
    file_errors: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    missing_bodies: list[str] = field(default_factory=list)
    missing_focus_areas: list[str] = field(default_factory=list)
    create_bodies: bool = False
    create_focus_areas: bool = False
    can_create_bodies: bool = False

    @property
    def has_errors(self) -> bool:
        return bool(self.file_errors) or any(r.errors for r in self.rows)

    def counts(self) -> dict[str, int]:
        out = {NEW: 0, CHANGED: 0, UNCHANGED: 0, ERROR: 0}
        for r in self.rows:
            out[ERROR if r.errors else r.state] += 1
        return out

    def as_dict(self) -> dict:
        rows = [r.as_dict() for r in self.rows]
        return {
            "rows": rows,
            "counts": self.counts(),
            "file_errors": list(self.file_errors),
            "notes": list(self.notes),
            "missing_bodies": list(self.missing_bodies),
            "missing_focus_areas": list(self.missing_focus_areas),
            "create_bodies": self.create_bodies,
            "create_focus_areas": self.create_focus_areas,
            "can_create_bodies": self.can_create_bodies,
            "fingerprint": fingerprint(rows),
        }


def fingerprint(rows: list[dict]) -> str:
    """A digest of what a plan would write and of the versions it read: the confirmation of a
    preview is refused when the document changed since, so what is written is what was shown."""
    text = json.dumps(rows, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode()).hexdigest()


# Display -----------------------------------------------------------------------------------


def _show(value) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return number_text(value)
    if isinstance(value, list | tuple | set):
        return "; ".join(sorted(_show(v) for v in value))
    return str(value)


def number_text(value: Decimal) -> str:
    """A decimal as the file writes it: a decimal comma, no trailing zeros, no thousands
    separators (a cell the spreadsheet reads back as the same number)."""
    normal = value.normalize()
    if normal == normal.to_integral_value():
        normal = normal.quantize(Decimal(1))
    return format(normal, "f").replace(".", ",")


def goal_number(focus_area: FocusArea, position: int) -> str:
    return f"{focus_area.number or focus_area.order}.{position}"


# Context: the document as it is --------------------------------------------------------------


class _Context:
    """Everything the plan compares with, read once (a fixed number of queries)."""

    def __init__(self, access: Access, document: SteeringDocument, plan: ImportPlan):
        self.access, self.document, self.plan = access, document, plan
        self.bodies: dict[str, Body] = {}
        for body in Body.objects.for_access(access):
            self.bodies.setdefault(body.name.casefold(), body)
        for body in Body.objects.for_access(access).exclude(short_name=""):
            self.bodies.setdefault(body.short_name.casefold(), body)
        ancestors, node, seen = [], document, set()
        while node is not None and node.pk not in seen:
            ancestors.append(node.pk)
            seen.add(node.pk)
            node = node.parent
        self.focus_areas: dict[str, FocusArea] = {}
        self.goals: dict[str, Goal] = {}
        self.goal_numbers: dict[int, str] = {}
        areas = (
            FocusArea.objects.for_access(access)
            .filter(document_id__in=ancestors)
            .prefetch_related("goals")
            .order_by("order", "id")
        )
        # The document's own areas win over an ancestor's with the same number.
        by_doc = sorted(areas, key=lambda fa: ancestors.index(fa.document_id))
        self.own_focus_area_count = 0
        for area in by_doc:
            if area.document_id == document.pk:
                self.own_focus_area_count += 1
            key = (area.number or "").strip().casefold()
            if key:
                self.focus_areas.setdefault(key, area)
            for position, goal in enumerate(
                sorted(area.goals.all(), key=lambda g: (g.order, g.pk)), start=1
            ):
                number = goal_number(area, position)
                self.goals.setdefault(number.casefold(), goal)
                self.goal_numbers.setdefault(goal.pk, number)
        self.activities = list(
            Activity.objects.for_access(access)
            .filter(document=document)
            .select_related("responsible_body")
            .prefetch_related("co_responsible_bodies", "focus_areas", "goals", "budget_lines")
        )
        self.indicators = list(
            Indicator.objects.for_access(access)
            .filter(document=document)
            .select_related("responsible_body")
            .prefetch_related("focus_areas", "goals", "targets")
        )
        self.periods = list(FollowUpPeriod.objects.for_access(access).filter(document=document))
        self.values = {
            (v.period_id, v.indicator_id): v
            for v in IndicatorValue.objects.for_access(access).filter(period__document=document)
        }
        self.pending: dict[tuple[str, str], Pending] = {}

    # References -------------------------------------------------------------------------

    def body(self, row: Row, column: str, name: str):
        found = self.bodies.get(name.casefold())
        if found is not None:
            return found
        if name.casefold() not in {n.casefold() for n in self.plan.missing_bodies}:
            self.plan.missing_bodies.append(name)
        if self.plan.create_bodies and self.plan.can_create_bodies:
            return self.pending.setdefault(("body", name.casefold()), Pending("body", name))
        row.error(column, _("there is no body called “%(name)s”.") % {"name": name})
        return None

    def focus_area(self, row: Row, column: str, number: str):
        found = self.focus_areas.get(number.casefold())
        if found is not None:
            return found
        if number.casefold() not in {n.casefold() for n in self.plan.missing_focus_areas}:
            self.plan.missing_focus_areas.append(number)
        if self.plan.create_focus_areas and self.access.can_edit_documents:
            key = ("focus_area", number.casefold())
            return self.pending.setdefault(key, Pending("focus_area", number))
        row.error(column, _("there is no focus area numbered “%(number)s”.") % {"number": number})
        return None

    def goal(self, row: Row, column: str, number: str):
        found = self.goals.get(number.casefold())
        if found is None:
            row.error(
                column,
                _(
                    "there is no goal numbered “%(number)s” (a goal's number is its focus "
                    "area's number and its place under it, e.g. 2.1)."
                )
                % {"number": number},
            )
        return found

    def show_ref(self, obj) -> str:
        if isinstance(obj, Pending):
            return obj.name
        if isinstance(obj, Goal):
            return self.goal_numbers.get(obj.pk, str(obj))
        if isinstance(obj, FocusArea):
            return obj.number or obj.title
        return "" if obj is None else str(obj)


def _ref_key(obj) -> object:
    if obj is None:
        return None
    if isinstance(obj, Pending):
        return (obj.kind, obj.name.casefold())
    return (type(obj).__name__, obj.pk)


# Planning ----------------------------------------------------------------------------------


def plan_import(
    *,
    access: Access,
    document: SteeringDocument,
    parsed: ParsedFile,
    create_bodies: bool = False,
    create_focus_areas: bool = False,
) -> ImportPlan:
    """The preview of importing `parsed` into `document` (see the module docstring)."""
    plan = ImportPlan(
        file_errors=list(parsed.errors),
        notes=list(parsed.notes),
        create_bodies=create_bodies,
        create_focus_areas=create_focus_areas,
        can_create_bodies=access.is_admin,
    )
    if not access.can_edit_documents:
        plan.file_errors.append(_("Only a strategist or an administrator may import a plan."))
    if plan.file_errors:
        return plan
    ctx = _Context(access, document, plan)
    activities = _ActivityPlanner(ctx)
    for sheet_key, planner in (
        ("activities", activities),
        ("budget", _BudgetPlanner(ctx, activities)),
        ("indicators", indicators := _IndicatorPlanner(ctx)),
        ("followup", _FollowUpPlanner(ctx, indicators)),
    ):
        rows = parsed.sheets.get(sheet_key)
        if rows is None:
            continue
        for number, raw in rows.rows:
            plan.rows.append(planner.plan_row(rows, number, raw))
    if not plan.rows and not plan.file_errors:
        plan.file_errors.append(_("The file holds no rows to import."))
    return plan


class _Planner:
    sheet: layout.Sheet

    def __init__(self, ctx: _Context):
        self.ctx = ctx

    def heading(self, key) -> str:
        return self.sheet.column(key).heading

    def read(self, row: Row, raw: dict, key: str, parse: Callable, *args, **kwargs):
        try:
            return parse(raw.get(key), *args, **kwargs)
        except cells.CellError as exc:
            row.error(self.heading(key), str(exc))
            return None

    def compare(self, row: Row, key: str, before, after, *, shown_before=None, shown_after=None):
        """Record a change of `key` when `after` (the file's value) differs from `before`."""
        if before == after:
            return
        row.changes.append(
            (
                self.heading(key),
                _show(before) if shown_before is None else shown_before,
                _show(after) if shown_after is None else shown_after,
            )
        )

    def finish(self, row: Row) -> Row:
        if row.target is None:
            row.state = NEW
        elif row.changes:
            row.state = CHANGED
        else:
            row.state = UNCHANGED
        if row.errors:
            row.changes = [] if row.target is None else row.changes
        return row


def _m2m_keys(objs) -> set:
    return {_ref_key(o) for o in objs}


class _ActivityPlanner(_Planner):
    sheet = layout.ACTIVITIES

    def __init__(self, ctx: _Context):
        super().__init__(ctx)
        self.by_number: dict[str, list[Activity]] = {}
        self.by_title: dict[str, list[Activity]] = {}
        for activity in ctx.activities:
            if activity.number.strip():
                self.by_number.setdefault(activity.number.strip().casefold(), []).append(activity)
            else:
                self.by_title.setdefault(activity.title.strip().casefold(), []).append(activity)
        #: number (casefold) → the file's row that names it (its activity, existing or new)
        self.in_file: dict[str, Row] = {}

    def match(self, row: Row, number: str, title: str) -> Activity | None:
        pool = (
            self.by_number.get(number.casefold()) if number else self.by_title.get(title.casefold())
        )
        if not pool:
            return None
        if len(pool) > 1:
            column = self.heading("number" if number else "title")
            row.error(
                column,
                _(
                    "the document has %(count)s activities with “%(key)s”; give them "
                    "unique numbers first."
                )
                % {"count": len(pool), "key": number or title},
            )
            return None
        return pool[0]

    def plan_row(self, rows, number: int, raw: dict) -> Row:
        ctx = self.ctx
        row = Row(sheet=self.sheet.key, row=number)
        present = rows.headings
        activity_number = cells.text(raw.get("number"))[:20]
        title = cells.text(raw.get("title"))
        row.label = f"{activity_number} {title}".strip()
        if not title:
            row.error(self.heading("title"), _("the activity has no title."))
        elif len(title) > 300:
            row.error(self.heading("title"), _("the title is longer than 300 characters."))
        key = (activity_number or title).casefold()
        if key and key in self.in_file:
            row.error(
                self.heading("number" if activity_number else "title"),
                _("row %(other)s already has the activity “%(key)s”.")
                % {"other": self.in_file[key].row, "key": activity_number or title},
            )
            return self.finish(row)
        if key:
            self.in_file[key] = row
        target = self.match(row, activity_number, title) if key else None
        row.target = target
        row.version = target.lock_version if target else None
        data = row.data
        if activity_number:
            data["number"] = activity_number
            if target is not None:
                self.compare(row, "number", target.number, activity_number)
        if title:
            data["title"] = title
            if target is not None:
                self.compare(row, "title", target.title, title)
        if "description" in present:
            data["description"] = cells.text(raw.get("description"))
            if target is not None:
                self.compare(row, "description", target.description, data["description"])
        if "responsible_body" in present or target is None:
            name = " ".join(cells.text(raw.get("responsible_body")).split())
            if not name:
                row.error(self.heading("responsible_body"), _("give the responsible body's name."))
            else:
                body = ctx.body(row, self.heading("responsible_body"), name)
                if body is not None:
                    data["responsible_body"] = body
                    if target is not None:
                        self.compare(
                            row,
                            "responsible_body",
                            _ref_key(target.responsible_body),
                            _ref_key(body),
                            shown_before=str(target.responsible_body),
                            shown_after=str(body),
                        )
                    if not isinstance(body, Pending) and not ctx.access.can_edit_for_body(body.pk):
                        row.error(
                            self.heading("responsible_body"),
                            _("you may only choose a body you are editor for."),
                        )
        self._m2m(row, raw, present, target, "co_responsible_bodies", cells.names, ctx.body)
        self._m2m(row, raw, present, target, "focus_areas", cells.numbers, ctx.focus_area)
        self._m2m(row, raw, present, target, "goals", cells.numbers, ctx.goal)
        for year_key in ("start_year", "end_year"):
            if year_key in present:
                value = self.read(row, raw, year_key, cells.year)
                data[year_key] = value
                if target is not None:
                    self.compare(row, year_key, getattr(target, year_key), value)
        start = data.get("start_year", getattr(target, "start_year", None))
        end = data.get("end_year", getattr(target, "end_year", None))
        if start and end and end < start:
            row.error(self.heading("end_year"), _("the end year cannot be before the start year."))
        if "priority" in present:
            priority = self.read(row, raw, "priority", cells.choice, Priority)
            if priority:
                data["priority"] = priority
                if target is not None:
                    self.compare(
                        row,
                        "priority",
                        target.priority,
                        priority,
                        shown_before=str(Priority(target.priority).label),
                        shown_after=str(Priority(priority).label),
                    )
        if "status" in present:
            status = self.read(row, raw, "status", cells.choice, ActivityStatus)
            current = target.status if target else ActivityStatus.PLANNED
            if status and not activity_can_transition(current, status):
                row.error(
                    self.heading("status"),
                    _("an activity cannot go from “%(a)s” to “%(b)s”.")
                    % {
                        "a": ActivityStatus(current).label,
                        "b": ActivityStatus(status).label,
                    },
                )
            elif status:
                row.extra["status"] = status
                if target is not None:
                    self.compare(
                        row,
                        "status",
                        target.status,
                        status,
                        shown_before=str(ActivityStatus(target.status).label),
                        shown_after=str(ActivityStatus(status).label),
                    )
        if target is not None and not ctx.access.can_edit_for_body(target.responsible_body_id):
            row.error(
                self.heading("responsible_body"),
                _("you may only change activities your bodies are responsible for."),
            )
        row.extra["years"] = (start, end)
        return self.finish(row)

    def _m2m(self, row, raw, present, target, key, split, resolve):
        if key not in present:
            return
        heading = self.heading(key)
        objs = [resolve(row, heading, name) for name in split(raw.get(key))]
        objs = [o for o in objs if o is not None]
        row.m2m[key] = objs
        if target is not None:
            current = list(getattr(target, key).all())
            self.compare(
                row,
                key,
                _m2m_keys(current),
                _m2m_keys(objs),
                shown_before="; ".join(sorted(self.ctx.show_ref(o) for o in current)),
                shown_after="; ".join(sorted(self.ctx.show_ref(o) for o in objs)),
            )


class _BudgetPlanner(_Planner):
    sheet = layout.BUDGET

    def __init__(self, ctx: _Context, activities: _ActivityPlanner):
        super().__init__(ctx)
        self.activities = activities
        self.seen: dict[tuple, int] = {}

    def plan_row(self, rows, number: int, raw: dict) -> Row:
        row = Row(sheet=self.sheet.key, row=number)
        ref = cells.text(raw.get("activity"))
        year = self.read(row, raw, "year", cells.year)
        kind = self.read(row, raw, "kind", cells.choice, BudgetKind)
        amount = self.read(row, raw, "amount", cells.decimal, places=2, max_digits=14)
        source = " ".join(cells.text(raw.get("financing_source")).split())[:200]
        row.label = " ".join(p for p in (ref, str(year or ""), source) if p)
        for key, value in (("year", year), ("kind", kind), ("amount", amount)):
            if value is None and not any(self.heading(key) in e for e in row.errors):
                row.error(self.heading(key), _("the cell is empty."))
        if amount is not None and amount < 0:
            row.error(self.heading("amount"), _("the amount cannot be negative."))
        activity_row = self.activities.in_file.get(ref.casefold()) if ref else None
        activity = activity_row.target if activity_row else None
        if activity_row is None and ref:
            pool = self.activities.by_number.get(ref.casefold()) or []
            activity = pool[0] if len(pool) == 1 else None
        if not ref:
            row.error(self.heading("activity"), _("give the activity's number."))
        elif activity_row is None and activity is None:
            row.error(
                self.heading("activity"),
                _("there is no activity numbered “%(number)s” in the document or the file.")
                % {"number": ref},
            )
        elif activity_row is not None and activity_row.errors:
            row.error(
                self.heading("activity"),
                _("the activity's row %(row)s has errors.") % {"row": activity_row.row},
            )
        if row.errors:
            return self.finish(row)
        key = (ref.casefold(), year, kind, source.casefold())
        if key in self.seen:
            row.error(
                self.heading("year"),
                _("row %(other)s already has a line for this activity, year, kind and financing.")
                % {"other": self.seen[key]},
            )
            return self.finish(row)
        self.seen[key] = number
        target = None
        if activity is not None:
            target = next(
                (
                    line
                    for line in activity.budget_lines.all()
                    if line.year == year
                    and line.kind == kind
                    and (line.financing_source or "").strip().casefold() == source.casefold()
                ),
                None,
            )
        row.target = target
        row.version = target.lock_version if target else None
        row.extra["activity_row"] = activity_row
        row.extra["activity"] = activity
        row.data = {"year": year, "kind": kind, "amount": amount, "financing_source": source}
        if target is not None:
            self.compare(row, "amount", target.amount, amount)
        else:
            if activity_row is not None:
                first, last = activity_row.extra.get("years", (None, None))
            else:
                first, last = activity.start_year, activity.end_year
            first = first or self.ctx.document.period_start
            last = last or self.ctx.document.period_end
            if (first and year < first) or (last and year > last):
                row.error(
                    self.heading("year"),
                    _("the year %(year)s lies outside the activity's period %(span)s.")
                    % {"year": year, "span": actionplan_services.year_span(first, last)},
                )
        return self.finish(row)


class _IndicatorPlanner(_Planner):
    sheet = layout.INDICATORS

    def __init__(self, ctx: _Context):
        super().__init__(ctx)
        self.by_name: dict[str, Indicator] = {}
        for indicator in ctx.indicators:
            self.by_name.setdefault(indicator.name.strip().casefold(), indicator)
        self.in_file: dict[str, Row] = {}

    def heading(self, key) -> str:
        if isinstance(key, int):
            return layout.year_heading(self.sheet, key)
        return super().heading(key)

    def plan_row(self, rows, number: int, raw: dict) -> Row:
        ctx = self.ctx
        row = Row(sheet=self.sheet.key, row=number)
        present = rows.headings
        name = " ".join(cells.text(raw.get("name")).split())
        row.label = name
        if not name:
            row.error(self.heading("name"), _("the indicator has no name."))
            return self.finish(row)
        if len(name) > 300:
            row.error(self.heading("name"), _("the name is longer than 300 characters."))
        if name.casefold() in self.in_file:
            row.error(
                self.heading("name"),
                _("row %(other)s already has the indicator “%(name)s”.")
                % {"other": self.in_file[name.casefold()].row, "name": name},
            )
            return self.finish(row)
        self.in_file[name.casefold()] = row
        target = self.by_name.get(name.casefold())
        row.target, row.version = target, (target.lock_version if target else None)
        data = row.data
        data["name"] = name
        for key, limit in (("definition", None), ("unit", 40)):
            if key in present:
                value = cells.text(raw.get(key))
                if limit and len(value) > limit:
                    row.error(
                        self.heading(key),
                        _("the text is longer than %(n)s characters.") % {"n": limit},
                    )
                data[key] = value
                if target is not None:
                    self.compare(row, key, getattr(target, key), value)
        for key, choices in (("direction", Direction), ("measure_type", MeasureType)):
            if key in present:
                value = self.read(row, raw, key, cells.choice, choices)
                if value:
                    data[key] = value
                    if target is not None:
                        self.compare(
                            row,
                            key,
                            getattr(target, key),
                            value,
                            shown_before=str(choices(getattr(target, key)).label),
                            shown_after=str(choices(value).label),
                        )
        if "responsible_body" in present:
            body_name = " ".join(cells.text(raw.get("responsible_body")).split())
            body = ctx.body(row, self.heading("responsible_body"), body_name) if body_name else None
            if body is not None or not body_name:
                data["responsible_body"] = body
                if target is not None:
                    self.compare(
                        row,
                        "responsible_body",
                        _ref_key(target.responsible_body),
                        _ref_key(body),
                        shown_before=str(target.responsible_body or ""),
                        shown_after=str(body or ""),
                    )
        for key, split, resolve in (
            ("focus_areas", cells.numbers, ctx.focus_area),
            ("goals", cells.numbers, ctx.goal),
        ):
            if key in present:
                objs = [resolve(row, self.heading(key), n) for n in split(raw.get(key))]
                row.m2m[key] = [o for o in objs if o is not None]
                if target is not None:
                    current = list(getattr(target, key).all())
                    self.compare(
                        row,
                        key,
                        _m2m_keys(current),
                        _m2m_keys(row.m2m[key]),
                        shown_before="; ".join(sorted(ctx.show_ref(o) for o in current)),
                        shown_after="; ".join(sorted(ctx.show_ref(o) for o in row.m2m[key])),
                    )
        if "baseline_value" in present:
            data["baseline_value"] = self.read(
                row, raw, "baseline_value", cells.decimal, places=4, max_digits=16
            )
        if "baseline_year" in present:
            data["baseline_year"] = self.read(row, raw, "baseline_year", cells.year)
        baseline = data.get("baseline_value", getattr(target, "baseline_value", None))
        baseline_year = data.get("baseline_year", getattr(target, "baseline_year", None))
        if (baseline is None) != (baseline_year is None) and not row.errors:
            missing = "baseline_year" if baseline_year is None else "baseline_value"
            row.error(
                self.heading(missing), _("give both the baseline value and its year, or neither.")
            )
        kind = target.kind if target else IndicatorKind.QUANTITATIVE
        if kind == IndicatorKind.QUALITATIVE and baseline is not None:
            row.error(
                self.heading("baseline_value"),
                _("a qualitative indicator has no numeric baseline."),
            )
        if target is not None:
            for key in ("baseline_value", "baseline_year"):
                if key in data:
                    self.compare(row, key, getattr(target, key), data[key])
        measure = data.get("measure_type", getattr(target, "measure_type", MeasureType.COUNT))
        unit = data.get("unit", getattr(target, "unit", ""))
        targets = {t.year: t for t in target.targets.all()} if target else {}
        planned_targets = {}
        for year in sorted(rows.years):
            raw_value = raw.get(year)
            if cells.is_blank(raw_value):
                continue
            value, text = None, ""
            try:
                value = cells.decimal(raw_value, places=4, max_digits=16)
            except cells.CellError:
                text = cells.text(raw_value)[:500]
            if value is not None:
                for message in measure_value_errors(measure_type=measure, unit=unit, value=value):
                    row.error(self.heading(year), message)
            planned_targets[year] = (value, text)
            existing = targets.get(year)
            before = (existing.value, existing.text) if existing else (None, "")
            if target is not None and (existing is None or before != (value, text)):
                row.changes.append(
                    (
                        self.heading(year),
                        _show(before[0]) if before[0] is not None else before[1],
                        _show(value) if value is not None else text,
                    )
                )
        row.extra["targets"] = planned_targets
        if target is not None and not ctx.access.can_edit_for_body(target.responsible_body_id):
            row.error(
                self.heading("name"),
                _("you may only change indicators your bodies are responsible for."),
            )
        return self.finish(row)


class _FollowUpPlanner(_Planner):
    sheet = layout.FOLLOWUP

    def __init__(self, ctx: _Context, indicators: _IndicatorPlanner):
        super().__init__(ctx)
        self.indicators = indicators
        self.periods = {p.label.strip().casefold(): p for p in ctx.periods}
        self.seen: dict[tuple, int] = {}

    def plan_row(self, rows, number: int, raw: dict) -> Row:
        row = Row(sheet=self.sheet.key, row=number)
        present = rows.headings
        name = " ".join(cells.text(raw.get("indicator")).split())
        label = " ".join(cells.text(raw.get("period")).split())
        row.label = f"{name} – {label}".strip(" –")
        indicator_row = self.indicators.in_file.get(name.casefold())
        indicator = (
            indicator_row.target if indicator_row else self.indicators.by_name.get(name.casefold())
        )
        if not name:
            row.error(self.heading("indicator"), _("give the indicator's name."))
        elif indicator is None and indicator_row is None:
            row.error(
                self.heading("indicator"),
                _("there is no indicator called “%(name)s” in the document or the file.")
                % {"name": name},
            )
        elif indicator is None:
            row.error(
                self.heading("indicator"),
                _("the indicator is new in this file: import it first, then its values."),
            )
        period = self.periods.get(label.casefold()) if label else None
        if period is None:
            row.error(
                self.heading("period"),
                _("the document has no follow-up period called “%(label)s”.") % {"label": label},
            )
        value = self.read(row, raw, "value", cells.decimal, places=4, max_digits=16)
        measured_on = self.read(row, raw, "measured_on", cells.date)
        if measured_on is None and not any(self.heading("measured_on") in e for e in row.errors):
            row.error(self.heading("measured_on"), _("the cell is empty."))
        data = {"value": value, "measured_on": measured_on}
        for key in ("text", "comment", "source"):
            if key in present:
                data[key] = cells.text(raw.get(key))
        if "source" in data and len(data["source"]) > 300:
            row.error(
                self.heading("source"), _("the text is longer than %(n)s characters.") % {"n": 300}
            )
        if row.errors:
            return self.finish(row)
        key = (period.pk, indicator.pk)
        if key in self.seen:
            row.error(
                self.heading("period"),
                _("row %(other)s already has a value of this indicator in this period.")
                % {"other": self.seen[key]},
            )
            return self.finish(row)
        self.seen[key] = number
        if indicator.kind == IndicatorKind.QUALITATIVE and value is not None:
            row.error(self.heading("value"), _("a qualitative indicator is assessed in text."))
        for message in measure_value_errors(
            measure_type=indicator.measure_type, unit=indicator.unit, value=value
        ):
            row.error(self.heading("value"), message)
        target = self.ctx.values.get(key)
        row.target, row.version = target, (target.lock_version if target else None)
        row.data = data
        row.extra.update(period=period, indicator=indicator)
        if target is not None:
            for field_key in data:
                self.compare(row, field_key, getattr(target, field_key), data[field_key])
        if (target is None or row.changes) and period.is_closed:
            row.error(
                self.heading("period"),
                _("the period “%(label)s” is closed; its values can no longer change.")
                % {"label": period.label},
            )
        return self.finish(row)


# Applying ----------------------------------------------------------------------------------


def _failed(row: Row, exc: Exception) -> ImportFailed:
    if isinstance(exc, ValidationError):
        messages = []
        for key, errors in getattr(exc, "message_dict", {"": exc.messages}).items():
            messages.extend(f"{key}: {e}" if key and key != "__all__" else str(e) for e in errors)
        text = "; ".join(messages) or _("the row was refused.")
    elif isinstance(exc, ConflictError):
        text = _("the row was changed by someone else since the preview; check the file again.")
    elif isinstance(exc, PermissionDenied):
        text = str(exc) or _("you may not change this row.")
    else:
        text = _("the row cannot be written here.")
    sheet = layout.SHEETS_BY_KEY[row.sheet].title
    return ImportFailed(
        _("Sheet %(sheet)s, row %(row)s: %(message)s")
        % {"sheet": sheet, "row": row.row, "message": text}
    )


def apply_plan(
    *,
    access: Access,
    document: SteeringDocument,
    plan: ImportPlan,
    progress: Progress | None = None,
) -> dict[str, int]:
    """Write `plan` (which has no errors) through the services; call inside a transaction.
    Returns the counts of new, changed and unchanged rows."""
    if plan.has_errors:
        raise ImportFailed(_("The file has errors; nothing was imported."))
    todo = [r for r in plan.rows if r.state in (NEW, CHANGED)]
    created: dict[tuple[str, str], Any] = {}
    for pending in _pending_of(plan):
        key = (pending.kind, pending.name.casefold())
        if pending.kind == "body":
            created[key] = organisation_services.body_create(
                access=access, data={"name": pending.name, "kind": BodyKind.COMMITTEE}
            )
        else:
            order = 1 + (FocusArea.objects.for_access(access).filter(document=document).count())
            created[key] = strategy_services.focus_area_create(
                access=access,
                document=document,
                data={"number": pending.name, "title": pending.name, "order": order},
            )

    def real(obj):
        if isinstance(obj, Pending):
            return created[(obj.kind, obj.name.casefold())]
        return obj

    activities: dict[int, Activity] = {}
    total = max(len(todo), 1)
    for done, row in enumerate(todo, start=1):
        try:
            _apply_row(access, document, row, real, activities)
        except (ValidationError, PermissionDenied, ConflictError, Http404) as exc:
            raise _failed(row, exc) from exc
        if progress is not None:
            progress(done, total)
    return plan.counts()


def _pending_of(plan: ImportPlan) -> list[Pending]:
    seen: dict[tuple, Pending] = {}
    for row in plan.rows:
        if row.state not in (NEW, CHANGED):
            continue
        values = list(row.data.values()) + [o for objs in row.m2m.values() for o in objs]
        for value in values:
            if isinstance(value, Pending):
                seen.setdefault((value.kind, value.name.casefold()), value)
    return list(seen.values())


def _apply_row(access, document, row: Row, real, activities: dict) -> None:
    data = {k: real(v) for k, v in row.data.items()}
    m2m = {k: [real(o) for o in objs] for k, objs in row.m2m.items()}
    if row.sheet == "activities":
        status = row.extra.get("status")
        if row.target is None:
            activity = actionplan_services.activity_create(
                access=access,
                document=document,
                data={**data, **({"status": status} if status else {})},
                m2m=m2m,
            )
        else:
            with expect_version(row.target, row.version):
                activity = actionplan_services.activity_update(
                    access=access, activity=row.target, data=data, m2m=m2m
                )
            if status and status != activity.status:
                activity = actionplan_services.activity_transition(
                    access=access, activity=activity, status=status
                )
        activities[row.row] = activity
    elif row.sheet == "budget":
        activity_row = row.extra.get("activity_row")
        activity = activities.get(activity_row.row) if activity_row else None
        activity = activity or row.extra.get("activity")
        if activity is None and activity_row is not None:
            activity = activity_row.target
        if row.target is None:
            actionplan_services.budget_line_create(access=access, activity=activity, data=data)
        else:
            with expect_version(row.target, row.version):
                actionplan_services.budget_line_update(
                    access=access, line=row.target, data={"amount": data["amount"]}
                )
    elif row.sheet == "indicators":
        if row.target is None:
            indicator = strategy_services.indicator_create(
                access=access, document=document, data=data, m2m=m2m
            )
        else:
            with expect_version(row.target, row.version):
                indicator = strategy_services.item_update(
                    access=access, instance=row.target, data=data, m2m=m2m
                )
        existing: dict[int, IndicatorTarget] = (
            {t.year: t for t in row.target.targets.all()} if row.target else {}
        )
        for year, (value, text) in row.extra.get("targets", {}).items():
            current = existing.get(year)
            if current is not None and (current.value, current.text) == (value, text):
                continue
            strategy_services.indicator_target_set(
                access=access, indicator=indicator, year=year, value=value, text=text
            )
    elif row.sheet == "followup":
        with expect_version(row.target, row.version) if row.target else nullcontext():
            followup_services.indicator_value_save(
                access=access,
                period=row.extra["period"],
                indicator=row.extra["indicator"],
                data=data,
            )
