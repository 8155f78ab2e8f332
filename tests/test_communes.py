"""Many communes in one repository: init, --commune, build --all, tong-hop, settings, merge maps.

The first test is the issue's new user, for real through invoke: a second commune
beside Hà Trung, its figures filled, both built, the summary written and read back.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from vanban.commands import cli
from vanban.communes.settings import load_plan_document
from vanban.engine.findings import InputError
from vanban.kinds import registry
from vanban.pipeline import build, run_checks
from vanban.project import Project

from .builders import set_cells
from .communes_fixture import fill_giao_hieu, run, with_giao_hieu
from .conftest import ROOT, edit

RESULTS_HEADER = "don_vi,tong_so_ho,ho_ngheo_dau_nam,thoat_ngheo,phat_sinh,ho_ngheo_cuoi_nam,ty_le_ho_ngheo_cuoi_nam\n"


@pytest.fixture
def two(tmp_path: Path) -> Project:
    """The repository (Hà Trung in today's layout) with Giáo Hiệu added by init and filled in."""
    return with_giao_hieu(tmp_path / "project")


def test_new_user_adds_a_commune_and_writes_the_summary(tmp_path: Path):
    copy = tmp_path / "repo"
    for name in ("plans", "data", "templates", "src"):
        shutil.copytree(ROOT / name, copy / name)
    shutil.copy(ROOT / "tasks.py", copy / "tasks.py")
    env = {**os.environ, "PYTHONPATH": str(copy / "src")}

    def invoke(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "invoke", *args], cwd=copy, capture_output=True, text=True, env=env)

    done = invoke("init", "--commune", "giao-hieu", "--ten", "Xã Giáo Hiệu", "--year", "2024")
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[:3] == [
        "plans/giao-hieu/xa.yaml: đã tạo.",
        "plans/giao-hieu/2024.yaml: đã tạo.",
        "data/giao-hieu/2024/don_vi.csv: đã tạo.",
    ]
    plan = (copy / "plans" / "giao-hieu" / "2024.yaml").read_text(encoding="utf-8")
    assert "trên địa bàn xã Giáo Hiệu" in plan and "[[" not in plan
    assert (copy / "data/giao-hieu/2024/don_vi.csv").read_text(encoding="utf-8").startswith("don_vi,tong_so_ho,ho_ngheo,")
    # Not filled yet: check lists what is missing, naming the settings file for the signer.
    empty = invoke("check", "--commune", "giao-hieu", "--year", "2024")
    assert empty.returncode == 2 and "plans/giao-hieu/xa.yaml:" in empty.stderr and "ky.ho_ten" in empty.stderr

    fill_giao_hieu(copy)
    checked = invoke("check", "--commune", "giao-hieu", "--year", "2024")
    assert checked.returncode == 0, checked.stdout + checked.stderr
    built = invoke("build", "--commune", "giao-hieu", "--year", "2024")
    assert built.returncode == 0, built.stderr
    assert (copy / "build/giao-hieu/2024/ke-hoach-giam-ngheo-2024.docx").is_file()
    # Hà Trung, in today's layout, builds with today's command, no flag.
    town = invoke("build", "--year", "2024")
    assert town.returncode == 0, town.stderr
    assert "build/2024/ke-hoach-giam-ngheo-2024.docx" in town.stdout

    summary = invoke("tong-hop", "--year", "2024")
    assert summary.returncode == 0, summary.stderr
    assert summary.stdout.splitlines() == [
        "build/tong-hop/2024/tong-hop-giam-ngheo-2024.docx: đã ghi.",
        "build/tong-hop/2024/tong-hop-giam-ngheo-2024.xlsx: đã ghi.",
    ]
    assert "L1" not in summary.stderr  # the summary lints clean against Decree 30

    book = openpyxl.load_workbook(copy / "build/tong-hop/2024/tong-hop-giam-ngheo-2024.xlsx", data_only=True)
    sheet = book["Tổng hợp 2024"]
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    # The first column's header names the communes' own types (a xã and a thị trấn, in 2024): nothing hard-coded.
    assert rows[0][:3] == ["STT", "Xã, thị trấn", "Tổng số hộ"]
    assert rows[1][:10] == [1, "Thị trấn Hà Trung", 2881, 35, 1.21, 82, 2.85, 13, 22, 0.76]
    assert rows[2][:10] == [2, "Xã Giáo Hiệu", 431, 181, 42.0, 56, 12.99, 15, 166, 38.52]
    # Cộng: the sums, and the rates of the sums (216 / 3 312 = 6,52 %), never a sum of rates.
    assert rows[3][1:10] == ["Cộng", 3312, 216, 6.52, 138, 4.17, 28, 188, 5.68]
    # Hà Trung has its year-end report (plans/2024-bao-cao.yaml): its actual year-end and "đạt %" as the report
    # computes them (21 households, 14 of 13 = 107,69 %); Giáo Hiệu has none yet.
    assert rows[1][10:] == [21, 107.69] and rows[2][10:] == ["—", "—"]
    formats = {c.column_letter: c.number_format for c in sheet[2]}
    assert formats["C"] == "#,##0" and formats["E"] == "0.00"
    assert sheet.auto_filter.ref == "A1:L3"  # sorting the communes leaves «Cộng» below
    # The stored values are those of live formulas: the «Cộng» row sums, every rate rounded as the document shows it.
    live = openpyxl.load_workbook(copy / "build/tong-hop/2024/tong-hop-giam-ngheo-2024.xlsx")["Tổng hợp 2024"]
    assert [c.value for c in live[4]][2:5] == ["=SUM(C2:C3)", "=SUM(D2:D3)", "=ROUND(D4/C4*100,2)"]
    assert live["E2"].value == "=ROUND(D2/C2*100,2)" and live["K2"].value == 21  # a figure with no formula stays a value
    trend = book["Xu hướng"]
    assert [list(r) for r in trend.iter_rows(values_only=True)][:3] == [
        ["Xã, thị trấn", "Mã xã", "Đầu năm 2024 (%)", "Ghi chú"],
        ["Thị trấn Hà Trung", None, 1.21, None],
        ["Xã Giáo Hiệu", "giao-hieu", 42.0, None],
    ]
    assert len(trend._charts) == 1

    from docx import Document

    document = Document(str(copy / "build/tong-hop/2024/tong-hop-giam-ngheo-2024.docx"))
    table = next(t for t in document.tables if t.rows[0].cells[0].text == "STT")
    cells = [[c.text for c in r.cells] for r in table.rows]
    assert cells[2][1:10] == ["Xã Giáo Hiệu", "431", "181", "42,00", "56", "12,99", "15", "166", "38,52"]
    assert cells[-1][2:10] == ["3.312", "216", "6,52", "138", "4,17", "28", "188", "5,68"]
    text = "\n".join(p.text for p in document.paragraphs)
    assert "BÁO CÁO" in text and "của các xã, thị trấn gửi về" in text and "216 hộ, tỷ lệ 6,52" in text
    assert "(giảm 0,84 điểm phần trăm)" in text  # 6,52 − 5,68: a difference of rates, never «%»
    assert cells[0][:3] == ["STT", "Xã, thị trấn", "Tổng số hộ"]
    assert "- UBND các xã, thị trấn;" in "\n".join(c.text for t in document.tables for r in t.rows for c in r.cells)
    # The summary is a Decree 30 document: the linter finds nothing to say.
    from vanban.lint import lint

    assert lint(copy / "build/tong-hop/2024/tong-hop-giam-ngheo-2024.docx", "tong-hop.docx") == []


