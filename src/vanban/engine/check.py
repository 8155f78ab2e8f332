"""Step 4, check: every stated figure must equal what the data computes.

The rules are generic: each reads the kind's declaration (``templates/<kind>.yaml``)
to know which rates, totals, formulas, flows and bounds to check. Each has a
stable code, like a linter's; messages show the stated value, the computed one
and the formula with its numbers, in Vietnamese, with the declared descriptions.

| code | rule (what in the declaration drives it)                                     |
|------|-------------------------------------------------------------------------------|
| R001 | a stated rate = part / whole x 100, half-up at its decimals (``ty_le`` with ``cong_thuc: a / b * 100``) |
| R002 | a stated change of rate = the difference of the two rates shown (``ty_le`` with ``a - b``) |
| T001 | a stated total = the sum of the rows (``tong: bang.cot``; a typed "Cộng" row, ``cong``) |
| T002 | a target handed down is handed out in full: given <= the units' sum (``quan_he.giao_du``) |
| I001 | per row: a stated derived count = its formula (``cong_thuc`` of a ``so`` column) |
| I002 | flows: start − out + in = end (``quan_he.dong_chay``)                        |
| I003 | parts do not exceed wholes (``khong_vuot``)                                   |
| X001 | across years: a figure = last plan's stated figure (``nam_truoc`` of a figure, error) |
| X002 | across years: a row's value = last year's (``nam_truoc`` of a column, warning) |
| P001 | a value left empty to fill in (``bat_buoc`` figures, ``cho_dien`` cells)     |
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from decimal import Decimal

from vanban.engine import documents
from vanban.engine.compute import Computed, TableFigures
from vanban.engine.declaration import Column, Declaration
from vanban.engine.findings import Finding, Place, error, warning
from vanban.engine.formulas import Formula, Value
from vanban.engine.merge import apply_merges, describe, merged_values
from vanban.engine.numbers import Rate, format_int, format_percent, percent, round_half_up, truncate
from vanban.engine.prose import placeholders
from vanban.engine.validate import ValidPlan

Rule = Callable[[ValidPlan, Computed], Iterator[Finding]]


def _lower(text: str) -> str:
    return text.lower()


def _label(valid: ValidPlan, key: str) -> str:
    figure = valid.declaration.figures.get(key)
    return figure.label if figure is not None else key


def rate_finding(
    place: Place,
    label: str,
    stated: Rate,
    part: int,
    whole: int,
    *,
    part_text: str | None = None,
    rounded_parts: tuple[Rate, ...] = (),
) -> Finding | None:
    """R001: ``stated`` must be part / whole x 100 rounded half-up at its own decimals.

    ``rounded_parts`` are the rates that make up a combined one: a stated value equal
    to their sum is a sum of rounded numbers, not a rate computed from the counts.
    """
    if whole == 0:
        return None
    exact = percent(part, whole)
    if round_half_up(exact, stated.decimals) == stated.value:
        return None
    shown = max(stated.decimals, 2)
    formula = f"{part_text or format_int(part)} / {format_int(whole)}"
    message = f"{label} ghi {format_percent(stated.value, stated.decimals)} nhưng {formula} = {format_percent(exact, shown)}"
    hints = []
    if stated.decimals < shown:
        hints.append(f"làm tròn đến {stated.decimals} chữ số thập phân là {format_percent(exact, stated.decimals)}")
    # Name the most specific likely cause: a sum of rounded parts, else truncation.
    if rounded_parts and sum((r.value for r in rounded_parts), Decimal(0)) == stated.value:
        parts = " + ".join(format_percent(r.value, r.decimals) for r in rounded_parts)
        hints.append(f"số đã ghi có vẻ là tổng các tỷ lệ đã làm tròn ({parts}), không tính từ số hộ")
    elif truncate(exact, stated.decimals) == stated.value:
        hints.append("số đã ghi có vẻ bị cắt bớt thay vì làm tròn")
    if hints:
        message += " (" + "; ".join(hints) + ")"
    return error("R001", place, message + ".")


def _town_place(valid: ValidPlan, key: str) -> Place:
    return valid.source.place(("so_lieu", key), key)


def _operands(computed: Computed, valid: ValidPlan) -> dict[str, Value | None]:
    """Town values for formulas: computed from the data where it can, else as stated."""
    out: dict[str, Value | None] = {k: (v.value if isinstance(v, Rate) else v) for k, v in computed.values.items()}
    out.update(computed.derived)
    return out


def _counts(values: Mapping[str, Value | None]) -> Callable[[str], str]:
    """How ``Formula.render`` shows a name: its value as a whole count (0 while not known)."""
    return lambda name: format_int(int(values.get(name) or 0))


def _texts(values: Mapping[str, object]) -> Callable[[str], str]:
    """How ``Formula.render`` shows a name: its value's text (a rate as the plan writes it)."""
    return lambda name: str(values[name])


