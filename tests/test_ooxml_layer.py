"""The OOXML layer (src/vanban/docx/ooxml/): names, packages and effective formatting, once, importing
nothing else of ours; the package writer gives the same bytes for the same parts."""

from __future__ import annotations

import ast
import io
import zipfile
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from vanban.docx.ooxml import package

from .conftest import ROOT

LAYER = ROOT / "src" / "vanban" / "docx" / "ooxml"

names = st.text(alphabet="abcdefghijklmnopqrstuvwxyz/._", min_size=1, max_size=20).filter(
    lambda n: not n.startswith("/") and not n.endswith("/")
)
members = st.dictionaries(names, st.binary(max_size=200), min_size=1, max_size=6)


def _imports(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
    return found


def test_the_layer_imports_nothing_else_of_ours() -> None:
    for path in LAYER.glob("*.py"):
        ours = {m for m in _imports(path) if m == "vanban" or m.startswith("vanban.")}
        assert all(m.startswith("vanban.docx.ooxml") for m in ours), (path.name, ours)


def test_our_namespaces_are_declared_in_the_layer_only() -> None:
    for path in (ROOT / "src" / "vanban").rglob("*.py"):
        if path.parent != LAYER:
            text = path.read_text(encoding="utf-8")
            assert "schemas.openxmlformats.org" not in text and "urn:schemas-microsoft-com" not in text, path


@given(members)
def test_a_package_of_the_same_parts_is_the_same_bytes(parts: dict[str, bytes]) -> None:
    data = package.package(parts)
    assert package.parts(data) == parts  # every part, in order
    assert package.normalize(data) == data
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert {i.date_time for i in archive.infolist()} == {package.FIXED_TIME}


def test_a_package_saved_with_the_time_of_day_is_normalized() -> None:
    stamped = io.BytesIO()
    with zipfile.ZipFile(stamped, "w") as archive:
        archive.writestr(zipfile.ZipInfo("word/document.xml", date_time=(2026, 12, 2, 3, 4, 5)), b"<w:document/>")
    assert package.normalize(stamped.getvalue()) == package.package({"word/document.xml": b"<w:document/>"})


def test_replace_changes_only_the_parts_named_and_refuses_a_part_that_is_not_there() -> None:
    data = package.package({"a.xml": b"1", "b.xml": b"2"})
    assert package.parts(package.replace(data, {"b.xml": b"3"})) == {"a.xml": b"1", "b.xml": b"3"}
    with pytest.raises(KeyError):
        package.replace(data, {"c.xml": b"4"})
