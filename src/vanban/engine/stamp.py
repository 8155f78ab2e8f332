"""Incremental builds: a stamp of everything one year's document is made from.

A build records every file it reads as it reads it (``engine.reads``): the
year's plan and tables, last year's (the checks compare them), the template and
whatever else a step loads, with the sha256 of the bytes it used, the files it
looked for and did not find, and the listing of each input's folder. After a
build that wrote a document without errors, ``build/.stamps/<document>.json``
keeps that record, the ``--draft`` flag, the code (vanban's own sources and the
installed versions of the packages that shape the bytes), the sha256 of the
document and the findings that build showed. The next build whose record still
matches the disk, and whose document is still the one stamped, is a no-op: it
shows the same findings and touches nothing, without importing PyYAML or the
docx stack. A build that writes more than one output (the province summary: its
.docx and its .xlsx) stamps the others with the document (``companions``).

No list of inputs is kept here: a step that starts reading another file through
the loaders is recorded without a change to this module.

A stamp is only ever written for a build without errors, so a plan with errors
is checked (and refused) every time.

Only the standard library (and ``findings``, ``reads``) is imported here: a
no-op build has to start fast.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import sys
import zlib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from vanban.engine import reads
from vanban.engine.files import write_atomic
from vanban.engine.findings import Finding


class Project(Protocol):
    """What a stamp needs of a project: its root, against which inputs are kept relative (it may move)."""

    @property
    def root(self) -> Path: ...


FORMAT = 3
STAMPS_DIR = ".stamps"

# Packages whose version can change the bytes of a document (or what is checked).
OUTPUT_PACKAGES = ("docxtpl", "python_docx", "lxml", "jinja2", "babel", "pyyaml", "matplotlib")


@dataclass(frozen=True)
class Stamp:
    output_sha256: str
    findings: list[Finding]
    lint: list[Finding] | None = None  # the Decree 30 lint of the document, when the build ran it


@dataclass(frozen=True)
class Lint:
    """The lint of a built document, kept in its stamp with what the document's form depends on (``form_key``)."""

    key: str
    findings: list[Finding]


sha256 = reads.sha256


def _installed_versions(names: tuple[str, ...]) -> dict[str, str]:
    """``name-version`` of each package, from the first ``*.dist-info`` on sys.path (as import finds it).

    Cheaper than importlib.metadata, which costs more to import than a no-op build may take.
    """
    found: dict[str, str] = {}
    wanted = set(names)
    for entry in sys.path:
        try:
            listing = os.listdir(entry or ".")
        except OSError:
            continue
        for item in listing:
            if not item.endswith(".dist-info"):
                continue
            name, _, version = item[: -len(".dist-info")].partition("-")
            key = name.lower().replace("-", "_").replace(".", "_")
            if key in wanted and key not in found:
                found[key] = version
        if len(found) == len(wanted):
            break
    return {name: found.get(name, "?") for name in names}


def code_files(package: Path) -> list[Path]:
    """The sources whose change rebuilds: every ``.py`` of the vanban package (not the benchmark or the tests)."""
    return sorted(package.rglob("*.py"))


def code_digest(package: Path) -> str:
    """sha256 of the package's sources, the versions of the docx stack, Python's and zlib's."""
    digest = hashlib.sha256()
    for path in code_files(package):
        digest.update(path.relative_to(package).as_posix().encode() + b"\0")
        digest.update(path.read_bytes() + b"\0")
    versions = _installed_versions(OUTPUT_PACKAGES)
    digest.update(json.dumps(versions, sort_keys=True).encode())
    digest.update(f"{sys.version_info[:3]} zlib {zlib.ZLIB_RUNTIME_VERSION}".encode())
    return digest.hexdigest()


@functools.cache
def code_version() -> str:
    """The code digest of the vanban package in use."""
    return code_digest(Path(__file__).resolve().parents[1])


def _shown(project: Project, path: Path) -> str:
    """An input as the stamp stores it: relative to the project (which may move), absolute outside it."""
    try:
        return path.relative_to(os.path.abspath(project.root)).as_posix()  # as ``reads`` makes paths absolute
    except ValueError:
        return str(path)


def _on_disk(project: Project, shown: str) -> Path:
    path = Path(shown)
    return path if path.is_absolute() else project.root / path


def _recorded(project: Project, record: reads.Reads) -> dict:
    return {
        "files": sorted([_shown(project, path), digest] for path, digest in record.files.items()),
        "folders": sorted([_shown(project, path), digest] for path, digest in record.folders.items()),
    }


