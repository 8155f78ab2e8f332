"""Every document at once: ``build --all``.

Each piece of work is done once. The documents whose stamp holds finish at once; the others are built by a
pool of one process per core, each started warm by ``_warm`` (the pipeline, the docx stack and the linter
imported, each kind's template parsed once, ``docx.template.parsed_template``; docxtpl's Jinja texts are
compiled once per process, ``docx.render.jinja_environment``), each document's lint reading the tree its
build made. A commune's plan checked by its build gives what the province summary reads from it there and
then (its row, ``summary.commune_row``, and its rate for the trend over the years), so the summary that
follows does not check the plans again; what those checks read comes back with them (``Outcome.read``), part
of the summary's stamp, so a changed plan rebuilds the summary and an unchanged one leaves it as it is. What each document
prints is kept and printed together, commune by commune, year by year; the bytes are those of a build of
one document at a time (``tests/test_batch.py``).
"""

from __future__ import annotations

import contextlib
import io
import multiprocessing
import os
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from vanban.commands.cli import (
    Job,
    _print_input_error,
    build_document,
    job_output,
    tong_hop,
    unread_findings,
)
from vanban.engine import printer, reads  # printer: the findings printer
from vanban.engine.findings import InputError, Place, error
from vanban.kinds import registry
from vanban.project import Project

# A commune's row of the province summary of a year, made from its plan's checks: (slug, year) -> what
# ``summary.summarize`` takes as ``known``.
Rows = dict[tuple[str, int], tuple[Any, list]]


@dataclass(frozen=True)
class Outcome:
    """One document's build: its exit status, what it printed, and its summary row when it made one."""

    status: int
    out: str
    err: str
    row: tuple[Any, list] | None = None
    rate: tuple[Any, str, int] | None = None  # a plan's (ty_le_ho_ngheo, commune name, errors), for the trend
    # With a row or a rate: what the plan's build and the row read (``engine.reads``), inputs of the summary's
    # stamp, since the summary takes them from here rather than reading the plan itself.
    read: reads.Reads | None = None


@dataclass
class Built:
    statuses: dict[Job, int]
    rows: Rows = field(default_factory=dict)
    rates: dict[tuple[str, int], tuple[Any, str, int]] = field(default_factory=dict)
    read: list[reads.Reads] = field(default_factory=list)  # what the rows and rates were made from


def jobs_of(project: Project) -> list[Job]:
    """Every document of the repository, in build order (``registry.jobs``): each commune's years and kinds,
    then each province document (the summary after the communes)."""
    return registry.jobs(project.root)


def _province(root: Path, job: Job) -> bool:
    return registry.kinds(root)[job[2]].province


def build_one(root: Path, job: Job, draft: bool, lint: bool, summaries: frozenset[int]) -> Outcome:
    """One commune document's ``build`` with what it prints kept apart. A plan whose checks ran also gives what
    the province summary reads from them: its row when the year has a summary, and its poverty rate (the
    workbook's trend over the years)."""
    from vanban.communes.summary import commune_name, commune_row

    commune, year, kind, ky = job
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        # No laid-out page check here (render=False): one LibreOffice run per document; ``lint --render`` does it.
        status, result = build_document(
            root, year, draft=draft, lint=lint, commune=commune or None, kind=kind, ky=ky or None, render=False
        )
    row = rate = read = None
    if kind == registry.PLAN and summaries and result is not None and result.checked is not None:
        here = Project(root).for_commune(commune)
        # What the row and the rate read besides the build's checks (the commune's settings, its report).
        with reads.recording() as read:
            if result.record is not None:
                reads.include(result.record)
            decl = _summary_declaration(root) if year in summaries else None
            if decl is not None:
                found: list = []
                # As the summary makes it (``tong_hop`` with the same --draft), with the province's declaration:
                # never a commune's own additions (plans/<xã>/tong-hop.rieng.yaml), which ``summarize`` does not read.
                try:
                    row = (commune_row(here, year, draft=draft, findings=found, checked=result.checked, decl=decl), found)
                except InputError:
                    row = None  # the summary makes this row itself and says why it cannot, in its own words
            try:
                checked = result.checked
                errors = sum(1 for f in checked.findings if f.severity == "error")  # as ``workbook.trend_panel`` counts
                rate = (checked.computed.values.get("ty_le_ho_ngheo"), commune_name(here, year), errors)
            except InputError:
                rate = None  # the summary's trend reads this plan itself, and leaves it out as before
    return Outcome(status, out.getvalue(), err.getvalue(), row, rate, read if row is not None or rate is not None else None)


def _summary_declaration(root: Path) -> Any:
    """The summary's declaration as ``summarize`` reads it; None when it cannot be read (the summary says why)."""
    from vanban.communes.summary import declaration

    try:
        return declaration(Project(root))
    except InputError:
        return None


