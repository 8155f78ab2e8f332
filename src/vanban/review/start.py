"""``invoke new --kind <kind> --year Y``: every document starts from a command.

- ``ke-hoach``: what ``new-year`` does (the year's plan from last year's);
- ``bao-cao``: the report's context (``plans/[<xã>/]<Y>-bao-cao[-6-thang].yaml``) and its actuals table
  (``data/[<xã>/]<Y>/ket_qua[_6_thang].csv``) with the plan's units and start figures filled, the rest
  left blank to fill (P001); what the commune's settings say (agency, place, recipients, signer) is not
  written again: the pipeline merges ``xa.yaml`` under every kind's context;
- ``tong-hop``: the summary's year file from the previous year's (``plans/tong-hop/<Y>.yaml``).

Nothing is overwritten; every file is written whole or not at all. Each kind names its starter in the
registry (``Kind.starter``), so the command layer does not know the kinds.
"""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

from vanban.engine.files import write_all
from vanban.engine.findings import InputError, Place, error
from vanban.kinds.registry import Kind, Period
from vanban.project import Project

TO_FILL = "# cần điền"


def _refuse_existing(project: Project, paths: list[Path]) -> None:
    existing = [p for p in paths if p.exists()]
    if existing:
        shown = ", ".join(project.display(p) for p in existing)
        raise InputError([error("A002", Place("--year"), f"đã có {shown}; không ghi đè. Hãy sửa trực tiếp các tệp đó.")])


def _write_all(files: dict[Path, str]) -> list[Path]:
    return write_all({path: text.encode("utf-8") for path, text in files.items()})


def _q(text: object) -> str:
    """A YAML scalar for any text: a JSON string is a valid double-quoted YAML scalar."""
    return json.dumps(str(text), ensure_ascii=False)


# ---------------------------------------------------------------- the plan


def start_plan(project: Project, year: int, kind: Kind, period: Period, *, excel: bool = False) -> tuple[list[Path], list[str]]:
    """What ``new-year`` does, and says."""
    from vanban.engine.printer import format_text
    from vanban.review.newyear import new_year

    scaffold = new_year(project, year, excel=excel)
    lines = [f"Điểm xuất phát: {scaffold.source}."]
    if scaffold.rewritten:
        lines += ["Đã viết lại theo chính quyền hai cấp (từ 01/7/2025):", *(f"  - {c}" for c in scaffold.rewritten)]
    if scaffold.findings:
        lines += ["Cần viết lại (chưa sửa được tự động):", format_text(list(scaffold.findings))]
    return scaffold.paths, lines


# ---------------------------------------------------------------- the results report

REPORT_COLUMNS = (
    "don_vi",
    "tong_so_ho",
    "ho_ngheo_dau_nam",
    "thoat_ngheo",
    "phat_sinh",
    "ho_ngheo_cuoi_nam",
    "ty_le_ho_ngheo_cuoi_nam",
)
NEAR_POOR_COLUMNS = (
    "ho_can_ngheo_dau_nam",
    "thoat_can_ngheo",
    "can_ngheo_tu_ho_ngheo",
    "can_ngheo_phat_sinh",
    "ho_can_ngheo_cuoi_nam",
    "ty_le_ho_can_ngheo_cuoi_nam",
)
# Each start the report prefills <- the plan's column for that unit.
PREFILLED = {"tong_so_ho": "tong_so_ho", "ho_ngheo_dau_nam": "ho_ngheo", "ho_can_ngheo_dau_nam": "ho_can_ngheo"}


def actuals_text(plan_rows, near_poor: bool) -> str:
    """The actuals table: one row per unit of the plan, its starts as the plan states them, the rest blank."""
    header = REPORT_COLUMNS + (NEAR_POOR_COLUMNS if near_poor else ())
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    for row in plan_rows:
        cells = []
        for column in header:
            if column == "don_vi":
                cells.append(row.name)
            elif column in PREFILLED and isinstance(row.exact.get(PREFILLED[column]), int):
                cells.append(str(row.exact[PREFILLED[column]]))
            else:
                cells.append("")
        writer.writerow(cells)
    return out.getvalue()


