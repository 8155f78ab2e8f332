"""Checks across documents: a report starts where its plan started, per unit and per declared pair;
every unit of a table is one the commune lists."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from vanban.commands import cli
from vanban.pipeline import run_checks
from vanban.project import Project

from .communes_fixture import fill_giao_hieu
from .conftest import copy_project, edit


def _with_near_poor_plan(project: Project) -> dict[str, str]:
    """Hà Trung's plan table given the near-poor start each unit's report states; unit -> that start."""
    results = list(csv.DictReader(io.StringIO(project.table_file(2024, "ket_qua").read_text(encoding="utf-8"))))
    starts = {r["don_vi"]: r["ho_can_ngheo_dau_nam"] for r in results}
    lines = project.units_file(2024).read_text(encoding="utf-8").splitlines()
    out = [lines[0] + ",ho_can_ngheo"] + [f"{line},{starts[line.split(',')[0]]}" for line in lines[1:]]
    project.units_file(2024).write_text("\n".join(out) + "\n", encoding="utf-8")
    return starts


def test_report_near_poor_start_per_unit_against_the_plan(tmp_path: Path):
    project = copy_project(tmp_path / "p")
    starts = _with_near_poor_plan(project)
    assert [f for f in run_checks(project, 2024, "bao-cao").findings if f.code == "X003"] == []
    # The plan says 7 near-poor households at the start for Tiểu khu 1; the report says 6.
    edit(
        project.units_file(2024),
        f"Nguyễn Ngọc Khanh,{starts['Tiểu khu 1']}",
        f"Nguyễn Ngọc Khanh,{int(starts['Tiểu khu 1']) + 1}",
    )
    found = [f for f in run_checks(project, 2024, "bao-cao").findings if f.code == "X003"]
    assert len(found) == 1
    finding = found[0]
    assert (finding.severity, finding.place.unit, finding.place.field) == ("error", "Tiểu khu 1", "ho_can_ngheo_dau_nam")
    assert finding.place.file == "data/2024/ket_qua.csv" and "data/2024/don_vi.csv:2" in finding.message
    assert f"ghi {starts['Tiểu khu 1']} trong data/2024/ket_qua.csv" in finding.message


def test_report_poor_start_still_compared_without_near_poor_in_the_plan(tmp_path: Path):
    project = copy_project(tmp_path / "p")
    edit(project.table_file(2024, "ket_qua"), "Tiểu khu 1,172,5,", "Tiểu khu 1,172,6,")
    codes = {(f.code, f.place.field) for f in run_checks(project, 2024, "bao-cao").findings}
    assert ("X003", "ho_ngheo_dau_nam") in codes and ("X003", "ho_can_ngheo_dau_nam") not in codes


def test_unit_not_in_the_communes_list_is_an_error_with_a_suggestion(tmp_path: Path, capsys):
    project = copy_project(tmp_path / "p")
    assert cli.init(project.root, commune="giao-hieu", name="Xã Giáo Hiệu", year="2024") == 0
    fill_giao_hieu(project.root)
    settings = project.root / "plans/giao-hieu/xa.yaml"
    edit(
        settings,
        "  don_vi: []",
        "  don_vi:\n    - {ten: Thôn Giáo Ổ, can_bo_phu_trach: Lê Thị Hoa}\n    - Thôn Giáo Hiệu\n    - Thôn Yến Lộc",
    )
    commune = project.for_commune("giao-hieu")
    assert [f for f in run_checks(commune, 2024).findings if f.code == "U003"] == []
    # Misspelt in the table: without the check its officer would silently stay empty.
    edit(commune.units_file(2024), "Thôn Giáo Ổ,150,60,,5,,Lê Thị Hoa", "Thôn Giáo O,150,60,,5,,")
    found = [f for f in run_checks(commune, 2024).findings if f.code == "U003"]
    assert len(found) == 1 and found[0].severity == "error"
    assert found[0].place.file == "data/giao-hieu/2024/don_vi.csv" and found[0].place.unit == "Thôn Giáo O"
    assert "plans/giao-hieu/xa.yaml" in found[0].message and "«Thôn Giáo Ổ»" in found[0].message
    assert cli.check(project.root, "2024", commune="giao-hieu") == 1
    assert "U003" in capsys.readouterr().out


def test_the_pairs_compared_are_those_the_declaration_names(tmp_path: Path):
    """X003 compares every results column declared ``doi_chieu: don_vi.<cột>``, and only those."""
    from vanban.engine.findings import InputError

    project = copy_project(tmp_path / "p")
    starts = _with_near_poor_plan(project)
    edit(
        project.units_file(2024),
        f"Nguyễn Ngọc Khanh,{starts['Tiểu khu 1']}",
        f"Nguyễn Ngọc Khanh,{int(starts['Tiểu khu 1']) + 1}",
    )
    declaration = project.root / "templates/bao-cao.yaml"
    pair = ", doi_chieu: don_vi.ho_can_ngheo}"
    assert pair in declaration.read_text(encoding="utf-8")
    edit(declaration, pair, "}")  # no longer declared: no longer compared
    assert [f for f in run_checks(project, 2024, "bao-cao").findings if f.code == "X003"] == []
    edit(
        declaration,
        "mo_ta: Hộ cận nghèo đầu năm, cong: true}",
        "mo_ta: Hộ cận nghèo đầu năm, cong: true, doi_chieu: don_vi.ho_can_ngheoo}",
    )
    try:
        run_checks(project, 2024, "bao-cao")
    except InputError as exc:
        (finding,) = exc.findings
        assert finding.code == "D010" and finding.place.file == "templates/bao-cao.yaml"
        assert "bảng «don_vi» không có cột «ho_can_ngheoo». Có phải ý bạn là «ho_can_ngheo»?" in finding.message
    else:
        raise AssertionError("a pair naming no column must be refused")
