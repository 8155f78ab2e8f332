"""Step 4, check: every stated figure must equal what the data computes.

Each rule has a stable code, like a linter's. Rules are small functions that
return findings; ``check`` runs them all. Messages show the stated value, the
computed one and the formula with its numbers, in Vietnamese.

| code | rule                                                                   |
|------|------------------------------------------------------------------------|
| R001 | a stated rate equals count / denominator x 100, half-up, at its decimals |
| T001 | a stated total equals the sum of the unit rows                         |
| I001 | year-end = start - planned decrease (per unit)                          |
| I002 | flows: start - escaped + new (+ from poor) = end                        |
| I003 | parts do not exceed wholes                                              |
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from decimal import Decimal

from .compute import Computed
from .findings import Finding, Place, error
from .numbers import Rate, format_int, format_percent, round_half_up, truncate
from .schema import StatedFigures
from .validate import ValidPlan

Rule = Callable[[ValidPlan, Computed], Iterator[Finding]]


def _label(key: str) -> str:
    for name, field in StatedFigures.model_fields.items():
        if (field.alias or name) == key:
            return (field.description or key).split(" (")[0]
    return key


def rate_finding(place: Place, label: str, stated: Rate, part: int, whole: int) -> Finding | None:
    """R001: ``stated`` must be part / whole x 100 rounded half-up at its own decimals."""
    if whole == 0:
        return None
    exact = Decimal(part) * 100 / Decimal(whole)
    if round_half_up(exact, stated.decimals) == stated.value:
        return None
    shown = max(stated.decimals, 2)
    message = (
        f"{label} ghi {format_percent(stated.value, stated.decimals)} nhưng "
        f"{format_int(part)} / {format_int(whole)} = {format_percent(exact, shown)}"
    )
    if stated.decimals < shown:
        message += f" (làm tròn đến {stated.decimals} chữ số thập phân là {format_percent(exact, stated.decimals)}"
        if truncate(exact, stated.decimals) == stated.value:
            message += "; số đã ghi có vẻ bị cắt bớt thay vì làm tròn"
        message += ")"
    elif truncate(exact, stated.decimals) == stated.value:
        message += " (số đã ghi có vẻ bị cắt bớt thay vì làm tròn)"
    return error("R001", place, message + ".")


def _town_place(valid: ValidPlan, key: str) -> Place:
    return valid.source.place(("so_lieu", key), key)


def town_rates(valid: ValidPlan, computed: Computed) -> Iterator[Finding]:
    figures = valid.plan.figures
    totals = computed.totals
    pairs = {
        "ty_le_ho_ngheo": (figures.poverty_rate, totals.poor),
        "ty_le_ho_can_ngheo": (figures.near_poverty_rate, figures.near_poor),
        "ty_le_ho_ngheo_cuoi_nam": (figures.poverty_rate_year_end, totals.year_end),
    }
    for key, (stated, part) in pairs.items():
        if stated is not None and (found := rate_finding(_town_place(valid, key), _label(key), stated, part, totals.households)):
            yield found


def unit_rates(valid: ValidPlan, computed: Computed) -> Iterator[Finding]:
    for unit, figures in zip(valid.units, computed.units):
        stated = unit.row.poverty_rate
        if stated is None:
            continue
        place = valid.unit_place(unit.line, "ty_le_ho_ngheo", figures.name)
        if found := rate_finding(place, "Tỷ lệ hộ nghèo", stated, figures.poor, figures.households):
            yield found


def town_totals(valid: ValidPlan, computed: Computed) -> Iterator[Finding]:
    figures = valid.plan.figures
    totals = computed.totals
    stated = {
        "tong_so_ho": (figures.households, totals.households, "tong_so_ho"),
        "ho_ngheo": (figures.poor, totals.poor, "ho_ngheo"),
        "chi_tieu_giam_ho_ngheo": (figures.target_decrease, totals.planned_decrease, "giam_du_kien"),
        "ho_ngheo_cuoi_nam": (figures.poor_year_end, totals.year_end, "ho_ngheo_cuoi_nam"),
    }
    count = len(computed.units)
    for key, (value, total, column) in stated.items():
        if value is not None and value != total:
            yield error(
                "T001",
                _town_place(valid, key),
                f"{_label(key)} ghi {format_int(value)} nhưng tổng cột {column} của {count} đơn vị "
                f"trong {valid.units_file} là {format_int(total)}.",
            )


def stated_total_row(valid: ValidPlan, computed: Computed) -> Iterator[Finding]:
    """A "Cộng" row typed into the CSV is checked against the rows above it."""
    if valid.stated_total is None:
        return
    row, line = valid.stated_total.row, valid.stated_total.line
    totals = computed.totals
    pairs = {
        "tong_so_ho": (row.households, totals.households),
        "ho_ngheo": (row.poor, totals.poor),
        "giam_du_kien": (row.planned_decrease, totals.planned_decrease),
        "ho_ngheo_cuoi_nam": (row.poor_year_end, totals.year_end),
    }
    for column, (value, total) in pairs.items():
        if value is not None and value != total:
            formula = ""
            if column == "ho_ngheo_cuoi_nam":
                formula = f" (= {format_int(totals.poor)} − {format_int(totals.planned_decrease)})"
            yield error(
                "T001",
                valid.unit_place(line, column, row.unit),
                f"dòng «{row.unit}» ghi {format_int(value)} nhưng các dòng trên cộng lại là {format_int(total)}{formula}.",
            )
    if row.poverty_rate is not None:
        place = valid.unit_place(line, "ty_le_ho_ngheo", row.unit)
        if found := rate_finding(place, "Tỷ lệ hộ nghèo", row.poverty_rate, totals.poor, totals.households):
            yield found


def unit_identities(valid: ValidPlan, computed: Computed) -> Iterator[Finding]:
    for figures in computed.units:
        if figures.year_end != figures.computed_year_end:
            yield error(
                "I001",
                valid.unit_place(figures.line, "ho_ngheo_cuoi_nam", figures.name),
                f"hộ nghèo cuối năm ghi {format_int(figures.year_end)} nhưng "
                f"{format_int(figures.poor)} − {format_int(figures.planned_decrease)} = {format_int(figures.computed_year_end)}.",
            )


def flows(valid: ValidPlan, computed: Computed) -> Iterator[Finding]:
    f = valid.plan.figures
    poor_end = f.poor if f.poor is not None else computed.totals.poor
    poor_flow = f.poor_start - f.poor_escaped + f.poor_new
    if poor_flow != poor_end:
        yield error(
            "I002",
            _town_place(valid, "ho_ngheo" if f.poor is not None else "ho_ngheo_dau_ky"),
            f"hộ nghèo cuối kỳ là {format_int(poor_end)} nhưng {format_int(f.poor_start)} − {format_int(f.poor_escaped)} "
            f"+ {format_int(f.poor_new)} = {format_int(poor_flow)}.",
        )
    near_flow = f.near_poor_start - f.near_poor_escaped + f.near_poor_from_poor + f.near_poor_new
    if near_flow != f.near_poor:
        yield error(
            "I002",
            _town_place(valid, "ho_can_ngheo"),
            f"hộ cận nghèo cuối kỳ ghi {format_int(f.near_poor)} nhưng {format_int(f.near_poor_start)} − "
            f"{format_int(f.near_poor_escaped)} + {format_int(f.near_poor_from_poor)} + {format_int(f.near_poor_new)} "
            f"= {format_int(near_flow)}.",
        )


def parts_within_wholes(valid: ValidPlan, computed: Computed) -> Iterator[Finding]:
    for figures in computed.units:
        if figures.poor > figures.households:
            yield error(
                "I003",
                valid.unit_place(figures.line, "ho_ngheo", figures.name),
                f"số hộ nghèo ({format_int(figures.poor)}) lớn hơn tổng số hộ ({format_int(figures.households)}).",
            )
        if figures.planned_decrease > figures.poor:
            yield error(
                "I003",
                valid.unit_place(figures.line, "giam_du_kien", figures.name),
                f"số hộ dự kiến giảm ({format_int(figures.planned_decrease)}) lớn hơn số hộ nghèo ({format_int(figures.poor)}).",
            )
    f = valid.plan.figures
    poor = f.poor if f.poor is not None else computed.totals.poor
    if f.poor_no_labour is not None and f.poor_no_labour > poor:
        yield error(
            "I003",
            _town_place(valid, "ho_ngheo_khong_kha_nang_lao_dong"),
            f"hộ nghèo không có khả năng lao động ({format_int(f.poor_no_labour)}) lớn hơn số hộ nghèo ({format_int(poor)}).",
        )


RULES: tuple[Rule, ...] = (town_rates, unit_rates, town_totals, stated_total_row, unit_identities, flows, parts_within_wholes)


def check(valid: ValidPlan, computed: Computed) -> list[Finding]:
    return [finding for rule in RULES for finding in rule(valid, computed)]