def report_text(project: Project, year: int, period: Period, plan, table_shown: str, settings: bool) -> str:
    """The report's context: what the year's report says around its tables, with the plan cited."""
    document = plan.document
    agency = document.agency_name
    commune = agency.removeprefix("UBND ").strip()
    half = bool(period.suffix)
    title = (
        f"Sơ kết 6 tháng đầu năm ${{nam}} thực hiện kế hoạch giảm nghèo trên địa bàn {commune}"
        if half
        else f"Kết quả thực hiện kế hoạch giảm nghèo năm ${{nam}} trên địa bàn {commune}"
    )
    cited_number = document.number or ""
    cited_date = document.date.as_date.isoformat() if document.date else ""
    lines = [
        f"# {'Báo cáo sơ kết 6 tháng' if half else 'Báo cáo kết quả thực hiện kế hoạch giảm nghèo'} năm {year} — {commune}.",
        "# Tạo bởi «invoke new --kind bao-cao». Số liệu từng đơn vị ở " + table_shown + ": số đầu năm lấy theo kế hoạch,",
        "# các ô để trống là số thực hiện cần điền. Cơ quan, địa danh, nơi nhận, người ký lấy theo thiết lập của xã",
        "# (xa.yaml) nếu có; ghi lại ở đây thì báo cáo này dùng mục ghi ở đây.",
        f"nam: {year}",
        "",
        "van_ban:",
    ]
    if not settings:
        lines += ["  co_quan_ban_hanh:"] + [f"    - {_q(line)}" for line in document.agency]
        if document.parent_agency:
            lines[-len(document.agency) - 1 : -len(document.agency) - 1] = ["  co_quan_chu_quan:"] + [
                f"    - {_q(line)}" for line in document.parent_agency
            ]
        lines += [f"  ten_co_quan: {_q(agency)}", f"  dia_danh: {_q(document.place)}"]
    lines += [
        "  so:            # để trống cho văn thư điền số",
        "  ky_hieu: BC-UBND",
        f"  ngay:          {TO_FILL}",
        "  ten_loai: Báo cáo",
        f"  trich_yeu: {_q(title)}",
        "",
        "can_cu:",
        "  kh_giam_ngheo:",
        "    loai: Kế hoạch",
        f"    so: {_q(cited_number)}" if cited_number else f"    so:          {TO_FILL}",
        f"    ngay: {cited_date}" if cited_date else f"    ngay:        {TO_FILL}",
        f"    co_quan: {_q(agency)}",
        f"    trich_yeu: {_q(_cited_subject(document.summary, year))}",
        "",
        "# Số liệu toàn xã: các số tính được từ bảng có thể để trống; số nào ghi thì được kiểm tra với bảng.",
        "so_lieu: {}",
        "",
        "noi_dung:",
        f"  - {_q('Thực hiện ${kh_giam_ngheo}, ' + agency + (' sơ kết 6 tháng đầu năm ${nam} như sau:' if half else ' báo cáo kết quả thực hiện năm ${nam} như sau:'))}",
        "",
        f"  - muc: {'Kết quả thực hiện 6 tháng đầu năm' if half else 'Kết quả thực hiện'}",
        "  - "
        + _q(
            "Đầu năm có ${ho_ngheo_dau_nam} hộ nghèo, tỷ lệ ${ty_le_ho_ngheo_dau_nam}. "
            + ("Đến 30/6" if half else "Trong năm")
            + " giảm ${thoat_ngheo} hộ nghèo, tăng ${phat_sinh} hộ nghèo, còn ${ho_ngheo_cuoi_nam} hộ nghèo, "
            "tỷ lệ ${ty_le_ho_ngheo_cuoi_nam}."
        ),
        "  - " + _q("Kết quả từng đơn vị:"),
        "  - bang: ket_qua",
        f"  - khoan: {'Tiến độ so với chỉ tiêu cả năm' if half else 'Kết quả so với chỉ tiêu kế hoạch'}",
        "  - "
        + _q(
            "Chỉ tiêu kế hoạch năm ${nam} giao các đơn vị là giảm ${chi_tieu_giam_ho_ngheo} hộ nghèo; đã giảm ${giam_ho_ngheo} hộ, "
            "đạt ${ty_le_dat_ke_hoach} kế hoạch. Kết quả so với chỉ tiêu của từng đơn vị:"
        ),
        "  - bang: so_sanh",
        "  - bieu_do: so_sanh",
        "",
        "  - muc: Đánh giá chung",
        "  # Cần viết: kết quả đạt được, tồn tại, nguyên nhân; mỗi ý một dòng «  - '- …'».",
        "",
        "  - muc: Nhiệm vụ, giải pháp",
        "  # Cần viết: mỗi nhiệm vụ một dòng «  - '- …'».",
        "  - "
        + _q(
            f"Trên đây là báo cáo {'sơ kết 6 tháng' if half else 'kết quả thực hiện kế hoạch giảm nghèo'} năm ${{nam}} của {agency}./."
        ),
    ]
    if not settings:
        lines += ["", "noi_nhan:", "  gui:"] + [f"    - {_q(r)}" for r in plan.recipients.to]
        lines += [f"  luu: [{', '.join(_q(a) for a in plan.recipients.archive)}]", "", "ky:"]
        lines += [
            f"  quyen_han: {_q(plan.signature.authority)}",
            f"  chuc_vu: {_q(plan.signature.position)}",
            f"  ho_ten: {_q(plan.signature.name)}",
        ]
    return "\n".join(lines) + "\n"


