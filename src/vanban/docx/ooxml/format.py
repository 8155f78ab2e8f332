"""Effective formatting of a .docx paragraph or run, resolved the way Word does.

Direct formatting wins over the paragraph style, which inherits from its
``basedOn`` chain, which falls back to the document defaults. Tests (and the
Decree 30 linter) read formatting through here, never direct formatting alone.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from docx.document import Document
from docx.oxml.ns import qn
from docx.table import Table
from docx.text.paragraph import Paragraph
from docx.text.run import Run
from lxml import etree

from vanban.docx.ooxml.names import A


def iter_block_paragraphs(doc: Document) -> Iterator[Paragraph]:
    """Every paragraph in body order, descending into table cells."""

    def walk(container: Any) -> Iterator[Paragraph]:
        for item in container.iter_inner_content():
            if isinstance(item, Paragraph):
                yield item
            elif isinstance(item, Table):
                seen: set[Any] = set()  # the elements themselves: an id() can be reused once a proxy is freed
                for row in item.rows:
                    for cell in row.cells:
                        if cell._tc not in seen:  # a merged cell is listed once per grid column
                            seen.add(cell._tc)
                            yield from walk(cell)

    yield from walk(doc)


# ---------------------------------------------------------------- resolved formatting, for any .docx
#
# The helpers above follow python-docx's view (direct formatting, then the
# paragraph style chain). The Decree 30 linter reads documents made by hand in
# Word, so it needs the whole cascade Word applies, lowest to highest:
#   document defaults -> table style -> paragraph style chain -> numbering level
#   -> character style chain -> direct formatting,
# with the "toggle" semantics of bold/italic/caps in styles (ISO 29500 17.7.3).
#
# Everything up to direct formatting depends only on a few style ids (table,
# paragraph, character), so it is resolved once per combination and document
# (``_Styles``); a paragraph or run then only reads its own pPr/rPr on top.
# The memo lives as long as the document's index (one document at a time):
# read formatting from a document as saved, not while editing its styles or
# table styles in place.


@dataclass(frozen=True)
class RunFormat:
    """The formatting a run of text is displayed with."""

    font_ascii: str | None  # font for ASCII characters
    font_hansi: str | None  # font for other Latin characters (Vietnamese letters with diacritics)
    size: float  # points
    bold: bool
    italic: bool
    caps: bool  # shown in capitals whatever the typed case
    small_caps: bool
    color: str | None  # hex RGB, "auto" or None
    vert_align: str | None  # "superscript", "subscript" or None
    underline: bool


@dataclass(frozen=True)
class ParagraphLayout:
    """The layout a paragraph is displayed with. Lengths in twips, spacing in points."""

    alignment: str  # left | center | right | both | distribute
    left: int
    right: int
    first_line: int  # negative for a hanging indent
    space_before: float
    space_after: float
    line: float | None  # lines (rule "auto") or points (rules "exact", "atLeast")
    line_rule: str  # auto | exact | atLeast
    border_top: bool
    border_bottom: bool
    contextual_spacing: bool
    style_id: str | None


# Qualified names, computed once: qn() costs ~0.5 µs and a table cell needed ~180 of them.
_W_VAL = qn("w:val")
_W_STYLE = qn("w:style")
_W_STYLE_ID = qn("w:styleId")
_W_DEFAULT = qn("w:default")
_W_TYPE = qn("w:type")
_W_DOC_DEFAULTS = qn("w:docDefaults")
_W_RPR_DEFAULT = qn("w:rPrDefault")
_W_PPR_DEFAULT = qn("w:pPrDefault")
_W_RPR = qn("w:rPr")
_W_PPR = qn("w:pPr")
_W_BASED_ON = qn("w:basedOn")
_W_NUM = qn("w:num")
_W_NUM_ID = qn("w:numId")  # the element and the attribute have the same name
_W_NUM_PR = qn("w:numPr")
_W_ILVL = qn("w:ilvl")
_W_LVL = qn("w:lvl")
_W_LVL_OVERRIDE = qn("w:lvlOverride")
_W_ABSTRACT_NUM = qn("w:abstractNum")
_W_ABSTRACT_NUM_ID = qn("w:abstractNumId")
_W_TBL = qn("w:tbl")
_W_TBL_PR = qn("w:tblPr")
_W_TBL_STYLE = qn("w:tblStyle")
_W_PSTYLE = qn("w:pStyle")
_W_RSTYLE = qn("w:rStyle")
_W_RFONTS = qn("w:rFonts")
_W_SZ = qn("w:sz")
_W_COLOR = qn("w:color")
_W_VERT_ALIGN = qn("w:vertAlign")
_W_U = qn("w:u")
_W_IND = qn("w:ind")
_W_SPACING = qn("w:spacing")
_W_JC = qn("w:jc")
_W_PBDR = qn("w:pBdr")
_W_CONTEXTUAL_SPACING = qn("w:contextualSpacing")
_W_BORDER_SIDES = (("top", qn("w:top")), ("bottom", qn("w:bottom")))
_FONT_SLOTS = {slot: (qn(f"w:{slot}Theme"), qn(f"w:{slot}")) for slot in ("ascii", "hAnsi")}

_TOGGLES = {"bold": "w:b", "italic": "w:i", "caps": "w:caps", "small_caps": "w:smallCaps"}
_TOGGLE_TAGS = tuple(qn(tag) for tag in _TOGGLES.values())  # in RunFormat's order: bold, italic, caps, small caps
_OFF = {"0", "false", "off"}
_AUTOSPACING_PT = 14.0  # what Word shows for "auto" (HTML) paragraph spacing
# The rPr children a run's direct formatting is read from.
_RUN_TAGS = frozenset((_W_RSTYLE, _W_RFONTS, _W_SZ, _W_COLOR, _W_VERT_ALIGN, _W_U, *_TOGGLE_TAGS))
# pPr attributes taken one after another through the cascade, as (key, attribute).
_IND_ATTRS = tuple(
    (key, qn(f"w:{name}"))
    for key, name in {
        "left": "left",
        "start": "start",
        "right": "right",
        "end": "end",
        "first": "firstLine",
        "hanging": "hanging",
    }.items()
)
_SPACING_ATTRS = tuple(
    (key, qn(f"w:{name}"))
    for key, name in {
        "before": "before",
        "after": "after",
        "line": "line",
        "rule": "lineRule",
        "before_auto": "beforeAutospacing",
        "after_auto": "afterAutospacing",
    }.items()
)
# The pPr children that change a paragraph's layout (a pPr with only a pStyle or an rPr changes nothing).
_LAYOUT_TAGS = frozenset((_W_IND, _W_SPACING, _W_JC, _W_PBDR, _W_CONTEXTUAL_SPACING, _W_NUM_PR))
_ALIGNMENTS = {
    "start": "left",
    "end": "right",
    "justify": "both",
    "lowKashida": "both",
    "mediumKashida": "both",
    "highKashida": "both",
    "thaiDistribute": "both",
}


def _flag(el: Any) -> bool | None:
    if el is None:
        return None
    return el.get(_W_VAL, "1").lower() not in _OFF


def _twips(value: str | None) -> int | None:
    if value is None:
        return None
    try:
        return int(float(value))
    except ValueError:
        return None


class _Styles:
    """Index of one package's styles, numbering and theme fonts, and what is resolved from them."""

    def __init__(self, document_part: Any):
        styles = document_part.styles.element
        self.by_id: dict[str, Any] = {}
        self.default: dict[str, str] = {}
        for style in styles.findall(_W_STYLE):
            style_id = style.get(_W_STYLE_ID)
            self.by_id[style_id] = style
            if style.get(_W_DEFAULT) in ("1", "true", "on"):
                self.default.setdefault(style.get(_W_TYPE), style_id)
        defaults = styles.find(_W_DOC_DEFAULTS)
        rpr_default = None if defaults is None else defaults.find(_W_RPR_DEFAULT)
        ppr_default = None if defaults is None else defaults.find(_W_PPR_DEFAULT)
        self.rpr_default = None if rpr_default is None else rpr_default.find(_W_RPR)
        self.ppr_default = None if ppr_default is None else ppr_default.find(_W_PPR)
        self.numbering = None
        try:
            self.numbering = document_part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            self.numbering = None
        self.theme_fonts = _theme_fonts(document_part)
        # Memos: style chains by id, a table's style by its element (its tblPr is not looked up
        # again for each cell: lxml's find() scans all of a table's rows), numbering levels,
        # and the formatting that everything below direct formatting gives.
        self._chains: dict[str | None, tuple[Any, ...]] = {}
        self.document_part = document_part  # the document the element memo below is for (``for_document``)
        self._table_styles: dict[Any, str | None] = {}
        self._numbering_pprs: dict[tuple[str | None, str | None], Any] = {}
        self._run_bases: dict[tuple[str | None, str | None, str | None], _RunBase] = {}
        self._para_bases: dict[tuple[str | None, str | None], _ParaFold] = {}
        # Direct formatting by content: the cells of a long table repeat a handful of rPr/pPr, so each
        # distinct one is resolved once. The key is the element's serialization, so two elements that
        # differ in anything (an attribute, a child) never share an entry.
        self._run_formats: dict[tuple[str | None, str | None, bytes], RunFormat] = {}
        self._formats: dict[tuple[str | None, bool, str | None, bytes], tuple[str | None, ParagraphLayout]] = {}

    def for_document(self, document_part: Any) -> _Styles:
        """This index, for another document made from the same styles, numbering and theme: what is known of
        the last document's own elements (its tables) is dropped, which also lets that document go."""
        if document_part is not self.document_part:
            self.document_part = document_part
            self._table_styles.clear()
        return self

    def chain(self, style_id: str | None) -> tuple[Any, ...]:
        """The style and its basedOn ancestors, base first."""
        cached = self._chains.get(style_id)
        if cached is not None:
            return cached
        out: list[Any] = []
        seen: set[str] = set()
        current = style_id
        while current and current in self.by_id and current not in seen:
            seen.add(current)
            style = self.by_id[current]
            out.append(style)
            based = style.find(_W_BASED_ON)
            current = None if based is None else based.get(_W_VAL)
        result = self._chains[style_id] = tuple(out[::-1])
        return result

    def numbering_ppr(self, num_id: str | None, level: str | None) -> Any:
        key = (num_id, level)
        if key not in self._numbering_pprs:
            self._numbering_pprs[key] = self._find_numbering_ppr(num_id, level)
        return self._numbering_pprs[key]

    def _find_numbering_ppr(self, num_id: str | None, level: str | None) -> Any:
        if self.numbering is None or num_id in (None, "0"):
            return None
        level = level or "0"
        for num in self.numbering.findall(_W_NUM):
            if num.get(_W_NUM_ID) != num_id:
                continue
            for override in num.findall(_W_LVL_OVERRIDE):
                if override.get(_W_ILVL) == level and (lvl := override.find(_W_LVL)) is not None:
                    return lvl.find(_W_PPR)
            abstract = num.find(_W_ABSTRACT_NUM_ID)
            abstract_id = None if abstract is None else abstract.get(_W_VAL)
            for candidate in self.numbering.findall(_W_ABSTRACT_NUM):
                if candidate.get(_W_ABSTRACT_NUM_ID) == abstract_id:
                    for lvl in candidate.findall(_W_LVL):
                        if lvl.get(_W_ILVL) == level:
                            return lvl.find(_W_PPR)
        return None

    def table_style_id(self, p: Any) -> str | None:
        """The style of the table ``p`` stands in (its nearest), None outside tables or without one."""
        return self.style_of_table(next(p.iterancestors(_W_TBL), None))

    def style_of_table(self, tbl: Any) -> str | None:
        """The style of the table element ``tbl`` (its own or the default table style); None for None."""
        if tbl is None:
            return None
        try:
            return self._table_styles[tbl]
        except KeyError:
            pass
        tbl_pr = tbl.find(_W_TBL_PR)
        style = None if tbl_pr is None else tbl_pr.find(_W_TBL_STYLE)
        style_id = style.get(_W_VAL) if style is not None else self.default.get("table")
        self._table_styles[tbl] = style_id
        return style_id

    def paragraph_style_id(self, direct_ppr: Any) -> str | None:
        style = None if direct_ppr is None else _first_child(direct_ppr, _W_PSTYLE)
        if style is not None and style.get(_W_VAL) in self.by_id:
            return style.get(_W_VAL)
        return self.default.get("paragraph")

    def run_format(self, table_style: str | None, para_style: str | None, direct: Any) -> RunFormat:
        """A run's formatting from its styles and its direct rPr (None: none), resolved once per distinct rPr."""
        if direct is None:
            return self.run_base(table_style, para_style, None).format
        key = (table_style, para_style, _serialized(direct))
        cached = self._run_formats.get(key)
        if cached is None:
            found: dict[Any, Any] = {}
            for child in direct:
                tag = child.tag
                if tag in _RUN_TAGS and tag not in found:  # the first, as find() gives
                    found[tag] = child
            char_style = None if (el := found.get(_W_RSTYLE)) is None else el.get(_W_VAL)
            cached = self._run_formats[key] = self.run_base(table_style, para_style, char_style).with_direct(found)
        return cached

    def paragraph_layout(self, table_style: str | None, direct: Any) -> ParagraphLayout:
        """A paragraph's layout from its table's style and its direct pPr (None: none), resolved once per distinct pPr."""
        return self.paragraph_format(table_style, direct)[1]

    def paragraph_format(self, table_style: str | None, direct: Any) -> tuple[str | None, ParagraphLayout]:
        """A paragraph's style id and layout from its table's style and its direct pPr (None: none).

        One pass over the pPr's children; a pPr with only a pStyle (or the paragraph mark's rPr) adds
        nothing to what the styles give, and any other pPr is resolved once per distinct content.
        """
        pstyle = None
        changes_layout = False
        if direct is not None:
            for child in direct:
                tag = child.tag
                if tag == _W_PSTYLE:
                    pstyle = child if pstyle is None else pstyle  # the first, as find() gives
                elif tag in _LAYOUT_TAGS:
                    changes_layout = True
        named = None if pstyle is None else pstyle.get(_W_VAL)
        key = (table_style, pstyle is not None, named, b"" if not changes_layout else _serialized(direct))
        cached = self._formats.get(key)
        if cached is None:
            style_id = named if pstyle is not None and named in self.by_id else self.default.get("paragraph")
            layout = _layout(self, table_style, style_id, direct if changes_layout else None)
            cached = self._formats[key] = (style_id, layout)
        return cached

    def run_base(self, table_style: str | None, para_style: str | None, char_style: str | None) -> _RunBase:
        key = (table_style, para_style, char_style)
        base = self._run_bases.get(key)
        if base is None:
            groups = [[s.find(_W_RPR) for s in self.chain(style_id)] for style_id in key]
            base = self._run_bases[key] = _RunBase(self, groups)
        return base

    def para_base(self, table_style: str | None, para_style: str | None) -> _ParaFold:
        key = (table_style, para_style)
        base = self._para_bases.get(key)
        if base is None:
            base = _ParaFold()
            pprs = [self.ppr_default]
            pprs += [s.find(_W_PPR) for s in self.chain(table_style)]
            pprs += [s.find(_W_PPR) for s in self.chain(para_style)]
            for ppr in pprs:
                if ppr is not None:
                    base.numbering(ppr)
                    base.apply(ppr)
            base = self._para_bases[key] = base
        return base


