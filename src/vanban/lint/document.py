"""Reading a .docx as the linter sees it: paragraphs in reading order, their runs ("pieces") with the
formatting Word displays, where each stands (body, table cell, grid column, width), and the page.

Formatting is resolved by ``vanban.docx.ooxml.format`` (direct formatting, character and paragraph styles with
their ``basedOn`` chains, table style, numbering, document defaults). Everything here is read once per
document and per table, so a long table costs what its rows cost (``tests/test_lint_scale.py``).
"""

from __future__ import annotations

import gc
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph

from vanban.docx.ooxml.format import ParagraphLayout, RunFormat, paragraph_layout, styles_index
from vanban.docx.ooxml.names import MC

TWIPS_PER_MM = 1440 / 25.4
EMU_PER_TWIP = 635

NBSP = "\u00a0"
_SKIP_ANCESTORS = {qn("w:del"), qn("w:txbxContent"), qn("w:moveFrom")}
_MC_FALLBACK = MC + "Fallback"

# Qualified names, computed once (qn() costs ~0.5 µs and the walk asks for them in every cell).
_W_P, _W_R, _W_T, _W_PPR, _W_RPR = qn("w:p"), qn("w:r"), qn("w:t"), qn("w:pPr"), qn("w:rPr")
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
_W_NUM_PR, _W_NUM_ID = qn("w:numPr"), qn("w:numId")
# What a cell's walk descends into besides its paragraphs (``_walk``): a cell holding one is walked whole.
_CONTAINERS = frozenset((_W_TBL, _W_SDT, _W_CUSTOM_XML, _W_SDT_CONTENT, _W_SMART_TAG))
_W_SIDES = {side: qn(f"w:{side}") for side in ("left", "start", "right", "end")}


def _num_id(ppr: Any) -> str | None:
    num_pr = None if ppr is None else ppr.find(_W_NUM_PR)
    num_id = None if num_pr is None else num_pr.find(_W_NUM_ID)
    return None if num_id is None else num_id.get(_W_VAL)


def norm(text: str) -> str:
    return unicodedata.normalize("NFC", text).replace(NBSP, " ")


def squash(text: str) -> str:
    return " ".join((text if text.isascii() else norm(text)).split())  # ASCII is NFC already, without NBSP


class Piece:
    """One run of text: the run's element, where its text sits in the paragraph, how it is displayed."""

    __slots__ = ("r", "start", "end", "fmt")

    def __init__(self, r: Any, start: int, end: int, fmt: RunFormat):
        self.r = r  # the w:r element
        self.start = start
        self.end = end
        self.fmt = fmt

    def __repr__(self) -> str:
        return f"Piece({self.start}, {self.end}, {self.fmt!r})"


class Para:
    """A paragraph in reading order, with what the linter needs about where it stands.

    Built for every paragraph of the document, table cells included, so it holds the w:p element and
    makes python-docx's ``Paragraph`` only when a rule asks for it (``p``); ``clean`` is computed once.
    """

    __slots__ = ("el", "parent", "text", "pieces", "layout", "index", "tbl", "row", "col", "cell", "width", "_p", "_clean")

    def __init__(
        self,
        el: Any,  # the w:p element
        parent: Any,  # python-docx's parent for ``Paragraph`` (the story part's proxy)
        text: str,  # NFC, NBSP as space, tabs and breaks kept
        pieces: list[Piece],
        layout: ParagraphLayout,
        index: int,
        tbl: Any = None,  # CT_Tbl element when in a table
        row: int = -1,
        col: int = -1,  # grid column of the cell
        cell: Any = None,  # CT_Tc element
        width: int = 0,  # twips available to the paragraph's container
    ):
        self.el, self.parent, self.text, self.pieces, self.layout, self.index = el, parent, text, pieces, layout, index
        self.tbl, self.row, self.col, self.cell, self.width = tbl, row, col, cell, width
        self._p: Paragraph | None = None
        self._clean: str | None = None

    def __repr__(self) -> str:
        return f"Para({self.index}, {self.text[:40]!r})"

    @property
    def p(self) -> Paragraph:
        if self._p is None:
            self._p = Paragraph(self.el, self.parent)
        return self._p

    @property
    def clean(self) -> str:
        if self._clean is None:
            self._clean = squash(self.text)
        return self._clean

    @property
    def shown(self) -> str:
        """The text as displayed: capitals where the run says caps."""
        out = []
        for piece in self.pieces:
            part = self.text[piece.start : piece.end]
            out.append(part.upper() if piece.fmt.caps else part)
        return squash("".join(out))

    def pieces_in(self, start: int = 0, end: int | None = None) -> list[Piece]:
        end = len(self.text) if end is None else end
        return [pc for pc in self.pieces if pc.end > start and pc.start < end and self.text[pc.start : pc.end].strip()]

    @property
    def numbered(self) -> bool:
        """Whether Word numbers or bullets the paragraph (w:numPr, its own or its style's, e.g. "List Bullet"),
        so its mark is not in the text."""
        num_id = _num_id(self.p._p.pPr)
        if num_id is not None:
            return num_id != "0"
        style, seen = self.p.style, set()
        while style is not None and style.style_id not in seen:  # the style chain, basedOn by basedOn
            seen.add(style.style_id)
            num_id = _num_id(style.element.pPr)
            if num_id is not None:
                return num_id != "0"
            style = style.base_style
        return False

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


