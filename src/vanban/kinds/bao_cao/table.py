"""The results table ``data/<year>/ket_qua.csv``: its columns, read into typed rows.

The columns are declared once here (key, Vietnamese header, type, required):
the table's checks, the report's Word table and error messages all read them.
Groups of optional columns come all together or not at all: the near-poor
flows, and the detailed flows the national poverty software exports.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from decimal import Decimal

from vanban.engine.findings import Finding, InputError, Place, error
from vanban.engine.load import CsvTable
from vanban.engine.numbers import Rate, decimals_of, parse_decimal

TOTAL_ROW_NAMES = {"cộng", "tổng cộng", "tổng"}


@dataclass(frozen=True)
class Column:
    key: str
    header: str  # what the report's table and the messages call it
    type: str  # count | rate | text
    blank: bool = False  # a blank cell is computed from the others


POOR = (
    Column("don_vi", "Đơn vị", "text"),
    Column("tong_so_ho", "Tổng số hộ", "count"),
    Column("ho_ngheo_dau_nam", "Hộ nghèo đầu năm", "count"),
    Column("thoat_ngheo", "Hộ thoát nghèo", "count", blank=True),
    Column("phat_sinh", "Hộ nghèo phát sinh", "count", blank=True),
    Column("ho_ngheo_cuoi_nam", "Hộ nghèo cuối kỳ", "count", blank=True),
    Column("ty_le_ho_ngheo_cuoi_nam", "Tỷ lệ hộ nghèo cuối kỳ (%)", "rate", blank=True),
)
NEAR_POOR = (
    Column("ho_can_ngheo_dau_nam", "Hộ cận nghèo đầu năm", "count"),
    Column("thoat_can_ngheo", "Hộ thoát cận nghèo", "count"),
    Column("can_ngheo_tu_ho_ngheo", "Hộ thoát nghèo rơi vào cận nghèo", "count"),
    Column("can_ngheo_phat_sinh", "Hộ cận nghèo phát sinh", "count"),
    Column("ho_can_ngheo_cuoi_nam", "Hộ cận nghèo cuối kỳ", "count", blank=True),
    Column("ty_le_ho_can_ngheo_cuoi_nam", "Tỷ lệ hộ cận nghèo cuối kỳ (%)", "rate", blank=True),
)
# The national software's breakdown: giảm (decrease) and tăng (increase) of poor households.
DECREASES = (
    Column("giam_thanh_can_ngheo", "Giảm: trở thành hộ cận nghèo", "count"),
    Column("giam_vuot_chuan_can_ngheo", "Giảm: vượt chuẩn cận nghèo", "count"),
    Column("giam_khac", "Giảm: lý do khác", "count"),
)
INCREASES = (
    Column("tang_tu_can_ngheo", "Tăng: hộ cận nghèo trở thành nghèo", "count"),
    Column("tang_tai_ngheo", "Tăng: tái nghèo", "count"),
    Column("tang_phat_sinh_moi", "Tăng: phát sinh mới", "count"),
    Column("tang_khac", "Tăng: lý do khác", "count"),
)
DETAIL = DECREASES + INCREASES
GROUPS = {"hộ cận nghèo": NEAR_POOR, "chi tiết tăng, giảm hộ nghèo": DETAIL}
COLUMNS = {c.key: c for c in POOR + NEAR_POOR + DETAIL}


@dataclass(frozen=True)
class Row:
    """One row of the table: its cells by key (int, Rate, str or None for blank), and where it is."""

    line: int
    cells: dict[str, int | Rate | str | None]

    @property
    def name(self) -> str:
        return str(self.cells["don_vi"])

    def get(self, key: str):
        return self.cells.get(key)


@dataclass(frozen=True)
class ResultsTable:
    file: str
    header: tuple[str, ...]
    units: tuple[Row, ...]
    stated_total: Row | None  # a "Cộng" row typed at the bottom: checked, never rendered

    @property
    def has_near_poor(self) -> bool:
        return NEAR_POOR[0].key in self.header

    @property
    def has_detail(self) -> bool:
        return DETAIL[0].key in self.header

    def place(self, line: int, key: str, unit: str | None = None) -> Place:
        column = self.header.index(key) + 1 if key in self.header else None
        return Place(self.file, line, column, key, unit)


def _parse(text: str, column: Column, decimal_comma: bool) -> int | Rate | str | None:
    """A cell as its column's type; ValueError with a Vietnamese reason."""
    if column.type == "text":
        return text
    if text == "":
        return None
    try:
        number = parse_decimal(text, decimal_comma=decimal_comma)
    except ValueError:
        kind = "số nguyên" if column.type == "count" else "tỷ lệ phần trăm, ví dụ 1,21"
        raise ValueError(f"phải là {kind} (đang ghi «{text}»)") from None
    if column.type == "count":
        if number != number.to_integral_value() or number < 0:
            raise ValueError(f"phải là số nguyên không âm (đang ghi «{text}»)")
        return int(number)
    if not Decimal(0) <= number <= Decimal(100):
        raise ValueError(f"tỷ lệ {text} % nằm ngoài khoảng 0–100 %")
    return Rate(number, decimals_of(number))


