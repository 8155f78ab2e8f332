"""Placeholders in the narrative: ``${ho_ngheo}`` in YAML text becomes a formatted figure.

The syntax is deliberately not Jinja's: text fields are data, so a literal
``{{ x }}`` or ``{% %}`` typed by a user is printed as is, never evaluated.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from .numbers import format_short_date
from .schema import Citation

PLACEHOLDER = re.compile(r"\$\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}")


def placeholders(text: str) -> list[str]:
    return PLACEHOLDER.findall(text)


def fill(text: str, values: Mapping[str, str]) -> str:
    """Replace every ``${name}``; names were validated before, so a miss is a bug."""
    return PLACEHOLDER.sub(lambda m: values[m.group(1)], text)


def cite(citation: Citation) -> str:
    """Full citation, Decree 30 II.6.b: kind, number, date, issuer and subject."""
    return (
        f"{citation.kind} số {citation.number} ngày {format_short_date(citation.date)} của {citation.issuer} {citation.subject}"
    )
