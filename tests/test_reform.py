"""The 2025 reform in what we write: init after it, new-year across it, the dated facts, the messages."""

from __future__ import annotations

import re
from pathlib import Path

import docx
import pytest
from hypothesis import given
from hypothesis import strategies as st

from vanban.commands import cli
from vanban.engine import reform
from vanban.pipeline import build
from vanban.project import Project

from .communes_fixture import run
from .conftest import edit

UNITS = """don_vi,tong_so_ho,ho_ngheo,ty_le_ho_ngheo,giam_du_kien,ho_ngheo_cuoi_nam,can_bo_phu_trach
Thôn 1,150,6,,2,,Lê Thị Hoa
Thôn 2,141,7,,3,,Trần Văn Nam
"""

# What a document issued after 01/7/2025 must not say (the brief's list).
DISTRICT_ERA = re.compile(r"huyện|LĐTBXH|Lao động - Thương binh|giảm nghèo bền vững năm|thị trấn", re.IGNORECASE)


def document_text(path: Path) -> str:
    document = docx.Document(str(path))
    parts = [p.text for p in document.paragraphs]
    parts += [p.text for t in document.tables for c in t._cells for p in c.paragraphs]
    return "\n".join(parts)


# ---------------------------------------------------------------- the facts


def test_dated_facts():
    assert reform.poverty_standard(2024).code == "07/2021/NĐ-CP"
    assert reform.poverty_standard(2026).code == "07/2021/NĐ-CP"  # kept for 2026
    assert reform.poverty_standard(2027).code == "351/2025/NĐ-CP"
    assert reform.poverty_standard(2021) is None
    assert reform.standard_by_code("Nghị định 351/2025/NĐ-CP") is reform.STANDARDS[1]
    assert "giai đoạn 2021 - 2025" in reform.programme(2025).name
    assert reform.programme(2026).name.startswith("Chương trình mục tiêu quốc gia xây dựng nông thôn mới, giảm nghèo")
    assert "417/QĐ-BNNMT" in reform.programme(2030).basis
    assert not reform.two_level_year(2025) and reform.two_level_year(2026)


@pytest.mark.parametrize(
    ("text", "phrases"),
    [
        ("Quyết định số 04/QĐ-UBND của UBND huyện Hà Trung về việc", ["UBND huyện Hà Trung"]),
        ("chỉ tiêu giảm nghèo năm 2026 của huyện giao cho xã", ["của huyện giao"]),
        ("Giao cho công chức LĐTBXH tổng hợp và báo cáo về UBND huyện.", ["LĐTBXH", "UBND huyện"]),
        ("nghị quyết huyện uỷ, HĐND huyện về", ["huyện uỷ", "HĐND huyện"]),
        ("THỊ TRẤN HÀ TRUNG", ["THỊ TRẤN"]),
        (
            "Thực hiện Chương trình mục tiêu quốc gia giảm nghèo bền vững năm 2026",
            ["Chương trình mục tiêu quốc gia giảm nghèo bền vững"],
        ),
        (reform.programme(2026).name, []),
        ("UBND tỉnh Thanh Hóa, Sở Nông nghiệp và Môi trường", []),
    ],
)
def test_district_era_phrases(text: str, phrases: list[str]):
    assert [hit.phrase for hit in reform.district_era_hits(text, 2026)] == phrases


@given(st.text(alphabet="abc huyệnTrình năm ", max_size=60))
def test_programme_rewrite_is_idempotent_and_leaves_no_ended_name(text: str):
    sentence = f"Thực hiện {reform.OLD_PROGRAMME_SHORT} năm 2026 {text}"
    once = reform.rewrite_programme(sentence, 2026)
    assert reform.rewrite_programme(once, 2026) == once
    assert reform.OLD_PROGRAMME_SHORT + " năm" not in once
    assert reform.rewrite_programme(sentence, 2025) == sentence  # the 2025 plan names its own programme


