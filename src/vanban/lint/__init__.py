"""A Decree 30/2020/NĐ-CP linter for any .docx, made by vanban or by hand in Word.

Elements are found by what they say and where they stand, never by our style
names: the Quốc hiệu is the paragraph reading "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT
NAM", the agency is what stands left of it in the header table, the date is
"<place>, ngày … tháng … năm …", and so on. Formatting is read as Word shows it
(``docx_format.run_format`` / ``paragraph_layout``: direct formatting, character
and paragraph styles with their ``basedOn`` chains, table style, numbering and
document defaults). Rule lines may be paragraph borders (our template), line
shapes (DrawingML or VML) or runs of underscores, as offices draw them.

Every finding names the clause of Phụ lục I it breaks, the element, what was
found and what is required. Codes are stable:

| code | element (clause of Phụ lục I)                                   |
|------|-----------------------------------------------------------------|
| L101 | paper size A4 (I.1)                                             |
| L102 | portrait orientation (I.2)                                      |
| L103 | page margins (I.3)                                              |
| L104 | font Times New Roman (I.4)                                      |
| L105 | black text (I.4)                                                |
| L106 | page number: top margin, centred, 13–14, upright, from 1 (I.7)  |
| L107 | page number shown on page 1 (I.7)                               |
| L108 | no page number at all (I.7; warning: a one-page text needs none)|
| L110 | Quốc hiệu (II.1.a)                                              |
| L111 | Tiêu ngữ (II.1.b)                                               |
| L112 | rule under the Tiêu ngữ (II.1.b)                                |
| L113 | agency name (II.2.b)                                            |
| L114 | rule under the agency name (II.2.b)                             |
| L115 | number and symbol (II.3.a, II.3.c)                              |
| L116 | date written in full, zero-padding (II.4.b)                     |
| L117 | place and date: size, italic, centred (II.4.c)                  |
| L118 | document type (II.5.b)                                          |
| L119 | trích yếu (II.5.b)                                              |
| L120 | rule under the trích yếu (II.5.b)                               |
| L121 | body text: size, justified, indent, spacing (II.6.e)            |
| L122 | headings of parts, chapters, sections, articles (II.6.đ)        |
| L123 | clauses and points (II.6.đ)                                     |
| L130 | the word "Nơi nhận" (II.9.d)                                    |
| L131 | the recipients listed (II.9.d)                                  |
| L140 | signing authority and position (II.7.đ)                         |
| L141 | name of the signer (II.7.đ)                                     |
"""

from __future__ import annotations

import re
import unicodedata
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from docx import Document
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph
from docx.text.run import Run

from vanban.docx.format import ParagraphLayout, RunFormat, paragraph_layout, run_format
from vanban.docx.metrics import SUPERSCRIPT_SCALE, text_width_mm
from vanban.engine.findings import Finding, InputError, Place, error, warning

TWIPS_PER_MM = 1440 / 25.4
EMU_PER_TWIP = 635

# ---------------------------------------------------------------- reading the document

NBSP = "\u00a0"
_SKIP_ANCESTORS = {qn("w:del"), qn("w:txbxContent"), qn("w:moveFrom")}
_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"

# Qualified names, computed once (qn() costs ~0.5 µs and the walk asks for them in every cell).
_W_P, _W_R, _W_T = qn("w:p"), qn("w:r"), qn("w:t")
_W_TABS = (qn("w:tab"), qn("w:ptab"))
_W_BREAKS = (qn("w:br"), qn("w:cr"))
_W_NO_BREAK_HYPHEN = qn("w:noBreakHyphen")
_W_TBL, _W_TR, _W_TC = qn("w:tbl"), qn("w:tr"), qn("w:tc")
_W_TBL_PR, _W_TBL_STYLE, _W_TBL_GRID, _W_GRID_COL = qn("w:tblPr"), qn("w:tblStyle"), qn("w:tblGrid"), qn("w:gridCol")
_W_TR_PR, _W_GRID_BEFORE = qn("w:trPr"), qn("w:gridBefore")
_W_TC_PR, _W_TC_W, _W_GRID_SPAN = qn("w:tcPr"), qn("w:tcW"), qn("w:gridSpan")
_W_TC_MAR, _W_TBL_CELL_MAR = qn("w:tcMar"), qn("w:tblCellMar")
_W_SDT, _W_SDT_CONTENT, _W_CUSTOM_XML, _W_SMART_TAG = qn("w:sdt"), qn("w:sdtContent"), qn("w:customXml"), qn("w:smartTag")
_W_STYLE, _W_STYLE_ID, _W_TYPE, _W_DEFAULT = qn("w:style"), qn("w:styleId"), qn("w:type"), qn("w:default")
_W_BASED_ON, _W_VAL, _W_W = qn("w:basedOn"), qn("w:val"), qn("w:w")
_W_SIDES = {side: qn(f"w:{side}") for side in ("left", "start", "right", "end")}


def _norm(text: str) -> str:
    return unicodedata.normalize("NFC", text).replace(NBSP, " ")


def _squash(text: str) -> str:
    return " ".join(_norm(text).split())


@dataclass
class Piece:
    """One run of text: the run, where its text sits in the paragraph, how it is displayed."""

    run: Run
    start: int
    end: int
    fmt: RunFormat


@dataclass
class Para:
    """A paragraph in reading order, with what the linter needs about where it stands."""

    p: Paragraph
    text: str  # NFC, NBSP as space, tabs and breaks kept
    pieces: list[Piece]
    layout: ParagraphLayout
    index: int
    tbl: Any = None  # CT_Tbl element when in a table
    row: int = -1
    col: int = -1  # grid column of the cell
    cell: Any = None  # CT_Tc element
    width: int = 0  # twips available to the paragraph's container

    @property
    def clean(self) -> str:
        return _squash(self.text)

    @property
    def shown(self) -> str:
        """The text as displayed: capitals where the run says caps."""
        out = []
        for piece in self.pieces:
            part = self.text[piece.start : piece.end]
            out.append(part.upper() if piece.fmt.caps else part)
        return _squash("".join(out))

    def pieces_in(self, start: int = 0, end: int | None = None) -> list[Piece]:
        end = len(self.text) if end is None else end
        return [pc for pc in self.pieces if pc.end > start and pc.start < end and self.text[pc.start : pc.end].strip()]

    def same_container(self, other: Para) -> bool:
        return self.cell is other.cell


def _visible(el: Any, paragraph: Any) -> bool:
    """Whether a run shows as text of ``paragraph`` (not deleted, not in a text box or a fallback copy)."""
    for ancestor in el.iterancestors():
        if ancestor is paragraph:
            return True
        if ancestor.tag in _SKIP_ANCESTORS or ancestor.tag == _MC_FALLBACK:
            return False
    return True


def _read_paragraph(p: Paragraph) -> tuple[str, list[Piece]]:
    text = ""
    pieces: list[Piece] = []
    for r in p._p.iter(_W_R):
        if not _visible(r, p._p):
            continue
        start = len(text)
        for child in r:
            tag = child.tag
            if tag == _W_T:
                text += _norm(child.text or "")
            elif tag in _W_TABS:
                text += "\t"
            elif tag in _W_BREAKS:
                text += "\n"
            elif tag == _W_NO_BREAK_HYPHEN:
                text += "-"
        if len(text) > start:
            run = Run(r, p)
            pieces.append(Piece(run, start, len(text), run_format(p, run)))
    return text, pieces


def _cell_width(tbl: Any, tc: Any, grid_col: int, span: int, index: _TableWidths) -> int:
    tc_pr = tc.find(_W_TC_PR)
    width = None
    if tc_pr is not None and (tcw := tc_pr.find(_W_TC_W)) is not None and tcw.get(_W_TYPE) in (None, "dxa"):
        width = _int(tcw.get(_W_W))
    if not width:
        width = sum(index.grid(tbl)[grid_col : grid_col + span]) or 0
    left, right = index.margins(tbl, tc)
    return max(width - left - right, 0)


