"""The cost allocation as a document (ADR 0012): a report structure built from
`selectors.organisation_overview` and rendered to XLSX or PDF by `malbild.reports`, in the
background (`malbild.reports.jobs`, export "cost_allocation"), like every other document."""

from django.utils import timezone
from django.utils.translation import gettext as _

from malbild.reports import render as report_render
from malbild.reports.cells import Amount, Number
from malbild.reports.jobs import access_of

from . import selectors

KIND = "cost_allocation"
FORMATS = {
    "xlsx": report_render.CONTENT_TYPES["xlsx"],
    "pdf": report_render.CONTENT_TYPES["pdf"],
}


def _year_columns(years: list[int]) -> list[str]:
    """Column headings of years as words ("År 2019"): a heading is text, never a number."""
    return [_("Year %(year)s") % {"year": y} for y in years]


def _money_table(
    key: str, title: str, kind: str, first: str, data: dict, kind_label: str = ""
) -> dict:
    """A table of rows × years with the row totals and a total row."""
    rows = [
        [row["label"], *[Amount(v) for v in row["amounts"]], Amount(row["total"])]
        for row in data["rows"]
    ]
    rows.append([_("Total"), *[Amount(v) for v in data["year_totals"]], Amount(data["total"])])
    return {
        "key": key,
        "title": title,
        "kind": kind,
        "kind_label": (kind_label or title)[:31],
        "columns": [first, *_year_columns(data["years"]), _("All years")],
        "rows": rows,
    }


def allocation_report(*, organisation, overview: dict) -> dict:
    """The report structure: the sum per body and year, each rule's table, and the shared
    projects' population splits with the organisation's own share."""
    tables = []
    sections = []
    bodies = _money_table(
        "bodies",
        _("Cost allocation per body and year"),
        "bodies",
        _("Body"),
        overview["bodies"],
        kind_label=_("Per body and year"),
    )
    tables.append(bodies)
    sections.append(
        {
            "id": "bodies",
            "heading": _("Per body and year"),
            "level": 1,
            "blocks": [
                {
                    "type": "paragraph",
                    "text": _(
                        "The sum of every allocation rule of the organisation, rounded to "
                        "whole kronor so that the parts sum to each total."
                    ),
                },
                {"type": "table", "table": bodies},
            ],
        }
    )
    for i, result in enumerate(overview["allocations"], start=1):
        a = result.allocation
        blocks = [
            {
                "type": "paragraph",
                "text": _("Allocation key: %(rule)s.") % {"rule": a.get_rule_display()},
            }
        ]
        if result.problem:
            blocks.append({"type": "paragraph", "text": result.problem})
        else:
            table = _money_table(
                f"allocation-{i}",
                a.title,
                "allocations",
                _("Body"),
                result.data,
                kind_label=_("Allocation rules"),
            )
            tables.append(table)
            blocks.append({"type": "table", "table": table})
        sections.append({"id": f"allocation-{i}", "heading": a.title, "level": 2, "blocks": blocks})
    for i, project in enumerate(overview["projects"], start=1):
        split = project["split"]
        blocks = [
            {
                "type": "paragraph",
                "text": _("Owned by %(owner)s; split by population.")
                % {"owner": split.project.organisation.name},
            }
        ]
        if split.problem:
            blocks.append({"type": "paragraph", "text": split.problem})
        else:
            rows = [
                [
                    row["label"],
                    Number(row["party"].population),
                    row["party"].source_label,
                    *[Amount(v) for v in row["amounts"]],
                    Amount(row["total"]),
                ]
                for row in split.rows
            ]
            rows.append(
                [
                    _("Total"),
                    Number(split.population_total),
                    "",
                    *[Amount(split.table.year_total(y)) for y in split.table.years],
                    Amount(split.table.total),
                ]
            )
            table = {
                "key": f"project-{i}",
                "title": split.project.title,
                "kind": "projects",
                "kind_label": _("Shared projects")[:31],
                "columns": [
                    _("Party"),
                    _("Population"),
                    _("Population from"),
                    *_year_columns(split.table.years),
                    _("All years"),
                ],
                "rows": rows,
            }
            tables.append(table)
            blocks.append({"type": "table", "table": table})
        sections.append(
            {"id": f"project-{i}", "heading": split.project.title, "level": 2, "blocks": blocks}
        )
    return {
        "title": _("Cost allocation"),
        "subject": _("Cost allocation and shared projects"),
        "cover": {
            "organisation": organisation.name,
            "facts": [
                (_("Organisation"), organisation.name),
                (_("Allocated per body, all years"), str(Amount(overview["bodies"]["total"]))),
                (_("Shared projects"), str(len(overview["projects"]))),
                (_("Produced"), timezone.localdate().isoformat()),
            ],
            "notice": None,
        },
        "sections": sections,
        "tables": tables,
    }


def export_params(*, organisation) -> dict:
    return {"title": organisation.name}


def export_build(params: dict, fmt: str, progress) -> tuple[bytes, str, str]:
    """Render the file for the user who asked (their access is resolved again here)."""
    progress(10, _("Reading the cost allocation"))
    access = access_of(params)
    overview = selectors.organisation_overview(access=access)
    report = allocation_report(organisation=access.organisation, overview=overview)
    progress(50, _("Writing the file"))
    content = report_render.render(report, fmt)
    filename = f"kostnadsfordelning-{access.organisation.slug}.{fmt}"
    return content, filename, FORMATS[fmt]


def export_label(params: dict) -> str:
    return _("Cost allocation of %(org)s") % {"org": params.get("title", "")}