def _theme_fonts(document_part: Any) -> dict[str, str]:
    """minor/major Latin typefaces of the theme, for rFonts' *Theme attributes."""
    fonts: dict[str, str] = {}
    for rel in document_part.rels.values():
        if rel.is_external or not rel.reltype.endswith("/theme"):
            continue
        try:
            root = etree.fromstring(rel.target_part.blob)
        except etree.XMLSyntaxError:
            return fonts
        for kind in ("major", "minor"):
            latin = root.find(f".//{A}{kind}Font/{A}latin")
            if latin is not None and latin.get("typeface"):
                fonts[kind] = latin.get("typeface")
    return fonts


def _first_child(el: Any, tag: str) -> Any:
    """``el.find(tag)`` for a plain tag, without lxml's path machinery (a third of the time)."""
    for child in el:
        if child.tag == tag:
            return child
    return None


def _serialized(el: Any) -> bytes:
    return etree.tostring(el, with_tail=False)


_INDEX: dict[tuple[int, bytes, tuple[bytes, ...]], tuple[Any, _Styles]] = {}
_INDEX_LIMIT = 4  # each entry keeps its document's tree alive
_LAST_PART: list[Any] = [None, None]  # the part asked about last and its index: most calls repeat it


def styles_index(part: Any) -> _Styles:
    """The formatting index of the document ``part`` belongs to (built once per document, or once for every
    document rendered from one parsed template: ``_index_key``)."""
    return _styles_of(part)


