"""The results report, end to end: load -> validate -> compute -> check -> render -> write.

Its inputs are the report's context (``plans/<year>-bao-cao.yaml``), the
period's results table (``data/<year>/ket_qua.csv``) and the year's plan,
which the report is judged against unit by unit. The document steps (render,
zip normalisation, atomic write, Decree 30 lint) are the plan's.
"""

from __future__ import annotations

import datetime as dt
import difflib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from vanban.engine.findings import Finding, InputError, Place, error, has_errors
from vanban.engine.load import YamlDocument
from vanban.engine.numbers import NBSP, Rate, format_int, format_number
from vanban.engine.prose import cite, fill, placeholders
from vanban.kinds.bao_cao import figures as rules
from vanban.kinds.bao_cao.arithmetic import total
from vanban.kinds.bao_cao.period import KIND, Period
from vanban.kinds.bao_cao.schema import CHARTS, TABLES, Report, figure_keys
from vanban.kinds.bao_cao.table import ResultsTable, read_results
from vanban.pipeline import BuildResult
from vanban.project import Project

GLOBAL_NAMES = ("nam", "nam_truoc", "nam_sau")
NEAR_POOR_TABLE = "ket_qua_can_ngheo"


@dataclass(frozen=True)
class ValidReport:
    report: Report
    source: YamlDocument
    table: ResultsTable
    plan: rules.PlanTargets
    period: Period

    def place_of(self, key: str) -> Place:
        return self.source.place(("so_lieu", key), key)


@dataclass(frozen=True)
class CheckedReport:
    valid: ValidReport
    results: rules.Results
    findings: list[Finding]


def plan_targets(project: Project, year: int) -> rules.PlanTargets:
    """The year's plan as the report needs it: each unit's start and planned decrease."""
    from vanban.engine.compute import compute
    from vanban.pipeline import load as load_plan

    if not project.plan_file(year).exists():
        raise InputError(
            [
                error(
                    "A010",
                    Place(project.display(project.plan_file(year))),
                    f"chưa có kế hoạch năm {year} để đối chiếu: báo cáo kết quả so với kế hoạch của năm đó.",
                )
            ]
        )
    valid = load_plan(project, year)
    computed = compute(valid)
    units = tuple(rules.PlanUnit(u.name, u.line, u.poor, u.planned_decrease) for u in computed.units)
    return rules.PlanTargets(year, project.display(project.plan_file(year)), valid.units_file, computed.totals.households, units)


def _validate_report(doc: YamlDocument) -> Report:
    from pydantic import ValidationError

    from vanban.engine.validate import _allowed_keys, _message

    try:
        return Report.model_validate(doc.data if isinstance(doc.data, dict) else {"__root__": doc.data})
    except ValidationError as exc:
        findings = []
        for err in exc.errors():
            loc = tuple(p for p in err["loc"] if not (isinstance(p, str) and p.startswith(("function-", "lax-", "json-"))))
            message = _message(err, _allowed_keys(Report, loc)).replace("mẫu kế hoạch", "mẫu báo cáo")
            findings.append(error("S001", doc.place(loc), message))
        raise InputError(findings) from None