def _cited_subject(summary: str, year: int) -> str:
    """The plan's trích yếu as cited in the report: lower case first letter, its year written out."""
    text = summary.replace("${nam}", str(year))
    return text[:1].lower() + text[1:]


def start_report(project: Project, year: int, kind: Kind, period: Period, *, excel: bool = False) -> tuple[list[Path], list[str]]:
    """The report's context and its actuals table: a CSV, or (``excel``) a sheet of the year's workbook,
    added to it when the plan's tables are kept there."""
    from vanban.engine import sheets
    from vanban.pipeline import declaration, load

    context = kind.context_file(project, year, period)
    table_name = period.table_files.get("ket_qua", "ket_qua.csv")
    table = project.data_dir(year) / table_name
    book_path = project.data_dir(year) / sheets.WORKBOOK_NAME
    _refuse_existing(project, [context, table])
    if not project.plan_file(year).exists():
        years = ", ".join(map(str, project.years())) or "chưa có năm nào"
        raise InputError(
            [
                error(
                    "A010",
                    Place("--year"),
                    f"chưa có kế hoạch năm {year}: báo cáo đối chiếu với kế hoạch. Các năm đang có: {years}.",
                )
            ]
        )
    plan = load(project, year)
    units = plan.main
    from vanban.engine.compute import compute

    rows = compute(plan).tables[units.table.name].rows
    near_poor = "ho_can_ngheo" in units.header
    actuals = actuals_text(rows, near_poor)
    settings = project.settings_file.is_file()
    added = excel and book_path.exists()  # a sheet added to the year's workbook: said so, not «đã tạo»
    if excel:  # the context first: if the workbook cannot be written, the officer's old one is still there whole
        decl = declaration(project, kind, period)
        name = next(n for n in decl.tables if n not in decl.foreign)
        sheet = sheets.sheet_name(decl.tables[name])
        shown = sheets.sheet_file(project.display(book_path), sheet)
        files = {
            context: report_text(project, year, period, plan.plan, shown, settings).encode("utf-8"),
            book_path: _report_workbook(project, year, decl, name, actuals, units, book_path),
        }
    else:
        text = report_text(project, year, period, plan.plan, project.display(table), settings)
        files = {table: actuals.encode("utf-8"), context: text.encode("utf-8")}
    # The year's workbook, when there is one, is rewritten with the report's sheet added (its sheets kept).
    written = write_all(files, overwrite=frozenset({book_path}))
    notes = [f"Số đầu năm của từng đơn vị lấy theo kế hoạch năm {year} ({units.file})."]
    if added:
        written.remove(book_path)
        notes.insert(0, f"{project.display(book_path)}: đã thêm trang «{sheet}»; các trang đã có giữ nguyên.")
    return written, notes