def test_summary_with_results_reports_shows_what_was_achieved(two: Project):
    # Hà Trung has its year-end report (plans/2024-bao-cao.yaml, data/2024/ket_qua.csv): the summary takes its
    # figures. Giáo Hiệu keeps only a results table, which the summary reads itself.
    (two.root / "data/giao-hieu/2024/ket_qua.csv").write_text(
        RESULTS_HEADER
        + "Thôn Giáo Ổ,150,60,6,0,54,36.00\nThôn Giáo Hiệu,141,70,5,0,65,46.10\nThôn Yến Lộc,140,51,2,0,49,35.00\nCộng,431,181,13,0,168,\n",
        encoding="utf-8",
    )
    status, out, err = run(cli.tong_hop, two.root, "2024")
    assert status == 0, err
    sheet = openpyxl.load_workbook(two.root / "build/tong-hop/2024/tong-hop-giam-ngheo-2024.xlsx", data_only=True)[
        "Tổng hợp 2024"
    ]
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    # Hà Trung: 35 -> 21 is 14 of 13 planned (107,69 %, as its report says); Giáo Hiệu: 181 -> 168 is 13 of 15
    # (86,67 %); together 27 of 28.
    assert [r[10:] for r in rows[1:]] == [[21, 107.69], [168, 86.67], [189, 96.43]]
    # A typed «Cộng» of the results that disagrees is caught.
    edit(two.root / "data/giao-hieu/2024/ket_qua.csv", "Cộng,431,181,13,0,168,", "Cộng,431,181,13,0,170,")
    status, out, err = run(cli.tong_hop, two.root, "2024")
    assert status == 1 and "T001" in err and "170" in err and "168" in err
    # A report with errors is not summarised from: its findings refuse the summary, saying why.
    edit(two.root / "data/giao-hieu/2024/ket_qua.csv", "Cộng,431,181,13,0,170,", "Cộng,431,181,13,0,168,")
    set_cells(two.root / "data/2024/ket_qua.csv", "Tiểu khu 3", ho_ngheo_cuoi_nam="2", ty_le_ho_ngheo_cuoi_nam="0.31")
    status, out, err = run(cli.tong_hop, two.root, "2024")
    assert status == 1 and "data/2024/ket_qua.csv:4" in err and "chưa đưa vào bản tổng hợp" in err


