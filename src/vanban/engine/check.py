"""Step 4, check: every stated figure must equal what the data computes.

Each rule has a stable code, like a linter's. Rules are small functions that
return findings; ``check`` runs them all. Messages show the stated value, the
computed one and the formula with its numbers, in Vietnamese.

| code | rule                                                                        |
|------|-----------------------------------------------------------------------------|
| R001 | a stated rate = count / denominator x 100, rounded half-up at its decimals   |
| R002 | a stated change of rate = the difference of the two rates                   |
| T001 | a stated total = the sum of the unit rows (also a typed "Cộng" row)          |
| I001 | per unit: year-end = poor - planned decrease                                |
| I002 | flows: start - escaped + new (+ from poor) = end                            |
| I003 | parts do not exceed wholes                                                  |
| X001 | across years: this plan's start = last plan's stated end (error)            |
| X002 | across years: this year's poor = last year's planned year-end (warning)     |
| P001 | a value left empty to fill in (a new year's scaffold leaves them so)        |
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from decimal import Decimal

from vanban.engine.compute import DERIVABLE, Computed, Totals, denominator
from vanban.engine.findings import Finding, Place, error, warning
from vanban.engine.numbers import Rate, format_int, format_percent, percent, round_half_up, truncate
from vanban.engine.prose import placeholders
from vanban.engine.schema import StatedFigures
from vanban.engine.validate import ValidPlan

Rule = Callable[[ValidPlan, Computed], Iterator[Finding]]


def _label(key: str) -> str:
    for name, field in StatedFigures.model_fields.items():
        if (field.alias or name) == key:
            return (field.description or key).split(" (")[0]
    return key


def rate_finding(
    place: Place,
    label: str,
    stated: Rate,
    part: int,
    whole: int,
    *,
    part_text: str | None = None,
    rounded_parts: tuple[Rate, ...] = (),
) -> Finding | None:
    """R001: ``stated`` must be part / whole x 100 rounded half-up at its own decimals.

    ``rounded_parts`` are the rates that make up a combined one: a stated value equal
    to their sum is a sum of rounded numbers, not a rate computed from the counts.
    """
    if whole == 0:
        return None
    exact = percent(part, whole)
    if round_half_up(exact, stated.decimals) == stated.value:
        return None
    shown = max(stated.decimals, 2)
    formula = f"{part_text or format_int(part)} / {format_int(whole)}"
    message = f"{label} ghi {format_percent(stated.value, stated.decimals)} nhưng {formula} = {format_percent(exact, shown)}"
    hints = []
    if stated.decimals < shown:
        hints.append(f"làm tròn đến {stated.decimals} chữ số thập phân là {format_percent(exact, stated.decimals)}")
    # Name the most specific likely cause: a sum of rounded parts, else truncation.
    if rounded_parts and sum((r.value for r in rounded_parts), Decimal(0)) == stated.value:
        parts = " + ".join(format_percent(r.value, r.decimals) for r in rounded_parts)
        hints.append(f"số đã ghi có vẻ là tổng các tỷ lệ đã làm tròn ({parts}), không tính từ số hộ")
    elif truncate(exact, stated.decimals) == stated.value:
        hints.append("số đã ghi có vẻ bị cắt bớt thay vì làm tròn")
    if hints:
        message += " (" + "; ".join(hints) + ")"
    return error("R001", place, message + ".")


def _town_place(valid: ValidPlan, key: str) -> Place:
    return valid.source.place(("so_lieu", key), key)


def town_rates(valid: ValidPlan, computed: Computed) -> Iterator[Finding]:
    figures = valid.plan.figures
    totals = computed.totals
    checks: list[tuple[str, Rate | None, int | None, str | None, tuple[Rate, ...]]] = [
        ("ty_le_ho_ngheo", figures.poverty_rate, totals.poor, None, ()),
        ("ty_le_ho_can_ngheo", figures.near_poverty_rate, figures.near_poor, None, ()),
        ("ty_le_ho_ngheo_cuoi_nam", figures.poverty_rate_year_end, totals.year_end, None, ()),
    ]
    if figures.near_poor is not None:
        shown = (computed.values.get("ty_le_ho_ngheo"), computed.values.get("ty_le_ho_can_ngheo"))
        checks.append(
            (
                "ty_le_ho_ngheo_va_can_ngheo",
                figures.combined_rate,
                totals.poor + figures.near_poor,
                f"({format_int(totals.poor)} + {format_int(figures.near_poor)})",
                tuple(r for r in shown if isinstance(r, Rate)),
            )
        )
    whole = denominator(valid, totals)
    for key, stated, part, part_text, rounded in checks:
        if stated is None or part is None or whole is None:
            continue
        place = _town_place(valid, key)
        found = rate_finding(place, _label(key), stated, part, whole, part_text=part_text, rounded_parts=rounded)
        if found:
            yield found


def rate_change(valid: ValidPlan, computed: Computed) -> Iterator[Finding]:
    """R002: a change of rate is the difference of the two rates the plan shows."""
    stated = valid.plan.figures.rate_decrease
    start, end = computed.values.get("ty_le_ho_ngheo"), computed.values.get("ty_le_ho_ngheo_cuoi_nam")
    if stated is None or not isinstance(start, Rate) or not isinstance(end, Rate):
        return
    difference = start.value - end.value
    if round_half_up(difference, stated.decimals) != stated.value:
        yield error(
            "R002",
            _town_place(valid, "muc_giam_ty_le_ho_ngheo"),
            f"{_label('muc_giam_ty_le_ho_ngheo')} ghi {format_percent(stated.value, stated.decimals)} nhưng "
            f"{start} − {end} = {format_percent(difference, max(start.decimals, end.decimals))}.",
        )


def unit_rates(valid: ValidPlan, computed: Computed) -> Iterator[Finding]:
    for unit, figures in zip(valid.units, computed.units, strict=True):
        stated = unit.row.poverty_rate
        if stated is None or figures.households is None:
            continue
        place = valid.unit_place(unit.line, "ty_le_ho_ngheo", figures.name)
        if found := rate_finding(place, "Tỷ lệ hộ nghèo", stated, figures.poor, figures.households):
            yield found


def _year_end_formula(totals: Totals) -> str:
    return f" (= {format_int(totals.poor)} − {format_int(totals.planned_decrease or 0)})"


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
        if value is not None and total is not None and value != total:
            formula = _year_end_formula(totals) if column == "ho_ngheo_cuoi_nam" else ""
            yield error(
                "T001",
                _town_place(valid, key),
                f"{_label(key)} ghi {format_int(value)} nhưng tổng cột {column} của {count} đơn vị "
                f"trong {valid.units_file} là {format_int(total)}{formula}.",
            )


def stated_total_row(valid: ValidPlan, computed: Computed) -> Iterator[Finding]:
    """A "Cộng" row typed into the CSV is checked against the rows above it, not rendered."""
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
        if value is not None and total is not None and value != total:
            formula = _year_end_formula(totals) if column == "ho_ngheo_cuoi_nam" else ""
            yield error(
                "T001",
                valid.unit_place(line, column, row.unit),
                f"dòng «{row.unit}» ghi {format_int(value)} nhưng các dòng trên cộng lại là {format_int(total)}{formula}.",
            )
    whole = denominator(valid, totals)
    if row.poverty_rate is not None and whole is not None:
        place = valid.unit_place(line, "ty_le_ho_ngheo", row.unit)
        if found := rate_finding(place, "Tỷ lệ hộ nghèo", row.poverty_rate, totals.poor, whole):
            yield found


def unit_identities(valid: ValidPlan, computed: Computed) -> Iterator[Finding]:
    for figures in computed.units:
        if figures.computed_year_end is not None and figures.year_end != figures.computed_year_end:
            yield error(
                "I001",
                valid.unit_place(figures.line, "ho_ngheo_cuoi_nam", figures.name),
                f"hộ nghèo cuối năm ghi {format_int(figures.year_end)} nhưng "
                f"{format_int(figures.poor)} − {format_int(figures.planned_decrease)} = {format_int(figures.computed_year_end)}.",
            )


def flows(valid: ValidPlan, computed: Computed) -> Iterator[Finding]:
    f = valid.plan.figures
    poor_end = f.poor if f.poor is not None else computed.totals.poor
    poor_parts = (f.poor_start, f.poor_escaped, f.poor_new)
    poor_flow = None if None in poor_parts else f.poor_start - f.poor_escaped + f.poor_new
    if poor_flow is not None and poor_flow != poor_end:
        yield error(
            "I002",
            _town_place(valid, "ho_ngheo" if f.poor is not None else "ho_ngheo_dau_ky"),
            f"hộ nghèo cuối kỳ là {format_int(poor_end)} nhưng {format_int(f.poor_start)} − {format_int(f.poor_escaped)} "
            f"+ {format_int(f.poor_new)} = {format_int(poor_flow)}.",
        )
    if None in (f.near_poor_start, f.near_poor_escaped, f.near_poor_from_poor, f.near_poor_new, f.near_poor):
        return
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
        if figures.planned_decrease is not None and figures.planned_decrease > figures.poor:
            yield error(
                "I003",
                valid.unit_place(figures.line, "giam_du_kien", figures.name),
                f"số hộ dự kiến giảm ({format_int(figures.planned_decrease)}) lớn hơn số hộ nghèo ({format_int(figures.poor)}).",
            )
    f = valid.plan.figures
    poor = f.poor if f.poor is not None else computed.totals.poor
    pairs = [
        ("ho_ngheo_khong_kha_nang_lao_dong", f.poor_no_labour, "ho_ngheo", poor),
        ("ho_ngheo_thoat_ngheo", f.poor_escaped, "ho_ngheo_dau_ky", f.poor_start),
        ("ho_can_ngheo_thoat", f.near_poor_escaped, "ho_can_ngheo_dau_ky", f.near_poor_start),
        ("ho_can_ngheo_tu_ho_ngheo", f.near_poor_from_poor, "ho_ngheo_thoat_ngheo", f.poor_escaped),
        ("chi_tieu_giam_ho_ngheo", f.target_decrease, "ho_ngheo", poor),
    ]
    for key, part, whole_key, whole in pairs:
        if part is not None and whole is not None and part > whole:
            yield error(
                "I003",
                _town_place(valid, key),
                f"{_label(key).lower()} ({format_int(part)}) lớn hơn {_label(whole_key).lower()} ({format_int(whole)}).",
            )


def to_fill(valid: ValidPlan, computed: Computed) -> Iterator[Finding]:
    """P001: values left empty for the drafter to decide (a new year's scaffold leaves them so)."""
    plan = valid.plan
    if plan.document.date is None:
        yield error("P001", valid.source.place(("van_ban", "ngay"), "van_ban.ngay"), "chưa điền ngày ban hành.")
    for key, citation in plan.citations.items():
        for field, value, what in (("so", citation.number, "số, ký hiệu"), ("ngay", citation.date, "ngày ban hành")):
            if value is None:
                place = valid.source.place(("can_cu", key, field), f"can_cu.{key}.{field}")
                yield error("P001", place, f"chưa điền {what} của văn bản «{key}» ({citation.kind} {citation.subject}).")
    for name, field in StatedFigures.model_fields.items():
        if field.is_required() and getattr(plan.figures, name) is None:
            key = field.alias or name
            yield error("P001", _town_place(valid, key), f"chưa điền {_label(key).lower()}.")
    for unit in computed.units:
        if unit.households is None:
            yield error("P001", valid.unit_place(unit.line, "tong_so_ho", unit.name), "chưa điền tổng số hộ của đơn vị.")
        if unit.planned_decrease is None:
            yield error("P001", valid.unit_place(unit.line, "giam_du_kien", unit.name), "chưa điền số hộ dự kiến giảm.")
    # A figure the prose uses that has no value: required and derivable ones are reported
    # above through their cause (an empty flow, an undecided decrease); the rest here.
    used = {name for block in plan.body for name in placeholders(block.text)} | set(placeholders(plan.document.summary))
    required = {f.alias for f in StatedFigures.model_fields.values() if f.is_required()}
    known = set(computed.values) | set(plan.citations) | {"nam", "nam_truoc"} | required | DERIVABLE
    for name in sorted(used - known):
        yield error("P001", _town_place(valid, name), f"nội dung dùng ${{{name}}} nhưng chưa có số liệu này.")


RULES: tuple[Rule, ...] = (
    to_fill,
    town_rates,
    rate_change,
    unit_rates,
    town_totals,
    stated_total_row,
    unit_identities,
    flows,
    parts_within_wholes,
)


def across_years(
    current: ValidPlan, now: Computed, previous: ValidPlan, before: Computed, merges: Mapping[str, tuple[str, ...]] | None = None
) -> Iterator[Finding]:
    """This plan starts where last year's plan ended.

    What last year's plan *stated* as a count at the end of the year before is a
    fact both plans share (X001, error). What it *planned* for its year-end is a
    target, which the year's results may beat or miss (X002, warning). Units merged or
    renamed since last year (``merges``, the year's merge map) are compared with the sum
    of the units they were made of.
    """
    from vanban.communes.merge import apply_merges, describe

    year = current.plan.year
    f, g = current.plan.figures, previous.plan.figures
    last_poor = before.values.get("ho_ngheo")
    facts = [
        ("ho_ngheo_dau_ky", f.poor_start, "ho_ngheo", last_poor),
        ("ho_can_ngheo_dau_ky", f.near_poor_start, "ho_can_ngheo", g.near_poor),
    ]
    for key, value, last_key, last in facts:
        if value is not None and last is not None and value != last:
            yield error(
                "X001",
                _town_place(current, key),
                f"{_label(key).lower()} ghi {format_int(value)} nhưng kế hoạch năm {year - 1} "
                f"({previous.source.file}) ghi {last_key} = {format_int(last)}.",
            )
    merges = merges or {}
    planned = {u.name.casefold(): u for u in apply_merges(before.units, merges)}
    for unit in now.units:
        last_unit = planned.get(unit.name.casefold())
        if last_unit is None:
            yield warning(
                "X002",
                current.unit_place(unit.line, "don_vi", unit.name),
                f"đơn vị «{unit.name}» không có trong kế hoạch năm {year - 1}.",
            )
        elif last_unit.year_end is not None and unit.poor != last_unit.year_end:
            merged = f" của {describe(merges, unit.name)} (gộp lại)" if unit.name in merges else ""
            yield warning(
                "X002",
                current.unit_place(unit.line, "ho_ngheo", unit.name),
                f"hộ nghèo đầu năm {year} là {format_int(unit.poor)}, khác số dự kiến cuối năm {year - 1}{merged} "
                f"là {format_int(last_unit.year_end)} ({previous.units_file}).",
            )
    names = {u.name.casefold() for u in now.units}
    names |= {old.casefold() for new, olds in merges.items() if new.casefold() in names for old in olds}
    for unit in before.units:
        if unit.name.casefold() not in names:
            yield warning(
                "X002",
                Place(current.units_file, unit=unit.name),
                f"đơn vị «{unit.name}» của kế hoạch năm {year - 1} không còn trong bảng năm {year}.",
            )


def check(
    valid: ValidPlan,
    computed: Computed,
    previous: tuple[ValidPlan, Computed] | None = None,
    merges: Mapping[str, tuple[str, ...]] | None = None,
) -> list[Finding]:
    findings = [finding for rule in RULES for finding in rule(valid, computed)]
    if previous is not None:
        findings += across_years(valid, computed, *previous, merges)
    return findings
