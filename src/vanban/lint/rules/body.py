"""The body (Phụ lục I, II.6): text, headings, clauses and points.

One pass classifies every body paragraph and notes each aspect it breaks; the three rules (L121
text, L122 headings, L123 clauses and points) each report their part, one finding per aspect with
the number of paragraphs and the first of them.
"""

from __future__ import annotations

from typing import Any, cast

from vanban.lint.document import TWIPS_PER_MM, Para
from vanban.lint.lines import is_rule_paragraph
from vanban.lint.rule import Context, Report, Rule
from vanban.lint.words import ALIGN_NAMES, excerpt, fmt_size, is_upper, mm

Issues = dict[tuple[str, str], list[tuple[Para, str]]]  # (code, aspect) -> [(paragraph, what was found)]

REQUIRED = {
    "cỡ chữ": "cỡ chữ 13–14",
    "chữ in hoa": "tiêu đề mục in hoa",
    "in đậm": "in đậm",
    "kiểu chữ": "kiểu chữ đứng (điểm không in đậm; căn cứ ở đầu văn bản được in nghiêng)",
    "cỡ chữ bằng lời văn": "cỡ chữ bằng cỡ chữ của phần lời văn",
    "canh đều": "canh đều hai lề",
    "lùi đầu dòng": "lùi đầu dòng 1 cm hoặc 1,27 cm",
    "khoảng cách đoạn": "khoảng cách giữa các đoạn tối thiểu 6 pt",
    "giãn dòng": "khoảng cách dòng từ dòng đơn đến 1,5 dòng",
}


def _issues(ctx: Context) -> Issues:
    cached = ctx.cache.get("body_issues")
    if cached is None:
        cached = ctx.cache["body_issues"] = _find_issues(ctx)
    return cast(Issues, cached)  # stored just above, or by an earlier rule


def _find_issues(ctx: Context) -> Issues:
    paras, kinds = ctx.body.paras, ctx.body.kinds
    issues: Issues = {}

    def note(code: str, clause: str, aspect: str, para: Para, found: str) -> None:
        issues.setdefault((code, aspect), []).append((para, found))

    body_sizes = [pc.fmt.size for q in paras if kinds.get(q.index) == "body" for pc in q.pieces]
    body_size = max(set(body_sizes), key=body_sizes.count) if body_sizes else None  # the most common, once
    for i, q in enumerate(paras):
        if q.index not in kinds:
            continue
        kind = kinds[q.index]
        pieces = [pc for pc in q.pieces if q.text[pc.start : pc.end].strip()]
        if not pieces:
            continue
        sizes = sorted({pc.fmt.size for pc in pieces})
        wrong_sizes = [s for s in sizes if not 12.99 <= s <= 14.01]
        code, clause = {"body": ("L121", "II.6.e"), "preamble": ("L121", "II.6.e")}.get(kind) or {
            "heading": ("L122", "II.6.đ"),
            "title": ("L122", "II.6.đ"),
            "label": ("L122", "II.6.đ"),
        }.get(kind, ("L123", "II.6.đ"))
        if wrong_sizes:
            note(code, clause, "cỡ chữ", q, f"cỡ {', '.join(fmt_size(s) for s in wrong_sizes)}")
        if kind in ("heading", "title"):
            if not is_upper(q.shown):
                note(code, clause, "chữ in hoa", q, "không in hoa")
            if not all(pc.fmt.bold for pc in pieces):
                note(code, clause, "in đậm", q, "không đậm")
        if kind == "label" and not all(pc.fmt.bold for pc in pieces):
            note(code, clause, "in đậm", q, "không đậm")
        if kind in ("heading", "title", "label", "clause", "point") and any(pc.fmt.italic for pc in pieces):
            note(code, clause, "kiểu chữ", q, "in nghiêng")
        if kind == "point" and all(pc.fmt.bold for pc in pieces):
            note(code, clause, "kiểu chữ", q, "in đậm")
        if kind == "body" and all(pc.fmt.italic for pc in pieces):
            note(code, clause, "kiểu chữ", q, "in nghiêng")
        if kind in ("clause", "point") and body_sizes and sizes and max(sizes) != body_size:
            note(code, clause, "cỡ chữ bằng lời văn", q, f"cỡ {fmt_size(max(sizes))} khác cỡ lời văn")
        if kind in ("body", "preamble", "clause", "point"):
            layout = q.layout
            if layout.alignment not in ("both", "distribute"):
                note("L121", "II.6.e", "canh đều", q, ALIGN_NAMES.get(layout.alignment, layout.alignment))
            indent_mm = layout.first_line / TWIPS_PER_MM
            if not 9.7 <= indent_mm <= 13.0:
                note("L121", "II.6.e", "lùi đầu dòng", q, f"{mm(indent_mm)} mm")
            _line_spacing(q, max(sizes), note)
            following = paras[i + 1] if i + 1 < len(paras) else None
            if following is not None and following.clean and not is_rule_paragraph(following):
                gap = layout.space_after + following.layout.space_before
                if layout.contextual_spacing and following.layout.style_id == layout.style_id:
                    gap = 0.0
                if gap < 5.95 and _adjacent(q, following):
                    note("L121", "II.6.e", "khoảng cách đoạn", q, f"{fmt_size(gap)} pt")

    return issues


