"""Arithmetic and Vietnamese formatting of figures.

Pure functions only. Rounding is half-up (as people and Excel round), never
Python's default banker's rounding; separators follow Vietnamese usage
(thousands ``.``, decimals ``,``) via Babel's CLDR data for ``vi``.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal, InvalidOperation

NBSP = "\u00a0"  # keeps "1,21 %" on one line
RATE_DECIMALS = 2  # rates are shown with two decimals unless stated otherwise


@dataclass(frozen=True)
class Rate:
    """A percentage as written: its value and how many decimals it was given with."""

    value: Decimal
    decimals: int

    def __str__(self) -> str:
        return format_percent(self.value, self.decimals)


def round_half_up(value: Decimal, decimals: int) -> Decimal:
    return value.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


def truncate(value: Decimal, decimals: int) -> Decimal:
    return value.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_DOWN)


def percent(part: int, whole: int) -> Decimal:
    """part / whole x 100, exact enough for any rounding that follows."""
    if whole == 0:
        raise ZeroDivisionError("percentage of an empty whole")
    return Decimal(part) * 100 / Decimal(whole)


def rate_of(part: int, whole: int, decimals: int = RATE_DECIMALS) -> Rate:
    return Rate(round_half_up(percent(part, whole), decimals), decimals)


def decimals_of(value: Decimal) -> int:
    """Number of decimals a value was written with: Decimal('1.10') -> 2."""
    exponent = value.as_tuple().exponent
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0


def parse_decimal(text: str, *, decimal_comma: bool) -> Decimal:
    """Parse a number as a person typed it.

    With ``decimal_comma`` (Vietnamese/Excel-vi style) "2.881" is two thousand
    eight hundred and eighty-one and "2,91" is two point nine one; without it,
    the plain-file style, "2.91" is two point nine one and commas are not allowed.
    Raises ValueError with the offending text.
    """
    raw = text.strip().replace(NBSP, "").replace(" ", "")
    if decimal_comma:
        raw = raw.replace(".", "").replace(",", ".")
    elif "," in raw:
        raise ValueError(text)
    try:
        value = Decimal(raw)
    except InvalidOperation:
        raise ValueError(text) from None
    if not value.is_finite():
        raise ValueError(text)
    return value


# Vietnamese separators (CLDR "vi": "." groups thousands, "," marks decimals) from Python's own
# exact formatting of int and Decimal with the two swapped. Babel gave the same strings (a property test
# compares them) but cost ~30 ms a build to import and load its locale data.
_VIETNAMESE_SEPARATORS = str.maketrans(",.", ".,")


@functools.lru_cache(maxsize=4096, typed=True)
def format_int(value: int) -> str:
    """11030 -> '11.030'; 2881 -> '2.881'; 35 -> '35'."""
    return f"{value:,}".translate(_VIETNAMESE_SEPARATORS)


@functools.lru_cache(maxsize=4096, typed=True)
def format_number(value: Decimal, decimals: int) -> str:
    """Decimal with a fixed number of decimals, half-up: 0.7636 -> '0,76'."""
    rounded = round_half_up(value, decimals)
    return f"{rounded:,.{decimals}f}".translate(_VIETNAMESE_SEPARATORS)


def format_percent(value: Decimal, decimals: int = RATE_DECIMALS) -> str:
    """0.7636 -> '0,76 %' (with a non-breaking space)."""
    return f"{format_number(value, decimals)}{NBSP}%"


def format_short_date(value: dt.date) -> str:
    """Dates inside citations: 04/01/2024."""
    return f"{value.day:02d}/{value.month:02d}/{value.year}"


def format_long_date(year: int, month: int, day: int | None) -> str:
    """Date line of Decree 30 (Phụ lục I, II.4.b): 'ngày 04 tháng 01 năm 2024'.

    Days below 10 and the months January and February are zero-padded;
    March to December are not. A missing day leaves room for the clerk.
    """
    day_text = f"{day:02d}" if day is not None else NBSP * 6
    month_text = f"{month:02d}" if month <= 2 else str(month)
    return f"ngày {day_text} tháng {month_text} năm {year}"
