"""Tables kept as sheets of data/<năm>/so-lieu.xlsx (issue 22): read as the officer sees them in Excel,
checked and built exactly as the same data in CSV, every refusal placed at its sheet and cell."""

from __future__ import annotations

import csv
import os
import shutil
import tempfile
import zipfile
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from vanban.commands import cli
from vanban.engine.findings import InputError
from vanban.engine.sheets import CellError, cell_text, displayed_decimals, number_text
from vanban.pipeline import build, run_checks
from vanban.project import Project

from .conftest import copy_project, soffice_convert

UNITS = "data/2024/don_vi.csv"
BOOK = "data/2024/so-lieu.xlsx"
PROFILE = Path(tempfile.gettempdir()) / f"vanban-sheets-test-profile-{os.getpid()}"


def calc_saved(source: Path, outdir: Path, target: str = "xlsx:Calc MS Excel 2007 XML") -> Path:
    """``source`` opened and saved by LibreOffice Calc, which computes every formula and stores its value."""
    return soffice_convert(source, target, outdir, PROFILE)


@pytest.fixture(scope="module", autouse=True)
def _profile():
    yield
    shutil.rmtree(PROFILE, ignore_errors=True)


def officer_workbook(units_csv: Path, target: Path) -> Path:
    """The 2024 unit table as an officer keeps it: a merged title row, rates and year-ends as formulas, float noise
    in a typed count, an empty row and a «Cộng» row of formulas; saved by a spreadsheet that computes."""
    rows = list(csv.reader(units_csv.open(encoding="utf-8")))
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "don_vi"
    sheet["A1"] = "Chỉ tiêu giảm nghèo năm 2024"
    sheet.merge_cells("A1:G1")
    for column, name in enumerate(rows[0], 1):
        sheet.cell(2, column, name)
    for line, row in enumerate(rows[1:], 3):
        households = int(row[1]) - 3e-14 if line == 3 else int(row[1])  # 171.99999999999997: binary noise
        values = [row[0], households, int(row[2]), f"=C{line}/B{line}*100", int(row[4]), f"=C{line}-E{line}", row[6]]
        for column, value in enumerate(values, 1):
            sheet.cell(line, column, value)
        sheet.cell(line, 4).number_format = "0.00"
    last = 2 + len(rows) - 1
    total = last + 2  # an empty row before «Cộng»
    for column, value in enumerate(
        ["Cộng", f"=SUM(B3:B{last})", f"=SUM(C3:C{last})", f"=C{total}/B{total}*100", f"=SUM(E3:E{last})", f"=SUM(F3:F{last})"], 1
    ):
        sheet.cell(total, column, value)
    sheet.cell(total, 4).number_format = "0.00"
    raw = target.parent / "raw" / target.name
    raw.parent.mkdir(parents=True, exist_ok=True)
    book.save(raw)
    shutil.copyfile(calc_saved(raw, target.parent / "saved"), target)
    return target


@pytest.fixture(scope="module")
def saved_book(tmp_path_factory) -> Path:
    here = tmp_path_factory.mktemp("book")
    return officer_workbook(Path(__file__).resolve().parents[1] / UNITS, here / "so-lieu.xlsx")


def as_workbook(project: Project, book: Path) -> None:
    shutil.copyfile(book, project.root / BOOK)
    (project.root / UNITS).unlink()


def findings_of(project: Project) -> list:
    try:
        return run_checks(project, 2024).findings
    except InputError as exc:
        return exc.findings


def edited(project: Project, tmp_path: Path, change) -> None:
    """Change the workbook with openpyxl, then save it again with LibreOffice (which computes)."""
    path = project.root / BOOK
    book = openpyxl.load_workbook(path)
    change(book["don_vi"])
    raw = tmp_path / "edit" / "so-lieu.xlsx"
    raw.parent.mkdir(exist_ok=True)
    book.save(raw)
    shutil.copyfile(calc_saved(raw, tmp_path / "edit-saved"), path)


# ---------------------------------------------------------------- the done-when


