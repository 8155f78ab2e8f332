"""The rule registry: every Decree 30 rule, one entry each, in code order; selecting rules as ruff does.

``RULES`` is the single source of the codes: the linter runs them, ``--select``/``--ignore`` choose among
them, and the rule table of docs/dev/pdf-and-lint.md is printed from them (``rule_table``; ``tools/rule_table.py`` writes it,
``tests/test_lint_registry.py`` fails when page and registry disagree).
"""

from __future__ import annotations

from collections.abc import Iterable

from vanban.engine.findings import InputError, Place, Severity, error
from vanban.lint.rule import Rule
from vanban.lint.rules import body, closing, header, page, render, title

RULES: tuple[Rule, ...] = tuple(
    sorted((*page.RULES, *header.RULES, *title.RULES, *body.RULES, *closing.RULES, *render.RULES), key=lambda r: r.code)
)
BY_CODE = {rule.code: rule for rule in RULES}
assert len(BY_CODE) == len(RULES), "two rules share a code"


def _selectors(value: str | Iterable[str] | None) -> list[str]:
    if value is None:
        return []
    parts = value.split(",") if isinstance(value, str) else list(value)
    return [part.strip().upper() for part in parts if part and part.strip()]


def select_rules(select: str | Iterable[str] | None = None, ignore: str | Iterable[str] | None = None) -> list[Rule]:
    """The rules chosen by ``select`` and ``ignore`` (codes or code prefixes, comma-separated; "ALL").

    As in ruff: nothing selected means every rule; selectors apply from the least specific (shortest)
    to the most specific, and at equal specificity ``ignore`` comes after ``select``. So
    ``--select L1 --ignore L108`` is every rule but L108, and ``--select L112 --ignore L11`` keeps L112.
    A selector that names no rule is an input error (a typo must not silently check nothing).
    """
    chosen_select, chosen_ignore = _selectors(select), _selectors(ignore)
    for option, selectors in (("--select", chosen_select), ("--ignore", chosen_ignore)):
        for selector in selectors:
            if selector != "ALL" and not any(code.startswith(selector) for code in BY_CODE):
                codes = ", ".join(BY_CODE)
                raise InputError(
                    [error("L003", Place(option), f"«{selector}» không phải mã (hay đầu mã) quy tắc nào; các mã: {codes}.")]
                )

    def specificity(selector: str) -> int:
        return 0 if selector == "ALL" else len(selector)

    enabled = set(BY_CODE) if not chosen_select else set()
    for level in sorted({specificity(s) for s in chosen_select + chosen_ignore}):
        for selector in (s for s in chosen_select if specificity(s) == level):
            enabled |= {code for code in BY_CODE if selector == "ALL" or code.startswith(selector)}
        for selector in (s for s in chosen_ignore if specificity(s) == level):
            enabled -= {code for code in BY_CODE if selector == "ALL" or code.startswith(selector)}
    return [rule for rule in RULES if rule.code in enabled]


_SEVERITY = {Severity.ERROR: "error", Severity.WARNING: "warning"}


def rule_table() -> str:
    """The table of rules (docs/dev/pdf-and-lint.md), one row per registry entry."""
    lines = ["| code | clause | element | severity | required |", "|---|---|---|---|---|"]
    for rule in RULES:
        lines.append(f"| {rule.code} | {rule.clause} | {rule.element} | {_SEVERITY[rule.severity]} | {rule.title} |")
    return "\n".join(lines)
