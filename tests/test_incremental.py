"""Incremental builds: an unchanged plan is a no-op; any change to what a document is made from rebuilds it."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

import vanban.pipeline as build_module
from vanban.commands import cli
from vanban.engine import stamp
from vanban.engine.findings import Finding, Place, Severity
from vanban.pipeline import build
from vanban.project import Project

from .builders import set_cells
from .conftest import ROOT, edit


def _no_pipeline(*args, **kwargs):
    raise AssertionError("a no-op build must not load, check or render anything")


@pytest.fixture
def built(project: Project) -> Project:
    result = build(project, 2024)
    assert result.written and result.changed and not result.skipped
    return project


def test_no_op_rebuild_runs_no_step_and_leaves_the_file(built: Project, monkeypatch):
    output = built.output_file(2024)
    before = output.stat().st_mtime_ns, output.read_bytes()
    monkeypatch.setattr(build_module, "run_checks", _no_pipeline)
    again = build(built, 2024)
    assert again.skipped and again.written and not again.changed
    assert again.output == output and again.findings == []
    assert (output.stat().st_mtime_ns, output.read_bytes()) == before


def test_stamp_lives_outside_the_year_folder(built: Project):
    output = built.output_file(2024)
    assert sorted(p.name for p in output.parent.iterdir()) == [output.name]
    data = json.loads(stamp.stamp_file(output).read_text(encoding="utf-8"))
    assert data["output_sha256"] == stamp.sha256(output.read_bytes())
    assert data["findings"] == []


def _touch_plan(p: Project) -> None:
    edit(p.plan_file(2024), "nam: 2024\n", "nam: 2024  # sửa\n")


def _touch_csv(p: Project) -> None:
    edit(p.units_file(2024), "Nguyễn Ngọc Khanh", "Nguyễn Ngọc Khánh")


def _touch_template(p: Project) -> None:
    with zipfile.ZipFile(p.template_file, "a") as archive:
        archive.comment = b"edited"


def _add_last_year(p: Project) -> None:
    """Last year's plan appears (an unfinished one: the build warns X000 and still writes)."""
    p.plan_file(2023).write_text("nam: 2023\n", encoding="utf-8")
    p.units_file(2023).parent.mkdir(parents=True)
    shutil.copy(p.units_file(2024), p.units_file(2023))


def _touch_last_years_table(p: Project) -> None:
    edit(p.units_file(2023), "Nguyễn Ngọc Khanh", "Nguyễn Ngọc Khánh")


def _new_file_beside_an_input(p: Project) -> None:
    """Another kind's declaration appears beside the template: any step may start reading it, even without the loaders."""
    p.declaration_for("khac").write_text("bang: {}\n", encoding="utf-8")


@pytest.fixture
def with_last_year(built: Project) -> Project:
    _add_last_year(built)
    assert not build(built, 2024).skipped and build(built, 2024).skipped
    return built


@pytest.mark.parametrize("change", [_touch_plan, _touch_csv, _touch_template, _touch_last_years_table, _new_file_beside_an_input])
def test_any_input_change_rebuilds_with_last_year(with_last_year: Project, change):
    change(with_last_year)
    again = build(with_last_year, 2024)
    assert not again.skipped and again.written
    assert build(with_last_year, 2024).skipped


def test_the_stamp_lists_what_the_build_read(with_last_year: Project):
    data = json.loads(stamp.stamp_file(with_last_year.output_file(2024)).read_text(encoding="utf-8"))
    files = dict(data["inputs"]["files"])
    assert sorted(files) == [
        "data/2023/don_vi.csv",
        "data/2023/so-lieu.xlsx",  # the year's workbook, looked for (absent here): adding it rebuilds
        "data/2024/don_vi.csv",
        "data/2024/so-lieu.xlsx",
        "plans/2023.yaml",
        "plans/2024.yaml",
        "plans/ke-hoach.rieng.yaml",  # the commune's own declaration, looked for (absent here)
        "plans/xa.yaml",  # the commune settings, looked for (absent here): adding them rebuilds
        "templates/ke-hoach.docx",
        "templates/ke-hoach.rieng.yaml",  # the repository-wide additions, looked for (absent here)
        "templates/ke-hoach.yaml",  # the declaration, read by the loader: an input without any list
    ]
    assert files["plans/2024.yaml"] == stamp.sha256(with_last_year.plan_file(2024).read_bytes())
    assert sorted(dict(data["inputs"]["folders"])) == ["data/2023", "data/2024", "plans", "templates"]