def test_an_excel_saved_unit_table_builds_exactly_as_the_csv(saved_book: Path, tmp_path: Path) -> None:
    from_csv = copy_project(tmp_path / "csv")
    from_book = copy_project(tmp_path / "book")
    as_workbook(from_book, saved_book)
    assert run_checks(from_book, 2024).findings == run_checks(from_csv, 2024).findings == []
    a, b = build(from_csv, 2024), build(from_book, 2024)
    assert a.written and b.written
    assert a.output.read_bytes() == b.output.read_bytes()


def test_a_wrong_rate_in_the_sheet_is_an_r001_at_its_cell(saved_book: Path, tmp_path: Path, capsys) -> None:
    project = copy_project(tmp_path / "p")
    as_workbook(project, saved_book)

    def typed_rate(sheet) -> None:
        sheet["D4"] = 2.95  # Tiểu khu 2: 2 / 182 = 1,10 %
        sheet["D4"].number_format = "0.00"

    edited(project, tmp_path, typed_rate)
    (finding,) = findings_of(project)
    assert finding.code == "R001" and finding.place.file == f"{BOOK}[don_vi]"
    assert str(finding.place) == "data/2024/so-lieu.xlsx[don_vi]!D4"
    assert cli.check(project.root, "2024") == 1
    out = capsys.readouterr()
    assert "data/2024/so-lieu.xlsx[don_vi]!D4: R001" in out.out + out.err
    assert cli.check(project.root, "2024", output_format="json") == 1
    assert '"cell": "D4"' in capsys.readouterr().out


def test_a_table_in_both_places_is_refused_naming_both(saved_book: Path, project: Project) -> None:
    shutil.copyfile(saved_book, project.root / BOOK)
    (finding,) = findings_of(project)
    assert finding.code == "C004"
    assert UNITS in finding.message and "so-lieu.xlsx[don_vi]" in finding.message


def test_formulas_without_a_computed_value_say_to_save_in_a_spreadsheet(saved_book: Path, project: Project) -> None:
    as_workbook(project, saved_book)
    book = openpyxl.load_workbook(project.root / BOOK)  # openpyxl keeps formulas and drops their values
    book.save(project.root / BOOK)
    (finding,) = findings_of(project)
    assert finding.code == "C031" and finding.place.sheet_cell == "D3"
    assert "LibreOffice" in finding.message and "F14" in finding.message or "ô khác" in finding.message


def test_a_workbook_renamed_to_csv_is_named_as_a_workbook(saved_book: Path, project: Project) -> None:
    shutil.copyfile(saved_book, project.root / UNITS)
    (finding,) = findings_of(project)
    assert finding.code == "F005" and "Excel" in finding.message and "Windows-1258" not in finding.message


def test_a_missing_sheet_names_the_sheets_there_are(saved_book: Path, project: Project) -> None:
    as_workbook(project, saved_book)
    book = openpyxl.load_workbook(project.root / BOOK)
    book["don_vi"].title = "Don vi"
    book.save(project.root / BOOK)
    (finding,) = findings_of(project)
    assert finding.code == "F001" and "«don_vi»" in finding.message and "«Don vi»" in finding.message


@pytest.mark.parametrize(
    ("change", "code", "cell"),
    [
        (lambda s: s.merge_cells("B5:C5"), "C036", "B5"),
        (lambda s: setattr(s.row_dimensions[6], "hidden", True), "C035", "6:6"),
        (lambda s: s.cell(7, 2, __import__("datetime").datetime(2024, 1, 4)), "C032", "B7"),
        (lambda s: s.cell(8, 2, True), "C032", "B8"),
        (lambda s: s.cell(9, 2, 417.4), "C020", "B9"),  # General format: 417,4 is read as typed and refused as a count
        (lambda s: (s.cell(9, 2, 417.4), setattr(s.cell(9, 2), "number_format", "0")), "C033", "B9"),
        (lambda s: s.cell(10, 4, "=1/0"), "C032", "D10"),
    ],
)
def test_what_cannot_be_read_exactly_is_refused_at_its_cell(saved_book, project, tmp_path, change, code, cell) -> None:
    as_workbook(project, saved_book)
    edited(project, tmp_path, change)
    found = [f for f in findings_of(project) if f.code == code]
    assert found, findings_of(project)
    if cell is not None:
        assert found[0].place.sheet_cell == cell


