"""The linter on files it did not make (issue 9, item 10): each bad file is made here for real and named
by its real cause, exit 2, never a traceback; and documents that are silent or unusual are read as
Word reads them."""

from __future__ import annotations

import io
import os
import shutil
import zipfile
from pathlib import Path

import pytest
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Mm, Pt

from vanban.commands import cli
from vanban.engine.findings import InputError, Severity
from vanban.lint import lint
from vanban.office import pdf

from .conftest import soffice_convert


def _refused(path: Path, capsys) -> str:
    """The message ``invoke lint`` gives for ``path``: exit 2, one L001, no traceback."""
    with pytest.raises(InputError) as caught:
        lint(path)
    (finding,) = caught.value.findings
    assert finding.code == "L001"
    assert cli.lint(str(path)) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err and "Error" not in err.replace("InputError", "")
    return finding.message


# ---------------------------------------------------------------- encrypted, damaged, not Word, old Word


def test_an_encrypted_docx(built_2024: Path, tmp_path: Path, capsys):
    ooxml = pytest.importorskip("msoffcrypto.format.ooxml")
    encrypted = tmp_path / "mat-khau.docx"
    with built_2024.open("rb") as source, encrypted.open("wb") as out:
        ooxml.OOXMLFile(source).encrypt("1234", out)
    assert encrypted.read_bytes()[:4] == b"\xd0\xcf\x11\xe0"  # a real OLE compound file, as Word writes one
    message = _refused(encrypted, capsys)
    assert "đặt mật khẩu" in message and "mã hóa" in message and "gỡ mật khẩu" in message


def test_a_truncated_docx(built_2024: Path, tmp_path: Path, capsys):
    cut = tmp_path / "tai-do.docx"
    data = built_2024.read_bytes()
    cut.write_bytes(data[: len(data) // 2])
    message = _refused(cut, capsys)
    assert "bị hỏng" in message and "không đầy đủ" in message


def _repack(built: Path, out: Path, change) -> Path:
    """A copy of the package with its members passed through ``change(name, data) -> data | None``."""
    with zipfile.ZipFile(built) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as target:
        for info in source.infolist():
            data = change(info.filename, source.read(info.filename))
            if data is not None:
                target.writestr(info.filename, data)
    return out


def test_a_docx_with_a_corrupted_member(built_2024: Path, tmp_path: Path, capsys):
    stored = _repack(built_2024, tmp_path / "stored.docx", lambda name, data: data)
    raw = bytearray(stored.read_bytes())
    with zipfile.ZipFile(stored) as archive:
        start = archive.getinfo("word/document.xml").header_offset
    at = raw.index("Hà Trung".encode(), start)
    raw[at : at + 2] = b"Xx"  # the bytes change, the recorded CRC does not
    bad = tmp_path / "hong.docx"
    bad.write_bytes(bytes(raw))
    message = _refused(bad, capsys)
    assert "bị hỏng" in message and "CRC" in message and "word/document.xml" in message


def test_a_docx_without_its_document_part(built_2024: Path, tmp_path: Path, capsys):
    bad = _repack(built_2024, tmp_path / "thieu.docx", lambda name, data: None if name == "word/document.xml" else data)
    message = _refused(bad, capsys)
    assert "không có word/document.xml" in message


def test_a_docx_whose_xml_is_broken(built_2024: Path, tmp_path: Path, capsys):
    def cut_xml(name: str, data: bytes) -> bytes:
        return data[: len(data) // 2] if name == "word/document.xml" else data

    message = _refused(_repack(built_2024, tmp_path / "xml.docx", cut_xml), capsys)
    assert "bị hỏng" in message and "XML" in message


XML_HEAD = b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda n, d: XML_HEAD + b"<foo/>" if n == "word/document.xml" else d, "không có phần thân văn bản"),
        (lambda n, d: None if n == "word/styles.xml" else d, "thiếu phần «word/styles.xml»"),
        (lambda n, d: None if n == "[Content_Types].xml" else d, "thiếu phần «[Content_Types].xml»"),
        (lambda n, d: None if n == "word/_rels/document.xml.rels" else d, "không trỏ tới phần nào"),
        (lambda n, d: None if n == "_rels/.rels" else d, "thiếu liên kết tới phần «officeDocument»"),
        (lambda n, d: d[:200] if n == "word/styles.xml" else d, "phần «word/styles.xml» không phải XML hợp lệ"),
    ],
    ids=["root not w:document", "no styles part", "no content types", "no document rels", "no package rels", "cut styles"],
)
def test_a_package_with_a_part_missing_or_broken(built_2024: Path, tmp_path: Path, capsys, change, expected: str):
    message = _refused(_repack(built_2024, tmp_path / "goi.docx", change), capsys)
    assert message.startswith("tệp .docx bị hỏng") and expected in message, message


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("scan.docx", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n", "tệp PDF"),
        ("anh.docx", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "tệp ảnh"),
        ("anh2.docx", b"\xff\xd8\xff\xe0\x00\x10JFIF", "tệp ảnh"),
        ("ghi-chu.docx", "Kế hoạch giảm nghèo năm 2024\nnội dung".encode(), "văn bản thuần"),
        ("cu.docx", b"{\\rtf1\\ansi\\deff0 hello}", "RTF"),
        ("trang.docx", b"<!DOCTYPE html><html><body>hi</body></html>", "HTML"),
        ("rong.docx", b"", "tệp rỗng"),
    ],
)
def test_files_that_are_not_word_at_all(tmp_path: Path, capsys, name: str, content: bytes, expected: str):
    path = tmp_path / name
    path.write_bytes(content)
    message = _refused(path, capsys)
    assert expected in message


