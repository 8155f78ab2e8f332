"""Rule lines (đường kẻ) as offices draw them: a paragraph border (our template), a line shape
(DrawingML or VML), or a run of underscores; each measured in millimetres."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from vanban.docx.metrics import SUPERSCRIPT_SCALE, text_width_mm
from vanban.docx.ooxml.names import A_NS, O_NS, V_NS, WP_NS
from vanban.lint.document import TWIPS_PER_MM, DocxLayout, Para, to_int

_UNITS_PT = {"pt": 1.0, "in": 72.0, "cm": 72 / 2.54, "mm": 72 / 25.4, "px": 0.75, "pc": 12.0, "": 0.75}


@dataclass(frozen=True)
class RuleLine:
    kind: str  # "đường viền đoạn" | "hình vẽ đường thẳng" | "dấu gạch dưới"
    length_mm: float

    def describe(self) -> str:
        return f"{self.length_mm:.1f} mm ({self.kind})".replace(".", ",")


def _vml_length(value: str) -> float | None:
    match = re.fullmatch(r"\s*(-?[\d.]+)\s*([a-z]*)\s*", value or "")
    if not match or match.group(2) not in _UNITS_PT:
        return None
    return float(match.group(1)) * _UNITS_PT[match.group(2)]


def _shape_lines(p: Any) -> list[float]:
    """Lengths (mm) of horizontal line shapes anchored in paragraph ``p``."""
    lengths: list[float] = []
    for anchor in p.iter(f"{{{WP_NS}}}anchor", f"{{{WP_NS}}}inline"):
        geom = anchor.find(f".//{{{A_NS}}}prstGeom")
        extent = anchor.find(f"{{{WP_NS}}}extent")
        if geom is None or extent is None or geom.get("prst") not in ("line", "straightConnector1"):
            continue
        cx, cy = to_int(extent.get("cx")) or 0, to_int(extent.get("cy")) or 0
        if cx > 3 * cy:
            lengths.append(cx / 36000)
    if lengths:
        return lengths
    for line in p.iter(f"{{{V_NS}}}line"):
        start = [_vml_length(v) for v in (line.get("from") or "0,0").split(",")]
        end = [_vml_length(v) for v in (line.get("to") or "0,0").split(",")]
        if len(start) == 2 and len(end) == 2:
            (x0, y0), (x1, y1) = start, end
            if x0 is None or y0 is None or x1 is None or y1 is None:
                continue
            dx, dy = abs(x1 - x0), abs(y1 - y0)
            if dx > 3 * dy:
                lengths.append(dx / 72 * 25.4)
    for shape in p.iter(f"{{{V_NS}}}shape"):
        straight = shape.get(f"{{{O_NS}}}connectortype") == "straight" or (shape.get("type") or "").endswith("_x0000_t32")
        style = dict(part.split(":", 1) for part in (shape.get("style") or "").replace(" ", "").split(";") if ":" in part)
        width, height = _vml_length(style.get("width", "")), _vml_length(style.get("height", "0pt")) or 0.0
        if straight and width and width > 3 * height:
            lengths.append(width / 72 * 25.4)
    return lengths


_RULE_CHARS = set("_‗─━—")


def _underscore_rule(para: Para) -> RuleLine | None:
    text = para.text.strip()
    if len(text) < 3 or set(text) - _RULE_CHARS:
        return None
    width = 0.0
    for piece in para.pieces:
        chars = para.text[piece.start : piece.end].strip()
        size = piece.fmt.size * (SUPERSCRIPT_SCALE if piece.fmt.vert_align else 1)
        width += text_width_mm(chars, size, bold=piece.fmt.bold, italic=piece.fmt.italic)
    return RuleLine("dấu gạch dưới", width)


def _border_length(para: Para) -> float:
    return max(para.width - para.layout.left - para.layout.right, 0) / TWIPS_PER_MM


def find_rule(layout: DocxLayout, last: Para) -> RuleLine | None:
    """The rule drawn under ``last``: its own bottom border, or in the next few paragraphs of its container."""
    if last.layout.border_bottom:
        return RuleLine("đường viền đoạn", _border_length(last))
    if lengths := _shape_lines(last.el):
        return RuleLine("hình vẽ đường thẳng", max(lengths))
    for step, other in enumerate(layout.following(last)):
        if step >= 3:
            break
        if other.layout.border_top:
            return RuleLine("đường viền đoạn", _border_length(other))
        if lengths := _shape_lines(other.el):
            return RuleLine("hình vẽ đường thẳng", max(lengths))
        if other.clean:
            return _underscore_rule(other)
        if other.layout.border_bottom:
            return RuleLine("đường viền đoạn", _border_length(other))
    if last.cell is not None:
        # Word often anchors a drawn line to the first paragraph of the cell and moves it down by an offset.
        lengths = [length for q in layout.paras if q.cell is last.cell for length in _shape_lines(q.el)]
        if lengths:
            return RuleLine("hình vẽ đường thẳng", max(lengths))
    return None


def is_rule_paragraph(para: Para) -> bool:
    return _underscore_rule(para) is not None
