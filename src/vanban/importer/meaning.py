"""Figures by meaning: what a number in a sentence measures, and of which period.

The fixed phrasings of ``figures.py`` read the plans shaped like the seed. Documents typed
elsewhere say the same things in other words ("có 1.292 hộ nghèo, chiếm 2,06%", "số hộ
thoát nghèo 207 hộ", "từ 5,2% xuống còn 3,5%"); here each number with its unit ("hộ", "%")
is read from the words around it within its clause:

- the measure: poor or near-poor households, their rate, households escaping or newly poor,
  a decrease (a count or a rate), all households;
- the period: the start of the document's year (= last year's year-end), the year-end (the
  plan's target, the report's result), the flows of the period, or last year's start.

A number becomes a figure only when both are clear and the kind has a key for that pair; a
year named in the clause wins over the words ("cuối năm 2024 còn 48 hộ nghèo" in a 2025 plan
is last year's year-end, not the target). Anything unsure stays text and is listed: a wrong
placement is worse than none.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

# (measure, period) -> so_lieu key, per kind. Periods: "truoc_dau" start of last year, "dau" start of
# this year (last year's year-end), "cuoi" this year's end (plan: target), "trong" the period's flows,
# "truoc" last year's flows (what a plan reviews).
KEYS: dict[str, dict[tuple[str, str], str]] = {
    "ke-hoach": {
        ("ngheo", "truoc_dau"): "ho_ngheo_dau_ky",
        ("ngheo", "dau"): "ho_ngheo",
        ("ngheo", "cuoi"): "ho_ngheo_cuoi_nam",
        ("ty_le_ngheo", "dau"): "ty_le_ho_ngheo",
        ("ty_le_ngheo", "cuoi"): "ty_le_ho_ngheo_cuoi_nam",
        ("can_ngheo", "truoc_dau"): "ho_can_ngheo_dau_ky",
        ("can_ngheo", "dau"): "ho_can_ngheo",
        ("ty_le_can_ngheo", "dau"): "ty_le_ho_can_ngheo",
        ("thoat_ngheo", "truoc"): "ho_ngheo_thoat_ngheo",
        ("phat_sinh", "truoc"): "ho_ngheo_phat_sinh",
        ("thoat_can_ngheo", "truoc"): "ho_can_ngheo_thoat",
        ("phat_sinh_can_ngheo", "truoc"): "ho_can_ngheo_phat_sinh",
        ("tu_ho_ngheo", "truoc"): "ho_can_ngheo_tu_ho_ngheo",
        ("khong_kha_nang", "dau"): "ho_ngheo_khong_kha_nang_lao_dong",
        ("giam_ngheo", "cuoi"): "chi_tieu_giam_ho_ngheo",
        ("giam_ty_le_ngheo", "cuoi"): "muc_giam_ty_le_ho_ngheo",
        ("tong_so_ho", "dau"): "tong_so_ho",
        ("so_khau", "dau"): "so_khau",
    },
    "bao-cao": {
        ("ngheo", "dau"): "ho_ngheo_dau_nam",
        ("ngheo", "cuoi"): "ho_ngheo_cuoi_nam",
        ("ty_le_ngheo", "dau"): "ty_le_ho_ngheo_dau_nam",
        ("ty_le_ngheo", "cuoi"): "ty_le_ho_ngheo_cuoi_nam",
        ("can_ngheo", "dau"): "ho_can_ngheo_dau_nam",
        ("can_ngheo", "cuoi"): "ho_can_ngheo_cuoi_nam",
        ("ty_le_can_ngheo", "cuoi"): "ty_le_ho_can_ngheo_cuoi_nam",
        ("thoat_ngheo", "trong"): "thoat_ngheo",
        ("phat_sinh", "trong"): "phat_sinh",
        ("giam_gop", "trong"): "thoat_ngheo",  # "giảm 16 hộ nghèo (15 hộ thoát nghèo, …)": the software's decrease
        ("tang_gop", "trong"): "phat_sinh",  # "tăng 2 hộ nghèo (1 hộ phát sinh mới, …)": its increase
        ("thoat_can_ngheo", "trong"): "thoat_can_ngheo",
        ("phat_sinh_can_ngheo", "trong"): "can_ngheo_phat_sinh",
        ("tu_ho_ngheo", "trong"): "can_ngheo_tu_ho_ngheo",
        ("khong_kha_nang", "cuoi"): "ho_ngheo_khong_kha_nang_lao_dong",
        ("giam_ngheo", "chi_tieu"): "chi_tieu_giam_ho_ngheo",
        ("dat_ke_hoach", "trong"): "ty_le_dat_ke_hoach",
        ("giam_ngheo", "trong"): "giam_ho_ngheo",
        ("giam_can_ngheo", "trong"): "giam_ho_can_ngheo",
        ("giam_ty_le_ngheo", "trong"): "muc_giam_ty_le_ho_ngheo",
        ("tong_so_ho", "cuoi"): "tong_so_ho",
        ("so_khau", "cuoi"): "so_khau",
    },
}

NUMBER = r"\d{1,3}(?:\.\d{3})+|\d+(?:,\d+)?"
TOKEN = re.compile(
    rf"(?<![\w/.,$%{{-])(?P<n>{NUMBER})\s*(?P<u>%|điểm phần trăm|hộ|nhân khẩu|khẩu|người)(?![\w/])",
    re.IGNORECASE,
)
# A village unit named in the clause before a number: the figure is that unit's ("TK Thượng Quý phát sinh 1 hộ").
_CAPITALS = "".join(c for c in map(chr, range(0xC0, 0x1EFA)) if c.isupper())
UNIT_NAMED = re.compile(rf"\b(?:TK|Tiểu khu|Thôn|Bản|Xóm|Tổ dân phố|Khu phố)\s+[A-Z0-9{_CAPITALS}]")
TARGET_WORDS = re.compile(r"phấn đấu|dự kiến|chỉ tiêu|mục tiêu|kế hoạch giao|giao chỉ tiêu", re.IGNORECASE)


@dataclass(frozen=True)
class Where:
    kind: str  # "ke-hoach" or "bao-cao"
    year: int
    six_months: bool = False
    section: str = ""  # the heading the sentence sits under


@dataclass(frozen=True)
class Reading:
    start: int
    end: int
    number: str
    measure: str | None
    period: str | None
    is_rate: bool = False  # stated with "%"


def _period_signals(text: str, where: Where) -> list[tuple[int, str]]:
    """(position, period) for every phrase of the text that names a period, in order."""
    y = where.year
    out: list[tuple[int, str]] = []
    flows = "truoc" if where.kind == "ke-hoach" else "trong"
    for match in re.finditer(r"(đầu|cuối|hết|trong)?\s*(?:năm|kỳ)\s+(\d{4})|(31/12|30/6|30/06)/(\d{4})", text, re.IGNORECASE):
        if match[2]:
            when, year = (match[1] or "").casefold(), int(match[2])
        else:
            when, year = ("cuối" if match[3] == "31/12" else "giữa"), int(match[4])
        # "tháng 12 năm 2024": a date, not a period
        if re.search(r"tháng\s*\d{1,2}\s*$", text[: match.start()], re.IGNORECASE):
            continue
        if year == y - 1:
            period = "truoc_dau" if when == "đầu" else ("truoc" if when == "trong" else "dau")
        elif year == y:
            if when == "đầu":
                period = "dau"
            elif when == "giữa":
                period = "cuoi" if where.six_months else ""
            elif when == "trong":
                period = flows if where.kind == "bao-cao" else "cuoi"
            else:
                period = "cuoi"
        else:
            period = "?"  # another year: nothing of this document's periods
        if period:
            out.append((match.start(), period))
    for match in re.finditer(
        r"đầu kỳ|đầu năm(?!\s+\d{4})|cuối kỳ|cuối năm(?!\s+\d{4})|hiện nay|hiện tại|hiện còn|đến nay", text, re.IGNORECASE
    ):
        word = match[0].casefold()
        if word.startswith("đầu"):
            period = "dau"
        elif where.kind == "bao-cao" or word.startswith("cuối"):
            period = "cuoi" if where.kind == "bao-cao" or word.startswith("cuối") and TARGET_WORDS.search(text) else ""
        else:
            period = "dau"  # "hiện nay" in a plan: the households counted now, before the year's work
        if period:
            out.append((match.start(), period))
    if where.kind == "ke-hoach":
        out += [(m.start(), "cuoi") for m in TARGET_WORDS.finditer(text)]
    return sorted(out)


def _subject(text: str) -> str | None:
    """The last household group the words name: "cận nghèo" or "nghèo"."""
    hits = [(m.start(), "can_ngheo" if m[1] else "ngheo") for m in re.finditer(r"(cận\s+)?nghèo", text, re.IGNORECASE)]
    return hits[-1][1] if hits else None


def _measure(
    lead: str, tail: str, unit: str, previous: Reading | None, clause_before: str = "", paragraph_before: str = ""
) -> str | None:
    # Years and dates in the words before a number name its period, not what it counts.
    near = re.sub(r"\d{1,2}/\d{1,2}/\d{4}|\b\d{4}\b", "#", lead[-40:].casefold())
    after = tail[:30].casefold()
    unit = "%" if unit.casefold() == "điểm phần trăm" else unit.casefold()
    if unit == "%":
        if re.search(r"đạt\s*$", near) and re.match(r"\s*(kế hoạch|kh\b|chỉ tiêu)", after):
            return "dat_ke_hoach"
        before = clause_before.casefold()
        combined = re.search(r"nghèo\s+và\s+(hộ\s+)?cận\s+nghèo", before)  # the rate of both groups together
        if re.search(r"giảm\s*(?:được\s*)?$", near) and "tỷ lệ" in before and not combined:
            return "giam_ty_le_ngheo" if _subject(clause_before) == "ngheo" else None
        if "nghèo và" in near or "và hộ cận" in near or "đạt" in near or "kế hoạch" in after[:12] or "kh" in after[:4]:
            return None
        # "48 hộ nghèo, chiếm tỷ lệ 3,38%": the words after the count name its group, not another one
        short = len(lead) < 40 and not _subject(re.sub(r"^\s*(cận\s+)?nghèo", "", lead, flags=re.IGNORECASE))
        if previous is not None and previous.measure in ("ngheo", "can_ngheo") and short:
            if re.search(r"(chiếm|tỷ lệ|bằng)[^0-9]*$", near) or re.fullmatch(r"\s*[,(]?\s*", lead):
                return "ty_le_" + previous.measure
        if "tỷ lệ" in clause_before.casefold():
            subject = _subject(clause_before)
            return f"ty_le_{subject}" if subject else None
        return None
    if unit in ("nhân khẩu", "khẩu", "người"):
        if previous is not None and previous.measure == "tong_so_ho" and re.fullmatch(r"\s*(với|,|;|và)?\s*", lead):
            return "so_khau"  # "1.254 hộ với 4.980 nhân khẩu": the town's persons
        if "hộ" in near or "nghèo" in near or "với" in near:  # persons of the poor households: not the town's
            return None
        return "so_khau" if re.search(r"(nhân khẩu|số khẩu|dân số)", near) or unit != "người" and not near.strip() else None
    # households
    if re.search(r"\btăng\s*(thêm\s*)?$", near) and re.match(r"\s*nghèo\b", after):
        return "tang_gop" if re.match(r"\s*nghèo\s*\(", after) else "phat_sinh"
    if re.search(r"\bgiảm\s*$", near) and re.match(r"\s*nghèo\s*(\(|,?\s*và\s+tăng)", after):
        return "giam_gop"  # "giảm 16 hộ nghèo (…)", "giảm 4 hộ nghèo và tăng 1": all households that left the list
    if re.match(r"\s*(nghèo\s+)?thoát\s+nghèo\s+(rơi|chuyển|sang|trở thành)", after):
        return "tu_ho_ngheo"  # "10 hộ thoát nghèo rơi vào cận nghèo"
    if re.match(r"\s*(nghèo\s+)?thoát\s+(cận\s+)?nghèo", after):
        return "thoat_can_ngheo" if "cận" in after[:20] else "thoat_ngheo"
    if re.search(r"không có khả năng lao động\s*(?:là|:|\()?\s*$", near):
        return "khong_kha_nang"
    if re.search(r"thoát\s+(cận\s+)?nghèo(\s+là)?\s*:?\s*$", near):
        return "thoat_can_ngheo" if "thoát cận" in near else "thoat_ngheo"
    if re.search(r"(phát sinh|mới|tái nghèo)(\s+là)?\s*:?\s*$", near) or re.match(r"\s*(cận\s+)?nghèo\s+(phát sinh|mới)", after):
        return "phat_sinh_can_ngheo" if "cận" in near[-25:] + after[:12] else "phat_sinh"
    if re.search(r"giảm\s*(được\s*)?$", near):
        subject = _subject(lead + " " + after[:12]) or (previous.measure if previous else None) or _subject(clause_before)
        subject = subject or _subject(paragraph_before)
        return f"giam_{subject}" if subject else None
    if re.search(r"còn\s*$", near) and previous is not None and not _subject(lead):
        return previous.measure
    if re.match(r"\s*(cận\s+)?nghèo", after):
        return "can_ngheo" if re.match(r"\s*cận", after) else "ngheo"
    if re.search(r"(tổng số hộ|số hộ dân|hộ dân cư|hộ tự nhiên)[^0-9]*$", near) and "nghèo" not in near:
        return "tong_so_ho"
    if re.search(r"tỷ lệ[^;]*\btrên\s*$", clause_before.casefold()):
        return "tong_so_ho"  # "tỷ lệ 0,73 % trên 2.882 hộ": the households the rate is of
    if re.search(r"hộ\s+(cận\s+)?nghèo[^0-9]{0,25}$", near) and not re.search(r"(thoát|phát sinh|giảm|tăng)", near[-25:]):
        return _subject(near)
    return None


def _reading(token: re.Match[str], measure: str | None, period: str | None) -> Reading:
    return Reading(
        token.start(),
        token.end(),
        token["n"],
        measure,
        period,
        token["u"] != "hộ" and "khẩu" not in token["u"] and token["u"] != "người",
    )


def readings(clause: str, where: Where, before_clause: str = "") -> list[Reading]:
    """Each number with a unit in the clause, with what it measures and its period (None: unsure).

    ``before_clause``: the paragraph's text before the clause, for the group a bare "giảm 14 hộ" speaks of."""
    tokens = list(TOKEN.finditer(clause))
    signals = _period_signals(clause, where)
    out: list[Reading] = []
    range_match = re.search(r"\btừ\s+[^;]*?\s(?:xuống\s+còn|xuống|còn)\s", clause, re.IGNORECASE) or re.search(
        r"\bgiảm\s+(?=\d+(?:,\d+)?\s*%)[^;]*?\s(?:xuống\s+còn|còn)\s", clause, re.IGNORECASE
    )
    for i, token in enumerate(tokens):
        lead = clause[tokens[i - 1].end() if i else 0 : token.start()]
        tail = clause[token.end() : tokens[i + 1].start() if i + 1 < len(tokens) else len(clause)]
        previous = out[-1] if out else None
        unit = token["u"]
        in_range = range_match is not None and range_match.start() <= token.start()
        if in_range and range_match is not None and token.start() < range_match.end():
            # "từ 5,2% (46 hộ) xuống còn …", "giảm 57,63% (136 hộ) còn …": the start of the period
            subject = _subject(clause[: range_match.start()] + " " + tail[:15]) or _subject(clause)
            measure = (f"ty_le_{subject}" if unit == "%" else subject) if subject else None
            out.append(_reading(token, measure, "dau"))
            continue
        if in_range and range_match is not None:
            subject = _subject(clause[: range_match.start()]) or _subject(clause)
            ranged = previous is not None and previous.period == "cuoi" and previous.start >= range_match.end() - 1
            if re.search(r"giảm\s*$", lead) and unit.casefold() == "hộ":  # "(tương đương giảm 46 hộ)"
                measure = f"giam_{subject}" if subject else None
                out.append(_reading(token, measure, _flow_period(where, signals, "giam", clause)))
                continue
            if re.search(r"(còn|xuống)\s*$", lead) or (ranged and re.fullmatch(r"[\s(),]*", lead)):
                measure = (f"ty_le_{subject}" if unit == "%" else subject) if subject else None
                out.append(_reading(token, measure, "cuoi"))
                continue
        counted = next((r for r in reversed(out) if r.measure in ("ngheo", "can_ngheo")), None)
        if unit.casefold() != "hộ" and unit != "%" and previous is not None and previous.measure == "tong_so_ho":
            counted = previous
        measure = _measure(lead, tail, unit, counted, clause[: token.start()], before_clause)
        period: str | None = None
        before = [p for at, p in signals if at < token.start() and at >= (tokens[i - 1].end() if i else 0)]
        if measure is not None and measure.startswith("ty_le_") and counted is not None and not before:
            if measure == "ty_le_" + (counted.measure or ""):
                period = counted.period
        if period is None and measure is not None:
            if measure.startswith(("thoat", "phat_sinh", "giam", "tang", "tu_ho_ngheo")):
                period = _flow_period(where, signals, measure, clause)
            elif before:
                period = before[-1]
            else:
                everywhere = {p for _, p in signals}
                period = everywhere.pop() if len(everywhere) == 1 else _bare_period(where, clause)
        if measure in ("tong_so_ho", "so_khau", "khong_kha_nang"):
            period = "dau" if where.kind == "ke-hoach" else "cuoi"
        elif measure == "dat_ke_hoach":
            period = "trong"
        out.append(_reading(token, measure, period))
    return out


