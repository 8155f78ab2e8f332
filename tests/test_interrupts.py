"""Ctrl+C and SIGTERM during a real conversion (issue 18, item 13): a short Vietnamese message, exit 130,
no LibreOffice process left running, no temporary profile left behind.

The command runs as a real process (``python -m vanban.commands.entry pdf``) with a marker in its
environment, which LibreOffice inherits: the processes still carrying the marker afterwards are ours,
whatever else runs on the machine. ``TMPDIR`` points at a folder of the test's own, so the profile
folders counted are ours too.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

from vanban.office import pdf

from .conftest import copy_project, unavailable

pytestmark = pytest.mark.skipif(os.name == "nt" or not Path("/proc").is_dir(), reason="reads /proc to find the processes")


def _marked(marker: str) -> list[int]:
    """The pids of live (not zombie) processes whose environment holds ``marker``."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            if marker.encode() not in (entry / "environ").read_bytes():
                continue
            if (entry / "stat").read_text().split(") ", 1)[1].startswith("Z"):
                continue
        except OSError:
            continue
        found.append(int(entry.name))
    return found


def _soffice_running(marker: str, vanban: int) -> bool:
    for pid in _marked(marker):
        if pid == vanban:
            continue
        try:
            if b"soffice" in Path(f"/proc/{pid}/cmdline").read_bytes():
                return True
        except OSError:
            pass
    return False


@pytest.mark.parametrize("stop", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "sigterm"])
def test_stopping_a_real_conversion_ends_libreoffice_and_removes_its_profile(tmp_path: Path, stop: int):
    if pdf.find_soffice() is None:
        unavailable(f"LibreOffice (soffice) chưa được cài ({pdf.INSTALL_HINT})")
    project = copy_project(tmp_path / "project")
    (project.root / "tasks.py").write_text("")
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    marker = f"VANBAN_TEST_MARK=stop-{uuid.uuid4().hex}"
    key, value = marker.split("=")
    # The real LibreOffice, started by a wrapper that says when it has started it: the signal then comes
    # while LibreOffice is starting or converting, whatever the machine's load.
    started = tmp_path / "started"
    wrapper = tmp_path / "soffice"
    wrapper.write_text(f'#!/bin/sh\n"{pdf.find_soffice()}" "$@" &\necho $! > "{started}"\nwait\n')
    wrapper.chmod(0o755)
    env = dict(os.environ, TMPDIR=str(tmp), TEMP=str(tmp), TMP=str(tmp), VANBAN_SOFFICE=str(wrapper), **{key: value})
    env["PYTHONPATH"] = str(Path(__file__).resolve().parents[1] / "src")
    process = subprocess.Popen(
        [sys.executable, "-m", "vanban.commands.entry", "pdf", "--year", "2024"],
        cwd=project.root,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 300
    while not started.exists():
        if process.poll() is not None or time.monotonic() > deadline:
            out, err = process.communicate()
            pytest.fail(f"LibreOffice never started: {out}\n{err}")
        time.sleep(0.02)
    assert _soffice_running(marker, process.pid)
    process.send_signal(stop)
    out, err = process.communicate(timeout=60)
    assert process.returncode == 130, (out, err)
    assert "Đã dừng theo yêu cầu" in err and "Traceback" not in err
    for _ in range(50):  # SIGKILLed processes vanish a moment later
        if not _marked(marker):
            break
        time.sleep(0.1)
    assert _marked(marker) == [], "a process of the conversion outlived the stop"
    assert [p.name for p in tmp.iterdir() if p.name.startswith("vanban-lo-")] == []
    assert not (project.root / "build/2024/ke-hoach-giam-ngheo-2024.pdf").exists()
