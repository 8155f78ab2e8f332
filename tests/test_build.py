"""The build as a user runs it: one command, atomic and reproducible output, clear errors."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from vanban.commands import cli
from vanban.pipeline import build
from vanban.project import Project

from .conftest import ROOT


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_same_inputs_give_the_same_bytes(project: Project, tmp_path: Path):
    first = build(project, 2024)
    assert first.written and first.changed
    saved = tmp_path / "first.docx"
    shutil.copy(first.output, saved)
    first.output.unlink()
    again = build(project, 2024)
    assert digest(again.output) == digest(saved)


def test_unchanged_plan_does_not_rewrite_the_file(project: Project):
    first = build(project, 2024)
    mtime = first.output.stat().st_mtime_ns
    second = build(project, 2024)
    assert second.written and not second.changed
    assert second.output.stat().st_mtime_ns == mtime


def test_a_changed_figure_changes_the_document(project: Project):
    first = build(project, 2024)
    before = digest(first.output)
    plan = project.plan_file(2024)
    plan.write_text(plan.read_text(encoding="utf-8").replace("so_khau: 11030", "so_khau: 11031"), encoding="utf-8")
    second = build(project, 2024)
    assert second.changed and digest(second.output) != before


def test_failed_build_leaves_previous_output_intact(project: Project, capsys):
    first = build(project, 2024)
    before = digest(first.output)
    csv = project.units_file(2024)
    csv.write_text(csv.read_text(encoding="utf-8").replace("Tiểu khu 3,638,5", "Tiểu khu 3,638,năm"), encoding="utf-8")
    status = cli.build(project.root, "2024")
    err = capsys.readouterr().err
    assert status == 2
    assert "data/2024/don_vi.csv:4:3" in err and "ho_ngheo" in err and "phải là số nguyên" in err
    assert "Traceback" not in err
    assert digest(first.output) == before
    assert sorted(p.name for p in first.output.parent.iterdir()) == [first.output.name]


def test_broken_template_is_a_clear_error_and_writes_nothing(project: Project, capsys):
    project.template_file.write_bytes(b"not a docx")
    status = cli.build(project.root, "2024")
    err = capsys.readouterr().err
    assert status == 2 and "templates/ke-hoach.docx" in err and "Traceback" not in err
    assert not project.output_file(2024).exists()


def test_stated_figure_that_disagrees_blocks_the_build(project: Project, capsys):
    plan = project.plan_file(2024)
    plan.write_text(
        plan.read_text(encoding="utf-8").replace('ty_le_ho_ngheo_cuoi_nam: "0,76"', 'ty_le_ho_ngheo_cuoi_nam: "0,7"'),
        encoding="utf-8",
    )
    status = cli.build(project.root, "2024")
    err = capsys.readouterr().err
    assert status == 1
    assert "R001" in err and "ghi 0,7\u00a0% nhưng 22 / 2.881 = 0,76\u00a0%" in err
    assert not project.output_file(2024).exists()


@pytest.mark.parametrize("year", ["2030", "abc", "24", "../2024", "2024/../../etc", ""])
def test_bad_year_lists_the_years_there_are(project: Project, capsys, year):
    status = cli.build(project.root, year)
    err = capsys.readouterr().err
    assert status == 2
    assert "Các năm đang có: 2024" in err
    assert "Traceback" not in err
    assert not (project.root / "build").exists()


def test_invoke_build_from_the_command_line(tmp_path: Path):
    """The README's command, run for real through invoke, in a copy of the repository."""
    copy = tmp_path / "repo"
    for name in ("plans", "data", "templates", "src"):
        shutil.copytree(ROOT / name, copy / name)
    shutil.copy(ROOT / "tasks.py", copy / "tasks.py")
    invoke = [sys.executable, "-m", "invoke"]
    env = {**os.environ, "PYTHONPATH": str(copy / "src")}
    done = subprocess.run([*invoke, "build", "--year", "2024"], cwd=copy, capture_output=True, text=True, env=env)
    assert done.returncode == 0, done.stderr
    assert "build/2024/ke-hoach-giam-ngheo-2024.docx" in done.stdout
    assert (copy / "build" / "2024" / "ke-hoach-giam-ngheo-2024.docx").is_file()
    bad = subprocess.run([*invoke, "build", "--year", "1999"], cwd=copy, capture_output=True, text=True, env=env)
    assert bad.returncode != 0 and "2024" in bad.stderr and "Traceback" not in bad.stderr


def test_number_and_blank_day_for_the_clerk(project: Project):
    from docx import Document

    from .conftest import edit

    edit(project.plan_file(2024), "  so:            # để trống cho văn thư điền số\n", "  so: 5\n")
    edit(project.plan_file(2024), "  ngay: 2024-01-04\n  ten_loai", "  ngay: 2024-03\n  ten_loai")
    header = Document(str(build(project, 2024).output)).tables[0]
    assert header.rows[1].cells[0].text == "Số: 05/KH-UBND"  # numbers below 10 get a leading zero
    date = header.rows[1].cells[1].text
    assert date.startswith("Hà Trung, ngày ") and date.endswith(" tháng 3 năm 2024")
    assert date.replace("\u00a0", " ").split("ngày ")[1].split(" tháng")[0].strip() == ""
