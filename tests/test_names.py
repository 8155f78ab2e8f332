"""Real commune and unit names (issue 18, items 4 and 5): «Ea H'leo», «Ia H'Drai», names with «: » or «#»
read back exactly from what ``init`` writes; unit names that differ only by invisible characters or
spaces are one unit; a control character in a cell is refused with the cell named."""

from __future__ import annotations

import shutil
import unicodedata
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from vanban.commands import cli
from vanban.communes.init import fill_markers, init_commune, plan_text
from vanban.engine.findings import InputError
from vanban.engine.load import load_yaml
from vanban.engine.reform import mid_sentence
from vanban.pipeline import run_checks
from vanban.project import Project

from .conftest import ROOT, copy_project

HARD_NAMES = [
    "Xã Ea H'leo",
    "Xã Ia H'Drai",
    "Xã A: B",
    "Xã Số #1",
    'Xã "Mới"',
    "Xã - Đầu gạch",
    "Phường & Co {x}",
    "Xã ' #: '' \\",
]


def _init(root: Path, slug: str, name: str) -> Project:
    project = Project(root)
    init_commune(project, slug, name, "2024", None, "Đắk Lắk")
    return project.for_commune(slug)


@pytest.mark.parametrize("name", HARD_NAMES)
def test_init_writes_yaml_its_own_check_reads_back(tmp_path: Path, name: str, capsys):
    root = tmp_path / "repo"
    shutil.copytree(ROOT / "templates", root / "templates")
    commune = _init(root, "ea-hleo", name)
    plan = load_yaml(commune.plan_file(2024), "plan").data
    settings = load_yaml(commune.settings_file, "xa").data
    assert settings["xa"]["ten"] == name
    assert name.split(" ", 1)[1] in plan["van_ban"]["trich_yeu"]
    assert cli.check(root, "2024", commune="ea-hleo") in (1, 2)  # things still to fill, but read
    out = capsys.readouterr()
    assert "Y001" not in out.out + out.err and "C016" in out.err and "Traceback" not in out.err


# Names as users type them: ASCII letters, digits and punctuation, Vietnamese letters, spaces.
VIETNAMESE = "àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ"
ALPHABET = "".join(chr(c) for c in range(0x20, 0x7F)) + VIETNAMESE + VIETNAMESE.upper()
names = (
    st.text(alphabet=ALPHABET, min_size=1, max_size=40)
    .map(lambda t: " ".join(unicodedata.normalize("NFC", t).split()))
    .filter(lambda t: bool(t) and "${" not in t)
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=names)
def test_any_printable_name_reads_back_from_the_plan_and_settings(tmp_path_factory, name: str):
    skeleton = (ROOT / "templates" / "ke-hoach-khung.yaml").read_text(encoding="utf-8")
    text = plan_text(skeleton, f"Xã {name}", "xã", 2024, "plans/x/xa.yaml", "data/x/2024/don_vi.csv", "Đắk Lắk")
    path = tmp_path_factory.mktemp("plan") / "2024.yaml"
    path.write_text(text, encoding="utf-8")
    data = load_yaml(path, "plan").data
    assert data["van_ban"]["trich_yeu"].endswith(mid_sentence(f"Xã {name}", "xã"))
    assert data["nam"] == 2024


def test_a_marker_outside_quotes_or_comments_is_a_skeleton_mistake():
    with pytest.raises(ValueError):
        fill_markers("ten: [[ten_xa]]\n", {"[[ten_xa]]": "Xã A"})
    assert fill_markers("# [[ten_xa]]\nten: 'x [[ten_xa]]'\n", {"[[ten_xa]]": "H'leo"}) == "# H'leo\nten: 'x H''leo'\n"


@pytest.mark.parametrize("name", ["Xã\x00A", "Xã ${tong_so_ho}", "Xã\u200bA"])
def test_init_refuses_names_with_control_characters_or_placeholders(tmp_path: Path, name: str):
    with pytest.raises(InputError) as caught:
        init_commune(Project(tmp_path), "x", name, "2024", None, "Đắk Lắk")
    assert [f.code for f in caught.value.findings] == ["A007"]


# ---------------------------------------------------------------- units


UNITS = "data/2024/don_vi.csv"


@pytest.mark.parametrize(
    "twin",
    ["Tiểu\u00a0khu 1", "Tiểu  khu 1", "Tiểu khu\u200b 1", "Tiểu khu 1\u200b", "TIỂU KHU 1", "Tie\u0302\u0309u khu 1"],
    ids=["no-break space", "double space", "zero-width inside", "zero-width after", "case", "decomposed"],
)
def test_units_differing_only_by_invisible_characters_are_one_unit(tmp_path: Path, twin: str):
    project = copy_project(tmp_path / "project")
    table = project.root / UNITS
    lines = table.read_text(encoding="utf-8").splitlines()
    first = next(line for line in lines if line.startswith("Tiểu khu 1,"))
    table.write_text("\n".join([*lines[:-1], first.replace("Tiểu khu 1", twin, 1), lines[-1]]) + "\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        run_checks(project, 2024)
    assert "C015" in [f.code for f in caught.value.findings]


@pytest.mark.parametrize("char", ["\x00", "\x07", "\x1b", "\x7f"])
def test_a_control_character_in_a_cell_is_refused_with_the_cell_named(tmp_path: Path, char: str, capsys):
    project = copy_project(tmp_path / "project")
    table = project.root / UNITS
    table.write_text(table.read_text(encoding="utf-8").replace("Tiểu khu 1,", f"Tiểu{char} khu 1,", 1), encoding="utf-8")
    assert cli.check(project.root, "2024") == 2
    err = capsys.readouterr().err
    assert "C005" in err and f"U+{ord(char):04X}" in err and UNITS in err and "don_vi" in err and "Traceback" not in err
