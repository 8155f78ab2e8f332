"""A Word redline: the new document with native tracked changes (w:ins / w:del) against the old.

Both documents come from the same template, so their bodies line up block by
block: paragraphs are matched by text, tables by position, table rows by
content, and a paragraph that was rewritten gets a word-level diff inside it.
Accepting every change in Word or LibreOffice gives the new text, rejecting
every change gives the old. LibreOffice is the judge of that promise
(``tests/test_redline_office.py`` accepts and rejects every change through its UNO
API, ``vanban.office.uno``); ``accepted`` and ``rejected`` below compute the same
from the XML, for quick checks where LibreOffice is not at hand.
"""

from __future__ import annotations

import copy
import difflib
import itertools
from collections.abc import Iterator

from lxml import etree

from vanban.docx.ooxml import package
from vanban.docx.ooxml.names import w
from vanban.engine.words import word_diff

XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
AUTHOR = "vanban"


def _text(element: etree._Element) -> str:
    """Visible text of a paragraph, row or table, as python-docx reads it."""
    parts = []
    for node in element.iter(w("t"), w("tab"), w("br"), w("p")):
        if node.tag == w("t"):
            parts.append(node.text or "")
        elif node.tag == w("tab"):
            parts.append("\t")
        elif node.tag == w("br"):
            parts.append("\n")
        elif node is not element:
            parts.append("\n")
    return "".join(parts)


