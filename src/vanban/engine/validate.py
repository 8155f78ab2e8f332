"""Step 2, validate: turn loaded YAML and CSV into typed models, or into findings.

All problems of one run are collected, each naming file, line, column and
field in Vietnamese; nothing downstream ever sees unvalidated data.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import Any

from vanban.engine.declaration import Declaration, Table, did_you_mean
from vanban.engine.findings import Finding, InputError, Place, error
from vanban.engine.load import CsvRow, CsvTable, YamlDocument, decimal_comma_hint
from vanban.engine.numbers import NumberFormatError, Rate, parse_decimal
from vanban.engine.prose import placeholders
from vanban.engine.schema import INVALID, Plan, Problem, allowed_keys, description_of, problem_message, shape, to_count, to_rate

TOTAL_ROW_NAMES = {"cộng", "tổng cộng", "tổng"}
GLOBAL_NAMES = {"nam", "nam_truoc", "nam_sau", "chuan_ngheo"}

Cell = int | Rate | str | None


@dataclass(frozen=True)
class Row:
    """One row of a table: its name and its cells by column key (None: left blank)."""

    name: str
    line: int
    values: dict[str, Cell]


@dataclass(frozen=True)
class ValidTable:
    """A table read and typed by its declaration, with the places to point findings at."""

    table: Table
    file: str
    header: tuple[str, ...]
    rows: tuple[Row, ...]
    stated_total: Row | None  # a "Cộng" row typed into the CSV, checked but not rendered

    @property
    def columns(self) -> list[str]:
        """Declared columns this file has, in the declaration's order."""
        return [key for key in self.table.columns if key in self.header]

    def place(self, line: int | None, column: str, unit: str | None = None) -> Place:
        index = self.header.index(column) + 1 if column in self.header else None
        return Place(self.file, line, index, column, unit)


@dataclass(frozen=True)
class ValidPlan:
    """Everything a build needs, typed, with the places to point findings at."""

    plan: Plan
    source: YamlDocument
    declaration: Declaration
    figures: dict[str, Cell]  # the so_lieu keys written, typed (None: left empty)
    tables: dict[str, ValidTable]

    @property
    def main(self) -> ValidTable:
        """The kind's first declared table (the plan's unit table, don_vi)."""
        return self.tables[next(iter(self.declaration.tables))]

    @property
    def units(self) -> tuple[Row, ...]:
        return self.main.rows

    @property
    def units_file(self) -> str:
        return self.main.file

    def unit_place(self, line: int | None, column: str, unit: str | None = None) -> Place:
        return self.main.place(line, column, unit)


def _yaml_findings(problems: list[Problem], doc: YamlDocument) -> list[Finding]:
    findings = []
    for problem in problems:
        message = problem_message(problem, "mẫu kế hoạch")
        described = description_of(Plan, problem.loc).split(";")[0].strip()
        if described and problem.kind == "missing":
            message = f"{message} ({described[:1].lower()}{described[1:]})"
        elif described and problem.input is None and problem.kind != "extra_forbidden":
            # Say which field is empty in the job's words: "chưa ghi họ và tên người ký".
            message = f"chưa ghi {described[:1].lower()}{described[1:]} (cần điền)."
        if problem.kind == "extra_forbidden":
            message += did_you_mean(str(problem.loc[-1]), allowed_keys(Plan, problem.loc))
        findings.append(error("S001", doc.place(problem.loc), message))
    return findings


def validate_plan(doc: YamlDocument) -> Plan:
    problems: list[Problem] = []
    plan = shape(Plan, doc.data if isinstance(doc.data, dict) else {"__root__": doc.data}, (), problems)
    if plan is INVALID:
        raise InputError(_yaml_findings(problems, doc))
    return plan


