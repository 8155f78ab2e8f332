"""The page (Phụ lục I, part I): paper, orientation, margins, font, colour, page numbers."""

from __future__ import annotations

import math
import re
from typing import Any, cast

from docx.enum.section import WD_SECTION
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph
from docx.text.run import Run

from vanban.docx.metrics import text_width_mm
from vanban.docx.ooxml.format import paragraph_layout, run_format
from vanban.docx.ooxml.names import WP
from vanban.engine.findings import Severity
from vanban.lint.document import TWIPS_PER_MM, PageSetup, Para, Piece, header_footer_paras, read_paragraph, to_int
from vanban.lint.locate import RECIPIENTS, national_span
from vanban.lint.rule import Context, Report, Rule
from vanban.lint.words import align_name, count_paras, excerpt, mm, style_problems

_DEFAULTED = " (tệp không ghi, Word dùng mặc định)"


def _where(ctx: Context, number: int) -> str:
    return "" if len(ctx.pages) == 1 else f" (phần {number})"


def paper(ctx: Context, out: Report) -> None:
    for number, page in enumerate(ctx.pages, start=1):
        w_mm, h_mm = page.width / TWIPS_PER_MM, page.height / TWIPS_PER_MM
        short, long_ = sorted((w_mm, h_mm))
        element = "khổ giấy" + _where(ctx, number)
        if "page" in page.defaulted:
            # An absent w:pgSz is the application's default, which depends on the machine: Letter with
            # US settings (as measured here), A4 with most others. The file does not guarantee A4.
            out.add(
                "tệp không ghi khổ giấy nên Word dùng khổ mặc định của máy (Letter 215,9 × 279,4 mm với thiết lập Mỹ); "
                "quy định ghi rõ khổ A4 (210 × 297 mm)",
                element=element,
            )
        elif abs(short - 210) > 1 or abs(long_ - 297) > 1:
            out.add(f"khổ giấy {mm(w_mm)} × {mm(h_mm)} mm, quy định khổ A4 (210 × 297 mm)", element=element)


def orientation(ctx: Context, out: Report) -> None:
    for number, page in enumerate(ctx.pages, start=1):
        if page.width > page.height and not _has_tables(ctx):
            out.add(
                "trang nằm ngang, quy định trình bày theo chiều dài khổ A4 (chỉ được nằm ngang khi văn bản có bảng, biểu)",
                element="hướng trang" + _where(ctx, number),
            )


def _has_tables(ctx: Context) -> bool:
    """Whether the text has a table of content (bảng, biểu), not only the borderless layout tables of the
    header and signature. Asked only of a landscape page: a portrait one needs no reading of the cells."""
    paras = ctx.layout.paras
    layout_tables = {q.tbl for q in paras if q.tbl is not None and (national_span(q.text) or RECIPIENTS.match(q.clean))}
    return any(tbl not in layout_tables for tbl in ctx.layout.tables)


def margins(ctx: Context, out: Report) -> None:
    for number, page in enumerate(ctx.pages, start=1):
        sides = (
            ("lề trên", "top", page.top, 20, 25),
            ("lề dưới", "bottom", page.bottom, 20, 25),
            ("lề trái", "left", page.left, 30, 35),
            ("lề phải", "right", page.right, 15, 20),
        )
        for name, key, twips, low, high in sides:
            value = twips / TWIPS_PER_MM
            if not low - 0.05 <= value <= high + 0.05:
                note = _DEFAULTED if key in page.defaulted else ""
                out.add(f"{name} {mm(value)} mm{note}, quy định {low}–{high} mm", element=name + _where(ctx, number))


# ---------------------------------------------------------------- font and colour


def _fonts_and_colours(ctx: Context) -> tuple[dict[str, list[Para]], dict[str, list[Para]]]:
    """Paragraphs by font other than Times New Roman, and by colour other than black: one pass for both rules."""
    cached = ctx.cache.get("fonts_and_colours")
    if cached is None:
        fonts: dict[str, list[Para]] = {}
        colours: dict[str, list[Para]] = {}
        # Whether a formatting is Times New Roman (or none) in both font slots and black: then no text in
        # it can be a finding. Keyed by identity: the formats are shared, one per distinct formatting.
        plain: dict[int, bool] = {}
        for para in ctx.layout.paras + header_footer_paras(ctx.document):
            for piece in para.pieces:
                fmt = piece.fmt
                ok = plain.get(id(fmt))
                if ok is None:
                    ok = plain[id(fmt)] = _plain(fmt)
                if ok:
                    continue
                text = para.text[piece.start : piece.end]
                if not text.strip():
                    continue
                name = piece.fmt.font_hansi if not text.isascii() else piece.fmt.font_ascii
                name = name or "Times New Roman"  # Word's own fallback when nothing names a font
                if name.strip().lower() != "times new roman":
                    fonts.setdefault(name, []).append(para)
                colour = (piece.fmt.color or "auto").lower()
                if colour not in ("auto", "000000"):
                    colours.setdefault(colour.upper(), []).append(para)
        cached = ctx.cache["fonts_and_colours"] = (fonts, colours)
    return cast(tuple[dict[str, list[Para]], dict[str, list[Para]]], cached)  # stored just above, or by an earlier rule