def _structure_findings(report: Report, doc: YamlDocument, table: ResultsTable | None) -> list[Finding]:
    """Placeholders that name nothing; tables and charts that do not exist or are placed twice."""
    known = set(figure_keys()) | set(report.citations) | set(GLOBAL_NAMES)
    findings = []
    texts = [(("van_ban", "trich_yeu"), report.document.summary)]
    texts += [(("noi_dung", i), b.text) for i, b in enumerate(report.body) if b.kind not in ("table", "chart")]
    for path, text in texts:
        for name in placeholders(text):
            if name not in known:
                close = difflib.get_close_matches(name, sorted(known), n=1, cutoff=0.6)
                hint = f" Có phải ý bạn là «{close[0]}»?" if close else ""
                findings.append(
                    error("S010", doc.place(path), f"biến «${{{name}}}» chưa được định nghĩa trong so_lieu hay can_cu.{hint}")
                )
    tables = TABLES + ((NEAR_POOR_TABLE,) if table is None or table.has_near_poor else ())
    seen: set[tuple[str, str]] = set()
    for i, block in enumerate(report.body):
        if block.kind not in ("table", "chart"):
            continue
        allowed = tables if block.kind == "table" else CHARTS
        word = "bảng" if block.kind == "table" else "biểu đồ"
        if block.text not in allowed:
            extra = (
                f" (bảng «{NEAR_POOR_TABLE}» cần các cột hộ cận nghèo trong {table.file})"
                if table and block.text == NEAR_POOR_TABLE
                else ""
            )
            findings.append(
                error(
                    "S011",
                    doc.place(("noi_dung", i)),
                    f"{word} «{block.text}» không có; chỉ có {', '.join(f'«{t}»' for t in allowed)}.{extra}",
                )
            )
        elif (block.kind, block.text) in seen:
            findings.append(error("S012", doc.place(("noi_dung", i)), f"{word} «{block.text}» chỉ được đặt một lần."))
        seen.add((block.kind, block.text))
    return findings


def load(project: Project, year: int, period: Period) -> ValidReport:
    """Read and validate the report's context and table and the plan; InputError lists every problem."""
    from vanban.engine.load import load_csv, load_yaml

    context_path, table_path = period.context_file(project, year), period.table_file(project, year)
    problems: list[Finding] = []
    doc = raw = report = table = plan = None
    try:
        doc = load_yaml(context_path, project.display(context_path))
    except InputError as exc:
        problems += exc.findings
    try:
        raw = load_csv(table_path, project.display(table_path))
    except InputError as exc:
        problems += exc.findings
    if raw is not None:
        try:
            table = read_results(raw)
        except InputError as exc:
            problems += exc.findings
    if doc is not None:
        try:
            report = _validate_report(doc)
            problems += _structure_findings(report, doc, table)
            if report.year != year:
                problems.append(
                    error("S020", doc.place(("nam",)), f"tệp {doc.file} ghi năm {report.year}, không khớp với năm {year}.")
                )
        except InputError as exc:
            problems += exc.findings
    try:
        plan = plan_targets(project, year)
    except InputError as exc:
        problems += exc.findings
    if problems or doc is None or report is None or table is None or plan is None:
        raise InputError(problems)
    return ValidReport(report, doc, table, plan, period)


def _missing_values(valid: ValidReport, values: dict[str, str]) -> list[Finding]:
    """A figure the prose uses that neither the YAML states nor the table gives."""
    findings = []
    for i, block in enumerate(valid.report.body):
        if block.kind in ("table", "chart"):
            continue
        for name in placeholders(block.text):
            if name not in values:
                findings.append(
                    error(
                        "S010",
                        valid.source.place(("noi_dung", i)),
                        f"biến «${{{name}}}» chưa có giá trị: {valid.table.file} không có cột để tính, "
                        f"hãy ghi so_lieu.{name} hoặc bỏ câu này.",
                    )
                )
    return findings


def run_checks(project: Project, year: int, period: Period) -> CheckedReport:
    valid = load(project, year, period)
    results = rules.compute(valid.table, valid.report.figures, valid.plan)
    findings = rules.check(valid.table, valid.report.figures, results, valid.plan, valid.place_of)
    findings += _missing_values(valid, placeholder_values(valid, results))
    return CheckedReport(valid, results, findings)


# ---------------------------------------------------------------- the document


def placeholder_values(valid: ValidReport, results: rules.Results) -> dict[str, str]:
    year = valid.report.year
    values = {"nam": str(year), "nam_truoc": str(year - 1), "nam_sau": str(year + 1)}
    for key, value in results.values.items():
        values[key] = str(value) if isinstance(value, Rate) else format_int(value)
    for key, citation in valid.report.citations.items():
        values[key] = cite(citation)
    return values


def _rate(rate: Rate | None) -> str:
    return "" if rate is None else format_number(rate.value, rate.decimals)


