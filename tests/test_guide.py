"""The user guide cannot lie: every command it shows runs, prints what it shows, and the site builds."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import ROOT

sys.path.insert(0, str(ROOT / "tools"))
sys.path.insert(0, str(ROOT / "docs" / "hooks"))
import guide  # noqa: E402  tools/guide.py
import ma_loi  # noqa: E402  docs/hooks/ma_loi.py

from vanban.engine.codes import CODES  # noqa: E402

pytestmark = pytest.mark.guide

PAGES = sorted(guide.GUIDE.glob("*.md"))


@pytest.mark.parametrize("page", PAGES, ids=[p.name for p in PAGES])
def test_every_command_prints_what_the_guide_shows(page: Path, tmp_path: Path) -> None:
    _, mismatches = guide.run_page(page, tmp_path)
    assert not mismatches, (
        "\n\n".join(f"{m.command}\n--- guide\n{m.expected}\n+++ actual\n{m.actual}" for m in mismatches)
        + "\n\n(re-run: python tools/guide.py, and review the diff)"
    )


def test_the_guide_runs_commands_and_shows_real_output() -> None:
    commands = [c for page in PAGES for s in guide.steps(page.read_text(encoding="utf-8")) for c in s.commands]
    assert len(commands) >= 10
    assert all(c.status is not None for c in commands), "every command has its exit status recorded"
    assert all(c.output.strip() for c in commands), "every command shows what it prints"


def test_images_of_real_output_are_in_the_guide() -> None:
    for page in PAGES:
        for step in guide.steps(page.read_text(encoding="utf-8")):
            if step.kind == "image":
                image = page.parent / step.text
                assert image.exists() and image.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n", image


def test_the_site_builds_strictly(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(tmp_path / "site")],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    codes_page = (tmp_path / "site" / "ma-loi.html").read_text(encoding="utf-8")
    for code, entry in CODES.items():
        assert (f"<td>{code}</td>" in codes_page) is not entry.developer, code


def _emitted_codes() -> set[str]:
    """Every finding code the sources can emit: a code literal passed to error()/warning()/Finding()."""
    pattern = re.compile(r'"([A-Z]\d{3})"')
    found: set[str] = set()
    for path in (ROOT / "src" / "vanban").rglob("*.py"):
        if path.name == "codes.py":
            continue
        found |= set(pattern.findall(path.read_text(encoding="utf-8")))
    return found


def test_every_code_the_program_emits_is_explained_in_the_guide() -> None:
    page = ma_loi.codes_markdown()
    developer = {code for code, entry in CODES.items() if entry.developer}
    missing = sorted(code for code in _emitted_codes() - developer if f"| {code} |" not in page)
    assert not missing, f"codes with no entry in vanban/engine/codes.py (or the lint registry): {missing}"
    # Developer-only codes (a test's UNO, git plumbing) are registered but kept off the officer's page.
    assert developer >= {"E005", "G002"} and not [code for code in developer if f"| {code} |" in page]


def test_messages_never_send_the_officer_to_the_english_readme() -> None:
    """The officer reads the Vietnamese guide: no code's text, and no message the sources print, names README."""
    assert not [code for code, entry in CODES.items() if "README" in entry.title + entry.fix]
    for path in (ROOT / "src" / "vanban").rglob("*.py"):
        lines = [line for line in path.read_text(encoding="utf-8").splitlines() if not line.lstrip().startswith("#")]
        assert not [line for line in lines if re.search(r"[\"'].*README", line)], path


def test_the_codes_page_keeps_placeholders_in_angle_brackets() -> None:
    """A fix like «ghi --year ‹năm>» or «plans/<mã xã>/» must show its placeholder, not lose it as an HTML tag."""
    import markdown  # mkdocs' own renderer
    from ma_loi import _cell

    html = markdown.markdown(
        f"| a |\n|---|\n| {_cell('ghi ‹năm> và plans/<mã xã>/, lệnh `invoke check --year <năm>`')} |", extensions=["tables"]
    )
    assert "‹năm&gt;" in html and "plans/&lt;mã xã&gt;/" in html and "<code>invoke check --year &lt;năm&gt;</code>" in html
