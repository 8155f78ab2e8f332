"""Portability that cannot be run here (Windows, macOS): the logic, against a fake file system and environment."""

from __future__ import annotations

import shlex
import subprocess
import sys
from pathlib import Path

from vanban.office import pdf
from vanban.review import history

WINDOWS_ENV = {
    "ProgramFiles": r"C:\Program Files",
    "ProgramFiles(x86)": r"C:\Program Files (x86)",
    "LOCALAPPDATA": r"C:\Users\Can bo\AppData\Local",
}


def _finder(files: set[str], on_path: dict[str, str] | None = None):
    return {"which": lambda name: (on_path or {}).get(name), "is_file": lambda path: path in files}


def test_soffice_on_path_wins_everywhere():
    found = pdf.find_soffice(**_finder(set(), {"soffice": "/usr/bin/soffice"}), platform="linux", environ={})
    assert found == "/usr/bin/soffice"
    found = pdf.find_soffice(**_finder(set(), {"libreoffice": "/usr/bin/libreoffice"}), platform="linux", environ={})
    assert found == "/usr/bin/libreoffice"


def test_windows_program_files_then_x86_then_per_user_install():
    places = pdf.soffice_places("win32", WINDOWS_ENV)
    assert places == [
        r"C:\Program Files\LibreOffice\program\soffice.exe",
        r"C:\Program Files (x86)\LibreOffice\program\soffice.exe",
        r"C:\Users\Can bo\AppData\Local\Programs\LibreOffice\program\soffice.exe",
    ]
    for place in places:
        assert pdf.find_soffice(**_finder({place}), platform="win32", environ=WINDOWS_ENV) == place


def test_windows_without_the_variables_still_looks_in_program_files():
    assert pdf.soffice_places("win32", {})[0] == r"C:\Program Files\LibreOffice\program\soffice.exe"
    assert r"C:\Program Files (x86)\LibreOffice\program\soffice.exe" in pdf.soffice_places("win32", {})
    # A localised Windows keeps its own folder name in %ProgramFiles%.
    assert pdf.soffice_places("win32", {"ProgramFiles": r"D:\Programme"})[0] == r"D:\Programme\LibreOffice\program\soffice.exe"


def test_macos_application_bundle():
    app = "/Applications/LibreOffice.app/Contents/MacOS/soffice"
    assert pdf.find_soffice(**_finder({app}), platform="darwin", environ={"HOME": "/Users/a"}) == app
    mine = "/Users/a/Applications/LibreOffice.app/Contents/MacOS/soffice"
    assert pdf.find_soffice(**_finder({mine}), platform="darwin", environ={"HOME": "/Users/a"}) == mine


def test_an_explicit_path_wins_and_nothing_found_is_none():
    explicit = r"E:\PortableApps\LibreOffice\App\libreoffice\program\soffice.exe"
    env = {**WINDOWS_ENV, pdf.SOFFICE_ENV: explicit}
    assert pdf.find_soffice(**_finder({explicit}, {"soffice": "x"}), platform="win32", environ=env) == explicit
    assert pdf.find_soffice(**_finder(set()), platform="win32", environ=WINDOWS_ENV) is None
    assert pdf.find_soffice(**_finder(set()), platform="darwin", environ={}) is None
    assert pdf.find_soffice(**_finder(set()), platform="linux", environ={}) is None


def test_process_groups_and_tree_kill_per_platform():
    assert pdf.group_options(windows=False) == {"start_new_session": True}
    assert pdf.group_options(windows=True) == {"creationflags": 0x00000200}
    if sys.platform == "win32":
        assert pdf.group_options(windows=True)["creationflags"] == subprocess.CREATE_NEW_PROCESS_GROUP
    assert pdf.kill_tree_command(4242) == ["taskkill", "/F", "/T", "/PID", "4242"]


def test_textconv_command_quotes_the_interpreter_for_git():
    """git runs textconv through a POSIX shell (sh on Linux and macOS, Git for Windows' bash)."""
    for interpreter in (
        "/usr/bin/python3",
        "/home/can bo/vanban/.venv/bin/python",
        r"C:\Users\Can bo\vanban\.venv\Scripts\python.exe",
        "/tmp/it's here/python",
    ):
        command = history.textconv_command(interpreter)
        assert shlex.split(command) == [interpreter.replace("\\", "/"), "-m", "vanban.review.history"]


def test_textconv_command_runs_through_a_shell(tmp_path: Path):
    if sys.platform == "win32":
        return
    spaced = tmp_path / "a folder with spaces"
    spaced.mkdir()
    fake = spaced / "python"
    fake.write_text('#!/bin/sh\nprintf "%s|" "$@"\n')
    fake.chmod(0o755)
    done = subprocess.run(["sh", "-c", history.textconv_command(str(fake)) + " plan.docx"], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout == "-m|vanban.review.history|plan.docx|"
