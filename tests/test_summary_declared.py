"""The province summary declared (issue 19) and worded (issue 26): its table, «Cộng» row, rates and checks come
from ``templates/tong-hop.yaml`` through the engine; its words from the communes' own types and its date; no
negative «đạt %». Read back from the .docx and .xlsx a user opens."""

from __future__ import annotations

import datetime as dt
import functools
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from docx import Document
from hypothesis import given, settings
from hypothesis import strategies as st

from vanban.commands import cli
from vanban.communes import summary as summary_module
from vanban.communes.summary import Row, cell_text, level_words, words
from vanban.engine.numbers import Rate, round_half_up
from vanban.project import Project

from .communes_fixture import run, with_giao_hieu
from .conftest import ROOT, copy_project, edit
from .test_communes import RESULTS_HEADER

OUT = "build/tong-hop/2024/tong-hop-giam-ngheo-2024"


@pytest.fixture
def two(tmp_path: Path) -> Project:
    """Hà Trung (a thị trấn, with its year-end report) and Giáo Hiệu (a xã) added by init and filled in."""
    return with_giao_hieu(tmp_path / "project")


def _table(path: Path) -> list[list[str]]:
    document = Document(str(path))
    table = next(t for t in document.tables if t.rows[0].cells[0].text == "STT")
    return [[c.text for c in r.cells] for r in table.rows]


def test_a_commune_that_gained_poor_households_shows_chua_dat_and_the_increase(two: Project):
    # Giáo Hiệu keeps only its results table: 181 poor at the start, 183 at the end (2 more, 15 planned fewer).
    (two.root / "data/giao-hieu/2024/ket_qua.csv").write_text(
        RESULTS_HEADER + "Thôn Giáo Ổ,150,60,0,1,61,\nThôn Giáo Hiệu,141,70,0,1,71,\nThôn Yến Lộc,140,51,0,0,51,\n",
        encoding="utf-8",
    )
    status, _, err = run(cli.tong_hop, two.root, "2024")
    assert status == 0, err
    cells = _table(two.root / f"{OUT}.docx")
    assert cells[0][-2:] == ["Hộ nghèo cuối năm (TH)", "Đạt % KH"]
    assert cells[1][-2:] == ["21", "107,69"]  # Hà Trung, from its report
    assert cells[2][-2:] == ["183", "chưa đạt (tăng 2 hộ)"]
    # Together: 35 + 181 = 216 at the start, 21 + 183 = 204 at the end: 12 of the 28 planned, 42,86 %.
    assert cells[3][-2:] == ["204", "42,86"]
    assert not any(c.startswith(("-", "−")) for row in cells for c in row)
    sheet = openpyxl.load_workbook(two.root / f"{OUT}.xlsx", data_only=True)["Tổng hợp 2024"]
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert [r[10:] for r in rows[1:]] == [[21, 107.69], [183, "chưa đạt (tăng 2 hộ)"], [204, 42.86]]


def test_the_communes_words_follow_their_own_types_and_the_documents_date(two: Project):
    # Dated after 01/7/2025 there are no thị trấn: the header still names what the communes are, and the office
    # is told that Hà Trung's settings are out of date (H003, a warning).
    edit(two.root / "plans/tong-hop/2024.yaml", "ngay: 2025-03-20", "ngay: 2025-08-15")
    status, _, err = run(cli.tong_hop, two.root, "2024")
    assert status == 0, err
    assert "plans/tong-hop/2024.yaml:22:9: H003 [cảnh báo]" in err and "«Thị trấn Hà Trung» là thị trấn" in err
    assert "từ 01/7/2025 không có đơn vị hành chính cấp xã loại này (chỉ có xã, phường, đặc khu)" in err
    cells = _table(two.root / f"{OUT}.docx")
    assert cells[0][1] == "Xã, thị trấn"
    text = "\n".join(p.text for p in Document(str(two.root / f"{OUT}.docx")).paragraphs)
    assert "Tổng hợp kế hoạch giảm nghèo năm 2024 của các xã, thị trấn" in text


