"""The results report (bao-cao): built from the invented 2024 actuals, checked against the plan, read back."""

from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path

import pytest
from docx import Document

from vanban.commands import cli
from vanban.kinds.registry import shipped
from vanban.lint import lint
from vanban.pipeline import build, run_checks
from vanban.project import Project

from .builders import set_cells
from .conftest import copy_project, edit
from .ooxml import assert_valid_docx

REPORT = shipped("bao-cao")
YEAR_END, HALF_YEAR = REPORT.periods


def build_report(project: Project, year: int, period, *, draft: bool = False):
    return build(project, year, draft=draft, kind="bao-cao", period=period)


def check_report(project: Project, year: int, period):
    return run_checks(project, year, "bao-cao", period)


def cells(table) -> list[list[str]]:
    return [[c.text for c in row.cells] for row in table.rows]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = copy_project(tmp_path_factory.mktemp("report") / "project")
    result = build_report(project, 2024, YEAR_END)
    assert result.written and result.findings == []
    return result.output


def test_the_2024_report_is_clean_and_lands_where_the_project_says(built: Path):
    assert built.name == "bao-cao-ket-qua-giam-ngheo-2024.docx"
    assert built.parent.name == "2024"


def test_report_reads_back(built: Path):
    document = Document(str(built))
    texts = [p.text for p in document.paragraphs]
    assert "BÁO CÁO" in texts
    # The trích yếu may carry a line break so that no lone word ends it (issue 21): read as one line.
    assert "Kết quả thực hiện kế hoạch giảm nghèo năm 2024 trên địa bàn thị trấn Hà Trung" in [" ".join(t.split()) for t in texts]
    assert "I. KẾT QUẢ THỰC HIỆN" in texts and "III. NHIỆM VỤ, GIẢI PHÁP NĂM 2025" in texts
    assert any("cuối năm còn 21 hộ nghèo, tỷ lệ 0,73\u00a0%, giảm 0,48 điểm phần trăm so với đầu năm" in t for t in texts)
    assert any("thực hiện giảm 14 hộ, đạt 107,69\u00a0% kế hoạch" in t for t in texts)
    header_cells = [p.text for t in document.tables[:1] for c in t._cells for p in c.paragraphs]
    assert "Số: \u00a0\u00a0\u00a0\u00a0\u00a0\u00a0/BC-UBND" in header_cells
    assert "Hà Trung, ngày 20 tháng 12 năm 2024" in header_cells
    flows, near, compared = document.tables[1], document.tables[2], document.tables[3]
    assert cells(flows)[0][6] == "Hộ nghèo cuối năm 2024"
    assert cells(flows)[2] == ["2", "Tiểu khu 2", "182", "2", "1", "0", "1", "0,55"]
    assert cells(flows)[-1] == ["Cộng", "Cộng", "2.887", "35", "16", "2", "21", "0,73"]
    assert cells(near)[-1] == ["Cộng", "Cộng", "82", "18", "10", "5", "79", "2,74"]
    rows = cells(compared)
    assert rows[0][-1] == "Đạt (% kế hoạch)"
    assert ["5", "Tiểu khu 5", "2", "1", "2", "0", "0,00"] in rows  # planned 1, achieved none
    assert ["10", "TK Trang Các", "4", "1", "2", "2", "200,00"] in rows
    assert rows[-1] == ["Cộng", "Cộng", "35", "13", "21", "14", "107,69"]
    signature = [p.text for c in document.tables[-1]._cells for p in c.paragraphs]
    assert "- Lưu: VT, LĐTBXH." in signature and "Nguyễn Văn A" in signature


def test_report_embeds_the_chart(built: Path):
    with zipfile.ZipFile(built) as archive:
        media = [n for n in archive.namelist() if n.startswith("word/media/")]
        assert len(media) == 1 and media[0].endswith(".png")
        png = archive.read(media[0])
        assert png[:8] == b"\x89PNG\r\n\x1a\n"
        assert b"Software" not in png and b"tIME" not in png  # nothing that changes from run to run
        assert b"<w:drawing>" in archive.read("word/document.xml")


