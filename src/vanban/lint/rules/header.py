"""The header block (Phụ lục I, II.1–II.4): Quốc hiệu, Tiêu ngữ, agency, number, place and date."""

from __future__ import annotations

import re

from vanban.docx.metrics import text_width_mm
from vanban.engine.citations import symbol_problem
from vanban.lint.document import TWIPS_PER_MM, squash
from vanban.lint.locate import date_match, national_span, number_match
from vanban.lint.rule import Context, Report, Rule
from vanban.lint.words import align_name, case_problem, letters, mm, pct, style_problems

MOTTO = "Độc lập - Tự do - Hạnh phúc"


def national(ctx: Context, out: Report) -> None:
    para = ctx.header.national
    if para is None:
        out.add(
            "không tìm thấy Quốc hiệu «CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM» ở đầu văn bản; không có phần đầu văn bản "
            "(phụ lục, văn bản thường) nên không kiểm tra Tiêu ngữ, tên cơ quan, số, ngày, tên loại, trích yếu (L111–L120)"
        )
        return
    span = national_span(para.text)
    assert span is not None, "para is where the Quốc hiệu was found"
    start, end = span
    pieces = para.pieces_in(start, end)
    shown = "".join(para.text[pc.start : pc.end].upper() if pc.fmt.caps else para.text[pc.start : pc.end] for pc in pieces)
    problems = case_problem(shown, upper=True)
    problems += style_problems(pieces, sizes=(12, 13), bold=True, italic=False)
    out.element(para, problems)


def motto(ctx: Context, out: Report) -> None:
    header = ctx.header
    para = header.motto
    if para is None or header.motto_span is None:
        out.add("không tìm thấy Tiêu ngữ «Độc lập - Tự do - Hạnh phúc» ngay dưới Quốc hiệu")
        return
    pieces = para.pieces_in(*header.motto_span)
    text = squash(para.text[header.motto_span[0] : header.motto_span[1]])
    problems = []
    if text != MOTTO or any(pc.fmt.caps for pc in pieces):
        problems.append(
            "viết khác mẫu, quy định «Độc lập - Tự do - Hạnh phúc»: chữ in thường, viết hoa chữ đầu mỗi cụm từ, "
            "gạch nối (-) có cách chữ"
        )
    problems += style_problems(pieces, sizes=(13, 14), bold=True, italic=False)
    if para.layout.alignment != "center" and header.national is not None and header.national.layout.alignment == "center":
        problems.append(f"{align_name(para.layout.alignment)}, quy định canh giữa dưới Quốc hiệu")
    out.element(para, problems)


def motto_rule(ctx: Context, out: Report) -> None:
    header = ctx.header
    para = header.motto
    if para is None or header.motto_span is None:
        return  # L111 reports the missing Tiêu ngữ
    rule = header.motto_rule
    if rule is None:
        out.add("không có đường kẻ ngang dưới Tiêu ngữ, quy định có đường kẻ nét liền dài bằng dòng chữ")
        return
    pieces = para.pieces_in(*header.motto_span)
    text = squash(para.text[header.motto_span[0] : header.motto_span[1]])
    bold = all(pc.fmt.bold for pc in pieces)
    size = max(pc.fmt.size for pc in pieces)
    text_mm = text_width_mm(text, size, bold=bold)
    if abs(rule.length_mm - text_mm) > 0.10 * text_mm:
        out.add(f"đường kẻ dài {rule.describe()}, dòng chữ Tiêu ngữ dài {mm(text_mm)} mm; quy định dài bằng dòng chữ (±10 %)")


def agency(ctx: Context, out: Report) -> None:
    header = ctx.header
    if not header.agency:
        out.add(header.agency_missing)
        return
    for i, q in enumerate(header.agency):
        pieces = q.pieces_in(0, header.agency_end)
        shown = "".join(q.text[pc.start : pc.end].upper() if pc.fmt.caps else q.text[pc.start : pc.end] for pc in pieces)
        issuing = i == len(header.agency) - 1  # the line right above the rule is the issuing agency
        problems = case_problem(shown, upper=True)
        problems += style_problems(pieces, sizes=(12, 13), bold=True if issuing else None, italic=False)
        out.element(q, problems)


