"""Dated administrative facts: what a commune's document may say, by its year or its date.

One module, so every kind, ``init``, ``new-year`` and the import's checks read the same facts:
- the two-level local government from 1 July 2025 (districts abolished; communes — xã, phường,
  đặc khu — report to the province; thị trấn merged away; poverty reduction moved from the
  Ministry of Labour (LĐTBXH) to the Ministry of Agriculture and Environment);
- the national target programme a year's plan implements (from 2026 the merged 2026–2035 one,
  Quyết định 417/QĐ-BNNMT of 31/01/2026);
- the multidimensional poverty standard a year's figures are counted under (Nghị định
  07/2021/NĐ-CP through 2026, Nghị định 351/2025/NĐ-CP from 2027);
- the district-era phrases a document dated after the reform must not carry.
Sources: shared/reference/domain.md. Nothing here reads files or prints.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from vanban.engine.findings import Finding, warning
from vanban.engine.load import YamlDocument

REFORM_DATE = date(2025, 7, 1)  # Luật Tổ chức chính quyền địa phương 2025: two levels from this day
FIRST_TWO_LEVEL_YEAR = 2026  # the first year whose every document (from the January plan) is after the reform

# Commune-level units before and after the reform (Decree 30 writes the type lower case mid-sentence).
COMMUNE_TYPES = ("xã", "phường", "thị trấn", "đặc khu")
TYPES_AFTER_REFORM = ("xã", "phường", "đặc khu")


def after_reform(day: date) -> bool:
    """Whether a document dated ``day`` is under the two-level government (no district)."""
    return day >= REFORM_DATE


def two_level_year(year: int) -> bool:
    """Whether a year's documents (its January plan included) are all after the reform."""
    return year >= FIRST_TWO_LEVEL_YEAR


@dataclass(frozen=True)
class Programme:
    """A national target programme for poverty reduction and the years it covers."""

    name: str
    first_year: int
    last_year: int
    basis: str  # the decision that approves it


PROGRAMMES = (
    Programme(
        "Chương trình mục tiêu quốc gia giảm nghèo bền vững giai đoạn 2021 - 2025",
        2021,
        2025,
        "Quyết định số 90/QĐ-TTg ngày 18/01/2022 của Thủ tướng Chính phủ",
    ),
    Programme(
        "Chương trình mục tiêu quốc gia xây dựng nông thôn mới, giảm nghèo bền vững và phát triển kinh tế - xã hội "
        "vùng đồng bào dân tộc thiểu số và miền núi giai đoạn 2026 - 2035",
        2026,
        2035,
        "Quyết định số 417/QĐ-BNNMT ngày 31/01/2026 của Bộ Nông nghiệp và Môi trường",
    ),
)
# How 2022–2025 plans name the programme they implement (the name with no period, before "năm …").
OLD_PROGRAMME_SHORT = "Chương trình mục tiêu quốc gia giảm nghèo bền vững"


def programme(year: int) -> Programme:
    """The programme a plan of ``year`` implements (the last known one for a later year)."""
    for entry in PROGRAMMES:
        if entry.first_year <= year <= entry.last_year:
            return entry
    return PROGRAMMES[0] if year < PROGRAMMES[0].first_year else PROGRAMMES[-1]


@dataclass(frozen=True)
class PovertyStandard:
    """The multidimensional poverty standard (chuẩn nghèo) a year's households are counted under."""

    code: str  # the decree's number, as officers write it: "07/2021/NĐ-CP"
    first_year: int
    last_year: int | None
    rural_income: int  # VND per person per month, at or below which a rural household is poor or near-poor
    urban_income: int

    @property
    def name(self) -> str:
        return f"Nghị định số {self.code}"

    @property
    def period(self) -> str:
        return f"{self.first_year} - {self.last_year}" if self.last_year else f"từ năm {self.first_year}"


STANDARDS = (
    PovertyStandard("07/2021/NĐ-CP", 2022, 2026, 1_500_000, 2_000_000),
    PovertyStandard("351/2025/NĐ-CP", 2027, None, 2_200_000, 2_800_000),
)


def poverty_standard(year: int) -> PovertyStandard | None:
    """The standard of ``year``'s counts; None before 2022 (not recorded here)."""
    for entry in STANDARDS:
        if entry.first_year <= year and (entry.last_year is None or year <= entry.last_year):
            return entry
    return None


def standard_by_code(code: str) -> PovertyStandard | None:
    """The standard a declared ``chuan_ngheo`` names ("07/2021/NĐ-CP", "Nghị định 07/2021/NĐ-CP", "07/2021")."""
    wanted = re.sub(r"\s+", "", code).casefold()
    for entry in STANDARDS:
        number = entry.code.split("/NĐ-CP")[0].casefold()
        if entry.code.casefold() in wanted or wanted == number:
            return entry
    return None