def _int(value: Any) -> int | None:
    try:
        return int(float(value))
    except (TypeError, ValueError):
        return None


class _TableWidths:
    """Grid widths and cell margins (tcMar, then tblCellMar, then table style, then Word's 108 twips).

    What belongs to a table (its grid, its own and its style's cell margins) is read once per
    table, not once per cell: lxml's ``find`` on a table element scans every row.
    """

    def __init__(self, styles: Any):
        self.styles = {s.get(_W_STYLE_ID): s for s in styles.findall(_W_STYLE)}
        self.default = next(
            (
                s.get(_W_STYLE_ID)
                for s in self.styles.values()
                if s.get(_W_TYPE) == "table" and s.get(_W_DEFAULT) in ("1", "true")
            ),
            None,
        )
        self._tables: dict[Any, tuple[list[int], tuple[int | None, int | None]]] = {}
        self._style_margins: dict[tuple[str | None, str], int | None] = {}

    def _table(self, tbl: Any) -> tuple[list[int], tuple[int | None, int | None]]:
        """The table's grid widths, and its left and right cell margins when no tcMar sets them."""
        cached = self._tables.get(tbl)
        if cached is None:
            grid = tbl.find(_W_TBL_GRID)
            widths = [] if grid is None else [_int(g.get(_W_W)) or 0 for g in grid.findall(_W_GRID_COL)]
            tbl_pr = tbl.find(_W_TBL_PR)
            style = None if tbl_pr is None else tbl_pr.find(_W_TBL_STYLE)
            style_id = style.get(_W_VAL) if style is not None else self.default
            sides = []
            for side, alt in _MARGIN_SIDES:
                value = None
                for name in (side, alt):
                    value = value if value is not None else _margin(tbl_pr, _W_TBL_CELL_MAR, name)
                for name in (side, alt):
                    value = value if value is not None else self._style_margin(style_id, name)
                sides.append(value)
            cached = self._tables[tbl] = (widths, (sides[0], sides[1]))
        return cached

    def grid(self, tbl: Any) -> list[int]:
        return self._table(tbl)[0]

    def _style_margin(self, style_id: str | None, side: str) -> int | None:
        key = (style_id, side)
        if key not in self._style_margins:
            self._style_margins[key] = self._find_style_margin(style_id, side)
        return self._style_margins[key]

    def _find_style_margin(self, style_id: str | None, side: str) -> int | None:
        seen = set()
        while style_id and style_id in self.styles and style_id not in seen:
            seen.add(style_id)
            style = self.styles[style_id]
            found = _margin(style.find(_W_TBL_PR), _W_TBL_CELL_MAR, side)
            if found is not None:
                return found
            based = style.find(_W_BASED_ON)
            style_id = None if based is None else based.get(_W_VAL)
        return None

    def margins(self, tbl: Any, tc: Any) -> tuple[int, int]:
        tc_pr = tc.find(_W_TC_PR)
        table_margins = self._table(tbl)[1]
        if tc_pr is None or tc_pr.find(_W_TC_MAR) is None:  # the common case: the table's margins
            left, right = table_margins
            return 108 if left is None else left, 108 if right is None else right
        out = []
        for (side, alt), table_value in zip(_MARGIN_SIDES, table_margins, strict=True):
            value = None
            for name in (side, alt):
                value = value if value is not None else _margin(tc_pr, _W_TC_MAR, name)
            value = value if value is not None else table_value
            out.append(108 if value is None else value)
        return out[0], out[1]


_MARGIN_SIDES = (("left", "start"), ("right", "end"))


def _margin(parent: Any, tag: str, side: str) -> int | None:
    """The ``side`` margin (twips) set in ``parent``'s ``tag`` (a qualified name: tcMar, tblCellMar)."""
    if parent is None or (mar := parent.find(tag)) is None or (el := mar.find(_W_SIDES[side])) is None:
        return None
    if el.get(_W_TYPE) not in (None, "dxa"):
        return 0 if el.get(_W_TYPE) == "nil" else None
    return _int(el.get(_W_W))


class DocxLayout:
    """The document's paragraphs in reading order, each placed in its container."""

    def __init__(self, document: Any):
        self.document = document
        section = document.sections[0]
        self.text_width = int(
            ((section.page_width or 12240 * EMU_PER_TWIP) - (section.left_margin or 0) - (section.right_margin or 0))
            / EMU_PER_TWIP
        )
        self.widths = _TableWidths(document.part.styles.element)
        self.paras: list[Para] = []
        self.tables: list[Any] = []
        self._walk(document.element.body, None, -1, -1, None, self.text_width)

    def _walk(self, container: Any, tbl: Any, row: int, col: int, cell: Any, width: int) -> None:
        for child in container:
            if child.tag == _W_P:
                p = Paragraph(child, self.document._body)
                text, pieces = _read_paragraph(p)
                self.paras.append(Para(p, text, pieces, paragraph_layout(p), len(self.paras), tbl, row, col, cell, width))
            elif child.tag == _W_TBL:
                self.tables.append(child)
                for r_index, tr in enumerate(child.findall(_W_TR)):
                    grid_col = 0
                    tr_pr = tr.find(_W_TR_PR)
                    before = None if tr_pr is None else tr_pr.find(_W_GRID_BEFORE)
                    if before is not None:
                        grid_col += _int(before.get(_W_VAL)) or 0
                    for tc in self._cells(tr):
                        tc_pr = tc.find(_W_TC_PR)
                        span_el = None if tc_pr is None else tc_pr.find(_W_GRID_SPAN)
                        span = (_int(span_el.get(_W_VAL)) if span_el is not None else 1) or 1
                        cell_width = _cell_width(child, tc, grid_col, span, self.widths)
                        self._walk(tc, child, r_index, grid_col, tc, cell_width)
                        grid_col += span
            elif child.tag in (_W_SDT, _W_CUSTOM_XML, _W_SDT_CONTENT, _W_SMART_TAG):
                inner = child.find(_W_SDT_CONTENT) if child.tag == _W_SDT else child
                if inner is not None:
                    self._walk(inner, tbl, row, col, cell, width)

    @staticmethod
    def _cells(tr: Any) -> Iterator[Any]:
        for child in tr:
            if child.tag == _W_TC:
                yield child
            elif child.tag in (_W_SDT, _W_CUSTOM_XML):
                inner = child.find(_W_SDT_CONTENT) if child.tag == _W_SDT else child
                if inner is not None:
                    yield from (c for c in inner if c.tag == _W_TC)

    def following(self, para: Para, *, same_container: bool = True) -> Iterator[Para]:
        for other in self.paras[para.index + 1 :]:
            if same_container and not other.same_container(para):
                if other.cell is None and para.cell is None:
                    continue
                break
            yield other

    def cell_paras(self, tbl: Any, row: int, col: int) -> list[Para]:
        return [q for q in self.paras if q.tbl is tbl and q.row == row and q.col == col]


def open_docx(path: Path, shown: str | None = None) -> Any:
    """The document, or an InputError (exit status 2) saying why it cannot be read."""
    shown = shown or str(path)
    place = Place(shown)
    if not path.is_file():
        raise InputError([error("L001", place, "không tìm thấy tệp.")])
    if not zipfile.is_zipfile(path):
        raise InputError(
            [
                error(
                    "L001", place, "không phải tệp .docx (Word 2007 trở lên); tệp .doc cũ hãy mở bằng Word và lưu lại dạng .docx."
                )
            ]
        )
    try:
        return Document(str(path))
    except Exception as exc:  # python-docx raises many kinds for a broken package
        raise InputError([error("L001", place, f"không đọc được tệp .docx ({type(exc).__name__}: {exc}).")]) from None


