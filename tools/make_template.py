"""Bootstrap ``templates/ke-hoach.docx`` and ``templates/bao-cao.docx``: the docxtpl templates of the plan and the report.

Run once by a developer (``python tools/make_template.py``); afterwards the
.docx in ``templates/`` is the source, and a clerk may restyle it in Word:
every element has a named paragraph style ("VB …"), so changing a style
changes every document built from the template.

The layout follows Decree 30/2020/NĐ-CP, Phụ lục I (sizes in comments cite
its clauses). The rule lengths here are defaults for the template; each build sizes
the rules to the text it renders (``vanban.docx.rules``).
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, Twips

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
from vanban.docx.ooxml.package import normalize  # noqa: E402

FONT = "Times New Roman"
PAGE_W, PAGE_H = Mm(210), Mm(297)
# I.3: top/bottom 20–25 mm, left 30–35 mm, right 15–20 mm. Word stores twips; these round
# up (15 mm is 850.4 twips, stored as 850 it would fall just short of the Decree's minimum).
MARGIN_TOP, MARGIN_BOTTOM, MARGIN_LEFT, MARGIN_RIGHT = Twips(1134), Twips(1134), Twips(1701), Twips(851)
TEXT_W = PAGE_W - MARGIN_LEFT - MARGIN_RIGHT  # 165 mm
LEFT_W, RIGHT_W = Mm(65), Mm(100)  # header and signature columns

# Rule lengths, mm, measured with Liberation Serif 2 (fonts-liberation2; 1.07 lacks ộ, ậ, ự, ạ).
# These are what Word shows in the template itself; every build resizes the rules to the text
# it renders (vanban.docx.rules.fit_rules), so another commune's name needs no edit here.
# Tiêu ngữ (bold 14 pt): as long as the text, II.1.b: 60.4 mm.
# Agency (bold 13 pt, longest line "THỊ TRẤN HÀ TRUNG" 48.1 mm): 1/3 to 1/2 of it, II.2.b: 20 mm is 42 %.
# Trích yếu (bold 14 pt, a full line of ~160 mm): 1/3 to 1/2 of it, II.5.b.
RULE_MOTTO_MM, RULE_AGENCY_MM, RULE_SUMMARY_MM = 60.4, 20.0, 60.0

STYLES: list[dict] = [
    # name, id, size pt, bold, italic, align, first-line indent, before, after, keep_next
    dict(name="VB Nội dung", id="VBNoiDung", size=14, align="justify", indent=Mm(12.7), after=6),  # II.6.e
    dict(name="VB Mục", id="VBMuc", base="VBNoiDung", bold=True, keep=True, before=6),  # II.6.đ: I. TIÊU ĐỀ
    dict(name="VB Khoản", id="VBKhoan", base="VBNoiDung", bold=True, keep=True),  # 1. Tiêu đề khoản
    dict(name="VB Điểm", id="VBDiem", base="VBNoiDung", keep=True),  # a) upright, body size
    dict(name="VB Cơ quan chủ quản", id="VBCoQuanChuQuan", size=13, align="center"),  # II.2.b
    dict(name="VB Cơ quan", id="VBCoQuan", size=13, bold=True, align="center"),  # II.2.b
    dict(name="VB Quốc hiệu", id="VBQuocHieu", size=13, bold=True, align="center"),  # II.1.a
    dict(name="VB Tiêu ngữ", id="VBTieuNgu", size=14, bold=True, align="center"),  # II.1.b
    dict(name="VB Đường kẻ", id="VBDuongKe", size=2, align="center", after=6),
    dict(name="VB Số ký hiệu", id="VBSoKyHieu", size=13, align="center"),  # II.3.c
    dict(name="VB Địa danh ngày", id="VBDiaDanhNgay", size=14, italic=True, align="center"),  # II.4.c
    dict(name="VB Dự thảo", id="VBDuThao", size=14, bold=True, align="center", before=6, after=6),
    dict(name="VB Tên loại", id="VBTenLoai", size=14, bold=True, align="center", before=18, keep=True),  # II.5.b
    dict(name="VB Trích yếu", id="VBTrichYeu", size=14, bold=True, align="center", keep=True),  # II.5.b
    dict(name="VB Bảng", id="VBBang", size=12, align="center"),
    dict(name="VB Bảng chữ", id="VBBangChu", size=12, align="left"),
    dict(name="VB Bảng tiêu đề", id="VBBangTieuDe", size=12, bold=True, align="center"),
    dict(name="VB Nơi nhận", id="VBNoiNhan", size=12, bold=True, italic=True, align="left"),  # II.9.d
    dict(name="VB Nơi nhận mục", id="VBNoiNhanMuc", size=11, align="left"),  # II.9.d
    dict(name="VB Chức vụ", id="VBChucVu", size=14, bold=True, align="center", keep=True),  # II.7.đ
    dict(name="VB Họ tên", id="VBHoTen", size=14, bold=True, align="center", before=72),  # II.7.đ
    dict(name="VB Số trang", id="VBSoTrang", size=14, align="center"),  # I.7
]

_ALIGN = {
    "justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
    "center": WD_ALIGN_PARAGRAPH.CENTER,
    "left": WD_ALIGN_PARAGRAPH.LEFT,
}


def set_fonts(rpr) -> None:
    """Times New Roman for every script slot, with no theme font overriding it."""
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in list(fonts.attrib):
        del fonts.attrib[attr]
    for slot in ("ascii", "hAnsi", "eastAsia", "cs"):
        fonts.set(qn(f"w:{slot}"), FONT)


def setup_defaults(doc) -> None:
    styles = doc.styles.element
    rpr = styles.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    set_fonts(rpr)
    for tag in ("w:sz", "w:szCs"):
        el = rpr.find(qn(tag))
        if el is None:
            el = OxmlElement(tag)
            rpr.append(el)
        el.set(qn("w:val"), "28")
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.attrib.clear()
    lang.set(qn("w:val"), "vi-VN")
    lang.set(qn("w:eastAsia"), "vi-VN")
    lang.set(qn("w:bidi"), "ar-SA")
    normal = doc.styles["Normal"]
    normal.font.name = FONT
    set_fonts(normal.element.get_or_add_rPr())
    normal.font.size = Pt(14)
    pf = normal.paragraph_format
    pf.space_before = Pt(0)
    pf.space_after = Pt(0)
    pf.line_spacing_rule = WD_LINE_SPACING.SINGLE
    # Every style that carries fonts of its own gets Times New Roman too.
    for style in doc.styles:
        rpr = style.element.find(qn("w:rPr"))
        if rpr is not None and rpr.find(qn("w:rFonts")) is not None:
            set_fonts(rpr)


def add_styles(doc) -> None:
    for spec in STYLES:
        style = doc.styles.add_style(spec["name"], WD_STYLE_TYPE.PARAGRAPH)
        style.element.set(qn("w:styleId"), spec["id"])
        style.quick_style = True
        base = spec.get("base")
        style.base_style = doc.styles[[s["name"] for s in STYLES if s["id"] == base][0]] if base else doc.styles["Normal"]
        if "size" in spec:
            style.font.size = Pt(spec["size"])
        if "bold" in spec:
            style.font.bold = spec["bold"]
        if "italic" in spec:
            style.font.italic = spec["italic"]
        pf = style.paragraph_format
        if "align" in spec:
            pf.alignment = _ALIGN[spec["align"]]
        if "indent" in spec:
            pf.first_line_indent = spec["indent"]
        elif not base:
            pf.first_line_indent = Mm(0)
        if not base:
            pf.space_before = Pt(spec.get("before", 0))
            pf.space_after = Pt(spec.get("after", 0))
            pf.line_spacing_rule = WD_LINE_SPACING.SINGLE
        elif "before" in spec:
            pf.space_before = Pt(spec["before"])
        if spec.get("keep"):
            pf.keep_with_next = True
        pf.widow_control = True


def box(p, width, available) -> None:
    """Frame a paragraph with a single-line border, ``width`` wide, at the right margin."""
    p.paragraph_format.left_indent = int(available - width)
    p_pr = p._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    for side in ("top", "left", "bottom", "right"):
        edge = OxmlElement(f"w:{side}")
        for key, value in (("val", "single"), ("sz", "8"), ("space", "2"), ("color", "000000")):
            edge.set(qn(f"w:{key}"), value)
        borders.append(edge)
    p_pr.find(qn("w:pStyle")).addnext(borders)


# CT_TblPr is an xsd:sequence (ECMA-376 Part 1, 17.4.60): children must come in this order,
# or Word repairs the file and may drop the misplaced settings.
TBL_PR_ORDER = (
    "w:tblStyle", "w:tblpPr", "w:tblOverlap", "w:bidiVisual", "w:tblStyleRowBandSize", "w:tblStyleColBandSize",
    "w:tblW", "w:jc", "w:tblCellSpacing", "w:tblInd", "w:tblBorders", "w:shd", "w:tblLayout", "w:tblCellMar",
    "w:tblLook", "w:tblCaption", "w:tblDescription", "w:tblPrChange",
)  # fmt: skip


def fixed_table(doc_or_cell, widths, *, style: str | None = None, borders: bool = False):
    table = doc_or_cell.add_table(rows=0, cols=len(widths))
    if style:
        table.style = style
    table.autofit = False
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    tbl_pr = table._tbl.tblPr  # autofit = False above already wrote <w:tblLayout w:type="fixed"/>
    tbl_w = tbl_pr.find(qn("w:tblW"))
    tbl_w.set(qn("w:type"), "dxa")
    tbl_w.set(qn("w:w"), str(int(sum(widths) / 635)))
    for col, width in zip(table.columns, widths):
        col.width = width
    if not borders:
        # Header and signature blocks: no borders and no cell padding, so rule
        # lengths and centring are computed against the real column width.
        tbl_borders = OxmlElement("w:tblBorders")
        for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
            el = OxmlElement(f"w:{side}")
            el.set(qn("w:val"), "nil")
            tbl_borders.append(el)
        tbl_pr.insert_element_before(tbl_borders, *TBL_PR_ORDER[TBL_PR_ORDER.index("w:tblBorders") + 1 :])
        margins = OxmlElement("w:tblCellMar")
        for side in ("left", "right"):
            el = OxmlElement(f"w:{side}")
            el.set(qn("w:w"), "0")
            el.set(qn("w:type"), "dxa")
            margins.append(el)
        tbl_pr.insert_element_before(margins, *TBL_PR_ORDER[TBL_PR_ORDER.index("w:tblCellMar") + 1 :])
    return table


def add_row(table, widths):
    row = table.add_row()
    for cell, width in zip(row.cells, widths):
        cell.width = width
    return row


def rule(container, length_mm: float, width):
    """An empty paragraph whose bottom border, indented from both sides, is the rule."""
    p = container.add_paragraph("", "VB Đường kẻ")
    side = (width - Mm(length_mm)) / 2
    p.paragraph_format.left_indent = int(side)
    p.paragraph_format.right_indent = int(side)
    p_pr = p._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("val", "single"), ("sz", "6"), ("space", "1"), ("color", "000000")):
        bottom.set(qn(f"w:{key}"), value)
    borders.append(bottom)
    # CT_PPr is a sequence: pBdr follows pStyle and precedes spacing, ind and jc.
    style = p_pr.find(qn("w:pStyle"))
    if style is not None:
        style.addnext(borders)
    else:
        p_pr.insert(0, borders)
    return p


def new_document(*extra_styles):
    """A document with Decree 30's defaults and the "VB …" styles (and any ``extra_styles`` a kind adds)."""
    doc = Document()
    setup_defaults(doc)
    add_styles(doc)
    for add in extra_styles:
        add(doc)
    return doc


