"""Export → import is a round trip: the document's own workbook (and each sheet as CSV)
imports as unchanged rows only, and confirming it writes nothing."""

import pytest

from malbild.core.models import AuditEntry
from malbild.dataio import reader, services
from malbild.dataio.importer import plan_import


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_export_then_import_changes_nothing(plan, strategist, access_of, fmt):
    access = access_of(strategist)
    sheets = ["activities"] if fmt == "xlsx" else ["activities", "budget", "indicators", "followup"]
    for sheet in sheets:
        content, filename, _ = services.sheet_export(
            access=access, document=plan, fmt=fmt, sheet=sheet
        )
        parsed = reader.read_file(content, filename)
        assert parsed.errors == []
        result = plan_import(access=access, document=plan, parsed=parsed)
        states = {(r.sheet, r.label): (r.state, r.changes, r.errors) for r in result.rows}
        assert all(s == ("unchanged", [], []) for s in states.values()), states
        expected = {"xlsx": 3 + 3 + 2 + 1}.get(fmt) if fmt == "xlsx" else None
        if expected:
            assert len(result.rows) == expected


def test_confirming_an_unchanged_file_writes_no_row(plan, strategist, access_of):
    access = access_of(strategist)
    content, filename, _ = services.sheet_export(access=access, document=plan, fmt="xlsx")
    imp = services.sheet_import_create(
        access=access, document=plan, filename=filename, content=content
    )
    before = AuditEntry.objects.count()
    imp = services.sheet_import_confirm(
        access=access,
        sheet_import=imp,
        fingerprint=imp.preview["fingerprint"],
        create_bodies=False,
        create_focus_areas=False,
    )
    assert imp.state == "done", imp.error
    assert imp.result == {"new": 0, "changed": 0, "unchanged": 9, "error": 0}
    # Only the import's own entry on the document.
    assert list(
        AuditEntry.objects.order_by("-id").values_list("event", flat=True)[
            : AuditEntry.objects.count() - before
        ]
    ) == ["dataio.sheet_imported"]


def test_text_with_control_characters_and_formulas_exports_safely(plan, strategist, access_of):
    """A description with a control character (pasted from another program) or text that
    looks like a formula still exports, as text, and imports back as unchanged."""
    from malbild.actionplan.models import Activity

    Activity.objects.filter(number="1.1").update(description="Rad ett\x0b=SUMMA(A1)")
    Activity.objects.filter(number="1.2").update(description='=HYPERLINK("x")')
    access = access_of(strategist)
    content, filename, _ = services.sheet_export(access=access, document=plan, fmt="xlsx")
    import io

    from openpyxl import load_workbook

    ws = load_workbook(io.BytesIO(content))["Aktiviteter"]
    assert all(c.data_type != "f" for row in ws.iter_rows() for c in row)
    csv_content, csv_name, _ = services.sheet_export(access=access, document=plan, fmt="csv")
    assert "'=HYPERLINK" in csv_content.decode("utf-8-sig")
    result = plan_import(
        access=access, document=plan, parsed=reader.read_file(csv_content, csv_name)
    )
    assert {r.label: r.state for r in result.rows}["1.2 Bredband"] == "unchanged"