def test_report_passes_the_decree_30_linter(built: Path):
    assert lint(built, "bao-cao.docx") == []


def test_report_is_valid_word(built: Path):
    assert_valid_docx(built)


def test_same_inputs_same_bytes(built: Path, tmp_path: Path):
    again = build_report(copy_project(tmp_path / "again"), 2024, YEAR_END)
    assert again.output.read_bytes() == built.read_bytes()


def test_six_month_review(project: Project):
    result = build_report(project, 2024, HALF_YEAR)
    assert result.written and result.findings == []
    assert result.output.name == "bao-cao-so-ket-6-thang-giam-ngheo-2024.docx"
    document = Document(str(result.output))
    texts = [p.text for p in document.paragraphs]
    assert "Sơ kết 6 tháng đầu năm 2024 thực hiện kế hoạch giảm nghèo trên địa bàn thị trấn Hà Trung" in texts
    assert any("đã giảm 3 hộ, đạt 23,08\u00a0% kế hoạch năm" in t for t in texts)
    compared = cells(document.tables[1])
    assert compared[0][4] == "Hộ nghèo đến 30/6/2024"
    assert compared[-1] == ["Cộng", "Cộng", "35", "13", "32", "3", "23,08"]
    assert lint(result.output, "6-thang.docx") == []
    assert_valid_docx(result.output)


# ---------------------------------------------------------------- errors name the unit


def test_broken_flow_is_an_error_naming_the_unit(project: Project, capsys):
    set_cells(project.table_file(2024, "ket_qua"), "Tiểu khu 3", ho_ngheo_cuoi_nam="2", ty_le_ho_ngheo_cuoi_nam="0.31")
    assert cli.build(project.root, "2024", kind="bao-cao") == 1
    err = capsys.readouterr().err
    assert (
        "data/2024/ket_qua.csv:4:6: I001 [lỗi] (đơn vị «Tiểu khu 3», trường «ho_ngheo_cuoi_nam») hộ nghèo cuối kỳ ghi 2 "
        "nhưng 5 − 3 + 1 = 3." in err
    )
    # The rate is checked against the year-end the flow gives, not the one typed.
    assert "Tỷ lệ hộ nghèo cuối kỳ ghi 0,31\u00a0% nhưng 3 / 641 = 0,47\u00a0%." in err
    assert not REPORT.output_file(project, 2024, YEAR_END).exists()  # nothing half-written


def test_start_that_contradicts_the_plan_names_the_unit_and_both_files(project: Project, capsys):
    edit(project.table_file(2024, "ket_qua"), "TK Tương Lạc,205,6,3,0,3", "TK Tương Lạc,205,7,4,0,3")
    assert cli.check(project.root, "2024", kind="bao-cao") == 1
    out = capsys.readouterr().out
    assert (
        "data/2024/ket_qua.csv:8:3: X003 [lỗi] (đơn vị «TK Tương Lạc», trường «ho_ngheo_dau_nam») hộ nghèo đầu năm của "
        "«TK Tương Lạc» ghi 7 trong data/2024/ket_qua.csv nhưng kế hoạch năm 2024 ghi 6 (data/2024/don_vi.csv:8, cột ho_ngheo)."
    ) in out
    # The town's stated figures no longer hold either, and say so with their numbers.
    assert "I001 [lỗi] (trường «giam_ho_ngheo») Số hộ nghèo đã giảm ghi 14 nhưng 36 − 21 = 15." in out
    assert (
        "R001 [lỗi] (trường «ty_le_dat_ke_hoach») Tỷ lệ đạt kế hoạch giảm hộ nghèo ghi 107,69\u00a0% nhưng 15 / 13 = 115,38\u00a0%"
        in out
    )


def test_units_of_report_and_plan_must_match(project: Project):
    edit(project.table_file(2024, "ket_qua"), "TK Phong Vận,", "TK Phong Van,")
    findings = check_report(project, 2024, YEAR_END).findings
    x004 = [f for f in findings if f.code == "X004"]
    assert {f.place.unit for f in x004} == {"TK Phong Van", "TK Phong Vận"}
    assert {f.place.file for f in x004} == {"data/2024/ket_qua.csv", "data/2024/don_vi.csv"}