def _header_findings(table: CsvTable) -> list[Finding]:
    header = table.header
    findings = []
    for index, name in enumerate(header, start=1):
        if name not in COLUMNS:
            close = difflib.get_close_matches(name, [c for c in COLUMNS if c not in header], n=1, cutoff=0.6)
            hint = f" Có phải ý bạn là «{close[0]}»?" if close else ""
            findings.append(
                error(
                    "C010",
                    Place(table.file, table.header_line, index, name),
                    f"cột «{name}» không có trong mẫu báo cáo.{hint}",
                )
            )
    wanted = [c.key for c in POOR]
    for label, group in GROUPS.items():
        if any(c.key in header for c in group):  # a group comes whole
            wanted += [c.key for c in group]
            missing = [c.key for c in group if c.key not in header]
            if missing:
                findings.append(
                    error(
                        "C011",
                        Place(table.file, table.header_line, None, missing[0]),
                        f"nhóm cột {label} thiếu cột {', '.join(f'«{m}»' for m in missing)}.",
                    )
                )
    for key in (c.key for c in POOR):
        if key not in header:
            findings.append(error("C011", Place(table.file, table.header_line, None, key), f"thiếu cột «{key}»."))
    seen: set[str] = set()
    for index, name in enumerate(header, start=1):
        if name in seen:
            findings.append(error("C012", Place(table.file, table.header_line, index, name), f"cột «{name}» bị lặp lại."))
        seen.add(name)
    return findings


def read_results(table: CsvTable) -> ResultsTable:
    """Typed rows of the results table, or InputError listing every problem."""
    findings = _header_findings(table)
    if findings:
        raise InputError(findings)
    header = tuple(table.header)
    detail = DETAIL[0].key in header
    units: list[Row] = []
    total: Row | None = None
    first_line: dict[str, int] = {}
    for position, raw in enumerate(table.rows):
        if "__extra__" in raw.values:
            findings.append(
                error("C013", Place(table.file, raw.line), f"dòng có nhiều ô hơn số cột tiêu đề ({raw.values['__extra__']!r}).")
            )
            continue
        name = raw.values.get("don_vi", "")
        is_total = name.strip().lower() in TOTAL_ROW_NAMES
        cells: dict[str, int | Rate | str | None] = {}
        for key in header:
            column = COLUMNS[key]
            place = Place(table.file, raw.line, header.index(key) + 1, key, name or None)
            try:
                value = _parse(raw.values.get(key, ""), column, table.decimal_comma)
            except ValueError as exc:
                findings.append(error("C020", place, str(exc)))
                continue
            # Blank is "compute it" where the column says so (and for escaped/new when the
            # detailed flows give them); on a "Cộng" row every figure is optional.
            may_be_blank = is_total or column.blank or (detail and key in ("thoat_ngheo", "phat_sinh"))
            if value in (None, "") and not may_be_blank:
                findings.append(error("C020", place, "không được để trống."))
                continue
            cells[key] = value
        if len(cells) != len(header):
            continue
        row = Row(raw.line, cells)
        if is_total:
            if position != len(table.rows) - 1:
                findings.append(
                    error("C014", Place(table.file, raw.line, 1, "don_vi"), "dòng «Cộng» phải là dòng cuối cùng của bảng.")
                )
            total = row
            continue
        key = name.casefold()
        if key in first_line:
            findings.append(
                error("C015", Place(table.file, raw.line, 1, "don_vi", name), f"đơn vị «{name}» đã có ở dòng {first_line[key]}.")
            )
            continue
        first_line[key] = raw.line
        units.append(row)
    if not units and not findings:
        findings.append(error("C016", Place(table.file, table.header_line), "bảng chưa có đơn vị nào."))
    if findings:
        raise InputError(findings)
    return ResultsTable(table.file, header, tuple(units), total)