# ---------------------------------------------------------------- rule lines

A_NS = "http://schemas.openxmlformats.org/drawingml/2006/main"
WP_NS = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
V_NS = "urn:schemas-microsoft-com:vml"
O_NS = "urn:schemas-microsoft-com:office:office"
_UNITS_PT = {"pt": 1.0, "in": 72.0, "cm": 72 / 2.54, "mm": 72 / 25.4, "px": 0.75, "pc": 12.0, "": 0.75}


@dataclass(frozen=True)
class RuleLine:
    kind: str  # "đường viền đoạn" | "hình vẽ đường thẳng" | "dấu gạch dưới"
    length_mm: float

    def describe(self) -> str:
        return f"{self.length_mm:.1f} mm ({self.kind})".replace(".", ",")


def _vml_length(value: str) -> float | None:
    match = re.fullmatch(r"\s*(-?[\d.]+)\s*([a-z]*)\s*", value or "")
    if not match or match.group(2) not in _UNITS_PT:
        return None
    return float(match.group(1)) * _UNITS_PT[match.group(2)]


def _shape_lines(p: Any) -> list[float]:
    """Lengths (mm) of horizontal line shapes anchored in paragraph ``p``."""
    lengths: list[float] = []
    for anchor in p.iter(f"{{{WP_NS}}}anchor", f"{{{WP_NS}}}inline"):
        geom = anchor.find(f".//{{{A_NS}}}prstGeom")
        extent = anchor.find(f"{{{WP_NS}}}extent")
        if geom is None or extent is None or geom.get("prst") not in ("line", "straightConnector1"):
            continue
        cx, cy = _int(extent.get("cx")) or 0, _int(extent.get("cy")) or 0
        if cx > 3 * cy:
            lengths.append(cx / 36000)
    if lengths:
        return lengths
    for line in p.iter(f"{{{V_NS}}}line"):
        start = [_vml_length(v) for v in (line.get("from") or "0,0").split(",")]
        end = [_vml_length(v) for v in (line.get("to") or "0,0").split(",")]
        if len(start) == 2 and len(end) == 2 and None not in start + end:
            dx, dy = abs(end[0] - start[0]), abs(end[1] - start[1])
            if dx > 3 * dy:
                lengths.append(dx / 72 * 25.4)
    for shape in p.iter(f"{{{V_NS}}}shape"):
        straight = shape.get(f"{{{O_NS}}}connectortype") == "straight" or (shape.get("type") or "").endswith("_x0000_t32")
        style = dict(part.split(":", 1) for part in (shape.get("style") or "").replace(" ", "").split(";") if ":" in part)
        width, height = _vml_length(style.get("width", "")), _vml_length(style.get("height", "0pt")) or 0.0
        if straight and width and width > 3 * height:
            lengths.append(width / 72 * 25.4)
    return lengths


_RULE_CHARS = set("_‗─━—")


def _underscore_rule(para: Para) -> RuleLine | None:
    text = para.text.strip()
    if len(text) < 3 or set(text) - _RULE_CHARS:
        return None
    width = 0.0
    for piece in para.pieces:
        chars = para.text[piece.start : piece.end].strip()
        size = piece.fmt.size * (SUPERSCRIPT_SCALE if piece.fmt.vert_align else 1)
        width += text_width_mm(chars, size, bold=piece.fmt.bold, italic=piece.fmt.italic)
    return RuleLine("dấu gạch dưới", width)


def _border_length(para: Para) -> float:
    return max(para.width - para.layout.left - para.layout.right, 0) / TWIPS_PER_MM


def find_rule(layout: DocxLayout, last: Para) -> RuleLine | None:
    """The rule drawn under ``last``: its own bottom border, or in the next few paragraphs of its container."""
    if last.layout.border_bottom:
        return RuleLine("đường viền đoạn", _border_length(last))
    if lengths := _shape_lines(last.p._p):
        return RuleLine("hình vẽ đường thẳng", max(lengths))
    for step, other in enumerate(layout.following(last)):
        if step >= 3:
            break
        if other.layout.border_top:
            return RuleLine("đường viền đoạn", _border_length(other))
        if lengths := _shape_lines(other.p._p):
            return RuleLine("hình vẽ đường thẳng", max(lengths))
        if other.clean:
            return _underscore_rule(other)
        if other.layout.border_bottom:
            return RuleLine("đường viền đoạn", _border_length(other))
    if last.cell is not None:
        # Word often anchors a drawn line to the first paragraph of the cell and moves it down by an offset.
        lengths = [length for q in layout.paras if q.cell is last.cell for length in _shape_lines(q.p._p)]
        if lengths:
            return RuleLine("hình vẽ đường thẳng", max(lengths))
    return None


def is_rule_paragraph(para: Para) -> bool:
    return _underscore_rule(para) is not None


# ---------------------------------------------------------------- requirements


def _fmt_size(value: float) -> str:
    return f"{value:g}".replace(".", ",")


def _range(low: float, high: float) -> str:
    return _fmt_size(low) if low == high else f"{_fmt_size(low)}–{_fmt_size(high)}"


def style_problems(
    pieces: list[Piece],
    *,
    sizes: tuple[float, float] | None = None,
    bold: bool | None = None,
    italic: bool | None = None,
) -> list[str]:
    """What the text's runs show against what is required, in words."""
    problems: list[str] = []
    if not pieces:
        return problems
    if sizes is not None:
        low, high = sizes
        wrong = sorted({pc.fmt.size for pc in pieces if not low - 0.01 <= pc.fmt.size <= high + 0.01})
        if wrong:
            problems.append(f"cỡ chữ {', '.join(_fmt_size(s) for s in wrong)}, quy định cỡ {_range(low, high)}")
    if bold is not None:
        if bold and not all(pc.fmt.bold for pc in pieces):
            problems.append("chữ không đậm, quy định in đậm")
        if not bold and any(pc.fmt.bold for pc in pieces):
            problems.append("chữ in đậm, quy định không in đậm")
    if italic is not None:
        if italic and not all(pc.fmt.italic for pc in pieces):
            problems.append("chữ đứng, quy định in nghiêng")
        if not italic and any(pc.fmt.italic for pc in pieces):
            problems.append("chữ in nghiêng, quy định kiểu chữ đứng")
    return problems


def _letters(text: str) -> str:
    return "".join(ch for ch in text if ch.isalpha())


def is_upper(text: str) -> bool:
    letters = _letters(text)
    return bool(letters) and letters == letters.upper()


def case_problem(shown: str, *, upper: bool) -> list[str]:
    if upper and not is_upper(shown):
        return ["không viết in hoa, quy định chữ in hoa"]
    if not upper and len(_letters(shown)) > 1 and is_upper(shown):
        return ["viết in hoa toàn bộ, quy định chữ in thường"]
    return []


ALIGN_NAMES = {
    "left": "canh trái",
    "center": "canh giữa",
    "right": "canh phải",
    "both": "canh đều hai lề",
    "distribute": "canh đều",
}


def _excerpt(text: str, limit: int = 60) -> str:
    text = _squash(text)
    return f"«{text if len(text) <= limit else text[: limit - 1] + '…'}»"


# ---------------------------------------------------------------- the linter


