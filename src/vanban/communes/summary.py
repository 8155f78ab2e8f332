"""``invoke tong-hop --year 2024``: the province summary of every commune's plan (and results).

One row per commune, read through the ordinary checks (``run_checks`` ->
``computed.values``): households, poor and rate, near-poor and rate, the
planned decrease, the planned year-end and its rate; where a commune has a
year-end results report (``plans/[<commune>/]<year>-bao-cao.yaml`` with its
``ket_qua.csv``) the actual year-end and "đạt % kế hoạch" (decrease achieved /
decrease planned × 100) as the report computes and checks them (``kinds/bao_cao``);
a ``ket_qua.csv`` kept without its report is read here for the same two figures. The "Cộng"
row is computed from the rows, and any total the summary's own YAML states
(``so_lieu``) is checked against it (H001). The document is rendered through
``templates/tong-hop.docx``; the same tables go to an Excel workbook
(``workbook.py``, where pandas is imported, so ``build`` and ``check`` never pay for it).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from vanban.engine.findings import Finding, InputError, Place, error, has_errors, warning
from vanban.engine.load import YamlDocument, load_yaml
from vanban.engine.numbers import NBSP, RATE_DECIMALS, Rate, format_int, format_number, percent, round_half_up
from vanban.engine.prose import fill
from vanban.engine.schema import (
    INVALID,
    DocumentInfo,
    Problem,
    Recipients,
    Signature,
    StatedRate,
    integer,
    keyed,
    keys_of,
    list_of,
    model,
    shape,
    stated_count,
    text,
)
from vanban.kinds.registry import REPORT, shipped
from vanban.project import SUMMARY_KIND, Project

RESULTS_TABLE = "ket_qua"  # the results report's table (kind "bao-cao")
NONE = "—"  # a figure that does not apply (no results yet, nothing planned)

# The columns of the summary, in order: key, heading, kind ("n" count, "r" rate, "t" text).
COLUMNS: tuple[tuple[str, str, str], ...] = (
    ("stt", "STT", "t"),
    ("xa", "Xã, phường, thị trấn", "t"),
    ("tong_so_ho", "Tổng số hộ", "n"),
    ("ho_ngheo", "Hộ nghèo", "n"),
    ("ty_le_ho_ngheo", "Tỷ lệ hộ nghèo (%)", "r"),
    ("ho_can_ngheo", "Hộ cận nghèo", "n"),
    ("ty_le_ho_can_ngheo", "Tỷ lệ hộ cận nghèo (%)", "r"),
    ("chi_tieu_giam_ho_ngheo", "Dự kiến giảm", "n"),
    ("ho_ngheo_cuoi_nam", "Hộ nghèo cuối năm (kế hoạch)", "n"),
    ("ty_le_ho_ngheo_cuoi_nam", "Tỷ lệ cuối năm (kế hoạch, %)", "r"),
    ("thuc_hien_cuoi_nam", "Hộ nghèo cuối năm (thực hiện)", "n"),
    ("dat_ke_hoach", "Đạt % kế hoạch", "r"),
)
COUNT_KEYS = ("tong_so_ho", "ho_ngheo", "ho_can_ngheo", "chi_tieu_giam_ho_ngheo", "ho_ngheo_cuoi_nam")
# A rate of the "Cộng" row: numerator key over the households.
TOTAL_RATES = {"ty_le_ho_ngheo": "ho_ngheo", "ty_le_ho_can_ngheo": "ho_can_ngheo", "ty_le_ho_ngheo_cuoi_nam": "ho_ngheo_cuoi_nam"}


@dataclass(frozen=True, kw_only=True)
class SummaryFigures:
    """Totals the reviewing office states (e.g. from its own records); each is checked against the rows."""

    households: int | None = keyed("tong_so_ho", stated_count, default=None)
    poor: int | None = keyed("ho_ngheo", stated_count, default=None)
    poverty_rate: Rate | None = keyed("ty_le_ho_ngheo", StatedRate, default=None)
    near_poor: int | None = keyed("ho_can_ngheo", stated_count, default=None)
    near_poverty_rate: Rate | None = keyed("ty_le_ho_can_ngheo", StatedRate, default=None)
    target_decrease: int | None = keyed("chi_tieu_giam_ho_ngheo", stated_count, default=None)
    poor_year_end: int | None = keyed("ho_ngheo_cuoi_nam", stated_count, default=None)
    poverty_rate_year_end: Rate | None = keyed("ty_le_ho_ngheo_cuoi_nam", StatedRate, default=None)


@dataclass(frozen=True, kw_only=True)
class SummaryPlan:
    """``plans/tong-hop/<year>.yaml``: the reviewing office's document around the table."""

    year: int = keyed("nam", integer(ge=2000, le=2100))
    document: DocumentInfo = keyed("van_ban", model(DocumentInfo))
    figures: SummaryFigures = keyed("so_lieu", model(SummaryFigures), default_factory=SummaryFigures)
    body: list[str] = keyed("noi_dung", list_of(text(min_length=0)), default_factory=list)
    body_after: list[str] = keyed("noi_dung_sau_bang", list_of(text(min_length=0)), default_factory=list)
    recipients: Recipients = keyed("noi_nhan", model(Recipients))
    signature: Signature = keyed("ky", model(Signature))