def typed(kind: str, value: Any, *, decimal_comma: bool = False, unbounded: bool = False) -> Cell:
    """A value typed by its declared kind (so, ty_le, chu); ValueError with the Vietnamese reason."""
    if value is None or (isinstance(value, str) and not value.strip() and kind != "chu"):
        return None
    if kind == "chu":
        if isinstance(value, (dict, list)):
            raise ValueError("phải là văn bản")
        return str(value).strip()
    if isinstance(value, str) and kind == "so":
        text = value.strip()
        try:
            value = parse_decimal(text, decimal_comma=decimal_comma) if any(ch.isdigit() for ch in text) else text
        except NumberFormatError as exc:
            raise ValueError(exc.reason) from None  # separators that make the number ambiguous, with their likely cause
        except ValueError:
            value = text
    if kind == "so":
        return to_count(value)
    if isinstance(value, str) and decimal_comma:
        try:
            value = parse_decimal(value, decimal_comma=True)
        except NumberFormatError as exc:
            raise ValueError(exc.reason) from None
        except ValueError:
            pass
    elif isinstance(value, str):
        try:
            value = parse_decimal(value, decimal_comma="," in value)
        except NumberFormatError as exc:
            raise ValueError(exc.reason) from None
        except ValueError:
            pass
    return to_rate(value, unbounded)


# ---------------------------------------------------------------- town figures


def typed_figures(
    figures: dict[str, Any], decl: Declaration, doc: YamlDocument, noun: str = "kế hoạch"
) -> tuple[dict[str, Cell], list[Finding]]:
    """A document's ``so_lieu`` typed by its kind's declaration (``noun``: the kind, as the message names it)."""
    findings: list[Finding] = []
    out: dict[str, Cell] = {}
    declared = list(decl.figures)
    for key, raw in figures.items():
        figure = decl.figures.get(str(key))
        if figure is None:
            message = f"khóa «{key}» không có trong mẫu {noun}.{did_you_mean(str(key), declared)}"
            message += f" Các số liệu được khai báo ({', '.join(decl.files)}): {', '.join(declared)}."
            findings.append(error("S001", doc.place(("so_lieu", key)), message))
            continue
        try:
            out[str(key)] = typed(figure.value_type, raw, unbounded=figure.unbounded)
        except ValueError as exc:
            findings.append(error("S001", doc.place(("so_lieu", key)), str(exc)))
    for figure in decl.figures.values():
        if figure.required and figure.key not in figures:
            findings.append(
                error(
                    "S001",
                    doc.place(("so_lieu", figure.key)),
                    f"thiếu trường bắt buộc: «{figure.key}» là {figure.description[:1].lower()}{figure.description[1:]}; "
                    f"nếu chưa có số liệu, hãy ghi «{figure.key}: ~» (để trống) và điền sau.",
                )
            )
    households = out.get("tong_so_ho")
    if isinstance(households, int) and not findings:
        for key in decl.within_households:
            value = out.get(key)
            if isinstance(value, int) and value > households:
                findings.append(
                    error(
                        "S013", doc.place(("so_lieu", key), key), f"{key} = {value} lớn hơn tổng số hộ tong_so_ho = {households}."
                    )
                )
    return out, findings


# ---------------------------------------------------------------- tables


def _header_findings(csv: CsvTable, table: Table) -> list[Finding]:
    findings = []
    header = csv.header
    declared = list(table.columns)
    for index, name in enumerate(header, start=1):
        if name not in table.columns:
            hint = did_you_mean(name, [c for c in declared if c not in header])
            message = (
                f"cột «{name}» không có trong mẫu.{hint} Các cột của bảng «{table.name}» ({table.source}): {', '.join(declared)}."
            )
            findings.append(error("C010", Place(csv.file, csv.header_line, index, name), message))
    for name in table.required():
        if name not in header:
            findings.append(error("C011", Place(csv.file, csv.header_line, None, name), f"thiếu cột «{name}»."))
    seen: set[str] = set()
    for index, name in enumerate(header, start=1):
        if name in seen:
            findings.append(error("C012", Place(csv.file, csv.header_line, index, name), f"cột «{name}» bị lặp lại."))
        seen.add(name)
    return findings


