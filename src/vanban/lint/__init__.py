"""A Decree 30/2020/NĐ-CP linter for any .docx, made by vanban or by hand in Word.

How it reads, where each part lives:

- ``opening``   opens a file it did not make, or says why not (encrypted, damaged, .doc, PDF, …)
- ``document``  the document as read: paragraphs in reading order, their runs with the formatting Word
                shows, where each stands (body, table cell, width), the page with Word's defaults
- ``lines``     rule lines drawn as borders, line shapes or underscores, measured
- ``locate``    the elements found by what they say and where they stand (header, type, body, Nơi nhận,
                signature); nothing is checked there
- ``rule``      what a rule is (code, clause, element, severity, title, one function), its context, its report
- ``rules/``    the checks, grouped by element: page, header, title, body, closing
- ``registry``  every rule in code order; ``--select``/``--ignore``; the engineers' rule table (docs/dev/pdf-and-lint.md)
- ``words``     the Vietnamese words of the findings
- ``laid_out``  the document as LibreOffice lays it out, read back from its PDF (``render=True``)

Every finding names the clause of Phụ lục I it breaks, the element, what was found and what is required.
Codes are stable; the table is in docs/dev/pdf-and-lint.md, printed from the registry.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from vanban.docx.opening import missing_part, open_docx
from vanban.engine.findings import Finding, InputError, Place, error
from vanban.lint.document import DocxLayout
from vanban.lint.laid_out import LaidOut, read_pdf
from vanban.lint.registry import RULES, select_rules
from vanban.lint.rule import Context, Report

__all__ = ["RULES", "DocxLayout", "lint", "lint_document", "open_docx", "select_rules"]


def lint(
    path: Path,
    shown: str | None = None,
    *,
    select: str | Iterable[str] | None = None,
    ignore: str | Iterable[str] | None = None,
    render: bool = False,
    pdf: Path | None = None,
) -> list[Finding]:
    """Findings of ``path`` against Phụ lục I, in code order; InputError when it is not a readable .docx.

    ``select``/``ignore`` choose rules by code or prefix as ruff does (``registry.select_rules``).
    Without a Quốc hiệu there is no header block (an appendix, a plain text): L110 says so once and the
    rules that look for the header's parts and the title under it (L111–L120) do not run.

    ``render``: the rules of the laid-out page (L15x) run too, on ``pdf``, the PDF LibreOffice made of
    ``path`` (``office.pdf.to_pdf``; ``commands.cli`` converts); without it they are left out.
    """
    shown = shown or str(path)
    return lint_document(open_docx(path, shown), shown, select=select, ignore=ignore, render=render, pdf=pdf)


def lint_document(
    document: Any,
    shown: str,
    *,
    select: str | Iterable[str] | None = None,
    ignore: str | Iterable[str] | None = None,
    render: bool = False,
    pdf: Path | None = None,
) -> list[Finding]:
    """``lint`` of a python-docx ``Document`` already in memory: the tree a build just saved its bytes from,
    read without writing and parsing the file again (same findings: ``tests/test_lint_tree.py``). The tree
    is only read."""
    rules = [rule for rule in select_rules(select, ignore) if render or not rule.needs_render]
    try:
        layout = DocxLayout(document)
    except KeyError as exc:
        raise InputError([error("L001", Place(shown), missing_part(exc))]) from None
    except Exception as exc:  # a package python-docx opens but cannot walk
        raise InputError(
            [error("L001", Place(shown), f"không đọc được nội dung tệp .docx ({type(exc).__name__}: {exc}).")]
        ) from None
    context = Context(layout, shown)
    if render and any(rule.needs_render for rule in rules):
        if pdf is None:  # the linter reads no layer above docx: the command layer converts (office.pdf)
            raise ValueError("render=True needs the PDF LibreOffice made of the document")
        context.laid_out = _read(pdf, shown)
    findings: list[Finding] = []
    try:
        for rule in rules:
            if rule.needs_header and context.header.national is None:
                continue
            report = Report(rule, shown)
            rule.check(context, report)
            findings += report.findings
    except KeyError as exc:  # a relationship (rId) that leads nowhere: the package is damaged
        raise InputError([error("L001", Place(shown), missing_part(exc))]) from None
    except Exception as exc:  # a layout the linter does not understand must not stop a build
        message = f"không kiểm tra hết được tệp này ({type(exc).__name__}: {exc}); hãy báo lỗi kèm tệp."
        raise InputError([error("L002", Place(shown), message)]) from exc
    return findings


def _read(pdf: Path, shown: str) -> LaidOut:
    try:
        return read_pdf(pdf)
    except Exception as exc:  # pdfminer's many errors: a PDF LibreOffice made that cannot be read back
        raise InputError(
            [error("L004", Place(shown), f"không đọc lại được bản PDF của văn bản ({type(exc).__name__}).")]
        ) from None
