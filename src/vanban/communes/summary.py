"""``invoke tong-hop --year 2024``: the province summary of every commune's plan (and results).

The summary is declared in ``templates/tong-hop.yaml`` like any kind: its table ``xa`` (one row per commune),
its columns, formulas, «Cộng» row and the totals the office may state (``so_lieu``), computed and checked by
the engine (``engine/compute.py``, ``engine/check.py``: T001, R001, I003 …). What each row takes from its
commune is declared there too (``lay: <kind>.<figure>``): a figure of the commune's checked plan, or of its
checked year-end report (``checked_clean``: a report with errors is not taken, A013); a commune that keeps
only a results table (``data/<year>/ket_qua.csv``) gives the totals of its columns that the report's figure
is the total of. This module is the kind's hook: gathering the communes, and the words that depend on them
(``${cap_xa}``, ``${loai_xa}``, ``${cac_xa}``: from the communes' own types and the document's date). The
document is rendered through ``templates/tong-hop.docx``; the same table goes to an Excel workbook
(``workbook.py``, where pandas is imported, so ``build`` and ``check`` never pay for it).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from vanban.engine import reads, stamp
from vanban.engine.files import write_all
from vanban.engine.findings import Finding, InputError, Place, error, has_errors, warning
from vanban.engine.load import YamlDocument, load_yaml
from vanban.engine.numbers import Rate, format_int, format_number
from vanban.engine.prose import fill, placeholders
from vanban.engine.reform import COMMUNE_TYPES, TYPES_AFTER_REFORM, after_reform, mid_sentence
from vanban.engine.schema import (
    INVALID,
    DocumentInfo,
    Problem,
    Recipients,
    Signature,
    anything,
    dict_of,
    example_flag,
    integer,
    keyed,
    list_of,
    model,
    shape,
    text,
)
from vanban.kinds.registry import PLAN, SUMMARY, kinds, shipped
from vanban.project import Project

if TYPE_CHECKING:
    from vanban.engine.declaration import Column, Declaration
    from vanban.pipeline import Checked

TABLE = "xa"  # the summary's declared table: one row per commune
ROW_NUMBER = "stt"  # the key of the table's row number (STT), which no declared column may take
NONE = "—"  # a figure that does not apply (no results yet, nothing planned)
NOT_ACHIEVED = "chưa đạt"  # a share of a decrease below zero: the commune gained poor households


@dataclass(frozen=True, kw_only=True)
class SummaryPlan:
    """``plans/tong-hop/<year>.yaml``: the reviewing office's document around the table."""

    year: int = keyed("nam", integer(ge=2000, le=2100))
    document: DocumentInfo = keyed("van_ban", model(DocumentInfo))
    # Totals the office states (from its own records), typed and checked by the declaration's so_lieu.
    figures: dict[str, Any] = keyed("so_lieu", dict_of(anything), default_factory=dict)
    body: list[str] = keyed("noi_dung", list_of(text(min_length=0)), default_factory=list)
    body_after: list[str] = keyed("noi_dung_sau_bang", list_of(text(min_length=0)), default_factory=list)
    recipients: Recipients = keyed("noi_nhan", model(Recipients))
    signature: Signature = keyed("ky", model(Signature))
    example: bool = example_flag()  # vi_du: true, the shipped example


@dataclass(frozen=True)
class Row:
    """One commune: its figures by the declared column (ints, Rates, None where nothing applies)."""

    slug: str
    name: str
    values: dict[str, Any]
    kind: str = "xã"  # xã | phường | thị trấn | đặc khu
    errors: int = 0  # a draft summary takes a plan with errors: its trend cell is marked
    results: bool = False  # a year-end result was gathered


