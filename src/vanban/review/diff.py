"""What changed between two plans: figures (town and per unit) and text (word by word).

``diff_plans`` compares two loaded plans and returns data; ``to_markdown`` and
``to_terminal`` present it. Text is compared as the plan author wrote it
(``${nam}`` stays ``${nam}``), so advancing the year is not noise; figures are
compared as the document shows them.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from vanban.docx.render import issue_date_line
from vanban.engine.compute import Computed, RowFigures
from vanban.engine.formulas import Value
from vanban.engine.merge import apply_merges, describe
from vanban.engine.numbers import Rate, format_int, format_number
from vanban.engine.prose import TO_FILL, cite
from vanban.engine.validate import ValidPlan
from vanban.engine.words import Ops, word_diff

Loaded = tuple[ValidPlan, Computed]

# ---------------------------------------------------------------- figures


@dataclass(frozen=True)
class FigureRow:
    label: str
    old: str
    new: str
    change: str

    @property
    def changed(self) -> bool:
        return self.old != self.new


def _count(value: Value | None) -> str:
    return TO_FILL if value is None else format_int(value)


def _delta(old: int | Decimal | None, new: int | Decimal | None, decimals: int = 0) -> str:
    if old is None or new is None:
        return ""
    change = Decimal(new) - Decimal(old)
    if change == 0:
        return "0"
    sign = "+" if change > 0 else "−"
    text = format_number(abs(change), decimals) if decimals else format_int(int(abs(change)))
    return f"{sign}{text}"


def _rate(value: Value | Rate | None) -> tuple[str, Decimal | None, int]:
    if isinstance(value, Rate):
        return format_number(value.value, value.decimals), value.value, value.decimals
    return TO_FILL, None, 2


def _count_row(label: str, old: Value | None, new: Value | None) -> FigureRow:
    return FigureRow(label, _count(old), _count(new), _delta(old, new))


def _rate_row(label: str, old: Value | Rate | None, new: Value | Rate | None) -> FigureRow:
    (old_text, old_value, d1), (new_text, new_value, d2) = _rate(old), _rate(new)
    return FigureRow(label, old_text, new_text, _delta(old_value, new_value, max(d1, d2)))


def town_rows(old: Loaded, new: Loaded) -> list[FigureRow]:
    (_, a), (_, b) = old, new
    ta, tb = a.main.totals, b.main.totals
    rows = [
        _count_row("Tổng số hộ", ta.get("tong_so_ho"), tb.get("tong_so_ho")),
        _count_row("Hộ nghèo đầu năm", ta.get("ho_ngheo"), tb.get("ho_ngheo")),
        _rate_row("Tỷ lệ hộ nghèo (%)", a.values.get("ty_le_ho_ngheo"), b.values.get("ty_le_ho_ngheo")),
        _count_row("Dự kiến giảm", ta.get("giam_du_kien"), tb.get("giam_du_kien")),
        _count_row("Hộ nghèo dự kiến cuối năm", ta.get("ho_ngheo_cuoi_nam"), tb.get("ho_ngheo_cuoi_nam")),
        _rate_row(
            "Tỷ lệ hộ nghèo dự kiến cuối năm (%)",
            a.values.get("ty_le_ho_ngheo_cuoi_nam"),
            b.values.get("ty_le_ho_ngheo_cuoi_nam"),
        ),
    ]
    # Any other totalled column either year's table has (near-poor per unit, a commune's own).
    main = b.main.table
    for key in main.columns:
        if key in ("tong_so_ho", "ho_ngheo", "giam_du_kien", "ho_ngheo_cuoi_nam"):
            continue
        if key in ta or key in tb:
            rows.append(_count_row(f"{main.columns[key].short_label} (cộng)", ta.get(key), tb.get(key)))
    return rows


@dataclass(frozen=True)
class UnitRow:
    """One unit across the two years; ``status`` is '', 'mới', 'bỏ', 'đổi tên' or 'gộp' (old_name: «A + B»)."""

    old_name: str | None
    new_name: str | None
    status: str
    figures: tuple[FigureRow, ...]

    @property
    def name(self) -> str:
        if self.status in ("đổi tên", "gộp"):
            return f"{self.old_name} → {self.new_name}"
        return self.new_name or self.old_name or ""

    @property
    def changed(self) -> bool:
        return bool(self.status) or any(f.changed for f in self.figures)


def _unit_figures(a: RowFigures | None, b: RowFigures | None, columns: list[tuple[str, str, str]]) -> tuple[FigureRow, ...]:
    """One FigureRow per numeric column (key, short label, kind), as each document shows it."""
    rows = []
    for key, label, kind in columns:
        va, vb = (a.shown.get(key) if a else None), (b.shown.get(key) if b else None)
        if kind == "ty_le":
            ra = (format_number(va.value, va.decimals), va.value, va.decimals) if isinstance(va, Rate) else ("", None, 2)
            rb = (format_number(vb.value, vb.decimals), vb.value, vb.decimals) if isinstance(vb, Rate) else ("", None, 2)
            rows.append(FigureRow(label, ra[0], rb[0], _delta(ra[1], rb[1], max(ra[2], rb[2]))))
        else:
            ca = va if isinstance(va, int) else None
            cb = vb if isinstance(vb, int) else None
            rows.append(FigureRow(label, _count(ca) if a else "", _count(cb) if b else "", _delta(ca, cb)))
    return tuple(rows)


def _officer(unit: RowFigures) -> str:
    value = unit.shown.get("can_bo_phu_trach")
    return value if isinstance(value, str) else ""


RENAME_SIMILARITY = 0.6  # names this alike (difflib ratio) are one unit renamed: "TK Trang Các" → "Tiểu khu Trang Các"


def _name_similarity(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, a.casefold(), b.casefold()).ratio()


def unit_rows(old: Loaded, new: Loaded, merges: Mapping[str, tuple[str, ...]] | None = None) -> list[UnitRow]:
    """Units matched by name; an unmatched pair with a similar name or the same officer is a rename,
    the rest are added or removed. Row position alone never makes a rename: a unit replaced by
    another in the same row ("Tiểu khu 6" → "Khu công nghiệp Bỉm Sơn", another officer) is one
    unit removed and one added. Units the year's merge map (``merges``: new unit -> old units)
    names are compared with their old units' sum."""
    table = new[1].main.table
    merges = {k: v for k, v in (merges or {}).items() if k.casefold() in {u.name.casefold() for u in new[1].units}}
    a_units, b_units = apply_merges(old[1].units, merges, old[1].main.table), list(new[1].units)
    merged = {k.casefold(): k for k in merges}
    present = set(old[1].main.columns) | set(new[1].main.columns)
    columns = [(k, c.short_label, c.value_type) for k, c in table.columns.items() if k in present and c.value_type != "chu"]
    a_by_name = {u.name.casefold(): u for u in a_units}
    b_names = {u.name.casefold() for u in b_units}
    removed = [u for u in a_units if u.name.casefold() not in b_names]
    renamed: dict[str, RowFigures] = {}
    for unit in b_units:
        if unit.name.casefold() in a_by_name:
            continue
        position = b_units.index(unit)
        candidates = [
            r
            for r in removed
            if _name_similarity(r.name, unit.name) >= RENAME_SIMILARITY or (_officer(unit) and _officer(r) == _officer(unit))
        ]
        if not candidates:
            continue
        best = min(
            candidates,
            key=lambda r: (
                -(_officer(r) == _officer(unit) and bool(_officer(unit))),
                -_name_similarity(r.name, unit.name),
                abs(a_units.index(r) - position),
            ),
        )
        renamed[unit.name.casefold()] = best
        removed.remove(best)
    rows = []
    for unit in b_units:
        key = unit.name.casefold()
        if key in merged:
            status = "đổi tên" if len(merges[merged[key]]) == 1 else "gộp"
            rows.append(UnitRow(describe(merges, merged[key]), unit.name, status, _unit_figures(a_by_name[key], unit, columns)))
        elif key in a_by_name:
            rows.append(UnitRow(a_by_name[key].name, unit.name, "", _unit_figures(a_by_name[key], unit, columns)))
        elif key in renamed:
            rows.append(UnitRow(renamed[key].name, unit.name, "đổi tên", _unit_figures(renamed[key], unit, columns)))
        else:
            rows.append(UnitRow(None, unit.name, "mới", _unit_figures(None, unit, columns)))
    rows += [UnitRow(u.name, None, "bỏ", _unit_figures(u, None, columns)) for u in removed]
    return rows


