"""The commands by name, for both entries: ``invoke <command>`` (tasks.py) and the thin ``vanban <command>``.

``vanban build --year 2024`` is ``invoke build --year 2024`` without invoke: the
same commands, options and exit statuses, parsed here with argparse from one
table (``COMMANDS``), because importing invoke costs more than a build's own
checks (it imports ``unittest.mock`` and ``importlib.metadata`` for every
command). Both entries end the process with ``finish``: output flushed, then
``os._exit``, since freeing every object of lxml, Jinja2 and docxtpl one by one
at interpreter exit is work the operating system does at once.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

# command -> its options in invoke's order: (name, default); a bool default is a flag.
COMMANDS: dict[str, tuple[tuple[str, object], ...]] = {
    "build": (("year", None), ("draft", False), ("all", False), ("lint", False), ("commune", None), ("kind", None), ("ky", None)),
    "check": (("year", None), ("format", "text"), ("commune", None), ("kind", None), ("ky", None)),
    "pdf": (("year", None), ("draft", False), ("all", False), ("commune", None), ("kind", None), ("ky", None)),
    "preview": (
        ("year", None),
        ("resolution", 80),
        ("draft", False),
        ("all", False),
        ("commune", None),
        ("kind", None),
        ("ky", None),
    ),
    "lint": (("path", None), ("select", ""), ("ignore", "")),
    "new-year": (("year", None), ("gop", None), ("commune", None), ("excel", False)),
    "import": (("path", None), ("year", None), ("commune", None), ("kind", "ke-hoach")),
    "diff": (("from", None), ("to", None), ("year", None), ("rev", None), ("commune", None), ("kind", None), ("ky", None)),
    "init": (("commune", None), ("ten", None), ("year", None), ("loai", None), ("tinh", None), ("excel", False)),
    "tong-hop": (("year", None), ("draft", False)),
    "setup-git": (),
    "bench": (("sizes", ""), ("repeat", 0), ("output", ""), ("communes", 166)),
    "serve": (("year", None), ("commune", None), ("kind", None), ("port", 8000), ("host", "127.0.0.1"), ("allow_remote", False)),
}
POSITIONAL = {"lint": "path", "import": "path"}


def run(root: Path, command: str, **options: object) -> int:
    """Run ``command`` with invoke-style ``options`` (``all``, ``from``); the exit status."""
    from vanban.commands import bug, cli

    o = options.get
    calls: dict[str, Callable[[], int]] = {
        "build": lambda: (
            cli.build_all(root, draft=bool(o("draft")), year=o("year"), lint=bool(o("lint")), kind=o("kind"), ky=o("ky"))
            if o("all")
            else cli.build(
                root, o("year"), draft=bool(o("draft")), lint=bool(o("lint")), commune=o("commune"), kind=o("kind"), ky=o("ky")
            )
        ),
        "check": lambda: cli.check(
            root, o("year"), output_format=str(o("format") or "text"), commune=o("commune"), kind=o("kind"), ky=o("ky")
        ),
        "pdf": lambda: cli.pdf(
            root, o("year"), draft=bool(o("draft")), every=bool(o("all")), commune=o("commune"), kind=o("kind"), ky=o("ky")
        ),
        "preview": lambda: cli.preview(
            root,
            o("year"),
            resolution=int(o("resolution") or 80),
            draft=bool(o("draft")),
            every=bool(o("all")),
            commune=o("commune"),
            kind=o("kind"),
            ky=o("ky"),
        ),
        "lint": lambda: cli.lint(o("path"), select=str(o("select") or ""), ignore=str(o("ignore") or "")),
        "new-year": lambda: cli.new_year(root, o("year"), commune=o("commune"), merge=o("gop"), excel=bool(o("excel"))),
        "import": lambda: cli.import_plan(root, o("path"), o("year"), commune=o("commune"), kind=str(o("kind") or "ke-hoach")),
        "diff": lambda: cli.diff(
            root,
            year_from=o("from"),
            year_to=o("to"),
            year=o("year"),
            rev=o("rev"),
            commune=o("commune"),
            kind=o("kind"),
            ky=o("ky"),
        ),
        "init": lambda: cli.init(
            root, commune=o("commune"), name=o("ten"), year=o("year"), kind=o("loai"), province=o("tinh"), excel=bool(o("excel"))
        ),
        "tong-hop": lambda: cli.tong_hop(root, o("year"), draft=bool(o("draft"))),
        "setup-git": lambda: cli.setup_git(root),
        "bench": lambda: cli.bench(
            root,
            sizes=str(o("sizes") or ""),
            repeat=int(o("repeat") or 0),
            output=str(o("output") or ""),
            communes=int(o("communes") if o("communes") is not None else 166),
        ),
        "serve": lambda: cli.serve(
            root,
            year=o("year"),
            commune=o("commune"),
            kind=o("kind"),
            port=o("port"),
            host=o("host"),
            allow_remote=bool(o("allow_remote")),
        ),
    }
    return bug.guarded(root, calls[command])


def finish(status: int) -> None:
    """End the process now with ``status``: flush what was printed, skip the interpreter's teardown."""
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):
            pass
    os._exit(status)


def project_root(start: Path) -> Path:
    """Like invoke: the nearest folder from ``start`` upwards with a ``tasks.py``; else ``start``."""
    for folder in (start, *start.parents):
        if (folder / "tasks.py").is_file():
            return folder
    return start


def parse(argv: Sequence[str]) -> tuple[str, dict[str, object]] | int:
    """``[command, options…]`` as invoke reads them (``--year 2024``, ``-y 2024``, ``--draft``); or an exit status."""
    import argparse

    parser = argparse.ArgumentParser(prog="vanban", description="Các lệnh của vanban, như invoke <lệnh>.")
    commands = parser.add_subparsers(dest="command", metavar="<lệnh>")
    for name, options in COMMANDS.items():
        sub = commands.add_parser(name)
        taken = {"h"}
        for option, default in options:
            flags = [f"--{option.replace('_', '-')}"]  # as invoke spells allow_remote: --allow-remote
            if option[0] not in taken:  # invoke gives each option its first free initial
                taken.add(option[0])
                flags.insert(0, f"-{option[0]}")
            if isinstance(default, bool):
                sub.add_argument(*flags, dest=option, action="store_true")
            else:
                sub.add_argument(*flags, dest=option, default=default)
        if name in POSITIONAL:
            sub.add_argument(f"{POSITIONAL[name]}_positional", nargs="?", default=None)
    try:
        parsed = vars(parser.parse_args(list(argv)))
    except SystemExit as exc:  # --help, or a mistyped option: argparse has printed why
        return int(exc.code or 0)
    command = parsed.pop("command")
    if command is None:
        parser.print_help()
        return 0
    if command in POSITIONAL:
        positional = parsed.pop(f"{POSITIONAL[command]}_positional")
        parsed[POSITIONAL[command]] = parsed.get(POSITIONAL[command]) or positional
    return command, parsed


def main(argv: Sequence[str] | None = None) -> None:
    """The ``vanban`` console script."""
    parsed = parse(sys.argv[1:] if argv is None else argv)
    if isinstance(parsed, int):
        finish(parsed)
        return
    command, options = parsed
    finish(run(project_root(Path.cwd()), command, **options))


if __name__ == "__main__":
    main()
