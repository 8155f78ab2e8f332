"""Every Excel workbook vanban writes, through one writer: plain tables of rows and columns in, bytes out.

A sheet is a ``Sheet``: column titles and kinds, rows of cells. A cell is a value or a ``Formula``
whose computed value is given with it: openpyxl writes a formula without its value, so the value
is put into the sheet's XML after saving (``_store_values``), and Excel, LibreOffice and pandas all
read a number, while an edit in Excel recomputes.

What a user typed is never code: every text cell goes through ``_put`` and is written as text,
with Excel's «quote prefix» when it starts like a formula (``=``, ``+``, ``-``, ``@``, after any
spaces or control characters), so that neither opening nor editing the cell runs it.

The province summary's two sheets are made here too: «Tổng hợp <năm>» (the summary's table, its
«Cộng» row and rates as formulas) and «Xu hướng» (the start-of-year poverty rate of every commune
in every year, pivoted with pandas on the commune's slug, a year whose plan has errors marked).

pandas and openpyxl are imported here only: ``build`` and ``check`` never load them.
Bytes are deterministic: fixed workbook properties and zip timestamps.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from vanban.engine.findings import InputError, Place, column_letter, error
from vanban.engine.numbers import RATE_DECIMALS, Rate, percent, round_half_up
from vanban.engine.sheets import EXCEL_ERRORS as _EXCEL_ERRORS
from vanban.project import Project

if TYPE_CHECKING:
    from vanban.communes.summary import Summary

COUNT_FORMAT, RATE_FORMAT = "#,##0", "0.00"
TREND_SHEET = "Xu hướng"
NONE = "—"

# A cell a spreadsheet would run, once spaces and control characters before it are skipped.
_ACTIVE = re.compile(r"^[\s\x00-\x1f\x7f\ufffd]*[=+\-@]")
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")  # not allowed in the file's XML at all


@dataclass(frozen=True)
class Formula:
    """An Excel formula (``=SUM(C2:C11)``) and the value it computes, stored beside it."""

    text: str
    value: int | float | Decimal | str  # "" while the cells it reads are empty


Cell = str | int | float | Decimal | Rate | Formula | None


@dataclass(frozen=True)
class Column:
    title: str
    kind: str = "t"  # "t" text, "n" count, "r" rate
    width: float | None = None
    decimals: int = RATE_DECIMALS  # a rate column's number format
    validate: bool = False  # data validation: whole numbers >= 0, rates 0-100
    locked: bool = True  # with a protected sheet: False where the officer types

    @property
    def number_format(self) -> str | None:
        if self.kind == "n":
            return COUNT_FORMAT
        if self.kind == "r":
            return "0" if self.decimals == 0 else "0." + "0" * self.decimals
        return None


@dataclass
class Sheet:
    name: str
    columns: list[Column]
    rows: list[list[Cell]]
    total_row: bool = False  # the last row is «Cộng»: bold, outside the filter
    title: tuple[str, ...] = ()  # lines above the header, each a merged row: a title, how to fill
    notes: list[str] = field(default_factory=list)  # lines under the table
    marked: set[tuple[int, int]] = field(default_factory=set)  # (row, column) indexes of rows shaded as doubtful
    freeze: bool = True
    filter: bool = True
    protect: bool = False  # header and formulas locked; the cells of unlocked columns editable
    chart: str | None = None  # a bar chart of the rate columns, with this title

    @property
    def header_row(self) -> int:
        return len(self.title) + 1


def safe_text(value: str) -> tuple[str, bool]:
    """User text as a cell holds it: (text without characters the file cannot hold, whether it needs the quote prefix)."""
    clean = _ILLEGAL.sub("\ufffd", value)
    return clean, bool(_ACTIVE.match(clean))


def _put(cell: Any, value: Cell) -> Any:
    """The one place a cell gets its value. Text is always text; only a ``Formula`` is a formula."""
    if isinstance(value, Formula):
        cell.value = value.text
        return value.value
    if isinstance(value, Rate):
        value = value.value
    if isinstance(value, Decimal):
        value = int(value) if value == value.to_integral_value() and value.as_tuple().exponent == 0 else float(value)
    if isinstance(value, str):
        text, active = safe_text(value)
        cell.value = text
        cell.data_type = "s"  # openpyxl would take a leading «=» as a formula
        if active:
            cell.quotePrefix = True  # and Excel would, when the cell is edited
        return None
    cell.value = value
    return None


def _write_sheet(book: Any, sheet: Sheet) -> dict[str, Any]:
    """One sheet into the openpyxl workbook; returns the formulas' values by cell reference."""
    from openpyxl.chart import BarChart, Reference
    from openpyxl.styles import Alignment, Font, PatternFill, Protection
    from openpyxl.worksheet.datavalidation import DataValidation

    ws = book.create_sheet(sheet.name)
    bold = Font(bold=True)
    values: dict[str, Any] = {}
    width = len(sheet.columns)
    top = sheet.header_row
    for line, text in enumerate(sheet.title, 1):
        _put(ws.cell(line, 1), text)
        ws.cell(line, 1).font = Font(bold=line == 1, size=13 if line == 1 else 11, italic=line > 1)
        ws.cell(line, 1).alignment = Alignment(horizontal="center" if line == 1 else "left", wrap_text=True)
        if line > 1:
            ws.row_dimensions[line].height = 30
        if width > 1:
            ws.merge_cells(start_row=line, start_column=1, end_row=line, end_column=width)
    for index, column in enumerate(sheet.columns, 1):
        cell = ws.cell(top, index)
        _put(cell, column.title)
        cell.font = bold
        cell.alignment = Alignment(wrap_text=True, horizontal="center", vertical="center")
        letter = column_letter(index)
        ws.column_dimensions[letter].width = column.width or (32 if column.kind == "t" else 14)
    ws.row_dimensions[top].height = 45
    first = top + 1
    shade = PatternFill("solid", fgColor="FFF2CC")
    for r, row in enumerate(sheet.rows):
        line = first + r
        for c, value in enumerate(row):
            column = sheet.columns[c]
            cell = ws.cell(line, c + 1)
            stored = _put(cell, value)
            if stored is not None:
                values[cell.coordinate] = stored
            if column.kind in ("n", "r"):
                if isinstance(value, str):
                    cell.alignment = Alignment(horizontal="right")
                else:
                    cell.number_format = column.number_format
            if sheet.protect and not column.locked and not isinstance(value, Formula):
                cell.protection = Protection(locked=False)
            if (r, c) in sheet.marked:
                cell.fill = shade
    last = first + len(sheet.rows) - 1
    if sheet.total_row and sheet.rows:
        for cell in ws[last]:
            cell.font = bold
    if sheet.freeze:
        ws.freeze_panes = f"{column_letter(min(3, width) if width > 2 else 2)}{first}"
    if sheet.filter and sheet.rows:
        ws.auto_filter.ref = f"A{top}:{column_letter(width)}{last - 1 if sheet.total_row else last}"
    data_last = last - 1 if sheet.total_row else last
    for index, column in enumerate(sheet.columns, 1):
        if not column.validate or data_last < first:
            continue
        letter = column_letter(index)
        if column.kind == "n":
            rule = DataValidation(type="whole", operator="greaterThanOrEqual", formula1="0", allow_blank=True)
            rule.error = "Chỉ ghi số nguyên không âm (số hộ)."
        else:
            rule = DataValidation(type="decimal", operator="between", formula1="0", formula2="100", allow_blank=True)
            rule.error = "Tỷ lệ phải từ 0 đến 100 (%)."
        rule.errorTitle, rule.showErrorMessage = "Số không hợp lệ", True
        rule.add(f"{letter}{first}:{letter}{data_last}")
        ws.add_data_validation(rule)
    for offset, note in enumerate(sheet.notes):
        _put(ws.cell(last + 2 + offset, 1), note)
    if sheet.protect:
        ws.protection.sheet = True  # no password: it guards against slips, not people
        ws.protection.formatColumns = ws.protection.formatRows = False
    if sheet.chart and sheet.rows:
        rates = [i for i, c in enumerate(sheet.columns, 1) if c.kind == "r"]
        chart = BarChart()
        chart.type = "bar"  # horizontal bars: one group per commune, one bar per year, names readable
        chart.title = sheet.chart
        chart.y_axis.title = "%"
        chart.y_axis.number_format = RATE_FORMAT
        chart.add_data(Reference(ws, min_col=rates[0], max_col=rates[-1], min_row=top, max_row=last), titles_from_data=True)
        chart.set_categories(Reference(ws, min_col=1, min_row=first, max_row=last))
        chart.height = max(7.5, 0.5 * len(sheet.rows) * max(1, len(rates)) ** 0.5)
        chart.width = 18
        ws.add_chart(chart, f"{column_letter(width + 2)}{top}")
    return values