def test_stated_figures_are_proved(project: Project):
    context = project.plans_dir / "2024-bao-cao.yaml"
    edit(context, 'ty_le_dat_ke_hoach: "107,69"', 'ty_le_dat_ke_hoach: "107,70"')
    edit(context, 'ty_le_ho_ngheo_cuoi_nam: "0,73"', 'ty_le_ho_ngheo_cuoi_nam: "0,72"')
    edit(context, "giam_ho_ngheo: 14", "giam_ho_ngheo: 13")
    table = project.table_file(2024, "ket_qua")
    edit(table, "TK Trang Các,221,4,2,0,2,0.90,", "TK Trang Các,221,4,2,0,2,0.9,")
    table.write_text(table.read_text(encoding="utf-8") + "Cộng,2887,35,16,2,22,,,,,,,\n", encoding="utf-8")
    findings = check_report(project, 2024, YEAR_END).findings
    rates = {f.place.field: f.message for f in findings if f.code == "R001"}
    assert rates["ty_le_dat_ke_hoach"] == "Tỷ lệ đạt kế hoạch giảm hộ nghèo ghi 107,70\u00a0% nhưng 14 / 13 = 107,69\u00a0%."
    assert "21 / 2.887 = 0,73" in rates["ty_le_ho_ngheo_cuoi_nam"]
    assert [f.message for f in findings if f.code == "I001"] == ["Số hộ nghèo đã giảm ghi 13 nhưng 35 − 21 = 14."]
    assert [f.message for f in findings if f.code == "T001"] == [
        "dòng «Cộng» ghi 22 nhưng các dòng trên cộng lại là 21 (= 35 − 16 + 2)."
    ]
    # A rate written with one decimal is checked at one decimal: 0,9 for 2 / 221 = 0,905 is right.
    assert not any(f.place.unit == "TK Trang Các" for f in findings)


def test_findings_as_json(project: Project, capsys):
    set_cells(project.table_file(2024, "ket_qua"), "Tiểu khu 1", ty_le_ho_ngheo_cuoi_nam="1.75")
    assert cli.check(project.root, "2024", output_format="json", kind="bao-cao") == 1
    (finding,) = json.loads(capsys.readouterr().out)
    assert finding["code"] == "R001" and finding["place"]["unit"] == "Tiểu khu 1"
    assert finding["place"] == {
        "file": "data/2024/ket_qua.csv",
        "line": 2,
        "column": 7,
        "field": "ty_le_ho_ngheo_cuoi_nam",
        "unit": "Tiểu khu 1",
    }


def test_unit_with_no_planned_decrease_shows_a_dash(project: Project):
    set_cells(project.units_file(2024), "Tiểu khu 2", giam_du_kien="0", ho_ngheo_cuoi_nam="2")
    edit(project.plans_dir / "2024-bao-cao.yaml", '  ty_le_dat_ke_hoach: "107,69"\n', "")
    result = build_report(project, 2024, YEAR_END)
    assert result.written, result.findings
    rows = cells(Document(str(result.output)).tables[3])
    assert ["2", "Tiểu khu 2", "2", "0", "1", "1", "—"] in rows
    assert rows[-1] == ["Cộng", "Cộng", "35", "12", "21", "14", "116,67"]


def test_bad_input_is_named_never_a_traceback(project: Project, capsys):
    set_cells(project.table_file(2024, "ket_qua"), "Tiểu khu 2", ho_ngheo_dau_nam="hai")
    edit(project.table_file(2024, "ket_qua"), "ty_le_ho_can_ngheo_cuoi_nam", "ty_le_ho_can_ngheo_cuoi_nam,thoat_ngheoo")
    edit(project.plans_dir / "2024-bao-cao.yaml", "  - bieu_do: so_sanh", "  - bieu_do: so_sanhh")
    assert cli.build(project.root, "2024", kind="bao-cao") == 2
    err = capsys.readouterr().err
    assert "data/2024/ket_qua.csv:1:14: C010 [lỗi] (trường «thoat_ngheoo») cột «thoat_ngheoo» không có trong mẫu." in err
    assert "biểu đồ «so_sanhh» không có; chỉ có biểu đồ «so_sanh»" in err and "Có phải ý bạn là «so_sanh»?" in err
    assert "Traceback" not in err