def test_place_names():
    assert reform.place_name("Phường 3", "phường") == "Phường 3"
    assert reform.mid_sentence("Phường 3", "phường") == "Phường 3"
    assert reform.mid_sentence("Xã Giáo Hiệu", "xã") == "xã Giáo Hiệu"
    assert reform.mid_sentence("Đặc khu Côn Đảo", "đặc khu") == "đặc khu Côn Đảo"


# ---------------------------------------------------------------- init after the reform


def test_init_2026_writes_no_district_body_no_ended_programme(project: Project):
    status, out, err = run(cli.init, project.root, commune="ha-trung-moi", name="Xã Hà Trung", year="2026")
    assert status == 0, err
    commune = Project(project.root, "ha-trung-moi")
    written = commune.plan_file(2026).read_text(encoding="utf-8") + commune.settings_file.read_text(encoding="utf-8")
    prose = "\n".join(line for line in written.splitlines() if not line.lstrip().startswith("#"))
    assert not DISTRICT_ERA.search(prose), DISTRICT_ERA.search(prose)
    assert "UBND tỉnh Thanh Hóa" in prose  # the province, from the repository's summary
    assert reform.programme(2026).name in prose
    assert "công chức được giao phụ trách công tác giảm nghèo" in prose
    assert "ban hành Kế hoạch" in prose and "${chuan_ngheo}" in prose
    # The draft document reads the same (a signer and units filled in, figures left to fill).
    edit(commune.settings_file, "  ho_ten:        # cần điền", "  ho_ten: Nguyễn Văn A")
    commune.units_file(2026).write_text(UNITS, encoding="utf-8")
    result = build(commune, 2026, draft=True)
    text = document_text(result.output)
    assert not DISTRICT_ERA.search(text), DISTRICT_ERA.search(text)
    assert "UBND tỉnh Thanh Hóa (b/c)" in text and "Sở Nông nghiệp và Môi trường" in text
    assert "(theo chuẩn nghèo của Nghị định số 07/2021/NĐ-CP)" in text  # 2026 keeps the 2022–2025 standard


def test_init_keeps_a_numbered_ward_and_accepts_a_special_zone(project: Project):
    status, _, err = run(cli.init, project.root, commune="phuong-3", name="Phường 3", year="2026", province="Thanh Hóa")
    assert status == 0, err
    ward = Project(project.root, "phuong-3")
    settings = ward.settings_file.read_text(encoding="utf-8")
    assert 'dia_danh: "Phường 3"' in settings and 'ten_co_quan: "UBND Phường 3"' in settings
    assert "trên địa bàn Phường 3" in ward.plan_file(2026).read_text(encoding="utf-8")
    status, _, err = run(
        cli.init, project.root, commune="con-dao", name="Côn Đảo", year="2026", kind="đặc khu", province="Hồ Chí Minh"
    )
    assert status == 0, err
    zone = Project(project.root, "con-dao").settings_file.read_text(encoding="utf-8")
    assert "loai: đặc khu" in zone and "ĐẶC KHU CÔN ĐẢO" in zone.upper()


def test_init_refuses_a_town_after_the_reform_and_a_missing_province(project: Project, tmp_path: Path):
    status, _, err = run(cli.init, project.root, commune="tt", name="Thị trấn X", year="2026")
    assert status == 2 and "Tham số --loai: A007" in err and "không còn thị trấn" in err, err
    empty = tmp_path / "empty"
    (empty / "templates").mkdir(parents=True)
    (empty / "templates" / "ke-hoach-khung.yaml").write_bytes((project.templates_dir / "ke-hoach-khung.yaml").read_bytes())
    status, _, err = run(cli.init, empty, commune="a", name="Xã A", year="2026")
    assert status == 2 and "Tham số --tinh: A007" in err and 'ví dụ --tinh "Thanh Hóa"' in err, err


# ---------------------------------------------------------------- new-year across the reform


