"""Read a .docx into what the importer reasons about: paragraphs and tables, in body order.

Only text and the little formatting that tells parts apart (bold, centred) is kept.
Merged table cells are expanded to the grid, so a "Cộng" spanning two columns
sits in both; a paragraph's tabs and line breaks stay ``\\t`` and ``\\n``.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn

from vanban.importer.numbering import Numbering

NBSP = "\u00a0"


@dataclass(frozen=True)
class Line:
    text: str
    bold: bool = False
    centred: bool = False


@dataclass(frozen=True)
class Para:
    text: str
    bold: bool
    centred: bool


@dataclass(frozen=True)
class Table:
    rows: tuple[tuple[str, ...], ...]  # cell texts on the grid (merged cells repeated)
    cells: tuple[tuple[tuple[Line, ...], ...], ...]  # each cell's lines, one entry per real cell


Item = Para | Table


def clean(text: str) -> str:
    """NFC, non-breaking and repeated spaces made plain (tabs and line breaks kept)."""
    text = unicodedata.normalize("NFC", text).replace(NBSP, " ").replace("\u200b", "")
    return re.sub(r"[ ]{2,}", " ", text)


def _style_bold(style) -> bool | None:
    while style is not None:
        if style.font is not None and style.font.bold is not None:
            return style.font.bold
        style = style.base_style
    return None


def _style_centred(style) -> bool:
    while style is not None:
        fmt = style.paragraph_format
        if fmt is not None and fmt.alignment is not None:
            return fmt.alignment == WD_ALIGN_PARAGRAPH.CENTER
        style = style.base_style
    return False


def _bold(paragraph) -> bool:
    style_bold = _style_bold(paragraph.style) if paragraph.style is not None else None
    runs = [r for r in paragraph.runs if r.text.strip()]
    if not runs:
        return False
    return all(
        (r.bold if r.bold is not None else (_style_bold(r.style) if r.style is not None else None) or style_bold) for r in runs
    )


def _centred(paragraph) -> bool:
    if paragraph.alignment is not None:
        return paragraph.alignment == WD_ALIGN_PARAGRAPH.CENTER
    return _style_centred(paragraph.style) if paragraph.style is not None else False


def _para(paragraph, numbering: Numbering) -> Para:
    text = clean(paragraph.text)
    # A heading or bullet numbered by Word shows its number though the text lacks it.
    if marker := numbering.marker(paragraph):
        text = f"{marker} {text.lstrip()}"
    return Para(text, _bold(paragraph), _centred(paragraph))


def _table(table) -> Table:
    from docx.table import _Cell

    rows, cells = [], []
    for tr in table._tbl.tr_lst:
        grid_row: list[str] = []
        real: list[tuple[Line, ...]] = []
        for tc in tr.tc_lst:
            cell = _Cell(tc, table)
            lines = tuple(Line(clean(p.text), _bold(p), _centred(p)) for p in cell.paragraphs)
            text = "\n".join(line.text for line in lines).strip()
            span = tc.grid_span
            grid_row += [text] * span
            real.append(lines)
        rows.append(tuple(grid_row))
        cells.append(tuple(real))
    return Table(tuple(rows), tuple(cells))


def read(path: Path) -> tuple[list[Item], str]:
    """The body's paragraphs and top-level tables in order, and the file's author property."""
    from docx import Document
    from docx.table import Table as DocxTable
    from docx.text.paragraph import Paragraph

    document = Document(str(path))
    numbering = Numbering(document)
    items: list[Item] = []
    for child in document.element.body.iterchildren():
        if child.tag == qn("w:p"):
            items.append(_para(Paragraph(child, document), numbering))
        elif child.tag == qn("w:tbl"):
            items.append(_table(DocxTable(child, document)))
    return items, document.core_properties.author or ""