def read_paragraph(p: Paragraph) -> tuple[str, list[Piece]]:
    index = styles_index(p.part)
    p_el = p._p
    return _read(p_el, index, index.table_style_id(p_el), index.paragraph_style_id(_first(p_el, _W_PPR)))


def _read(p: Any, index: Any, table_style: str | None, para_style: str | None) -> tuple[str, list[Piece]]:
    """The text of the w:p element ``p`` and its pieces, each with its resolved formatting."""
    parts: list[str] = []
    length = 0
    pieces: list[Piece] = []
    plain = None  # the format of a run without direct formatting, asked once per paragraph
    for r in p.iter(_W_R):
        if r.getparent() is not p and not _visible(r, p):  # a run right in the paragraph always shows
            continue
        start = length
        direct = None
        for child in r:
            tag = child.tag
            if tag == _W_T:
                if text := child.text:
                    if not text.isascii():  # ASCII is NFC already and has no NBSP
                        text = norm(text)
                    parts.append(text)
                    length += len(text)
            elif tag == _W_RPR:
                if direct is None:  # the first, as find() gives
                    direct = child
            elif tag in _W_TABS:
                parts.append("\t")
                length += 1
            elif tag in _W_BREAKS:
                parts.append("\n")
                length += 1
            elif tag == _W_NO_BREAK_HYPHEN:
                parts.append("-")
                length += 1
        if length > start:
            if direct is not None:
                fmt = index.run_format(table_style, para_style, direct)
            else:
                fmt = plain = plain or index.run_format(table_style, para_style, None)
            pieces.append(Piece(r, start, length, fmt))
    return "".join(parts), pieces


# A paragraph made only of these children, its runs only of the run children below, has no run but its own
# (none in a text box, a deletion or a field result): ``_read_simple`` reads it in one pass over its children.
_SIMPLE_P = frozenset(qn(f"w:{tag}") for tag in ("pPr", "r", "bookmarkStart", "bookmarkEnd", "proofErr"))
_SIMPLE_R = frozenset(
    qn(f"w:{tag}")
    for tag in ("rPr", "t", "tab", "ptab", "br", "cr", "noBreakHyphen", "softHyphen", "lastRenderedPageBreak",
                "fldChar", "instrText", "sym")
)  # fmt: skip


def _read_simple(p: Any, index: Any, table_style: str | None) -> tuple[str | None, ParagraphLayout, str, list[Piece]] | None:
    """Style id, layout, text and pieces of a plain paragraph (see ``_SIMPLE_P``), as ``_read`` gives them; None
    for any other paragraph. One pass over the children instead of a search for the pPr, then for the runs:
    the pPr comes first (its schema order), so the runs' formats are resolved as they come; a pPr after a
    run of text sends the paragraph to ``_read``."""
    ppr = None
    parts: list[str] = []
    length = 0
    pieces: list[Piece] = []
    resolved: tuple[str | None, ParagraphLayout] | None = None
    plain = None  # the format of a run without direct formatting, asked once per paragraph
    for child in p:
        tag = child.tag
        if tag == _W_R:
            start = length
            direct = None
            for leaf in child:
                tag = leaf.tag
                if tag == _W_T:
                    if text := leaf.text:
                        if not text.isascii():  # ASCII is NFC already and has no NBSP
                            text = norm(text)
                        parts.append(text)
                        length += len(text)
                elif tag == _W_RPR:
                    if direct is None:
                        direct = leaf
                elif tag in _W_TABS:
                    parts.append("\t")
                    length += 1
                elif tag in _W_BREAKS:
                    parts.append("\n")
                    length += 1
                elif tag == _W_NO_BREAK_HYPHEN:
                    parts.append("-")
                    length += 1
                elif tag not in _SIMPLE_R:
                    return None
            if length > start:
                if resolved is None:
                    resolved = index.paragraph_format(table_style, ppr)
                if direct is not None:
                    fmt = index.run_format(table_style, resolved[0], direct)
                else:
                    fmt = plain = plain or index.run_format(table_style, resolved[0], None)
                pieces.append(Piece(child, start, length, fmt))
        elif tag == _W_PPR:
            if ppr is None:
                if resolved is not None:
                    return None
                ppr = child
        elif tag not in _SIMPLE_P:
            return None
    if resolved is None:
        resolved = index.paragraph_format(table_style, ppr)
    return resolved[0], resolved[1], "".join(parts), pieces