def page_setup(doc) -> None:
    """A4 portrait, the margins of I.3, page numbers centred in the top margin but not on page 1 (I.7)."""
    S = doc.styles
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = PAGE_W, PAGE_H
    section.top_margin, section.bottom_margin = MARGIN_TOP, MARGIN_BOTTOM
    section.left_margin, section.right_margin = MARGIN_LEFT, MARGIN_RIGHT
    section.header_distance, section.footer_distance = Mm(10), Mm(10)

    section.different_first_page_header_footer = True
    header_p = section.header.paragraphs[0]
    header_p.style = S["VB Số trang"]
    fld = OxmlElement("w:fldSimple")
    fld.set(qn("w:instr"), " PAGE ")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "2"
    run.append(text)
    fld.append(run)
    header_p._p.append(fld)
    section.first_page_header.paragraphs[0].style = S["VB Số trang"]


def heading(doc) -> None:
    """Ô 1–5a: agency | national title, number | place and date, the draft mark, the type and trích yếu."""
    S = doc.styles
    widths = (LEFT_W, RIGHT_W)
    head = fixed_table(doc, widths)
    top = add_row(head, widths)
    left, right = top.cells
    for cell in (left, right):
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.TOP
    p = left.paragraphs[0]
    p.style = S["VB Cơ quan chủ quản"]
    p.add_run("{%p for dong in co_quan_chu_quan %}")
    p = left.add_paragraph("{{ dong }}", S["VB Cơ quan chủ quản"])
    p = left.add_paragraph("{%p endfor %}", S["VB Cơ quan chủ quản"])
    left.add_paragraph("{%p for dong in co_quan_ban_hanh %}", S["VB Cơ quan"])
    left.add_paragraph("{{ dong }}", S["VB Cơ quan"])
    left.add_paragraph("{%p endfor %}", S["VB Cơ quan"])
    rule(left, RULE_AGENCY_MM, LEFT_W)
    p = right.paragraphs[0]
    p.style = S["VB Quốc hiệu"]
    p.add_run("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
    right.add_paragraph("Độc lập - Tự do - Hạnh phúc", S["VB Tiêu ngữ"])
    rule(right, RULE_MOTTO_MM, RIGHT_W)
    bottom = add_row(head, widths)
    p = bottom.cells[0].paragraphs[0]
    p.style = S["VB Số ký hiệu"]
    p.add_run("Số: {{ so }}/{{ ky_hieu }}")
    p = bottom.cells[1].paragraphs[0]
    p.style = S["VB Địa danh ngày"]
    p.add_run("{{ dia_danh }}, {{ ngay_ban_hanh }}")

    # Draft mark, only when built with --draft.
    doc.add_paragraph("{%p if du_thao %}", S["VB Dự thảo"])
    mark = doc.add_paragraph("DỰ THẢO", S["VB Dự thảo"])
    box(mark, Mm(36), TEXT_W)  # boxed at the right edge, as drafts are marked
    doc.add_paragraph("{%p endif %}", S["VB Dự thảo"])
    # Example mark: a shipped example (vi_du: true), so its invented or pre-2025 text is never taken for real.
    doc.add_paragraph("{%p if vi_du %}", S["VB Dự thảo"])
    mark = doc.add_paragraph("VÍ DỤ", S["VB Dự thảo"])
    box(mark, Mm(36), TEXT_W)
    doc.add_paragraph("{%p endif %}", S["VB Dự thảo"])

    # Ô 5a: document type and summary, with a short rule.
    doc.add_paragraph("{{ ten_loai }}", S["VB Tên loại"])
    doc.add_paragraph("{{ trich_yeu }}", S["VB Trích yếu"])
    rule(doc, RULE_SUMMARY_MM, TEXT_W)


def closing(doc) -> None:
    """Ô 9b and 7a–7c: recipients left, signature right, side by side."""
    S = doc.styles
    widths = (LEFT_W, RIGHT_W)
    doc.add_paragraph("", S["VB Nội dung"])  # keeps the blocks clear of the last paragraph
    sign = fixed_table(doc, widths)
    row = add_row(sign, widths)
    left, right = row.cells
    p = left.paragraphs[0]
    p.style = S["VB Nơi nhận"]
    p.add_run("Nơi nhận:")
    left.add_paragraph("{%p for dong in noi_nhan %}", S["VB Nơi nhận mục"])
    left.add_paragraph("{{ dong }}", S["VB Nơi nhận mục"])
    left.add_paragraph("{%p endfor %}", S["VB Nơi nhận mục"])
    # Nơi nhận and the signature are one block (Phụ lục I, IV.2: ô 9b beside ô 7a–7c): the row never breaks
    # across pages, which Word and LibreOffice both honour.
    row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
    p = right.paragraphs[0]
    p.style = S["VB Chức vụ"]
    p.add_run("{%p if quyen_han %}")
    right.add_paragraph("{{ quyen_han }}", S["VB Chức vụ"])
    right.add_paragraph("{%p endif %}", S["VB Chức vụ"])
    right.add_paragraph("{{ chuc_vu }}", S["VB Chức vụ"])
    right.add_paragraph("{{ ho_ten }}", S["VB Họ tên"])


def save(doc, out: Path, title: str) -> None:
    """Same generator, same bytes: the templates are reviewed through git like the plans."""
    out.parent.mkdir(parents=True, exist_ok=True)
    props = doc.core_properties
    props.author = props.last_modified_by = "vanban"
    props.title = title
    props.comments = props.subject = props.keywords = props.category = ""
    # python-docx's default package carries a thumbnail of an empty page; drop it.
    rels = doc.part.package.rels
    for rid, rel in list(rels.items()):
        if rel.reltype.endswith("/metadata/thumbnail"):
            rels.pop(rid)
    # ... and stylesWithEffects.xml, Word 2010's copy of the styles for Word 2007, which still holds
    # the default template's styles: out of step with styles.xml, Word may report unreadable content.
    # Word needs no such part (it writes one again on save if it wants one).
    for rid, rel in list(doc.part.rels.items()):
        if rel.reltype.endswith("/stylesWithEffects"):
            doc.part.rels.pop(rid)
    buffer = io.BytesIO()
    doc.save(buffer)
    out.write_bytes(normalize(buffer.getvalue()))


def build(out: Path, *, tables=None, title: str = "Mẫu kế hoạch giảm nghèo (Nghị định 30/2020/NĐ-CP)") -> None:
    """Write a template: the Decree 30 frame around a body loop; ``tables`` writes the body's table branches."""
    doc = new_document()
    S = doc.styles
    page_setup(doc)
    heading(doc)

    # Ô 6: the narrative, with the unit table where the plan places it.
    doc.add_paragraph("{%p for b in noi_dung %}", S["VB Nội dung"])
    doc.add_paragraph("{%p if b.kind == 'section' %}", S["VB Mục"])
    doc.add_paragraph("{{ b.text }}", S["VB Mục"])
    doc.add_paragraph("{%p elif b.kind == 'clause' %}", S["VB Khoản"])
    doc.add_paragraph("{{ b.text }}", S["VB Khoản"])
    doc.add_paragraph("{%p elif b.kind == 'point' %}", S["VB Điểm"])
    doc.add_paragraph("{{ b.text }}", S["VB Điểm"])
    (tables or plan_tables)(doc)
    # A paragraph that introduces a table or chart ("… như sau:") stays on the page of the table's first row.
    doc.add_paragraph("{%p elif b.kind == 'lead' %}", S["VB Nội dung"])
    doc.add_paragraph("{{ b.text }}", S["VB Nội dung"]).paragraph_format.keep_with_next = True
    doc.add_paragraph("{%p else %}", S["VB Nội dung"])
    doc.add_paragraph("{{ b.text }}", S["VB Nội dung"])
    doc.add_paragraph("{%p endif %}", S["VB Nội dung"])
    doc.add_paragraph("{%p endfor %}", S["VB Nội dung"])

    closing(doc)
    save(doc, out, title)


def plan_tables(doc) -> None:
    """The plan's one table branch: ``bang: don_vi``."""
    doc.add_paragraph("{%p elif b.kind == 'table' %}", doc.styles["VB Nội dung"])
    unit_table(doc)


def unit_table(doc) -> None:
    S = doc.styles
    widths = (Mm(12), Mm(34), Mm(17), Mm(15), Mm(22), Mm(20), Mm(45))
    table = fixed_table(doc, widths, style="Table Grid", borders=True)
    headers = (
        "STT",
        "Đơn vị",
        "Hộ nghèo năm {{ nam_truoc }}",
        "Tỷ lệ (%)",
        "Số hộ nghèo dự kiến giảm năm {{ nam }}",
        "Hộ nghèo dự kiến cuối năm {{ nam }}",
        "Cán bộ phụ trách",
    )
    row = add_row(table, widths)
    tr_pr = row._tr.get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")  # repeat the header row on every page
    tr_pr.append(repeat)
    for cell, text in zip(row.cells, headers):
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        p = cell.paragraphs[0]
        p.style = S["VB Bảng tiêu đề"]
        p.add_run(text)
    loop = add_row(table, widths)
    loop.cells[0].paragraphs[0].add_run("{%tr for u in don_vi %}")
    data = add_row(table, widths)
    keys = ("stt", "ten", "ho_ngheo", "ty_le", "giam", "cuoi_nam", "can_bo")
    for cell, key in zip(data.cells, keys):
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        p = cell.paragraphs[0]
        p.style = S["VB Bảng chữ"] if key in ("ten", "can_bo") else S["VB Bảng"]
        p.add_run(f"{{{{ u.{key} }}}}")
    end = add_row(table, widths)
    end.cells[0].paragraphs[0].add_run("{%tr endfor %}")
    total = add_row(table, widths)
    merged = total.cells[0].merge(total.cells[1])
    merged.paragraphs[0].style = S["VB Bảng tiêu đề"]
    merged.paragraphs[0].add_run("Cộng")
    for cell, key in zip(total.cells[2:], ("ho_ngheo", "ty_le", "giam", "cuoi_nam", "")):
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        p = cell.paragraphs[0]
        p.style = S["VB Bảng tiêu đề"]
        if key:
            p.add_run(f"{{{{ cong.{key} }}}}")
    for r in table.rows:
        cant_split = OxmlElement("w:cantSplit")
        r._tr.get_or_add_trPr().insert(0, cant_split)


# ---------------------------------------------------------------- the results report (bao-cao)

# Each report table: (name in «bang: …», widths mm, headers, cell keys, keys shown left-aligned).
REPORT_TABLES = (
    (
        "ket_qua",
        (12, 33, 18, 20, 20, 20, 20, 20),
        (
            "STT",
            "Đơn vị",
            "Tổng số hộ",
            "Hộ nghèo đầu năm {{ nam }}",
            "Hộ nghèo giảm",
            "Hộ nghèo tăng",
            "Hộ nghèo {{ cuoi_ky }}",
            "Tỷ lệ hộ nghèo (%)",
        ),
        ("stt", "ten", "tong_so_ho", "dau_nam", "thoat", "phat_sinh", "cuoi_ky", "ty_le"),
    ),
    (
        "ket_qua_can_ngheo",
        (12, 33, 20, 20, 20, 18, 20, 20),
        (
            "STT",
            "Đơn vị",
            "Hộ cận nghèo đầu năm {{ nam }}",
            "Hộ thoát cận nghèo",
            "Hộ thoát nghèo trở thành hộ cận nghèo",
            "Hộ cận nghèo phát sinh",
            "Hộ cận nghèo {{ cuoi_ky }}",
            "Tỷ lệ hộ cận nghèo (%)",
        ),
        ("stt", "ten", "dau_nam", "thoat", "tu_ho_ngheo", "phat_sinh", "cuoi_ky", "ty_le"),
    ),
    (
        "so_sanh",
        (12, 33, 22, 24, 24, 22, 26),
        (
            "STT",
            "Đơn vị",
            "Hộ nghèo đầu năm {{ nam }}",
            "Chỉ tiêu giảm (hộ)",
            "Hộ nghèo {{ cuoi_ky }}",
            "Đã giảm (hộ)",
            "Đạt (% kế hoạch)",
        ),
        ("stt", "ten", "dau_nam", "ke_hoach", "cuoi_ky", "thuc_hien", "dat"),
    ),
)


def report_table(doc, name: str, widths_mm, headers, keys) -> None:
    """A grid table looping over ``name`` with a "Cộng" row from ``cong_<name>``, like the plan's."""
    S = doc.styles
    widths = tuple(Mm(w) for w in widths_mm)
    table = fixed_table(doc, widths, style="Table Grid", borders=True)
    row = add_row(table, widths)
    row._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))  # repeat the header row on every page
    for cell, text in zip(row.cells, headers):
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        p = cell.paragraphs[0]
        p.style = S["VB Bảng tiêu đề"]
        p.add_run(text)
    add_row(table, widths).cells[0].paragraphs[0].add_run(f"{{%tr for u in {name} %}}")
    data = add_row(table, widths)
    for cell, key in zip(data.cells, keys):
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        p = cell.paragraphs[0]
        p.style = S["VB Bảng chữ"] if key == "ten" else S["VB Bảng"]
        p.add_run(f"{{{{ u.{key} }}}}")
    add_row(table, widths).cells[0].paragraphs[0].add_run("{%tr endfor %}")
    total = add_row(table, widths)
    merged = total.cells[0].merge(total.cells[1])
    merged.paragraphs[0].style = S["VB Bảng tiêu đề"]
    merged.paragraphs[0].add_run("Cộng")
    for cell, key in zip(total.cells[2:], keys[2:]):
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        p = cell.paragraphs[0]
        p.style = S["VB Bảng tiêu đề"]
        p.add_run(f"{{{{ cong_{name}.{key} }}}}")
    for r in table.rows:  # a unit's row never breaks across pages ("Thôn Hưng" / "Long")
        r._tr.get_or_add_trPr().insert(0, OxmlElement("w:cantSplit"))


