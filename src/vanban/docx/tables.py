"""Tables on the page: a hand-made Word table when the template has one, else one generated from the declaration.

A template *has a hand-made table* for ``name`` when one of its tables loops
``{%tr for … in name %}``: the clerk's layout wins. Optional columns the data
has that such a table does not show (the plan's near-poor columns) are added to
it, before the last column, in the style of the column before them, and the
widths are shared out again within the table's width; a required column the
clerk left out stays out.

A table placed with ``bang: name`` that the template does not draw is generated
after docxtpl has rendered the body, where the placing paragraph was, in the
style of the template's hand-made table (its table properties, header and cell
paragraph styles): headers, widths (``rong`` in mm, else by kind), alignment
(text left, numbers as the template's number cells) and the "Cộng" row.

Only ``render`` imports this module (it needs the docx stack).
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass
from typing import Any

from docx.oxml import parse_xml
from docx.oxml.ns import qn
from lxml import etree

from vanban.docx.metrics import text_width_mm
from vanban.docx.ooxml.names import W_NS
from vanban.engine.compute import TableFigures
from vanban.engine.prose import fill

_CONTAINING = etree.XPath(".//w:p[contains(string(.), $marker)]", namespaces={"w": W_NS})
_LOOP = re.compile(r"\{%\s*tr\s+for\s+\w+\s+in\s+(\w+)\s*%\}")
TWIPS_PER_MM = 1440 / 25.4
DEFAULT_WIDTH_MM = {"chu": 34.0, "so": 18.0, "ty_le": 16.0}
STT_MM = 12.0
NUMBER_MM = 13.0  # a number column beside added ones: room for "2.881" and a wrapped header
MIN_TEXT_MM = 18.0


def _text(element: Any) -> str:
    return "".join(t.text or "" for t in element.iter(qn("w:t")))


def hand_made(body: Any) -> dict[str, Any]:
    """Tables the template draws itself, by the name they loop over."""
    found: dict[str, Any] = {}
    for tbl in body.iter(qn("w:tbl")):
        match = _LOOP.search(_text(tbl))
        if match and match.group(1) not in found:
            found[match.group(1)] = tbl
    return found


def _set_text(cell: Any, text: str) -> None:
    paragraphs = cell.findall(qn("w:p"))
    for extra in paragraphs[1:]:
        cell.remove(extra)
    p = paragraphs[0]
    runs = p.findall(qn("w:r"))
    for extra in runs[1:]:
        p.remove(extra)
    if not runs:
        run = p.makeelement(qn("w:r"), {})
        p.append(run)
    else:
        run = runs[0]
    for t in run.findall(qn("w:t")):
        run.remove(t)
    if text:
        t = run.makeelement(qn("w:t"), {})
        t.text = text
        if text != text.strip():
            t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        run.append(t)


def _grid(tbl: Any) -> list[Any]:
    return tbl.find(qn("w:tblGrid")).findall(qn("w:gridCol"))


def _resize(tbl: Any, widths: list[int]) -> None:
    """Grid and every cell's tcW from ``widths`` (twips), honouring gridSpan."""
    for col, width in zip(_grid(tbl), widths, strict=True):
        col.set(qn("w:w"), str(width))
    for tr in tbl.findall(qn("w:tr")):
        index = 0
        for tc in tr.findall(qn("w:tc")):
            span_el = tc.find(f"{qn('w:tcPr')}/{qn('w:gridSpan')}")
            span = int(span_el.get(qn("w:val"))) if span_el is not None else 1
            tcw = tc.find(f"{qn('w:tcPr')}/{qn('w:tcW')}")
            if tcw is not None:
                tcw.set(qn("w:w"), str(sum(widths[index : index + span])))
                tcw.set(qn("w:type"), "dxa")
            index += span


def _scaled(widths: list[float], total: int) -> list[int]:
    factor = total / sum(widths)
    out = [int(w * factor) for w in widths]
    out[-1] += total - sum(out)
    return out