def _row(row: CsvRow, csv: CsvTable, table: Table) -> tuple[Row | None, bool, list[Finding]]:
    """(row, is the stated "Cộng" row, findings)."""
    if "__extra__" in row.values:
        return (
            None,
            False,
            [
                error(
                    "C013",
                    Place(csv.file, row.line),
                    f"dòng có nhiều ô hơn số cột tiêu đề ({row.values['__extra__']!r}).{decimal_comma_hint(row, csv)}",
                )
            ],
        )
    name = row.values.get(table.name_column, "").strip()
    is_total = name.lower() in TOTAL_ROW_NAMES
    values: dict[str, Cell] = {}
    findings = []
    for key in csv.header:
        column = table.columns.get(key)
        if column is None:
            continue
        raw = row.values.get(key, "")
        place = Place(csv.file, row.line, csv.header.index(key) + 1, key, name or None)
        try:
            value = typed(column.value_type, raw, decimal_comma=csv.decimal_comma)
        except ValueError as exc:
            findings.append(error("C020", place, str(exc)))
            continue
        blank = value is None or value == ""
        if blank and not is_total and column.formula is None and not column.to_fill:
            if key == table.name_column or column.value_type != "chu":
                findings.append(error("C020", place, "không được để trống"))
                continue
        values[key] = value
    if findings:
        return None, is_total, findings
    return Row(name, row.line, values), is_total, []


def _ratio_bounds(table: Table) -> list[tuple[str, str]]:
    """(part, whole) of each rate column whose formula divides one column by another."""
    out = []
    for column in table.columns.values():
        ratio = column.formula.ratio() if column.formula is not None else None
        if ratio and len(ratio[0].names) == 1 and ratio[0].text == ratio[0].names[0] and ratio[1].text == ratio[1].names[0]:
            out.append((ratio[0].text, ratio[1].text))
    return out


_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"))  # zero-width, soft hyphen


def unit_key(name: str) -> str:
    """What makes two unit names the same unit: NFC, no zero-width characters, any run of spaces (no-break
    spaces included) as one, case ignored. «Thôn 1», «Thôn\u00a01» and «Thôn  1» are one unit (C015)."""
    return " ".join(unicodedata.normalize("NFC", name).translate(_INVISIBLE).split()).casefold()


def validate_table(csv: CsvTable, table: Table, *, may_be_empty: bool = False) -> ValidTable:
    """``may_be_empty``: a table the document does not place (a plan that states town figures only)."""
    findings = _header_findings(csv, table)
    if findings:
        raise InputError(findings)
    rows: list[Row] = []
    total: Row | None = None
    first_line: dict[str, int] = {}
    bounds = _ratio_bounds(table)
    for position, raw in enumerate(csv.rows):
        row, is_total, row_findings = _row(raw, csv, table)
        findings += row_findings
        if row is None:
            continue
        if is_total:
            if position != len(csv.rows) - 1:
                findings.append(
                    error("C014", Place(csv.file, raw.line, 1, table.name_column), "dòng «Cộng» phải là dòng cuối cùng của bảng.")
                )
            total = row
            continue
        broken = False
        for part, whole in bounds:
            p, w = row.values.get(part), row.values.get(whole)
            if isinstance(p, int) and isinstance(w, int) and p > w:
                labels = (table.columns[part].label, table.columns[whole].label)
                findings.append(
                    error(
                        "C021",
                        Place(csv.file, raw.line, csv.header.index(part) + 1, part, row.name),
                        f"{labels[0][:1].lower()}{labels[0][1:]} ({p}) lớn hơn {labels[1][:1].lower()}{labels[1][1:]} ({w}) của {table.row_noun}.",
                    )
                )
                broken = True
        if broken:
            continue
        key = unit_key(row.name)
        if key in first_line:
            findings.append(
                error(
                    "C015",
                    Place(csv.file, raw.line, csv.header.index(table.name_column) + 1, table.name_column, row.name),
                    f"{table.row_noun} «{row.name}» đã có ở dòng {first_line[key]}.",
                )
            )
            continue
        first_line[key] = raw.line
        rows.append(row)
    if not rows and not findings and not may_be_empty:
        findings.append(error("C016", Place(csv.file, csv.header_line), f"bảng chưa có {table.row_noun} nào."))
    if findings:
        raise InputError(findings)
    return ValidTable(table, csv.file, tuple(csv.header), tuple(rows), total)


