"""Reading cells: Swedish and English numbers (decimal comma, spaces and non-breaking spaces,
points as thousands separators, a trailing kr, the minus sign), years, dates, choices in
either language, and lists of names and numbers. Pure functions: no database."""

import datetime
from decimal import Decimal

import pytest

from malbild.actionplan.constants import ActivityStatus, BudgetKind
from malbild.dataio import cells


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("1 250 000,50", Decimal("1250000.50")),
        ("1\u00a0250\u00a0000,50", Decimal("1250000.50")),
        ("1\u202f250,5", Decimal("1250.5")),
        ("1.250.000,50", Decimal("1250000.50")),
        ("1,250,000.50", Decimal("1250000.50")),
        ("1 250 000.50", Decimal("1250000.50")),
        ("1.250.000", Decimal("1250000")),
        ("12,5", Decimal("12.5")),
        ("12.5", Decimal("12.5")),
        ("−300", Decimal("-300")),
        ("300 kr", Decimal("300")),
        (1250000.5, Decimal("1250000.5")),
        (0.1 + 0.2, Decimal("0.30")),
        (42, Decimal("42")),
        ("", None),
        (None, None),
    ],
)
def test_numbers(raw, expected):
    assert cells.decimal(raw, places=2, max_digits=14) == expected


@pytest.mark.parametrize("raw", ["12,5,5", "1.25.0", "abc", "1,2.3,4", "--5", True, "1e5"])
def test_not_numbers(raw):
    with pytest.raises(cells.CellError):
        cells.decimal(raw, places=2, max_digits=14)


def test_too_many_decimals_and_too_large():
    with pytest.raises(cells.CellError, match="decimaler"):
        cells.decimal("1,234", places=2, max_digits=14)
    with pytest.raises(cells.CellError, match="för stort"):
        cells.decimal("1" * 20, places=2, max_digits=14)
    for huge in (1e300, "9" * 40, 10**40):
        with pytest.raises(cells.CellError):
            cells.decimal(huge, places=4, max_digits=16)


def test_years_dates_choices_lists():
    assert cells.year(2025.0) == 2025 and cells.year("2025") == 2025 and cells.year("") is None
    with pytest.raises(cells.CellError):
        cells.year("1850")
    assert cells.date("2024-12-31") == datetime.date(2024, 12, 31)
    naive = datetime.datetime(2024, 12, 31, 0, 0)  # noqa: DTZ001 - what openpyxl gives
    assert cells.date(naive) == datetime.date(2024, 12, 31)
    with pytest.raises(cells.CellError, match="ÅÅÅÅ-MM-DD"):
        cells.date("31/12/2024")
    assert cells.choice("pågår", ActivityStatus) == "ongoing"
    assert cells.choice("Ongoing", ActivityStatus) == "ongoing"
    assert cells.choice("INVESTERING", BudgetKind) == "investment"
    assert cells.names("Kultur- och fritidsnämnden; KS\nKS") == ["Kultur- och fritidsnämnden", "KS"]
    assert cells.numbers("1, 3; 5.3") == ["1", "3", "5.3"]
    assert cells.text("'=SUMMA(A1)") == "=SUMMA(A1)"
