"""Plan against actual: the report's arithmetic, as small pure functions.

"đạt … % kế hoạch" is achieved ÷ planned × 100, rounded half-up to two
decimals; a unit that was planned no decrease has no percentage (shown "—"),
never a division error. The achieved decrease is what the report's own flows
say: start − year-end (escaped minus new, so a unit where new poor households
appeared achieved less than it lifted out).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from vanban.engine.numbers import format_int, format_number, round_half_up

PLAN_DECIMALS = 2  # "đạt 107,69 % kế hoạch"
NO_PLAN = "—"  # shown where nothing was planned: a percentage of zero is undefined


def flow_end(start: int, escaped: int, new: int) -> int:
    """Poor households at the end of the period: start − escaped + new."""
    return start - escaped + new


def near_poor_flow_end(start: int, escaped: int, from_poor: int, new: int) -> int:
    """Near-poor at the end: start − escaped + poor who became near-poor + new."""
    return start - escaped + from_poor + new


def achieved_decrease(start: int, end: int) -> int:
    """The decrease the period achieved: start − end (negative when poverty grew)."""
    return start - end


def exact_percent_of_plan(achieved: int, planned: int) -> Decimal | None:
    """achieved ÷ planned × 100, exact; None when nothing was planned."""
    if planned == 0:
        return None
    return Decimal(achieved) * 100 / Decimal(planned)


def percent_of_plan(achieved: int, planned: int) -> Decimal | None:
    """achieved ÷ planned × 100, half-up to two decimals; None when nothing was planned."""
    exact = exact_percent_of_plan(achieved, planned)
    return None if exact is None else round_half_up(exact, PLAN_DECIMALS)


NOT_ACHIEVED = "chưa đạt"  # a unit whose poor households grew: no negative percentage of a decrease


def format_percent_of_plan(value: Decimal | None) -> str:
    """107.69 -> '107,69'; a negative share -> 'chưa đạt' (the decrease column says "tăng 1"); None -> '—'.

    The table's column header carries the %. A percentage of a decrease below zero means nothing to a
    reader ("đạt −100 %"); the achieved column already shows the increase.
    """
    if value is None:
        return NO_PLAN
    return NOT_ACHIEVED if value < 0 else format_number(value, PLAN_DECIMALS)


@dataclass(frozen=True)
class Comparison:
    """One unit (or the town) judged against its target."""

    name: str
    planned: int  # giam_du_kien of the year's plan
    start: int
    end: int

    @property
    def achieved(self) -> int:
        return achieved_decrease(self.start, self.end)

    @property
    def percent(self) -> Decimal | None:
        return percent_of_plan(self.achieved, self.planned)

    def row(self) -> dict[str, str]:
        """The figures as the report's table shows them."""
        return {
            "ten": self.name,
            "ke_hoach": format_int(self.planned),
            "thuc_hien": format_signed(self.achieved),
            "dat": format_percent_of_plan(self.percent),
        }


def format_signed(value: int) -> str:
    """A decrease that turned into an increase says so in words: 2 -> '2', -1 -> 'tăng 1'."""
    return format_int(value) if value >= 0 else f"tăng {format_int(-value)}"


def total(name: str, rows: Sequence[Comparison]) -> Comparison:
    """The town's line: sums of the units' plan, start and end."""
    return Comparison(name, sum(r.planned for r in rows), sum(r.start for r in rows), sum(r.end for r in rows))