def add_columns(tbl: Any, tf: TableFigures, values: dict[str, str], row_var: str, total_var: str) -> None:
    """Columns of ``tf`` the hand-made table does not show, inserted before its last column."""
    text = _text(tbl)
    missing = [
        key
        for key in tf.columns
        if tf.table.columns[key].shown
        and tf.table.columns[key].optional  # a required column left out is the clerk's choice
        and key != tf.table.name_column
        and not re.search(rf"\b{row_var}\.{re.escape(key)}\b", text)
        and not (
            tf.table.columns[key].template_name and re.search(rf"\b{row_var}\.{tf.table.columns[key].template_name}\b", text)
        )
    ]
    if not missing:
        return
    old = [int(c.get(qn("w:w"))) for c in _grid(tbl)]
    total = sum(old)
    rows = tbl.findall(qn("w:tr"))
    for tr in rows:
        cells = tr.findall(qn("w:tc"))
        model = cells[-2] if len(cells) > 1 else cells[-1]
        row_text = _text(tr)
        for key in missing:
            cell = copy.deepcopy(model)
            column = tf.table.columns[key]
            if f"{row_var}." in row_text:
                _set_text(cell, f"{{{{ {row_var}.{key} }}}}")
            elif f"{total_var}." in row_text:
                _set_text(cell, f"{{{{ {total_var}.{key} }}}}" if column.totalled else "")
            elif "{%" in row_text:
                _set_text(cell, "")
            else:
                _set_text(cell, fill(column.heading, values))
            cells[-1].addprevious(cell)
    for _ in missing:
        _grid(tbl)[-1].addprevious(copy.deepcopy(_grid(tbl)[-1]))
    _resize(tbl, _widened(tbl, tf, row_var, [w / TWIPS_PER_MM for w in old], missing, total))
    # Refitted to its cells once they are rendered (``fitted``); the mark does not reach the document.
    tbl_pr = tbl.find(qn("w:tblPr"))
    tbl_pr.append(tbl_pr.makeelement(qn("w:tblDescription"), {qn("w:val"): FIT_MARK}))


def _widened(tbl: Any, tf: TableFigures, row_var: str, old_mm: list[float], missing: list[str], total: int) -> list[int]:
    """Widths once ``missing`` columns are in: every number column gets NUMBER_MM, the text
    columns share what is left in their old proportions (scaled as a whole if too little is left)."""
    data = next((tr for tr in tbl.findall(qn("w:tr")) if f"{row_var}." in _text(tr)), None)
    names = {c.template_name: c for c in tf.table.columns.values() if c.template_name} | tf.table.columns
    kinds = []
    for tc in data.findall(qn("w:tc")) if data is not None else []:
        match = re.search(rf"{row_var}\.(\w+)", _text(tc))
        column = names.get(match.group(1)) if match else None
        kinds.append("stt" if match and match.group(1) == "stt" else (column.value_type if column else "chu"))
    widths = old_mm[:-1] + [_width(tf, key) for key in missing] + old_mm[-1:]
    if len(kinds) != len(widths):
        return _scaled(widths, total)
    text_old = sum(w for w, k in zip(widths, kinds, strict=True) if k == "chu")
    fixed = sum(w if k == "stt" else NUMBER_MM for w, k in zip(widths, kinds, strict=True) if k != "chu")
    room = total / TWIPS_PER_MM - fixed
    if text_old <= 0 or room < MIN_TEXT_MM * sum(1 for k in kinds if k == "chu"):
        return _scaled(widths, total)
    out = [w if k == "stt" else (NUMBER_MM if k != "chu" else w * room / text_old) for w, k in zip(widths, kinds, strict=True)]
    return _scaled(out, total)


def _width(tf: TableFigures, key: str) -> float:
    column = tf.table.columns[key]
    return column.width_mm or DEFAULT_WIDTH_MM[column.value_type]