def test_an_input_a_step_starts_reading_is_in_the_stamp_without_any_list_to_edit(built: Project, monkeypatch):
    """What a new step (a declaration, another table) loads becomes an input by being loaded."""
    from vanban.engine.load import load_yaml

    declaration = built.declaration_for("khac")  # a kind's declaration the plan's build does not read
    declaration.write_text("bang: {}\n", encoding="utf-8")
    checks = build_module.run_checks

    def reading_a_declaration(project, year, *args):
        load_yaml(declaration, project.display(declaration))
        return checks(project, year, *args)

    monkeypatch.setattr(build_module, "run_checks", reading_a_declaration)
    assert not build(built, 2024).skipped  # the folder's listing changed
    assert build(built, 2024).skipped
    files = dict(json.loads(stamp.stamp_file(built.output_file(2024)).read_text(encoding="utf-8"))["inputs"]["files"])
    assert "templates/khac.yaml" in files
    declaration.write_text("bang: {don_vi: {}}\n", encoding="utf-8")  # same name, new content: no listing change
    assert not build(built, 2024).skipped


def test_an_absent_input_that_appears_rebuilds(built: Project):
    data = json.loads(stamp.stamp_file(built.output_file(2024)).read_text(encoding="utf-8"))
    assert ["plans/2023.yaml", None] in data["inputs"]["files"]  # looked for, not there
    _add_last_year(built)
    assert not build(built, 2024).skipped


def test_a_moved_project_keeps_its_stamps(built: Project):
    moved = Project(built.root.parent / "moved")
    built.root.rename(moved.root)
    assert build(moved, 2024).skipped