@dataclass(frozen=True)
class DistrictPhrase:
    """A phrase of the district era: what it is and what a post-reform document says instead."""

    pattern: re.Pattern[str]
    what: str
    instead: str


def _p(text: str) -> re.Pattern[str]:
    return re.compile(text, re.IGNORECASE)


# Longest first: "Ủy ban nhân dân huyện Hà Trung" is one finding, not two.
DISTRICT_PHRASES = (
    DistrictPhrase(
        _p(r"\b(?:UBND|Ủy ban nhân dân|Uỷ ban nhân dân)\s+(?:huyện|quận|thị xã)\b"),
        "UBND cấp huyện",
        "từ 01/7/2025 không còn cấp huyện: báo cáo, đề nghị gửi UBND tỉnh (qua Sở Nông nghiệp và Môi trường)",
    ),
    DistrictPhrase(
        _p(r"\b(?:HĐND|Hội đồng nhân dân)\s+(?:huyện|quận|thị xã)\b"),
        "HĐND cấp huyện",
        "không còn cấp huyện: nêu HĐND xã hoặc HĐND tỉnh",
    ),
    DistrictPhrase(
        _p(r"\bhuyện\s+(?:ủy|uỷ)\b"),
        "huyện ủy",
        "không còn cấp huyện: nêu Đảng ủy xã hoặc Tỉnh ủy",
    ),
    DistrictPhrase(
        _p(r"\b(?:của\s+)?huyện\s+giao\b|\bcấp\s+huyện\b"),
        "chỉ tiêu, chỉ đạo của cấp huyện",
        "chỉ tiêu do UBND tỉnh giao (hoặc do HĐND, UBND xã đề ra)",
    ),
    DistrictPhrase(
        _p(r"\bPhòng\s+Lao động\s*-\s*Thương binh và Xã hội\b|\bLao động\s*-\s*Thương binh và Xã hội\b|\bLĐ-?TB(?:&|và)?XH\b"),
        "ngành Lao động - Thương binh và Xã hội",
        "giảm nghèo do ngành Nông nghiệp và Môi trường phụ trách (Sở Nông nghiệp và Môi trường); "
        "ở xã ghi «công chức được giao phụ trách công tác giảm nghèo»",
    ),
    DistrictPhrase(
        _p(r"\bthị\s+trấn\b"),
        "thị trấn",
        "từ 01/7/2025 không còn thị trấn: ghi tên xã, phường sau sắp xếp",
    ),
)

ENDED_PROGRAMME = DistrictPhrase(
    _p(r"\bchương trình mục tiêu quốc gia (?:về\s+)?giảm nghèo bền vững\b"),
    "chương trình đã kết thúc năm 2025",
    f"từ năm 2026: {PROGRAMMES[1].name}",
)


@dataclass(frozen=True)
class PhraseHit:
    phrase: str  # as written
    start: int
    what: str
    instead: str


def district_era_hits(text: str, year: int) -> list[PhraseHit]:
    """The district-era phrases (and, from 2026, the ended programme's name) in ``text``, in order."""
    hits: list[PhraseHit] = []
    taken: list[range] = []
    rules = DISTRICT_PHRASES + ((ENDED_PROGRAMME,) if year >= PROGRAMMES[1].first_year else ())
    for rule in rules:
        for match in rule.pattern.finditer(text):
            if any(match.start() in span for span in taken):
                continue
            end = _name_end(text, match.end()) if rule is DISTRICT_PHRASES[0] else match.end()
            taken.append(range(match.start(), end))
            hits.append(PhraseHit(text[match.start() : end], match.start(), rule.what, rule.instead))
    return sorted(hits, key=lambda hit: hit.start)


def _name_end(text: str, end: int) -> int:
    """Past the proper name that follows "UBND huyện": "UBND huyện Hà Trung" is one phrase."""
    while (word := re.match(r"\s+(\w+)", text[end:])) and word.group(1)[:1].isupper():
        end += word.end()
    return end


def rewrite_programme(text: str, year: int) -> str:
    """From 2026, "Chương trình mục tiêu quốc gia giảm nghèo bền vững năm …" names the merged programme.

    Only the capitalised name followed by "năm": the programme the year's plan implements. A mention
    of the old programme's past results stays, and is listed by ``district_era_hits`` for the officer.
    """
    if year < PROGRAMMES[1].first_year:
        return text
    return re.sub(rf"{re.escape(OLD_PROGRAMME_SHORT)}(?= năm\b)", PROGRAMMES[1].name, text)


