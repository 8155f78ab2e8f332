"""Effective formatting of a .docx paragraph or run, resolved the way Word does.

Direct formatting wins over the paragraph style, which inherits from its
``basedOn`` chain, which falls back to the document defaults. Tests (and the
Decree 30 linter) read formatting through here, never direct formatting alone.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, TypeVar

from docx.document import Document
from docx.oxml.ns import qn
from docx.shared import Length, Pt
from docx.table import Table
from docx.text.paragraph import Paragraph
from docx.text.run import Run

T = TypeVar("T")


def _style_chain(paragraph: Paragraph) -> Iterator[Any]:
    style = paragraph.style
    while style is not None:
        yield style
        style = style.base_style


def _defaults_rpr(paragraph: Paragraph) -> Any:
    styles = paragraph.part.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    if defaults is None:
        return None
    rpr_default = defaults.find(qn("w:rPrDefault"))
    return None if rpr_default is None else rpr_default.find(qn("w:rPr"))


def _run_value(paragraph: Paragraph, run: Run | None, get: Callable[[Any], T | None]) -> T | None:
    if run is not None and (value := get(run.font)) is not None:
        return value
    for style in _style_chain(paragraph):
        if (value := get(style.font)) is not None:
            return value
    return None


def font_size(paragraph: Paragraph, run: Run | None = None) -> float | None:
    """Size in points."""
    size = _run_value(paragraph, run, lambda f: f.size)
    if size is not None:
        return size.pt
    rpr = _defaults_rpr(paragraph)
    sz = None if rpr is None else rpr.find(qn("w:sz"))
    return Pt(int(sz.get(qn("w:val"))) / 2).pt if sz is not None else 10.0


def bold(paragraph: Paragraph, run: Run | None = None) -> bool:
    return bool(_run_value(paragraph, run, lambda f: f.bold))


def italic(paragraph: Paragraph, run: Run | None = None) -> bool:
    return bool(_run_value(paragraph, run, lambda f: f.italic))


def font_name(paragraph: Paragraph, run: Run | None = None) -> str | None:
    name = _run_value(paragraph, run, lambda f: f.name)
    if name is not None:
        return name
    rpr = _defaults_rpr(paragraph)
    fonts = None if rpr is None else rpr.find(qn("w:rFonts"))
    return None if fonts is None else fonts.get(qn("w:ascii"))


def _para_value(paragraph: Paragraph, get: Callable[[Any], T | None]) -> T | None:
    if (value := get(paragraph.paragraph_format)) is not None:
        return value
    for style in _style_chain(paragraph):
        if (value := get(style.paragraph_format)) is not None:
            return value
    return None


def alignment(paragraph: Paragraph) -> Any:
    return _para_value(paragraph, lambda f: f.alignment)


def first_line_indent(paragraph: Paragraph) -> Length | None:
    return _para_value(paragraph, lambda f: f.first_line_indent)


def space_after(paragraph: Paragraph) -> Length | None:
    return _para_value(paragraph, lambda f: f.space_after)


def space_before(paragraph: Paragraph) -> Length | None:
    return _para_value(paragraph, lambda f: f.space_before)


def line_spacing(paragraph: Paragraph) -> Any:
    return _para_value(paragraph, lambda f: f.line_spacing)


def bottom_border(paragraph: Paragraph) -> bool:
    """Whether the paragraph draws a bottom border (our rule lines), directly or by style."""
    elements = [paragraph._p.pPr] + [s.element.pPr for s in _style_chain(paragraph)]
    for ppr in elements:
        if ppr is None:
            continue
        borders = ppr.find(qn("w:pBdr"))
        if borders is not None and (bottom := borders.find(qn("w:bottom"))) is not None:
            return bottom.get(qn("w:val")) not in (None, "nil", "none")
    return False


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


_TOGGLES = {"bold": "w:b", "italic": "w:i", "caps": "w:caps", "small_caps": "w:smallCaps"}
_OFF = {"0", "false", "off"}
_AUTOSPACING_PT = 14.0  # what Word shows for "auto" (HTML) paragraph spacing


def _flag(el: Any) -> bool | None:
    if el is None:
        return None
    return el.get(qn("w:val"), "1").lower() not in _OFF


def _twips(value: str | None) -> int | None:
    if value is None:
        return None
    try:
        return int(float(value))
    except ValueError:
        return None


class _Styles:
    """Index of one package's styles, numbering and theme fonts."""

    def __init__(self, document_part: Any):
        styles = document_part.styles.element
        self.by_id: dict[str, Any] = {}
        self.default: dict[str, str] = {}
        for style in styles.findall(qn("w:style")):
            style_id = style.get(qn("w:styleId"))
            self.by_id[style_id] = style
            if style.get(qn("w:default")) in ("1", "true", "on"):
                self.default.setdefault(style.get(qn("w:type")), style_id)
        defaults = styles.find(qn("w:docDefaults"))
        rpr_default = None if defaults is None else defaults.find(qn("w:rPrDefault"))
        ppr_default = None if defaults is None else defaults.find(qn("w:pPrDefault"))
        self.rpr_default = None if rpr_default is None else rpr_default.find(qn("w:rPr"))
        self.ppr_default = None if ppr_default is None else ppr_default.find(qn("w:pPr"))
        self.numbering = None
        try:
            self.numbering = document_part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            self.numbering = None
        self.theme_fonts = _theme_fonts(document_part)

    def chain(self, style_id: str | None) -> list[Any]:
        """The style and its basedOn ancestors, base first."""
        out: list[Any] = []
        seen: set[str] = set()
        while style_id and style_id in self.by_id and style_id not in seen:
            seen.add(style_id)
            style = self.by_id[style_id]
            out.append(style)
            based = style.find(qn("w:basedOn"))
            style_id = None if based is None else based.get(qn("w:val"))
        return out[::-1]

    def numbering_ppr(self, num_id: str | None, level: str | None) -> Any:
        if self.numbering is None or num_id in (None, "0"):
            return None
        level = level or "0"
        for num in self.numbering.findall(qn("w:num")):
            if num.get(qn("w:numId")) != num_id:
                continue
            for override in num.findall(qn("w:lvlOverride")):
                if override.get(qn("w:ilvl")) == level and (lvl := override.find(qn("w:lvl"))) is not None:
                    return lvl.find(qn("w:pPr"))
            abstract = num.find(qn("w:abstractNumId"))
            abstract_id = None if abstract is None else abstract.get(qn("w:val"))
            for candidate in self.numbering.findall(qn("w:abstractNum")):
                if candidate.get(qn("w:abstractNumId")) == abstract_id:
                    for lvl in candidate.findall(qn("w:lvl")):
                        if lvl.get(qn("w:ilvl")) == level:
                            return lvl.find(qn("w:pPr"))
        return None