def _bare_period(where: Where, clause: str) -> str | None:
    """A count or rate no word of its clause dates: a report's is its result (the period's end); a
    plan's is the households counted now when it sits under the review of last year, else unsure."""
    if where.kind == "bao-cao":
        return "cuoi"
    if re.search(r"kết quả|thực trạng|tình hình|rà soát", where.section + " " + clause, re.IGNORECASE):
        return "dau"
    return None


def _flow_period(where: Where, signals: list[tuple[int, str]], measure: str = "", clause: str = "") -> str | None:
    """The period of a flow or a decrease: the report's own period; in a plan, last year's review,
    unless the sentence speaks of this year's target (a decrease then is the target)."""
    periods = {p for _, p in signals}
    if "?" in periods:
        return None
    if where.kind == "bao-cao":
        if measure.startswith("giam") and TARGET_WORDS.search(clause):
            return "chi_tieu"  # "Chỉ tiêu … giao là giảm 13 hộ nghèo": the plan's target, not the result
        return "trong" if periods <= {"trong", "cuoi", "dau"} else None
    if measure.startswith("giam"):
        return "cuoi" if "cuoi" in periods else None
    if periods & {"truoc", "dau", "truoc_dau"} and "cuoi" not in periods:
        return "truoc"
    if not periods and re.search(rf"kết quả|năm\s+{where.year - 1}", where.section, re.IGNORECASE):
        return "truoc"
    return None