def workbook_bytes(sheets: Sequence[Sheet], *, creator: str, title: str, moment: dt.datetime, recalculate: bool = False) -> bytes:
    """The workbook's bytes: the same sheets give the same bytes (``moment`` is its date, never the clock's).
    ``recalculate``: Excel and LibreOffice compute every formula again when they open it."""
    import openpyxl

    book = openpyxl.Workbook()
    book.remove(book.active)
    stored = [_write_sheet(book, sheet) for sheet in sheets]
    props = book.properties
    props.creator = props.lastModifiedBy = creator
    props.title = title
    props.created = props.modified = moment
    if recalculate:
        book.calculation.fullCalcOnLoad = True
    buffer = io.BytesIO()
    book.save(buffer)
    return _store_values(buffer.getvalue(), stored, moment)


def _number_text(value: int | float | Decimal | dt.datetime | dt.date | dt.time) -> str:
    if isinstance(value, (dt.datetime, dt.date, dt.time)):  # a kept workbook's date result: its serial number
        from openpyxl.utils.datetime import to_excel

        return _number_text(to_excel(value))
    if isinstance(value, Decimal):
        return str(int(value)) if value == value.to_integral_value() else repr(float(value))
    return repr(value) if isinstance(value, float) else str(value)


def _store_values(data: bytes, stored: list[dict[str, Any]], moment: dt.datetime) -> bytes:
    """Put each formula's value into its ``<c><v>`` (openpyxl leaves it empty) and the workbook's date
    into ``docProps/core.xml`` (openpyxl stamps the time of saving); the package written deterministically."""
    from lxml import etree

    from vanban.docx.ooxml import package
    from vanban.docx.ooxml.names import X_NS as main

    parts = package.parts(data)
    stamp = moment.strftime("%Y-%m-%dT%H:%M:%SZ")
    for name, content in list(parts.items()):
        sheet = re.fullmatch(r"xl/worksheets/sheet(\d+)\.xml", name)
        if sheet and stored[int(sheet.group(1)) - 1]:
            values = stored[int(sheet.group(1)) - 1]
            root = etree.fromstring(content)
            for cell in root.iter(f"{{{main}}}c"):
                if cell.get("r") in values and cell.find(f"{{{main}}}f") is not None:
                    v = cell.find(f"{{{main}}}v")
                    if v is None:
                        v = etree.SubElement(cell, f"{{{main}}}v")
                    value = values[cell.get("r")]
                    if isinstance(value, bool):  # a kept workbook's TRUE/FALSE result
                        cell.set("t", "b")
                        v.text = str(int(value))
                    elif isinstance(value, str) and value in _EXCEL_ERRORS:  # and its #DIV/0!
                        cell.set("t", "e")
                        v.text = value
                    elif isinstance(value, str):
                        cell.set("t", "str")  # a formula whose result is text («» while its cells are empty)
                        v.text = value
                    else:
                        v.text = _number_text(value)
            content = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
        elif name == "docProps/core.xml":
            text = content.decode("utf-8")
            text = re.sub(r"(<dcterms:(?:modified|created)[^>]*>)[^<]*(<)", rf"\g<1>{stamp}\g<2>", text)
            content = text.encode("utf-8")
        parts[name] = content
    return package.package(parts)


