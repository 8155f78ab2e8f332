"""The results report's hook: what only the report needs code for.

``templates/bao-cao.yaml`` declares the results table and the report's figures; the one
pipeline loads, validates, computes and checks them like the plan's. This module adds the
report's own: the plan must exist (A010), the plan's unit table joined in (``compare``: X003,
X004, I002, S011), the plan-against-actual and near-poor tables, the chart, and the template
context around them. Each period's files come from the registry (``kinds/registry.py``).
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from vanban.engine import reads
from vanban.engine.findings import Finding, Place, error, warning
from vanban.engine.numbers import Rate, format_int, format_number
from vanban.kinds.bao_cao import compare
from vanban.project import Project

if TYPE_CHECKING:
    from vanban.engine.compute import Computed
    from vanban.engine.validate import ValidPlan
    from vanban.pipeline import Checked

KIND_TABLES = frozenset({"so_sanh", compare.NEAR_POOR_TABLE})  # drawn by this kind, placed with «bang: …»
CHARTS = frozenset({"so_sanh"})  # «bieu_do: so_sanh»
HAND_MADE = frozenset({compare.RESULTS}) | KIND_TABLES  # tables the Word template draws itself


def preconditions(project: Project, year: int, context: Path) -> list[Finding]:
    """A010 when the year has no plan to compare with, unless the report itself is there: a report imported
    without its plan (offices often keep only the report) is checked on its own figures (``rules``)."""
    if reads.exists(project.plan_file(year)) or reads.exists(context):
        return []
    return [
        error(
            "A010",
            Place(project.display(project.plan_file(year))),
            f"chưa có kế hoạch năm {year} để đối chiếu: báo cáo kết quả so với kế hoạch của năm đó.",
        )
    ]


def rules(valid: ValidPlan, computed: Computed) -> list[Finding]:
    """Plan against actual, per unit, when both tables have units; otherwise a warning that says what was not
    compared (the town figures are checked all the same)."""
    plan, results = valid.tables[compare.PLAN], valid.tables[compare.RESULTS]
    if plan.rows and results.rows:
        return list(compare.rules(valid, computed))
    if plan.rows:
        message = (
            f"{results.file} chưa có kết quả của đơn vị nào: báo cáo chưa được đối chiếu với chỉ tiêu từng đơn vị của kế hoạch."
        )
        return [warning("X006", Place(results.file), message)]
    message = (
        f"chưa có kế hoạch năm {valid.plan.year} ({plan.file} không có): báo cáo được kiểm tra trên số liệu của "
        "chính nó, chưa đối chiếu với chỉ tiêu từng đơn vị."
    )
    return [warning("A010", Place(plan.file), message)]


def _rate(value: object) -> str:
    return format_number(value.value, value.decimals) if isinstance(value, Rate) else ""


def _count(value: object) -> int:
    """A count cell of the results table, validated as a whole number (absent: 0)."""
    return int(value) if isinstance(value, int | Decimal) else 0


def near_poor_rows(checked: Checked) -> tuple[list[dict[str, str]], dict[str, str]]:
    """The near-poor flows per unit, from the results table's optional columns. Without them there are no
    rows and the «Cộng» cells are empty: placing the table then is S011, which blocks a final document."""
    keys = {
        "dau_nam": "ho_can_ngheo_dau_nam",
        "thoat": "thoat_can_ngheo",
        "tu_ho_ngheo": "can_ngheo_tu_ho_ngheo",
        "phat_sinh": "can_ngheo_phat_sinh",
        "cuoi_ky": "ho_can_ngheo_cuoi_nam",
    }
    if not compare.has_near_poor(checked.valid):
        return [], {**dict.fromkeys(keys, ""), "ty_le": ""}
    tf = checked.computed.tables[compare.RESULTS]
    rows = []
    for i, row in enumerate(tf.rows, start=1):
        cells = {short: format_int(_count(row.shown.get(key))) for short, key in keys.items()}
        rows.append({"stt": str(i), "ten": row.name, **cells, "ty_le": _rate(row.shown.get("ty_le_ho_can_ngheo_cuoi_nam"))})
    totals = {short: format_int(_count(tf.totals.get(key))) for short, key in keys.items()}
    totals["ty_le"] = _rate(checked.computed.values.get("ty_le_ho_can_ngheo_cuoi_nam"))
    return rows, totals


def comparison_rows(checked: Checked) -> tuple[list[dict[str, str]], dict[str, str]]:
    comparisons = compare.comparisons(checked.computed)
    rows = [
        {"stt": str(i), "dau_nam": format_int(c.start), "cuoi_ky": format_int(c.end), **c.row()}
        for i, c in enumerate(comparisons, start=1)
    ]
    town = compare.town(checked.computed)
    return rows, {"dau_nam": format_int(town.start), "cuoi_ky": format_int(town.end), **town.row()}


def context(ctx: dict[str, Any], checked: Checked) -> None:
    year, period = checked.valid.plan.year, checked.period
    ctx["cuoi_ky"] = (
        f"{period.label} {year}" if not period.suffix else f"{period.label}/{year}"
    )  # "cuối năm 2024", "đến 30/6/2024"
    ctx["cong_ket_qua"] = ctx["cong"]
    ctx["ket_qua_can_ngheo"], ctx["cong_ket_qua_can_ngheo"] = near_poor_rows(checked)
    ctx["so_sanh"], ctx["cong_so_sanh"] = comparison_rows(checked)


def images(checked: Checked) -> dict[str, tuple[bytes, float]]:
    """The charts the body places (only those: matplotlib is not imported otherwise)."""
    placed = {b.text for b in checked.valid.plan.body if b.kind == "chart"}
    if "so_sanh" not in placed:
        return {}
    from vanban.kinds.bao_cao.chart import WIDTH_MM, plan_chart

    period = checked.period
    png = plan_chart(
        compare.comparisons(checked.computed), planned_label=period.planned_label, achieved_label=period.achieved_label
    )
    return {"so_sanh": (png, WIDTH_MM)}
