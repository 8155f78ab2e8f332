"""Map recognised parts onto the plan format: the YAML text, the unit CSV and the report's lines."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field, replace

from vanban.docx.render import POINT_LETTERS, ROMAN  # the numbering the build gives, checked against the typed one
from vanban.engine.prose import escape, placeholders
from vanban.importer.columns import (
    COLUMN_WORDS,
    NEAR_POOR_COLUMNS,
    NEAR_POOR_WORDS,
    REPORT_COLUMNS,
    REPORT_WORDS,
    UNIT_COLUMNS,
    map_columns,
)
from vanban.importer.figures import (
    Citations,
    Stated,
    left_numbers,
    literal_numbers,
    replace_citations,
    replace_figures,
    replace_years,
)
from vanban.importer.meaning import Where, place
from vanban.importer.parts import Closing, Header, Parts, is_rule
from vanban.importer.read import Para, Table

MUC = re.compile(r"^(?P<num>[IVX]{1,4})\s*[.)]\s*(?P<text>\S.*)$")
KHOAN = re.compile(r"^(?P<num>\d{1,2})\s*[.)]\s+(?P<text>\S.*)$")
DIEM = re.compile(r"^(?P<num>[a-zđ])\s*[.)]\s+(?P<text>\S.*)$")
TOTAL_NAMES = {"cộng": "Cộng", "tổng cộng": "Tổng cộng", "tổng": "Tổng", "tổng số": "Tổng cộng", "toàn thị trấn": "Tổng cộng"}
COUNT = re.compile(r"^\d{1,3}(?:\.\d{3})+$|^\d+$")
RATE = re.compile(r"^(?P<i>\d+)(?:[,.](?P<d>\d+))?\s*%?$")
COUNT_COLUMNS = {"tong_so_ho", "ho_ngheo", "giam_du_kien", "ho_ngheo_cuoi_nam"}
ADMIN_PREFIXES = ("THỊ TRẤN", "THỊ XÃ", "THÀNH PHỐ", "XÃ", "PHƯỜNG", "HUYỆN", "QUẬN", "TỈNH")
# The stated town figures, in the plan's order (templates/ke-hoach.yaml, so_lieu); the flows must be present.
FIGURE_ORDER = (
    "tong_so_ho",
    "so_khau",
    "ho_ngheo_dau_ky",
    "ho_ngheo_thoat_ngheo",
    "ho_ngheo_phat_sinh",
    "ho_ngheo",
    "ty_le_ho_ngheo",
    "ho_ngheo_khong_kha_nang_lao_dong",
    "ho_can_ngheo_dau_ky",
    "ho_can_ngheo_thoat",
    "ho_can_ngheo_tu_ho_ngheo",
    "ho_can_ngheo_phat_sinh",
    "ho_can_ngheo",
    "ty_le_ho_can_ngheo",
    "chi_tieu_giao",
    "chi_tieu_giam_ho_ngheo",
    "ho_ngheo_cuoi_nam",
    "ty_le_ho_ngheo_cuoi_nam",
    "ty_le_ho_ngheo_va_can_ngheo",
    "muc_giam_ty_le_ho_ngheo",
)
REQUIRED_FIGURES = (
    "ho_ngheo_dau_ky",
    "ho_ngheo_thoat_ngheo",
    "ho_ngheo_phat_sinh",
    "ho_can_ngheo_dau_ky",
    "ho_can_ngheo_thoat",
    "ho_can_ngheo_tu_ho_ngheo",
    "ho_can_ngheo_phat_sinh",
    "ho_can_ngheo",
)
# The report's town figures, in templates/bao-cao.yaml's order.
REPORT_FIGURE_ORDER = (
    "tong_so_ho",
    "so_khau",
    "ho_ngheo_dau_nam",
    "ty_le_ho_ngheo_dau_nam",
    "thoat_ngheo",
    "phat_sinh",
    "ho_ngheo_cuoi_nam",
    "ty_le_ho_ngheo_cuoi_nam",
    "muc_giam_ty_le_ho_ngheo",
    "chi_tieu_giam_ho_ngheo",
    "giam_ho_ngheo",
    "ty_le_dat_ke_hoach",
    "ho_ngheo_khong_kha_nang_lao_dong",
    "ho_can_ngheo_dau_nam",
    "thoat_can_ngheo",
    "can_ngheo_tu_ho_ngheo",
    "can_ngheo_phat_sinh",
    "ho_can_ngheo_cuoi_nam",
    "giam_ho_can_ngheo",
    "ty_le_ho_can_ngheo_cuoi_nam",
)


@dataclass(frozen=True)
class Shape:
    """What one kind's import fills: its main table's columns and its town figures."""

    kind: str
    table: str
    columns: tuple[str, ...]
    counts: frozenset[str]
    rates: frozenset[str]
    words: tuple[tuple[str, tuple[str, ...]], ...]
    figure_order: tuple[str, ...]
    required: tuple[str, ...]
    marks: tuple[str, ...]  # a table with the name column and one of these is the main table
    noun: str


PLAN = Shape(
    "ke-hoach",
    "don_vi",
    UNIT_COLUMNS,
    frozenset(COUNT_COLUMNS),
    frozenset({"ty_le_ho_ngheo"}),
    COLUMN_WORDS,
    FIGURE_ORDER,
    REQUIRED_FIGURES,
    ("ho_ngheo", "ty_le_ho_ngheo", "giam_du_kien", "ho_ngheo_cuoi_nam"),
    "bảng đơn vị",
)
REPORT = Shape(
    "bao-cao",
    "ket_qua",
    REPORT_COLUMNS,
    frozenset({"tong_so_ho", "ho_ngheo_dau_nam", "thoat_ngheo", "phat_sinh", "ho_ngheo_cuoi_nam"}),
    frozenset({"ty_le_ho_ngheo_cuoi_nam"}),
    REPORT_WORDS,
    REPORT_FIGURE_ORDER,
    (),
    ("ho_ngheo_dau_nam", "thoat_ngheo", "phat_sinh", "ho_ngheo_cuoi_nam"),
    "bảng kết quả",
)


@dataclass
class Report:
    recognised: list[str] = field(default_factory=list)
    review: list[str] = field(default_factory=list)
    literal: list[str] = field(default_factory=list)
    # Every number of the body, accounted for: (key, value, sentence) placed; (number, why, sentence) left.
    placed: list[tuple[str, str, str]] = field(default_factory=list)
    left: list[tuple[str, str, str]] = field(default_factory=list)

    def ledger(self, source: str) -> str:
        """The list saved beside the imported files: what became a figure, what stayed text."""
        lines = [f"# Số liệu nhập từ «{source}»", "", f"## Đã đặt thành số liệu ({len(self.placed)})", ""]
        lines += [f"- {key} = {value}: «{text}»" for key, value, text in self.placed] or ["(không có)"]
        lines += ["", f"## Để nguyên chữ ({len(self.left)})", ""]
        lines += [f"- «{number}» ({why}): «{text}»" for number, why, text in self.left] or ["(không có)"]
        return "\n".join(lines) + "\n"


@dataclass
class Mapped:
    yaml_text: str
    csv_text: str
    report: Report


# ---------------------------------------------------------------- text helpers


def sentence(text: str) -> str:
    """ "CHỦ TỊCH" -> "Chủ tịch"; "TM. ỦY BAN NHÂN DÂN" -> "TM. Ủy ban nhân dân" (rendered upper again)."""
    match = re.match(r"^((?:TM|KT|TL|TUQ|Q)\.\s*)(.*)$", text.strip())
    prefix, rest = (match[1].upper(), match[2]) if match else ("", text.strip())
    rest = rest.lower()
    return prefix + rest[:1].upper() + rest[1:]


def _title(words: str) -> str:
    return " ".join(w[:1].upper() + w[1:].lower() for w in words.split())


def agency_name(lines: list[str]) -> str:
    """ "ỦY BAN NHÂN DÂN" / "THỊ TRẤN HÀ TRUNG" -> "UBND Thị trấn Hà Trung" (the file's author)."""
    joined = " ".join(lines).upper().replace("UỶ", "ỦY")
    prefix = ""
    if joined.startswith("ỦY BAN NHÂN DÂN"):
        prefix, joined = "UBND ", joined.removeprefix("ỦY BAN NHÂN DÂN").strip()
    for admin in ADMIN_PREFIXES:
        if joined.startswith(admin + " "):
            return prefix + admin.capitalize() + " " + _title(joined.removeprefix(admin).strip())
    return prefix + _title(joined)


def q(text: str) -> str:
    """A YAML single-quoted scalar: any text, read back exactly."""
    return "'" + text.replace("'", "''") + "'"


# ---------------------------------------------------------------- body


@dataclass
class Body:
    blocks: list[tuple[str, str]] = field(default_factory=list)  # (kind, text); kind "" = paragraph
    table: Table | None = None
    near_poor: Table | None = None  # the report's near-poor table, joined into its results table


def _report_table(table: Table) -> str | None:
    """The report's own tables, drawn by the program from its data: near-poor per unit, plan against actual."""
    header = " | ".join(table.rows[0]).casefold() if table.rows else ""
    if header.count("cận nghèo") >= 2:
        return "ket_qua_can_ngheo"
    if "chỉ tiêu" in header and "đạt" in header:
        return "so_sanh"
    return None


def _heading(text: str, counters: list[int]) -> tuple[str, str, str, str] | None:
    """(kind, text, typed number, expected number) for a heading line, else None."""
    for kind, pattern in (("muc", MUC), ("khoan", KHOAN), ("diem", DIEM)):
        if match := pattern.match(text):
            level = ("muc", "khoan", "diem").index(kind)
            counters[level] += 1
            for deeper in range(level + 1, 3):
                counters[deeper] = 0
            n = counters[level]
            expected = (
                (ROMAN[n - 1] if n <= len(ROMAN) else str(n))
                if kind == "muc"
                else str(n)
                if kind == "khoan"
                else (POINT_LETTERS[n - 1] if n <= len(POINT_LETTERS) else str(n))
            )
            return kind, match["text"].strip(), match["num"], expected
    return None


def _is_unit_table(table: Table, headers: dict[str, str], shape: Shape) -> bool:
    keys = map_columns(list(table.rows[0]), headers, shape.words) if table.rows else []
    return "don_vi" in keys and any(k in keys for k in shape.marks)


def body_blocks(parts: Parts, headers: dict[str, str], report: Report, shape: Shape = PLAN) -> Body:
    body = Body()
    counters = [0, 0, 0]
    for item in parts.body:
        if isinstance(item, Table):
            own = _report_table(item) if shape is REPORT else None
            if body.table is None and own is None and _is_unit_table(item, headers, shape):
                body.table = item
                body.blocks.append(("bang", shape.table))
            elif own == "ket_qua_can_ngheo" and body.near_poor is None:
                body.near_poor = item
                body.blocks.append(("bang", own))
            elif own == "so_sanh" and ("bang", own) not in body.blocks:
                # Computed from the plan and the results: its numbers are the program's, not data to keep.
                body.blocks.append(("bang", own))
                numbers = [c for row in item.rows for c in row if re.search(r"\d", c)]
                report.left += [(c, "bảng so sánh với kế hoạch, chương trình tính lại", "bảng so_sanh") for c in numbers]
            else:
                first = " | ".join(item.rows[0]) if item.rows else ""
                report.review.append(f"bảng không phải {shape.noun}, chưa nhập («{first[:60]}»): hãy chép tay nếu cần.")
                numbers = [c for row in item.rows for c in row if re.search(r"\d", c)]
                report.left += [(c, f"trong bảng chưa nhập «{first[:40]}»", " | ".join(item.rows[0])) for c in numbers]
            continue
        assert isinstance(item, Para)
        if item.picture and not item.text.strip() and body.blocks and body.blocks[-1] == ("bang", "so_sanh"):
            body.blocks.append(("bieu_do", "so_sanh"))  # the report's chart, drawn again from the data
            continue
        # Escaped first: a "${…}" the source typed prints as typed, never as a placeholder.
        text = escape(re.sub(r"\s+", " ", item.text.replace("\t", " ")).strip())
        if not text or is_rule(text):
            continue
        heading = _heading(text, counters)
        if heading:
            kind, heading_text, typed, expected = heading
            if typed != expected:
                report.review.append(
                    f"tiêu đề «{typed}. {heading_text[:50]}» được đánh số lại thành «{expected}» theo thứ tự trong văn bản."
                )
            body.blocks.append((kind, heading_text))
            continue
        previous = body.blocks[-1] if body.blocks else None
        # A paragraph broken across a page: no closing punctuation, and the next starts in lower case.
        if previous and previous[0] == "" and not re.search(r"[.;:!?…\"”)]$", previous[1]) and text[:1].islower():
            report.review.append(f"đã nối đoạn bị ngắt: «…{previous[1][-30:]}» + «{text[:30]}…».")
            body.blocks[-1] = ("", previous[1] + " " + text)
            continue
        body.blocks.append(("", text))
    return body


# ---------------------------------------------------------------- unit table


def _header_rows(table: Table, headers: dict[str, str]) -> tuple[list[str], int]:
    """The header text per grid column (two header rows joined) and where the data starts."""
    first = list(table.rows[0])
    start = 1
    if len(table.rows) > 1:
        second = list(table.rows[1])
        if not any(re.search(r"\d", c) for c in second) and any(c and c != f for c, f in zip(second, first, strict=False)):
            first = [f if f == s or not s else f"{f} {s}".strip() for f, s in zip(first, second, strict=False)]
            start = 2
    # A row of column numbers "(1) (2) (3)…" under the header is not data.
    if start < len(table.rows) and all(re.fullmatch(r"\(?\d+\)?|[A-Z]|", c.strip()) for c in table.rows[start]):
        cells = [c for c in table.rows[start] if c.strip()]
        if len(cells) >= max(2, len(first) - 1):
            start += 1
    return first, start


def _value(text: str, key: str, shape: Shape = PLAN) -> tuple[str, bool]:
    """The CSV cell for a stated value, and whether it was read as a number."""
    text = text.strip()
    if not text or key in ("don_vi", "can_bo_phu_trach"):
        return text, True
    if key in shape.counts:
        plain = re.sub(r"\s*hộ$", "", text)
        return (str(int(plain.replace(".", ""))), True) if COUNT.match(plain) else (text, False)
    if key in shape.rates and (match := RATE.match(text)):
        return match["i"] + (f".{match['d']}" if match["d"] else ""), True
    return text, False


def _near_poor_rows(table: Table | None, report: Report) -> dict[str, dict[str, str]]:
    """The near-poor table's cells by unit name (casefolded) and column key, as written."""
    if table is None:
        return {}
    header, start = _header_rows(table, {})
    keys = map_columns(header, {}, NEAR_POOR_WORDS)
    report.recognised.append(
        "cột của bảng hộ cận nghèo: " + ", ".join(f"«{h}» → {k or 'bỏ qua'}" for h, k in zip(header, keys, strict=True))
    )
    rows: dict[str, dict[str, str]] = {}
    for row in table.rows[start:]:
        cells = {k: c.strip() for k, c in zip(keys, row, strict=False) if k}
        name = cells.get("don_vi", "")
        if name and name.casefold() not in TOTAL_NAMES:
            rows[" ".join(name.split()).casefold()] = cells
    return rows


def unit_csv(
    table: Table | None, headers: dict[str, str], report: Report, shape: Shape = PLAN, near_poor: Table | None = None
) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    near = _near_poor_rows(near_poor, report)
    if near:
        shape = replace(
            shape,
            columns=shape.columns + NEAR_POOR_COLUMNS,
            counts=shape.counts | (set(NEAR_POOR_COLUMNS) - {"ty_le_ho_can_ngheo_cuoi_nam"}),
            rates=shape.rates | {"ty_le_ho_can_ngheo_cuoi_nam"},
        )
    writer.writerow(shape.columns)
    if table is None:
        report.recognised.append(
            f"không có {shape.noun}: văn bản chỉ ghi số liệu toàn xã; tệp {shape.table}.csv chỉ có dòng tiêu đề "
            f"(điền các đơn vị và thêm «bang: {shape.table}» vào noi_dung nếu muốn có bảng từng đơn vị)."
        )
        return out.getvalue()
    header, start = _header_rows(table, headers)
    keys = map_columns(header, headers, shape.words)
    mapping = [f"«{h}» → {k or 'bỏ qua'}" for h, k in zip(header, keys, strict=True)]
    report.recognised.append("cột của bảng: " + ", ".join(mapping))
    for key in shape.columns if shape is PLAN else ():
        if key not in keys:
            why = "để trống, cần điền (P001)" if key in ("tong_so_ho", "giam_du_kien") else "để trống"
            if key == "ho_ngheo_cuoi_nam" or key == "ty_le_ho_ngheo":
                why = "để trống, sẽ được tính"
            report.review.append(f"cột «{key}» không có trong bảng gốc: {why}; không tự điền số nào.")
    units = total = 0
    for line_no, row in enumerate(table.rows[start:], start=start + 1):
        cells = {k: c for k, c in zip(keys, row, strict=False) if k}
        if not any(c.strip() for c in row):
            continue
        label = (cells.get("don_vi") or "").strip()
        marker = next(
            (TOTAL_NAMES[c.strip().casefold()] for c in (cells.get("stt", ""), label) if c.strip().casefold() in TOTAL_NAMES),
            None,
        )
        values = {}
        cells = {**near.get(" ".join(label.split()).casefold(), {}), **cells}
        for key in shape.columns:
            value, ok = _value(cells.get(key, ""), key, shape)
            if not ok:
                report.literal.append(
                    f"bảng, dòng {line_no}, cột {key}: «{value}» không phải số, giữ nguyên để kiểm tra báo lỗi."
                )
            values[key] = value
        if marker:
            values["don_vi"] = marker
            total += 1
        else:
            units += 1
        for index, (found_key, cell) in enumerate(zip(keys, row, strict=False)):
            if found_key is None and cell.strip() and not marker:
                report.literal.append(f"bảng, dòng {line_no}: ô «{cell}» ở cột không nhận ra «{header[index]}»: chưa nhập.")
        writer.writerow([values[k] for k in shape.columns])
    report.recognised.append(
        f"{shape.noun}: {units} đơn vị"
        + (", dòng «Cộng» giữ nguyên như văn bản ghi (được kiểm tra, không in lại)" if total else "")
    )
    return out.getvalue()


# ---------------------------------------------------------------- YAML


def _day(date: tuple[int, int, int | None]) -> str:
    year, month, day = date
    return f"{day:02d}/{month:02d}/{year}" if day else f"…/{month:02d}/{year}"


def _date(date: tuple[int, int, int | None] | None) -> str:
    if date is None:
        return "~  # cần điền: không đọc được ngày ban hành"
    year, month, day = date
    return f"{year:04d}-{month:02d}-{day:02d}" if day else f"{year:04d}-{month:02d}  # ngày để trống như bản gốc"


def _header_yaml(header: Header, parts: Parts, author: str, summary: str) -> list[str]:
    lines = ["van_ban:"]
    if header.parent_agency:
        lines += ["  co_quan_chu_quan:"] + [f"    - {q(a)}" for a in header.parent_agency]
    lines += ["  co_quan_ban_hanh:"] + [f"    - {q(a)}" for a in header.agency or ["cần điền"]]
    derived = agency_name(header.agency) if header.agency else "cần điền"
    name = author if author.strip().casefold() == derived.casefold() else derived
    lines.append(f"  ten_co_quan: {q(name)}")
    lines.append(f"  so: {int(header.number)}" if header.number else "  so:            # để trống cho văn thư điền số")
    lines.append(f"  ky_hieu: {header.symbol or '~  # cần điền: không đọc được ký hiệu (ví dụ KH-UBND)'}")
    lines.append(f"  dia_danh: {q(header.place) if header.place else '~  # cần điền'}")
    lines.append(f"  ngay: {_date(header.date)}")
    lines.append(f"  ten_loai: {q(sentence(parts.doc_type))}")
    lines.append(f"  trich_yeu: {q(summary)}")
    return lines


def _closing_yaml(closing: Closing) -> list[str]:
    lines = ["noi_nhan:", "  gui:"] + [f"    - {q(t)}" for t in closing.to or ["cần điền"]]
    lines.append("  luu: [" + ", ".join(q(a) for a in closing.archive or ["VT"]) + "]")
    lines += ["", "ky:"]
    if closing.authority:
        lines.append(f"  quyen_han: {q(sentence(closing.authority))}")
    lines.append(f"  chuc_vu: {q(sentence(closing.position)) if closing.position else '~  # cần điền'}")
    lines.append(f"  ho_ten: {q(closing.name) if closing.name else '~  # cần điền'}")
    return lines


def to_plan(
    parts: Parts,
    *,
    year: int,
    source: str,
    author: str,
    headers: dict[str, str],
    shape: Shape = PLAN,
    six_months: bool = False,
) -> Mapped:
    report = Report()
    citations, stated = Citations(), Stated()
    body = body_blocks(parts, headers, report, shape)
    section = ""

    def prose(text: str, where: str) -> str:
        original = text
        text = replace_citations(text, citations, where)
        if shape is PLAN:  # the seed's phrasings are the plan's
            text = replace_figures(text, stated, where, year)
        context = Where(shape.kind, year, six_months, section)
        text, unsure = place(
            text, context, lambda key, value, clause: key in shape.figure_order and stated.take(key, value, where, clause)
        )
        text = replace_years(text, year)
        # Each figure with the sentence it was read from (the same split of the text before and after).
        before, after = re.split(r"(?<=[.;])\s+", original), re.split(r"(?<=[.;])\s+", text)
        for key in dict.fromkeys(placeholders(text)):
            if key in stated.values and stated.values[key][1] == where and key not in placeholders(original):
                value = stated.values[key][0]
                at = next((i for i, piece in enumerate(after) if "${" + key + "}" in piece), None)
                said = before[at] if at is not None and len(before) == len(after) else original
                report.placed.append((key, f"{value} %" if isinstance(value, str) else str(value), said))
        doubts = {number.split()[0].rstrip("%"): why for number, why in unsure}
        for number, why, context_text in left_numbers(text):
            report.left.append((number, doubts.get(number, why), context_text))
        report.literal.extend(f"{where}: {n}" for n in literal_numbers(text))
        return text

    summary = replace_years(escape(parts.summary), year)
    noi_dung: list[str] = []
    paragraph = 0
    for kind, text in body.blocks:
        if kind in ("bang", "bieu_do"):
            noi_dung.append(f"  - {kind}: {text}")
            continue
        paragraph += 1
        where = f"đoạn {paragraph} («{text[:40]}…»)" if len(text) > 40 else f"đoạn {paragraph} («{text}»)"
        if kind:
            section = text
            noi_dung.append(f"  - {kind}: {q(replace_years(text, year))}")
        else:
            noi_dung.append(f"  - {q(prose(text, where))}")
    header = parts.header
    lines = [
        f"# {sentence(parts.doc_type)} năm {year}, nhập từ «{source}» bằng invoke import.",
        "# Số liệu giữ đúng như văn bản gốc ghi, chưa sửa: invoke check --year " + f"{year} chỉ ra chỗ không khớp.",
        f"nam: {year}",
        *(["vi_du: true  # văn bản gốc có dấu «VÍ DỤ»"] if header.example else []),
        "",
        *_header_yaml(header, parts, author, summary),
        "",
        "can_cu:" if citations.by_key else "can_cu: {}",
    ]
    for key, c in citations.by_key.items():
        if key in citations.notes:
            lines.append(f"  # {citations.notes[key]}")
        lines += [
            f"  {key}:",
            f"    loai: {q(c.kind)}",
            f"    so: {q(c.number)}",
            f"    ngay: {c.date.isoformat()}",
            f"    co_quan: {q(c.issuer)}",
            f"    trich_yeu: {q(c.subject)}",
        ]
    lines += ["", "so_lieu:"]
    for key in shape.figure_order:
        if key in stated.values:
            value, _ = stated.values[key]
            lines.append(f"  {key}: {q(value) if isinstance(value, str) else value}")
        elif key in shape.required:
            lines.append(f"  {key}:   # cần điền: văn bản gốc không ghi")
    lines += ["", "noi_dung:", *noi_dung, "", *_closing_yaml(parts.closing), ""]

    h = header
    report.recognised.insert(
        0,
        f"phần đầu: «{' / '.join(h.agency)}», số «{h.number}/{h.symbol}», "
        + (f"«{h.place}, ngày {_day(h.date)}»" if h.date else "không có ngày"),
    )
    report.recognised.insert(1, f"{sentence(parts.doc_type)}: «{parts.summary}»")
    if citations.by_key:
        report.recognised.append(f"{len(citations.by_key)} văn bản được dẫn (can_cu): {', '.join(citations.by_key)}")
    if stated.found:
        shown = ", ".join(f"{k} = {stated.values[k][0]}" for k in stated.found)
        report.recognised.append(f"{len(stated.found)} số liệu (so_lieu): {shown}")
    counts = {k: sum(1 for kind, _ in body.blocks if kind == k) for k in ("muc", "khoan", "diem", "")}
    report.recognised.append(f"{counts['muc']} mục, {counts['khoan']} khoản, {counts['diem']} điểm, {counts['']} đoạn văn")
    closing = parts.closing
    report.recognised.append(
        f"nơi nhận: {len(closing.to)} nơi, lưu: {', '.join(closing.archive) or '—'}; người ký: {closing.position} {closing.name}".strip()
    )
    missing = [k for k in shape.required if k not in stated.values]
    if missing:
        report.review.append(f"số liệu văn bản không ghi, để trống (P001 cần điền): {', '.join(missing)}.")
    report.review = citations.conflicts + stated.conflicts + report.review
    report.literal = citations.unstructured + report.literal
    csv_text = unit_csv(body.table, headers, report, shape, body.near_poor)
    return Mapped("\n".join(lines), csv_text, report)
