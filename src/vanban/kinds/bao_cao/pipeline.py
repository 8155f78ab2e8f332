"""The results report, end to end, on the declared engine.

``templates/bao-cao.yaml`` declares the results table and the report's figures;
the engine loads, validates, computes and checks them like the plan's. This
module adds what is the report's own: the period's files (year-end or six
months), the plan's unit table joined in (``compare``), the plan-against-actual
and near-poor tables, the chart, and the template context around them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from vanban.engine import reads
from vanban.engine.findings import Finding, InputError, Place, error
from vanban.engine.numbers import Rate, format_int, format_number
from vanban.kinds.bao_cao import compare
from vanban.kinds.bao_cao.arithmetic import Comparison, total
from vanban.kinds.bao_cao.period import KIND, Period
from vanban.pipeline import BuildResult
from vanban.project import Project

if TYPE_CHECKING:
    from vanban.engine.compute import Computed
    from vanban.engine.declaration import Declaration
    from vanban.engine.validate import ValidPlan

KIND_TABLES = frozenset({"so_sanh", compare.NEAR_POOR_TABLE})  # drawn by this kind, placed with «bang: …»
CHARTS = frozenset({"so_sanh"})  # «bieu_do: so_sanh»


@dataclass(frozen=True)
class CheckedReport:
    valid: ValidPlan
    computed: Computed
    findings: list[Finding]
    period: Period

    @property
    def comparisons(self) -> tuple[Comparison, ...]:
        return compare.comparisons(self.computed)

    @property
    def town(self) -> Comparison:
        return total("Cộng", self.comparisons)


def declaration(project: Project, period: Period) -> Declaration:
    """The report's declaration; the six-month review reads its own results file."""
    from vanban.pipeline import declaration as declared

    decl = declared(project, KIND)
    table = decl.tables[compare.RESULTS]
    if table.file_name != f"{period.table}.csv":
        decl = replace(decl, tables={**decl.tables, compare.RESULTS: replace(table, file_name=f"{period.table}.csv")})
    return decl


def load(project: Project, year: int, period: Period) -> ValidPlan:
    """Read and validate the report's context, its results and the plan's units; InputError lists every problem."""
    from vanban.engine.load import load_yaml
    from vanban.engine.validate import validate
    from vanban.pipeline import load_tables

    decl = declaration(project, period)
    problems: list[Finding] = []
    if not reads.exists(project.plan_file(year)):
        problems.append(
            error(
                "A010",
                Place(project.display(project.plan_file(year))),
                f"chưa có kế hoạch năm {year} để đối chiếu: báo cáo kết quả so với kế hoạch của năm đó.",
            )
        )
    context = period.context_file(project, year)
    doc = None
    try:
        doc = load_yaml(context, project.display(context))
    except InputError as exc:
        problems += exc.findings
    tables, table_problems = load_tables(project, year, decl, lambda name: True)
    problems += table_problems
    if problems or doc is None:
        raise InputError(problems)
    valid = validate(doc, tables, decl, kind_tables=KIND_TABLES, charts=CHARTS)
    if valid.plan.year != year:
        raise InputError(
            [error("S020", doc.place(("nam",)), f"tệp {doc.file} ghi năm {valid.plan.year}, không khớp với năm {year}.")]
        )
    return valid


def run_checks(project: Project, year: int, period: Period) -> CheckedReport:
    from vanban.engine.check import check
    from vanban.engine.compute import compute

    valid = load(project, year, period)
    computed = compute(valid)
    plan_file = valid.tables[compare.PLAN].file
    # The plan's own table is checked with the plan (invoke check --year); here it is only read.
    findings = [f for f in check(valid, computed) if f.place.file != plan_file]
    findings += list(compare.rules(valid, computed))
    return CheckedReport(valid, computed, findings, period)


# ---------------------------------------------------------------- the document


def _rate(value: object) -> str:
    return format_number(value.value, value.decimals) if isinstance(value, Rate) else ""


