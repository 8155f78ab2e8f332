"""The benchmark harness runs (timings are never asserted), and the speed-ups it led to change no output."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import bench  # benchmarks/bench.py, put on sys.path by conftest
import pytest
import yaml
from yaml.nodes import MappingNode, ScalarNode, SequenceNode

from vanban.docx import template as engine
from vanban.engine import stamp
from vanban.pipeline import build, document_bytes, run_checks
from vanban.project import Project

from .conftest import ROOT, copy_project, edit


@pytest.mark.bench
@pytest.mark.office
def test_harness_runs_at_a_tiny_size(tmp_path: Path):
    out = tmp_path / "bench"
    results = bench.run(ROOT, out, sizes=[10, 20], repeat=1, log=lambda text: None, pdf_documents=3)
    saved = json.loads((out / "results.json").read_text(encoding="utf-8"))
    assert saved["ratios"] == results["ratios"]
    assert {"floor", "build", "build-lint", "vanban", "vanban-lint", "check", "noop", "startup"} <= set(saved["commands"])
    assert [s["rows"] for s in saved["scaling"]] == [10, 20]
    assert saved["noop_untouched"] is True
    assert saved["noop_message"] == ["build/2024/ke-hoach-giam-ngheo-2024.docx: không đổi, giữ nguyên."]
    assert {t["target"] for t in saved["targets"]} >= {
        "invoke build ≤ 1.5 × floor",
        "vanban build ≤ 1.5 × floor",
        "lint ≤ 25% of a 20-row build that runs it",
        "invoke build --all uses every core",
    }
    if saved["pdf"] is not None:  # LibreOffice installed: per-document seconds, cold and batched
        assert saved["pdf"]["documents"] == 3 and saved["pdf"]["batch_per_document"]["median"] > 0
        assert "pdf --all per document ≤ 0.5 × a cold conversion" in {t["target"] for t in saved["targets"]}
    table = (out / "results.md").read_text(encoding="utf-8")
    assert "| target | measured | holds |" in table and "floor: bare script" in table


def test_fit_exponent_recovers_a_power_law():
    sizes = [10, 100, 1000, 5000]
    assert bench.fit_exponent(sizes, [0.002 * n**1.5 for n in sizes]) == pytest.approx(1.5)
    assert bench.fit_exponent(sizes, [3.0 for _ in sizes]) == pytest.approx(0.0)


def test_a_scaled_plan_builds_without_findings(tmp_path: Path):
    project = Project(bench.scaled_project(ROOT, tmp_path / "rows", 250))
    result = build(project, 2024)
    assert result.written and result.findings == []
    assert len(run_checks(project, 2024).computed.units) == 250


def _parts(data: bytes) -> dict[str, bytes]:
    archive = zipfile.ZipFile(io.BytesIO(data))
    return {name: archive.read(name) for name in archive.namelist()}


@pytest.mark.parametrize("case", ["2024", "300 rows", "line break in a value"])
def test_linear_engine_writes_the_same_bytes_as_docxtpl(tmp_path: Path, monkeypatch, case: str):
    from docxtpl import DocxTemplate

    if case == "300 rows":
        project = Project(bench.scaled_project(ROOT, tmp_path / "rows", 300))
    elif case == "line break in a value":
        project = copy_project(tmp_path / "project")
        edit(project.plan_file(2024), "  ho_ten: Cù Văn Hân", '  ho_ten: "Cù Văn Hân\\nPhó Chủ tịch\\tký thay"')
    else:
        project = Project(ROOT)
    checked = run_checks(project, 2024)
    ours = document_bytes(project, checked)
    monkeypatch.setattr(engine, "Template", lambda path, parsed=None: DocxTemplate(path))  # docxtpl opens it
    upstream = document_bytes(project, checked)
    assert list(_parts(ours)) == list(_parts(upstream))
    assert ours == upstream


def test_body_namespaces_the_shortcut_cannot_reproduce_fall_back():
    root_scope = {"w": "urn:w", "r": "urn:r"}
    body = b'<w:body xmlns:w="urn:w" xmlns:r="urn:r" xmlns:x="urn:x"><w:p/></w:body>'
    assert engine._body_without_inherited_namespaces(body, root_scope) == b'<w:body xmlns:x="urn:x"><w:p/></w:body>'
    assert engine._body_without_inherited_namespaces(b'<w:body xmlns:q="urn:w"><w:p/></w:body>', root_scope) is None
    assert engine._body_without_inherited_namespaces(b'<w:body><w:p xmlns:w="urn:w"/></w:body>', root_scope) is None


def _grid(rows: str, columns: int = 3) -> object:
    from lxml import etree

    grid = "<w:gridCol/>" * columns
    xml = f'<w:document xmlns:w="{W}"><w:body><w:tbl><w:tblGrid>{grid}</w:tblGrid>{rows}</w:tbl></w:body></w:document>'
    return etree.fromstring(xml)


W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
CELL, SPAN2 = "<w:tc><w:p/></w:tc>", '<w:tc><w:tcPr><w:gridSpan w:val="2"/></w:tcPr><w:p/></w:tc>'


def test_tables_docxtpl_would_refit_take_docxtpls_own_path():
    assert engine._grids_already_fit(_grid(f"<w:tr>{CELL * 3}</w:tr><w:tr>{SPAN2}{CELL}</w:tr>"))
    assert not engine._grids_already_fit(_grid(f"<w:tr>{CELL * 4}</w:tr>"))  # a {%tc %} loop added a column
    assert not engine._grids_already_fit(_grid(f"<w:tr>{CELL * 2}</w:tr>"))
    nested = f"<w:tr>{CELL * 2}<w:tc><w:tbl><w:tblGrid/><w:tr>{CELL}</w:tr></w:tbl><w:p/></w:tc></w:tr>"
    assert not engine._grids_already_fit(_grid(nested))


def _nodes(node, out):
    style = getattr(node, "style", None) or None
    marks = (node.start_mark.line, node.start_mark.column, node.end_mark.line, node.end_mark.column)
    out.append((type(node).__name__, node.tag, marks, style, node.value if isinstance(node, ScalarNode) else None))
    if isinstance(node, MappingNode):
        for key, value in node.value:
            _nodes(key, out)
            _nodes(value, out)
    elif isinstance(node, SequenceNode):
        for item in node.value:
            _nodes(item, out)
    return out


@pytest.mark.skipif(not hasattr(yaml, "CSafeLoader"), reason="PyYAML built without libyaml")
def test_libyaml_gives_the_same_nodes_and_positions_as_pyyaml():
    texts = [
        (ROOT / "plans" / "2024.yaml").read_text(encoding="utf-8"),
        'a: \'x\'\nb: "ệ\\u00e9"\nc: |\n  một\n  hai\nd: [1, 2.50, "3", ~, 2024-01-04]\ne: {x: 1}\nf: !!python/name:os.system\n'
        "g: &a 1\nh: *a\nđơn_vị: Tiểu khu 1  # ghi chú\nx: 1\nx: 2\n",
    ]
    for text in texts:
        assert _nodes(yaml.compose(text, Loader=yaml.CSafeLoader), []) == _nodes(yaml.compose(text, Loader=yaml.SafeLoader), [])


def test_code_version_covers_every_source_and_the_docx_stack():
    versions = stamp._installed_versions(stamp.OUTPUT_PACKAGES)
    assert versions["docxtpl"] == "0.20.2" and versions["python_docx"] == "1.2.0"
    assert len(stamp.code_version()) == 64