@dataclass(frozen=True)
class Row:
    """One commune's figures: ints, Rates (as its plan shows them), None where nothing applies."""

    slug: str
    name: str
    values: dict[str, Any]


@dataclass
class Summary:
    year: int
    plan: SummaryPlan
    rows: list[Row]
    total: dict[str, Any]
    has_results: bool
    findings: list[Finding] = field(default_factory=list)
    # Other years' poverty rates already checked (``build --all``): (slug, year) -> (the plan's
    # ``ty_le_ho_ngheo``, the commune's name, its number of errors), for the workbook's trend
    # (``workbook.trend_panel``).
    rates: Mapping[tuple[str, int], tuple[Any, str, int]] = field(default_factory=dict)


_PLAIN = {
    "missing": "thiếu trường bắt buộc",
    "extra_forbidden": "khóa này không có trong mẫu tổng hợp",
    "int_parsing": "phải là số nguyên",
    "int_type": "phải là số nguyên",
    "string_type": "phải là văn bản",
    "list_type": "phải là một danh sách (mỗi mục một dòng bắt đầu bằng «- »)",
    "date_type": "phải là ngày dạng NĂM-THÁNG-NGÀY, ví dụ 2025-01-15",
}


def load_summary_plan(project: Project, year: int) -> tuple[SummaryPlan, YamlDocument]:
    path = project.summary_plan_file(year)
    doc = load_yaml(path, project.display(path))
    problems: list[Problem] = []
    plan = shape(SummaryPlan, doc.data if isinstance(doc.data, dict) else {}, (), problems)
    if plan is INVALID:
        findings = []
        for problem in problems:
            message = _PLAIN.get(problem.kind) or (problem.reason if problem.kind == "value_error" else "giá trị không hợp lệ")
            shown = problem.kind in ("missing", "extra_forbidden") or "đang ghi" in message
            if not shown and not isinstance(problem.input, (dict, list)):
                message += f" (đang ghi «{problem.input}»)"
            findings.append(error("S001", doc.place(problem.loc), message))
        raise InputError(findings)
    if plan.year != year:
        raise InputError(
            [error("S020", doc.place(("nam",)), f"tệp {doc.file} ghi năm {plan.year}, không khớp với tên tệp ({year}).")]
        )
    return plan, doc


# ---------------------------------------------------------------- one commune's row


def commune_name(commune: Project, year: int) -> str:
    """The commune's name: its settings' ``xa.ten``, else its plan's agency without «UBND»."""
    from vanban.communes.settings import commune_info, load_plan_document, load_settings

    settings = load_settings(commune)
    if settings is not None and isinstance(settings.data.get("xa"), dict):
        return commune_info(commune, settings).name
    document = load_plan_document(commune, year).data.get("van_ban") or {}
    return commune_info(commune, None, str(document.get("ten_co_quan") or commune.label)).name


def _count_column(table, column: str, findings: list[Finding]) -> tuple[int, Any]:
    """Sum of a results column over the unit rows (a typed «Cộng» row is checked, not added)."""
    from vanban.engine.numbers import parse_decimal

    total, stated = 0, None
    for row in table.rows:
        name = row.values.get("don_vi", "").strip()
        text = row.values.get(column, "").strip()
        try:
            value = int(parse_decimal(text, decimal_comma=table.decimal_comma)) if text else 0
        except ValueError:
            findings.append(
                error("C020", Place(table.file, row.line, field=column, unit=name), f"phải là số nguyên (đang ghi «{text}»)")
            )
            continue
        if name.casefold() in {"cộng", "tổng cộng", "tổng"}:
            stated = (value, row.line)
        else:
            total += value
    if stated is not None and stated[0] != total:
        findings.append(
            error(
                "T001",
                Place(table.file, stated[1], field=column, unit="Cộng"),
                f"dòng «Cộng» ghi {format_int(stated[0])} nhưng các dòng trên cộng lại là {format_int(total)}.",
            )
        )
    return total, stated