def _still_matches(project: Project, inputs: dict) -> bool:
    """True when every recorded input, absence and folder listing is as the build saw it."""
    try:
        for shown, digest in inputs["files"]:
            if reads.file_digest(_on_disk(project, shown)) != digest:
                return False
        for shown, digest in inputs["folders"]:
            if reads.listing_digest(_on_disk(project, shown)) != digest:
                return False
    except (OSError, KeyError, TypeError, ValueError):
        return False
    return bool(inputs["files"])


def form_key(project: Project, record: reads.Reads, *, draft: bool, figures: Path) -> str:
    """What a document's form depends on: the code, ``--draft`` and every input the build read except the
    figures' tables under ``figures`` (``data/``). The template, declarations, context and settings give the
    page, fonts, header and text; the tables only fill cells whose form the template fixes. So the usual
    edit, a figure in a table, keeps the last lint; anything else runs it again. No list of sources is kept."""
    digest = hashlib.sha256(f"form 1\0{code_version()}\0draft {int(draft)}\0".encode())
    root = Path(os.path.abspath(figures))
    for shown, file_digest in _recorded(project, record)["files"]:
        if not _on_disk(project, shown).is_relative_to(root):
            digest.update(f"{shown}\0{file_digest}\0".encode())
    return digest.hexdigest()


def lint_memo(output: Path, key: str) -> list[Finding] | None:
    """The lint kept in ``output``'s last stamp when its form key is ``key`` (the figures may have changed)."""
    data = _read(output)
    memo = data.get("lint") if data is not None else None
    if not isinstance(memo, dict) or memo.get("key") != key:
        return None
    try:
        return [Finding.from_dict(f) for f in memo["findings"]]
    except (KeyError, TypeError, ValueError):
        return None


def stamp_file(output: Path) -> Path:
    """``build/<year>/x.docx`` -> ``build/.stamps/x.docx.json``: outside the year's folder, which holds documents only."""
    return output.parent.parent / STAMPS_DIR / f"{output.name}.json"


def _read(output: Path) -> dict | None:
    try:
        data = json.loads(stamp_file(output).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("format") != FORMAT or data.get("code") != code_version():
        return None
    return data


def _output_matches(output: Path, data: dict) -> bool:
    """The document, and each output written beside it (``companions``), still has the bytes stamped."""
    try:
        if sha256(output.read_bytes()) != data.get("output_sha256"):
            return False
        companions = data.get("companions", {})
        return all(sha256((output.parent / name).read_bytes()) == digest for name, digest in companions.items())
    except (OSError, AttributeError, TypeError):
        return False


def fresh(project: Project, output: Path, *, draft: bool) -> Stamp | None:
    """The stamp of ``output`` if everything it was built from is unchanged and it is still the document stamped."""
    data = _read(output)
    if data is None or data.get("draft") is not draft or not isinstance(data.get("inputs"), dict):
        return None
    if not _still_matches(project, data["inputs"]) or not _output_matches(output, data):
        return None
    try:
        lint = data.get("lint")
        return Stamp(
            data["output_sha256"],
            [Finding.from_dict(f) for f in data["findings"]],
            [Finding.from_dict(f) for f in lint["findings"]] if isinstance(lint, dict) else None,
        )
    except (KeyError, TypeError, ValueError):
        return None


def _save(output: Path, data: dict) -> None:
    write_atomic(stamp_file(output), (json.dumps(data, ensure_ascii=False, indent=1) + "\n").encode("utf-8"))


def write(
    project: Project,
    output: Path,
    record: reads.Reads,
    *,
    draft: bool,
    document: bytes,
    findings: list[Finding],
    lint: Lint | None = None,
    companions: Mapping[Path, bytes] | None = None,
) -> None:
    """Stamp ``output``, just written (or found identical) from what ``record`` saw, with the findings its build
    showed and its lint (with the form key it holds for). ``companions``: the other outputs the same build wrote
    beside it (the summary's workbook), each as written; the stamp holds only while they are unchanged too."""
    data = {
        "format": FORMAT,
        "code": code_version(),
        "draft": draft,
        "inputs": _recorded(project, record),
        "output": output.name,
        "output_sha256": sha256(document),
        "findings": [f.to_dict() for f in findings],
    }
    if companions:
        data["companions"] = {path.name: sha256(content) for path, content in companions.items()}
    if lint is not None:
        data["lint"] = {"key": lint.key, "findings": [f.to_dict() for f in lint.findings]}
    _save(output, data)


def forget(output: Path) -> None:
    """Drop the stamp of ``output``: its next build runs in full."""
    stamp_file(output).unlink(missing_ok=True)
