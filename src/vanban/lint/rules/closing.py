"""Nơi nhận (Phụ lục I, II.9.d) and the signature (II.7.đ)."""

from __future__ import annotations

import re

from vanban.lint.locate import ITEM_MARK, is_item_start
from vanban.lint.rule import Context, Report, Rule
from vanban.lint.words import align_name, case_problem, excerpt, style_problems


def label(ctx: Context, out: Report) -> None:
    para = ctx.closing.label
    if para is None:
        out.add("không tìm thấy «Nơi nhận:»")
        return
    problems = []
    if para.clean != "Nơi nhận:":
        problems.append("quy định viết «Nơi nhận:» chữ in thường, sau có dấu hai chấm")
    problems += style_problems(para.pieces_in(), sizes=(12, 12), bold=True, italic=True)
    if para.layout.alignment not in ("left", "both"):
        problems.append(f"{align_name(para.layout.alignment)}, quy định sát lề trái")
    out.element(para, problems)


def _mark(text: str) -> str | None:
    match = ITEM_MARK.match(text)
    return match.group(1) if match else None


def recipients(ctx: Context, out: Report) -> None:
    closing = ctx.closing
    if closing.label is None:
        return  # L130 reports the missing Nơi nhận
    items = closing.items
    if not items:
        out.add("không có nơi nhận nào dưới «Nơi nhận:»")
        return
    pieces = [pc for q in items for pc in q.pieces_in()]
    problems = style_problems(pieces, sizes=(11, 11), bold=False, italic=False)
    starts = [i for i, q in enumerate(items) if is_item_start(q)]
    # Bullets other than the dash: recipients all the same, in the wrong form.
    wrong = [items[i] for i in starts if _mark(items[i].clean) != "-"]
    if not starts or starts[0] != 0:
        problems.append(f"dòng {excerpt(items[0].text)} không bắt đầu bằng gạch đầu dòng (-)")
    if wrong:
        first = wrong[0]
        mark = _mark(first.clean)
        shown = f"dấu «{mark}»" if mark else "đầu dòng tự động của Word (danh sách)"
        problems.append(
            f"{len(wrong)} nơi nhận đánh dấu bằng {shown}, đầu tiên {excerpt(first.text)}; quy định gạch đầu dòng (-)"
        )
    for position in range(len(starts)):
        last_line = items[(starts[position + 1] - 1) if position + 1 < len(starts) else len(items) - 1]
        final = position == len(starts) - 1
        mark = "." if final else ";"
        if not last_line.clean.endswith(mark):
            what = "dòng cuối cùng kết thúc bằng dấu chấm (.)" if final else "cuối dòng có dấu chấm phẩy (;)"
            problems.append(f"dòng {excerpt(last_line.text)}: quy định {what}")
            break
    last_item = items[starts[-1]] if starts else items[-1]
    if not re.match(r"^\s*Lưu\s*:\s*VT\b", ITEM_MARK.sub("", last_item.clean, count=1)) or not is_item_start(last_item):
        problems.append(f"dòng cuối {excerpt(last_item.text)}, quy định «- Lưu: VT, …»")
    out.add(problems)


def authority(ctx: Context, out: Report) -> None:
    signer = ctx.closing.signer
    if not signer:
        out.add("không tìm thấy quyền hạn, chức vụ và họ tên người ký")
        return
    for q in signer[:-1]:
        problems = case_problem(q.shown, upper=True)
        problems += style_problems(q.pieces_in(), sizes=(13, 14), bold=True, italic=False)
        if q.layout.alignment != "center":
            problems.append(f"{align_name(q.layout.alignment)}, quy định canh giữa")
        out.element(q, problems)


def signer_name(ctx: Context, out: Report) -> None:
    signer = ctx.closing.signer
    if not signer:
        return  # L140 reports the missing signature
    name = signer[-1]
    problems = case_problem(name.shown, upper=False)
    problems += style_problems(name.pieces_in(), sizes=(13, 14), bold=True, italic=False)
    if name.layout.alignment != "center":
        problems.append(f"{align_name(name.layout.alignment)}, quy định canh giữa")
    out.element(name, problems)


RULES = (
    Rule("L130", "II.9.d", "Nơi nhận", "«Nơi nhận:» 12 pt, bold, italic, at the left margin", label),
    Rule(
        "L131",
        "II.9.d",
        "các nơi nhận",
        "recipients 11 pt upright, each «- …;» (a dash, not «•»), the last «- Lưu: VT, … .»",
        recipients,
    ),
    Rule(
        "L140",
        "II.7.đ",
        "quyền hạn, chức vụ người ký",
        "signing authority and position in capitals, 13–14 pt, bold, upright, centred",
        authority,
    ),
    Rule("L141", "II.7.đ", "họ tên người ký", "signer's name not in capitals, 13–14 pt, bold, upright, centred", signer_name),
)
