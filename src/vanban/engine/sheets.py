"""Tables kept as sheets of an Excel workbook (``data/[<xã>/]<năm>/so-lieu.xlsx``), read as the officer sees them.

Each sheet named by a declared table becomes the same ``CsvTable`` a CSV file gives, so every
check and message is the CSV's; only the place differs: ``so-lieu.xlsx[don_vi]`` with the
sheet's own row and column (printed ``so-lieu.xlsx[don_vi]!D7``).

What Excel writes is read, never guessed:

- a formula cell by the value Excel cached when it last computed (none: refused, C031);
- a number at the precision its number format shows (``0.00`` → two decimals, ``General`` →
  the 15 significant digits Excel keeps), so binary noise (``0.30000000000000004``) is gone but
  no new figure appears: a typed constant whose display hides digits (35,4 shown as 35) is
  refused (C033); a formula's result is read as shown (a rate ``=C7/B7*100`` shown ``1,21``);
- rows above the header (a title, merged or not) are skipped; the header row is the first that
  names the table's name column (its key or its description); an empty row just before the
  «Cộng» row is skipped;
- merged cells in the table, hidden rows or columns holding figures, dates, true/false and error
  values (``#DIV/0!``) are refused with their cell named.

openpyxl (not a hand-made XML parser) reads the workbook, twice: once for the formulas, once
for their cached values. Every limit below is checked before or while reading, with its message.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from vanban.engine import reads
from vanban.engine.findings import Finding, InputError, Place, column_letter, error
from vanban.engine.load import CsvRow, CsvTable, normalize_text
from vanban.engine.numbers import round_half_up
from vanban.engine.validate import TOTAL_ROW_NAMES

if TYPE_CHECKING:
    from vanban.engine.declaration import Table

WORKBOOK_NAME = "so-lieu.xlsx"

# Limits of what a workbook may hold (Excel's own cell limit; the rest far above a province's tables).
MAX_WORKBOOK_BYTES = 20 * 1024 * 1024  # the .xlsx file as stored
MAX_UNPACKED_BYTES = 200 * 1024 * 1024  # the sum of its parts unpacked (a zip bomb stops here)
MAX_PARTS = 2_000  # files inside the zip
MAX_SHEETS = 100
MAX_ROWS = 100_000  # rows of one table's sheet
MAX_COLUMNS = 200
MAX_CELL_CHARS = 32_767  # what Excel itself lets a cell hold
HEADER_SEARCH_ROWS = 20
GENERAL_DIGITS = 10  # significant digits the General format shows in a column of default width
NOISE = Decimal("1e-9")  # a typed number this close (relatively) to what its cell shows is binary noise
MAX_EXACT = (
    Decimal(10) ** 15
)  # Excel keeps 15 significant digits: a larger number is not what was typed  # the header row is looked for among the first rows only

_UNCOMPUTED = "tệp được lưu bởi một chương trình không tính công thức: hãy mở tệp bằng Excel hoặc LibreOffice Calc rồi lưu lại"
EXCEL_ERRORS = {"#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A", "#GETTING_DATA", "#SPILL!", "#CALC!"}


def sheet_name(table: Table) -> str:
    """The sheet that holds a table: its file's name without ``.csv`` (``don_vi``, ``ket_qua_6_thang``)."""
    return Path(table.file_name).stem


def sheet_file(display: str, sheet: str) -> str:
    """The place of a sheet in findings: ``data/2024/so-lieu.xlsx[don_vi]``."""
    return f"{display}[{sheet}]"


# ---------------------------------------------------------------- one cell


class CellError(ValueError):
    """A cell that cannot be read exactly: its code and the Vietnamese reason."""

    def __init__(self, code: str, reason: str) -> None:
        super().__init__(reason)
        self.code = code
        self.reason = reason


_QUOTED = re.compile(r'"[^"]*"|\\.|\[[^\]]*\]|_.|\*.')


def displayed_decimals(number_format: str | None) -> tuple[int | None, bool]:
    """(decimals the format shows, None for General or scientific; whether it is a percent format)."""
    if not number_format or number_format.strip().lower() in ("general", "@"):
        return None, False
    section = _QUOTED.sub("", number_format.split(";")[0])
    if "e" in section.lower():
        return None, "%" in section
    percent = "%" in section
    match = re.search(r"\.([0#?]+)", section)
    if match:
        return len(match.group(1)), percent
    return (0, percent) if re.search(r"[0#?]", section) else (None, percent)