def test_kind_and_period_arguments(project: Project, capsys):
    assert cli.build(project.root, "2024", kind="bao-cao", ky="quy-3") == 2
    assert "A011" in capsys.readouterr().err
    assert cli.build(project.root, "2024", kind="bien-ban") == 2
    assert "«bao-cao» (báo cáo kết quả)" in capsys.readouterr().err
    assert cli.build(project.root, "2024", ky="6-thang") == 2  # --ky belongs to the report
    assert cli.build(project.root, "2024") == 0  # the plan, as before
    assert project.output_file(2024).exists()


def test_report_needs_its_plan(project: Project, capsys):
    (project.plans_dir / "2024.yaml").rename(project.plans_dir / "2023.yaml")
    assert cli.check(project.root, "2023", kind="bao-cao") == 2
    err = capsys.readouterr().err
    assert "plans/2023-bao-cao.yaml: F001" in err


# ---------------------------------------------------------------- plan -> report -> next plan


def fill_2025_targets(project: Project) -> None:
    """What the drafter still fills after new-year: dates, this year's decisions, the targets."""
    plan = project.plan_file(2025)
    citation = iter(["05/QĐ-UBND", "50-NQ/ĐU", "60/NQ-HĐND"])
    lines = []
    for line in plan.read_text(encoding="utf-8").splitlines(keepends=True):
        if line.startswith("  ngay:") and "cần điền" in line:
            line = "  ngay: 2025-01-06\n"
        elif line.startswith("    so:") and "cần điền" in line:
            line = f"    so: {next(citation)}\n"
        elif line.startswith("    ngay:") and "cần điền" in line:
            line = "    ngay: 2024-12-27\n"
        lines.append(line)
    plan.write_text("".join(lines), encoding="utf-8")
    table = project.units_file(2025)
    rows = table.read_text(encoding="utf-8").splitlines()
    filled = [rows[0]]
    for row in rows[1:]:
        cells_ = row.split(",")
        cells_[4] = str(min(1, int(cells_[2])))
        filled.append(",".join(cells_))
    table.write_text("\n".join(filled) + "\n", encoding="utf-8")
    given = sum(int(row.split(",")[4]) for row in filled[1:])  # the target handed down, handed out in full
    plan.write_text(
        re.sub(r"  chi_tieu_giao: *# cần điền", f"  chi_tieu_giao: {given}", plan.read_text(encoding="utf-8")), encoding="utf-8"
    )


def test_plan_report_next_plan_loop(project: Project, capsys):
    assert build(project, 2024).written  # January: the plan
    assert build_report(project, 2024, HALF_YEAR).written  # June: the review
    assert build_report(project, 2024, YEAR_END).written  # December: the results
    assert cli.new_year(project.root, "2025") == 0  # next January starts from them
    out = capsys.readouterr().out
    assert "lấy theo kết quả thực hiện cuối năm 2024 (data/2024/ket_qua.csv)" in out
    rows = project.units_file(2025).read_text(encoding="utf-8").splitlines()
    assert rows[3] == "Tiểu khu 3,641,3,,,,Nguyễn Thị Liễu"  # actual households and year-end, not the plan's 638 and 3
    assert rows[7] == "TK Tương Lạc,205,3,,,,Dương Văn Thái"  # the plan expected 4; the unit did better
    text = project.plan_file(2025).read_text(encoding="utf-8")
    for line in (
        "ho_ngheo_dau_ky: 35",
        "ho_ngheo_thoat_ngheo: 16",
        "ho_ngheo_phat_sinh: 2",
        "ho_ngheo_khong_kha_nang_lao_dong: 11",
        "ho_can_ngheo: 79",
        "tong_so_ho: 2887",
        # The report's detail, as the poverty software counts it: one death is a decrease, not an escape.
        "ho_ngheo_giam_khac: 1",
        "ho_ngheo_tai_ngheo: 1",
        "ho_ngheo_phat_sinh_moi: 1",
    ):
        assert line in text
    fill_2025_targets(project)
    checked = run_checks(project, 2025)
    # Each unit starts where the report says 2024 ended: nothing to warn about, though targets were missed or beaten.
    assert checked.findings == []
    result = build(project, 2025)
    assert result.written
    texts = [p.text for p in Document(str(result.output)).paragraphs]
    assert any(
        "Đã giảm được 16 hộ nghèo và tăng 2 hộ nghèo nên tổng số hộ nghèo năm 2024 là 21 hộ, tỷ lệ 0,73\u00a0%." in t
        for t in texts
    )


