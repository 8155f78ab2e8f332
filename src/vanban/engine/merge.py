"""Units merged or renamed between two years: the merge map.

Villages were merged in 2025; a plan of 2025 has «Thôn Đông Tây» where 2024 had
«Thôn Đông» and «Thôn Tây». The map says so once, in the new year's data folder
(``data/[<commune>/]<year>/gop_don_vi.yaml``, written by ``invoke new-year --gop``)::

    gop_don_vi:
      Thôn Đông Tây: [Thôn Đông, Thôn Tây]   # merged: the new unit starts from their sum
      Tiểu khu Mới: Tiểu khu 4               # renamed: a merge of one

``new-year`` starts the new unit from the sum of the old ones; the cross-year
checks (X002) compare it with their summed planned year-end; ``diff`` shows one
row «Thôn Đông + Thôn Tây → Thôn Đông Tây» instead of two units removed and one added.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from vanban.engine import reads
from vanban.engine.compute import shown_rate
from vanban.engine.findings import InputError, Place, error
from vanban.engine.load import load_yaml

if TYPE_CHECKING:
    from vanban.engine.compute import RowFigures
    from vanban.engine.declaration import Table

MERGE_KEY = "gop_don_vi"
Merges = Mapping[str, tuple[str, ...]]  # new unit -> the old units it is made of


def load_merge_map(path: Path, display: str) -> dict[str, tuple[str, ...]]:
    """Read and check a merge map; an unreadable or inconsistent one is an InputError (U001)."""
    doc = load_yaml(path, display)
    data = doc.data.get(MERGE_KEY) if isinstance(doc.data, dict) else None
    if not isinstance(data, dict) or not data:
        raise InputError(
            [
                error(
                    "U001",
                    doc.place((MERGE_KEY,)),
                    f"tệp gộp đơn vị cần mục «{MERGE_KEY}:» với mỗi dòng «đơn vị mới: [đơn vị cũ, …]».",
                )
            ]
        )
    merges: dict[str, tuple[str, ...]] = {}
    seen: dict[str, str] = {}
    problems = []
    for new, old in data.items():
        olds = [old] if isinstance(old, str) else old
        if not isinstance(olds, list) or not olds or not all(isinstance(o, str) and o.strip() for o in olds):
            problems.append(
                error("U001", doc.place((MERGE_KEY, new)), f"«{new}»: hãy ghi các đơn vị cũ, ví dụ [Thôn Đông, Thôn Tây].")
            )
            continue
        for name in olds:
            if name.casefold() in seen:
                problems.append(
                    error(
                        "U001",
                        doc.place((MERGE_KEY, new)),
                        f"đơn vị cũ «{name}» đã được gộp vào «{seen[name.casefold()]}»; mỗi đơn vị cũ chỉ gộp một lần.",
                    )
                )
            seen[name.casefold()] = new
        merges[str(new).strip()] = tuple(o.strip() for o in olds)
    if problems:
        raise InputError(problems)
    return merges


def read_merges(path: Path, display: str) -> dict[str, tuple[str, ...]]:
    """The year's merge map if it has one, else no merges."""
    return load_merge_map(path, display) if reads.exists(path) else {}


def unknown_units(merges: Merges, names: Iterable[str], display: str, year: int) -> list:
    """U002: an old unit the map names that last year's table does not have."""
    known = {n.casefold() for n in names}
    return [
        error("U002", Place(display, field=MERGE_KEY, unit=new), f"đơn vị «{old}» không có trong bảng năm {year}.")
        for new, olds in merges.items()
        for old in olds
        if old.casefold() not in known
    ]


def _sum(values: list) -> int | None:
    return None if any(not isinstance(v, int) for v in values) else sum(values)


def merged_unit(name: str, parts: list[RowFigures], table: Table | None = None) -> RowFigures:
    """Old units added up as one unit named ``name`` (a rename is a merge of one): counts summed,
    rates computed again from the sums by the table's formulas, text from the first unit."""
    if len(parts) == 1:
        return replace(parts[0], name=name)
    first = parts[0]
    shown, exact = dict(first.shown), dict(first.exact)
    columns = table.columns if table is not None else {}
    for key in set(first.shown) | set(first.exact):
        column = columns.get(key)
        kind = column.value_type if column is not None else ("so" if isinstance(first.exact.get(key), int) else None)
        if kind == "so":
            exact[key] = _sum([u.exact.get(key) for u in parts])
            shown[key] = _sum([u.shown.get(key) for u in parts])
    if table is not None:
        for key in table.formula_order():
            column = table.columns[key]
            if column.formula is None or key not in exact:
                continue
            value = column.formula.evaluate(exact)
            exact[key] = value
            shown[key] = shown_rate(value) if column.value_type == "ty_le" else value
    shown[table.name_column if table is not None else "don_vi"] = name
    return replace(first, name=name, shown=shown, exact=exact)


def apply_merges(units: Iterable[RowFigures], merges: Merges, table: Table | None = None) -> list[RowFigures]:
    """Last year's units as this year knows them: each merge in place of its first old unit."""
    units = list(units)
    by_name = {u.name.casefold(): u for u in units}
    owner = {old.casefold(): new for new, olds in merges.items() for old in olds}
    result, done = [], set()
    for unit in units:
        new = owner.get(unit.name.casefold())
        if new is None:
            result.append(unit)
        elif new not in done:
            done.add(new)
            parts = [by_name[o.casefold()] for o in merges[new] if o.casefold() in by_name]
            result.append(merged_unit(new, parts, table))
    return result


def merged_values(values: Mapping[str, Mapping[str, int]], merges: Merges, name: str) -> dict[str, int]:
    """A unit's values from a table keyed by casefolded unit name (last year's reported year-end);
    a merged unit's are the sums over its old units, for the columns all of them give."""
    olds = merges.get(name)
    if not olds:
        return dict(values.get(name.casefold(), {}))
    parts = [values.get(old.casefold(), {}) for old in olds]
    return {key: sum(part[key] for part in parts) for key in parts[0] if all(key in part for part in parts)}


def describe(merges: Merges, new: str) -> str:
    """«Thôn Đông + Thôn Tây» for messages."""
    return " + ".join(merges.get(new, ()))