def tables(checked: CheckedReport) -> dict[str, Any]:
    """The rows of the report's tables, formatted."""
    r = checked.results
    flows = []
    near = []
    for i, u in enumerate(r.units, start=1):
        v = u.values
        flows.append(
            {
                "stt": str(i),
                "ten": u.name,
                "tong_so_ho": format_int(v["tong_so_ho"] or 0),
                "dau_nam": format_int(v["ho_ngheo_dau_nam"] or 0),
                "thoat": format_int(v["thoat_ngheo"] or 0),
                "phat_sinh": format_int(v["phat_sinh"] or 0),
                "cuoi_ky": format_int(v["ho_ngheo_cuoi_nam"] or 0),
                "ty_le": _rate(u.rate),
            }
        )
        if checked.valid.table.has_near_poor:
            near.append(
                {
                    "stt": str(i),
                    "ten": u.name,
                    "dau_nam": format_int(v["ho_can_ngheo_dau_nam"] or 0),
                    "thoat": format_int(v["thoat_can_ngheo"] or 0),
                    "tu_ho_ngheo": format_int(v["can_ngheo_tu_ho_ngheo"] or 0),
                    "phat_sinh": format_int(v["can_ngheo_phat_sinh"] or 0),
                    "cuoi_ky": format_int(v["ho_can_ngheo_cuoi_nam"] or 0),
                    "ty_le": _rate(u.near_rate),
                }
            )
    s = r.sums
    town_rate = r.values.get("ty_le_ho_ngheo_cuoi_nam")
    flows_total = {
        "tong_so_ho": format_int(s["tong_so_ho"]),
        "dau_nam": format_int(s["ho_ngheo_dau_nam"]),
        "thoat": format_int(s["thoat_ngheo"]),
        "phat_sinh": format_int(s["phat_sinh"]),
        "cuoi_ky": format_int(s["ho_ngheo_cuoi_nam"]),
        "ty_le": _rate(town_rate if isinstance(town_rate, Rate) else None),
    }
    near_total = {}
    if checked.valid.table.has_near_poor:
        near_rate = r.values.get("ty_le_ho_can_ngheo_cuoi_nam")
        near_total = {
            "dau_nam": format_int(s["ho_can_ngheo_dau_nam"]),
            "thoat": format_int(s["thoat_can_ngheo"]),
            "tu_ho_ngheo": format_int(s["can_ngheo_tu_ho_ngheo"]),
            "phat_sinh": format_int(s["can_ngheo_phat_sinh"]),
            "cuoi_ky": format_int(s["ho_can_ngheo_cuoi_nam"]),
            "ty_le": _rate(near_rate if isinstance(near_rate, Rate) else None),
        }
    comparisons = [u.comparison for u in r.units if u.comparison is not None]
    compared = [
        {"stt": str(i), "dau_nam": format_int(c.start), "cuoi_ky": format_int(c.end), **c.row()}
        for i, c in enumerate(comparisons, start=1)
    ]
    town = total("Cộng", comparisons)
    return {
        "ket_qua": flows,
        "cong_ket_qua": flows_total,
        "ket_qua_can_ngheo": near,
        "cong_ket_qua_can_ngheo": near_total,
        "so_sanh": compared,
        "cong_so_sanh": {"dau_nam": format_int(town.start), "cuoi_ky": format_int(town.end), **town.row()},
    }


def numbered_body(report: Report, values: dict[str, str]) -> list[dict[str, str]]:
    from vanban.docx.render import POINT_LETTERS, ROMAN

    blocks = []
    section = clause = point = 0
    for block in report.body:
        text = fill(block.text, values) if block.kind not in ("table", "chart") else block.text
        if block.kind == "section":
            section, clause, point = section + 1, 0, 0
            text = f"{ROMAN[section - 1] if section <= len(ROMAN) else section}. {text.upper()}"
        elif block.kind == "clause":
            clause, point = clause + 1, 0
            text = f"{clause}. {text}"
        elif block.kind == "point":
            point += 1
            text = f"{POINT_LETTERS[point - 1] if point <= len(POINT_LETTERS) else point}) {text}"
        blocks.append({"kind": block.kind, "text": text})
    # A paragraph right before a table or chart introduces it and is kept on the same page.
    for here, after in zip(blocks, blocks[1:]):
        if here["kind"] == "paragraph" and after["kind"] in ("table", "chart"):
            here["kind"] = "lead"
    return blocks