# ---------------------------------------------------------------- text


@dataclass(frozen=True)
class TextChange:
    kind: str  # "sửa" (rewritten), "thêm" (added), "bỏ" (removed), "đề mục" (the section's heading rewritten)
    ops: Ops


@dataclass
class SectionDiff:
    title: str
    changes: list[TextChange] = field(default_factory=list)


def _sections(plan: ValidPlan) -> list[tuple[str, list[str]]]:
    """The plan's text, grouped as a reviewer reads it."""
    p = plan.plan
    doc = p.document
    sections: list[tuple[str, list[str]]] = [
        (
            "Văn bản",
            [doc.summary, f"Số: {doc.number or TO_FILL}/{doc.symbol}", f"{doc.place}, {issue_date_line(doc.date, p.year)}"],
        ),
        ("Căn cứ", [f"{key}: {cite(c)}" for key, c in p.citations.items()]),
    ]
    title, texts = "Mở đầu", list[str]()
    for block in p.body:
        if block.kind == "section":
            sections.append((title, texts))
            title, texts = block.text, []
        elif block.kind != "table":
            texts.append(block.text)
    sections.append((title, texts))
    recipients = [*p.recipients.to, f"Lưu: {', '.join(p.recipients.archive)}"]
    sections.append(("Nơi nhận", recipients))
    sign = p.signature
    sections.append(("Chữ ký", [t for t in (sign.authority, sign.position, sign.name) if t]))
    return sections


