"""The arithmetic of a benefit calculation: pure Decimal functions, no ORM, no rounding for
display (docs/guide/benefits-and-financing.md, "Conventions").

Conventions:
- A horizon is `first_year` and a number of `years`; year `first_year + t` is period `t`.
  Amounts fall at the end of their year and are discounted by `(1 + rate/100) ** -t`, so the
  first year's amounts count in full (period 0 is "now").
- Each line's amount in each year is discounted on its own and kept to `PLACES` (10 decimal
  places, far below an öre). Every present value and total is an exact sum of those cells, so
  a total always equals the sum of its parts and a net present value equals the present value
  of the benefits minus that of the costs, to the last digit.
- Costs and benefits are entered as non-negative amounts; a line's direction gives the sign
  (benefit +, cost −). Amounts outside the horizon are ignored (the services refuse them).
- The incremental view of an option compares it with the zero alternative: the option's
  lines plus the zero alternative's lines with the direction turned (a cost of doing nothing
  is a cost the option avoids), so its NPV is NPV(option) − NPV(zero alternative) exactly.
- The payback year is the first year in which the cumulative discounted net is ≥ 0 after a
  positive net has occurred (a flow that is never positive has none: None).
- Rounding happens only for display (`round_sek`).
"""

from __future__ import annotations

import decimal
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal

COST = "cost"
BENEFIT = "benefit"
UNCERTAIN = frozenset({"yellow", "red"})

ZERO = Decimal(0)
ONE = Decimal(1)
HUNDRED = Decimal(100)
#: The precision of each discounted cell (see module docstring).
PLACES = Decimal("1e-10")
#: The precision of a share (`shares`).
SHARE_PLACES = Decimal("1e-12")

_CONTEXT = decimal.Context(prec=40, rounding=decimal.ROUND_HALF_EVEN)


@dataclass(frozen=True)
class Horizon:
    first_year: int
    years: int

    def __post_init__(self) -> None:
        if self.years < 1:
            raise ValueError("A horizon has at least one year.")

    @property
    def year_list(self) -> list[int]:
        return list(range(self.first_year, self.first_year + self.years))

    @property
    def last_year(self) -> int:
        return self.first_year + self.years - 1


@dataclass(frozen=True)
class Line:
    """A monetised cost or benefit: amounts per year (SEK, ≥ 0), who bears or receives it
    (`party` a stable key, `party_label` what a reader sees) and its certainty."""

    direction: str
    amounts: Mapping[int, Decimal]
    party: str = ""
    party_label: str = ""
    certainty: str = "green"
    kind: str = ""

    @property
    def sign(self) -> int:
        return 1 if self.direction == BENEFIT else -1

    def turned(self) -> Line:
        """The line with its direction turned (for the incremental view)."""
        return replace(self, direction=COST if self.direction == BENEFIT else BENEFIT)

    def scaled(self, factor: Decimal) -> Line:
        return replace(
            self, amounts={y: _CONTEXT.multiply(a, factor) for y, a in self.amounts.items()}
        )


def discount_factor(rate: Decimal, period: int) -> Decimal:
    """`(1 + rate/100) ** -period` at 40 significant digits (rate in per cent)."""
    base = _CONTEXT.add(ONE, _CONTEXT.divide(Decimal(rate), HUNDRED))
    if base <= 0:
        raise ValueError("The discount rate must be above -100 %.")
    return _CONTEXT.divide(ONE, _CONTEXT.power(base, period))


def discounted(amount: Decimal, rate: Decimal, period: int) -> Decimal:
    """The present value of `amount` falling at the end of `period`, to `PLACES`."""
    value = _CONTEXT.multiply(Decimal(amount), discount_factor(rate, period))
    return value.quantize(PLACES, context=_CONTEXT)


def _cells(line: Line, horizon: Horizon, rate: Decimal | None):
    """(year, period, amount, discounted amount or None) of `line` within the horizon."""
    for t, year in enumerate(horizon.year_list):
        amount = line.amounts.get(year)
        if amount is None or amount == 0:
            continue
        yield year, t, Decimal(amount), (None if rate is None else discounted(amount, rate, t))