class Generator:
    """Builds a table from a declaration in the style of the template's hand-made table."""

    def __init__(self, prototype: Any | None, text_width: int):
        self.prototype = prototype
        self.text_width = text_width

    def _proto_parts(self) -> tuple[Any, Any, Any, Any, Any, Any]:
        """(tblPr, header trPr, header cell, number cell, text cell, data trPr) of the prototype."""
        proto = self.prototype
        assert proto is not None, "only a generator with a prototype table copies its parts"
        rows = proto.findall(qn("w:tr"))
        header = rows[0]
        # The row docxtpl repeats is the one after the "{%tr for … %}" row.
        loop = next((i for i, r in enumerate(rows) if _LOOP.search(_text(r))), 0)
        data = rows[min(loop + 1, len(rows) - 1)]
        cells = data.findall(qn("w:tc"))
        texts = [_text(c) for c in cells]
        numbers = [c for c, t in zip(cells, texts, strict=True) if re.search(r"\.(stt|ho_ngheo|ty_le)\b", t)]
        number = numbers[-1] if numbers else cells[0]
        text_cell = cells[1] if len(cells) > 1 else cells[0]
        return (
            proto.find(qn("w:tblPr")),
            header.find(qn("w:trPr")),
            header.findall(qn("w:tc"))[0],
            number,
            text_cell,
            data.find(qn("w:trPr")),
        )

    def table(self, tf: TableFigures, values: dict[str, str], rows: list[dict[str, str]], totals: dict[str, str]) -> Any:
        keys = [k for k in tf.columns if tf.table.columns[k].shown]
        widths_mm = [STT_MM] + [_width(tf, k) for k in keys]
        widths = _scaled(widths_mm, self.text_width)
        tbl = parse_xml(f'<w:tbl xmlns:w="{qn("w:tbl").split("}")[0][1:]}"/>')
        if self.prototype is not None:
            tbl_pr, header_pr, header_cell, number_cell, text_cell, data_pr = self._proto_parts()
            tbl.append(copy.deepcopy(tbl_pr))
        else:
            tbl_pr = parse_xml(
                f'<w:tblPr xmlns:w="{qn("w:tbl").split("}")[0][1:]}"><w:tblStyle w:val="TableGrid"/>'
                '<w:tblW w:w="0" w:type="auto"/><w:jc w:val="center"/></w:tblPr>'
            )
            tbl.append(tbl_pr)
            header_pr = header_cell = number_cell = text_cell = data_pr = None
        width_el = tbl.find(f"{qn('w:tblPr')}/{qn('w:tblW')}")
        if width_el is not None:
            width_el.set(qn("w:w"), str(sum(widths)))
            width_el.set(qn("w:type"), "dxa")
        grid = tbl.makeelement(qn("w:tblGrid"), {})
        for w in widths:
            grid.append(grid.makeelement(qn("w:gridCol"), {qn("w:w"): str(w)}))
        tbl.append(grid)

        def row(texts: list[str], models: list[Any], tr_pr: Any = None) -> Any:
            tr = tbl.makeelement(qn("w:tr"), {})
            if tr_pr is not None:
                tr.append(copy.deepcopy(tr_pr))
            for text, model in zip(texts, models, strict=True):
                if model is not None:
                    cell = copy.deepcopy(model)
                else:
                    cell = parse_xml(
                        f'<w:tc xmlns:w="{qn("w:tbl").split("}")[0][1:]}"><w:tcPr><w:tcW w:w="0" w:type="dxa"/></w:tcPr><w:p/></w:tc>'
                    )
                _set_text(cell, text)
                tr.append(cell)
            tbl.append(tr)
            return tr

        kinds = [tf.table.columns[k].value_type for k in keys]
        headers = ["STT"] + [fill(tf.table.columns[k].heading, values) for k in keys]
        row(headers, [header_cell] * len(headers), header_pr)
        for r in rows:
            models = [number_cell] + [text_cell if kind == "chu" else number_cell for kind in kinds]
            row([r["stt"]] + [r.get(k, "") for k in keys], models, data_pr)
        if any(tf.table.columns[k].totalled for k in keys):
            texts = ["Cộng", ""] + [totals.get(k, "") for k in keys[1:]]
            tr = row(texts, [header_cell] * len(texts), data_pr)
            first, second = tr.findall(qn("w:tc"))[:2]
            tc_pr = first.find(qn("w:tcPr"))
            if tc_pr is None:
                tc_pr = first.makeelement(qn("w:tcPr"), {})
                first.insert(0, tc_pr)
            span = tc_pr.makeelement(qn("w:gridSpan"), {qn("w:val"): "2"})
            tcw = tc_pr.find(qn("w:tcW"))
            (tcw.addnext(span) if tcw is not None else tc_pr.insert(0, span))
            tr.remove(second)
        _resize(tbl, widths)
        return tbl


