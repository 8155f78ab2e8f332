"""Stated figures against computed ones: the published plan's errors, and each rule on its own."""

from __future__ import annotations

import json
import shutil

import pytest

from vanban.commands import cli
from vanban.engine.findings import Severity
from vanban.pipeline import run_checks
from vanban.project import Project

from .builders import figure, set_cells, set_figure
from .conftest import FIXTURES, edit, replace_block

NBSP = "\u00a0"


def codes(project: Project, year: int = 2024) -> list[tuple[str, str, str | None]]:
    return [(f.code, str(f.place), f.place.field) for f in run_checks(project, year).findings]


def test_repository_data_is_clean(project: Project):
    assert run_checks(project, 2024).findings == []


def test_published_figures_yield_exactly_the_two_known_errors(project: Project):
    fixture = FIXTURES / "published-2024"
    plan = project.plan_file(2024)
    block = (fixture / "so_lieu.yaml").read_text(encoding="utf-8").split("so_lieu:", 1)[1]
    plan.write_text(replace_block(plan.read_text(encoding="utf-8"), "so_lieu", "so_lieu:" + block), encoding="utf-8")
    shutil.copy(fixture / "don_vi.csv", project.units_file(2024))

    findings = run_checks(project, 2024).findings
    assert sorted((f.code, f.place.field) for f in findings) == [
        ("R001", "ty_le_ho_ngheo_cuoi_nam"),
        ("T001", "ho_ngheo_cuoi_nam"),
    ]
    rate = next(f for f in findings if f.code == "R001")
    assert rate.place.file == "plans/2024.yaml" and rate.place.line is not None
    assert f"ghi 0,7{NBSP}% nhưng 22 / 2.881 = 0,76{NBSP}%" in rate.message
    assert "cắt bớt thay vì làm tròn" in rate.message
    total = next(f for f in findings if f.code == "T001")
    assert (total.place.file, total.place.line, total.place.column, total.place.unit) == ("data/2024/don_vi.csv", 12, 6, "Cộng")
    assert "ghi 31 nhưng các dòng trên cộng lại là 22 (= 35 − 13)" in total.message
    assert all(f.severity is Severity.ERROR for f in findings)


@pytest.mark.parametrize(
    ("key", "old", "new", "expected", "text"),
    [
        ("ty_le_ho_ngheo", '"1,21"', '"1,22"', [("R001", "ty_le_ho_ngheo")], f"ghi 1,22{NBSP}% nhưng 35 / 2.881 = 1,21{NBSP}%"),
        (
            "ty_le_ho_can_ngheo",
            '"2,85"',
            '"2,84"',
            [("R001", "ty_le_ho_can_ngheo")],
            f"2,84{NBSP}% nhưng 82 / 2.881 = 2,85{NBSP}%",
        ),
        ("tong_so_ho", "2881", "2880", [("T001", "tong_so_ho")], "ghi 2.880 nhưng tổng cột tong_so_ho của 10 đơn vị"),
        # 36 disagrees with the table and with the flow 46 − 12 + 1: both are reported.
        ("ho_ngheo", "35", "36", [("I002", "ho_ngheo"), ("T001", "ho_ngheo")], "ghi 36 nhưng tổng cột ho_ngheo"),
        ("chi_tieu_giam_ho_ngheo", "13", "14", [("T001", "chi_tieu_giam_ho_ngheo")], "ghi 14 nhưng tổng cột giam_du_kien"),
        (
            "chi_tieu_giao",
            "13",
            "14",
            [("T002", "chi_tieu_giao")],
            "tổng chỉ tiêu giảm hộ nghèo giao các đơn vị là 13 (tổng cột giam_du_kien của data/2024/don_vi.csv), "
            "thấp hơn chỉ tiêu giảm hộ nghèo cấp trên giao là 14: còn 1 chưa giao cho đơn vị nào.",
        ),
        (
            "ho_ngheo_cuoi_nam",
            "22",
            "31",
            [("T001", "ho_ngheo_cuoi_nam")],
            "ghi 31 nhưng tổng cột ho_ngheo_cuoi_nam của 10 đơn vị trong data/2024/don_vi.csv là 22 (= 35 − 13)",
        ),
        ("ho_ngheo_thoat_ngheo", "12", "11", [("I002", "ho_ngheo")], "hộ nghèo cuối kỳ là 35 nhưng 46 − 11 + 1 = 36"),
        ("ho_can_ngheo_phat_sinh", "7", "6", [("I002", "ho_can_ngheo")], "82 − 16 + 9 + 6 = 81"),
        (
            "ho_ngheo_khong_kha_nang_lao_dong",
            "12",
            "36",
            [("I003", "ho_ngheo_khong_kha_nang_lao_dong")],
            "(36) lớn hơn hộ nghèo cuối năm trước (35)",
        ),
    ],
)
def test_each_town_rule(project: Project, key, old, new, expected, text):
    assert figure(project.plan_file(2024), key) == old
    set_figure(project.plan_file(2024), key, new)
    findings = run_checks(project, 2024).findings
    assert sorted((f.code, f.place.field) for f in findings) == expected, [f.message for f in findings]
    assert any(text in f.message for f in findings), [f.message for f in findings]
    assert all(f.place.file == "plans/2024.yaml" and f.place.line is not None for f in findings)


