"""Step 5, render: place the figures and the prose on the page through the Word template.

``context`` builds everything the template shows, already formatted in
Vietnamese; ``render`` runs docxtpl with strict, auto-escaped Jinja so that a
missing variable is an error and user text (``&``, ``<``, ``{{``) is printed
literally.
"""

from __future__ import annotations

import copy
import datetime as dt
import functools
import io
import re
import zipfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from vanban.engine import limits
from vanban.engine.compute import Computed, TableFigures
from vanban.engine.findings import InputError, Place, error
from vanban.engine.numbers import NBSP, Rate, format_int, format_long_date, format_number
from vanban.engine.prose import TO_FILL, cite, fill
from vanban.engine.schema import IssueDate
from vanban.engine.validate import ValidPlan

# Vietnamese alphabet order for points a), b), … (Decree 30, II.6.đ).
POINT_LETTERS = "a b c d đ e g h i k l m n o p q r s t u v x y".split()
ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")


def placeholder_values(valid: ValidPlan, computed: Computed) -> dict[str, str]:
    """The text each ``${name}`` of the prose becomes."""
    plan = valid.plan
    values = {"nam": str(plan.year), "nam_truoc": str(plan.year - 1), "nam_sau": str(plan.year + 1)}
    standard = plan.poverty_standard
    if standard is not None:
        values["chuan_ngheo"] = standard.name
    figures = valid.declaration.figures
    for key, value in computed.values.items():
        if isinstance(value, Rate) and key in figures and figures[key].points:
            # A difference of two rates is in percentage points, never "%" (read as a relative fall).
            values[key] = f"{format_number(value.value, value.decimals)} điểm phần trăm"
        else:
            values[key] = str(value) if isinstance(value, Rate) else format_int(value)
    for key, citation in plan.citations.items():
        values[key] = cite(citation)
    return values


def numbered_body(valid: ValidPlan, values: dict[str, str]) -> list[dict[str, str]]:
    """Headings numbered from the structure: I., 1., a); reset at each higher level."""
    blocks = []
    section = clause = point = 0
    for block in valid.plan.body:
        text = block.text if block.kind == "chart" else fill(block.text, values)
        if block.kind == "section":
            section, clause, point = section + 1, 0, 0
            text = f"{ROMAN[section - 1] if section <= len(ROMAN) else section}. {text.upper()}"
        elif block.kind == "clause":
            clause, point = clause + 1, 0
            text = f"{clause}. {text}"
        elif block.kind == "point":
            point += 1
            letter = POINT_LETTERS[point - 1] if point <= len(POINT_LETTERS) else str(point)
            text = f"{letter}) {text}"
        blocks.append({"kind": block.kind, "text": text})
    return blocks


def recipient_lines(recipients: Any) -> list[str]:
    """Nơi nhận lines, Decree 30 II.9.d: "- …;" each, the last "- Lưu: VT, …."."""
    lines = [f"- {name.rstrip(';.')};" for name in recipients.to]
    lines.append(f"- Lưu: {', '.join(recipients.archive)}.")
    return lines


def frame(plan: Any, year: int, values: Mapping[str, str], *, draft: bool) -> dict[str, Any]:
    """What every template's Decree 30 frame shows (``tools/make_template.py``: ``heading`` and ``closing``):
    agency, number, place and date, the draft mark, type and trích yếu, Nơi nhận and signature.

    ``plan`` is any document's fixed parts: ``.document``, ``.recipients``, ``.signature`` (a plan, a
    report, the province summary).
    """
    doc = plan.document
    return {
        "co_quan_chu_quan": [line.upper() for line in doc.parent_agency],
        "co_quan_ban_hanh": [line.upper() for line in doc.agency],
        "so": doc.number or NBSP * 6,
        "ky_hieu": doc.symbol,
        "dia_danh": doc.place,
        "ngay_ban_hanh": issue_date_line(doc.date, year),
        "du_thao": draft,
        "vi_du": getattr(plan, "example", False),  # a shipped example (``vi_du: true``, schema.example_flag)
        "ten_loai": doc.doc_type.upper(),
        "trich_yeu": fill(doc.summary, values),
        "nam": str(year),
        "noi_nhan": recipient_lines(plan.recipients),
        "quyen_han": plan.signature.authority.upper(),
        "chuc_vu": plan.signature.position.upper(),
        "ho_ten": plan.signature.name,
    }