def test_one_communes_summary_names_it_and_no_hard_coded_types(tmp_path: Path):
    project = copy_project(tmp_path / "p")
    status, _, err = run(cli.tong_hop, project.root, "2024")
    assert status == 0, err
    document = Document(str(project.root / f"{OUT}.docx"))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Tổng hợp kế hoạch giảm nghèo năm 2024 của thị trấn Hà Trung" in text
    assert "Căn cứ kế hoạch giảm nghèo năm 2024 của thị trấn Hà Trung gửi về" in text
    assert "tỷ lệ 0,76\xa0% (giảm 0,45 điểm phần trăm)" in text  # 1,21 − 0,76, in percentage points
    assert "xã, phường, thị trấn" not in text.lower()
    assert _table(project.root / f"{OUT}.docx")[0][1] == "Thị trấn"
    # The example is honest: dated after the Sở Nông nghiệp và Môi trường exists and after the year's results.
    plan = (project.root / "plans/tong-hop/2024.yaml").read_text(encoding="utf-8")
    assert "ngay: 2025-03-20" in plan and "người ký giả định" in plan


def test_level_words_and_names():
    before, after = dt.date(2025, 3, 20), dt.date(2025, 7, 1)
    assert level_words(["thị trấn", "xã", "phường"], before) == "xã, phường, thị trấn"
    assert level_words(["phường", "xã", "xã"], after) == "xã, phường"
    assert level_words(["đặc khu", "xã"], after) == "xã, đặc khu"
    assert level_words(["thị trấn", "xã"], after) == "xã, thị trấn"  # what the communes are, and H003 says why
    one = words([Row("", "Phường 3", {}, "phường")], after)
    assert one["cac_xa"] == "Phường 3" and one["cap_xa"] == "Phường" and one["so_xa"] == "1"
    assert words([Row("", "Xã Giáo Hiệu", {}, "xã")], after)["cac_xa"] == "xã Giáo Hiệu"


def test_a_placeholder_the_summary_has_no_value_for_is_p001(two: Project):
    edit(two.root / "plans/tong-hop/2024.yaml", "Tổng số hộ: ${tong_so_ho} hộ", "Tổng số hộ: ${tong_so_hoo} hộ")
    status, _, err = run(cli.tong_hop, two.root, "2024")
    assert status == 1 and "P001" in err and "${tong_so_hoo}" in err and "plans/tong-hop/2024.yaml:" in err
    assert not (two.root / "build/tong-hop").exists()


def test_what_the_summary_gathers_is_checked_against_the_kinds(two: Project):
    declaration = two.root / "templates/tong-hop.yaml"
    edit(declaration, "lay: ke-hoach.ho_can_ngheo}", "lay: ke-hoach.ho_can_ngheoo}")
    status, _, err = run(cli.tong_hop, two.root, "2024")
    assert status == 2 and "templates/tong-hop.yaml:" in err and "D010" in err
    assert "kế hoạch không có số liệu «ho_can_ngheoo». Có phải ý bạn là «ho_can_ngheo»?" in err
    edit(declaration, "lay: ke-hoach.ho_can_ngheoo}", "lay: ke-hoachh.ho_can_ngheo}")
    status, _, err = run(cli.tong_hop, two.root, "2024")
    assert status == 2 and "loại văn bản «ke-hoachh» không có" in err
    edit(declaration, "lay: ke-hoachh.ho_can_ngheo}", "lay: ho_can_ngheo}")
    status, _, err = run(cli.tong_hop, two.root, "2024")
    assert status == 2 and "phải có dạng «loại.số_liệu»" in err


# ---------------------------------------------------------------- the «Cộng» row's arithmetic, by the engine


@functools.cache
def _shipped() -> tuple:
    project = Project(ROOT)
    decl = summary_module.declaration(project)
    plan, doc, _ = summary_module.load_summary_plan(project, 2024, decl)
    return decl, plan, doc


commune = st.tuples(
    st.integers(1, 5000),  # households
    st.integers(0, 100),  # poor, as a share of households (%)
    st.integers(0, 100),  # planned decrease, as a share of the poor (%)
    st.integers(-20, 60),  # achieved decrease (negative: poverty grew)
    st.booleans(),  # has results
)