def test_new_year_without_a_report_starts_from_the_plan(project: Project, capsys):
    for path in project.plans_dir.glob("2024-bao-cao*.yaml"):
        path.unlink()
    assert cli.new_year(project.root, "2025") == 0
    assert "theo số dự kiến cuối năm trong kế hoạch năm 2024 (chưa có báo cáo kết quả năm 2024)" in capsys.readouterr().out


def test_new_year_refuses_a_wrong_report(project: Project, capsys):
    set_cells(project.table_file(2024, "ket_qua"), "Tiểu khu 3", ho_ngheo_cuoi_nam="2", ty_le_ho_ngheo_cuoi_nam="0.31")
    assert cli.new_year(project.root, "2025") == 2
    err = capsys.readouterr().err
    assert "I001" in err and "A013" in err
    assert not project.plan_file(2025).exists()


def test_report_diff_between_years_and_its_redline(project: Project, capsys):
    """Next year's report against this year's: figures per unit, the text, and the Word redline."""
    import shutil

    from vanban.docx.redline import accepted

    # 2025: a plan from the 2024 report, its targets filled, and a report of its own.
    assert cli.new_year(project.root, "2025") == 0
    fill_2025_targets(project)
    shutil.copy(project.plans_dir / "2024-bao-cao.yaml", project.plans_dir / "2025-bao-cao.yaml")
    edit(project.plans_dir / "2025-bao-cao.yaml", "nam: 2024", "nam: 2025")
    context = (project.plans_dir / "2025-bao-cao.yaml").read_text(encoding="utf-8")
    context = (
        context.split("so_lieu:")[0]
        + "so_lieu:\n  so_khau: 11060\n  ho_ngheo_khong_kha_nang_lao_dong: 9\n\nnoi_dung:"
        + context.split("noi_dung:")[1]
    )
    # No near-poor and no detailed flow columns in 2025's table: the sentences and table about them go (a final
    # document never prints "…" for a figure its data lacks: P001).
    context = "".join(
        line
        for line in context.splitlines(keepends=True)
        if not any(
            k in line for k in ("ho_can_ngheo_dau_nam", "ket_qua_can_ngheo", "Hộ cận nghèo của từng", "${giam_thanh_can_ngheo}")
        )
    )
    (project.plans_dir / "2025-bao-cao.yaml").write_text(context.replace("02/KH-UBND", "03/KH-UBND"), encoding="utf-8")
    rows = ["don_vi,tong_so_ho,ho_ngheo_dau_nam,thoat_ngheo,phat_sinh,ho_ngheo_cuoi_nam,ty_le_ho_ngheo_cuoi_nam"]
    for line in project.units_file(2025).read_text(encoding="utf-8").splitlines()[1:]:
        name, households, poor, *_ = line.split(",")
        rows.append(f"{name},{households},{poor},{min(1, int(poor))},0,,")
    project.table_file(2025, "ket_qua").write_text("\n".join(rows) + "\n", encoding="utf-8")
    assert cli.check(project.root, "2025", kind="bao-cao") == 0, capsys.readouterr()
    capsys.readouterr()
    assert cli.diff(project.root, year_to="2025", kind="bao-cao") == 0
    out = capsys.readouterr().out
    assert "So sánh báo cáo 2025 với 2024" in out
    assert re.search(r"Hộ nghèo đầu năm +35 +21 +−14\n", out)
    assert "sửa: kh_giam_ngheo: Kế hoạch số [-02-]{+03+}/KH-UBND ngày 04/01/2024" in out
    assert "bỏ: [-Hộ cận nghèo của từng tiểu khu:-]" in out
    redlined = project.build_dir(2025) / "bao-cao-ket-qua-giam-ngheo-2025-so-voi-2024.docx"
    assert (project.root / "build" / "diff" / "bao-cao-2024-2025.md").exists()
    mine = build_report(project, 2025, YEAR_END)
    assert mine.written, mine.findings
    assert accepted(redlined.read_bytes()) == accepted(mine.output.read_bytes())


