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
    return text.replace("|", "\\|").replace("\n", " ")


def codes_markdown() -> str:
    from vanban.engine.codes import CODES, GROUPS

    parts: list[str] = []
    for group, title in GROUPS.items():
        entries = [c for c in CODES.values() if c.group == group]
        if not entries:
            continue
        parts += [f"## {title}", "", "| Mã | Nghĩa là | Cách sửa |", "|---|---|---|"]
        parts += [f"| {c.code} | {_cell(c.title)} | {_cell(c.fix)} |" for c in entries]
        parts.append("")
    return "\n".join(parts)


def on_page_markdown(markdown: str, page, config, files) -> str:  # noqa: ANN001  (MkDocs hook signature)
    if MARKER in markdown:
        markdown = markdown.replace(MARKER, codes_markdown())
    return markdown
