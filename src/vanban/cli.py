"""Command entry points behind ``tasks.py``: run a step, print findings, return the exit status.

Exit status: 0 done/clean, 1 findings that block (errors), 2 input that cannot be read.
"""

from __future__ import annotations

import sys
from dataclasses import replace
from pathlib import Path

from . import report
from .findings import InputError, Severity, has_errors
from .project import Project

EXIT_OK, EXIT_FINDINGS, EXIT_INPUT = 0, 1, 2


def _print_input_error(exc: InputError) -> int:
    print(report.format_text(exc.findings), file=sys.stderr)
    print("Không đọc được dữ liệu đầu vào; chưa ghi tệp nào.", file=sys.stderr)
    return EXIT_INPUT


def build(root: Path, year: object, *, draft: bool = False) -> int:
    from .build import build as run_build

    project = Project(root)
    try:
        result = run_build(project, project.resolve_year(year), draft=draft)
    except InputError as exc:
        return _print_input_error(exc)
    findings = result.findings
    if draft:
        # A draft is written despite its findings; they are shown as warnings to fix before signing.
        findings = [replace(f, severity=Severity.WARNING) for f in findings]
    if findings:
        print(report.format_text(findings), file=sys.stderr)
    if not result.written:
        print("Có lỗi số liệu nên chưa dựng văn bản (dùng --draft để dựng bản dự thảo).", file=sys.stderr)
        return EXIT_FINDINGS
    state = "đã ghi" if result.changed else "không đổi, giữ nguyên"
    print(f"{project.display(result.output)}: {state}.")
    return EXIT_OK


def check(root: Path, year: object, *, output_format: str = "text") -> int:
    from .build import run_checks

    project = Project(root)
    try:
        checked = run_checks(project, project.resolve_year(year))
    except InputError as exc:
        if output_format == "json":
            print(report.format_json(exc.findings))
            return EXIT_INPUT
        return _print_input_error(exc)
    if output_format == "json":
        print(report.format_json(checked.findings))
    elif checked.findings:
        print(report.format_text(checked.findings))
    else:
        print("Không có lỗi: mọi số liệu đã ghi khớp với số liệu tính được.")
    return EXIT_FINDINGS if has_errors(checked.findings) else EXIT_OK