def agency_rule(ctx: Context, out: Report) -> None:
    header = ctx.header
    if not header.agency:
        return  # L113 reports the missing agency
    rule = header.agency_rule
    if rule is None:
        out.add("không có đường kẻ ngang dưới tên cơ quan, quy định dài 1/3–1/2 dòng chữ")
        return
    last, end = header.agency[-1], header.agency_end
    pieces = last.pieces_in(0, end)
    text = squash(last.text[:end] if end else last.text)
    shown = text.upper() if pieces and pieces[0].fmt.caps else text
    size = max((pc.fmt.size for pc in pieces), default=13)
    text_mm = min(text_width_mm(shown, size, bold=all(pc.fmt.bold for pc in pieces)), last.width / TWIPS_PER_MM or 1e9)
    ratio = rule.length_mm / text_mm if text_mm else 0
    if not 0.30 <= ratio <= 0.55:
        out.add(
            f"đường kẻ dài {rule.describe()} = {pct(ratio)} dòng chữ «{shown}» ({mm(text_mm)} mm); quy định 1/3–1/2 độ dài dòng chữ"
        )


def number(ctx: Context, out: Report) -> None:
    para = ctx.header.number
    if para is None:
        out.add("không tìm thấy dòng «Số: …/…» dưới tên cơ quan")
        return
    match = number_match(para.text)
    assert match
    problems = []
    word = match.group("word")
    if word != "Số":
        problems.append(f"từ «{word}», quy định «Số» chữ in thường")
    value = match.group("num").strip().strip(".…")
    if value.isdigit() and int(value) < 10 and not value.startswith("0"):
        problems.append(f"số «{value}», quy định số nhỏ hơn 10 ghi thêm số 0 phía trước («0{value}»)")
    symbol = match.group("sym")
    if re.search(r"\s[-/]|[-/]\s", symbol.strip()):
        problems.append(
            f"ký hiệu «{symbol.strip()}» có dấu cách, quy định các nhóm chữ viết tắt nối bằng gạch nối (-), không cách chữ"
        )
    elif letters(symbol) and letters(symbol) == letters(symbol).lower():
        problems.append(f"ký hiệu «{symbol.strip()}» viết thường, quy định chữ in hoa")
    elif value.isdigit() and (form := symbol_problem(f"{value}/{symbol.strip()}")):
        problems.append(f"số, ký hiệu «{value}/{symbol.strip()}» {form}")
    problems += style_problems(para.pieces_in(match.start(), match.end()), sizes=(13, 13), bold=False, italic=False)
    if para.layout.alignment != "center" and "\t" not in para.text:  # a tab layout places it by tab stops
        problems.append(f"{align_name(para.layout.alignment)}, quy định canh giữa dưới tên cơ quan")
    out.element(para, problems, match.group(0))


def date(ctx: Context, out: Report) -> None:
    para = ctx.header.date
    if para is None:
        out.add("không tìm thấy dòng «<địa danh>, ngày … tháng … năm …»", element="địa danh và thời gian")
        return
    match = date_match(para.text)
    assert match
    problems = []
    day, month, year = match.group("d"), match.group("m"), match.group("y")
    if day.isdigit() and int(day) < 10 and len(day) < 2:
        problems.append(f"ngày «{day}», quy định ngày nhỏ hơn 10 ghi thêm số 0 phía trước («0{day}»)")
    if month.isdigit():
        if int(month) in (1, 2) and len(month) < 2:
            problems.append(f"tháng «{month}», quy định tháng 1, 2 ghi thêm số 0 phía trước («0{month}»)")
        elif int(month) >= 3 and month.startswith("0"):
            problems.append(f"tháng «{month}», quy định chỉ tháng 1, 2 ghi số 0 phía trước («tháng {int(month)}»)")
    if year.isdigit() and len(year) != 4:
        problems.append(f"năm «{year}», quy định ghi đầy đủ năm bằng 4 chữ số")
    # The day alone may wait for the clerk; a month left blank too belongs to a draft only.
    if not re.search(r"\d", month) and not _is_draft(ctx):
        blank = "ngày và tháng" if not re.search(r"\d", day) else "tháng"
        problems.append(f"{blank} để trống trong văn bản không phải dự thảo (không có dấu «DỰ THẢO»): điền trước khi ký ban hành")
    out.element(para, problems, match.group(0))


