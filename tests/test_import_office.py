"""invoke import on documents typed as other communes' offices type them (tests/office_docs.py).

Plans with and without a unit table, year-end and six-month reports, the phrasings real
documents use, with communes, years and figures drawn at random: each imports with rc 0,
every number is placed with its year and period or listed as left, and check then finds
the document's real inconsistencies and nothing else.
"""

from __future__ import annotations

import json
import random
import re
import shutil
from pathlib import Path

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from vanban.commands import cli
from vanban.engine.prose import escape, fill, placeholders
from vanban.importer import import_plan
from vanban.pipeline import build
from vanban.project import Project

from .conftest import ROOT
from .office_corpus import Case, plan_case, report_case
from .office_docs import Office, office_document

UNIT_TABLE = [
    ["TT", "Thôn", "Tổng số hộ", "Hộ nghèo", "Tỷ lệ (%)", "Dự kiến giảm"],
    ["1", "Thôn 1", "300", "6", "2,00", "2"],
    ["2", "Thôn 2", "200", "4", "2,00", "1"],
]


def project_at(root: Path) -> Project:
    shutil.copytree(ROOT / "templates", root / "templates")
    return Project(root)


def test_a_placeholder_typed_in_word_prints_as_typed(tmp_path, capsys):
    project = project_at(tmp_path / "p")
    office = Office(
        body=[
            "Thực hiện kế hoạch năm 2024, ghi chú mẫu cũ: ${tong_so_ho} hộ và {{ x }}.",
            UNIT_TABLE,
            "Trên đây là kế hoạch./.",
        ]
    )
    source = office_document(tmp_path / "k.docx", office)
    import_plan(project.root, source, 2024)
    plan = yaml.safe_load(project.plan_file(2024).read_text(encoding="utf-8"))
    assert "ghi chú mẫu cũ: $${tong_so_ho} hộ" in plan["noi_dung"][0]
    result = build(project, 2024, draft=True)
    from docx import Document

    text = "\n".join(p.text for p in Document(str(result.output)).paragraphs)
    assert "ghi chú mẫu cũ: ${tong_so_ho} hộ và {{ x }}." in text


def test_the_year_of_a_written_out_date_is_never_the_plans_year(tmp_path):
    project = project_at(tmp_path / "p")
    office = Office(
        body=[
            "Căn cứ Nghị quyết số 14/NQ-HĐND ngày 29 tháng 12 năm 2024 của HĐND xã Hà Long về phát triển kinh tế - xã hội năm 2024;",
            "Thông báo ngày 29 tháng 12 năm 2024 về kế hoạch năm 2024 và kết quả năm 2023.",
            UNIT_TABLE,
            "Trên đây là kế hoạch./.",
        ]
    )
    import_plan(project.root, office_document(tmp_path / "k.docx", office), 2024)
    plan = yaml.safe_load(project.plan_file(2024).read_text(encoding="utf-8"))
    assert plan["can_cu"]["nq_14"]["ngay"].isoformat() == "2024-12-29"
    assert plan["noi_dung"][0] == "Căn cứ ${nq_14};"
    assert plan["noi_dung"][1] == "Thông báo ngày 29 tháng 12 năm 2024 về kế hoạch năm ${nam} và kết quả năm ${nam_truoc}."


@given(st.text(alphabet="${}ab_ 1\\", max_size=40))
def test_escaped_text_prints_exactly_and_names_no_placeholder(text):
    assert fill(escape(text), {"a": "9", "ab": "9", "a_1": "9"}) == text
    assert placeholders(escape(text)) == []


# ---------------------------------------------------------------- the corpus: many communes, years, phrasings

CORPUS_SEEDS = range(8)


def _import_and_check(case: Case, tmp_path: Path, capsys) -> tuple[dict, list[dict], str]:
    project = project_at(tmp_path / "p")
    source = office_document(tmp_path / "van-ban.docx", case.office)
    ky = "6-thang" if case.office.date[1] == 6 and case.kind == "bao-cao" else None
    status = cli.import_plan(project.root, str(source), str(case.year), kind=case.kind, ky=ky)
    out, err = capsys.readouterr()
    assert status == 0, err
    assert "Traceback" not in out + err
    if case.kind == "ke-hoach":
        context = project.plan_file(case.year)
    else:
        context = project.plans_dir / f"{case.year}-bao-cao{'-6-thang' if ky else ''}.yaml"
    data = yaml.safe_load(context.read_text(encoding="utf-8"))
    cli.check(project.root, str(case.year), output_format="json", kind=case.kind, ky=ky)
    findings = json.loads(capsys.readouterr().out)
    return data, findings, out


@pytest.mark.parametrize("seed", CORPUS_SEEDS)
def test_an_office_typed_plan_imports_and_check_finds_only_its_real_errors(seed, tmp_path, capsys):
    rng = random.Random(seed)
    case = plan_case(rng, wrong_rate=seed % 2 == 0, late_citation=seed % 3 == 0)
    data, findings, out = _import_and_check(case, tmp_path, capsys)
    # Every figure placed with its year and period: last year's year-end is not this year's target.
    assert {k: v for k, v in data["so_lieu"].items() if v is not None} == case.figures
    assert "ho_ngheo_cuoi_nam" not in data["so_lieu"]
    errors = {(f["code"], f["place"]["field"]) for f in findings if f["severity"] == "error"}
    assert errors == case.errors, findings
    assert [f for f in findings if f["severity"] != "error"] == []


@pytest.mark.parametrize("seed", CORPUS_SEEDS)
def test_an_office_typed_report_imports_and_check_finds_only_its_real_errors(seed, tmp_path, capsys):
    rng = random.Random(100 + seed)
    case = report_case(rng, wrong_change=seed % 2 == 1, wrong_near=seed % 3 == 1, six_months=seed % 4 == 3)
    data, findings, out = _import_and_check(case, tmp_path, capsys)
    assert data["so_lieu"] == case.figures
    assert {"bang": "ket_qua"} in data["noi_dung"]
    errors = {(f["code"], f["place"]["field"]) for f in findings if f["severity"] == "error"}
    assert errors == case.errors, findings
    assert {f["code"] for f in findings if f["severity"] != "error"} == case.warnings


def test_every_number_of_an_imported_document_is_accounted_for(tmp_path, capsys):
    """Placed as a figure, kept in a citation or a year, or listed as left with its reason: none unaccounted."""
    case = report_case(random.Random(7), wrong_change=False, wrong_near=False)
    project = project_at(tmp_path / "p")
    source = office_document(tmp_path / "bc.docx", case.office)
    result = import_plan(project.root, source, case.year, kind="bao-cao")
    ledger = (project.data_dir(case.year) / "nhap-bao-cao.md").read_text(encoding="utf-8")
    assert result.written[-1].name == "nhap-bao-cao.md"
    placed = {key for key, _, _ in result.report.placed}
    assert placed == set(case.figures)
    for key, value in case.figures.items():
        assert f"- {key} = {value}{' %' if isinstance(value, str) else ''}: «" in ledger
    # Each prose paragraph's numbers: those in the final text are all listed as left.
    data = yaml.safe_load(project.plans_dir.joinpath(f"{case.year}-bao-cao.yaml").read_text(encoding="utf-8"))
    prose = " ".join(b for b in data["noi_dung"] if isinstance(b, str))
    written = re.findall(r"\d+(?:[.,]\d+)*", re.sub(r"\$\{[^}]*\}", " ", prose))
    assert sorted(n for n, _, _ in result.report.left) == sorted(written)
    assert all(why for _, why, _ in result.report.left) and "## Để nguyên chữ" in ledger
