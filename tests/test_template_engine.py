"""The docx engine (docx/template.py) takes docxtpl's own steps where its shortcut does not apply,
and then writes exactly what docxtpl writes."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pytest
from docx import Document
from docxtpl import DocxTemplate

from vanban.docx import template as engine


def column_loop_template(path: Path) -> Path:
    """A table whose columns come from a ``{%tc %}`` loop: docxtpl widens the grid to fit."""
    doc = Document()
    doc.add_paragraph("{{ title }}")
    table = doc.add_table(rows=2, cols=4)
    for cell, text in zip(table.rows[0].cells, ["Đơn vị", "{%tc for c in columns %}", "{{ c }}", "{%tc endfor %}"]):
        cell.text = text
    for cell, text in zip(table.rows[1].cells, ["{{ unit }}", "{%tc for v in values %}", "{{ v }}", "{%tc endfor %}"]):
        cell.text = text
    doc.save(str(path))
    return path


def nested_table_template(path: Path) -> Path:
    """A table inside a table cell: docxtpl's table fix walks it."""
    doc = Document()
    outer = doc.add_table(rows=1, cols=2)
    outer.rows[0].cells[0].text = "{{ unit }}"
    inner = outer.rows[0].cells[1].add_table(rows=1, cols=2)
    inner.rows[0].cells[0].text = "{{ title }}"
    inner.rows[0].cells[1].text = "{{ values[0] }}"
    doc.save(str(path))
    return path


# Four columns from a loop written in three template cells: the grid must grow by one.
CONTEXT = {
    "title": "Bảng & số liệu",
    "unit": "Tiểu khu 1",
    "columns": ["2022", "2023", "2024", "2025"],
    "values": ["6", "5", "3", "2"],
}


def rendered(cls: type, template: Path) -> tuple[bytes, list[str]]:
    tpl = cls(str(template))
    tpl.render(CONTEXT, autoescape=True)
    out = io.BytesIO()
    tpl.save(out)
    with zipfile.ZipFile(io.BytesIO(out.getvalue())) as archive:
        xml = archive.read("word/document.xml")
    doc = Document(io.BytesIO(out.getvalue()))
    cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
    return xml, cells


@pytest.mark.parametrize("make", [column_loop_template, nested_table_template])
def test_fallback_to_docxtpls_own_steps_writes_docxtpls_bytes(tmp_path: Path, monkeypatch, make):
    template = make(tmp_path / "t.docx")
    calls: list[str] = []
    upstream_fix = DocxTemplate.fix_tables

    def spy(self, xml):
        calls.append(type(self).__name__)
        return upstream_fix(self, xml)

    monkeypatch.setattr(DocxTemplate, "fix_tables", spy)
    ours, our_cells = rendered(engine.Template, template)
    assert calls == ["Template"], "the shortcut was taken where docxtpl's table fix is needed"
    theirs, their_cells = rendered(DocxTemplate, template)
    assert ours == theirs and our_cells == their_cells
    assert "Bảng &amp; số liệu".encode() in ours and b"{{" not in ours and b"{%" not in ours


def test_column_loop_widens_the_grid(tmp_path: Path):
    xml, cells = rendered(engine.Template, column_loop_template(tmp_path / "t.docx"))
    assert cells == ["Đơn vị", "2022", "2023", "2024", "2025", "Tiểu khu 1", "6", "5", "3", "2"]
    assert xml.count(b"<w:gridCol ") == 5


def test_the_shortcut_is_taken_for_plain_tables(tmp_path: Path, monkeypatch):
    doc = Document()
    table = doc.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text = "{{ unit }}"
    table.rows[0].cells[1].text = "{{ title }}"
    doc.save(str(tmp_path / "plain.docx"))
    calls: list[str] = []
    monkeypatch.setattr(DocxTemplate, "fix_tables", lambda self, xml: calls.append("docxtpl"))
    _, cells = rendered(engine.Template, tmp_path / "plain.docx")
    assert calls == [] and cells == ["Tiểu khu 1", "Bảng & số liệu"]


@pytest.mark.parametrize("make", [column_loop_template, nested_table_template])
def test_saved_in_one_pass_is_the_saved_zip_normalised(tmp_path: Path, make):
    """``render.saved`` zips python-docx's parts once; the bytes are those of docxtpl's save, normalised."""
    from vanban.docx.ooxml.package import normalize
    from vanban.docx.render import saved

    template = make(tmp_path / "t.docx")
    ours, theirs = engine.Template(str(template)), engine.Template(str(template))
    for tpl in (ours, theirs):
        tpl.render(CONTEXT, autoescape=True)
    out = io.BytesIO()
    theirs.save(out)
    one_pass = saved(ours)
    assert one_pass == normalize(out.getvalue())
    assert Document(io.BytesIO(one_pass)).tables[0].rows[0].cells[0].text in ("Đơn vị", "Tiểu khu 1")


def test_no_render_writes_to_the_styles_every_copy_shares(tmp_path: Path):
    """Every kind of the example built in one process (plan, both reports with their chart, the summary with
    its generated table): each template's styles, shared by every copy rendered from it, are as parsed."""
    from docx.opc.oxml import serialize_part_xml

    from tests.conftest import copy_project
    from vanban.commands import cli

    project = copy_project(tmp_path / "repo")
    engine.parsed_template.cache_clear()
    assert cli.build_all(project.root, jobs=1) == cli.EXIT_OK
    templates = sorted((project.root / "templates").glob("*.docx"))
    assert len(templates) >= 3
    for path in templates:
        parsed = engine.parsed_template(path.read_bytes())
        assert parsed.shared, f"{path.name}: no styles part shared"
        for element in parsed.shared:
            assert serialize_part_xml(element) == parsed.blobs[id(element)], f"{path.name}: a render changed its styles"
    assert engine.parsed_template.cache_info().misses == len(templates)  # each parsed by the build, once


def test_a_template_saved_with_escaped_quotes_builds_the_same_document(tmp_path: Path):
    """LibreOffice saves a quote inside a Jinja tag as «&apos;» ({%p if b.kind == &apos;table&apos; %}): the
    same template to Word, docxtpl and the parsed tree; ``check`` must not read «apos» as a variable (M001)."""
    from tests.conftest import copy_project
    from vanban.commands import cli
    from vanban.docx.ooxml.package import part, replace

    plain, escaped = copy_project(tmp_path / "plain"), copy_project(tmp_path / "escaped")
    template = escaped.root / "templates" / "ke-hoach.docx"
    xml = part(template.read_bytes(), "word/document.xml")
    assert b"'" in xml
    # Every quote in the text escaped, as LibreOffice writes it (the XML declaration's own quotes left alone).
    saved = re.sub(rb">([^<]*)<", lambda m: b">" + m.group(1).replace(b"'", b"&apos;") + b"<", xml)
    assert saved.count(b"&apos;") >= 10
    template.write_bytes(replace(template.read_bytes(), {"word/document.xml": saved}))
    assert cli.check(escaped.root, "2024") == cli.EXIT_OK
    for project in (plain, escaped):
        assert cli.build(project.root, "2024", render=False) == cli.EXIT_OK
    output = "build/2024/ke-hoach-giam-ngheo-2024.docx"
    assert (escaped.root / output).read_bytes() == (plain.root / output).read_bytes()