def reported_results(commune: Project, year: int, findings: list[Finding]) -> tuple[int, int, Rate | None] | None:
    """(poor at the start, at the end, "đạt % kế hoạch") as the commune's year-end report computes and checks
    them (``invoke check --kind bao-cao``); None when it has none. A report with errors adds its findings."""
    from vanban.kinds.bao_cao import carry, compare
    from vanban.pipeline import checked_clean

    if not carry.exists(commune, year):
        return None
    try:
        checked = checked_clean(commune, year, REPORT, carry.YEAR_END_KEY)
    except InputError as exc:
        shown = commune.display(carry.context_file(commune, year))
        findings += [f for f in exc.findings if f.code != "A013"]
        findings.append(
            error(
                "A013", Place(shown), f"báo cáo kết quả năm {year} còn lỗi nên chưa đưa vào bản tổng hợp; hãy sửa các lỗi trên."
            )
        )
        return None
    if checked is None:
        return None
    town = compare.town(checked.computed)
    achieved = None if town.percent is None else Rate(town.percent, RATE_DECIMALS)
    return town.start, town.end, achieved


def results_of(commune: Project, year: int, findings: list[Finding]) -> tuple[int, int] | None:
    """(poor at the start, poor at the end) of a results table kept without its report's context
    (``data/[<commune>/]<year>/ket_qua.csv`` alone, or the ``ket_qua`` sheet of the year's workbook),
    or None when there is none."""
    from dataclasses import replace

    from vanban.engine.sheets import WORKBOOK_NAME
    from vanban.pipeline import declaration, load_tables

    if not commune.table_file(year, RESULTS_TABLE).is_file() and not (commune.data_dir(year) / WORKBOOK_NAME).is_file():
        return None
    try:
        decl = declaration(commune, "bao-cao")
        results = replace(decl, tables={RESULTS_TABLE: decl.tables[RESULTS_TABLE]})
        tables, problems = load_tables(commune, year, results, lambda name: False)
    except InputError as exc:
        findings += exc.findings
        return None
    findings += problems
    table = tables.get(RESULTS_TABLE)
    if problems or table is None:
        return None
    missing = [c for c in ("ho_ngheo_dau_nam", "ho_ngheo_cuoi_nam") if c not in table.header]
    if missing:
        findings.append(error("C011", Place(table.file, table.header_line), f"bảng kết quả thiếu cột {', '.join(missing)}."))
        return None
    start, _ = _count_column(table, "ho_ngheo_dau_nam", findings)
    end, _ = _count_column(table, "ho_ngheo_cuoi_nam", findings)
    return start, end


def _rate(count: int | None, households: int | None) -> Rate | None:
    if count is None or not households:
        return None
    return Rate(round_half_up(percent(count, households), RATE_DECIMALS), RATE_DECIMALS)


def achieved_percent(start: int, end: int, planned: int | None) -> Rate | None:
    """Decrease achieved / decrease planned × 100, two decimals half-up; None when nothing was planned."""
    if not planned:
        return None
    return Rate(round_half_up(Decimal(start - end) * 100 / Decimal(planned), RATE_DECIMALS), RATE_DECIMALS)