def _text_of(value: Decimal) -> str:
    """A Decimal as plain digits with a ``.`` (never an exponent)."""
    text = format(value, "f")
    return "0" if text in ("-0", "") else text


def number_text(value: float | int, number_format: str | None, *, formula: bool) -> str:
    """A numeric cell as the officer sees it: digits with a ``.``, at the format's decimals.

    The binary value is first read at the 15 significant digits Excel keeps (noise gone); a
    percent format shows the value × 100; General shows 10 significant digits. A typed constant
    whose display hides more than noise (35,4 shown as 35, not 1,2099999999999 shown as 1,21) is
    refused (CellError C033); a formula's result is
    taken as it is shown (a rate ``=C7/B7*100`` formatted ``0.00`` is the rate to two decimals).
    """
    if isinstance(value, bool):
        raise CellError("C032", "ô chứa giá trị đúng/sai (TRUE/FALSE), không phải số")
    exact = Decimal(value) if isinstance(value, int) else Decimal(f"{value:.15g}")
    if abs(exact) >= MAX_EXACT:
        raise CellError("C033", f"số {value:.15g} quá lớn để bảng tính giữ đúng từng chữ số (quá 15 chữ số)")
    decimals, percent = displayed_decimals(number_format)
    if percent:
        exact = exact.scaleb(2)
    if decimals is None:  # General: the 10 significant digits a column of default width shows
        shown = exact.quantize(Decimal(1).scaleb(exact.adjusted() - GENERAL_DIGITS + 1), ROUND_HALF_UP) if exact else exact
        shown = shown.normalize()
    else:
        shown = round_half_up(exact, decimals)
    if not formula and abs(exact - shown) > NOISE * max(abs(shown), Decimal(1)):
        raise CellError(
            "C033",
            f"ô ghi {_text_of(exact.normalize())} nhưng định dạng ô chỉ hiển thị {_text_of(shown)}; "
            "hãy gõ lại đúng số cần ghi, hoặc đổi định dạng ô (Format Cells) để hiện đủ chữ số",
        )
    return _text_of(shown)


def cell_text(value: Any, number_format: str | None, *, formula: bool) -> str:
    """A cell's value (the cached one for a formula) as the text a CSV would hold; CellError otherwise."""
    if value is None:
        if formula:
            raise CellError("C031", f"ô có công thức nhưng chưa có giá trị đã tính; {_UNCOMPUTED}")
        return ""
    if isinstance(value, (dt.datetime, dt.date, dt.time, dt.timedelta)):
        raise CellError(
            "C032",
            "ô được định dạng ngày tháng, không phải số; hãy chọn ô, Format Cells → Number (hoặc General) rồi gõ lại số",
        )
    if isinstance(value, (int, float)):
        return number_text(value, number_format, formula=formula)
    text = str(value)
    if text.strip() in EXCEL_ERRORS:
        raise CellError(
            "C032", f"ô có giá trị lỗi {text.strip()} của Excel (công thức tính sai); hãy sửa công thức hoặc số liệu nó dùng"
        )
    if len(text) > MAX_CELL_CHARS:
        raise CellError("C030", f"ô dài {len(text)} ký tự, quá giới hạn {MAX_CELL_CHARS} ký tự của một ô")
    return normalize_text(text).strip()


# ---------------------------------------------------------------- the workbook


def _limits(raw: bytes, display: str) -> None:
    """Refuse a workbook past the limits before any library unpacks it (C030)."""

    def refuse(what: str) -> None:
        raise InputError([error("C030", Place(display), f"{what}; hãy tách số liệu ra nhiều tệp hoặc xóa các trang không dùng.")])

    if len(raw) > MAX_WORKBOOK_BYTES:
        refuse(f"tệp bảng tính lớn {len(raw) // 1024 // 1024} MB, quá giới hạn {MAX_WORKBOOK_BYTES // 1024 // 1024} MB")
    try:
        archive = zipfile.ZipFile(io.BytesIO(raw))
        parts = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise InputError(
            [
                error(
                    "C030",
                    Place(display),
                    "tệp không phải bảng tính .xlsx đọc được (hỏng hoặc không đúng định dạng); hãy mở bằng Excel và lưu lại dạng «Excel Workbook (.xlsx)».",
                )
            ]
        ) from None
    if len(parts) > MAX_PARTS:
        refuse(f"tệp có {len(parts)} thành phần, quá giới hạn {MAX_PARTS}")
    unpacked = sum(p.file_size for p in parts)
    if unpacked > MAX_UNPACKED_BYTES:
        refuse(f"tệp giải nén ra {unpacked // 1024 // 1024} MB, quá giới hạn {MAX_UNPACKED_BYTES // 1024 // 1024} MB")


