"""Open the built 2024 .docx and read it as a reviewer would: text, table, layout per Decree 30."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn
from docx.shared import Mm, Twips

from vanban.docx.ooxml import format as fmt
from vanban.docx.ooxml.format import paragraph_layout, run_format

from .conftest import FIXTURES

NBSP = "\u00a0"


def text(p) -> str:
    return p.text.replace(NBSP, " ").strip()


@pytest.fixture(scope="module")
def doc(built_2024: Path):
    return Document(str(built_2024))


def expected_body() -> list[str]:
    lines = (FIXTURES / "ke-hoach-2024-body.txt").read_text(encoding="utf-8").splitlines()
    return [line for line in lines if line and not line.startswith("#")]


def find(doc, wanted: str):
    matches = [p for p in fmt.iter_block_paragraphs(doc) if text(p) == wanted]
    assert matches, f"no paragraph reads {wanted!r}"
    return matches[0]


# ---------------------------------------------------------------- content


def test_every_paragraph_of_the_published_plan_is_there_corrected(doc):
    body = [text(p) for p in doc.paragraphs if text(p)]
    assert body == expected_body()


def test_published_errors_are_gone(doc):
    everything = "\n".join(text(p) for p in fmt.iter_block_paragraphs(doc))
    assert "0,7 %" not in everything and "0,76 %" in everything
    assert "Phần đầu" not in everything and "Phấn đấu" in everything
    assert "LĐTĐXH" not in everything and "LĐTBXH" in everything
    assert "nhiệm vụ phát triển kinh tế - xã hội năm 2023" not in everything
    assert everything.count("Quyết định số 04/QĐ-UBND ngày 04/01/2024") == 2


def unit_table(doc):
    tables = [t for t in doc.tables if t.rows[0].cells[0].text == "STT"]
    assert len(tables) == 1
    return tables[0]


def test_table_has_header_ten_units_and_computed_total(doc):
    rows = [[cell.text.replace(NBSP, " ") for cell in row.cells] for row in unit_table(doc).rows]
    assert rows[0] == [
        "STT",
        "Đơn vị",
        "Hộ nghèo năm 2023",
        "Tỷ lệ (%)",
        "Số hộ nghèo dự kiến giảm năm 2024",
        "Hộ nghèo dự kiến cuối năm 2024",
        "Cán bộ phụ trách",
    ]
    assert rows[1:11] == [
        ["1", "Tiểu khu 1", "5", "2,91", "2", "3", "Nguyễn Ngọc Khanh"],
        ["2", "Tiểu khu 2", "2", "1,10", "1", "1", "Nguyễn Thanh Tình"],
        ["3", "Tiểu khu 3", "5", "0,78", "2", "3", "Nguyễn Thị Liễu"],
        ["4", "Tiểu khu 4", "3", "0,70", "1", "2", "Mai Thị Bình"],
        ["5", "Tiểu khu 5", "2", "0,97", "1", "1", "Nguyễn Thị Trang"],
        ["6", "Tiểu khu 6", "2", "0,48", "1", "1", "Phạm Thế Đức"],
        ["7", "TK Tương Lạc", "6", "2,94", "2", "4", "Dương Văn Thái"],
        ["8", "TK Thượng Quý", "4", "1,59", "1", "3", "Đỗ Thanh Huyền"],
        ["9", "TK Phong Vận", "2", "1,25", "1", "1", "Phạm Quốc Đông"],
        ["10", "TK Trang Các", "4", "1,81", "1", "3", "Trịnh Đức Quân"],
    ]
    # The merged first two cells read "Cộng" twice through python-docx's grid view.
    assert rows[11] == ["Cộng", "Cộng", "35", "1,21", "13", "22", ""]
    assert len(rows) == 12


def test_table_follows_its_heading_in_section_iii(doc):
    body = doc.element.body
    heading = find(
        doc,
        "4. UBND thị trấn giao dự kiến chỉ tiêu giảm nghèo và phân công cán bộ phụ trách "
        "công tác giảm nghèo ở các tiểu khu cụ thể như sau:",
    )
    following = heading._p.getnext()
    assert following.tag == qn("w:tbl") and following is unit_table(doc)._tbl
    assert body.index(following) < body.index(find(doc, "IV. TỔ CHỨC THỰC HIỆN KẾ HOẠCH")._p)


def test_total_row_is_bold_and_header_repeats(doc):
    table = unit_table(doc)
    total = table.rows[-1]
    for cell in total.cells[2:6]:
        p = cell.paragraphs[0]
        assert run_format(p, p.runs[0] if p.runs else None).bold
    assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None


# ---------------------------------------------------------------- page


def test_a4_portrait_with_decree_margins(doc):
    section = doc.sections[0]
    assert section.orientation == WD_ORIENT.PORTRAIT
    assert abs(section.page_width - Mm(210)) < Mm(0.5) and abs(section.page_height - Mm(297)) < Mm(0.5)
    assert Mm(20) <= section.top_margin <= Mm(25)
    assert Mm(20) <= section.bottom_margin <= Mm(25)
    assert Mm(30) <= section.left_margin <= Mm(35)
    assert Mm(15) <= section.right_margin <= Mm(20)


def test_times_new_roman_everywhere(doc):
    for p in fmt.iter_block_paragraphs(doc):
        for run in p.runs or [None]:
            assert run_format(p, run).font_ascii == "Times New Roman", text(p)
    fonts = doc.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr")).find(qn("w:rFonts"))
    assert {fonts.get(qn(f"w:{slot}")) for slot in ("ascii", "hAnsi", "eastAsia", "cs")} == {"Times New Roman"}
    assert not [a for a in fonts.attrib if "Theme" in a]


def test_page_numbers_centred_in_header_not_on_page_one(doc):
    section = doc.sections[0]
    assert section.different_first_page_header_footer
    assert not "".join(p.text for p in section.first_page_header.paragraphs).strip()
    header = section.header.paragraphs[0]
    assert "PAGE" in header._p.xml
    assert paragraph_layout(header).alignment == "center"
    assert 13 <= run_format(header).size <= 14


# ---------------------------------------------------------------- header block (ô 1–4)


def style_of(doc, wanted: str):
    p = find(doc, wanted)
    run = p.runs[0] if p.runs else None
    return p, run_format(p, run).size, run_format(p, run).bold, run_format(p, run).italic


def test_agency_lines_bold_12_to_13_with_short_rule(doc):
    for line in ("ỦY BAN NHÂN DÂN", "THỊ TRẤN HÀ TRUNG"):
        p, size, bold, italic = style_of(doc, line)
        assert 12 <= size <= 13 and bold and not italic
        assert paragraph_layout(p).alignment == "center"
    rule = find(doc, "THỊ TRẤN HÀ TRUNG")._p.getnext()
    assert rule is not None
    from docx.text.paragraph import Paragraph

    rule_p = Paragraph(rule, find(doc, "THỊ TRẤN HÀ TRUNG")._parent)
    assert paragraph_layout(rule_p).border_bottom and not rule_p.text


def header_table(doc):
    return doc.tables[0]


def test_header_is_borderless_two_column_table(doc):
    table = header_table(doc)
    assert len(table.columns) == 2
    assert [text(p) for p in table.rows[0].cells[0].paragraphs if text(p)] == ["ỦY BAN NHÂN DÂN", "THỊ TRẤN HÀ TRUNG"]
    assert [text(p) for p in table.rows[0].cells[1].paragraphs if text(p)] == [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
    ]
    borders = table._tbl.tblPr.find(qn("w:tblBorders"))
    assert all(b.get(qn("w:val")) in ("nil", "none") for b in borders)


def test_national_title_and_motto(doc):
    p, size, bold, italic = style_of(doc, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
    assert 12 <= size <= 13 and bold and not italic
    p, size, bold, italic = style_of(doc, "Độc lập - Tự do - Hạnh phúc")
    assert 13 <= size <= 14 and bold and not italic
    cell = header_table(doc).rows[0].cells[1]
    rules = [q for q in cell.paragraphs if paragraph_layout(q).border_bottom]
    assert len(rules) == 1
    # The rule is as long as the motto: 60,4 mm in Times New Roman bold 14 pt, centred in the cell.
    ind = rules[0].paragraph_format
    length = cell.width - ind.left_indent - ind.right_indent
    assert abs(length - Mm(60.4)) < Mm(0.5)
    assert abs(ind.left_indent - ind.right_indent) < Mm(0.1)


def test_number_and_date_line(doc):
    row = header_table(doc).rows[1]
    number = row.cells[0].paragraphs[0]
    assert " ".join(text(number).split()) == "Số: /KH-UBND"  # blank number left for the clerk
    assert number.text.startswith("Số: " + NBSP) and number.text.endswith("/KH-UBND")
    run = number.runs[0]
    assert run_format(number, run).size == 13 and not run_format(number, run).bold and not run_format(number, run).italic
    date = row.cells[1].paragraphs[0]
    assert text(date) == "Hà Trung, ngày 04 tháng 01 năm 2024"
    run = date.runs[0]
    assert 13 <= run_format(date, run).size <= 14 and run_format(date, run).italic and not run_format(date, run).bold
    assert paragraph_layout(date).alignment == "center"


# ---------------------------------------------------------------- title and body (ô 5a, 6)


def test_document_type_and_summary_bold_centred_with_rule(doc):
    for line in (
        "KẾ HOẠCH",
        "Thực hiện Chương trình mục tiêu quốc gia giảm nghèo bền vững năm 2024 trên địa bàn thị trấn Hà Trung",
    ):
        p, size, bold, italic = style_of(doc, line)
        assert 13 <= size <= 14 and bold and not italic
        assert paragraph_layout(p).alignment == "center"
    summary = find(doc, "Thực hiện Chương trình mục tiêu quốc gia giảm nghèo bền vững năm 2024 trên địa bàn thị trấn Hà Trung")
    following = [p for p in doc.paragraphs if p._p is summary._p.getnext()][0]
    assert paragraph_layout(following).border_bottom and not following.text.strip()
    ind = following.paragraph_format
    length = (
        doc.sections[0].page_width
        - doc.sections[0].left_margin
        - doc.sections[0].right_margin
        - ind.left_indent
        - ind.right_indent
    )
    assert Mm(40) <= length <= Mm(85)  # 1/3 to 1/2 of a full line of the summary


def body_paragraphs(doc):
    start = [text(p) for p in doc.paragraphs].index(
        "Thực hiện Chương trình mục tiêu quốc gia giảm nghèo bền vững năm 2024 trên địa bàn thị trấn Hà Trung"
    )
    return [p for p in doc.paragraphs[start + 1 :] if text(p)]


def test_body_text_justified_indented_spaced(doc):
    paragraphs = body_paragraphs(doc)
    assert len(paragraphs) > 70
    for p in paragraphs:
        run = p.runs[0]
        assert 13 <= run_format(p, run).size <= 14, text(p)
        assert paragraph_layout(p).alignment == "both", text(p)
        assert Mm(10) - Mm(0.1) <= Twips(paragraph_layout(p).first_line) <= Mm(12.7) + Mm(0.1), text(p)
        assert paragraph_layout(p).space_after >= 6, text(p)  # points
        layout = paragraph_layout(p)
        assert layout.line is None or (layout.line_rule == "auto" and 1.0 <= layout.line <= 1.5), text(p)
        assert not run_format(p, run).italic


def test_headings_numbered_and_styled_by_level(doc):
    sections = [p for p in body_paragraphs(doc) if p.style.name == "VB Mục"]
    assert [text(p) for p in sections] == [
        "I. MỤC ĐÍCH, YÊU CẦU",
        "II. KẾT QUẢ GIẢM NGHÈO NĂM 2023",
        "III. KẾ HOẠCH GIẢM NGHÈO NĂM 2024",
        "IV. TỔ CHỨC THỰC HIỆN KẾ HOẠCH",
    ]
    for p in sections:
        assert run_format(p, p.runs[0]).bold
    clauses = [text(p) for p in body_paragraphs(doc) if p.style.name == "VB Khoản"]
    assert clauses[:3] == ["1. Mục đích", "2. Yêu cầu", "1. Kết quả rà soát hộ nghèo, hộ cận nghèo năm 2023"]
    points = [text(p) for p in body_paragraphs(doc) if p.style.name == "VB Điểm"]
    assert points == [
        "a) Kết quả đạt được",
        "b) Những tồn tại trong quá trình thực hiện chương trình giảm nghèo",
        "c) Những nguyên nhân",
        "d) Bài học kinh nghiệm và những đề xuất cho trong năm tới",
    ]


# ---------------------------------------------------------------- recipients and signature (ô 7, 9b)


def signature_table(doc):
    return doc.tables[-1]


def test_recipients_block(doc):
    cell = signature_table(doc).rows[0].cells[0]
    lines = [p for p in cell.paragraphs if text(p)]
    assert [text(p) for p in lines] == [
        "Nơi nhận:",
        "- UBND huyện (b/c);",
        "- Đảng ủy, HĐND thị trấn (b/c);",
        "- Các ban ngành, đoàn thể (t/h);",
        "- TKT các TK (t/h);",
        "- Lưu: VT, LĐTBXH.",
    ]
    label = lines[0]
    assert (
        run_format(label, label.runs[0]).size == 12
        and run_format(label, label.runs[0]).bold
        and run_format(label, label.runs[0]).italic
    )
    for p in lines[1:]:
        assert run_format(p, p.runs[0]).size == 11 and not run_format(p, p.runs[0]).bold and not run_format(p, p.runs[0]).italic
        assert paragraph_layout(p).alignment == "left"


def test_signature_block_beside_recipients(doc):
    table = signature_table(doc)
    assert len(table.rows) == 1 and len(table.columns) == 2
    cell = table.rows[0].cells[1]
    lines = [p for p in cell.paragraphs if text(p)]
    assert [text(p) for p in lines] == ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "Cù Văn Hân"]
    for p in lines:
        run = p.runs[0]
        assert 13 <= run_format(p, run).size <= 14 and run_format(p, run).bold and not run_format(p, run).italic
        assert paragraph_layout(p).alignment == "center"
    # Room for the signature and seal between the position and the name.
    assert paragraph_layout(lines[2]).space_before >= Mm(20).pt
    borders = table._tbl.tblPr.find(qn("w:tblBorders"))
    assert all(b.get(qn("w:val")) in ("nil", "none") for b in borders)


# ---------------------------------------------------------------- package hygiene


def test_metadata_names_the_issuing_agency(doc):
    props = doc.core_properties
    assert props.author == "UBND Thị trấn Hà Trung"
    assert props.last_modified_by == "UBND Thị trấn Hà Trung"
    assert props.title.startswith("Kế hoạch thực hiện Chương trình")
    assert props.created.date().isoformat() == "2024-01-04"


def test_no_template_leftovers(built_2024: Path):
    with zipfile.ZipFile(built_2024) as archive:
        names = archive.namelist()
        xml = archive.read("word/document.xml").decode("utf-8")
    assert "docProps/thumbnail.jpeg" not in names
    for marker in ("{{", "}}", "{%", "%}", "${"):
        assert marker not in xml
    assert "w:comment" not in xml and "<w:ins " not in xml and "<w:del " not in xml
