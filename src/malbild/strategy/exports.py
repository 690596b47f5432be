"""A steering document — its working copy or a frozen version — as a plan on paper: the
report structure of `malbild.reports` (cover facts, the narrative sections as Markdown, the
tree with indicators and activities, what it inherits from the documents above it, and the
budget tables), rendered to PDF or Word.

Everything is read from the document's snapshot (a frozen version's `snapshot`, the working
copy's `document_snapshot`), so a version always gives the same file, and shown through
`snapshot.render`: references by their names, choices by their translated labels — never a
uid, an id or a stored code. Activities come in through the snapshot registry (actionplan
registers them), so this module imports no higher app.

Money is counted once (docs/adr/0011): per focus area by the activity's primary focus area
(the first it serves in snapshots frozen before that existed), activities without one in a
row of their own, so focus areas, kinds, years and activities all add up to the same total.
"""

import re
from collections import defaultdict
from collections.abc import Callable
from decimal import Decimal, InvalidOperation

from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from malbild.reports import render as report_render
from malbild.reports.cells import Amount, Number, Status
from malbild.reports.jobs import access_of, digest

from .snapshot import document_snapshot
from .snapshot import render as snap
from .snapshot.compare import is_ref

PDF_TYPE = "application/pdf"
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
#: The file formats of a plan: content type and renderer.
FORMATS = {
    "pdf": (PDF_TYPE, report_render.render_pdf),
    "docx": (DOCX_TYPE, report_render.render_docx),
}


# Reading the snapshot ---------------------------------------------------------------------------


def _decimal(value) -> Decimal | None:
    if value is None or value == "" or isinstance(value, bool):
        return None
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None


def _text(type_: str, fields: dict, key: str) -> str:
    return snap.field_value(type_, key, fields.get(key))


def _refs(value) -> list[dict]:
    if is_ref(value):
        return [value]
    return [v for v in value if is_ref(v)] if isinstance(value, list) else []


def _ref_uid(ref: dict) -> str:
    """A key for a reference: its uid, else (a format-1 body) its label."""
    return ref.get("uid") or f"label:{ref.get('label') or ''}"


def _paragraphs(text: str) -> list[dict]:
    """Plain text (descriptions) as paragraph blocks, one per blank-line-separated part."""
    parts = [p.strip() for p in (text or "").replace("\r\n", "\n").split("\n\n")]
    return [{"type": "paragraph", "text": p} for p in parts if p]


def _years(fields: dict) -> str:
    start, end = fields.get("period_start"), fields.get("period_end")
    if start and end:
        return f"{start}–{end}" if start != end else str(start)
    return str(start or end or "")


def primary_area(activity: dict) -> dict | None:
    """The focus area an activity's money counts in: its primary one, else (snapshots frozen
    before it existed) the first it serves; None when it serves none."""
    fields = activity["fields"]
    primary = fields.get("primary_focus_area")
    if is_ref(primary):
        return primary
    areas = _refs(fields.get("focus_areas"))
    return areas[0] if areas else None


class _Areas:
    """Focus areas in the plan's order (its own, then inherited ones, then any other an item
    refers to), each with its label."""

    def __init__(self, snapshot: dict):
        self.order: dict[str, int] = {}
        self.labels: dict[str, str] = {}
        self.own: set[str] = set()
        for it in snapshot["items"]:
            if it["type"] == "focus_area":
                self.add(it["uid"], it["label"])
                self.own.add(it["uid"])
        for it in snapshot.get("inherited") or []:
            if it["type"] == "focus_area":
                self.add(it["uid"], it["label"])

    def add(self, key: str, label: str | None) -> str:
        if key not in self.order:
            self.order[key] = len(self.order)
            self.labels[key] = label or snap.ref_label({})
        return key

    def key_of(self, ref: dict | None) -> str | None:
        if ref is None:
            return None
        return self.add(_ref_uid(ref), ref.get("label"))

    def sorted(self, keys) -> list[str]:
        return sorted(keys, key=lambda k: self.order[k])


# Sections other apps add ------------------------------------------------------------------------

#: name → function(snapshot) → sections (`{"id", "heading", "level", "blocks"}`) placed after the
#: budget, read from the snapshot's items of the app's own kinds (benefits adds its calculations),
#: so this module imports no higher app. Their table blocks are listed among the report's tables.
_EXTRA_SECTIONS: dict[str, Callable[[dict], list[dict]]] = {}


