"""Hostile inputs against the limits of ``engine.limits`` (issue 18, items 1 and 3): each is refused with
finding F010 naming the file, the place and the limit, exit status 2, never a traceback or a run that
grows without end."""

from __future__ import annotations

from pathlib import Path

import pytest

from vanban.commands import cli
from vanban.engine import limits
from vanban.engine.findings import InputError
from vanban.engine.load import load_csv, load_yaml

from .conftest import copy_project

PLAN = "plans/2024.yaml"


def alias_bomb() -> str:
    """Nine lines that expand to 9^9 strings (about 6 GB as Python objects)."""
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for previous, name in zip("abcdefgh", "bcdefghi"):
        lines.append(f"{name}: &{name} [{', '.join([f'*{previous}'] * 9)}]")
    return "\n".join(lines) + "\n"


HOSTILE_YAML = {
    "alias bomb": (alias_bomb(), limits.YAML_ALIASES),
    "self-referencing alias": ("zz: &a [*a]\n", limits.YAML_DEPTH),
    "500 nested flow lists": ("x: " + "[" * 500 + "]" * 500 + "\n", limits.YAML_DEPTH),
    "5000 nested flow maps": ("x: " + "{a: " * 5000 + "1" + "}" * 5000 + "\n", limits.YAML_DEPTH),
    "300 nested block maps": ("".join("  " * i + f"k{i}:\n" for i in range(300)) + "  " * 300 + "v\n", limits.YAML_DEPTH),
    "a million list items": ("x: [" + "1," * 300_000 + "1]\n", limits.YAML_NODES),
}


@pytest.mark.parametrize("text, limit", HOSTILE_YAML.values(), ids=HOSTILE_YAML.keys())
def test_hostile_yaml_is_refused_with_the_limit_named(tmp_path: Path, text: str, limit: limits.Limit):
    path = tmp_path / "x.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_yaml(path, "plans/x.yaml")
    [finding] = caught.value.findings
    assert finding.code == "F010" and finding.place.file == "plans/x.yaml" and finding.place.line is not None
    assert limit.what in finding.message and f"{limit.value:,}".replace(",", ".") in finding.message


def test_a_file_too_large_is_refused_before_it_is_read(tmp_path: Path):
    path = tmp_path / "big.csv"
    path.write_bytes(b"ten_don_vi,tong_so_ho\n" + b"x,1\n" * (limits.TEXT_FILE_BYTES.value // 4 + 1))
    with pytest.raises(InputError) as caught:
        load_csv(path, "data/2024/big.csv")
    assert caught.value.findings[0].code == "F010" and limits.TEXT_FILE_BYTES.what in caught.value.findings[0].message


def test_an_anchor_used_a_few_times_still_reads(tmp_path: Path):
    path = tmp_path / "ok.yaml"
    path.write_text("a: &x [1, 2]\nb: *x\nc: *x\n", encoding="utf-8")
    assert load_yaml(path, "ok.yaml").data == {"a": [1, 2], "b": [1, 2], "c": [1, 2]}


READERS = {
    "plan": PLAN,
    "settings": "plans/xa.yaml",
    "declaration": "templates/ke-hoach.yaml",
}


@pytest.mark.parametrize("target", READERS.values(), ids=READERS.keys())
def test_check_answers_the_nine_line_bomb_with_a_clear_error(tmp_path: Path, capsys, target: str):
    """Every YAML reader of a build goes through the same loader: the bomb in any of them is F010, exit 2."""
    project = copy_project(tmp_path / "project")
    (project.root / target).write_text(alias_bomb(), encoding="utf-8")
    assert cli.check(project.root, "2024") == 2
    err = capsys.readouterr().err
    assert "F010" in err and target in err and "bí danh" in err and "Traceback" not in err


@pytest.mark.parametrize("target", [PLAN, "plans/tong-hop/2024.yaml"], ids=["a commune's plan", "the summary's yaml"])
def test_the_summary_refuses_a_bomb_in_any_file_it_reads(tmp_path: Path, capsys, target: str):
    """``tong-hop`` reads every commune's YAML: one commune's file must not stop the province."""
    project = copy_project(tmp_path / "project")
    (project.root / target).write_text(alias_bomb(), encoding="utf-8")
    status = cli.tong_hop(project.root, "2024")
    err = capsys.readouterr().err
    assert status in (1, 2) and "F010" in err and "Traceback" not in err
