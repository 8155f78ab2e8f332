"""Rules sized to their text (Decree 30, Phụ lục I, II.1.b, II.2.b, II.5.b), for any commune's header."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from vanban.docx.metrics import text_width_mm
from vanban.lint import lint
from vanban.pipeline import build
from vanban.project import Project

from .conftest import copy_project, edit
from .ooxml import assert_valid_docx

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
TWIPS_PER_MM = 1440 / 25.4
SHORT_SUMMARY = "Giảm nghèo năm ${nam}"


def giao_hieu(project: Project, *, summary: str | None = None) -> Path:
    """The plan of another commune, with a much shorter name (and, optionally, a short trích yếu)."""
    plan = project.plan_file(2024)
    edit(plan, "    - THỊ TRẤN HÀ TRUNG\n", "    - XÃ GIÁO HIỆU\n")
    if summary:
        text = plan.read_text(encoding="utf-8")
        start = text.index("  trich_yeu: ")
        end = text.index("\n", start)
        plan.write_text(text[:start] + f"  trich_yeu: {summary}" + text[end:], encoding="utf-8")
    result = build(project, 2024)
    assert result.written, result.findings
    return result.output


def rules_and_text(docx: Path) -> dict[str, tuple[float, str]]:
    """Each rule's length in mm, by the style of the text above it, with that text."""
    from docx import Document

    document = Document(str(docx))
    root = document.element
    section = root.find(f"{W}body/{W}sectPr")
    page = int(section.find(f"{W}pgSz").get(f"{W}w"))
    margins = section.find(f"{W}pgMar")
    body_width = page - int(margins.get(f"{W}left")) - int(margins.get(f"{W}right"))
    found = {}
    for p in root.iter(f"{W}p"):
        if p.find(f"{W}pPr/{W}pStyle") is None or p.find(f"{W}pPr/{W}pStyle").get(f"{W}val") != "VBDuongKe":
            continue
        above = p.getprevious()
        cell = p.getparent()
        width = int(cell.find(f"{W}tcPr/{W}tcW").get(f"{W}w")) if cell.tag == f"{W}tc" else body_width
        ind = p.find(f"{W}pPr/{W}ind")
        length = (width - int(ind.get(f"{W}left")) - int(ind.get(f"{W}right"))) / TWIPS_PER_MM
        style = above.find(f"{W}pPr/{W}pStyle").get(f"{W}val")
        found[style] = (length, "".join(t.text for t in above.iter(f"{W}t")))
    return found


def test_the_rules_follow_another_communes_name_and_a_short_summary(project: Project):
    docx = giao_hieu(project, summary=SHORT_SUMMARY)
    codes = [f.code for f in lint(docx)]
    assert "L114" not in codes and "L120" not in codes, codes
    assert codes == []
    rules = rules_and_text(docx)
    length, text = rules["VBCoQuan"]
    assert text == "XÃ GIÁO HIỆU"
    assert abs(length - 5 / 12 * text_width_mm(text, 13, bold=True)) < 0.2
    length, text = rules["VBTrichYeu"]
    assert text == "Giảm nghèo năm 2024"
    assert abs(length - 5 / 12 * text_width_mm(text, 14, bold=True)) < 0.2
    length, text = rules["VBTieuNgu"]
    assert abs(length - text_width_mm(text, 14, bold=True)) < 0.2
    assert_valid_docx(docx)


def test_a_summary_longer_than_a_line_gets_5_12_of_the_line(project: Project):
    docx = build(project, 2024).output
    length, text = rules_and_text(docx)["VBTrichYeu"]
    assert text_width_mm(text, 14, bold=True) > 165  # wraps: the line is the text width, 165 mm
    assert abs(length - 5 / 12 * 165) < 0.2
    length, _ = rules_and_text(docx)["VBCoQuan"]
    assert abs(length - 5 / 12 * text_width_mm("THỊ TRẤN HÀ TRUNG", 13, bold=True)) < 0.2


# ---------------------------------------------------------------- as LibreOffice draws them


def _require_libreoffice() -> None:
    from vanban.office import pdf

    if pdf.find_soffice() is None:
        if os.environ.get("CI") == "true":
            pytest.fail("CI must run the real-client tests: LibreOffice (soffice) is not installed")
        pytest.skip("LibreOffice (soffice) chưa được cài")


def _rule_under(page, words, *, tolerance_mm: float = 6):
    MM = 72 / 25.4
    rules = [
        e
        for e in page.edges
        if e["orientation"] == "h" and words["bottom"] < e["top"] < words["bottom"] + tolerance_mm * MM and e["x1"] - e["x0"] > MM
    ]
    assert rules, f"no rule under {words['text']!r}"
    return min(rules, key=lambda e: e["top"])


@pytest.mark.parametrize("commune", ["Hà Trung", "Giáo Hiệu"])
@pytest.mark.office
def test_rules_measured_in_the_pdf(tmp_path: Path, commune: str):
    """The agency and trích yếu rules are 1/3–1/2 of their line, centred under it, as LibreOffice draws them."""
    _require_libreoffice()
    pdfplumber = pytest.importorskip("pdfplumber")
    from vanban.office import pdf

    project = copy_project(tmp_path / "project")
    if commune == "Giáo Hiệu":
        docx, agency, summary = giao_hieu(project, summary=SHORT_SUMMARY), "XÃ GIÁO HIỆU", "Giảm nghèo năm 2024"
    else:
        docx, agency, summary = build(project, 2024).output, "THỊ TRẤN HÀ TRUNG", "trên địa bàn thị trấn Hà Trung"
    with pdfplumber.open(pdf.to_pdf(docx)) as document:
        page = document.pages[0]
        for text in (agency, summary):
            words = page.search(text)[0]
            rule = _rule_under(page, words)
            if text == summary and commune == "Hà Trung":  # two lines: the first is the full text width
                line = page.width - (30 + 15) * 72 / 25.4
                middle = page.width / 2 + (30 - 15) / 2 * 72 / 25.4
            else:
                line = words["x1"] - words["x0"]
                middle = (words["x0"] + words["x1"]) / 2
            ratio = (rule["x1"] - rule["x0"]) / line
            assert 1 / 3 <= ratio <= 1 / 2, (text, ratio)
            assert abs((rule["x0"] + rule["x1"]) / 2 - middle) < 72 / 25.4, text  # centred within 1 mm
