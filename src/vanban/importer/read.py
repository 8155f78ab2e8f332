"""Read a .docx into what the importer reasons about: paragraphs and tables, in body order.

Only text and the little formatting that tells parts apart (bold, centred) is kept.
Merged table cells are expanded to the grid, so a "Cộng" spanning two columns
sits in both; a paragraph's tabs and line breaks stay ``\\t`` and ``\\n``.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.table import Table as DocxTable
from docx.table import _Cell
from docx.text.paragraph import Paragraph

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
    picture: bool = False  # holds a drawing (the report's chart)


@dataclass(frozen=True)
class Table:
    rows: tuple[tuple[str, ...], ...]  # cell texts on the grid (merged cells repeated)
    cells: tuple[tuple[tuple[Line, ...], ...], ...]  # each cell's lines, one entry per real cell


Item = Para | Table


def clean(text: str) -> str:
    """NFC, non-breaking and repeated spaces made plain (tabs and line breaks kept)."""
    text = unicodedata.normalize("NFC", text).replace(NBSP, " ").replace("\u200b", "")
    return re.sub(r"[ ]{2,}", " ", text)


class Styles:
    """Bold, centring and numbering a paragraph gets from its style chain, resolved once per style.

    python-docx resolves ``paragraph.style`` by scanning every style of the document each
    time; a plan has hundreds of paragraphs, so styles are looked up here by id instead.
    """

    def __init__(self, document) -> None:
        self.by_id = {s.style_id: s for s in document.styles}
        self.default = next(
            (s for s in document.styles if s.type == WD_STYLE_TYPE.PARAGRAPH and s.element.get(qn("w:default")) in ("1", "true")),
            None,
        )
        self._bold: dict[str | None, bool | None] = {}
        self._centred: dict[str | None, bool] = {}
        self._num_pr: dict[str | None, object] = {}

    def paragraph_style(self, paragraph):
        style_id = paragraph._p.style
        return self.by_id.get(style_id, self.default) if style_id else self.default

    def bold(self, style) -> bool | None:
        key = style.style_id if style is not None else None
        if key not in self._bold:
            value, current = None, style
            while current is not None and value is None:
                value = current.font.bold if current.font is not None else None
                current = current.base_style
            self._bold[key] = value
        return self._bold[key]

    def centred(self, style) -> bool:
        key = style.style_id if style is not None else None
        if key not in self._centred:
            value, current = None, style
            while current is not None and value is None:
                value = current.paragraph_format.alignment
                current = current.base_style
            self._centred[key] = value == WD_ALIGN_PARAGRAPH.CENTER
        return self._centred[key]

    def num_pr(self, style):
        key = style.style_id if style is not None else None
        if key not in self._num_pr:
            value, current = None, style
            while current is not None and value is None:
                p_pr = current.element.pPr
                value = p_pr.numPr if p_pr is not None else None
                current = current.base_style
            self._num_pr[key] = value
        return self._num_pr[key]


def _bold(paragraph, styles: Styles) -> bool:
    style_bold = styles.bold(styles.paragraph_style(paragraph))
    runs = [r for r in paragraph.runs if r.text.strip()]
    if not runs:
        return False

    def run_bold(run) -> bool:
        if run.bold is not None:
            return run.bold
        run_style = styles.by_id.get(run._r.style) if run._r.style else None
        from_style = styles.bold(run_style) if run_style is not None else None
        return bool(from_style if from_style is not None else style_bold)

    return all(run_bold(r) for r in runs)


def _centred(paragraph, styles: Styles) -> bool:
    if paragraph.alignment is not None:
        return paragraph.alignment == WD_ALIGN_PARAGRAPH.CENTER
    return styles.centred(styles.paragraph_style(paragraph))


def _para(paragraph, styles: Styles, numbering: Numbering) -> Para:
    text = clean(paragraph.text)
    # A heading or bullet numbered by Word shows its number though the text lacks it.
    if marker := numbering.marker(paragraph, styles.num_pr(styles.paragraph_style(paragraph))):
        text = f"{marker} {text.lstrip()}"
    picture = bool(paragraph._p.xpath("./w:r/w:drawing"))
    return Para(text, _bold(paragraph, styles), _centred(paragraph, styles), picture)


def _table(table, styles: Styles) -> Table:
    rows, cells = [], []
    for tr in table._tbl.tr_lst:
        grid_row: list[str] = []
        real: list[tuple[Line, ...]] = []
        for tc in tr.tc_lst:
            cell = _Cell(tc, table)
            lines = tuple(Line(clean(p.text), _bold(p, styles), _centred(p, styles)) for p in cell.paragraphs)
            text = "\n".join(line.text for line in lines).strip()
            span = tc.grid_span
            grid_row += [text] * span
            real.append(lines)
        rows.append(tuple(grid_row))
        cells.append(tuple(real))
    return Table(tuple(rows), tuple(cells))


def read(document: Any) -> tuple[list[Item], str]:
    """The body's paragraphs and top-level tables in order, and the file's author property.

    ``document`` is a python-docx Document, opened by ``vanban.docx.opening.open_docx``.
    """
    styles, numbering = Styles(document), Numbering(document)
    items: list[Item] = []
    for child in document.element.body.iterchildren():
        if child.tag == qn("w:p"):
            items.append(_para(Paragraph(child, document), styles, numbering))
        elif child.tag == qn("w:tbl"):
            items.append(_table(DocxTable(child, document), styles))
    return items, document.core_properties.author or ""
