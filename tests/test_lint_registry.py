"""The linter's rule registry: one entry per rule, the engineers' table printed from it, and rules chosen
with --select/--ignore as ruff chooses them."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

from vanban.commands import cli
from vanban.engine.findings import InputError, Severity
from vanban.lint import lint
from vanban.lint.registry import BY_CODE, RULES, rule_table, select_rules

from .conftest import ROOT

ALL = [rule.code for rule in RULES]


def _tool():
    spec = importlib.util.spec_from_file_location("rule_table", ROOT / "tools" / "rule_table.py")
    module = importlib.util.module_from_spec(spec)
    assert spec.loader is not None
    spec.loader.exec_module(module)
    return module


def test_every_rule_is_one_entry_with_a_clause_an_element_and_a_function():
    assert ALL == sorted(ALL) and len(set(ALL)) == len(ALL) == 34
    for rule in RULES:
        assert rule.code.startswith("L1") and len(rule.code) == 4
        assert rule.clause.startswith(("I.", "II.")) and rule.element and rule.title
        assert callable(rule.check)
    assert BY_CODE["L108"].severity is Severity.WARNING
    assert {r.code for r in RULES if r.needs_header} == {f"L{n}" for n in (*range(111, 121), 150, 151)}
    assert {r.code for r in RULES if r.needs_render} == {f"L{n}" for n in range(150, 158)}  # the laid-out page


def test_the_rule_table_is_the_registrys():
    readme = (ROOT / "docs" / "dev" / "pdf-and-lint.md").read_text(encoding="utf-8")
    tool = _tool()
    assert tool.with_table(readme) == readme, "run: python tools/rule_table.py"
    for rule in RULES:
        assert f"| {rule.code} | {rule.clause} | {rule.element} |" in rule_table()


def test_the_table_check_fails_when_page_and_registry_disagree(tmp_path: Path):
    readme = (ROOT / "docs" / "dev" / "pdf-and-lint.md").read_text(encoding="utf-8")
    stale = readme.replace("| L141 |", "| L142 |")
    assert stale != readme
    (tmp_path / "tools").mkdir()
    (tmp_path / "tools" / "rule_table.py").write_bytes((ROOT / "tools" / "rule_table.py").read_bytes())
    (tmp_path / "docs" / "dev").mkdir(parents=True)
    (tmp_path / "docs" / "dev" / "pdf-and-lint.md").write_text(stale, encoding="utf-8")
    command = [sys.executable, str(tmp_path / "tools" / "rule_table.py")]
    check = subprocess.run([*command, "--check"], capture_output=True, text=True)
    assert check.returncode == 1 and "rule_table.py" in check.stderr
    assert subprocess.run(command, capture_output=True, text=True).returncode == 0  # rewrites the table
    assert (tmp_path / "docs" / "dev" / "pdf-and-lint.md").read_text(encoding="utf-8") == readme


@pytest.mark.parametrize(
    ("select", "ignore", "expected"),
    [
        (None, None, ALL),
        ("L1", None, ALL),
        ("ALL", "L108", [c for c in ALL if c != "L108"]),
        ("L1,L112", "L108", [c for c in ALL if c != "L108"]),
        ("L11", None, [c for c in ALL if c.startswith("L11")]),
        ("L112", "L11", ["L112"]),  # the more specific selector wins, as in ruff
        ("L11", "L11", []),  # same specificity: ignore after select
        (None, "L12,L13", [c for c in ALL if not c.startswith(("L12", "L13"))]),
        (" l103 , ", None, ["L103"]),
        (["L101", "L141"], None, ["L101", "L141"]),
    ],
)
def test_select_and_ignore_follow_ruff(select, ignore, expected):
    assert [r.code for r in select_rules(select, ignore)] == expected


def test_an_unknown_selector_is_refused_with_the_codes():
    with pytest.raises(InputError) as caught:
        select_rules("L9")
    (finding,) = caught.value.findings
    assert finding.code == "L003" and str(finding.place) == "--select" and "L101, L102" in finding.message
    with pytest.raises(InputError):
        select_rules(None, "X1")


def test_lint_with_select_and_ignore(built_2024: Path, tmp_path: Path):
    from docx import Document
    from docx.shared import Mm

    doc = Document(str(built_2024))
    doc.sections[0].left_margin = Mm(25)
    doc.styles["VB Quốc hiệu"].font.size = 14 * 12700
    bad = tmp_path / "bad.docx"
    doc.save(str(bad))
    assert [f.code for f in lint(bad)] == ["L103", "L110"]
    assert [f.code for f in lint(bad, select="L10")] == ["L103"]
    assert [f.code for f in lint(bad, ignore="L103")] == ["L110"]
    assert lint(bad, select="L11", ignore="L110") == []


def test_cli_select_ignore(built_2024: Path, tmp_path: Path, capsys):
    from docx import Document
    from docx.shared import Mm

    doc = Document(str(built_2024))
    doc.sections[0].left_margin = Mm(25)
    bad = tmp_path / "bad.docx"
    doc.save(str(bad))
    assert cli.lint(str(bad), select="L1", ignore="L103") == 0
    assert "các quy tắc đã chọn" in capsys.readouterr().out
    assert cli.lint(str(bad), select="L10") == 1
    assert "L103" in capsys.readouterr().out
    assert cli.lint(str(bad), select="L9") == 2
    err = capsys.readouterr().err
    assert "L003" in err and "Traceback" not in err


def test_invoke_lint_passes_select_and_ignore(built_2024: Path):
    """Through tasks.py, as a user types it."""
    invoke = Path(sys.executable).with_name("invoke")
    if not invoke.is_file():
        pytest.skip("invoke is not installed beside this Python")
    run = subprocess.run(
        [str(invoke), "lint", str(built_2024), "--select", "L1,L112", "--ignore", "L108"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stderr
    assert "các quy tắc đã chọn" in run.stdout
