"""Cost allocation arithmetic (kostnadsfördelning), in Decimal and without the ORM.

Every split rounds to whole kronor with the largest-remainder method: each part gets the
whole kronor of its exact quota, and the kronor left over go, one each, to the parts with the
largest fractions (ties: the larger weight, then the order given). The parts therefore always
sum exactly to the total (itself rounded to whole kronor, half away from zero), so every
allocation table adds up to the amount allocated.

The rules (docs/guide/cost-allocation.md) only differ in their weights: fixed shares
(percentages summing to 100), population, devices (number of leased computers) or benefit
shares (from the benefit calculation).
"""

from collections.abc import Hashable, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from math import floor

ZERO = Decimal(0)
HUNDRED = Decimal(100)


class AllocationError(ValueError):
    """The inputs cannot be allocated (no recipients, no weight, shares not 100 %)."""


def whole_kronor(amount) -> Decimal:
    """`amount` rounded to whole kronor, half away from zero."""
    return Decimal(amount).quantize(Decimal(1), rounding=ROUND_HALF_UP)


def largest_remainder(total, weights: Mapping[Hashable, object]) -> dict[Hashable, Decimal]:
    """Split `total` over the keys of `weights` in proportion to them, in whole kronor, so that
    the parts sum exactly to `whole_kronor(total)`. Weights are non-negative numbers (int,
    Decimal) with a positive sum; a key with weight 0 gets 0."""
    if not weights:
        raise AllocationError("Nothing to allocate to.")
    exact = {
        key: Fraction(Decimal(str(w)) if isinstance(w, float) else w) for key, w in weights.items()
    }
    if any(w < 0 for w in exact.values()):
        raise AllocationError("A weight cannot be negative.")
    weight_sum = sum(exact.values(), Fraction(0))
    if weight_sum == 0:
        raise AllocationError("The weights sum to zero.")
    rounded = whole_kronor(total)
    sign = -1 if rounded < 0 else 1
    amount = abs(int(rounded))
    quotas = {key: amount * w / weight_sum for key, w in exact.items()}
    parts = {key: floor(q) for key, q in quotas.items()}
    left = amount - sum(parts.values())
    order = list(weights)
    ranked = sorted(
        order,
        key=lambda k: (-(quotas[k] - parts[k]), -exact[k], order.index(k)),
    )
    for key in ranked[:left]:
        parts[key] += 1
    return {key: Decimal(sign * parts[key]) for key in order}


def check_percentages(percents: Mapping[Hashable, object]) -> None:
    """AllocationError unless the fixed shares are non-negative and sum to exactly 100."""
    if not percents:
        raise AllocationError("No shares.")
    values = [Decimal(p) for p in percents.values()]
    if any(v < 0 for v in values):
        raise AllocationError("A share cannot be negative.")
    if sum(values, ZERO) != HUNDRED:
        raise AllocationError("The shares must sum to 100 %.")


def split_fixed(total, percents: Mapping[Hashable, object]) -> dict[Hashable, Decimal]:
    """`total` by fixed percentages that sum to 100."""
    check_percentages(percents)
    return largest_remainder(total, percents)


def split_per_device(
    price, devices: Mapping[Hashable, int]
) -> tuple[Decimal, dict[Hashable, Decimal]]:
    """(total, parts): a surcharge of `price` per device and year times each recipient's
    devices. The total is price × all devices in whole kronor; parts by number of devices."""
    count = sum(devices.values())
    if count <= 0:
        raise AllocationError("No devices.")
    total = whole_kronor(Decimal(price) * count)
    return total, largest_remainder(total, devices)


@dataclass
class Table:
    """Amounts per recipient (rows, in first-seen order) and year (columns, sorted), with
    the totals per row, per year and in all: every total is the sum of its parts."""

    years: list[int] = field(default_factory=list)
    cells: dict[Hashable, dict[int, Decimal]] = field(default_factory=dict)

    def add(self, year: int, parts: Mapping[Hashable, Decimal]) -> None:
        if year not in self.years:
            self.years.append(year)
            self.years.sort()
        for key, value in parts.items():
            row = self.cells.setdefault(key, {})
            row[year] = row.get(year, ZERO) + value

    def merge(self, other: "Table") -> None:
        for key, row in other.cells.items():
            for year, value in row.items():
                self.add(year, {key: value})
        for year in other.years:
            if year not in self.years:
                self.years.append(year)
                self.years.sort()

    @property
    def keys(self) -> list[Hashable]:
        return list(self.cells)

    def amount(self, key: Hashable, year: int) -> Decimal:
        return self.cells.get(key, {}).get(year, ZERO)

    def row_total(self, key: Hashable) -> Decimal:
        return sum(self.cells.get(key, {}).values(), ZERO)

    def year_total(self, year: int) -> Decimal:
        return sum((row.get(year, ZERO) for row in self.cells.values()), ZERO)

    @property
    def total(self) -> Decimal:
        return sum((self.year_total(y) for y in self.years), ZERO)


def yearly_table(
    totals: Mapping[int, object], weights: Mapping[int, Mapping[Hashable, object]]
) -> Table:
    """Each year's total split by that year's weights (largest remainder per year)."""
    table = Table()
    for year in sorted(totals):
        table.add(year, largest_remainder(totals[year], weights[year]))
    return table
