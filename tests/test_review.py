"""Year-to-year review: new-year scaffold, figure and text diff, Word redline, git views."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from docx import Document

from vanban.commands import cli
from vanban.docx.redline import accepted, paragraphs, redline, rejected
from vanban.engine.findings import InputError
from vanban.pipeline import build, document_bytes, run_checks
from vanban.project import Project
from vanban.review.compare import compare_revision, compare_years
from vanban.review.newyear import new_year

from .builders import set_cells
from .conftest import ROOT, copy_project, edit

SENTENCE_2024 = "- Thành lập đoàn để tiến hành đi các tiểu khu để tổ chức vận động giảm nghèo."
SENTENCE_2025 = "- Thành lập tổ công tác đi các tiểu khu để tổ chức vận động giảm nghèo."


def without_report(project: Project) -> Project:
    """The project as it was before results reports: new-year starts from the planned year-end."""
    for path in project.plans_dir.glob("2024-bao-cao*.yaml"):
        path.unlink()
    for path in project.data_dir(2024).glob("ket_qua*.csv"):
        path.unlink()
    return project


@pytest.fixture
def with_2025(project: Project) -> Project:
    new_year(without_report(project), 2025)
    return project


def fill_2025(project: Project) -> None:
    """What the drafter fills in: last year's results, this year's targets, dates and decisions."""
    plan = project.plan_file(2025)
    text = plan.read_text(encoding="utf-8")
    values = {
        "ho_ngheo_thoat_ngheo": "13",
        "ho_ngheo_phat_sinh": "0",
        "ho_ngheo_khong_kha_nang_lao_dong": "10",
        "ho_can_ngheo_thoat": "10",
        "ho_can_ngheo_tu_ho_ngheo": "10",
        "ho_can_ngheo_phat_sinh": "2",
        "ho_can_ngheo": "84",
        "chi_tieu_giao": "10",  # the target handed down: one household in each of the ten units below
    }
    lines = []
    citation = iter(["05/QĐ-UBND", "50-NQ/ĐU", "60/NQ-HĐND"])
    for line in text.splitlines(keepends=True):
        key = line.strip().split(":", 1)[0]
        if line.startswith("  ") and key in values and "cần điền" in line:
            line = f"  {key}: {values[key]}\n"
        elif line.startswith("  ngay:") and "cần điền" in line:
            line = "  ngay: 2025-01-06\n"
        elif line.startswith("    so:") and "cần điền" in line:
            line = f"    so: {next(citation)}\n"
        elif line.startswith("    ngay:") and "cần điền" in line:
            line = "    ngay: 2024-12-27\n"
        lines.append(line)
    plan.write_text("".join(lines), encoding="utf-8")
    csv = project.units_file(2025)
    rows = csv.read_text(encoding="utf-8").splitlines()
    filled = [rows[0]]
    for row in rows[1:]:
        cells = row.split(",")
        cells[4] = str(min(1, int(cells[2])))
        filled.append(",".join(cells))
    csv.write_text("\n".join(filled) + "\n", encoding="utf-8")


# ---------------------------------------------------------------- new-year


def test_new_year_scaffold(with_2025: Project, capsys):
    project = with_2025
    text = project.plan_file(2025).read_text(encoding="utf-8")
    assert "nam: 2025" in text and "# Kế hoạch giảm nghèo năm 2025" in text
    assert "ho_ngheo_dau_ky: 35" in text and "ho_can_ngheo_dau_ky: 82" in text
    assert "ho_ngheo_thoat_ngheo:  # cần điền" in text
    assert "# Nội dung: mỗi mục là một đoạn văn" in text  # comments survive
    assert "'Thực hiện chỉ tiêu giảm hộ nghèo năm ${nam}.'" in text  # quoting and placeholders survive
    rows = project.units_file(2025).read_text(encoding="utf-8").splitlines()
    assert rows[1] == "Tiểu khu 1,172,3,,,,Nguyễn Ngọc Khanh"  # 2024's planned year-end, decrease to decide
    assert len(rows) == 11

    # invoke check lists what is still to fill; a normal build refuses, a draft builds.
    assert cli.check(project.root, "2025") == 1
    out = capsys.readouterr().out
    assert out.count("P001") == 25
    assert "chưa điền chỉ tiêu giảm hộ nghèo cấp trên giao (nội dung dùng ${chi_tieu_giao})" in out  # given anew
    assert "data/2025/don_vi.csv:2:5: P001" in out and "chưa điền số hộ dự kiến giảm" in out
    assert "plans/2025.yaml:13:" in out and "chưa điền ngày ban hành" in out
    assert cli.build(project.root, "2025") == 1
    assert cli.build(project.root, "2025", draft=True) == 0
    document = Document(str(project.output_file(2025)))
    texts = [p.text for p in document.paragraphs]
    assert "DỰ THẢO" in texts
    assert any("ngày … tháng … năm 2025" in p.text for t in document.tables for c in t._cells for p in c.paragraphs)


def test_filled_scaffold_is_clean(with_2025: Project):
    fill_2025(with_2025)
    assert run_checks(with_2025, 2025).findings == []
    assert build(with_2025, 2025).written


def test_new_year_never_overwrites(with_2025: Project, capsys):
    before = with_2025.plan_file(2025).read_bytes()
    assert cli.new_year(with_2025.root, "2025") == 2
    assert "năm 2025 đã có" in capsys.readouterr().err
    assert with_2025.plan_file(2025).read_bytes() == before
    with pytest.raises(InputError, match="chưa có kế hoạch năm 2029"):
        new_year(with_2025, 2030)


# ---------------------------------------------------------------- diff and redline


def change_2025(project: Project) -> None:
    fill_2025(project)
    edit(project.units_file(2025), "Tiểu khu 3,638,3,,1,,", "Tiểu khu 3,640,4,,2,,")
    edit(project.plan_file(2025), "ho_ngheo_phat_sinh: 0", "ho_ngheo_phat_sinh: 1")
    edit(project.plan_file(2025), "tong_so_ho: 2881", "tong_so_ho: 2883")
    edit(project.plan_file(2025), SENTENCE_2024[2:], SENTENCE_2025[2:])


def test_figure_text_diff_and_redline(with_2025: Project):
    project = with_2025
    change_2025(project)
    # Tiểu khu 3 ended 2024 with 4 poor households where 3 were planned: a warning, not an error.
    assert [(f.code, f.place.unit) for f in run_checks(project, 2025).findings] == [("X002", "Tiểu khu 3")]
    review = compare_years(project, None, 2025)
    diff = review.diff

    town = {r.label: (r.old, r.new, r.change) for r in diff.town}
    assert town["Hộ nghèo đầu năm"] == ("35", "23", "−12")
    assert town["Tổng số hộ"] == ("2.881", "2.883", "+2")
    unit = next(u for u in diff.units if u.name == "Tiểu khu 3")
    cells = {f.label: (f.old, f.new, f.change) for f in unit.figures}
    assert cells["Tổng số hộ"] == ("638", "640", "+2")
    assert cells["Hộ nghèo"] == ("5", "4", "−1")
    assert cells["Tỷ lệ (%)"] == ("0,78", "0,63", "−0,15")
    assert cells["Dự kiến giảm"] == ("2", "2", "0")
    assert not any(u.status for u in diff.units)

    sections = {s.title: s for s in diff.text}
    organisation = sections["Tổ chức thực hiện kế hoạch"]
    assert len(organisation.changes) == 1
    ops = organisation.changes[0].ops
    assert ("-", "đoàn để tiến hành") in ops and ("+", "tổ công tác") in ops
    assert "".join(t for op, t in ops if op != "+") == SENTENCE_2024
    assert "".join(t for op, t in ops if op != "-") == SENTENCE_2025

    report = (project.root / "build" / "diff" / "2024-2025.md").read_text(encoding="utf-8")
    assert "| Tiểu khu 3 | 638 → 640 (+2) | 5 → 4 (−1) |" in report
    assert "~~đoàn để tiến hành~~" in report and "**tổ công tác**" in report

    red = (project.build_dir(2025) / "ke-hoach-giam-ngheo-2025-so-voi-2024.docx").read_bytes()
    new_doc = project.output_file(2025)
    build(project, 2025)
    old_doc = build(project, 2024).output
    assert accepted(red) == paragraphs(new_doc.read_bytes())
    assert rejected(red) == paragraphs(old_doc.read_bytes())
    with zipfile.ZipFile(new_doc.parent / "ke-hoach-giam-ngheo-2025-so-voi-2024.docx") as archive:
        xml = archive.read("word/document.xml").decode("utf-8")
    assert "<w:ins " in xml and "<w:del " in xml and "<w:delText" in xml
    assert '<w:delText xml:space="preserve">đoàn để tiến hành</w:delText>' in xml
    Document(str(new_doc.parent / "ke-hoach-giam-ngheo-2025-so-voi-2024.docx"))  # python-docx opens it


def test_redline_with_units_added_and_removed(with_2025: Project):
    project = with_2025
    fill_2025(project)
    rows = project.units_file(2025).read_text(encoding="utf-8").splitlines()
    rows.insert(4, "Tiểu khu 3B,100,1,,0,,Lê Văn A")
    rows = [r for r in rows if not r.startswith("TK Tương Lạc")]
    project.units_file(2025).write_text("\n".join(rows) + "\n", encoding="utf-8")
    review = compare_years(project, 2024, 2025)
    status = {u.name: u.status for u in review.diff.units}
    assert status["Tiểu khu 3B"] == "mới" and status["TK Tương Lạc"] == "bỏ"
    old = document_bytes(project, run_checks(project, 2024))
    new = document_bytes(project, run_checks(project, 2025))
    red = redline(old, new)
    assert accepted(red) == paragraphs(new) and rejected(red) == paragraphs(old)


def test_renamed_unit_is_named_as_such(with_2025: Project):
    fill_2025(with_2025)
    edit(with_2025.units_file(2025), "TK Trang Các,", "Tiểu khu Trang Các,")
    status = {u.name: u.status for u in compare_years(with_2025, 2024, 2025).diff.units}
    assert status["TK Trang Các → Tiểu khu Trang Các"] == "đổi tên"


def test_a_unit_in_the_same_row_is_not_a_rename_on_position_alone(with_2025: Project):
    """Another unit, another officer, similarity 0,24: one unit removed, one added (issue 9, item 11)."""
    fill_2025(with_2025)
    csv = with_2025.units_file(2025)
    rows = csv.read_text(encoding="utf-8").splitlines()
    index = next(i for i, r in enumerate(rows) if r.startswith("Tiểu khu 6,"))
    cells = rows[index].split(",")
    rows[index] = ",".join(["Khu công nghiệp Bỉm Sơn", *cells[1:6], "Lê Văn Bình"])
    csv.write_text("\n".join(rows) + "\n", encoding="utf-8")
    status = {u.name: u.status for u in compare_years(with_2025, 2024, 2025).diff.units}
    assert status["Khu công nghiệp Bỉm Sơn"] == "mới" and status["Tiểu khu 6"] == "bỏ"
    assert not any(s == "đổi tên" for s in status.values())


def test_a_unit_renamed_with_the_same_officer_is_a_rename(with_2025: Project):
    fill_2025(with_2025)
    edit(with_2025.units_file(2025), "Tiểu khu 6,", "Khu công nghiệp Bỉm Sơn,")  # Phạm Thế Đức stays in charge
    status = {u.name: u.status for u in compare_years(with_2025, 2024, 2025).diff.units}
    assert status["Tiểu khu 6 → Khu công nghiệp Bỉm Sơn"] == "đổi tên"


def test_a_renamed_heading_is_one_changed_heading(with_2025: Project, capsys):
    """The paragraphs under a rewritten heading are compared as usual, not all removed and added."""
    fill_2025(with_2025)
    edit(with_2025.plan_file(2025), "muc: Tổ chức thực hiện kế hoạch", "muc: Tổ chức thực hiện")
    edit(with_2025.plan_file(2025), SENTENCE_2024[2:], SENTENCE_2025[2:])
    sections = {s.title: s for s in compare_years(with_2025, 2024, 2025).diff.text}
    assert "Tổ chức thực hiện kế hoạch" not in sections
    changes = sections["Tổ chức thực hiện"].changes
    assert [c.kind for c in changes] == ["đề mục", "sửa"]
    assert changes[0].ops == [("=", "Tổ chức thực hiện"), ("-", " kế hoạch")]
    assert cli.diff(with_2025.root, year_to="2025") == 0
    assert "đề mục: Tổ chức thực hiện[- kế hoạch-]" in capsys.readouterr().out


def test_diff_command_plain_when_piped(with_2025: Project, capsys):
    change_2025(with_2025)
    assert cli.diff(with_2025.root, year_to="2025") == 0
    out = capsys.readouterr().out
    assert "\033[" not in out
    assert "[-đoàn để tiến hành-]{+tổ công tác+}" in out
    assert "build/2025/ke-hoach-giam-ngheo-2025-so-voi-2024.docx: đã ghi." in out


def test_a_failed_diff_sets_last_times_redline_aside(with_2025: Project, capsys):
    """Issue 18, one rule for outputs: a diff that cannot read a year leaves no redline of an older version
    under the real name; it moves it to «.cu» and says so (F012)."""
    change_2025(with_2025)
    assert cli.diff(with_2025.root, year_to="2025") == 0
    capsys.readouterr()
    redline = with_2025.build_dir(2025) / "ke-hoach-giam-ngheo-2025-so-voi-2024.docx"
    report = with_2025.root / "build/diff/2024-2025.md"
    assert redline.is_file() and report.is_file()
    edit(with_2025.plan_file(2025), "tong_so_ho: 2883", "tong_so_ho: [2883")  # YAML that cannot be read
    assert cli.diff(with_2025.root, year_to="2025") == 2
    err = capsys.readouterr().err
    assert "Y001" in err and "F012" in err and "ke-hoach-giam-ngheo-2025-so-voi-2024.cu.docx" in err, err
    assert not redline.exists() and not report.exists()
    assert redline.with_name("ke-hoach-giam-ngheo-2025-so-voi-2024.cu.docx").is_file()
    assert report.with_name("2024-2025.cu.md").is_file()


@pytest.mark.office
def test_redline_opens_in_libreoffice(with_2025: Project, tmp_path: Path):
    from vanban.office import pdf

    if pdf.find_soffice() is None:
        if os.environ.get("CI") == "true":
            pytest.fail("LibreOffice is required in CI")
        pytest.skip("LibreOffice (soffice) is not installed")
    change_2025(with_2025)
    compare_years(with_2025, 2024, 2025)
    red = with_2025.build_dir(2025) / "ke-hoach-giam-ngheo-2025-so-voi-2024.docx"
    out = pdf.to_pdf(red, tmp_path / "redline.pdf")
    assert out.stat().st_size > 10_000


# ---------------------------------------------------------------- git


def git(root: Path, *args: str) -> str:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@x",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@x",
    }
    return subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True, text=True, env=env).stdout


@pytest.fixture
def repo(project: Project) -> Project:
    shutil.copy(ROOT / ".gitattributes", project.root / ".gitattributes")
    git(project.root, "init", "-q")
    git(project.root, "add", ".")
    git(project.root, "commit", "-qm", "2024")
    return project


def test_diff_against_a_git_revision(repo: Project, tmp_path: Path):
    edit(repo.plan_file(2024), SENTENCE_2024[2:], SENTENCE_2025[2:])
    git(repo.root, "commit", "-qam", "reword")
    set_cells(repo.units_file(2024), "Tiểu khu 1", giam_du_kien="1", ho_ngheo_cuoi_nam="4")
    review = compare_revision(repo, 2024, "HEAD~1", tmp_path / "rev")
    assert [c.kind for s in review.diff.text for c in s.changes] == ["sửa"]
    unit = next(u for u in review.diff.units if u.name == "Tiểu khu 1")
    assert {f.label: f.change for f in unit.figures}["Dự kiến giảm"] == "−1"
    assert (repo.root / "build" / "diff" / "2024-HEAD_1.md").is_file()
    red = (repo.build_dir(2024) / "ke-hoach-giam-ngheo-2024-so-voi-HEAD_1.docx").read_bytes()
    assert "đoàn" in "".join(rejected(red)) and "tổ công tác" in "".join(accepted(red))
    with pytest.raises(InputError, match="không lấy được tệp"):
        compare_revision(repo, 2024, "khong-co-nhanh-nay", tmp_path / "bad")
    with pytest.raises(InputError, match="không hợp lệ"):
        compare_revision(repo, 2024, "--output=/tmp/x", tmp_path / "bad2")


def test_setup_git_shows_docx_as_text(repo: Project, capsys):
    assert cli.setup_git(repo.root) == 0
    capsys.readouterr()
    document = Document(str(repo.template_file))
    document.add_paragraph("Đoạn thêm vào mẫu")
    document.save(str(repo.template_file))
    edit(repo.units_file(2024), "Tiểu khu 2,182,", "Tiểu khu 2,183,")
    diff = git(repo.root, "diff")
    assert "+[Normal] Đoạn thêm vào mẫu" in diff
    assert "Binary files" not in diff
    words = git(repo.root, "diff", "--word-diff", "--", "data")
    assert "[-182-]{+183+}" in words


def test_textconv_runs_as_a_module():
    out = subprocess.run(
        [sys.executable, "-m", "vanban.review.history", str(ROOT / "templates" / "ke-hoach.docx")],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "PYTHONPATH": str(ROOT / "src")},
    ).stdout
    assert "| CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in out.replace("{%p for dong in co_quan_chu_quan %}", "")
    assert "[VB Tên loại] {{ ten_loai }}" in out


def test_setup_git_outside_a_repository_or_inside_another_is_refused(tmp_path: Path, capsys):
    import subprocess

    alone = copy_project(tmp_path / "alone")
    assert cli.setup_git(alone.root) == 2
    assert "git init" in capsys.readouterr().err
    outer = tmp_path / "outer"
    outer.mkdir()
    subprocess.run(["git", "init", "-q", str(outer)], check=True)
    nested = copy_project(outer / "nested")
    assert cli.setup_git(nested.root) == 2
    err = capsys.readouterr().err
    assert "nằm trong kho" in err and "Traceback" not in err
    config = subprocess.run(["git", "-C", str(outer), "config", "--local", "--list"], capture_output=True, text=True).stdout
    assert "docx" not in config  # the outer repository was left alone