def replace_markers(body: Any, markers: dict[str, Any]) -> None:
    """Put each generated table where the paragraph holding its marker text is."""
    # Only the paragraphs whose text contains a marker are read run by run (lxml finds those, in C).
    for marker, table in markers.items():
        for p in _CONTAINING(body, marker=marker):
            if _text(p) == marker:
                p.addprevious(table)
                p.getparent().remove(p)


# ---------------------------------------------------------------- widths from the content (issue 21)

# Decree 30 sets no size for tables; the smallest it sets for running text is 11 pt (Nơi nhận's list,
# II.9.d). A table that does not fit at its own size steps down to that, then goes on a landscape page.
SMALLEST_PT = 11.0
DEFAULT_CELL_MARGIN = 108  # twips each side: Word's default, and the "Table Grid" style's
SLACK_MM = 0.6  # per column: borders and the renderer's rounding
LANDSCAPE_PAGE = (16838, 11906)  # A4 across, twips
FIT_MARK = "vanban:fit"
# A layout is taken when each column has at least half the room between its longest word and its longest
# cell on one line ("Thôn Xuân / Thành" rather than one syllable a line); else smaller type, then across.
READABLE = 0.5  # a hand-made table whose widths are fitted once its cells are rendered


@dataclass(frozen=True)
class ColumnText:
    """What a column holds: its header lines (bold) and its other cells (bold for the total row)."""

    header: tuple[str, ...]
    cells: tuple[tuple[str, bool], ...]


def _longest_word_mm(text: str, size: float, bold: bool) -> float:
    return max((text_width_mm(word, size, bold=bold) for word in text.split()), default=0.0)


def column_widths_mm(
    columns: list[ColumnText], available_mm: float, size: float, margin_mm: float
) -> tuple[list[float], float] | None:
    """Column widths (mm) in ``available_mm`` at ``size`` pt, or None when even the narrowest do not fit.

    A column is never narrower than its longest word plus the cell margins, so lines break only at spaces.
    The rest is shared in two rounds, as a browser shares an automatic table: first towards each column's
    longest cell on one line (a unit's name, an officer's), then towards its header on three lines; in
    each round every column gets the same fraction of its gap. Room left over goes to every column in
    proportion to its width. Also returned: the fraction of the first round's gap that was granted (1.0
    when every cell fits on one line), which says whether the names are readable at this size.
    """
    pad = margin_mm + SLACK_MM
    least, cells, heads = [], [], []
    for column in columns:
        words = [_longest_word_mm(t, size, True) for t in column.header] + [_longest_word_mm(t, size, b) for t, b in column.cells]
        floor = max(words, default=0.0) + pad
        line = max((text_width_mm(t, size, bold=b) for t, b in column.cells), default=0.0) + pad
        header = max((text_width_mm(t, size, bold=True) for t in column.header), default=0.0) / 3 + pad
        least.append(floor)
        cells.append(max(floor, line))
        heads.append(max(floor, line, header))
    if sum(least) > available_mm:
        return None
    widths, shares = least, []
    for target in (cells, heads):
        gap = sum(target) - sum(widths)
        room = available_mm - sum(widths)
        shares.append(1.0 if gap <= room else room / gap)
        widths = [w + (t - w) * shares[-1] for w, t in zip(widths, target, strict=True)]
    spare = available_mm - sum(widths)
    return [w + spare * w / sum(widths) for w in widths], shares[0]