# ---------------------------------------------------------------- the province summary (templates/tong-hop.docx)

# The summary's table is wide (8 to 14 columns): its own, smaller table styles.
SUMMARY_STYLES: list[dict] = [
    dict(name="VB Tổng hợp số", id="VBTongHopSo", size=11, align="center"),
    dict(name="VB Tổng hợp chữ", id="VBTongHopChu", size=11, align="left"),
    dict(name="VB Tổng hợp tiêu đề", id="VBTongHopTieuDe", size=11, bold=True, align="center"),
]
# STT, the commune, then a column loop over the declaration's columns (templates/tong-hop.yaml, table «xa»):
# the cell that opens the loop, the column's own cell, the cell that closes it. Each render gives as many
# columns as the declaration shows, with widths from what they hold (vanban.docx.tables.fit); these are only
# what Word shows in the template.
SUMMARY_WIDTHS = (Mm(11), Mm(34), Mm(40), Mm(40), Mm(40))
FIT_MARK = "vanban:fit"  # vanban.docx.tables.FIT_MARK: widths fitted to the rendered cells


def add_summary_styles(doc) -> None:
    for spec in SUMMARY_STYLES:
        style = doc.styles.add_style(spec["name"], WD_STYLE_TYPE.PARAGRAPH)
        style.element.set(qn("w:styleId"), spec["id"])
        style.base_style = doc.styles["Normal"]
        style.font.size = Pt(spec["size"])
        style.font.bold = spec.get("bold", False)
        pf = style.paragraph_format
        pf.alignment = _ALIGN[spec["align"]]
        pf.first_line_indent = Mm(0)
        pf.space_before = pf.space_after = Pt(0)
        pf.line_spacing_rule = WD_LINE_SPACING.SINGLE