def test_noise_libreoffice_keeps_is_read_as_the_cell_shows_it(saved_book, project, tmp_path) -> None:
    """Calc writes 15 significant digits (0,30000000000000004 becomes 0,3) but keeps a 14-digit tail such as a
    pasted 1,0999999999999: read at the precision the cell shows, it is the figure typed, never a new one."""

    def change(sheet) -> None:
        sheet["D4"] = 1.0999999999999  # Tiểu khu 2's rate typed over its formula: 2 / 182 = 1,10 %
        sheet["D4"].number_format = "0.00"
        sheet["B3"] = 171.99999999999  # a count, General format
        sheet["C5"] = 4.99999999999999  # Tiểu khu 3's poor households: 15 significant digits, kept

    as_workbook(project, saved_book)
    edited(project, tmp_path, change)
    raw = openpyxl.load_workbook(project.root / BOOK, data_only=True)["don_vi"]
    assert raw["D4"].value == 1.0999999999999 and raw["B3"].value == 171.99999999999 and raw["C5"].value == 4.99999999999999
    assert findings_of(project) == []
    rows = {r.name: r.values for r in run_checks(project, 2024).valid.tables["don_vi"].rows}
    assert rows["Tiểu khu 2"]["ty_le_ho_ngheo"].value == Decimal("1.10") and rows["Tiểu khu 1"]["tong_so_ho"] == 172
    assert rows["Tiểu khu 3"]["ho_ngheo"] == 5


def test_text_numbers_and_floats_read_as_typed(saved_book, project, tmp_path) -> None:
    def change(sheet) -> None:
        sheet["B3"] = "172"  # '172: a number kept as text, which the spreadsheet's SUM leaves out
        sheet["C3"] = 5.0

    as_workbook(project, saved_book)
    edited(project, tmp_path, change)
    # 172 is read; the «Cộng» row the spreadsheet summed without it is caught.
    (finding,) = [f for f in findings_of(project) if f.place.field == "tong_so_ho"]
    assert finding.code == "T001" and finding.place.sheet_cell == "B14"
    assert "2.709" in finding.message and "2.881" in finding.message


def test_headers_may_be_the_descriptions(saved_book, project, tmp_path) -> None:
    def change(sheet) -> None:
        sheet["A2"], sheet["B2"], sheet["D2"] = "Tên đơn vị (tiểu khu)", "Tổng số hộ", "Tỷ lệ hộ nghèo (%)"

    as_workbook(project, saved_book)
    edited(project, tmp_path, change)
    assert findings_of(project) == []


# ---------------------------------------------------------------- the cell reader


decimals_st = st.integers(min_value=0, max_value=6)


@given(st.integers(min_value=-(10**9), max_value=10**9), decimals_st)
def test_a_typed_number_reads_back_at_its_displayed_decimals(units: int, decimals: int) -> None:
    exact = Decimal(units).scaleb(-decimals)
    fmt = "0" if decimals == 0 else "0." + "0" * decimals
    assert Decimal(number_text(float(exact), fmt, formula=False)) == exact
    assert len(number_text(float(exact), fmt, formula=False).partition(".")[2]) == decimals


@given(
    st.integers(min_value=1, max_value=10**7),
    decimals_st,
    st.integers(min_value=-4, max_value=4),
    st.sampled_from(["General", "fixed"]),
)
def test_binary_noise_of_a_formula_is_never_a_new_figure(units: int, decimals: int, ulps: int, shown: str) -> None:
    import math

    exact = Decimal(units).scaleb(-decimals)
    noisy = float(exact)
    for _ in range(abs(ulps)):
        noisy = math.nextafter(noisy, math.inf if ulps > 0 else -math.inf)
    fmt = "General" if shown == "General" else "0." + "0" * decimals if decimals else "0"
    assert Decimal(number_text(noisy, fmt, formula=True)) == exact


