"""Every .docx the project writes is valid OOXML (ECMA-376, as Word and the Open XML SDK read it)."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pytest

from vanban.docx.redline import redline
from vanban.pipeline import build, document_bytes, run_checks
from vanban.project import Project
from vanban.review.newyear import new_year

from .conftest import ROOT
from .ooxml import assert_valid_docx, docx_findings


def test_the_template_is_valid():
    assert_valid_docx(ROOT / "templates" / "ke-hoach.docx")


def test_the_plan_and_the_draft_are_valid(project: Project):
    assert_valid_docx(build(project, 2024).output)
    assert_valid_docx(build(project, 2024, draft=True).output)


def test_the_redline_is_valid(project: Project):
    """Units added and removed, text rewritten: every kind of tracked change the redline writes."""
    from .test_review import fill_2025

    new_year(project, 2025)
    fill_2025(project)
    rows = project.units_file(2025).read_text(encoding="utf-8").splitlines()
    rows.insert(4, "Tiểu khu 3B,100,1,,0,,Lê Văn A")
    rows = [r for r in rows if not r.startswith("TK Tương Lạc")]
    project.units_file(2025).write_text("\n".join(rows) + "\n", encoding="utf-8")
    plan = project.plan_file(2025)
    plan.write_text(plan.read_text(encoding="utf-8").replace("đoàn để tiến hành", "tổ công tác"), encoding="utf-8")
    old = document_bytes(project, run_checks(project, 2024))
    new = document_bytes(project, run_checks(project, 2025))
    red = redline(old, new)
    assert b"<w:del " in zipfile.ZipFile(io.BytesIO(red)).read("word/document.xml")
    assert_valid_docx(red)


def _with_document_xml(docx: Path, change) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(docx) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "word/document.xml":
                data = change(data.decode("utf-8")).encode("utf-8")
            target.writestr(info.filename, data)
    return out.getvalue()


@pytest.mark.parametrize(
    "change",
    [
        # what tools/make_template.py wrote before: tblLayout twice, borders and margins after tblLook
        lambda xml: xml.replace('<w:tblLayout w:type="fixed"/>', '<w:tblLayout w:type="fixed"/><w:tblLayout w:type="fixed"/>'),
        lambda xml: re.sub(r"(<w:tblBorders>.*?</w:tblBorders>)(.*?<w:tblLook [^>]*/>)", r"\2\1", xml, count=1),
    ],
    ids=["tblLayout-twice", "tblBorders-after-tblLook"],
)
def test_the_validator_catches_misordered_table_properties(change):
    broken = _with_document_xml(ROOT / "templates" / "ke-hoach.docx", change)
    assert any("tblPr" in f for f in docx_findings(broken))
    with pytest.raises(AssertionError, match="breaks the OOXML schema"):
        assert_valid_docx(broken)