@dataclass
class Linter:
    layout: DocxLayout
    file: str
    findings: list[Finding] = field(default_factory=list)

    # -- reporting

    def add(self, code: str, element: str, clause: str, problems: list[str] | str, *, severity: str = "error") -> None:
        if isinstance(problems, str):
            problems = [problems]
        if not problems:
            return
        message = f"Phụ lục I, {clause}: {'; '.join(problems)}."
        make = warning if severity == "warning" else error
        self.findings.append(make(code, Place(self.file, field=element), message))

    def element(self, code: str, element: str, clause: str, para: Para, problems: list[str], text: str | None = None) -> None:
        if problems:
            self.add(code, element, clause, [f"{_excerpt(text or para.text)} " + problems[0]] + problems[1:])

    # -- page (I)

    def page(self) -> None:
        # Tables of content (bảng, biểu), not the borderless layout tables of the header and signature.
        layout_tables = {
            q.tbl for q in self.layout.paras if q.tbl is not None and (_national_span(q.text) or _RECIPIENTS.match(q.clean))
        }
        has_tables = any(tbl not in layout_tables for tbl in self.layout.tables)
        for number, section in enumerate(self.layout.document.sections, start=1):
            where = "" if len(self.layout.document.sections) == 1 else f" (phần {number})"
            width, height = section.page_width, section.page_height
            w_mm = (width if width is not None else 12240 * EMU_PER_TWIP) / 36000
            h_mm = (height if height is not None else 15840 * EMU_PER_TWIP) / 36000
            short, long_ = sorted((w_mm, h_mm))
            if abs(short - 210) > 1 or abs(long_ - 297) > 1:
                self.add(
                    "L101",
                    "khổ giấy" + where,
                    "I.1",
                    f"khổ giấy {_mm(w_mm)} × {_mm(h_mm)} mm, quy định khổ A4 (210 × 297 mm)",
                )
            if w_mm > h_mm and not has_tables:
                self.add(
                    "L102",
                    "hướng trang" + where,
                    "I.2",
                    "trang nằm ngang, quy định trình bày theo chiều dài khổ A4 (chỉ được nằm ngang khi văn bản có bảng, biểu)",
                )
            margins = (
                ("lề trên", section.top_margin, 20, 25),
                ("lề dưới", section.bottom_margin, 20, 25),
                ("lề trái", section.left_margin, 30, 35),
                ("lề phải", section.right_margin, 15, 20),
            )
            for name, value, low, high in margins:
                mm = (value or 0) / 36000
                if not low - 0.05 <= mm <= high + 0.05:
                    self.add("L103", name + where, "I.3", f"{name} {_mm(mm)} mm, quy định {low}–{high} mm")

    def fonts_and_colours(self) -> None:
        fonts: dict[str, list[Para]] = {}
        colours: dict[str, list[Para]] = {}
        for para in self.layout.paras + self._header_footer_paras():
            for piece in para.pieces:
                text = para.text[piece.start : piece.end]
                if not text.strip():
                    continue
                name = piece.fmt.font_hansi if any(ord(c) > 127 for c in text) else piece.fmt.font_ascii
                name = name or "Times New Roman"  # Word's own fallback when nothing names a font
                if name.strip().lower() != "times new roman":
                    fonts.setdefault(name, []).append(para)
                colour = (piece.fmt.color or "auto").lower()
                if colour not in ("auto", "000000"):
                    colours.setdefault(colour.upper(), []).append(para)
        for name, paras in sorted(fonts.items()):
            self.add(
                "L104",
                "phông chữ",
                "I.4",
                f"{_count(paras)} dùng phông «{name}», đầu tiên {_excerpt(paras[0].text)}; quy định phông Times New Roman",
            )
        for colour, paras in sorted(colours.items()):
            self.add(
                "L105",
                "màu chữ",
                "I.4",
                f"{_count(paras)} có chữ màu #{colour}, đầu tiên {_excerpt(paras[0].text)}; quy định màu đen",
            )

    def _header_footer_paras(self) -> list[Para]:
        out: list[Para] = []
        seen: set[int] = set()
        for section in self.layout.document.sections:
            for part in (section.header, section.first_page_header, section.even_page_header, section.footer,
                         section.first_page_footer, section.even_page_footer):  # fmt: skip
                if part.is_linked_to_previous or id(part._element) in seen:
                    continue
                seen.add(id(part._element))
                for p in part.paragraphs:
                    text, pieces = _read_paragraph(p)
                    out.append(Para(p, text, pieces, paragraph_layout(p), -1))
        return out

    def page_numbers(self) -> None:
        document = self.layout.document
        sections = document.sections
        first = sections[0]
        found_any = False
        for number, section in enumerate(sections):
            kinds = [("header", section.header), ("even header", section.even_page_header)]
            kinds += [("footer", section.footer), ("even footer", section.even_page_footer)]
            if section.different_first_page_header_footer:
                kinds += [("first header", section.first_page_header), ("first footer", section.first_page_footer)]
            for kind, part in kinds:
                if part.is_linked_to_previous:
                    continue
                for p in part.paragraphs:
                    if not _has_page_field(p._p):
                        continue
                    found_any = True
                    if "footer" in kind:
                        self.add("L106", "số trang", "I.7", "số trang đặt ở lề dưới, quy định đặt trong phần lề trên")
                        continue
                    layout = paragraph_layout(p)
                    problems = []
                    if layout.alignment != "center":
                        problems.append(f"số trang {ALIGN_NAMES.get(layout.alignment, layout.alignment)}, quy định canh giữa")
                    pieces = _field_pieces(p)
                    problems += style_problems(pieces, sizes=(13, 14), italic=False)
                    self.add("L106", "số trang", "I.7", problems)
            pg_num = section._sectPr.find(qn("w:pgNumType"))
            start = None if pg_num is None else pg_num.get(qn("w:start"))
            if number == 0 and start not in (None, "1", "0"):
                self.add("L106", "số trang", "I.7", f"số trang bắt đầu từ {start}, quy định đánh từ số 1")
        first_part = first.first_page_header if first.different_first_page_header_footer else first.header
        first_footer = first.first_page_footer if first.different_first_page_header_footer else first.footer
        shows = any(
            _has_page_field(p._p)
            for part in (first_part, first_footer)
            if not part.is_linked_to_previous
            for p in part.paragraphs
        )
        if shows:
            self.add(
                "L107",
                "số trang",
                "I.7",
                "trang đầu có hiển thị số trang, quy định không hiển thị số trang thứ nhất (chọn «Different First Page»)",
            )
        if not found_any:
            self.add(
                "L108",
                "số trang",
                "I.7",
                "không có số trang; văn bản từ hai trang trở lên phải đánh số trang ở giữa lề trên",
                severity="warning",
            )

    # -- header block (ô 1–4)

    def header(self) -> tuple[Para | None, Para | None]:
        """Checks Quốc hiệu, Tiêu ngữ, agency, number and date; returns (Quốc hiệu, last header paragraph)."""
        paras = self.layout.paras
        national = next((q for q in paras[:80] if _national_span(q.text)), None)
        if national is None:
            self.add("L110", "Quốc hiệu", "II.1.a", "không tìm thấy Quốc hiệu «CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM» ở đầu văn bản")
            return None, None
        start, end = _national_span(national.text)  # type: ignore[misc]
        pieces = national.pieces_in(start, end)
        shown = "".join(
            national.text[pc.start : pc.end].upper() if pc.fmt.caps else national.text[pc.start : pc.end] for pc in pieces
        )
        problems = case_problem(shown, upper=True)
        problems += style_problems(pieces, sizes=(12, 13), bold=True, italic=False)
        self.element("L110", "Quốc hiệu", "II.1.a", national, problems)

        motto = next((q for q in self.layout.following(national, same_container=national.cell is not None) if q.clean), None)
        motto_span = _motto_span(motto.text) if motto else None
        if motto is None or motto_span is None:
            self.add("L111", "Tiêu ngữ", "II.1.b", "không tìm thấy Tiêu ngữ «Độc lập - Tự do - Hạnh phúc» ngay dưới Quốc hiệu")
            motto = None
        else:
            m_pieces = motto.pieces_in(*motto_span)
            m_text = _squash(motto.text[motto_span[0] : motto_span[1]])
            problems = []
            if m_text != "Độc lập - Tự do - Hạnh phúc" or any(pc.fmt.caps for pc in m_pieces):
                problems.append(
                    "viết khác mẫu, quy định «Độc lập - Tự do - Hạnh phúc»: chữ in thường, viết hoa chữ đầu mỗi cụm từ, "
                    "gạch nối (-) có cách chữ"
                )
            problems += style_problems(m_pieces, sizes=(13, 14), bold=True, italic=False)
            if motto.layout.alignment != "center" and national.layout.alignment == "center":
                problems.append(
                    f"{ALIGN_NAMES.get(motto.layout.alignment, motto.layout.alignment)}, quy định canh giữa dưới Quốc hiệu"
                )
            self.element("L111", "Tiêu ngữ", "II.1.b", motto, problems)
            rule = find_rule(self.layout, motto)
            if rule is None:
                self.add(
                    "L112",
                    "đường kẻ dưới Tiêu ngữ",
                    "II.1.b",
                    "không có đường kẻ ngang dưới Tiêu ngữ, quy định có đường kẻ nét liền dài bằng dòng chữ",
                )
            else:
                bold = all(pc.fmt.bold for pc in m_pieces)
                size = max(pc.fmt.size for pc in m_pieces)
                text_mm = text_width_mm(m_text, size, bold=bold)
                if abs(rule.length_mm - text_mm) > 0.10 * text_mm:
                    self.add(
                        "L112",
                        "đường kẻ dưới Tiêu ngữ",
                        "II.1.b",
                        f"đường kẻ dài {rule.describe()}, dòng chữ Tiêu ngữ dài {_mm(text_mm)} mm; quy định dài bằng dòng chữ (±10 %)",
                    )

        last = motto or national
        if national.tbl is not None:
            self._agency_in_table(national)
            header_paras = [q for q in paras if q.tbl is national.tbl]
            last = header_paras[-1]
        else:
            self._agency_before(national)
            header_paras = paras[max(0, national.index - 6) : national.index + 8]
        number = next((q for q in header_paras if _number_match(q.text)), None)
        date = next((q for q in header_paras if _date_match(q.text)), None)
        if number is None:
            self.add("L115", "số, ký hiệu", "II.3.c", "không tìm thấy dòng «Số: …/…» dưới tên cơ quan")
        else:
            self._number(number)
        if date is None:
            self.add("L116", "địa danh và thời gian", "II.4.b", "không tìm thấy dòng «<địa danh>, ngày … tháng … năm …»")
        else:
            self._date(date)
            if national.tbl is None:
                last = max(last, date, key=lambda q: q.index)
        return national, last

    def _agency_in_table(self, national: Para) -> None:
        cells = sorted(
            {q.col for q in self.layout.paras if q.tbl is national.tbl and q.row == national.row and q.col < national.col}
        )
        if not cells:
            self.add("L113", "tên cơ quan", "II.2.b", "không tìm thấy tên cơ quan ban hành bên trái Quốc hiệu")
            return
        lines: list[Para] = []
        for q in self.layout.cell_paras(national.tbl, national.row, cells[-1]):
            if not q.clean:
                if lines:
                    break
                continue
            if _number_match(q.text) or q.clean.lower().startswith("v/v") or is_rule_paragraph(q):
                break
            lines.append(q)
        self._agency(lines)

    def _agency_before(self, national: Para) -> None:
        start, _ = _national_span(national.text)  # type: ignore[misc]
        before = national.text[:start].strip()
        if before:  # "AGENCY<tab>CỘNG HÒA …" on one line
            self._agency([national], end=start)
            return
        lines = [
            q for q in self.layout.paras[max(0, national.index - 4) : national.index] if q.clean and not is_rule_paragraph(q)
        ]
        self._agency(lines)

    def _agency(self, lines: list[Para], end: int | None = None) -> None:
        if not lines:
            self.add("L113", "tên cơ quan", "II.2.b", "không tìm thấy tên cơ quan ban hành văn bản")
            return
        for i, q in enumerate(lines):
            pieces = q.pieces_in(0, end)
            shown = "".join(q.text[pc.start : pc.end].upper() if pc.fmt.caps else q.text[pc.start : pc.end] for pc in pieces)
            issuing = i == len(lines) - 1  # the line right above the rule is the issuing agency
            problems = case_problem(shown, upper=True)
            problems += style_problems(pieces, sizes=(12, 13), bold=True if issuing else None, italic=False)
            self.element("L113", "tên cơ quan", "II.2.b", q, problems)
        last = lines[-1]
        rule = find_rule(self.layout, last)
        if rule is None:
            self.add(
                "L114",
                "đường kẻ dưới tên cơ quan",
                "II.2.b",
                "không có đường kẻ ngang dưới tên cơ quan, quy định dài 1/3–1/2 dòng chữ",
            )
            return
        pieces = last.pieces_in(0, end)
        text = _squash(last.text[:end] if end else last.text)
        shown = text.upper() if pieces and pieces[0].fmt.caps else text
        size = max((pc.fmt.size for pc in pieces), default=13)
        text_mm = min(text_width_mm(shown, size, bold=all(pc.fmt.bold for pc in pieces)), last.width / TWIPS_PER_MM or 1e9)
        ratio = rule.length_mm / text_mm if text_mm else 0
        if not 0.30 <= ratio <= 0.55:
            self.add(
                "L114",
                "đường kẻ dưới tên cơ quan",
                "II.2.b",
                f"đường kẻ dài {rule.describe()} = {_pct(ratio)} dòng chữ «{shown}» ({_mm(text_mm)} mm); quy định 1/3–1/2 độ dài dòng chữ",
            )

    def _number(self, para: Para) -> None:
        match = _number_match(para.text)
        assert match
        problems = []
        word = match.group("word")
        if word != "Số":
            problems.append(f"từ «{word}», quy định «Số» chữ in thường")
        number = match.group("num").strip().strip(".…")
        if number.isdigit() and int(number) < 10 and not number.startswith("0"):
            problems.append(f"số «{number}», quy định số nhỏ hơn 10 ghi thêm số 0 phía trước («0{number}»)")
        symbol = match.group("sym")
        if re.search(r"\s[-/]|[-/]\s", symbol.strip()):
            problems.append(
                f"ký hiệu «{symbol.strip()}» có dấu cách, quy định các nhóm chữ viết tắt nối bằng gạch nối (-), không cách chữ"
            )
        elif _letters(symbol) and _letters(symbol) == _letters(symbol).lower():
            problems.append(f"ký hiệu «{symbol.strip()}» viết thường, quy định chữ in hoa")
        pieces = para.pieces_in(match.start(), match.end())
        problems += style_problems(pieces, sizes=(13, 13), bold=False, italic=False)
        if para.layout.alignment != "center" and "\t" not in para.text:  # a tab layout places it by tab stops
            problems.append(
                f"{ALIGN_NAMES.get(para.layout.alignment, para.layout.alignment)}, quy định canh giữa dưới tên cơ quan"
            )
        self.element("L115", "số, ký hiệu", "II.3.c", para, problems, match.group(0))

    def _date(self, para: Para) -> None:
        match = _date_match(para.text)
        assert match
        problems = []
        day, month, year = match.group("d"), match.group("m"), match.group("y")
        if day.isdigit() and int(day) < 10 and len(day) < 2:
            problems.append(f"ngày «{day}», quy định ngày nhỏ hơn 10 ghi thêm số 0 phía trước («0{day}»)")
        if month.isdigit():
            if int(month) in (1, 2) and len(month) < 2:
                problems.append(f"tháng «{month}», quy định tháng 1, 2 ghi thêm số 0 phía trước («0{month}»)")
            elif int(month) >= 3 and month.startswith("0"):
                problems.append(f"tháng «{month}», quy định chỉ tháng 1, 2 ghi số 0 phía trước («tháng {int(month)}»)")
        if year.isdigit() and len(year) != 4:
            problems.append(f"năm «{year}», quy định ghi đầy đủ năm bằng 4 chữ số")
        self.element("L116", "ngày tháng năm", "II.4.b", para, problems, match.group(0))

        place = match.group("place").strip()
        pieces = para.pieces_in(match.start(), match.end())
        problems = []
        if place and not place[0].isupper():
            problems.append(f"địa danh «{place}» không viết hoa chữ cái đầu")
        problems += case_problem(match.group(0), upper=False)
        problems += style_problems(pieces, sizes=(13, 14), italic=True)
        if para.layout.alignment not in ("center",) and "\t" not in para.text:
            problems.append(
                f"{ALIGN_NAMES.get(para.layout.alignment, para.layout.alignment)}, quy định canh giữa dưới Quốc hiệu và Tiêu ngữ"
            )
        self.element("L117", "địa danh và thời gian", "II.4.c", para, problems, match.group(0))

    # -- document type and trích yếu (ô 5a)

    def title(self, after: Para | None) -> Para | None:
        """Checks tên loại, trích yếu and its rule; returns the paragraph the body starts after."""
        paras = self.layout.paras
        start = 0 if after is None else after.index + 1
        if after is not None and after.tbl is not None:
            start = max(q.index for q in paras if q.tbl is after.tbl) + 1
        candidates = [q for q in paras[start:] if q.tbl is None and q.clean and q.clean.upper() not in _MARKS]
        if not candidates:
            return after
        first = candidates[0]
        is_type = first.clean.upper() in DOC_TYPES or (is_upper(first.shown) and len(first.clean.split()) <= 8)
        if not is_type:
            self.add(
                "L118",
                "tên loại văn bản",
                "II.5.b",
                f"không xác định được tên loại văn bản (đoạn đầu sau phần đầu văn bản là {_excerpt(first.text)})",
                severity="warning",
            )
            return after
        pieces = first.pieces
        problems = case_problem(first.shown, upper=True)
        problems += style_problems(pieces, sizes=(13, 14), bold=True, italic=False)
        if first.layout.alignment != "center":
            problems.append(f"{ALIGN_NAMES.get(first.layout.alignment, first.layout.alignment)}, quy định canh giữa")
        self.element("L118", "tên loại văn bản", "II.5.b", first, problems)

        summary: list[Para] = []
        for q in paras[first.index + 1 :]:
            if q.tbl is not None:
                break
            if not q.clean:
                if summary:
                    break
                continue
            if is_rule_paragraph(q) or len(summary) >= 3 or (summary and q.layout.alignment != "center"):
                break
            if not summary or q.layout.alignment == "center":
                summary.append(q)
        if not summary:
            self.add("L119", "trích yếu", "II.5.b", "không tìm thấy trích yếu nội dung ngay dưới tên loại văn bản")
            return first
        for q in summary:
            problems = case_problem(q.shown, upper=False)
            problems += style_problems(q.pieces, sizes=(13, 14), bold=True, italic=False)
            if q.layout.alignment != "center":
                problems.append(f"{ALIGN_NAMES.get(q.layout.alignment, q.layout.alignment)}, quy định canh giữa")
            self.element("L119", "trích yếu", "II.5.b", q, problems)
        last = summary[-1]
        rule = find_rule(self.layout, last)
        if rule is None:
            self.add(
                "L120",
                "đường kẻ dưới trích yếu",
                "II.5.b",
                "không có đường kẻ ngang dưới trích yếu, quy định dài 1/3–1/2 dòng chữ",
            )
            return last
        size = max(pc.fmt.size for q in summary for pc in q.pieces)
        bold = all(pc.fmt.bold for q in summary for pc in q.pieces)
        longest = max(text_width_mm(q.clean, size, bold=bold) for q in summary)
        line_mm = min(longest, (last.width - last.layout.left - last.layout.right) / TWIPS_PER_MM)
        ratio = rule.length_mm / line_mm if line_mm else 0
        if not 0.30 <= ratio <= 0.55:
            self.add(
                "L120",
                "đường kẻ dưới trích yếu",
                "II.5.b",
                f"đường kẻ dài {rule.describe()} = {_pct(ratio)} dòng chữ trích yếu ({_mm(line_mm)} mm); quy định 1/3–1/2 độ dài dòng chữ",
            )
        # the body starts after the rule paragraph when the rule is one
        following = [q for q in self.layout.following(last)][:3]
        for q in following:
            if q.clean and not is_rule_paragraph(q):
                break
            last = q
        return last

    # -- body (ô 6)

    def body(self, after: Para | None, end: int) -> None:
        start = 0 if after is None else after.index + 1
        paras = [q for q in self.layout.paras[start:end] if q.tbl is None]
        issues: dict[tuple[str, str, str], list[tuple[Para, str]]] = {}

        def note(code: str, clause: str, aspect: str, para: Para, found: str) -> None:
            issues.setdefault((code, clause, aspect), []).append((para, found))

        kinds = self._kinds(paras)
        body_sizes = [pc.fmt.size for q in paras if kinds.get(q.index) == "body" for pc in q.pieces]
        body_size = max(set(body_sizes), key=body_sizes.count) if body_sizes else None  # the most common, once
        for i, q in enumerate(paras):
            if q.index not in kinds:
                continue
            kind = kinds[q.index]
            pieces = [pc for pc in q.pieces if q.text[pc.start : pc.end].strip()]
            if not pieces:
                continue
            sizes = sorted({pc.fmt.size for pc in pieces})
            wrong_sizes = [s for s in sizes if not 12.99 <= s <= 14.01]
            code, clause = {"body": ("L121", "II.6.e"), "preamble": ("L121", "II.6.e")}.get(kind) or {
                "heading": ("L122", "II.6.đ"),
                "title": ("L122", "II.6.đ"),
                "label": ("L122", "II.6.đ"),
            }.get(kind, ("L123", "II.6.đ"))
            if wrong_sizes:
                note(code, clause, "cỡ chữ", q, f"cỡ {', '.join(_fmt_size(s) for s in wrong_sizes)}")
            if kind in ("heading", "title"):
                if not is_upper(q.shown):
                    note(code, clause, "chữ in hoa", q, "không in hoa")
                if not all(pc.fmt.bold for pc in pieces):
                    note(code, clause, "in đậm", q, "không đậm")
            if kind == "label" and not all(pc.fmt.bold for pc in pieces):
                note(code, clause, "in đậm", q, "không đậm")
            if kind in ("heading", "title", "label", "clause", "point") and any(pc.fmt.italic for pc in pieces):
                note(code, clause, "kiểu chữ", q, "in nghiêng")
            if kind == "point" and all(pc.fmt.bold for pc in pieces):
                note(code, clause, "kiểu chữ", q, "in đậm")
            if kind == "body" and all(pc.fmt.italic for pc in pieces):
                note(code, clause, "kiểu chữ", q, "in nghiêng")
            if kind in ("clause", "point") and body_sizes and sizes and max(sizes) != body_size:
                note(code, clause, "cỡ chữ bằng lời văn", q, f"cỡ {_fmt_size(max(sizes))} khác cỡ lời văn")
            if kind in ("body", "preamble", "clause", "point"):
                layout = q.layout
                if layout.alignment not in ("both", "distribute"):
                    note("L121", "II.6.e", "canh đều", q, ALIGN_NAMES.get(layout.alignment, layout.alignment))
                indent_mm = layout.first_line / TWIPS_PER_MM
                if not 9.7 <= indent_mm <= 13.0:
                    note("L121", "II.6.e", "lùi đầu dòng", q, f"{_mm(indent_mm)} mm")
                self._line_spacing(q, max(sizes), note)
                following = paras[i + 1] if i + 1 < len(paras) else None
                if following is not None and following.clean and not is_rule_paragraph(following):
                    gap = layout.space_after + following.layout.space_before
                    if layout.contextual_spacing and following.layout.style_id == layout.style_id:
                        gap = 0.0
                    if gap < 5.95 and self._adjacent(q, following):
                        note("L121", "II.6.e", "khoảng cách đoạn", q, f"{_fmt_size(gap)} pt")

        required = {
            "cỡ chữ": "cỡ chữ 13–14",
            "chữ in hoa": "tiêu đề mục in hoa",
            "in đậm": "in đậm",
            "kiểu chữ": "kiểu chữ đứng (điểm không in đậm; căn cứ ở đầu văn bản được in nghiêng)",
            "cỡ chữ bằng lời văn": "cỡ chữ bằng cỡ chữ của phần lời văn",
            "canh đều": "canh đều hai lề",
            "lùi đầu dòng": "lùi đầu dòng 1 cm hoặc 1,27 cm",
            "khoảng cách đoạn": "khoảng cách giữa các đoạn tối thiểu 6 pt",
            "giãn dòng": "khoảng cách dòng từ dòng đơn đến 1,5 dòng",
        }
        element = {"L121": "nội dung văn bản", "L122": "tiêu đề phần, chương, mục, điều", "L123": "khoản, điểm"}
        for (code, clause, aspect), items in issues.items():
            para, found = items[0]
            count = f"{len(items)} đoạn" if len(items) > 1 else "1 đoạn"
            self.add(
                code,
                element[code],
                clause,
                f"{count} sai «{aspect}», đầu tiên {_excerpt(para.text)}: {found}; quy định {required[aspect]}",
            )

    @staticmethod
    def _kinds(paras: list[Para]) -> dict[int, str]:
        """What each body paragraph is: preamble (căn cứ, italic by II.6.a), body, heading, title, label, clause, point."""
        kinds: dict[int, str] = {}
        previous = None
        in_preamble = True
        for q in paras:
            if not q.clean or is_rule_paragraph(q):
                continue
            kind = _kind(q.clean)
            italic = bool(q.pieces) and all(pc.fmt.italic for pc in q.pieces if q.text[pc.start : pc.end].strip())
            if in_preamble and kind == "body" and (italic or q.clean.startswith("Căn cứ")):
                kind = "preamble"
            else:
                in_preamble = False
            if previous == "label" and kind == "body":
                kind = "title"  # the title printed under "Chương I", "Mục 1", …
            kinds[q.index] = kind
            previous = kind if kind != "label" or not q.clean.startswith("Điều") else "article"
        return kinds

    def _adjacent(self, a: Para, b: Para) -> bool:
        """Whether nothing (a table, an empty line) stands between two body paragraphs."""
        return b.index == a.index + 1

    @staticmethod
    def _line_spacing(q: Para, size: float, note: Any) -> None:
        layout = q.layout
        if layout.line is None:
            return
        if layout.line_rule == "auto":
            ok = 0.99 <= layout.line <= 1.51
            found = f"{_fmt_size(round(layout.line, 2))} dòng"
        elif layout.line_rule == "exact":
            ok = size - 0.01 <= layout.line <= 1.5 * 1.15 * size + 0.01
            found = f"đúng {_fmt_size(layout.line)} pt"
        else:  # atLeast: never below single spacing
            ok = layout.line <= 1.5 * 1.15 * size + 0.01
            found = f"tối thiểu {_fmt_size(layout.line)} pt"
        if not ok:
            note("L121", "II.6.e", "giãn dòng", q, found)

    # -- recipients and signature (ô 7, 9b)

    def closing(self, after: Para | None) -> int:
        """Checks Nơi nhận and the signature; returns the index where the body ends."""
        paras = self.layout.paras
        start = 0 if after is None else after.index + 1
        label = next((q for q in paras[start:] if _RECIPIENTS.match(q.clean)), None)
        end = len(paras)
        if label is None:
            self.add("L130", "Nơi nhận", "II.9.d", "không tìm thấy «Nơi nhận:»")
        else:
            end = label.index if label.tbl is None else min(q.index for q in paras if q.tbl is label.tbl)
            self._recipients(label)
        signer = self._signature_lines(label, start)
        if not signer:
            self.add("L140", "quyền hạn, chức vụ người ký", "II.7.đ", "không tìm thấy quyền hạn, chức vụ và họ tên người ký")
            return end
        if label is None:
            end = min(end, signer[0].index if signer[0].tbl is None else min(q.index for q in paras if q.tbl is signer[0].tbl))
        *titles, name = signer
        for q in titles:
            problems = case_problem(q.shown, upper=True)
            problems += style_problems(q.pieces_in(), sizes=(13, 14), bold=True, italic=False)
            if q.layout.alignment != "center":
                problems.append(f"{ALIGN_NAMES.get(q.layout.alignment, q.layout.alignment)}, quy định canh giữa")
            self.element("L140", "quyền hạn, chức vụ người ký", "II.7.đ", q, problems)
        problems = case_problem(name.shown, upper=False)
        problems += style_problems(name.pieces_in(), sizes=(13, 14), bold=True, italic=False)
        if name.layout.alignment != "center":
            problems.append(f"{ALIGN_NAMES.get(name.layout.alignment, name.layout.alignment)}, quy định canh giữa")
        self.element("L141", "họ tên người ký", "II.7.đ", name, problems)
        return end

    def _recipients(self, label: Para) -> None:
        problems = []
        if label.clean != "Nơi nhận:":
            problems.append("quy định viết «Nơi nhận:» chữ in thường, sau có dấu hai chấm")
        problems += style_problems(label.pieces_in(), sizes=(12, 12), bold=True, italic=True)
        if label.layout.alignment not in ("left", "both"):
            problems.append(f"{ALIGN_NAMES.get(label.layout.alignment, label.layout.alignment)}, quy định sát lề trái")
        self.element("L130", "Nơi nhận", "II.9.d", label, problems)

        if label.tbl is not None:
            items = [q for q in self.layout.following(label) if q.clean]
        else:  # in the body: the list ends at a blank line or where the signature block starts
            items = []
            for q in self.layout.following(label):
                if not q.clean or _AUTHORITY.match(q.clean) or q.layout.alignment in ("center", "right"):
                    break
                if not q.clean.startswith("-") and (not items or is_upper(q.shown)):
                    break
                items.append(q)
        if not items:
            self.add("L131", "các nơi nhận", "II.9.d", "không có nơi nhận nào dưới «Nơi nhận:»")
            return
        problems = []
        pieces = [pc for q in items for pc in q.pieces_in()]
        problems += style_problems(pieces, sizes=(11, 11), bold=False, italic=False)
        if not items[0].clean.startswith("-"):
            problems.append(f"dòng {_excerpt(items[0].text)} không bắt đầu bằng gạch đầu dòng (-)")
        starts = [i for i, q in enumerate(items) if q.clean.startswith("-")]
        for position in range(len(starts)):
            last_line = items[(starts[position + 1] - 1) if position + 1 < len(starts) else len(items) - 1]
            final = position == len(starts) - 1
            mark = "." if final else ";"
            if not last_line.clean.endswith(mark):
                what = "dòng cuối cùng kết thúc bằng dấu chấm (.)" if final else "cuối dòng có dấu chấm phẩy (;)"
                problems.append(f"dòng {_excerpt(last_line.text)}: quy định {what}")
                break
        last_item = items[starts[-1]] if starts else items[-1]
        if not re.match(r"^-\s*Lưu\s*:\s*VT\b", last_item.clean):
            problems.append(f"dòng cuối {_excerpt(last_item.text)}, quy định «- Lưu: VT, …»")
        self.add("L131", "các nơi nhận", "II.9.d", problems)

    def _signature_lines(self, label: Para | None, start: int) -> list[Para]:
        paras = self.layout.paras
        container: list[Para] = []
        if label is not None and label.tbl is not None:
            cols = sorted({q.col for q in paras if q.tbl is label.tbl and q.row == label.row and q.col > label.col})
            for col in cols:
                cell = [q for q in self.layout.cell_paras(label.tbl, label.row, col) if q.clean]
                if cell:
                    container = cell
                    break
        if not container:
            authority = next((q for q in paras[start:] if _AUTHORITY.match(q.clean)), None)
            if authority is None:
                return []
            container = [q for q in [authority, *self.layout.following(authority)] if q.clean][:12]
        lines = [q for q in container if not re.match(r"^[\[(]", q.clean) and not is_rule_paragraph(q)]
        if len(lines) < 2:
            return []
        return lines

    # -- all of it

    def run(self) -> list[Finding]:
        self.page()
        self.page_numbers()
        self.fonts_and_colours()
        _national, header_end = self.header()
        body_after = self.title(header_end)
        body_end = self.closing(body_after)
        self.body(body_after, body_end)
        order = {code: i for i, code in enumerate(sorted({f.code for f in self.findings}))}
        return sorted(self.findings, key=lambda f: order[f.code])


