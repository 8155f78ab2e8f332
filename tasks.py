"""Invoke tasks: the commands of ``vanban.commands.entry.COMMANDS``, each declared there once (name,
options, help) and served here and by the thin ``vanban`` console script. Nothing else lives here.

Each task hands its options to ``entry.run`` and ends the process with ``entry.finish``: output
flushed, then ``os._exit`` with the status, without the interpreter's teardown.
"""

from __future__ import annotations

import inspect
import sys
from pathlib import Path

from invoke import Collection, Task

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT / "src"))

from vanban.commands import entry  # noqa: E402


def _task(name: str, spec: entry.Command) -> Task:
    # Python names for the options: ``from`` is a keyword, so invoke sees ``from_`` (and shows --from).
    python = {
        o.name: o.name.replace("-", "_") + ("_" if o.name in ("from", "all", "format", "import") else "") for o in spec.options
    }

    def body(c, **options: object) -> None:
        entry.finish(entry.run(ROOT, name, **{o.name: options[python[o.name]] for o in spec.options}))

    parameters = [inspect.Parameter("c", inspect.Parameter.POSITIONAL_OR_KEYWORD)]
    parameters += [inspect.Parameter(python[o.name], inspect.Parameter.KEYWORD_ONLY, default=o.default) for o in spec.options]
    body.__signature__ = inspect.Signature(parameters)  # type: ignore[attr-defined]
    body.__doc__ = spec.doc
    body.__name__ = name.replace("-", "_")
    return Task(
        body,
        name=name,
        help={python[o.name]: o.help for o in spec.options},
        positional=[python[spec.positional]] if spec.positional else [],
    )


ns = Collection(*(_task(name, spec) for name, spec in entry.COMMANDS.items()))
