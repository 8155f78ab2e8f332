"""Bad input: a clear Vietnamese error naming file, line and field; exit 2; no traceback; nothing lost."""

from __future__ import annotations

import hashlib
import unicodedata
import zipfile

import pytest
from docx import Document

from vanban.commands import cli
from vanban.pipeline import build, load
from vanban.project import Project

from .builders import set_cells
from .conftest import ROOT, edit

PLAN = "plans/2024.yaml"
UNITS = "data/2024/don_vi.csv"


@pytest.fixture
def built(project: Project) -> Project:
    """A project with a good 2024 build on disk, so every test can prove it was left intact."""
    assert build(project, 2024).written
    return project


def snapshot(project: Project) -> dict[str, str]:
    return {
        str(p.relative_to(project.root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in (project.root / "build").rglob("*")
        if p.is_file()
    }


def refused(project: Project, capsys) -> str:
    """Run the build as the user does; assert exit 2, no traceback, build/ untouched; return stderr."""
    before = snapshot(project)
    status = cli.build(project.root, "2024")
    err = capsys.readouterr().err
    assert status == 2, err
    assert "Traceback" not in err and "Error:" not in err
    assert "chưa ghi tệp nào" in err
    assert snapshot(project) == before
    return err


# ---------------------------------------------------------------- YAML


def test_yaml_syntax_error_names_the_line(built, capsys):
    edit(built.plan_file(2024), "ky_hieu: KH-UBND", "ky_hieu: [KH-UBND")
    err = refused(built, capsys)
    assert f"{PLAN}:" in err and "Y001" in err and "lỗi cú pháp YAML" in err


def test_tab_indentation(built, capsys):
    edit(built.plan_file(2024), "  tong_so_ho: 2881", "\ttong_so_ho: 2881")
    err = refused(built, capsys)
    assert "Y001" in err and "Tab" in err


def test_duplicate_key_is_never_silently_overwritten(built, capsys):
    edit(built.plan_file(2024), "  ho_ngheo: 35\n", "  ho_ngheo: 35\n  ho_ngheo: 36\n")
    err = refused(built, capsys)
    line = next(
        i for i, text in enumerate(built.plan_file(2024).read_text(encoding="utf-8").splitlines(), 1) if text == "  ho_ngheo: 36"
    )
    assert f"{PLAN}:{line}:3: Y003" in err and "«ho_ngheo» bị lặp lại (đã có ở dòng " + str(line - 1) in err


@pytest.mark.parametrize(
    ("old", "new", "field", "message"),
    [
        ("  ho_ngheo: 35\n", "  ho_ngheo: 35 hộ\n", "so_lieu.ho_ngheo", "phải là số nguyên (đang ghi «35 hộ»)"),
        ("  ho_ngheo_phat_sinh: 1\n", "  ho_ngheo_phat_sinh: -1\n", "so_lieu.ho_ngheo_phat_sinh", "không được là số âm"),
        ("  ho_ngheo_phat_sinh: 1\n", "  ho_ngheo_phat_sinh: 1.5\n", "so_lieu.ho_ngheo_phat_sinh", "phải là số nguyên"),
        ("  ho_can_ngheo: 82\n", "  ho_can_ngheo: 2900\n", "ho_can_ngheo", "lớn hơn tổng số hộ tong_so_ho = 2881"),
        ('  ty_le_ho_ngheo: "1,21"\n', '  ty_le_ho_ngheo: "121"\n', "so_lieu.ty_le_ho_ngheo", "nằm ngoài khoảng 0–100"),
        ("  ho_ngheo_dau_ky: 46\n", "", "so_lieu.ho_ngheo_dau_ky", "thiếu trường bắt buộc"),
        ("  ho_ngheo: 35\n", "  ho_ngheoo: 35\n", "so_lieu.ho_ngheoo", "Có phải ý bạn là «ho_ngheo»?"),
        ("  ngay: 2024-01-04\n  ten_loai", "  ngay: 04/01/2024\n  ten_loai", "van_ban.ngay", "NĂM-THÁNG-NGÀY"),
        ("nam: 2024\n", "nam: hai nghìn\n", "nam", "phải là số nguyên"),
        ("  - bang: don_vi\n", "  - bang: ho_dan\n", "noi_dung[", "chỉ có bảng «don_vi»"),
        ("'Thực hiện ${qd_huyen};'", "'Thực hiện ${qd_huyenn};'", "noi_dung[1]", "Có phải ý bạn là «qd_huyen»?"),
    ],
)
def test_wrong_values_name_file_line_and_field(built, capsys, old, new, field, message):
    edit(built.plan_file(2024), old, new)
    err = refused(built, capsys)
    assert f"{PLAN}:" in err and f"trường «{field}" in err and message in err, err


def test_python_tags_are_refused(built, capsys):
    edit(built.plan_file(2024), "  so_khau: 11030\n", '  so_khau: !!python/object/apply:os.system ["echo pwned"]\n')
    err = refused(built, capsys)
    assert "Y004" in err and "python/object/apply:os.system" in err


def test_all_errors_in_one_run(built, capsys):
    plan = built.plan_file(2024)
    edit(plan, "  ho_ngheo: 35\n", "  ho_ngheo: 35 hộ\n")
    edit(plan, "  so_khau: 11030\n", "  so_khau: -5\n")
    edit(plan, "  chuc_vu: Chủ tịch\n", "  chuc_vuu: Chủ tịch\n")
    set_cells(built.units_file(2024), "Tiểu khu 3", ho_ngheo="năm")
    err = refused(built, capsys)
    for piece in ("so_lieu.ho_ngheo", "so_lieu.so_khau", "ky.chuc_vuu", "ky.chuc_vu»", f"{UNITS}:4:3"):
        assert piece in err, piece


# ---------------------------------------------------------------- CSV


def excel_variant(plain: str) -> bytes:
    """What Excel in a Vietnamese locale saves: BOM, ';' separators, decimal commas, thousands dots, CRLF."""
    lines = []
    for line in plain.splitlines():
        cells = line.split(",")
        cells = [c.replace(".", ",") if c.replace(".", "").isdigit() and "." in c else c for c in cells]
        cells = [f"{int(c):,}".replace(",", ".") if c.isdigit() else c for c in cells]
        lines.append(";".join(cells))
    return ("\ufeff" + "\r\n".join(lines) + "\r\n\r\n").encode("utf-8")


def test_excel_saved_csv_loads_to_the_same_values(project: Project):
    plain_units = load(project, 2024).units
    plain_bytes = build(project, 2024).output.read_bytes()
    csv = project.units_file(2024)
    excel = excel_variant(csv.read_text(encoding="utf-8"))
    assert b";0,78;" in excel and b"\xef\xbb\xbf" in excel[:3]
    csv.write_bytes(excel)
    assert [u.values for u in load(project, 2024).units] == [u.values for u in plain_units]
    project.output_file(2024).unlink()
    assert build(project, 2024).output.read_bytes() == plain_bytes


def test_excel_thousands_separator():
    from vanban.engine.load import CsvRow, CsvTable
    from vanban.engine.validate import validate_table
    from vanban.pipeline import declaration

    table = declaration(Project(ROOT)).tables["don_vi"]
    columns = ["don_vi", "tong_so_ho", "ho_ngheo", "ty_le_ho_ngheo", "giam_du_kien", "ho_ngheo_cuoi_nam", "can_bo_phu_trach"]
    row = dict(zip(columns, ["Xã lớn", "2.881", "35", "1,21", "13", "", "A"]))
    valid = validate_table(CsvTable("x.csv", columns, 1, [CsvRow(2, row)], decimal_comma=True), table)
    values = valid.rows[0].values
    assert values["tong_so_ho"] == 2881 and str(values["ty_le_ho_ngheo"].value) == "1.21"


def to_cp1258(text: str) -> bytes:
    """Windows-1258 as Vietnamese Windows writes it: a precomposed vowel plus a combining tone mark."""
    out = bytearray()
    for char in text:
        try:
            out += char.encode("cp1258")
            continue
        except UnicodeEncodeError:
            pass
        parts = unicodedata.normalize("NFD", char)
        tones = "".join(m for m in parts[1:] if m in "\u0300\u0301\u0303\u0309\u0323")
        letter = unicodedata.normalize("NFC", "".join(m for m in parts if m not in tones))
        out += letter.encode("cp1258") + tones.encode("cp1258")
    return bytes(out)


def test_windows_1258_bytes(built, capsys):
    csv = built.units_file(2024)
    csv.write_bytes(to_cp1258(csv.read_text(encoding="utf-8")))
    err = refused(built, capsys)
    assert f"{UNITS}:2:" in err and "F003" in err and "UTF-8" in err


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (",can_bo_phu_trach\n", "\n", ["C011", "thiếu cột «can_bo_phu_trach»"]),
        (",can_bo_phu_trach\n", ",can_bo_phu_trach,ghi_chu\n", ["C010", "cột «ghi_chu» không có trong mẫu"]),
        (",ho_ngheo,", ",ho_nghoe,", ["C010", "Có phải ý bạn là «ho_ngheo»?", "C011"]),
        ("Tiểu khu 4,", "\nTiểu khu 4,", [f"{UNITS}:5: C003", "dòng trống giữa bảng"]),
        ("Tiểu khu 6,417", "Tiểu khu 2,417", [f"{UNITS}:7:1: C015", "«Tiểu khu 2» đã có ở dòng 3"]),
        ("Tiểu khu 3,638,5,", "Tiểu khu 3,638,5 hộ,", [f"{UNITS}:4:3: C020", "trường «ho_ngheo»", "«5 hộ»"]),
        ("Tiểu khu 3,638,5,", "Tiểu khu 3,638,-5,", [f"{UNITS}:4:3: C020", "không được là số âm"]),
        ("Tiểu khu 3,638,5,", "Tiểu khu 3,4,5,", [f"{UNITS}:4:3: C021", "số hộ nghèo (5) lớn hơn tổng số hộ (4)"]),
        ("Nguyễn Ngọc Khanh\n", "Nguyễn Ngọc Khanh,thừa\n", [f"{UNITS}:2: C013", "nhiều ô hơn"]),
    ],
)
def test_csv_problems(built, capsys, old, new, expected):
    edit(built.units_file(2024), old, new)
    err = refused(built, capsys)
    for piece in expected:
        assert piece in err, (piece, err)