def test_summary_checks_the_totals_its_yaml_states(two: Project):
    # The declared so_lieu of templates/tong-hop.yaml, checked by the engine's rules like any kind's figures.
    edit(
        two.root / "plans/tong-hop/2024.yaml",
        "so_lieu: {}",
        "so_lieu:\n  tong_so_ho: 3312\n  ho_ngheo: 215\n  ty_le_ho_ngheo: '6,53'\n  ho_ngheoo: 1",
    )
    status, out, err = run(cli.tong_hop, two.root, "2024")
    assert status == 2 and "plans/tong-hop/2024.yaml:31:14: S001" in err and "Có phải ý bạn là «ho_ngheo»?" in err
    assert "không có trong mẫu tổng hợp" in err
    edit(two.root / "plans/tong-hop/2024.yaml", "  ho_ngheoo: 1\n", "")
    status, out, err = run(cli.tong_hop, two.root, "2024")
    assert status == 1 and "plans/tong-hop/2024.yaml:29:13: T001" in err and "ghi 215" in err and "là 216" in err
    assert "plans/tong-hop/2024.yaml:30:19: R001" in err and "216 / 3.312" in err
    assert not (two.root / "build/tong-hop").exists()


def test_summary_refuses_while_a_commune_has_errors(two: Project):
    edit(two.root / "plans/giao-hieu/2024.yaml", 'ty_le_ho_can_ngheo: "12,99 %"', 'ty_le_ho_can_ngheo: "12,9 %"')
    status, out, err = run(cli.tong_hop, two.root, "2024")
    assert status == 1 and "plans/giao-hieu/2024.yaml" in err and "R001" in err
    assert not (two.root / "build/tong-hop").exists()


def test_summary_bytes_are_deterministic(two: Project):
    assert run(cli.tong_hop, two.root, "2024")[0] == 0
    out = two.root / "build/tong-hop/2024"
    first = {p.name: p.read_bytes() for p in out.iterdir()}
    shutil.rmtree(out)
    assert run(cli.tong_hop, two.root, "2024")[0] == 0
    assert {p.name: p.read_bytes() for p in out.iterdir()} == first


def test_build_and_check_never_import_pandas(two: Project):
    code = (
        "import sys; from pathlib import Path; from vanban.commands import cli; "
        f"cli.check(Path({str(two.root)!r}), '2024'); cli.build(Path({str(two.root)!r}), '2024', commune='giao-hieu'); "
        "print(sorted(m for m in ('pandas', 'openpyxl', 'numpy') if m in sys.modules))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(ROOT / "src")}
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1] == "[]"


