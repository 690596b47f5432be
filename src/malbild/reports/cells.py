"""Typed cells of a report table or key figure: what a value *is*, not only how it reads.

A builder puts `Amount(1750000)` in a table instead of the text "1 750 000 kr"; every renderer
then does the right thing with it: HTML, PDF and DOCX show `str(cell)` (the Swedish text from
`malbild.web.formatting`, the one place that formats numbers), HTML shows a `Status` as the
same badge the pages use, and XLSX writes numbers as numeric cells with their unit in the
number format and dates as date cells, so a controller can sum, filter and pivot.

Plain strings remain valid cells (text). Cells are frozen dataclasses, so a report built
twice from the same data compares equal."""

import datetime
import re
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone
from django.utils.html import format_html

from malbild.web import formatting

DASH = formatting.DASH
# A status code becomes part of a CSS class name: letters, digits, _ and - only.
CSS_SAFE = re.compile(r"[^a-z0-9_-]")


@dataclass(frozen=True)
class Amount:
    """Money: `1 750 000 kr` (whole kronor; up to two decimals when the value has them);
    `–` for no value. `unit=""` for a column whose heading already says "(SEK)"."""

    value: Decimal | int | None
    unit: str = "kr"

    numeric = True

    def __post_init__(self):
        # Decimal whatever it came as ("200000" from a snapshot, 200000, Decimal): the same
        # amount is the same cell.
        object.__setattr__(self, "value", formatting.to_decimal(self.value))

    def __str__(self) -> str:
        if formatting.to_decimal(self.value) is None:
            return DASH
        text = formatting.number(self.value, max_decimals=2)
        return f"{text}{formatting.NBSP}{self.unit}" if self.unit else text

    @property
    def decimals(self) -> int:
        return _decimals(self.value, 2)


@dataclass(frozen=True)
class Number:
    """A count, a measured value or a percentage (`31 st`, `99,5`, `78 %`): `decimals` fixes
    the number of decimals, else the value keeps its own (at most two); `grouping=False` for
    a year (`2026`, not `2 026`); `–` for no value."""

    value: Decimal | int | float | None
    unit: str = ""
    decimals: int | None = None
    grouping: bool = True

    numeric = True

    def __post_init__(self):
        object.__setattr__(self, "value", formatting.to_decimal(self.value))

    def __str__(self) -> str:
        if formatting.to_decimal(self.value) is None:
            return DASH
        text = formatting.number(
            self.value, decimals=self.decimals, max_decimals=2, grouping=self.grouping
        )
        return f"{text} {self.unit.strip()}" if self.unit.strip() else text

    @property
    def shown_decimals(self) -> int:
        return self.decimals if self.decimals is not None else _decimals(self.value, 2)


@dataclass(frozen=True)
class Date:
    """A day (`2026-12-01`); a datetime is shown as its day in local time; `–` for none."""

    value: datetime.date | datetime.datetime | None

    numeric = False

    @property
    def day(self) -> datetime.date | None:
        value = self.value
        if isinstance(value, datetime.datetime):
            if timezone.is_aware(value):
                value = timezone.localtime(value)
            return value.date()
        return value

    def __str__(self) -> str:
        return self.day.isoformat() if self.day is not None else DASH


@dataclass(frozen=True)
class Status:
    """A status: `code` for styling (the pages' `status status--<code>` badge), `label` the
    words shown (never the code)."""

    code: str
    label: str

    numeric = False

    def __str__(self) -> str:
        return str(self.label)

    @property
    def css_code(self) -> str:
        return CSS_SAFE.sub("", str(self.code).lower()) or "none"

    def __html__(self) -> str:
        """The badge the pages use (`status status--<code>`; the `report_cell` filter)."""
        return format_html('<span class="status status--{}">{}</span>', self.css_code, self.label)


CELL_TYPES = (Amount, Number, Date, Status)


def text(cell) -> str:
    """The cell as text (any cell: a string, a typed cell, None)."""
    return "" if cell is None else str(cell)


def as_text(structure):
    """A copy of a report structure (or any part of it) with every typed cell replaced by its
    text, for JSON answers whose cells are strings."""
    if isinstance(structure, CELL_TYPES):
        return str(structure)
    if isinstance(structure, dict):
        return {k: as_text(v) for k, v in structure.items()}
    if isinstance(structure, list | tuple):
        return [as_text(v) for v in structure]
    return structure


def _decimals(value, limit: int) -> int:
    dec = formatting.to_decimal(value)
    if dec is None or not dec.is_finite():
        return 0
    exponent = dec.normalize().as_tuple().exponent
    return min(max(-exponent, 0), limit) if isinstance(exponent, int) else 0
