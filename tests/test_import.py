"""invoke import: a commune's Word plan into YAML + CSV, keeping what it states for the checks to judge.

The documents are typed from the published 2024 plan (tests/seed_docs.py) in three header
layouts; the checks must then find the published errors (the "Cộng" row's 31, the "0,7 %")
and nothing else but the households per unit the document never gave (P001, to fill).
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
import tempfile
import zipfile
from pathlib import Path

import pytest
import yaml
from docx import Document
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from vanban.commands import cli
from vanban.importer import import_plan
from vanban.importer.columns import column_key, declared_headers
from vanban.importer.figures import Stated, replace_figures
from vanban.pipeline import build
from vanban.project import Project

from .conftest import ROOT, copy_project, soffice_convert, unavailable
from .seed_docs import make_document, read_seed

DECREE = ROOT.parent / "shared" / "reference" / "nd30" / "nghi-dinh-30-2020-ND-CP.docx"  # a real Word document, not a plan
LAYOUTS = ("table", "tabs", "stacked", "numbered")


def empty_project(root: Path) -> Project:
    """A project with the template only: nothing of 2024 yet, as for a commune that starts."""
    shutil.copytree(ROOT / "templates", root / "templates")
    return Project(root)


def run_import(project: Project, source: Path | str, capsys, year: str = "2024", **options) -> tuple[int, str, str]:
    status = cli.import_plan(project.root, str(source), year, **options)
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return status, out, err


def check_json(project: Project, capsys) -> list[dict]:
    cli.check(project.root, "2024", output_format="json")
    return json.loads(capsys.readouterr().out)


@pytest.fixture(params=LAYOUTS)
def imported(request, tmp_path: Path, capsys) -> tuple[Project, Path, str]:
    project = empty_project(tmp_path / "project")
    source = make_document(tmp_path / f"ke-hoach-{request.param}.docx", request.param)
    status, out, err = run_import(project, source, capsys)
    assert status == 0, err
    return project, source, out


# ---------------------------------------------------------------- the published plan, three layouts


def test_import_writes_both_files_and_reports(imported):
    project, _, out = imported
    assert "plans/2024.yaml: đã tạo." in out and "data/2024/don_vi.csv: đã tạo." in out
    assert project.plan_file(2024).is_file() and project.units_file(2024).is_file()
    assert "Đã nhận ra:" in out and "Tiếp theo: invoke check --year 2024" in out
    # The one number no phrasing places is listed, not guessed.
    assert "«6» trong «…dựng kế hoạch kiểm tra, giám sát sơ kết 6 tháng" in out


def test_header_body_and_closing_are_recognised(imported):
    project, _, _ = imported
    plan = yaml.safe_load(project.plan_file(2024).read_text(encoding="utf-8"))
    doc = plan["van_ban"]
    assert doc["co_quan_ban_hanh"] == ["ỦY BAN NHÂN DÂN", "THỊ TRẤN HÀ TRUNG"]
    assert doc["ten_co_quan"] == "UBND Thị trấn Hà Trung"
    assert (doc["so"], doc["ky_hieu"], doc["dia_danh"], str(doc["ngay"])) == (None, "KH-UBND", "Hà Trung", "2024-01-04")
    assert doc["ten_loai"] == "Kế hoạch"
    assert doc["trich_yeu"].startswith("Thực hiện Chương trình mục tiêu quốc gia giảm nghèo bền vững năm ${nam}")
    body = plan["noi_dung"]
    headings = [(next(iter(b)), b[next(iter(b))]) for b in body if isinstance(b, dict)]
    assert headings[:3] == [("muc", "Mục đích, yêu cầu"), ("khoan", "Mục đích"), ("khoan", "Yêu cầu")]
    assert ("diem", "Những nguyên nhân:") in headings and ("bang", "don_vi") in headings
    assert sum(1 for kind, _ in headings if kind == "muc") == 4
    # "- Mục tiêu chung:" stays a paragraph; the paragraph broken across a page is one again.
    assert "- Mục tiêu chung:" in body
    assert any("về đào tạo nghề cho lao động" in b for b in body if isinstance(b, str))
    assert plan["noi_nhan"] == {
        "gui": ["UBND huyện (b/c)", "Đảng ủy, HĐND Thị trấn (b/c)", "Các ban ngành, đoàn thể (t/h)", "TKT các TK (t/h)"],
        "luu": ["VT", "BCĐ giảm nghèo Thị trấn"],
    }
    assert plan["ky"] == {"chuc_vu": "Chủ tịch", "ho_ten": "Cù Văn Hân"}


def test_stated_figures_are_kept_as_stated(imported):
    project, _, _ = imported
    plan = yaml.safe_load(project.plan_file(2024).read_text(encoding="utf-8"))
    assert plan["so_lieu"] == {
        "tong_so_ho": 2881,
        "so_khau": 11030,
        "ho_ngheo_dau_ky": 46,
        "ho_ngheo_thoat_ngheo": 12,
        "ho_ngheo_phat_sinh": 1,
        "ho_ngheo": 35,
        "ty_le_ho_ngheo": "1,21",
        "ho_ngheo_khong_kha_nang_lao_dong": 12,
        "ho_can_ngheo_dau_ky": 82,
        "ho_can_ngheo_thoat": 16,
        "ho_can_ngheo_tu_ho_ngheo": 9,
        "ho_can_ngheo_phat_sinh": 7,
        "ho_can_ngheo": 82,
        "ty_le_ho_can_ngheo": "2,85",
        "chi_tieu_giao": 13,  # «chỉ tiêu … của huyện giao cho thị trấn là 13 hộ nghèo»: the target handed down
        "chi_tieu_giam_ho_ngheo": 13,
        "ho_ngheo_cuoi_nam": 22,
        "ty_le_ho_ngheo_cuoi_nam": "0,7",  # as published, not corrected
    }
    prose = "\n".join(b for b in plan["noi_dung"] if isinstance(b, str))
    assert (
        "từ ${ho_ngheo} hộ nghèo tỷ lệ ${ty_le_ho_ngheo} xuống còn ${ho_ngheo_cuoi_nam} hộ nghèo tỷ lệ ${ty_le_ho_ngheo_cuoi_nam}."
        in prose
    )
    assert "Tổng số hộ tự nhiên: ${tong_so_ho} hộ ; số khẩu ${so_khau} khẩu." in prose


def test_unit_table_keeps_the_stated_total_and_leaves_households_empty(imported):
    project, _, out = imported
    rows = list(csv.DictReader(io.StringIO(project.units_file(2024).read_text(encoding="utf-8"))))
    assert len(rows) == 11 and rows[-1]["don_vi"] == "Cộng"
    assert rows[-1] | {} == {
        "don_vi": "Cộng",
        "tong_so_ho": "",
        "ho_ngheo": "35",
        "ty_le_ho_ngheo": "1.21",
        "giam_du_kien": "13",
        "ho_ngheo_cuoi_nam": "31",
        "can_bo_phu_trach": "",
    }
    assert rows[0] == {
        "don_vi": "Tiểu khu 1",
        "tong_so_ho": "",
        "ho_ngheo": "5",
        "ty_le_ho_ngheo": "2.91",
        "giam_du_kien": "2",
        "ho_ngheo_cuoi_nam": "3",
        "can_bo_phu_trach": "Nguyễn Ngọc Khanh",
    }
    assert rows[9]["don_vi"] == "Tk Trang Các"  # as typed
    assert all(r["tong_so_ho"] == "" for r in rows)  # never invented
    assert "cột «tong_so_ho» không có trong bảng gốc" in out


def test_check_finds_the_published_errors_and_no_false_alarm(imported, capsys):
    project, _, _ = imported
    findings = check_json(project, capsys)
    errors = [(f["code"], f["place"]["file"], f["place"]["field"]) for f in findings if f["code"] != "P001"]
    assert sorted(errors) == [
        ("R001", "plans/2024.yaml", "ty_le_ho_ngheo_cuoi_nam"),
        ("T001", "data/2024/don_vi.csv", "ho_ngheo_cuoi_nam"),
    ]
    r001 = next(f for f in findings if f["code"] == "R001")
    assert "ghi 0,7\u00a0% nhưng 22 / 2.881 = 0,76\u00a0%" in r001["message"]
    t001 = next(f for f in findings if f["code"] == "T001")
    assert "ghi 31 nhưng các dòng trên cộng lại là 22" in t001["message"] and t001["place"]["line"] == 12
    to_fill = [f for f in findings if f["code"] == "P001"]
    assert len(to_fill) == 10 and {f["place"]["field"] for f in to_fill} == {"tong_so_ho"}


def test_a_decision_cited_twice_with_different_wording_is_reported_not_merged(imported):
    project, _, out = imported
    plan = yaml.safe_load(project.plan_file(2024).read_text(encoding="utf-8"))
    cited = {k: v for k, v in plan["can_cu"].items() if v["so"] == "04/QĐ-UBND"}
    assert sorted(cited) == ["qd_04", "qd_04_2"]
    assert cited["qd_04"]["trich_yeu"].endswith("năm 2024") and cited["qd_04_2"]["trich_yeu"].endswith("năm 2023")
    assert "Quyết định số 04/QĐ-UBND ngày 04/01/2024 được dẫn 2 lần với nội dung khác nhau" in out
    assert "# khác với qd_04" in project.plan_file(2024).read_text(encoding="utf-8")


def _normalise(text: str) -> str:
    """What the template re-formats by design: heading case and markers, number format, spaces."""
    text = text.replace("\u00a0", " ")
    text = re.sub(r"^([a-zđ])[.)] ", r"\1) ", text)
    text = re.sub(r"(?<=\d)\.(?=\d{3}\b)", "", text)  # 2.881 -> 2881
    text = re.sub(r"(?<![\d,])0+(?=\d)", "", text)  # 01 -> 1
    text = re.sub(r"\s+%", "%", text)
    return re.sub(r"\s+", " ", text).strip().casefold()


def _body(document: Document) -> list[str]:
    texts = [p.text for p in document.paragraphs]
    start = next(i for i, t in enumerate(texts) if t.strip() == "KẾ HOẠCH") + 2
    return [t for t in texts[start:] if t.strip() and not re.fullmatch(r"[_\-\s]+", t)]


def test_draft_build_reproduces_paragraphs_and_table(imported):
    project, source, _ = imported
    result = build(project, 2024, draft=True)
    assert result.written
    rebuilt = Document(str(result.output))
    original = Document(str(source))
    seed = read_seed()
    expected = [b for b in seed.body if isinstance(b, str)]
    # The two paragraphs the page broke are one in the plan.
    for i in range(len(expected) - 1, 0, -1):
        if expected[i].startswith(("tạo nghề cho lao động", "trấn giao cũng như")):
            expected[i - 1 : i + 1] = [expected[i - 1] + " " + expected[i]]
    got = [_normalise(t) for t in _body(rebuilt)][: len(expected)]
    assert got == [_normalise(t) for t in expected]
    # Table rows: every unit row as typed; the "Cộng" row shows what the rows add up to (31 -> 22, checked as T001).
    original_rows = [[c.text for c in row.cells] for row in original.tables[-2 if len(original.tables) > 1 else 0].rows]
    table = next(t for t in rebuilt.tables if t.rows[0].cells[0].text == "STT")
    rebuilt_rows = [[c.text for c in row.cells] for row in table.rows]
    assert rebuilt_rows[1:-1] == original_rows[1:-1]
    assert rebuilt_rows[-1][2:6] == ["35", "1,21", "13", "22"] and original_rows[-1][2:6] == ["35", "1,21", "13", "31"]


def test_never_overwrites(imported, capsys):
    project, source, _ = imported
    before = project.plan_file(2024).read_bytes(), project.units_file(2024).read_bytes()
    status, out, err = run_import(project, source, capsys)
    assert status == 2
    assert "đã có plans/2024.yaml, data/2024/don_vi.csv: không ghi đè" in err and "Chưa ghi tệp nào." in err
    assert (project.plan_file(2024).read_bytes(), project.units_file(2024).read_bytes()) == before


# ---------------------------------------------------------------- a document this project built


def test_a_built_document_imports_back_to_the_same_document(built_2024, tmp_path, capsys):
    project = empty_project(tmp_path / "imported")
    status, out, err = run_import(project, built_2024, capsys)
    assert status == 0, err
    original = copy_project(tmp_path / "original")
    plan, again = yaml.safe_load(original.plan_file(2024).read_text()), yaml.safe_load(project.plan_file(2024).read_text())
    assert again["so_lieu"] == plan["so_lieu"]
    assert again["van_ban"] == plan["van_ban"] | {"so": None}
    assert list(again["can_cu"].values()) == list(plan["can_cu"].values())
    assert again["noi_nhan"] == plan["noi_nhan"] and again["ky"] == plan["ky"]
    rows = list(csv.DictReader(io.StringIO(project.units_file(2024).read_text())))
    source_rows = list(csv.DictReader(io.StringIO(original.units_file(2024).read_text())))
    assert [r | {"tong_so_ho": ""} for r in source_rows] == rows[:-1]  # households are not in the document
    # The document states no households per unit, so a plain build is refused (P001); drafts compare byte for byte.
    a, b = build(original, 2024, draft=True), build(project, 2024, draft=True)
    assert a.output.read_bytes() == b.output.read_bytes()


# ---------------------------------------------------------------- bad input: exit 2, the cause named, nothing written


PROFILE = Path(tempfile.gettempdir()) / f"vanban-import-test-profile-{os.getpid()}"


def _convert(source: Path, target_format: str, outdir: Path) -> Path:
    return soffice_convert(source, target_format, outdir, PROFILE)  # one LibreOffice profile for the module: made once


@pytest.fixture(scope="module", autouse=True)
def _libreoffice_profile():
    yield
    shutil.rmtree(PROFILE, ignore_errors=True)


@pytest.fixture(scope="module")
def seed_docx(tmp_path_factory) -> Path:
    return make_document(tmp_path_factory.mktemp("seed") / "ke-hoach.docx", "table")


def _encrypted(seed_docx: Path, tmp_path: Path) -> Path:
    from msoffcrypto.format.ooxml import OOXMLFile

    target = tmp_path / "co-mat-khau.docx"
    with seed_docx.open("rb") as source, target.open("wb") as out:
        OOXMLFile(source).encrypt("matkhau", out)
    return target


def _truncated(seed_docx: Path, tmp_path: Path) -> Path:
    data = seed_docx.read_bytes()
    target = tmp_path / "bi-cat.docx"
    target.write_bytes(data[: len(data) // 2])
    return target


def _broken_xml(seed_docx: Path, tmp_path: Path) -> Path:
    target = tmp_path / "hong-xml.docx"
    with zipfile.ZipFile(seed_docx) as source, zipfile.ZipFile(target, "w") as out:
        for item in source.infolist():
            data = source.read(item.filename)
            out.writestr(item, data[: len(data) // 2] if item.filename == "word/document.xml" else data)
    return target


def _no_national_title(seed_docx: Path, tmp_path: Path) -> Path:
    document = Document()
    document.add_paragraph("Biên bản họp tổ dân phố")
    document.add_table(rows=2, cols=2).cell(0, 0).text = "Đơn vị"
    target = tmp_path / "bien-ban.docx"
    document.save(str(target))
    return target


def _no_table(seed_docx: Path, tmp_path: Path) -> Path:
    document = Document(str(seed_docx))
    for table in document.tables[1:-1]:
        table._tbl.getparent().remove(table._tbl)
    target = tmp_path / "khong-bang.docx"
    document.save(str(target))
    return target


BAD = {
    "doc": (lambda s, t: _convert(s, "doc", t / "doc"), "Word 97–2003 (.doc)", "soffice --headless --convert-to docx"),
    "pdf": (lambda s, t: _convert(s, "pdf", t / "pdf"), "đây là tệp PDF", "tệp Word gốc (.docx)"),
    "encrypted": (_encrypted, "đặt mật khẩu", "gỡ mật khẩu"),
    "truncated": (_truncated, "tệp .docx bị hỏng", "lấy lại bản gốc"),
    "broken-xml": (_broken_xml, "bị hỏng", "không phải XML hợp lệ"),
    "not-a-plan": (_no_national_title, "không phải văn bản kế hoạch", "Quốc hiệu"),
    "decree": (lambda s, t: DECREE, "văn bản là «NGHỊ ĐỊNH»", "không phải kế hoạch"),
    "odt": (lambda s, t: _convert(s, "odt", t / "odt"), "OpenDocument (.odt", "--convert-to docx"),
}


def test_a_plan_without_a_unit_table_imports_checks_and_builds(seed_docx, tmp_path, capsys):
    """Many commune plans state town figures only: imported, the plan checks and builds its prose."""
    project = empty_project(tmp_path / "project")
    status, out, err = run_import(project, _no_table(seed_docx, tmp_path), capsys)
    assert status == 0, err
    assert "không có bảng đơn vị" in out
    plan = yaml.safe_load(project.plan_file(2024).read_text(encoding="utf-8"))
    assert {"bang": "don_vi"} not in plan["noi_dung"] and plan["so_lieu"]["ho_ngheo"] == 35
    findings = check_json(project, capsys)
    # The published "0,7 %" (22 / 2.881 = 0,76) is still found; nothing about units that are not there.
    assert [(f["code"], f["place"]["field"]) for f in findings] == [("R001", "ty_le_ho_ngheo_cuoi_nam")]
    project.units_file(2024).unlink()  # absent rather than empty: the same plan
    assert check_json(project, capsys) == findings
    result = build(project, 2024, draft=True)
    text = "\n".join(p.text for p in Document(str(result.output)).paragraphs)
    assert "xuống còn 22 hộ nghèo" in text and not Document(str(result.output)).tables[2:]


@pytest.mark.parametrize(
    "case", [pytest.param(c, marks=pytest.mark.office) if c in ("doc", "pdf", "odt") else c for c in sorted(BAD)]
)
def test_bad_input_exits_2_names_the_cause_and_writes_nothing(case, seed_docx, tmp_path, capsys):
    make, cause, advice = BAD[case]
    source = make(seed_docx, tmp_path)
    if not Path(source).exists() and source == DECREE:
        unavailable("shared/reference/nd30/ is not beside the repository")
    project = empty_project(tmp_path / "project")
    status, out, err = run_import(project, source, capsys)
    assert status == 2, out + err
    assert cause in err and advice in err and str(source) in err and "Chưa ghi tệp nào." in err
    assert not (project.root / "plans").exists() and not (project.root / "data").exists()


def test_a_missing_file_and_a_bad_year_are_refused(tmp_path, capsys):
    project = empty_project(tmp_path / "project")
    status, _, err = run_import(project, tmp_path / "khong-co.docx", capsys)
    assert status == 2 and "không tìm thấy tệp" in err
    status, _, err = run_import(project, tmp_path / "khong-co.docx", capsys, year="24")
    assert status == 2 and "A001" in err
    assert not (project.root / "plans").exists()


def test_commune_layout_and_slug(seed_docx, tmp_path, capsys):
    project = empty_project(tmp_path / "project")
    status, out, _ = run_import(project, seed_docx, capsys, commune="ha-trung")
    assert status == 0 and "plans/ha-trung/2024.yaml: đã tạo." in out and "data/ha-trung/2024/don_vi.csv: đã tạo." in out
    status, _, err = run_import(project, seed_docx, capsys, commune="Hà Trung")
    assert status == 2 and "--commune: mã xã «Hà Trung» không hợp lệ" in err
    # A folder the project uses for something else: the province summary's plans/tong-hop/<year>.yaml.
    status, _, err = run_import(project, seed_docx, capsys, commune="tong-hop")
    assert status == 2 and "trùng với tên thư mục dành riêng" in err
    assert not (project.root / "plans" / "tong-hop").exists()


# ---------------------------------------------------------------- the pieces


def test_column_headers_map_by_their_text(tmp_path):
    headers = declared_headers()
    assert [
        column_key(h, headers)
        for h in (
            "STT",
            "Tên tiểu khu",
            "Tổng số hộ",
            "Số hộ nghèo",
            "Tỷ lệ hộ nghèo (%)",
            "Chỉ tiêu giảm năm 2024",
            "Hộ nghèo còn lại cuối năm",
            "Người phụ trách",
            "Ghi chú",
        )
    ] == [
        "stt",
        "don_vi",
        "tong_so_ho",
        "ho_ngheo",
        "ty_le_ho_ngheo",
        "giam_du_kien",
        "ho_ngheo_cuoi_nam",
        "can_bo_phu_trach",
        None,
    ]
    # The kind's declaration (templates/ke-hoach.yaml, its tieu_de) is read first: an unusual header is then
    # recognised exactly.
    (tmp_path / "templates").mkdir()
    declared = (ROOT / "templates" / "ke-hoach.yaml").read_text(encoding="utf-8")
    assert "tieu_de: Cán bộ phụ trách" in declared
    (tmp_path / "templates" / "ke-hoach.yaml").write_text(
        declared.replace("tieu_de: Cán bộ phụ trách", "tieu_de: Đảng viên giúp đỡ"), encoding="utf-8"
    )
    assert column_key("Đảng viên giúp đỡ", declared_headers(tmp_path)) == "can_bo_phu_trach"
    # A declaration in another shape leaves today's headers (the engine reports the declaration itself).
    (tmp_path / "templates" / "ke-hoach.yaml").write_text("- a\n- b\n", encoding="utf-8")
    assert declared_headers(tmp_path) == declared_headers()


def test_a_second_mention_with_another_value_stays_literal():
    stated = Stated()
    first = replace_figures("nên tổng số hộ nghèo năm 2023 là 35 hộ, tỷ lệ 1,21 %.", stated, "đoạn 1")
    second = replace_figures("Hộ nghèo hiện tại của địa phương còn 36 hộ.", stated, "đoạn 2")
    assert first == "nên tổng số hộ nghèo năm 2023 là ${ho_ngheo} hộ, tỷ lệ ${ty_le_ho_ngheo}."
    assert second == "Hộ nghèo hiện tại của địa phương còn 36 hộ."
    assert stated.values["ho_ngheo"][0] == 35 and "ghi 35 ở đoạn 1 nhưng 36 ở đoạn 2" in stated.conflicts[0]


@given(st.integers(min_value=0, max_value=10**7))
def test_a_count_is_read_as_written_with_or_without_thousands_dots(count):
    for written in (str(count), f"{count:,}".replace(",", ".")):
        stated = Stated()
        text = replace_figures(f"Tổng số hộ tự nhiên: {written} hộ.", stated, "đoạn 1")
        assert text == "Tổng số hộ tự nhiên: ${tong_so_ho} hộ."
        assert stated.values["tong_so_ho"][0] == count


UNIT_NAMES = (
    st.text(alphabet="abcdeghiklmnopqrstuvxyàáảãạăâđêôơưÀĐÔƯ0123456789 ,-", min_size=1, max_size=20)
    .map(str.strip)
    .filter(lambda s: s and s.casefold() not in {"cộng", "tổng cộng", "tổng", "tổng số"} and not s[0].isdigit())
)
UNIT_ROWS = st.lists(
    st.tuples(
        UNIT_NAMES,
        st.integers(0, 99_999),
        st.decimals(min_value=0, max_value=100, places=2, allow_nan=False),
        st.integers(0, 999),
    ),
    min_size=1,
    max_size=6,
    unique_by=lambda r: r[0].casefold(),
)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=UNIT_ROWS)
def test_unit_table_cells_reach_the_csv_as_written(rows, tmp_path_factory):
    """Any unit table typed in Word: names, counts (with thousands dots) and rates (decimal comma) come back exactly."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    document = Document()
    for line in (
        "ỦY BAN NHÂN DÂN",
        "XÃ HÀ LONG",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Số: 12/KH-UBND",
        "Hà Long, ngày 5 tháng 3 năm 2024",
        "KẾ HOẠCH",
    ):
        document.add_paragraph(line).alignment = WD_ALIGN_PARAGRAPH.CENTER
    document.add_paragraph("Giảm nghèo năm 2024")
    document.add_paragraph("_____")
    table = document.add_table(rows=len(rows) + 1, cols=5)
    for c, header in enumerate(("TT", "Tên thôn", "Số hộ nghèo", "Tỷ lệ hộ nghèo (%)", "Chỉ tiêu giảm")):
        table.cell(0, c).text = header
    for r, (name, poor, rate, decrease) in enumerate(rows, start=1):
        cells = (str(r), name, f"{poor:,}".replace(",", "."), f"{rate:.2f}".replace(".", ","), str(decrease))
        for c, text in enumerate(cells):
            table.cell(r, c).text = text
    document.add_paragraph("Trên đây là kế hoạch./.")
    folder = tmp_path_factory.mktemp("prop")
    document.save(str(folder / "k.docx"))
    shutil.copytree(ROOT / "templates", folder / "templates")
    result = import_plan(folder, folder / "k.docx", 2024)
    got = list(csv.DictReader(io.StringIO((folder / "data" / "2024" / "don_vi.csv").read_text(encoding="utf-8"))))
    assert [(g["don_vi"], g["ho_ngheo"], g["ty_le_ho_ngheo"], g["giam_du_kien"]) for g in got] == [
        (" ".join(name.split()), str(poor), f"{rate:.2f}", str(decrease)) for name, poor, rate, decrease in rows
    ]
    plan = yaml.safe_load((folder / "plans" / "2024.yaml").read_text(encoding="utf-8"))
    assert (plan["van_ban"]["so"], str(plan["van_ban"]["ngay"]), plan["van_ban"]["ten_co_quan"]) == (
        12,
        "2024-03-05",
        "UBND Xã Hà Long",
    )
    assert result.written