def commune_row(commune: Project, year: int, *, draft: bool, findings: list[Finding], checked: Any = None) -> Row | None:
    """One commune's row; ``checked``: its plan's checks when they have already run (``build --all``)."""
    from vanban.pipeline import run_checks

    try:
        checked = checked if checked is not None else run_checks(commune, year)
        name = commune_name(commune, year)
    except InputError as exc:
        findings += exc.findings
        return None
    errors = [f for f in checked.findings if f.severity == "error"]
    findings += errors
    if errors and not draft:
        return None
    figures = checked.computed.values
    values: dict[str, Any] = {k: figures.get(k) for k in COUNT_KEYS}
    # Rates side by side in one column read best with the same decimals: each is recomputed from
    # the counts at two (a plan may state "42 %"; the checks proved 181 / 431 rounds to it).
    for rate_key, count_key in TOTAL_RATES.items():
        values[rate_key] = (
            _rate(values[count_key], values["tong_so_ho"]) if values[count_key] is not None else figures.get(rate_key)
        )
    # The year-end report's own figures when the commune has one; else a results table kept alone.
    reported = reported_results(commune, year, findings)
    if reported is not None:
        values["thuc_hien_cuoi_nam"], values["dat_ke_hoach"] = reported[1], reported[2]
    else:
        results = results_of(commune, year, findings)
        values["thuc_hien_cuoi_nam"] = results[1] if results else None
        values["dat_ke_hoach"] = achieved_percent(results[0], results[1], values["chi_tieu_giam_ho_ngheo"]) if results else None
    values["_results"] = reported is not None or values["thuc_hien_cuoi_nam"] is not None
    values["_errors"] = len(errors)  # a draft summary takes a plan with errors: its trend cell is marked
    return Row(commune.commune or "", name, values)


# ---------------------------------------------------------------- the whole summary


def _total(rows: list[Row], has_results: bool) -> dict[str, Any]:
    total: dict[str, Any] = {}
    for key in (*COUNT_KEYS, "thuc_hien_cuoi_nam"):
        values = [r.values.get(key) for r in rows]
        total[key] = None if any(v is None for v in values) else sum(values)
    households = total["tong_so_ho"]
    for rate_key, count_key in TOTAL_RATES.items():
        count = total[count_key]
        total[rate_key] = _rate(count, households)
    reported = [r for r in rows if r.values["_results"]]
    total["dat_ke_hoach"] = None
    if has_results and len(reported) == len(rows) and total["thuc_hien_cuoi_nam"] is not None:
        total["dat_ke_hoach"] = achieved_percent(total["ho_ngheo"], total["thuc_hien_cuoi_nam"], total["chi_tieu_giam_ho_ngheo"])
    return total


def _stated_totals(plan: SummaryPlan, doc: YamlDocument, total: dict[str, Any]) -> list[Finding]:
    """H001: a total the summary's YAML states must equal the sum of the communes' rows."""
    findings = []
    for name, key in keys_of(SummaryFigures).items():
        stated, computed = getattr(plan.figures, name), total.get(key)
        if stated is None or computed is None:
            continue
        if isinstance(stated, Rate):
            count = total[TOTAL_RATES[key]]
            exact = round_half_up(percent(count, total["tong_so_ho"]), stated.decimals)
            if stated.value != exact:
                findings.append(
                    error(
                        "H001",
                        doc.place(("so_lieu", key)),
                        f"dòng «Cộng» ghi {format_number(stated.value, stated.decimals)} % nhưng "
                        f"{format_int(count)} / {format_int(total['tong_so_ho'])} = {format_number(exact, stated.decimals)} %.",
                    )
                )
        elif stated != computed:
            findings.append(
                error(
                    "H001",
                    doc.place(("so_lieu", key)),
                    f"dòng «Cộng» ghi {format_int(stated)} nhưng cộng các xã lại là {format_int(computed)}.",
                )
            )
    return findings


# A commune's row made beforehand (``build --all``, from the checks its build ran), by commune slug ("" for a
# repository of one commune): the row, or None, and the findings ``commune_row`` gave with it.
KnownRows = Mapping[str, tuple[Row | None, list[Finding]]]


def summarize(
    project: Project,
    year: int,
    *,
    draft: bool = False,
    known: KnownRows | None = None,
    rates: Mapping[tuple[str, int], tuple[Any, str, int]] | None = None,
) -> Summary:
    """The summary of ``year``; ``known``: rows already made (for ``draft``), the other communes' are made
    here; ``rates``: see ``Summary.rates``."""
    plan, doc = load_summary_plan(project, year)
    communes = [c for c in project.communes() if year in c.years()]
    if not communes:
        raise InputError([error("A001", Place("--year"), f"không xã nào có kế hoạch năm {year}.")])
    findings: list[Finding] = []
    rows = []
    for commune in communes:
        if known is not None and (commune.commune or "") in known:
            row, found = known[commune.commune or ""]
            findings += found
        else:
            row = commune_row(commune, year, draft=draft, findings=findings)
        if row is not None:
            rows.append(row)
    if not rows:
        raise InputError(findings or [error("A001", Place("--year"), f"không đọc được kế hoạch năm {year} của xã nào.")])
    has_results = any(r.values["_results"] for r in rows)
    total = _total(rows, has_results)
    findings += _stated_totals(plan, doc, total)
    if has_results and not all(r.values["_results"] for r in rows):
        missing = ", ".join(r.name for r in rows if not r.values["_results"])
        findings.append(
            warning(
                "H002",
                Place("--year"),
                f"chưa có báo cáo kết quả năm {year} của: {missing}; dòng «Cộng» chưa tính «đạt % kế hoạch».",
            )
        )
    return Summary(year, plan, rows, total, has_results, findings, rates or {})