def _is_draft(ctx: Context) -> bool:
    """Marked «DỰ THẢO» anywhere above the body (as ``build --draft`` marks it)."""
    return any(squash(p.text).upper() in ("DỰ THẢO", "DỰ THẢO LẦN 1", "BẢN DỰ THẢO") for p in ctx.layout.paras[:40])


def place_and_date(ctx: Context, out: Report) -> None:
    para = ctx.header.date
    if para is None:
        return  # L116 reports the missing date
    match = date_match(para.text)
    assert match
    place = match.group("place").strip()
    problems = []
    if place and not place[0].isupper():
        problems.append(f"địa danh «{place}» không viết hoa chữ cái đầu")
    problems += case_problem(match.group(0), upper=False)
    problems += style_problems(para.pieces_in(match.start(), match.end()), sizes=(13, 14), italic=True)
    if para.layout.alignment not in ("center",) and "\t" not in para.text:
        problems.append(f"{align_name(para.layout.alignment)}, quy định canh giữa dưới Quốc hiệu và Tiêu ngữ")
    out.element(para, problems, match.group(0))


RULES = (
    Rule(
        "L110",
        "II.1.a",
        "Quốc hiệu",
        "Quốc hiệu in capitals, 12–13 pt, bold, upright; without it (an appendix, a plain text) L111–L120 do not run",
        national,
        yeu_cau="Quốc hiệu in hoa, cỡ 12–13, đậm, đứng, căn giữa.",
    ),
    Rule(
        "L111",
        "II.1.b",
        "Tiêu ngữ",
        "Tiêu ngữ reads «Độc lập - Tự do - Hạnh phúc», 13–14 pt, bold, upright, centred under the Quốc hiệu",
        motto,
        needs_header=True,
        yeu_cau="Tiêu ngữ «Độc lập - Tự do - Hạnh phúc» cỡ 13–14, đậm, đứng, căn giữa, dưới Quốc hiệu.",
    ),
    Rule(
        "L112",
        "II.1.b",
        "đường kẻ dưới Tiêu ngữ",
        "a rule under the Tiêu ngữ as long as it (±10 %)",
        motto_rule,
        needs_header=True,
        yeu_cau="Dưới Tiêu ngữ có đường kẻ ngang, dài bằng dòng chữ.",
    ),
    Rule(
        "L113",
        "II.2.b",
        "tên cơ quan",
        "agency in capitals, 12–13 pt, upright, the issuing line bold",
        agency,
        needs_header=True,
        yeu_cau="Tên cơ quan in hoa, cỡ 12–13, đứng; dòng cơ quan ban hành in đậm.",
    ),
    Rule(
        "L114",
        "II.2.b",
        "đường kẻ dưới tên cơ quan",
        "a rule under the agency, 1/3–1/2 of its line (30–55 %)",
        agency_rule,
        needs_header=True,
        yeu_cau="Dưới tên cơ quan có đường kẻ dài từ 1/3 đến 1/2 dòng chữ, căn giữa.",
    ),
    Rule(
        "L115",
        "II.3.c",
        "số, ký hiệu",
        "«Số:» 13 pt upright, numbers below 10 with a leading 0, symbol in capitals without spaces, "
        "number/TYPE-AGENCY (or the Party's number-TYPE/AGENCY), centred",
        number,
        needs_header=True,
        yeu_cau="«Số:» cỡ 13, số dưới 10 ghi thêm số 0 phía trước (05), ký hiệu in hoa, không có dấu cách.",
    ),
    Rule(
        "L116",
        "II.4.b",
        "ngày tháng năm",
        "date in full: day below 10 and months 1, 2 with a leading 0, months 3–12 without; a 4-digit year; "
        "the month not blank unless marked DỰ THẢO",
        date,
        needs_header=True,
        yeu_cau="Ngày dưới 10 và tháng 1, 2 ghi thêm số 0 (ngày 04 tháng 01), tháng 3–12 không; năm ghi đủ 4 chữ số.",
    ),
    Rule(
        "L117",
        "II.4.c",
        "địa danh và thời gian",
        "place and date 13–14 pt, italic, centred, the place capitalised",
        place_and_date,
        needs_header=True,
        yeu_cau="Địa danh và ngày tháng cỡ 13–14, in nghiêng, căn giữa dưới Tiêu ngữ.",
    ),
)
