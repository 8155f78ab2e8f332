"""The linter on a long table reads every row as it reads a short table's (no time is asserted here;
``invoke bench`` measures the lint of 10 to 5 000 rows)."""

from __future__ import annotations

from pathlib import Path

import bench  # benchmarks/bench.py, put on sys.path by conftest
import pytest
from docx import Document
from docx.shared import RGBColor

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
