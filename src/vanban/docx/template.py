"""docxtpl, with its superlinear step replaced: the template engine ``render`` runs.

docxtpl 0.20.2 renders the body to a string, parses it into a tree of its own
(``fix_tables``, which also widens or narrows table grids for ``{%tc %}`` column
loops) and moves that tree into the document (``map_tree``). Moving a tree
between lxml documents re-resolves the namespace of every element and
attribute; for ``xml:space`` (on every text run of a rendered table) lxml's
namespace cache never hits and grows by one entry per attribute, so the move is
quadratic in the number of runs: 0.02 s for a 1 000-row table, 0.2 s for
5 000 rows, 3 s for 20 000.

``Template`` parses the rendered body once, in place, inside a copy of the
document's own root, so no tree ever changes documents, and replaces the root.
It also skips docxtpl's per-run regex pass for line breaks and tabs in values
(``resolve_listing``) when the rendered text has none.
Where docxtpl's table fix would change a grid (column loops, nested tables) or
the body declares namespaces in a way this shortcut does not reproduce exactly,
it falls back to docxtpl's own steps. Either way the bytes saved are docxtpl's
(``tests/test_bench.py`` compares them).

Importing this module imports the docx stack: only ``render`` does, lazily.
"""

from __future__ import annotations

import copy
import functools
import io
import re
from dataclasses import dataclass
from typing import Any

from docx import Document
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.oxml import serialize_part_xml
from docx.oxml.parser import element_class_lookup
from docxtpl import DocxTemplate
from lxml import etree

from vanban.docx.ooxml.names import NSMAP, W_NS

# docxtpl parses the rendered body with recover=True; python-docx's element classes
# are kept so that the rest of the render (sections, footnotes) works on the new root.
_PARSER = etree.XMLParser(recover=True)
_PARSER.set_element_class_lookup(element_class_lookup)

_START_TAG = re.compile(rb'<([\w.:-]+)((?:\s+[\w.:-]+="[^"]*")*)\s*(/?)>')
_ATTRIBUTE = re.compile(rb'\s+([\w.:-]+)="([^"]*)"')
_W = {"w": W_NS}
# Compiled: python-docx's elements override ``xpath`` with a signature of their own.
_NESTED_TABLE = etree.XPath("boolean(//w:tbl//w:tbl)", namespaces=_W)
_TABLES = etree.XPath("//w:tbl", namespaces=_W)
_GRID_COLUMNS = etree.XPath("count(w:tblGrid/w:gridCol)", namespaces=_W)
_HAS_GRID = etree.XPath("boolean(w:tblGrid)", namespaces=_W)
_DRAWING_IDS = etree.XPath("//wp:docPr", namespaces=NSMAP)
# A row whose cells, counting merged ones (gridSpan) as they span, do not fill the grid.
_ROW_OFF_GRID = etree.XPath(
    "boolean(.//w:tr[sum(w:tc/w:tcPr/w:gridSpan/@w:val) + count(w:tc[not(w:tcPr/w:gridSpan)]) != $columns])",
    namespaces=_W,
)


def _utf8(element: Any) -> bytes:
    return etree.tostring(element, encoding="UTF-8", xml_declaration=False)


def _body_without_inherited_namespaces(rendered: bytes, in_scope: dict[str | None, str]) -> bytes | None:
    """The rendered body with the namespace declarations the root already makes removed.

    lxml's move strips exactly these. None when the body declares a namespace the
    root has under another prefix, or declares any below its start tag: cases the
    move rewrites in ways not reproduced here.
    """
    start = _START_TAG.match(rendered)
    if start is None or rendered.find(b"xmlns", start.end()) != -1:
        return None
    scope = {(prefix or "").encode(): uri.encode() for prefix, uri in in_scope.items()}
    kept = []
    for name, value in _ATTRIBUTE.findall(start.group(2)):
        if name == b"xmlns" or name.startswith(b"xmlns:"):
            if scope.get(name[6:]) == value:
                continue
            if value in scope.values():
                return None
        kept.append(b" " + name + b'="' + value + b'"')
    return b"<" + start.group(1) + b"".join(kept) + start.group(3) + b">" + rendered[start.end() :]


def _grids_already_fit(root: Any) -> bool:
    """True when docxtpl's ``fix_tables`` would leave every table as it is."""
    if _NESTED_TABLE(root):
        return False
    for table in _TABLES(root):
        if not _HAS_GRID(table) or _ROW_OFF_GRID(table, columns=_GRID_COLUMNS(table)):
            return False
    return True


