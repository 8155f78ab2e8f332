"""The laid-out page (``lint --render``): what the .docx says, checked where LibreOffice put it.

Each rule finds the elements in the .docx as the other rules do (``locate``) and looks for them in the
words and lines read back from the PDF (``laid_out``); every finding names its page.
"""

from __future__ import annotations

from vanban.engine.findings import Severity
from vanban.lint.document import Para
from vanban.lint.laid_out import MM, LaidOut, Line, Page, find_lines, norm
from vanban.lint.rule import Context, Report, Rule
from vanban.lint.words import excerpt

TWIPS_PER_POINT = 20
EDGE = 1 * MM  # a table may stand this far past the margin (its borders' half width, rounding)


def _pdf(ctx: Context) -> LaidOut:
    assert ctx.laid_out is not None, "a render rule runs only with the laid-out document"
    return ctx.laid_out


def _one_line(ctx: Context, out: Report, para: Para | None, what: str, advice: str) -> None:
    if para is None or not para.clean:
        return
    found = find_lines(_pdf(ctx).lines, para.shown)
    if found is not None and len(found[1]) > 1:
        lines = found[1]
        shown = " / ".join(line.text for line in lines)
        out.add(f"{what} {excerpt(para.shown)} xuống {len(lines)} dòng («{shown}»); {advice}", page=lines[0].page)


def national(ctx: Context, out: Report) -> None:
    advice = "quy định mỗi dòng trên một dòng: thu nhỏ cỡ chữ (12–13) hoặc mở rộng ô chứa nó"
    _one_line(ctx, out, ctx.header.national, "Quốc hiệu", advice)
    _one_line(ctx, out, ctx.header.motto, "Tiêu ngữ", advice)


def agency(ctx: Context, out: Report) -> None:
    for para in ctx.header.agency:
        advice = "tên dài thì tự xuống dòng ở chỗ hợp nghĩa (mỗi dòng một đoạn) hoặc mở rộng ô tên cơ quan"
        _one_line(ctx, out, para, "dòng tên cơ quan", advice)


def _tokens(ctx: Context) -> set[str]:
    return {word for q in ctx.layout.paras for word in norm(q.shown).split()}


def split_words(ctx: Context, out: Report) -> None:
    """A word a cell breaks inside: the end of one line and the start of the next make one word of the .docx."""
    tokens = _tokens(ctx)
    for page in _pdf(ctx).pages:
        split: dict[str, str] = {}
        for table in page.tables:
            for cell in (cell for row in table.rows for cell in row if cell is not None):
                for above, below in zip(cell.lines, cell.lines[1:]):
                    end, start = above.split()[-1], below.split()[0]
                    if end + start in tokens and (end not in tokens or start not in tokens):
                        split.setdefault(end + start, f"«{end}» / «{start}»")
        if split:
            shown = ", ".join(f"«{word}» ({how})" for word, how in list(split.items())[:3])
            more = f" và {len(split) - 3} chữ khác" if len(split) > 3 else ""
            out.add(
                f"ô bảng ngắt giữa chữ: {shown}{more}; cột quá hẹp: đặt lại độ rộng cột, viết tiêu đề cột ngắn hơn, "
                "giảm cỡ chữ của bảng hoặc đặt bảng trên trang nằm ngang",
                page=page.number,
            )


def _last_block(ctx: Context, pdf: LaidOut) -> dict[str, tuple[int, list[Line]]]:
    """Where the closing's parts are set: the last place each is found."""
    closing = ctx.closing
    parts: dict[str, Para] = {}
    if closing.label is not None:
        parts["«Nơi nhận:»"] = closing.label
    if closing.items:
        parts["nơi nhận cuối"] = closing.items[-1]
    for q in closing.signer:
        parts[excerpt(q.shown)] = q
    found = {}
    for name, para in parts.items():
        where = find_lines(pdf.lines, para.shown, last=True)
        if where is not None:
            found[name] = where
    return found


