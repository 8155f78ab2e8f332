"""The document as LibreOffice lays it out: words, lines and ruled tables read back from its PDF.

``lint --render`` (and ``build`` when LibreOffice is there) converts the .docx to PDF with
``office/pdf.py`` and reads the PDF with pdfplumber (pdfminer.six underneath): each word with its page
and box, the words grouped into lines (a line of the page split where a wide gap separates two columns,
as in the side-by-side header and signature blocks), and every table drawn with rules, cell by cell.
The render rules (``rules/render.py``) compare that with what the .docx says.

Everything is read once into plain data, so the PDF is closed before any rule runs.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

MM = 72 / 25.4  # PDF points per millimetre
COLUMN_GAP = 5 * MM  # a gap this wide inside a line of the page separates two columns
SAME_LINE = 2.0  # points: words whose tops differ less are on one line


def norm(text: str) -> str:
    """NFC, no-break spaces as spaces, whitespace squashed: how both sides are compared."""
    return " ".join(unicodedata.normalize("NFKC", text).replace("\u00a0", " ").split())


@dataclass(frozen=True)
class Word:
    text: str
    page: int  # 1-based
    x0: float
    x1: float
    top: float
    bottom: float


@dataclass
class Line:
    """Words of one line of one column, left to right."""

    page: int
    words: list[Word]

    @property
    def text(self) -> str:
        return " ".join(w.text for w in self.words)

    @property
    def x0(self) -> float:
        return self.words[0].x0

    @property
    def x1(self) -> float:
        return self.words[-1].x1

    @property
    def top(self) -> float:
        return min(w.top for w in self.words)

    @property
    def bottom(self) -> float:
        return max(w.bottom for w in self.words)

    def overlaps(self, other: Line) -> bool:
        return self.x0 < other.x1 and other.x0 < self.x1


@dataclass
class Cell:
    lines: list[str]  # the cell's text, line by line

    @property
    def text(self) -> str:
        return norm(" ".join(self.lines))


@dataclass
class Table:
    """A ruled table (or the part of one) on one page."""

    page: int
    x0: float
    x1: float
    top: float
    bottom: float
    rows: list[list[Cell | None]]  # None: a cell merged into its neighbour


@dataclass
class Page:
    number: int
    width: float
    height: float
    bottom: float  # the lowest ink on the page: words, rules, table borders
    lines: list[Line] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)

    @property
    def landscape(self) -> bool:
        return self.width > self.height


@dataclass
class LaidOut:
    pages: list[Page]

    @property
    def lines(self) -> list[Line]:
        return [line for page in self.pages for line in page.lines]


def _lines(words: list[Word]) -> list[Line]:
    rows: list[list[Word]] = []
    for word in sorted(words, key=lambda w: (w.top, w.x0)):
        if rows and abs(rows[-1][0].top - word.top) < SAME_LINE:
            rows[-1].append(word)
        else:
            rows.append([word])
    lines = []
    for row in rows:
        row.sort(key=lambda w: w.x0)
        current = [row[0]]
        for word in row[1:]:
            if word.x0 - current[-1].x1 > COLUMN_GAP:
                lines.append(Line(word.page, current))
                current = []
            current.append(word)
        lines.append(Line(row[0].page, current))
    return lines


def read_pdf(pdf: Path) -> LaidOut:
    """Words, lines and ruled tables of every page of ``pdf``."""
    import pdfplumber

    pages = []
    with pdfplumber.open(pdf) as opened:
        for page in opened.pages:
            number = page.page_number
            words = [
                Word(norm(w["text"]), number, w["x0"], w["x1"], w["top"], w["bottom"])
                for w in page.extract_words(keep_blank_chars=False)
                if norm(w["text"])
            ]
            ink = [w.bottom for w in words] + [e["bottom"] for e in page.edges] + [r["bottom"] for r in page.rects]
            laid = Page(number, float(page.width), float(page.height), max(ink, default=0.0), _lines(words))
            for found in page.find_tables():
                rows = []
                for row in found.rows:
                    cells: list[Cell | None] = []
                    for box in row.cells:
                        if box is None:
                            cells.append(None)
                            continue
                        text = page.crop(box).extract_text() or ""
                        cells.append(Cell([norm(t) for t in text.splitlines() if norm(t)]))
                    rows.append(cells)
                x0, top, x1, bottom = found.bbox
                laid.tables.append(Table(number, x0, x1, top, bottom, rows))
            pages.append(laid)
    return LaidOut(pages)


def find_lines(lines: list[Line], text: str, start: int = 0, *, last: bool = False) -> tuple[int, list[Line]] | None:
    """Where ``text`` (a paragraph) is set: the index of its first line and its lines, following it down its column.

    The paragraph starts on a line whose words end with (or hold all of) its first words; it goes on in the
    next lines of the same column. ``last``: the last place it is set (the closing block, after any mention).
    """
    want = norm(text).split()
    if not want:
        return None
    order = range(len(lines) - 1, start - 1, -1) if last else range(start, len(lines))
    for i in order:
        got = _follow(lines, i, want)
        if got is not None:
            return i, got
    return None


def _follow(lines: list[Line], i: int, want: list[str]) -> list[Line] | None:
    words = [w.text for w in lines[i].words]
    taken = 0
    for k in range(len(words)):
        tail = words[k:]
        if tail[: len(want)] == want:
            return [lines[i]]  # the whole paragraph on this line
        if len(tail) < len(want) and tail == want[: len(tail)]:
            taken = len(tail)
            break
    if not taken:
        return None
    found = [lines[i]]
    j = i
    while taken < len(want):
        below = next((n for n in range(j + 1, len(lines)) if lines[n].overlaps(lines[i])), None)
        if below is None:
            return None
        j = below
        following = [w.text for w in lines[j].words]
        part = want[taken : taken + len(following)]
        if following[: len(part)] != part:
            return None
        taken += len(part)
        found.append(lines[j])
    return found
