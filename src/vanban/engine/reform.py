"""The 2025 reform of local government, as dated facts the checks read (../shared/reference/domain.md).

From 1 July 2025 there are two levels of local government: districts (huyện) are abolished and
communes (xã, phường, đặc khu) report to the province; communes were merged, and no commune is a
"thị trấn" any more (Thị trấn Hà Trung is now part of xã Hà Trung). A document dated from that day
on that cites a district body's later document, sends or reports to "UBND huyện", or names the
commune by its former name is a leftover of last year's document.
"""

from __future__ import annotations

import datetime as dt
import re

REFORM_DAY = dt.date(2025, 7, 1)

# A district body: "UBND huyện", "HĐND huyện Hà Trung", "Huyện ủy", "Phòng LĐTBXH huyện".
DISTRICT_BODY = re.compile(
    r"\b(?:UBND|Ủy ban nhân dân|Uỷ ban nhân dân|HĐND|Hội đồng nhân dân|BCĐ|Ban Chỉ đạo|Phòng\s+[^,;()]{1,40}?)\s+huyện\b"
    r"|\bhuyện\s+ủy\b|\bhuyện\s+uỷ\b",
    re.IGNORECASE,
)
# Sending or reporting to the district: a recipient line, or these words in the text.
TO_DISTRICT = re.compile(
    r"\b(?:báo cáo|gửi|trình|đề nghị|kiến nghị)(?:\s+về)?\s+(?:UBND|Ủy ban nhân dân|Uỷ ban nhân dân)\s+huyện\b",
    re.IGNORECASE,
)
# Former names known to have changed with the merger (domain.md); any "thị trấn" is one as well.
FORMER_NAMES: dict[str, str] = {"thị trấn hà trung": "xã Hà Trung"}
TOWN = re.compile(r"\bthị\s+trấn\b", re.IGNORECASE)


def after_reform(day: dt.date | None) -> bool:
    return day is not None and day >= REFORM_DAY


def former_name(text: str) -> tuple[str, str] | None:
    """(the former name as written, what it is now) when the text names a commune as before the merger."""
    folded = text.casefold()
    for old, new in FORMER_NAMES.items():
        if old in folded:
            at = folded.index(old)
            return text[at : at + len(old)], new
    if match := TOWN.search(text):
        rest = text[match.end() :].split(",")[0].split(";")[0].strip()
        name = " ".join(rest.split()[:3])
        return f"{match[0]} {name}".strip(), "xã hoặc phường sau sáp nhập (không còn thị trấn từ 01/7/2025)"
    return None