def test_rates_stated_directly_are_recognised():
    stated = Stated()
    text = replace_figures("Tỷ lệ hộ nghèo và hộ cận nghèo là 4,09 %; mức giảm tỷ lệ hộ nghèo 0,46%.", stated, "đoạn 1")
    assert (
        text
        == "Tỷ lệ hộ nghèo và hộ cận nghèo là ${ty_le_ho_ngheo_va_can_ngheo}; mức giảm tỷ lệ hộ nghèo ${muc_giam_ty_le_ho_ngheo}."
    )
    assert stated.values["ty_le_ho_ngheo_va_can_ngheo"][0] == "4,09" and stated.values["muc_giam_ty_le_ho_ngheo"][0] == "0,46"


def test_a_signature_above_noi_nhan_without_the_closing_mark(tmp_path, capsys):
    """No "./." at the end of the body, the signature typed above Nơi nhận: still the signature, not body."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    document = Document()
    for line in (
        "ỦY BAN NHÂN DÂN",
        "XÃ HÀ LONG",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Số: 010/KH-UBND",
        "Hà Long, ngày 5 tháng 3 năm 2024",
        "KẾ HOẠCH",
        "Giảm nghèo năm 2024",
    ):
        document.add_paragraph(line).alignment = WD_ALIGN_PARAGRAPH.CENTER
    document.add_paragraph("Tổng số hộ tự nhiên: 431 hộ.")
    table = document.add_table(rows=2, cols=3)
    for c, (head, cell) in enumerate(zip(("Thôn", "Hộ nghèo", "Tỷ lệ (%)"), ("Thôn 1", "3", "0,70"))):
        table.cell(0, c).text, table.cell(1, c).text = head, cell
    document.add_paragraph("Đề nghị các thôn thực hiện")
    for line in ("KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "(Đã ký)", "Lê Văn B"):
        document.add_paragraph(line).alignment = WD_ALIGN_PARAGRAPH.CENTER
    for line in ("Nơi nhận:", "- UBND huyện;", "- Lưu: VT."):
        document.add_paragraph(line)
    document.save(str(tmp_path / "k.docx"))
    project = empty_project(tmp_path / "project")
    status, _, err = run_import(project, tmp_path / "k.docx", capsys)
    assert status == 0, err
    plan = yaml.safe_load(project.plan_file(2024).read_text(encoding="utf-8"))
    assert plan["ky"] == {"quyen_han": "KT. Chủ tịch", "chuc_vu": "Phó chủ tịch", "ho_ten": "Lê Văn B"}
    assert plan["noi_dung"][-1] == "Đề nghị các thôn thực hiện"
    assert plan["noi_nhan"] == {"gui": ["UBND huyện"], "luu": ["VT"]}
    assert plan["van_ban"]["so"] == 10  # "010" is ten, never an octal number
