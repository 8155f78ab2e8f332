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


# "tháng 12 năm 2024", "ngày 29/12/2024": a date's year is that date's, never the plan's.
_DATE_BEFORE = re.compile(r"tháng\s*\d{1,2}\s*(?:,\s*)?$|ngày\s*\d{1,2}\s*$", re.IGNORECASE)


def plan_years(text: str, year: int, *, following: bool = False) -> str:
    """ "năm 2024" -> "năm ${nam}", "năm 2023" -> "năm ${nam_truoc}" (and "năm 2025" -> "năm ${nam_sau}"
    when ``following``), so the wording follows the year when the plan is carried to the next one.

    Only where "năm" speaks of a year of the plan: the year of a written-out date ("ngày 29 tháng 12
    năm 2024", a cited document's date) stays as written, or the next year's plan would cite that
    document with a date it never had.
    """
    names = {year: "${nam}", year - 1: "${nam_truoc}"} | ({year + 1: "${nam_sau}"} if following else {})

    def one(match: re.Match[str]) -> str:
        if _DATE_BEFORE.search(text[: match.start()]):
            return match[0]
        return match[1] + names[int(match[2])]

    years = "|".join(str(y) for y in names)
    return re.sub(rf"(\bnăm\s+)({years})\b", one, text, flags=re.IGNORECASE)


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