def _index_key(document_part: Any) -> tuple[Any, tuple[int, bytes, tuple[bytes, ...]]]:
    """What an index is made from: the styles element (one object shared by every copy of a parsed template,
    ``docx.template.Parsed``; kept alive by the memo, so its id is never another's), the numbering and the
    theme by content."""
    styles = document_part.styles.element
    try:
        numbering = document_part.numbering_part.element
    except (KeyError, NotImplementedError, AttributeError):
        numbering = None
    themes = tuple(
        rel.target_part.blob for rel in document_part.rels.values() if not rel.is_external and rel.reltype.endswith("/theme")
    )
    return styles, (id(styles), b"" if numbering is None else _serialized(numbering), themes)


def _styles_of(part: Any) -> _Styles:
    if part is _LAST_PART[0]:
        return _LAST_PART[1]
    document_part = part.package.main_document_part
    styles, key = _index_key(document_part)
    cached = _INDEX.get(key)
    if cached is None or cached[0] is not styles:
        cached = (styles, _Styles(document_part))
        if len(_INDEX) >= _INDEX_LIMIT:
            del _INDEX[next(iter(_INDEX))]  # the oldest: a few templates at a time is enough; memory stays bounded
        _INDEX[key] = cached
    index = cached[1].for_document(document_part)
    _LAST_PART[:] = [part, index]
    return index