# ---------------------------------------------------------------- prose


def placed_tables(plan: Plan) -> list[str]:
    return [block.text for block in plan.body if block.kind == "table"]


def _prose_findings(
    plan: Plan,
    doc: YamlDocument,
    decl: Declaration,
    kind_tables: frozenset[str] = frozenset(),
    charts: frozenset[str] = frozenset(),
) -> list[Finding]:
    known = set(decl.figures) | set(plan.citations) | GLOBAL_NAMES
    findings = []
    texts: list[tuple[tuple[Any, ...], str]] = [(("van_ban", "trich_yeu"), plan.document.summary)]
    texts += [(("noi_dung", i), block.text) for i, block in enumerate(plan.body)]
    for path, text in texts:
        for name in placeholders(text):
            if name not in known:
                hint = did_you_mean(name, known)
                if not hint:
                    hint = f" Các số liệu được khai báo ({', '.join(decl.files)}): {', '.join(decl.figures)}."
                findings.append(
                    error("S010", doc.place(path), f"biến «${{{name}}}» chưa được định nghĩa trong so_lieu hay can_cu.{hint}")
                )
    seen: set[tuple[str, str]] = set()
    tables = [*decl.tables, *sorted(kind_tables - set(decl.tables))]
    for i, block in enumerate(plan.body):
        if block.kind not in ("table", "chart"):
            continue
        word = "bảng" if block.kind == "table" else "biểu đồ"
        known_here = tables if block.kind == "table" else sorted(charts)
        if block.text not in known_here:
            hint = did_you_mean(block.text, known_here)
            names = ", ".join(f"«{t}»" for t in known_here) or "(không có)"
            findings.append(
                error(
                    "S011",
                    doc.place(("noi_dung", i)),
                    f"{word} «{block.text}» không có; chỉ có {word} {names} (khai báo trong {', '.join(decl.files)}).{hint}",
                )
            )
        elif (block.kind, block.text) in seen:
            findings.append(error("S012", doc.place(("noi_dung", i)), f"{word} «{block.text}» chỉ được đặt một lần."))
        seen.add((block.kind, block.text))
    return findings


def validate(
    doc: YamlDocument,
    tables: dict[str, CsvTable],
    decl: Declaration,
    *,
    kind_tables: frozenset[str] = frozenset(),
    charts: frozenset[str] = frozenset(),
) -> ValidPlan:
    """Validate the context and every table read, reporting the problems of all in one go.

    ``kind_tables`` and ``charts`` are what a kind's own code draws (the report's plan-against-actual
    table and chart): the prose may place them with ``bang:`` and ``bieu_do:`` like declared tables.
    """
    findings: list[Finding] = []
    plan = None
    figures: dict[str, Cell] = {}
    raw = doc.data.get("so_lieu") if isinstance(doc.data, dict) else None
    if isinstance(raw, dict):  # checked even when other parts of the plan are wrong: every problem in one run
        figures, figure_findings = typed_figures(raw, decl, doc)
        findings += figure_findings
    try:
        plan = validate_plan(doc)
        findings += _prose_findings(plan, doc, decl, kind_tables, charts)
    except InputError as exc:
        findings += exc.findings
    valid_tables: dict[str, ValidTable] = {}
    body = doc.data.get("noi_dung") if isinstance(doc.data, dict) else None
    placed = {str(b.get("bang")) for b in body if isinstance(b, dict) and "bang" in b} if isinstance(body, list) else set()
    for name, csv in tables.items():
        try:
            valid_tables[name] = validate_table(csv, decl.tables[name], may_be_empty=name not in placed)
        except InputError as exc:
            findings += exc.findings
    if findings or plan is None:
        raise InputError(findings)
    return ValidPlan(plan, doc, decl, figures, valid_tables)
