"""Arithmetic and Vietnamese formatting of figures.

Pure functions only. Rounding is half-up (as people and Excel round), never
Python's default banker's rounding; separators follow Vietnamese usage
(thousands ``.``, decimals ``,``) via Babel's CLDR data for ``vi``.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
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


class NumberFormatError(ValueError):
    """Text that looks like a number but whose separators make it ambiguous; ``reason`` says why, in Vietnamese."""

    def __init__(self, text: str, reason: str) -> None:
        super().__init__(text)
        self.text = text
        self.reason = reason


# Vietnamese style: thousands grouped by "." in threes ("2.881", "11.030"), then an optional ",decimals".
_GROUPED = re.compile(r"[+-]?(?:\d{1,3}(?:\.\d{3})+|\d+)(?:,\d+)?")
_NUMBER_LIKE = re.compile(r"[+-]?[\d.,]*\d[\d.,]*")


_WHOLE = re.compile(r"[+-]?[0-9]+")


def whole_number(text: str) -> int | None:
    """The whole number ``text`` is, in ASCII digits with an optional sign and spaces around; None otherwise.

    The one reader of integers typed as text (CSV cells, YAML strings): ``str.isdigit`` takes «²» for a
    digit, which ``int`` then refuses in English, and «٣», which ``int`` reads as 3.
    """
    stripped = text.strip()
    return int(stripped) if _WHOLE.fullmatch(stripped) else None


def parse_decimal(text: str, *, decimal_comma: bool) -> Decimal:
    """Parse a number as a person typed it.

    With ``decimal_comma`` (Vietnamese/Excel-vi style) "2,91" is two point nine one
    and a "." may only group thousands: "2.881" is two thousand eight hundred and
    eighty-one, while "5.0", "0.78" or "1.2.3" are refused (NumberFormatError),
    never read as 50, 78 or 123. Without it, the plain-file style, "2.91" is two
    point nine one and commas are refused. Raises ValueError with the offending text.
    """
    raw = text.strip().replace(NBSP, "").replace(" ", "")
    if decimal_comma:
        if "." in raw and _NUMBER_LIKE.fullmatch(raw) and not _GROUPED.fullmatch(raw):
            raise NumberFormatError(text, _dot_reason(raw))
        raw = raw.replace(".", "").replace(",", ".")
    elif "," in raw:
        # A comma is no part of the plain style. Written the Vietnamese way ("2,91", quoted in a CSV)
        # it is refused here plainly, and a rate's validator reads it as that; a mix that reads
        # neither way ("1,234.5", the English thousands comma) is refused with the cause.
        if _NUMBER_LIKE.fullmatch(raw) and not _GROUPED.fullmatch(raw):
            raise NumberFormatError(
                text,
                f"«{raw}»: dấu phẩy và dấu chấm ở đây không theo cách viết nào rõ ràng; hãy ghi số thập phân với một "
                "dấu chấm (2.91) hoặc một dấu phẩy (2,91), không dùng dấu phân cách hàng nghìn kiểu 1,234.5.",
            )
        raise ValueError(text)
    if not raw.isascii():  # Decimal reads other scripts' digits («٣» is 3): numbers are typed in 0–9
        raise ValueError(text)
    try:
        value = Decimal(raw)
    except InvalidOperation:
        raise ValueError(text) from None
    if not value.is_finite():
        raise ValueError(text)
    return value


def _dot_reason(raw: str) -> str:
    """Why a "." in a decimal-comma number cannot be a thousands separator, and what was likely meant."""
    head = (
        f"«{raw}»: tệp này dùng dấu phẩy thập phân (kiểu Excel tiếng Việt, các ô phân cách bằng «;»), "
        "nên dấu chấm chỉ được dùng để nhóm hàng nghìn theo từng 3 chữ số (2.881; 11.030)"
    )
    if raw.count(".") == 1 and "," not in raw:
        meant = raw.replace(".", ",").rstrip(",").replace("-,", "-0,").replace("+,", "+0,")
        meant = "0" + meant if meant.startswith(",") else meant
        return f"{head}. Có lẽ ô này được gõ với dấu chấm thập phân: hãy ghi «{meant}» nếu là số thập phân."
    return f"{head}; «{raw}» không đọc được thành một số: hãy sửa lại ô này."


# Vietnamese separators (CLDR "vi": "." groups thousands, "," marks decimals) from Python's own
# exact formatting of int and Decimal with the two swapped. Babel gave the same strings (a property test
# compares them) but cost ~30 ms a build to import and load its locale data.
_VIETNAMESE_SEPARATORS = str.maketrans(",.", ".,")


@functools.lru_cache(maxsize=4096, typed=True)
def format_int(value: int | Decimal) -> str:
    """11030 -> '11.030'; 2881 -> '2.881'; 35 -> '35' (a whole Decimal a formula gave, the same way)."""
    return f"{value:,}".translate(_VIETNAMESE_SEPARATORS)


@functools.lru_cache(maxsize=4096, typed=True)
def format_number(value: Decimal, decimals: int) -> str:
    """Decimal with a fixed number of decimals, half-up: 0.7636 -> '0,76'.

    Never a negative zero: -0 and -0.001 print '0,00'. (Decimal -0 == 0 and both hash
    alike, so the cache would otherwise print whichever sign it saw first.)
    """
    rounded = round_half_up(value, decimals)
    if rounded.is_zero():
        rounded = rounded.copy_abs()
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