def _part_text(part: Formula, values: dict[str, Value | None]) -> str | None:
    if part.text == (part.names[0] if part.names else None):
        return None
    return "(" + part.render(lambda n: format_int(int(values[n] or 0))) + ")"


def town_rates(valid: ValidPlan, computed: Computed) -> Iterator[Finding]:
    """R001 for every stated town rate declared as part / whole x 100."""
    operands = _operands(computed, valid)
    figures = valid.declaration.figures
    for key, figure in figures.items():
        stated = valid.figures.get(key)
        ratio = figure.formula.ratio() if figure.formula is not None else None
        if not isinstance(stated, Rate) or ratio is None:
            continue
        part, whole = ratio[0].evaluate(operands), ratio[1].evaluate(operands)
        if not isinstance(part, int) or not isinstance(whole, int):
            continue
        rounded: list[Rate] = []
        terms = ratio[0].terms()
        if terms and len(terms) > 1 and all(sign > 0 for sign, _ in terms):
            for _, name in terms:
                for other in figures.values():
                    other_ratio = other.formula.ratio() if other.formula is not None else None
                    if other_ratio and other_ratio[0].text == name and other_ratio[1].text == ratio[1].text:
                        if isinstance(shown := computed.values.get(other.key), Rate):
                            rounded.append(shown)
        place = _town_place(valid, key)
        found = rate_finding(
            place, figure.label, stated, part, whole, part_text=_part_text(ratio[0], operands), rounded_parts=tuple(rounded)
        )
        if found:
            yield found


def _relative_reading(valid: ValidPlan, computed: Computed, names: tuple[str, ...]) -> tuple[Decimal, str] | None:
    """The other reading of "giảm x %": the relative fall of the count, (start − end) / start × 100,
    from the counts the two rates are made of (ho_ngheo / tong_so_ho, ho_ngheo_cuoi_nam / …)."""
    if len(names) != 2:
        return None
    operands = _operands(computed, valid)
    counts = []
    for name in names:
        figure = valid.declaration.figures.get(name)
        ratio = figure.formula.ratio() if figure is not None and figure.formula is not None else None
        count = ratio[0].evaluate(operands) if ratio is not None else None
        if not isinstance(count, int):
            return None
        counts.append(count)
    start, end = counts
    if start <= 0:
        return None
    return percent(start - end, start), f"({format_int(start)} − {format_int(end)}) / {format_int(start)}"