def context(checked: CheckedReport, *, draft: bool = False) -> dict[str, Any]:
    from vanban.docx.render import issue_date_line

    valid = checked.valid
    report, doc, period = valid.report, valid.report.document, valid.period
    values = placeholder_values(valid, checked.results)
    year = report.year
    end_label = f"{period.label} {year}" if period.suffix == "" else f"{period.label}/{year}"  # "cuối năm 2024", "đến 30/6/2024"
    return {
        "co_quan_chu_quan": [line.upper() for line in doc.parent_agency],
        "co_quan_ban_hanh": [line.upper() for line in doc.agency],
        "so": doc.number or NBSP * 6,
        "ky_hieu": doc.symbol,
        "dia_danh": doc.place,
        "ngay_ban_hanh": issue_date_line(doc.date, year),
        "du_thao": draft,
        "ten_loai": doc.doc_type.upper(),
        "trich_yeu": fill(doc.summary, values),
        "nam": str(year),
        "nam_truoc": str(year - 1),
        "cuoi_ky": end_label,
        "noi_dung": numbered_body(report, values),
        **tables(checked),
        "noi_nhan": [f"- {name.rstrip(';.')};" for name in report.recipients.to]
        + [f"- Lưu: {', '.join(report.recipients.archive)}."],
        "quyen_han": report.signature.authority.upper(),
        "chuc_vu": report.signature.position.upper(),
        "ho_ten": report.signature.name,
    }


def charts(checked: CheckedReport) -> dict[str, tuple[bytes, float]]:
    """The charts the body places (only those: matplotlib is not imported otherwise)."""
    from vanban.kinds.bao_cao.chart import WIDTH_MM, plan_chart

    placed = {b.text for b in checked.valid.report.body if b.kind == "chart"}
    out: dict[str, tuple[bytes, float]] = {}
    if "so_sanh" in placed:
        period = checked.valid.period
        rows = [u.comparison for u in checked.results.units if u.comparison is not None]
        out["so_sanh"] = (plan_chart(rows, planned_label=period.planned_label, achieved_label=period.achieved_label), WIDTH_MM)
    return out


def document_bytes(project: Project, checked: CheckedReport, *, draft: bool = False) -> bytes:
    from vanban.docx.render import render
    from vanban.docx.write import normalize_zip

    doc = checked.valid.report.document
    ctx = context(checked, draft=draft)
    template = project.template_for(KIND)
    data = render(
        template,
        project.display(template),
        ctx,
        author=doc.agency_name,
        title=f"{doc.doc_type.capitalize()} {ctx['trich_yeu'][:1].lower()}{ctx['trich_yeu'][1:]}",
        issued=doc.date.as_date if doc.date else dt.date(checked.valid.report.year, 12, 31),
        images=charts(checked),
    )
    return normalize_zip(data)


def build(project: Project, year: int, period: Period, *, draft: bool = False) -> BuildResult:
    """Check, then write the report atomically; refused (nothing written) while there are errors."""
    from vanban.docx.write import write_atomic

    output = period.output_file(project, year)
    checked = run_checks(project, year, period)
    if has_errors(checked.findings) and not draft:
        return BuildResult(output, checked.findings, written=False, changed=False)
    data = document_bytes(project, checked, draft=draft)
    changed = not (output.exists() and output.read_bytes() == data)
    if changed:
        write_atomic(output, data)
    return BuildResult(output, checked.findings, written=True, changed=changed)


def inputs(project: Project, year: int, period: Period) -> list[Path]:
    """What a report is made from (for reviews and for new-year)."""
    return [
        period.context_file(project, year),
        period.table_file(project, year),
        project.plan_file(year),
        project.units_file(year),
    ]