@dataclass
class Summary:
    year: int
    plan: SummaryPlan
    rows: list[Row]  # the values the document shows, computed
    total: dict[str, Any]  # the «Cộng» row and every town figure
    has_results: bool
    findings: list[Finding] = field(default_factory=list)
    # Other years' poverty rates already checked (``build --all``): (slug, year) -> (the plan's
    # ``ty_le_ho_ngheo``, the commune's name, its number of errors), for the workbook's trend
    # (``workbook.trend_panel``).
    rates: Mapping[tuple[str, int], tuple[Any, str, int]] = field(default_factory=dict)
    columns: tuple[Column, ...] = ()  # the declared shown columns but the communes' names, in order
    words: dict[str, str] = field(default_factory=dict)  # ${…} of the prose: the totals and the communes' words
    results_only: frozenset[str] = frozenset()  # columns left out of the document while no results are in


_PLAIN = {
    "missing": "thiếu trường bắt buộc",
    "extra_forbidden": "khóa này không có trong mẫu tổng hợp",
    "int_parsing": "phải là số nguyên",
    "int_type": "phải là số nguyên",
    "string_type": "phải là văn bản",
    "list_type": "phải là một danh sách (mỗi mục một dòng bắt đầu bằng «- »)",
    "date_type": "phải là ngày dạng NĂM-THÁNG-NGÀY, ví dụ 2025-01-15",
    "dict_type": "phải là một nhóm các khóa: giá trị",
}


def load_summary_plan(project: Project, year: int, decl: Declaration) -> tuple[SummaryPlan, YamlDocument, dict[str, Any]]:
    """The office's document, and the totals it states typed by the declaration's ``so_lieu``; InputError lists
    every problem."""
    from vanban.engine.validate import typed_figures

    plan, doc = _load_plan(project, year)
    figures, problems = typed_figures(plan.figures, decl, doc, "tổng hợp")
    if problems:
        raise InputError(problems)
    return plan, doc, figures


def _load_plan(project: Project, year: int) -> tuple[SummaryPlan, YamlDocument]:
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


# ---------------------------------------------------------------- what the declaration gathers


def declaration(project: Project) -> Declaration:
    """``templates/tong-hop.yaml`` (and its additions), with every ``lay`` naming a figure its kind declares
    (D010 otherwise)."""
    from vanban.pipeline import declaration as declared

    decl = declared(project, SUMMARY)
    if TABLE not in decl.tables:
        raise InputError([error("D010", Place(decl.where), f"khai báo bản tổng hợp phải có bảng «{TABLE}» (mỗi xã một dòng).")])
    table = decl.tables[TABLE]
    known = kinds(project.root)
    problems = []
    others: dict[str, Declaration] = {}
    for column in table.columns.values():
        if column.key == ROW_NUMBER:
            where = Place(table.source, column.line, field=f"bang.{TABLE}.cot.{column.key}")
            problems.append(error("D010", where, f"cột «{ROW_NUMBER}» là số thứ tự của bảng, do vanban đánh; hãy đặt tên khác."))
            continue
        if column.gathered is None:
            continue
        kind, figure = column.gathered
        where = Place(table.source, column.line, field=f"bang.{TABLE}.cot.{column.key}.lay")
        if kind not in known or known[kind].province:
            listed = ", ".join(k for k, v in known.items() if not v.province)
            problems.append(error("D010", where, f"loại văn bản «{kind}» không có; mỗi xã chỉ có: {listed}."))
            continue
        if kind not in others:
            others[kind] = declared(project, kind)
        if figure not in others[kind].figures:
            from vanban.engine.declaration import did_you_mean

            problems.append(
                error(
                    "D010",
                    where,
                    f"{known[kind].label} không có số liệu «{figure}».{did_you_mean(figure, others[kind].figures)}",
                )
            )
    if problems:
        raise InputError(problems)
    return decl


def _gathered(decl: Declaration) -> list[Column]:
    return [c for c in decl.tables[TABLE].columns.values() if c.gathered is not None]