def closing_together(ctx: Context, out: Report) -> None:
    found = _last_block(ctx, _pdf(ctx))
    pages = sorted({line.page for _, lines in found.values() for line in lines})
    if len(pages) > 1:
        where = "; ".join(f"{name} trang {lines[0].page}" for name, (_, lines) in found.items())
        out.add(
            f"Nơi nhận và chữ ký nằm trên {len(pages)} trang ({where}); quy định trình bày cùng nhau: "
            "giữ khối Nơi nhận và chữ ký trên một trang (hàng bảng không được ngắt qua trang) hoặc rút gọn đoạn cuối",
            page=pages[0],
        )


def _headings(ctx: Context) -> list[Para]:
    """Headings and a table's lead-in: a paragraph that must not end a page."""
    body = ctx.body
    out = []
    following = {q.index: n for q, n in zip(body.paras, body.paras[1:])}
    for q in body.paras:
        kind = body.kinds.get(q.index)
        if kind is None:
            continue
        text_pieces = [pc for pc in q.pieces if q.text[pc.start : pc.end].strip()]
        bold = bool(text_pieces) and all(pc.fmt.bold for pc in text_pieces)
        nxt = following.get(q.index)
        lead_in = q.clean.endswith(":") and nxt is not None and _table_between(ctx, q, nxt)
        if kind in ("heading", "label", "title") or (kind in ("clause", "point") and bold) or lead_in:
            out.append(q)
    return out


def _table_between(ctx: Context, q: Para, nxt: Para) -> bool:
    return any(p.tbl is not None for p in ctx.layout.paras[q.index + 1 : nxt.index])


def heading_at_foot(ctx: Context, out: Report) -> None:
    pdf = _pdf(ctx)
    lines = pdf.lines
    cursor = 0
    for q in _headings(ctx):
        found = find_lines(lines, q.shown, cursor)
        if found is None:
            continue
        cursor, placed = found
        last = placed[-1]
        if last.page == len(pdf.pages):
            continue
        page = pdf.pages[last.page - 1]
        below = [line for line in page.lines if line.top > last.bottom + 0.5]
        ink_below = page.bottom > last.bottom + 2 * MM
        if not below and not ink_below:
            out.add(
                f"{excerpt(q.shown)} đứng cuối trang, phần nó dẫn sang trang {last.page + 1}; "
                "đặt «giữ với đoạn sau» (keep with next) cho đoạn này hoặc ngắt trang trước nó",
                page=last.page,
            )


def _setup(ctx: Context, page: Page) -> tuple[float, float, float, float]:
    """(left, right, top, bottom) margins in points of the section whose paper matches ``page``."""
    best = min(
        ctx.pages,
        key=lambda s: abs(s.width / TWIPS_PER_POINT - page.width) + abs(s.height / TWIPS_PER_POINT - page.height),
    )
    return best.left / TWIPS_PER_POINT, best.right / TWIPS_PER_POINT, best.top / TWIPS_PER_POINT, best.bottom / TWIPS_PER_POINT


def table_width(ctx: Context, out: Report) -> None:
    for page in _pdf(ctx).pages:
        left, right, _, _ = _setup(ctx, page)
        for table in page.tables:
            over = max(left - table.x0, table.x1 - (page.width - right))
            if over > EDGE:
                out.add(
                    f"bảng rộng hơn vùng trình bày {over / MM:.0f} mm (tràn lề); thu hẹp các cột, giảm cỡ chữ của bảng "
                    "hoặc đặt bảng trên trang nằm ngang",
                    page=page.number,
                )


def _docx_rows(ctx: Context) -> set[str]:
    rows: dict[tuple[int, int], list[str]] = {}
    for q in ctx.layout.paras:
        if q.tbl is not None:
            rows.setdefault((id(q.tbl), q.row), []).append(q.shown)
    return {"".join(" ".join(texts).split()) for texts in rows.values()}


def _pdf_row(row: list) -> str:
    return "".join(" ".join(cell.text for cell in row if cell is not None).split())