def key_for(reading: Reading, where: Where) -> str | None:
    if reading.measure is None or reading.period is None:
        return None
    return KEYS[where.kind].get((reading.measure, reading.period))


def clauses(text: str) -> list[tuple[int, int]]:
    """Spans of the clauses of a paragraph: split at ";" and at sentence ends (not inside numbers)."""
    spans, start = [], 0
    for match in re.finditer(r";|\.(?=\s|$)", text):
        spans.append((start, match.end()))
        start = match.end()
    if start < len(text):
        spans.append((start, len(text)))
    return spans


def place(text: str, where: Where, take: Callable[[str, int | str, str], bool]) -> tuple[str, list[tuple[str, str]]]:
    """``${key}`` for each number read with certainty (``take`` records it; False: an earlier
    mention said otherwise); returns the text and (number, why) for each number with a unit left."""
    replaced: list[tuple[int, int, str]] = []
    unsure: list[tuple[str, str]] = []
    for start, end in clauses(text):
        clause = text[start:end]
        if "${" in clause and "$${" not in clause and not TOKEN.search(clause):
            continue
        for reading in readings(clause, where, text[:start]):
            key = key_for(reading, where)
            shown = clause[reading.start : reading.end]
            if UNIT_NAMED.search(clause[: reading.start]):
                unsure.append((shown, "số của một đơn vị (thôn, tiểu khu), không phải của toàn xã"))
                continue
            if key is None:
                why = (
                    "không rõ là số liệu nào"
                    if reading.measure is None
                    else "không rõ thuộc kỳ nào (đầu năm, cuối năm hay trong năm)"
                )
                unsure.append((shown, why))
                continue
            value: int | str = reading.number if reading.is_rate else int(reading.number.replace(".", "").split(",")[0])
            if not reading.is_rate and "," in reading.number:
                unsure.append((shown, "số hộ có phần thập phân"))
                continue
            if take(key, value, clause.strip()):
                number_end = start + reading.start + len(reading.number)
                end_at = start + reading.end if reading.is_rate else number_end
                replaced.append((start + reading.start, end_at, key))
            else:
                unsure.append((shown, f"đã có {key} với giá trị khác"))
    for s, e, key in sorted(replaced, reverse=True):
        text = text[:s] + "${" + key + "}" + text[e:]
    return text, unsure
