"""Step 6, write: deterministic bytes, written atomically.

A .docx is a zip; python-docx stamps each member with the current time. The
package is rewritten with fixed timestamps and attributes (``normalize_zip``,
the OOXML layer's one rewriter) so the same inputs give the same bytes, then the
output is replaced in one ``os.replace`` so a failed build never leaves a
half-written file.
"""

from __future__ import annotations

from vanban.docx.ooxml.package import normalize as normalize_zip
from vanban.engine.files import STALE_MARK, os_error_reason, set_aside, stale_name, write_atomic

__all__ = ["STALE_MARK", "normalize_zip", "os_error_reason", "set_aside", "stale_name", "write_atomic"]