def row_split(ctx: Context, out: Report) -> None:
    pdf = _pdf(ctx)
    known = _docx_rows(ctx)
    for page in pdf.pages[:-1]:
        if not page.tables:
            continue
        table = max(page.tables, key=lambda t: t.bottom)
        following = pdf.pages[page.number].tables
        if not table.rows or not following:
            continue
        end = _pdf_row(table.rows[-1])
        if end and end not in known:
            out.add(
                f"hàng cuối của bảng ({excerpt(' '.join(c.text for c in table.rows[-1] if c))}) bị ngắt sang trang "
                f"{page.number + 1}; đặt «không cho ngắt hàng qua trang» (cantSplit) cho các hàng của bảng",
                page=page.number,
            )


def blank_page(ctx: Context, out: Report) -> None:
    pdf = _pdf(ctx)
    for page, nxt in zip(pdf.pages, pdf.pages[1:]):
        _, _, top, bottom = _setup(ctx, page)
        if page.landscape != nxt.landscape and page.bottom > top + 2 * MM:
            continue  # a wide table's own section starts a new page by design (but a page left blank is not)
        area = page.height - top - bottom
        empty = page.height - bottom - max(page.bottom, top)
        if empty > area / 3:
            out.add(
                f"trang để trống {empty / area:.0%} phía dưới trước khi văn bản kết thúc; phần tiếp theo có thể "
                "bắt đầu ở trang này: bỏ ngắt trang thủ công, hoặc bỏ «giữ với đoạn sau» (keep with next) ở các hàng "
                "của bảng, chỉ giữ tiêu đề với hàng đầu",
                page=page.number,
            )


RULES = (
    Rule(
        "L150",
        "II.1",
        "Quốc hiệu, Tiêu ngữ",
        "laid out, the Quốc hiệu and the Tiêu ngữ each on one line",
        national,
        needs_header=True,
        needs_render=True,
        yeu_cau="Khi in, Quốc hiệu và Tiêu ngữ mỗi dòng nằm trọn trên một dòng.",
    ),
    Rule(
        "L151",
        "II.2.b",
        "tên cơ quan",
        "laid out, each agency line as written does not wrap (break a long name yourself)",
        agency,
        needs_header=True,
        needs_render=True,
        severity=Severity.WARNING,
        yeu_cau="Khi in, mỗi dòng tên cơ quan không tự xuống dòng; tên dài thì tự ngắt ở chỗ hợp nghĩa.",
    ),
    Rule(
        "L152",
        "II.6.e",
        "bảng",
        "laid out, no word of a table cell is broken across two lines",
        split_words,
        needs_render=True,
        yeu_cau="Khi in, không chữ nào trong ô bảng bị ngắt giữa chừng sang dòng dưới.",
    ),
    Rule(
        "L153",
        "II.9.d",
        "Nơi nhận, chữ ký",
        "laid out, Nơi nhận and the signature block on one page",
        closing_together,
        needs_render=True,
        yeu_cau="Khi in, «Nơi nhận» và khối chữ ký (quyền hạn, chức vụ, chỗ ký, họ tên) nằm trên cùng một trang.",
    ),
    Rule(
        "L154",
        "II.6.đ",
        "tiêu đề",
        "laid out, no heading (or a table's lead-in line) is the last line of its page",
        heading_at_foot,
        needs_render=True,
        severity=Severity.WARNING,
        yeu_cau="Khi in, không tiêu đề (hay câu dẫn vào bảng) nào nằm cuối trang tách khỏi phần nó dẫn.",
    ),
    Rule(
        "L155",
        "I.3",
        "bảng",
        "laid out, every table within the text area (the margins)",
        table_width,
        needs_render=True,
        yeu_cau="Khi in, bảng không tràn ra lề trang.",
    ),
    Rule(
        "L156",
        "II.6.e",
        "bảng",
        "laid out, no table row broken across two pages",
        row_split,
        needs_render=True,
        severity=Severity.WARNING,
        yeu_cau="Khi in, không hàng bảng nào bị ngắt sang trang sau.",
    ),
    Rule(
        "L157",
        "II.6.e",
        "trang",
        "laid out, no page more than a third empty before the document ends",
        blank_page,
        needs_render=True,
        severity=Severity.WARNING,
        yeu_cau="Khi in, không trang nào (trừ trang cuối) bỏ trống quá một phần ba.",
    ),
)