def rate_change(valid: ValidPlan, computed: Computed) -> Iterator[Finding]:
    """R002: a change of rate is the difference of the two rates the plan shows (percentage points).

    Some offices write "giảm x %" for the relative fall of the count: when the stated value is that,
    R003 (a warning) says so and asks for the wording; when it is neither, R002 names both readings."""
    for key, figure in valid.declaration.figures.items():
        stated = valid.figures.get(key)
        if figure.value_type != "ty_le" or figure.formula is None or figure.formula.ratio() is not None:
            continue
        if not isinstance(stated, Rate):
            continue
        rates = {n: r for n in figure.formula.names if isinstance(r := computed.values.get(n), Rate)}
        if len(rates) != len(set(figure.formula.names)):
            continue
        difference = figure.formula.evaluate({n: r.value for n, r in rates.items()})
        if difference is None or round_half_up(Decimal(difference), stated.decimals) == stated.value:
            continue
        decimals = max(r.decimals for r in rates.values())
        shown = format_percent(stated.value, stated.decimals)
        points = (
            f"{figure.formula.render(_texts(rates))} = "
            f"{format_percent(Decimal(difference), decimals).replace('%', 'điểm phần trăm')}"
        )
        relative = _relative_reading(valid, computed, tuple(figure.formula.names))
        if relative is not None and round_half_up(relative[0], stated.decimals) == stated.value:
            yield warning(
                "R003",
                _town_place(valid, key),
                f"{figure.label} ghi {shown}: đúng nếu hiểu là số hộ giảm tương đối {relative[1]} = "
                f"{format_percent(relative[0], 2)}, nhưng hiệu hai tỷ lệ là {points}. Hãy ghi rõ «số hộ nghèo giảm "
                f"{format_percent(relative[0], stated.decimals)}» hoặc «tỷ lệ hộ nghèo giảm … điểm phần trăm».",
            )
            continue
        tried = f"hiệu hai tỷ lệ {points}"
        if relative is not None:
            tried += f"; hiểu là số hộ giảm tương đối thì {relative[1]} = {format_percent(relative[0], 2)}, cũng không khớp"
        yield error("R002", _town_place(valid, key), f"{figure.label} ghi {shown} nhưng {tried}.")


def _rate_columns(tf: TableFigures) -> Iterator[tuple[Column, Formula, Formula]]:
    for key in tf.columns:
        column = tf.table.columns[key]
        ratio = column.formula.ratio() if column.formula is not None else None
        if column.value_type == "ty_le" and ratio is not None:
            yield column, ratio[0], ratio[1]


def row_rates(valid: ValidPlan, computed: Computed) -> Iterator[Finding]:
    """R001 for every stated rate of every row, at its own decimals."""
    for name, tf in computed.tables.items():
        source = valid.tables[name]
        for column, part_f, whole_f in _rate_columns(tf):
            for row, raw in zip(tf.rows, source.rows, strict=True):
                stated = raw.values.get(column.key)
                part, whole = part_f.evaluate(row.exact), whole_f.evaluate(row.exact)
                if not isinstance(stated, Rate) or not isinstance(part, int) or not isinstance(whole, int):
                    continue
                place = source.place(row.line, column.key, row.name)
                if found := rate_finding(place, column.label, stated, part, whole):
                    yield found


def _formula_suffix(column: Column, totals: dict[str, Value | None]) -> str:
    if column.formula is None or any(totals.get(n) is None for n in column.formula.names):
        return ""
    return f" (= {column.formula.render(lambda n: format_int(int(totals[n] or 0)))})"


def town_totals(valid: ValidPlan, computed: Computed) -> Iterator[Finding]:
    """T001: a stated town figure declared as a column's total equals that total."""
    for key, figure in valid.declaration.figures.items():
        stated = valid.figures.get(key)
        if figure.column_total is None or not isinstance(stated, int):
            continue
        table_name, column_key = figure.column_total
        tf = computed.tables.get(table_name)
        if tf is None or column_key not in tf.totals:
            continue
        total = tf.totals[column_key]
        if total is None or total == stated:
            continue
        column = tf.table.columns[column_key]
        yield error(
            "T001",
            _town_place(valid, key),
            f"{figure.label} ghi {format_int(stated)} nhưng tổng cột {column_key} của {len(tf.rows)} {tf.table.row_noun} "
            f"trong {valid.tables[table_name].file} là {format_int(int(total))}{_formula_suffix(column, tf.totals)}.",
        )