def _count(value: int | None) -> str:
    return TO_FILL if value is None else format_int(value)


def cell_text(value: object) -> str:
    """A table cell as the document shows it: 2.881, 1,21 (the header says %), … when undecided."""
    if value is None:
        return TO_FILL
    if isinstance(value, Rate):
        return format_number(value.value, value.decimals)
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int):
        return format_int(value)
    return str(value)


def issue_date_line(date: IssueDate | None, year: int) -> str:
    if date is None:
        return f"ngày {TO_FILL} tháng {TO_FILL} năm {year}"
    return format_long_date(date.year, date.month, date.day)


def table_rows(tf: TableFigures) -> list[dict[str, str]]:
    """Each row by column key and by the short names a hand-made Word table uses (``u.ty_le``)."""
    rows = []
    for i, row in enumerate(tf.rows, start=1):
        cells = {"stt": str(i), "ten": row.name}
        for key in tf.columns:
            column = tf.table.columns[key]
            text = cell_text(row.shown.get(key))
            cells[key] = text
            if column.template_name:
                cells[column.template_name] = text
        rows.append(cells)
    return rows


def total_row(tf: TableFigures) -> dict[str, str]:
    cells = {}
    for key in tf.columns:
        column = tf.table.columns[key]
        if column.totalled:
            cells[key] = cell_text(tf.total_shown.get(key))
            if column.template_name:
                cells[column.template_name] = cells[key]
    return cells


def generated_marker(name: str) -> str:
    """The text of the paragraph a generated table replaces (never shown: replaced before saving)."""
    return f"\u2063bang:{name}\u2063"


def context(
    valid: ValidPlan, computed: Computed, *, draft: bool = False, hand_made: frozenset[str] | None = None
) -> dict[str, Any]:
    """Everything the template shows. ``hand_made``: tables the template draws itself (default: the first)."""
    plan = valid.plan
    values = placeholder_values(valid, computed)
    if hand_made is None:
        hand_made = frozenset(list(computed.tables)[:1])
    body = numbered_body(valid, values)
    # A paragraph right before a table or chart introduces it and is kept with it (the template's "lead").
    for here, after in zip(body, body[1:]):
        if here["kind"] == "paragraph" and after["kind"] in ("table", "chart"):
            here["kind"] = "lead"
    for block in body:
        if block["kind"] == "table" and block["text"] not in hand_made:
            block["kind"], block["text"] = "paragraph", generated_marker(block["text"])
    ctx: dict[str, Any] = {
        **frame(plan, plan.year, values, draft=draft),
        "nam_truoc": str(plan.year - 1),
        "noi_dung": body,
    }
    for index, (name, tf) in enumerate(computed.tables.items()):
        ctx[name] = table_rows(tf)
        ctx["cong" if index == 0 else f"cong_{name}"] = total_row(tf)
    return ctx


# Review marks that must never reach a published document.
_UNCLEAN = {
    "w:commentReference": "ghi chú (comment)",
    "w:ins ": "thay đổi được theo dõi (tracked changes)",
    "w:del ": "thay đổi được theo dõi (tracked changes)",
    "w:vanish": "chữ ẩn (hidden text)",
}