def _style_keeps(styles: Any, style_id: str | None) -> bool:
    seen = set()
    while style_id and style_id not in seen:
        seen.add(style_id)
        style = styles.find(f"{qn('w:style')}[@{qn('w:styleId')}='{style_id}']")
        if style is None:
            return False
        keep = style.find(f"{qn('w:pPr')}/{qn('w:keepNext')}")
        if keep is not None:
            return keep.get(qn("w:val"), "true") not in ("0", "false", "off")
        based = style.find(qn("w:basedOn"))
        style_id = None if based is None else based.get(qn("w:val"))
    return False


def _keeps_with_next(p: Any, styles: Any) -> bool:
    keep = p.find(f"{qn('w:pPr')}/{qn('w:keepNext')}")
    if keep is not None:
        return keep.get(qn("w:val"), "true") not in ("0", "false", "off")
    style = p.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
    return _style_keeps(styles, None if style is None else style.get(qn("w:val")))


def _introduces(p: Any) -> bool:
    """A paragraph that announces the table right after it («Số liệu từng xã:»): it goes where the table goes."""
    return _text(p).rstrip().endswith(":")


def _cell_margin_twips(tbl: Any, styles: Any) -> int:
    """Left plus right cell margins: the table's own, else its style's, else Word's default."""
    places = [tbl.find(qn("w:tblPr"))]
    style = tbl.find(f"{qn('w:tblPr')}/{qn('w:tblStyle')}")
    if style is not None:
        found = styles.find(f"{qn('w:style')}[@{qn('w:styleId')}='{style.get(qn('w:val'))}']")
        if found is not None:
            places.append(found.find(qn("w:tblPr")))
    total = 0
    for side in ("left", "right"):
        value = DEFAULT_CELL_MARGIN
        for tbl_pr in places:
            el = None if tbl_pr is None else tbl_pr.find(f"{qn('w:tblCellMar')}/{qn('w:' + side)}")
            if el is not None:
                value = int(el.get(qn("w:w"), DEFAULT_CELL_MARGIN))
                break
        total += value
    return total


def _columns(tbl: Any, styles: Any) -> tuple[list[ColumnText], float]:
    """Each grid column's text (cells spanning several columns left out) and the table's type size."""
    from vanban.docx.rules import _run_font, _style_font

    count = len(_grid(tbl))
    headers: list[list[str]] = [[] for _ in range(count)]
    cells: list[list[tuple[str, bool]]] = [[] for _ in range(count)]
    size = 0.0
    fonts: dict[str, tuple[float, bool]] = {}  # by paragraph style: a table of a thousand rows uses three or four
    for tr in tbl.findall(qn("w:tr")):
        is_header = tr.find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is not None
        index = 0
        for tc in tr.findall(qn("w:tc")):
            span_el = tc.find(f"{qn('w:tcPr')}/{qn('w:gridSpan')}")
            span = int(span_el.get(qn("w:val"))) if span_el is not None else 1
            for p in tc.findall(qn("w:p")):
                style = p.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
                style_id = style.get(qn("w:val")) if style is not None else "Normal"
                if style_id not in fonts:
                    fonts[style_id] = _style_font(styles, style_id)
                p_size, bold = _run_font(p, *fonts[style_id])
                size = max(size, p_size)
                text = _text(p).strip()
                if span == 1 and text and index < count:
                    (headers[index].append(text) if is_header else cells[index].append((text, bold)))
            index += span
    return [ColumnText(tuple(h), tuple(c)) for h, c in zip(headers, cells, strict=True)], size or 12.0