def _first(el: Any, tag: str) -> Any:
    """``el.find(tag)`` for a plain tag, without lxml's path machinery."""
    for child in el:
        if child.tag == tag:
            return child
    return None


def _cell_width(tc_pr: Any, grid: list[int], grid_col: int, margins: tuple[int | None, int | None]) -> tuple[int, int]:
    """The grid columns a cell spans, and the width inside it (tcW in twips, or the grid columns it spans)
    less its left and right margins (its tcMar, else the table's, else Word's 108 twips)."""
    tcw = span_el = tc_mar = None
    if tc_pr is not None:
        for child in tc_pr:  # one pass for the three properties (the first of each, as find() gives)
            tag = child.tag
            if tag == _W_TC_W:
                tcw = child if tcw is None else tcw
            elif tag == _W_GRID_SPAN:
                span_el = child if span_el is None else span_el
            elif tag == _W_TC_MAR:
                tc_mar = child if tc_mar is None else tc_mar
    span = (to_int(span_el.get(_W_VAL)) if span_el is not None else 1) or 1
    width = None
    if tcw is not None and tcw.get(_W_TYPE) in (None, "dxa"):
        width = to_int(tcw.get(_W_W))
    if not width:
        width = sum(grid[grid_col : grid_col + span]) or 0
    if tc_mar is None:  # the common case: the table's margins
        left, right = margins
        left, right = 108 if left is None else left, 108 if right is None else right
    else:
        out = []
        for (side, alt), table_value in zip(_MARGIN_SIDES, margins, strict=True):
            value = None
            for name in (side, alt):
                value = value if value is not None else _margin(tc_pr, _W_TC_MAR, name)
            value = value if value is not None else table_value
            out.append(108 if value is None else value)
        left, right = out
    return span, max(width - left - right, 0)


def to_int(value: Any) -> int | None:
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
            widths = [] if grid is None else [to_int(g.get(_W_W)) or 0 for g in grid.findall(_W_GRID_COL)]
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

    def table(self, tbl: Any) -> tuple[list[int], tuple[int | None, int | None]]:
        """The table's grid widths, and its left and right cell margins when no tcMar sets them."""
        return self._table(tbl)


_MARGIN_SIDES = (("left", "start"), ("right", "end"))


def _margin(parent: Any, tag: str, side: str) -> int | None:
    """The ``side`` margin (twips) set in ``parent``'s ``tag`` (a qualified name: tcMar, tblCellMar)."""
    if parent is None or (mar := parent.find(tag)) is None or (el := mar.find(_W_SIDES[side])) is None:
        return None
    if el.get(_W_TYPE) not in (None, "dxa"):
        return 0 if el.get(_W_TYPE) == "nil" else None
    return to_int(el.get(_W_W))


# What Word (and LibreOffice) use when a section does not say: w:pgSz absent is a US Letter page,
# 12240 × 15840 twips, and an absent w:pgMar (or side) is 1440 twips (1 inch). Checked with
# LibreOffice: an empty w:sectPr converts to a 612 × 792 pt PDF page with the text at 25,4 mm.
DEFAULT_PAGE = (12240, 15840)
DEFAULT_MARGIN = 1440


@dataclass(frozen=True)
class PageSetup:
    """A section's page in twips, with Word's defaults for what the file leaves out."""

    width: float
    height: float
    top: float
    bottom: float
    left: float
    right: float
    defaulted: tuple[str, ...]  # which values were not in the file ("page", "top", …)

    @classmethod
    def of(cls, section: Any) -> PageSetup:
        defaulted: list[str] = []

        def twips(value: Any, default: int, name: str) -> float:
            if value is None:
                defaulted.append(name)
                return float(default)
            return value / EMU_PER_TWIP

        width = twips(section.page_width, DEFAULT_PAGE[0], "page")
        height = twips(section.page_height, DEFAULT_PAGE[1], "page")
        top = twips(section.top_margin, DEFAULT_MARGIN, "top")
        bottom = twips(section.bottom_margin, DEFAULT_MARGIN, "bottom")
        left = twips(section.left_margin, DEFAULT_MARGIN, "left")
        right = twips(section.right_margin, DEFAULT_MARGIN, "right")
        return cls(width, height, top, bottom, left, right, tuple(dict.fromkeys(defaulted)))