@pytest.mark.parametrize(
    ("value", "text"), [(0.1 + 0.2, "0.3"), (1.2099999999999, "1.21"), (35.0, "35"), (2.9069767441860463, "2.906976744")]
)
def test_noise_in_a_general_cell(value: float, text: str) -> None:
    assert number_text(value, "General", formula=True) == text
    assert number_text(value, "General", formula=False) == text


@given(st.integers(min_value=1, max_value=10**6), st.integers(min_value=1, max_value=10**6), decimals_st)
def test_a_formula_rate_reads_as_shown(part: int, whole: int, decimals: int) -> None:
    from vanban.engine.numbers import round_half_up

    value = part / whole * 100  # what a spreadsheet computes and caches
    fmt = "0" if decimals == 0 else "0." + "0" * decimals
    shown = Decimal(number_text(value, fmt, formula=True))
    assert shown == round_half_up(Decimal(f"{value:.15g}"), decimals)
    assert abs(shown - Decimal(part) * 100 / Decimal(whole)) <= Decimal(1).scaleb(-decimals) / 2 + Decimal("1e-9")


@given(st.integers(min_value=1, max_value=10**6), st.integers(min_value=1, max_value=9))
def test_a_constant_hiding_digits_is_refused(units: int, hidden: int) -> None:
    value = units + hidden / 10  # 35,4 in a cell shown without decimals
    with pytest.raises(CellError) as caught:
        number_text(value, "#,##0", formula=False)
    assert caught.value.code == "C033"


@pytest.mark.parametrize(
    ("fmt", "expected"),
    [
        ("General", (None, False)),
        ("0", (0, False)),
        ("#,##0", (0, False)),
        ("0.00", (2, False)),
        ("#,##0.0_);(#,##0.0)", (1, False)),
        ("0.00%", (2, True)),
        ('0.0" %"', (1, False)),
        ("[Red]0.000", (3, False)),
        ("0.00E+00", (None, False)),
        ("@", (None, False)),
    ],
)
def test_displayed_decimals(fmt: str, expected) -> None:
    assert displayed_decimals(fmt) == expected


def test_a_percent_format_reads_the_percentage_shown() -> None:
    assert number_text(0.0121, "0.00%", formula=False) == "1.21"


@given(st.one_of(st.none(), st.text(max_size=50), st.integers(), st.floats(allow_nan=False, allow_infinity=False), st.booleans()))
def test_the_cell_reader_answers_text_or_a_cell_error(value) -> None:
    for fmt in ("General", "0.00", "0%", "#,##0"):
        for formula in (False, True):
            try:
                assert isinstance(cell_text(value, fmt, formula=formula), str)
            except CellError as exc:
                assert exc.code.startswith("C0") and exc.reason


# ---------------------------------------------------------------- review: git diff, diff, redline, new-year --excel


def test_git_diff_shows_a_workbooks_cells_and_diff_compares_its_revisions(
    saved_book: Path, project: Project, tmp_path: Path
) -> None:
    from vanban.review.compare import compare_revision

    from .test_review import git

    as_workbook(project, saved_book)
    shutil.copy(Path(__file__).resolve().parents[1] / ".gitattributes", project.root / ".gitattributes")
    git(project.root, "init", "-q")
    git(project.root, "add", ".")
    git(project.root, "commit", "-qm", "2024")
    assert cli.setup_git(project.root) == 0
    edited(project, tmp_path, lambda s: s.cell(4, 5, 2))  # Tiểu khu 2: a decrease of 2, not 1
    shown = git(project.root, "diff")
    assert "Binary files" not in shown
    assert "-4: | Tiểu khu 2 | 182 | 2 |" in shown and "| 1 | =C4-E4 → 1 |" in shown
    assert "+4: | Tiểu khu 2 | 182 | 2 |" in shown and "| 2 | =C4-E4 → 0 |" in shown
    review = compare_revision(project, 2024, "HEAD", tmp_path / "rev")
    unit = next(u for u in review.diff.units if u.name == "Tiểu khu 2")
    assert {f.label: f.change for f in unit.figures}["Dự kiến giảm"] == "+1"


