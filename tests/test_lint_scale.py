"""The linter on a long table reads every row as it reads a short table's (no time is asserted here;
``invoke bench`` measures the lint of 10 to 5 000 rows)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import bench  # benchmarks/bench.py, put on sys.path by conftest
import pytest
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt, RGBColor

from vanban.engine.findings import Severity
from vanban.lint import DocxLayout, lint, open_docx
from vanban.pipeline import build
from vanban.project import Project

from .conftest import ROOT

SHORT, LONG = 12, 300


@pytest.fixture(scope="module")
def plans(tmp_path_factory: pytest.TempPathFactory) -> dict[int, Path]:
    out = {}
    for rows in (SHORT, LONG):
        project = Project(bench.scaled_project(ROOT, tmp_path_factory.mktemp(f"rows-{rows}"), rows))
        result = build(project, 2024)
        assert result.written and result.findings == []
        out[rows] = result.output
    return out


def _resolved(path: Path) -> set[tuple]:
    """Where each paragraph stands and how it and its runs are displayed, without the text."""
    layout = DocxLayout(open_docx(path))
    return {(q.tbl is None, q.col, q.width, q.layout, tuple(pc.fmt for pc in q.pieces)) for q in layout.paras}


def test_every_row_of_a_long_table_resolves_like_a_short_tables(plans: dict[int, Path]):
    short, long = _resolved(plans[SHORT]), _resolved(plans[LONG])
    assert short == long
    assert len(short) > 10  # header, data and total cells, body paragraphs: not a vacuous comparison


def _break_the_unit_table(built: Path, out: Path) -> Path:
    """Arial on the first unit's name and on "Cộng", red on "Cộng": the same cells in any length of table."""
    doc = Document(str(built))
    unit = next(t for t in doc.tables if t.rows[0].cells[0].text == "STT")
    first_unit = unit.rows[1].cells[1].paragraphs[0].runs[0]
    total = unit.rows[-1].cells[0].paragraphs[0].runs[0]
    assert first_unit.text == "Thôn 00001" and total.text == "Cộng"
    first_unit.font.name = total.font.name = "Arial"
    total.font.color.rgb = RGBColor(0xC0, 0, 0)
    doc.save(str(out))
    return out


def test_a_long_table_gives_the_findings_of_a_short_one(plans: dict[int, Path], tmp_path: Path):
    assert lint(plans[SHORT]) == lint(plans[LONG]) == []
    short = lint(_break_the_unit_table(plans[SHORT], tmp_path / "short.docx"), "x.docx")
    long = lint(_break_the_unit_table(plans[LONG], tmp_path / "long.docx"), "x.docx")
    assert [f.code for f in short] == ["L104", "L105"]
    assert "2 đoạn dùng phông «Arial»" in short[0].message
    assert long == short


# ---------------------------------------------------------------- formatting resolved once per distinct rPr/pPr
#
# The linter resolves each distinct formatting once (keyed by the styles and the serialized rPr/pPr) and
# shares it between the cells that repeat it. These tests fail if a cached formatting leaks between cells
# of the same style whose direct formatting differs, or if sharing changes a finding.


def _break_cells(built: Path, out: Path) -> Path:
    """Cells of one style (VBBangChu, "Thôn …") and of another (VBBang, figures), each given its own direct
    formatting, two of them the same; their neighbours keep none."""
    doc = Document(str(built))
    unit = next(t for t in doc.tables if t.rows[0].cells[0].text == "STT")
    rows = unit.rows
    rows[1].cells[1].paragraphs[0].runs[0].font.name = "Arial"
    rows[2].cells[1].paragraphs[0].runs[0].font.size = Pt(11)
    rows[3].cells[2].paragraphs[0].runs[0].font.color.rgb = RGBColor(0xC0, 0, 0)
    rows[4].cells[1].paragraphs[0].runs[0].font.color.rgb = RGBColor(0, 0, 0xFF)
    rows[5].cells[1].paragraphs[0].runs[0].font.name = "Calibri"
    rows[6].cells[1].paragraphs[0].runs[0].font.bold = True
    for row in (7, 9):  # the same direct formatting twice: one entry in the memo, two paragraphs
        rows[row].cells[1].paragraphs[0].runs[0].font.color.rgb = RGBColor(0xFF, 0, 0)
    rows[8].cells[1].paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT  # a pPr that changes the layout
    doc.save(str(out))
    return out


EXPECTED_BROKEN = [
    ("L104", "Phụ lục I, I.4: 1 đoạn dùng phông «Arial», đầu tiên «Thôn 00001»; quy định phông Times New Roman."),
    ("L104", "Phụ lục I, I.4: 1 đoạn dùng phông «Calibri», đầu tiên «Thôn 00005»; quy định phông Times New Roman."),
    ("L105", "Phụ lục I, I.4: 1 đoạn có chữ màu #0000FF, đầu tiên «Thôn 00004»; quy định màu đen."),
    ("L105", "Phụ lục I, I.4: 1 đoạn có chữ màu #C00000, đầu tiên «4»; quy định màu đen."),
    ("L105", "Phụ lục I, I.4: 2 đoạn có chữ màu #FF0000, đầu tiên «Thôn 00007»; quy định màu đen."),
]


