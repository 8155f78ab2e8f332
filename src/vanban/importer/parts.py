"""Recognise the parts of a hand-made plan: header, type and trích yếu, body, unit table, Nơi nhận, signature.

The header may be a two-column table, tab-separated lines or paragraphs stacked
one under the other; each line is recognised by what it says (Quốc hiệu, "Số:",
"<place>, ngày … tháng … năm …"), not by where it sits.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from vanban.importer.read import Item, Line, Para

DOC_TYPES = (
    "KẾ HOẠCH",
    "BÁO CÁO",
    "QUYẾT ĐỊNH",
    "TỜ TRÌNH",
    "THÔNG BÁO",
    "CHƯƠNG TRÌNH",
    "PHƯƠNG ÁN",
    "HƯỚNG DẪN",
    "NGHỊ QUYẾT",
    "CHỈ THỊ",
    "NGHỊ ĐỊNH",
    "THÔNG TƯ",
    "LUẬT",
    "BIÊN BẢN",
    "CÔNG ĐIỆN",
)
AUTHORITY = re.compile(r"^(TM|KT|TL|TUQ|Q|TM\.?\s*BAN|THỪA LỆNH|THỪA ỦY QUYỀN)\b\.?", re.IGNORECASE)
NUMBER = re.compile(r"^Số\s*:?\s*(?P<so>\d*)\s*/\s*(?P<kh>[A-ZĐ]+(?:-[A-ZĐ]+)*)", re.IGNORECASE)
DATE = re.compile(
    r"^(?P<place>[^,\d]+?)\s*,\s*ngày\s*(?P<d>\d{1,2})?[\s.…_]*tháng\s*(?P<m>\d{1,2})\s*năm\s*(?P<y>\d{4})", re.IGNORECASE
)
RULE = re.compile(r"^[\s_\-–—=*.·]*$")


class NotAPlan(ValueError):
    """The document lacks a part every plan has; the message says which (Vietnamese)."""


def _key(text: str) -> str:
    return re.sub(r"\s+", " ", text.upper().replace("HOÀ", "HÒA").replace("–", "-")).strip()


def is_national_title(text: str) -> bool:
    return "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in _key(text)


def is_motto(text: str) -> bool:
    return _key(text).startswith("ĐỘC LẬP")


def is_rule(text: str) -> bool:
    return bool(RULE.match(text))


@dataclass
class Header:
    parent_agency: list[str] = field(default_factory=list)
    agency: list[str] = field(default_factory=list)
    number: str = ""
    symbol: str = ""
    place: str = ""
    date: tuple[int, int, int | None] | None = None
    example: bool = False  # the boxed «VÍ DỤ» under the date (a shipped example): the plan's ``vi_du``


# Boxed marks under the date that are not the agency: a draft's, an example's.
DRAFT_MARK, EXAMPLE_MARK = "DỰ THẢO", "VÍ DỤ"


@dataclass
class Closing:
    to: list[str] = field(default_factory=list)
    archive: list[str] = field(default_factory=list)
    authority: str = ""
    position: str = ""
    name: str = ""


@dataclass
class Parts:
    header: Header
    doc_type: str
    summary: str
    body: list[Item]
    closing: Closing


def _lines(item: Item) -> list[Line]:
    """Every line an item shows, cells left to right, tab-separated pieces apart."""
    if isinstance(item, Para):
        return [Line(piece.strip(), item.bold, item.centred) for chunk in item.text.split("\n") for piece in chunk.split("\t")]
    return [
        Line(piece.strip(), line.bold, line.centred)
        for row in item.cells
        for cell in row
        for line in cell
        for chunk in line.text.split("\n")
        for piece in chunk.split("\t")
    ]


def _header(lines: list[Line]) -> Header:
    header = Header()
    agency: list[Line] = []
    for line in lines:
        text = line.text.strip()
        if not text or is_rule(text) or is_national_title(text) or is_motto(text) or text == DRAFT_MARK:
            continue
        if text == EXAMPLE_MARK:
            header.example = True
            continue
        if match := NUMBER.match(text):
            header.number, header.symbol = match["so"], match["kh"].upper()
        elif match := DATE.match(text):
            header.place = match["place"].strip()
            header.date = (int(match["y"]), int(match["m"]), int(match["d"]) if match["d"] else None)
        elif text == text.upper():
            agency.append(Line(text, line.bold, line.centred))
    # Decree 30: the issuing agency is bold; a plain line above it is the parent agency.
    first_bold = next((i for i, line in enumerate(agency) if line.bold), 0)
    header.parent_agency = [line.text for line in agency[:first_bold]]
    header.agency = [line.text for line in agency[first_bold:]]
    return header


def _is_closing_start(item: Item) -> bool:
    return any(line.text.casefold().startswith("nơi nhận") for line in _lines(item)[:1])


def _closing(items: list[Item]) -> Closing:
    closing = Closing()
    signature: list[str] = []
    for item in items:
        for line in _lines(item):
            text = line.text.strip()
            if not text or is_rule(text):
                continue
            folded = text.casefold()
            if folded.startswith("nơi nhận"):
                continue
            if text[:1] in "-+•":
                entry = text[1:].strip().rstrip(";.,").strip()
                if re.match(r"^lưu\b", entry, re.IGNORECASE):
                    archive = re.sub(r"^lưu\s*:?\s*", "", entry, flags=re.IGNORECASE)
                    closing.archive = [a.strip() for a in archive.split(",") if a.strip()]
                elif entry:
                    closing.to.append(entry)
            elif re.fullmatch(r"\(?\s*(đã ký|ký,? ghi rõ họ tên.*|ký tên.*|đóng dấu)\s*\)?\.?", folded):
                continue
            else:
                signature.append(text)
    if signature:
        closing.name = signature[-1]
        rest = signature[:-1]
        if rest and AUTHORITY.match(rest[0]):
            closing.authority = rest.pop(0)
        closing.position = " ".join(rest)
    return closing


def _looks_like_signature(item: Item) -> bool:
    """A short line of a signature block: "TM. …", a position in capitals, "(Đã ký)", a centred name."""
    if not isinstance(item, Para):
        return False
    text = item.text.strip()
    if not text or is_rule(text):
        return True
    short = len(text.split()) <= 6 and not text.endswith((".", ";", ":", ",")) or text.casefold() == "(đã ký)"
    return short and (bool(AUTHORITY.match(text)) or text == text.upper() or item.centred or text.startswith("("))


def _signature_start(items: list[Item], at: int, end: int) -> int:
    """Where a signature typed above Nơi nhận begins, when the body does not end with "./."."""
    start = end
    while start > at and _looks_like_signature(items[start - 1]):
        start -= 1
    return start


def _para_at(items: list[Item], at: int) -> Para | None:
    """The paragraph at ``at``; None past the end or for a table."""
    item = items[at] if at < len(items) else None
    return item if isinstance(item, Para) else None


def recognise(items: list[Item]) -> Parts:
    title_at = next((i for i, item in enumerate(items[:20]) if any(is_national_title(line.text) for line in _lines(item))), None)
    if title_at is None:
        raise NotAPlan("không có Quốc hiệu «CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM» ở đầu văn bản")
    type_at = next(
        (i for i, item in enumerate(items) if isinstance(item, Para) and _key(item.text) in DOC_TYPES and i > 0),
        None,
    )
    title = None if type_at is None else _para_at(items, type_at)
    if type_at is None or title is None:
        raise NotAPlan("không tìm thấy tên loại văn bản (ví dụ «KẾ HOẠCH») sau phần đầu")
    header = _header([line for item in items[:type_at] for line in _lines(item)])
    doc_type = title.text.strip()
    # Trích yếu: the next paragraph, and those after it while centred (a long one on two lines).
    at = type_at + 1
    while (para := _para_at(items, at)) is not None and not para.text.strip():
        at += 1
    summary_parts: list[str] = []
    while (para := _para_at(items, at)) is not None:
        text = para.text.strip()
        if not text or is_rule(text) or (summary_parts and not para.centred):
            break
        summary_parts.append(text)
        at += 1
    if not summary_parts:
        raise NotAPlan("không tìm thấy trích yếu (dòng nội dung ngay dưới tên loại văn bản)")
    while (para := _para_at(items, at)) is not None and is_rule(para.text):
        at += 1
    end = next((i for i in range(at, len(items)) if _is_closing_start(items[i])), len(items))
    # The body ends with "./." (Decree 30); a signature typed above Nơi nhận is not body.
    last = max(
        (i for i in range(at, end) if (para := _para_at(items, i)) is not None and para.text.rstrip().endswith("./.")),
        default=None,
    )
    body_end = last + 1 if last is not None else _signature_start(items, at, end)
    # A line break inside the trích yếu is layout (ours balances its lines), not part of the words.
    summary = " ".join(" ".join(part.split()) for part in summary_parts)
    return Parts(header, doc_type, summary, items[at:body_end], _closing(items[body_end:]))