def test_target_handed_down_is_kept_apart_from_the_units_sum(project: Project):
    """«chỉ tiêu cấp trên giao» and the sum handed out to the units are two figures: the units may be given
    more (phấn đấu vượt), never less, and the document prints each where the prose names it."""
    import docx

    from vanban.pipeline import build

    plan = project.plan_file(2024)
    set_figure(plan, "chi_tieu_giao", "12")  # the units are given one more than asked: no finding
    assert run_checks(project, 2024).findings == []
    text = "\n".join(p.text for p in docx.Document(str(build(project, 2024).output)).paragraphs)
    assert "của huyện giao cho thị trấn là 12 hộ nghèo" in text and "giao chỉ tiêu giảm nghèo là 13 hộ nghèo" in text
    assert "Giảm 12 hộ nghèo theo chỉ tiêu UBND huyện giao" in text
    set_cells(project.units_file(2024), "Tiểu khu 1", giam_du_kien="0", ho_ngheo_cuoi_nam="5")
    set_figure(plan, "chi_tieu_giam_ho_ngheo", "11")
    set_figure(plan, "ho_ngheo_cuoi_nam", "24")
    set_figure(plan, "ty_le_ho_ngheo_cuoi_nam", '"0,83"')
    findings = run_checks(project, 2024).findings
    assert [(f.code, f.place.line) for f in findings] == [("T002", figure_line(plan, "chi_tieu_giao"))], findings
    assert findings[0].message.endswith("còn 1 chưa giao cho đơn vị nào.")
    status = cli.check(project.root, "2024")
    assert status == 1


def test_flows_as_the_poverty_software_counts_them(project: Project):
    """Optional detail of last year's decreases and increases: a death is a decrease, not a household that
    escaped; stated in full, each group must add up to its total (I002); the prose can name each."""
    import docx

    from vanban.pipeline import build

    plan = project.plan_file(2024)
    details = {  # 12 fewer: 9 became near-poor, 2 rose above the near-poor line, 1 died; 1 more: re-poverty
        "ho_ngheo_vuot_chuan_can_ngheo": "2",
        "ho_ngheo_giam_khac": "1",
        "ho_ngheo_phat_sinh_moi": "0",
        "ho_ngheo_tai_ngheo": "1",
        "ho_ngheo_tu_can_ngheo": "0",
        "ho_ngheo_tang_khac": "0",
        "so_khau_ngheo": "61",
        "ho_muc_song_trung_binh": "120",
    }
    edit(plan, "  ho_ngheo_phat_sinh: 1\n", "  ho_ngheo_phat_sinh: 1\n" + "".join(f"  {k}: {v}\n" for k, v in details.items()))
    sentence = "Đã giảm được ${ho_ngheo_thoat_ngheo} hộ nghèo và tăng ${ho_ngheo_phat_sinh} hộ nghèo"
    edit(
        plan,
        sentence,
        "Trong năm giảm ${ho_ngheo_thoat_ngheo} hộ nghèo (${ho_thoat_ngheo} hộ thoát nghèo, ${ho_ngheo_giam_khac} hộ chết, "
        "chuyển đi) và tăng ${ho_ngheo_phat_sinh} hộ nghèo (${ho_ngheo_tai_ngheo} hộ tái nghèo), ${so_khau_ngheo} nhân khẩu; ${ho_muc_song_trung_binh} hộ có mức "
        "sống trung bình, tỷ lệ ${ty_le_ho_muc_song_trung_binh}",
    )
    assert run_checks(project, 2024).findings == []
    text = "\n".join(p.text for p in docx.Document(str(build(project, 2024).output)).paragraphs)
    assert (
        "Trong năm giảm 12 hộ nghèo (11 hộ thoát nghèo, 1 hộ chết, chuyển đi) và tăng 1 hộ nghèo (1 hộ tái nghèo), "
        "61 nhân khẩu; 120 hộ có mức sống trung bình, tỷ lệ 4,17\u00a0%" in text
    )
    set_figure(plan, "ho_ngheo_giam_khac", "2")  # 9 + 2 + 2 = 13, not the 12 stated
    findings = run_checks(project, 2024).findings
    assert [(f.code, f.place.field) for f in findings] == [("I002", "ho_ngheo_thoat_ngheo")], findings
    assert "hộ nghèo giảm trong năm trước ghi 12 nhưng 9 + 2 + 2 = 13" in findings[0].message
    set_figure(plan, "ho_ngheo_giam_khac", "1")
    set_figure(plan, "so_khau_ngheo", "11031")
    assert [f.code for f in run_checks(project, 2024).findings] == ["I003"]


