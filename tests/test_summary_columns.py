"""The province summary's Word table shows the columns ``templates/tong-hop.yaml`` declares: a column the province
adds is in it (header, each commune's value, its «Cộng»), one it hides is not, and the results columns only once
there are results. Read back from the .docx a user opens."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn

from vanban.commands import cli
from vanban.project import Project

from .communes_fixture import run, with_giao_hieu
from .conftest import edit

OUT = "build/tong-hop/2024/tong-hop-giam-ngheo-2024.docx"
DECLARATION = "templates/tong-hop.yaml"
RESULTS = ["Hộ nghèo cuối năm (TH)", "Đạt % KH"]
PLAN_HEADERS = [
    "Tổng số hộ",
    "Hộ nghèo",
    "Tỷ lệ (%)",
    "Hộ cận nghèo",
    "Tỷ lệ (%)",
    "Dự kiến giảm",
    "Hộ nghèo cuối năm (KH)",
    "Tỷ lệ cuối năm (%)",
]


@pytest.fixture
def two(tmp_path: Path) -> Project:
    return with_giao_hieu(tmp_path / "project")


def _built(project: Project) -> list[list[str]]:
    status, _, err = run(cli.tong_hop, project.root, "2024")
    assert status == 0, err
    document = Document(str(project.root / OUT))
    table = next(t for t in document.tables if t.rows[0].cells[0].text == "STT")
    # The Word table is the document's: no mark of how its widths were made is left in it.
    assert table._tbl.tblPr.find(qn("w:tblDescription")) is None
    return [[c.text for c in r.cells] for r in table.rows]


def test_the_example_shows_the_declared_columns_in_order(project: Project):
    cells = _built(project)
    assert cells[0] == ["STT", "Thị trấn", *PLAN_HEADERS, *RESULTS]
    assert cells[1] == ["1", "Thị trấn Hà Trung", "2.881", "35", "1,21", "82", "2,85", "13", "22", "0,76", "21", "107,69"]
    assert cells[2][:2] == ["Cộng", "Cộng"]  # STT and the name merged
    assert len(cells) == 3


def test_a_column_the_province_adds_is_in_the_word_table(two: Project):
    edit(
        two.root / DECLARATION,
        "      tong_so_ho: {",
        "      ho_ngheo_dau_ky: {kieu: so, mo_ta: Hộ nghèo đầu kỳ, tieu_de: Đầu kỳ, cong: true, lay: ke-hoach.ho_ngheo_dau_ky}\n"
        "      tong_so_ho: {",
    )
    edit(
        two.root / DECLARATION,
        "      ho_can_ngheo: {",
        "      thoat_ngheo: {kieu: so, mo_ta: Hộ thoát nghèo năm trước, tieu_de: Thoát nghèo năm trước, cong: true, "
        "lay: ke-hoach.ho_ngheo_thoat_ngheo}\n      ho_can_ngheo: {",
    )
    cells = _built(two)
    header = cells[0]
    assert header[:4] == ["STT", "Xã, thị trấn", "Đầu kỳ", "Tổng số hộ"]  # where the declaration puts it
    assert header[6:8] == ["Thoát nghèo năm trước", "Hộ cận nghèo"]
    assert len(header) == 14
    first, after = header.index("Đầu kỳ"), header.index("Thoát nghèo năm trước")
    assert [r[first] for r in cells[1:]] == ["46", "190", "236"]  # Hà Trung, Giáo Hiệu, Cộng
    assert [r[after] for r in cells[1:]] == ["12", "12", "24"]
    assert cells[1][1] == "Thị trấn Hà Trung" and cells[3][0] == "Cộng"


def test_a_hidden_column_is_not_in_the_word_table(project: Project):
    edit(
        project.root / DECLARATION,
        "tieu_de: Hộ cận nghèo, cong: true,",
        "tieu_de: Hộ cận nghèo, hien: false, cong: true,",
    )
    edit(project.root / DECLARATION, "tieu_de: Dự kiến giảm, cong: true,", "tieu_de: Dự kiến giảm, hien: false, cong: true,")
    header = _built(project)[0]
    assert "Hộ cận nghèo" not in header and "Dự kiến giảm" not in header
    assert header == ["STT", "Thị trấn", *[h for h in PLAN_HEADERS if h not in ("Hộ cận nghèo", "Dự kiến giảm")], *RESULTS]


def test_the_results_columns_only_with_results(project: Project):
    # Without Hà Trung's year-end report and results table, nothing of the results: neither its columns nor those
    # computed from them (đạt % kế hoạch), nor a results column the province adds.
    edit(
        project.root / DECLARATION,
        "      dat_ke_hoach: {",
        "      thoat_ngheo_th: {kieu: so, mo_ta: Hộ thoát nghèo (thực hiện), tieu_de: Thoát nghèo (TH), cong: true, "
        "lay: bao-cao.ho_ngheo_dau_nam}\n      dat_ke_hoach: {",
    )
    cells = _built(project)
    assert cells[0] == ["STT", "Thị trấn", *PLAN_HEADERS, "Hộ nghèo cuối năm (TH)", "Thoát nghèo (TH)", "Đạt % KH"]
    (project.root / "plans/2024-bao-cao.yaml").unlink()
    (project.root / "data/2024/ket_qua.csv").unlink()
    cells = _built(project)
    assert cells[0] == ["STT", "Thị trấn", *PLAN_HEADERS]
    assert cells[2][2:] == ["2.881", "35", "1,21", "82", "2,85", "13", "22", "0,76"]


def test_the_table_stays_inside_the_page(two: Project):
    for key in ("a", "b", "c"):
        edit(
            two.root / DECLARATION,
            "      tong_so_ho: {",
            f"      them_{key}: {{kieu: so, mo_ta: Thêm {key}, tieu_de: Hộ nghèo đầu kỳ ({key}), cong: true, "
            "lay: ke-hoach.ho_ngheo_dau_ky}\n      tong_so_ho: {",
        )
    _built(two)
    document = Document(str(two.root / OUT))
    table = next(t for t in document.tables if t.rows[0].cells[0].text == "STT")
    assert len(table.columns) == 15
    width = sum(int(c.get(qn("w:w"))) for c in table._tbl.tblGrid.findall(qn("w:gridCol")))
    # The table's section: the first whose properties come after it (a landscape one of its own when too wide).
    body = list(document.element.body)
    after = body[body.index(table._tbl) :]
    section = next(
        found
        for element in after
        if (found := element if element.tag == qn("w:sectPr") else element.find(f"{qn('w:pPr')}/{qn('w:sectPr')}")) is not None
    )
    page, margins = section.find(qn("w:pgSz")), section.find(qn("w:pgMar"))
    room = int(page.get(qn("w:w"))) - int(margins.get(qn("w:left"))) - int(margins.get(qn("w:right")))
    assert width <= room


def test_a_column_may_not_take_the_row_numbers_key(project: Project):
    edit(
        project.root / DECLARATION,
        "      tong_so_ho: {",
        "      stt: {kieu: so, mo_ta: Số thứ tự của tỉnh, lay: ke-hoach.tong_so_ho}\n      tong_so_ho: {",
    )
    status, _, err = run(cli.tong_hop, project.root, "2024")
    assert status == cli.EXIT_INPUT
    assert f"{DECLARATION}:" in err and "D010" in err and "cột «stt» là số thứ tự của bảng" in err, err


def test_a_table_moved_to_a_landscape_page_takes_the_line_that_announces_it(project: Project):
    """Too wide for the page, the table goes on a landscape page of its own; the paragraph that announces it
    («… Số liệu từng xã:») goes with it instead of ending the portrait page above."""
    extra = "".join(
        f"      them_{i}: {{kieu: so, mo_ta: Thêm {i}, tieu_de: Thêm {i}, cong: true, lay: ke-hoach.ho_ngheo_dau_ky}}\n"
        for i in range(5)
    )
    edit(project.root / DECLARATION, "      tong_so_ho: {", extra + "      tong_so_ho: {")
    _built(project)
    body = list(Document(str(project.root / OUT)).element.body)
    table = next(e for e in body if e.tag == qn("w:tbl") and "STT" in "".join(e.itertext()))
    lead = body[body.index(table) - 1]
    assert "".join(lead.itertext()).rstrip().endswith("Số liệu từng xã:")
    assert lead.find(f"{qn('w:pPr')}/{qn('w:sectPr')}") is None  # it does not end the portrait section
    portrait_end = body[body.index(lead) - 1].find(f"{qn('w:pPr')}/{qn('w:sectPr')}")
    assert portrait_end is not None and portrait_end.find(qn("w:pgSz")).get(qn("w:orient")) != "landscape"
    after = next(
        found
        for element in body[body.index(table) :]
        if (found := element if element.tag == qn("w:sectPr") else element.find(f"{qn('w:pPr')}/{qn('w:sectPr')}")) is not None
    )
    assert after.find(qn("w:pgSz")).get(qn("w:orient")) == "landscape"


def test_a_template_that_lost_its_fit_mark_still_has_its_columns_fitted(tmp_path: Path):
    """Word and LibreOffice drop a table's description when they save a template, where the generated template
    marks its table for fitting: a table with a column loop is fitted all the same, to the same document."""
    from tests.conftest import copy_project
    from vanban.docx.ooxml.package import part, replace

    shipped, saved = copy_project(tmp_path / "shipped"), copy_project(tmp_path / "saved")
    template = saved.root / "templates" / "tong-hop.docx"
    xml = part(template.read_bytes(), "word/document.xml")
    unmarked = re.sub(rb"<w:tblDescription [^>]*/>", b"", xml)
    assert unmarked != xml
    template.write_bytes(replace(template.read_bytes(), {"word/document.xml": unmarked}))
    for project in (shipped, saved):
        status, _, err = run(cli.tong_hop, project.root, "2024")
        assert status == 0, err
    assert (saved.root / OUT).read_bytes() == (shipped.root / OUT).read_bytes()