def narrow_cell_margins(table, twips: int) -> None:
    """Left and right cell margins of ``twips``, placed where CT_TblPr's sequence wants tblCellMar."""
    tbl_pr = table._tbl.tblPr
    margins = OxmlElement("w:tblCellMar")
    for side in ("left", "right"):
        el = OxmlElement(f"w:{side}")
        el.set(qn("w:w"), str(twips))
        el.set(qn("w:type"), "dxa")
        margins.append(el)
    look = tbl_pr.find(qn("w:tblLook"))
    if look is not None:
        look.addprevious(margins)
    else:
        tbl_pr.append(margins)


def summary_table(doc) -> None:
    """One row per commune (``xa``) and the «Cộng» row (``cong``); after STT and the commune, one column for each
    of the declaration's shown columns (``cot``: its key and header), by a docxtpl column loop («{%tc %}»)."""
    S = doc.styles
    widths = SUMMARY_WIDTHS
    table = fixed_table(doc, widths, style="Table Grid", borders=True)
    narrow_cell_margins(table, 34)  # 0,6 mm: a dozen columns in 165 mm need the room
    description = OxmlElement("w:tblDescription")  # the last of CT_TblPr; the render takes it off
    description.set(qn("w:val"), FIT_MARK)
    table._tbl.tblPr.append(description)

    def fill(cells, texts, styles) -> None:
        for cell, text, style in zip(cells, texts, styles, strict=True):
            cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
            cell.paragraphs[0].style = S[style]
            cell.paragraphs[0].add_run(text)

    head, number, name = "VB Tổng hợp tiêu đề", "VB Tổng hợp số", "VB Tổng hợp chữ"
    loop = ("{%tc for c in cot %}", "{%tc endfor %}")
    row = add_row(table, widths)
    row._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))  # repeated on every page
    fill(row.cells, ["{{ tieu_de.stt }}", "{{ tieu_de.xa }}", loop[0], "{{ c.tieu_de }}", loop[1]], [head] * 5)
    add_row(table, widths).cells[0].paragraphs[0].add_run("{%tr for r in xa %}")
    row = add_row(table, widths)
    fill(row.cells, ["{{ r.stt }}", "{{ r.xa }}", loop[0], "{{ r[c.khoa] }}", loop[1]], [number, name, number, number, number])
    add_row(table, widths).cells[0].paragraphs[0].add_run("{%tr endfor %}")
    row = add_row(table, widths)
    merged = row.cells[0].merge(row.cells[1])
    merged.paragraphs[0].style = S[head]
    merged.paragraphs[0].add_run("Cộng")
    fill(row.cells[2:], [loop[0], "{{ cong[c.khoa] }}", loop[1]], [head] * 3)
    for r in table.rows:
        r._tr.get_or_add_trPr().insert(0, OxmlElement("w:cantSplit"))


