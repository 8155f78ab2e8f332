"""Inputs read exactly as typed (issue 9): YAML with YAML 1.2 meaning, Excel-locale numbers, no negative zero,
no loader state kept between builds."""

from __future__ import annotations

import gc
from decimal import Decimal
from pathlib import Path

import pytest
import yaml
from docx import Document
from hypothesis import given, settings
from hypothesis import strategies as st

from vanban.commands import cli
from vanban.engine.findings import InputError
from vanban.engine.load import load_yaml
from vanban.engine.numbers import format_number, format_percent
from vanban.pipeline import build, load
from vanban.project import Project

from .conftest import edit

PLAN = "plans/2024.yaml"
UNITS = "data/2024/don_vi.csv"


def yaml_value(tmp_path: Path, text: str):
    path = tmp_path / "x.yaml"
    path.write_text(f"x: {text}\n", encoding="utf-8")
    return load_yaml(path, "x.yaml").data["x"]


def yaml_refusal(tmp_path: Path, text: str) -> str:
    path = tmp_path / "x.yaml"
    path.write_text(f"x: {text}\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_yaml(path, "x.yaml")
    (finding,) = caught.value.findings
    assert finding.code == "Y005" and finding.place.line == 1 and finding.place.field == "x"
    return finding.message


def run_build(project: Project, capsys) -> tuple[int, str]:
    status = cli.build(project.root, "2024")
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    return status, captured.err


# ---------------------------------------------------------------- 2. YAML 1.2, never YAML 1.1's surprises


@pytest.mark.parametrize(
    ("typed", "value"),
    [
        ("010", 10),  # YAML 1.1: 8 (octal)
        ("08", 8),  # YAML 1.1: the float 8.0
        ("0", 0),
        ("yes", "yes"),  # YAML 1.1: True
        ("no", "no"),
        ("on", "on"),
        ("off", "off"),
        ("Yes", "Yes"),
        ("true", True),
        ("2.50", Decimal("2.50")),
        ("2024-01-04", __import__("datetime").date(2024, 1, 4)),
        ('"0x1F"', "0x1F"),  # quoted: text, as typed
        ('"1:20"', "1:20"),
        ("", None),
    ],
)
def test_yaml_reads_with_yaml_12_core_meaning(tmp_path, typed, value):
    got = yaml_value(tmp_path, typed)
    assert got == value and isinstance(got, type(value)) and isinstance(got, bool) == isinstance(value, bool)
    if type(value) is int:
        assert str(got) == typed  # shown as typed in any message: «010», never «10»


@pytest.mark.parametrize("typed", ["1_000", "0x1F", "0o17", "0b101", "1:20", "+1_0.5", "!!int 0x1F", "!!float 1_0.5"])
def test_yaml_11_numbers_are_refused_never_converted(tmp_path, typed):
    message = yaml_refusal(tmp_path, typed)
    shown = typed.split()[-1]
    assert f"«{shown}»" in message and "ngoặc kép" in message


@pytest.mark.parametrize(
    "typed", [".inf", "-.inf", ".nan", "2024-13-45", "!!bool yes", pytest.param("9" * 5000, id="5000-digits")]
)
def test_yaml_values_that_are_no_value_are_refused(tmp_path, typed):
    yaml_refusal(tmp_path, typed)


def test_document_number_010_is_ten_not_eight(project: Project, capsys):
    edit(project.plan_file(2024), "  so:            #", "  so: 010            #")
    status, err = run_build(project, capsys)
    assert status == 0, err
    document = Document(str(project.output_file(2024)))
    cells = [p.text for t in document.tables for row in t.rows for c in row.cells for p in c.paragraphs]
    assert "Số: 10/KH-UBND" in cells, cells


def test_a_number_where_text_is_expected_is_refused_as_typed(project: Project, capsys):
    edit(project.plan_file(2024), "  dia_danh: Hà Trung", "  dia_danh: 010")
    status, err = run_build(project, capsys)
    assert status == 2 and "(trường «van_ban.dia_danh») phải là văn bản (đang ghi «010»)" in err, err


def test_a_leading_zero_count_is_the_decimal_number(project: Project):
    edit(project.plan_file(2024), "  ho_ngheo_phat_sinh: 1\n", "  ho_ngheo_phat_sinh: 01\n")
    figures = load(project, 2024).figures
    assert figures["ho_ngheo_phat_sinh"] == 1 and type(figures["ho_ngheo_phat_sinh"]) is int


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("  ho_ngheo_phat_sinh: 1\n", "  ho_ngheo_phat_sinh: 0x1\n", "Y005"),
        ("  so_khau: 11030\n", "  so_khau: 11_030\n", "Y005"),
        ("  ho_ngheo_phat_sinh: 1\n", "  ho_ngheo_phat_sinh: yes\n", "S001"),  # YAML 1.1 gave True, i.e. 1
    ],
)
def test_a_plan_with_yaml_11_numbers_is_refused_with_the_line(project: Project, capsys, old, new, expected):
    edit(project.plan_file(2024), old, new)
    status, err = run_build(project, capsys)
    line = next(
        i for i, t in enumerate(project.plan_file(2024).read_text(encoding="utf-8").splitlines(), 1) if t == new.rstrip("\n")
    )
    assert status == 2 and f"{PLAN}:{line}:" in err and expected in err, err


