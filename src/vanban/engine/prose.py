"""Placeholders in the narrative: ``${ho_ngheo}`` in YAML text becomes a formatted figure.

The syntax is deliberately not Jinja's: text fields are data, so a literal
``{{ x }}`` or ``{% %}`` typed by a user is printed as is, never evaluated.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from vanban.engine.numbers import format_short_date
from vanban.engine.schema import Citation

PLACEHOLDER = re.compile(r"\$\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}")
# "$${" is a literal "${": text imported from a Word document that happened to contain
# "${tong_so_ho}" must print as typed, never become a live placeholder. Scanning the
# escape and the placeholder in one pattern keeps "$${x}" from being read as "${x}".
_TOKEN = re.compile(r"\$\$\{|" + PLACEHOLDER.pattern)
ESCAPED = "$${"


def placeholders(text: str) -> list[str]:
    return [m.group(1) for m in _TOKEN.finditer(text) if m.group(1)]


def escape(text: str) -> str:
    """Text that prints exactly as given: every "${" becomes the literal escape "$${"."""
    return text.replace("${", ESCAPED)


# What a draft shows where a figure is not decided yet (check reports it as P001).
TO_FILL = "…"


def fill(text: str, values: Mapping[str, str]) -> str:
    """Replace every ``${name}``; a figure still to fill shows as an ellipsis (drafts only)."""
    return _TOKEN.sub(lambda m: values.get(m.group(1), TO_FILL) if m.group(1) else "${", text)


def cite(citation: Citation) -> str:
    """Full citation, Decree 30 II.6.b: kind, number, date, issuer and subject."""
    number = citation.number or TO_FILL
    date = format_short_date(citation.date) if citation.date else TO_FILL
    return f"{citation.kind} số {number} ngày {date} của {citation.issuer} {citation.subject}"
