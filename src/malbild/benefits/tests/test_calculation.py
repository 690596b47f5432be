"""The arithmetic of benefit calculations (benefits/calculation.py): hand-calculated cases
and invariants checked with hypothesis (NPV at rate 0 is the undiscounted sum, NPV falls as
the rate rises when the later flows are positive, distribution totals, scaling, payback)."""

from decimal import Decimal as D

from hypothesis import given, settings
from hypothesis import strategies as st

from malbild.benefits import calculation as c

H3 = c.Horizon(2025, 3)


def _lines():
    return [
        c.Line("cost", {2025: D(100)}, party="a", party_label="A", certainty="green"),
        c.Line("benefit", {2026: D(60), 2027: D(60)}, party="b", party_label="B", certainty="red"),
    ]


def test_npv_payback_and_ratio_by_hand():
    """Rate 10 %, cost 100 in 2025 (period 0), benefit 60 in 2026 and 2027:
    PV benefits = 60/1.1 + 60/1.21 = 54.5454545455 + 49.5867768595 = 104.1322314050;
    NPV = 104.1322314050 − 100 = 4.1322314050;
    cumulative: −100, −45.4545454545, +4.1322314050 → payback 2027;
    B/C = 104.1322314050 / 100 = 1.0413223140 (to 10 decimals, half to even)."""
    lines = _lines()
    assert c.npv(lines, H3, D(10)) == D("4.1322314050")
    assert c.present_values(lines, H3, D(10)) == (D("100.0000000000"), D("104.1322314050"))
    assert c.payback_year(lines, H3, D(10)) == 2027
    assert c.benefit_cost_ratio(lines, H3, D(10)) == D("1.0413223140")
    assert c.round_sek(c.npv(lines, H3, D(10))) == D(4)


def test_payback_none_when_not_recovered_and_ratio_none_without_costs():
    """Rate 20 %: 60/1.2 + 60/1.44 = 50 + 41.6666666667 = 91.67 < 100: no payback, NPV −8.33."""
    assert c.payback_year(_lines(), H3, D(20)) is None
    assert c.npv(_lines(), H3, D(20)) == D("-8.3333333333")
    assert c.benefit_cost_ratio([c.Line("benefit", {2025: D(5)})], H3, D(3)) is None


def test_incremental_npv_is_option_minus_zero():
    """Zero alternative: operating cost 50 a year (rate 0 → 150). Option: investment 100 in
    2025 and operating cost 10 a year (130). Incremental NPV at 0 % = 150 − 130 = 20;
    incremental nets: 50−110 = −60, +40, +40 → cumulative −60, −20, +20 → payback 2027."""
    zero = [c.Line("cost", {2025: D(50), 2026: D(50), 2027: D(50)})]
    option = [
        c.Line("cost", {2025: D(100)}),
        c.Line("cost", {2025: D(10), 2026: D(10), 2027: D(10)}),
    ]
    inc = c.incremental_lines(option, zero)
    assert c.npv(inc, H3, D(0)) == D(20)
    assert c.npv(inc, H3, D(5)) == c.npv(option, H3, D(5)) - c.npv(zero, H3, D(5))
    assert c.net_flows(inc, H3) == [D(-60), D(40), D(40)]
    assert c.payback_year(inc, H3, D(0)) == 2027


def test_distribution_by_hand():
    """Per party: A costs 100 (PV 100); B benefits 120 (PV 104.1322314050). Per year (10 %):
    nets −100, +60, +60; discounted −100, 54.5454545455, 49.5867768595; cumulative ends at
    the NPV 4.1322314050. Totals: costs 100, benefits 120."""
    dist = c.distribution(_lines(), H3, D(10))
    assert [(p.label, p.costs, p.benefits) for p in dist.parties] == [
        ("A", D(100), D(0)),
        ("B", D(0), D(120)),
    ]
    assert [y.net for y in dist.years] == [D(-100), D(60), D(60)]
    assert [y.discounted_net for y in dist.years] == [
        D("-100.0000000000"),
        D("54.5454545455"),
        D("49.5867768595"),
    ]
    assert dist.years[-1].cumulative == D("4.1322314050") == dist.total.npv
    assert (dist.total.costs, dist.total.benefits) == (D(100), D(120))


def test_sensitivity_by_hand():
    """Rate 10 % ± 1, the red benefit ±20 %: pessimistic at 10 % = 0.8 × 104.1322314050 − 100
    = −16.6942148760; optimistic = 1.2 × 104.1322314050 − 100 = 24.9586776859 (each cell
    discounted on its own: 72/1.1 + 72/1.21 = 65.4545454545 + 59.5041322314)."""
    sens = c.sensitivity(_lines(), H3, D(10), rate_step=D(1), uncertain_percent=D(20))
    assert sens.rates == [D(9), D(10), D(11)]
    assert sens.npv[1] == [D("-16.6942148760"), D("4.1322314050"), D("24.9586776859")]
    assert sens.npv[0][1] > sens.npv[1][1] > sens.npv[2][1]
    assert c.sensitivity(_lines(), H3, D("0.5")).rates == [D("0.5"), D("1.5")]