def test_new_year_across_the_reform_lists_every_district_era_phrase(project: Project):
    status, out, err = run(cli.new_year, project.root, "2025")
    assert status == 0 and "Cần viết lại" not in out, out + err  # a January 2025 plan is still under the district
    status, out, err = run(cli.new_year, project.root, "2026")
    assert status == 0, err
    plan = project.plan_file(2026)
    text = plan.read_text(encoding="utf-8")
    lines = text.splitlines()

    # Rewritten with certainty: the programme the plan implements, the district among the recipients.
    assert reform.OLD_PROGRAMME_SHORT + " năm ${nam}" not in text and reform.programme(2026).name + " năm ${nam}" in text
    assert "    - UBND tỉnh (b/c)" in lines and "    - Sở Nông nghiệp và Môi trường (b/c)" in lines
    assert "UBND huyện (b/c)" not in text
    assert "nơi nhận «UBND huyện (b/c)» → «UBND tỉnh (b/c)»" in out

    # Listed with their places: every other district-era phrase the plan carried.
    def line_with(fragment: str) -> int:
        return next(i for i, line in enumerate(lines, 1) if fragment in line)

    expected = [
        (line_with("- THỊ TRẤN HÀ TRUNG"), "«THỊ TRẤN»"),
        (line_with("co_quan: UBND huyện Hà Trung"), "«UBND huyện Hà Trung»"),
        (line_with("của huyện giao cho"), "«của huyện giao»"),
        (line_with("Giao cho công chức LĐTBXH"), "«LĐTBXH»"),
        (line_with("Giao cho công chức LĐTBXH"), "«UBND huyện»"),
        (line_with("hộ nghèo theo chỉ tiêu UBND huyện giao"), "«UBND huyện»"),
    ]
    for line, phrase in expected:
        assert re.search(rf"^plans/2026\.yaml:{line}:\d+: V001 \[cảnh báo\] .*{re.escape(phrase)}", out, re.M), (
            line,
            phrase,
            out,
        )
    # Nothing the officer must reword is left unlisted.
    listed = {int(m) for m in re.findall(r"^plans/2026\.yaml:(\d+):", out, re.M)}
    for number, line in enumerate(lines, 1):
        if not line.lstrip().startswith("#") and DISTRICT_ERA.search(line.replace(reform.programme(2026).name, "")):
            assert number in listed, (number, line)


def test_check_lists_district_era_phrases_of_a_document_issued_from_july_2025(project: Project):
    """V001 is the checks' too, by the document's date: a 2025 plan issued in January is under the district;
    the same text issued on 10/7/2025 names bodies that no longer exist. A phrase the content checks already
    give (V003 a report to the district, V004 the name before the merger) is not listed twice."""
    from vanban.pipeline import run_checks

    from .test_check import make_2025

    make_2025(project)
    assert run_checks(project, 2025).findings == []
    edit(project.plan_file(2025), "ngay: 2025-01-06\n  ten_loai", "ngay: 2025-07-10\n  ten_loai")
    findings = run_checks(project, 2025).findings
    era = [f for f in findings if f.code == "V001"]
    assert era and all(f.severity == "warning" for f in era)
    assert {f.code for f in findings} <= {"V001", "V002", "V003", "V004"}, findings
    lines = project.plan_file(2025).read_text(encoding="utf-8").splitlines()

    def line_with(fragment: str) -> int:
        return next(i for i, line in enumerate(lines, 1) if fragment in line)

    listed = {(f.place.line, f.message.split("»")[0].lstrip("«")) for f in era}
    # Named by V001 only: a district body as a cited document's issuer, the old ministry's officer.
    assert (line_with("co_quan: UBND huyện Hà Trung"), "UBND huyện Hà Trung") in listed, listed
    assert (line_with("Giao cho công chức LĐTBXH"), "LĐTBXH") in listed, listed
    # Every phrase is listed once on its line, by V001 or by the content checks.
    phrases = [(f.place.line, f.message.casefold()) for f in findings]
    # The agency lines: the content checks' V004 (the name before the merger) on the list, no V001 on its items.
    assert [f.code for f in findings if (f.place.field or "").startswith("van_ban.co_quan_ban_hanh")] == ["V004"]
    for fragment, phrase in (
        ("co_quan: UBND huyện Hà Trung", "ubnd huyện"),
        ("Giao cho công chức LĐTBXH", "lđtbxh"),
        ("hộ nghèo theo chỉ tiêu UBND huyện giao", "ubnd huyện"),
    ):
        on_line = [m for line, m in phrases if line == line_with(fragment) and phrase in m]
        assert len(on_line) >= 1, (fragment, findings)
    for line, message in phrases:
        if message.startswith("«"):
            phrase = message[1 : message.index("»")]
            twice = [m for other, m in phrases if other == line and m is not message and phrase in m]
            assert not twice, (line, message, twice)
    # The 2025 programme ran through 2025: its name is not flagged in a 2025 document.
    assert not any("chương trình mục tiêu quốc gia" in m.split("»")[0] for _, m in phrases)
    status, out, _ = run(cli.check, project.root, "2025")
    assert re.search(r"^plans/2025\.yaml:\d+:\d+: V001 \[cảnh báo\] .*«UBND huyện Hà Trung»", out, re.M), out
    assert status == (1 if any(f.severity == "error" for f in findings) else 0)