def test_detailed_flows_as_the_national_software_exports_them(project: Project):
    """Optional giam_*/tang_* columns (the shipped example has them): they add up to the decrease and increase."""
    table = project.table_file(2024, "ket_qua")
    assert check_report(project, 2024, YEAR_END).findings == []
    edit(
        table,
        "TK Thượng Quý,252,4,2,1,3,1.19,9,2,1,0,8,3.17,1,1,0,0,1,0,0",
        "TK Thượng Quý,252,4,2,1,3,1.19,9,2,1,0,8,3.17,1,0,0,0,1,1,0",
    )
    findings = check_report(project, 2024, YEAR_END).findings
    assert [(f.code, f.place.unit, f.place.field, f.message) for f in findings] == [
        ("I002", "TK Thượng Quý", "thoat_ngheo", "hộ nghèo giảm trong kỳ ghi 2 nhưng các cột chi tiết cộng lại 1 + 0 + 0 = 1."),
        (
            "I002",
            "TK Thượng Quý",
            "phat_sinh",
            "hộ nghèo tăng trong kỳ ghi 1 nhưng các cột chi tiết cộng lại 1 + 1 + 0 + 0 = 2.",
        ),
    ]


NEAR_POOR_DETAIL = ("can_ngheo_giam_vuot_chuan", "can_ngheo_giam_khac", "can_ngheo_tang_phat_sinh_moi", "can_ngheo_tang_khac")


def add_near_poor_detail(project: Project) -> None:
    """The shipped 2024 results with the near-poor detail columns too, adding up: none of its near-poor became
    poor, so each decrease rose above the line except one death in Tiểu khu 3; each increase is new."""
    table = project.table_file(2024, "ket_qua")
    lines = table.read_text(encoding="utf-8").splitlines()
    header = lines[0].split(",")
    out = [",".join([*header, *NEAR_POOR_DETAIL])]
    for line in lines[1:]:
        row = dict(zip(header, line.split(","), strict=True))
        died = 1 if row["don_vi"] == "Tiểu khu 3" else 0
        risen = int(row["thoat_can_ngheo"]) - int(row["tang_tu_can_ngheo"]) - died
        out.append(",".join([line, str(risen), str(died), row["can_ngheo_phat_sinh"], "0"]))
    table.write_text("\n".join(out) + "\n", encoding="utf-8")


