"""Generated workbooks in the import layout: the demo's committee sheet and the bench's large
file (`malbild import_sheet --generate N`)."""

from . import layout
from .writer import workbook_bytes


def sample_rows(
    *,
    rows: int,
    body: str,
    focus_areas: list[str],
    first_year: int,
    last_year: int,
    prefix: str = "G",
) -> dict[str, tuple[list, list]]:
    """`rows` rows in all: half activities (numbered `<prefix>0001` …), half budget lines of
    them, every activity serving one of `focus_areas` and run by `body`."""
    activities_count = max(1, rows // 2)
    lines_count = rows - activities_count
    years = list(range(first_year, last_year + 1)) or [first_year]
    activities, lines = [], []
    for i in range(activities_count):
        number = f"{prefix}{i + 1:04d}"
        year = years[i % len(years)]
        activities.append(
            [
                number,
                f"Genererad aktivitet {i + 1}",
                "Skapad av ett genererat kalkylark.",
                body,
                "",
                focus_areas[i % len(focus_areas)] if focus_areas else "",
                "",
                year,
                year,
                "Planerad",
                "Medel",
            ]
        )
    for i in range(lines_count):
        activity = activities[i % activities_count]
        lines.append(
            [
                activity[0],
                activity[7],
                "Driftkostnad",
                10_000 + i,
                f"Finansiering {i // activities_count + 1}",
            ]
        )
    return {
        "activities": ([c.heading for c in layout.ACTIVITIES.columns], activities),
        "budget": ([c.heading for c in layout.BUDGET.columns], lines),
        "indicators": ([c.heading for c in layout.INDICATORS.columns], []),
        "followup": ([c.heading for c in layout.FOLLOWUP.columns], []),
    }


def sample_workbook(**kwargs) -> bytes:
    return workbook_bytes(sample_rows(**kwargs))