def _compare(old: list[str], new: list[str]) -> list[TextChange]:
    changes = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if tag == "equal":
            continue
        pairs = min(i2 - i1, j2 - j1) if tag == "replace" else 0
        for k in range(pairs):
            changes.append(TextChange("sửa", word_diff(old[i1 + k], new[j1 + k])))
        changes += [TextChange("bỏ", [("-", t)]) for t in old[i1 + pairs : i2]]
        changes += [TextChange("thêm", [("+", t)]) for t in new[j1 + pairs : j2]]
    return changes


SECTION_SIMILARITY = 0.5  # a section whose heading or text is this alike is the same section, edited


def _same_section(a: tuple[str, list[str]], b: tuple[str, list[str]]) -> bool:
    if _name_similarity(a[0], b[0]) >= SECTION_SIMILARITY:
        return True
    if not a[1] or not b[1]:
        return False  # two bare headings with different words: nothing else says they are one
    return difflib.SequenceMatcher(None, "\n".join(a[1]), "\n".join(b[1]), autojunk=False).ratio() >= SECTION_SIMILARITY


def _matched_sections(a: list[tuple[str, list[str]]], b: list[tuple[str, list[str]]]) -> list[tuple[int | None, int | None]]:
    """Sections of the two plans paired in reading order: by heading, else (a heading rewritten) by
    a similar heading or similar text in the same place; the rest were added or removed."""
    pairs: list[tuple[int | None, int | None]] = []
    matcher = difflib.SequenceMatcher(None, [t for t, _ in a], [t for t, _ in b], autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            pairs += zip(range(i1, i2), range(j1, j2), strict=True)
            continue
        i = i1
        for j in range(j1, j2):
            match = next((k for k in range(i, i2) if _same_section(a[k], b[j])), None)
            if match is None:
                pairs.append((None, j))
                continue
            pairs += [(k, None) for k in range(i, match)]
            pairs.append((match, j))
            i = match + 1
        pairs += [(k, None) for k in range(i, i2)]
    return pairs


def text_sections(old: ValidPlan, new: ValidPlan) -> list[SectionDiff]:
    """Text changes per section. A heading is compared as a heading: rewritten, it is one change
    ("đề mục") and the paragraphs under it are compared as usual."""
    a, b = _sections(old), _sections(new)
    result = []
    for i, j in _matched_sections(a, b):
        old_title, old_texts = a[i] if i is not None else (None, [])
        new_title, new_texts = b[j] if j is not None else (None, [])
        changes = []
        if old_title is not None and new_title is not None and old_title != new_title:
            changes.append(TextChange("đề mục", word_diff(old_title, new_title)))
        changes += _compare(old_texts, new_texts)
        if changes:
            result.append(SectionDiff(new_title if new_title is not None else old_title or "", changes))
    return result


# ---------------------------------------------------------------- the whole diff


@dataclass(frozen=True)
class PlanDiff:
    old_label: str
    new_label: str
    town: list[FigureRow]
    units: list[UnitRow]
    text: list[SectionDiff]
    document: str = "kế hoạch"  # what is compared, in the titles: "kế hoạch", "báo cáo"


def diff_plans(
    old: Loaded, new: Loaded, old_label: str, new_label: str, merges: Mapping[str, tuple[str, ...]] | None = None
) -> PlanDiff:
    return PlanDiff(old_label, new_label, town_rows(old, new), unit_rows(old, new, merges), text_sections(old[0], new[0]))


# ---------------------------------------------------------------- presentation


def _inline_markdown(ops: Ops) -> str:
    out = []
    for op, text in ops:
        if op == "=":
            out.append(text)
        elif text.strip():
            out.append(f"~~{text.strip()}~~" if op == "-" else f"**{text.strip()}**")
            out.append(" " if text != text.rstrip() else "")
    return "".join(out).replace("\n", " ")


def _cell(row: FigureRow) -> str:
    if not row.changed:
        return row.new
    return f"{row.old or '—'} → {row.new or '—'}" + (f" ({row.change})" if row.change and row.change != "0" else "")


def to_markdown(diff: PlanDiff) -> str:
    lines = [f"# So sánh {diff.document} {diff.new_label} với {diff.old_label}", "", "## Số liệu toàn đơn vị", ""]
    lines += [f"| Chỉ tiêu | {diff.old_label} | {diff.new_label} | Thay đổi |", "|---|---:|---:|---:|"]
    lines += [f"| {r.label} | {r.old} | {r.new} | {r.change} |" for r in diff.town]
    labels = [f.label for f in diff.units[0].figures] if diff.units else []
    lines += [
        "",
        "## Số liệu từng đơn vị",
        "",
        "| Đơn vị | " + " | ".join(labels) + " | Ghi chú |",
        "|---|" + "---:|" * len(labels) + "---|",
    ]
    for unit in diff.units:
        cells = [_cell(f) for f in unit.figures]
        lines.append(f"| {unit.name} | " + " | ".join(cells) + f" | {unit.status} |")
    lines += ["", "## Nội dung", ""]
    if not diff.text:
        lines.append("Không có thay đổi về câu chữ.")
    for section in diff.text:
        lines += [f"### {section.title}", ""]
        for change in section.changes:
            lines.append(f"- *{change.kind}:* {_inline_markdown(change.ops)}")
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def to_terminal(diff: PlanDiff, *, color: bool) -> str:
    """Plain text; with ``color`` deletions are red and insertions green, else [-…-] and {+…+}."""
    red, green, bold, reset = ("\033[31m", "\033[32m", "\033[1m", "\033[0m") if color else ("", "", "", "")

    def inline(ops: Ops) -> str:
        parts = []
        for op, text in ops:
            if op == "=":
                parts.append(text)
            elif op == "-":
                parts.append(f"{red}\033[9m{text}{reset}" if color else f"[-{text}-]")
            else:
                parts.append(f"{green}{text}{reset}" if color else f"{{+{text}+}}")
        return "".join(parts)

    def table(header: list[str], rows: list[list[str]]) -> list[str]:
        widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
        fmt = lambda r: "  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(r, widths)))  # noqa: E731
        return [bold + fmt(header) + reset, *[fmt(r) for r in rows]]

    out = [f"{bold}So sánh {diff.document} {diff.new_label} với {diff.old_label}{reset}", "", f"{bold}Số liệu toàn đơn vị{reset}"]
    out += table(["Chỉ tiêu", diff.old_label, diff.new_label, "Thay đổi"], [[r.label, r.old, r.new, r.change] for r in diff.town])
    if diff.units:
        out += ["", f"{bold}Số liệu từng đơn vị{reset}"]
        header = ["Đơn vị", *[f.label for f in diff.units[0].figures], "Ghi chú"]
        out += table(header, [[u.name, *[_cell(f) for f in u.figures], u.status] for u in diff.units])
    out += ["", f"{bold}Nội dung{reset}"]
    if not diff.text:
        out.append("Không có thay đổi về câu chữ.")
    for section in diff.text:
        out.append(f"{bold}{section.title}{reset}")
        for change in section.changes:
            out.append(f"  {change.kind}: {inline(change.ops)}")
    return "\n".join(out) + "\n"