def test_new_year_excel_carries_into_a_workbook_and_diff_compares_the_years(saved_book: Path, project: Project) -> None:
    as_workbook(project, saved_book)
    assert cli.new_year(project.root, "2025", excel=True) == 0
    book = openpyxl.load_workbook(project.root / "data/2025/so-lieu.xlsx")
    sheet = book["don_vi"]
    assert sheet["A4"].value == "Tiểu khu 1" and sheet["C4"].value == 3 and sheet["E4"].value is None  # 5 − 2 carried
    assert sheet["D4"].value.startswith("=IF(") and not (project.root / "data/2025/don_vi.csv").exists()
    # The officer decides Tiểu khu 1's decrease (2 a year earlier: 3 from 1) and saves in LibreOffice.
    sheet["E4"] = 1
    raw = project.root.parent / "raw" / "so-lieu.xlsx"
    raw.parent.mkdir()
    book.save(raw)
    shutil.copyfile(calc_saved(raw, project.root.parent / "calc"), project.root / "data/2025/so-lieu.xlsx")
    assert cli.diff(project.root, year_to="2025") == 0
    from vanban.review.compare import compare_years

    review = compare_years(project, 2024, 2025)
    unit = next(u for u in review.diff.units if u.name == "Tiểu khu 1")
    figures = {f.label: (f.old, f.new, f.change) for f in unit.figures}
    assert figures["Dự kiến giảm"] == ("2", "1", "−1") and figures["Hộ nghèo"] == ("5", "3", "−2")
    redline = project.build_dir(2025) / "ke-hoach-giam-ngheo-2025-so-voi-2024.docx"
    with zipfile.ZipFile(redline) as archive:
        xml = archive.read("word/document.xml").decode("utf-8")
    assert "<w:ins " in xml and "<w:del " in xml


def test_the_new_years_sheet_shows_rates_with_the_decimals_the_plan_states(project: Project, tmp_path: Path) -> None:
    """A commune that states its rates with one decimal gets a workbook whose rate cells show one decimal, read
    back (after LibreOffice computes them) as one-decimal rates."""
    from decimal import ROUND_HALF_UP

    path = project.root / UNITS
    rows = list(csv.reader(path.open(encoding="utf-8")))
    for row in rows[1:]:
        row[3] = str((Decimal(row[2]) * 100 / Decimal(row[1])).quantize(Decimal("0.1"), ROUND_HALF_UP))
    with path.open("w", encoding="utf-8", newline="") as out:
        csv.writer(out, lineterminator="\n").writerows(rows)
    assert [f for f in findings_of(project) if f.severity == "error"] == []
    assert cli.new_year(project.root, "2025", excel=True) == 0
    book = project.root / "data/2025/so-lieu.xlsx"
    sheet = openpyxl.load_workbook(book)["don_vi"]
    assert sheet["D4"].number_format == "0.0" and sheet["B4"].number_format == "#,##0"
    saved = calc_saved(book, tmp_path / "calc")
    assert openpyxl.load_workbook(saved, data_only=True)["don_vi"]["D4"].value == pytest.approx(
        3 * 100 / 172
    )  # carried: 3 of 172
    shutil.copyfile(saved, book)
    from vanban.pipeline import load

    valid = load(project, 2025)
    assert {r.values["ty_le_ho_ngheo"].decimals for r in valid.tables["don_vi"].rows} == {1}
    assert valid.tables["don_vi"].rows[0].values["ty_le_ho_ngheo"].value == Decimal("1.7")


def _new_report_in_the_plans_workbook(project: Project, saved_book: Path) -> Path:
    as_workbook(project, saved_book)
    (project.root / "data/2024/ket_qua.csv").unlink()
    (project.root / "plans/2024-bao-cao.yaml").unlink()
    return project.root / BOOK