# ---------------------------------------------------------------- element patterns

_NATIONAL = re.compile(r"C[ỘÔO]NG\s+H[ÒÓOÀ]A\s+X[ÃA]\s+H[ỘÔ]I\s+CH[ỦU]\s+NGH[ĨI]A\s+VI[ỆÊ]T\s+NAM", re.IGNORECASE)
_MOTTO = re.compile(r"Đ[ộô]c\s+l[ậa]p\s*[-–—]\s*T[ựư]\s+do\s*[-–—]\s*H[ạa]nh\s+ph[úu]c", re.IGNORECASE)
_NUMBER = re.compile(r"(?P<word>s[ốô])\s*:\s*(?P<num>[^/\t]*?)\s*/\s*(?P<sym>[^\t]+)", re.IGNORECASE)
_DATE = re.compile(
    r"(?P<place>[^\t,]{2,60}),\s*ngày\s+(?P<d>[\d.…_ ]+?)\s+tháng\s+(?P<m>[\d.…_ ]+?)\s+năm\s+(?P<y>[\d.…_ ]+)",
    re.IGNORECASE,
)
_AUTHORITY = re.compile(r"^(TM|KT|TL|TUQ|Q)\.\s*\S")
_RECIPIENTS = re.compile(r"^n[ơo]i nh[ậa]n\s*:?$", re.IGNORECASE)
_MARKS = {"DỰ THẢO", "KHẨN", "THƯỢNG KHẨN", "HỎA TỐC", "HOẢ TỐC", "MẬT", "TỐI MẬT", "TUYỆT MẬT"}
# Phụ lục III: the kinds of administrative document, plus the legal ones offices also issue.
DOC_TYPES = {
    t.upper()
    for t in (
        "Nghị quyết",
        "Quyết định",
        "Chỉ thị",
        "Quy chế",
        "Quy định",
        "Thông cáo",
        "Thông báo",
        "Hướng dẫn",
        "Chương trình",
        "Kế hoạch",
        "Phương án",
        "Đề án",
        "Dự án",
        "Báo cáo",
        "Biên bản",
        "Tờ trình",
        "Hợp đồng",
        "Công điện",
        "Bản ghi nhớ",
        "Bản thỏa thuận",
        "Bản thoả thuận",
        "Giấy ủy quyền",
        "Giấy uỷ quyền",
        "Giấy mời",
        "Giấy giới thiệu",
        "Giấy nghỉ phép",
        "Phiếu gửi",
        "Phiếu chuyển",
        "Phiếu báo",
        "Thư công",
        "Nghị định",
        "Thông tư",
        "Luật",
        "Pháp lệnh",
        "Lệnh",
        "Công văn",
    )
}