def _build_province(root: Path, job: Job, draft: bool, built: Built) -> Outcome:
    """A province document (the summary of a year), after every commune's, from the rows and rates their
    builds gave."""
    _, year, kind, _ = job
    known = {slug: row for (slug, row_year), row in built.rows.items() if row_year == year}
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = tong_hop(
            root, year, draft=draft, kind=kind, known=known, rates=built.rates, read_elsewhere=built.read, render=False
        )
    return Outcome(status, out.getvalue(), err.getvalue())


def _warm(templates: tuple[Path, ...]) -> None:
    """A worker's start: what every build imports, and each kind's template parsed once."""
    import vanban.lint  # noqa: F401
    from vanban.docx import render, template
    from vanban.engine import check  # noqa: F401  (check imports load, validate, compute)

    render.jinja_environment()
    for path in templates:
        try:
            template.parsed_template(path.read_bytes())
        except Exception:  # noqa: BLE001  (a template that cannot be read is reported by its build, M003)
            continue


def _run(root: Path, jobs: list[Job], draft: bool, lint: bool, summaries: frozenset[int], workers: int,
         templates: tuple[Path, ...]) -> Iterable[Outcome]:  # fmt: skip
    """Each job's outcome, in the order of ``jobs``: here when one worker is enough, else in a warm pool."""
    if workers <= 1:
        _warm(templates)
        return (build_one(root, job, draft, lint, summaries) for job in jobs)
    from concurrent.futures import ProcessPoolExecutor

    # Forked workers start with what this process imported (Windows starts them fresh: ``_warm`` imports).
    context = multiprocessing.get_context("fork") if "fork" in multiprocessing.get_all_start_methods() else None
    if context is not None:
        _warm(())
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=_warm, initargs=(templates,))
    n = len(jobs)
    outcomes = pool.map(
        build_one, [root] * n, jobs, [draft] * n, [lint] * n, [summaries] * n, chunksize=max(1, n // (workers * 8))
    )
    return _closing(outcomes, pool)


def _closing(outcomes: Iterable[Outcome], pool: Any) -> Iterable[Outcome]:
    with pool:
        yield from outcomes


def build_years(
    root: Path, *, draft: bool = False, jobs: int | None = None, year: object = None, lint: bool = False
) -> Built | int:
    """``build_all``'s work: each document's exit status and the summary rows made on the way, or one status
    when there is nothing to build."""
    from vanban.engine import stamp

    if year is not None:
        return _print_input_error(
            InputError([error("A001", Place("--year"), "dùng --year cho một năm hoặc --all cho mọi năm, không dùng cả hai.")])
        )
    project = Project(root)
    unread = unread_findings(project)
    if unread:
        print(printer.format_text(unread), file=sys.stderr)
    every = jobs_of(project)
    communes = [job for job in every if not _province(root, job)]
    if not communes:
        shown = "plans/<năm>.yaml hoặc plans/<mã xã>/<năm>.yaml"
        return _print_input_error(InputError([error("A001", Place("--all"), f"chưa có kế hoạch năm nào ({shown}).")]))
    # Documents whose stamp still holds finish at once here (their build is a no-op); the others go to the pool.
    stale = [
        job for job in communes if lint or stamp.fresh(project.for_commune(job[0]), job_output(project, job), draft=draft) is None
    ]
    known_kinds = registry.kinds(root)
    templates = tuple(known_kinds[name].template(project) for name in sorted({job[2] for job in stale}))
    workers = max(1, min(jobs or os.cpu_count() or 1, len(stale)))
    summaries = frozenset(job[1] for job in every if job[2] == registry.SUMMARY)
    done = dict(zip(stale, _run(root, stale, draft, lint, summaries, workers, templates)))
    built = Built({})
    for job in every:
        if _province(root, job):
            outcome = _build_province(root, job, draft, built)
        else:
            outcome = done.get(job) or build_one(root, job, draft, lint, summaries)
        sys.stderr.write(outcome.err)
        sys.stdout.write(outcome.out)
        built.statuses[job] = outcome.status
        if outcome.row is not None:
            built.rows[(job[0] or "", job[1])] = outcome.row
        if outcome.rate is not None:
            built.rates[(job[0] or "", job[1])] = outcome.rate
        if outcome.read is not None:
            built.read.append(outcome.read)
    return built


def build_all(
    root: Path,
    *,
    draft: bool = False,
    jobs: int | None = None,
    year: object = None,
    lint: bool = False,
    kind: object = None,
    ky: object = None,
) -> int:
    """Build every commune's every year, every kind (the plan, and the results reports whose context exists),
    and each year's summary; what changed is built in parallel, on all cores.

    Each document's messages are printed together, commune by commune, year by year. Exit status: the worst.
    """
    if kind not in (None, "") or ky not in (None, ""):
        return _print_input_error(
            InputError([error("A001", Place("--all"), "--all tạo mọi loại văn bản; không dùng cùng --kind hoặc --ky.")])
        )
    built = build_years(root, draft=draft, jobs=jobs, year=year, lint=lint)
    if isinstance(built, int):
        return built
    return max(built.statuses.values())


__all__ = ["Built", "Outcome", "build_all", "build_one", "build_years", "jobs_of"]
