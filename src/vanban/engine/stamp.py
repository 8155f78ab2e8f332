"""Incremental builds: a stamp of everything one year's document is made from.

A build reads the year's plan and unit table, last year's (the checks compare
the two), the template, the ``--draft`` flag and the code: vanban's own sources
and the installed versions of the packages that shape the bytes. The sha256 of
all of these is the build's *key*. After a build that wrote a document without
errors, ``build/.stamps/<document>.json`` keeps the key, the sha256 of the
document and the findings that build showed. The next build with the same key,
whose document is still the one stamped, is a no-op: it shows the same findings
and touches nothing, without importing pydantic or the docx stack.

A stamp is only ever written for a build without errors, so a plan with errors
is checked (and refused) every time. A build that starts reading another file
must add it to ``inputs``.

Only the standard library (and ``findings``) is imported here: a no-op build
has to start fast.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import sys
import zlib
from dataclasses import dataclass
from pathlib import Path

from vanban.engine.findings import Finding, Place, Severity
from vanban.project import Project

FORMAT = 1
STAMPS_DIR = ".stamps"

# Packages whose version can change the bytes of a document (or what is checked).
OUTPUT_PACKAGES = ("docxtpl", "python_docx", "lxml", "jinja2", "babel", "pyyaml", "pydantic", "pydantic_core")


@dataclass(frozen=True)
class Stamp:
    key: str
    output_sha256: str
    findings: list[Finding]
    extra: dict[str, list[Finding]]  # findings about the document itself, e.g. the Decree 30 lint


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


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


@functools.cache
def code_version() -> str:
    """sha256 of vanban's sources, the versions of the docx stack, Python's and zlib's."""
    digest = hashlib.sha256()
    package = Path(__file__).resolve().parents[1]  # the whole vanban package
    for path in sorted(package.rglob("*.py")):
        digest.update(path.relative_to(package).as_posix().encode() + b"\0")
        digest.update(path.read_bytes() + b"\0")
    versions = _installed_versions(OUTPUT_PACKAGES)
    digest.update(json.dumps(versions, sort_keys=True).encode())
    digest.update(f"{sys.version_info[:3]} zlib {zlib.ZLIB_RUNTIME_VERSION}".encode())
    return digest.hexdigest()


def inputs(project: Project, year: int) -> list[Path]:
    """Every file a build of ``year`` may read: the plans, every table of both years, the
    template and the declarations (the kind's and a commune's additions), listed without
    parsing the declarations so that a no-op build stays cheap."""
    tables = [
        path
        for y in (year, year - 1)
        for path in (sorted(project.data_dir(y).glob("*.csv")) if project.data_dir(y).is_dir() else [project.units_file(y)])
    ]
    declarations = sorted(project.templates_dir.glob("*.yaml")) if project.templates_dir.is_dir() else []
    # Last year's other documents (its results report: the plan's units are compared with it).
    contexts = sorted(project.plans_dir.glob(f"{year - 1}-*.yaml")) if project.plans_dir.is_dir() else []
    return [project.plan_file(year), project.plan_file(year - 1), *contexts, *tables, project.template_file, *declarations]


def build_key(project: Project, year: int, *, draft: bool) -> str | None:
    """The key of a build of ``year``; None when an input cannot be read (the build will say why)."""
    digest = hashlib.sha256(f"vanban-stamp {FORMAT}\0year {year}\0draft {int(draft)}\0code {code_version()}\0".encode())
    for path in inputs(project, year):
        digest.update(project.display(path).encode() + b"\0")
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            digest.update(b"absent\0")
            continue
        except OSError:
            return None
        digest.update(f"{len(data)}\0".encode() + data)
    return digest.hexdigest()


def stamp_file(output: Path) -> Path:
    """``build/<year>/x.docx`` -> ``build/.stamps/x.docx.json``: outside the year's folder, which holds documents only."""
    return output.parent.parent / STAMPS_DIR / f"{output.name}.json"


def _finding(data: dict) -> Finding:
    return Finding(data["code"], Severity(data["severity"]), Place(**data["place"]), data["message"])


def _read(output: Path) -> dict | None:
    try:
        data = json.loads(stamp_file(output).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("format") != FORMAT or data.get("code") != code_version():
        return None
    return data


def _output_matches(output: Path, data: dict) -> bool:
    try:
        return sha256(output.read_bytes()) == data.get("output_sha256")
    except OSError:
        return False


def fresh(output: Path, key: str) -> Stamp | None:
    """The stamp of ``output`` if it was built from ``key`` and is still the document stamped."""
    data = _read(output)
    if data is None or data.get("key") != key or not _output_matches(output, data):
        return None
    try:
        return Stamp(
            key,
            data["output_sha256"],
            [_finding(f) for f in data["findings"]],
            {name: [_finding(f) for f in found] for name, found in data.get("extra", {}).items()},
        )
    except (KeyError, TypeError, ValueError):
        return None


def _save(output: Path, data: dict) -> None:
    from vanban.docx.write import write_atomic

    write_atomic(stamp_file(output), (json.dumps(data, ensure_ascii=False, indent=1) + "\n").encode("utf-8"))


def write(output: Path, key: str, document: bytes, findings: list[Finding]) -> None:
    """Stamp ``output``, just written (or found identical) from ``key``, with the findings its build showed."""
    _save(
        output,
        {
            "format": FORMAT,
            "code": code_version(),
            "key": key,
            "output": output.name,
            "output_sha256": sha256(document),
            "findings": [f.to_dict() for f in findings],
            "extra": {},
        },
    )


def forget(output: Path) -> None:
    """Drop the stamp of ``output``: its next build runs in full."""
    stamp_file(output).unlink(missing_ok=True)


def remember(output: Path, name: str, findings: list[Finding]) -> None:
    """Keep findings about the stamped document itself (e.g. the lint), shown again by a no-op build."""
    data = _read(output)
    if data is None or not _output_matches(output, data):
        return
    data.setdefault("extra", {})[name] = [f.to_dict() for f in findings]
    _save(output, data)


def recall(output: Path, name: str) -> list[Finding] | None:
    """Findings kept by ``remember`` if ``output`` is still the document they were found in."""
    data = _read(output)
    if data is None or name not in data.get("extra", {}) or not _output_matches(output, data):
        return None
    try:
        return [_finding(f) for f in data["extra"][name]]
    except (KeyError, TypeError, ValueError):
        return None