def _whole_segment(pattern: re.Pattern[str], text: str) -> tuple[int, int] | None:
    """Where ``pattern`` fills a whole line or tab-separated segment (not a mention inside a sentence)."""
    for start, segment in _segments(text):
        for line_start, line in _lines(segment):
            match = pattern.fullmatch(line.strip(" "))
            if match:
                offset = start + line_start + (len(line) - len(line.lstrip(" ")))
                return offset, offset + match.end()
    return None


def _lines(text: str) -> Iterator[tuple[int, str]]:
    position = 0
    for part in text.split("\n"):
        yield position, part
        position += len(part) + 1


def _national_span(text: str) -> tuple[int, int] | None:
    return _whole_segment(_NATIONAL, text)


def _motto_span(text: str) -> tuple[int, int] | None:
    return _whole_segment(_MOTTO, text)


def _number_match(text: str) -> re.Match[str] | None:
    match = _NUMBER.search(text)
    if match and (match.start() == 0 or text[: match.start()].strip() == "" or text[match.start() - 1] == "\t"):
        return match
    return None


def _date_match(text: str) -> re.Match[str] | None:
    for segment_start, segment in _segments(text):
        match = _DATE.search(segment)
        if match:
            return _DATE.search(text, segment_start + match.start())
    return None


def _segments(text: str) -> Iterator[tuple[int, str]]:
    position = 0
    for part in text.split("\t"):
        yield position, part
        position += len(part) + 1