# ---------------------------------------------------------------- presentation


def cell_text(value: Any) -> str:
    if value is None:
        return NONE
    if isinstance(value, Rate):
        return format_number(value.value, value.decimals)
    return format_int(value)


def context(summary: Summary, *, draft: bool) -> dict[str, Any]:
    from vanban.docx.render import frame

    plan = summary.plan
    values = {"nam": str(summary.year), "nam_truoc": str(summary.year - 1), "so_xa": format_int(len(summary.rows))}
    values.update(
        {k: cell_text(v) + (f"{NBSP}%" if isinstance(v, Rate) else "") for k, v in summary.total.items() if not k.startswith("_")}
    )
    keys = [k for k, _, _ in COLUMNS[2:]]
    rows = [{"stt": str(i), "xa": r.name, **{k: cell_text(r.values.get(k)) for k in keys}} for i, r in enumerate(summary.rows, 1)]
    return {
        **frame(plan, summary.year, values, draft=draft),
        "noi_dung": [fill(t, values) for t in plan.body],
        "noi_dung_sau_bang": [fill(t, values) for t in plan.body_after],
        "co_ket_qua": summary.has_results,
        "xa": rows,
        "cong": {k: cell_text(summary.total.get(k)) for k in keys},
    }


def document_bytes(project: Project, summary: Summary, *, draft: bool) -> bytes:
    from vanban.docx.render import render
    from vanban.docx.write import normalize_zip

    template = project.template_for(SUMMARY_KIND)
    doc = summary.plan.document
    issued = doc.date.as_date if doc.date else dt.date(summary.year, 1, 1)
    ctx = context(summary, draft=draft)
    title = f"{doc.doc_type.capitalize()} {ctx['trich_yeu'][:1].lower()}{ctx['trich_yeu'][1:]}"
    return normalize_zip(render(template, project.display(template), ctx, author=doc.agency_name, title=title, issued=issued))


def check_summary(project: Project, year_text: object) -> Summary:
    """``check --kind tong-hop``: the summary's findings, nothing written."""
    return summarize(project, _parse_year(project, year_text))


def write_summary(
    project: Project,
    year_text: object,
    *,
    draft: bool = False,
    known: KnownRows | None = None,
    rates: Mapping[tuple[str, int], tuple[Any, str, int]] | None = None,
) -> tuple[dict[Path, bool], list[Finding]]:
    """Write the summary's .docx and .xlsx (path -> whether its bytes changed).

    Nothing is written while a commune's plan has errors, unless ``draft``. ``known``, ``rates``: see ``summarize``.
    """
    from vanban.communes.workbook import summary_workbook
    from vanban.docx.write import write_atomic

    year = _parse_year(project, year_text)
    summary = summarize(project, year, draft=draft, known=known, rates=rates)
    if has_errors(summary.findings) and not draft:
        return {}, summary.findings
    docx_path = shipped(SUMMARY_KIND).output_file(project, year)
    xlsx_path = docx_path.with_suffix(".xlsx")
    outputs = {docx_path: document_bytes(project, summary, draft=draft), xlsx_path: summary_workbook(project, summary)}
    changed = {}
    for path, data in outputs.items():
        changed[path] = not (path.exists() and path.read_bytes() == data)
        if changed[path]:
            write_atomic(path, data)
    return changed, summary.findings


def _parse_year(project: Project, text: object) -> int:
    year = project.parse_year(text)
    if not project.summary_plan_file(year).is_file():
        have = sorted(p.stem for p in project.summary_plan_file(year).parent.glob("*.yaml"))
        raise InputError(
            [
                error(
                    "A001",
                    Place("--year"),
                    f"chưa có văn bản tổng hợp năm {year} ({project.display(project.summary_plan_file(year))}: cơ quan, số, người ký). "
                    f"Các năm đang có: {', '.join(have) or 'chưa có năm nào'}.",
                )
            ]
        )
    return year