def table_totals(valid: ValidPlan, computed: Computed) -> Iterator[Finding]:
    """T001: a table's column sums to a town figure (``quan_he.tong_bang``: nguyen_nhan.so_ho = ho_ngheo)."""
    for table_name, column, key in valid.declaration.table_totals:
        tf = computed.tables.get(table_name)
        value = computed.values.get(key)
        if tf is None or column not in tf.columns or not isinstance(value, int):
            continue
        total = tf.totals.get(column)
        if total is None or total == value:
            continue
        source = valid.tables[table_name]
        yield error(
            "T001",
            Place(source.file, None, source.header.index(column) + 1, column),
            f"tổng cột {column} của {len(tf.rows)} {tf.table.row_noun} trong {source.file} là {format_int(int(total))} "
            f"nhưng {_lower(_label(valid, key))} ({key}) là {format_int(value)}.",
        )


def stated_total_rows(valid: ValidPlan, computed: Computed) -> Iterator[Finding]:
    """A "Cộng" row typed into a CSV is checked against the rows above it, not rendered."""
    for name, tf in computed.tables.items():
        source = valid.tables[name]
        row = source.stated_total
        if row is None:
            continue
        for key, total in tf.totals.items():
            value = row.values.get(key)
            if isinstance(value, int) and total is not None and value != total:
                yield error(
                    "T001",
                    source.place(row.line, key, row.name),
                    f"dòng «{row.name}» ghi {format_int(value)} nhưng các dòng trên cộng lại là {format_int(int(total))}"
                    f"{_formula_suffix(tf.table.columns[key], tf.totals)}.",
                )
        # A column total not known yet (a unit's households left blank) is the town figure the plan states.
        town = {
            figure.column_total[1]: stated_total
            for key, figure in valid.declaration.figures.items()
            if figure.column_total is not None and figure.column_total[0] == name
            if isinstance(stated_total := computed.values.get(key), int)
        }
        totals = {**town, **{k: v for k, v in tf.totals.items() if v is not None}}
        for column, part_f, whole_f in _rate_columns(tf):
            stated = row.values.get(column.key)
            part, whole = part_f.evaluate(totals), whole_f.evaluate(totals)
            if isinstance(stated, Rate) and isinstance(part, int) and isinstance(whole, int):
                if found := rate_finding(source.place(row.line, column.key, row.name), column.label, stated, part, whole):
                    yield found


def row_identities(valid: ValidPlan, computed: Computed) -> Iterator[Finding]:
    """I001: a stated count that a formula derives (year-end = start − decrease) equals it."""
    for name, tf in computed.tables.items():
        source = valid.tables[name]
        for key in tf.columns:
            column = tf.table.columns[key]
            if column.value_type != "so" or column.formula is None:
                continue
            for row, raw in zip(tf.rows, source.rows, strict=True):
                stated, exact = raw.values.get(key), row.exact.get(key)
                if isinstance(stated, int) and exact is not None and stated != exact:
                    shown = column.formula.render(_counts(row.exact))
                    yield error(
                        "I001",
                        source.place(row.line, key, row.name),
                        f"{_lower(column.label)} ghi {format_int(stated)} nhưng {shown} = {format_int(int(exact))}.",
                    )


def town_identities(valid: ValidPlan, computed: Computed) -> Iterator[Finding]:
    """I001 for town figures: a stated count that a formula derives (decrease = start − end) equals it."""
    for key, figure in valid.declaration.figures.items():
        stated, exact = valid.figures.get(key), computed.derived.get(key)
        if figure.value_type != "so" or figure.formula is None or not isinstance(stated, int) or exact is None or stated == exact:
            continue
        operands = _operands(computed, valid)
        if any(not isinstance(operands.get(n), int) for n in figure.formula.names):
            continue
        shown = figure.formula.render(_counts(operands))
        yield error(
            "I001",
            _town_place(valid, key),
            f"{figure.label} ghi {format_int(stated)} nhưng {shown} = {format_int(int(exact))}.",
        )


