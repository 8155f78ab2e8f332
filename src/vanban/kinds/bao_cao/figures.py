"""Compute and check the report: each unit's flows, the totals, plan against actual.

Every stated figure (a cell of ``ket_qua.csv``, a ``Cộng`` row, a town figure
of the report's YAML) is proved against what the data computes, with the plan's
codes: R001 rates, R002 change of rate, T001 totals, I002 flows, I003 parts
within wholes; and the report's own: R003 a stated "đạt … % kế hoạch", X003 a
unit's start that is not the plan's ``ho_ngheo``, X004 units of the report and
the plan that do not match.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal

from vanban.engine.findings import Finding, Place, error
from vanban.engine.numbers import RATE_DECIMALS, Rate, format_int, format_number, format_percent, percent, round_half_up
from vanban.kinds.bao_cao.arithmetic import (
    PLAN_DECIMALS,
    Comparison,
    exact_percent_of_plan,
    flow_end,
    near_poor_flow_end,
)
from vanban.kinds.bao_cao.schema import ReportFigures, figure_label
from vanban.kinds.bao_cao.table import COLUMNS, DECREASES, INCREASES, ResultsTable, Row


@dataclass(frozen=True)
class PlanUnit:
    name: str
    line: int
    poor: int  # ho_ngheo: the plan's start
    planned: int | None  # giam_du_kien, None while undecided


@dataclass(frozen=True)
class PlanTargets:
    """What the report is judged against: the year's plan, unit by unit."""

    year: int
    plan_file: str
    units_file: str
    households: int
    units: tuple[PlanUnit, ...]

    def unit(self, name: str) -> PlanUnit | None:
        return next((u for u in self.units if u.name.casefold() == name.casefold()), None)


@dataclass(frozen=True)
class UnitResult:
    row: Row
    values: dict[str, int | None]  # counts as used: stated, or computed where blank
    computed_end: int
    computed_near_end: int | None
    rate: Rate  # year-end rate as shown
    near_rate: Rate | None
    comparison: Comparison | None  # None: the unit is not in the plan (X004)

    @property
    def name(self) -> str:
        return self.row.name


@dataclass(frozen=True)
class Results:
    units: tuple[UnitResult, ...]
    sums: dict[str, int]  # column totals of the counts
    derived: dict[str, int | Decimal]  # exact town figures, by YAML key
    values: dict[str, int | Rate]  # what the document shows, by YAML key
    comparison: Comparison  # the town against its target
    findings: list[Finding] = field(default_factory=list)


POOR_COUNTS = ("tong_so_ho", "ho_ngheo_dau_nam", "thoat_ngheo", "phat_sinh", "ho_ngheo_cuoi_nam")
NEAR_COUNTS = ("ho_can_ngheo_dau_nam", "thoat_can_ngheo", "can_ngheo_tu_ho_ngheo", "can_ngheo_phat_sinh", "ho_can_ngheo_cuoi_nam")


def _rate(part: int, whole: int) -> Rate:
    return Rate(round_half_up(percent(part, whole), RATE_DECIMALS), RATE_DECIMALS) if whole else Rate(Decimal(0), RATE_DECIMALS)


def _int(value: object) -> int | None:
    return value if isinstance(value, int) else None


def unit_values(row: Row, table: ResultsTable) -> dict[str, int | None]:
    """The unit's counts: escaped and new from the detailed flows when left blank, year-end from the flow."""
    v: dict[str, int | None] = {k: _int(row.get(k)) for k in COLUMNS if COLUMNS[k].type == "count"}
    if table.has_detail:
        if v["thoat_ngheo"] is None:
            v["thoat_ngheo"] = sum(v[c.key] or 0 for c in DECREASES)
        if v["phat_sinh"] is None:
            v["phat_sinh"] = sum(v[c.key] or 0 for c in INCREASES)
    return v