def present_values(
    lines: Iterable[Line], horizon: Horizon, rate: Decimal
) -> tuple[Decimal, Decimal]:
    """(present value of the costs, present value of the benefits), both ≥ 0."""
    costs = benefits = ZERO
    for line in lines:
        for _year, _t, _amount, pv in _cells(line, horizon, rate):
            if line.direction == BENEFIT:
                benefits += pv
            else:
                costs += pv
    return costs, benefits


def npv(lines: Iterable[Line], horizon: Horizon, rate: Decimal) -> Decimal:
    """Net present value: the discounted benefits minus the discounted costs."""
    costs, benefits = present_values(lines, horizon, rate)
    return benefits - costs


def net_flows(lines: Iterable[Line], horizon: Horizon) -> list[Decimal]:
    """The undiscounted net (benefits − costs) of each year of the horizon."""
    nets = [ZERO] * horizon.years
    for line in lines:
        for _year, t, amount, _pv in _cells(line, horizon, None):
            nets[t] += line.sign * amount
    return nets


def discounted_net_flows(lines: Iterable[Line], horizon: Horizon, rate: Decimal) -> list[Decimal]:
    """The discounted net of each year of the horizon (their sum is the NPV)."""
    nets = [ZERO] * horizon.years
    for line in lines:
        for _year, t, _amount, pv in _cells(line, horizon, rate):
            nets[t] += line.sign * pv
    return nets


def payback_year(lines: Iterable[Line], horizon: Horizon, rate: Decimal) -> int | None:
    """The first year in which the cumulative discounted net is ≥ 0 once a positive net has
    occurred; None when that never happens within the horizon."""
    cumulative = ZERO
    earned = False
    for t, net in enumerate(discounted_net_flows(lines, horizon, rate)):
        cumulative += net
        earned = earned or net > 0
        if earned and cumulative >= 0:
            return horizon.first_year + t
    return None


def benefit_cost_ratio(lines: Iterable[Line], horizon: Horizon, rate: Decimal) -> Decimal | None:
    """Present value of the benefits over that of the costs, to `PLACES`; None when there are
    no costs."""
    costs, benefits = present_values(lines, horizon, rate)
    if costs == 0:
        return None
    if benefits == 0:
        return ZERO
    return _CONTEXT.divide(benefits, costs).quantize(PLACES, context=_CONTEXT)


def incremental_lines(option: Iterable[Line], zero: Iterable[Line]) -> list[Line]:
    """The option compared with the zero alternative (see module docstring)."""
    return [*option, *(line.turned() for line in zero)]


@dataclass(frozen=True)
class PartyRow:
    """Costs and benefits of one party (or of all: the totals), undiscounted and discounted."""

    key: str
    label: str
    costs: Decimal = ZERO
    benefits: Decimal = ZERO
    pv_costs: Decimal = ZERO
    pv_benefits: Decimal = ZERO

    @property
    def net(self) -> Decimal:
        return self.benefits - self.costs

    @property
    def npv(self) -> Decimal:
        return self.pv_benefits - self.pv_costs

    def __add__(self, other: PartyRow) -> PartyRow:
        return replace(
            self,
            costs=self.costs + other.costs,
            benefits=self.benefits + other.benefits,
            pv_costs=self.pv_costs + other.pv_costs,
            pv_benefits=self.pv_benefits + other.pv_benefits,
        )


@dataclass(frozen=True)
class YearRow:
    """Costs and benefits of one year (undiscounted), the discounted net and the cumulative
    discounted net up to that year."""

    year: int
    costs: Decimal
    benefits: Decimal
    discounted_net: Decimal
    cumulative: Decimal

    @property
    def net(self) -> Decimal:
        return self.benefits - self.costs


@dataclass(frozen=True)
class Distribution:
    parties: list[PartyRow]
    years: list[YearRow]
    total: PartyRow