class _Marker:
    """Makes w:ins / w:del elements with unique ids (deterministic: counted, no dates)."""

    def __init__(self) -> None:
        self._ids = itertools.count(1)

    def change(self, kind: str) -> etree._Element:
        element = etree.Element(w(kind))
        element.set(w("id"), str(next(self._ids)))
        element.set(w("author"), AUTHOR)
        return element

    # ------------------------------------------------------------ runs

    def run(self, text: str, rpr: etree._Element | None, *, deleted: bool = False) -> etree._Element:
        run = etree.Element(w("r"))
        if rpr is not None:
            run.append(copy.deepcopy(rpr))
        pieces = text.replace("\n", "\0\n\0").replace("\t", "\0\t\0").split("\0")
        for piece in pieces:
            if piece == "\n":
                etree.SubElement(run, w("br"))
            elif piece == "\t":
                etree.SubElement(run, w("tab"))
            elif piece:
                node = etree.SubElement(run, w("delText" if deleted else "t"))
                node.text = piece
                node.set(XML_SPACE, "preserve")
        return run

    # ------------------------------------------------------------ paragraphs

    def _mark_paragraph_mark(self, paragraph: etree._Element, kind: str) -> None:
        ppr = paragraph.find(w("pPr"))
        if ppr is None:
            ppr = etree.Element(w("pPr"))
            paragraph.insert(0, ppr)
        rpr = ppr.find(w("rPr"))
        if rpr is None:
            rpr = etree.Element(w("rPr"))
            anchor = ppr.find(w("sectPr"))
            if anchor is None:
                anchor = ppr.find(w("pPrChange"))
            if anchor is not None:
                anchor.addprevious(rpr)
            else:
                ppr.append(rpr)
        rpr.insert(0, self.change(kind))

    def mark(self, block: etree._Element, kind: str) -> None:
        """Mark a whole paragraph, table or row as inserted (``ins``) or deleted (``del``)."""
        for row in block.iter(w("tr")):
            self._mark_row(row, kind)
        for paragraph in block.iter(w("p")):
            for run in paragraph.findall(w("r")):
                if kind == "del":
                    for node in run.iter(w("t")):
                        node.tag = w("delText")
                wrapper = self.change(kind)
                run.addprevious(wrapper)
                wrapper.append(run)
            self._mark_paragraph_mark(paragraph, kind)

    def rewrite_paragraph(self, old: etree._Element, new: etree._Element) -> bool:
        """Word-level changes inside ``new``; False when the paragraph holds more than runs."""
        if any(c.tag not in (w("pPr"), w("r"), w("bookmarkStart"), w("bookmarkEnd"), w("proofErr")) for c in new):
            return False
        runs = new.findall(w("r"))
        rpr = runs[0].find(w("rPr")) if runs else None
        ops = word_diff(_text(old), _text(new))  # read before the runs are replaced
        for run in runs:
            new.remove(run)
        for op, text in ops:
            if op == "=":
                new.append(self.run(text, rpr))
            else:
                wrapper = self.change("ins" if op == "+" else "del")
                wrapper.append(self.run(text, rpr, deleted=op == "-"))
                new.append(wrapper)
        return True

    # ------------------------------------------------------------ block sequences

    def merge_blocks(self, old_parent: etree._Element, new_parent: etree._Element) -> None:
        old_items = _blocks(old_parent)
        new_items = _blocks(new_parent)
        keys_old, keys_new = _keys(old_items), _keys(new_items)
        matcher = difflib.SequenceMatcher(None, keys_old, keys_new, autojunk=False)
        for tag, i1, i2, j1, j2 in reversed(matcher.get_opcodes()):  # backwards: positions stay valid
            olds, news = old_items[i1:i2], new_items[j1:j2]
            anchor = new_items[j2] if j2 < len(new_items) else None
            if tag == "equal":
                for a, b in zip(olds, news, strict=True):
                    if a.tag == w("tbl"):
                        self.merge_table(a, b)
                continue
            paired = 0
            for a, b in zip(olds, news, strict=False):
                if a.tag != b.tag:
                    break
                if a.tag == w("tbl"):
                    self.merge_table(a, b)
                elif not self.rewrite_paragraph(a, b):
                    break
                paired += 1
            for b in news[paired:]:
                self.mark(b, "ins")
            for a in olds[paired:]:
                self._place_deleted(a, new_parent, anchor if not news[paired:] else news[paired])

    def _place_deleted(self, old: etree._Element, parent: etree._Element, before: etree._Element | None) -> None:
        """A marked copy of ``old`` where it stood: before ``before``, else at the end of ``parent``."""
        deleted = copy.deepcopy(old)
        self.mark(deleted, "del")
        if before is None:
            # The body ends with its section properties; a table cell or row simply ends.
            before = parent.find(w("sectPr"))
        if before is not None:
            before.addprevious(deleted)
        else:
            parent.append(deleted)

    # ------------------------------------------------------------ tables

    def _mark_row(self, row: etree._Element, kind: str) -> None:
        trpr = row.find(w("trPr"))
        if trpr is None:
            trpr = etree.Element(w("trPr"))
            anchor = row.find(w("tblPrEx"))
            (anchor.addnext if anchor is not None else lambda e: row.insert(0, e))(trpr)
        trpr.append(self.change(kind))

    def merge_table(self, old: etree._Element, new: etree._Element) -> None:
        old_rows, new_rows = old.findall(w("tr")), new.findall(w("tr"))
        texts_old = [_row_key(r) for r in old_rows]
        texts_new = [_row_key(r) for r in new_rows]
        for tag, i1, i2, j1, j2 in reversed(difflib.SequenceMatcher(None, texts_old, texts_new, autojunk=False).get_opcodes()):
            if tag == "equal":
                continue
            olds, news = old_rows[i1:i2], new_rows[j1:j2]
            pairs = _pair_rows(olds, news)
            paired_new = {id(b) for _, b in pairs}
            paired_old = {id(a) for a, _ in pairs}
            for a, b in pairs:
                self.merge_row(a, b)
            for b in news:
                if id(b) not in paired_new:
                    self.mark(b, "ins")
            # Deleted rows go back where they stood: before the next new row that follows them.
            following = new_rows[j2] if j2 < len(new_rows) else None
            for a in olds:
                if id(a) in paired_old:
                    continue
                later = [b for x, b in pairs if old_rows.index(x) > old_rows.index(a)]
                self._place_deleted(a, new, later[0] if later else following)

    def merge_row(self, old: etree._Element, new: etree._Element) -> None:
        for a, b in zip(old.findall(w("tc")), new.findall(w("tc")), strict=True):
            self.merge_blocks(a, b)


def _blocks(parent: etree._Element) -> list[etree._Element]:
    return [c for c in parent if c.tag in (w("p"), w("tbl"))]


