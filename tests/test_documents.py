"""Checks on what a document says about other documents and about itself (engine/documents.py):
a cited document dated after the citing one, one document cited two ways, symbols against Decree 30,
and the 2025 reform's leftovers; the lint's side of the same (L115 symbol, L116 blank month)."""

from __future__ import annotations

from pathlib import Path

from docx import Document

from vanban.engine.citations import symbol_problem
from vanban.lint import lint
from vanban.pipeline import run_checks
from vanban.project import Project

from .office_docs import Office, office_document


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def codes(project: Project, year: int = 2024) -> list[tuple[str, str, str | None]]:
    return sorted((f.code, f.severity.value, f.place.field) for f in run_checks(project, year).findings)


def test_a_document_cited_after_the_plan_is_found_in_can_cu_and_in_the_text(project: Project):
    plan = project.plan_file(2024)
    edit(plan, "    ngay: 2023-12-29\n", "    ngay: 2024-12-29\n")  # a typo for 2023
    edit(plan, "noi_dung:\n", "noi_dung:\n  - 'Thực hiện Thông báo số 12/TB-UBND ngày 20/02/2024 của UBND huyện về rà soát.'\n")
    findings = [f for f in run_checks(project, 2024).findings if f.code == "K001"]
    assert [f.place.field for f in findings] == ["can_cu.nq_hdnd.ngay", "noi_dung[1]"]
    assert "ghi ngày 29/12/2024, sau ngày ban hành của chính văn bản này (04/01/2024)" in findings[0].message
    assert "(thường là năm 2023)" in findings[0].message


def test_the_same_document_cited_with_two_dates_anywhere_in_the_text(project: Project):
    plan = project.plan_file(2024)
    edit(plan, "noi_dung:\n", "noi_dung:\n  - 'Căn cứ Nghị quyết số 55/NQ-HĐND ngày 30/12/2023 của HĐND Thị trấn về kinh tế.'\n")
    assert codes(project) == [("K002", "error", "noi_dung[1]")]
    message = run_checks(project, 2024).findings[0].message
    assert "ghi ngày 30/12/2023 ở noi_dung[1] nhưng ngày 29/12/2023 ở can_cu.nq_hdnd" in message


def test_a_symbol_against_decree_30_is_named_with_its_right_form(project: Project):
    edit(project.plan_file(2024), "    so: 55/NQ-HĐND\n", "    so: 55/NQ/HĐND\n")
    assert codes(project) == [("K003", "warning", "can_cu.nq_hdnd.so")]
    assert "«55/NQ-HĐND»" in run_checks(project, 2024).findings[0].message


def test_symbol_forms():
    for right in ("04/QĐ-UBND", "55/NQ-HĐND", "45-NQ/ĐU", "30/2020/NĐ-CP", "07/2021/TT-BLĐTBXH", "02/KH-BCĐ"):
        assert symbol_problem(right) is None, right
    assert "«89/NQ-ĐU»" in (symbol_problem("89/NQ/ĐU") or "") and "«89-NQ/ĐU»" in (symbol_problem("89/NQ/ĐU") or "")
    assert "«12/QĐ-UBND»" in (symbol_problem("12/QĐ- UBND") or "")
    assert "in hoa" in (symbol_problem("12/qđ-ubnd") or "")


def test_after_the_2025_reform_the_district_and_the_old_name_are_leftovers(project: Project):
    plan = project.plan_file(2024)
    edit(plan, "  ngay: 2024-01-04\n", "  ngay: 2025-08-04\n")
    edit(
        plan,
        "can_cu:\n",
        "can_cu:\n  qd_moi:\n    loai: Quyết định\n    so: 09/QĐ-UBND\n    ngay: 2025-07-20\n"
        "    co_quan: UBND huyện Hà Trung\n    trich_yeu: về giao chỉ tiêu giảm nghèo\n",
    )
    found = codes(project)
    assert ("V002", "error", "can_cu.qd_moi.co_quan") in found
    assert ("V003", "error", "noi_nhan.gui[1]") in found  # «UBND huyện (b/c)»
    assert ("V004", "error", "van_ban.co_quan_ban_hanh") in found  # «THỊ TRẤN HÀ TRUNG»
    # Besides, the district-era phrases the content checks do not cover (LĐTBXH, «huyện giao»…): V001, warnings.
    assert {code for code, _, _ in found} <= {"V001", "V002", "V003", "V004"}
    assert all(severity == "warning" for code, severity, _ in found if code == "V001")
    # The same plan dated before 1 July 2025 is not touched by the reform.
    edit(plan, "  ngay: 2025-08-04\n", "  ngay: 2025-06-30\n")
    assert not [c for c in codes(project) if c[0].startswith("V01")]


def _lint_codes(path: Path) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for finding in lint(path):
        out.setdefault(finding.code, []).append(finding.message)
    return out


def test_lint_names_a_symbol_and_a_blank_month_outside_a_draft(tmp_path: Path):
    office = Office(symbol="NQ/ĐU", number="89", date=(None, None, 2024), body=["Nội dung./."])
    found = _lint_codes(office_document(tmp_path / "a.docx", office))
    assert any("«89/NQ-ĐU»" in m for m in found.get("L115", []))
    assert any("ngày và tháng để trống" in m for m in found.get("L116", []))
    # Marked as a draft, a blank date is expected; a blank day alone is the clerk's to write.
    office.body = ["DỰ THẢO", "Nội dung./."]
    assert not any("để trống" in m for m in _lint_codes(office_document(tmp_path / "b.docx", office)).get("L116", []))
    office.body, office.date = ["Nội dung./."], (None, 1, 2024)
    assert not any("để trống" in m for m in _lint_codes(office_document(tmp_path / "c.docx", office)).get("L116", []))
    assert Document(str(tmp_path / "c.docx")).paragraphs
