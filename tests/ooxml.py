"""Schema validation of .docx files with a real validator (openxml-audit, the Open XML SDK's rules in Python).

Every .docx the project writes must pass ``assert_valid_docx(path)``: the plan, the draft, the redline, the
template and every kind to come. Use it from any test::

    from .ooxml import assert_valid_docx

    assert_valid_docx(build(project, 2024).output)       # a path
    assert_valid_docx(redline(old, new))                 # or the bytes of a .docx

Nothing is accepted by default. ``accept`` takes patterns of findings a test knowingly accepts, each
with its reason next to it; the only one defined is ``LIBREOFFICE_ON_OFF`` (see below), for files that
LibreOffice saved, never for ours.
"""

from __future__ import annotations

import re
import tempfile
from collections.abc import Iterable
from pathlib import Path

# LibreOffice writes <w:cantSplit w:val="true"/> and <w:tblHeader w:val="true"/>. ISO 29500 Transitional
# allows "true" for ST_OnOff, but Word (and the Open XML SDK, after [MS-OI29500]) types these two
# elements as ST_OnOffOnly ("on"/"off"). Word opens such files without complaint; we never write them.
LIBREOFFICE_ON_OFF = r"Invalid value for attribute 'val': Value 'true' is not in allowed values: \['off', 'on'\]"


def docx_findings(docx: Path | bytes) -> list[str]:
    """Every finding of the validator, one line each: part, XPath, message."""
    from openxml_audit import OpenXmlValidator

    if isinstance(docx, bytes):
        with tempfile.TemporaryDirectory(prefix="vanban-ooxml-") as tmp:
            path = Path(tmp) / "document.docx"
            path.write_bytes(docx)
            return docx_findings(path)
    result = OpenXmlValidator(max_errors=0).validate(str(docx))
    return [f"{e.part_uri} {e.path}: {e.description}" for e in result.errors]


def assert_valid_docx(docx: Path | bytes, *, accept: Iterable[str] = ()) -> None:
    """Fail, listing the findings, unless ``docx`` validates against the ECMA-376 schema and Word's rules."""
    patterns = [re.compile(p) for p in accept]
    left = [f for f in docx_findings(docx) if not any(p.search(f) for p in patterns)]
    shown = docx if isinstance(docx, Path) else "the document"
    assert not left, f"{shown} breaks the OOXML schema:\n" + "\n".join(left[:20])