# ---------------------------------------------------------------- the province summary


def _value(value: Any) -> Cell:
    """A summary figure as a cell: ints stay ints, a rate is its value as the document shows it, nothing is «—»."""
    return NONE if value is None else value


def _rate_formula(part: str, whole: str, shown: Any, part_value: Any, whole_value: Any) -> Cell:
    """``=ROUND(part/whole*100,2)`` when it gives exactly the rate the document shows; the value otherwise."""
    if not isinstance(shown, Rate) or not isinstance(part_value, int) or not isinstance(whole_value, int) or not whole_value:
        return _value(shown)
    computed = round_half_up(percent(part_value, whole_value), shown.decimals)
    if computed != shown.value:
        return shown
    return Formula(f"=ROUND({part}/{whole}*100,{shown.decimals})", computed)


def summary_sheet(summary: Summary) -> Sheet:
    """The summary's table: a row per commune, then «Cộng»; its sums and rates (``part / whole * 100`` of two
    columns of the sheet) as formulas."""
    from vanban.communes.summary import cells

    keys = [c.key for c in summary.columns]
    letter = {k: column_letter(i) for i, k in enumerate(keys, 3)}
    first, last = 2, 1 + len(summary.rows)

    def cell(column, values: dict[str, Any], line: int, summed: bool) -> Cell:
        value = values.get(column.key)
        ratio = column.formula.ratio() if column.formula is not None and column.value_type == "ty_le" else None
        part, whole = (ratio[0].text, ratio[1].text) if ratio is not None else ("", "")
        if part in letter and whole in letter:
            return _rate_formula(f"{letter[part]}{line}", f"{letter[whole]}{line}", value, values.get(part), values.get(whole))
        if isinstance(value, Rate) and value.value < 0:
            return cells(summary, values)[column.key]  # «chưa đạt (tăng 1 hộ)»: never a negative share
        if summed and isinstance(value, int) and all(isinstance(r.values.get(column.key), int) for r in summary.rows):
            return Formula(f"=SUM({letter[column.key]}{first}:{letter[column.key]}{last})", value)
        return _value(value)

    rows: list[list[Cell]] = [
        [i, r.name, *(cell(c, r.values, first + i - 1, False) for c in summary.columns)] for i, r in enumerate(summary.rows, 1)
    ]
    rows.append(["", "Cộng", *(cell(c, summary.total, last + 1, True) for c in summary.columns)])
    kinds = {"so": "n", "ty_le": "r", "chu": "t"}
    columns = [
        Column("STT", width=6),
        Column(summary.words["cap_xa"]),
        *[Column(c.description, kinds[c.value_type]) for c in summary.columns],
    ]
    return Sheet(f"Tổng hợp {summary.year}", columns, rows, total_row=True)


