"""docxtpl, with its superlinear steps replaced: the template engine ``render`` runs.

docxtpl 0.20.2 renders the body to a string, parses it into a tree of its own
(``fix_tables``) and moves that tree into the document (``map_tree``). Two of
these steps grow faster than the table:

- lxml parses a large ``str`` in superlinear time (the same text as UTF-8 bytes
  parses in linear time): 0.12 s for a 5 000-row table, 1.1 s for 20 000.
- Moving a tree between lxml documents re-resolves the namespace of every
  element and attribute; for ``xml:space`` (on every text run of a rendered
  table) lxml's namespace cache never hits and grows by one entry per attribute,
  so the move is quadratic in the number of runs: 0.2 s for 5 000 rows, 3 s
  for 20 000.

``Template`` parses bytes, and parses the rendered body in place, inside a copy
of the document's own root, so no tree ever changes documents. The bytes saved
are the same as docxtpl's (``tests/test_bench.py`` compares them). Where the body
declares namespaces in a way this shortcut does not reproduce exactly, it falls
back to docxtpl's own move.

Importing this module imports the docx stack: only ``render`` does, lazily.
"""

from __future__ import annotations

import re
from typing import Any

from docx.oxml.parser import element_class_lookup
from docxtpl import DocxTemplate
from lxml import etree

# docxtpl parses the rendered body with recover=True; python-docx's element classes
# are kept so that the rest of the render (sections, footnotes) works on the new root.
_PARSER = etree.XMLParser(recover=True)
_PARSER.set_element_class_lookup(element_class_lookup)

_START_TAG = re.compile(rb'<([\w.:-]+)((?:\s+[\w.:-]+="[^"]*")*)\s*(/?)>')
_ATTRIBUTE = re.compile(rb'\s+([\w.:-]+)="([^"]*)"')


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


class Template(DocxTemplate):
    """A DocxTemplate whose rendered body is parsed and put in place in linear time."""

    def fix_tables(self, xml: Any) -> Any:
        return super().fix_tables(xml.encode("utf-8") if isinstance(xml, str) else xml)

    def map_tree(self, tree: Any) -> None:
        root = self.docx._element
        body = root.body
        rendered = _body_without_inherited_namespaces(_utf8(tree), dict(root.nsmap))
        if rendered is None:
            super().map_tree(tree)
            return
        # The root serialised around an empty stand-in for the body gives the text
        # that goes before and after the rendered body.
        index = root.index(body)
        stand_in = etree.SubElement(root, body.tag)
        root.remove(body)
        root.insert(index, stand_in)
        try:
            whole = _utf8(root)
        finally:
            root.replace(stand_in, body)
        marker = f"<{body.prefix}:body/>".encode() if body.prefix else b"<body/>"
        if whole.count(marker) != 1:
            super().map_tree(tree)
            return
        head, tail = whole.split(marker)
        new_root = etree.fromstring(head + rendered + tail, _PARSER)
        # The document part serialises its element when saved; the Document proxy reads it too.
        self.docx._part._element = new_root
        self.docx._element = new_root
        self.docx._Document__body = None
