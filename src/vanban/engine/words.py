"""A word-level diff of two texts: what the year-to-year review shows and the Word redline marks."""

from __future__ import annotations

import difflib
import re

Ops = list[tuple[str, str]]  # ("=", text) | ("-", text) | ("+", text)

# Words, and numbers written the Vietnamese way (2.881, 0,76) as one token.
_TOKEN = re.compile(r"\s+|\d+(?:[.,]\d+)*|\w+|[^\w\s]")


def word_diff(old: str, new: str) -> Ops:
    """Word-level diff: equal, deleted and inserted runs of text, in order."""
    a, b = _TOKEN.findall(old), _TOKEN.findall(new)
    raw: Ops = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            raw.append(("=", "".join(a[i1:i2])))
        else:
            raw.append(("-", "".join(a[i1:i2])))
            raw.append(("+", "".join(b[j1:j2])))
    # A lone space kept between two changes splits one rewrite into many: fold it in.
    for i in range(1, len(raw) - 1):
        if raw[i][0] == "=" and raw[i][1].isspace() and raw[i - 1][0] != "=" and raw[i + 1][0] != "=":
            raw[i] = ("~", raw[i][1])
    ops: Ops = []
    deleted = inserted = ""
    for op, text in [*raw, ("=", "")]:
        if op == "=":
            ops += [(k, t) for k, t in (("-", deleted), ("+", inserted)) if t]
            deleted = inserted = ""
            if text:
                ops.append(("=", text))
        else:
            deleted += text if op in "-~" else ""
            inserted += text if op in "+~" else ""
    return ops
