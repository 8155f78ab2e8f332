"""Checks on what a document says about other documents and about itself, beyond its figures.

| code | rule |
|------|------|
| K001 | a cited document is dated after the document that cites it (a typo for last year, usually) |
| K002 | the same document is cited with different dates or numbers (in ``can_cu`` or in the text) |
| K003 | a cited document's number and symbol is not written as Decree 30 (or the Party's rules) write it |
| V002 | from 1 July 2025: a district body's document dated after that day is cited (districts are abolished) |
| V003 | from 1 July 2025: the document is sent or reports to "UBND huyện" |
| V004 | from 1 July 2025: the commune is named by its name before the merger |
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Callable, Iterator

from vanban.engine.citations import symbol_problem
from vanban.engine.findings import Finding, Place, error, warning
from vanban.engine.reform import DISTRICT_BODY, REFORM_DATE, TO_DISTRICT, after_reform, former_name
from vanban.engine.validate import ValidPlan

# A citation written out in the text: "Quyết định số 04/QĐ-UBND ngày 04/01/2024", "… ngày 29 tháng 12 năm 2024".
KINDS = r"(?:Quyết định|Nghị quyết|Nghị định|Chỉ thị|Thông tư|Kế hoạch|Công văn|Hướng dẫn|Thông báo|Chương trình|Luật)"
CITED = re.compile(
    rf"(?P<kind>{KINDS})\s+số\s+(?P<so>\d[^\s,;]*)\s+ngày\s+"
    r"(?:(?P<d>\d{1,2})\s*/\s*(?P<m>\d{1,2})\s*/\s*(?P<y>\d{4})|(?P<dw>\d{1,2})\s+tháng\s+(?P<mw>\d{1,2})\s+năm\s+(?P<yw>\d{4}))",
    re.IGNORECASE,
)

# A part of CITED, with its flags, searched first: most paragraphs cite nothing and are not scanned with
# the whole alternation of kinds at every position (a third of a plan's checks before).
_NUMBERED = re.compile(r"số\s+\d", re.IGNORECASE)


def cited_in(text: str) -> Iterator[re.Match[str]]:
    """Every citation written out in ``text`` (``CITED``)."""
    return CITED.finditer(text) if _NUMBERED.search(text) else iter(())


def _doc_day(valid: ValidPlan) -> dt.date | None:
    date = valid.plan.document.date
    return None if date is None else date.as_date


def _date_of(match: re.Match[str]) -> dt.date | None:
    written = match["d"] is None
    try:
        return dt.date(*(int(match[k + ("w" if written else "")]) for k in ("y", "m", "d")))
    except ValueError:
        return None


def _texts(valid: ValidPlan) -> Iterator[tuple[Callable[[], Place], str]]:
    """Each text of the document and how to say where it is (made only for a finding: most texts have none)."""
    source = valid.source
    yield functools.partial(source.place, ("van_ban", "trich_yeu"), "van_ban.trich_yeu"), valid.plan.document.summary
    for i, block in enumerate(valid.plan.body):
        if block.kind not in ("table", "chart"):
            yield functools.partial(source.place, ("noi_dung", i), f"noi_dung[{i + 1}]"), block.text


def cited_after(valid: ValidPlan, _computed: object) -> Iterator[Finding]:
    """K001: what a document cites was issued before it (on the same day at the latest)."""
    date = valid.plan.document.date
    if date is None:
        return
    # A day left blank for the clerk: the document is issued at the latest on the month's last day.
    latest = date.as_date if date.day else (dt.date(date.year + date.month // 12, date.month % 12 + 1, 1) - dt.timedelta(days=1))
    shown = f"{date.day:02d}/{date.month:02d}/{date.year}" if date.day else f"tháng {date.month:02d}/{date.year}"
    for key, citation in valid.plan.citations.items():
        if citation.date is not None and citation.date > latest:
            yield error(
                "K001",
                valid.source.place(("can_cu", key, "ngay"), f"can_cu.{key}.ngay"),
                f"{citation.kind} số {citation.number or '…'} ghi ngày {citation.date:%d/%m/%Y}, sau ngày ban hành của chính "
                f"văn bản này ({shown}): một văn bản không thể căn cứ văn bản ban hành sau nó; kiểm tra lại năm "
                f"(thường là năm {citation.date.year - 1}).",
            )
    for where, text in _texts(valid):
        for match in cited_in(text):
            cited = _date_of(match)
            if cited is not None and cited > latest:
                yield error(
                    "K001",
                    where(),
                    f"«{match[0]}» ghi ngày sau ngày ban hành của chính văn bản này ({shown}); kiểm tra lại năm.",
                )


def _number_key(number: str) -> str:
    """A symbol compared as a clerk reads it: case, spaces and the separators aside ("45-NQ/ĐU" = "45/NQ-ĐU")."""
    return re.sub(r"[\s/\-–]", "", number).upper()


def cited_differently(valid: ValidPlan, _computed: object) -> Iterator[Finding]:
    """K002: one document, one date and one number, wherever it is cited."""
    seen: dict[tuple[str, str], tuple[dt.date, str]] = {}  # (kind, number) -> (date, where)
    mentions: list[tuple[str, str, dt.date, Place, str]] = []
    for key, c in valid.plan.citations.items():
        if c.number and c.date:
            mentions.append(
                (c.kind, c.number, c.date, valid.source.place(("can_cu", key, "ngay"), f"can_cu.{key}"), f"can_cu.{key}")
            )
    for where, text in _texts(valid):
        for match in cited_in(text):
            if (date := _date_of(match)) is not None:
                place = where()
                mentions.append((match["kind"], match["so"], date, place, place.field or place.file))
    for kind, number, date, place, shown in mentions:
        ident = (kind.casefold(), _number_key(number))
        if ident not in seen:
            seen[ident] = (date, shown)
        elif seen[ident][0] != date:
            first, first_where = seen[ident]
            yield error(
                "K002",
                place,
                f"{kind} số {number} ghi ngày {date:%d/%m/%Y} ở {shown} nhưng ngày {first:%d/%m/%Y} ở {first_where}: "
                "cùng một văn bản chỉ có một ngày ban hành.",
            )
    # The same date, kind and issuer with two numbers: one of the numbers is mistyped.
    by_date: dict[tuple[str, dt.date, str], tuple[str, str]] = {}
    for key, c in valid.plan.citations.items():
        if not (c.number and c.date):
            continue
        ident2 = (c.kind.casefold(), c.date, " ".join(c.issuer.casefold().split()))
        if ident2 in by_date and _number_key(by_date[ident2][0]) != _number_key(c.number):
            other, other_key = by_date[ident2]
            if c.subject.casefold() == valid.plan.citations[other_key].subject.casefold():
                yield error(
                    "K002",
                    valid.source.place(("can_cu", key, "so"), f"can_cu.{key}.so"),
                    f"{c.kind} ngày {c.date:%d/%m/%Y} của {c.issuer} {c.subject} ghi số {c.number} nhưng số {other} ở "
                    f"can_cu.{other_key}: cùng một văn bản chỉ có một số.",
                )
        by_date.setdefault(ident2, (c.number, key))


def symbol_form(valid: ValidPlan, _computed: object) -> Iterator[Finding]:
    """K003: each cited number and symbol in Decree 30's form."""
    for key, c in valid.plan.citations.items():
        if c.number and (problem := symbol_problem(c.number)):
            yield warning(
                "K003",
                valid.source.place(("can_cu", key, "so"), f"can_cu.{key}.so"),
                f"số, ký hiệu «{c.number}» của {c.kind.lower()} được dẫn {problem}.",
            )
    for where, text in _texts(valid):
        for match in cited_in(text):
            if problem := symbol_problem(match["so"]):
                yield warning("K003", where(), f"số, ký hiệu «{match['so']}» trong «{match[0]}» {problem}.")