def test_settings_merge_under_the_year_and_point_at_their_own_file(two: Project):
    doc = load_plan_document(two.for_commune("giao-hieu"), 2024)
    assert doc.data["van_ban"]["dia_danh"] == "Giáo Hiệu" and doc.data["van_ban"]["ngay"].year == 2024
    assert "xa" not in doc.data
    assert str(doc.place(("ky", "ho_ten"))).startswith("plans/giao-hieu/xa.yaml:")
    assert str(doc.place(("van_ban", "trich_yeu"))).startswith("plans/giao-hieu/2024.yaml:")
    # A year that states a setting wins for that year.
    plan = two.root / "plans/giao-hieu/2024.yaml"
    plan.write_text(
        plan.read_text(encoding="utf-8") + "\nky:\n  chuc_vu: Phó Chủ tịch\n  ho_ten: Trần Thị Mai\n", encoding="utf-8"
    )
    checked = run_checks(two.for_commune("giao-hieu"), 2024)
    assert checked.valid.plan.signature.name == "Trần Thị Mai"
    # Mappings merge key by key: the authority the year does not state still comes from the settings.
    assert (checked.valid.plan.signature.position, checked.valid.plan.signature.authority) == (
        "Phó Chủ tịch",
        "TM. Ủy ban nhân dân",
    )
    # An error in an inherited value names the settings file, line and column.
    edit(two.root / "plans/giao-hieu/xa.yaml", "  ky_hieu: KH-UBND", "  ky_hieu: kh ubnd")
    with pytest.raises(InputError) as caught:
        run_checks(two.for_commune("giao-hieu"), 2024)
    assert any(
        str(f.place).startswith("plans/giao-hieu/xa.yaml:") and f.place.field == "van_ban.ky_hieu" for f in caught.value.findings
    )


def test_officers_kept_once_per_commune(two: Project):
    edit(
        two.root / "plans/giao-hieu/xa.yaml",
        "  don_vi: []",
        "  don_vi:\n    - ten: Thôn Yến Lộc\n      can_bo_phu_trach: Hoàng Văn Tư",
    )
    edit(two.root / "data/giao-hieu/2024/don_vi.csv", "Thôn Yến Lộc,140,51,,4,,Phạm Văn Sơn", "Thôn Yến Lộc,140,51,,4,,")
    units = run_checks(two.for_commune("giao-hieu"), 2024).computed.units
    assert [u.shown["can_bo_phu_trach"] for u in units] == ["Lê Thị Hoa", "Trần Văn Nam", "Hoàng Văn Tư"]


def test_init_refuses_an_existing_commune_and_bad_slugs(two: Project):
    status, _, err = run(cli.init, two.root, commune="giao-hieu", name="Xã Giáo Hiệu", year="2024")
    assert status == 2 and "A008" in err and "đã có" in err
    for slug in ("Giao Hieu", "giáo-hiệu", "2024", "tong-hop", "../x", ""):
        status, _, err = run(cli.init, two.root, commune=slug, name="Xã X", year="2024")
        assert status == 2 and "A006" in err and "Traceback" not in err, slug
    status, _, err = run(cli.init, two.root, commune="x", name="", year="2024")
    assert status == 2 and "A007" in err
    assert not (two.root / "plans" / "x").exists()


def test_commune_selection(two: Project, tmp_path: Path):
    # Default commune plus one: no flag means the default, --commune the other.
    assert two.select(None).commune is None and two.select("giao-hieu").commune == "giao-hieu"
    status, _, err = run(cli.check, two.root, "2024", commune="giao-hieu-x")
    assert status == 2 and "Các xã đang có: giao-hieu" in err
    # Several communes and no default: a flag is needed, and the message lists them.
    other = tmp_path / "province"
    shutil.copytree(ROOT / "templates", other / "templates")
    for slug, name in (("a", "Xã A"), ("b", "Phường B")):
        assert run(cli.init, other, commune=slug, name=name, year="2024", province="Thanh Hóa")[0] == 0
    status, _, err = run(cli.check, other, "2024")
    assert status == 2 and "A006" in err and "Các xã đang có: a, b" in err
    assert "loai: phường" in (other / "plans/b/xa.yaml").read_text(encoding="utf-8")