def place_name(name: str, kind: str) -> str:
    """``Xã Giáo Hiệu`` -> ``Giáo Hiệu``; a unit named by a number keeps its type: ``Phường 3``.

    Decree 30, Phụ lục I (địa danh): a unit named after a person, a number or an event is written
    with its full name.
    """
    if not name.casefold().startswith(kind):
        return name
    rest = name[len(kind) :].strip()
    return name[:1].upper() + name[1:] if not rest or rest[:1].isdigit() else rest


def mid_sentence(name: str, kind: str) -> str:
    """The unit's name inside a sentence: "xã Giáo Hiệu", "thị trấn Hà Trung", but "Phường 3"."""
    place = place_name(name, kind)
    return place if place.casefold().startswith(kind) else f"{kind} {place}"


def _strings(value: object, path: tuple) -> list[tuple[tuple, str]]:
    if isinstance(value, str):
        return [(path, value)]
    if isinstance(value, dict):
        return [found for key, item in value.items() for found in _strings(item, (*path, key))]
    if isinstance(value, list):
        return [found for i, item in enumerate(value) for found in _strings(item, (*path, i))]
    return []


def not_said_already(era: list[Finding], others: list[Finding]) -> list[Finding]:
    """The V001 findings no other reform finding (V002–V004: a district body's document, a report to the district,
    the name before the merger) already gives for the same phrase at the same place (its line, or the list it is an
    item of): one thing to reword, said once."""
    said = [
        (f.place.file, f.place.line, f.place.field or "", f.message.casefold())
        for f in others
        if f.code in ("V002", "V003", "V004")
    ]
    kept = []
    for finding in era:
        phrase = finding.message[1 : finding.message.find("»")].casefold()  # V001 reads "«phrase»: …"
        place = finding.place
        if not any(
            file == place.file
            and (line == place.line or (field and (place.field or "").startswith((field + ".", field + "["))))
            and phrase in message
            for file, line, field, message in said
        ):
            kept.append(finding)
    return kept


def district_era_findings(doc: YamlDocument, year: int, issued: date | None = None) -> list[Finding]:
    """V001, one per district-era phrase a document of ``year`` carries, with its file, line and field.

    A document issued (``issued``) before 01/7/2025 is under the district: nothing is reported. Without a
    date, the year decides: from 2026 every document is after the reform.
    """
    if not (after_reform(issued) if issued is not None else two_level_year(year)):
        return []
    findings = []
    for path, text in _strings(doc.data, ()):
        seen: set[str] = set()
        for hit in district_era_hits(text, year):
            if hit.phrase.casefold() not in seen:  # "Thị trấn" twice in a paragraph is one thing to reword
                seen.add(hit.phrase.casefold())
                findings.append(warning("V001", doc.place(path), f"«{hit.phrase}»: {hit.instead}."))
    return findings


# ---------------------------------------------------------------- what check reads of a document's content

# A district body as a cited document's issuer: "UBND huyện", "HĐND huyện Hà Trung", "Huyện ủy", "Phòng … huyện".
DISTRICT_BODY = re.compile(
    r"\b(?:UBND|Ủy ban nhân dân|Uỷ ban nhân dân|HĐND|Hội đồng nhân dân|BCĐ|Ban Chỉ đạo|Phòng\s+[^,;()]{1,40}?)\s+huyện\b"
    r"|\bhuyện\s+ủy\b|\bhuyện\s+uỷ\b",
    re.IGNORECASE,
)
# Sending or reporting to the district, in the text.
TO_DISTRICT = re.compile(
    r"\b(?:báo cáo|gửi|trình|đề nghị|kiến nghị)(?:\s+về)?\s+(?:UBND|Ủy ban nhân dân|Uỷ ban nhân dân)\s+huyện\b",
    re.IGNORECASE,
)
# Former names known to have changed with the merger (domain.md); any "thị trấn" is one as well.
FORMER_NAMES: dict[str, str] = {"thị trấn hà trung": "xã Hà Trung"}


def former_name(text: str) -> tuple[str, str] | None:
    """(the former name as written, what it is now) when the text names a commune as before the merger."""
    folded = text.casefold()
    for old, new in FORMER_NAMES.items():
        if old in folded:
            at = folded.index(old)
            return text[at : at + len(old)], new
    if match := DISTRICT_PHRASES[-1].pattern.search(text):  # "thị trấn"
        name = " ".join(text[match.end() :].split(",")[0].split(";")[0].split()[:3])
        return f"{match[0]} {name}".strip(), "xã hoặc phường sau sắp xếp (không còn thị trấn từ 01/7/2025)"
    return None