@dataclass(frozen=True)
class Parsed:
    """A template parsed once per process (``parsed_template``), and what every copy of it shares: the styles
    part, read-only while a document is made (a Word template's styles are most of its XML: python-docx's
    default template has 9 000 elements, 350 KB; tables, rules and the title read them, docxtpl leaves them;
    ``tests/test_template_engine.py`` renders every kind and checks they are unchanged)."""

    document: Any
    shared: tuple[Any, ...]  # the elements every copy shares
    blobs: dict[int, bytes]  # id(element) -> its serialised part, made once (``shared`` keeps the ids unique)

    def copy(self) -> Any:
        """A copy to render into: every part its own, but the shared ones."""
        return copy.deepcopy(self.document, {id(element): element for element in self.shared})

    def blob(self, part: Any) -> bytes:
        """``part.blob``, made once when ``part`` holds a shared element."""
        element = getattr(part, "_element", None)
        if element is not None and any(element is shared for shared in self.shared):
            return self.blobs[id(element)]
        return part.blob


@functools.lru_cache(maxsize=8)
def parsed_template(data: bytes) -> Parsed:
    """The template parsed once per process for each distinct content (a kind's template, used for every
    document of a ``build --all``). Never rendered into: ``Template`` renders into ``Parsed.copy``, which
    costs a fraction of parsing the file again and gives the same bytes (``tests/test_batch.py``)."""
    document = Document(io.BytesIO(data))
    shared = tuple(p._element for p in document.part.package.iter_parts() if p.content_type == CT.WML_STYLES)
    return Parsed(document, shared, {id(element): serialize_part_xml(element) for element in shared})


class Template(DocxTemplate):
    """A DocxTemplate whose rendered body is parsed and put in place in linear time.

    ``parsed``: the template already parsed (``parsed_template``); each render works on a copy of it.
    """

    docx: Any  # docxtpl's own attributes, untyped there
    is_rendered: bool

    def __init__(self, template_file: Any, parsed: Any = None):
        super().__init__(template_file)
        self._parsed = parsed

    def init_docx(self, reload: bool = True) -> None:
        if self._parsed is None:
            super().init_docx(reload)
        elif not self.docx or (self.is_rendered and reload):
            self.docx = self._parsed.copy()
            self.is_rendered = False

    def resolve_listing(self, xml: str) -> str:
        # docxtpl turns \n, \t, \a and \f typed in values into breaks, tabs, paragraphs and
        # pages, with a regex callback per paragraph and run; text without them is left as is.
        if any(mark in xml for mark in "\n\t\a\f"):
            return super().resolve_listing(xml)
        return xml

    def _document_around(self, body: bytes) -> bytes | None:
        """The whole document.xml with ``body`` in place of the template's body."""
        root = self.docx._element
        template_body = root.body
        own_body = _body_without_inherited_namespaces(body, dict(root.nsmap))
        if own_body is None or template_body is None:
            return None
        # The root serialised around an empty stand-in for the body gives the text
        # that goes before and after the rendered body.
        index = root.index(template_body)
        stand_in = etree.SubElement(root, template_body.tag)
        root.remove(template_body)
        root.insert(index, stand_in)
        try:
            whole = _utf8(root)
        finally:
            root.replace(stand_in, template_body)
        marker = f"<{template_body.prefix}:body/>".encode() if template_body.prefix else b"<body/>"
        if whole.count(marker) != 1:
            return None
        head, tail = whole.split(marker)
        return head + own_body + tail

    def fix_tables(self, xml: Any) -> Any:
        whole = self._document_around(xml.encode("utf-8") if isinstance(xml, str) else xml)
        if whole is not None:
            root = etree.fromstring(whole, _PARSER)
            if _grids_already_fit(root):
                return root  # the whole document: map_tree puts it in place of the old one
        return super().fix_tables(xml)

    def fix_docpr_ids(self, tree: Any) -> None:
        if tree.tag != self.docx._element.tag:
            super().fix_docpr_ids(tree)
            return
        # docxtpl's renumbering of drawings (ids must be unique), on the whole document.
        for drawing in _DRAWING_IDS(tree):
            self.docx_ids_index += 1
            drawing.attrib["id"] = str(self.docx_ids_index)

    def map_tree(self, tree: Any) -> None:
        if tree.tag != self.docx._element.tag:
            super().map_tree(tree)  # a body, from docxtpl's own fix_tables
            return
        # The document part serialises its element when saved; the Document proxy reads it too.
        self.docx._part._element = tree
        self.docx._element = tree
        self.docx._Document__body = None