def test_trailing_blank_lines_are_fine(project: Project):
    csv = project.units_file(2024)
    csv.write_text(csv.read_text(encoding="utf-8") + "\n\n,,,,,,\n", encoding="utf-8")
    assert len(load(project, 2024).units) == 10


# ---------------------------------------------------------------- text


def test_decomposed_vietnamese_is_normalised(project: Project):
    nfc = build(project, 2024).output.read_bytes()
    for path in (project.plan_file(2024), project.units_file(2024)):
        path.write_text(unicodedata.normalize("NFD", path.read_text(encoding="utf-8")), encoding="utf-8")
    assert "Hân" not in project.plan_file(2024).read_text(encoding="utf-8")  # really decomposed
    project.output_file(2024).unlink()
    assert build(project, 2024).output.read_bytes() == nfc


@pytest.mark.parametrize("legacy", ["Cï V¨n H©n", "Cuø Vaên Haân", "§inh ThÞ Hoa"])
def test_legacy_vietnamese_encodings_are_rejected_with_a_hint(built, capsys, legacy):
    edit(built.plan_file(2024), "ho_ten: Cù Văn Hân", f"ho_ten: {legacy}")
    err = refused(built, capsys)
    assert "F004" in err and "TCVN3" in err and "Unicode" in err


def test_markup_characters_come_out_literally(project: Project):
    plan = project.plan_file(2024)
    tricky = "Kiểm tra & <đánh giá> {{ nam }} {% if x %} </w:t> theo ${nam}"
    edit(plan, "'Thực hiện chỉ tiêu giảm hộ nghèo năm ${nam}.'", repr(tricky))
    edit(project.units_file(2024), "TK Phong Vận,", "TK A&B <1> {{x}},")
    result = build(project, 2024)
    texts = [p.text for p in Document(str(result.output)).paragraphs]
    assert "Kiểm tra & <đánh giá> {{ nam }} {% if x %} </w:t> theo 2024" in texts
    table_text = [c.text for t in Document(str(result.output)).tables for r in t.rows for c in r.cells]
    assert "TK A&B <1> {{x}}" in table_text