def test_paths_per_commune(tmp_path: Path):
    default, commune = Project(tmp_path), Project(tmp_path, "giao-hieu")
    assert default.plan_file(2024) == tmp_path / "plans/2024.yaml"
    assert commune.plan_file(2024) == tmp_path / "plans/giao-hieu/2024.yaml"
    assert commune.table_file(2024, "ket_qua") == tmp_path / "data/giao-hieu/2024/ket_qua.csv"
    assert commune.output_file(2024) == tmp_path / "build/giao-hieu/2024/ke-hoach-giam-ngheo-2024.docx"
    summary = registry.shipped("tong-hop")
    assert summary.output_file(commune, 2024) == tmp_path / "build/tong-hop/2024/tong-hop-giam-ngheo-2024.docx"
    assert commune.template_for("bao-cao") == default.template_for("bao-cao") == tmp_path / "templates/bao-cao.docx"
    assert commune.settings_file == tmp_path / "plans/giao-hieu/xa.yaml"


def test_build_all_builds_every_commune_and_reports_unread_plans(two: Project):
    (two.root / "plans/giao-hieu/2024-ban-nhap.yaml").write_text("nam: 2024\n", encoding="utf-8")
    (two.root / "plans/Giao Hieu").mkdir()
    (two.root / "plans/Giao Hieu/2024.yaml").write_text("nam: 2024\n", encoding="utf-8")
    status, out, err = run(cli.build_all, two.root, jobs=1)
    assert status == 0, err
    for path in (
        "build/2024/ke-hoach-giam-ngheo-2024.docx",
        "build/giao-hieu/2024/ke-hoach-giam-ngheo-2024.docx",
        "build/tong-hop/2024/tong-hop-giam-ngheo-2024.docx",
        "build/tong-hop/2024/tong-hop-giam-ngheo-2024.xlsx",
    ):
        assert f"{path}: đã ghi." in out
    assert "plans/giao-hieu/2024-ban-nhap.yaml: D001" in err and "plans/Giao Hieu/2024.yaml: D001" in err


def test_a_merge_of_two_villages_carries_into_the_next_year(project: Project):
    merge = project.root / "gop.yaml"
    merge.write_text("gop_don_vi:\n  Tiểu khu Trung Tâm: [Tiểu khu 1, Tiểu khu 2]\n", encoding="utf-8")
    status, out, err = run(cli.new_year, project.root, "2025", merge="gop.yaml")
    assert status == 0, err
    assert "data/2025/gop_don_vi.yaml: đã tạo." in out
    table = (project.root / "data/2025/don_vi.csv").read_text(encoding="utf-8").splitlines()
    # 172 + 182 households; year-end 3 + 1 poor households (as 2024's report has them, and as planned).
    assert table[1] == "Tiểu khu Trung Tâm,354,4,,,,Nguyễn Ngọc Khanh"
    assert not any(line.startswith(("Tiểu khu 1,", "Tiểu khu 2,")) for line in table)
    findings = run_checks(project, 2025).findings
    assert not [f for f in findings if f.code == "X002"], findings
    # A start that differs from the merged units' year-end is named as such: the sum of their reported
    # year-end when 2024's results report exists, else of their planned year-end.
    edit(project.root / "data/2025/don_vi.csv", "Tiểu khu Trung Tâm,354,4,", "Tiểu khu Trung Tâm,354,5,")
    x002 = [f.message for f in run_checks(project, 2025).findings if f.code == "X002"]
    assert x002 == [
        "số hộ nghèo đầu năm 2025 là 5, khác số thực hiện cuối năm 2024 của Tiểu khu 1 + Tiểu khu 2 (gộp lại) là 4 "
        "(data/2024/ket_qua.csv)."
    ]
    for path in project.plans_dir.glob("2024-bao-cao*.yaml"):
        path.unlink()
    x002 = [f.message for f in run_checks(project, 2025).findings if f.code == "X002" and f.place.unit == "Tiểu khu Trung Tâm"]
    assert x002 == [
        "số hộ nghèo đầu năm 2025 là 5, khác số dự kiến cuối năm 2024 của Tiểu khu 1 + Tiểu khu 2 (gộp lại) là 4 (data/2024/don_vi.csv)."
    ]
    # The diff names the merge instead of two units removed and one added.
    status, out, err = run(cli.diff, project.root, year_to="2025")
    assert status == 0, err
    line = next(text for text in out.splitlines() if "Tiểu khu Trung Tâm" in text)
    assert line.startswith("Tiểu khu 1 + Tiểu khu 2 → Tiểu khu Trung Tâm") and line.rstrip().endswith("gộp")
    assert "bỏ" not in out.split("Nội dung")[0] and " mới" not in out.split("Nội dung")[0]