def _theme_fonts(document_part: Any) -> dict[str, str]:
    """minor/major Latin typefaces of the theme, for rFonts' *Theme attributes."""
    from lxml import etree

    fonts: dict[str, str] = {}
    for rel in document_part.rels.values():
        if rel.is_external or not rel.reltype.endswith("/theme"):
            continue
        try:
            root = etree.fromstring(rel.target_part.blob)
        except etree.XMLSyntaxError:
            return fonts
        a = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
        for kind in ("major", "minor"):
            latin = root.find(f".//{a}{kind}Font/{a}latin")
            if latin is not None and latin.get("typeface"):
                fonts[kind] = latin.get("typeface")
    return fonts


_INDEX: dict[int, tuple[Any, _Styles]] = {}


def _styles_of(part: Any) -> _Styles:
    document_part = part.package.main_document_part
    key = id(document_part)
    cached = _INDEX.get(key)
    if cached is None or cached[0] is not document_part:
        cached = (document_part, _Styles(document_part))
        _INDEX.clear()  # one document at a time is enough; keeps memory bounded
        _INDEX[key] = cached
    return cached[1]


def _table_style_chain(index: _Styles, p: Any) -> list[Any]:
    tbl = next((a for a in p.iterancestors(qn("w:tbl"))), None)
    if tbl is None:
        return []
    tbl_pr = tbl.find(qn("w:tblPr"))
    style = None if tbl_pr is None else tbl_pr.find(qn("w:tblStyle"))
    style_id = style.get(qn("w:val")) if style is not None else index.default.get("table")
    return index.chain(style_id)


def _paragraph_style_id(index: _Styles, p: Any) -> str | None:
    ppr = p.find(qn("w:pPr"))
    style = None if ppr is None else ppr.find(qn("w:pStyle"))
    if style is not None and style.get(qn("w:val")) in index.by_id:
        return style.get(qn("w:val"))
    return index.default.get("paragraph")


def _resolve_font(rpr: Any, slot: str, theme: dict[str, str]) -> str | None:
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        return None
    themed = fonts.get(qn(f"w:{slot}Theme"))
    if themed:
        return theme.get("major" if themed.startswith("major") else "minor")
    return fonts.get(qn(f"w:{slot}"))