def trend_panel(project: Project, summary: Summary | None = None):
    """Start-of-year poverty rate (%) per commune (rows, by slug) per year (columns), from every plan of the
    repository; and per commune and year, how many errors its plan still has (None: the plan was read clean).

    Two communes with the same name stay two rows. The summary's own year is taken from its rows; a plan
    that cannot be read, or that has errors, is counted and marked, never taken silently.
    """
    import pandas as pd

    from vanban.communes.summary import commune_name
    from vanban.pipeline import run_checks

    known = {r.slug: r for r in summary.rows} if summary is not None else {}
    records = []
    for commune in project.communes():
        slug = commune.commune or ""
        for year in commune.years():
            row = known.get(slug) if summary is not None and year == summary.year else None
            if row is not None:
                rate, name, errors = row.values.get("ty_le_ho_ngheo"), row.name, row.errors
            elif summary is not None and (slug, year) in summary.rates:  # checked by this run's build --all
                rate, name, errors = summary.rates[(slug, year)]
            else:
                try:
                    checked = run_checks(commune, year)
                    rate, name = checked.computed.values.get("ty_le_ho_ngheo"), commune_name(commune, year)
                    errors = sum(1 for f in checked.findings if f.severity == "error")
                except InputError as exc:
                    rate, name, errors = None, None, len(exc.findings) or 1
            records.append(
                {
                    "ma": slug,
                    "xa": name,
                    "nam": year,
                    "ty_le": float(rate.value) if isinstance(rate, Rate) else None,
                    "loi": errors,
                }
            )
    frame = pd.DataFrame.from_records(records, columns=["ma", "xa", "nam", "ty_le", "loi"])
    rates = frame.pivot_table(index="ma", columns="nam", values="ty_le", aggfunc="first", sort=False, dropna=False)
    errors = frame.pivot_table(index="ma", columns="nam", values="loi", aggfunc="first", sort=False, fill_value=0)
    names = frame.dropna(subset=["xa"]).groupby("ma", sort=False)["xa"].last()
    return rates.reindex(errors.index), errors, names


