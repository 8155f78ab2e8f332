"""The province summary is a kind like the others: --kind tong-hop with build, check, diff; new starts a year."""

from __future__ import annotations

from pathlib import Path

from vanban.commands import cli

from .conftest import copy_project


def test_summary_through_kind_commands(tmp_path: Path, capsys):
    project = copy_project(tmp_path / "p")
    assert cli.check(project.root, "2024", kind="tong-hop") == 0
    assert "Không có lỗi" in capsys.readouterr().out
    assert cli.build(project.root, "2024", kind="tong-hop") == 0
    out = capsys.readouterr().out
    assert "build/tong-hop/2024/tong-hop-giam-ngheo-2024.docx: đã ghi." in out
    # Next year: the summary file from last year's, the commune's plan from new-year; diff compares them.
    assert cli.new_year(project.root, "2025") == 0
    assert cli.new(project.root, "2025", kind="tong-hop") == 0
    capsys.readouterr()
    assert cli.diff(project.root, year_to="2025", kind="tong-hop") == 0
    out = capsys.readouterr().out
    assert "build/diff/tong-hop-2024-2025.md: đã ghi." in out
    assert "build/tong-hop/2025/tong-hop-giam-ngheo-2025-so-voi-2024.docx: đã ghi." in out
    report = (project.root / "build/diff/tong-hop-2024-2025.md").read_text(encoding="utf-8")
    assert report.startswith("# So sánh bản tổng hợp 2025 với 2024") and "Thị trấn Hà Trung" in report
    assert cli.diff(project.root, year="2024", rev="HEAD", kind="tong-hop") == 2
    assert "A012" in capsys.readouterr().err