def register_export_sections(name: str, build: Callable[[dict], list[dict]]) -> None:
    """Add (or replace, on a repeated ready()) the sections `name` adds to the plan export."""
    _EXTRA_SECTIONS[name] = build


# Building blocks ---------------------------------------------------------------------------------


def _table(key: str, title: str, kind: str, columns: list[str], rows: list[list]) -> dict:
    return {"key": key, "title": title, "kind": kind, "columns": columns, "rows": rows}


def _cover(snapshot: dict, *, document, version) -> dict:
    fields = snapshot["document"]["fields"]
    facts: list[tuple[str, str]] = [
        (_("Kind"), _text("document", fields, "kind")),
        (_("Period"), _years(fields)),
        (_("Status"), _text("document", fields, "status")),
        (_("Registry number (Dnr)"), _text("document", fields, "registry_number")),
        (_("Belongs to"), _text("document", fields, "parent")),
        (_("Owning body"), _text("document", fields, "owning_body")),
        (_("Process owner"), _text("document", fields, "process_owner")),
    ]
    if version is None:
        facts += [
            (_("Version"), _("Working copy")),
            (_("Date"), timezone.localdate().isoformat()),
        ]
        notice = _(
            "The working copy: not a frozen version. Its content may change after this date."
        )
    else:
        number = _("Version %(n)s") % {"n": version.number}
        facts += [
            (_("Version"), f"{number} – {version.label}" if version.label else number),
            (_("Frozen"), timezone.localdate(version.created_at).isoformat()),
        ]
        notice = None
    return {
        "organisation": document.organisation.name,
        "facts": [(label, value) for label, value in facts if value],
        "notice": notice,
    }


def _target_cell(value, unit: str):
    number = _decimal(value)
    if number is not None:
        return Number(number, unit=unit)
    return "" if value in (None, "") else str(value)


def _indicator_table(key: str, title: str, indicators: list[dict]) -> dict:
    years = sorted({int(y) for ind in indicators for y in ind["fields"].get("targets") or {}})
    columns = [_("Indicator"), _("Unit"), _("Baseline"), _("Baseline year")]
    columns += [_("Target value %(year)s") % {"year": y} for y in years]
    columns += [_("Responsible body")]
    rows = []
    for ind in indicators:
        f = ind["fields"]
        unit = f.get("unit") or ""
        targets = {int(y): v for y, v in (f.get("targets") or {}).items()}
        baseline = _decimal(f.get("baseline_value"))
        rows.append(
            [
                ind["label"],
                unit,
                Number(baseline, unit=unit) if baseline is not None else "",
                str(f["baseline_year"]) if f.get("baseline_year") else "",
                *(_target_cell(targets.get(y), unit) for y in years),
                _text("indicator", f, "responsible_body"),
            ]
        )
    return _table(key, title, "indicators", columns, rows)


def _definitions(indicators: list[dict]) -> list[dict]:
    return [
        {"type": "paragraph", "text": f"{ind['label']}: {ind['fields']['definition']}"}
        for ind in indicators
        if (ind["fields"].get("definition") or "").strip()
    ]


def _budget_total(activity: dict) -> Decimal:
    return sum(
        (_decimal(line["amount"]) or Decimal(0) for line in activity["fields"].get("budget") or []),
        Decimal(0),
    )


def _activity_table(key: str, title: str, activities: list[dict]) -> dict:
    columns = [
        _("Activity"),
        _("Responsible body"),
        _("Co-responsible bodies"),
        _("Start year"),
        _("End year"),
        _("Status"),
        _("Also serves"),
        _("Budget"),
    ]
    rows = []
    for act in activities:
        f = act["fields"]
        primary = primary_area(act)
        others = [
            r
            for r in _refs(f.get("focus_areas"))
            if primary is None or _ref_uid(r) != _ref_uid(primary)
        ]
        status = f.get("status") or ""
        rows.append(
            [
                act["label"],
                _text("activity", f, "responsible_body"),
                _text("activity", f, "co_responsible_bodies"),
                str(f["start_year"]) if f.get("start_year") else "",
                str(f["end_year"]) if f.get("end_year") else "",
                Status(status, snap.choice_label("activity", "status", status)) if status else "",
                "; ".join(snap.ref_label(r) for r in others),
                Amount(_budget_total(act)),
            ]
        )
    return _table(key, title, "activities", columns, rows)


def _descriptions(activities: list[dict]) -> list[dict]:
    return [
        {"type": "paragraph", "text": f"{act['label']}: {act['fields']['description'].strip()}"}
        for act in activities
        if (act["fields"].get("description") or "").strip()
    ]