def figure_line(path, key: str) -> int:
    return next(i for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if line.startswith(f"  {key}:"))


def test_combined_rate_written_as_sum_of_rounded_rates(project: Project):
    plan = project.plan_file(2024)
    set_figure(plan, "ty_le_ho_ngheo_va_can_ngheo", '"4,06"')
    assert run_checks(project, 2024).findings == []  # (35 + 82) / 2.881 = 4,061 -> 4,06
    set_figure(plan, "ty_le_ho_ngheo_va_can_ngheo", '"4,07"')
    findings = run_checks(project, 2024).findings
    assert [f.code for f in findings] == ["R001"]
    assert f"(35 + 82) / 2.881 = 4,06{NBSP}%" in findings[0].message


def test_sum_of_rounded_parts_is_named(project: Project):
    # 35 poor (1,2148 -> 1,21) and 83 near-poor (2,8809 -> 2,88) of 2.881 households: the rounded
    # rates add up to 4,09, while (35 + 83) / 2.881 = 4,0958 -> 4,10.
    plan = project.plan_file(2024)
    set_figure(plan, "ho_can_ngheo_phat_sinh", "8")
    set_figure(plan, "ho_can_ngheo", "83")
    set_figure(plan, "ty_le_ho_can_ngheo", '"2,88"')
    set_figure(plan, "ty_le_ho_ngheo_va_can_ngheo", '"4,09"')
    findings = run_checks(project, 2024).findings
    assert [f.code for f in findings] == ["R001"]
    assert f"(35 + 83) / 2.881 = 4,10{NBSP}%" in findings[0].message
    assert f"tổng các tỷ lệ đã làm tròn (1,21{NBSP}% + 2,88{NBSP}%)" in findings[0].message


def test_change_of_rate_must_be_difference_of_rates(project: Project):
    plan = project.plan_file(2024)
    set_figure(plan, "muc_giam_ty_le_ho_ngheo", '"0,45"')
    assert run_checks(project, 2024).findings == []
    set_figure(plan, "muc_giam_ty_le_ho_ngheo", '"0,5"')  # one decimal: 0,45 rounds half-up to 0,5
    assert run_checks(project, 2024).findings == []
    set_figure(plan, "muc_giam_ty_le_ho_ngheo", '"0,46"')
    findings = run_checks(project, 2024).findings
    assert [f.code for f in findings] == ["R002"]
    assert f"ghi 0,46{NBSP}% nhưng hiệu hai tỷ lệ 1,21{NBSP}% − 0,76{NBSP}% = 0,45{NBSP}điểm phần trăm" in findings[0].message
    # The other reading is tried and named: the relative fall of the count.
    assert f"hiểu là số hộ giảm tương đối thì (35 − 22) / 35 = 37,14{NBSP}%, cũng không khớp" in findings[0].message
    set_figure(
        plan, "muc_giam_ty_le_ho_ngheo", '"37,1"'
    )  # "giảm 37,1 %" meant as the count's relative fall: a warning that asks for the wording
    findings = run_checks(project, 2024).findings
    assert [(f.code, f.severity.value) for f in findings] == [("R003", "warning")]
    assert "đúng nếu hiểu là số hộ giảm tương đối (35 − 22) / 35" in findings[0].message


