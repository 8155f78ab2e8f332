"""Codes that had no test (issue 9, item 14): each one produced by the input a user would type."""

from __future__ import annotations

import pytest

from vanban.commands import cli
from vanban.project import Project

from .conftest import edit, unavailable

PLAN = "plans/2024.yaml"
UNITS = "data/2024/don_vi.csv"


def refused(project: Project, capsys) -> str:
    status = cli.build(project.root, "2024")
    err = capsys.readouterr().err
    assert status == cli.EXIT_INPUT and "Traceback" not in err, err
    assert not project.output_file(2024).exists()
    return err


def line_of(project: Project, path: str, text: str, occurrence: int = 1) -> int:
    lines = (project.root / path).read_text(encoding="utf-8").splitlines()
    return [i for i, line in enumerate(lines, 1) if line == text][occurrence - 1]


def test_c014_a_total_row_before_the_last_row(project: Project, capsys):
    edit(project.units_file(2024), "TK Trang Các,", "Cộng,2881,35,1.21,13,22,\nTK Trang Các,")
    err = refused(project, capsys)
    line = line_of(project, UNITS, "Cộng,2881,35,1.21,13,22,")
    assert f"{UNITS}:{line}:1: C014 [lỗi] (trường «don_vi») dòng «Cộng» phải là dòng cuối cùng của bảng." in err, err


def test_c014_not_raised_for_a_last_total_row(project: Project, capsys):
    with project.units_file(2024).open("a", encoding="utf-8") as handle:
        handle.write("Cộng,2881,35,1.21,13,22,\n")
    assert cli.build(project.root, "2024") == cli.EXIT_OK, capsys.readouterr().err


def test_s012_the_unit_table_placed_twice(project: Project, capsys):
    edit(project.plan_file(2024), "  - bang: don_vi\n", "  - bang: don_vi\n  - bang: don_vi\n")
    err = refused(project, capsys)
    line = line_of(project, PLAN, "  - bang: don_vi", 2)
    assert f"{PLAN}:{line}:" in err and "S012" in err and "bảng «don_vi» chỉ được đặt một lần." in err, err


@pytest.mark.parametrize(
    "key",
    [
        "? [ho_ngheo, ho_can_ngheo]\n  : 35\n",  # a list as a key
        "? {a: 1}\n  : 35\n",  # a mapping as a key
        "<<: {ho_ngheo: 35}\n",  # a merge key: values copied in from elsewhere, hidden from review
    ],
)
def test_y002_keys_must_be_simple_names(project: Project, capsys, key):
    edit(project.plan_file(2024), "  so_khau: 11030\n", "  so_khau: 11030\n  " + key)
    err = refused(project, capsys)
    line = line_of(project, PLAN, "  so_khau: 11030") + 1  # the key's own line
    assert (
        f"{PLAN}:{line}:" in err and "Y002" in err and "(trường «so_lieu»)" in err and "khóa phải là một tên đơn giản." in err
    ), err


def test_y005_a_number_yaml_cannot_read_as_typed(project: Project, capsys):
    edit(project.plan_file(2024), "  so_khau: 11030\n", "  so_khau: 11_030\n")
    err = refused(project, capsys)
    line = line_of(project, PLAN, "  so_khau: 11_030")
    assert f"{PLAN}:{line}:12: Y005 [lỗi] (trường «so_lieu.so_khau») «11_030»" in err, err


def test_unavailable_fails_in_ci_and_skips_elsewhere(monkeypatch):
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="CI must run this test: no tool"):
        unavailable("no tool")
    monkeypatch.delenv("CI")
    with pytest.raises(pytest.skip.Exception):
        unavailable("no tool")
