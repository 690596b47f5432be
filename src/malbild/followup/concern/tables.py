"""The municipality-wide figures as tables of typed cells: the web page and the XLSX download
both render these, so they show the same rows, columns and numbers (the API serialises the
selector's rows directly, with the same values).

A table is {"key", "title", "sheet" (a worksheet name of at most 31 characters), "columns"
[Cell], "rows" [[Cell]], "total" [Cell]}; a `Cell` knows its kind: text, a count, an amount
(SEK) or a year, so the page formats it and the workbook writes numbers as numbers.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from malbild.actionplan.constants import ActivityStatus
from malbild.reports.xlsx import AMOUNT, COUNT, YEAR
from malbild.web.formatting import amount

TEXT = "text"  # the cell kinds: TEXT here, the numeric ones shared with the XLSX writer


@dataclass(frozen=True)
class Cell:
    value: object
    kind: str = TEXT

    @property
    def numeric(self) -> bool:
        return self.kind != TEXT

    @property
    def text(self) -> str:
        """The cell as the page shows it (amounts in the active language's format)."""
        if self.kind == AMOUNT:
            return amount(self.value)
        return "" if self.value is None else str(self.value)


def _text(value) -> Cell:
    return Cell(value or "")


def _count(value: int) -> Cell:
    return Cell(int(value), COUNT)


def _amount(value: Decimal) -> Cell:
    return Cell(value, AMOUNT)


def _year_headers(years: list[int]) -> list[Cell]:
    """Budget and outcome side by side per year, named so they cannot be mixed up."""
    cells = []
    for y in years:
        cells += [
            Cell(_("Budget %(year)s") % {"year": y}),
            Cell(_("Outcome %(year)s") % {"year": y}),
        ]
    return cells


def _year_cells(row: dict) -> list[Cell]:
    cells = []
    for y in row["years"]:
        cells += [_amount(y["budget"]), _amount(y["outcome"])]
    return cells


def _totals(row: dict) -> list[Cell]:
    return [_amount(row["budget"]), _amount(row["outcome"])]


def activity_label(activity) -> str:
    return f"{activity.number} {activity.title}".strip()


def level_label(depth: int, *, has_root: bool) -> str:
    """The level of a document in the view: the chosen document (or a top-level document of
    the whole municipal group) or a plan so many levels below it."""
    if depth == 0:
        return _("Chosen document") if has_root else _("Top level")
    return _("Level %(n)s below") % {"n": depth}


def own_label(has_root: bool) -> str:
    return _("In the chosen document") if has_root else _("In top-level documents")


def focus_area_table(data: dict) -> dict:
    years = data["years"]
    rows = []
    for r in data["focus_areas"]:
        label = r["label"] if r["item"] is not None else _("Not linked to a focus area")
        rows.append(
            [
                _text(label),
                _text(r["detail"]),
                _count(r["activities"]),
                _text("; ".join(activity_label(a) for a in r["also_serves"])),
                *_year_cells(r),
                *_totals(r),
            ]
        )
    total = data["total"]
    return {
        "key": "focus-areas",
        "title": _("Per focus area"),
        "sheet": _("Focus areas"),
        "columns": [
            Cell(_("Focus area")),
            Cell(_("Focus area of document")),
            Cell(_("Activities (budget counted here)")),
            Cell(_("Also serves (counted elsewhere, no amount)")),
            *_year_headers(years),
            Cell(_("Budget, all years")),
            Cell(_("Outcome, all years")),
        ],
        "rows": rows,
        "total": [
            Cell(_("Total")),
            Cell(""),
            _count(total["activities"]),
            Cell(""),
            *_year_cells(total),
            *_totals(total),
        ],
    }


def body_table(data: dict) -> dict:
    total = data["total"]
    return {
        "key": "bodies",
        "title": _("Per responsible body"),
        "sheet": _("Responsible bodies"),
        "columns": [
            Cell(_("Responsible body")),
            Cell(_("Activities")),
            *_year_headers(data["years"]),
            Cell(_("Budget, all years")),
            Cell(_("Outcome, all years")),
        ],
        "rows": [
            [_text(r["label"]), _count(r["activities"]), *_year_cells(r), *_totals(r)]
            for r in data["bodies"]
        ],
        "total": [
            Cell(_("Total")),
            _count(total["activities"]),
            *_year_cells(total),
            *_totals(total),
        ],
    }


def year_table(data: dict) -> dict:
    total = data["total"]

    def kinds(row: dict) -> list[Cell]:
        k = row["by_kind"]
        return [
            _amount(k["operating"]["budget"]),
            _amount(k["investment"]["budget"]),
            _amount(row["budget"]),
            _amount(k["operating"]["outcome"]),
            _amount(k["investment"]["outcome"]),
            _amount(row["outcome"]),
        ]

    return {
        "key": "years",
        "title": _("Budget and outcome per year"),
        "sheet": _("Per year"),
        "columns": [
            Cell(_("Year")),
            Cell(_("Budget, operating")),
            Cell(_("Budget, investment")),
            Cell(_("Budget, total")),
            Cell(_("Outcome, operating")),
            Cell(_("Outcome, investment")),
            Cell(_("Outcome, total")),
        ],
        "rows": [[Cell(r["item"], YEAR), *kinds(r)] for r in data["per_year"]],
        "total": [Cell(_("Total")), *kinds(total)],
    }


def status_table(data: dict) -> dict:
    has_root = data["root"] is not None
    total = data["total"]
    return {
        "key": "statuses",
        "title": _("Activities per status and level"),
        "sheet": _("Activities per status"),
        "columns": [
            Cell(_("Status")),
            Cell(own_label(has_root)),
            Cell(_("In the plans below")),
            Cell(_("Activities, total")),
        ],
        "rows": [
            [_text(r["label"]), _count(r["own"]), _count(r["descendants"]), _count(r["activities"])]
            for r in data["statuses"]
        ],
        "total": [
            Cell(_("Total")),
            _count(total["own"]),
            _count(total["descendants"]),
            _count(total["activities"]),
        ],
    }


def document_table(data: dict) -> dict:
    has_root = data["root"] is not None
    total = data["total"]
    return {
        "key": "documents",
        "title": _("Per document and level"),
        "sheet": _("Documents and levels"),
        "columns": [
            Cell(_("Document")),
            Cell(_("Level")),
            Cell(_("Activities")),
            Cell(_("Budget, all years")),
            Cell(_("Outcome, all years")),
        ],
        "rows": [
            [
                _text(r["label"]),
                _text(level_label(r["depth"], has_root=has_root)),
                _count(r["activities"]),
                *_totals(r),
            ]
            for r in data["documents"]
        ],
        "total": [Cell(_("Total")), Cell(""), _count(total["activities"]), *_totals(total)],
    }


def concern_tables(data: dict) -> list[dict]:
    """Every table of the view, in the order of the page and the workbook."""
    return [
        focus_area_table(data),
        body_table(data),
        year_table(data),
        status_table(data),
        document_table(data),
    ]


def selection(data: dict) -> list[tuple[str, str]]:
    """What the figures cover, as (label, value) pairs: the scope and each filter."""
    f = data["filters"]
    root = f.document
    return [
        (_("Scope"), root.title if root else _("The whole municipal group")),
        (_("Responsible body"), f.body.name if f.body else _("All bodies")),
        (_("Year"), str(f.year) if f.year is not None else _("All years")),
        (
            _("Focus area"),
            f"{f.focus_area} ({f.focus_area.document.title})"
            if f.focus_area
            else _("All focus areas"),
        ),
        (
            _("Activity status"),
            _status_label(f.status) if f.status else _("All statuses"),
        ),
        (_("Activities"), str(data["activity_count"])),
    ]


def _status_label(value: str) -> str:
    return str(ActivityStatus(value).label) if value in ActivityStatus.values else value