def test_unit_rate_and_year_end(project: Project):
    csv = project.units_file(2024)
    set_cells(csv, "Tiểu khu 4", ty_le_ho_ngheo="0.7", ho_ngheo_cuoi_nam="3")
    findings = run_checks(project, 2024).findings
    assert sorted((f.code, str(f.place), f.place.unit) for f in findings) == [
        ("I001", "data/2024/don_vi.csv:5:6", "Tiểu khu 4"),
    ]
    set_cells(csv, "Tiểu khu 4", ty_le_ho_ngheo="0.69", ho_ngheo_cuoi_nam="2")
    findings = run_checks(project, 2024).findings
    assert [(f.code, str(f.place)) for f in findings] == [("R001", "data/2024/don_vi.csv:5:4")]
    assert f"ghi 0,69{NBSP}% nhưng 3 / 429 = 0,70{NBSP}%" in findings[0].message


def test_decrease_beyond_poor_households(project: Project):
    set_cells(project.units_file(2024), "Tiểu khu 2", giam_du_kien="3", ho_ngheo_cuoi_nam="")
    findings = run_checks(project, 2024).findings
    assert ("I003", "data/2024/don_vi.csv:3:5") in [(f.code, str(f.place)) for f in findings]


def test_blank_stated_values_are_computed(project: Project):
    csv = project.units_file(2024)
    set_cells(csv, "Tiểu khu 1", ty_le_ho_ngheo="", ho_ngheo_cuoi_nam="")
    assert run_checks(project, 2024).findings == []


def test_check_command_text_and_json(project: Project, capsys):
    assert cli.check(project.root, "2024") == 0
    assert "Không có lỗi" in capsys.readouterr().out
    set_figure(project.plan_file(2024), "ty_le_ho_ngheo_cuoi_nam", '"0,7"')
    assert cli.check(project.root, "2024", output_format="json") == 1
    data = json.loads(capsys.readouterr().out)
    assert [(d["code"], d["severity"], d["place"]["field"]) for d in data] == [("R001", "error", "ty_le_ho_ngheo_cuoi_nam")]
    assert cli.check(project.root, "2024") == 1
    out = capsys.readouterr().out
    assert "plans/2024.yaml:" in out and "R001 [lỗi]" in out


def test_build_refuses_errors_and_draft_writes_marked_copy(project: Project, capsys):
    from docx import Document

    set_figure(project.plan_file(2024), "ty_le_ho_ngheo_cuoi_nam", '"0,7"')
    assert cli.build(project.root, "2024") == 1
    assert not project.output_file(2024).exists()
    assert cli.build(project.root, "2024", draft=True) == 0
    err = capsys.readouterr().err
    assert "R001 [cảnh báo]" in err
    texts = [p.text for p in Document(str(project.output_file(2024))).paragraphs]
    assert "DỰ THẢO" in texts
    assert "DỰ THẢO" not in [p.text for p in Document(str(_clean_build(project))).paragraphs]


def _clean_build(project: Project):
    set_figure(project.plan_file(2024), "ty_le_ho_ngheo_cuoi_nam", '"0,76"')
    assert cli.build(project.root, "2024") == 0
    return project.output_file(2024)