def unit_result(row: Row, table: ResultsTable, plan: PlanTargets) -> UnitResult:
    v = unit_values(row, table)
    start, escaped, new = v["ho_ngheo_dau_nam"] or 0, v["thoat_ngheo"] or 0, v["phat_sinh"] or 0
    computed_end = flow_end(start, escaped, new)
    if v["ho_ngheo_cuoi_nam"] is None:
        v["ho_ngheo_cuoi_nam"] = computed_end
    households = v["tong_so_ho"] or 0
    stated_rate = row.get("ty_le_ho_ngheo_cuoi_nam")
    rate = stated_rate if isinstance(stated_rate, Rate) else _rate(v["ho_ngheo_cuoi_nam"] or 0, households)
    near_end = near_rate = None
    if table.has_near_poor:
        near_end = near_poor_flow_end(
            v["ho_can_ngheo_dau_nam"] or 0,
            v["thoat_can_ngheo"] or 0,
            v["can_ngheo_tu_ho_ngheo"] or 0,
            v["can_ngheo_phat_sinh"] or 0,
        )
        if v["ho_can_ngheo_cuoi_nam"] is None:
            v["ho_can_ngheo_cuoi_nam"] = near_end
        stated = row.get("ty_le_ho_can_ngheo_cuoi_nam")
        near_rate = stated if isinstance(stated, Rate) else _rate(v["ho_can_ngheo_cuoi_nam"] or 0, households)
    target = plan.unit(row.name)
    comparison = None
    if target is not None:
        comparison = Comparison(row.name, target.planned or 0, start, v["ho_ngheo_cuoi_nam"] or 0)
    return UnitResult(row, v, computed_end, near_end, rate, near_rate, comparison)


def compute(table: ResultsTable, figures: ReportFigures, plan: PlanTargets) -> Results:
    units = tuple(unit_result(row, table, plan) for row in table.units)
    keys = POOR_COUNTS + (NEAR_COUNTS if table.has_near_poor else ())
    sums = {k: sum(u.values[k] or 0 for u in units) for k in keys}
    derived: dict[str, int | Decimal] = dict(sums)
    households, start, end = sums["tong_so_ho"], sums["ho_ngheo_dau_nam"], sums["ho_ngheo_cuoi_nam"]
    planned = sum(u.planned or 0 for u in plan.units)
    town = Comparison("Cộng", planned, start, end)
    derived["chi_tieu_giam_ho_ngheo"] = planned
    derived["giam_ho_ngheo"] = town.achieved
    if (exact := exact_percent_of_plan(town.achieved, planned)) is not None:
        derived["ty_le_dat_ke_hoach"] = exact
    if plan.households:
        derived["ty_le_ho_ngheo_dau_nam"] = percent(start, plan.households)
    if households:
        derived["ty_le_ho_ngheo_cuoi_nam"] = percent(end, households)
        if table.has_near_poor:
            derived["ty_le_ho_can_ngheo_cuoi_nam"] = percent(sums["ho_can_ngheo_cuoi_nam"], households)
    values: dict[str, int | Rate] = {}
    for name, fld in ReportFigures.model_fields.items():
        key = fld.alias or name
        stated = getattr(figures, name)
        if stated is not None:
            values[key] = stated
        elif isinstance(derived.get(key), int):
            values[key] = derived[key]
        elif key in derived:
            decimals = PLAN_DECIMALS if key == "ty_le_dat_ke_hoach" else RATE_DECIMALS
            values[key] = Rate(round_half_up(Decimal(derived[key]), decimals), decimals)
    first, last = values.get("ty_le_ho_ngheo_dau_nam"), values.get("ty_le_ho_ngheo_cuoi_nam")
    if isinstance(first, Rate) and isinstance(last, Rate):
        derived["muc_giam_ty_le_ho_ngheo"] = first.value - last.value
        if figures.rate_decrease is None:
            decimals = max(first.decimals, last.decimals)
            values["muc_giam_ty_le_ho_ngheo"] = Rate(round_half_up(first.value - last.value, decimals), decimals)
    return Results(units, sums, derived, values, town)


# ---------------------------------------------------------------- rules


