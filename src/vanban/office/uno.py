"""LibreOffice as an oracle, through its UNO API: open a .docx, accept or reject every tracked change
as the Review menu does, and read the text back.

UNO needs LibreOffice's own Python (``import uno``), which is not the project's interpreter: on
Windows and macOS it ships inside LibreOffice, on Linux it is the system ``python3`` with
python3-uno. ``uno_script.py`` runs in that interpreter as a subprocess; it starts soffice (found by
``pdf.find_soffice``) headless with a private profile in a temporary folder, listening on a named
pipe (portable, no port to collide), and prints JSON. One soffice start serves a whole batch.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from vanban.engine.findings import InputError, Place, error
from vanban.office.pdf import find_soffice, run_tree

ACCEPT_ALL = "AcceptAllTrackedChanges"
REJECT_ALL = "RejectAllTrackedChanges"
TIMEOUT = 240.0  # seconds for a batch, a cold soffice start included
SCRIPT = Path(__file__).with_name("uno_script.py")


@dataclass(frozen=True)
class OfficeText:
    """A document as LibreOffice reads it: body paragraphs in order (table cells included), tables as rows."""

    paragraphs: list[str]
    tables: list[list[list[str]]]
    changes_before: int  # tracked changes when opened
    changes_left: int  # tracked changes after the action


def _imports_uno(python: str) -> bool:
    try:
        done = subprocess.run([python, "-c", "import uno"], capture_output=True, timeout=30, stdin=subprocess.DEVNULL)
    except (OSError, subprocess.TimeoutExpired):
        return False
    return done.returncode == 0


def uno_python_candidates(soffice: str | None, *, executable: str = sys.executable) -> list[str]:
    """Interpreters that may have UNO, most specific first.

    ``VANBAN_UNO_PYTHON`` if set; LibreOffice's bundled Python next to soffice (Windows:
    ``program/python.exe``; macOS: ``Contents/Resources/python`` beside ``Contents/MacOS/soffice``);
    the system ``python3`` (Linux, python3-uno); this interpreter last.
    """
    found: list[str] = []
    if os.environ.get("VANBAN_UNO_PYTHON"):
        found.append(os.environ["VANBAN_UNO_PYTHON"])
    if soffice:
        program = Path(soffice).resolve().parent
        found += [str(program / "python.exe"), str(program / "python"), str(program.parent / "Resources" / "python")]
    found += [p for p in ("/usr/bin/python3", shutil.which("python3")) if p]
    found.append(executable)
    unique = []
    for candidate in found:
        if candidate not in unique:
            unique.append(candidate)
    return unique


def find_uno_python(soffice: str | None = None) -> str | None:
    for candidate in uno_python_candidates(soffice or find_soffice()):
        if Path(candidate).is_file() and _imports_uno(candidate):
            return candidate
    return None


def read_documents(jobs: Sequence[tuple[Path, str | None]], *, timeout: float = TIMEOUT) -> list[OfficeText]:
    """For each (document, action), the text LibreOffice shows after the action (None: as opened)."""
    soffice = find_soffice()
    if soffice is None:
        raise InputError([error("E001", Place("soffice"), "chưa cài LibreOffice (không tìm thấy lệnh «soffice»).")])
    python = find_uno_python(soffice)
    if python is None:
        raise InputError(
            [error("E005", Place("uno"), "không tìm thấy Python có UNO của LibreOffice. Cài bằng: apt-get install python3-uno")]
        )
    payload = json.dumps([{"path": str(Path(path).resolve()), "action": action} for path, action in jobs])
    with tempfile.TemporaryDirectory(prefix="vanban-uno-", ignore_cleanup_errors=True) as tmp:
        pipe = f"vanban-{uuid.uuid4().hex}"
        env = dict(os.environ, HOME=tmp)  # some LibreOffice builds write to $HOME regardless of the profile
        env.pop("PYTHONPATH", None)  # the other interpreter must not see this one's packages
        # In a process group of our own: the script starts soffice, which must end with it (timeout, Ctrl+C).
        done = run_tree(
            [python, str(SCRIPT), soffice, (Path(tmp) / "profile").as_uri(), pipe],
            timeout,
            "soffice",
            env,
            input=payload,
        )
    if done.returncode != 0:
        detail = " ".join((done.stderr or done.stdout or "").split())[-300:]
        raise InputError(
            [error("E002", Place("soffice"), f"LibreOffice (UNO) báo lỗi (mã thoát {done.returncode}). {detail}".strip())]
        )
    return [OfficeText(**result) for result in json.loads(done.stdout)]
