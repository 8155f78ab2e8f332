"""``invoke new``: every kind's year starts from a command, each file printed ``<path>: đã tạo.``."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from vanban.commands import cli
from vanban.pipeline import run_checks

from .communes_fixture import fill_giao_hieu
from .conftest import copy_project


def _fill_actuals(path: Path) -> None:
    """Every unit lifted one household out of poverty, none new (the officer's figures)."""
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
    header = rows[0]
    for row in rows[1:]:
        row[header.index("thoat_ngheo")] = "1"
        row[header.index("phat_sinh")] = "0"
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")


def test_new_report_for_a_commune_uses_its_settings_and_builds_once_filled(tmp_path: Path, capsys):
    project = copy_project(tmp_path / "p")
    assert cli.init(project.root, commune="giao-hieu", name="Xã Giáo Hiệu", year="2024") == 0
    fill_giao_hieu(project.root)
    commune = project.for_commune("giao-hieu")
    capsys.readouterr()
    assert cli.new(project.root, "2024", kind="bao-cao", commune="giao-hieu") == 0
    out = capsys.readouterr().out
    assert "data/giao-hieu/2024/ket_qua.csv: đã tạo.\nplans/giao-hieu/2024-bao-cao.yaml: đã tạo.\n" in out
    assert "invoke check --kind bao-cao --commune giao-hieu --year 2024" in out
    table = (commune.data_dir(2024) / "ket_qua.csv").read_text(encoding="utf-8").splitlines()
    assert table[1] == "Thôn Giáo Ổ,150,60,,,,"  # the plan's units and starts; the actuals to fill
    context = (commune.plans_dir / "2024-bao-cao.yaml").read_text(encoding="utf-8")
    assert "co_quan_ban_hanh" not in context and "noi_nhan" not in context  # kept once, in xa.yaml
    findings = run_checks(commune, 2024, "bao-cao").findings
    assert not [f for f in findings if f.code == "S001"]
    assert {f.code for f in findings} == {"P001"}
    assert sum(1 for f in findings if f.place.field == "thoat_ngheo") == 3
    # Filled in (actuals, date, the plan's number): it builds, with the commune's agency and signer.
    _fill_actuals(commune.data_dir(2024) / "ket_qua.csv")
    text = context.replace("  ngay:          # cần điền", "  ngay: 2024-12-20").replace(
        "    so:          # cần điền", '    so: "12/KH-UBND"'
    )
    text = text.replace("    ngay:        # cần điền", "    ngay: 2024-01-10")
    (commune.plans_dir / "2024-bao-cao.yaml").write_text(text, encoding="utf-8")
    assert run_checks(commune, 2024, "bao-cao").findings == []
    assert cli.build(project.root, "2024", kind="bao-cao", commune="giao-hieu") == 0
    assert (project.root / "build/giao-hieu/2024/bao-cao-ket-qua-giam-ngheo-2024.docx").is_file()
    # Never overwritten.
    assert cli.new(project.root, "2024", kind="bao-cao", commune="giao-hieu") == 2
    assert "A002" in capsys.readouterr().err


def test_new_six_month_review_and_plan(tmp_path: Path, capsys):
    project = copy_project(tmp_path / "p")
    assert cli.new(project.root, "2025", kind="ke-hoach") == 0  # what new-year does
    assert "plans/2025.yaml: đã tạo." in capsys.readouterr().out
    assert cli.new(project.root, "2025", kind="bao-cao", ky="6-thang") == 0
    out = capsys.readouterr().out
    assert "data/2025/ket_qua_6_thang.csv: đã tạo." in out and "plans/2025-bao-cao-6-thang.yaml: đã tạo." in out
    context = (project.plans_dir / "2025-bao-cao-6-thang.yaml").read_text(encoding="utf-8")
    assert "Sơ kết 6 tháng đầu năm ${nam}" in context and "co_quan_ban_hanh" in context  # no xa.yaml here


def test_new_summary_from_last_years(tmp_path: Path, capsys):
    project = copy_project(tmp_path / "p")
    assert cli.new(project.root, "2025", kind="tong-hop") == 0
    assert "plans/tong-hop/2025.yaml: đã tạo." in capsys.readouterr().out
    text = (project.root / "plans/tong-hop/2025.yaml").read_text(encoding="utf-8")
    assert "nam: 2025" in text and "2024" not in text and "ngay:          # cần điền" in text and "so_lieu: {}" in text
    assert cli.new(project.root, "2027", kind="tong-hop") == 2
    assert "A003" in capsys.readouterr().err
