"""A refused build leaves no stale document under the current name; a crashed write leaves the old one intact."""

from __future__ import annotations

import os

import pytest

from vanban.commands import cli
from vanban.engine import files as write  # write_atomic lives in engine/files.py
from vanban.engine import stamp
from vanban.engine.findings import InputError
from vanban.pipeline import build, stale_name
from vanban.project import Project

from .conftest import edit

WRONG_RATE = ('ty_le_ho_ngheo_cuoi_nam: "0,76"', 'ty_le_ho_ngheo_cuoi_nam: "0,7"')


@pytest.fixture
def built(project: Project) -> Project:
    assert build(project, 2024).written
    return project


def test_a_refused_build_moves_the_previous_document_aside_and_says_where(built: Project, capsys):
    output = built.output_file(2024)
    previous = output.read_bytes()
    pdf = output.with_suffix(".pdf")
    pdf.write_bytes(b"%PDF of the previous document")  # as `invoke pdf` left it
    edit(built.plan_file(2024), *WRONG_RATE)

    assert cli.build(built.root, "2024") == cli.EXIT_FINDINGS
    err = capsys.readouterr().err
    assert not output.exists() and not pdf.exists(), "the old document is still under the current name"
    assert stale_name(output).read_bytes() == previous and stale_name(pdf).exists()
    assert not stamp.stamp_file(output).exists()
    shown = built.display(stale_name(output))
    assert shown == "build/2024/ke-hoach-giam-ngheo-2024.cu.docx"
    assert (
        f"build/2024/ke-hoach-giam-ngheo-2024.docx: văn bản tạo lần trước không còn khớp với dữ liệu nên đã được chuyển sang {shown}"
        in err
    )

    # Refused again: nothing more to move, and the moved copy is kept.
    assert cli.build(built.root, "2024") == cli.EXIT_FINDINGS
    assert "đã được chuyển sang" not in capsys.readouterr().err
    assert stale_name(output).read_bytes() == previous

    # Fixed: the new document is written and the stale copies go.
    edit(built.plan_file(2024), WRONG_RATE[1], WRONG_RATE[0])
    assert cli.build(built.root, "2024") == cli.EXIT_OK
    assert output.read_bytes() == previous
    assert not stale_name(output).exists() and not stale_name(pdf).exists()


def test_a_document_that_cannot_be_moved_is_named_as_stale(built: Project, capsys, monkeypatch):
    edit(built.plan_file(2024), *WRONG_RATE)

    def locked(self, target):  # Windows: the file is open in Word
        raise PermissionError(13, "locked")

    monkeypatch.setattr(type(built.output_file(2024)), "replace", locked)
    assert cli.build(built.root, "2024") == cli.EXIT_FINDINGS
    err = capsys.readouterr().err
    assert "không chuyển được văn bản tạo lần trước" in err and "không khớp với dữ liệu hiện tại" in err
    assert not stamp.stamp_file(built.output_file(2024)).exists()  # never a no-op on the stale file


def test_a_draft_with_errors_is_written_under_the_current_name(built: Project):
    edit(built.plan_file(2024), *WRONG_RATE)
    result = build(built, 2024, draft=True)
    assert result.written and result.retired == () and result.output.exists()


# ---------------------------------------------------------------- a crash mid-write


def temporary_files(folder) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def test_a_crash_while_writing_moves_the_old_file_aside_and_leaves_no_temporary(built: Project, monkeypatch):
    """Issue 18, one rule for outputs: the old document no longer matches its inputs, so a failed write
    moves it aside (``.cu.docx``) and says so (F011), instead of leaving it under the real name."""
    output = built.output_file(2024)
    previous = output.read_bytes()
    edit(built.plan_file(2024), "  so_khau: 11030", "  so_khau: 11031")  # a change: the document is written again

    def disk_full(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(write.os, "fsync", disk_full)
    with pytest.raises(InputError) as caught:
        build(built, 2024)
    assert caught.value.findings[0].code == "F011" and "ổ đĩa đã đầy" in caught.value.findings[0].message
    assert not output.exists() and stale_name(output).read_bytes() == previous
    assert temporary_files(output.parent) == []


def test_write_atomic_cleans_up_after_any_failure(tmp_path, monkeypatch):
    target = tmp_path / "x.docx"
    target.write_bytes(b"old")

    def interrupted(src, dst):
        raise KeyboardInterrupt

    monkeypatch.setattr(write.os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write.write_atomic(target, b"new")
    assert target.read_bytes() == b"old" and temporary_files(tmp_path) == []
    monkeypatch.undo()
    write.write_atomic(target, b"new")
    assert target.read_bytes() == b"new" and temporary_files(tmp_path) == []
    assert oct(os.stat(target).st_mode & 0o777) == "0o644"
