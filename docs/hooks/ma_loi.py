"""MkDocs hook: the page of finding codes is generated from the registries, never retyped.

``<!-- ma-loi -->`` in a page becomes one table per group of codes, from
``vanban.engine.codes.CODES`` (checks, input errors, commands) and from the Decree 30
linter's rule registry (clause of Phụ lục I, what is checked).
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT / "src") not in sys.path:
    sys.path.insert(0, str(ROOT / "src"))

MARKER = "<!-- ma-loi -->"


def _cell(text: str) -> str:
    """A table cell: ``|`` escaped, and ``<``, ``>``, ``&`` outside code spans as entities, so a placeholder
    like ``‹năm>`` or ``<mã xã>`` is shown, not taken for an HTML tag and dropped."""
    pieces = text.replace("\n", " ").split("`")
    for i in range(0, len(pieces), 2):  # the even pieces are outside code spans
        pieces[i] = pieces[i].replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return "`".join(pieces).replace("|", "\\|")


def codes_markdown() -> str:
    from vanban.engine.codes import CODES, GROUPS

    parts: list[str] = []
    for group, title in GROUPS.items():
        entries = [c for c in CODES.values() if c.group == group and not c.developer]
        if not entries:
            continue
        parts += [f"## {title}", "", "| Mã | Nghĩa là | Cách sửa |", "|---|---|---|"]
        parts += [f"| {c.code} | {_cell(c.title)} | {_cell(c.fix)} |" for c in entries]
        parts.append("")
    parts += _lint_rules()
    return "\n".join(parts)


def _lint_rules() -> list[str]:
    """The Decree 30 rules, from the linter's registry: what each requires, and the clause of Phụ lục I."""
    from vanban.lint.registry import RULES

    lines = [
        "## Các quy tắc thể thức (lệnh `invoke lint`, và mỗi lần tạo văn bản)",
        "",
        "Mỗi quy tắc ứng với một điểm của Phụ lục I Nghị định 30/2020/NĐ-CP. Cách sửa: sửa định dạng trong "
        "mẫu Word (`templates/`) bằng Word, hoặc trong tệp Word đang kiểm tra.",
        "",
        "| Mã | Thành phần | Phụ lục I | Yêu cầu |",
        "|---|---|---|---|",
    ]
    lines += [f"| {r.code} | {_cell(r.element)} | {r.clause} | {_cell(r.yeu_cau)} |" for r in RULES]
    return lines + [""]


def on_page_markdown(markdown: str, page, config, files) -> str:  # noqa: ANN001  (MkDocs hook signature)
    if MARKER in markdown:
        markdown = markdown.replace(MARKER, codes_markdown())
    return markdown
