"""What a rule is, what it looks at and how it reports.

A rule is one entry: a stable code, the clause of Phụ lục I it enforces, the element it is about, a
default severity, a one-line title (the rule table of docs/dev/pdf-and-lint.md is made from these), and one function
``check(context, report)``. The function reads the document through ``Context`` (the layout and the
elements found once, shared by every rule) and reports problems in Vietnamese through ``Report``, which
makes them findings (``engine/findings.py``); nothing here prints.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from vanban.engine.findings import Finding, Place, Severity
from vanban.lint.document import DocxLayout, PageSetup, Para
from vanban.lint.laid_out import LaidOut
from vanban.lint.locate import Body, Closing, Header, Title, find_body, find_closing, find_header, find_title
from vanban.lint.words import excerpt


@dataclass
class Context:
    """The document as the rules see it; each element is found once, when a rule first asks."""

    layout: DocxLayout
    file: str
    cache: dict[str, object] = field(default_factory=dict)  # analyses several rules share (the body's issues)
    laid_out: LaidOut | None = None  # the document as LibreOffice lays it out (render rules only)

    @property
    def document(self) -> Any:  # python-docx's Document
        return self.layout.document

    @cached_property
    def pages(self) -> list[PageSetup]:
        return [PageSetup.of(section) for section in self.document.sections]

    @cached_property
    def header(self) -> Header:
        return find_header(self.layout)

    @cached_property
    def title(self) -> Title:
        return find_title(self.layout, self.header.last)

    @cached_property
    def closing(self) -> Closing:
        return find_closing(self.layout, self.body_after)

    @property
    def body_after(self) -> Para | None:
        """The paragraph the body starts after: the title block's end, or nothing without a header."""
        return self.title.body_after if self.header.national is not None else None

    @cached_property
    def body(self) -> Body:
        return find_body(self.layout, self.body_after, self.closing.body_end)


Check = Callable[[Context, "Report"], None]


@dataclass(frozen=True)
class Rule:
    code: str  # L1xx, stable
    clause: str  # of Phụ lục I, e.g. "II.4.b"
    element: str  # Vietnamese, shown as the finding's field
    title: str  # English, one line: what is required (the rule table)
    check: Check
    severity: Severity = Severity.ERROR
    needs_header: bool = False  # runs only where a Quốc hiệu was found (see ``lint``)
    needs_render: bool = False  # reads the laid-out page: runs only with ``render`` (see ``lint``)
    yeu_cau: str = ""  # the requirement in Vietnamese, for the user guide's page of codes


class Report:
    """Collects one rule's findings; the message always opens with the clause it breaks."""

    def __init__(self, rule: Rule, file: str):
        self.rule = rule
        self.file = file
        self.findings: list[Finding] = []

    def add(
        self, problems: list[str] | str, *, element: str | None = None, severity: Severity | None = None, page: int | None = None
    ) -> None:
        if isinstance(problems, str):
            problems = [problems]
        if not problems:
            return
        message = f"Phụ lục I, {self.rule.clause}: {'; '.join(problems)}."
        place = Place(self.file, field=element or self.rule.element, page=page)
        self.findings.append(Finding(self.rule.code, severity or self.rule.severity, place, message))

    def element(self, para: Para, problems: list[str], text: str | None = None, *, element: str | None = None) -> None:
        """Problems of one paragraph, the first preceded by an excerpt of it (or of ``text``)."""
        if problems:
            self.add([f"{excerpt(text or para.text)} " + problems[0], *problems[1:]], element=element)