def test_new_report_excel_adds_its_sheet_to_the_plans_workbook_which_still_builds_the_same(
    saved_book: Path, tmp_path: Path, capsys
) -> None:
    project = copy_project(tmp_path / "p")
    book = _new_report_in_the_plans_workbook(project, saved_book)
    before = build(project, 2024)
    assert before.written
    plan_bytes = before.output.read_bytes()
    capsys.readouterr()
    assert cli.new(project.root, "2024", kind="bao-cao", excel=True) == 0
    out = capsys.readouterr().out
    assert (
        "plans/2024-bao-cao.yaml: đã tạo.\ndata/2024/so-lieu.xlsx: đã thêm trang «ket_qua»; các trang đã có giữ nguyên.\n" in out
    )
    assert "(data/2024/so-lieu.xlsx[don_vi])" in out and not (project.root / "data/2024/ket_qua.csv").exists()
    assert "data/2024/so-lieu.xlsx[ket_qua]" in (project.root / "plans/2024-bao-cao.yaml").read_text(encoding="utf-8")
    opened = openpyxl.load_workbook(book)
    assert opened.sheetnames == ["don_vi", "ket_qua"]
    sheet = opened["ket_qua"]
    assert [c.value for c in sheet[3]][:3] == ["Tên đơn vị (tiểu khu)", "Tổng số hộ cuối kỳ", "Hộ nghèo đầu năm"]
    assert [c.value for c in sheet[4]][:5] == ["Tiểu khu 1", 172, 5, None, None]  # the plan's units and starts
    assert sheet["F4"].value.startswith("=IF(") and sheet["G4"].number_format == "0.00"  # the plan's two decimals
    # The plan's sheet kept as it was, with its computed values: the plan checks and builds the same document.
    assert run_checks(project, 2024).findings == []
    again = build(project, 2024)
    assert again.output.read_bytes() == plan_bytes
    # The officer fills the actuals and saves in LibreOffice; the report checks clean once its context is dated.
    for line in range(4, sheet.max_row):
        if sheet.cell(line, 1).value:
            sheet.cell(line, 4, 1)
            sheet.cell(line, 5, 0)
    raw = tmp_path / "filled" / "so-lieu.xlsx"
    raw.parent.mkdir()
    opened.save(raw)
    shutil.copyfile(calc_saved(raw, tmp_path / "calc"), book)
    computed = openpyxl.load_workbook(book, data_only=True)["ket_qua"]
    assert computed["F4"].value == 4 and round(computed["G4"].value, 2) == 2.33
    findings = run_checks(project, 2024, "bao-cao").findings
    assert findings and {f.code for f in findings} == {"P001"} and all("bao-cao" in f.place.file for f in findings)
    assert run_checks(project, 2024).findings == []
    # Never overwritten: the sheet is there.
    (project.root / "plans/2024-bao-cao.yaml").unlink()
    capsys.readouterr()
    assert cli.new(project.root, "2024", kind="bao-cao", excel=True) == 2
    err = capsys.readouterr().err
    assert "data/2024/so-lieu.xlsx: A009" in err and "đã có trang «ket_qua»" in err


def test_new_report_excel_gives_the_communes_own_report_table_a_sheet(saved_book: Path, project: Project) -> None:
    book = _new_report_in_the_plans_workbook(project, saved_book)
    project.commune_declaration_for("bao-cao").write_text(
        "bang:\n  ho_tro:\n    tep: ho_tro.csv\n    mo_ta: Hộ nghèo được hỗ trợ\n    ten_dong: chính sách\n"
        "    cot_ten: chinh_sach\n    cot:\n      chinh_sach: {kieu: chu, mo_ta: Chính sách hỗ trợ}\n"
        "      so_ho: {kieu: so, mo_ta: Số hộ được hỗ trợ, cong: true}\n",
        encoding="utf-8",
    )
    assert cli.new(project.root, "2024", kind="bao-cao", excel=True) == 0
    opened = openpyxl.load_workbook(book)
    assert opened.sheetnames == ["don_vi", "ket_qua", "ho_tro"]
    assert [c.value for c in opened["ho_tro"][3]] == ["Chính sách hỗ trợ", "Số hộ được hỗ trợ"]