def test_near_poor_flows_in_detail_add_up(project: Project):
    """Optional can_ngheo_giam_*/can_ngheo_tang_* columns: with those near-poor that became poor (the poor group's
    tang_tu_can_ngheo) they add up to the near-poor decrease, and to its increase besides the escaped poor."""
    add_near_poor_detail(project)
    table = project.table_file(2024, "ket_qua")
    checked = check_report(project, 2024, YEAR_END)
    assert checked.findings == []
    assert checked.computed.values["can_ngheo_giam_khac"] == 1
    set_cells(table, "TK Thượng Quý", can_ngheo_giam_vuot_chuan="1")  # 0 + 1 + 0, not the 2 decreased
    set_cells(table, "Tiểu khu 3", can_ngheo_tang_phat_sinh_moi="0")  # 0 + 0, not the 1 new
    findings = check_report(project, 2024, YEAR_END).findings
    assert [(f.code, f.place.file, f.place.line, f.place.unit, f.place.field, f.message) for f in findings] == [
        (
            "I002",
            "data/2024/ket_qua.csv",
            4,
            "Tiểu khu 3",
            "can_ngheo_phat_sinh",
            "hộ cận nghèo phát sinh trong kỳ ghi 1 nhưng các cột chi tiết cộng lại 0 + 0 = 0.",
        ),
        (
            "I002",
            "data/2024/ket_qua.csv",
            9,
            "TK Thượng Quý",
            "thoat_can_ngheo",
            "hộ thoát cận nghèo trong kỳ ghi 2 nhưng các cột chi tiết cộng lại 0 + 1 + 0 = 1.",
        ),
    ]
    # No part above its whole (I003), besides not adding up.
    set_cells(table, "TK Phong Vận", can_ngheo_tang_khac="1")
    codes = [(f.code, f.place.unit, f.place.field) for f in check_report(project, 2024, YEAR_END).findings]
    assert ("I002", "TK Phong Vận", "can_ngheo_phat_sinh") in codes and ("I003", "TK Phong Vận", "can_ngheo_tang_khac") in codes


def test_near_poor_detail_is_checked_only_in_full(project: Project):
    """The poor group's detail alone (the shipped example) states no near-poor parts: nothing to add up."""
    table = project.table_file(2024, "ket_qua")
    set_cells(table, "TK Thượng Quý", tang_tu_can_ngheo="1", phat_sinh="2", ho_ngheo_cuoi_nam="4", ty_le_ho_ngheo_cuoi_nam="1.59")
    assert [f.code for f in check_report(project, 2024, YEAR_END).findings if f.code == "I002"] == []


def test_guide_data_dictionary_of_the_report_is_generated_from_its_declaration():
    from vanban.commands.dictionary import PAGE, of_kind

    from .conftest import ROOT

    readme = (ROOT / PAGE).read_text(encoding="utf-8")
    block = readme.split("<!-- data-dictionary:bao-cao:start -->\n")[1].split("\n<!-- data-dictionary:bao-cao:end -->")[0]
    assert block == of_kind(ROOT, "bao-cao"), "run: python -m vanban.commands.dictionary"


def test_new_year_from_the_report_carries_near_poor_per_unit(project: Project):
    """A plan with near-poor columns per unit starts them at the report's actual near-poor year-end."""
    from vanban.review.newyear import new_year

    from .test_declaration import add_near_poor

    add_near_poor(project)
    # The plan's near-poor start per unit is the report's (X003 refuses a report that starts elsewhere).
    starts = {
        line.split(",")[0]: line.split(",")[7]
        for line in project.table_file(2024, "ket_qua").read_text(encoding="utf-8").splitlines()[1:]
    }
    plan = project.units_file(2024).read_text(encoding="utf-8").splitlines()
    rows = [row.split(",") for row in plan[1:]]
    for row in rows:
        row[7] = starts[row[0]]
    project.units_file(2024).write_text("\n".join([plan[0], *(",".join(r) for r in rows)]) + "\n", encoding="utf-8")
    new_year(project, 2025)
    lines = project.units_file(2025).read_text(encoding="utf-8").splitlines()
    # Tiểu khu 1: 3 poor and 5 near-poor at the end of 2024 by the report (the plan expected 3 and 7).
    assert lines[1] == "Tiểu khu 1,172,3,,,,Nguyễn Ngọc Khanh,5,,,"


def test_new_year_from_the_report_carries_the_near_poor_flows_in_detail(project: Project):
    """The report's near-poor detail becomes next year's plan's "Kết quả năm trước" detail, which adds up."""
    add_near_poor_detail(project)
    assert cli.new_year(project.root, "2025") == 0
    text = project.plan_file(2025).read_text(encoding="utf-8")
    for line in (
        "ho_can_ngheo_thoat: 18",
        "ho_ngheo_tu_can_ngheo: 0",
        "ho_can_ngheo_vuot_chuan: 17",
        "ho_can_ngheo_giam_khac: 1",
        "ho_can_ngheo_phat_sinh: 5",
        "ho_can_ngheo_phat_sinh_moi: 5",
        "ho_can_ngheo_tang_khac: 0",
    ):
        assert f"  {line} # theo báo cáo kết quả năm 2024" in text, line
    fill_2025_targets(project)
    assert run_checks(project, 2025).findings == []