def _adjacent(a: Para, b: Para) -> bool:
    """Whether nothing (a table, an empty line) stands between two body paragraphs."""
    return b.index == a.index + 1


def _line_spacing(q: Para, size: float, note: Any) -> None:
    layout = q.layout
    if layout.line is None:
        return
    if layout.line_rule == "auto":
        ok = 0.99 <= layout.line <= 1.51
        found = f"{fmt_size(round(layout.line, 2))} dòng"
    elif layout.line_rule == "exact":
        ok = size - 0.01 <= layout.line <= 1.5 * 1.15 * size + 0.01
        found = f"đúng {fmt_size(layout.line)} pt"
    else:  # atLeast: never below single spacing
        ok = layout.line <= 1.5 * 1.15 * size + 0.01
        found = f"tối thiểu {fmt_size(layout.line)} pt"
    if not ok:
        note("L121", "II.6.e", "giãn dòng", q, found)


def _report(code: str) -> Any:
    def check(ctx: Context, out: Report) -> None:
        for (issue_code, aspect), items in _issues(ctx).items():
            if issue_code != code:
                continue
            para, found = items[0]
            count = f"{len(items)} đoạn" if len(items) > 1 else "1 đoạn"
            out.add(f"{count} sai «{aspect}», đầu tiên {excerpt(para.text)}: {found}; quy định {REQUIRED[aspect]}")

    check.__name__ = f"check_{code}"
    return check


RULES = (
    Rule(
        "L121",
        "II.6.e",
        "nội dung văn bản",
        "body 13–14 pt, justified, first-line indent 1–1,27 cm, ≥ 6 pt between paragraphs, single to 1,5 lines, upright "
        "(the opening căn cứ may be italic)",
        _report("L121"),
        yeu_cau="Nội dung cỡ 13–14, căn đều hai bên, lùi đầu dòng 1–1,27 cm, cách đoạn ít nhất 6 pt, giãn dòng từ đơn đến 1,5 dòng.",
    ),
    Rule(
        "L122",
        "II.6.đ",
        "tiêu đề phần, chương, mục, điều",
        "headings «I. …» in capitals and bold; Phần, Chương, Mục, Điều bold; upright",
        _report("L122"),
        yeu_cau="Tiêu đề mục «I. …» in hoa, đậm; Phần, Chương, Mục, Điều in đậm.",
    ),
    Rule(
        "L123",
        "II.6.đ",
        "khoản, điểm",
        "clauses and points upright, at the body's size (points not bold)",
        _report("L123"),
        yeu_cau="Khoản, điểm chữ đứng, cùng cỡ chữ nội dung.",
    ),
)
