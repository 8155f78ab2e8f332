"""The document type and trích yếu (Phụ lục I, II.5.b), and the rule under them."""

from __future__ import annotations

from vanban.docx.metrics import text_width_mm
from vanban.engine.findings import Severity
from vanban.lint.document import TWIPS_PER_MM
from vanban.lint.rule import Context, Report, Rule
from vanban.lint.words import align_name, case_problem, excerpt, mm, pct, style_problems


def doc_type(ctx: Context, out: Report) -> None:
    title = ctx.title
    first = title.first
    if first is None:
        return
    if not title.is_type:
        out.add(
            f"không xác định được tên loại văn bản (đoạn đầu sau phần đầu văn bản là {excerpt(first.text)})",
            severity=Severity.WARNING,
        )
        return
    problems = case_problem(first.shown, upper=True)
    problems += style_problems(first.pieces, sizes=(13, 14), bold=True, italic=False)
    if first.layout.alignment != "center":
        problems.append(f"{align_name(first.layout.alignment)}, quy định canh giữa")
    out.element(first, problems)


def summary(ctx: Context, out: Report) -> None:
    title = ctx.title
    if not title.is_type:
        return  # L118 says the type was not found; the trích yếu is looked for under it
    if not title.summary:
        out.add("không tìm thấy trích yếu nội dung ngay dưới tên loại văn bản")
        return
    for q in title.summary:
        problems = case_problem(q.shown, upper=False)
        problems += style_problems(q.pieces, sizes=(13, 14), bold=True, italic=False)
        if q.layout.alignment != "center":
            problems.append(f"{align_name(q.layout.alignment)}, quy định canh giữa")
        out.element(q, problems)


def summary_rule(ctx: Context, out: Report) -> None:
    title = ctx.title
    if not title.summary:
        return
    if title.rule is None:
        out.add("không có đường kẻ ngang dưới trích yếu, quy định dài 1/3–1/2 dòng chữ")
        return
    lines = title.summary
    last = lines[-1]
    size = max(pc.fmt.size for q in lines for pc in q.pieces)
    bold = all(pc.fmt.bold for q in lines for pc in q.pieces)
    longest = max(text_width_mm(q.clean, size, bold=bold) for q in lines)
    line_mm = min(longest, (last.width - last.layout.left - last.layout.right) / TWIPS_PER_MM)
    ratio = title.rule.length_mm / line_mm if line_mm else 0
    if not 0.30 <= ratio <= 0.55:
        out.add(
            f"đường kẻ dài {title.rule.describe()} = {pct(ratio)} dòng chữ trích yếu ({mm(line_mm)} mm); "
            "quy định 1/3–1/2 độ dài dòng chữ"
        )


RULES = (
    Rule(
        "L118",
        "II.5.b",
        "tên loại văn bản",
        "document type in capitals, 13–14 pt, bold, upright, centred (a warning when no type is found)",
        doc_type,
        needs_header=True,
    ),
    Rule("L119", "II.5.b", "trích yếu", "trích yếu in lower case, 13–14 pt, bold, upright, centred", summary, needs_header=True),
    Rule(
        "L120",
        "II.5.b",
        "đường kẻ dưới trích yếu",
        "a rule under the trích yếu, 1/3–1/2 of its longest line (30–55 %)",
        summary_rule,
        needs_header=True,
    ),
)
