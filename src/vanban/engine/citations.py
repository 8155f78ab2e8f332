"""How a document's number and symbol is written: Decree 30 for the State, the Party's rules for its bodies.

Shared by the check (a cited document, V003) and the Decree 30 lint (a document's own «Số:» line, L115).
"""

from __future__ import annotations

import re

# Decree 30 (Phụ lục I, II.3): number/TYPE-AGENCY ("04/QĐ-UBND"), with the year for legal documents
# ("30/2020/NĐ-CP"); the Party writes number-TYPE/AGENCY ("45-NQ/ĐU"). Capital letters, no spaces.
UPPER = r"[A-ZĐ][A-ZĐ0-9&]*"
STATE = re.compile(rf"\d+(?:/\d{{4}})?/{UPPER}(?:-{UPPER})*")
PARTY = re.compile(rf"\d+-{UPPER}/{UPPER}(?:-{UPPER})*")


def symbol_problem(number: str) -> str | None:
    """Why a cited number and symbol is not in Decree 30's (or the Party's) form, with the form it should have."""
    text = number.strip()
    if STATE.fullmatch(text) or PARTY.fullmatch(text):
        return None
    squeezed = re.sub(r"\s+", "", text)
    if squeezed != text and (STATE.fullmatch(squeezed) or PARTY.fullmatch(squeezed)):
        return f"có dấu cách; viết liền «{squeezed}»"
    if match := re.fullmatch(rf"(\d+)/({UPPER})/({UPPER}(?:-{UPPER})*)", squeezed):
        n, kind, agency = match.groups()
        return f"hai dấu «/»; theo Nghị định 30 viết «{n}/{kind}-{agency}» (văn bản của Đảng viết «{n}-{kind}/{agency}»)"
    if re.search(r"[a-zđ]", squeezed) and (STATE.fullmatch(squeezed.upper()) or PARTY.fullmatch(squeezed.upper())):
        return f"chữ viết tắt phải in hoa: «{squeezed.upper()}»"
    return None  # other forms (a law's "Luật số 12/2017/QH14", old numbering) are left alone