def _kind(text: str) -> str:
    if re.match(r"^(Phần|Chương|Mục|Tiểu mục|PHẦN|CHƯƠNG|MỤC|TIỂU MỤC)\s+([IVXLC]+|\d+)\.?$", text):
        return "label"
    if re.match(r"^Điều\s+\d+[a-z]?\.", text):
        return "label"
    if re.match(r"^[IVXLC]+\.\s+\S", text):
        return "heading"
    if re.match(r"^\d+(\.\d+)*\.\s+\S", text):
        return "clause"
    if re.match(r"^[a-zđ]\)\s+\S", text):
        return "point"
    return "body"


def _has_page_field(p: Any) -> bool:
    for fld in p.iter(qn("w:fldSimple")):
        if re.search(r"\bPAGE\b", fld.get(qn("w:instr")) or ""):
            return True
    return any(re.search(r"^\s*PAGE\b", instr.text or "") for instr in p.iter(qn("w:instrText")))


def _field_pieces(p: Paragraph) -> list[Piece]:
    text, pieces = _read_paragraph(p)
    digits = [pc for pc in pieces if text[pc.start : pc.end].strip()]
    if digits:
        return digits
    for r in p._p.iter(_W_R):  # a field whose result is empty: its own runs
        run = Run(r, p)
        return [Piece(run, 0, 0, run_format(p, run))]
    return []


def _mm(value: float) -> str:
    return f"{value:.1f}".replace(".", ",")


def _pct(ratio: float) -> str:
    return f"{ratio * 100:.0f} %"


def _count(paras: list[Para]) -> str:
    distinct = len({id(q.p._p) for q in paras})
    return f"{distinct} đoạn"


# ---------------------------------------------------------------- entry point


def lint(path: Path, shown: str | None = None) -> list[Finding]:
    """Findings of ``path`` against Phụ lục I; InputError when it is not a readable .docx."""
    shown = shown or str(path)
    document = open_docx(path, shown)
    try:
        layout = DocxLayout(document)
    except Exception as exc:  # a package python-docx opens but cannot walk
        raise InputError(
            [error("L001", Place(shown), f"không đọc được nội dung tệp .docx ({type(exc).__name__}: {exc}).")]
        ) from None
    try:
        return Linter(layout, shown).run()
    except Exception as exc:  # a layout the linter does not understand must not stop a build
        message = f"không kiểm tra hết được tệp này ({type(exc).__name__}: {exc}); hãy báo lỗi kèm tệp."
        raise InputError([error("L002", Place(shown), message)]) from exc