def test_an_excel_workbook_named_docx(tmp_path: Path, capsys):
    # pandas writes no .xlsx without openpyxl; an OOXML workbook package is made by hand, as Excel lays it out.
    path = tmp_path / "so-lieu.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        archive.writestr("xl/workbook.xml", '<?xml version="1.0"?><workbook/>')
    message = _refused(path, capsys)
    assert "Excel" in message and "không phải tệp .docx" in message


@pytest.mark.office
def test_a_doc_from_word_97_2003(built_2024: Path, tmp_path: Path, capsys):
    source = tmp_path / "ke-hoach.docx"
    shutil.copy(built_2024, source)
    doc = soffice_convert(source, "doc", tmp_path / "out", tmp_path / "profile")
    renamed = tmp_path / "ke-hoach-cu.docx"  # as users rename it, hoping
    shutil.copy(doc, renamed)
    for path in (doc, renamed):
        message = _refused(path, capsys)
        assert "Word 97–2003 (.doc)" in message and "lưu lại dạng .docx" in message


# ---------------------------------------------------------------- documents read as Word reads them


def hand_made(
    path: Path, *, recipients=("- Các thôn;", "- Lưu: VT."), body: int = 2, header: bool = True, numbered=False
) -> Path:
    """A notice typed in Word: header by tab stops, no tables (as tests/test_lint.py's hand-made layout)."""
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin = section.bottom_margin = Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    doc.styles["Normal"].font.name = "Times New Roman"

    def add(text, size=14, bold=False, italic=False, align=None, indent=None):
        p = doc.add_paragraph()
        run = p.add_run(text)
        run.font.size, run.bold, run.italic = Pt(size), bold, italic
        if align is not None:
            p.alignment = align
        if indent is not None:
            p.paragraph_format.first_line_indent = indent
            p.paragraph_format.space_after = Pt(6)
        return p

    center, justify = WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.JUSTIFY
    if header:
        add("ỦY BAN NHÂN DÂN XÃ AN BÌNH\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 13, bold=True)
        add("\tĐộc lập - Tự do - Hạnh phúc", 14, bold=True)
        date = add("Số: 12/TB-UBND\t", 13)
        run = date.add_run("An Bình, ngày 05 tháng 3 năm 2024")
        run.font.size, run.italic = Pt(14), True
        add("THÔNG BÁO", 14, bold=True, align=center)
        add("Về việc tổ chức họp dân", 14, bold=True, align=center)
    sentence = "Ủy ban nhân dân xã thông báo lịch họp dân tại nhà văn hóa các thôn, đề nghị các hộ gia đình cử người dự đúng giờ."
    for _ in range(body):
        add(sentence, align=justify, indent=Mm(12.7))
    add("Nơi nhận:", 12, bold=True, italic=True)
    for line in recipients:
        p = add(line, 11)
        if numbered:  # Word's own bullets: the mark is in the numbering, not in the text
            p._p.get_or_add_pPr().append(parse_xml(f'<w:numPr {nsdecls("w")}><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr>'))
    for line in ("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "Nguyễn Văn An"):
        add(line, 14, bold=True, align=center)
    doc.save(str(path))
    return path


def test_an_empty_sectpr_is_measured_with_words_defaults(tmp_path: Path):
    path = hand_made(tmp_path / "a.docx")
    doc = Document(str(path))
    sect_pr = doc.element.body.find(qn("w:sectPr"))
    for child in list(sect_pr):
        sect_pr.remove(child)
    doc.save(str(path))
    findings = [f for f in lint(path) if f.code in ("L101", "L103")]
    messages = {f.place.field: f.message for f in findings}
    assert "0,0 mm" not in " ".join(messages.values())
    assert messages["khổ giấy"] == (
        "Phụ lục I, I.1: tệp không ghi khổ giấy nên Word dùng khổ mặc định của máy (Letter 215,9 × 279,4 mm với "
        "thiết lập Mỹ); quy định ghi rõ khổ A4 (210 × 297 mm)."
    )
    assert messages["lề trái"] == "Phụ lục I, I.3: lề trái 25,4 mm (tệp không ghi, Word dùng mặc định), quy định 30–35 mm."
    assert set(messages) == {"khổ giấy", "lề trên", "lề dưới", "lề trái", "lề phải"}


@pytest.mark.parametrize("mark", ["•", "+", "–"])
def test_recipients_bulleted_otherwise_are_recipients_in_the_wrong_form(tmp_path: Path, mark: str):
    path = hand_made(tmp_path / "a.docx", recipients=(f"{mark} UBND huyện (b/c);", f"{mark} Các thôn;", f"{mark} Lưu: VT."))
    (finding,) = [f for f in lint(path) if f.code == "L131"]
    assert "không có nơi nhận" not in finding.message
    assert finding.message == (
        f"Phụ lục I, II.9.d: 3 nơi nhận đánh dấu bằng dấu «{mark}», đầu tiên «{mark} UBND huyện (b/c);»; "
        "quy định gạch đầu dòng (-)."
    )


def test_recipients_in_a_word_bullet_list(tmp_path: Path):
    path = hand_made(tmp_path / "a.docx", recipients=("UBND huyện (b/c);", "Lưu: VT."), numbered=True)
    (finding,) = [f for f in lint(path) if f.code == "L131"]
    assert "không có nơi nhận" not in finding.message
    assert "2 nơi nhận đánh dấu bằng đầu dòng tự động của Word" in finding.message


def test_recipients_in_the_list_bullet_style(tmp_path: Path):
    path = hand_made(tmp_path / "a.docx", recipients=("UBND huyện (b/c);", "Các thôn;", "Lưu: VT."))
    doc = Document(str(path))
    for p in doc.paragraphs[-6:-3]:
        p.style = doc.styles["List Bullet"]  # python-docx's template, as Word's: numbering through the style
    doc.save(str(path))
    (finding,) = [f for f in lint(path) if f.code == "L131"]
    assert "3 nơi nhận đánh dấu bằng đầu dòng tự động của Word" in finding.message, finding.message


def test_dashed_recipients_are_still_right(tmp_path: Path):
    assert [f.code for f in lint(hand_made(tmp_path / "a.docx"))] == ["L112", "L114", "L120"]


def test_one_page_needs_no_page_number_two_pages_do(tmp_path: Path):
    one = hand_made(tmp_path / "one.docx", body=5)
    assert "L108" not in [f.code for f in lint(one)]
    two = hand_made(tmp_path / "two.docx", body=30)
    (finding,) = [f for f in lint(two) if f.code == "L108"]
    assert finding.severity is Severity.WARNING and "hai trang trở lên" in finding.message


def test_a_page_break_makes_two_pages(tmp_path: Path):
    path = hand_made(tmp_path / "a.docx", body=2)
    doc = Document(str(path))
    doc.paragraphs[6].runs[0].add_break(__import__("docx").enum.text.WD_BREAK.PAGE)
    doc.save(str(path))
    assert "L108" in [f.code for f in lint(path)]


@pytest.mark.office
def test_the_page_estimate_agrees_with_libreoffice(tmp_path: Path):
    """The two documents above, laid out by LibreOffice: one page and more than one."""
    soffice = pdf.find_soffice()
    if soffice is None:
        if os.environ.get("CI") == "true":
            pytest.fail("CI must run the real-client tests: LibreOffice (soffice)")
        pytest.skip("LibreOffice (soffice) is not installed")
    pdfplumber = pytest.importorskip("pdfplumber")
    for body, pages in ((5, 1), (30, 2)):
        path = hand_made(tmp_path / f"b{body}.docx", body=body)
        out = pdf.to_pdf(path)
        with pdfplumber.open(io.BytesIO(out.read_bytes())) as document:
            assert (len(document.pages) > 1) == (pages > 1), body
        assert ("L108" in [f.code for f in lint(path)]) == (pages > 1)


def test_without_a_header_the_header_rules_do_not_run_over_the_body(tmp_path: Path):
    """An appendix or a plain text: no Quốc hiệu, so no header, no type and no trích yếu to look for."""
    path = hand_made(tmp_path / "a.docx", header=False, body=3)
    doc = Document(str(path))
    first = doc.paragraphs[0].insert_paragraph_before("PHỤ LỤC")
    first.runs[0].bold = True
    first.alignment = WD_ALIGN_PARAGRAPH.CENTER
    doc.save(str(path))
    findings = lint(path)
    codes = [f.code for f in findings]
    assert codes.count("L110") == 1
    assert not [c for c in codes if "L111" <= c <= "L120"], codes
    (national,) = [f for f in findings if f.code == "L110"]
    assert "không có phần đầu văn bản" in national.message and "L111–L120" in national.message


# ---------------------------------------------------------------- whatever the bytes, never a traceback


@pytest.fixture(scope="module")
def plan_bytes(built_2024: Path) -> bytes:
    return built_2024.read_bytes()


def _lint_bytes(tmp: Path, data: bytes) -> None:
    path = tmp / "x.docx"
    path.write_bytes(data)
    try:
        lint(path)
    except InputError as exc:
        assert [f.code for f in exc.findings] in (["L001"], ["L002"])


def test_any_cut_or_flipped_byte_gives_findings_or_an_input_error(plan_bytes: bytes, tmp_path_factory):
    hypothesis = pytest.importorskip("hypothesis")
    st = hypothesis.strategies
    tmp = tmp_path_factory.mktemp("bytes")

    @hypothesis.settings(max_examples=60, deadline=None, suppress_health_check=list(hypothesis.HealthCheck))
    @hypothesis.given(
        cut=st.integers(min_value=0, max_value=len(plan_bytes)),
        flips=st.lists(st.tuples(st.integers(min_value=0, max_value=len(plan_bytes) - 1), st.integers(1, 255)), max_size=3),
    )
    def check(cut: int, flips: list[tuple[int, int]]) -> None:
        data = bytearray(plan_bytes[:cut] if not flips else plan_bytes)
        for at, mask in flips:
            data[at] ^= mask
        _lint_bytes(tmp, bytes(data))

    check()


def test_random_bytes_are_never_a_traceback(tmp_path_factory):
    hypothesis = pytest.importorskip("hypothesis")
    st = hypothesis.strategies
    tmp = tmp_path_factory.mktemp("random")
    prefixes = st.sampled_from([b"", b"PK\x03\x04", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", b"%PDF", b"{\\rtf"])

    @hypothesis.settings(max_examples=60, deadline=None)
    @hypothesis.given(prefix=prefixes, rest=st.binary(max_size=2048))
    def check(prefix: bytes, rest: bytes) -> None:
        _lint_bytes(tmp, prefix + rest)

    check()
