"""Kinds as data: the registry, one pipeline for every kind, and a kind added from files alone."""

from __future__ import annotations

import importlib.util
import zipfile
from pathlib import Path

from vanban.commands import cli
from vanban.kinds import registry
from vanban.pipeline import run_checks

from .conftest import ROOT, copy_project, edit, replace_block

LIST_DECLARATION = """\
ten: Danh sách hộ nghèo theo thôn
bang:
  ho_ngheo_thon:
    tep: ho_ngheo_thon.csv
    mo_ta: Hộ nghèo từng thôn
    ten_dong: thôn
    cot_ten: thon
    cot:
      thon: {kieu: chu, mo_ta: Tên thôn, tieu_de: Thôn, rong: 60}
      tong_so_ho: {kieu: so, mo_ta: Tổng số hộ, tieu_de: Tổng số hộ, cong: true}
      ho_ngheo: {kieu: so, mo_ta: Số hộ nghèo, tieu_de: Hộ nghèo, cong: true}
so_lieu:
  tong_so_ho: {kieu: so, mo_ta: Tổng số hộ, tong: ho_ngheo_thon.tong_so_ho}
  ho_ngheo: {kieu: so, mo_ta: Hộ nghèo, tong: ho_ngheo_thon.ho_ngheo}
  ty_le_ho_ngheo: {kieu: ty_le, mo_ta: Tỷ lệ hộ nghèo (%), cong_thuc: ho_ngheo / tong_so_ho * 100}
"""


def _generic_template(target: Path) -> None:
    """The Decree 30 frame around a body loop, no hand-drawn table (``tools/make_template.py``)."""
    spec = importlib.util.spec_from_file_location("make_template", ROOT / "tools" / "make_template.py")
    maker = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(maker)
    maker.build(target, tables=lambda doc: None, title="Mẫu danh sách hộ nghèo")


def _document_text(path: Path) -> str:
    with zipfile.ZipFile(path) as archive:
        return archive.read("word/document.xml").decode("utf-8")


def test_a_fourth_kind_from_a_declaration_and_a_template_builds_checks_and_lints(tmp_path, capsys):
    project = copy_project(tmp_path / "p")
    (project.templates_dir / "danh-sach.yaml").write_text(LIST_DECLARATION, encoding="utf-8")
    _generic_template(project.templates_dir / "danh-sach.docx")
    assert "danh-sach" in registry.kinds(project.root)
    (project.data_dir(2024) / "ho_ngheo_thon.csv").write_text(
        "thon,tong_so_ho,ho_ngheo\nThôn Đông,120,4\nThôn Tây,80,2\n", encoding="utf-8"
    )
    plan = project.plan_file(2024).read_text(encoding="utf-8")
    body = "noi_dung:\n  - 'Toàn xã có ${ho_ngheo} hộ nghèo trên ${tong_so_ho} hộ, tỷ lệ ${ty_le_ho_ngheo}.'\n  - bang: ho_ngheo_thon\n"
    context = replace_block(plan, "noi_dung", body)
    context = replace_block(context, "so_lieu", "so_lieu: {}\n")
    (project.plans_dir / "2024-danh-sach.yaml").write_text(context, encoding="utf-8")

    assert cli.check(project.root, "2024", kind="danh-sach") == 0, capsys.readouterr()
    assert cli.build(project.root, "2024", kind="danh-sach") == 0, capsys.readouterr()
    output = project.root / "build/2024/danh-sach-2024.docx"
    xml = _document_text(output)
    assert "Toàn xã có 6 hộ nghèo trên 200 hộ, tỷ lệ 3,00" in xml and "Thôn Đông" in xml and "Cộng" in xml
    assert cli.lint(str(output)) in (0, 1)  # linted as any document: findings, never a crash
    # A figure that disagrees is refused like the plan's, by the same pipeline.
    edit(project.plans_dir / "2024-danh-sach.yaml", "so_lieu: {}", "so_lieu:\n  ho_ngheo: 7")
    assert [f.code for f in run_checks(project, 2024, "danh-sach").findings] == ["T001"]
    assert cli.build(project.root, "2024", kind="danh-sach") == 1
    # build --all lists it with every other document of the year.
    assert (None, 2024, "danh-sach", "") in registry.jobs(project.root)


def test_unknown_kind_lists_the_registry(tmp_path, capsys):
    project = copy_project(tmp_path / "p")
    assert cli.check(project.root, "2024", kind="danh-sach") == 2
    err = capsys.readouterr().err
    assert "A012" in err and "«tong-hop»" in err and "«bao-cao»" in err


def test_every_kind_in_build_all_and_the_summary_last(tmp_path):
    project = copy_project(tmp_path / "p")
    assert registry.jobs(project.root) == [
        (None, 2024, "ke-hoach", ""),
        (None, 2024, "bao-cao", "ca-nam"),
        (None, 2024, "bao-cao", "6-thang"),
        (None, 2024, "tong-hop", ""),
    ]


def test_report_without_near_poor_columns_is_refused_by_build_and_check_alike(tmp_path, capsys):
    """Issue 18 item 7: no "…" in a final document for a figure the data lacks; build and check agree."""
    project = copy_project(tmp_path / "p")
    results = project.table_file(2024, "ket_qua")
    lines = results.read_text(encoding="utf-8").splitlines()
    results.write_text("\n".join(",".join(line.split(",")[:7]) for line in lines) + "\n", encoding="utf-8")
    assert cli.check(project.root, "2024", kind="bao-cao") == 1
    checked_out = capsys.readouterr().out
    assert cli.build(project.root, "2024", kind="bao-cao") == 1
    built_err = capsys.readouterr().err
    for text in (checked_out, built_err):
        assert "P001" in text and "${ho_can_ngheo_dau_nam}" in text and "ket_qua.ho_can_ngheo_dau_nam" in text
        assert "S011" in text and "M001" not in text
    assert not (project.root / "build/2024/bao-cao-ket-qua-giam-ngheo-2024.docx").exists()
    # Without the sentence and the table that need them, the report is final and has no placeholder.
    context = project.plans_dir / "2024-bao-cao.yaml"
    kept = [
        line
        for line in context.read_text(encoding="utf-8").splitlines()
        if "can_ngheo" not in line and "Hộ cận nghèo" not in line
    ]
    context.write_text("\n".join(kept) + "\n", encoding="utf-8")
    assert cli.check(project.root, "2024", kind="bao-cao") == 0, capsys.readouterr()
    assert cli.build(project.root, "2024", kind="bao-cao") == 0
    assert "…" not in _document_text(project.root / "build/2024/bao-cao-ket-qua-giam-ngheo-2024.docx")