def _sum_table(key: str, title: str, first: str, rows_by: dict, years: list[int]) -> dict:
    """A budget table: one row per key of `rows_by` ({label: {year: amount}}), a column per
    year, the row's total, and a last row of column totals (which add up to the grand
    total)."""
    columns = [first, *(str(y) for y in years), _("Total")]
    rows = []
    col_totals = dict.fromkeys(years, Decimal(0))
    for label, per_year in rows_by.items():
        rows.append(
            [
                label,
                *(Amount(per_year.get(y, Decimal(0))) for y in years),
                Amount(sum(per_year.values(), Decimal(0))),
            ]
        )
        for y, amount in per_year.items():
            col_totals[y] += amount
    rows.append(
        [
            _("Total"),
            *(Amount(col_totals[y]) for y in years),
            Amount(sum(col_totals.values(), Decimal(0))),
        ]
    )
    return _table(key, title, "budget", columns, rows)


def _budget_tables(activities: list[dict], areas: _Areas) -> list[dict]:
    lines = [
        (act, line, _decimal(line["amount"]) or Decimal(0))
        for act in activities
        for line in act["fields"].get("budget") or []
    ]
    if not lines:
        return []
    years = sorted({line["year"] for _act, line, _amount in lines})

    per_activity: dict[str, dict[int, Decimal]] = {}
    per_kind: dict[str, dict[int, Decimal]] = {}
    per_area: dict[str | None, dict[int, Decimal]] = defaultdict(dict)
    for act, line, amount in lines:
        kind = snap.choice_label("activity", "budget.kind", line["kind"])
        row_label = f"{act['label']} – {kind}"
        for bucket, key in ((per_activity, row_label), (per_kind, kind)):
            row = bucket.setdefault(key, {})
            row[line["year"]] = row.get(line["year"], Decimal(0)) + amount
        area = areas.key_of(primary_area(act))
        per_area[area][line["year"]] = per_area[area].get(line["year"], Decimal(0)) + amount
    by_area = {areas.labels[k]: per_area[k] for k in areas.sorted(k for k in per_area if k)}
    if None in per_area:
        by_area[_("No focus area")] = per_area[None]
    return [
        _sum_table(
            "budget-activities",
            _("Budget per activity, kind and year"),
            _("Activity and kind"),
            per_activity,
            years,
        ),
        _sum_table("budget-kinds", _("Budget per kind and year"), _("Kind"), per_kind, years),
        _sum_table(
            "budget-focus-areas",
            _("Budget per focus area and year"),
            _("Focus area"),
            by_area,
            years,
        ),
    ]


# The report -------------------------------------------------------------------------------------