def _keys(items: list[etree._Element]) -> list[str]:
    """Paragraphs match by text; tables by shape and order, their rows are compared inside."""
    keys, tables = [], 0
    for item in items:
        if item.tag == w("tbl"):
            tables += 1
            columns = len(item.findall(f"{w('tblGrid')}/{w('gridCol')}"))
            keys.append(f"\0table:{columns}:{tables}")
        else:
            keys.append(_text(item))
    return keys


def _row_key(row: etree._Element) -> str:
    return "\t".join(_text(cell) for cell in row.findall(w("tc")))


def _is_figure(text: str) -> bool:
    return not text.strip() or all(c.isdigit() or c in ".,%…−-+ " for c in text.strip())


def _pair_rows(olds: list[etree._Element], news: list[etree._Element]) -> list[tuple[etree._Element, etree._Element]]:
    """Pair changed rows so that figures changing in a row show as changes in that row.

    Rows pair, in order, by the words they share (unit name, officer, "Cộng"); figures,
    the running number included (it shifts when a unit is added), do not count.
    """

    def cells(row: etree._Element) -> list[str]:
        return [_text(c) for c in row.findall(w("tc"))]

    pairs = []
    start = 0
    for b in news:
        words_b = cells(b)
        best, best_score = None, 0
        for index in range(start, len(olds)):
            words_a = cells(olds[index])
            if len(words_a) != len(words_b):
                continue
            score = sum(1 for x, y in zip(words_a, words_b, strict=True) if x == y and not _is_figure(x))
            if score > best_score:
                best, best_score = index, score
        if best is not None:
            pairs.append((olds[best], b))
            start = best + 1
    if not pairs and len(olds) == len(news) and all(len(cells(a)) == len(cells(b)) for a, b in zip(olds, news, strict=True)):
        return list(zip(olds, news, strict=True))  # rows of figures only: they changed in place
    return pairs


def redline(old_docx: bytes, new_docx: bytes) -> bytes:
    """The new document, with its differences from the old one as tracked changes."""
    old_root = etree.fromstring(package.part(old_docx, "word/document.xml"))
    new_root = etree.fromstring(package.part(new_docx, "word/document.xml"))
    _Marker().merge_blocks(old_root.find(w("body")), new_root.find(w("body")))
    merged = etree.tostring(new_root, xml_declaration=True, encoding="UTF-8", standalone=True)
    return package.replace(new_docx, {"word/document.xml": merged})


# ---------------------------------------------------------------- what Word shows after accepting or rejecting


def _resolved_paragraphs(docx: bytes, *, accept: bool) -> Iterator[str]:
    root = etree.fromstring(package.part(docx, "word/document.xml"))
    drop, keep = ("del", "ins") if accept else ("ins", "del")
    for row in list(root.iter(w("tr"))):
        trpr = row.find(w("trPr"))
        if trpr is not None and trpr.find(w(drop)) is not None:
            row.getparent().remove(row)
    for paragraph in list(root.iter(w("p"))):
        mark = paragraph.find(f"{w('pPr')}/{w('rPr')}/{w(drop)}")
        for change in list(paragraph.iter(w(drop))):
            if change.getparent().tag != w("rPr"):
                change.getparent().remove(change)
        for change in list(paragraph.iter(w(keep))):
            if change.getparent().tag == w("rPr"):
                continue
            for child in list(change):
                change.addprevious(child)
            change.getparent().remove(change)
        for node in paragraph.iter(w("delText")):
            node.tag = w("t")
        text = _text(paragraph)
        if mark is not None and not text:
            continue  # the paragraph itself is gone
        yield text


def accepted(docx: bytes) -> list[str]:
    """Paragraph texts after "accept all changes"."""
    return list(_resolved_paragraphs(docx, accept=True))


def rejected(docx: bytes) -> list[str]:
    """Paragraph texts after "reject all changes"."""
    return list(_resolved_paragraphs(docx, accept=False))


def paragraphs(docx: bytes) -> list[str]:
    """Paragraph texts of a document without tracked changes, in the same reading order."""
    return accepted(docx)
