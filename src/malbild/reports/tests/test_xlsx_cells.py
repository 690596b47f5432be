"""Report cells that are formatted numbers become numbers (reports.xlsx)."""

from decimal import Decimal

import pytest

from malbild.reports.xlsx import number_format, parse_formatted


@pytest.mark.parametrize(
    ("text", "parsed"),
    [
        ("1\u00a0750\u00a0000", (Decimal(1750000), "", 0)),
        ("1 750 000 kr", (Decimal(1750000), "kr", 0)),
        ("31 st", (Decimal(31), "st", 0)),
        ("78 %", (Decimal(78), "%", 0)),
        ("2,5", (Decimal("2.5"), "", 1)),
        ("-40\u00a0000", (Decimal(-40000), "", 0)),
        ("2020", (Decimal(2020), "", 0)),
    ],
)
def test_formatted_numbers_parse(text, parsed):
    assert parse_formatted(text) == parsed


@pytest.mark.parametrize("text", ["", "–", "5.3 Digitala tjänster", "A01", "2019–2021", "1 2"])
def test_text_stays_text(text):
    assert parse_formatted(text) is None


def test_number_formats_keep_the_unit():
    assert number_format("", 0) == "#,##0"
    assert number_format("%", 1) == '#,##0.0" %"'
