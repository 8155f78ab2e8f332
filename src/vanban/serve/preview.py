"""The live preview's state: the documents, which need checking again, and one worker that does it.

A change to an input marks the documents it may change; the worker checks them one at a time, the
documents someone is looking at first, and for those also builds and draws the pages. Every change
of state bumps ``version``; the page's open event stream is told, and asks for what changed.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterable
from pathlib import Path

from vanban.commands.cli import preview_folder
from vanban.project import Project
from vanban.serve import documents as docs
from vanban.serve.runner import Children
from vanban.serve.state import EXIT_INPUT, EXIT_OK, DocumentState, check, pages_of


class Preview:
    def __init__(self, root: Path, chosen: list[docs.Document], children: Children, *, office: str | None) -> None:
        self.root = root
        self.project = Project(root)
        self.children = children
        self.office = office  # why pages cannot be drawn, or None when LibreOffice and pdftoppm are there
        self.states: dict[str, DocumentState] = {d.key: DocumentState(d) for d in chosen}
        self.version = 0
        self.changed = threading.Condition()
        self._dirty: dict[str, float] = {d.key: time.monotonic() for d in chosen}
        self._viewed: set[str] = set()
        self._stop = threading.Event()

    # ---------------------------------------------------------------- what the page asks

    def listing(self) -> dict[str, object]:
        with self.changed:
            return {
                "version": self.version,
                "documents": [s.summary() for s in self.states.values()],
                "office": self.office,
            }

    def view(self, key: str) -> dict[str, object] | None:
        """The document's detail; looking at it asks for its pages too."""
        with self.changed:
            state = self.states.get(key)
            if state is None:
                return None
            if key not in self._viewed:
                self._viewed.add(key)
                self._dirty.setdefault(key, time.monotonic())
                self.changed.notify_all()
            return {**state.detail(), "version": self.version}

    def wait(self, version: int, timeout: float) -> int:
        """Block until the state is newer than ``version`` (or ``timeout``); the current version."""
        with self.changed:
            self.changed.wait_for(lambda: self.version != version or self._stop.is_set(), timeout)
            return self.version

    # ---------------------------------------------------------------- what the watcher says

    def inputs_changed(self, paths: Iterable[Path], documents: list[docs.Document]) -> None:
        """``paths`` changed; ``documents`` is the repository's list read again (a new year may have come)."""
        now = time.monotonic()
        paths = list(paths)
        with self.changed:
            for document in documents:
                if document.key not in self.states:
                    self.states[document.key] = DocumentState(document)
                    self._dirty[document.key] = now
            for key in [k for k, s in self.states.items() if s.document not in documents]:
                del self.states[key]
                self._dirty.pop(key, None)
            for key, state in self.states.items():
                if docs.affected(state.document, paths, self.root):
                    self._dirty[key] = now
            self._bump()

    # ---------------------------------------------------------------- the worker

    @property
    def stopped(self) -> bool:
        return self._stop.is_set()

    def stop(self) -> None:
        self._stop.set()
        with self.changed:
            self.changed.notify_all()

    def work(self) -> None:
        """Check (and for viewed documents, build and draw) whatever is marked, until stopped."""
        while not self._stop.is_set():
            with self.changed:
                self.changed.wait_for(lambda: bool(self._dirty) or self._stop.is_set(), 1.0)
                if self._stop.is_set() or not self._dirty:
                    continue
                key = min(self._dirty, key=lambda k: (k not in self._viewed, self._dirty[k]))
                changed_at = self._dirty.pop(key)
                state = self.states[key]
                state.building = True
                self._bump()
            try:
                self._refresh(state, changed_at, pages=key in self._viewed)
            finally:
                with self.changed:
                    state.building = False
                    self._bump()

    def _refresh(self, state: DocumentState, changed_at: float, *, pages: bool) -> None:
        status, findings, said = check(self.children, self.root, state.document, changed_at)
        errors = any(f.get("severity") == "error" for f in findings)
        with self.changed:
            state.findings = findings
            state.checked_at = time.time()
            if status == EXIT_INPUT:
                state.state = "khong-doc-duoc"
            else:
                state.state = "loi" if errors else ("canh-bao" if findings else "sach")
            if status == EXIT_INPUT or errors:
                state.pages_stale = bool(state.pages)
                state.note = (
                    "Các trang dưới đây là bản trước, chưa cập nhật: dữ liệu hiện có lỗi (xem danh sách lỗi)."
                    if state.pages
                    else "Chưa có trang nào: hãy sửa các lỗi trong danh sách, văn bản sẽ được tạo lại ngay."
                )
                if not findings and said:
                    state.findings = [{"code": "—", "severity": "error", "place": {"file": ""}, "message": said, "source": None}]
            self._bump()
        if status == EXIT_INPUT or errors or not pages or self._stop.is_set():
            return
        if self.office is not None:
            with self.changed:
                state.note = self.office
                state.pages_stale = bool(state.pages)
            return
        self._draw(state)

    def _draw(self, state: DocumentState) -> None:
        """Build, convert and draw the document with ``vanban preview``; keep the pages it drew."""
        document = state.document
        outcome = self.children.run("preview", document.options)
        output = docs.output_path(self.root, document)
        pdf = output.with_suffix(".pdf")
        with self.changed:
            if outcome.status == EXIT_OK:
                state.pages = pages_of(self.root / "build", preview_folder(pdf), self.project.display)
                state.pages_stale = False
                state.note = ""
            else:
                said = " ".join(outcome.err.split())[-600:]
                state.pages_stale = bool(state.pages)
                state.note = f"Chưa tạo được trang văn bản: {said}" if said else "Chưa tạo được trang văn bản."
            state.docx = self.project.display(output) if output.is_file() else None
            state.pdf = self.project.display(pdf) if pdf.is_file() else None

    def _bump(self) -> None:
        self.version += 1
        self.changed.notify_all()
