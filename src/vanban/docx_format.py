"""Effective formatting of a .docx paragraph or run, resolved the way Word does.

Direct formatting wins over the paragraph style, which inherits from its
``basedOn`` chain, which falls back to the document defaults. Tests (and the
Decree 30 linter) read formatting through here, never direct formatting alone.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
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
                seen: set[int] = set()
                for row in item.rows:
                    for cell in row.cells:
                        if id(cell._tc) not in seen:  # a merged cell is listed once per grid column
                            seen.add(id(cell._tc))
                            yield from walk(cell)

    yield from walk(doc)
