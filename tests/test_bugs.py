"""A bug of ours is reported as a bug: a short Vietnamese message, the traceback in build/, exit status 3;
never as the user's input error (a KeyError in table generation was M003 «cannot open the template»)."""

from __future__ import annotations

from pathlib import Path

import pytest

from vanban.commands import bug, cli, entry
from vanban.docx import tables
from vanban.engine.findings import InputError
from vanban.pipeline import build
from vanban.project import Project


def _broken_generator(*args: object, **kwargs: object) -> object:
    raise KeyError("cot_khong_co")  # what a slip in our table code would raise


def test_a_bug_in_table_generation_is_not_the_templates_fault(project: Project, monkeypatch):
    monkeypatch.setattr(tables.Generator, "table", _broken_generator)
    # The report generates its tables (the plan's unit table is hand-made in the template).
    with pytest.raises(KeyError):  # not InputError M003: the command layer reports it as a bug
        cli.build(project.root, "2024", kind="bao-cao")


def test_a_bug_through_a_command_says_so_and_keeps_the_traceback(project: Project, monkeypatch, capsys):
    monkeypatch.setattr(tables.Generator, "table", _broken_generator)
    status = entry.run(project.root, "build", year="2024", kind="bao-cao")
    err = capsys.readouterr().err
    assert status == bug.BUG == 3
    assert err.startswith("Lỗi chương trình (không phải lỗi trong dữ liệu của bạn): KeyError: 'cot_khong_co'")
    assert "Traceback" not in err and "build/loi-chuong-trinh.log" in err
    log = (project.root / bug.LOG).read_text(encoding="utf-8")
    assert "Traceback (most recent call last)" in log and "_broken_generator" in log and "KeyError: 'cot_khong_co'" in log
    assert not (project.root / "build" / "2024" / "bao-cao-ket-qua-giam-ngheo-2024.docx").exists()


def test_without_a_writable_build_folder_the_details_go_to_the_terminal(tmp_path: Path, capsys):
    (tmp_path / "build").write_text("a file where the folder would be", encoding="utf-8")
    assert bug.guarded(tmp_path, lambda: 1 // 0) == bug.BUG
    err = capsys.readouterr().err
    assert "ZeroDivisionError" in err and "Traceback (most recent call last)" in err and "Xin gửi toàn bộ" in err


def test_a_template_that_is_not_a_docx_is_still_m003(project: Project):
    (project.root / "templates" / "ke-hoach.docx").write_bytes(b"not a zip")
    with pytest.raises(InputError) as caught:
        build(project, 2024)
    assert [f.code for f in caught.value.findings] == ["M003"]