def _sizes(base: float) -> list[float]:
    """The table's own size, then a point smaller at a time down to SMALLEST_PT."""
    sizes = [base]
    while sizes[-1] - 1 >= SMALLEST_PT:
        sizes.append(sizes[-1] - 1)
    return sizes


def fit(tbl: Any, styles: Any, body: Any) -> None:
    """Widths of ``tbl`` (in ``body``) from its rendered cells; smaller type, then a landscape page, if needed."""
    sect = body.find(qn("w:sectPr"))
    page, margins = sect.find(qn("w:pgSz")), sect.find(qn("w:pgMar"))
    left, right = int(margins.get(qn("w:left"))), int(margins.get(qn("w:right")))
    portrait = int(page.get(qn("w:w"))) - left - right
    landscape = LANDSCAPE_PAGE[0] - left - right
    columns, base = _columns(tbl, styles)
    margin_mm = _cell_margin_twips(tbl, styles) / TWIPS_PER_MM
    tried = []
    for room, across in ((portrait, False), (landscape, True)):
        for size in _sizes(base):
            laid = column_widths_mm(columns, room / TWIPS_PER_MM, size, margin_mm)
            if laid is None:
                continue
            tried.append((laid[0], room, size, across))
            if laid[1] >= READABLE:
                _apply(tbl, body, styles, laid[0], room, size if size != base else None, across)
                return
    if tried:  # no words broken, but long names cramped: the largest type that fits
        widths, room, size, across = tried[0]
        _apply(tbl, body, styles, widths, room, size if size != base else None, across)
        return
    # Not even across at the smallest size: the narrowest widths, scaled to the room (words may break).
    least = [max([_longest_word_mm(t, SMALLEST_PT, True) for t in c.header] + [1.0]) + margin_mm for c in columns]
    _apply(tbl, body, styles, least, landscape, SMALLEST_PT, True)


def _apply(tbl: Any, body: Any, styles: Any, widths_mm: list[float], room: int, size: float | None, across: bool) -> None:
    widths = _scaled(widths_mm, room)
    _resize(tbl, widths)
    width_el = tbl.find(f"{qn('w:tblPr')}/{qn('w:tblW')}")
    if width_el is not None:
        width_el.set(qn("w:w"), str(sum(widths)))
        width_el.set(qn("w:type"), "dxa")
    if size is not None:
        half_points = str(round(size * 2))
        for run in tbl.iter(qn("w:r")):
            rpr = run.find(qn("w:rPr"))
            if rpr is None:
                rpr = run.makeelement(qn("w:rPr"), {})
                run.insert(0, rpr)
            for tag in ("w:sz", "w:szCs"):  # CT_RPr keeps sz and szCs late in its sequence: append
                el = rpr.find(qn(tag))
                if el is None:
                    el = rpr.makeelement(qn(tag), {})
                    rpr.append(el)
                el.set(qn("w:val"), half_points)
    if across:
        _own_landscape_section(tbl, body, styles)


def _section_mark(sect: Any) -> Any:
    """An empty paragraph ending a section with ``sect``'s properties, as small as a paragraph can be."""
    p = sect.makeelement(qn("w:p"), {})
    p_pr = p.makeelement(qn("w:pPr"), {})
    p_pr.append(p_pr.makeelement(qn("w:spacing"), {qn("w:before"): "0", qn("w:after"): "0", qn("w:line"): "240"}))
    r_pr = p_pr.makeelement(qn("w:rPr"), {})
    r_pr.append(r_pr.makeelement(qn("w:sz"), {qn("w:val"): "2"}))
    p_pr.append(r_pr)
    p_pr.append(sect)
    p.append(p_pr)
    return p