def make_2025(project: Project) -> None:
    """A 2025 plan that starts where 2024 ended: units start at 2024's planned year-end.

    Without 2024's results report: with it, 2025 is compared with the reported year-end (tests/test_report.py).
    """
    from .test_review import without_report

    without_report(project)
    text = project.plan_file(2024).read_text(encoding="utf-8")
    text = text.replace("nam: 2024", "nam: 2025").replace("ngay: 2024-01-04\n  ten_loai", "ngay: 2025-01-06\n  ten_loai")
    block = """so_lieu:
  tong_so_ho: 2881
  ho_ngheo_dau_ky: 35
  ho_ngheo_thoat_ngheo: 13
  ho_ngheo_phat_sinh: 0
  ho_ngheo: 22
  ho_can_ngheo_dau_ky: 82
  ho_can_ngheo_thoat: 10
  ho_can_ngheo_tu_ho_ngheo: 10
  ho_can_ngheo_phat_sinh: 2
  ho_can_ngheo: 84
  so_khau: 11100
  ho_ngheo_khong_kha_nang_lao_dong: 12
  chi_tieu_giao: 10
"""
    project.plan_file(2025).write_text(replace_block(text, "so_lieu", block), encoding="utf-8")
    rows = project.units_file(2024).read_text(encoding="utf-8").splitlines()
    out = [rows[0]]
    for row in rows[1:]:
        cells = row.split(",")
        start = int(cells[5])
        out.append(",".join([cells[0], cells[1], str(start), "", str(min(1, start)), "", cells[6]]))
    project.units_file(2025).parent.mkdir(parents=True)
    project.units_file(2025).write_text("\n".join(out) + "\n", encoding="utf-8")


def test_next_year_starts_where_this_one_ended(project: Project):
    make_2025(project)
    assert run_checks(project, 2025).findings == []


def test_next_year_start_must_match_last_years_statement(project: Project):
    make_2025(project)
    set_figure(project.plan_file(2025), "ho_ngheo_dau_ky", "36")
    set_figure(project.plan_file(2025), "ho_ngheo_thoat_ngheo", "14")
    findings = run_checks(project, 2025).findings
    assert [(f.code, f.place.field) for f in findings] == [("X001", "ho_ngheo_dau_ky")]
    assert "kế hoạch năm 2024 (plans/2024.yaml) ghi ho_ngheo = 35" in findings[0].message


def test_results_that_differ_from_last_years_target_are_warnings(project: Project):
    make_2025(project)
    csv = project.units_file(2025)
    set_cells(csv, "Tiểu khu 1", ho_ngheo="4")
    set_figure(project.plan_file(2025), "ho_ngheo_thoat_ngheo", "12")
    set_figure(project.plan_file(2025), "ho_ngheo", "23")
    findings = run_checks(project, 2025).findings
    assert [(f.code, f.severity, f.place.unit) for f in findings] == [("X002", Severity.WARNING, "Tiểu khu 1")]
    assert "hộ nghèo đầu năm 2025 là 4, khác số dự kiến cuối năm 2024 là 3" in findings[0].message


def test_near_poor_flows_in_detail_add_up(project: Project):
    """The near-poor group counted like the poor one (optional): its decreases are the households that became
    poor, rose above the near-poor line or left; its increases, those new and other; stated in full, each must
    add up to the total written (I002), and no part may exceed it (I003)."""
    plan = project.plan_file(2024)
    details = {  # 16 near-poor fewer: 1 became poor, 14 rose above the line, 1 moved away; 7 more: 6 new, 1 other
        "ho_ngheo_tu_can_ngheo": "1",
        "ho_can_ngheo_vuot_chuan": "14",
        "ho_can_ngheo_giam_khac": "1",
        "ho_can_ngheo_phat_sinh_moi": "6",
        "ho_can_ngheo_tang_khac": "1",
    }
    edit(
        plan,
        "  ho_can_ngheo_phat_sinh: 7\n",
        "  ho_can_ngheo_phat_sinh: 7\n" + "".join(f"  {k}: {v}\n" for k, v in details.items()),
    )
    assert run_checks(project, 2024).findings == []
    set_figure(plan, "ho_can_ngheo_vuot_chuan", "15")  # 1 + 15 + 1 = 17, not the 16 stated
    findings = run_checks(project, 2024).findings
    assert [(f.code, f.place.field) for f in findings] == [("I002", "ho_can_ngheo_thoat")], findings
    assert "hộ cận nghèo giảm trong năm trước ghi 16 nhưng 1 + 15 + 1 = 17" in findings[0].message
    set_figure(plan, "ho_can_ngheo_vuot_chuan", "14")
    set_figure(plan, "ho_can_ngheo_tang_khac", "2")  # 6 + 2 = 8, not 7
    assert [f.code for f in run_checks(project, 2024).findings] == ["I002"]
    set_figure(plan, "ho_can_ngheo_tang_khac", "1")
    set_figure(plan, "ho_can_ngheo_giam_khac", "17")  # a part above its whole (and the sum off)
    assert {f.code for f in run_checks(project, 2024).findings} == {"I002", "I003"}
