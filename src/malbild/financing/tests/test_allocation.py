"""The allocation arithmetic (financing/allocation.py): whole kronor by the largest-remainder
method, parts that always sum exactly to the total, fixed shares that must sum to 100 %, the
surcharge per device, and tables whose totals are the sums of their parts."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from malbild.financing.allocation import (
    AllocationError,
    Table,
    largest_remainder,
    split_fixed,
    split_per_device,
    whole_kronor,
    yearly_table,
)

D = Decimal


def test_hand_calculated_thirds():
    # 100 kr in thirds: 33.33… each; the one krona left goes to the first (ties by order).
    assert largest_remainder(D(100), {"a": 1, "b": 1, "c": 1}) == {
        "a": D(34),
        "b": D(33),
        "c": D(33),
    }


def test_largest_fraction_gets_the_remainder():
    # 1 000 kr by 42 000 / 86 000 / 15 500 / 14 000 inhabitants (157 500 in all):
    # quotas 266.67, 546.03, 98.41, 88.89 → floors 266, 546, 98, 88 (998); the two kronor left
    # go to the largest fractions: 88.89 (d) and 266.67 (a).
    parts = largest_remainder(D(1000), {"a": 42000, "b": 86000, "c": 15500, "d": 14000})
    assert parts == {"a": D(267), "b": D(546), "c": D(98), "d": D(89)}
    assert sum(parts.values()) == D(1000)


def test_total_is_rounded_to_whole_kronor_first():
    assert whole_kronor(D("10.50")) == D(11)
    assert whole_kronor(D("-10.50")) == D(-11)
    assert sum(largest_remainder(D("10.50"), {"a": 1, "b": 1}).values()) == D(11)


def test_zero_weight_gets_nothing_and_bad_weights_are_refused():
    assert largest_remainder(D(10), {"a": 0, "b": 3}) == {"a": D(0), "b": D(10)}
    with pytest.raises(AllocationError):
        largest_remainder(D(10), {})
    with pytest.raises(AllocationError):
        largest_remainder(D(10), {"a": 0})
    with pytest.raises(AllocationError):
        largest_remainder(D(10), {"a": -1, "b": 2})


def test_fixed_shares_must_sum_to_100():
    assert split_fixed(D(200_000), {"ks": D(60), "bun": D("40.00")}) == {
        "ks": D(120_000),
        "bun": D(80_000),
    }
    with pytest.raises(AllocationError):
        split_fixed(D(100), {"ks": D(60), "bun": D(30)})


def test_per_device_is_price_times_devices():
    total, parts = split_per_device(D(150), {"bun": 2400, "omsorg": 1100, "klk": 350})
    assert total == D(577_500)
    assert parts == {"bun": D(360_000), "omsorg": D(165_000), "klk": D(52_500)}
    with pytest.raises(AllocationError):
        split_per_device(D(150), {"bun": 0})


def test_table_totals_are_sums_of_parts():
    table = yearly_table(
        {2026: D(1000), 2027: D(500)},
        {2026: {"a": 1, "b": 2}, 2027: {"a": 1, "b": 1, "c": 1}},
    )
    assert table.years == [2026, 2027]
    # 333.33 and 666.67: the krona left goes to the larger fraction (b).
    assert table.amount("a", 2026) == D(333) and table.amount("b", 2026) == D(667)
    assert table.year_total(2026) == D(1000) and table.year_total(2027) == D(500)
    assert table.total == sum(table.row_total(k) for k in table.keys) == D(1500)
    other = Table()
    other.add(2028, {"a": D(5)})
    table.merge(other)
    assert table.years == [2026, 2027, 2028] and table.total == D(1505)


amounts = st.decimals(min_value=-(10**9), max_value=10**12, places=2, allow_nan=False)
weights = st.dictionaries(
    st.text(min_size=1, max_size=5),
    st.one_of(
        st.integers(min_value=0, max_value=10**7),
        st.decimals(min_value=0, max_value=10**6, places=3),
    ),
    min_size=1,
    max_size=12,
).filter(lambda w: sum(Decimal(v) for v in w.values()) > 0)


@given(total=amounts, weights=weights)
def test_property_parts_sum_exactly_to_the_rounded_total(total, weights):
    parts = largest_remainder(total, weights)
    assert list(parts) == list(weights)
    assert sum(parts.values()) == whole_kronor(total)
    assert all(p == p.to_integral_value() for p in parts.values())


@given(total=st.decimals(min_value=0, max_value=10**12, places=2), weights=weights)
def test_property_each_part_within_one_krona_of_its_quota(total, weights):
    parts = largest_remainder(total, weights)
    rounded = whole_kronor(total)
    weight_sum = sum(Decimal(v) for v in weights.values())
    for key, part in parts.items():
        quota = rounded * Decimal(weights[key]) / weight_sum
        assert abs(part - quota) < 1 + Decimal("1e-20")