@functools.lru_cache(maxsize=8)
def _review_marks(data: bytes, template_display: str) -> tuple[str, ...]:
    """The review marks a template's bytes hold, read once per process for each template (every document of a
    ``build --all`` renders the same one)."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = archive.namelist()
        parts = [n for n in names if n.startswith("word/") and n.endswith(".xml")]
        xml = "".join(limits.read_member(archive, n, Place(template_display)).decode("utf-8", "replace") for n in parts)
    found = sorted({label for marker, label in _UNCLEAN.items() if f"<{marker}" in xml})
    if "word/comments.xml" in names and "ghi chú (comment)" not in found:
        found.insert(0, "ghi chú (comment)")
    return tuple(found)


def refuse_unclean_template(template: Path, template_display: str) -> None:
    """A template with comments, tracked changes or hidden text would leak them into every plan."""
    try:
        found = list(_review_marks(template.read_bytes(), template_display))
    except (OSError, zipfile.BadZipFile):
        return  # reported as an unreadable template by the renderer
    if found:
        raise InputError(
            [
                error(
                    "M004",
                    Place(template_display),
                    f"mẫu Word chứa {', '.join(found)}; hãy chấp nhận/xóa chúng trong Word (Review) rồi lưu lại mẫu.",
                )
            ]
        )


def _prepare_tables(tpl: Any, ctx: dict[str, Any], computed: Computed) -> tuple[dict[str, Any], Any]:
    """Hand-made tables get the columns they lack; the others are to generate. Returns (marker -> name, generator)."""
    from docx.oxml.ns import qn

    from vanban.docx import tables as docx_tables

    tpl.init_docx()  # docxtpl opens the document lazily; render() keeps this one
    body = tpl.docx.element.body
    made = docx_tables.hand_made(body)
    values = {"nam": ctx["nam"], "nam_truoc": ctx["nam_truoc"]}
    first = next(iter(computed.tables), None)
    prototype = copy.deepcopy(made[first]) if first in made else (copy.deepcopy(next(iter(made.values()))) if made else None)
    markers = {generated_marker(name): name for name in computed.tables}
    for block in ctx["noi_dung"]:
        if block["kind"] == "table" and block["text"] not in made:
            block["kind"], block["text"] = "paragraph", generated_marker(block["text"])
        elif block["kind"] == "paragraph" and markers.get(block["text"]) in made:
            block["kind"], block["text"] = "table", markers[block["text"]]
    for name, tbl in made.items():
        if name in computed.tables:
            row_var = re.search(rf"for\s+(\w+)\s+in\s+{name}\b", docx_tables._text(tbl))
            total_var = "cong" if name == first else f"cong_{name}"
            docx_tables.add_columns(tbl, computed.tables[name], values, row_var.group(1) if row_var else "u", total_var)
    if prototype is not None:
        width = sum(int(c.get(qn("w:w"))) for c in docx_tables._grid(prototype))
    else:
        section = tpl.docx.sections[0]
        width = int((section.page_width - section.left_margin - section.right_margin) / 635)
    pending = {marker: name for marker, name in markers.items() if name not in made}
    return pending, docx_tables.Generator(prototype, width)


@functools.cache
def jinja_environment() -> Any:
    """The strict, auto-escaping Jinja environment every render uses, one per process, compiling each distinct
    template text once: docxtpl compiles the body, each header and footer and each core property of the
    template anew for every document (a third of a small build's render), and the same template texts come
    back for every commune of a ``build --all``. Compiled Jinja templates are immutable; rendering one with
    another context is what Jinja is for. A text that fails to compile is not kept (its error is raised
    each time), and the memo is bounded."""
    import jinja2

    class Environment(jinja2.Environment):
        def __init__(self, **options: Any) -> None:
            super().__init__(**options)
            self._compiled: dict[str, Any] = {}

        def from_string(self, source: Any, globals: Any = None, template_class: Any = None) -> Any:
            if globals is not None or template_class is not None or not isinstance(source, str):
                return super().from_string(source, globals, template_class)
            compiled = self._compiled.get(source)
            if compiled is None:
                compiled = super().from_string(source)
                if len(self._compiled) >= _COMPILED_LIMIT:
                    self._compiled.pop(next(iter(self._compiled)))  # the oldest
                self._compiled[source] = compiled
            return compiled

    return Environment(undefined=jinja2.StrictUndefined, autoescape=True)


# Distinct template texts kept compiled per process: a kind's body (per year and column set), its headers,
# footers and properties; a few kinds.
_COMPILED_LIMIT = 64


def _parsed(template: Path) -> Any:
    """The template parsed once per process (``template.parsed_template``); None when it cannot be read or
    parsed, so that docxtpl opens it itself and the error is reported as ever (M003)."""
    import zipfile

    from docx.opc.exceptions import PackageNotFoundError
    from lxml.etree import XMLSyntaxError

    from vanban.docx.template import parsed_template

    try:
        return parsed_template(template.read_bytes())
    except (OSError, zipfile.BadZipFile, PackageNotFoundError, XMLSyntaxError, KeyError, ValueError):
        return None


def render(
    template: Path,
    template_display: str,
    ctx: dict[str, Any],
    *,
    author: str,
    title: str,
    issued: dt.date,
    tables: tuple[ValidPlan, Computed] | None = None,
    images: dict[str, tuple[bytes, float]] | None = None,
) -> bytes:
    """Render the template to deterministic .docx bytes; see ``render_tree``."""
    return render_tree(template, template_display, ctx, author=author, title=title, issued=issued, tables=tables, images=images)[
        0
    ]


def render_tree(
    template: Path,
    template_display: str,
    ctx: dict[str, Any],
    *,
    author: str,
    title: str,
    issued: dt.date,
    tables: tuple[ValidPlan, Computed] | None = None,
    images: dict[str, tuple[bytes, float]] | None = None,
) -> tuple[bytes, Any]:
    """Render the template to deterministic .docx bytes (``saved``), and the python-docx
    ``Document`` those bytes were saved from: the lint of a build reads it instead of parsing the file again.

    With ``tables``, a table placed in the text that the template does not draw is
    generated from its declaration, and a hand-made table gets the columns it lacks.
    ``images`` (name -> PNG bytes and width in mm) are placed where the template
    writes ``{{ bieu_do[name] }}``: docxtpl's InlineImage needs the template object.
    """
    # Imported here: the docx stack is the slow part of start-up, and only a build needs it.
    import jinja2
    from docx.opc.exceptions import PackageNotFoundError
    from lxml.etree import XMLSyntaxError

    from vanban.docx.rules import fit_rules
    from vanban.docx.template import Template  # docxtpl, linear in the rows of a table
    from vanban.docx.title import balance_summary
    from vanban.docx.variables import template_problem

    if problem := template_problem(template, template_display):
        raise InputError([problem])  # the same words as ``check``
    env = jinja_environment()
    try:
        refuse_unclean_template(template, template_display)
        tpl = Template(str(template), _parsed(template))
        tpl.init_docx()  # opened here: only a template that cannot be opened is M003, never a bug further on
    except (PackageNotFoundError, zipfile.BadZipFile, XMLSyntaxError, KeyError, OSError) as exc:
        raise InputError(
            [
                error(
                    "M003",
                    Place(template_display),
                    f"không mở được mẫu Word: tệp không tồn tại hoặc không phải .docx hợp lệ ({exc}).",
                )
            ]
        ) from None
    try:
        if images:
            from docx.shared import Mm
            from docxtpl import InlineImage

            ctx = {
                **ctx,
                "bieu_do": {name: InlineImage(tpl, io.BytesIO(png), width=Mm(width)) for name, (png, width) in images.items()},
            }
        pending: dict[str, Any] = {}
        if tables is not None:
            pending, generator = _prepare_tables(tpl, ctx, tables[1])
        from vanban.docx import tables as docx_tables

        docx_tables.mark_column_loops(tpl.docx.element.body)  # their widths are fitted to the rendered cells
        tpl.render(ctx, jinja_env=env, autoescape=True)
        body = tpl.docx.element.body
        made: dict[str, Any] = {}
        if tables is not None:
            values = {"nam": ctx["nam"], "nam_truoc": ctx["nam_truoc"]}
            made = {
                marker: generator.table(
                    tables[1].tables[name], values, ctx[name], ctx[f"cong_{name}"] if f"cong_{name}" in ctx else ctx["cong"]
                )
                for marker, name in pending.items()
            }
            docx_tables.replace_markers(body, made)
        # Widths from what the cells hold, for the tables we drew or widened (issue 21) and those whose columns
        # come from a column loop (the province summary's: the declaration's); the clerk's own hand-made table,
        # untouched, keeps the clerk's widths.
        for tbl in [*docx_tables.marked(body), *made.values()]:
            docx_tables.fit(tbl, tpl.docx.styles.element, body)
    except jinja2.UndefinedError as exc:
        # Jinja says "'x' is undefined" or "'dict object' has no attribute 'y'": name the variable, never Jinja's words.
        name = re.search(r"'([^']+)' is undefined", exc.message or "") or re.search(
            r"has no attribute '([^']+)'", exc.message or ""
        )
        variable = name.group(1) if name else "?"
        raise InputError(
            [
                error(
                    "M001",
                    Place(template_display, field=variable),
                    f"mẫu dùng biến «{variable}» nhưng dữ liệu không có biến này.",
                )
            ]
        ) from None
    except jinja2.TemplateSyntaxError as exc:
        raise InputError(
            [error("M002", Place(template_display, exc.lineno), f"mẫu có thẻ Jinja sai cú pháp: {exc.message}.")]
        ) from None
    except XMLSyntaxError as exc:
        # The template's Jinja tags, filled in, broke the document's XML (a {%p %} tag inside a run, say).
        raise InputError(
            [
                error(
                    "M002",
                    Place(template_display),
                    f"mẫu có thẻ Jinja đặt sai chỗ: sau khi điền, nội dung văn bản không còn là XML hợp lệ ({exc}).",
                )
            ]
        ) from None
    # The trích yếu without a lone last word, then the rules under the agency, Tiêu ngữ and trích yếu as long
    # as their text demands (Decree 30, II.1, II.2, II.5).
    balance_summary(tpl.docx.element, tpl.docx.styles.element)
    fit_rules(tpl.docx.element, tpl.docx.styles.element)
    props = tpl.docx.core_properties
    # The file's metadata names the issuing agency, never whoever made the template,
    # and carries the issue date rather than the build time, so rebuilds are identical.
    moment = dt.datetime(issued.year, issued.month, issued.day)
    props.author = props.last_modified_by = author
    props.title = title
    props.subject = props.keywords = props.comments = props.category = props.content_status = ""
    props.created = props.modified = moment
    props.last_printed = moment
    props.revision = 1
    return saved(tpl), tpl.docx


def saved(tpl: Any) -> bytes:
    """The bytes ``tpl.save`` would write, already deterministic (``ooxml.package.normalize`` of them): the
    parts python-docx serialises, in its order, zipped once by ``ooxml.package.package`` instead of zipped by
    python-docx, read back and zipped again (``tests/test_template_engine.py`` compares both ways)."""
    from docx.opc.pkgwriter import PackageWriter

    from vanban.docx.ooxml.package import normalize, package

    if tpl.pics_to_replace or tpl.crc_to_new_media or tpl.crc_to_new_embedded or tpl.zipname_to_replace:
        buffer = io.BytesIO()  # docxtpl rewrites the saved zip itself for these
        tpl.save(buffer)
        return normalize(buffer.getvalue())
    members: dict[str, bytes] = {}

    class _Collect:  # python-docx's physical writer, keeping each member instead of zipping it
        def write(self, uri: Any, blob: bytes) -> None:
            members[uri.membername] = blob

    opc = tpl.docx.part.package
    parts = opc.parts
    for part in parts:
        part.before_marshal()
    # The steps of PackageWriter.write (python-docx is pinned), in its order; a part shared with the parsed
    # template (its styles) is serialised once per process.
    PackageWriter._write_content_types_stream(_Collect(), parts)
    PackageWriter._write_pkg_rels(_Collect(), opc.rels)
    parsed = getattr(tpl, "_parsed", None)
    for part in parts:
        members[part.partname.membername] = parsed.blob(part) if parsed is not None else part.blob
        if len(part.rels):
            members[part.partname.rels_uri.membername] = part.rels.xml
    tpl.is_saved = True
    return package(members)