# ---------------------------------------------------------------- 6. no negative zero, no negative rate


def test_format_number_never_prints_a_negative_zero_whatever_the_call_order():
    for order in ([Decimal("-0"), Decimal("0")], [Decimal("0"), Decimal("-0")], [Decimal("-0.001"), Decimal("0.00")]):
        format_number.cache_clear()
        assert [format_number(value, 2) for value in order] == ["0,00", "0,00"]
    assert format_percent(Decimal("-0.004")) == "0,00\u00a0%"
    assert format_number(Decimal("-0.005"), 2) == "-0,01"  # a real negative value keeps its sign


@pytest.mark.parametrize(
    ("where", "old", "new"),
    [
        (PLAN, '  ty_le_ho_ngheo: "1,21"\n', '  ty_le_ho_ngheo: "-0"\n'),
        (PLAN, '  ty_le_ho_ngheo: "1,21"\n', "  ty_le_ho_ngheo: -0\n"),
        (PLAN, '  ty_le_ho_ngheo: "1,21"\n', "  ty_le_ho_ngheo: -0.00\n"),
        (UNITS, "Tiểu khu 2,182,2,1.10,", "Tiểu khu 2,182,2,-0,"),
        (UNITS, "Tiểu khu 2,182,2,1.10,", "Tiểu khu 2,182,2,-0.00,"),
    ],
)
def test_a_negative_zero_rate_is_refused(project: Project, capsys, where, old, new):
    edit(project.root / where, old, new)
    status, err = run_build(project, capsys)
    assert status == 2 and "ty_le_ho_ngheo" in err and "không được âm" in err, err


# ---------------------------------------------------------------- 13. nothing kept between loads


def test_loading_a_plan_keeps_no_yaml_node_alive(project: Project):
    load(project, 2024)  # warm up: imports, caches of compiled patterns
    gc.collect()
    before = sum(isinstance(o, yaml.nodes.Node) for o in gc.get_objects())
    for _ in range(3):
        load_yaml(project.plan_file(2024), PLAN)
    gc.collect()
    after = sum(isinstance(o, yaml.nodes.Node) for o in gc.get_objects())
    assert after == before == 0


def test_repeated_builds_do_not_grow_memory(project: Project):
    import tracemalloc

    for _ in range(3):
        build(project, 2024)
        project.output_file(2024).unlink()
    tracemalloc.start()
    try:
        for _ in range(5):
            build(project, 2024)
            project.output_file(2024).unlink()
        gc.collect()
        first, _ = tracemalloc.get_traced_memory()
        for _ in range(10):
            build(project, 2024)
            project.output_file(2024).unlink()
        gc.collect()
        second, _ = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    # Before the fix every load kept ~130 nodes and their values (about 100 KB a build).
    assert second - first < 200_000, second - first


# ---------------------------------------------------------------- 1. Excel-locale numbers in CSV


def excel_csv(project: Project, old: str, new: str) -> None:
    """The unit table as Excel in a Vietnamese locale saves it, with one cell (row prefix) changed."""
    from .test_bad_input import excel_variant

    csv = project.units_file(2024)
    text = excel_variant(csv.read_text(encoding="utf-8")).decode("utf-8")
    assert old in text, (old, text)
    csv.write_bytes(text.replace(old, new, 1).encode("utf-8"))


@pytest.mark.parametrize(
    ("old", "new", "column", "field", "expected"),
    [
        ("Tiểu khu 3;638;5;", "Tiểu khu 3;638;5.0;", 3, "ho_ngheo", "hãy ghi «5,0»"),  # was read as 50
        ("Tiểu khu 3;638;5;0,78;", "Tiểu khu 3;638;5;0.78;", 4, "ty_le_ho_ngheo", "hãy ghi «0,78»"),  # was 78 %
        ("Tiểu khu 3;638;5;", "Tiểu khu 3;638;1.2.3;", 3, "ho_ngheo", "không đọc được thành một số"),  # was 123
        ("Tiểu khu 3;638;", "Tiểu khu 3;63.8;", 2, "tong_so_ho", "hãy ghi «63,8»"),
    ],
)
def test_excel_csv_dot_is_a_thousands_separator_only_where_grouping_is_valid(project, capsys, old, new, column, field, expected):
    excel_csv(project, old, new)
    status, err = run_build(project, capsys)
    assert status == 2, err
    assert f"{UNITS}:4:{column}: C020" in err and f"(đơn vị «Tiểu khu 3», trường «{field}»)" in err, err
    assert "dấu phẩy thập phân" in err and "3 chữ số" in err and expected in err, err


