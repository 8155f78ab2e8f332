"""The 2024 plan as a real client draws it: converted by LibreOffice, read back from the PDF.

LibreOffice and poppler are system tools. Without them these tests skip with a
reason on a developer's machine; in CI (CI=true), where .ci/run installs them,
they fail instead, so a broken install can never pass as "skipped".
"""

from __future__ import annotations

import os
import shutil
import stat
from pathlib import Path

import pytest

from vanban.commands import cli
from vanban.engine.findings import InputError
from vanban.office import pdf
from vanban.pipeline import build

from .builders import set_cells
from .conftest import copy_project, soffice_convert
from .ooxml import LIBREOFFICE_ON_OFF, assert_valid_docx

pytestmark = pytest.mark.office

try:
    import pdfplumber
except ImportError:  # the `test` extra installs it; CI must not skip for want of it
    if os.environ.get("CI") == "true":
        raise
    pytest.skip("pdfplumber chưa được cài (pip install -e '.[test]')", allow_module_level=True)

MM = 72 / 25.4  # PDF points per millimetre
A4 = (210 * MM, 297 * MM)
LEFT, RIGHT, TOP = 30 * MM, 15 * MM, 20 * MM  # the template's margins (Phụ lục I, I.3)
EXPECTED_PAGES = 7  # the 2024 plan as LibreOffice lays it out with Liberation Serif