def _plain(fmt: Any) -> bool:
    fonts = ((name or "Times New Roman").strip().lower() for name in (fmt.font_ascii, fmt.font_hansi))
    return all(name == "times new roman" for name in fonts) and (fmt.color or "auto").lower() in ("auto", "000000")


def font(ctx: Context, out: Report) -> None:
    for name, paras in sorted(_fonts_and_colours(ctx)[0].items()):
        out.add(f"{count_paras(paras)} dùng phông «{name}», đầu tiên {excerpt(paras[0].text)}; quy định phông Times New Roman")


def colour(ctx: Context, out: Report) -> None:
    for value, paras in sorted(_fonts_and_colours(ctx)[1].items()):
        out.add(f"{count_paras(paras)} có chữ màu #{value}, đầu tiên {excerpt(paras[0].text)}; quy định màu đen")


# ---------------------------------------------------------------- page numbers


def _has_page_field(p: Any) -> bool:
    for fld in p.iter(qn("w:fldSimple")):
        if re.search(r"\bPAGE\b", fld.get(qn("w:instr")) or ""):
            return True
    return any(re.search(r"^\s*PAGE\b", instr.text or "") for instr in p.iter(qn("w:instrText")))


def _field_pieces(p: Paragraph) -> list[Piece]:
    text, pieces = read_paragraph(p)
    digits = [pc for pc in pieces if text[pc.start : pc.end].strip()]
    if digits:
        return digits
    for r in p._p.iter(qn("w:r")):  # a field whose result is empty: its own runs
        return [Piece(r, 0, 0, run_format(p, Run(r, p)))]
    return []


def _number_parts(section: Any) -> list[tuple[str, Any]]:
    """The headers and footers of a section that can show a page number."""
    kinds = [("header", section.header), ("even header", section.even_page_header)]
    kinds += [("footer", section.footer), ("even footer", section.even_page_footer)]
    if section.different_first_page_header_footer:
        kinds += [("first header", section.first_page_header), ("first footer", section.first_page_footer)]
    return [(kind, part) for kind, part in kinds if not part.is_linked_to_previous]


def page_number_format(ctx: Context, out: Report) -> None:
    for number, section in enumerate(ctx.document.sections):
        for kind, part in _number_parts(section):
            for p in part.paragraphs:
                if not _has_page_field(p._p):
                    continue
                if "footer" in kind:
                    out.add("số trang đặt ở lề dưới, quy định đặt trong phần lề trên")
                    continue
                layout = paragraph_layout(p)
                problems = []
                if layout.alignment != "center":
                    problems.append(f"số trang {align_name(layout.alignment)}, quy định canh giữa")
                problems += style_problems(_field_pieces(p), sizes=(13, 14), italic=False)
                out.add(problems)
        pg_num = section._sectPr.find(qn("w:pgNumType"))
        start = None if pg_num is None else pg_num.get(qn("w:start"))
        if number == 0 and start not in (None, "1", "0"):
            out.add(f"số trang bắt đầu từ {start}, quy định đánh từ số 1")


def page_number_on_first(ctx: Context, out: Report) -> None:
    first = ctx.document.sections[0]
    header = first.first_page_header if first.different_first_page_header_footer else first.header
    footer = first.first_page_footer if first.different_first_page_header_footer else first.footer
    parts = (part for part in (header, footer) if not part.is_linked_to_previous)
    if any(_has_page_field(p._p) for part in parts for p in part.paragraphs):
        out.add("trang đầu có hiển thị số trang, quy định không hiển thị số trang thứ nhất (chọn «Different First Page»)")


def no_page_number(ctx: Context, out: Report) -> None:
    shown = any(
        _has_page_field(p._p)
        for section in ctx.document.sections
        for _kind, part in _number_parts(section)
        for p in part.paragraphs
    )
    if not shown and more_than_one_page(ctx):
        out.add("không có số trang; văn bản từ hai trang trở lên phải đánh số trang ở giữa lề trên")


# ---------------------------------------------------------------- how many pages


# A document is taken as one page only when its estimated height fills at most this share of the
# first section's text area: the estimate (below) errs on the short side for tables and shapes, and a
# page number wrongly missing is worse than a warning a one-page clerk can ignore.
ONE_PAGE_SHARE = 0.9
_LINE_HEIGHT = (1825 + 443) / 2048  # Times New Roman's single line: (winAscent + winDescent) / em = 1,107 em


