"""Year-to-year review: the figure and text diff of two plans, and the Word redline.

``compare_years`` (2024 -> 2025) and ``compare_revision`` (2024 now -> 2024 at
HEAD~1) load both plans through the ordinary pipeline, write the Markdown report
to ``build/diff/`` and the redline next to the newer document.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from vanban.docx.redline import redline
from vanban.docx.write import write_atomic
from vanban.engine.files import retired_on_failure
from vanban.engine.findings import InputError, Place, error, has_errors
from vanban.engine.merge import read_merges
from vanban.kinds.registry import Kind, Period
from vanban.pipeline import Checked, document_bytes, run_checks
from vanban.project import Project
from vanban.review.diff import PlanDiff, diff_plans, to_markdown, to_terminal
from vanban.review.history import plan_at


@dataclass(frozen=True)
class Review:
    diff: PlanDiff
    written: list[Path]

    def terminal(self, *, color: bool) -> str:
        return to_terminal(self.diff, color=color)


def _document(project: Project, checked: Checked) -> bytes:
    # A plan still being drafted is compared as its draft, marked DỰ THẢO.
    return document_bytes(project, checked, draft=has_errors(checked.findings))


def _review(
    old: tuple[Project, Checked],
    new: tuple[Project, Checked],
    labels: tuple[str, str],
    report: Path,
    redline_path: Path,
    merges: dict[str, tuple[str, ...]] | None = None,
) -> Review:
    (old_project, a), (new_project, b) = old, new
    diff = diff_plans((a.valid, a.computed), (b.valid, b.computed), *labels, merges)
    write_atomic(report, to_markdown(diff).encode("utf-8"))
    write_atomic(redline_path, redline(_document(old_project, a), _document(new_project, b)))
    return Review(diff, [report, redline_path])


def compare_years(project: Project, year_from: int | None, year_to: int) -> Review:
    if year_from is None:
        earlier = [y for y in project.years() if y < year_to]
        if not earlier:
            raise InputError([error("A004", Place("--from"), f"không có kế hoạch nào trước năm {year_to} để so sánh.")])
        year_from = earlier[-1]
    if year_from == year_to:
        raise InputError([error("A005", Place("--from"), "hai năm so sánh phải khác nhau.")])
    report = diff_dir(project) / f"{year_from}-{year_to}.md"
    target = project.build_dir(year_to) / f"ke-hoach-giam-ngheo-{year_to}-so-voi-{year_from}.docx"
    with retired_on_failure((report, target), project.display):  # never last time's redline beside this error
        old, new = run_checks(project, year_from), run_checks(project, year_to)
    # The year's merge map says which units of the year before it merged or renamed.
    merges = None
    if year_from == year_to - 1:
        merges = read_merges(project.merge_file(year_to), project.display(project.merge_file(year_to)))
    return _review((project, old), (project, new), (str(year_from), str(year_to)), report, target, merges)


def diff_dir(project: Project) -> Path:
    """``build/diff/`` (default commune), ``build/<commune>/diff/``."""
    return project.build_dir(0).parent / "diff"


def compare_revision(project: Project, year: int, rev: str, workdir: Path) -> Review:
    """The plan of ``year`` as it is now, against the same plan at git revision ``rev``."""
    slug = re.sub(r"[^\w.-]+", "_", rev).strip("_") or "rev"
    report = diff_dir(project) / f"{year}-{slug}.md"
    target = project.build_dir(year) / f"ke-hoach-giam-ngheo-{year}-so-voi-{slug}.docx"
    with retired_on_failure((report, target), project.display):
        past = plan_at(project, year, rev, workdir)
        old, new = run_checks(past, year), run_checks(project, year)
    return _review((past, old), (project, new), (f"{year} ({rev})", f"{year} (hiện tại)"), report, target)


def compare_kind(
    project: Project,
    kind: Kind,
    period: Period,
    workdir: Path,
    *,
    year_from: int | None = None,
    year_to: int | None = None,
    year: int | None = None,
    rev: str | None = None,
) -> Review:
    """``invoke diff`` for any kind: a kind with its own figures' diff (``Kind.review``) uses it, others the plan's."""
    import importlib

    if kind.review is not None:
        module = importlib.import_module(kind.review)
        if rev is not None:
            return module.compare_revision(project, year, rev, workdir, kind, period)
        return module.compare_years(project, year_from, year_to, kind, period)
    if rev is not None:
        return compare_revision(project, year, rev, workdir)  # type: ignore[arg-type]
    return compare_years(project, year_from, year_to)  # type: ignore[arg-type]