def _resolve_font(rpr: Any, slot: str, theme: dict[str, str]) -> str | None:
    fonts = rpr.find(_W_RFONTS)
    return None if fonts is None else _font_of(fonts, slot, theme)


def _font_of(fonts: Any, slot: str, theme: dict[str, str]) -> str | None:
    theme_attr, attr = _FONT_SLOTS[slot]
    themed = fonts.get(theme_attr)
    if themed:
        return theme.get("major" if themed.startswith("major") else "minor")
    return fonts.get(attr)


def _size_of(sz: Any) -> float | None:
    try:
        return int(float(sz.get(_W_VAL))) / 2
    except (TypeError, ValueError):
        return None


def _underline_of(u: Any) -> bool:
    return u.get(_W_VAL, "single") not in ("none", "0", "false")


def _vert(value: str | None) -> str | None:
    return None if value in (None, "baseline") else value


class _RunBase:
    """What document defaults, table, paragraph and character styles give a run, before its direct formatting."""

    def __init__(self, index: _Styles, groups: list[list[Any]]):
        theme = self.theme = index.theme_fonts
        ordered = [index.rpr_default] + [r for g in groups for r in g]
        ordered = [r for r in ordered if r is not None]

        def last(getter: Callable[[Any], Any]) -> Any:
            value = None
            for rpr in ordered:
                found = getter(rpr)
                if found is not None:
                    value = found
            return value

        def toggle(tag: str) -> bool:
            value = bool(_flag(index.rpr_default.find(tag))) if index.rpr_default is not None else False
            for group in groups:
                group_value = None
                for rpr in group:
                    if rpr is not None and (found := _flag(rpr.find(tag))) is not None:
                        group_value = found
                if group_value:
                    value = not value
            return value

        def child(tag: str, read: Callable[[Any], Any]) -> Callable[[Any], Any]:
            def get(rpr: Any) -> Any:
                el = rpr.find(tag)
                return None if el is None else read(el)

            return get

        self.font_ascii = last(lambda r: _resolve_font(r, "ascii", theme))
        self.font_hansi = last(lambda r: _resolve_font(r, "hAnsi", theme))
        self.size = last(child(_W_SZ, _size_of))
        self.toggles = tuple(toggle(tag) for tag in _TOGGLE_TAGS)
        self.color = last(child(_W_COLOR, _val))
        self.vert = last(child(_W_VERT_ALIGN, _val))
        self.underline = last(child(_W_U, _underline_of))
        self.format = self.with_direct({})

    def with_direct(self, found: dict[Any, Any]) -> RunFormat:
        """The format with direct formatting on top; ``found`` maps rPr child tags to their first element."""
        font_ascii = font_hansi = None
        if (fonts := found.get(_W_RFONTS)) is not None:
            font_ascii = _font_of(fonts, "ascii", self.theme)
            font_hansi = _font_of(fonts, "hAnsi", self.theme)
        size = None if (sz := found.get(_W_SZ)) is None else _size_of(sz)
        color = None if (el := found.get(_W_COLOR)) is None else el.get(_W_VAL)
        vert = None if (el := found.get(_W_VERT_ALIGN)) is None else el.get(_W_VAL)
        underline = None if (u := found.get(_W_U)) is None else _underline_of(u)
        bold, italic, caps, small_caps = (
            base if (value := _flag(found.get(tag))) is None else value
            for tag, base in zip(_TOGGLE_TAGS, self.toggles, strict=True)
        )
        return RunFormat(
            font_ascii=self.font_ascii if font_ascii is None else font_ascii,
            font_hansi=self.font_hansi if font_hansi is None else font_hansi,
            size=(self.size if size is None else size) or 10.0,
            bold=bold,
            italic=italic,
            caps=caps,
            small_caps=small_caps,
            color=self.color if color is None else color,
            vert_align=_vert(self.vert if vert is None else vert),
            underline=bool(self.underline if underline is None else underline),
        )