def test_merge_map_naming_an_unknown_unit_is_refused(project: Project):
    (project.root / "gop.yaml").write_text("gop_don_vi:\n  Thôn Mới: [Tiểu khu 1, Tiểu khu 99]\n", encoding="utf-8")
    status, _, err = run(cli.new_year, project.root, "2025", merge="gop.yaml")
    assert status == 2 and "U002" in err and "Tiểu khu 99" in err
    assert not (project.root / "plans/2025.yaml").exists()


def test_new_year_for_a_commune(two: Project):
    assert build(two.for_commune("giao-hieu"), 2024).written
    status, out, err = run(cli.new_year, two.root, "2025", commune="giao-hieu")
    assert status == 0, err
    assert "plans/giao-hieu/2025.yaml: đã tạo." in out and "--commune giao-hieu" in out
    text = (two.root / "plans/giao-hieu/2025.yaml").read_text(encoding="utf-8")
    assert "data/giao-hieu/2025/don_vi.csv" in text and "data/giao-hieu/2024/" not in text


def test_bench_communes_scenario_runs_at_a_tiny_size(tmp_path: Path):
    import bench  # benchmarks/bench.py, put on sys.path by conftest

    result = bench.communes_scenario(ROOT, tmp_path / "communes", 2, bench._Runner(ROOT / "src"))
    # 2 communes × 2 years, and the summary; every generated plan builds without errors.
    assert (result["communes"], result["years"], result["documents"]) == (2, 2, 5)
    assert result["build_all"]["peak_mb"] > 0 and result["tong_hop"]["runs"]
    # The limits on the same plans: the bare render spread over the cores (and one LibreOffice per core).
    assert result["plans"] == 4 and result["render_limit"]["runs"] and result["cores"] >= 1
    assert len(list((tmp_path / "limits" / "contexts").glob("*.docx"))) == 4
    if "pdf_all" in result:
        assert result["pdfs"] == 5 and result["libreoffice_limit"]["runs"]  # the 4 plans and the summary
    assert result["projection"]["communes"] == bench.NATIONAL_COMMUNES and result["load_average"]
    book = openpyxl.load_workbook(next((tmp_path / "communes" / "build" / "tong-hop").glob("*/*.xlsx")))
    assert [r[1] for r in book["Tổng hợp 2024"].iter_rows(min_row=2, values_only=True)] == [
        "Xã Thử Nghiệm 001",
        "Xã Thử Nghiệm 002",
        "Cộng",
    ]
    assert book["Xu hướng"]["A1"].value == "Xã" and book["Xu hướng"]["D1"].value == "Đầu năm 2024 (%)"


def test_summary_needs_its_own_yaml_for_the_year(two: Project):
    status, _, err = run(cli.tong_hop, two.root, "2025")
    assert status == 2 and "plans/tong-hop/2025.yaml" in err and "Các năm đang có: 2024" in err
    status, _, err = run(cli.tong_hop, two.root, "24")
    assert status == 2 and "A001" in err


_keys = st.sampled_from(["van_ban", "ky", "so", "ngay", "ho_ten", "gui", "a", "b"])
_tree = st.recursive(
    st.integers(0, 9) | st.lists(st.integers(0, 9), max_size=2),
    lambda children: st.dictionaries(_keys, children, max_size=4),
    max_leaves=12,
)


