"""Rules sized to their text: the short lines under the agency, the Tiêu ngữ and the trích yếu.

Word has no "as long as the text above" rule, so the template draws each rule as the bottom border of
an empty "VB Đường kẻ" paragraph, centred by equal left and right indents. After rendering, when the
text is known, ``fit_rules`` sets those indents from the width of the text above the rule, measured
with Times New Roman's advance widths (``metrics.text_width_mm``, as the linter measures it), in the
size and weight its style gives it. Decree 30, Phụ lục I: the agency rule is 1/3–1/2 of the agency
line (II.2.b), the trích yếu rule 1/3–1/2 of its line (II.5.b), the Tiêu ngữ rule as long as the
motto (II.1.b); all centred. We draw 5/12, the middle of 1/3–1/2, so either side has room.

Deterministic: the same text gives the same twips.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import Any

from vanban.docx.metrics import text_width_mm
from vanban.docx.ooxml.names import W

RULE_STYLE = "VBDuongKe"
# Style of the paragraph right above a rule -> the rule's length as a share of that text's line.
SHARE = {"VBCoQuan": Fraction(5, 12), "VBTieuNgu": Fraction(1), "VBTrichYeu": Fraction(5, 12)}
TWIPS_PER_MM = Decimal(1440) / Decimal("25.4")


def _style_id(paragraph: Any) -> str | None:
    style = paragraph.find(f"{W}pPr/{W}pStyle")
    return None if style is None else style.get(f"{W}val")


def _text(paragraph: Any) -> str:
    return "".join(t.text or "" for t in paragraph.iter(f"{W}t"))


def _on(element: Any) -> bool:
    return element is not None and element.get(f"{W}val", "true") not in ("0", "false", "off")


def _style_font(styles: Any, style_id: str) -> tuple[float, bool]:
    """Size (pt) and bold of a paragraph style, following ``basedOn`` to the document defaults."""
    size: float | None = None
    bold: bool | None = None
    seen = set()
    current = style_id
    while current and current not in seen and (size is None or bold is None):
        seen.add(current)
        style = styles.find(f"{W}style[@{W}styleId='{current}']")
        if style is None:
            break
        rpr = style.find(f"{W}rPr")
        if rpr is not None:
            if size is None and rpr.find(f"{W}sz") is not None:
                size = int(rpr.find(f"{W}sz").get(f"{W}val")) / 2
            if bold is None and rpr.find(f"{W}b") is not None:
                bold = _on(rpr.find(f"{W}b"))
        based = style.find(f"{W}basedOn")
        current = "" if based is None else based.get(f"{W}val", "")
    if size is None:
        default = styles.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}sz")
        size = int(default.get(f"{W}val")) / 2 if default is not None else 11.0
    return size, bool(bold)


def _run_font(paragraph: Any, size: float, bold: bool) -> tuple[float, bool]:
    """Direct formatting of the paragraph's first run, where it overrides the style."""
    rpr = paragraph.find(f"{W}r/{W}rPr")
    if rpr is not None:
        if rpr.find(f"{W}sz") is not None:
            size = int(rpr.find(f"{W}sz").get(f"{W}val")) / 2
        if rpr.find(f"{W}b") is not None:
            bold = _on(rpr.find(f"{W}b"))
    return size, bold


def _available_twips(paragraph: Any, body: Any) -> int | None:
    """Width the rule paragraph is centred in: its table cell, or the page between the margins."""
    parent = paragraph.getparent()
    if parent.tag == f"{W}tc":
        width = parent.find(f"{W}tcPr/{W}tcW")
        if width is None or width.get(f"{W}type", "dxa") != "dxa":
            return None
        return int(width.get(f"{W}w"))
    sect = body.find(f"{W}sectPr")
    if sect is None or sect.find(f"{W}pgSz") is None or sect.find(f"{W}pgMar") is None:
        return None
    margins = sect.find(f"{W}pgMar")
    return int(sect.find(f"{W}pgSz").get(f"{W}w")) - int(margins.get(f"{W}left")) - int(margins.get(f"{W}right"))


def rule_length_mm(text: str, size: float, bold: bool, share: Fraction, available_mm: float) -> float:
    """The rule under ``text``: ``share`` of the line it makes (never wider than the room it has)."""
    line = min(text_width_mm(text, size, bold=bold), available_mm)
    return float(line * share.numerator / share.denominator)


def fit_rules(document: Any, styles: Any) -> None:
    """Resize every template rule in ``document`` (a python-docx ``w:document``) to the text above it."""
    body = document.find(f"{W}body")
    for rule in list(document.iter(f"{W}p")):
        if _style_id(rule) != RULE_STYLE:
            continue
        above = rule.getprevious()
        while above is not None and (above.tag != f"{W}p" or not _text(above).strip()):
            above = above.getprevious()
        above_style = None if above is None else _style_id(above)
        if above is None or above_style is None or above_style not in SHARE:
            continue
        available = _available_twips(rule, body)
        if available is None:
            continue
        size, bold = _run_font(above, *_style_font(styles, above_style))
        length = rule_length_mm(_text(above).strip(), size, bold, SHARE[above_style], available / float(TWIPS_PER_MM))
        side = ((Decimal(available) - Decimal(str(length)) * TWIPS_PER_MM) / 2).quantize(Decimal(1), ROUND_HALF_UP)
        ind = rule.get_or_add_pPr().get_or_add_ind()  # python-docx keeps pPr's schema order
        ind.set(f"{W}left", str(max(0, int(side))))
        ind.set(f"{W}right", str(max(0, int(side))))
