"""A commune's own tables are its own: ``plans/<xã>/<kind>.rieng.yaml`` and CSVs in its data folder,
never affecting another commune; ``new-year`` carries them (issue 18 item 11)."""

from __future__ import annotations

import zipfile
from pathlib import Path

from vanban.commands import cli
from vanban.kinds import registry
from vanban.pipeline import run_checks

from .communes_fixture import fill_giao_hieu
from .conftest import copy_project, edit

OWN = """\
# Bảng và số liệu riêng của Xã Giáo Hiệu.
bang:
  nguyen_nhan:
    tep: nguyen_nhan.csv
    mo_ta: Hộ nghèo phân theo nguyên nhân nghèo
    ten_dong: nguyên nhân
    cot_ten: nguyen_nhan
    cot:
      nguyen_nhan: {kieu: chu, mo_ta: Nguyên nhân nghèo, tieu_de: Nguyên nhân nghèo, rong: 80}
      so_ho: {kieu: so, mo_ta: Số hộ nghèo, tieu_de: Số hộ, cong: true}
so_lieu:
  ho_ngheo_thieu_von: {kieu: so, mo_ta: Hộ nghèo thiếu vốn sản xuất}
quan_he:
  tong_bang:
    - nguyen_nhan.so_ho = ho_ngheo
  khong_vuot:
    - ho_ngheo_thieu_von <= ho_ngheo
"""
CAUSES = "nguyen_nhan,so_ho\nThiếu vốn sản xuất,90\nThiếu đất sản xuất,51\nỐm đau bệnh nặng,40\n"


def _with_own_table(tmp_path: Path):
    project = copy_project(tmp_path / "p")
    assert cli.init(project.root, commune="giao-hieu", name="Xã Giáo Hiệu", year="2024") == 0
    fill_giao_hieu(project.root)
    commune = project.for_commune("giao-hieu")
    commune.commune_declaration_for("ke-hoach").write_text(OWN, encoding="utf-8")
    (commune.data_dir(2024) / "nguyen_nhan.csv").write_text(CAUSES, encoding="utf-8")
    plan = commune.plan_file(2024)
    edit(plan, "so_lieu:\n", "so_lieu:\n  ho_ngheo_thieu_von: 90\n")
    edit(
        plan,
        "  - bang: don_vi\n",
        "  - bang: don_vi\n  - khoan: Hộ nghèo phân theo nguyên nhân\n"
        "  - 'Trong ${ho_ngheo} hộ nghèo có ${ho_ngheo_thieu_von} hộ thiếu vốn sản xuất.'\n  - bang: nguyen_nhan\n",
    )
    return project, commune


def test_own_table_is_the_communes_alone(tmp_path: Path, capsys):
    before = copy_project(tmp_path / "before")
    assert cli.build(before.root, "2024") == 0
    project, commune = _with_own_table(tmp_path)
    # Hà Trung is untouched: checks clean, builds the same bytes, and its summary still builds.
    assert cli.check(project.root, "2024") == 0
    assert cli.build(project.root, "2024") == 0
    assert project.output_file(2024).read_bytes() == before.output_file(2024).read_bytes()
    # The commune's own table is checked and rendered.
    assert cli.check(project.root, "2024", commune="giao-hieu") == 0, capsys.readouterr()
    assert cli.build(project.root, "2024", commune="giao-hieu") == 0
    with zipfile.ZipFile(commune.output_file(2024)) as archive:
        xml = archive.read("word/document.xml").decode("utf-8")
    assert "Trong 181 hộ nghèo có 90 hộ thiếu vốn sản xuất." in xml and "Thiếu đất sản xuất" in xml
    edit(commune.data_dir(2024) / "nguyen_nhan.csv", "Thiếu vốn sản xuất,90", "Thiếu vốn sản xuất,91")
    assert [f.code for f in run_checks(commune, 2024).findings] == ["T001"]
    assert [f.code for f in run_checks(project, 2024).findings] == []
    # Its declaration is read, so not reported as an unread file.
    assert commune.commune_declaration_for("ke-hoach") not in registry.unread_files(project.root)


def test_new_year_with_an_own_table(tmp_path: Path, capsys):
    """Issue 18 item 11: the table's CSV is created, the own figure is marked to fill where it stands,
    and nothing is added under another key's comment."""
    project, commune = _with_own_table(tmp_path)
    capsys.readouterr()
    assert cli.new_year(project.root, "2025", commune="giao-hieu") == 0
    out = capsys.readouterr().out
    assert "data/giao-hieu/2025/nguyen_nhan.csv: đã tạo." in out
    assert (commune.data_dir(2025) / "nguyen_nhan.csv").read_text(encoding="utf-8") == CAUSES
    text = commune.plan_file(2025).read_text(encoding="utf-8")
    assert "so_lieu:\n  ho_ngheo_thieu_von:  # cần điền\n" in text
    assert "ho_ngheo_khong_kha_nang_lao_dong" not in text  # never written by the commune, never asked
    findings = run_checks(commune, 2025).findings
    assert any(f.code == "P001" and f.place.field == "ho_ngheo_thieu_von" for f in findings)
