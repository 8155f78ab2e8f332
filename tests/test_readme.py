"""The engineers' README stays short and true: every path it names exists."""

from __future__ import annotations

import re

from .conftest import ROOT

README = ROOT / "README.md"
# A path in backquotes or in a Markdown link: a word with a slash, or a file name with an extension we keep.
_QUOTED = re.compile(r"`([^`\s]+)`")
_LINK = re.compile(r"\]\(([^)\s]+)\)")
_FILE = re.compile(r"^[\w.-]+\.(py|yaml|yml|md|csv|docx|toml|txt|png)$")


def named_paths(text: str) -> set[str]:
    """Paths of the repository the text names; outputs (``build/``), placeholders (``<năm>``), patterns
    and paths outside the repository (``../shared``) are not the repository's."""
    found: set[str] = set()
    for token in _QUOTED.findall(text) + _LINK.findall(text):
        token = token.rstrip(".,;:")
        if not ("/" in token or _FILE.match(token)) or token.startswith(("build/", "../", "http", "-")):
            continue
        if any(c in token for c in "<>*${}=()[]\\") or "://" in token or token.startswith("."):
            if not token.startswith(".ci/"):
                continue
        found.add(token)
    return found


def test_every_path_the_readme_names_exists() -> None:
    paths = named_paths(README.read_text(encoding="utf-8"))
    assert len(paths) >= 40, sorted(paths)  # the test reads the README's paths, not nothing
    missing = sorted(p for p in paths if not (ROOT / p).exists())
    assert not missing, f"README.md names paths that do not exist: {missing}"


def test_a_path_that_does_not_exist_is_caught() -> None:
    text = "See `src/vanban/engine.py` and [the guide](docs/huong-dan/index.md), not `build/2024/x.docx`."
    assert named_paths(text) == {"src/vanban/engine.py", "docs/huong-dan/index.md"}
    assert not (ROOT / "src/vanban/engine.py").exists()


def test_the_readme_is_short() -> None:
    assert len(README.read_text(encoding="utf-8").splitlines()) <= 300
