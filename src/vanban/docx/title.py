"""The trích yếu broken so that its last line is not one lone word (issue 21: "… tỉnh Thanh Hóa, huyện / Nga Sơn").

Word and LibreOffice fill a centred line greedily; when that leaves a single word on the last line and the
words can be shared out differently, ``balance_summary`` puts a line break (``w:br``) where the lines come
out most even. The lines are measured with Times New Roman's advance widths (``metrics``), in the size
and weight of the paragraph's style, within the page's text width less the paragraph's indents. Nothing
changes when the greedy break already leaves two or more words on the last line.
"""

from __future__ import annotations

from typing import Any

from vanban.docx.metrics import text_width_mm
from vanban.docx.rules import TWIPS_PER_MM, W, _available_twips, _run_font, _style_font, _style_id, _text

SUMMARY_STYLE = "VBTrichYeu"


def greedy_lines(words: list[str], width_mm: float, size: float, bold: bool) -> list[list[str]]:
    """Words as a word processor fills lines of ``width_mm``: as many as fit, then the next line."""
    lines: list[list[str]] = []
    for word in words:
        if lines and text_width_mm(" ".join([*lines[-1], word]), size, bold=bold) <= width_mm:
            lines[-1].append(word)
        else:
            lines.append([word])
    return lines


def balanced(words: list[str], width_mm: float, size: float, bold: bool) -> list[list[str]] | None:
    """The lines with a lone last word re-broken as evenly as possible (same count of lines), or None."""
    lines = greedy_lines(words, width_mm, size, bold)
    if len(lines) < 2 or len(lines[-1]) != 1:
        return None
    # Two last lines shared again: the split that makes the longer of the two shortest.
    head = [w for line in lines[:-2] for w in line]
    tail = lines[-2] + lines[-1]
    best = None
    for cut in range(1, len(tail)):
        first, second = tail[:cut], tail[cut:]
        widths = [text_width_mm(" ".join(part), size, bold=bold) for part in (first, second)]
        if max(widths) <= width_mm and len(second) >= 2 and (best is None or max(widths) < best[0]):
            best = (max(widths), first, second)
    if best is None:
        return None
    return [*greedy_lines(head, width_mm, size, bold), best[1], best[2]] if head else [best[1], best[2]]


def balance_summary(document: Any, styles: Any) -> None:
    """Re-break every trích yếu paragraph of ``document`` whose last line would be one lone word."""
    body = document.find(f"{W}body")
    for p in list(document.iter(f"{W}p")):
        if _style_id(p) != SUMMARY_STYLE or p.find(f".//{W}br") is not None:
            continue
        runs = p.findall(f"{W}r")
        if len(runs) != 1 or len(runs[0].findall(f"{W}t")) != 1:
            continue  # formatted pieces: left as the author wrote them
        available = _available_twips(p, body)
        if available is None:
            continue
        ind = p.find(f"{W}pPr/{W}ind")
        if ind is not None:
            available -= int(ind.get(f"{W}left", "0")) + int(ind.get(f"{W}right", "0"))
        size, bold = _run_font(p, *_style_font(styles, SUMMARY_STYLE))
        lines = balanced(_text(p).split(), available / float(TWIPS_PER_MM), size, bold)
        if lines is None:
            continue
        run = runs[0]
        run.remove(run.find(f"{W}t"))
        for index, line in enumerate(lines):
            if index:
                run.append(run.makeelement(f"{W}br", {}))
            t = run.makeelement(f"{W}t", {})
            t.text = " ".join(line)
            run.append(t)
