"""The results report as a real client draws it: LibreOffice's PDF read back, page 1 and the chart page as PNG.

Skips without LibreOffice on a developer's machine and fails in CI, as tests/test_pdf.py.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from vanban.office import pdf
from vanban.pipeline import build

from .conftest import copy_project
from .test_pdf import A4, LEFT, MM, RIGHT, find, require, same_line

pytestmark = pytest.mark.office

pdfplumber = pytest.importorskip("pdfplumber")


@pytest.fixture(scope="module")
def converted(tmp_path_factory: pytest.TempPathFactory) -> Path:
    require(pdf.find_soffice(), "LibreOffice (soffice)")
    project = copy_project(tmp_path_factory.mktemp("report-pdf") / "project")
    result = build(project, 2024, kind="bao-cao")
    assert result.written, result.findings
    return pdf.to_pdf(result.output)


@pytest.fixture(scope="module")
def document(converted: Path):
    with pdfplumber.open(converted) as opened:
        yield opened


def test_pages_are_a4_and_text_is_liberation_serif(document):
    assert len(document.pages) >= 3
    for page in document.pages:
        assert abs(page.width - A4[0]) < 1 and abs(page.height - A4[1]) < 1
    fonts = {char["fontname"].split("+")[-1] for page in document.pages for char in page.chars}
    # The chart is a picture: its DejaVu letters never reach the PDF's text, so no fallback font shows.
    assert fonts and all(name.startswith("LiberationSerif") for name in fonts), fonts


def test_page_one_reads_as_a_bao_cao(document):
    page = document.pages[0]
    number, date = find(page, "/BC-UBND"), find(page, "Hà Trung, ngày 20 tháng 12 năm 2024")
    assert same_line(number, date) and number["x1"] < date["x0"]
    title = find(page, "BÁO CÁO")
    assert abs((title["x0"] + title["x1"]) / 2 - (LEFT + (A4[0] - LEFT - RIGHT) / 2)) < 2 * MM
    # The trích yếu may be broken over two lines (balanced, issue 21): its words, in order.
    assert "Kết quả thực hiện kế hoạch giảm nghèo năm 2024" in " ".join(page.extract_text().split())


def test_chart_sits_inside_the_text_block_below_its_table(document):
    pages = [p for p in document.pages if p.images]
    assert len(pages) == 1
    (image,) = pages[0].images
    width = image["x1"] - image["x0"]
    assert abs(width - 160 * MM) < 2 * MM  # drawn at 160 mm, in a 165 mm text block
    assert image["x0"] >= LEFT - 1 and image["x1"] <= A4[0] - RIGHT + 1
    assert image["bottom"] <= A4[1] - 20 * MM  # above the bottom margin


def test_page_images_can_be_looked_at(converted: Path, tmp_path: Path):
    """Page 1 and the chart's page as PNG (the developer looks at them: build/…/preview/ via invoke preview)."""
    require(pdf.find_pdftoppm(), "poppler (pdftoppm)")
    pages = pdf.to_png(converted, tmp_path / "preview", resolution=40)
    assert len(pages) >= 3 and all(p.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" for p in pages)


def test_preview_command_for_the_report(tmp_path: Path, capsys):
    from vanban.commands import cli

    require(pdf.find_soffice(), "LibreOffice (soffice)")
    require(pdf.find_pdftoppm(), "poppler (pdftoppm)")
    project = copy_project(tmp_path / "project")
    assert cli.preview(project.root, "2024", resolution=30, kind="bao-cao", ky="6-thang") == 0
    folder = project.build_dir(2024) / "preview" / "bao-cao-so-ket-6-thang-giam-ngheo-2024"
    assert sorted(p.name for p in folder.glob("*.png"))[:1] == ["trang-1.png"]
    assert (project.build_dir(2024) / "bao-cao-so-ket-6-thang-giam-ngheo-2024.pdf").exists()
    assert not (project.build_dir(2024) / "preview" / "trang-1.png").exists()  # the plan's previews are its own
