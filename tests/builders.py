"""Small builders for test inputs: change one figure, one cell, by what it means, not by the exact text of
the shipped sample plan, so a test keeps working when the sample's other values or its formatting change.

Each keeps every other line where it is, so the line numbers findings report stay those of the sample.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path


def _figure_line(key: str) -> re.Pattern[str]:
    return re.compile(rf"^  {re.escape(key)}:[^\n]*$", re.M)


def set_figure(plan: Path, key: str, value: str) -> None:
    """``so_lieu.<key>: <value>`` in a plan (``value`` as YAML text: ``36``, ``'"0,7"'``, ``~``); a key the plan
    does not state yet is added at the end of ``so_lieu``."""
    text = plan.read_text(encoding="utf-8")
    head, found, rest = text.partition("\nso_lieu:\n")
    assert found, f"no so_lieu: in {plan}"
    block_end = re.search(r"^(?!  )", rest, re.M)  # the first line not indented under so_lieu
    end = block_end.start() if block_end else len(rest)
    block, tail = rest[:end], rest[end:]
    line = f"  {key}: {value}"
    pattern = _figure_line(key)
    if pattern.search(block):
        block = pattern.sub(line.replace("\\", "\\\\"), block, count=1)
    else:
        block = block.rstrip("\n") + "\n" + line + "\n" + ("\n" if block.endswith("\n\n") else "")
    plan.write_text(head + found + block + tail, encoding="utf-8")


def figure(plan: Path, key: str) -> str:
    """The YAML text of ``so_lieu.<key>`` as the plan writes it."""
    match = _figure_line(key).search(plan.read_text(encoding="utf-8"))
    assert match, f"{key} not in {plan}"
    return match.group(0).split(":", 1)[1].strip()


def set_cells(table: Path, unit: str, **cells: str) -> None:
    """Cells of the row naming ``unit`` (its first column), by column name; the file keeps its delimiter,
    line endings and every other row."""
    raw = table.read_bytes().decode("utf-8")
    bom = "\ufeff" if raw.startswith("\ufeff") else ""
    text = raw.removeprefix(bom)
    newline = "\r\n" if "\r\n" in text else "\n"
    delimiter = ";" if text.split("\n", 1)[0].count(";") > text.split("\n", 1)[0].count(",") else ","
    rows = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    header = rows[0]
    matches = [row for row in rows[1:] if row and row[0] == unit]
    assert len(matches) == 1, f"{unit!r}: {len(matches)} rows in {table}"
    for column, value in cells.items():
        assert column in header, f"{column!r} not a column of {table}: {header}"
        matches[0][header.index(column)] = value
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter, lineterminator=newline).writerows(rows)
    table.write_bytes((bom + out.getvalue()).encode("utf-8"))


def cell(table: Path, unit: str, column: str) -> str:
    """A cell of the row naming ``unit``."""
    rows = list(csv.reader(io.StringIO(table.read_text(encoding="utf-8-sig"))))
    return next(row for row in rows[1:] if row and row[0] == unit)[rows[0].index(column)]