def flows(valid: ValidPlan, computed: Computed) -> Iterator[Finding]:
    """I002: start − out + in = end, for each declared flow."""
    for flow in valid.declaration.flows:
        end = computed.values.get(flow.end)
        parts = {n: v for n in flow.formula.names if isinstance(v := valid.figures.get(n), int)}
        if not isinstance(end, int) or len(parts) != len(set(flow.formula.names)):
            continue
        result = flow.formula.evaluate(parts)
        if result is None or result == end:
            continue
        where = flow.end if isinstance(valid.figures.get(flow.end), int) else flow.formula.names[0]
        yield error(
            "I002",
            _town_place(valid, where),
            f"{flow.label} {format_int(end)} nhưng {flow.formula.render(_counts(parts))} = {format_int(int(result))}.",
        )


def parts_within_wholes(valid: ValidPlan, computed: Computed) -> Iterator[Finding]:
    """I003: declared parts (per row and town-wide) do not exceed their wholes."""
    for name, tf in computed.tables.items():
        source = valid.tables[name]
        for part, whole in tf.table.bounds:
            if part not in tf.columns or whole not in tf.columns:
                continue
            for row in tf.rows:
                p, w = row.exact.get(part), row.exact.get(whole)
                if isinstance(p, int) and isinstance(w, int) and p > w:
                    yield error(
                        "I003",
                        source.place(row.line, part, row.name),
                        f"{_lower(tf.table.columns[part].label)} ({format_int(p)}) lớn hơn "
                        f"{_lower(tf.table.columns[whole].label)} ({format_int(w)}).",
                    )
    for part, whole in valid.declaration.bounds:
        town_part, town_whole = valid.figures.get(part), computed.values.get(whole)
        if isinstance(town_part, int) and isinstance(town_whole, int) and town_part > town_whole:
            yield error(
                "I003",
                _town_place(valid, part),
                f"{_lower(_label(valid, part))} ({format_int(town_part)}) lớn hơn {_lower(_label(valid, whole))} ({format_int(town_whole)}).",
            )


def handed_out(valid: ValidPlan, computed: Computed) -> Iterator[Finding]:
    """T002: a target handed down from above (UBND tỉnh's) is handed out in full to the units.

    The two are different figures a plan states apart ("chỉ tiêu UBND tỉnh giao là 13 hộ", "giao các tiểu
    khu 13 hộ"): the units may be given more (phấn đấu vượt), never less.
    """
    for given, shared in valid.declaration.handed_out:
        target, total = computed.values.get(given), computed.values.get(shared)
        if not isinstance(target, int) or not isinstance(total, int) or total >= target:
            continue
        figure = valid.declaration.figures.get(shared)
        source, noun = "", "đơn vị"
        if figure is not None and figure.column_total is not None and figure.column_total[0] in valid.tables:
            table_name, column_key = figure.column_total
            source = f" (tổng cột {column_key} của {valid.tables[table_name].file})"
            noun = valid.declaration.tables[table_name].row_noun
        yield error(
            "T002",
            _town_place(valid, given),
            f"{_lower(_label(valid, shared))} là {format_int(total)}{source}, thấp hơn {_lower(_label(valid, given))} "
            f"là {format_int(target)}: còn {format_int(target - total)} chưa giao cho {noun} nào.",
        )


