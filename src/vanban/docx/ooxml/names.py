"""XML namespaces of Office Open XML and qualified names in them, declared once for every module."""

from __future__ import annotations

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"  # w: the document's text and styles
A_NS = "http://schemas.openxmlformats.org/drawingml/2006/main"  # a: DrawingML (shapes, themes)
WP_NS = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"  # wp: a drawing's anchor
MC_NS = "http://schemas.openxmlformats.org/markup-compatibility/2006"  # mc: AlternateContent
V_NS = "urn:schemas-microsoft-com:vml"  # v: VML, the shapes of Word 2003
O_NS = "urn:schemas-microsoft-com:office:office"  # o: VML's Office extensions
X_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"  # a workbook's sheets and cells

W = "{" + W_NS + "}"  # Clark prefix: f"{W}p" is <w:p>
A = "{" + A_NS + "}"
WP = "{" + WP_NS + "}"
MC = "{" + MC_NS + "}"
V = "{" + V_NS + "}"
O = "{" + O_NS + "}"  # noqa: E741  the namespace's own prefix
X = "{" + X_NS + "}"
NSMAP = {"w": W_NS, "a": A_NS, "wp": WP_NS, "mc": MC_NS, "v": V_NS, "o": O_NS}  # for XPath


def w(tag: str) -> str:
    """The qualified name of ``w:tag``: ``w("body")`` is ``{…/main}body``."""
    return W + tag