# ---------------------------------------------------------------- template


def add_paragraph_to_template(project: Project, text: str) -> None:
    doc = Document(str(project.template_file))
    doc.add_paragraph(text)
    doc.save(str(project.template_file))


def test_undefined_template_variable_is_named(built, capsys):
    add_paragraph_to_template(built, "Ngân sách: {{ ngan_sach_du_kien }}")
    err = refused(built, capsys)
    assert "M001" in err and "«ngan_sach_du_kien»" in err and "templates/ke-hoach.docx" in err


def test_template_with_comments_is_refused(built, capsys):
    doc = Document(str(built.template_file))
    paragraph = doc.add_paragraph("xem lại")
    doc.add_comment(paragraph.runs, text="Sửa câu này", author="Người soạn mẫu")
    doc.save(str(built.template_file))
    err = refused(built, capsys)
    assert "M004" in err and "ghi chú" in err


def test_template_with_tracked_changes_is_refused(built, capsys):
    template = built.template_file
    with zipfile.ZipFile(template) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    xml = parts["word/document.xml"].decode("utf-8")
    insertion = '<w:p><w:ins w:id="90" w:author="A" w:date="2024-01-01T00:00:00Z"><w:r><w:t>mới</w:t></w:r></w:ins></w:p>'
    parts["word/document.xml"] = xml.replace("<w:sectPr", insertion + "<w:sectPr", 1).encode("utf-8")
    with zipfile.ZipFile(template, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    err = refused(built, capsys)
    assert "M004" in err and "tracked changes" in err


def test_output_has_no_hidden_text_comments_or_tracked_changes(built):
    with zipfile.ZipFile(built.output_file(2024)) as archive:
        names = archive.namelist()
        xml = "".join(archive.read(n).decode("utf-8") for n in names if n.endswith(".xml"))
    assert "word/comments.xml" not in names
    for marker in ("<w:vanish", "<w:ins ", "<w:del ", "<w:commentReference", "python-docx", "vanban</dc:creator>"):
        assert marker not in xml, marker


def test_missing_input_file(project: Project, capsys):
    project.units_file(2024).unlink()
    assert cli.build(project.root, "2024") == 2
    err = capsys.readouterr().err
    assert f"{UNITS}: F001" in err and "không tìm thấy tệp" in err


def test_missing_plan_year_mismatch(project: Project, capsys):
    edit(project.plan_file(2024), "nam: 2024\n", "nam: 2023\n")
    assert cli.build(project.root, "2024") == 2
    assert "S020" in capsys.readouterr().err