def test_excel_csv_valid_thousands_groups_still_read(project: Project):
    excel_csv(project, "Tiểu khu 3;638;", "Tiểu khu 3;1.638;")
    units = load(project, 2024).units
    assert units[2].values["tong_so_ho"] == 1638


def test_decimal_comma_in_a_comma_separated_csv_names_the_cause(project: Project, capsys):
    edit(project.units_file(2024), "Tiểu khu 1,172,5,2.91,", "Tiểu khu 1,172,5,2,91,")
    status, err = run_build(project, capsys)
    assert status == 2 and f"{UNITS}:2: C013" in err, err
    assert "dấu phẩy thập phân" in err and "«2,91»" in err and "«2.91»" in err and '"2,91"' in err and "CSV UTF-8" in err, err


def test_a_row_with_a_plain_extra_cell_gets_no_decimal_comma_hint(project: Project, capsys):
    edit(project.units_file(2024), "Nguyễn Ngọc Khanh\n", "Nguyễn Ngọc Khanh,thừa\n")
    status, err = run_build(project, capsys)
    assert status == 2 and "C013" in err and "dấu phẩy thập phân" not in err, err


def test_a_quoted_decimal_comma_in_a_comma_csv_is_the_decimal_typed(project: Project):
    """Quoting the cell is one of the fixes C013 proposes: it must then read as typed."""
    edit(project.units_file(2024), "Tiểu khu 1,172,5,2.91,", 'Tiểu khu 1,172,5,"2,91",')
    assert load(project, 2024).units[0].values["ty_le_ho_ngheo"].value == Decimal("2.91")


def test_an_english_thousands_comma_is_refused(project: Project, capsys):
    edit(project.units_file(2024), "Tiểu khu 1,172,5,2.91,", 'Tiểu khu 1,"1,172.0",5,2.91,')
    status, err = run_build(project, capsys)
    assert status == 2 and f"{UNITS}:2:2: C020" in err and "«1,172.0»" in err, err


@pytest.mark.skipif(not hasattr(yaml, "CSafeLoader"), reason="PyYAML built without libyaml")
def test_libyaml_and_pyyaml_resolve_the_same_yaml_12_tags():
    from vanban.engine import load as loader

    text = "a: 010\nb: yes\nc: 1_000\nd: 2024-01-04\ne: 1.50\nf: ~\ng: true\nh: 0x1F\ni: '010'\nj: 1:20\nk: .inf\n"

    def tags(node):
        return [(k.value, v.tag, v.start_mark.line, v.start_mark.column) for k, v in node.value]

    fast = tags(yaml.compose(text, Loader=loader._FAST_LOADER))
    assert fast == tags(yaml.compose(text, Loader=loader._LOADER))
    assert [t for _, t, _, _ in fast][:7] == [
        f"tag:yaml.org,2002:{t}" for t in ("int", "str", "str", "timestamp", "float", "null", "bool")
    ]


@given(st.integers(-(10**12), 10**12), st.integers(0, 3), st.booleans())
@settings(max_examples=60, deadline=None)
def test_any_decimal_integer_reads_as_the_number_typed(tmp_path_factory, n, zeros, plus):
    sign = "-" if n < 0 else ("+" if plus else "")
    typed = f"{sign}{'0' * zeros}{abs(n)}"
    value = yaml_value(tmp_path_factory.mktemp("y"), typed)
    assert value == n and str(value) in (typed, "-0")


@pytest.mark.parametrize("typed", ["²", "٣", "5²", "３"])
def test_a_count_in_other_digits_is_refused_in_vietnamese(project: Project, capsys, typed):
    """«²» passed str.isdigit() and reached int(), whose English «invalid literal» the user saw; «٣» and «３»
    were read as 3. Counts are typed in 0–9: anything else is C020 with the cell and what was typed."""
    edit(project.units_file(2024), "Tiểu khu 1,172,5,", f"Tiểu khu 1,172,{typed},")
    assert cli.check(project.root, "2024") == 2
    err = capsys.readouterr().err
    assert (
        f"data/2024/don_vi.csv:2:3: C020 [lỗi] (đơn vị «Tiểu khu 1», trường «ho_ngheo») phải là số nguyên (đang ghi «{typed}»)"
        in err
    )
    assert "invalid literal" not in err and "Traceback" not in err


@given(st.integers(), st.sampled_from(["", " ", "  "]), st.sampled_from(["", " ", "\t"]))
def test_the_one_integer_reader_reads_every_whole_number_as_written(number: int, before: str, after: str):
    from vanban.engine.numbers import whole_number

    assert whole_number(f"{before}{number}{after}") == number


@given(st.text(min_size=1, max_size=8).filter(lambda t: not t.strip().isascii()))
def test_the_one_integer_reader_never_reads_other_scripts(text: str):
    from vanban.engine.numbers import whole_number

    assert whole_number(text) is None
