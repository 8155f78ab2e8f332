"""Figures and citations in the prose, recognised in the phrasings plans use, kept as stated.

A recognised number becomes ``${key}`` in the text and its value, exactly as written,
goes to ``so_lieu`` (or ``can_cu`` for a cited document), where the checks judge it.
Nothing is corrected: a second mention that states another value stays literal text
and is reported, and so does any number no phrasing places.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from dataclasses import dataclass, field
from decimal import Decimal

from vanban.engine.prose import plan_years

N = r"(?P<n>\d{1,3}(?:\.\d{3})+|\d+)"
R = r"(?P<r>\d+(?:,\d+)?)\s*%"  # a phrasing that states a rate directly
S = r"\s+"
# A rate right after a count: "35 hộ tỷ lệ 1,21 %", "35 hộ, tỷ lệ 1,21%", "(tỷ lệ 1,21 %)".
RATE_AFTER = re.compile(r"\s*[,;(]?\s*(?:với\s+|chiếm\s+)?tỷ\s+lệ\s*(?:là\s*)?(?P<r>\d+(?:,\d+)?)\s*%\)?", re.IGNORECASE)


@dataclass(frozen=True)
class Phrasing:
    key: str
    pattern: re.Pattern[str]
    rate_key: str | None = None


def _p(key: str, *patterns: str, rate: str | None = None) -> list[Phrasing]:
    return [Phrasing(key, re.compile(p.replace(" ", S), re.IGNORECASE), rate) for p in patterns]


# Most specific first: a span taken by one phrasing is not read again by a later one.
PHRASINGS: tuple[Phrasing, ...] = tuple(
    _p("ho_can_ngheo_tu_ho_ngheo", N + r" hộ thoát nghèo (?:rơi|chuyển|sang|trở)(?: vào| xuống| thành)?(?: hộ)? cận nghèo")
    + _p(
        "ho_can_ngheo_phat_sinh",
        N + r" hộ(?: cận nghèo)? phát sinh(?: mới)?(?: hộ)? cận nghèo",
        N + r" hộ cận nghèo phát sinh",
        r"phát sinh(?: mới)? " + N + r" hộ cận nghèo",
    )
    + _p("ho_can_ngheo_thoat", r"hộ cận nghèo giảm(?: được)? " + N + r" hộ", N + r" hộ thoát cận nghèo")
    + _p(
        "ho_can_ngheo",
        r"hộ cận nghèo (?:hiện tại|hiện nay|cuối năm|còn lại)(?: của địa phương)? (?:là|còn) " + N + r" hộ",
        r"tổng số hộ cận nghèo năm (?P<y1>\d{4}) (?:là|còn) " + N + r" hộ",
        rate="ty_le_ho_can_ngheo",
    )
    + _p("ho_can_ngheo_dau_ky", r"tổng số hộ cận nghèo(?: đầu năm| đầu kỳ)? (?:là|có) " + N + r" hộ")
    + _p(
        "ho_ngheo_khong_kha_nang_lao_dong",
        r"không có khả năng lao động(?: là)? " + N + r" hộ",
        N + r" hộ không có khả năng lao động",
    )
    + _p(
        "ho_ngheo_cuoi_nam",
        r"xuống còn " + N + r" hộ(?: nghèo)?",
        r"cuối năm(?: (?P<y0>\d{4}))? còn " + N + r" hộ(?: nghèo)?",
        rate="ty_le_ho_ngheo_cuoi_nam",
    )
    + _p(
        "ho_ngheo",
        r"tổng số hộ nghèo năm (?P<y1>\d{4}) (?:là|còn) " + N + r" hộ",
        r"nên tổng số hộ nghèo (?:là|còn) " + N + r" hộ",
        r"hộ nghèo hiện (?:tại|nay)(?: của địa phương)? (?:là|còn) " + N + r" hộ",
        r"\btừ " + N + r" hộ nghèo",
        rate="ty_le_ho_ngheo",
    )
    + _p("ho_ngheo_thoat_ngheo", r"giảm được " + N + r" hộ(?: nghèo)?", N + r" hộ thoát nghèo")
    + _p(
        "ho_ngheo_phat_sinh",
        r"\btăng(?: thêm)? " + N + r" hộ(?: nghèo)?",
        r"phát sinh(?: mới)? " + N + r" hộ nghèo",
        N + r" hộ nghèo phát sinh",
    )
    + _p("ho_ngheo_dau_ky", r"tổng số hộ nghèo(?: đầu năm| đầu kỳ)? (?:là|có) " + N + r" hộ")
    # The target handed down (huyện's before 01/7/2025, tỉnh's after) is not the sum handed out to the units.
    + _p(
        "chi_tieu_giao",
        r"chỉ tiêu[^.;:]{0,100}? (?:UBND )?(?:huyện|tỉnh|cấp trên) giao[^.;:]{0,40}? là " + N + r" hộ(?: nghèo)?",
        r"giảm " + N + r" hộ(?: nghèo)? theo chỉ tiêu (?:của )?(?:UBND )?(?:huyện|tỉnh|cấp trên) giao",
    )
    + _p("chi_tieu_giam_ho_ngheo", r"chỉ tiêu[^.;:]{0,100}? là " + N + r" hộ(?: nghèo)?")
    + _p(
        "tong_so_ho",
        r"tổng số hộ(?: tự nhiên| dân cư| toàn (?:xã|thị trấn|phường))?\s*(?::|là|có)?\s*" + N + r" hộ",
    )
    + _p(
        "ty_le_ho_ngheo_va_can_ngheo",
        r"tỷ lệ hộ nghèo và(?: hộ)? cận nghèo(?: chung)?(?: là| chiếm| còn)?\s*" + R,
    )
    + _p("muc_giam_ty_le_ho_ngheo", r"(?:mức )?giảm tỷ lệ hộ nghèo(?: được| là| xuống)?\s*" + R)
    + _p("so_khau", r"(?:số nhân khẩu|nhân khẩu|số khẩu)\s*(?::|là|có)?\s*" + N + r" (?:khẩu|người)")
)

RATE_KEYS = {p.rate_key for p in PHRASINGS if p.rate_key}


@dataclass
class Stated:
    """Figures found so far: key -> (value as written, where)."""

    values: dict[str, tuple[int | str, str]] = field(default_factory=dict)
    conflicts: list[str] = field(default_factory=list)
    found: list[str] = field(default_factory=list)

    def take(self, key: str, value: int | str, where: str, text: str) -> bool:
        """Record a stated value; False when an earlier mention stated another one."""
        if key in self.values:
            first, first_where = self.values[key]
            if _same(first, value):
                return True
            self.conflicts.append(
                f"«{key}» ghi {_show(first)} ở {first_where} nhưng {_show(value)} ở {where} («{text}»): "
                f"để nguyên chữ ở {where}, không sửa số nào."
            )
            return False
        self.values[key] = (value, where)
        self.found.append(key)
        return True


def _same(a: int | str, b: int | str) -> bool:
    if isinstance(a, str) and isinstance(b, str):
        return a == b  # rates compare as written: "0,7" is not "0,70"
    return a == b


def _show(value: int | str) -> str:
    return f"{value} %" if isinstance(value, str) else str(value)


def count_value(text: str) -> int:
    return int(text.replace(".", ""))


def rate_value(text: str) -> str:
    """A rate as written, with its decimals: "1,21" (the YAML keeps it quoted)."""
    Decimal(text.replace(",", "."))  # validates
    return text


def replace_figures(text: str, stated: Stated, where: str, year: int | None = None) -> str:
    """Put ``${key}`` for every number a phrasing places; record the values.

    A phrasing that names a year (group ``y0``: this year's, ``y1``: last year's) places its
    number only when the year is that one: "cuối năm 2024 còn 48 hộ" in a 2025 plan is last
    year's year-end, not the target, and is left to the reading by meaning.
    """
    taken: list[tuple[int, int, str]] = []

    def free(start: int, end: int) -> bool:
        return all(end <= s or start >= e for s, e, _ in taken)

    for phrasing in PHRASINGS:
        for match in phrasing.pattern.finditer(text):
            named = {k: v for k, v in match.groupdict().items() if k in ("y0", "y1") and v}
            if year is not None and any(int(v) != year - int(k[1]) for k, v in named.items()):
                continue
            is_rate = "r" in match.groupdict()
            start, end = (match.start("r"), match.end()) if is_rate else match.span("n")
            if not free(start, end):
                continue
            value = rate_value(match["r"]) if is_rate else count_value(match["n"])
            if not stated.take(phrasing.key, value, where, match[0]):
                continue
            taken.append((start, end, phrasing.key))
            if phrasing.rate_key and (rate := RATE_AFTER.match(text, match.end())):
                r_start = rate.start("r")
                r_end = text.index("%", r_start) + 1  # "1,21 %" and "1,21%" alike
                if free(r_start, r_end) and stated.take(phrasing.rate_key, rate_value(rate["r"]), where, rate[0].strip()):
                    taken.append((r_start, r_end, phrasing.rate_key))
    for start, end, key in sorted(taken, reverse=True):
        text = text[:start] + "${" + key + "}" + text[end:]
    return text


# ---------------------------------------------------------------- citations

KINDS = {
    "quyết định": "qd",
    "nghị quyết": "nq",
    "nghị định": "nd",
    "chỉ thị": "ct",
    "thông tư": "tt",
    "kế hoạch": "kh",
    "công văn": "cv",
    "hướng dẫn": "hd",
    "thông báo": "tb",
    "chương trình": "ctr",
    "luật": "luat",
}
_KIND_ANY = r"(?:" + "|".join(KINDS) + r")"
CITATION = re.compile(
    r"(?P<loai>" + _KIND_ANY + r")\s+số\s+(?P<so>\d[^\s,;]*)\s+ngày\s+"
    r"(?:(?P<d>\d{1,2})\s*/\s*(?P<m>\d{1,2})\s*/\s*(?P<y>\d{4})|(?P<dw>\d{1,2})\s+tháng\s+(?P<mw>\d{1,2})\s+năm\s+(?P<yw>\d{4})),?\s+"
    # The citation ends at the clause's end, at the next citation, or where the citing body speaks:
    # "…về giảm nghèo năm 2024, UBND xã báo cáo như sau:".
    r"của\s+(?P<rest>.+?)(?=;|\.\s|\.$|$|\s" + _KIND_ANY + r"\s+số\s"
    r"|,\s+(?:UBND|Ủy ban|Uỷ ban|HĐND|Đảng ủy|Đảng uỷ|BCĐ|Ban Chỉ đạo)\s[^,;]{0,60}?"
    r"(?:báo cáo|xây dựng|ban hành|triển khai|tổ chức|đề nghị|sơ kết|tổng kết|kiểm điểm)\b)",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Citation:
    kind: str
    number: str
    date: dt.date
    issuer: str
    subject: str

    @property
    def identity(self) -> tuple[str, str, dt.date]:
        return (self.kind.casefold(), self.number, self.date)


@dataclass
class Citations:
    by_key: dict[str, Citation] = field(default_factory=dict)
    notes: dict[str, str] = field(default_factory=dict)  # key -> why it is a second wording
    first_seen: dict[str, str] = field(default_factory=dict)  # key -> where it was first cited
    conflicts: list[str] = field(default_factory=list)
    unstructured: list[str] = field(default_factory=list)

    def key_for(self, found: Citation, where: str) -> str:
        same = [k for k, c in self.by_key.items() if c.identity == found.identity]
        for key in same:
            if self.by_key[key] == found:
                return key
        prefix = KINDS.get(found.kind.casefold(), "vb")
        digits = re.match(r"\d+", found.number)
        base = f"{prefix}_{digits[0] if digits else 'x'}"
        key, n = base, 2
        while key in self.by_key:
            key, n = f"{base}_{n}", n + 1
        self.by_key[key] = found
        self.first_seen[key] = where
        if same:
            first = self.by_key[same[0]]
            a, b = _differing_words(f"{first.issuer} {first.subject}", f"{found.issuer} {found.subject}")
            message = (
                f"{found.kind} số {found.number} ngày {found.date:%d/%m/%Y} được dẫn 2 lần với nội dung khác nhau "
                f"(«{a}» ở {self.first_seen[same[0]]}, «{b}» ở {where}): đã giữ cả hai ({same[0]}, {key}) như văn bản gốc; "
                f"hãy chọn một cách ghi đúng và dùng một khóa."
            )
            self.conflicts.append(message)
            self.notes[key] = f"khác với {same[0]}: «{a}» / «{b}»"
        return key


def _differing_words(a: str, b: str) -> tuple[str, str]:
    left, right = a.split(), b.split()
    parts_a, parts_b = [], []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=left, b=right, autojunk=False).get_opcodes():
        if tag != "equal":
            parts_a.append(" ".join(left[max(i1 - 4, 0) : i2]))
            parts_b.append(" ".join(right[max(j1 - 4, 0) : j2]))
    return " … ".join(parts_a) or a, " … ".join(parts_b) or b


def replace_citations(text: str, citations: Citations, where: str) -> str:
    def one(match: re.Match[str]) -> str:
        rest = match["rest"].strip()
        # The subject starts at "về …", or at the verb of a plan's or programme's name ("thực hiện …").
        split = re.search(r"\s((?:về|thực hiện|triển khai|phê duyệt|ban hành)\s.+)$", rest)
        if not split:
            citations.unstructured.append(f"{where}: «{match[0]}» (không có phần «về …»): để nguyên chữ")
            return match[0]
        try:
            written = match["d"] is None  # "ngày 29 tháng 12 năm 2024"
            date = dt.date(*(int(match[k + ("w" if written else "")]) for k in ("y", "m", "d")))
        except ValueError:
            citations.unstructured.append(f"{where}: «{match[0]}» (ngày không hợp lệ): để nguyên chữ")
            return match[0]
        issuer = rest[: split.start()].strip()
        kind = match["loai"][0].upper() + match["loai"][1:].lower()
        found = Citation(kind, match["so"], date, issuer, split[1].strip())
        return "${" + citations.key_for(found, where) + "}"

    return CITATION.sub(one, text)


# ---------------------------------------------------------------- years and what is left


def replace_years(text: str, year: int) -> str:
    """ "năm 2024" -> "năm ${nam}", "năm 2023" -> "năm ${nam_truoc}", "năm 2025" -> "năm ${nam_sau}"."""
    return plan_years(text, year, following=True)


_DATEISH = re.compile(r"(?:tháng|ngày|năm|thứ|số|khóa|khoá|kỳ|lần|quý|giai đoạn)\s*$", re.IGNORECASE)
_NUMBER = re.compile(r"(?<![\w/${])\d+(?:[.,]\d+)*(?![\w/])")


def left_numbers(text: str) -> list[tuple[str, str, str]]:
    """Every number still written in a text: (number, why it stays text, its context)."""
    plain = re.sub(r"\$\{[^}]*\}", lambda m: " " * len(m[0]), text.replace("$${", "   "))
    out = []
    for match in re.finditer(r"\d+(?:[.,]\d+)*", plain):
        before = plain[: match.start()]
        context = plain[max(0, match.start() - 40) : match.end() + 25].strip()
        if re.search(r"[/\w-]$", before) or re.match(r"/", plain[match.end() :]):
            why = "số, ký hiệu hoặc ngày viết tắt (dd/mm/yyyy)"
        elif _DATEISH.search(before):
            why = "ngày, tháng, năm, số thứ tự"
        else:
            why = "chưa xác định được là số liệu nào"
        out.append((match[0], why, context))
    return out


def literal_numbers(text: str) -> list[str]:
    """Numbers left in a text that are figures no phrasing placed (dates, years, ordinals aside)."""
    plain = re.sub(r"\$\{[^}]*\}", " ", text)
    left = []
    for match in _NUMBER.finditer(plain):
        before = plain[: match.start()]
        if _DATEISH.search(before):
            continue
        context = plain[max(0, match.start() - 40) : match.end() + 25].strip()
        left.append(f"«{match[0]}» trong «…{context}…»")
    return left