def reform(valid: ValidPlan, _computed: object) -> Iterator[Finding]:
    """V002–V004: a document dated from 1 July 2025 on speaks of the communes as they are since then."""
    day = _doc_day(valid)
    if day is None or not after_reform(day):
        return
    plan = valid.plan
    for key, c in plan.citations.items():
        if c.date is not None and c.date > REFORM_DATE and DISTRICT_BODY.search(c.issuer):
            yield error(
                "V002",
                valid.source.place(("can_cu", key, "co_quan"), f"can_cu.{key}.co_quan"),
                f"{c.kind} số {c.number or '…'} ngày {c.date:%d/%m/%Y} ghi cơ quan ban hành «{c.issuer}», nhưng cấp huyện "
                "đã kết thúc hoạt động từ 01/7/2025: kiểm tra lại cơ quan (UBND tỉnh, sở) hoặc ngày.",
            )
    source = valid.source
    for i, recipient in enumerate(plan.recipients.to):
        if re.search(r"\bhuyện\b", recipient, re.IGNORECASE) and DISTRICT_BODY.search(recipient):
            yield error(
                "V003",
                source.place(("noi_nhan", "gui", i), f"noi_nhan.gui[{i + 1}]"),
                f"nơi nhận «{recipient}»: từ 01/7/2025 không còn cấp huyện; xã báo cáo UBND tỉnh và các sở "
                "(ví dụ «UBND tỉnh», «Sở Nông nghiệp và Môi trường»).",
            )
    for where, text in _texts(valid):
        for match in TO_DISTRICT.finditer(text):
            yield error(
                "V003",
                where(),
                f"«{match[0]}»: từ 01/7/2025 không còn cấp huyện; xã báo cáo, đề nghị UBND tỉnh hoặc các sở.",
            )
    named = [(source.place(("van_ban", "co_quan_ban_hanh"), "van_ban.co_quan_ban_hanh"), " ".join(plan.document.agency))]
    named.append((source.place(("van_ban", "ten_co_quan"), "van_ban.ten_co_quan"), plan.document.agency_name))
    for place, text in named:
        if found := former_name(text):
            yield error("V004", place, f"«{found[0]}» là tên trước sáp nhập (01/7/2025); nay là {found[1]}.")
    for where, text in _texts(valid):
        if found := former_name(text):
            yield warning(
                "V004",
                where(),
                f"«{found[0]}» là tên trước sáp nhập (01/7/2025); nay là {found[1]} (nếu đoạn này nói về thời gian trước "
                "sáp nhập thì giữ nguyên).",
            )


RULES = (cited_after, cited_differently, symbol_form, reform)