def _end_section(p: Any, sect: Any) -> None:
    """Make the body paragraph ``p`` the last of a section with ``sect``'s properties (CT_PPr: sectPr near the end)."""
    p_pr = p.find(qn("w:pPr"))
    if p_pr is None:
        p_pr = p.makeelement(qn("w:pPr"), {})
        p.insert(0, p_pr)
    change = p_pr.find(qn("w:pPrChange"))
    (change.addprevious(sect) if change is not None else p_pr.append(sect))


def _landscape(sect: Any) -> bool:
    size = sect.find(qn("w:pgSz"))
    return size is not None and size.get(qn("w:orient")) == "landscape"


def _own_landscape_section(tbl: Any, body: Any, styles: Any) -> None:
    """``tbl`` and the headings kept with it on a landscape section of their own; page numbers go on.

    Word keeps a section's properties in the paragraph that ends it: the portrait section before ends at
    the paragraph before the table's headings, the landscape one at a tiny empty paragraph after the
    table; a table right after another landscape one joins its section. Sections after the first show the
    page number on their first page too (no ``titlePg``) and take the first section's header (no header
    references of their own).
    """
    last = body.find(qn("w:sectPr"))
    start = tbl
    while (
        start.getprevious() is not None
        and start.getprevious().tag == qn("w:p")
        and (_keeps_with_next(start.getprevious(), styles) or (start is tbl and _introduces(start.getprevious())))
    ):
        start = start.getprevious()
    previous = start.getprevious()
    ended = None if previous is None else previous.find(f"{qn('w:pPr')}/{qn('w:sectPr')}")
    if ended is not None and _landscape(ended):
        previous.getparent().remove(previous)  # the landscape section before goes on over this table
    elif previous is not None and previous.tag == qn("w:p") and ended is None:
        _end_section(previous, copy.deepcopy(last))
    else:
        start.addprevious(_section_mark(copy.deepcopy(last)))
    across = copy.deepcopy(last)
    size = across.find(qn("w:pgSz"))
    size.set(qn("w:w"), str(LANDSCAPE_PAGE[0]))
    size.set(qn("w:h"), str(LANDSCAPE_PAGE[1]))
    size.set(qn("w:orient"), "landscape")
    tbl.addnext(_section_mark(across))
    sections = [s for s in body.iter(qn("w:sectPr"))]
    for later in sections[1:]:
        for tag in ("w:headerReference", "w:footerReference", "w:titlePg"):
            for el in later.findall(qn(tag)):
                later.remove(el)


def mark_column_loops(body: Any) -> None:
    """Mark for fitting (``marked``) every table whose columns come from the data (a docxtpl column loop,
    ``{%tc for … %}``): its widths cannot be the template's. Read from the template itself, so the mark holds for
    a template saved by Word or LibreOffice (which drop a table's description, where ``tools/make_template.py``
    also puts it)."""
    for tbl in body.iter(qn("w:tbl")):
        if "{%tc" not in _text(tbl).replace(" ", ""):
            continue
        tbl_pr = tbl.find(qn("w:tblPr"))
        mark = None if tbl_pr is None else tbl_pr.find(qn("w:tblDescription"))
        if tbl_pr is not None and mark is None:
            tbl_pr.append(tbl_pr.makeelement(qn("w:tblDescription"), {qn("w:val"): FIT_MARK}))


def marked(body: Any) -> list[Any]:
    """Tables whose widths are to fit their rendered cells, their mark taken off: hand-made tables that gained
    columns (``add_columns``), and those a template marks itself (``templates/tong-hop.docx``: its columns are the
    declaration's, a column loop)."""
    found = []
    for tbl in body.iter(qn("w:tbl")):
        mark = tbl.find(f"{qn('w:tblPr')}/{qn('w:tblDescription')}")
        if mark is not None and mark.get(qn("w:val")) == FIT_MARK:
            mark.getparent().remove(mark)
            found.append(tbl)
    return found