@settings(max_examples=60, deadline=None)
@given(st.lists(commune, min_size=1, max_size=6))
def test_the_total_row_is_the_sum_and_its_rates_the_rates_of_the_sums(communes):
    decl, plan, doc = _shipped()
    rows = []
    for i, (households, poor_share, planned_share, achieved, results) in enumerate(communes):
        poor = households * poor_share // 100
        planned = poor * planned_share // 100
        end = max(0, poor - achieved)
        values = {
            "tong_so_ho": households,
            "ho_ngheo": poor,
            "ho_can_ngheo": None,
            "ty_le_ho_can_ngheo": None,
            "chi_tieu_giam_ho_ngheo": planned,
            "ho_ngheo_cuoi_nam": poor - planned,
            "thuc_hien_dau_nam": poor if results else None,
            "thuc_hien_cuoi_nam": end if results else None,
        }
        rows.append(Row(f"x{i}", f"Xã {i}", values, "xã", 0, results))
    valid, computed, findings = summary_module._computed(plan, doc, decl, {}, rows, "plans/<mã xã>/2024.yaml")
    assert findings == []
    tf = computed.tables["xa"]
    total = {**computed.values, **tf.total_shown}
    households = sum(r.values["tong_so_ho"] for r in rows)
    poor = sum(r.values["ho_ngheo"] for r in rows)
    assert total["tong_so_ho"] == households and total["ho_ngheo"] == poor
    assert total["ty_le_ho_ngheo"] == Rate(round_half_up(Decimal(poor) * 100 / households, 2), 2)
    assert total.get("ty_le_ho_can_ngheo") is None  # no commune gave near-poor households: nothing is invented
    planned = sum(r.values["chi_tieu_giam_ho_ngheo"] for r in rows)
    if all(r.results for r in rows) and planned:
        achieved = sum(r.values["thuc_hien_dau_nam"] - r.values["thuc_hien_cuoi_nam"] for r in rows)
        assert total["dat_ke_hoach"].value == round_half_up(Decimal(achieved) * 100 / planned, 2)
    else:
        assert total.get("dat_ke_hoach") is None
    for row, figures in zip(rows, tf.rows, strict=True):
        column = decl.tables["xa"].columns["dat_ke_hoach"]
        shown = cell_text(
            figures.shown.get("dat_ke_hoach"), column, row.values["thuc_hien_dau_nam"], row.values["thuc_hien_cuoi_nam"]
        )
        assert not shown.startswith(("-", "−"))
        if not row.values["chi_tieu_giam_ho_ngheo"] or not row.results:
            assert shown == "—"  # a share of no target, or of no result, is none


def test_the_guides_data_dictionary_shows_what_the_summary_gathers():
    from vanban.commands.dictionary import PAGE, of_kind

    page = (ROOT / PAGE).read_text(encoding="utf-8")
    block = page.split("<!-- data-dictionary:tong-hop:start -->\n")[1].split("\n<!-- data-dictionary:tong-hop:end -->")[0]
    assert block == of_kind(ROOT, "tong-hop"), "run: python -m vanban.commands.dictionary"
    assert (
        "| `thuc_hien_cuoi_nam` | số (hộ, khẩu) | Hộ nghèo cuối năm (thực hiện) | lấy `ho_ngheo_cuoi_nam` từ báo cáo kết quả"
        in block
    )


def test_a_results_sheet_kept_alone_in_the_years_workbook_is_gathered(two: Project):
    # Giáo Hiệu keeps its results as the «ket_qua» sheet of data/giao-hieu/2024/so-lieu.xlsx, without a report.
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "ket_qua"
    for line in RESULTS_HEADER.strip().split(","), ["Thôn Giáo Ổ", 150, 60, 6, 0, 54], ["Thôn Giáo Hiệu", 141, 70, 5, 0, 65]:
        sheet.append(list(line))
    sheet.append(["Thôn Yến Lộc", 140, 51, 2, 0, 49])
    book.save(two.root / "data/giao-hieu/2024/so-lieu.xlsx")
    status, _, err = run(cli.tong_hop, two.root, "2024")
    assert status == 0, err
    assert _table(two.root / f"{OUT}.docx")[2][-2:] == ["168", "86,67"]  # 181 -> 168: 13 of 15
