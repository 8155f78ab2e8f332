"""Step 3, compute: every derived figure, from the validated data and the kind's declaration.

Computed values are exact (``int`` counts, ``Decimal`` percentages); rounding
happens once, half-up, when a rate is given its number of decimals. A figure
not decided yet (a planned decrease left blank) is ``None`` and so is
everything that depends on it: nothing is guessed.

What callers read:

- ``computed.values``: what the document shows for each town figure, by its
  Vietnamese ``so_lieu`` key (``int`` or ``numbers.Rate``): the stated figure
  where the plan states one (``check`` proves it), the computed one otherwise;
- ``computed.derived``: the exact value each stated town figure must match;
- ``computed.tables["don_vi"]``: a table's rows, each with ``shown`` (what the
  document shows, by Vietnamese column key) and ``exact`` (computed from the
  data), and the table's ``totals`` by column key (the "Cộng" row);
- ``computed.units``: the rows of the kind's first table (the plan's units).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from vanban.engine.declaration import Declaration, Table
from vanban.engine.formulas import Value
from vanban.engine.numbers import RATE_DECIMALS, Rate, round_half_up
from vanban.engine.validate import Cell, ValidPlan, ValidTable

# What the document shows for a figure: a count or a rate as stated or computed, or a text cell. A computed
# count is a formula's exact value: an int, or a Decimal when the formula divides.
Shown = Cell | Decimal


def derivable(declaration: Declaration) -> frozenset[str]:
    """Town figures the data can give when the plan does not state them."""
    return declaration.derivable()


@dataclass(frozen=True)
class RowFigures:
    name: str
    line: int
    shown: dict[str, Shown]  # what the document shows: stated, or computed (rates with two decimals)
    exact: dict[str, Value | None]  # computed from the data where a formula says how, else as stated

    def __getitem__(self, key: str) -> Shown:
        return self.shown.get(key)


@dataclass(frozen=True)
class TableFigures:
    table: Table
    columns: tuple[str, ...]  # declared columns the file has, in declared order
    rows: tuple[RowFigures, ...]
    totals: dict[str, Value | None]  # sums of the totalled columns (None while a cell is undecided)
    total_shown: dict[str, Shown]  # what the "Cộng" row shows


@dataclass(frozen=True)
class Computed:
    tables: dict[str, TableFigures]
    # Exact town-level values each stated figure must match, by its so_lieu key.
    derived: dict[str, Value]
    # What the document shows for each town-level figure, by its so_lieu key.
    values: dict[str, Value | Rate]

    @property
    def main(self) -> TableFigures:
        return next(iter(self.tables.values()))

    @property
    def units(self) -> tuple[RowFigures, ...]:
        return self.main.rows


def shown_rate(exact: Value | None) -> Rate | None:
    return None if exact is None else Rate(round_half_up(Decimal(exact), RATE_DECIMALS), RATE_DECIMALS)


def _numbers(values: dict[str, Cell]) -> dict[str, Value | None]:
    return {k: (v.value if isinstance(v, Rate) else v) for k, v in values.items() if not isinstance(v, str)}


def _row(
    valid: ValidTable, row_values: dict[str, Cell], name: str, line: int, order: list[str], lookup: dict[str, Value | None]
) -> RowFigures:
    table = valid.table
    present = set(valid.columns)
    exact: dict[str, Value | None] = {**lookup, **_numbers(row_values)}
    shown: dict[str, Shown] = dict(row_values)
    for key in order:
        column = table.columns[key]
        if key not in present or column.formula is None:
            continue
        value = column.formula.evaluate(exact)
        ratio = column.formula.ratio()
        if column.value_type == "ty_le" and value is None and ratio is not None and not column.unbounded:
            # An empty whole (a unit with no households) shows 0 rather than nothing; a share of a target
            # (vuot_100) with no target has none ("—").
            if ratio[1].evaluate(exact) == 0:
                value = Decimal(0)
        stated = row_values.get(key)
        exact[key] = value
        if stated is None:
            shown[key] = shown_rate(value) if column.value_type == "ty_le" else value
    return RowFigures(name, line, shown, exact)


def _foreign(table: Table) -> set[str]:
    """``bang.cot`` names a table's formulas use: the same-named row of another table."""
    return {n for c in table.columns.values() if c.formula is not None for n in c.formula.names if "." in n}


def _lookup(name: str, used: set[str], done: dict[str, TableFigures]) -> dict[str, Value | None]:
    out: dict[str, Value | None] = {}
    for dotted in used:
        other, column = dotted.split(".", 1)
        tf = done.get(other)
        row = next((r for r in tf.rows if r.name.casefold() == name.casefold()), None) if tf else None
        out[dotted] = row.exact.get(column) if row is not None else None
    return out


