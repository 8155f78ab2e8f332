"""Inputs that ended in a raw traceback (issue 18, "raw tracebacks"): each is a clear Vietnamese finding,
exit status 2, and nothing half-written or stale left under the real name."""

from __future__ import annotations

import errno
from pathlib import Path

import pytest

from vanban.commands import cli, entry
from vanban.project import Project

from .conftest import copy_project


@pytest.fixture
def repo(tmp_path: Path) -> Project:
    project = copy_project(tmp_path / "project")
    (project.root / "tasks.py").write_text("")
    return project


def said(capsys, code: str) -> str:
    captured = capsys.readouterr()
    text = captured.out + captured.err
    assert code in text and "Traceback" not in text, text
    return text


@pytest.mark.parametrize(
    "argv, code",
    [
        (["init", "--commune", "a" * 300, "--ten", "Xã A", "--year", "2024"], "A006"),
        (["import", "x.docx", "--year", "2024", "--commune", "a" * 300], "tối đa 40 ký tự"),
        (["build", "--year", "2024", "--commune", "a" * 300], "A006"),
        (["init", "--commune", "con", "--ten", "Xã A", "--year", "2024"], "A006"),
        (["init", "--commune", "com1", "--ten", "Xã A", "--year", "2024"], "A006"),
        (["preview", "--year", "2024", "--resolution", "abc"], "A014"),
        (["preview", "--year", "2024", "--resolution", "100000"], "A014"),
        (["preview", "--year", "2024", "--resolution", "0"], "A014"),
        (["bench", "--repeat", "abc"], "A014"),
        (["bench", "--communes", "-1"], "A014"),
        (["check", "--year", "2024", "--format", "xml"], "A014"),
    ],
    ids=lambda value: " ".join(value)[:40] if isinstance(value, list) else value,
)
def test_bad_arguments_are_findings_not_tracebacks(repo: Project, capsys, argv: list[str], code: str):
    command, options = entry.parse(argv)
    assert entry.run(repo.root, command, **options) == 2
    said(capsys, code)
    assert sorted(p.name for p in (repo.root / "plans").iterdir() if p.is_dir()) == ["tong-hop"]


def test_build_year_folder_being_a_file(repo: Project, capsys):
    (repo.root / "build").mkdir()
    (repo.root / "build/2024").write_text("x")
    assert cli.build(repo.root, "2024") == 2
    assert "build/2024" in said(capsys, "F011")


def test_the_output_path_being_a_folder(repo: Project, capsys):
    (repo.root / "build/2024/ke-hoach-giam-ngheo-2024.docx").mkdir(parents=True)
    assert cli.build(repo.root, "2024") == 2
    assert "thư mục" in said(capsys, "F011")


def test_the_stamps_folder_being_a_file(repo: Project, capsys):
    (repo.root / "build").mkdir()
    (repo.root / "build/.stamps").write_text("x")
    assert cli.build(repo.root, "2024") == 2
    said(capsys, "F011")


def test_a_full_disk_leaves_no_partial_file_and_moves_the_old_document_aside(repo: Project, capsys, monkeypatch):
    assert cli.build(repo.root, "2024") == 0
    output = repo.output_file(2024)
    (repo.root / "plans/2024.yaml").write_text(
        (repo.root / "plans/2024.yaml").read_text(encoding="utf-8").replace("Phấn đấu", "Quyết tâm phấn đấu", 1), encoding="utf-8"
    )
    import os

    real_fdopen = os.fdopen

    class Full:
        def __init__(self, handle):
            self.handle = handle

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.handle.close()

        def write(self, data):
            raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fdopen", lambda fd, mode="r", *a, **k: Full(real_fdopen(fd, mode, *a, **k)))
    capsys.readouterr()
    assert cli.build(repo.root, "2024") == 2
    text = said(capsys, "F011")
    assert "ổ đĩa đã đầy" in text and "ke-hoach-giam-ngheo-2024.cu.docx" in text
    assert not output.exists() and output.with_name("ke-hoach-giam-ngheo-2024.cu.docx").exists()
    assert [p.name for p in output.parent.iterdir() if p.name.endswith(".tmp")] == []


def test_a_table_of_200_000_rows_is_refused_early_even_with_draft(repo: Project, capsys):
    table = repo.root / "data/2024/don_vi.csv"
    header, first = table.read_text(encoding="utf-8").splitlines()[:2]
    rest = first.split(",", 1)[1]
    rows = "".join(f"Thôn {i},{rest}\n" for i in range(200_000))
    table.write_text(f"{header}\n{rows}", encoding="utf-8")
    assert cli.build(repo.root, "2024", draft=True) == 2
    said(capsys, "F010")
    assert not repo.output_file(2024).exists()


def test_a001_names_the_other_communes_that_have_the_year(repo: Project, capsys):
    import shutil

    (repo.root / "plans/ea-hleo").mkdir()
    shutil.copy(repo.root / "plans/2024.yaml", repo.root / "plans/ea-hleo/2025.yaml")
    assert cli.check(repo.root, "2025") == 2
    assert "--commune ea-hleo" in said(capsys, "A001")
    assert cli.check(repo.root, "2024", commune="ea-hleo") == 2
    assert "xã mặc định" in said(capsys, "A001")
