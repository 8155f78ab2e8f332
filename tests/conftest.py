from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import NoReturn

import pytest
from hypothesis import HealthCheck, settings

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "benchmarks"))

from vanban.pipeline import build  # noqa: E402
from vanban.project import Project  # noqa: E402

FIXTURES = Path(__file__).parent / "fixtures"
# A build lays its document out with LibreOffice when it is installed (cli.RENDER_ENV): a few seconds a
# build, so off for the suite (and the guide's scenarios it runs); tests/test_layout.py turns it on.
os.environ.setdefault("VANBAN_RENDER", "0")

# Property tests judge the code, not the clock: on a shared machine a slow neighbour would fail a correct test
# through hypothesis's time-based checks (a per-example deadline, "input generation too slow"). Speed is
# measured by the benchmark, never asserted (docs/dev/performance.md).
settings.register_profile("vanban", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("vanban")


def copy_project(target: Path) -> Project:
    """A throwaway copy of the repository's inputs, so tests never touch build/ or the data."""
    for name in ("plans", "data", "templates"):
        shutil.copytree(ROOT / name, target / name)
    return Project(target)


@pytest.fixture
def project(tmp_path: Path) -> Project:
    return copy_project(tmp_path / "project")


@pytest.fixture
def checks(monkeypatch) -> Counter:
    """How many times each commune's year is checked (``pipeline.run_checks``, in this process): (commune, year) -> n."""
    from vanban import pipeline

    counted: Counter = Counter()
    real = pipeline.run_checks

    def counting(project, year, *args, **kwargs):
        counted[(project.commune, year)] += 1
        return real(project, year, *args, **kwargs)

    monkeypatch.setattr(pipeline, "run_checks", counting)
    return counted


@pytest.fixture(scope="session")
def built_2024(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The 2024 plan built once from a copy of the repository's inputs."""
    project = copy_project(tmp_path_factory.mktemp("built") / "project")
    result = build(project, 2024)
    assert result.written, result.findings
    return result.output


def replace_block(text: str, key: str, block: str) -> str:
    """Swap the top-level YAML mapping ``key:`` (up to the next top-level line) for ``block``."""
    lines = text.splitlines(keepends=True)
    start = next(i for i, line in enumerate(lines) if line.startswith(f"{key}:"))
    end = next((i for i in range(start + 1, len(lines)) if lines[i][:1] not in (" ", "\n", "#")), len(lines))
    return "".join(lines[:start]) + block + "".join(lines[end:])


def edit(path: Path, old: str, new: str) -> None:
    """Replace one exact piece of a project file; fails loudly if it is not there."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def unavailable(reason: str) -> NoReturn:
    """Skip for want of a tool or file on a developer's machine; in CI (CI=true), which installs them
    (.ci/run) and has ../shared beside the clone, fail: a test that never runs proves nothing."""
    if os.environ.get("CI") == "true":
        pytest.fail(f"CI must run this test: {reason}")
    pytest.skip(reason)


def soffice_convert(source: Path, target: str, outdir: Path, profile: Path) -> Path:
    """``source`` converted by a real LibreOffice (``--convert-to target``) into ``outdir``, with the
    LibreOffice profile ``profile`` (a module may share one: it is made once); the converted file.
    Without LibreOffice: skipped on a developer's machine, failed in CI."""
    from vanban.office.pdf import find_soffice

    soffice = find_soffice()
    if soffice is None:
        unavailable("LibreOffice (soffice) is not installed")
    outdir.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--convert-to",
            target,
            "--outdir",
            str(outdir),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
        env=dict(os.environ, HOME=str(profile.parent)),
    )
    return outdir / f"{source.stem}.{target.split(':')[0]}"