# ---------------------------------------------------------------- messages


def test_a_missing_signer_is_named_and_options_are_named_as_options(project: Project, capsys):
    edit(project.plan_file(2024), "  ho_ten: Cù Văn Hân", "  ho_ten:")
    assert cli.build(project.root, "2024") == 2
    err = capsys.readouterr().err
    assert "chưa ghi họ và tên người ký (cần điền)." in err and "Không đọc được dữ liệu đầu vào" not in err, err
    assert cli.new_year(project.root, "2024") == 2
    err = capsys.readouterr().err
    assert err.startswith("Tham số --year: A002"), err


# ---------------------------------------------------------------- the standard, rates, honest examples


def test_a_change_of_standard_is_a_note_not_a_data_error(project: Project):
    from .test_review import fill_2025, without_report

    cli.new_year(without_report(project).root, "2025")
    fill_2025(project)
    edit(project.units_file(2025), "Tiểu khu 1,172,3,", "Tiểu khu 1,172,9,")  # the new count puts 9 poor there
    from vanban.pipeline import run_checks

    plain = [f.code for f in run_checks(project, 2025).findings]
    assert "X002" in plain and "X005" not in plain  # same standard: a start unlike last year's end is flagged
    edit(project.plan_file(2025), "nam: 2025\n", "nam: 2025\nchuan_ngheo: 351/2025/NĐ-CP\n")
    findings = run_checks(project, 2025).findings
    codes = [f.code for f in findings]
    assert "X005" in codes and not [f for f in findings if f.code == "X002" and f.place.unit == "Tiểu khu 1"], findings
    note = next(f for f in findings if f.code == "X005")
    assert note.severity == "warning" and "Nghị định số 351/2025/NĐ-CP" in note.message
    edit(project.plan_file(2025), "chuan_ngheo: 351/2025/NĐ-CP", "chuan_ngheo: 99/2030/NĐ-CP")
    status, _, err = run(cli.check, project.root, "2025")
    assert status == 2 and "chuẩn nghèo «99/2030/NĐ-CP» không có; chỉ có: 07/2021/NĐ-CP, 351/2025/NĐ-CP" in err, err


def test_report_says_points_and_names_no_real_official(project: Project):
    from .test_report import YEAR_END, build_report

    result = build_report(project, 2024, YEAR_END)
    text = document_text(result.output)
    assert re.search(r"giảm 0,\d\d điểm phần trăm so với đầu năm", text), text
    assert "(theo chuẩn nghèo của Nghị định số 07/2021/NĐ-CP)" in text
    assert "trở thành hộ cận nghèo" in text and "rơi" not in text
    # Invented figures are signed by an invented signer; the summary is dated after the Sở NN&MT exists.
    for name in ("2024-bao-cao.yaml", "2024-bao-cao-6-thang.yaml", "tong-hop/2024.yaml"):
        source = (project.root / "plans" / name).read_text(encoding="utf-8")
        assert "Cù Văn Hân" not in source and "ho_ten: Nguyễn Văn A" in source and "VÍ DỤ" in source
    assert "Cù Văn Hân" not in text and "Nguyễn Văn A" in text
    summary = (project.root / "plans" / "tong-hop" / "2024.yaml").read_text(encoding="utf-8")
    assert "ngay: 2025-03-20" in summary and "Sở Nông nghiệp và Môi trường" in summary