def _rate_finding(place: Place, label: str, stated: Rate, part: int, whole: int, formula: str | None = None) -> Finding | None:
    """R001, as the plan's: the stated rate equals part / whole × 100 at its own decimals, half-up."""
    from vanban.engine.check import rate_finding

    return rate_finding(place, label, stated, part, whole, part_text=formula)


def unit_rules(table: ResultsTable, results: Results, plan: PlanTargets) -> Iterator[Finding]:
    for u in results.units:
        row, v, name = u.row, u.values, u.name

        def at(key: str, _row: Row = row, _name: str = name) -> Place:
            return table.place(_row.line, key, _name)

        # Detailed flows add up to the escaped and new households they break down.
        if table.has_detail:
            for key, parts in (("thoat_ngheo", DECREASES), ("phat_sinh", INCREASES)):
                stated = _int(row.get(key))
                summed = sum(v[c.key] or 0 for c in parts)
                if stated is not None and stated != summed:
                    terms = " + ".join(format_int(v[c.key] or 0) for c in parts)
                    yield error(
                        "I002",
                        at(key),
                        f"{COLUMNS[key].header.lower()} ghi {format_int(stated)} nhưng các cột chi tiết cộng lại "
                        f"{terms} = {format_int(summed)}.",
                    )
        start, escaped, new = v["ho_ngheo_dau_nam"] or 0, v["thoat_ngheo"] or 0, v["phat_sinh"] or 0
        if v["ho_ngheo_cuoi_nam"] != u.computed_end:
            yield error(
                "I002",
                at("ho_ngheo_cuoi_nam"),
                f"hộ nghèo cuối kỳ ghi {format_int(v['ho_ngheo_cuoi_nam'] or 0)} nhưng đầu năm − thoát nghèo + phát sinh "
                f"= {format_int(start)} − {format_int(escaped)} + {format_int(new)} = {format_int(u.computed_end)}.",
            )
        if escaped > start:
            yield error(
                "I003",
                at("thoat_ngheo"),
                f"hộ thoát nghèo ({format_int(escaped)}) lớn hơn hộ nghèo đầu năm ({format_int(start)}).",
            )
        households = v["tong_so_ho"] or 0
        for key in ("ho_ngheo_cuoi_nam",) + (("ho_can_ngheo_cuoi_nam",) if table.has_near_poor else ()):
            if (v[key] or 0) > households:
                yield error(
                    "I003",
                    at(key),
                    f"{COLUMNS[key].header.lower()} ({format_int(v[key] or 0)}) lớn hơn tổng số hộ ({format_int(households)}).",
                )
        stated_rate = row.get("ty_le_ho_ngheo_cuoi_nam")
        if isinstance(stated_rate, Rate) and households:
            if found := _rate_finding(
                at("ty_le_ho_ngheo_cuoi_nam"), "Tỷ lệ hộ nghèo cuối kỳ", stated_rate, v["ho_ngheo_cuoi_nam"] or 0, households
            ):
                yield found
        if table.has_near_poor:
            ns, ne, nf, nn = (
                v[k] or 0 for k in ("ho_can_ngheo_dau_nam", "thoat_can_ngheo", "can_ngheo_tu_ho_ngheo", "can_ngheo_phat_sinh")
            )
            if v["ho_can_ngheo_cuoi_nam"] != u.computed_near_end:
                yield error(
                    "I002",
                    at("ho_can_ngheo_cuoi_nam"),
                    f"hộ cận nghèo cuối kỳ ghi {format_int(v['ho_can_ngheo_cuoi_nam'] or 0)} nhưng {format_int(ns)} − {format_int(ne)} "
                    f"+ {format_int(nf)} + {format_int(nn)} = {format_int(u.computed_near_end or 0)}.",
                )
            if ne > ns:
                yield error(
                    "I003",
                    at("thoat_can_ngheo"),
                    f"hộ thoát cận nghèo ({format_int(ne)}) lớn hơn hộ cận nghèo đầu năm ({format_int(ns)}).",
                )
            if nf > escaped:
                yield error(
                    "I003",
                    at("can_ngheo_tu_ho_ngheo"),
                    f"hộ thoát nghèo rơi vào cận nghèo ({format_int(nf)}) lớn hơn hộ thoát nghèo ({format_int(escaped)}).",
                )
            stated_near = row.get("ty_le_ho_can_ngheo_cuoi_nam")
            if isinstance(stated_near, Rate) and households:
                part = v["ho_can_ngheo_cuoi_nam"] or 0
                if found := _rate_finding(
                    at("ty_le_ho_can_ngheo_cuoi_nam"), "Tỷ lệ hộ cận nghèo cuối kỳ", stated_near, part, households
                ):
                    yield found
        # The report starts where the plan started: the same poor households per unit.
        target = plan.unit(name)
        if target is None:
            yield error(
                "X004",
                at("don_vi"),
                f"đơn vị «{name}» không có trong kế hoạch năm {plan.year} ({plan.units_file}); "
                "hãy ghi tên đơn vị đúng như trong kế hoạch.",
            )
        elif target.poor != start:
            yield error(
                "X003",
                at("ho_ngheo_dau_nam"),
                f"hộ nghèo đầu năm của «{name}» ghi {format_int(start)} trong {table.file} nhưng kế hoạch năm {plan.year} "
                f"ghi {format_int(target.poor)} ({plan.units_file}:{target.line}, cột ho_ngheo).",
            )
    reported = {u.name.casefold() for u in results.units}
    for target in plan.units:
        if target.name.casefold() not in reported:
            yield error(
                "X004",
                Place(plan.units_file, target.line, 1, "don_vi", target.name),
                f"đơn vị «{target.name}» có trong kế hoạch năm {plan.year} nhưng không có trong {table.file}.",
            )