def trend_sheet(project: Project, summary: Summary | None = None) -> Sheet:
    rates, errors, names = trend_panel(project, summary)
    years = sorted(errors.columns)
    rows: list[list[Cell]] = []
    marked: set[tuple[int, int]] = set()
    for r, slug in enumerate(errors.index):
        cells: list[Cell] = [names.get(slug, slug), slug or None]
        notes = []
        for c, year in enumerate(years):
            value = rates.at[slug, year] if year in rates.columns else None
            count = int(errors.at[slug, year])
            cells.append(None if value is None or value != value else float(value))
            if count:
                marked.add((r, 2 + c))
                notes.append(f"{year}: kế hoạch còn {count} lỗi")
        cells.append("; ".join(notes) or None)
        rows.append(cells)
    columns = [
        Column(summary.words["cap_xa"] if summary is not None else "Đơn vị hành chính cấp xã", width=32),
        Column("Mã xã", width=14),
        *[Column(f"Đầu năm {year} (%)", "r") for year in years],
        Column("Ghi chú", width=40),
    ]
    notes = [
        "Tỷ lệ hộ nghèo đầu năm: hộ nghèo cuối năm trước / tổng số hộ × 100, theo kế hoạch của từng năm.",
        "Ô tô màu: kế hoạch năm đó còn lỗi (xem cột «Ghi chú»), số liệu chưa được kiểm tra xong; ô trống: không đọc được kế hoạch.",
    ]
    return Sheet(TREND_SHEET, columns, rows, notes=notes, marked=marked, chart="Tỷ lệ hộ nghèo đầu năm theo từng năm (%)")


def summary_workbook(project: Project, summary: Summary) -> bytes:
    doc = summary.plan.document
    moment = dt.datetime.combine(doc.date.as_date if doc.date else dt.date(summary.year, 1, 1), dt.time())
    main = summary_sheet(summary)
    return workbook_bytes([main, trend_sheet(project, summary)], creator=doc.agency_name, title=main.name, moment=moment)


# ---------------------------------------------------------------- the officer's workbook (init, new-year --excel)

EMPTY_ROWS = 20  # rows ready for units in a table that has none yet