def test_shares_sum_to_exactly_one():
    assert c.shares({"a": D(1), "b": D(1), "c": D(1)}) == {
        "a": D("0.333333333334"),
        "b": D("0.333333333333"),
        "c": D("0.333333333333"),
    }
    assert c.shares({"a": D(0)}) == {}
    assert c.shares({"a": D(3), "b": D(1)}) == {"a": D("0.75"), "b": D("0.25")}


amounts = st.decimals(min_value=0, max_value=10**9, places=2, allow_nan=False)
rates = st.decimals(min_value=0, max_value=30, places=2, allow_nan=False)


@st.composite
def line_sets(draw):
    n_years = draw(st.integers(1, 12))
    horizon = c.Horizon(2024, n_years)
    lines = []
    for i in range(draw(st.integers(1, 5))):
        per_year = draw(st.lists(amounts, min_size=n_years, max_size=n_years))
        lines.append(
            c.Line(
                draw(st.sampled_from(["cost", "benefit"])),
                dict(zip(horizon.year_list, per_year, strict=True)),
                party=f"p{draw(st.integers(0, 2))}",
                certainty=draw(st.sampled_from(["green", "yellow", "red"])),
                kind=str(i),
            )
        )
    return horizon, lines


@settings(max_examples=60, deadline=None)
@given(line_sets())
def test_npv_at_rate_zero_is_the_undiscounted_sum(data):
    horizon, lines = data
    undiscounted = sum((line.sign * a for line in lines for a in line.amounts.values()), c.ZERO)
    assert c.npv(lines, horizon, D(0)) == undiscounted == sum(c.net_flows(lines, horizon))


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.decimals(min_value=1, max_value=10**8, places=2), min_size=2, max_size=10),
    amounts,
    rates,
    st.decimals(min_value=D("0.1"), max_value=10, places=1),
)
def test_npv_falls_as_the_rate_rises_when_later_flows_are_positive(later, first, rate, step):
    """A cost in year 0 and positive nets afterwards: a higher rate gives a lower NPV."""
    horizon = c.Horizon(2030, len(later))
    lines = [
        c.Line("cost", {2030: first}),
        c.Line("benefit", dict(zip(horizon.year_list[1:], later[1:], strict=True))),
    ]
    assert c.npv(lines, horizon, rate) > c.npv(lines, horizon, rate + step)


@settings(max_examples=60, deadline=None)
@given(line_sets(), rates)
def test_distribution_totals_equal_the_overall_totals(data, rate):
    horizon, lines = data
    dist = c.distribution(lines, horizon, rate)
    costs, benefits = c.present_values(lines, horizon, rate)
    assert dist.total.pv_costs == costs == sum((p.pv_costs for p in dist.parties), c.ZERO)
    assert dist.total.pv_benefits == benefits == sum((p.pv_benefits for p in dist.parties), c.ZERO)
    assert dist.total.costs == sum((y.costs for y in dist.years), c.ZERO)
    assert dist.total.benefits == sum((y.benefits for y in dist.years), c.ZERO)
    assert dist.total.npv == c.npv(lines, horizon, rate) == dist.years[-1].cumulative
    assert sum((y.discounted_net for y in dist.years), c.ZERO) == dist.total.npv


@settings(max_examples=60, deadline=None)
@given(line_sets(), rates, st.integers(1, 1000))
def test_scaling_every_amount_scales_the_npv(data, rate, k):
    """Each cell is kept to 10 decimals, so the scaled NPV may differ by k × ½e-10 a cell."""
    horizon, lines = data
    scaled = [line.scaled(D(k)) for line in lines]
    cells = len(lines) * horizon.years
    difference = abs(c.npv(scaled, horizon, rate) - k * c.npv(lines, horizon, rate))
    assert difference <= D(k) * cells * D("1e-10")
    assert c.npv(scaled, horizon, D(0)) == k * c.npv(lines, horizon, D(0))


@settings(max_examples=60, deadline=None)
@given(line_sets(), rates)
def test_payback_of_a_flow_that_is_never_positive_is_none(data, rate):
    horizon, lines = data
    costs_only = [c.Line("cost", line.amounts) for line in lines]
    assert c.payback_year(costs_only, horizon, rate) is None


@settings(max_examples=60, deadline=None)
@given(st.dictionaries(st.text(min_size=1, max_size=3), amounts, min_size=1, max_size=8))
def test_shares_always_sum_to_one(values):
    result = c.shares(values)
    if sum(values.values()) > 0:
        assert sum(result.values()) == 1
        assert all(v >= 0 for v in result.values())
    else:
        assert result == {}