def require(tool: str | None, name: str) -> None:
    if tool is not None:
        return
    reason = f"{name} chưa được cài ({pdf.INSTALL_HINT})"
    if os.environ.get("CI") == "true":
        pytest.fail(f"CI must run the real-client tests: {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def converted(tmp_path_factory: pytest.TempPathFactory) -> Path:
    require(pdf.find_soffice(), "LibreOffice (soffice)")
    project = copy_project(tmp_path_factory.mktemp("pdf") / "project")
    result = build(project, 2024)
    assert result.written, result.findings
    return pdf.to_pdf(result.output)


@pytest.fixture(scope="module")
def document(converted: Path):
    with pdfplumber.open(converted) as opened:
        yield opened


def find(page, text: str) -> dict:
    found = page.search(text, regex=False)
    assert found, f"{text!r} not on page {page.page_number}"
    return found[0]


def same_line(a: dict, b: dict) -> bool:
    return abs(a["top"] - b["top"]) < 2


def test_every_page_is_a4_and_the_count_is_stable(document):
    assert len(document.pages) == EXPECTED_PAGES
    for page in document.pages:
        assert abs(page.width - A4[0]) < 1 and abs(page.height - A4[1]) < 1, page.page_number


def test_text_is_set_in_times_metrics_without_fallback_fonts(document):
    """Liberation Serif stands in for Times New Roman; a fallback (DejaVu…) means missing glyphs."""
    fonts = {char["fontname"].split("+")[-1] for page in document.pages for char in page.chars}
    assert fonts and all(name.startswith("LiberationSerif") or "TimesNewRoman" in name for name in fonts), fonts


def top_margin_words(page) -> list[dict]:
    return [w for w in page.extract_words() if w["bottom"] <= TOP]


def test_no_page_number_on_page_one_and_centred_number_from_page_two(document):
    assert top_margin_words(document.pages[0]) == []
    centre = LEFT + (A4[0] - LEFT - RIGHT) / 2
    for page in document.pages[1:]:
        words = top_margin_words(page)
        assert [w["text"] for w in words] == [str(page.page_number)]
        middle = (words[0]["x0"] + words[0]["x1"]) / 2
        assert abs(middle - centre) < 2 * MM, (page.page_number, middle / MM, centre / MM)


def test_header_blocks_side_by_side_on_page_one(document):
    page = document.pages[0]
    agency, national = find(page, "ỦY BAN NHÂN DÂN"), find(page, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
    name, motto = find(page, "THỊ TRẤN HÀ TRUNG"), find(page, "Độc lập - Tự do - Hạnh phúc")
    number, date = find(page, "/KH-UBND"), find(page, "Hà Trung, ngày 04 tháng 01 năm 2024")
    for left, right in ((agency, national), (name, motto), (number, date)):
        assert same_line(left, right), (left["text"], right["text"])
        assert left["x1"] < right["x0"]
    assert agency["top"] < TOP + 10 * MM  # at the top of the first page
    # The motto and the date are centred under the national title.
    middle = (national["x0"] + national["x1"]) / 2
    for under in (motto, date):
        assert abs((under["x0"] + under["x1"]) / 2 - middle) < 1.5 * MM


def test_motto_rule_is_as_long_as_the_motto(document):
    page = document.pages[0]
    motto = find(page, "Độc lập - Tự do - Hạnh phúc")
    width = motto["x1"] - motto["x0"]
    rules = [
        edge
        for edge in page.edges
        if edge["orientation"] == "h"
        and motto["bottom"] < edge["top"] < motto["bottom"] + 6 * MM
        and edge["x0"] > A4[0] / 2 - 20 * MM
    ]
    assert rules, "no rule under the motto"
    length = max(edge["x1"] - edge["x0"] for edge in rules)
    assert abs(length - width) <= 0.10 * width, (length / MM, width / MM)


def test_unit_table_stays_within_the_text_width(document):
    tables = [(page, table) for page in document.pages for table in page.find_tables() if table.extract()[0][0] == "STT"]
    assert len(tables) == 1
    page, table = tables[0]
    x0, _top, x1, _bottom = table.bbox
    assert x0 >= LEFT - 0.5 * MM and x1 <= A4[0] - RIGHT + 0.5 * MM, (x0 / MM, x1 / MM)


def test_recipients_and_signature_side_by_side_on_one_page(document):
    pages = [page for page in document.pages if page.search("Nơi nhận:")]
    assert len(pages) == 1
    page = pages[0]
    label = find(page, "Nơi nhận:")
    authority, name = find(page, "TM. ỦY BAN NHÂN DÂN"), find(page, "Cù Văn Hân")
    last_recipient = find(page, "Lưu: VT, LĐTBXH.")
    assert abs(label["top"] - authority["top"]) < 3 * MM  # on the line of the signing authority
    assert label["x1"] < authority["x0"] and last_recipient["x1"] < name["x0"]
    assert label["x0"] < LEFT + 1 * MM  # flush with the left margin
    assert name["top"] > authority["top"] + 20 * MM  # room for the signature and seal


def test_preview_draws_one_png_per_page(converted: Path, document, tmp_path: Path):
    require(pdf.find_pdftoppm(), "pdftoppm (poppler-utils)")
    pages = pdf.to_png(converted, tmp_path / "preview", resolution=40)
    assert [p.name for p in pages] == [f"trang-{n}.png" for n in range(1, len(document.pages) + 1)]
    for page in pages:
        assert page.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_invoke_pdf_and_preview_write_into_build(tmp_path: Path, capsys):
    require(pdf.find_soffice(), "LibreOffice (soffice)")
    require(pdf.find_pdftoppm(), "pdftoppm (poppler-utils)")
    project = copy_project(tmp_path / "project")
    assert cli.preview(project.root, "2024", resolution=30) == 0
    out = capsys.readouterr()
    assert "build/2024/ke-hoach-giam-ngheo-2024.pdf: đã ghi." in out.out and "Traceback" not in out.err
    assert (project.root / "build/2024/ke-hoach-giam-ngheo-2024.pdf").stat().st_size > 10_000
    assert (project.root / "build/2024/preview/trang-1.png").is_file()


def test_a_refused_preview_sets_its_old_pages_aside(tmp_path: Path, capsys):
    """Issue 18, one rule for outputs: pages of an older version never stay under the real names beside a
    refused build; they become «trang-1.cu.png» and the user is told (F012)."""
    require(pdf.find_soffice(), "LibreOffice (soffice)")
    require(pdf.find_pdftoppm(), "pdftoppm (poppler-utils)")
    project = copy_project(tmp_path / "project")
    assert cli.preview(project.root, "2024", resolution=20) == 0
    folder = project.root / "build/2024/preview"
    pages = pdf.page_images(folder)
    assert pages
    capsys.readouterr()
    set_cells(project.units_file(2024), "Tiểu khu 1", ty_le_ho_ngheo="9.99")  # a stated rate its figures do not give
    assert cli.preview(project.root, "2024", resolution=20) == 1
    err = capsys.readouterr().err
    assert "R001" in err and "F012" in err and "trang-1.cu.png" in err, err
    assert pdf.page_images(folder) == []
    assert all(page.with_name(f"{page.stem}.cu.png").is_file() for page in pages)


def test_pages_are_replaced_whole_or_not_at_all(monkeypatch, tmp_path: Path):
    """A drawing that fails half-way leaves the previous pages as they were, never a mix of old and new."""
    folder = tmp_path / "preview"
    folder.mkdir()
    for n in (1, 2):
        (folder / f"trang-{n}.png").write_bytes(b"old")
    fake = tmp_path / "pdftoppm"
    fake.write_text('#!/bin/sh\nfor last; do :; done\nprintf new > "$last-1.png"\nexit 1\n')
    fake.chmod(fake.stat().st_mode | stat.S_IXUSR)
    monkeypatch.setattr(pdf, "find_pdftoppm", lambda: str(fake))
    with pytest.raises(InputError) as caught:
        pdf.to_png(tmp_path / "a.pdf", folder)
    assert caught.value.findings[0].code == "E004"
    assert sorted(p.name for p in folder.iterdir()) == ["trang-1.png", "trang-2.png"]
    assert {p.read_bytes() for p in folder.iterdir()} == {b"old"}


# ---------------------------------------------------------------- failures, with or without LibreOffice


def test_missing_libreoffice_is_a_clear_error(monkeypatch, tmp_path: Path, capsys):
    monkeypatch.setattr(shutil, "which", lambda name: None)
    monkeypatch.setattr(pdf, "find_soffice", lambda: None)
    project = copy_project(tmp_path / "project")
    assert cli.pdf(project.root, "2024") == 2
    err = capsys.readouterr().err
    assert "chưa cài LibreOffice" in err and "apt-get install libreoffice-writer-nogui" in err and "Traceback" not in err


def test_a_hung_converter_is_stopped_by_the_timeout(monkeypatch, tmp_path: Path):
    fake = tmp_path / "soffice"
    fake.write_text("#!/bin/sh\nsleep 30\n")
    fake.chmod(fake.stat().st_mode | stat.S_IXUSR)
    monkeypatch.setattr(pdf, "find_soffice", lambda: str(fake))
    docx = tmp_path / "a.docx"
    docx.write_bytes(b"PK")
    with pytest.raises(InputError) as caught:
        pdf.to_pdf(docx, timeout=1)
    assert caught.value.findings[0].code == "E003" and "quá 1 giây" in caught.value.findings[0].message


def test_a_converter_that_writes_nothing_is_an_error(monkeypatch, tmp_path: Path):
    fake = tmp_path / "soffice"
    fake.write_text("#!/bin/sh\necho 'Error: source file could not be loaded' >&2\nexit 0\n")
    fake.chmod(fake.stat().st_mode | stat.S_IXUSR)
    monkeypatch.setattr(pdf, "find_soffice", lambda: str(fake))
    docx = tmp_path / "a.docx"
    docx.write_bytes(b"PK")
    with pytest.raises(InputError) as caught:
        pdf.to_pdf(docx)
    assert caught.value.findings[0].code == "E002" and "source file could not be loaded" in caught.value.findings[0].message


def test_a_copy_saved_again_by_libreoffice_still_lints_clean(converted: Path, tmp_path: Path):
    """The linter reads Writer's own .docx (other styles, table and border XML) as well as ours."""
    from vanban.lint import lint

    source = converted.with_suffix(".docx")
    resaved = soffice_convert(source, "docx:MS Word 2007 XML", tmp_path / "out", tmp_path / "profile")
    assert resaved.read_bytes() != source.read_bytes()
    assert lint(resaved) == []
    # Valid OOXML too, but for the "true" LibreOffice writes where Word expects "on" (see tests/ooxml.py).
    assert_valid_docx(resaved, accept=[LIBREOFFICE_ON_OFF])


def test_a_timeout_ends_the_whole_process_tree(monkeypatch, tmp_path: Path):
    """LibreOffice's launcher starts soffice.bin: a timeout must end the child's children too."""
    if os.name == "nt":
        pytest.skip("a POSIX shell script stands in for soffice")
    pidfile = tmp_path / "grandchild.pid"
    fake = tmp_path / "soffice"
    fake.write_text(f"#!/bin/sh\nsleep 60 &\necho $! > '{pidfile}'\nwait\n")
    fake.chmod(fake.stat().st_mode | stat.S_IXUSR)
    monkeypatch.setattr(pdf, "find_soffice", lambda: str(fake))
    docx = tmp_path / "a.docx"
    docx.write_bytes(b"PK")
    with pytest.raises(InputError):
        pdf.to_pdf(docx, timeout=1)
    grandchild = int(pidfile.read_text())
    import time

    for _ in range(50):  # reaped by init shortly after the kill
        try:
            os.kill(grandchild, 0)
        except ProcessLookupError:
            break
        if Path(f"/proc/{grandchild}/stat").is_file() and " Z " in Path(f"/proc/{grandchild}/stat").read_text():
            break  # a zombie: dead, waiting to be reaped
        time.sleep(0.1)
    else:
        pytest.fail("the converter's own child outlived the timeout")


# ---------------------------------------------------------------- many documents: one LibreOffice run, stamps


def _counting_soffice(tmp_path: Path, monkeypatch) -> Path:
    """A wrapper that logs each start of the real LibreOffice, then runs it."""
    real = pdf.find_soffice()
    log = tmp_path / "starts.log"
    wrapper = tmp_path / "bin" / "soffice"
    wrapper.parent.mkdir()
    # Each start: its number of arguments (9 options, then one per document) and its profile.
    wrapper.write_text(f'#!/bin/sh\necho "$# $1" >> "{log}"\nexec "{real}" "$@"\n')
    wrapper.chmod(0o755)
    monkeypatch.setattr(pdf, "find_soffice", lambda: str(wrapper))
    return log


def _two_years(project) -> None:
    plan = (project.root / "plans/2024.yaml").read_text(encoding="utf-8")
    (project.root / "plans/2020.yaml").write_text(plan.replace("nam: 2024", "nam: 2020", 1), encoding="utf-8")
    (project.root / "data/2020").mkdir(parents=True)
    shutil.copy(project.root / "data/2024/don_vi.csv", project.root / "data/2020/don_vi.csv")


def test_pdf_all_converts_every_year_in_one_run_then_only_what_changed(tmp_path: Path, monkeypatch, capsys):
    require(pdf.find_soffice(), "LibreOffice (soffice)")
    if os.name == "nt":
        pytest.skip("a POSIX shell script counts the starts")
    log = _counting_soffice(tmp_path, monkeypatch)
    project = copy_project(tmp_path / "project")
    _two_years(project)
    assert cli.pdf(project.root, every=True) == 0
    # One LibreOffice per core (at most one per document) for both years, 2024's two reports and the summary,
    # each with a profile of its own and its share: every document converted once.
    starts = [line.split(" ", 1) for line in log.read_text().splitlines()]
    lanes = len(pdf.shares(5, os.cpu_count() or 1))
    assert len(starts) == lanes and len({profile for _, profile in starts}) == lanes
    assert sum(int(count) - 9 for count, _ in starts) == 5
    pdfs = [project.root / f"build/{y}/ke-hoach-giam-ngheo-{y}.pdf" for y in (2020, 2024)]
    # Every .docx that build --all writes has its PDF, the province summary's included.
    docx = sorted(p.relative_to(project.root) for p in (project.root / "build").rglob("*.docx"))
    assert docx and all((project.root / d).with_suffix(".pdf").is_file() for d in docx)
    assert Path("build/tong-hop/2024/tong-hop-giam-ngheo-2024.docx") in docx
    for path in pdfs:
        with pdfplumber.open(path) as opened:
            assert len(opened.pages) == EXPECTED_PAGES
    capsys.readouterr()

    assert cli.pdf(project.root, every=True) == 0  # nothing changed: LibreOffice is not started
    assert len(log.read_text().splitlines()) == lanes
    assert capsys.readouterr().out.count("pdf: không đổi, giữ nguyên.") == 5  # two plans, two reports, the summary

    plan = project.root / "plans/2020.yaml"
    plan.write_text(plan.read_text(encoding="utf-8").replace("Phấn đấu", "Quyết tâm phấn đấu", 1), encoding="utf-8")
    kept = pdfs[1].read_bytes()
    assert cli.pdf(project.root, every=True) == 0  # only 2020's .docx changed: only it is converted
    out = capsys.readouterr().out
    assert "build/2020/ke-hoach-giam-ngheo-2020.pdf: đã ghi." in out
    assert "build/2024/ke-hoach-giam-ngheo-2024.pdf: không đổi, giữ nguyên." in out
    assert pdfs[1].read_bytes() == kept
    assert len(log.read_text().splitlines()) == lanes + 1
    with pdfplumber.open(pdfs[0]) as opened:
        assert "Quyết tâm phấn đấu" in "".join(page.extract_text() for page in opened.pages).replace("\n", " ")

    pdfs[1].write_bytes(b"%PDF-1.4 edited by hand")  # a PDF that is no longer the one stamped is made again
    assert cli.pdf(project.root, year="2024") == 0
    assert len(log.read_text().splitlines()) == lanes + 2 and pdfs[1].stat().st_size > 10_000


def test_to_pdfs_keeps_documents_of_the_same_name_apart(tmp_path: Path, built_2024: Path):
    """Many communes: the same file name in many folders, one run, one PDF each where it belongs."""
    require(pdf.find_soffice(), "LibreOffice (soffice)")
    docxs = []
    for commune in ("ha-trung", "ha-long", "Ha-Trung"):
        target = tmp_path / commune / built_2024.name
        target.parent.mkdir()
        shutil.copy(built_2024, target)
        docxs.append(target)
    missing = tmp_path / "none" / "x.docx"
    done = pdf.to_pdfs([*docxs, missing])
    assert done.pdfs == [d.with_suffix(".pdf") for d in docxs] == done.converted
    assert [f.code for f in done.failures] == ["E002"] and done.failures[0].place.file == str(missing)
    for path in done.pdfs:
        assert path.read_bytes()[:5] == b"%PDF-"


def test_pdf_draft_converts_a_plan_with_errors(tmp_path: Path, capsys):
    require(pdf.find_soffice(), "LibreOffice (soffice)")
    project = copy_project(tmp_path / "project")
    table = project.root / "data/2024/don_vi.csv"
    table.write_text(table.read_text(encoding="utf-8").replace("Tiểu khu 1,172,5", "Tiểu khu 1,172,6", 1), encoding="utf-8")
    assert cli.pdf(project.root, "2024") == 1
    assert not (project.root / "build/2024/ke-hoach-giam-ngheo-2024.pdf").exists()
    assert cli.pdf(project.root, "2024", draft=True) == 0
    with pdfplumber.open(project.root / "build/2024/ke-hoach-giam-ngheo-2024.pdf") as opened:
        assert "DỰ THẢO" in opened.pages[0].extract_text()


def test_to_pdfs_splits_a_long_batch_into_runs_and_converts_every_document(tmp_path: Path, built_2024: Path, monkeypatch):
    """One LibreOffice run stops converting, with exit status 0, after about 244 documents (332 plans of
    166 communes lost 88): the documents go in runs of ``BATCH``, and every one of them comes out."""
    require(pdf.find_soffice(), "LibreOffice (soffice)")
    if os.name == "nt":
        pytest.skip("a POSIX shell script counts the starts")
    log = _counting_soffice(tmp_path, monkeypatch)
    monkeypatch.setattr(pdf, "BATCH", 2)
    docxs = []
    for i in range(5):
        folder = tmp_path / f"xa-{i}"
        folder.mkdir()
        docxs.append(shutil.copy(built_2024, folder / built_2024.name))
    done = pdf.to_pdfs([Path(d) for d in docxs], lanes=1)
    assert not done.failures
    assert [int(line.split()[0]) - 9 for line in log.read_text().splitlines()] == [2, 2, 1]
    assert [p.exists() and p.stat().st_size > 10_000 for p in done.pdfs] == [True] * 5


# ---------------------------------------------------------------- a failed conversion leaves no stale PDF


def _fake_soffice(tmp_path: Path, monkeypatch, body: bytes | None) -> None:
    """A converter that exits 0 and writes ``body`` as every PDF it is asked for (None: writes nothing)."""
    if os.name == "nt":
        pytest.skip("a POSIX shell script stands in for soffice")
    content = tmp_path / "made.bin"
    if body is not None:
        content.write_bytes(body)
    write = f'cp "{content}" "$out/$(basename "${{f%.docx}}").pdf"' if body is not None else ":"
    fake = tmp_path / "fake-soffice"
    fake.write_text(
        '#!/bin/sh\nout=\'\'\nwhile [ $# -gt 0 ]; do\n  case "$1" in\n    --outdir) out="$2"; shift;;\n'
        f'    *.docx) f="$1"; {write};;\n  esac\n  shift\ndone\nexit 0\n'
    )
    fake.chmod(0o755)
    monkeypatch.setattr(pdf, "find_soffice", lambda: str(fake))


@pytest.mark.parametrize(
    "body, why",
    [
        (b"<html>Error: could not convert</html>", "không phải PDF"),
        (b"", "không phải PDF"),
        (b"%PDF-1.6\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n", "không có trang nào"),
        (b"%PDF-1.6\n1 0 obj << /Type /Page >> endobj\n", "bị cụt"),
    ],
)
def test_a_converter_output_that_is_not_a_pdf_with_pages_is_a_failure(tmp_path: Path, monkeypatch, body: bytes, why: str):
    _fake_soffice(tmp_path, monkeypatch, body)
    docx = tmp_path / "a.docx"
    docx.write_bytes(b"PK")
    done = pdf.to_pdfs([docx])
    assert done.pdfs == [] and done.converted == []
    assert [f.code for f in done.failures] == ["E002"] and why in done.failures[0].message
    assert not docx.with_suffix(".pdf").exists()


def test_a_failed_pdf_moves_the_previous_pdf_aside_and_says_so(tmp_path: Path, monkeypatch, capsys):
    """Issue 18, item 9: the old PDF (old figures, old signer) must not stay beside the new .docx."""
    project = copy_project(tmp_path / "project")
    old_pdf = project.root / "build/2024/ke-hoach-giam-ngheo-2024.pdf"
    old_pdf.parent.mkdir(parents=True)
    old_pdf.write_bytes(b"%PDF-1.4 last year's signer\n/Type /Page\n%%EOF\n")
    _fake_soffice(tmp_path, monkeypatch, b"<html>not a pdf</html>")
    assert cli.pdf(project.root, "2024") == 2
    captured = capsys.readouterr()
    assert "pdf: đã ghi" not in captured.out and "Traceback" not in captured.err
    assert not old_pdf.exists()
    assert (old_pdf.parent / "ke-hoach-giam-ngheo-2024.cu.pdf").read_bytes().startswith(b"%PDF-1.4 last year")
    assert "ke-hoach-giam-ngheo-2024.cu.pdf" in captured.err and "không phải PDF" in captured.err


def test_a_missing_converter_moves_aside_a_pdf_of_another_docx(tmp_path: Path, monkeypatch, capsys):
    project = copy_project(tmp_path / "project")
    old_pdf = project.root / "build/2024/ke-hoach-giam-ngheo-2024.pdf"
    old_pdf.parent.mkdir(parents=True)
    old_pdf.write_bytes(b"%PDF-1.4 made from another .docx\n%%EOF\n")
    monkeypatch.setattr(pdf, "find_soffice", lambda: None)
    assert cli.pdf(project.root, "2024") == 2
    assert not old_pdf.exists() and old_pdf.with_name("ke-hoach-giam-ngheo-2024.cu.pdf").exists()


def test_to_pdfs_on_two_cores_deals_each_document_to_one_libreoffice(tmp_path: Path, built_2024: Path, monkeypatch):
    """Two LibreOffice processes at once, each with its own profile and its share in runs of ``BATCH``:
    every document converted exactly once, each PDF where it belongs."""
    require(pdf.find_soffice(), "LibreOffice (soffice)")
    if os.name == "nt":
        pytest.skip("a POSIX shell script counts the starts")
    log = _counting_soffice(tmp_path, monkeypatch)
    monkeypatch.setattr(pdf, "BATCH", 2)
    docxs = []
    for i in range(5):
        folder = tmp_path / f"xa-{i}" / "2024"  # as build/<commune>/<year>/: a stamp folder each
        folder.mkdir(parents=True)
        docxs.append(Path(shutil.copy(built_2024, folder / built_2024.name)))
    done = pdf.to_pdfs(docxs, lanes=2, incremental=True)
    assert not done.failures and done.converted == done.pdfs == [d.with_suffix(".pdf") for d in docxs]
    starts = [line.split(" ", 1) for line in log.read_text().splitlines()]
    by_profile: dict[str, list[int]] = {}
    for count, profile in starts:
        by_profile.setdefault(profile, []).append(int(count) - 9)
    assert sorted(by_profile.values()) == [[2], [2, 1]]  # shares of 3 and 2, runs of at most 2
    for path in done.pdfs:
        assert pdf.pdf_problem(path) is None and pdf.pdf_is_fresh(path.with_suffix(".docx"), path, pdf.find_soffice())


def test_shares_deal_every_document_once_and_evenly():
    for count in range(0, 12):
        for lanes in range(1, 5):
            parts = pdf.shares(count, lanes)
            assert [i for part in parts for i in part] == list(range(count))
            assert all(len(part) for part in parts) and len(parts) <= max(1, lanes)
            assert max(map(len, parts), default=0) - min(map(len, parts), default=0) <= 1


def test_a_pdf_that_does_not_open_or_has_no_page_is_not_written_nor_stamped(monkeypatch, tmp_path: Path):
    # Bytes that look like a PDF (header, a page object, the end mark) but that no reader can open.
    _fake_soffice(tmp_path, monkeypatch, b"%PDF-1.4\n1 0 obj << /Type /Page >> endobj\ngarbage\n%%EOF\n")
    docx = tmp_path / "a.docx"
    docx.write_bytes(b"PK")
    done = pdf.to_pdfs([docx], incremental=True)
    assert done.pdfs == [] and [f.code for f in done.failures] == ["E002"]
    message = done.failures[0].message
    assert "không mở được" in message or "không có trang nào" in message
    assert not docx.with_suffix(".pdf").exists() and not pdf.pdf_stamp_file(docx.with_suffix(".pdf")).exists()
    empty = tmp_path / "empty.pdf"
    empty.write_bytes(b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
                      b"trailer<</Root 1 0 R>>\n%%EOF\n")  # fmt: skip
    assert pdf.pdf_problem(empty) is not None