def _table(valid: ValidTable, done: dict[str, TableFigures]) -> TableFigures:
    table = valid.table
    order = table.formula_order()
    used = _foreign(table)
    rows = tuple(_row(valid, r.values, r.name, r.line, order, _lookup(r.name, used, done)) for r in valid.rows)
    columns = tuple(valid.columns)
    totals: dict[str, Value | None] = {}
    for dotted in used:  # so that the "Cộng" row's rates over another table's totals can be computed
        other, other_key = dotted.split(".", 1)
        if other in done:
            totals[dotted] = done[other].totals.get(other_key)
    for key in columns:
        column = table.columns[key]
        if column.value_type == "so" and column.totalled:
            cells = [r.exact.get(key) for r in rows]
            # No rows (a plan stating town figures only): the total is unknown, not 0.
            totals[key] = None if not cells or any(c is None for c in cells) else sum(c for c in cells if c is not None)
    return TableFigures(table, columns, rows, totals, {})


def compute(valid: ValidPlan) -> Computed:
    decl = valid.declaration
    # Tables another table's formulas look rows up in are computed first; the result keeps the declared order.
    done: dict[str, TableFigures] = {}
    pending = dict(valid.tables)
    while pending:
        ready = [n for n, t in pending.items() if not ({d.split(".")[0] for d in _foreign(t.table)} & set(pending) - {n})]
        for name in ready or list(pending):
            done[name] = _table(pending.pop(name), done)
    tables = {name: done[name] for name in valid.tables}
    stated = valid.figures
    derived: dict[str, Value] = {}
    values: dict[str, Value | Rate] = {}

    def settle(key: str) -> None:
        value = stated.get(key)
        if value is not None and not isinstance(value, str):
            values[key] = value
        elif key in derived:
            exact = derived[key]
            rate = shown_rate(exact) if decl.figures[key].value_type == "ty_le" else None
            values[key] = exact if rate is None else rate

    # Figures that are the total of a column.
    for key, figure in decl.figures.items():
        if figure.column_total is not None:
            table_name, column_key = figure.column_total
            total = tables[table_name].totals.get(column_key) if table_name in tables else None
            if total is not None:
                derived[key] = total
    for key in decl.figures:
        if decl.figures[key].formula is None:
            settle(key)
    # Defaults (a year-end household count falls back to the start's), then formulas in order.
    for key, figure in decl.figures.items():
        if figure.default is None or key in values:
            continue
        if figure.default in derived:
            derived[key] = derived[figure.default]
        if figure.default in values:
            values[key] = values[figure.default]
    for key in decl.figure_order():
        figure = decl.figures[key]
        assert figure.formula is not None
        if figure.value_type == "ty_le" and figure.formula.ratio() is None:
            # A difference of rates is the difference of the rates as the plan shows them.
            shown = {k: (v.value if isinstance(v, Rate) else None) for k, v in values.items()}
            exact = figure.formula.evaluate(shown)
            if exact is not None:
                derived[key] = exact
                used = [r for n in figure.formula.names if isinstance(r := values.get(n), Rate)]
                decimals = max((r.decimals for r in used), default=RATE_DECIMALS)
                given = stated.get(key)
                if given is None:
                    values[key] = Rate(round_half_up(Decimal(exact), decimals), decimals)
                elif not isinstance(given, str):  # a rate is validated as one: never text
                    values[key] = given
            else:
                settle(key)
            continue
        operands = {k: (derived.get(k) if k in derived else _exact(values.get(k))) for k in figure.formula.names}
        result = figure.formula.evaluate(operands)
        if result is not None:
            derived[key] = result
        settle(key)
    # The "Cộng" row: sums, and for a rate the town figure it names (else the rate of the sums).
    for tf in tables.values():
        for key in tf.columns:
            column = tf.table.columns[key]
            if key in tf.totals:
                tf.total_shown[key] = tf.totals[key]
            elif column.value_type == "ty_le" and column.totalled:
                if column.total and column.total in values:
                    tf.total_shown[key] = values[column.total]
                elif column.formula is not None:
                    tf.total_shown[key] = shown_rate(column.formula.evaluate(tf.totals))
    return Computed(tables, derived, values)


def _exact(value: object) -> Value | None:
    if isinstance(value, Rate):
        return value.value
    return value if isinstance(value, (int, Decimal)) else None
