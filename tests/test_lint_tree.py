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
