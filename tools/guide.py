"""The user guide cannot lie: run every command it shows and compare with what it prints.

The guide (docs/huong-dan/*.md) shows commands in ```console blocks:

    ```console
    $ invoke build --year 2024
    build/2024/ke-hoach-giam-ngheo-2024.docx: đã ghi.
    ```

Each page is one scenario, run from the top on a fresh copy of the repository:

- a ```console block: each ``$ invoke …`` line is run, and what follows it (up to the next ``$``)
  is the output the guide promises; the exit statuses are kept in the comment just above the
  block, ``<!-- guide: exit 0 1 -->`` (hidden on the page);
- a fenced block with ``title="path"`` (```csv title="data/2024/don_vi.csv"```) is a file the
  officer types: the scenario writes it as shown;
- ``<!-- guide-edit: path | old text | new text -->`` is an edit the page describes in words
  (change one cell, one line): the scenario makes it;
- ``<!-- guide-image: build/… -> img/… -->`` copies a page image of real output into the guide.

``python tools/guide.py`` (``--check`` to only compare) re-runs every page and rewrites the
outputs, exit statuses and images in place; tests/test_guide.py fails when a page and the
commands disagree.
"""

from __future__ import annotations

import argparse
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GUIDE = ROOT / "docs" / "huong-dan"
# What a fresh copy of the repository needs to run the commands (the package runs from src/).
COPIED = ("plans", "data", "templates", "src", "tasks.py", "pyproject.toml")

_FENCE = re.compile(r"^```(?P<lang>[\w-]*)(?P<attrs>[^\n]*)\n(?P<body>.*?)^```[ \t]*$", re.M | re.S)
_EXIT = re.compile(r"<!-- guide: exit(?P<codes>(?: \d+)*) -->\n(?=```console)")
_EDIT = re.compile(r"<!-- guide-edit: (?P<path>[^|]+?) \| (?P<old>.*?) \| (?P<new>.*?) -->", re.S)
_IMAGE = re.compile(r"<!-- guide-image: (?P<src>\S+) -> (?P<dst>\S+) -->")
_TITLE = re.compile(r'title="(?P<path>[^"]+)"')


@dataclass
class Command:
    line: str  # as shown after "$ "
    output: str  # as shown
    status: int | None  # as recorded in the comment, None when not recorded yet


@dataclass
class Step:
    kind: str  # console | file | edit | image
    start: int  # offset in the page text
    end: int
    commands: list[Command] = field(default_factory=list)
    path: str = ""
    text: str = ""
    old: str = ""
    new: str = ""


def _console(body: str) -> list[Command]:
    commands: list[Command] = []
    for raw in body.splitlines():
        if raw.startswith("$ "):
            commands.append(Command(raw[2:].strip(), "", None))
        elif commands:
            commands[-1].output += raw + "\n"
    return commands


def steps(text: str) -> list[Step]:
    """The page's steps in order of appearance."""
    found: list[Step] = []
    for m in _FENCE.finditer(text):
        lang, attrs, body = m["lang"], m["attrs"], m["body"]
        if lang == "console":
            step = Step("console", m.start(), m.end(), commands=_console(body))
            exit_match = next((c for c in _EXIT.finditer(text, max(0, m.start() - 80)) if c.end() == m.start()), None)
            if exit_match:
                codes = [int(c) for c in exit_match["codes"].split()]
                for command, code in zip(step.commands, codes):
                    command.status = code
                step.start = exit_match.start()
            found.append(step)
        elif title := _TITLE.search(attrs):
            found.append(Step("file", m.start(), m.end(), path=title["path"], text=body))
    for m in _EDIT.finditer(text):
        found.append(Step("edit", m.start(), m.end(), path=m["path"].strip(), old=m["old"], new=m["new"]))
    for m in _IMAGE.finditer(text):
        found.append(Step("image", m.start(), m.end(), path=m["src"], text=m["dst"]))
    return sorted(found, key=lambda s: s.start)


def fresh_copy(target: Path) -> Path:
    for name in COPIED:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, target / name, ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
        elif source.exists():
            shutil.copy2(source, target / name)
    return target


