"""The pipeline, end to end: load -> validate -> compute -> check -> render -> write.

Each step lives in the module of the same name; this one only strings them
together, so it is the place to read to see what a build does.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from .check import check
from .compute import Computed, compute
from .findings import Finding, InputError, Place, error, has_errors, warning
from .load import load_csv, load_yaml
from .project import Project
from .render import context, render
from .validate import ValidPlan, validate
from .write import normalize_zip, write_atomic


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


def load(project: Project, year: int) -> ValidPlan:
    """Load and validate one year's inputs; InputError lists every problem found."""
    plan_path, units_path = project.plan_file(year), project.units_file(year)
    problems: list[Finding] = []
    doc = table = None
    try:
        doc = load_yaml(plan_path, project.display(plan_path))
    except InputError as exc:
        problems += exc.findings
    try:
        table = load_csv(units_path, project.display(units_path))
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
    return Checked(valid, computed, check(valid, computed, previous) + findings)


def document_bytes(project: Project, checked: Checked, *, draft: bool = False) -> bytes:
    """Render a checked plan to the final, deterministic .docx bytes (nothing is written)."""
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
    checked = run_checks(project, year)
    output = project.output_file(year)
    if has_errors(checked.findings) and not draft:
        return BuildResult(output, checked.findings, written=False, changed=False)
    data = document_bytes(project, checked, draft=draft)
    if output.exists() and output.read_bytes() == data:
        return BuildResult(output, checked.findings, written=True, changed=False)
    write_atomic(output, data)
    return BuildResult(output, checked.findings, written=True, changed=True)
