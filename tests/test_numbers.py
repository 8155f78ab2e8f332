"""Arithmetic and Vietnamese formatting: examples from the plan, then properties."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from vanban.engine.numbers import (
    NBSP,
    decimals_of,
    format_int,
    format_long_date,
    format_number,
    format_percent,
    format_short_date,
    parse_decimal,
    percent,
    rate_of,
    round_half_up,
)


def test_plan_figures_format_the_vietnamese_way():
    assert format_int(11030) == "11.030"
    assert format_int(2881) == "2.881"
    assert format_int(35) == "35"
    assert format_int(1234567) == "1.234.567"
    assert format_number(percent(22, 2881), 2) == "0,76"
    assert format_number(percent(35, 2881), 2) == "1,21"
    assert format_percent(percent(82, 2881)) == f"2,85{NBSP}%"


def test_rounding_is_half_up_not_bankers():
    assert format_number(Decimal("0.765"), 2) == "0,77"
    assert format_number(Decimal("0.125"), 2) == "0,13"
    assert format_number(Decimal("2.5"), 0) == "3"
    assert round_half_up(percent(22, 2881), 1) == Decimal("0.8")


def test_rate_keeps_stated_decimals():
    assert rate_of(2, 182).value == Decimal("1.10")
    assert str(rate_of(2, 182)) == f"1,10{NBSP}%"
    assert decimals_of(Decimal("0.7")) == 1
    assert decimals_of(Decimal("1.10")) == 2
    assert decimals_of(Decimal("35")) == 0


def test_issue_date_follows_decree_30_zero_padding():
    assert format_long_date(2024, 1, 4) == "ngày 04 tháng 01 năm 2024"
    assert format_long_date(2024, 3, 15) == "ngày 15 tháng 3 năm 2024"
    assert format_long_date(2024, 2, 29) == "ngày 29 tháng 02 năm 2024"
    assert format_long_date(2024, 12, 9) == "ngày 09 tháng 12 năm 2024"
    blank = format_long_date(2024, 1, None)
    assert blank.startswith("ngày ") and blank.endswith(" tháng 01 năm 2024") and not any(c.isdigit() for c in blank[5:10])


def test_citation_dates():
    import datetime as dt

    assert format_short_date(dt.date(2024, 1, 4)) == "04/01/2024"
    assert format_short_date(dt.date(2023, 12, 29)) == "29/12/2023"


@pytest.mark.parametrize(
    ("text", "comma", "value"),
    [
        ("2881", False, Decimal(2881)),
        ("2.91", False, Decimal("2.91")),
        ("2,91", True, Decimal("2.91")),
        ("2.881", True, Decimal(2881)),
    ],
)
def test_parse_decimal_both_conventions(text, comma, value):
    assert parse_decimal(text, decimal_comma=comma) == value


@pytest.mark.parametrize("text", ["", "abc", "1,5", "nan", "inf", "35 hộ"])
def test_parse_decimal_rejects(text):
    with pytest.raises(ValueError):
        parse_decimal(text, decimal_comma=False)


@given(st.integers(min_value=0, max_value=10**12))
def test_format_int_round_trips(n):
    text = format_int(n)
    assert parse_decimal(text, decimal_comma=True) == n
    assert all(len(group) == 3 for group in text.split(".")[1:])


@given(st.decimals(min_value=0, max_value=10**6, allow_nan=False, allow_infinity=False, places=6), st.integers(0, 4))
def test_format_number_is_half_up_rounding(value, decimals):
    text = format_number(value, decimals)
    parsed = parse_decimal(text, decimal_comma=True)
    scale = Decimal(10) ** decimals
    # Half-up: floor(x * 10^d + 1/2) / 10^d, computed independently of quantize().
    expected = (value * scale + Decimal("0.5")).to_integral_value(rounding="ROUND_FLOOR") / scale
    assert parsed == expected
    fraction = text.split(",")[1] if "," in text else ""
    assert len(fraction) == decimals


@given(st.integers(0, 10**6), st.integers(1, 10**6))
def test_rate_matches_exact_fraction(part, whole):
    rate = rate_of(part, whole)
    exact = Decimal(part) * 100 / Decimal(whole)
    assert abs(rate.value - exact) <= Decimal("0.005")
    assert rate.decimals == 2


# Excel-locale numbers: a "." groups thousands only in threes (issue 9).


def _valid_grouping(text: str) -> bool:
    integer = text.split(",")[0].lstrip("+-")
    groups = integer.split(".")
    return 1 <= len(groups[0]) <= 3 and all(len(g) == 3 for g in groups[1:]) if len(groups) > 1 else True


@given(st.text(alphabet="0123456789.,", min_size=1, max_size=12))
def test_decimal_comma_parse_never_drops_a_dot_it_cannot_explain(text):
    try:
        value = parse_decimal(text, decimal_comma=True)
    except ValueError:
        return
    # Accepted: every dot grouped thousands, so removing them is exact, and at most one decimal comma.
    assert _valid_grouping(text), text
    assert value == Decimal(text.replace(".", "").replace(",", "."))


@given(st.integers(0, 10**9), st.integers(0, 10))
def test_a_dot_anywhere_but_a_thousands_boundary_is_refused(n, cut):
    digits = str(n)
    position = cut % (len(digits) + 1)
    text = digits[:position] + "." + digits[position:]  # "5.0", "0.78", "28.81", ".5", "5." ... and "2.881"
    if 0 < position < len(digits) and _valid_grouping(text):
        assert parse_decimal(text, decimal_comma=True) == n
    else:
        with pytest.raises(ValueError):
            parse_decimal(text, decimal_comma=True)


@given(st.decimals(min_value=0, max_value=10**9, allow_nan=False, allow_infinity=False, places=3), st.integers(0, 3))
def test_vietnamese_formatting_round_trips_through_the_parser(value, decimals):
    text = format_number(value, decimals)
    assert parse_decimal(text, decimal_comma=True) == round_half_up(value, decimals)
    # The same figure typed the plain-file way reads the same.
    assert parse_decimal(text.replace(".", "").replace(",", "."), decimal_comma=False) == round_half_up(value, decimals)


@pytest.mark.parametrize(("text", "meant"), [("5.0", "5,0"), ("0.78", "0,78"), (".5", "0,5"), ("-0.5", "-0,5")])
def test_a_decimal_dot_in_a_decimal_comma_file_is_explained(text, meant):
    from vanban.engine.numbers import NumberFormatError

    with pytest.raises(NumberFormatError) as caught:
        parse_decimal(text, decimal_comma=True)
    assert f"hãy ghi «{meant}»" in caught.value.reason
