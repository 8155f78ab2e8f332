"""Advance widths of Times New Roman (as Liberation Serif 2), to measure text without a font installed.

Used by the template (rules as long as their text) and the Decree 30 linter (rules measured against text).
"""

from __future__ import annotations

import unicodedata

# Advance widths in font units (2048 per em) of Liberation Serif 2.1, metric-compatible with
# Times New Roman, for the characters of _METRIC_CHARS; other letters use their base letter.
# Measured once with Pillow (ImageFont.getlength at size 2048) from fonts-liberation2; the
# test suite re-measures them when Pillow and the fonts are installed.
_METRIC_CHARS = " !\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~ĐđƠƯơư–—…“”‘’"
_METRICS = {
    (False, False): (
        "512 682 836 1024 1024 1706 1593 369 682 682 1024 1155 512 682 512 569 1024 1024 1024 1024 1024 1024 "
        "1024 1024 1024 1024 569 569 1155 1155 1155 909 1886 1479 1366 1366 1479 1251 1139 1479 1479 682 797 "
        "1479 1251 1821 1479 1479 1139 1479 1366 1139 1251 1479 1479 1933 1479 1479 1251 682 569 682 961 "
        "1024 682 909 1024 909 1024 909 682 1024 1024 569 569 1024 569 1593 1024 1024 1024 1024 682 797 569 "
        "1024 1024 1479 1024 1024 909 983 410 983 1108 1479 1024 1479 1589 1083 1110 1024 2048 2048 909 909 "
        "682 682 "
    ),
    (True, False): (
        "512 682 1137 1024 1024 2048 1706 569 682 682 1024 1167 512 682 512 569 1024 1024 1024 1024 1024 "
        "1024 1024 1024 1024 1024 682 682 1167 1167 1167 1024 1905 1479 1366 1479 1479 1366 1251 1593 1593 "
        "797 1024 1593 1366 1933 1479 1593 1251 1593 1479 1139 1366 1479 1479 2048 1479 1479 1366 682 569 "
        "682 1190 1024 682 1024 1139 909 1139 909 682 1024 1139 569 682 1139 569 1706 1139 1024 1139 1139 "
        "909 797 682 1139 1024 1479 1024 1024 909 807 451 807 1065 1479 1139 1593 1630 1134 1229 1024 2048 "
        "2048 1024 1024 682 682 "
    ),
    (False, True): (
        "512 682 860 1024 1024 1706 1593 438 682 682 1024 1382 512 682 512 569 1024 1024 1024 1024 1024 1024 "
        "1024 1024 1024 1024 682 682 1382 1382 1382 1024 1884 1251 1251 1366 1479 1251 1251 1479 1479 682 "
        "909 1366 1139 1706 1366 1479 1251 1479 1251 1024 1139 1479 1251 1706 1251 1139 1139 797 569 797 864 "
        "1024 682 1024 1024 909 1024 909 569 1024 1024 569 569 909 569 1479 1024 1024 1024 1024 797 797 569 "
        "1024 909 1366 909 909 797 819 563 819 1108 1479 1024 1479 1544 1093 1117 1024 1821 1821 1139 1139 "
        "682 682 "
    ),
    (True, True): (
        "512 797 1137 1024 1024 1706 1593 569 682 682 1024 1167 512 682 512 569 1024 1024 1024 1024 1024 "
        "1024 1024 1024 1024 1024 682 682 1167 1167 1167 1024 1704 1366 1366 1366 1479 1366 1366 1479 1593 "
        "797 1024 1366 1251 1821 1479 1479 1251 1479 1366 1139 1251 1479 1366 1821 1366 1251 1251 682 569 "
        "682 1167 1024 682 1024 1024 909 1024 909 682 1024 1139 569 569 1024 569 1593 1139 1024 1024 1024 "
        "797 797 569 1139 909 1366 1024 909 797 713 451 713 1167 1479 1024 1479 1587 1099 1227 1024 2048 "
        "2048 1024 1024 682 682 "
    ),
}
_WIDTHS = {style: dict(zip(_METRIC_CHARS, map(int, row.split()))) for style, row in _METRICS.items()}
_HORN = {"o": "ơ", "O": "Ơ", "u": "ư", "U": "Ư"}
SUPERSCRIPT_SCALE = 2 / 3  # Word draws superscript and subscript text at about two thirds of its size


def text_width_mm(text: str, size_pt: float, *, bold: bool = False, italic: bool = False) -> float:
    """Width of ``text`` set in Times New Roman, in millimetres (no kerning, as Word sets it)."""
    widths = _WIDTHS[(bold, italic)]
    units = 0
    for char in unicodedata.normalize("NFC", text):
        if char in widths:
            units += widths[char]
            continue
        decomposed = unicodedata.normalize("NFD", char)
        base = decomposed[0]
        if "\u031b" in decomposed:
            base = _HORN.get(base, base)
        units += widths.get(base, 1024)
    return units / 2048 * size_pt / 72 * 25.4
