"""The code's own checks run with the tests, so a helper sees a style or type error before landing:
ruff (lint and ``ruff format --check``) over everything, mypy over ``src/`` (configured in pyproject.toml)."""

from __future__ import annotations

import importlib.util
import subprocess
import sys

import pytest

from .conftest import ROOT


def _tool(module: str, *args: str) -> subprocess.CompletedProcess[str]:
    if importlib.util.find_spec(module) is None:
        pytest.fail(f"{module} is not installed: .venv/bin/pip install -e '.[test]'")
    return subprocess.run([sys.executable, "-m", module, *args], cwd=ROOT, capture_output=True, text=True)


def test_ruff_finds_nothing() -> None:
    done = _tool("ruff", "check", "--no-cache", ".")
    assert done.returncode == 0, done.stdout + done.stderr + "\n(fix, or: ruff check --fix .)"


def test_the_code_is_formatted() -> None:
    done = _tool("ruff", "format", "--check", "--no-cache", ".")
    assert done.returncode == 0, done.stdout + done.stderr + "\n(run: ruff format .)"


def test_mypy_finds_no_type_error() -> None:
    done = _tool("mypy")
    assert done.returncode == 0, done.stdout + done.stderr
