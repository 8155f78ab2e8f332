"""Step 6, write: deterministic bytes, written atomically.

A .docx is a zip; python-docx stamps each member with the current time. The
package is rewritten with fixed timestamps and attributes (``normalize_zip``,
the OOXML layer's one rewriter) so the same inputs give the same bytes, then the
output is replaced in one ``os.replace`` so a failed build never leaves a
half-written file.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from vanban.docx.ooxml.package import normalize as normalize_zip

__all__ = ["normalize_zip", "write_atomic"]


def write_atomic(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o644)  # mkstemp creates 0600; outputs are shared documents
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
