"""The template's variables against a context, without rendering: what ``check`` says before ``build`` would.

docxtpl (through Jinja, with undefined variables as errors) refuses a template
that uses a variable the data does not have. ``check`` must say so too, but
must stay light (no docx stack, no Jinja): this reads the template's XML with
the standard library, strips the markup (docxtpl joins tags split across runs
the same way), and resolves each ``{{ name.attr }}`` and ``{% … %}`` against the
context, following ``for x in list`` loops to the keys of the list's items.
"""

from __future__ import annotations

import functools
import html
import io
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from vanban.engine import limits
from vanban.engine.findings import Finding, InputError, Place, error

_TAG = re.compile(r"<[^>]+>")
_JINJA = re.compile(r"\{\{(.*?)\}\}|\{%(.*?)%\}", re.S)
_FOR = re.compile(r"^\s*(?:[pr]|tr|tc)?\s*for\s+(\w+)\s+in\s+(.+)$", re.S)
_STRING = re.compile(r"'[^']*'|\"[^\"]*\"")
_NAME = re.compile(r"(?<![\w.])([A-Za-z_]\w*)((?:\.[A-Za-z_]\w*)*)")
_KEYWORDS = {
    "and", "or", "not", "if", "elif", "else", "endif", "for", "endfor", "in", "is", "true", "false", "none",
    "True", "False", "None", "loop", "p", "r", "tr", "tc", "set", "endset", "with", "endwith",
}  # fmt: skip


def template_problem(path: Path, display: str) -> Finding | None:
    """Why the Word template cannot be used (missing, empty, not a .docx package, beyond the limits), or None.

    The one validation of a template file: ``check`` says it, and ``build`` refuses on it, in the same words.
    """

    def problem(why: str) -> Finding:
        return error("M003", Place(display), f"không mở được mẫu Word: {why}")

    try:
        size = path.stat().st_size
    except FileNotFoundError:
        return problem("không tìm thấy tệp.")
    except OSError as exc:
        return problem(f"không đọc được tệp ({exc.strerror or exc}).")
    if size == 0:
        return problem("tệp rỗng (0 byte); hãy lấy lại mẫu (git checkout -- <tệp>) hoặc tạo lại bằng Word.")
    try:
        with zipfile.ZipFile(path) as archive:
            if "word/document.xml" not in archive.namelist():
                return problem("gói không có word/document.xml, không phải tệp .docx.")
            limits.check_package(archive, Place(display))
    except InputError as exc:
        return exc.findings[0]
    except (OSError, zipfile.BadZipFile) as exc:
        return problem(f"không phải tệp .docx hợp lệ ({exc}).")
    return None


def template_text(path: Path) -> str:
    """The text of the template's body, headers and footers, markup removed."""
    return _text_of(path.read_bytes(), str(path))


@functools.lru_cache(maxsize=8)
def _text_of(data: bytes, shown: str) -> str:
    """``template_text`` of the template's bytes, once per process for each (``build --all`` checks the same)."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        parts = [n for n in archive.namelist() if re.fullmatch(r"word/(document|header\d*|footer\d*)\.xml", n)]
        place = Place(shown)
        # Markup removed, then the XML's escapes read back: LibreOffice writes a quote in a tag as «&apos;»
        # ({%p if b.kind == &apos;table&apos; %}), which the parsed document (and so docxtpl) reads as «'».
        return "\n".join(
            html.unescape(_TAG.sub("", limits.read_member(archive, n, place).decode("utf-8", "replace"))) for n in sorted(parts)
        )


def _names(expression: str) -> Iterator[tuple[str, list[str]]]:
    expression = _STRING.sub("''", expression.split("|")[0])
    for match in _NAME.finditer(expression):
        root = match.group(1)
        if root in _KEYWORDS:
            continue
        yield root, [a for a in match.group(2).split(".") if a]


def _item_keys(value: Any) -> set[str] | None:
    """The keys every loop item may have (their union), or None when unknown (an empty list)."""
    if isinstance(value, list) and value and all(isinstance(item, dict) for item in value):
        return set().union(*(item.keys() for item in value))
    return None


def undefined(path: Path, ctx: dict[str, Any]) -> list[str]:
    """Variables the template uses that ``ctx`` lacks, as written: ``ngan_sach``, ``cong.ho_can_ngheo``."""
    loops: dict[str, set[str] | None] = {}
    missing: list[str] = []
    for output, statement in _JINJA.findall(template_text(path)):
        expression = output
        if statement:
            loop = _FOR.match(statement)
            if loop:
                name, source = loop.group(1), loop.group(2).strip()
                value = ctx.get(source)
                loops[name] = _item_keys(value)
                expression = source
            else:
                expression = re.sub(r"^\s*(?:[pr]|tr|tc)?\s*(?:if|elif)\b", "", statement)
                if re.match(r"^\s*(?:[pr]|tr|tc)?\s*(end\w+|else)\s*$", statement):
                    continue
        for root, attributes in _names(expression):
            if root in loops:
                keys = loops[root]
                if attributes and keys is not None and attributes[0] not in keys:
                    missing.append(f"{root}.{attributes[0]}")
                continue
            if root not in ctx:
                missing.append(root)
            elif attributes and isinstance(ctx[root], dict) and attributes[0] not in ctx[root]:
                missing.append(f"{root}.{attributes[0]}")
    return list(dict.fromkeys(missing))