def _report_workbook(project: Project, year: int, decl, name: str, actuals: str, units, book_path: Path) -> bytes:
    """The actuals as the officer's sheet (rates shown with the decimals the plan states), added to the year's
    workbook when there is one (the plan's tables kept in it stay as they were), else a workbook of its own.
    The report's other tables (a commune's own) get an empty sheet where they are not kept yet."""
    import datetime as dt

    from vanban.communes.workbook import Given, officer_sheets, officer_workbook, stated_decimals, with_sheets
    from vanban.engine import reads, sheets

    rows = list(csv.reader(io.StringIO(actuals)))
    plan_decimals = max(stated_decimals(units.rows).values(), default=None)
    rates = [k for k, c in decl.tables[name].columns.items() if c.value_type == "ty_le"]
    given = {name: Given(rows[0], rows[1:], {k: plan_decimals for k in rates} if plan_decimals is not None else {})}
    book = sheets.open_workbook(book_path, project.display(book_path)) if book_path.exists() else None

    def wanted(table_name: str, table) -> bool:
        if table_name == name:
            return True
        kept = book is not None and sheets.sheet_name(table) in book.names
        return not kept and not (project.data_dir(year) / table.file_name).exists()

    if book is None:
        return officer_workbook(decl, year, given, creator=project.display(project.plan_file(year)), wanted=wanted)
    added = officer_sheets(decl, year, given, wanted)
    return with_sheets(book, reads.read_bytes(book_path), added, moment=dt.datetime(year, 1, 1))


# ---------------------------------------------------------------- the province summary


def summary_text(previous: str, year: int) -> str:
    """Next year's summary file from last year's: the year advanced, number and date to fill, stated totals emptied."""
    text = re.sub(rf"\b{year - 1}\b", str(year), previous)
    text = re.sub(r"(?m)^nam: \d{4}", f"nam: {year}", text)
    text = re.sub(r"(?m)^(  so:)[^\n#]*", r"\1", text)
    text = re.sub(r"(?m)^(  ngay:)[^\n]*", rf"\1          {TO_FILL}", text)
    text = re.sub(r"(?m)^vi_du:[^\n]*\n", "", text)  # the office's own summary, not the shipped example
    # Totals the office stated were last year's: the new year states its own, or none.
    return re.sub(r"(?ms)^so_lieu:.*?(?=^\S)", "so_lieu: {}\n\n", text)


def start_summary(
    project: Project, year: int, kind: Kind, period: Period, *, excel: bool = False
) -> tuple[list[Path], list[str]]:
    if excel:
        raise InputError(
            [
                error(
                    "A014",
                    Place("--excel"),
                    "bản tổng hợp không có bảng số liệu để điền: số liệu lấy từ kế hoạch của các xã; bảng tính của "
                    "bản tổng hợp được ghi cùng văn bản (invoke tong-hop).",
                )
            ]
        )
    target = kind.context_file(project, year, period)
    _refuse_existing(project, [target])
    previous = kind.context_file(project, year - 1, period)
    if not previous.is_file():
        have = sorted(p.stem for p in previous.parent.glob("*.yaml")) if previous.parent.is_dir() else []
        raise InputError(
            [
                error(
                    "A003",
                    Place("--year"),
                    f"chưa có bản tổng hợp năm {year - 1} ({project.display(previous)}) để làm căn cứ. "
                    f"Các năm đang có: {', '.join(have) or 'chưa có năm nào'}.",
                )
            ]
        )
    written = _write_all({target: summary_text(previous.read_text(encoding="utf-8"), year)})
    return written, [f"Điểm xuất phát: {project.display(previous)}."]