class DocxLayout:
    """The document's paragraphs in reading order, each placed in its container."""

    def __init__(self, document: Any):
        self.document = document
        page = PageSetup.of(document.sections[0])
        self.text_width = int(page.width - page.left - page.right)
        self.widths = _TableWidths(document.part.styles.element)
        self.paras: list[Para] = []
        self.tables: list[Any] = []
        self._styles = styles_index(document.part)
        self._parent = document._body
        # The walk makes a few objects per paragraph and frees none: the cyclic collector would scan the
        # growing heap again and again for nothing (a quarter of the walk on a 5 000-row table).
        collecting = gc.isenabled()
        gc.disable()
        try:
            self._walk(document.element.body, None, None, -1, -1, None, self.text_width)
        finally:
            if collecting:
                gc.enable()

    def _walk(self, container: Any, tbl: Any, table_style: str | None, row: int, col: int, cell: Any, width: int) -> None:
        # One pass over the elements, python-docx proxies made only when a rule asks (``Para.p``); what
        # belongs to a table (its style, grid and margins) is read once per table.
        styles = self._styles
        for child in container:
            tag = child.tag
            if tag == _W_P:
                self._paragraph(child, tbl, table_style, row, col, cell, width)
            elif tag == _W_TBL:
                self.tables.append(child)
                inner_style = styles.style_of_table(child)
                grid, margins = self.widths.table(child)
                for r_index, tr in enumerate(child.iterchildren(_W_TR)):
                    grid_col = 0
                    tr_pr = _first(tr, _W_TR_PR)
                    before = None if tr_pr is None else _first(tr_pr, _W_GRID_BEFORE)
                    if before is not None:
                        grid_col += to_int(before.get(_W_VAL)) or 0
                    for tc in self._cells(tr):
                        # One pass over the cell: its tcPr and its paragraphs (a generated cell holds only
                        # these); a cell with anything else (a table, a content control) is walked as a container.
                        tc_pr = None
                        cell_paras: list[Any] | None = []
                        for item in tc:
                            item_tag = item.tag
                            if item_tag == _W_P:
                                if cell_paras is not None:
                                    cell_paras.append(item)
                            elif item_tag == _W_TC_PR:
                                if tc_pr is None:
                                    tc_pr = item
                            elif item_tag in _CONTAINERS:
                                cell_paras = None
                        span, cell_width = _cell_width(tc_pr, grid, grid_col, margins)
                        if cell_paras is None:
                            self._walk(tc, child, inner_style, r_index, grid_col, tc, cell_width)
                        else:
                            for p in cell_paras:
                                self._paragraph(p, child, inner_style, r_index, grid_col, tc, cell_width)
                        grid_col += span
            elif tag in (_W_SDT, _W_CUSTOM_XML, _W_SDT_CONTENT, _W_SMART_TAG):
                inner = _first(child, _W_SDT_CONTENT) if tag == _W_SDT else child
                if inner is not None:
                    self._walk(inner, tbl, table_style, row, col, cell, width)

    def _paragraph(self, p: Any, tbl: Any, table_style: str | None, row: int, col: int, cell: Any, width: int) -> None:
        styles, paras = self._styles, self.paras
        simple = _read_simple(p, styles, table_style)
        if simple is not None:
            _, layout, text, pieces = simple
        else:
            para_style, layout = styles.paragraph_format(table_style, _first(p, _W_PPR))
            text, pieces = _read(p, styles, table_style, para_style)
        paras.append(Para(p, self._parent, text, pieces, layout, len(paras), tbl, row, col, cell, width))

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


def header_footer_paras(document: Any) -> list[Para]:
    """Paragraphs of every header and footer that is the section's own (not linked to the previous)."""
    out: list[Para] = []
    seen: set[int] = set()
    for section in document.sections:
        for part in (section.header, section.first_page_header, section.even_page_header, section.footer,
                     section.first_page_footer, section.even_page_footer):  # fmt: skip
            if part.is_linked_to_previous or id(part._element) in seen:
                continue
            seen.add(id(part._element))
            for p in part.paragraphs:
                text, pieces = read_paragraph(p)
                para = Para(p._p, p._parent, text, pieces, paragraph_layout(p), -1)
                para._p = p
                out.append(para)
    return out