def test_editing_the_benchmark_or_the_tests_does_not_invalidate_stamps(tmp_path: Path):
    """The code key covers the package's sources only; the benchmark lives outside it (benchmarks/)."""
    tree = tmp_path / "repo"
    shutil.copytree(ROOT / "src" / "vanban", tree / "src" / "vanban", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(ROOT / "benchmarks", tree / "benchmarks", ignore=shutil.ignore_patterns("__pycache__"))
    package = tree / "src" / "vanban"
    before = stamp.code_digest(package)
    assert before == stamp.code_version()  # the same sources as the package in use
    bench = tree / "benchmarks" / "bench.py"
    bench.write_text(bench.read_text(encoding="utf-8") + "\n# tuned\n", encoding="utf-8")
    assert stamp.code_digest(package) == before
    assert all(package in path.parents for path in stamp.code_files(package))
    (package / "engine" / "numbers.py").write_text(
        (package / "engine" / "numbers.py").read_text(encoding="utf-8") + "\n# changed\n", encoding="utf-8"
    )
    assert stamp.code_digest(package) != before


@pytest.mark.parametrize("change", [_touch_plan, _touch_csv, _touch_template, _add_last_year])
def test_any_input_change_rebuilds(built: Project, change):
    change(built)
    again = build(built, 2024)
    assert not again.skipped and again.written
    assert build(built, 2024).skipped  # and the new state is stamped in turn


def test_a_changed_figure_is_written(built: Project):
    output = built.output_file(2024)
    edit(built.plan_file(2024), "so_khau: 11030", "so_khau: 11031")
    again = build(built, 2024)
    assert again.changed and not again.skipped
    assert stamp.fresh(built, output, draft=False) is not None


def test_the_draft_flag_is_part_of_the_key(built: Project):
    plain = built.output_file(2024).read_bytes()
    draft = build(built, 2024, draft=True)
    assert not draft.skipped and draft.changed
    assert build(built, 2024, draft=True).skipped
    back = build(built, 2024)
    assert not back.skipped and back.changed and back.output.read_bytes() == plain


def test_a_code_change_rebuilds(built: Project, monkeypatch):
    monkeypatch.setattr(stamp, "code_version", lambda: "another version of vanban")
    assert not build(built, 2024).skipped


@pytest.mark.parametrize("damage", ["delete", "edit", "stamp"])
def test_a_touched_output_or_stamp_rebuilds(built: Project, damage):
    output = built.output_file(2024)
    good = output.read_bytes()
    if damage == "delete":
        output.unlink()
    elif damage == "edit":
        output.write_bytes(good + b"x")
    else:
        stamp.stamp_file(output).write_text("{not json", encoding="utf-8")
    again = build(built, 2024)
    assert not again.skipped and again.output.read_bytes() == good


def test_a_failed_check_never_stamps(project: Project, capsys):
    edit(project.plan_file(2024), 'ty_le_ho_ngheo_cuoi_nam: "0,76"', 'ty_le_ho_ngheo_cuoi_nam: "0,7"')
    output = project.output_file(2024)
    for _ in range(2):  # refused every time, never skipped
        assert cli.build(project.root, "2024") == cli.EXIT_FINDINGS
        assert "R001" in capsys.readouterr().err
    assert not output.exists() and not stamp.stamp_file(output).exists()


def test_a_draft_with_errors_is_not_stamped(built: Project):
    output = built.output_file(2024)
    edit(built.plan_file(2024), 'ty_le_ho_ngheo_cuoi_nam: "0,76"', 'ty_le_ho_ngheo_cuoi_nam: "0,7"')
    first = build(built, 2024, draft=True)
    assert first.written and first.changed
    assert not stamp.stamp_file(output).exists()
    assert not build(built, 2024, draft=True).skipped


def test_broken_input_after_a_good_build_is_reported_not_skipped(built: Project, capsys):
    edit(built.units_file(2024), "Tiểu khu 3,638,5", "Tiểu khu 3,638,năm")
    assert cli.build(built.root, "2024") == cli.EXIT_INPUT
    assert "phải là số nguyên" in capsys.readouterr().err


def test_no_op_shows_the_same_warnings_and_does_not_lint_again(project: Project, capsys, monkeypatch):
    project.plan_file(2023).write_text("nam: [", encoding="utf-8")  # last year unreadable: X000 warning
    assert cli.build(project.root, "2024") == cli.EXIT_OK
    first = capsys.readouterr()
    assert "X000" in first.err and "đã ghi." in first.out
    import vanban.lint as lint_module

    monkeypatch.setattr(lint_module, "lint", _no_pipeline)
    monkeypatch.setattr(lint_module, "lint_document", _no_pipeline)
    monkeypatch.setattr(build_module, "run_checks", _no_pipeline)
    assert cli.build(project.root, "2024") == cli.EXIT_OK
    second = capsys.readouterr()
    assert second.err == first.err
    assert second.out == "build/2024/ke-hoach-giam-ngheo-2024.docx: không đổi, giữ nguyên.\n"


def _run(code: str, cwd: Path) -> list[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    done = subprocess.run([sys.executable, "-c", code], cwd=cwd, capture_output=True, text=True, env=env)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.splitlines()[-1])


HEAVY = ("pydantic", "yaml", "babel", "docx", "docxtpl", "lxml", "jinja2", "pandas")
_IMPORTED = "import json, sys; print(json.dumps(sorted(m for m in {heavy!r} if m in sys.modules)))"


def test_a_no_op_build_imports_neither_yaml_nor_the_docx_stack(project: Project, capsys):
    assert cli.build(project.root, "2024") == cli.EXIT_OK  # builds, lints, stamps
    code = "from pathlib import Path; from vanban.commands import cli; assert cli.build(Path('.'), '2024') == 0; "
    assert _run(code + _IMPORTED.format(heavy=HEAVY), project.root) == []


def test_check_does_not_import_the_docx_stack(project: Project):
    code = "from pathlib import Path; from vanban.commands import cli; assert cli.check(Path('.'), '2024') == 0; "
    imported = _run(code + _IMPORTED.format(heavy=HEAVY), project.root)
    assert "yaml" in imported and "pydantic" not in imported  # the check ran, validated without pydantic
    assert not {"docx", "docxtpl", "lxml", "jinja2", "pandas"} & set(imported)


def _second_year(p: Project, year: int) -> None:
    """Another year with the same figures; not adjacent to 2024, so no cross-year checks."""
    text = p.plan_file(2024).read_text(encoding="utf-8").replace("nam: 2024", f"nam: {year}")
    p.plan_file(year).write_text(text, encoding="utf-8")
    p.units_file(year).parent.mkdir(parents=True)
    shutil.copy(p.units_file(2024), p.units_file(year))


def test_build_all_builds_every_year_in_parallel(project: Project, capsys):
    _second_year(project, 2022)
    assert cli.build_all(project.root, jobs=2) == cli.EXIT_OK
    out = capsys.readouterr().out.splitlines()
    assert out == [
        "build/2022/ke-hoach-giam-ngheo-2022.docx: đã ghi.",
        "build/2024/ke-hoach-giam-ngheo-2024.docx: đã ghi.",
        # every kind: 2024's results reports (year-end and six-month), whose contexts exist
        "build/2024/bao-cao-ket-qua-giam-ngheo-2024.docx: đã ghi.",
        "build/2024/bao-cao-so-ket-6-thang-giam-ngheo-2024.docx: đã ghi.",
        # then the summary of the year that has one (plans/tong-hop/2024.yaml)
        "build/tong-hop/2024/tong-hop-giam-ngheo-2024.docx: đã ghi.",
        "build/tong-hop/2024/tong-hop-giam-ngheo-2024.xlsx: đã ghi.",
    ]
    assert cli.build_all(project.root, jobs=2) == cli.EXIT_OK
    assert capsys.readouterr().out.count("không đổi, giữ nguyên.") == 6


def test_build_all_exits_with_the_worst_year(project: Project, capsys):
    _second_year(project, 2022)
    edit(project.plan_file(2022), 'ty_le_ho_ngheo_cuoi_nam: "0,76"', 'ty_le_ho_ngheo_cuoi_nam: "0,7"')
    assert cli.build_all(project.root, jobs=2) == cli.EXIT_FINDINGS
    captured = capsys.readouterr()
    assert "plans/2022.yaml" in captured.err and "R001" in captured.err
    assert "build/2024/ke-hoach-giam-ngheo-2024.docx: đã ghi." in captured.out
    assert not project.output_file(2022).exists()


def test_build_all_refuses_a_year_too(project: Project, capsys):
    assert cli.build_all(project.root, year="2024") == cli.EXIT_INPUT
    assert "--all" in capsys.readouterr().err


def test_the_lint_is_kept_in_the_stamp_while_the_form_is_unchanged(project: Project, monkeypatch, capsys):
    """Issue 20: the lint's memo is the stamp's, keyed by every input read except the figures' tables (no list of
    sources kept by hand). A figure edited in a table keeps the lint; the plan's text edited runs it again."""
    linted: list[Path] = []
    real = build_module.lint_written

    def counting(project_, output, document):
        linted.append(output)
        return real(project_, output, document)

    monkeypatch.setattr(build_module, "lint_written", counting)
    assert cli.build(project.root, "2024") == 0
    assert len(linted) == 1
    assert cli.build(project.root, "2024") == 0  # nothing changed: a no-op, the stamp's lint shown
    assert len(linted) == 1
    # A cell of a table: the document changes, its form does not.
    set_cells(project.units_file(2024), "Tiểu khu 1", can_bo_phu_trach="Lê Thị Hoa")
    status = cli.build(project.root, "2024")
    assert status == 0, capsys.readouterr().err
    assert len(linted) == 1
    assert stamp.fresh(project, project.output_file(2024), draft=False).lint is not None
    # The plan's text: the lint runs again, and --lint asks for it whatever the stamp says.
    edit(project.plan_file(2024), "tổ chức vận động giảm nghèo.", "tổ chức vận động, tuyên truyền giảm nghèo.")
    assert cli.build(project.root, "2024") == 0
    assert len(linted) == 2
    assert cli.build(project.root, "2024", lint=True) == 0
    assert len(linted) == 3


@pytest.mark.parametrize(
    "place",
    [
        Place("data/2024/so-lieu.xlsx[don_vi]", 7, 4, "ty_le_ho_ngheo", "Tiểu khu 1"),  # to_dict adds its cell, D7
        Place("build/2024/ke-hoach-giam-ngheo-2024.docx", page=3),
        Place("plans/2024.yaml", 12, 5, "so_lieu.ho_ngheo"),
    ],
)
def test_a_stamped_finding_reads_back_as_it_was(place: Place):
    """A stamp keeps its build's findings as ``to_dict`` writes them; a finding placed at a sheet's cell (whose
    ``cell`` is derived) read back as the same finding, so a workbook's build is a no-op like a CSV's."""
    finding = Finding("R001", Severity.WARNING, place, "tỷ lệ ghi khác tỷ lệ tính được")
    assert Finding.from_dict(json.loads(json.dumps(finding.to_dict()))) == finding
