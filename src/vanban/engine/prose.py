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


def placeholders(text: str) -> list[str]:
    return PLACEHOLDER.findall(text)


# What a draft shows where a figure is not decided yet (check reports it as P001).
TO_FILL = "…"


def fill(text: str, values: Mapping[str, str]) -> str:
    """Replace every ``${name}``; a figure still to fill shows as an ellipsis (drafts only)."""
    return PLACEHOLDER.sub(lambda m: values.get(m.group(1), TO_FILL), text)


def cite(citation: Citation) -> str:
    """Full citation, Decree 30 II.6.b: kind, number, date, issuer and subject."""
    number = citation.number or TO_FILL
    date = format_short_date(citation.date) if citation.date else TO_FILL
    return f"{citation.kind} số {number} ngày {date} của {citation.issuer} {citation.subject}"
