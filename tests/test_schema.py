"""The declared validator of a plan's fixed parts (engine/schema.py) and of the summary's YAML.

The messages users read are tested through real builds in test_bad_input.py; here: every problem of a
file in one pass with its path, the Vietnamese keys as the one mapping, what is refused rather than
guessed, and that arbitrary YAML-shaped data never crashes the walk.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import shutil
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from vanban.commands import cli
from vanban.communes.summary import declaration as summary_declaration
from vanban.communes.summary import load_summary_plan
from vanban.engine.findings import InputError
from vanban.engine.load import YamlDocument, load_yaml
from vanban.engine.schema import INVALID, Citation, DocumentInfo, Plan, Problem, allowed_keys, keys_of, shape
from vanban.engine.validate import validate_plan
from vanban.project import Project

from .conftest import ROOT, copy_project, edit

PLAN_FILE = ROOT / "plans/2024.yaml"


def plan_data() -> dict:
    return load_yaml(PLAN_FILE, "plans/2024.yaml").data


def problems_of(data) -> list[Problem]:
    problems: list[Problem] = []
    assert shape(Plan, data, (), problems) is INVALID
    return problems


def test_the_2024_plan_reads_into_english_attributes():
    plan = shape(Plan, plan_data())
    assert plan.year == 2024 and plan.document.symbol == "KH-UBND" and plan.document.number == ""
    assert plan.document.date.as_date == dt.date(2024, 1, 4) and plan.signature.name == "Cù Văn Hân"
    assert plan.citations["qd_huyen"].number == "04/QĐ-UBND" and plan.citations["qd_huyen"].date == dt.date(2024, 1, 4)
    assert plan.recipients.archive == ["VT", "LĐTBXH"]
    assert plan.body[4].kind == "section" and plan.body[0].kind == "paragraph"
    with pytest.raises(dataclasses.FrozenInstanceError):
        plan.year = 2025  # type: ignore[misc]


def test_every_field_declares_its_vietnamese_key_once():
    assert keys_of(DocumentInfo) == {
        "parent_agency": "co_quan_chu_quan",
        "agency": "co_quan_ban_hanh",
        "agency_name": "ten_co_quan",
        "number": "so",
        "symbol": "ky_hieu",
        "place": "dia_danh",
        "date": "ngay",
        "doc_type": "ten_loai",
        "summary": "trich_yeu",
    }
    for model in (Plan, DocumentInfo, Citation):
        keys = list(keys_of(model).values())
        assert len(keys) == len(set(keys))
        assert all(f.metadata["description"] or model is Plan for f in dataclasses.fields(model))


def test_all_problems_of_a_file_in_one_pass_with_their_paths():
    data = plan_data()
    data["nam"] = "hai nghìn"
    data["van_ban"] = {**data["van_ban"], "ky_hieu": "kh-ubnd", "so": 0, "ngay": "04/01/2024", "ten_co_quan": 5}
    del data["van_ban"]["dia_danh"]
    data["can_cu"] = {**data["can_cu"], "QD": data["can_cu"]["qd_huyen"], "qd_huyen": {**data["can_cu"]["qd_huyen"], "loaii": 1}}
    data["noi_dung"] = ["", {"muc": "a", "khoan": "b"}]
    data["ky"] = {**data["ky"], "ho_ten": None}
    data["kyy"] = 1
    found = {(p.kind, p.loc) for p in problems_of(data)}
    assert found == {
        ("int_parsing", ("nam",)),
        ("value_error", ("van_ban", "so")),
        ("string_type", ("van_ban", "ten_co_quan")),
        ("string_pattern_mismatch", ("van_ban", "ky_hieu")),
        ("missing", ("van_ban", "dia_danh")),
        ("value_error", ("van_ban", "ngay")),
        ("extra_forbidden", ("can_cu", "qd_huyen", "loaii")),
        ("string_pattern_mismatch", ("can_cu", "QD", "[key]")),
        ("value_error", ("noi_dung", 0)),
        ("value_error", ("noi_dung", 1)),
        ("string_type", ("ky", "ho_ten")),
        ("extra_forbidden", ("kyy",)),
    }


def test_did_you_mean_knows_the_keys_inside_citations_and_lists():
    assert allowed_keys(Plan, ("kyy",)) == list(keys_of(Plan).values())
    assert allowed_keys(Plan, ("can_cu", "qd_huyen", "loaii")) == list(keys_of(Citation).values())
    assert allowed_keys(Plan, ("so_lieu", "ho_ngheoo")) == []  # figures: the declaration's own hint


@pytest.mark.parametrize(
    ("value", "kind"),
    [(True, "int_type"), ("2024.5", "int_parsing"), (Decimal("2024.5"), "int_from_float"), (1999, "greater_than_equal")],
)
def test_the_year_is_a_whole_number_never_a_bool(value, kind):
    assert [(p.kind, p.loc) for p in problems_of({**plan_data(), "nam": value})] == [(kind, ("nam",))]


@pytest.mark.parametrize("value", [1704326400, "2024-01", dt.datetime(2024, 1, 4, 10, 30), True, "04/01/2024"])
def test_a_citation_date_is_a_date_never_a_timestamp(value):
    data = plan_data()
    data["can_cu"]["qd_huyen"]["ngay"] = value
    assert [p.loc for p in problems_of(data)] == [("can_cu", "qd_huyen", "ngay")]


def test_a_citation_date_at_midnight_or_as_text_is_that_day():
    for value in (dt.datetime(2024, 1, 4), "2024-01-04"):
        data = plan_data()
        data["can_cu"]["qd_huyen"]["ngay"] = value
        assert shape(Plan, data).citations["qd_huyen"].date == dt.date(2024, 1, 4)


yaml_values = st.recursive(
    st.one_of(
        st.none(),
        st.booleans(),
        st.integers(-5, 3000),
        st.text(max_size=6),
        st.decimals(allow_nan=False, allow_infinity=False, places=2),
        st.dates(),
    ),
    lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=8), inner, max_size=3)),
    max_leaves=12,
)
plan_keys = st.sampled_from([*keys_of(Plan).values(), "xyz"])


@given(
    st.dictionaries(plan_keys, yaml_values, max_size=8),
    st.dictionaries(st.sampled_from(list(keys_of(DocumentInfo).values())), yaml_values),
)
def test_any_yaml_shaped_plan_is_typed_or_refused_with_messages_never_a_crash(data, document):
    if document:
        data["van_ban"] = document
    doc = YamlDocument("p.yaml", data, {(): (1, 1)})
    try:
        plan = validate_plan(doc)
    except InputError as exc:
        assert exc.findings and all(f.code == "S001" and f.message and f.place.line == 1 for f in exc.findings)
    else:
        assert isinstance(plan, Plan) and 2000 <= plan.year <= 2100 and plan.body


# ---------------------------------------------------------------- the summary's YAML


def test_summary_yaml_refuses_bools_for_counts_and_shows_a_value_once(tmp_path: Path):
    project = Project(tmp_path / "p")
    shutil.copytree(ROOT / "plans", project.root / "plans")
    shutil.copytree(ROOT / "templates", project.root / "templates")
    edit(
        project.root / "plans/tong-hop/2024.yaml", "so_lieu: {}", "so_lieu: {ho_ngheo: true, ty_le_ho_ngheo: -0, tong_so_ho: -1}"
    )
    with pytest.raises(InputError) as caught:  # typed by templates/tong-hop.yaml's so_lieu, as any kind's figures
        load_summary_plan(project, 2024, summary_declaration(project))
    messages = {f.place.field: f.message for f in caught.value.findings}
    assert messages == {
        "so_lieu.ho_ngheo": "phải là một số nguyên không âm, không phải có/không",
        "so_lieu.ty_le_ho_ngheo": "tỷ lệ không được âm (đang ghi «-0»)",
        "so_lieu.tong_so_ho": "không được là số âm",
    }


def test_a_build_reports_the_problem_in_a_citation_with_a_suggestion(tmp_path: Path, capsys):
    project = copy_project(tmp_path / "p")
    edit(project.plan_file(2024), "    loai: Quyết định\n", "    loaii: Quyết định\n")
    assert cli.build(project.root, "2024") == 2
    err = capsys.readouterr().err
    assert "(trường «can_cu.qd_huyen.loaii») khóa «loaii» không có trong mẫu kế hoạch. Có phải ý bạn là «loai»?" in err
    assert "(trường «can_cu.qd_huyen.loai») thiếu trường bắt buộc" in err