def _val(el: Any) -> str | None:
    return el.get(_W_VAL)


def run_format(paragraph: Paragraph, run: Run | None = None) -> RunFormat:
    """Effective character formatting of ``run`` (or of the paragraph's text when None)."""
    index = _styles_of(paragraph.part)
    p = paragraph._p
    table_style = index.table_style_id(p)
    para_style = index.paragraph_style_id(_first_child(p, _W_PPR))
    direct = None if run is None else _first_child(run._r, _W_RPR)
    return index.run_format(table_style, para_style, direct)


class _ParaFold:
    """Paragraph properties taken through the cascade, one pPr after another (the later wins)."""

    __slots__ = ("values", "jc", "borders", "contextual", "num_id", "level", "_layouts")

    def __init__(self) -> None:
        self.values: dict[str, str] = {}
        self.jc: str | None = None
        self.borders: dict[str, bool] = {}
        self.contextual: bool | None = None
        self.num_id: str | None = None
        self.level: str | None = None
        self._layouts: dict[str | None, ParagraphLayout] = {}

    def copy(self) -> _ParaFold:
        other = _ParaFold()
        other.values, other.borders = dict(self.values), dict(self.borders)
        other.jc, other.contextual, other.num_id, other.level = self.jc, self.contextual, self.num_id, self.level
        return other

    def numbering(self, ppr: Any) -> None:
        """The numbering a pPr names (numId and level may come from different pPrs)."""
        num_pr = ppr.find(_W_NUM_PR)
        if num_pr is not None:
            num_el, lvl_el = num_pr.find(_W_NUM_ID), num_pr.find(_W_ILVL)
            self.num_id = num_el.get(_W_VAL) if num_el is not None else self.num_id
            self.level = lvl_el.get(_W_VAL) if lvl_el is not None else self.level

    def apply(self, ppr: Any) -> None:
        values = self.values
        for tag, attrs in ((_W_IND, _IND_ATTRS), (_W_SPACING, _SPACING_ATTRS)):
            el = ppr.find(tag)
            if el is None:
                continue
            for key, name in attrs:
                if (value := el.get(name)) is not None:
                    values[key] = value
                    if key == "first":
                        values.pop("hanging", None)
                    elif key == "hanging":
                        values.pop("first", None)
        if (el := ppr.find(_W_JC)) is not None:
            self.jc = el.get(_W_VAL)
        if (el := ppr.find(_W_PBDR)) is not None:
            for side, tag in _W_BORDER_SIDES:
                if (border := el.find(tag)) is not None:
                    self.borders[side] = border.get(_W_VAL) not in (None, "nil", "none")
        if (found := _flag(ppr.find(_W_CONTEXTUAL_SPACING))) is not None:
            self.contextual = found

    def layout(self, style_id: str | None) -> ParagraphLayout:
        """The layout, computed once (for the styles' own fold, which is shared)."""
        cached = self._layouts.get(style_id)
        if cached is None:
            cached = self._layouts[style_id] = self.compute_layout(style_id)
        return cached

    def compute_layout(self, style_id: str | None) -> ParagraphLayout:
        values, jc = self.values, self.jc
        alignment = _ALIGNMENTS.get(jc or "left", jc or "left")
        first = _twips(values.get("first")) or 0
        if "hanging" in values:
            first = -(_twips(values["hanging"]) or 0)
        rule = values.get("rule", "auto")
        line_raw = _twips(values.get("line"))
        line = None if line_raw is None else (line_raw / 240 if rule == "auto" else line_raw / 20)

        def spacing(key: str, auto_key: str) -> float:
            if _flag_value(values.get(auto_key)):
                return _AUTOSPACING_PT
            twips = _twips(values.get(key))
            return 0.0 if twips is None else twips / 20

        return ParagraphLayout(
            alignment=alignment,
            left=_twips(values.get("start", values.get("left"))) or 0,
            right=_twips(values.get("end", values.get("right"))) or 0,
            first_line=first,
            space_before=spacing("before", "before_auto"),
            space_after=spacing("after", "after_auto"),
            line=line,
            line_rule=rule,
            border_top=self.borders.get("top", False),
            border_bottom=self.borders.get("bottom", False),
            contextual_spacing=bool(self.contextual),
            style_id=style_id,
        )


def paragraph_layout(paragraph: Paragraph) -> ParagraphLayout:
    """Effective paragraph layout: defaults, table style, style chain, numbering, direct."""
    index = _styles_of(paragraph.part)
    p = paragraph._p
    return index.paragraph_layout(index.table_style_id(p), _first_child(p, _W_PPR))


def _layout(index: _Styles, table_style: str | None, style_id: str | None, direct: Any) -> ParagraphLayout:
    """The layout the styles give, with ``direct`` (a pPr that changes the layout, or None) on top."""
    base = index.para_base(table_style, style_id)
    fold = base if direct is None else base.copy()
    if direct is not None:
        fold.numbering(direct)
    # Numbering: the level's indents sit between the style and direct formatting.
    numbering = index.numbering_ppr(fold.num_id, fold.level)
    if numbering is None and direct is None:
        return base.layout(style_id)  # the styles' layout, computed once
    if fold is base:
        fold = base.copy()
    for ppr in (numbering, direct):
        if ppr is not None:
            fold.apply(ppr)
    return fold.compute_layout(style_id)


def _flag_value(value: str | None) -> bool:
    return value is not None and value.lower() not in _OFF
