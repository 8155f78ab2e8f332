"""Property-based tests: generated input never ends in a traceback; the rate rule is exact."""

from __future__ import annotations

import keyword
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from vanban.engine.check import rate_finding
from vanban.engine.findings import InputError, Place
from vanban.engine.formulas import FormulaError, parse_relation
from vanban.engine.load import load_csv, load_yaml
from vanban.engine.numbers import Rate, format_percent, round_half_up
from vanban.engine.validate import validate_plan, validate_table
from vanban.pipeline import declaration
from vanban.project import Project

ROOT = Path(__file__).resolve().parents[1]
UNITS = declaration(Project(ROOT)).tables["don_vi"]
UNIT_COLUMNS = [k for k, c in UNITS.columns.items() if not c.optional]


def validate_units(table):
    return validate_table(table, UNITS)


SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])

yaml_like = st.recursive(
    st.one_of(
        st.none(),
        st.booleans(),
        st.integers(-5, 10**6),
        st.text(max_size=20),
        st.sampled_from(["1,21", "0.7", "2024-01-04", "35 hộ", "${nam}"]),
    ),
    lambda children: st.one_of(
        st.lists(children, max_size=4),
        st.dictionaries(
            st.sampled_from(["nam", "van_ban", "so_lieu", "noi_dung", "ky", "noi_nhan", "can_cu", "ho_ngheo", "so", "x"]),
            children,
            max_size=5,
        ),
    ),
    max_leaves=20,
)


@SETTINGS
@given(st.text(max_size=300))
def test_any_text_as_yaml_is_loaded_or_refused_clearly(tmp_path_factory, text):
    path = Path(tmp_path_factory.mktemp("y")) / "plan.yaml"
    path.write_text(text, encoding="utf-8")
    try:
        validate_plan(load_yaml(path, "plan.yaml"))
    except InputError as exc:
        assert exc.findings and all(f.message and f.place.file == "plan.yaml" for f in exc.findings)


@SETTINGS
@given(yaml_like)
def test_any_yaml_structure_is_validated_or_refused_clearly(tmp_path_factory, data):
    import yaml

    path = Path(tmp_path_factory.mktemp("y")) / "plan.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    try:
        validate_plan(load_yaml(path, "plan.yaml"))
    except InputError as exc:
        assert exc.findings and all(f.code and f.message for f in exc.findings)


@SETTINGS
@given(st.binary(max_size=300))
def test_any_bytes_as_csv_are_loaded_or_refused_clearly(tmp_path_factory, data):
    path = Path(tmp_path_factory.mktemp("c")) / "don_vi.csv"
    path.write_bytes(data)
    try:
        validate_units(load_csv(path, "don_vi.csv"))
    except InputError as exc:
        assert exc.findings and all(f.message for f in exc.findings)


cell = st.one_of(
    st.text(max_size=8), st.sampled_from(["", "0", "5", "-1", "2.91", "2,91", "1.234", "1e3", "NaN", "Cộng", "35 hộ"])
)


@SETTINGS
@given(st.lists(st.lists(cell, min_size=5, max_size=8), max_size=6), st.sampled_from([",", ";"]))
def test_generated_tables_never_crash(tmp_path_factory, rows, sep):
    import csv
    import io

    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=sep)
    writer.writerow(UNIT_COLUMNS)
    writer.writerows(rows)
    path = Path(tmp_path_factory.mktemp("c")) / "don_vi.csv"
    path.write_text(buffer.getvalue(), encoding="utf-8")
    try:
        units = validate_units(load_csv(path, "don_vi.csv")).rows
    except InputError as exc:
        assert exc.findings and all(f.place.line is None or f.place.line >= 1 for f in exc.findings)
    else:
        # A blank count is allowed (P001: still to fill); where both are written, the part is within the whole.
        pairs = [(u.values["ho_ngheo"], u.values["tong_so_ho"]) for u in units]
        assert all(part <= whole for part, whole in pairs if part is not None and whole is not None)


@given(
    st.integers(0, 10**5),
    st.integers(1, 10**5),
    st.integers(0, 3),
    st.decimals(min_value=0, max_value=100, places=3, allow_nan=False, allow_infinity=False),
)
def test_rate_rule_flags_exactly_the_misrounded(part, whole, decimals, noise):
    exact = Decimal(part) * 100 / Decimal(whole)
    correct = Rate(round_half_up(exact, decimals), decimals)
    assert rate_finding(Place("f"), "Tỷ lệ", correct, part, whole) is None
    other = Rate(round_half_up(noise, decimals), decimals)
    found = rate_finding(Place("f"), "Tỷ lệ", other, part, whole)
    assert (found is None) == (other.value == correct.value)
    if found:
        assert found.code == "R001" and format_percent(other.value, decimals) in found.message