def run_format(paragraph: Paragraph, run: Run | None = None) -> RunFormat:
    """Effective character formatting of ``run`` (or of the paragraph's text when None)."""
    index = _styles_of(paragraph.part)
    p = paragraph._p
    style_rprs = lambda chain: [s.find(qn("w:rPr")) for s in chain]  # noqa: E731
    table_group = style_rprs(_table_style_chain(index, p))
    para_group = style_rprs(index.chain(_paragraph_style_id(index, p)))
    char_group: list[Any] = []
    direct = None
    if run is not None:
        direct = run._r.find(qn("w:rPr"))
        char_style = None if direct is None else direct.find(qn("w:rStyle"))
        if char_style is not None:
            char_group = style_rprs(index.chain(char_style.get(qn("w:val"))))
    groups = [table_group, para_group, char_group]
    ordered = [index.rpr_default] + [r for g in groups for r in g] + [direct]
    ordered = [r for r in ordered if r is not None]

    def last(getter: Callable[[Any], Any]) -> Any:
        value = None
        for rpr in ordered:
            found = getter(rpr)
            if found is not None:
                value = found
        return value

    def toggle(tag: str) -> bool:
        value = bool(_flag(index.rpr_default.find(qn(tag)))) if index.rpr_default is not None else False
        for group in groups:
            group_value = None
            for rpr in group:
                if rpr is not None and (found := _flag(rpr.find(qn(tag)))) is not None:
                    group_value = found
            if group_value:
                value = not value
        if direct is not None and (found := _flag(direct.find(qn(tag)))) is not None:
            value = found
        return value

    def size(rpr: Any) -> float | None:
        sz = rpr.find(qn("w:sz"))
        if sz is None:
            return None
        try:
            return int(float(sz.get(qn("w:val")))) / 2
        except (TypeError, ValueError):
            return None

    def underline(rpr: Any) -> bool | None:
        u = rpr.find(qn("w:u"))
        return None if u is None else u.get(qn("w:val"), "single") not in ("none", "0", "false")

    def attr(tag: str) -> Callable[[Any], str | None]:
        def get(rpr: Any) -> str | None:
            el = rpr.find(qn(tag))
            return None if el is None else el.get(qn("w:val"))

        return get

    vert = last(attr("w:vertAlign"))
    return RunFormat(
        font_ascii=last(lambda r: _resolve_font(r, "ascii", index.theme_fonts)),
        font_hansi=last(lambda r: _resolve_font(r, "hAnsi", index.theme_fonts)),
        size=last(size) or 10.0,
        bold=toggle(_TOGGLES["bold"]),
        italic=toggle(_TOGGLES["italic"]),
        caps=toggle(_TOGGLES["caps"]),
        small_caps=toggle(_TOGGLES["small_caps"]),
        color=last(attr("w:color")),
        vert_align=None if vert in (None, "baseline") else vert,
        underline=bool(last(underline)),
    )


def paragraph_layout(paragraph: Paragraph) -> ParagraphLayout:
    """Effective paragraph layout: defaults, table style, style chain, numbering, direct."""
    index = _styles_of(paragraph.part)
    p = paragraph._p
    style_id = _paragraph_style_id(index, p)
    chain = index.chain(style_id)
    pprs = [index.ppr_default]
    pprs += [s.find(qn("w:pPr")) for s in _table_style_chain(index, p)]
    pprs += [s.find(qn("w:pPr")) for s in chain]
    direct = p.find(qn("w:pPr"))
    # Numbering: the level's indents sit between the style and direct formatting.
    num_id = level = None
    for ppr in pprs + [direct]:
        num_pr = None if ppr is None else ppr.find(qn("w:numPr"))
        if num_pr is not None:
            num_el, lvl_el = num_pr.find(qn("w:numId")), num_pr.find(qn("w:ilvl"))
            num_id = num_el.get(qn("w:val")) if num_el is not None else num_id
            level = lvl_el.get(qn("w:val")) if lvl_el is not None else level
    pprs.append(index.numbering_ppr(num_id, level))
    pprs.append(direct)
    pprs = [ppr for ppr in pprs if ppr is not None]

    values: dict[str, Any] = {}

    def take(tag: str, attrs: dict[str, str]) -> None:
        for ppr in pprs:
            el = ppr.find(qn(tag))
            if el is None:
                continue
            for key, name in attrs.items():
                if (value := el.get(qn(f"w:{name}"))) is not None:
                    values[key] = value
                    if key == "first":
                        values.pop("hanging", None)
                    elif key == "hanging":
                        values.pop("first", None)

    take("w:ind", {"left": "left", "start": "start", "right": "right", "end": "end", "first": "firstLine", "hanging": "hanging"})
    take(
        "w:spacing",
        {
            "before": "before",
            "after": "after",
            "line": "line",
            "rule": "lineRule",
            "before_auto": "beforeAutospacing",
            "after_auto": "afterAutospacing",
        },
    )
    jc = None
    borders: dict[str, bool] = {}
    contextual = None
    for ppr in pprs:
        if (el := ppr.find(qn("w:jc"))) is not None:
            jc = el.get(qn("w:val"))
        if (el := ppr.find(qn("w:pBdr"))) is not None:
            for side in ("top", "bottom"):
                if (border := el.find(qn(f"w:{side}"))) is not None:
                    borders[side] = border.get(qn("w:val")) not in (None, "nil", "none")
        if (found := _flag(ppr.find(qn("w:contextualSpacing")))) is not None:
            contextual = found
    alignment = {
        "start": "left",
        "end": "right",
        "justify": "both",
        "lowKashida": "both",
        "mediumKashida": "both",
        "highKashida": "both",
        "thaiDistribute": "both",
    }.get(jc or "left", jc or "left")
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
        border_top=borders.get("top", False),
        border_bottom=borders.get("bottom", False),
        contextual_spacing=bool(contextual),
        style_id=style_id,
    )


def _flag_value(value: str | None) -> bool:
    return value is not None and value.lower() not in _OFF
