"""What the live preview knows of each document: its findings, its pages, and whether they are current.

``refresh`` runs the user's own commands for one document: ``check --format json`` for the findings,
then, when the figures allow a final document, ``preview`` for the .docx, the PDF and the page images.
Pages are copied under ``build/serve/`` by their content's hash, so a page's address changes exactly
when the page does, and the last good pages stay shown (marked out of date) while the inputs have
errors or cannot be read.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from vanban.office.pdf import page_images
from vanban.serve.documents import Document
from vanban.serve.runner import Children, Outcome

EXIT_OK, EXIT_FINDINGS, EXIT_INPUT = 0, 1, 2
QUOTE_LIMIT = 300  # characters of a source line quoted under its finding
SOURCE_LIMIT = 4 * 1024 * 1024  # a source file larger than this is not read for quotes
RETRIES = 3  # an unreadable input right after a change is read again: Excel and editors save in steps
RETRY_WAIT = 0.8  # seconds between those reads
SETTLE = 2.0  # a change younger than this may still be half-written


@dataclass
class DocumentState:
    document: Document
    state: str = "chua-kiem-tra"  # chua-kiem-tra | sach | canh-bao | loi | khong-doc-duoc
    findings: list[dict[str, object]] = field(default_factory=list)
    pages: list[str] = field(default_factory=list)  # paths under build/ of the page images
    pages_stale: bool = False
    docx: str | None = None
    pdf: str | None = None
    note: str = ""  # why there are no pages, or why they are out of date
    building: bool = False
    checked_at: float = 0.0

    def summary(self) -> dict[str, object]:
        d = self.document
        errors = sum(f["severity"] == "error" for f in self.findings)
        return {
            "id": d.key,
            "commune": d.commune_label,
            "year": d.year,
            "kind": d.kind,
            "label": d.label,
            "state": self.state,
            "errors": errors,
            "warnings": len(self.findings) - errors,
            "building": self.building,
        }

    def detail(self) -> dict[str, object]:
        return {
            **self.summary(),
            "files": _grouped(self.findings),
            "pages": self.pages,
            "pages_stale": self.pages_stale,
            "docx": self.docx,
            "pdf": self.pdf,
            "note": self.note,
        }


def _grouped(findings: list[dict[str, object]]) -> list[dict[str, object]]:
    """Findings by the file they name, in the order the checks gave them."""
    files: dict[str, list[dict[str, object]]] = {}
    for finding in findings:
        place = finding.get("place")
        name = str(place.get("file", "")) if isinstance(place, dict) else ""
        files.setdefault(name, []).append(finding)
    return [{"file": name, "findings": items} for name, items in files.items()]


def check(children: Children, root: Path, document: Document, changed_at: float) -> tuple[int, list[dict[str, object]], str]:
    """The document's findings as ``check --format json`` gives them, read again while a just-changed
    input may be half-written; (exit status, findings with their source lines, what it printed besides)."""
    for attempt in range(RETRIES + 1):
        outcome = children.run("check", [*document.options, "--format", "json"])
        findings = _parse_findings(outcome)
        settling = time.monotonic() - changed_at < SETTLE + attempt * RETRY_WAIT
        if outcome.status != EXIT_INPUT or not settling or attempt == RETRIES:
            break
        time.sleep(RETRY_WAIT)
    for finding in findings:
        finding["source"] = _source_line(root, finding.get("place"))
    return outcome.status, findings, outcome.err.strip()


def _parse_findings(outcome: Outcome) -> list[dict[str, object]]:
    try:
        data = json.loads(outcome.out or "[]")
    except ValueError:
        data = None
    if isinstance(data, list):
        return [f for f in data if isinstance(f, dict)]
    # Not the JSON the command promises: show what it said as one finding rather than nothing.
    said = (outcome.err or outcome.out).strip()[-2000:]
    return [{"code": "—", "severity": "error", "place": {"file": ""}, "message": said or "lệnh kiểm tra không trả lời."}]


def _source_line(root: Path, place: object) -> str | None:
    """The line a finding names, quoted from its file (a text file inside the project only)."""
    if not isinstance(place, dict) or not isinstance(place.get("line"), int) or not place.get("file"):
        return None
    path = (root / str(place["file"])).resolve()
    try:
        path.relative_to(root.resolve())
        if path.suffix.lower() not in (".yaml", ".yml", ".csv") or path.stat().st_size > SOURCE_LIMIT:
            return None
        lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    except (OSError, ValueError):
        return None
    number = int(place["line"])
    if not 1 <= number <= len(lines):
        return None
    line = lines[number - 1].rstrip()
    return line if len(line) <= QUOTE_LIMIT else line[:QUOTE_LIMIT] + "…"


def pages_of(build: Path, folder: Path, shown: Callable[[Path], str]) -> list[str]:
    """Copy the page images ``preview`` drew into ``folder`` under build/serve/ by content hash; their
    addresses, in page order."""
    pages = page_images(folder)
    cache = build / "serve" / "trang"
    cache.mkdir(parents=True, exist_ok=True)
    kept = []
    for page in pages:
        digest = hashlib.sha256(page.read_bytes()).hexdigest()[:16]
        target = cache / f"{digest}.png"
        if not target.is_file():
            shutil.copyfile(page, target)
        kept.append(shown(target))
    return kept
