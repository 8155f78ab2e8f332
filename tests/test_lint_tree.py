"""The lint of what a build just made reads the build's own tree; ``lint FILE`` reads the file. Both give the
same findings, for our documents and for hand-made ones changed in memory."""

from __future__ import annotations

from pathlib import Path

import bench  # benchmarks/bench.py, put on sys.path by conftest
import pytest
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import RGBColor

from vanban.commands import cli
from vanban.engine.findings import Finding
from vanban.lint import lint, lint_document
from vanban.pipeline import build
from vanban.project import Project

from .conftest import ROOT, edit
from .test_lint import BROKEN


def _same(document, path: Path) -> list[Finding]:
    from_tree = lint_document(document, "x.docx")
    from_file = lint(path, "x.docx")
    assert from_tree == from_file
    return from_tree


def test_a_build_hands_out_the_tree_its_bytes_were_saved_from(project: Project):
    result = build(project, 2024)
    assert result.written and result.document is not None
    assert _same(result.document, result.output) == []
    again = build(project, 2024)  # nothing changed: nothing rendered, no tree
    assert again.skipped and again.document is None


def test_tree_and_file_agree_on_a_draft_with_findings(project: Project):
    edit(project.plan_file(2024), "  ho_ten: Cù Văn Hân", "  ho_ten: CÙ VĂN HÂN")
    result = build(project, 2024, draft=True)
    assert result.written
    findings = _same(result.document, result.output)
    assert "L141" in {f.code for f in findings}


def test_tree_and_file_agree_on_the_report_with_its_chart(project: Project):
    result = build(project, 2024, kind="bao-cao", period="ca-nam")
    assert result.written and result.document is not None
    _same(result.document, result.output)


def test_tree_and_file_agree_on_a_long_generated_table(tmp_path: Path):
    result = build(Project(bench.scaled_project(ROOT, tmp_path / "rows", 300)), 2024)
    assert _same(result.document, result.output) == []


@pytest.mark.parametrize("name", list(BROKEN))
def test_tree_and_file_agree_on_each_hand_broken_copy(name: str, built_2024: Path, tmp_path: Path):
    change, code = BROKEN[name]
    document = Document(str(built_2024))
    change(document)
    saved = tmp_path / "broken.docx"
    document.save(str(saved))
    assert [f.code for f in _same(document, saved)] == [code]


def test_tree_and_file_agree_on_cells_changed_in_memory(tmp_path: Path):
    built = build(Project(bench.scaled_project(ROOT, tmp_path / "rows", 40)), 2024)
    unit = next(t for t in built.document.tables if t.rows[0].cells[0].text == "STT")
    unit.rows[1].cells[1].paragraphs[0].runs[0].font.name = "Arial"
    unit.rows[2].cells[2].paragraphs[0].runs[0].font.color.rgb = RGBColor(0xC0, 0, 0)
    unit.rows[3].cells[1].paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    saved = tmp_path / "cells.docx"
    built.document.save(str(saved))
    assert {f.code for f in _same(built.document, saved)} == {"L104", "L105"}


def test_build_lints_the_tree_and_never_reopens_its_file(project: Project, capsys, monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("the build's lint read the file it had just written")

    monkeypatch.setattr("vanban.lint.lint", refuse)
    edit(project.plan_file(2024), "  ho_ten: Cù Văn Hân", "  ho_ten: CÙ VĂN HÂN")
    assert cli.build(project.root, 2024) == cli.EXIT_OK
    assert "L141" in capsys.readouterr().err


def _paras(document) -> list[tuple]:
    from vanban.lint.document import DocxLayout

    return [
        (q.text, q.layout, q.index, q.tbl, q.row, q.col, q.cell, q.width, q.el, [(pc.start, pc.end, pc.fmt) for pc in q.pieces])
        for q in DocxLayout(document).paras
    ]


def test_rows_read_from_their_text_are_read_as_element_by_element(tmp_path: Path, monkeypatch):
    """A generated table's rows are read from their serialization, one shape read element by element for
    many rows (``DocxLayout._row_from_text``); every paragraph comes out as the element-by-element walk reads
    it, for rows of one shape and rows made different in memory (an entity, a bold run, an empty text, a
    tab, decomposed Vietnamese, a second paragraph)."""
    built = build(Project(bench.scaled_project(ROOT, tmp_path / "rows", 40)), 2024)
    unit = next(t for t in built.document.tables if t.rows[0].cells[0].text == "STT")
    unit.rows[1].cells[1].paragraphs[0].runs[0].text = "Thôn A & B <1>"
    unit.rows[2].cells[1].paragraphs[0].runs[0].font.bold = True
    unit.rows[3].cells[1].paragraphs[0].runs[0].text = ""
    unit.rows[4].cells[1].paragraphs[0].runs[0].text = "Thôn\tB"
    unit.rows[5].cells[1].paragraphs[0].runs[0].text = "Tho\u0302n Nu\u031bo\u031b\u0301c\u00a0Ma\u0323"
    unit.rows[6].cells[1].add_paragraph("thêm một đoạn")
    unit.rows[7].cells[2].paragraphs[0].runs[0].text = "Thôn 00007"  # another row's text, the same shape
    from_text = _paras(built.document)
    monkeypatch.setattr("vanban.lint.document.DocxLayout._row_from_text", lambda *args: False)
    assert from_text == _paras(built.document)
    assert len(from_text) > 40 * 7


def test_documents_rendered_from_one_template_share_its_style_index_and_keep_their_own_findings(tmp_path: Path):
    """``build --all`` lints hundreds of trees copied from one parsed template: they share its styles, so the
    lint's style index is made once for all of them; each document's findings are still its own."""
    from vanban.docx.ooxml import format as ooxml_format
    from vanban.pipeline import rendered, run_checks

    project = Project(bench.scaled_project(ROOT, tmp_path / "rows", 12))
    checked = run_checks(project, 2024)
    first, second, third = (rendered(project, checked).document for _ in range(3))
    unit = next(t for t in second.tables if t.rows[0].cells[0].text == "STT")
    unit.rows[1].cells[1].paragraphs[0].runs[0].font.name = "Arial"
    paths = []
    for n, document in enumerate((first, second, third)):
        paths.append(tmp_path / f"{n}.docx")
        document.save(str(paths[-1]))
    assert [f.code for f in lint_document(first, "x.docx")] == []
    assert [f.code for f in _same(second, paths[1])] == ["L104"]
    assert _same(third, paths[2]) == [] and _same(first, paths[0]) == []
    shared = {id(ooxml_format.styles_index(d.part)) for d in (first, second, third)}
    assert len(shared) == 1  # one index for the three trees; the files read from disk each had their own