def test_new_report_excel_never_rewrites_a_workbook_it_would_damage(
    saved_book: Path, project: Project, tmp_path: Path, capsys
) -> None:
    from openpyxl.chart import BarChart, Reference

    book = _new_report_in_the_plans_workbook(project, saved_book)

    def with_chart(sheet) -> None:  # the officer's own chart, which openpyxl would not write back
        chart = BarChart()
        chart.add_data(Reference(sheet, min_col=2, min_row=2, max_row=5))
        sheet.add_chart(chart, "J2")

    edited(project, tmp_path, with_chart)
    assert run_checks(project, 2024).findings == []
    kept = book.read_bytes()
    capsys.readouterr()
    assert cli.new(project.root, "2024", kind="bao-cao", excel=True) == 2
    err = capsys.readouterr().err
    assert "data/2024/so-lieu.xlsx: A009" in err and "biểu đồ" in err and "không có --excel" in err
    assert book.read_bytes() == kept and not (project.root / "plans/2024-bao-cao.yaml").exists()
    # Without --excel the report's table is a CSV beside the workbook.
    assert cli.new(project.root, "2024", kind="bao-cao") == 0
    assert (project.root / "data/2024/ket_qua.csv").is_file() and book.read_bytes() == kept


def test_a_report_kept_as_a_sheet_is_what_the_next_year_starts_from(project: Project, capsys) -> None:
    """The year-end results in the ``ket_qua`` sheet (constants, as typed) count as the report's table: new-year
    starts from the actual year-end (Tiểu khu 3: 641 households, not the plan's 638) and says where it read it."""
    results = project.root / "data/2024/ket_qua.csv"
    rows = list(csv.reader(results.open(encoding="utf-8")))
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "ket_qua"
    sheet.append(rows[0])
    for row in rows[1:]:
        sheet.append([int(c) if c.isdigit() else float(c) if c.replace(".", "", 1).isdigit() else c for c in row])
    for cells in sheet.iter_rows(min_row=2):
        for cell in cells:
            if isinstance(cell.value, float):
                cell.number_format = "0.00"
    book.save(project.root / BOOK)
    results.unlink()
    assert run_checks(project, 2024, "bao-cao").findings == []
    capsys.readouterr()
    assert cli.new_year(project.root, "2025") == 0
    assert "cuối năm 2024 (data/2024/so-lieu.xlsx[ket_qua])" in capsys.readouterr().out
    units = {r[0]: r for r in csv.reader((project.root / "data/2025/don_vi.csv").open(encoding="utf-8"))}
    assert units["Tiểu khu 3"][1:3] == ["641", "3"]


# ---------------------------------------------------------------- limits


@pytest.mark.parametrize(
    ("limit", "value", "says"),
    [
        ("MAX_UNPACKED_BYTES", 1000, "giải nén"),
        ("MAX_PARTS", 3, "thành phần"),
        ("MAX_SHEETS", 0, "trang"),
        ("MAX_WORKBOOK_BYTES", 100, "MB"),
    ],
)
def test_a_workbook_past_a_limit_is_refused_before_it_is_read(saved_book, project, monkeypatch, limit, value, says) -> None:
    from vanban.engine import sheets

    as_workbook(project, saved_book)
    monkeypatch.setattr(sheets, limit, value)
    (finding,) = findings_of(project)
    assert finding.code == "C030" and says in finding.message and finding.place.file == BOOK


def test_a_damaged_workbook_is_refused(project) -> None:
    (project.root / BOOK).write_bytes(b"PK\x03\x04 not really a zip")
    (finding,) = [f for f in findings_of(project) if f.code == "C030"]
    assert "Excel Workbook" in finding.message
