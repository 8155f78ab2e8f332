"""The summary as an Excel workbook: what the reviewing office sorts and filters.

Sheet «Tổng hợp <năm>»: the summary's table, numbers as numbers (counts ``#,##0``,
rates ``0.00``: Excel shows them with the reader's own separators, 2.881 and 1,21
in a Vietnamese locale), an auto-filter over the communes (the «Cộng» row below
it stays put when sorting). Sheet «Xu hướng»: the poverty rate of every commune in
every year of the repository, a panel pivoted with pandas, and a chart of it.

pandas and openpyxl are imported here only: ``build`` and ``check`` never load them.
Bytes are deterministic: fixed workbook properties and zip timestamps.
"""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from vanban.engine.findings import InputError
from vanban.engine.numbers import Rate
from vanban.project import Project

if TYPE_CHECKING:
    from vanban.communes.summary import Summary

COUNT_FORMAT, RATE_FORMAT = "#,##0", "0.00"
TREND_SHEET = "Xu hướng"


def _number(value: Any) -> Any:
    """A cell value: ints stay ints, a rate is its value as the document shows it, nothing is «—»."""
    if value is None:
        return "—"
    if isinstance(value, Rate):
        return float(value.value)
    if isinstance(value, Decimal):
        return float(value)
    return value


def summary_frame(summary: Summary):
    """The summary's table (communes, then «Cộng») as a DataFrame with the document's headings."""
    import pandas as pd

    from vanban.communes.summary import COLUMNS

    keys = [k for k, _, _ in COLUMNS]
    records = [[i, r.name, *[_number(r.values.get(k)) for k in keys[2:]]] for i, r in enumerate(summary.rows, 1)]
    records.append(["", "Cộng", *[_number(summary.total.get(k)) for k in keys[2:]]])
    return pd.DataFrame(records, columns=[h for _, h, _ in COLUMNS])


def trend_panel(project: Project, summary: Summary | None = None):
    """Poverty rate (%) per commune (rows) per year (columns), from every plan of the repository.

    The summary's own year is taken from its rows (already checked); a plan that cannot be
    read leaves its cell empty rather than stopping the summary.
    """
    import pandas as pd

    from vanban.communes.summary import commune_name
    from vanban.pipeline import run_checks

    known = {r.slug: r for r in summary.rows} if summary is not None else {}
    records = []
    for commune in project.communes():
        name = None
        for year in commune.years():
            row = known.get(commune.commune or "") if summary is not None and year == summary.year else None
            if row is not None:
                name = row.name
                rate = row.values.get("ty_le_ho_ngheo")
                if isinstance(rate, Rate):
                    records.append({"xa": name, "nam": year, "ty_le": float(rate.value)})
                continue
            checked = summary.rates.get((commune.commune or "", year)) if summary is not None else None
            if checked is not None:  # checked by this run's build --all
                rate, name = checked[0], name or checked[1]
            else:
                try:
                    rate = run_checks(commune, year).computed.values.get("ty_le_ho_ngheo")
                    name = name or commune_name(commune, year)
                except InputError:
                    continue
            if isinstance(rate, Rate):
                records.append({"xa": name, "nam": year, "ty_le": float(rate.value)})
    frame = pd.DataFrame.from_records(records, columns=["xa", "nam", "ty_le"])
    # One row per commune and year; several plans for one commune-year cannot happen (one file per year).
    panel = frame.pivot_table(index="xa", columns="nam", values="ty_le", aggfunc="first", sort=False)
    panel.columns = [f"Năm {c}" for c in panel.columns]
    panel.index.name = "Xã, phường, thị trấn"
    return panel


def _format_table(sheet, frame, kinds: list[str], *, total_row: bool) -> None:
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    bold = Font(bold=True)
    for cell in sheet[1]:
        cell.font = bold
        cell.alignment = Alignment(wrap_text=True, horizontal="center", vertical="center")
    last = sheet.max_row
    for index, kind in enumerate(kinds, start=1):
        letter = get_column_letter(index)
        width = 32 if kind == "t" and index > 1 else (6 if index == 1 and kind == "t" else 14)
        sheet.column_dimensions[letter].width = width
        if kind in ("n", "r"):
            for row in range(2, last + 1):
                cell = sheet[f"{letter}{row}"]
                if isinstance(cell.value, (int, float)):
                    cell.number_format = COUNT_FORMAT if kind == "n" else RATE_FORMAT
                else:
                    cell.alignment = Alignment(horizontal="right")
    sheet.row_dimensions[1].height = 45
    sheet.freeze_panes = "C2" if len(kinds) > 2 else "B2"
    if total_row:
        for cell in sheet[last]:
            cell.font = bold
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(kinds))}{last - 1}"
    else:
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(kinds))}{last}"


def _chart(sheet, panel) -> None:
    from openpyxl.chart import BarChart, Reference

    rows, years = len(panel.index), len(panel.columns)
    if not rows or not years:
        return
    chart = BarChart()
    chart.type = "bar"  # horizontal bars: one group per commune, one bar per year, names readable
    chart.title = "Tỷ lệ hộ nghèo theo năm (%)"
    chart.y_axis.title = "%"
    chart.y_axis.number_format = RATE_FORMAT
    data = Reference(sheet, min_col=2, max_col=1 + years, min_row=1, max_row=1 + rows)
    categories = Reference(sheet, min_col=1, min_row=2, max_row=1 + rows)
    chart.add_data(data, titles_from_data=True)
    chart.set_categories(categories)
    chart.height = max(7.5, 0.5 * rows * max(1, years) ** 0.5)
    chart.width = 18
    sheet.add_chart(chart, f"{chr(ord('A') + years + 2)}2")


def workbook_bytes(project: Project, summary: Summary) -> bytes:
    import pandas as pd

    from vanban.communes.summary import COLUMNS
    from vanban.docx.write import normalize_zip

    frame = summary_frame(summary)
    panel = trend_panel(project, summary)
    buffer = io.BytesIO()
    main = f"Tổng hợp {summary.year}"
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        frame.to_excel(writer, sheet_name=main, index=False)
        panel.to_excel(writer, sheet_name=TREND_SHEET)
        book = writer.book
        _format_table(writer.sheets[main], frame, [k for _, _, k in COLUMNS], total_row=True)
        trend = writer.sheets[TREND_SHEET]
        _format_table(trend, panel, ["t", *["r"] * len(panel.columns)], total_row=False)
        trend.column_dimensions["A"].width = 32
        _chart(trend, panel)
        # Same inputs, same bytes: the properties carry the document's date, never the time of the run.
        doc = summary.plan.document
        moment = dt.datetime.combine(doc.date.as_date if doc.date else dt.date(summary.year, 1, 1), dt.time())
        props = book.properties
        props.creator = props.lastModifiedBy = doc.agency_name
        props.title = main
        props.created = props.modified = moment
    return normalize_zip(_fix_modified(buffer.getvalue(), moment))


def _fix_modified(data: bytes, moment: dt.datetime) -> bytes:
    """openpyxl stamps ``dcterms:modified`` with the time of saving; put the document's date back."""
    import re
    import zipfile

    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    stamp = moment.strftime("%Y-%m-%dT%H:%M:%SZ")
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename == "docProps/core.xml":
                text = content.decode("utf-8")
                text = re.sub(r"(<dcterms:(?:modified|created)[^>]*>)[^<]*(<)", rf"\g<1>{stamp}\g<2>", text)
                content = text.encode("utf-8")
            target.writestr(item, content)
    return out.getvalue()
