"""The commands the live preview runs, as child processes that end with the server.

Each check, build and page rendering is the very command a user types (``vanban check --format json
…``, ``vanban preview …``), run in a process group of its own. The server keeps every running child;
on Ctrl+C it asks each to stop (the command then ends its LibreOffice and removes its profile), waits
a moment, and ends what is left of the whole tree. The tree is read with psutil, the same on Windows,
macOS and Linux: LibreOffice starts its own process group, so a group signal alone would miss it.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import threading
from dataclasses import dataclass
from pathlib import Path

import psutil

from vanban.office.pdf import group_options, kill_tree_command

GRACE = 5.0  # seconds a child has to end its own children after being asked to stop


@dataclass(frozen=True)
class Outcome:
    status: int
    out: str
    err: str


class Children:
    """The child processes of one server; ``stop`` ends them all."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._running: set[subprocess.Popen[str]] = set()
        self._lock = threading.Lock()
        self._stopping = threading.Event()

    def run(self, command: str, options: list[str], *, timeout: float = 600.0) -> Outcome:
        """``vanban <command> <options>`` in the project's folder; its exit status and output."""
        if self._stopping.is_set():
            return Outcome(130, "", "")
        windows = os.name == "nt"
        process = subprocess.Popen(
            [sys.executable, "-m", "vanban.commands.entry", command, *options],
            cwd=self.root,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            encoding="utf-8",
            errors="replace",
            env={**os.environ, "PYTHONIOENCODING": "utf-8"},
            **group_options(windows),
        )
        with self._lock:
            self._running.add(process)
        try:
            out, err = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            _end(process, windows)
            out, err = process.communicate()
            err += f"\nLệnh «vanban {command}» chạy quá {timeout:g} giây nên đã bị dừng."
        finally:
            with self._lock:
                self._running.discard(process)
        return Outcome(process.returncode, out, err)

    def stop(self) -> None:
        """Ask every child to stop, then end what is still running of its whole tree."""
        self._stopping.set()
        with self._lock:
            running = list(self._running)
        windows = os.name == "nt"
        trees = [_tree(process.pid) for process in running]
        for process in running:
            _ask_to_stop(process, windows)
        for process in running:
            try:
                process.wait(timeout=GRACE)
            except subprocess.TimeoutExpired:
                _end(process, windows)
        left = [p for tree in trees for p in tree if p.is_running()]
        for rest in left:
            with contextlib.suppress(psutil.Error):
                rest.kill()
        psutil.wait_procs(left, timeout=GRACE)


def _tree(pid: int) -> list[psutil.Process]:
    """``pid``'s descendants now (LibreOffice's soffice.bin among them)."""
    try:
        return psutil.Process(pid).children(recursive=True)
    except psutil.Error:
        return []


def _ask_to_stop(process: subprocess.Popen[str], windows: bool) -> None:
    """SIGTERM to the child's group: the command ends its own LibreOffice and removes its profile."""
    if windows:
        return  # taskkill /T in _end ends the tree; Windows has no polite signal for a console-less child
    try:
        os.killpg(process.pid, signal.SIGTERM)
    except (ProcessLookupError, PermissionError):
        pass


def _end(process: subprocess.Popen[str], windows: bool) -> None:
    if windows:
        subprocess.run(kill_tree_command(process.pid), capture_output=True, check=False)
    else:
        try:
            os.killpg(process.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
    process.kill()
