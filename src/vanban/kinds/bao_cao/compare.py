"""What the declaration cannot say: the report judged against its plan, unit by unit.

The results table (``ket_qua``) and the plan's unit table (``don_vi``, read through
``doc_bang``) are joined by unit name. Rules of their own, in the plan's format:

| code | rule |
|------|------|
| X003 | each column declared ``doi_chieu: don_vi.<cột>`` (the starts, poor and near-poor) equals the plan's for the unit (both files named) |
| X004 | the report and the plan list the same units |
| I002 | the detailed flows add up: ``thoat_ngheo`` = the ``giam_*`` columns, ``phat_sinh`` = the ``tang_*`` columns; near-poor, when the table has all its detail: ``thoat_can_ngheo`` = ``tang_tu_can_ngheo`` + the ``can_ngheo_giam_*`` columns, ``can_ngheo_phat_sinh`` = the ``can_ngheo_tang_*`` columns |
| S011 | the near-poor table placed while the results table has no near-poor columns |

Everything else (each unit's flow and rates, the "Cộng" row, the town figures,
"đạt … % kế hoạch") is declared in ``templates/bao-cao.yaml`` and checked by the
engine's generic rules.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator

from vanban.engine.compute import Computed, RowFigures
from vanban.engine.findings import Finding, error
from vanban.engine.numbers import format_int
from vanban.engine.validate import ValidPlan
from vanban.kinds.bao_cao.arithmetic import Comparison, total

RESULTS, PLAN = "ket_qua", "don_vi"
NEAR_POOR_TABLE = "ket_qua_can_ngheo"
DECREASES = ("giam_thanh_can_ngheo", "giam_vuot_chuan_can_ngheo", "giam_khac")
INCREASES = ("tang_tu_can_ngheo", "tang_tai_ngheo", "tang_phat_sinh_moi", "tang_khac")
# The near-poor group likewise; those that became poor are the poor group's ``tang_tu_can_ngheo``.
NEAR_POOR_DECREASES = ("tang_tu_can_ngheo", "can_ngheo_giam_vuot_chuan", "can_ngheo_giam_khac")
NEAR_POOR_INCREASES = ("can_ngheo_tang_phat_sinh_moi", "can_ngheo_tang_khac")


def _count(row: RowFigures, key: str) -> int:
    value = row.exact.get(key)
    return int(value) if isinstance(value, int) else 0


def plan_rows(computed: Computed) -> dict[str, RowFigures]:
    return {row.name.casefold(): row for row in computed.tables[PLAN].rows}


def comparisons(computed: Computed) -> tuple[Comparison, ...]:
    """Each reported unit that the plan has, against its planned decrease (undecided counts as 0)."""
    planned = plan_rows(computed)
    out = []
    for row in computed.tables[RESULTS].rows:
        target = planned.get(row.name.casefold())
        if target is not None:
            out.append(
                Comparison(
                    row.name, _count(target, "giam_du_kien"), _count(row, "ho_ngheo_dau_nam"), _count(row, "ho_ngheo_cuoi_nam")
                )
            )
    return tuple(out)


def town(computed: Computed) -> Comparison:
    """The whole commune's comparison: the «Cộng» row."""
    return total("Cộng", comparisons(computed))


def has_near_poor(valid: ValidPlan) -> bool:
    return "ho_can_ngheo_dau_nam" in valid.tables[RESULTS].header


def compared(valid: ValidPlan) -> dict[str, str]:
    """Each results column declared ``doi_chieu: don_vi.<column>`` -> the plan's column it must equal (X003)."""
    columns = valid.declaration.tables[RESULTS].columns.values()
    return {c.key: c.compared[1] for c in columns if c.compared is not None and c.compared[0] == PLAN}


def flows(header: Collection[str]) -> list[tuple[str, tuple[str, ...]]]:
    """Each stated flow -> the detail columns it must be the sum of (I002), for each group the table details."""
    out = []
    if DECREASES[0] in header:
        out += [("thoat_ngheo", DECREASES), ("phat_sinh", INCREASES)]
    near_poor = [("thoat_can_ngheo", NEAR_POOR_DECREASES), ("can_ngheo_phat_sinh", NEAR_POOR_INCREASES)]
    # The near-poor group only in full: its totals and all its parts (a table detailing the poor alone states none).
    if all(key in header and all(p in header for p in parts) for key, parts in near_poor):
        out += near_poor
    return out


def rules(valid: ValidPlan, computed: Computed) -> Iterator[Finding]:
    results, plan = valid.tables[RESULTS], valid.tables[PLAN]
    pairs = compared(valid)
    planned = plan_rows(computed)
    year = valid.plan.year
    for row in computed.tables[RESULTS].rows:
        # The report starts where the plan started: the same poor and near-poor households per unit.
        target = planned.get(row.name.casefold())
        if target is None:
            yield error(
                "X004",
                results.place(row.line, "don_vi", row.name),
                f"đơn vị «{row.name}» không có trong kế hoạch năm {year} ({plan.file}); hãy ghi tên đơn vị đúng như trong kế hoạch.",
            )
        else:
            for column, planned_column in pairs.items():
                stated, planned_value = row.exact.get(column), target.exact.get(planned_column)
                # Compared where both documents state it (the near-poor columns are optional in each).
                if column not in results.header or not isinstance(stated, int) or not isinstance(planned_value, int):
                    continue
                if stated != planned_value:
                    label = valid.declaration.tables[RESULTS].columns[column].label.lower()
                    yield error(
                        "X003",
                        results.place(row.line, column, row.name),
                        f"{label} của «{row.name}» ghi {format_int(stated)} trong {results.file} nhưng kế hoạch năm {year} "
                        f"ghi {format_int(planned_value)} ({plan.file}:{target.line}, cột {planned_column}).",
                    )
        # The national software's breakdown adds up to the escaped and new households (poor, and near-poor).
        for key, parts in flows(results.header):
            summed = sum(_count(row, p) for p in parts)
            if _count(row, key) != summed:
                terms = " + ".join(format_int(_count(row, p)) for p in parts)
                label = valid.declaration.tables[RESULTS].columns[key].label.lower()
                yield error(
                    "I002",
                    results.place(row.line, key, row.name),
                    f"{label} ghi {format_int(_count(row, key))} nhưng các cột chi tiết cộng lại {terms} = {format_int(summed)}.",
                )
    reported = {row.name.casefold() for row in computed.tables[RESULTS].rows}
    for target in computed.tables[PLAN].rows:
        if target.name.casefold() not in reported:
            yield error(
                "X004",
                plan.place(target.line, "don_vi", target.name),
                f"đơn vị «{target.name}» có trong kế hoạch năm {year} nhưng không có trong {results.file}.",
            )
    if not has_near_poor(valid):
        for i, block in enumerate(valid.plan.body):
            if block.kind == "table" and block.text == NEAR_POOR_TABLE:
                yield error(
                    "S011",
                    valid.source.place(("noi_dung", i)),
                    f"bảng «{NEAR_POOR_TABLE}» cần các cột hộ cận nghèo (ho_can_ngheo_dau_nam, …) trong {results.file}.",
                )