def test_shipped_examples_are_marked_in_the_document_and_the_next_year_is_not(project: Project):
    """«VÍ DỤ» (vi_du: true) is printed boxed under the date, like «DỰ THẢO»; the commune's own next plan drops it."""
    from vanban.lint import lint

    from .test_report import HALF_YEAR, YEAR_END, build_report

    def paragraphs(path: Path) -> list[str]:
        return [p.text for p in docx.Document(str(path)).paragraphs]

    plan = build(project, 2024).output
    for output in (plan, build_report(project, 2024, YEAR_END).output, build_report(project, 2024, HALF_YEAR).output):
        texts = paragraphs(output)
        assert texts.count("VÍ DỤ") == 1 and "DỰ THẢO" not in texts, output
        assert texts.index("VÍ DỤ") < texts.index(next(t for t in texts if t in ("KẾ HOẠCH", "BÁO CÁO")))
        assert not [f for f in lint(output) if f.severity == "error"], output
    edit(project.plan_file(2024), "vi_du: true", "vi_du: no")
    status, _, err = run(cli.check, project.root, "2024")
    assert status == 2 and "vi_du" in err and "phải là true (có) hoặc false (không)" in err, err
    edit(project.plan_file(2024), "vi_du: no", "vi_du: true")
    assert run(cli.new_year, project.root, "2025")[0] == 0
    assert "vi_du" not in project.plan_file(2025).read_text(encoding="utf-8")
    assert "VÍ DỤ" not in paragraphs(build(project, 2025, draft=True).output)


def test_a_death_among_the_poor_is_not_counted_as_escaping(project: Project):
    """The shipped actuals record one death in Tiểu khu 3 (giam_khac): a decrease, not a household that escaped."""
    from .test_report import YEAR_END, build_report

    text = document_text(build_report(project, 2024, YEAR_END).output)
    # 16 fewer poor households: 15 escaped (10 of them now near-poor), 1 died; the totals are "giảm"/"tăng".
    assert "Trong năm giảm 16 hộ nghèo (15 hộ thoát nghèo, trong đó 10 hộ trở thành hộ cận nghèo; 1 hộ giảm do chết" in text
    assert "tăng 2 hộ nghèo (1 hộ phát sinh mới, 1 hộ tái nghèo, 0 hộ từ cận nghèo)" in text
    assert "Hộ nghèo giảm" in text and "Hộ nghèo tăng" in text and "Hộ thoát nghèo\n" not in text
    # A second death elsewhere: one fewer escaped, the decrease the same.
    edit(
        project.units_file(2024).with_name("ket_qua.csv"),
        "Tiểu khu 1,172,5,2,0,3,1.74,6,2,1,0,5,2.91,1,1,0",
        "Tiểu khu 1,172,5,2,0,3,1.74,6,2,1,0,5,2.91,1,0,1",
    )
    text = document_text(build_report(project, 2024, YEAR_END).output)
    assert "Trong năm giảm 16 hộ nghèo (14 hộ thoát nghèo, trong đó 10 hộ trở thành hộ cận nghèo; 2 hộ giảm do chết" in text


def test_the_shipped_summary_is_marked_as_an_example_and_next_years_is_not(project: Project):
    """Issue 26: the province summary's example carries «VÍ DỤ» like the commune documents; the office's next
    summary, started from it, does not."""
    from vanban.lint import lint

    assert run(cli.tong_hop, project.root, "2024")[0] == 0
    output = project.root / "build/tong-hop/2024/tong-hop-giam-ngheo-2024.docx"
    texts = [p.text for p in docx.Document(str(output)).paragraphs]
    assert texts.count("VÍ DỤ") == 1 and texts.index("VÍ DỤ") < texts.index("BÁO CÁO"), texts[:12]
    assert not [f for f in lint(output) if f.severity == "error"]
    assert run(cli.new, project.root, "2025", kind="tong-hop")[0] == 0
    assert "vi_du" not in (project.root / "plans/tong-hop/2025.yaml").read_text(encoding="utf-8")