def to_fill(valid: ValidPlan, computed: Computed) -> Iterator[Finding]:
    """P001: values left empty for the drafter to decide (a new year's scaffold leaves them so)."""
    plan = valid.plan
    decl = valid.declaration
    if plan.document.date is None:
        yield error("P001", valid.source.place(("van_ban", "ngay"), "van_ban.ngay"), "chưa điền ngày ban hành.")
    for key, citation in plan.citations.items():
        for field, value, what in (("so", citation.number, "số, ký hiệu"), ("ngay", citation.date, "ngày ban hành")):
            if value is None:
                place = valid.source.place(("can_cu", key, field), f"can_cu.{key}.{field}")
                yield error("P001", place, f"chưa điền {what} của văn bản «{key}» ({citation.kind} {citation.subject}).")
    for key, figure in decl.figures.items():
        if figure.required and valid.figures.get(key) is None and key not in computed.values:
            yield error("P001", _town_place(valid, key), f"chưa điền {_lower(figure.label)}.")
    for name, tf in computed.tables.items():
        source = valid.tables[name]
        for key in tf.columns:
            column = tf.table.columns[key]
            if not column.to_fill:
                continue
            for row in tf.rows:
                if row.exact.get(key) is None:
                    message = f"chưa điền {_lower(column.label)} của {tf.table.row_noun}."
                    yield error("P001", source.place(row.line, key, row.name), message)
    # A figure the prose uses that has no value would print "…": required ones and those derived from
    # a cell still to fill are reported above through their cause (an empty flow, an undecided decrease);
    # one derived from a column the data does not have (an optional column left out) here, as the rest.
    used = {name for block in plan.body for name in placeholders(block.text)} | set(placeholders(plan.document.summary))
    required = {k for k, f in decl.figures.items() if f.required}
    undecided = any(f.required and valid.figures.get(k) is None and k not in computed.values for k, f in decl.figures.items())
    undecided |= any(
        row.exact.get(key) is None
        for tf in computed.tables.values()
        for key in tf.columns
        if tf.table.columns[key].to_fill
        for row in tf.rows
    )
    years = {"nam", "nam_truoc", "nam_sau"} | ({"chuan_ngheo"} if plan.poverty_standard is not None else set())
    known = set(computed.values) | set(plan.citations) | years | required
    for name in sorted(used - known):
        absent = _absent_columns(decl, computed, name)
        if name in decl.derivable() and not absent and undecided:
            continue  # waits for the cells reported above
        written = valid.source.data.get("so_lieu") if isinstance(valid.source.data, dict) else None
        if isinstance(written, dict) and name in written and name in decl.figures:  # written, left empty to fill
            message = f"chưa điền {_lower(decl.figures[name].label)} (nội dung dùng ${{{name}}})."
            yield error("P001", _town_place(valid, name), message)
            continue
        why = f" (bảng thiếu cột {', '.join(absent)})" if absent else ""
        yield error("P001", _town_place(valid, name), f"nội dung dùng ${{{name}}} nhưng chưa có số liệu này{why}.")


def _absent_columns(decl: Declaration, computed: Computed, name: str, seen: frozenset[str] = frozenset()) -> list[str]:
    """The optional columns a figure is derived from that the data does not have (``bang.cot``)."""
    figure = decl.figures.get(name)
    # A figure with a value, or a required one (its own P001 asks for it), is not missing for want of a column.
    if figure is None or name in seen or name in computed.values or figure.required:
        return []
    if figure.column_total:
        table, column = figure.column_total
        tf = computed.tables.get(table)
        return [f"{table}.{column}"] if tf is not None and column not in tf.columns else []
    names = figure.formula.names if figure.formula is not None else ()
    return [c for n in names for c in _absent_columns(decl, computed, n, seen | {name})]


RULES: tuple[Rule, ...] = (
    *documents.RULES,
    to_fill,
    town_rates,
    rate_change,
    row_rates,
    town_totals,
    table_totals,
    stated_total_rows,
    row_identities,
    town_identities,
    flows,
    parts_within_wholes,
    handed_out,
)


