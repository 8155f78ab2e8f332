"""The pipeline, end to end: load -> validate -> compute -> check -> render -> write.

Each step lives in the module of the same name; this one only strings them
together, so it is the place to read to see what a build does.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from vanban.engine import stamp
from vanban.engine.findings import Finding, InputError, Place, error, has_errors, warning
from vanban.project import Project

# The steps are imported where they run: a no-op build (see ``stamp``) must not pay for
# pydantic and the docx stack, and ``check`` must not pay for the docx stack.
if TYPE_CHECKING:
    from vanban.engine.compute import Computed
    from vanban.engine.validate import ValidPlan


@dataclass(frozen=True)
class Checked:
    valid: ValidPlan
    computed: Computed
    findings: list[Finding]


@dataclass(frozen=True)
class BuildResult:
    output: Path
    findings: list[Finding]
    written: bool  # False when refused because of errors
    changed: bool  # False when the file on disk already had these bytes
    skipped: bool = False  # True when nothing it is made from changed since its stamp (no step ran)


def load(project: Project, year: int) -> ValidPlan:
    """Load and validate one year's inputs; InputError lists every problem found."""
    from vanban.communes.settings import fill_officers, load_plan_document
    from vanban.engine.load import load_csv
    from vanban.engine.validate import validate

    units_path = project.units_file(year)
    problems: list[Finding] = []
    doc = table = None
    try:
        doc = load_plan_document(project, year)  # the year's YAML over the commune's settings
    except InputError as exc:
        problems += exc.findings
    try:
        table = fill_officers(project, load_csv(units_path, project.display(units_path)))
    except InputError as exc:
        problems += exc.findings
    if problems or doc is None or table is None:
        raise InputError(problems)
    valid = validate(doc, table)
    if valid.plan.year != year:
        raise InputError(
            [error("S020", doc.place(("nam",)), f"tệp {doc.file} ghi năm {valid.plan.year}, không khớp với tên tệp ({year}).")]
        )
    return valid


def run_checks(project: Project, year: int) -> Checked:
    from vanban.engine.check import check
    from vanban.engine.compute import compute

    valid = load(project, year)
    computed = compute(valid)
    findings: list[Finding] = []
    previous = None
    if project.plan_file(year - 1).exists():
        try:
            last = load(project, year - 1)
            previous = (last, compute(last))
        except InputError as exc:
            where = project.display(project.plan_file(year - 1))
            findings.append(
                warning(
                    "X000", Place(where), f"không đối chiếu được với năm {year - 1}: dữ liệu năm đó có {len(exc.findings)} lỗi."
                )
            )
    merges = None
    if previous is not None and project.merge_file(year).is_file():
        from vanban.communes.merge import read_merges

        merges = read_merges(project.merge_file(year), project.display(project.merge_file(year)))
    return Checked(valid, computed, check(valid, computed, previous, merges) + findings)


def document_bytes(project: Project, checked: Checked, *, draft: bool = False) -> bytes:
    """Render a checked plan to the final, deterministic .docx bytes (nothing is written)."""
    from vanban.docx.render import context, render
    from vanban.docx.write import normalize_zip

    plan = checked.valid.plan
    ctx = context(checked.valid, checked.computed, draft=draft)
    data = render(
        project.template_file,
        project.display(project.template_file),
        ctx,
        author=plan.document.agency_name,
        title=f"{plan.document.doc_type.capitalize()} {ctx['trich_yeu'][:1].lower()}{ctx['trich_yeu'][1:]}",
        issued=plan.document.date.as_date if plan.document.date else dt.date(plan.year, 1, 1),
    )
    return normalize_zip(data)


def build(project: Project, year: int, *, draft: bool = False) -> BuildResult:
    output = project.output_file(year)
    # The key is taken before any input is read: an input edited during the build
    # leaves a stamp that no longer matches, so the next build runs again.
    key = stamp.build_key(project, year, draft=draft)
    if key is not None and (kept := stamp.fresh(output, key)) is not None:
        return BuildResult(output, kept.findings, written=True, changed=False, skipped=True)
    checked = run_checks(project, year)
    if has_errors(checked.findings) and not draft:
        return BuildResult(output, checked.findings, written=False, changed=False)
    from vanban.docx.write import write_atomic

    data = document_bytes(project, checked, draft=draft)
    changed = not (output.exists() and output.read_bytes() == data)
    if changed:
        write_atomic(output, data)
    if key is not None and not has_errors(checked.findings):
        stamp.write(output, key, data, checked.findings)
    else:
        stamp.forget(output)  # a draft with errors is built again every time
    return BuildResult(output, checked.findings, written=True, changed=changed)