def _run(command: str, cwd: Path) -> tuple[str, int]:
    words = shlex.split(command)
    if words[0] != "invoke":
        raise ValueError(f"the guide may only run invoke commands, not: {command}")
    env = {k: v for k, v in os.environ.items() if k not in ("FORCE_COLOR", "CLICOLOR_FORCE")}
    env["NO_COLOR"] = "1"
    env["PYTHONIOENCODING"] = "utf-8"
    env["PYTHONUNBUFFERED"] = "1"  # the order a user sees on a terminal
    done = subprocess.run(
        [sys.executable, "-m", "invoke", *words[1:]],
        cwd=cwd,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        encoding="utf-8",
    )
    return done.stdout, done.returncode


@dataclass
class Mismatch:
    page: str
    command: str
    expected: str
    actual: str


def run_page(page: Path, work: Path) -> tuple[list[tuple[Step, list[tuple[str, int]]]], list[Mismatch]]:
    """Run a page's steps on a fresh copy in ``work``; what each command printed, and every mismatch."""
    text = page.read_text(encoding="utf-8")
    fresh_copy(work)
    results: list[tuple[Step, list[tuple[str, int]]]] = []
    mismatches: list[Mismatch] = []
    for step in steps(text):
        if step.kind == "file":
            target = work / step.path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(step.text, encoding="utf-8")
        elif step.kind == "edit":
            target = work / step.path
            content = target.read_text(encoding="utf-8")
            if step.old not in content:
                mismatches.append(Mismatch(page.name, f"guide-edit {step.path}", step.old, "(not in the file)"))
                continue
            target.write_text(content.replace(step.old, step.new, 1), encoding="utf-8")
        elif step.kind == "image":
            if not (work / step.path).exists():
                mismatches.append(Mismatch(page.name, f"guide-image {step.path}", "an image", "(not made)"))
        elif step.kind == "console":
            outputs = []
            for command in step.commands:
                output, status = _run(command.line, work)
                outputs.append((output, status))
                if _norm(output) != _norm(command.output) or status != command.status:
                    mismatches.append(
                        Mismatch(page.name, command.line, f"{command.output}(exit {command.status})", f"{output}(exit {status})")
                    )
            results.append((step, outputs))
    return results, mismatches


def _norm(text: str) -> str:
    return "\n".join(line.rstrip() for line in text.strip("\n").splitlines())


def _render_console(step: Step, outputs: list[tuple[str, int]]) -> str:
    codes = " ".join(str(status) for _, status in outputs)
    lines = [f"<!-- guide: exit {codes} -->", "```console"]
    for command, (output, _) in zip(step.commands, outputs):
        lines.append(f"$ {command.line}")
        lines.extend(line.rstrip() for line in output.strip("\n").splitlines())
    lines.append("```")
    return "\n".join(lines)


def update_page(page: Path) -> list[Mismatch]:
    """Re-run a page and write back what its commands print, and its images."""
    with tempfile.TemporaryDirectory(prefix="vanban-guide-") as tmp:
        work = Path(tmp)
        results, mismatches = run_page(page, work)
        text = page.read_text(encoding="utf-8")
        for step, outputs in reversed(results):
            text = text[: step.start] + _render_console(step, outputs) + text[step.end :]
        page.write_text(text, encoding="utf-8")
        for step in steps(text):
            if step.kind == "image" and (work / step.path).exists():
                (page.parent / step.text).parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(work / step.path, page.parent / step.text)
    return mismatches


def pages() -> Iterator[Path]:
    yield from sorted(GUIDE.glob("*.md"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only compare; exit 1 on any difference")
    parser.add_argument("pages", nargs="*", help="page names (default: every page)")
    args = parser.parse_args(argv)
    chosen = [GUIDE / name for name in args.pages] if args.pages else list(pages())
    failed = 0
    for page in chosen:
        if args.check:
            with tempfile.TemporaryDirectory(prefix="vanban-guide-") as tmp:
                _, mismatches = run_page(page, Path(tmp))
        else:
            mismatches = update_page(page)
        for m in mismatches:
            print(f"{m.page}: {m.command}\n--- guide\n{m.expected}\n+++ actual\n{m.actual}")
        failed += bool(mismatches)
        print(f"{page.relative_to(ROOT).as_posix()}: {'khác' if mismatches else 'khớp'}")
    return 1 if (failed and args.check) else 0


if __name__ == "__main__":
    sys.exit(main())