def report_tables(doc) -> None:
    """The report's body branches: one per table it can place, and the chart."""
    S = doc.styles
    for name, widths, headers, keys in REPORT_TABLES:
        doc.add_paragraph(f"{{%p elif b.kind == 'table' and b.text == '{name}' %}}", S["VB Nội dung"])
        report_table(doc, name, widths, headers, keys)
    doc.add_paragraph("{%p elif b.kind == 'chart' %}", S["VB Nội dung"])
    # The chart's own paragraph: centred, no indent, a little space around it.
    p = doc.add_paragraph("{{ bieu_do[b.text] }}", S["VB Bảng"])
    p.paragraph_format.space_before = Pt(6)
    p.paragraph_format.space_after = Pt(6)
    p.paragraph_format.keep_with_next = False


def build_report(out: Path) -> None:
    build(out, tables=report_tables, title="Mẫu báo cáo kết quả thực hiện kế hoạch giảm nghèo (Nghị định 30/2020/NĐ-CP)")


def build_tong_hop(out: Path) -> None:
    """The province summary: the plan's frame around paragraphs and the communes' table."""
    doc = new_document(add_summary_styles)
    S = doc.styles
    page_setup(doc)
    heading(doc)

    doc.add_paragraph("{%p for t in noi_dung %}", S["VB Nội dung"])
    doc.add_paragraph("{{ t }}", S["VB Nội dung"])
    doc.add_paragraph("{%p endfor %}", S["VB Nội dung"])
    summary_table(doc)
    doc.add_paragraph("{%p for t in noi_dung_sau_bang %}", S["VB Nội dung"])
    doc.add_paragraph("{{ t }}", S["VB Nội dung"])
    doc.add_paragraph("{%p endfor %}", S["VB Nội dung"])

    closing(doc)
    save(doc, out, "Mẫu báo cáo tổng hợp giảm nghèo (Nghị định 30/2020/NĐ-CP)")


if __name__ == "__main__":
    templates = Path(__file__).resolve().parents[1] / "templates"
    # make_template.py: every template; make_template.py {bao-cao|tong-hop} [PATH]; make_template.py PATH (the plan's).
    makers = {"ke-hoach": build, "bao-cao": build_report, "tong-hop": build_tong_hop}
    if len(sys.argv) > 1:
        kind = sys.argv[1] if sys.argv[1] in makers else "ke-hoach"
        rest = sys.argv[2:] if kind == sys.argv[1] else sys.argv[1:]
        target = Path(rest[0]) if rest else templates / f"{kind}.docx"
        makers[kind](target)
        print(f"Đã tạo mẫu: {target}")
    else:
        for kind, make in makers.items():
            make(templates / f"{kind}.docx")
            print(f"Đã tạo mẫu: {templates / kind}.docx")
