"""Word's automatic numbering, turned back into the text it shows: "I.", "1.", "a)", "-".

Offices often number headings and bullets with Word's lists rather than typing them;
the number is then not in the paragraph's text. ``Numbering`` counts each list as Word
does (a level restarts after a higher one) so the importer reads "II. KẾT QUẢ …" as typed.
"""

from __future__ import annotations

from docx.oxml.ns import qn

ROMAN = (
    (1000, "M"),
    (900, "CM"),
    (500, "D"),
    (400, "CD"),
    (100, "C"),
    (90, "XC"),
    (50, "L"),
    (40, "XL"),
    (10, "X"),
    (9, "IX"),
    (5, "V"),
    (4, "IV"),
    (1, "I"),
)


def roman(n: int) -> str:
    out = ""
    for value, letters in ROMAN:
        while n >= value:
            out, n = out + letters, n - value
    return out


def letter(n: int) -> str:
    return chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)


def _format(fmt: str, n: int) -> str:
    return {
        "upperRoman": roman(n),
        "lowerRoman": roman(n).lower(),
        "upperLetter": letter(n).upper(),
        "lowerLetter": letter(n),
    }.get(fmt, str(n))


def _val(element, tag: str) -> str | None:
    found = element.find(qn(tag)) if element is not None else None
    return found.get(qn("w:val")) if found is not None else None


class Numbering:
    """Levels of every list in a document, and the running counters of each list."""

    def __init__(self, document) -> None:
        self.levels: dict[str, dict[int, tuple[str, str, int]]] = {}  # numId -> ilvl -> (numFmt, lvlText, start)
        self.counters: dict[str, list[int]] = {}
        try:
            root = document.part.numbering_part.element
        except (NotImplementedError, KeyError, AttributeError):
            return
        abstract = {}
        for node in root.findall(qn("w:abstractNum")):
            levels = {}
            for lvl in node.findall(qn("w:lvl")):
                start = _val(lvl, "w:start")
                levels[int(lvl.get(qn("w:ilvl")))] = (
                    _val(lvl, "w:numFmt") or "decimal",
                    _val(lvl, "w:lvlText") or "",
                    int(start) if start and start.isdigit() else 1,
                )
            abstract[node.get(qn("w:abstractNumId"))] = levels
        for num in root.findall(qn("w:num")):
            self.levels[num.get(qn("w:numId"))] = abstract.get(_val(num, "w:abstractNumId") or "", {})

    def marker(self, paragraph, style_num_pr=None) -> str:
        """The text Word shows before a numbered paragraph ("" when it has none).

        ``style_num_pr`` is the numbering its style gives, used when the paragraph has none of its own.
        """
        p_pr = paragraph._p.pPr
        num_pr = p_pr.numPr if p_pr is not None and p_pr.numPr is not None else style_num_pr
        if num_pr is None or num_pr.numId is None:
            return ""
        num_id = str(num_pr.numId.val)
        ilvl = int(num_pr.ilvl.val) if num_pr.ilvl is not None else 0
        levels = self.levels.get(num_id)
        if not levels or ilvl not in levels or num_id == "0":
            return ""
        fmt, text, start = levels[ilvl]
        if fmt == "none":
            return text.strip()
        if fmt == "bullet":
            # Symbol-font bullets are private-use glyphs; Vietnamese plans write "-" for them.
            return text if text in ("-", "+", "–", "•") else "-"
        counters = self.counters.setdefault(num_id, [0] * 9)
        for deeper in range(ilvl + 1, 9):
            counters[deeper] = 0
        counters[ilvl] = counters[ilvl] + 1 if counters[ilvl] else start
        shown = text
        for level in range(9):
            if f"%{level + 1}" in shown:
                fmt_l, _, start_l = levels.get(level, ("decimal", "", 1))
                shown = shown.replace(f"%{level + 1}", _format(fmt_l, counters[level] or start_l))
        return shown.strip()