def total_row(table: ResultsTable, results: Results) -> Iterator[Finding]:
    """A "Cộng" row typed into the CSV is checked against the rows above it."""
    row = table.stated_total
    if row is None:
        return
    for key, summed in results.sums.items():
        stated = _int(row.get(key))
        if stated is not None and stated != summed:
            yield error(
                "T001",
                table.place(row.line, key, row.name),
                f"dòng «{row.name}» ghi {format_int(stated)} nhưng các dòng trên cộng lại là {format_int(summed)}.",
            )
    for key, part_key in (
        ("ty_le_ho_ngheo_cuoi_nam", "ho_ngheo_cuoi_nam"),
        ("ty_le_ho_can_ngheo_cuoi_nam", "ho_can_ngheo_cuoi_nam"),
    ):
        stated = row.get(key)
        if isinstance(stated, Rate) and part_key in results.sums and results.sums["tong_so_ho"]:
            place = table.place(row.line, key, row.name)
            if found := _rate_finding(
                place, COLUMNS[key].header.split(" (")[0], stated, results.sums[part_key], results.sums["tong_so_ho"]
            ):
                yield found


def town_rules(figures: ReportFigures, results: Results, place_of, table: ResultsTable, plan: PlanTargets) -> Iterator[Finding]:
    """Stated town figures against the tables: T001 sums, R001 rates, R002, R003, I003."""
    stated = {(f.alias or n): getattr(figures, n) for n, f in ReportFigures.model_fields.items()}
    sums_of = {
        "chi_tieu_giam_ho_ngheo": f"tổng cột giam_du_kien của {len(plan.units)} đơn vị trong {plan.units_file}",
    }
    for key in list(results.sums) + ["chi_tieu_giam_ho_ngheo"]:
        value, computed = stated.get(key), results.derived.get(key)
        if isinstance(value, int) and isinstance(computed, int) and value != computed:
            where = sums_of.get(key, f"tổng cột {key} của {len(results.units)} đơn vị trong {table.file}")
            yield error(
                "T001", place_of(key), f"{figure_label(key)} ghi {format_int(value)} nhưng {where} là {format_int(computed)}."
            )
    town = results.comparison
    achieved = stated.get("giam_ho_ngheo")
    if isinstance(achieved, int) and achieved != town.achieved:
        yield error(
            "T001",
            place_of("giam_ho_ngheo"),
            f"{figure_label('giam_ho_ngheo')} ghi {format_int(achieved)} nhưng đầu năm − cuối kỳ = "
            f"{format_int(town.start)} − {format_int(town.end)} = {format_int(town.achieved)}.",
        )
    households = results.sums["tong_so_ho"]
    rates = [
        ("ty_le_ho_ngheo_cuoi_nam", results.sums["ho_ngheo_cuoi_nam"], households),
        ("ty_le_ho_ngheo_dau_nam", results.sums["ho_ngheo_dau_nam"], plan.households),
    ]
    if table.has_near_poor:
        rates.append(("ty_le_ho_can_ngheo_cuoi_nam", results.sums["ho_can_ngheo_cuoi_nam"], households))
    for key, part, whole in rates:
        value = stated.get(key)
        if isinstance(value, Rate) and whole:
            if found := _rate_finding(place_of(key), figure_label(key), value, part, whole):
                yield found
    change = stated.get("muc_giam_ty_le_ho_ngheo")
    first, last = results.values.get("ty_le_ho_ngheo_dau_nam"), results.values.get("ty_le_ho_ngheo_cuoi_nam")
    if isinstance(change, Rate) and isinstance(first, Rate) and isinstance(last, Rate):
        difference = first.value - last.value
        if round_half_up(difference, change.decimals) != change.value:
            yield error(
                "R002",
                place_of("muc_giam_ty_le_ho_ngheo"),
                f"{figure_label('muc_giam_ty_le_ho_ngheo')} ghi {format_percent(change.value, change.decimals)} nhưng "
                f"{first} − {last} = {format_percent(difference, max(first.decimals, last.decimals))}.",
            )
    ratio = stated.get("ty_le_dat_ke_hoach")
    if isinstance(ratio, Rate):
        exact = exact_percent_of_plan(town.achieved, town.planned)
        if exact is None:
            yield error(
                "R003",
                place_of("ty_le_dat_ke_hoach"),
                f"{figure_label('ty_le_dat_ke_hoach')} ghi {format_percent(ratio.value, ratio.decimals)} nhưng kế hoạch "
                "không giao chỉ tiêu giảm hộ nghèo nào (tổng giam_du_kien = 0), nên không có tỷ lệ đạt.",
            )
        elif round_half_up(exact, ratio.decimals) != ratio.value:
            yield error(
                "R003",
                place_of("ty_le_dat_ke_hoach"),
                f"{figure_label('ty_le_dat_ke_hoach')} ghi {format_percent(ratio.value, ratio.decimals)} nhưng "
                f"{format_int(town.achieved)} / {format_int(town.planned)} = "
                f"{format_number(exact, max(ratio.decimals, PLAN_DECIMALS))}{chr(0xA0)}% "
                f"(đã giảm {format_int(town.start)} − {format_int(town.end)} = {format_int(town.achieved)} hộ, "
                f"chỉ tiêu {format_int(town.planned)} hộ).",
            )
    no_labour, end = stated.get("ho_ngheo_khong_kha_nang_lao_dong"), results.values.get("ho_ngheo_cuoi_nam")
    if isinstance(no_labour, int) and isinstance(end, int) and no_labour > end:
        yield error(
            "I003",
            place_of("ho_ngheo_khong_kha_nang_lao_dong"),
            f"{figure_label('ho_ngheo_khong_kha_nang_lao_dong').lower()} ({format_int(no_labour)}) lớn hơn hộ nghèo cuối kỳ ({format_int(end)}).",
        )


def check(table: ResultsTable, figures: ReportFigures, results: Results, plan: PlanTargets, place_of) -> list[Finding]:
    return [
        *unit_rules(table, results, plan),
        *total_row(table, results),
        *town_rules(figures, results, place_of, table, plan),
    ]