# ---------------------------------------------------------------- declaration formulas


@SETTINGS
@given(st.text(max_size=40))
def test_any_text_as_a_formula_is_parsed_or_refused_clearly(text):
    from vanban.engine.formulas import FormulaError, parse

    try:
        formula = parse(text)
    except FormulaError as exc:
        assert "công thức" in str(exc)
    else:
        formula.evaluate({name: 1 for name in formula.names})  # never raises


@given(st.lists(st.tuples(st.sampled_from(["+", "-"]), st.integers(0, 10**6)), min_size=1, max_size=6))
def test_a_flow_formula_evaluates_and_reads_as_written(terms):
    from vanban.engine.formulas import parse

    names = [f"x{i}" for i in range(len(terms))]
    text = names[0] + "".join(f" {op} {name}" for (op, _), name in zip(terms[1:], names[1:], strict=True))
    values = {name: value for name, (_, value) in zip(names, terms, strict=True)}
    expected = terms[0][1] + sum(v if op == "+" else -v for op, v in terms[1:])
    formula = parse(text)
    assert formula.evaluate(values) == expected
    shown = formula.render(lambda n: str(values[n]))
    assert "(" not in shown and eval(shown.replace("−", "-")) == expected  # noqa: S307 (digits and + - only)


@given(st.integers(0, 10**5), st.integers(1, 10**5))
def test_a_ratio_formula_is_exactly_the_percentage(part, whole):
    from vanban.engine.formulas import parse
    from vanban.engine.numbers import percent

    formula = parse("a / b * 100")
    assert formula.ratio() is not None
    assert formula.evaluate({"a": part, "b": whole}) == percent(part, whole)


# ---------------------------------------------------------------- relations of a declaration

_names = st.from_regex(r"[a-z][a-z0-9_]{0,12}", fullmatch=True).filter(lambda n: not keyword.iskeyword(n))


@given(_names, _names, st.sampled_from(["=", "<=", " = ", " <= "]))
def test_a_relation_of_two_names_reads_back_as_written(left: str, right: str, op: str):
    relation = parse_relation(f"{left}{op}{right}")
    assert relation.op == op.strip()
    assert (relation.single(relation.left), relation.single(relation.right)) == (left, right)


@given(_names, st.lists(st.tuples(st.sampled_from(["+", "-"]), _names), min_size=1, max_size=4))
def test_a_flow_keeps_its_formula_as_written(end: str, terms: list[tuple[str, str]]):
    right = terms[0][1] + "".join(f" {sign} {name}" for sign, name in terms[1:])
    relation = parse_relation(f"{end} = {right}")
    assert relation.single(relation.left) == end and relation.right.text == right
    assert relation.single(relation.right) == (right if len(terms) == 1 else None)


@pytest.mark.parametrize("text", ["a < b", "a == b == c", "a = ", "a <= b; import os", "__import__('os')", "a.b.c = d"])
def test_what_is_not_a_relation_of_names_is_refused(text: str):
    with pytest.raises(FormulaError):
        parse_relation(text)


_CITATION_PARTS = st.sampled_from(
    ["Quyết định", "QUYẾT ĐỊNH", "Kế hoạch", "Luật", " số ", " SỐ ", " Số\u00a0", "số", " ngày ", " tháng ", " năm ",
     "04/QĐ-UBND", "45-NQ/ĐU", "04", "/", "01", "12", "2024", " ", ", ", "ſố ", "hộ nghèo", "\n"]
)  # fmt: skip


@given(st.lists(_CITATION_PARTS | st.text(max_size=4), max_size=30).map("".join))
@example("Căn cứ QUYẾT ĐỊNH SỐ 04/QĐ-UBND ngày 04/01/2024 và Kế hoạch số 7 ngày 29 tháng 12 năm 2023")
@example("Luật ſố 1 ngày 1/1/2020")
def test_citations_found_with_the_quick_search_first_are_those_the_whole_pattern_finds(text: str):
    from vanban.engine.documents import CITED, cited_in

    assert [m.span() for m in cited_in(text)] == [m.span() for m in CITED.finditer(text)]


@given(st.text(alphabet=st.sampled_from(list("aZ \n®ÞÊñäöµ¸ăđệ«»")), max_size=40))
def test_legacy_encoding_is_found_where_the_whole_pattern_first_matches(text: str):
    from vanban.engine import load

    match = load._LEGACY.search(text)
    expected = None
    if match is not None:
        start = match.start()
        expected = (text.count("\n", 0, start) + 1, start - (text.rfind("\n", 0, start) + 1) + 1)
    assert load.legacy_encoding_at(text) == expected