def test_the_long_plan_and_its_broken_cells_give_exactly_the_expected_findings(plans: dict[int, Path], tmp_path: Path):
    assert lint(plans[LONG], "x.docx") == []
    broken = lint(_break_cells(plans[LONG], tmp_path / "broken.docx"), "x.docx")
    assert [(f.code, f.message) for f in broken] == EXPECTED_BROKEN
    assert all(f.severity == Severity.ERROR and f.place.file == "x.docx" for f in broken)


def test_cells_of_one_style_keep_their_own_direct_formatting(plans: dict[int, Path], tmp_path: Path):
    layout = DocxLayout(open_docx(_break_cells(plans[LONG], tmp_path / "broken.docx")))
    by_text = {q.text: q for q in layout.paras if q.tbl is not None}
    plain = by_text["Thôn 00003"].pieces[0].fmt  # no direct formatting: what the style gives
    assert (plain.font_ascii, plain.size, plain.color, plain.bold) == ("Times New Roman", 12.0, None, False)
    # each cell differs from the plain one in exactly what it was given, however often its style repeats
    expected = {
        "Thôn 00001": replace(plain, font_ascii="Arial", font_hansi="Arial"),
        "Thôn 00002": replace(plain, size=11.0),
        "Thôn 00003": plain,
        "Thôn 00004": replace(plain, color="0000FF"),
        "Thôn 00005": replace(plain, font_ascii="Calibri", font_hansi="Calibri"),
        "Thôn 00006": replace(plain, bold=True),
        "Thôn 00007": replace(plain, color="FF0000"),
        "Thôn 00008": plain,
        "Thôn 00009": replace(plain, color="FF0000"),
        "Thôn 00010": plain,
    }
    assert {text: by_text[text].pieces[0].fmt for text in expected} == expected
    cells = {(q.row, q.col): q for q in layout.paras if q.tbl is by_text["Thôn 00003"].tbl}
    figures = cells[(10, 2)].pieces[0].fmt  # the other style (VBBang), no direct formatting
    assert cells[(3, 2)].pieces[0].fmt == replace(figures, color="C00000")
    plain_layout = by_text["Thôn 00003"].layout
    assert plain_layout.alignment != "right"
    assert by_text["Thôn 00008"].layout == replace(plain_layout, alignment="right")
    assert by_text["Thôn 00007"].layout == by_text["Thôn 00009"].layout == plain_layout


def test_cells_with_several_paragraphs_a_content_control_or_a_table_are_read_in_order(tmp_path: Path):
    """A cell is read in one pass when it holds only paragraphs; a content control or a nested table in it
    sends it through the container walk: both give every paragraph, in order, in its own cell and column."""
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    doc = Document()
    table = doc.add_table(rows=1, cols=3)
    first, second, third = table.rows[0].cells
    first.paragraphs[0].text = "một"
    first.add_paragraph("hai")
    second.paragraphs[0].text = "ba"
    sdt = parse_xml(f"<w:sdt {nsdecls('w')}><w:sdtContent><w:p><w:r><w:t>bốn</w:t></w:r></w:p></w:sdtContent></w:sdt>")
    second._tc.append(sdt)
    third.paragraphs[0].text = "năm"
    inner = third.add_table(rows=1, cols=1)
    inner.rows[0].cells[0].paragraphs[0].text = "sáu"  # python-docx adds an empty paragraph after the table
    third.add_paragraph("bảy")
    path = tmp_path / "cells.docx"
    doc.save(str(path))
    layout = DocxLayout(open_docx(path))
    cells = [(q.text, q.col, q.cell is not None) for q in layout.paras if q.tbl is not None]
    assert cells == [("một", 0, True), ("hai", 0, True), ("ba", 1, True), ("bốn", 1, True),
                     ("năm", 2, True), ("sáu", 0, True), ("", 2, True), ("bảy", 2, True)]  # fmt: skip
    by_text = {q.text: q for q in layout.paras}
    assert by_text["một"].cell is by_text["hai"].cell is not by_text["ba"].cell
    assert by_text["bốn"].cell is by_text["ba"].cell
    assert by_text["bảy"].cell is by_text["năm"].cell is not by_text["sáu"].cell
    assert by_text["sáu"].tbl is not by_text["bảy"].tbl is by_text["một"].tbl
    assert by_text["một"].width == by_text["hai"].width > 0


def test_a_paragraph_property_after_the_runs_still_counts(tmp_path: Path):
    """Word writes the pPr first; a file that puts it after a run is read the same (its alignment, its style)."""
    doc = Document()
    para = doc.add_paragraph("Nội dung")
    para.alignment = WD_ALIGN_PARAGRAPH.CENTER
    para.style = doc.styles["Heading 1"]
    p = para._p
    p.append(p.pPr)  # moved after the run
    assert p[0].tag.endswith("}r")
    path = tmp_path / "late-ppr.docx"
    doc.save(str(path))
    layout = DocxLayout(open_docx(path))
    (read,) = [q for q in layout.paras if q.text == "Nội dung"]
    assert read.layout.alignment == "center" and read.layout.style_id == "Heading1"
    assert [read.text[pc.start : pc.end] for pc in read.pieces] == ["Nội dung"]
