"""Layers that hold: every import of ours points down, never up (the import graph, read with ast).

    commands, serve                                          (serve: the live preview, a command of its own)
    pipeline, kinds, communes, review, importer, office     (siblings may import each other)
    lint                                                     (only the docx layer, findings and engine.citations)
    docx, project
    engine                                                   (the core: declarations, loading, checks, findings)
    docx.ooxml                                               (OOXML: imports nothing else of ours)

Imports inside functions count too: a function-level import is still a dependency.
"""

from __future__ import annotations

import ast
from pathlib import Path

from .conftest import ROOT

SRC = ROOT / "src"
LAYERS: tuple[tuple[str, ...], ...] = (
    ("commands", "serve"),
    ("pipeline", "kinds", "communes", "review", "importer", "office"),
    ("lint",),
    ("docx", "project"),
    ("engine",),
    ("docx.ooxml",),
)
# engine.citations: Decree 30's form of a number and symbol, pure text rules the check (K003) and the lint (L115) share.
LINT_MAY_USE = ("vanban.lint", "vanban.docx", "vanban.engine.findings", "vanban.engine.citations")


def _module(path: Path, src: Path) -> str:
    parts = list(path.relative_to(src).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _layer(module: str) -> int | None:
    """The layer of ``vanban.x.y``: the most specific entry of LAYERS naming it (docx.ooxml before docx)."""
    rest = module.split(".", 1)[1] if "." in module else ""
    best: tuple[int, int] | None = None
    for index, names in enumerate(LAYERS):
        for name in names:
            if rest == name or rest.startswith(name + "."):
                if best is None or len(name) > best[1]:
                    best = (index, len(name))
    return None if best is None else best[0]


def imports(src: Path) -> list[tuple[str, str, int]]:
    """(importer, imported, line) for every import of a ``vanban`` module under ``src``."""
    found = []
    for path in sorted((src / "vanban").rglob("*.py")):
        module = _module(path, src)
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else []
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names = [node.module]
            found += [(module, name, node.lineno) for name in names if name.startswith("vanban.")]
    return found


def violations(src: Path) -> list[str]:
    out = []
    for module, imported, line in imports(src):
        mine, theirs = _layer(module), _layer(imported)
        if mine is not None and theirs is not None and theirs < mine:
            out.append(f"{module}:{line} imports {imported}, a layer above it")
        if module.startswith("vanban.lint") and not imported.startswith(LINT_MAY_USE):
            out.append(f"{module}:{line} imports {imported}: the linter uses only the docx layer and findings")
    return out


def test_every_import_points_down() -> None:
    assert len(imports(SRC)) > 200  # the graph is read, not empty
    assert violations(SRC) == []


def test_every_package_has_a_layer() -> None:
    packages = {_module(p, SRC) for p in (SRC / "vanban").glob("*") if p.is_dir() and (p / "__init__.py").exists()}
    packages |= {_module(p, SRC) for p in (SRC / "vanban").glob("*.py") if p.name != "__init__.py"}
    assert {p for p in packages if _layer(p) is None} == set()


def _tree(tmp_path: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = tmp_path / "src" / "vanban" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return tmp_path / "src"


def test_an_upward_import_is_caught(tmp_path: Path) -> None:
    src = _tree(
        tmp_path,
        {
            "engine/check.py": "def f():\n    from vanban.commands import cli\n",  # inside a function: still counted
            "docx/ooxml/names.py": "import vanban.engine.findings\n",
            "lint/rule.py": "from vanban.pipeline import build\n",
            "pipeline.py": "from vanban.engine.check import f\nfrom vanban.kinds import x\n",  # down, and a sibling: fine
        },
    )
    assert violations(src) == [
        "vanban.docx.ooxml.names:1 imports vanban.engine.findings, a layer above it",
        "vanban.engine.check:2 imports vanban.commands, a layer above it",
        "vanban.lint.rule:1 imports vanban.pipeline, a layer above it",
        "vanban.lint.rule:1 imports vanban.pipeline: the linter uses only the docx layer and findings",
    ]