def across_years(
    current: ValidPlan,
    now: Computed,
    previous: ValidPlan,
    before: Computed,
    merges: Mapping[str, tuple[str, ...]] | None = None,
    actual: tuple[str, dict[str, dict[str, int]]] | None = None,
) -> Iterator[Finding]:
    """This plan starts where last year's plan ended.

    What last year's plan *stated* as a count at the end of the year before is a
    fact both plans share (X001, error). What it *planned* for its year-end is a
    target, which the year's results may beat or miss (X002, warning). Units merged or
    renamed since last year (``merges``, the year's merge map) are compared with the sum
    of the units they were made of. ``actual`` (a file, and unit name casefolded ->
    column -> value) is last year's reported year-end: where it gives a column, each
    unit (a merged unit: the sum of its old units) is compared with it instead.
    """
    year = current.plan.year
    for key, figure in current.declaration.figures.items():
        stated, last_stated = current.figures.get(key), before.values.get(figure.last_year or "")
        if figure.last_year and isinstance(stated, int) and isinstance(last_stated, int) and stated != last_stated:
            yield error(
                "X001",
                _town_place(current, key),
                f"{_lower(figure.label)} ghi {format_int(stated)} nhưng kế hoạch năm {year - 1} "
                f"({previous.source.file}) ghi {figure.last_year} = {format_int(last_stated)}.",
            )
    merges = merges or {}
    tf, last_tf = now.main, before.main
    if not tf.rows:  # a plan that states town figures only has no units to carry over
        return
    carried = [c for c in tf.table.columns.values() if c.last_year and c.key in tf.columns]
    standard, last_standard = current.plan.poverty_standard, previous.plan.poverty_standard
    if standard is not None and last_standard is not None and standard != last_standard:
        # Households counted again under a new standard start where the new count puts them: a unit's
        # start differing from last year's planned or reported year-end is expected, not a data error.
        carried = []
        yield warning(
            "X005",
            Place(current.source.file, field="chuan_ngheo"),
            f"năm {year} tính theo chuẩn nghèo của {standard.name}, năm {year - 1} theo {last_standard.name}: "
            f"số hộ nghèo đầu năm {year} của từng {tf.table.row_noun} là kết quả rà soát theo chuẩn mới, "
            f"không so với số cuối năm {year - 1} (nên ghi rõ điều này trong văn bản).",
        )
    planned = {u.name.casefold(): u for u in apply_merges(last_tf.rows, merges, last_tf.table)}
    noun = tf.table.row_noun
    for unit in tf.rows:
        last_unit = planned.get(unit.name.casefold())
        if last_unit is None:
            yield warning(
                "X002",
                current.main.place(unit.line, tf.table.name_column, unit.name),
                f"{noun} «{unit.name}» không có trong kế hoạch năm {year - 1}.",
            )
            continue
        merged = f" của {describe(merges, unit.name)} (gộp lại)" if unit.name in merges else ""
        reported = merged_values(actual[1], merges, unit.name) if actual else {}
        for column in carried:
            value, last = unit.exact.get(column.key), last_unit.exact.get(column.last_year or "")
            what, where = "số dự kiến", previous.units_file
            if actual is not None and column.key in reported:
                last, what, where = reported[column.key], "số thực hiện", actual[0]
            if last is not None and value is not None and value != last:
                yield warning(
                    "X002",
                    current.main.place(unit.line, column.key, unit.name),
                    f"{_lower(column.label)} đầu năm {year} là {format_int(int(value))}, khác {what} cuối năm {year - 1}"
                    f"{merged} là {format_int(int(last))} ({where}).",
                )
    names = {u.name.casefold() for u in tf.rows}
    names |= {old.casefold() for new, olds in merges.items() if new.casefold() in names for old in olds}
    for unit in last_tf.rows:
        if unit.name.casefold() not in names:
            yield warning(
                "X002",
                Place(current.units_file, unit=unit.name),
                f"{noun} «{unit.name}» của kế hoạch năm {year - 1} không còn trong bảng năm {year}.",
            )


def check(
    valid: ValidPlan,
    computed: Computed,
    previous: tuple[ValidPlan, Computed] | None = None,
    merges: Mapping[str, tuple[str, ...]] | None = None,
    actual: tuple[str, dict[str, dict[str, int]]] | None = None,
) -> list[Finding]:
    findings = [finding for rule in RULES for finding in rule(valid, computed)]
    if previous is not None:
        findings += across_years(valid, computed, *previous, merges, actual)
    return findings
