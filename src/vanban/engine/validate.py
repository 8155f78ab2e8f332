"""Step 2, validate: turn loaded YAML and CSV into typed models, or into findings.

All problems of one run are collected, each naming file, line, column and
field in Vietnamese; nothing downstream ever sees unvalidated data.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ValidationError

from vanban.engine.findings import Finding, InputError, Place, error
from vanban.engine.load import CsvRow, CsvTable, YamlDocument, decimal_comma_hint
from vanban.engine.numbers import NumberFormatError, parse_decimal
from vanban.engine.prose import placeholders
from vanban.engine.schema import NUMERIC_COLUMNS, UNIT_COLUMNS, Plan, StatedFigures, TotalRow, UnitRow, field_aliases

TOTAL_ROW_NAMES = {"cộng", "tổng cộng", "tổng"}
GLOBAL_NAMES = {"nam", "nam_truoc"}


@dataclass(frozen=True)
class Unit:
    row: UnitRow
    line: int


@dataclass(frozen=True)
class Total:
    row: TotalRow
    line: int


@dataclass(frozen=True)
class ValidPlan:
    """Everything a build needs, typed, with the places to point findings at."""

    plan: Plan
    source: YamlDocument
    units: tuple[Unit, ...]
    units_file: str
    units_header: tuple[str, ...]
    stated_total: Total | None  # a "Cộng" row typed into the CSV, checked but not rendered

    def unit_place(self, line: int, column: str, unit: str | None = None) -> Place:
        index = self.units_header.index(column) + 1 if column in self.units_header else None
        return Place(self.units_file, line, index, column, unit)


_MESSAGES = {
    "missing": "thiếu trường bắt buộc",
    "int_parsing": "phải là số nguyên",
    "int_type": "phải là số nguyên",
    "int_from_float": "phải là số nguyên, không có phần thập phân",
    "greater_than_equal": "không được là số âm",
    "less_than_equal": "vượt quá giá trị cho phép",
    "string_type": "phải là văn bản",
    "string_too_short": "không được để trống",
    "string_pattern_mismatch": "không đúng dạng quy định",
    "list_type": "phải là một danh sách (mỗi mục một dòng bắt đầu bằng «- »)",
    "too_short": "không được để trống",
    "dict_type": "phải là một nhóm các khóa: giá trị",
    "model_type": "phải là một nhóm các khóa: giá trị",
    "model_attributes_type": "phải là một nhóm các khóa: giá trị",
    "date_type": "phải là ngày dạng NĂM-THÁNG-NGÀY, ví dụ 2024-01-04",
    "date_from_datetime_parsing": "phải là ngày dạng NĂM-THÁNG-NGÀY, ví dụ 2024-01-04",
    "date_parsing": "phải là ngày dạng NĂM-THÁNG-NGÀY, ví dụ 2024-01-04",
}


def _message(err: dict[str, Any], allowed: list[str]) -> str:
    kind = err["type"]
    if kind == "extra_forbidden":
        key = str(err["loc"][-1])
        close = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
        hint = f" Có phải ý bạn là «{close[0]}»?" if close else ""
        return f"khóa «{key}» không có trong mẫu kế hoạch.{hint}"
    if kind == "value_error":
        return str(err["ctx"]["error"])
    if err.get("input", "") is None:
        return "không được để trống"
    text = _MESSAGES.get(kind, err["msg"])
    if kind not in ("missing",) and "input" in err and not isinstance(err["input"], (dict, list)):
        text += f" (đang ghi «{err['input']}»)"
    return text


def _allowed_keys(model: type[BaseModel], loc: tuple[Any, ...]) -> list[str]:
    """Keys allowed at the mapping that holds ``loc[-1]``, for "did you mean"."""
    current: Any = model
    for part in loc[:-1]:
        if isinstance(part, int) or not (isinstance(current, type) and issubclass(current, BaseModel)):
            return []
        by_alias = {(f.alias or n): f for n, f in current.model_fields.items()}
        if part not in by_alias:
            return []
        annotation = by_alias[part].annotation
        current = annotation if isinstance(annotation, type) else None
    if isinstance(current, type) and issubclass(current, BaseModel):
        return field_aliases(current)
    return []


def _yaml_findings(exc: ValidationError, doc: YamlDocument) -> list[Finding]:
    findings = []
    for err in exc.errors():
        loc = tuple(p for p in err["loc"] if not (isinstance(p, str) and p.startswith(("function-", "lax-", "json-"))))
        message = _message(err, _allowed_keys(Plan, loc))
        findings.append(error("S001", doc.place(loc), message))
    return findings


def validate_plan(doc: YamlDocument) -> Plan:
    try:
        return Plan.model_validate(doc.data if isinstance(doc.data, dict) else {"__root__": doc.data})
    except ValidationError as exc:
        raise InputError(_yaml_findings(exc, doc)) from None


def _cell(value: str, column: str, decimal_comma: bool) -> Any:
    if column not in NUMERIC_COLUMNS:
        return value
    if value == "":
        return None
    if column in NUMERIC_COLUMNS:
        try:
            return parse_decimal(value, decimal_comma=decimal_comma)
        except NumberFormatError:
            raise  # separators that make the number ambiguous: reported with their likely cause
        except ValueError:
            return value  # the model reports it, naming the column
    return value


def _header_findings(table: CsvTable) -> list[Finding]:
    findings = []
    header = table.header
    for index, name in enumerate(header, start=1):
        if name not in UNIT_COLUMNS:
            close = difflib.get_close_matches(name, [c for c in UNIT_COLUMNS if c not in header], n=1, cutoff=0.6)
            hint = f" Có phải ý bạn là «{close[0]}»?" if close else ""
            findings.append(
                error("C010", Place(table.file, table.header_line, index, name), f"cột «{name}» không có trong mẫu.{hint}")
            )
    for name in UNIT_COLUMNS:
        if name not in header:
            findings.append(error("C011", Place(table.file, table.header_line, None, name), f"thiếu cột «{name}»."))
    seen: set[str] = set()
    for index, name in enumerate(header, start=1):
        if name in seen:
            findings.append(error("C012", Place(table.file, table.header_line, index, name), f"cột «{name}» bị lặp lại."))
        seen.add(name)
    return findings


def _column(table: CsvTable, name: str) -> int | None:
    return table.header.index(name) + 1 if name in table.header else None


def _row_model(row: CsvRow, table: CsvTable) -> tuple[UnitRow | TotalRow | None, list[Finding]]:
    if "__extra__" in row.values:
        hint = decimal_comma_hint(row, table)
        return None, [
            error("C013", Place(table.file, row.line), f"dòng có nhiều ô hơn số cột tiêu đề ({row.values['__extra__']!r}).{hint}")
        ]
    data: dict[str, Any] = {}
    ambiguous: list[Finding] = []
    for column in UNIT_COLUMNS:
        try:
            data[column] = _cell(row.values.get(column, ""), column, table.decimal_comma)
        except NumberFormatError as exc:
            place = Place(table.file, row.line, _column(table, column), column, row.values.get("don_vi") or None)
            ambiguous.append(error("C020", place, exc.reason))
    if ambiguous:
        return None, ambiguous
    # A blank cell is None for a column the header has: "compute it" for stated columns,
    # "not decided yet" for giam_du_kien, and an error for the others.
    data = {k: v for k, v in data.items() if v is not None or k in table.header}
    try:
        is_total = str(data.get("don_vi", "")).strip().lower() in TOTAL_ROW_NAMES
        return (TotalRow if is_total else UnitRow).model_validate(data), []
    except ValidationError as exc:
        findings = []
        for err in exc.errors():
            column = str(err["loc"][0]) if err["loc"] else None
            index = _column(table, column) if column else None
            unit = row.values.get("don_vi") or None
            findings.append(error("C020", Place(table.file, row.line, index, column, unit), _message(err, list(UNIT_COLUMNS))))
        return None, findings


def validate_units(table: CsvTable) -> tuple[tuple[Unit, ...], Total | None]:
    findings = _header_findings(table)
    if findings:
        raise InputError(findings)
    units: list[Unit] = []
    total: Total | None = None
    first_line: dict[str, int] = {}
    for position, row in enumerate(table.rows):
        model, row_findings = _row_model(row, table)
        findings += row_findings
        if model is None:
            continue
        if isinstance(model, TotalRow):
            if position != len(table.rows) - 1:
                findings.append(
                    error("C014", Place(table.file, row.line, 1, "don_vi"), "dòng «Cộng» phải là dòng cuối cùng của bảng.")
                )
            total = Total(model, row.line)
            continue
        if model.households is not None and model.poor > model.households:
            findings.append(
                error(
                    "C021",
                    Place(table.file, row.line, _column(table, "ho_ngheo"), "ho_ngheo", model.unit),
                    f"số hộ nghèo ({model.poor}) lớn hơn tổng số hộ ({model.households}) của đơn vị.",
                )
            )
            continue
        key = model.unit.casefold()
        if key in first_line:
            findings.append(
                error(
                    "C015",
                    Place(table.file, row.line, 1, "don_vi", model.unit),
                    f"đơn vị «{model.unit}» đã có ở dòng {first_line[key]}.",
                )
            )
            continue
        first_line[key] = row.line
        units.append(Unit(model, row.line))
    if not units and not findings:
        findings.append(error("C016", Place(table.file, table.header_line), "bảng chưa có đơn vị nào."))
    if findings:
        raise InputError(findings)
    return tuple(units), total


def _prose_findings(plan: Plan, doc: YamlDocument) -> list[Finding]:
    known = set(field_aliases(StatedFigures)) | set(plan.citations) | GLOBAL_NAMES
    findings = []
    texts: list[tuple[tuple[Any, ...], str]] = [(("van_ban", "trich_yeu"), plan.document.summary)]
    texts += [(("noi_dung", i), block.text) for i, block in enumerate(plan.body)]
    for path, text in texts:
        for name in placeholders(text):
            if name not in known:
                close = difflib.get_close_matches(name, sorted(known), n=1, cutoff=0.6)
                hint = f" Có phải ý bạn là «{close[0]}»?" if close else ""
                findings.append(
                    error("S010", doc.place(path), f"biến «${{{name}}}» chưa được định nghĩa trong so_lieu hay can_cu.{hint}")
                )
    tables = [i for i, block in enumerate(plan.body) if block.kind == "table"]
    for i in tables:
        if plan.body[i].text != "don_vi":
            findings.append(
                error("S011", doc.place(("noi_dung", i)), f"bảng «{plan.body[i].text}» không có; chỉ có bảng «don_vi».")
            )
    if len(tables) > 1:
        findings.append(error("S012", doc.place(("noi_dung", tables[1])), "bảng «don_vi» chỉ được đặt một lần."))
    return findings


def _figure_findings(plan: Plan, doc: YamlDocument) -> list[Finding]:
    """Stated town counts can never exceed the town's households."""
    figures = plan.figures
    if figures.households is None:
        return []
    findings = []
    for key in ("ho_ngheo", "ho_can_ngheo", "ho_ngheo_dau_ky", "ho_can_ngheo_dau_ky", "ho_ngheo_cuoi_nam"):
        name = next(n for n, f in StatedFigures.model_fields.items() if f.alias == key)
        value = getattr(figures, name)
        if value is not None and value > figures.households:
            findings.append(
                error(
                    "S013",
                    doc.place(("so_lieu", key), key),
                    f"{key} = {value} lớn hơn tổng số hộ tong_so_ho = {figures.households}.",
                )
            )
    return findings


def validate(doc: YamlDocument, table: CsvTable) -> ValidPlan:
    """Validate both inputs, reporting the problems of both in one go."""
    findings: list[Finding] = []
    plan = units = total = None
    try:
        plan = validate_plan(doc)
        findings += _prose_findings(plan, doc) + _figure_findings(plan, doc)
    except InputError as exc:
        findings += exc.findings
    try:
        units, total = validate_units(table)
    except InputError as exc:
        findings += exc.findings
    if findings or plan is None or units is None:
        raise InputError(findings)
    return ValidPlan(plan, doc, units, table.file, tuple(table.header), total)
