"""Plan against actual: the report's arithmetic as properties (hypothesis)."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from hypothesis import given
from hypothesis import strategies as st

from vanban.kinds.bao_cao.arithmetic import (
    NO_PLAN,
    Comparison,
    achieved_decrease,
    flow_end,
    format_percent_of_plan,
    near_poor_flow_end,
    percent_of_plan,
    total,
)

counts = st.integers(min_value=0, max_value=100_000)


@given(counts, counts, counts)
def test_flow_and_achieved_decrease_agree(start: int, escaped: int, new: int):
    end = flow_end(start, escaped, new)
    assert end == start - escaped + new
    # What the period achieved is what left poverty less what entered it.
    assert achieved_decrease(start, end) == escaped - new


@given(counts, counts, counts, counts)
def test_near_poor_flow(start: int, escaped: int, from_poor: int, new: int):
    assert near_poor_flow_end(start, escaped, from_poor, new) - start == from_poor + new - escaped


@given(st.integers(min_value=-1000, max_value=100_000), st.integers(min_value=1, max_value=100_000))
def test_percent_of_plan_is_half_up_at_two_decimals(achieved: int, planned: int):
    value = percent_of_plan(achieved, planned)
    exact = Decimal(achieved) * 100 / Decimal(planned)
    assert value == exact.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    assert abs(value - exact) <= Decimal("0.005")
    text = format_percent_of_plan(value)
    if value < 0:  # poverty grew: no negative share of a decrease
        assert text == "chưa đạt"
        return
    # Vietnamese: decimal comma, two decimals, thousands dot.
    assert text.split(",")[-1].isdigit() and len(text.split(",")[-1]) == 2
    assert "." not in text or abs(value) >= 1000


@given(st.integers(min_value=-1000, max_value=1000))
def test_nothing_planned_has_no_percentage(achieved: int):
    assert percent_of_plan(achieved, 0) is None
    assert format_percent_of_plan(None) == NO_PLAN == "—"
    assert Comparison("Tiểu khu 2", 0, 2, 2 - achieved).row()["dat"] == "—"


def test_examples_read_as_officers_write_them():
    assert format_percent_of_plan(percent_of_plan(14, 13)) == "107,69"
    assert format_percent_of_plan(percent_of_plan(1, 8)) == "12,50"  # 12.5 exactly
    assert format_percent_of_plan(percent_of_plan(2, 3)) == "66,67"  # 66.666… half-up
    assert format_percent_of_plan(percent_of_plan(0, 1)) == "0,00"
    assert format_percent_of_plan(percent_of_plan(1234, 1)) == "123.400,00"
    row = Comparison("TK Thượng Quý", 1, 4, 5).row()
    # A unit that gained a poor household: the increase in words, "chưa đạt", never "−1 | −100,00".
    assert row == {"ten": "TK Thượng Quý", "ke_hoach": "1", "thuc_hien": "tăng 1", "dat": "chưa đạt"}


@given(st.lists(st.tuples(counts, counts, counts), max_size=30))
def test_town_total_is_the_sum_of_units(rows):
    units = [Comparison(f"Đơn vị {i}", planned, start, end) for i, (planned, start, end) in enumerate(rows)]
    town = total("Cộng", units)
    assert town.planned == sum(u.planned for u in units)
    assert town.achieved == sum(u.achieved for u in units)
