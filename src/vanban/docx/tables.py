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
from typing import Any

from docx.oxml import parse_xml
from docx.oxml.ns import qn

from vanban.engine.compute import TableFigures
from vanban.engine.prose import fill

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


def _widened(tbl: Any, tf: TableFigures, row_var: str, old_mm: list[float], missing: list[str], total: int) -> list[int]:
    """Widths once ``missing`` columns are in: every number column gets NUMBER_MM, the text
    columns share what is left in their old proportions (scaled as a whole if too little is left)."""
    data = next((tr for tr in tbl.findall(qn("w:tr")) if f"{row_var}." in _text(tr)), None)
    names = {c.template_name: c for c in tf.table.columns.values() if c.template_name} | tf.table.columns
    kinds = []
    for tc in data.findall(qn("w:tc")) if data is not None else []:
        match = re.search(rf"{row_var}\.(\w+)", _text(tc))
        column = names.get(match.group(1)) if match else None
        kinds.append("stt" if match and match.group(1) == "stt" else (column.kind if column else "chu"))
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
    return column.width_mm or DEFAULT_WIDTH_MM[column.kind]


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

        kinds = [tf.table.columns[k].kind for k in keys]
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
    for p in list(body.iter(qn("w:p"))):
        text = _text(p)
        if text in markers:
            p.addprevious(markers[text])
            p.getparent().remove(p)
