"""invoke import on documents typed as other communes' offices type them (tests/office_docs.py).

Plans with and without a unit table, year-end and six-month reports, the phrasings real
documents use, with communes, years and figures drawn at random: each imports with rc 0,
every number is placed with its year and period or listed as left, and check then finds
the document's real inconsistencies and nothing else.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml
from hypothesis import given
from hypothesis import strategies as st

from vanban.engine.prose import escape, fill, placeholders
from vanban.importer import import_plan
from vanban.pipeline import build
from vanban.project import Project

from .conftest import ROOT
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