def commune_identity(commune: Project, year: int, agency: str | None = None):
    """The commune's name and type (``CommuneInfo``): its settings' ``xa``, else its plan's agency without «UBND»."""
    from vanban.communes.settings import commune_info, load_plan_document, load_settings

    settings = load_settings(commune)
    if settings is not None and isinstance(settings.data.get("xa"), dict):
        return commune_info(commune, settings)
    if agency is None:
        document = load_plan_document(commune, year).data.get("van_ban") or {}
        agency = str(document.get("ten_co_quan") or commune.label)
    return commune_info(commune, None, agency)


def commune_name(commune: Project, year: int) -> str:
    return commune_identity(commune, year).name


def _column_sum(table, column: str, findings: list[Finding]) -> int:
    """Sum of a column over a table's rows read alone (a typed «Cộng» row is checked, not added)."""
    from vanban.engine.numbers import parse_decimal

    total, stated = 0, None
    for row in table.rows:
        name = row.values.get("don_vi", "").strip()
        cell = row.values.get(column, "").strip()
        try:
            value = int(parse_decimal(cell, decimal_comma=table.decimal_comma)) if cell else 0
        except ValueError:
            findings.append(
                error("C020", Place(table.file, row.line, field=column, unit=name), f"phải là số nguyên (đang ghi «{cell}»)")
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
    return total


def _table_alone(commune: Project, year: int, kind: str, wanted: Iterable[str], findings: list[Finding]) -> dict[str, Any]:
    """The figures ``wanted`` of a kind's document that has only its table (``ket_qua.csv``, or that sheet of the
    year's workbook, kept without its report): each figure declared as a column's total (``tong``) is that
    column's sum."""
    from dataclasses import replace

    from vanban.engine.sheets import WORKBOOK_NAME
    from vanban.pipeline import declaration as declared
    from vanban.pipeline import load_tables

    chosen = kinds(commune.root)[kind]
    decl = declared(commune, chosen, chosen.periods[0])
    sources = {
        figure: total
        for figure in wanted
        if (total := decl.figures[figure].column_total) is not None and total[0] in decl.tables and total[0] not in decl.foreign
    }
    names = {name for name, _ in sources.values()}
    folder = commune.data_dir(year)
    if not any(reads.exists(folder / decl.tables[n].file_name) for n in names) and not reads.exists(folder / WORKBOOK_NAME):
        return {}
    tables, problems = load_tables(commune, year, replace(decl, tables={n: decl.tables[n] for n in names}), lambda name: False)
    findings += problems
    if problems:
        return {}
    out: dict[str, Any] = {}
    for figure, (name, column) in sources.items():
        table = tables.get(name)
        if table is None:
            continue
        if column not in table.header:
            findings.append(error("C011", Place(table.file, table.header_line), f"bảng thiếu cột {column}."))
            continue
        out[figure] = _column_sum(table, column, findings)
    return out


def _other_document(commune: Project, year: int, kind: str, wanted: list[str], findings: list[Finding]) -> dict[str, Any]:
    """The figures of the commune's ``kind`` document of ``year`` (its first period: the report's year end),
    checked; {} when it has none; a document with errors gives nothing, its findings and A013 say why."""
    from vanban.pipeline import checked_clean

    chosen = kinds(commune.root)[kind]
    try:
        checked = checked_clean(commune, year, chosen, chosen.periods[0])
    except InputError as exc:
        shown = commune.display(chosen.context_file(commune, year, chosen.periods[0]))
        findings += [f for f in exc.findings if f.code != "A013"]
        findings.append(
            error("A013", Place(shown), f"{chosen.label} năm {year} còn lỗi nên chưa đưa vào bản tổng hợp; hãy sửa các lỗi trên.")
        )
        return {}
    if checked is None:
        return _table_alone(commune, year, kind, wanted, findings)
    return dict(checked.computed.values)


def commune_row(
    commune: Project,
    year: int,
    *,
    draft: bool,
    findings: list[Finding],
    checked: Checked | None = None,
    decl: Declaration | None = None,
) -> Row | None:
    """One commune's row, as the declaration's ``lay`` says; ``checked``: its plan's checks when they have already
    run (``build --all``)."""
    from vanban.pipeline import run_checks

    decl = decl if decl is not None else declaration(commune)
    try:
        checked = checked if checked is not None else run_checks(commune, year)
        identity = commune_identity(commune, year, checked.valid.plan.document.agency_name)
    except InputError as exc:
        findings += exc.findings
        return None
    errors = [f for f in checked.findings if f.severity == "error"]
    findings += errors
    if errors and not draft:
        return None
    columns = _gathered(decl)
    sources: dict[str, dict[str, Any]] = {PLAN: dict(checked.computed.values)}
    for kind in dict.fromkeys(c.gathered[0] for c in columns if c.gathered):
        if kind not in sources:
            wanted = [c.gathered[1] for c in columns if c.gathered and c.gathered[0] == kind]
            sources[kind] = _other_document(commune, year, kind, wanted, findings)
    values: dict[str, Any] = {c.key: sources[c.gathered[0]].get(c.gathered[1]) for c in columns if c.gathered}
    # A rate is computed again from the row's counts by its formula (rates side by side in one column read best
    # with the same decimals); only a commune without those counts gives the rate it states.
    for column in columns:
        formula = column.formula
        if column.value_type == "ty_le" and formula is not None and all(isinstance(values.get(n), int) for n in formula.names):
            values[column.key] = None
    results = any(c.gathered and c.gathered[0] != PLAN and values.get(c.key) is not None for c in columns)
    return Row(commune.commune or "", identity.name, values, identity.kind, len(errors), results)


# ---------------------------------------------------------------- the communes' words


def level_words(types: Iterable[str], day: dt.date) -> str:
    """«xã, phường, thị trấn» from the communes' own types, in the order of the date's list (from 01/7/2025:
    xã, phường, đặc khu): only the types the summary's communes have."""
    present = set(types)
    order = TYPES_AFTER_REFORM if after_reform(day) else COMMUNE_TYPES[:3]
    return ", ".join(t for t in dict.fromkeys((*order, *COMMUNE_TYPES)) if t in present)


def words(rows: list[Row], day: dt.date) -> dict[str, str]:
    """``${cap_xa}`` (the column's header), ``${loai_xa}`` (mid-sentence), ``${cac_xa}`` (one commune by its name,
    several as «các xã, phường»), ``${so_xa}``."""
    levels = level_words((r.kind for r in rows), day)
    several = len(rows) != 1
    return {
        "so_xa": format_int(len(rows)),
        "loai_xa": levels,
        "cap_xa": levels[:1].upper() + levels[1:],
        "cac_xa": f"các {levels}" if several else mid_sentence(rows[0].name, rows[0].kind),
    }


def _types_of_the_date(rows: list[Row], day: dt.date, where: Place) -> list[Finding]:
    """H003: a commune whose type the document's date no longer (or not yet) has: its settings are out of date."""
    allowed = TYPES_AFTER_REFORM if after_reform(day) else COMMUNE_TYPES[:3]
    when = "từ 01/7/2025" if after_reform(day) else "trước 01/7/2025"
    return [
        warning(
            "H003",
            where,
            f"«{r.name}» là {r.kind}, nhưng {when} không có đơn vị hành chính cấp xã loại này (chỉ có {', '.join(allowed)}); "
            f"hãy ghi tên, loại của xã sau sắp xếp (xa.ten, xa.loai trong plans/{r.slug or '<mã xã>'}/xa.yaml).",
        )
        for r in rows
        if r.kind not in allowed
    ]


def _unknown_words(plan: SummaryPlan, doc: YamlDocument, known: Mapping[str, str]) -> list[Finding]:
    """P001: a ``${name}`` the summary has no value for would print «…»."""
    texts: list[tuple[tuple[str | int, ...], str]] = [(("van_ban", "trich_yeu"), plan.document.summary)]
    texts += [(("noi_dung", i), t) for i, t in enumerate(plan.body)]
    texts += [(("noi_dung_sau_bang", i), t) for i, t in enumerate(plan.body_after)]
    texts += [(("noi_nhan", "gui", i), t) for i, t in enumerate(plan.recipients.to)]
    return [
        error("P001", doc.place(path), f"nội dung dùng ${{{name}}} nhưng bản tổng hợp không có số liệu này.")
        for path, text in texts
        for name in placeholders(text)
        if name not in known
    ]


# ---------------------------------------------------------------- the whole summary

# A commune's row made beforehand (``build --all``, from the checks its build ran), by commune slug ("" for a
# repository of one commune): the row, or None, and the findings ``commune_row`` gave with it.
KnownRows = Mapping[str, tuple[Row | None, list[Finding]]]


def _issued(plan: SummaryPlan, year: int) -> dt.date:
    return plan.document.date.as_date if plan.document.date else dt.date(year, 1, 1)


def _computed(plan: SummaryPlan, doc: YamlDocument, decl: Declaration, figures: dict[str, Any], rows: list[Row], where: str):
    """The declared table of the gathered rows, through the engine: (valid, computed, findings)."""
    from vanban.engine.check import RULES, to_fill
    from vanban.engine.compute import compute
    from vanban.engine.schema import Plan
    from vanban.engine.validate import Row as CellRow
    from vanban.engine.validate import ValidPlan, ValidTable

    table = decl.tables[TABLE]
    cells = [CellRow(r.name, None, {table.name_column: r.name, **r.values}) for r in rows]  # type: ignore[arg-type]
    valid_table = ValidTable(table, where, tuple(table.columns), tuple(cells), None)
    frame = Plan(
        year=plan.year,
        document=plan.document,
        figures=plan.figures,
        body=[],
        recipients=plan.recipients,
        signature=plan.signature,
    )
    valid = ValidPlan(frame, doc, decl, figures, {TABLE: valid_table})
    computed = compute(valid)
    # Every rule of a declared table; what is still to fill is the prose's (``_unknown_words``), not a plan's.
    found = [f for rule in RULES if rule is not to_fill for f in rule(valid, computed)]
    return valid, computed, found


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
    from vanban.docx.render import placeholder_values

    decl = declaration(project)
    plan, doc, figures = load_summary_plan(project, year, decl)
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
            row = commune_row(commune, year, draft=draft, findings=findings, decl=decl)
        if row is not None:
            rows.append(row)
    if not rows:
        raise InputError(findings or [error("A001", Place("--year"), f"không đọc được kế hoạch năm {year} của xã nào.")])
    where = project.display(communes[0].plan_file(year)) if len(communes) == 1 else f"plans/<mã xã>/{year}.yaml"
    valid, computed, found = _computed(plan, doc, decl, figures, rows, where)
    findings += found
    has_results = any(r.results for r in rows)
    if has_results and not all(r.results for r in rows):
        missing = ", ".join(r.name for r in rows if not r.results)
        findings.append(
            warning(
                "H002",
                Place("--year"),
                f"chưa có báo cáo kết quả năm {year} của: {missing}; dòng «Cộng» chưa tính «đạt % kế hoạch».",
            )
        )
    issued = _issued(plan, year)
    findings += _types_of_the_date(rows, issued, doc.place(("van_ban", "ngay")))
    # A declared figure without a value (no results yet) reads «—», as its cell does.
    said = {**dict.fromkeys(decl.figures, NONE), **placeholder_values(valid, computed), **words(rows, issued)}
    findings += _unknown_words(plan, doc, said)
    tf = computed.tables[TABLE]
    shown = [Row(r.slug, r.name, dict(f.shown), r.kind, r.errors, r.results) for r, f in zip(rows, tf.rows, strict=True)]
    total = {**computed.values, **tf.total_shown}
    declared = decl.tables[TABLE].columns.values()
    columns = tuple(c for c in declared if c.shown and c.key != decl.tables[TABLE].name_column)
    only = frozenset(results_only(declared))
    return Summary(year, plan, shown, total, has_results, findings, rates or {}, columns, said, only)


# ---------------------------------------------------------------- presentation


def cell_text(value: Any, column: Column | None = None, start: Any = None, end: Any = None) -> str:
    """A figure as the table shows it; a share of a target below zero is «chưa đạt», with the increase
    (``start``, ``end``: the counts it was computed from) when known."""
    if value is None:
        return NONE
    if isinstance(value, Rate):
        if value.value < 0 and column is not None and column.unbounded:
            grew = end - start if isinstance(start, int) and isinstance(end, int) and end > start else None
            return NOT_ACHIEVED + (f" (tăng {format_int(grew)} hộ)" if grew else "")
        return format_number(value.value, value.decimals)
    return format_int(value)


def _increase(column: Column, values: Mapping[str, Any]) -> tuple[Any, Any]:
    """(start, end) of a share of a decrease, ``(start - end) / target * 100``: the names of its part."""
    ratio = column.formula.ratio() if column.formula is not None else None
    names = ratio[0].names if ratio is not None else ()
    return (values.get(names[0]), values.get(names[1])) if len(names) == 2 else (None, None)


def cells(summary: Summary, values: Mapping[str, Any]) -> dict[str, str]:
    """One row's (or the «Cộng» row's) cells by column key."""
    return {c.key: cell_text(values.get(c.key), c, *_increase(c, values)) for c in summary.columns}


def results_only(columns: Iterable[Column]) -> set[str]:
    """The columns that hold nothing but results: taken from another kind than the plan (``lay: bao-cao.…``), or
    computed from such a column (``dat_ke_hoach``)."""
    columns = list(columns)
    found = {c.key for c in columns if c.gathered is not None and c.gathered[0] != PLAN}
    grew = True
    while grew:
        grew = False
        for c in columns:
            if c.key not in found and c.formula is not None and found.intersection(c.formula.names):
                found.add(c.key)
                grew = True
    return found


def table_columns(summary: Summary) -> list[Column]:
    """The columns the document's table shows after STT and the communes' names: the declaration's shown ones, in
    its order; without any results, not those that hold only results (``Summary.results_only``)."""
    return [c for c in summary.columns if summary.has_results or c.key not in summary.results_only]


def headings(summary: Summary) -> dict[str, str]:
    """Each column's printed header (``tieu_de``, its ${…} filled): the first column's from the communes' types."""
    table_columns = {c.key: c for c in summary.columns}
    out = {key: fill(c.heading, summary.words) for key, c in table_columns.items()}
    out["xa"] = summary.words["cap_xa"]
    return out


def context(summary: Summary, *, draft: bool) -> dict[str, Any]:
    from vanban.docx.render import frame

    plan = summary.plan
    values = summary.words
    ctx = frame(plan, summary.year, values, draft=draft)
    ctx["noi_nhan"] = [fill(line, values) for line in ctx["noi_nhan"]]
    rows = [{ROW_NUMBER: str(i), "xa": r.name, **cells(summary, r.values)} for i, r in enumerate(summary.rows, 1)]
    heads = headings(summary)
    return {
        **ctx,
        "noi_dung": [fill(t, values) for t in plan.body],
        "noi_dung_sau_bang": [fill(t, values) for t in plan.body_after],
        "co_ket_qua": summary.has_results,
        "tieu_de": {ROW_NUMBER: "STT", **heads},
        # The table's columns after STT and the names, as the declaration shows them (a column loop, «{%tc %}»):
        # each row and «Cộng» give their cells by the column's key.
        "cot": [{"khoa": c.key, "tieu_de": heads[c.key]} for c in table_columns(summary)],
        "xa": rows,
        "cong": cells(summary, summary.total),
    }


def document_bytes(project: Project, summary: Summary, *, draft: bool) -> bytes:
    from vanban.docx.render import render

    template = project.template_for(SUMMARY)
    reads.record(template)  # docxtpl opens it itself
    doc = summary.plan.document
    ctx = context(summary, draft=draft)
    title = f"{doc.doc_type.capitalize()} {ctx['trich_yeu'][:1].lower()}{ctx['trich_yeu'][1:]}"
    issued = _issued(summary.plan, summary.year)
    return render(template, project.display(template), ctx, author=doc.agency_name, title=title, issued=issued)


def check_summary(project: Project, year_text: object) -> Summary:
    """``check --kind tong-hop``: the summary's findings, nothing written."""
    return summarize(project, _parse_year(project, year_text))


@dataclass(frozen=True)
class SummaryBuild:
    """What ``write_summary`` did: each output (path -> whether its bytes changed; {} when refused), the findings,
    the Decree 30 lint of the .docx, and whether the stamp held (nothing was checked, rendered or written)."""

    outputs: dict[Path, bool]
    findings: list[Finding]
    lint: list[Finding] | None = None
    skipped: bool = False


def write_summary(
    project: Project,
    year_text: object,
    *,
    draft: bool = False,
    known: KnownRows | None = None,
    rates: Mapping[tuple[str, int], tuple[Any, str, int]] | None = None,
    read_elsewhere: Iterable[reads.Reads] = (),
) -> SummaryBuild:
    """Write the summary's .docx and .xlsx, and lint the .docx.

    Nothing is written while a commune's plan has errors, unless ``draft``. ``known``, ``rates``: see
    ``summarize``; ``read_elsewhere``: what the builds that made them read (``build --all``'s workers), part of
    the summary's inputs since it does not read those plans itself.

    Stamped as a plan is (``engine.stamp``, one stamp for both outputs): while every file the summary was made
    from (every commune's plan, tables, settings and the other documents it takes figures from, the listing of
    ``plans/`` and of each commune's folder, the declaration, template and the office's YAML) is unchanged and
    both outputs are the bytes written, nothing is checked or written and the stamp's findings and lint are
    shown again. A summary with errors is never stamped.
    """
    from vanban.communes.workbook import summary_workbook
    from vanban.pipeline import lint_written

    year = _parse_year(project, year_text)
    docx_path = shipped(SUMMARY).output_file(project, year)
    xlsx_path = docx_path.with_suffix(".xlsx")
    kept = stamp.fresh(project, docx_path, draft=draft)
    if kept is not None:
        return SummaryBuild({docx_path: False, xlsx_path: False}, kept.findings, kept.lint, skipped=True)
    with reads.recording() as record:
        for elsewhere in read_elsewhere:
            reads.include(elsewhere)
        summary = summarize(project, year, draft=draft, known=known, rates=rates)
        if has_errors(summary.findings) and not draft:
            return SummaryBuild({}, summary.findings)
        outputs = {docx_path: document_bytes(project, summary, draft=draft), xlsx_path: summary_workbook(project, summary)}
    changed = {path: not (path.exists() and path.read_bytes() == data) for path, data in outputs.items()}
    # Both or neither: the .docx and the .xlsx are one summary (a failed second write takes the first back).
    write_all({path: data for path, data in outputs.items() if changed[path]}, overwrite=frozenset(outputs))
    lint = stamp.Lint(
        stamp.form_key(project, record, draft=draft, figures=project.root / "data"), lint_written(project, docx_path, None)
    )
    if has_errors(summary.findings):
        stamp.forget(docx_path)  # a draft with errors is made again every time
    else:
        stamp.write(
            project,
            docx_path,
            record,
            draft=draft,
            document=outputs[docx_path],
            findings=summary.findings,
            lint=lint,
            companions={xlsx_path: outputs[xlsx_path]},
        )
    return SummaryBuild(changed, summary.findings, lint.findings)


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