def near_poor_rows(checked: CheckedReport) -> tuple[list[dict[str, str]], dict[str, str]]:
    """The near-poor flows per unit, from the results table's optional columns."""
    if not compare.has_near_poor(checked.valid):
        return [], {}
    tf = checked.computed.tables[compare.RESULTS]
    keys = {
        "dau_nam": "ho_can_ngheo_dau_nam",
        "thoat": "thoat_can_ngheo",
        "tu_ho_ngheo": "can_ngheo_tu_ho_ngheo",
        "phat_sinh": "can_ngheo_phat_sinh",
        "cuoi_ky": "ho_can_ngheo_cuoi_nam",
    }
    rows = []
    for i, row in enumerate(tf.rows, start=1):
        cells = {short: format_int(int(row.shown.get(key) or 0)) for short, key in keys.items()}
        rows.append({"stt": str(i), "ten": row.name, **cells, "ty_le": _rate(row.shown.get("ty_le_ho_can_ngheo_cuoi_nam"))})
    totals = {short: format_int(int(tf.totals.get(key) or 0)) for short, key in keys.items()}
    totals["ty_le"] = _rate(checked.computed.values.get("ty_le_ho_can_ngheo_cuoi_nam"))
    return rows, totals


def comparison_rows(checked: CheckedReport) -> tuple[list[dict[str, str]], dict[str, str]]:
    rows = [
        {"stt": str(i), "dau_nam": format_int(c.start), "cuoi_ky": format_int(c.end), **c.row()}
        for i, c in enumerate(checked.comparisons, start=1)
    ]
    town = checked.town
    return rows, {"dau_nam": format_int(town.start), "cuoi_ky": format_int(town.end), **town.row()}


def context(checked: CheckedReport, *, draft: bool = False) -> dict[str, Any]:
    from vanban.docx.render import context as plan_context

    ctx = plan_context(checked.valid, checked.computed, draft=draft, hand_made=frozenset({compare.RESULTS}) | KIND_TABLES)
    year, period = checked.valid.plan.year, checked.period
    ctx["cuoi_ky"] = (
        f"{period.label} {year}" if not period.suffix else f"{period.label}/{year}"
    )  # "cuối năm 2024", "đến 30/6/2024"
    ctx["cong_ket_qua"] = ctx["cong"]
    ctx["ket_qua_can_ngheo"], ctx["cong_ket_qua_can_ngheo"] = near_poor_rows(checked)
    ctx["so_sanh"], ctx["cong_so_sanh"] = comparison_rows(checked)
    return ctx


def charts(checked: CheckedReport) -> dict[str, tuple[bytes, float]]:
    """The charts the body places (only those: matplotlib is not imported otherwise)."""
    placed = {b.text for b in checked.valid.plan.body if b.kind == "chart"}
    if "so_sanh" not in placed:
        return {}
    from vanban.kinds.bao_cao.chart import WIDTH_MM, plan_chart

    period = checked.period
    png = plan_chart(checked.comparisons, planned_label=period.planned_label, achieved_label=period.achieved_label)
    return {"so_sanh": (png, WIDTH_MM)}


def document_bytes(project: Project, checked: CheckedReport, *, draft: bool = False) -> bytes:
    from vanban.docx.render import render
    from vanban.docx.write import normalize_zip

    doc = checked.valid.plan.document
    ctx = context(checked, draft=draft)
    template = project.template_for(KIND)
    reads.record(template)  # docxtpl opens it itself
    data = render(
        template,
        project.display(template),
        ctx,
        tables=(checked.valid, checked.computed),
        author=doc.agency_name,
        title=f"{doc.doc_type.capitalize()} {ctx['trich_yeu'][:1].lower()}{ctx['trich_yeu'][1:]}",
        issued=doc.date.as_date if doc.date else dt.date(checked.valid.plan.year, 12, 31),
        images=charts(checked),
    )
    return normalize_zip(data)


def build(project: Project, year: int, period: Period, *, draft: bool = False) -> BuildResult:
    """Check, then write the report atomically, stamped like the plan (``pipeline.build_stamped``):
    refused (nothing written, the old document moved aside) while there are errors."""
    from vanban.pipeline import build_stamped

    return build_stamped(
        project,
        period.output_file(project, year),
        lambda: run_checks(project, year, period),
        lambda checked: document_bytes(project, checked, draft=draft),
        draft=draft,
    )
