"""Property tests: malformed sheets (random headings, cells of every type, damaged bytes,
random CSV text) never make the importer raise — the preview names the problems — and a file
with any error writes nothing at all, through the service and through the API (4xx, never
500)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from malbild.actionplan.models import Activity, BudgetLine
from malbild.core.models import AuditEntry
from malbild.dataio import layout, reader, services
from malbild.dataio.importer import plan_import
from malbild.strategy.models import Indicator

from .conftest import xlsx

HEADINGS = [c.heading for s in layout.SHEETS for c in s.columns] + ["Målvärde 2025", "Okänd"]
cell = st.one_of(
    st.none(),
    st.text(st.characters(blacklist_categories=("Cc", "Cs")), max_size=30),
    st.integers(min_value=-(10**20), max_value=10**20),
    st.floats(allow_nan=False, allow_infinity=False),
    st.dates(min_value=datetime.date(1900, 1, 1)),
    st.sampled_from(
        [
            "1 250 000,50",
            "1.250,5",
            "12,5,5",
            "−3",
            "2025",
            "Pågår",
            "Hög",
            "Kultur- och fritidsnämnden",
            "1; 2",
            "1.2",
            "=SUM(A1)",
            "kr",
            "",
        ]
    ),
)
sheet = st.tuples(
    st.sampled_from([s.title for s in layout.SHEETS] + ["Blad1"]),
    st.lists(st.sampled_from(HEADINGS), min_size=1, max_size=12, unique=True),
    st.lists(st.lists(cell, max_size=12), max_size=8),
)
FUZZ = settings(
    max_examples=25,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def _snapshot():
    return (
        Activity.objects.count(),
        BudgetLine.objects.count(),
        Indicator.objects.count(),
        AuditEntry.objects.count(),
    )


def _workbook(sheets) -> bytes:
    out = {}
    for title, headings, rows in sheets:
        out.setdefault(title, [headings, *rows])
    return xlsx(out)


@FUZZ
@given(sheets=st.lists(sheet, min_size=1, max_size=3))
def test_random_workbooks_never_raise_and_never_write_partially(
    plan, strategist, access_of, sheets
):
    access = access_of(strategist)
    content = _workbook(sheets)
    before = _snapshot()
    result = plan_import(access=access, document=plan, parsed=reader.read_file(content, "f.xlsx"))
    for row in result.rows:
        assert row.state in {"new", "changed", "unchanged"}
        assert all(e.startswith(f"Rad {row.row}, kolumn ") for e in row.errors)
    imp = services.sheet_import_create(
        access=access, document=plan, filename="f.xlsx", content=content
    )
    assert _snapshot()[:3] == before[:3]  # a preview writes nothing
    if imp.preview["file_errors"] or imp.preview["counts"]["error"]:
        with pytest.raises(ValidationError):
            services.sheet_import_confirm(
                access=access,
                sheet_import=imp,
                fingerprint=imp.preview["fingerprint"],
                create_bodies=False,
                create_focus_areas=False,
            )
        assert _snapshot() == before


@FUZZ
@given(content=st.binary(max_size=400), name=st.sampled_from(["f.xlsx", "f.csv", "f"]))
def test_random_bytes_are_a_file_error(plan, strategist, access_of, content, name):
    parsed = reader.read_file(content, name)
    result = plan_import(access=access_of(strategist), document=plan, parsed=parsed)
    assert result.file_errors and result.rows == []


@FUZZ
@given(
    text=st.text(
        alphabet=st.sampled_from(list('Nummer;Titel,Ansvarigt organ"\n\r 1,5.\u00a0x')),
        max_size=200,
    )
)
def test_random_csv_text_never_raises(plan, strategist, access_of, text):
    parsed = reader.read_file(("Nummer;Titel;Ansvarigt organ\n" + text).encode(), "f.csv")
    plan_import(access=access_of(strategist), document=plan, parsed=parsed)


@settings(max_examples=10, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(sheets=st.lists(sheet, min_size=1, max_size=2))
def test_the_api_answers_random_workbooks_without_500(plan, strategist, sheets):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.test import Client

    from malbild.api.tests.helpers import BASE, token_for

    client = Client()
    headers = token_for(strategist)
    before = _snapshot()[:3]
    url = f"{BASE}/organisations/{plan.organisation.slug}/documents/{plan.pk}/imports"
    response = client.post(
        url, {"file": SimpleUploadedFile("f.xlsx", _workbook(sheets))}, headers=headers
    )
    assert response.status_code == 201, response.content
    data = response.json()
    confirm = f"{BASE}/organisations/{plan.organisation.slug}/imports/{data['uid']}/confirm"
    response = client.post(
        confirm,
        {"fingerprint": data["fingerprint"]},
        content_type="application/json",
        headers=headers,
    )
    assert response.status_code in (200, 422), response.content
    if response.status_code == 422:
        assert _snapshot()[:3] == before