@dataclass
class SheetBook:
    """A workbook's sheets as the loader needs them: formulas and cached values side by side."""

    display: str
    formulas: Any  # openpyxl Workbook, formulas kept
    values: Any  # openpyxl Workbook, cached values

    @property
    def names(self) -> list[str]:
        return list(self.values.sheetnames)


def open_workbook(path: Path, display: str) -> SheetBook:
    """Read the workbook (recorded as a build input) within the limits; InputError otherwise."""
    import openpyxl

    try:
        raw = reads.read_bytes(path)
    except OSError as exc:
        raise InputError([error("F002", Place(display), f"không đọc được tệp ({exc.strerror}).")]) from None
    _limits(raw, display)
    try:
        formulas = openpyxl.load_workbook(io.BytesIO(raw), data_only=False)
        values = openpyxl.load_workbook(io.BytesIO(raw), data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged or foreign file
        raise InputError(
            [
                error(
                    "C030",
                    Place(display),
                    f"không đọc được bảng tính ({type(exc).__name__}); hãy mở bằng Excel và lưu lại dạng «Excel Workbook (.xlsx)».",
                )
            ]
        ) from None
    if len(values.sheetnames) > MAX_SHEETS:
        raise InputError(
            [error("C030", Place(display), f"bảng tính có {len(values.sheetnames)} trang, quá giới hạn {MAX_SHEETS}.")]
        )
    return SheetBook(display, formulas, values)


def has_sheet(path: Path, name: str) -> bool:
    """Whether the workbook at ``path`` has the sheet ``name``, its cells unread (a workbook that cannot be
    read counts as having it: the loader then says what is wrong with it instead of the table going unseen)."""
    import openpyxl

    try:
        raw = reads.read_bytes(path)
        _limits(raw, path.name)
        return name in openpyxl.load_workbook(io.BytesIO(raw), read_only=True).sheetnames
    except OSError:
        return False
    except Exception:  # damaged or foreign: open_workbook reports it where the tables are loaded
        return True


def _key(text: str) -> str:
    return " ".join(normalize_text(text).split()).casefold()


def _header_names(table: Table) -> dict[str, str]:
    """What a header cell may say for each column: its key or its description (the workbook's titles)."""
    names: dict[str, str] = {}
    for column in table.columns.values():
        names[_key(column.description)] = column.key
        names[_key(column.key)] = column.key
    return names


def read_sheet(book: SheetBook, table: Table) -> tuple[CsvTable, list[Finding]]:
    """One table's sheet as a ``CsvTable`` (header mapped to the declared keys) and the cells refused."""
    name = sheet_name(table)
    file = sheet_file(book.display, name)
    values, formulas = book.values[name], book.formulas[name]
    findings: list[Finding] = []
    if values.max_row > MAX_ROWS or values.max_column > MAX_COLUMNS:
        raise InputError(
            [
                error(
                    "C030",
                    Place(file),
                    f"trang có {values.max_row} dòng × {values.max_column} cột, quá giới hạn {MAX_ROWS} × {MAX_COLUMNS}; hãy tách bảng.",
                )
            ]
        )
    names = _header_names(table)
    name_keys = {_key(table.name_column), *(_key(c.description) for c in table.columns.values() if c.key == table.name_column)}

    def cell(row: int, column: int) -> str:
        value_cell = values.cell(row, column)
        formula = formulas.cell(row, column).data_type == "f"
        if formula and value_cell.value is None and value_cell.data_type == "str":
            return ""  # computed, as empty text: ``=IF(B7="","",…)`` while its cells are empty
        try:
            return cell_text(value_cell.value, value_cell.number_format, formula=formula)
        except CellError as exc:
            findings.append(error(exc.code, Place(file, row, column), exc.reason + "."))
            return ""

    width = values.max_column
    grid: list[tuple[int, list[str]]] = []
    for row in range(1, values.max_row + 1):
        cells = [cell(row, column) for column in range(1, width + 1)]
        while cells and not cells[-1]:
            cells.pop()
        grid.append((row, cells))
    header_at = next(
        (i for i, (_, cells) in enumerate(grid[:HEADER_SEARCH_ROWS]) if any(_key(c) in name_keys for c in cells)), None
    )
    if header_at is None:
        header_at = next((i for i, (_, cells) in enumerate(grid) if cells), None)
    if header_at is None:
        raise InputError([error("C001", Place(file, 1), "trang trống, thiếu dòng tiêu đề cột.")])
    findings = _one_uncomputed(findings)
    header_line, header_cells = grid[header_at]
    header = [names.get(_key(c), c) for c in header_cells]
    # Cells refused above the header (a title row) do not matter: only the table's.
    findings = [f for f in findings if (f.place.line or 0) >= header_line]
    findings += _layout_findings(values, file, header_line, len(header))
    rows: list[CsvRow] = []
    blanks: list[int] = []
    for line, cells in grid[header_at + 1 :]:
        if not cells:
            blanks.append(line)
            continue
        row_values = dict(zip(header, cells))
        if len(cells) > len(header):
            row_values["__extra__"] = ",".join(cells[len(header) :])
        rows.append(CsvRow(line, row_values, cells))
    last = rows[-1] if rows else None
    last_is_total = last is not None and _key(last.values.get(table.name_column, "")) in TOTAL_ROW_NAMES
    # Empty rows just above «Cộng» (rows left ready for more units) carry nothing; one between units is C003.
    before_total = (rows[-2].line if len(rows) > 1 else header_line) if last_is_total else None
    inner = [b for b in blanks if last is not None and b < last.line and not (before_total is not None and before_total < b)]
    findings += [
        error("C003", Place(file, line), "dòng trống giữa bảng: hãy xóa dòng này hoặc điền số liệu của đơn vị.") for line in inner
    ]
    return CsvTable(file, header, header_line, rows, decimal_comma=False), findings


def _one_uncomputed(findings: list[Finding]) -> list[Finding]:
    """Formulas without a value come from one cause (the saving program): one finding, naming the cells."""
    uncomputed = [f for f in findings if f.code == "C031"]
    if len(uncomputed) < 2:
        return findings
    cells = [f.place.sheet_cell or "" for f in uncomputed]
    shown = ", ".join(cells[:8]) + (f" và {len(cells) - 8} ô khác" if len(cells) > 8 else "")
    merged = error(
        "C031", uncomputed[0].place, f"{len(cells)} ô có công thức nhưng chưa có giá trị đã tính ({shown}); {_UNCOMPUTED}."
    )
    return [merged, *(f for f in findings if f.code != "C031")]


def _layout_findings(sheet: Any, file: str, header_line: int, width: int) -> list[Finding]:
    """Merged cells in the table and hidden rows or columns that hold something: refused, never read blind."""
    findings = []
    for merged in sorted(sheet.merged_cells.ranges, key=lambda r: (r.min_row, r.min_col)):
        if merged.max_row >= header_line:
            findings.append(
                error(
                    "C036",
                    Place(file, merged.min_row, merged.min_col),
                    f"ô gộp {merged.coord} nằm trong bảng: mỗi ô của bảng phải là một ô riêng; "
                    "hãy bỏ gộp ô (Merge & Center → Unmerge) và ghi tiêu đề hoặc số liệu vào từng ô.",
                )
            )
    for row, dimension in sorted(sheet.row_dimensions.items()):
        if dimension.hidden and row > header_line and any(sheet.cell(row, c).value is not None for c in range(1, width + 1)):
            findings.append(
                error(
                    "C035",
                    Place(file, row),
                    f"dòng {row} đang bị ẩn nhưng có số liệu; hãy hiện dòng (Unhide) để xem lại, hoặc xóa dòng nếu không dùng.",
                )
            )
    for dimension in sheet.column_dimensions.values():
        if not dimension.hidden:
            continue
        first, last = dimension.min or 0, dimension.max or 0
        for column in range(first, min(last, width) + 1):
            if any(sheet.cell(r, column).value is not None for r in range(header_line, sheet.max_row + 1)):
                findings.append(
                    error(
                        "C035",
                        Place(file, header_line, column),
                        f"cột {column_letter(column)} đang bị ẩn nhưng có số liệu; hãy hiện cột (Unhide) để xem lại, hoặc xóa cột nếu không dùng.",
                    )
                )
    return findings
