"""Finding the elements of an administrative document by what they say and where they stand.

Never by our style names: the Quốc hiệu is the paragraph reading "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
the agency is what stands left of it in the header table (or above it, or before a tab), the number is
the "Số: …/…" line, the date "<place>, ngày … tháng … năm …", the type the first line after the header,
the body runs to "Nơi nhận:", and the signature is the cell beside it (or the block starting "TM.", …).

Each finder returns what it found (paragraphs, spans, rule lines) and checks nothing: the rules in
``vanban.lint.rules`` check the elements, and several rules share one finding.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from vanban.lint.document import DocxLayout, Para
from vanban.lint.lines import RuleLine, find_rule, is_rule_paragraph
from vanban.lint.words import is_upper

NATIONAL = re.compile(r"C[ỘÔO]NG\s+H[ÒÓOÀ]A\s+X[ÃA]\s+H[ỘÔ]I\s+CH[ỦU]\s+NGH[ĨI]A\s+VI[ỆÊ]T\s+NAM", re.IGNORECASE)
_MOTTO = re.compile(r"Đ[ộô]c\s+l[ậa]p\s*[-–—]\s*T[ựư]\s+do\s*[-–—]\s*H[ạa]nh\s+ph[úu]c", re.IGNORECASE)
_NUMBER = re.compile(r"(?P<word>s[ốô])\s*:\s*(?P<num>[^/\t]*?)\s*/\s*(?P<sym>[^\t]+)", re.IGNORECASE)
_DATE = re.compile(
    r"(?P<place>[^\t,]{2,60}),\s*ngày\s+(?P<d>[\d.…_ ]+?)\s+tháng\s+(?P<m>[\d.…_ ]+?)\s+năm\s+(?P<y>[\d.…_ ]+)",
    re.IGNORECASE,
)
AUTHORITY = re.compile(r"^(TM|KT|TL|TUQ|Q)\.\s*\S")
RECIPIENTS = re.compile(r"^n[ơo]i nh[ậa]n\s*:?$", re.IGNORECASE)
MARKS = {"DỰ THẢO", "VÍ DỤ", "KHẨN", "THƯỢNG KHẨN", "HỎA TỐC", "HOẢ TỐC", "MẬT", "TỐI MẬT", "TUYỆT MẬT"}
# Phụ lục III: the kinds of administrative document, plus the legal ones offices also issue.
DOC_TYPES = {
    t.upper()
    for t in (
        "Nghị quyết",
        "Quyết định",
        "Chỉ thị",
        "Quy chế",
        "Quy định",
        "Thông cáo",
        "Thông báo",
        "Hướng dẫn",
        "Chương trình",
        "Kế hoạch",
        "Phương án",
        "Đề án",
        "Dự án",
        "Báo cáo",
        "Biên bản",
        "Tờ trình",
        "Hợp đồng",
        "Công điện",
        "Bản ghi nhớ",
        "Bản thỏa thuận",
        "Bản thoả thuận",
        "Giấy ủy quyền",
        "Giấy uỷ quyền",
        "Giấy mời",
        "Giấy giới thiệu",
        "Giấy nghỉ phép",
        "Phiếu gửi",
        "Phiếu chuyển",
        "Phiếu báo",
        "Thư công",
        "Nghị định",
        "Thông tư",
        "Luật",
        "Pháp lệnh",
        "Lệnh",
        "Công văn",
    )
}


def _whole_segment(pattern: re.Pattern[str], text: str) -> tuple[int, int] | None:
    """Where ``pattern`` fills a whole line or tab-separated segment (not a mention inside a sentence)."""
    if not pattern.search(text):  # what fills a part of the text is found in the whole: most text says no at once
        return None
    for start, segment in _segments(text):
        for line_start, line in _lines(segment):
            match = pattern.fullmatch(line.strip(" "))
            if match:
                offset = start + line_start + (len(line) - len(line.lstrip(" ")))
                return offset, offset + match.end()
    return None


def _lines(text: str) -> Iterator[tuple[int, str]]:
    position = 0
    for part in text.split("\n"):
        yield position, part
        position += len(part) + 1


def national_span(text: str) -> tuple[int, int] | None:
    return _whole_segment(NATIONAL, text)


def motto_span(text: str) -> tuple[int, int] | None:
    return _whole_segment(_MOTTO, text)


def number_match(text: str) -> re.Match[str] | None:
    match = _NUMBER.search(text)
    if match and (match.start() == 0 or text[: match.start()].strip() == "" or text[match.start() - 1] == "\t"):
        return match
    return None


def date_match(text: str) -> re.Match[str] | None:
    for segment_start, segment in _segments(text):
        match = _DATE.search(segment)
        if match:
            return _DATE.search(text, segment_start + match.start())
    return None


def _segments(text: str) -> Iterator[tuple[int, str]]:
    position = 0
    for part in text.split("\t"):
        yield position, part
        position += len(part) + 1


def kind_of(text: str) -> str:
    if re.match(r"^(Phần|Chương|Mục|Tiểu mục|PHẦN|CHƯƠNG|MỤC|TIỂU MỤC)\s+([IVXLC]+|\d+)\.?$", text):
        return "label"
    if re.match(r"^Điều\s+\d+[a-z]?\.", text):
        return "label"
    if re.match(r"^[IVXLC]+\.\s+\S", text):
        return "heading"
    if re.match(r"^\d+(\.\d+)*\.\s+\S", text):
        return "clause"
    if re.match(r"^[a-zđ]\)\s+\S", text):
        return "point"
    return "body"


# ---------------------------------------------------------------- the header block (ô 1–4)


@dataclass
class Header:
    """Quốc hiệu, Tiêu ngữ, agency, number and date, with the rules drawn under them."""

    national: Para | None = None
    motto: Para | None = None
    motto_span: tuple[int, int] | None = None
    motto_rule: RuleLine | None = None
    agency: list[Para] = field(default_factory=list)  # the agency's lines, the issuing one last
    agency_end: int | None = None  # where the agency ends on a line it shares with the Quốc hiệu
    agency_missing: str = "không tìm thấy tên cơ quan ban hành văn bản"
    agency_rule: RuleLine | None = None
    number: Para | None = None
    date: Para | None = None
    last: Para | None = None  # the header's last paragraph: the title starts after it


def find_header(layout: DocxLayout) -> Header:
    paras = layout.paras
    national = next((q for q in paras[:80] if national_span(q.text)), None)
    found = Header(national=national)
    if national is None:
        return found
    motto = next((q for q in layout.following(national, same_container=national.cell is not None) if q.clean), None)
    span = motto_span(motto.text) if motto else None
    if motto is not None and span is not None:
        found.motto, found.motto_span = motto, span
        found.motto_rule = find_rule(layout, motto)

    last = found.motto or national
    if national.tbl is not None:
        _agency_in_table(layout, national, found)
        header_paras = [q for q in paras if q.tbl is national.tbl]
        last = header_paras[-1]
    else:
        _agency_before(layout, national, found)
        header_paras = paras[max(0, national.index - 6) : national.index + 8]
    if found.agency:
        found.agency_rule = find_rule(layout, found.agency[-1])
    found.number = next((q for q in header_paras if number_match(q.text)), None)
    found.date = next((q for q in header_paras if date_match(q.text)), None)
    if found.date is not None and national.tbl is None:
        last = max(last, found.date, key=lambda q: q.index)
    found.last = last
    return found


def _agency_in_table(layout: DocxLayout, national: Para, found: Header) -> None:
    cells = sorted({q.col for q in layout.paras if q.tbl is national.tbl and q.row == national.row and q.col < national.col})
    if not cells:
        found.agency_missing = "không tìm thấy tên cơ quan ban hành bên trái Quốc hiệu"
        return
    for q in layout.cell_paras(national.tbl, national.row, cells[-1]):
        if not q.clean:
            if found.agency:
                break
            continue
        if number_match(q.text) or q.clean.lower().startswith("v/v") or is_rule_paragraph(q):
            break
        found.agency.append(q)


def _agency_before(layout: DocxLayout, national: Para, found: Header) -> None:
    span = national_span(national.text)
    assert span is not None, "called with the paragraph the Quốc hiệu was found in"
    start = span[0]
    if national.text[:start].strip():  # "AGENCY<tab>CỘNG HÒA …" on one line
        found.agency, found.agency_end = [national], start
        return
    found.agency = [q for q in layout.paras[max(0, national.index - 4) : national.index] if q.clean and not is_rule_paragraph(q)]


# ---------------------------------------------------------------- document type and trích yếu (ô 5a)


@dataclass
class Title:
    """The document type, the trích yếu under it and its rule; where the body starts."""

    first: Para | None = None  # the first line after the header
    is_type: bool = False  # whether that line reads as a document type
    summary: list[Para] = field(default_factory=list)
    rule: RuleLine | None = None
    body_after: Para | None = None  # the body starts after this paragraph


def find_title(layout: DocxLayout, after: Para | None) -> Title:
    paras = layout.paras
    start = 0 if after is None else after.index + 1
    if after is not None and after.tbl is not None:
        start = max(q.index for q in paras if q.tbl is after.tbl) + 1
    candidates = [q for q in paras[start:] if q.tbl is None and q.clean and q.clean.upper() not in MARKS]
    found = Title(body_after=after)
    if not candidates:
        return found
    first = found.first = candidates[0]
    found.is_type = first.clean.upper() in DOC_TYPES or (is_upper(first.shown) and len(first.clean.split()) <= 8)
    if not found.is_type:
        return found
    found.body_after = first
    for q in paras[first.index + 1 :]:
        if q.tbl is not None:
            break
        if not q.clean:
            if found.summary:
                break
            continue
        if is_rule_paragraph(q) or len(found.summary) >= 3 or (found.summary and q.layout.alignment != "center"):
            break
        if not found.summary or q.layout.alignment == "center":
            found.summary.append(q)
    if not found.summary:
        return found
    last = found.body_after = found.summary[-1]
    found.rule = find_rule(layout, last)
    if found.rule is None:
        return found
    for q in list(layout.following(last))[:3]:  # the body starts after the rule's paragraph when it is one
        if q.clean and not is_rule_paragraph(q):
            break
        last = q
    found.body_after = last
    return found


# ---------------------------------------------------------------- recipients and signature (ô 7, 9b)


# What offices put before a recipient: the dash Phụ lục I requires, and the bullets it does not.
ITEM_MARK = re.compile(r"^([-–—•·●○◦▪■*+])\s*")


@dataclass
class Closing:
    """Nơi nhận, its items, the signature block; where the body ends."""

    label: Para | None = None
    items: list[Para] = field(default_factory=list)
    signer: list[Para] = field(default_factory=list)  # authority and position lines, then the name
    body_end: int = 0


def is_item_start(para: Para) -> bool:
    """Whether a line starts a recipient: with a mark typed, or as an item of a Word list."""
    return bool(ITEM_MARK.match(para.clean)) or para.numbered


def find_closing(layout: DocxLayout, after: Para | None) -> Closing:
    paras = layout.paras
    start = 0 if after is None else after.index + 1
    found = Closing(body_end=len(paras))
    found.label = label = next((q for q in paras[start:] if RECIPIENTS.match(q.clean)), None)
    if label is not None:
        found.body_end = _block_start(layout, label)
        found.items = _recipient_items(layout, label)
    found.signer = _signature_lines(layout, label, start)
    if found.signer and label is None:
        found.body_end = min(found.body_end, _block_start(layout, found.signer[0]))
    return found


def _block_start(layout: DocxLayout, para: Para) -> int:
    """Where the block holding ``para`` starts: the paragraph itself, or the first of its table."""
    return para.index if para.tbl is None else min(q.index for q in layout.paras if q.tbl is para.tbl)


def _recipient_items(layout: DocxLayout, label: Para) -> list[Para]:
    if label.tbl is not None:
        return [q for q in layout.following(label) if q.clean]
    items: list[Para] = []  # in the body: the list ends at a blank line or where the signature block starts
    for q in layout.following(label):
        if not q.clean or AUTHORITY.match(q.clean) or q.layout.alignment in ("center", "right"):
            break
        if not is_item_start(q) and (not items or is_upper(q.shown)):
            break
        items.append(q)
    return items


def _signature_lines(layout: DocxLayout, label: Para | None, start: int) -> list[Para]:
    paras = layout.paras
    container: list[Para] = []
    if label is not None and label.tbl is not None:
        cols = sorted({q.col for q in paras if q.tbl is label.tbl and q.row == label.row and q.col > label.col})
        for col in cols:
            cell = [q for q in layout.cell_paras(label.tbl, label.row, col) if q.clean]
            if cell:
                container = cell
                break
    if not container:
        authority = next((q for q in paras[start:] if AUTHORITY.match(q.clean)), None)
        if authority is None:
            return []
        container = [q for q in [authority, *layout.following(authority)] if q.clean][:12]
    lines = [q for q in container if not re.match(r"^[\[(]", q.clean) and not is_rule_paragraph(q)]
    return lines if len(lines) >= 2 else []


# ---------------------------------------------------------------- the body (ô 6)


@dataclass
class Body:
    """The body's paragraphs (outside tables) and what each is."""

    paras: list[Para]
    kinds: dict[int, str]  # paragraph index -> preamble | body | heading | title | label | clause | point


def find_body(layout: DocxLayout, after: Para | None, end: int) -> Body:
    start = 0 if after is None else after.index + 1
    paras = [q for q in layout.paras[start:end] if q.tbl is None]
    return Body(paras, _kinds(paras))


def _kinds(paras: list[Para]) -> dict[int, str]:
    """What each body paragraph is: preamble (căn cứ, italic by II.6.a), body, heading, title, label, clause, point."""
    kinds: dict[int, str] = {}
    previous = None
    in_preamble = True
    for q in paras:
        if not q.clean or is_rule_paragraph(q):
            continue
        kind = kind_of(q.clean)
        italic = bool(q.pieces) and all(pc.fmt.italic for pc in q.pieces if q.text[pc.start : pc.end].strip())
        if in_preamble and kind == "body" and (italic or q.clean.startswith("Căn cứ")):
            kind = "preamble"
        else:
            in_preamble = False
        if previous == "label" and kind == "body":
            kind = "title"  # the title printed under "Chương I", "Mục 1", …
        kinds[q.index] = kind
        previous = kind if kind != "label" or not q.clean.startswith("Điều") else "article"
    return kinds