def _paths(data, prefix=()):
    yield prefix
    if isinstance(data, dict):
        for key, value in data.items():
            yield from _paths(value, prefix + (key,))


def _get(data, path):
    for part in path:
        data = data[part]
    return data


@given(st.dictionaries(_keys, _tree, max_size=4), st.dictionaries(_keys, _tree, max_size=4))
def test_settings_merge_properties(settings_data, year_data):
    """The year's values always win; what only the settings have is inherited, naming the settings file."""
    from vanban.communes.settings import merge_settings
    from vanban.engine.load import YamlDocument

    settings = YamlDocument("xa.yaml", settings_data, {p: (i + 1, 1) for i, p in enumerate(_paths(settings_data))})
    year = YamlDocument("2024.yaml", year_data, {p: (i + 1, 1) for i, p in enumerate(_paths(year_data))})
    merged = merge_settings(year, settings)
    for path in _paths(year_data):
        value = _get(year_data, path)
        if path and not isinstance(value, dict):
            assert _get(merged.data, path) == value
            assert merged.place(path).file == "2024.yaml"
    for path in _paths(settings_data):
        if not path or path[0] == "xa":
            continue
        try:
            _get(year_data, path)
        except (KeyError, TypeError):
            # Inherited unless an ancestor of it is a non-mapping the year states (then the year's wins whole).
            blocked = any(
                not isinstance(_get(year_data, path[:i]), dict) for i in range(1, len(path)) if _has(year_data, path[:i])
            )
            if not blocked:
                assert _get(merged.data, path) == _get(settings_data, path)
                assert merged.place(path).file == "xa.yaml"


def _has(data, path) -> bool:
    try:
        _get(data, path)
        return True
    except (KeyError, TypeError):
        return False


def test_the_lint_runs_again_when_the_commune_settings_change_the_header(two: Project):
    """The settings give a commune's plan its agency lines and signer: a change there can change what the
    Decree 30 lint finds, so the lint kept from the last build must not be shown again."""
    status, _, err = run(cli.build, two.root, "2024", commune="giao-hieu")
    assert status == 0 and "L141" not in err, err
    settings = two.root / "plans/giao-hieu/xa.yaml"
    edit(settings, "ho_ten: Nguyễn Văn Bình", "ho_ten: NGUYỄN VĂN BÌNH")  # the signer's name in capitals: L141
    status, _, err = run(cli.build, two.root, "2024", commune="giao-hieu")
    assert status == 0 and "L141" in err, err


def test_a_refused_summary_moves_the_previous_one_aside(two: Project):
    """Issue 18, item 9: a failed tong-hop left last time's .docx/.xlsx in place, out of date."""
    assert run(cli.tong_hop, two.root, "2024")[0] == 0
    folder = two.root / "build/tong-hop/2024"
    before = sorted(p.name for p in folder.iterdir() if p.suffix in (".docx", ".xlsx"))
    assert len(before) == 2
    edit(two.root / "plans/giao-hieu/2024.yaml", 'ty_le_ho_can_ngheo: "12,99 %"', 'ty_le_ho_can_ngheo: "12,9 %"')
    status, _, err = run(cli.tong_hop, two.root, "2024")
    assert status == 1 and "đã được chuyển sang" in err
    after = sorted(p.name for p in folder.iterdir() if p.suffix in (".docx", ".xlsx"))
    assert after == sorted(name.replace(".docx", ".cu.docx").replace(".xlsx", ".cu.xlsx") for name in before)


def test_bench_projection_to_the_country():
    import bench

    measured = {"communes": 166, "build_all": {"median": 20.0}, "pdf_all": {"median": 40.0}, "tong_hop": {"median": 5.0}}
    p = bench.projection(measured, 2)
    scale = 3300 / 166
    assert p["seconds_on_this_machine"] == pytest.approx(60 * scale)
    assert p["serial_seconds"] == pytest.approx(5 * scale)
    # 55 s of parallel work × scale on 2 cores, in the 600 s left after the summary's 5 s × scale.
    assert p["cores_for_ten_minutes"] == 5
    assert bench.projection({**measured, "tong_hop": {"median": 40.0}}, 2)["cores_for_ten_minutes"] is None
