"""What the speed work changed, proved equal to what it replaced or still done when it matters."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from vanban.engine import numbers

babel_numbers = pytest.importorskip("babel.numbers", reason="Babel (test extra) is the reference for the formatter")


@given(st.integers(min_value=-(10**15), max_value=10**15))
def test_format_int_is_babels_vietnamese_format(value: int):
    assert numbers.format_int.__wrapped__(value) == babel_numbers.format_decimal(value, format="#,##0", locale="vi")


@given(
    st.decimals(min_value=Decimal("-1e9"), max_value=Decimal("1e9"), allow_nan=False, allow_infinity=False, places=None),
    st.integers(min_value=0, max_value=4),
)
def test_format_number_is_babels_vietnamese_format(value: Decimal, decimals: int):
    rounded = numbers.round_half_up(value, decimals)
    rounded = rounded.copy_abs() if rounded.is_zero() else rounded  # never a negative zero (ours, not Babel's)
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    expected = babel_numbers.format_decimal(rounded, format=pattern, locale="vi", decimal_quantization=True)
    assert numbers.format_number.__wrapped__(value, decimals) == expected


# ---------------------------------------------------------------- the thin entry serves invoke's commands


def test_vanban_entry_has_exactly_the_invoke_tasks_and_their_options():
    import importlib.util

    from vanban.commands import entry

    from .conftest import ROOT

    spec = importlib.util.spec_from_file_location("vanban_tasks", ROOT / "tasks.py")
    tasks = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(tasks)
    from invoke import Collection

    collection = Collection.from_module(tasks)
    assert set(collection.task_names) == set(entry.COMMANDS)
    for name, spec in entry.COMMANDS.items():
        task = collection[name]
        arguments = {arg.name.rstrip("_"): arg for arg in task.get_arguments()}
        assert set(arguments) == {option.name for option in spec.options}, name
        # One declaration serves both: invoke's help is the table's.
        assert {n: a.help for n, a in arguments.items()} == {o.name: o.help for o in spec.options}, name
        assert task.__doc__ == spec.doc


def test_vanban_entry_parses_command_lines_as_invoke_does():
    from vanban.commands import entry

    assert entry.parse(["build", "--year", "2024", "--draft"]) == (
        "build",
        {"year": "2024", "draft": True, "all": False, "lint": False, "commune": None, "kind": None, "ky": None},
    )
    assert entry.parse(["build", "-y", "2024", "-a"])[1]["all"] is True
    assert entry.parse(["lint", "x.docx", "--select", "L1"]) == (
        "lint",
        {"path": "x.docx", "select": "L1", "ignore": "", "render": False},
    )
    assert entry.parse(["diff", "--from", "2024", "--to", "2025"])[1]["from"] == "2024"
    assert entry.parse(["pdf", "--all", "--draft"])[1] == {
        "year": None,
        "draft": True,
        "all": True,
        "commune": None,
        "kind": None,
        "ky": None,
    }
    assert entry.parse(["build", "-y", "2024", "-k", "bao-cao", "--ky", "6-thang"])[1]["ky"] == "6-thang"
    assert entry.parse(["build", "--commune", "giao-hieu", "-y", "2024"])[1]["commune"] == "giao-hieu"
    assert entry.parse(["bogus"]) == 2


def test_vanban_console_script_builds_and_exits_with_the_status(tmp_path):
    import shutil
    import subprocess
    import sys

    from .conftest import ROOT, copy_project

    project = copy_project(tmp_path / "project")
    shutil.copy(ROOT / "tasks.py", project.root / "tasks.py")
    (project.root / "sub").mkdir()
    code = "import sys; from vanban.commands.entry import main; main(sys.argv[1:])"
    done = subprocess.run(
        [sys.executable, "-c", code, "build", "--year", "2024"], cwd=project.root / "sub", capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout == "build/2024/ke-hoach-giam-ngheo-2024.docx: đã ghi.\n"  # flushed before os._exit
    bad = subprocess.run(
        [sys.executable, "-c", code, "build", "--year", "1999"], cwd=project.root, capture_output=True, text=True
    )
    assert bad.returncode == 2 and "A001" in bad.stderr and "Traceback" not in bad.stderr


# ---------------------------------------------------------------- the lint of our output: when it can change


def test_lint_runs_again_only_when_plan_template_or_code_changed(tmp_path, monkeypatch, capsys):
    from vanban.commands import cli
    from vanban.engine.findings import Finding, Place, Severity

    from .conftest import copy_project, edit

    project = copy_project(tmp_path / "project")
    runs = []
    import vanban.lint

    real = vanban.lint.lint_document  # a build lints the tree it saved (tests/test_lint_tree.py)

    def counting(document, shown, **kw):
        runs.append(shown)
        return real(document, shown, **kw)

    monkeypatch.setattr(vanban.lint, "lint_document", counting)
    assert cli.build(project.root, "2024") == 0 and len(runs) == 1
    # Figures in the table only: the document is rebuilt, its form is the same, the last lint is shown.
    edit(project.root / "data/2024/don_vi.csv", "Nguyễn Ngọc Khanh", "Nguyễn Ngọc Khánh")
    assert cli.build(project.root, "2024") == 0 and len(runs) == 1
    assert cli.build(project.root, "2024", lint=True) == 0 and len(runs) == 2  # asked for
    plan = project.root / "plans/2024.yaml"
    plan.write_text(plan.read_text(encoding="utf-8").replace("Phấn đấu", "Quyết tâm phấn đấu", 1), encoding="utf-8")
    assert cli.build(project.root, "2024") == 0 and len(runs) == 3  # the plan's text changed
    assert cli.build(project.root, "2024", draft=True) == 0 and len(runs) == 4  # a draft has another header
    capsys.readouterr()

    # What a remembered lint found is shown again, as warnings, exactly.
    found = Finding("L104", Severity.ERROR, Place("build/2024/ke-hoach-giam-ngheo-2024.docx"), "phông chữ Arial")
    monkeypatch.setattr(vanban.lint, "lint_document", lambda document, shown, **kw: [found])
    plan.write_text(plan.read_text(encoding="utf-8").replace("Quyết tâm phấn đấu", "Phấn đấu", 1), encoding="utf-8")
    assert cli.build(project.root, "2024") == 0
    first = capsys.readouterr().err
    edit(project.root / "data/2024/don_vi.csv", "Nguyễn Ngọc Khánh", "Nguyễn Ngọc Khanh")
    monkeypatch.setattr(vanban.lint, "lint_document", counting)
    assert cli.build(project.root, "2024") == 0 and len(runs) == 4
    again = capsys.readouterr().err
    assert "L104 [cảnh báo]" in first and "phông chữ Arial" in again and first == again