class _Builder:
    def __init__(self, snapshot: dict):
        self.snapshot = snapshot
        self.items = snapshot["items"]
        self.areas = _Areas(snapshot)
        self.sections: list[dict] = []
        self.tables: list[dict] = []

    def section(self, id_: str, heading: str, level: int, blocks: list[dict]) -> None:
        self.sections.append({"id": id_, "heading": heading, "level": level, "blocks": blocks})

    def table(self, table: dict) -> dict:
        self.tables.append(table)
        return {"type": "table", "table": table}

    def of_type(self, type_: str) -> list[dict]:
        return [it for it in self.items if it["type"] == type_]

    def grouped(self, items: list[dict], area_of) -> list[tuple[str | None, list[dict]]]:
        """Items by focus area in the plan's order; those without one last (key None)."""
        groups: dict[str | None, list[dict]] = defaultdict(list)
        for it in items:
            groups[self.areas.key_of(area_of(it))].append(it)
        keys = self.areas.sorted(k for k in groups if k is not None)
        return [(k, groups[k]) for k in keys] + ([(None, groups[None])] if None in groups else [])

    def build(self) -> None:
        fields = self.snapshot["document"]["fields"]
        if (fields.get("summary") or "").strip():
            self.section(
                "summary",
                _("Summary of the plan"),
                1,
                [{"type": "markdown", "text": fields["summary"]}],
            )
        for i, s in enumerate(self.of_type("section"), start=1):
            body = (s["fields"].get("body") or "").strip()
            blocks = [{"type": "markdown", "text": body}] if body else []
            self.section(f"section-{i}", s["label"], 1, blocks)
            # The plan's text chapters follow each other on the page; the first one (after
            # the contents, or the summary) and the tree's chapters start a new page.
            self.sections[-1]["flow"] = len(self.sections) > 1
        self.inherited()
        self.overall_goals()
        self.focus_areas()
        self.indicators()
        self.activities()
        self.budget()
        for build in _EXTRA_SECTIONS.values():
            for section in build(self.snapshot):
                self.sections.append(section)
                self.tables += [b["table"] for b in section["blocks"] if b.get("type") == "table"]

    def inherited(self) -> None:
        groups = snap.inherited(self.snapshot)
        if not groups:
            return
        self.section(
            "inherited",
            _("Inherited from the documents above"),
            1,
            [
                {
                    "type": "paragraph",
                    "text": _(
                        "The overall goals, focus areas and goals this plan implements, as "
                        "they are in the documents above it."
                    ),
                }
            ],
        )
        for i, group in enumerate(groups, start=1):
            overall = [[n["label"]] for n in group["nodes"] if n["type"] == "overall_goal"]
            area_rows = []
            for n in group["nodes"]:
                if n["type"] != "focus_area":
                    continue
                goals = [c["label"] for c in n["children"] if c["type"] == "goal"]
                serves = next((f["value"] for f in n["fields"] if f["key"] == "overall_goals"), "")
                area_rows.append([n["label"], "\n".join(goals), serves])
            blocks = []
            if overall:
                blocks.append(
                    self.table(
                        _table(
                            f"inherited-{i}-overall-goals",
                            _("Overall goals from “%(title)s”") % {"title": group["source"]},
                            "inherited",
                            [_("Overall goal")],
                            overall,
                        )
                    )
                )
            if area_rows:
                blocks.append(
                    self.table(
                        _table(
                            f"inherited-{i}-focus-areas",
                            _("Focus areas and goals from “%(title)s”")
                            % {"title": group["source"]},
                            "inherited",
                            [_("Focus area"), _("Goals"), _("Overall goals")],
                            area_rows,
                        )
                    )
                )
            self.section(
                f"inherited-{i}",
                _("Inherited from “%(title)s”") % {"title": group["source"]},
                2,
                blocks,
            )

    def overall_goals(self) -> None:
        goals = self.of_type("overall_goal")
        if not goals:
            return
        rows = [[g["label"], g["fields"].get("description") or ""] for g in goals]
        table = _table(
            "overall-goals",
            _("Overall goals"),
            "goals",
            [_("Overall goal"), _("Description")],
            rows,
        )
        self.section("overall-goals", _("Overall goals"), 1, [self.table(table)])

    def focus_areas(self) -> None:
        areas = self.of_type("focus_area")
        if not areas:
            return
        self.section("focus-areas", _("Focus areas and goals"), 1, [])
        goals_of: dict[str, list[dict]] = defaultdict(list)
        for g in self.of_type("goal"):
            goals_of[g.get("parent") or ""].append(g)
        for i, fa in enumerate(areas, start=1):
            f = fa["fields"]
            blocks = []
            if (f.get("goal_text") or "").strip():
                blocks.append({"type": "paragraph", "text": f"{_('Goal')}: {f['goal_text']}"})
            blocks += _paragraphs(f.get("description") or "")
            serves = _text("focus_area", f, "overall_goals")
            if serves:
                blocks.append({"type": "paragraph", "text": f"{_('Overall goals')}: {serves}"})
            goals = goals_of.get(fa["uid"], [])
            if goals:
                rows = [[g["label"], g["fields"].get("description") or ""] for g in goals]
                table = _table(
                    f"focus-area-{i}-goals",
                    _("Goals of %(area)s") % {"area": fa["label"]},
                    "goals",
                    [_("Goal"), _("Description")],
                    rows,
                )
                blocks.append(self.table(table))
            self.section(f"focus-area-{i}", fa["label"], 2, blocks)

    def indicators(self) -> None:
        indicators = self.of_type("indicator")
        if not indicators:
            return
        self.section("indicators", _("Indicators"), 1, [])

        def area_of(ind):
            refs = _refs(ind["fields"].get("focus_areas"))
            return refs[0] if refs else None

        for i, (key, group) in enumerate(self.grouped(indicators, area_of), start=1):
            heading = self.areas.labels[key] if key else _("No focus area")
            title = _("Indicators: %(area)s") % {"area": heading}
            blocks = [self.table(_indicator_table(f"indicators-{i}", title, group))]
            self.section(f"indicators-{i}", heading, 2, blocks + _definitions(group))

    def activities(self) -> None:
        activities = self.of_type("activity")
        if not activities:
            return
        self.section("activities", _("Activities"), 1, [])
        for i, (key, group) in enumerate(self.grouped(activities, primary_area), start=1):
            heading = self.areas.labels[key] if key else _("No focus area")
            title = _("Activities: %(area)s") % {"area": heading}
            table = _activity_table(f"activities-{i}", title, group)
            self.section(f"activities-{i}", heading, 2, [self.table(table), *_descriptions(group)])

    def budget(self) -> None:
        activities = self.of_type("activity")
        if not activities:
            return
        tables = _budget_tables(activities, self.areas)
        if not tables:
            blocks = [{"type": "paragraph", "text": _("The plan's activities have no budget.")}]
        else:
            blocks = [
                {
                    "type": "paragraph",
                    "text": _(
                        "Each amount is counted once: per focus area in the activity's "
                        "primary focus area only, so every table adds up to the same total."
                    ),
                },
                *(self.table(t) for t in tables),
            ]
        self.section("budget", _("Budget"), 1, blocks)