def test_next_plan_is_compared_with_the_reported_year_end(project: Project):
    assert cli.new_year(project.root, "2025") == 0
    fill_2025_targets(project)
    edit(project.units_file(2025), "TK Tương Lạc,205,3,", "TK Tương Lạc,205,4,")
    findings = run_checks(project, 2025).findings
    # The town's flow no longer adds up either (35 − 16 + 2 = 21, not 22): an error.
    assert [f.code for f in findings] == ["I002", "X002"]
    finding = findings[1]
    assert (finding.severity, finding.place.unit) == ("warning", "TK Tương Lạc")
    assert finding.message == "số hộ nghèo đầu năm 2025 là 4, khác số thực hiện cuối năm 2024 là 3 (data/2024/ket_qua.csv)."
    # A report with errors is not used: the plan says so and compares with the target, as without a report.
    set_cells(project.table_file(2024, "ket_qua"), "Tiểu khu 3", ho_ngheo_cuoi_nam="2", ty_le_ho_ngheo_cuoi_nam="0.31")
    codes = [(f.code, f.place.file) for f in run_checks(project, 2025).findings]
    assert ("X000", "plans/2024-bao-cao.yaml") in codes and ("X002", "data/2025/don_vi.csv") in codes


# ---------------------------------------------------------------- with the rest of the project


def test_report_contexts_are_not_unread_files(project: Project):
    """D001 lists files no command reads; both periods' contexts are read by the report."""
    from vanban.kinds.registry import unread_files

    assert unread_files(project.root) == []
    (project.plans_dir / "2024-bao-cao-3-thang.yaml").write_text("nam: 2024\n", encoding="utf-8")
    assert [p.name for p in unread_files(project.root)] == ["2024-bao-cao-3-thang.yaml"]


def test_report_build_is_stamped_from_what_it_read(project: Project):
    first = build_report(project, 2024, YEAR_END)
    assert first.written and not first.skipped
    again = build_report(project, 2024, YEAR_END)
    assert again.skipped and again.findings == []
    # The plan's unit table is read by the report (X003/X004, targets): any edit of it rebuilds the report.
    edit(project.units_file(2024), "Nguyễn Ngọc Khanh", "Nguyễn Ngọc Khánh")
    third = build_report(project, 2024, YEAR_END)
    assert not third.skipped


def test_build_all_builds_every_kind(project: Project, capsys):
    assert cli.build_all(project.root) == 0
    out = capsys.readouterr().out
    for name in (
        "build/2024/ke-hoach-giam-ngheo-2024.docx",
        "build/2024/bao-cao-ket-qua-giam-ngheo-2024.docx",
        "build/2024/bao-cao-so-ket-6-thang-giam-ngheo-2024.docx",
    ):
        assert f"{name}: đã ghi." in out and (project.root / name).is_file()
    assert cli.build_all(project.root, kind="bao-cao") == 2


def test_summary_takes_the_reports_figures(project: Project):
    """invoke tong-hop: the actual year-end and "đạt %" of a commune with a report are the report's own."""
    import openpyxl

    assert cli.tong_hop(project.root, "2024") == 0
    sheet = openpyxl.load_workbook(project.root / "build/tong-hop/2024/tong-hop-giam-ngheo-2024.xlsx").worksheets[0]
    row = [list(r) for r in sheet.iter_rows(values_only=True)][1]
    assert row[1] == "Thị trấn Hà Trung" and row[10:] == [21, 107.69]  # as the report's «Cộng» row: 21, 107,69
    # A report with errors is not summarised from: its findings refuse the summary.
    set_cells(project.table_file(2024, "ket_qua"), "Tiểu khu 3", ho_ngheo_cuoi_nam="2", ty_le_ho_ngheo_cuoi_nam="0.31")
    assert cli.tong_hop(project.root, "2024") == 1