def _excel_formula(node: Any, ref: Any) -> str:
    """A declared formula (``ho_ngheo / tong_so_ho * 100``) as Excel's, names replaced by ``ref(name)``."""
    import ast

    if isinstance(node, (ast.Name, ast.Attribute)):
        return ref(ast.unparse(node))  # a name, or bang.cot
    if isinstance(node, ast.Constant):
        return str(node.value)
    op = {ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/"}[type(node.op)]
    left, right = _excel_formula(node.left, ref), _excel_formula(node.right, ref)
    return f"({left}{op}{right})" if isinstance(node.op, (ast.Add, ast.Sub)) else f"{left}{op}{right}"


def _typed(kind: str, text: str) -> int | Decimal | None:
    text = text.strip()
    if not text:
        return None
    try:
        return int(text) if kind == "so" else Decimal(text.replace(",", "."))
    except (ValueError, ArithmeticError):
        return None


@dataclass(frozen=True)
class Given:
    """What a table's sheet starts with: a header of keys, rows of cells as a CSV holds them, and the
    decimals its rate columns show (as the plan states them; RATE_DECIMALS where it states none)."""

    header: Sequence[str]
    rows: Sequence[Sequence[str]] = ()
    decimals: Mapping[str, int] = field(default_factory=dict)


def stated_decimals(rows: Iterable[Any]) -> dict[str, int]:
    """Per rate column, the most decimals a row of a validated table states (``1.10`` → 2, ``1.1`` → 1)."""
    decimals: dict[str, int] = {}
    for row in rows:
        for key, value in row.values.items():
            if isinstance(value, Rate):
                decimals[key] = max(decimals.get(key, 0), value.decimals)
    return decimals


def table_rows(table: Any) -> Given:
    """A validated table (from its CSV or its sheet) as the text rows it was typed with, «Cộng» left out."""

    def text(value: Any) -> str:
        if value is None:
            return ""
        return format(value.value, "f") if isinstance(value, Rate) else str(value)

    header = list(table.header)
    rows = [[text(row.values.get(key)) if key in table.table.columns else "" for key in header] for row in table.rows]
    return Given(header, rows, stated_decimals(table.rows))


def officer_sheet(table: Any, given: Given, year: int) -> Sheet:
    """A declared table as the sheet an officer fills: the CSV's columns under their Vietnamese titles,
    the given rows (carried values), derived columns and a «Cộng» row as live formulas with their values,
    rates shown with the decimals the plan states."""
    from vanban.engine.sheets import sheet_name

    header = list(given.header)
    keys = [k for k in header if k in table.columns]
    letter = {k: column_letter(i) for i, k in enumerate(keys, 1)}
    first = 4  # a title, how to fill, the header, then the units
    units = [list(r) + [""] * (len(header) - len(r)) for r in given.rows] or [[""] * len(header)] * EMPTY_ROWS
    last = first + len(units) - 1
    total_line = last + 1

    def formula_cell(formula: Any, line: int, values: dict[str, Any]) -> Formula:
        ratio = formula.ratio()
        names = [n for n in formula.names if n in letter]
        guard = [f'{letter[n]}{line}=""' for n in names]
        if ratio is not None:
            guard += [f"{letter[n]}{line}=0" for n in ratio[1].names if n in letter]
        body = _excel_formula(formula.tree, lambda n: f"{letter[n]}{line}")
        result = formula.evaluate(values)
        return Formula(f'=IF(OR({",".join(guard)}),"",{body})', "" if result is None else result)

    out: list[list[Cell]] = []
    for unit in units:
        values: dict[str, Any] = {k: _typed(table.columns[k].value_type, unit[header.index(k)]) for k in keys}
        cells: list[Cell] = []
        for key in keys:
            column = table.columns[key]
            if column.formula is not None and all(n in letter for n in column.formula.names):
                cell = formula_cell(column.formula, first + len(out), values)
                values[key] = cell.value if cell.value != "" else None
                cells.append(cell)
            elif column.value_type == "chu":
                cells.append(unit[header.index(key)] or None)
            else:
                cells.append(values[key])
        out.append(cells)
    plain = [[c.value if isinstance(c, Formula) else c for c in r] for r in out]
    sums = {k: sum(v for r in plain if isinstance(v := r[i], int)) for i, k in enumerate(keys)}
    total: list[Cell] = []
    for key in keys:
        column = table.columns[key]
        if key == table.name_column:
            total.append("Cộng")
        elif column.total == "" and column.value_type == "so":
            total.append(Formula(f"=SUM({letter[key]}{first}:{letter[key]}{last})", sums[key]))
        elif column.total and column.formula is not None and all(n in letter for n in column.formula.names):
            total.append(
                formula_cell(column.formula, total_line, {k: sums[k] for k in keys if table.columns[k].value_type == "so"})
            )
        else:
            total.append(None)
    out.append(total)
    columns = [
        Column(
            table.columns[k].description,
            {"so": "n", "ty_le": "r", "chu": "t"}[table.columns[k].value_type],
            width=34 if k == table.name_column else (28 if table.columns[k].value_type == "chu" else 14),
            decimals=given.decimals.get(k, RATE_DECIMALS),
            validate=table.columns[k].value_type != "chu",
            locked=table.columns[k].formula is not None,
        )
        for k in keys
    ]
    title = (
        f"{table.description} — năm {year}",
        "Gõ số liệu vào các ô trống; cột tỷ lệ, cột cuối năm và dòng «Cộng» tự tính bằng công thức. "
        f"Thêm {table.row_noun}: chèn dòng phía trên dòng «Cộng», chép công thức của dòng trên xuống.",
    )
    return Sheet(sheet_name(table), columns, out, total_row=True, title=title, filter=False, protect=True)


def officer_sheets(
    decl: Any, year: int, given: Mapping[str, Given], wanted: Callable[[str, Any], bool] = lambda name, table: True
) -> list[Sheet]:
    """A sheet per ``wanted`` table the declaration reads from the year's files (not those of another kind):
    the given ones start from their rows, the others from their declared columns, empty."""
    return [
        officer_sheet(table, given.get(name) or Given([c.key for c in table.columns.values() if not c.optional]), year)
        for name, table in decl.tables.items()
        if name not in decl.foreign and wanted(name, table)
    ]


def officer_workbook(
    decl: Any, year: int, given: Mapping[str, Given], *, creator: str, wanted: Callable[[str, Any], bool] = lambda n, t: True
) -> bytes:
    """The year's ``so-lieu.xlsx``: a sheet per declared table (``officer_sheets``)."""
    sheets = officer_sheets(decl, year, given, wanted)
    return workbook_bytes(sheets, creator=creator, title=f"Số liệu năm {year}", moment=dt.datetime(year, 1, 1), recalculate=True)


# Parts of a workbook openpyxl does not write back: a workbook holding one is never rewritten by us.
_NOT_KEPT = {
    "xl/drawings/": "hình vẽ",
    "xl/charts/": "biểu đồ",
    "xl/chartsheets/": "trang biểu đồ",
    "xl/media/": "hình ảnh",
    "xl/pivot": "bảng tổng hợp (PivotTable)",
    "xl/externalLinks/": "liên kết tới tệp khác",
    "xl/vbaProject": "macro",
    "xl/embeddings/": "đối tượng nhúng",
    "xl/activeX/": "điều khiển ActiveX",
    "xl/ctrlProps/": "nút điều khiển",
    "xl/slicers/": "bộ lọc (slicer)",
    "xl/timelines/": "dòng thời gian (timeline)",
    "xl/threadedComments/": "bình luận dạng hội thoại",
}


def with_sheets(book: Any, raw: bytes, sheets: Sequence[Sheet], *, moment: dt.datetime) -> bytes:
    """The officer's workbook (``book``, a ``sheets.SheetBook`` read from ``raw``) with ``sheets`` added after its own.

    Everything it held stays: openpyxl rewrites its cells, styles, validation and protection, and each formula's
    cached value is put back beside it (openpyxl drops them), so the tables already kept in it read as before.
    A workbook holding what openpyxl would drop (charts, pictures, macros …) is refused (A009), never rewritten."""
    import warnings
    import zipfile

    import openpyxl

    names = zipfile.ZipFile(io.BytesIO(raw)).namelist()
    lost = sorted({what for prefix, what in _NOT_KEPT.items() for name in names if name.startswith(prefix)})
    with warnings.catch_warnings(record=True) as said:  # what openpyxl itself says it leaves out
        warnings.simplefilter("always")
        formulas = openpyxl.load_workbook(io.BytesIO(raw))
    if any("removed" in str(w.message) or "not supported" in str(w.message) for w in said):
        lost.append("phần mở rộng của Excel (định dạng có điều kiện, kiểm tra dữ liệu hoặc biểu đồ nhỏ kiểu mới)")
    taken = [s.name for s in sheets if s.name in book.names]
    if lost or taken:
        reason = (
            f"đã có trang «{taken[0]}»; không ghi đè. Hãy sửa trực tiếp trang đó"
            if taken
            else f"bảng tính có {', '.join(lost)}, mà chương trình không ghi lại được; để khỏi làm mất, chưa ghi gì. "
            "Hãy chạy lại lệnh không có --excel (ghi tệp CSV), hoặc chuyển những thứ đó sang một tệp khác"
        )
        raise InputError([error("A009", Place(book.display), reason + ".")])
    values = book.values
    stored = [
        {
            cell.coordinate: values[sheet.title][cell.coordinate].value
            for row in sheet.iter_rows()
            for cell in row
            if cell.data_type == "f" and values[sheet.title][cell.coordinate].value is not None
        }
        for sheet in formulas.worksheets
    ]
    stored += [_write_sheet(formulas, sheet) for sheet in sheets]
    formulas.calculation.fullCalcOnLoad = True
    props = formulas.properties
    props.modified = moment
    buffer = io.BytesIO()
    formulas.save(buffer)
    return _store_values(buffer.getvalue(), stored, moment)