def more_than_one_page(ctx: Context) -> bool:
    """Whether the document runs past its first page, estimated from its layout.

    A page or section break means two pages. Otherwise each paragraph's height is its lines (the
    Times New Roman width of its text over the width of its container, at least one per line break)
    times the line spacing, plus its spacing before and after and its inline pictures; a table row is
    as tall as its tallest cell. The sum stops as soon as it passes the page (linear, and short for a
    long document).
    """
    document = ctx.document
    if any(section.start_type != WD_SECTION.CONTINUOUS for section in document.sections[1:]):
        return True
    body = document.element.body
    if any(br.get(qn("w:type")) == "page" for br in body.iter(qn("w:br"))):
        return True
    if any(el.get(qn("w:val")) not in ("0", "false", "off") for el in body.iter(qn("w:pageBreakBefore"))):
        return True
    page: PageSetup = ctx.pages[0]
    room = (page.height - page.top - page.bottom) / TWIPS_PER_MM * ONE_PAGE_SHARE
    height = 0.0
    row_key: tuple[int, int] | None = None
    row_cells: dict[int, float] = {}
    for q in ctx.layout.paras:
        h = _height_mm(q)
        key = None if q.tbl is None else (id(q.tbl), q.row)
        if key != row_key:
            height += max(row_cells.values(), default=0.0)
            row_key, row_cells = key, {}
        if key is None:
            height += h
        else:
            row_cells[q.col] = row_cells.get(q.col, 0.0) + h
        if height > room:
            return True
    return height + max(row_cells.values(), default=0.0) > room


def _height_mm(q: Para) -> float:
    layout = q.layout
    size = max((pc.fmt.size for pc in q.pieces), default=12.0)
    room = max(q.width - layout.left - layout.right, 1) / TWIPS_PER_MM
    lines = 0
    for segment in q.text.split("\n"):
        width = text_width_mm(segment.replace("\t", "    "), size)
        lines += max(1, math.ceil(width / room))
    if layout.line is None:
        line_pt = size * _LINE_HEIGHT
    elif layout.line_rule == "auto":
        line_pt = size * _LINE_HEIGHT * layout.line
    elif layout.line_rule == "exact":
        line_pt = layout.line
    else:  # atLeast
        line_pt = max(layout.line, size * _LINE_HEIGHT)
    extents = (el.find(WP + "extent") for el in q.el.iter(WP + "inline"))
    pictures = sum(to_int(e.get("cy")) or 0 for e in extents if e is not None)
    return (lines * line_pt + layout.space_before + layout.space_after) * 25.4 / 72 + pictures / 36000


RULES = (
    Rule("L101", "I.1", "khổ giấy", "paper A4, 210 × 297 mm (±1 mm)", paper, yeu_cau="Khổ giấy A4 (210 × 297 mm)."),
    Rule(
        "L102",
        "I.2",
        "hướng trang",
        "portrait; landscape only when the text has a table",
        orientation,
        yeu_cau="Trang dọc; chỉ trang có bảng mới được để ngang.",
    ),
    Rule(
        "L103",
        "I.3",
        "lề",
        "margins: top and bottom 20–25 mm, left 30–35 mm, right 15–20 mm",
        margins,
        yeu_cau="Lề trên và dưới 20–25 mm, lề trái 30–35 mm, lề phải 15–20 mm.",
    ),
    Rule(
        "L104",
        "I.4",
        "phông chữ",
        "Times New Roman in every run, headers and footers included",
        font,
        yeu_cau="Phông Times New Roman ở mọi chỗ, kể cả đầu trang và chân trang.",
    ),
    Rule("L105", "I.4", "màu chữ", "black (or automatic) text", colour, yeu_cau="Chữ màu đen (hoặc Automatic)."),
    Rule(
        "L106",
        "I.7",
        "số trang",
        "page number in the top margin, centred, 13–14 pt, upright, from 1",
        page_number_format,
        yeu_cau="Số trang ở giữa lề trên, cỡ 13–14, chữ đứng, bắt đầu từ 1.",
    ),
    Rule(
        "L107",
        "I.7",
        "số trang",
        "no page number shown on page 1",
        page_number_on_first,
        yeu_cau="Không hiện số trang ở trang đầu.",
    ),
    Rule(
        "L108",
        "I.7",
        "số trang",
        "a text of more than one page has page numbers (estimated page count; none needed on one page)",
        no_page_number,
        Severity.WARNING,
        yeu_cau="(cảnh báo) Văn bản dài hơn một trang phải đánh số trang.",
    ),
)