def plan_snapshot(*, document, version=None) -> dict:
    """The snapshot a plan file is made from (labels of format-1 references filled in)."""
    raw = version.snapshot if version is not None else document_snapshot(document)
    return snap.resolve_labels(raw, organisation=document.organisation)


def plan_report(*, document, version=None) -> dict:
    """The report structure (malbild.reports) of `document`'s working copy, or of the frozen
    `version` of it."""
    snapshot = plan_snapshot(document=document, version=version)
    builder = _Builder(snapshot)
    builder.build()
    cover = _cover(snapshot, document=document, version=version)
    facts = dict(cover["facts"])
    return {
        "title": snapshot["document"]["fields"].get("title") or snapshot["document"]["label"],
        "subject": ", ".join(v for v in (facts.get(_("Kind")), facts.get(_("Version"))) if v),
        "cover": cover,
        "sections": builder.sections,
        "tables": builder.tables,
    }


def plan_filename(*, report: dict, version=None, fmt: str) -> str:
    """`handlingsplan-2024-2027-version-3.pdf`; the working copy's with its date
    (`…-arbetsversion-2026-12-01.docx`). ASCII only."""
    title = re.sub(r"[\u2010-\u2015/]", " ", report["title"])  # 2024–2027 → 2024-2027
    name = slugify(title)[:80].strip("-") or "plan"
    if version is not None:
        suffix = f"version-{version.number}"
    else:
        suffix = f"{slugify(_('Working copy'))}-{timezone.localdate().isoformat()}"
    return f"{name}-{suffix}.{fmt}"


def plan_file(*, document, version=None, fmt: str) -> tuple[bytes, str, str]:
    """The plan as a file: `(content, filename, content_type)` for `fmt` "pdf" or "docx"
    (ValueError for another)."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}")
    content_type, renderer = FORMATS[fmt]
    report = plan_report(document=document, version=version)
    return renderer(report), plan_filename(report=report, version=version, fmt=fmt), content_type


# --- In the background (malbild.reports.jobs, registered as "plan" in apps.py) -------------

KIND = "plan"


def export_params(*, document, version=None) -> dict:
    return {
        "document": document.pk,
        "version": version.number if version is not None else None,
        "title": document.title,
    }


def _resolve(params: dict):
    from . import selectors

    access = access_of(params)
    document = selectors.document_get(access=access, pk=params["document"])
    version = None
    if params.get("version") is not None:
        version = selectors.version_get(access=access, document=document, number=params["version"])
    return document, version


def export_build(params: dict, fmt: str, progress) -> tuple[bytes, str, str]:
    """Render the plan file for the user who asked (their access is resolved again here)."""
    progress(10, _("Reading the plan"))
    document, version = _resolve(params)
    progress(40, _("Writing the file"))
    return plan_file(document=document, version=version, fmt=fmt)


def version_cache_key(version) -> str:
    """The digest a frozen version's file is cached under: what the file shows of it."""
    return digest(
        KIND,
        version.document.organisation.name,
        version.pk,
        version.number,
        version.label,
        version.created_at.isoformat(),
        version.snapshot,
    )


def export_cache_key(params: dict, fmt: str) -> str | None:
    """A frozen version never changes: its files are cached. The working copy is live."""
    if params.get("version") is None:
        return None
    _document, version = _resolve(params)
    return version_cache_key(version)


def export_label(params: dict) -> str:
    if params.get("version") is None:
        return f"{params['title']} ({_('Working copy')})"
    return f"{params['title']} ({_('Version %(n)s') % {'n': params['version']}})"
