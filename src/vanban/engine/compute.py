"""Step 3, compute: every derived figure of the plan, from the validated data.

Computed values are exact (``int`` counts, ``Decimal`` percentages); rounding
happens once, half-up, when a rate is given its number of decimals. The
``values`` mapping is what the prose and the document show: a stated figure
where the plan states one (``check`` proves it equals the computed one), the
computed figure otherwise. A figure not decided yet (a planned decrease left
blank) is ``None`` and so is everything that depends on it: nothing is guessed.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from vanban.engine.numbers import RATE_DECIMALS, Rate, percent, rate_of, round_half_up
from vanban.engine.validate import Unit, ValidPlan

# Town figures the data can give when the plan does not state them.
DERIVABLE = frozenset(
    {
        "tong_so_ho",
        "ho_ngheo",
        "chi_tieu_giam_ho_ngheo",
        "ho_ngheo_cuoi_nam",
        "ty_le_ho_ngheo",
        "ty_le_ho_can_ngheo",
        "ty_le_ho_ngheo_va_can_ngheo",
        "ty_le_ho_ngheo_cuoi_nam",
        "muc_giam_ty_le_ho_ngheo",
    }
)


@dataclass(frozen=True)
class UnitFigures:
    name: str
    line: int
    households: int | None  # None: not known yet (P001)
    poor: int
    rate: Rate | None  # as shown: stated, or computed with two decimals; None without households
    exact_rate: Decimal | None
    planned_decrease: int | None  # None: not decided yet
    year_end: int | None  # as shown
    computed_year_end: int | None
    officer: str


@dataclass(frozen=True)
class Totals:
    households: int | None  # None while any unit's households are not known
    poor: int
    planned_decrease: int | None  # None while any unit's decrease is not decided
    year_end: int | None


@dataclass(frozen=True)
class Computed:
    units: tuple[UnitFigures, ...]
    totals: Totals
    # Exact town-level values each stated figure must match, by its YAML key.
    derived: dict[str, int | Decimal]
    # What the document shows for each town-level figure, by its YAML key.
    values: dict[str, int | Rate]


def unit_figures(unit: Unit) -> UnitFigures:
    row = unit.row
    decrease = row.planned_decrease
    computed_year_end = row.poor - decrease if decrease is not None else None
    if row.households is None:
        exact, rate = None, row.poverty_rate
    else:
        exact = percent(row.poor, row.households) if row.households else Decimal(0)
        rate = row.poverty_rate or (rate_of(row.poor, row.households) if row.households else Rate(Decimal(0), RATE_DECIMALS))
    return UnitFigures(
        name=row.unit,
        line=unit.line,
        households=row.households,
        poor=row.poor,
        rate=rate,
        exact_rate=exact,
        planned_decrease=decrease,
        year_end=row.poor_year_end if row.poor_year_end is not None else computed_year_end,
        computed_year_end=computed_year_end,
        officer=row.officer,
    )


def _sum(values: list[int | None]) -> int | None:
    return None if any(v is None for v in values) else sum(v for v in values if v is not None)


def denominator(valid: ValidPlan, totals: Totals) -> int | None:
    """The town's households for its rates: the units' sum, else the figure the plan states.

    An imported plan may give households for the town but not per unit; its rates are
    then still checked against the number it states (which check proves once units are filled).
    """
    return totals.households if totals.households is not None else valid.plan.figures.households


def compute(valid: ValidPlan) -> Computed:
    units = tuple(unit_figures(u) for u in valid.units)
    totals = Totals(
        households=_sum([u.households for u in units]),
        poor=sum(u.poor for u in units),
        planned_decrease=_sum([u.planned_decrease for u in units]),
        year_end=_sum([u.computed_year_end for u in units]),
    )
    candidates: dict[str, int | None] = {
        "tong_so_ho": totals.households,
        "ho_ngheo": totals.poor,
        "chi_tieu_giam_ho_ngheo": totals.planned_decrease,
        "ho_ngheo_cuoi_nam": totals.year_end,
    }
    derived: dict[str, int | Decimal] = {k: v for k, v in candidates.items() if v is not None}
    figures = valid.plan.figures
    whole = denominator(valid, totals)
    if whole:
        derived["ty_le_ho_ngheo"] = percent(totals.poor, whole)
        if figures.near_poor is not None:
            derived["ty_le_ho_can_ngheo"] = percent(figures.near_poor, whole)
            derived["ty_le_ho_ngheo_va_can_ngheo"] = percent(totals.poor + figures.near_poor, whole)
        if totals.year_end is not None:
            derived["ty_le_ho_ngheo_cuoi_nam"] = percent(totals.year_end, whole)

    values: dict[str, int | Rate] = {}
    for name, field in type(figures).model_fields.items():
        key = field.alias or name
        stated = getattr(figures, name)
        if stated is not None:
            values[key] = stated
        elif isinstance(derived.get(key), int):
            values[key] = derived[key]
        elif key in derived:
            values[key] = Rate(round_half_up(Decimal(derived[key]), RATE_DECIMALS), RATE_DECIMALS)
    # A change of rate is the difference of the two rates as the plan shows them.
    start, end = values.get("ty_le_ho_ngheo"), values.get("ty_le_ho_ngheo_cuoi_nam")
    if isinstance(start, Rate) and isinstance(end, Rate):
        decimals = max(start.decimals, end.decimals)
        derived["muc_giam_ty_le_ho_ngheo"] = start.value - end.value
        if figures.rate_decrease is None:
            values["muc_giam_ty_le_ho_ngheo"] = Rate(round_half_up(start.value - end.value, decimals), decimals)
    return Computed(units, totals, derived, values)
