"""Run by LibreOffice's Python (the one that can ``import uno``), never imported by vanban itself.

    python uno_script.py SOFFICE PROFILE_URL PIPE_NAME < jobs.json > results.json

Starts soffice headless with the given private profile, listening on a named pipe; for each job
``{"path": ..., "action": "AcceptAllTrackedChanges" | "RejectAllTrackedChanges" | null}`` opens the
document hidden, runs the action through the dispatcher (as the Review menu does), and reads back
the text: every paragraph of the body in order (table cells row by row, their paragraphs in turn),
each table as rows of cell texts, and how many tracked changes are left. Ends soffice in any case.
Standard library and ``uno`` only: this interpreter has none of vanban's dependencies.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time

# This folder holds vanban's own uno.py, which would shadow LibreOffice's module.
_HERE = os.path.dirname(os.path.abspath(__file__))
sys.path[:] = [p for p in sys.path if os.path.abspath(p or os.curdir) != _HERE]

import uno  # noqa: E402
from com.sun.star.beans import PropertyValue  # noqa: E402
from com.sun.star.connection import NoConnectException  # noqa: E402

CONNECT_TIMEOUT = 60.0


def _prop(name, value):
    prop = PropertyValue()
    prop.Name, prop.Value = name, value
    return prop


def _cell_position(name):
    """'B12' -> (12, 2): LibreOffice names cells by column letters and row number."""
    match = re.fullmatch(r"([A-Za-z]+)(\d+)", name)
    if not match:
        return (10**9, 0)
    column = 0
    for letter in match.group(1).upper():
        column = column * 26 + ord(letter) - 64
    return (int(match.group(2)), column)


def _read(text, paragraphs, tables):
    enumeration = text.createEnumeration()
    while enumeration.hasMoreElements():
        element = enumeration.nextElement()
        if element.supportsService("com.sun.star.text.TextTable"):
            rows = {}
            for name in sorted(element.getCellNames(), key=_cell_position):
                cell = element.getCellByName(name)
                before = len(paragraphs)
                _read(cell, paragraphs, [])
                rows.setdefault(_cell_position(name)[0], []).append("\n".join(paragraphs[before:]))
            tables.append([rows[r] for r in sorted(rows)])
        elif element.supportsService("com.sun.star.text.Paragraph"):
            paragraphs.append(element.getString())


def main():
    soffice, profile, pipe = sys.argv[1:4]
    jobs = json.load(sys.stdin)
    url = f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext"
    office = subprocess.Popen(
        [
            soffice,
            f"-env:UserInstallation={profile}",
            "--headless",
            "--invisible",
            "--norestore",
            "--nolockcheck",
            "--nodefault",
            f"--accept=pipe,name={pipe};urp;StarOffice.ComponentContext",
        ],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        local = uno.getComponentContext()
        resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
        deadline = time.monotonic() + CONNECT_TIMEOUT
        while True:
            try:
                context = resolver.resolve(url)
                break
            except NoConnectException:
                if office.poll() is not None or time.monotonic() > deadline:
                    raise SystemExit(f"soffice did not answer on pipe {pipe} (exit {office.poll()})") from None
                time.sleep(0.2)
        manager = context.ServiceManager
        desktop = manager.createInstanceWithContext("com.sun.star.frame.Desktop", context)
        dispatcher = manager.createInstanceWithContext("com.sun.star.frame.DispatchHelper", context)
        results = []
        for job in jobs:
            document = desktop.loadComponentFromURL(uno.systemPathToFileUrl(job["path"]), "_blank", 0, (_prop("Hidden", True),))
            if document is None:
                raise SystemExit(f"LibreOffice could not open {job['path']}")
            try:
                before = document.getRedlines().getCount()
                if job.get("action"):
                    frame = document.getCurrentController().getFrame()
                    dispatcher.executeDispatch(frame, f".uno:{job['action']}", "", 0, ())
                paragraphs, tables = [], []
                _read(document.getText(), paragraphs, tables)
                results.append(
                    {
                        "paragraphs": paragraphs,
                        "tables": tables,
                        "changes_before": before,
                        "changes_left": document.getRedlines().getCount(),
                    }
                )
            finally:
                document.close(True)
        json.dump(results, sys.stdout, ensure_ascii=False)
        try:
            desktop.terminate()
        except Exception:  # the bridge may drop as soffice exits
            pass
    finally:
        try:
            office.wait(timeout=20)
        except subprocess.TimeoutExpired:
            office.kill()
            office.wait()


if __name__ == "__main__":
    main()