def distribution(lines: Sequence[Line], horizon: Horizon, rate: Decimal) -> Distribution:
    """Costs and benefits per party (in the order parties first appear) and per year; the
    total is the sum of the parties' rows, which equals the sum of the years' rows."""
    by_party: dict[str, PartyRow] = {}
    costs = [ZERO] * horizon.years
    benefits = [ZERO] * horizon.years
    discounted_nets = [ZERO] * horizon.years
    for line in lines:
        row = by_party.get(line.party) or PartyRow(line.party, line.party_label or line.party)
        for _year, t, amount, pv in _cells(line, horizon, rate):
            if line.direction == BENEFIT:
                row = replace(row, benefits=row.benefits + amount, pv_benefits=row.pv_benefits + pv)
                benefits[t] += amount
            else:
                row = replace(row, costs=row.costs + amount, pv_costs=row.pv_costs + pv)
                costs[t] += amount
            discounted_nets[t] += line.sign * pv
        by_party[line.party] = row
    years = []
    cumulative = ZERO
    for t, year in enumerate(horizon.year_list):
        cumulative += discounted_nets[t]
        years.append(YearRow(year, costs[t], benefits[t], discounted_nets[t], cumulative))
    parties = list(by_party.values())
    total = PartyRow("", "")
    for row in parties:
        total = total + row
    return Distribution(parties=parties, years=years, total=total)


def shares(values: Mapping[str, Decimal]) -> dict[str, Decimal]:
    """Each key's share of the sum of `values` (all ≥ 0), to `SHARE_PLACES`, adjusted by the
    largest remainders so the shares sum to exactly 1; empty when the sum is 0."""
    total = sum(values.values(), ZERO)
    if total <= 0:
        return {}
    exact = {k: _CONTEXT.divide(v, total) for k, v in values.items()}
    floored = {k: v.quantize(SHARE_PLACES, rounding=decimal.ROUND_FLOOR) for k, v in exact.items()}
    missing = int(((ONE - sum(floored.values(), ZERO)) / SHARE_PLACES).to_integral_value())
    order = sorted(exact, key=lambda k: (-(exact[k] - floored[k]), list(values).index(k)))
    for k in order[:missing]:
        floored[k] += SHARE_PLACES
    return floored


@dataclass(frozen=True)
class Sensitivity:
    """NPV for each discount rate (rows) and each treatment of the uncertain lines (columns:
    pessimistic = uncertain costs +x % and benefits −x %, as estimated, optimistic)."""

    rates: list[Decimal]
    uncertain_percent: Decimal
    npv: list[list[Decimal]] = field(default_factory=list)

    SCENARIOS = ("pessimistic", "estimated", "optimistic")


def _vary_uncertain(lines: Iterable[Line], percent: Decimal, direction: int) -> list[Line]:
    """Uncertain lines moved by `percent` against (direction −1) or for (+1) the result."""
    up = ONE + percent / HUNDRED
    down = ONE - percent / HUNDRED
    out = []
    for line in lines:
        if line.certainty not in UNCERTAIN:
            out.append(line)
        elif (line.direction == BENEFIT) == (direction > 0):
            out.append(line.scaled(up))
        else:
            out.append(line.scaled(down))
    return out


def sensitivity(
    lines: Sequence[Line],
    horizon: Horizon,
    rate: Decimal,
    *,
    rate_step: Decimal = Decimal(1),
    uncertain_percent: Decimal = Decimal(20),
) -> Sensitivity:
    """The NPV of `lines` at rate − step, rate and rate + step (a negative rate is left out)
    with the uncertain (yellow and red) lines pessimistic, as estimated and optimistic."""
    rate = Decimal(rate)
    rates = [r for r in (rate - rate_step, rate, rate + rate_step) if r >= 0]
    variants = [
        _vary_uncertain(lines, uncertain_percent, -1),
        list(lines),
        _vary_uncertain(lines, uncertain_percent, +1),
    ]
    grid = [[npv(v, horizon, r) for v in variants] for r in rates]
    return Sensitivity(rates=rates, uncertain_percent=Decimal(uncertain_percent), npv=grid)


def round_sek(value: Decimal | None, places: int = 0) -> Decimal | None:
    """A value rounded for display (half away from zero, as people round money)."""
    if value is None:
        return None
    return value.quantize(Decimal(1).scaleb(-places), rounding=decimal.ROUND_HALF_UP)
