"""Command entry points behind ``tasks.py``: run a step, print findings, return the exit status.

Exit status: 0 done/clean, 1 findings that block (errors), 2 input that cannot be read.
"""

from __future__ import annotations

import os
import sys
from dataclasses import replace
from pathlib import Path

from vanban.engine import report
from vanban.engine.findings import InputError, Place, Severity, error, has_errors
from vanban.project import DEFAULT_KIND, Project

EXIT_OK, EXIT_FINDINGS, EXIT_INPUT = 0, 1, 2


def _print_input_error(exc: InputError) -> int:
    print(report.format_text(exc.findings), file=sys.stderr)
    print("Không đọc được dữ liệu đầu vào; chưa ghi tệp nào.", file=sys.stderr)
    return EXIT_INPUT


KINDS = {"ke-hoach": "kế hoạch", "bao-cao": "báo cáo kết quả"}


def _kind(kind: object) -> str:
    """The document kind a user typed (--kind); InputError listing the kinds there are."""
    raw = str(kind).strip() if kind not in (None, "") else DEFAULT_KIND
    if raw in KINDS:
        return raw
    known = ", ".join(f"«{k}» ({label})" for k, label in KINDS.items())
    raise InputError([error("A012", Place("--kind"), f"loại văn bản «{raw}» không có; chỉ có {known}.")])


def _report_period(kind: str, ky: object):
    """The report's period (--ky); only the report has periods."""
    from vanban.kinds.bao_cao.period import parse_period

    if kind != "bao-cao":
        if ky not in (None, ""):
            raise InputError([error("A011", Place("--ky"), "--ky chỉ dùng với --kind bao-cao (sơ kết 6 tháng hoặc cả năm).")])
        return None
    return parse_period(ky)


def output_of(project: Project, year: int, kind: str = DEFAULT_KIND, ky: object = None) -> Path:
    period = _report_period(kind, ky)
    return project.output_for(year, kind) if period is None else period.output_file(project, year)


def build(root: Path, year: object, *, draft: bool = False, kind: object = None, ky: object = None) -> int:
    from vanban.pipeline import build as run_build

    project = Project(root)
    try:
        chosen = _kind(kind)
        period = _report_period(chosen, ky)
        if period is None:
            result = run_build(project, project.resolve_year(year), draft=draft)
        else:
            from vanban.kinds.bao_cao.pipeline import build as build_report

            result = build_report(project, project.resolve_year(year), period, draft=draft)
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
    _lint_output(project, result.output)
    return EXIT_OK


def check(root: Path, year: object, *, output_format: str = "text", kind: object = None, ky: object = None) -> int:
    from vanban.pipeline import run_checks, template_problems

    project = Project(root)
    try:
        chosen = _kind(kind)
        period = _report_period(chosen, ky)
        if period is None:
            checked = run_checks(project, project.resolve_year(year))
            if problems := template_problems(project, checked):
                raise InputError(problems)  # what build would refuse, said before it
        else:
            from vanban.kinds.bao_cao.pipeline import run_checks as check_report

            checked = check_report(project, project.resolve_year(year), period)
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


# ---------------------------------------------------------------- real client: Decree 30 lint, PDF, previews


def _lint_output(project: Project, output: Path) -> None:
    """Every build's output goes through the Decree 30 linter; what it finds is shown as warnings."""
    from vanban.engine import stamp

    # A document left as it was stamped was linted when it was written: show that again.
    findings = stamp.recall(output, "lint")
    if findings is None:
        from vanban.lint import lint as run_lint

        try:
            findings = run_lint(output, project.display(output))
        except InputError as exc:
            findings = exc.findings
        stamp.remember(output, "lint", findings)
    if findings:
        print(report.format_text([replace(f, severity=Severity.WARNING) for f in findings]), file=sys.stderr)
        print("Văn bản vừa dựng chưa đúng thể thức Nghị định 30 ở các điểm trên (xem README).", file=sys.stderr)


def lint(path: object) -> int:
    """Check any .docx against Decree 30, Phụ lục I: 0 clean, 1 violations, 2 not a readable .docx."""
    from vanban.lint import lint as run_lint

    shown = str(path or "").strip()
    if not shown:
        print("Hãy chỉ ra tệp .docx cần kiểm tra, ví dụ: invoke lint van-ban.docx", file=sys.stderr)
        return EXIT_INPUT
    try:
        findings = run_lint(Path(shown), shown)
    except InputError as exc:
        print(report.format_text(exc.findings), file=sys.stderr)
        return EXIT_INPUT
    if findings:
        print(report.format_text(findings))
    if has_errors(findings):
        return EXIT_FINDINGS
    print(f"{shown}: đúng thể thức Nghị định 30/2020/NĐ-CP ở mọi điểm đã kiểm tra.")
    return EXIT_OK


def pdf(root: Path, year: object, *, kind: object = None, ky: object = None) -> int:
    """Build the year's plan (or report), then convert it to PDF through LibreOffice."""
    from vanban.office.pdf import to_pdf

    status = build(root, year, kind=kind, ky=ky)
    if status != EXIT_OK:
        return status
    project = Project(root)
    output = output_of(project, project.resolve_year(year), _kind(kind), ky)
    try:
        written = to_pdf(output, shown=project.display(output))
    except InputError as exc:
        print(report.format_text(exc.findings), file=sys.stderr)
        return EXIT_INPUT
    print(f"{project.display(written)}: đã ghi.")
    return EXIT_OK


def preview(root: Path, year: object, *, resolution: int = 80, kind: object = None, ky: object = None) -> int:
    """Build and convert the year's plan (or report), then draw one PNG per page.

    The plan's pages go to build/<year>/preview/, another document's to build/<year>/preview/<its name>/.
    """
    from vanban.office.pdf import to_png

    status = pdf(root, year, kind=kind, ky=ky)
    if status != EXIT_OK:
        return status
    project = Project(root)
    output = output_of(project, project.resolve_year(year), _kind(kind), ky).with_suffix(".pdf")
    folder = output.parent / "preview"
    if output != project.output_file(project.resolve_year(year)).with_suffix(".pdf"):
        folder = folder / output.stem
    try:
        pages = to_png(output, folder, resolution=resolution)
    except InputError as exc:
        print(report.format_text(exc.findings), file=sys.stderr)
        return EXIT_INPUT
    print(f"{project.display(pages[0].parent)}/: {len(pages)} trang ({', '.join(p.name for p in pages)}).")
    return EXIT_OK


def new_year(root: Path, year: object) -> int:
    from vanban.review.newyear import new_year as scaffold

    project = Project(root)
    try:
        new = project.parse_year(year)
        written = scaffold(project, new)
    except InputError as exc:
        return _print_input_error(exc)
    for path in written.paths:
        print(f"{project.display(path)}: đã tạo.")
    print(f"Điểm xuất phát: {written.source}.")
    print(f"Hãy điền các mục «cần điền», rồi chạy: invoke check --year {new} (còn thiếu gì sẽ được liệt kê).")
    return EXIT_OK


def diff(
    root: Path,
    *,
    year_from: object = None,
    year_to: object = None,
    year: object = None,
    rev: str | None = None,
    kind: object = None,
    ky: object = None,
) -> int:
    """Compare two years, or one year with itself at a git revision; write the report and the redline."""
    import tempfile

    from vanban.review.compare import compare_revision, compare_years

    project = Project(root)
    color = sys.stdout.isatty() and "NO_COLOR" not in os.environ
    try:
        period = _report_period(_kind(kind), ky)
        with tempfile.TemporaryDirectory(prefix="vanban-rev-") as tmp:
            if period is not None:
                from vanban.kinds.bao_cao.review import compare_report_revision, compare_report_years

                if rev is not None:
                    result = compare_report_revision(project, project.resolve_year(year), rev, Path(tmp), period)
                else:
                    to = project.resolve_year(year_to)
                    start = None if year_from is None else project.resolve_year(year_from)
                    result = compare_report_years(project, start, to, period)
            elif rev is not None:
                result = compare_revision(project, project.resolve_year(year), rev, Path(tmp))
            else:
                to = project.resolve_year(year_to)
                result = compare_years(project, None if year_from is None else project.resolve_year(year_from), to)
    except InputError as exc:
        return _print_input_error(exc)
    try:
        sys.stdout.write(result.terminal(color=color))
        print()
        for path in result.written:
            print(f"{project.display(path)}: đã ghi.")
    except BrokenPipeError:  # piped into head or less and closed early: the files are written
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    return EXIT_OK


def setup_git(root: Path) -> int:
    from vanban.review.history import setup_git as configure

    try:
        lines = configure(root)
    except InputError as exc:
        return _print_input_error(exc)
    for line in lines:
        print(f"git config {line}")
    print("Từ nay git diff và git log -p hiển thị tệp .docx dưới dạng văn bản; git diff --word-diff so CSV theo từng ô.")
    return EXIT_OK


# ---------------------------------------------------------------- every year at once; the benchmark


def _build_captured(root: Path, year: int, draft: bool) -> tuple[int, str, str]:
    """One year's ``build`` with what it prints kept apart: (status, stdout, stderr)."""
    import contextlib
    import io

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = build(root, year, draft=draft)
    return status, out.getvalue(), err.getvalue()


def build_all(root: Path, *, draft: bool = False, jobs: int | None = None, year: object = None) -> int:
    """Build every year of the project; what changed is built in parallel, on all cores.

    Each year's messages are printed together, in year order. Exit status: the worst of the years.
    """
    import multiprocessing
    import os
    from concurrent.futures import ProcessPoolExecutor

    from vanban.engine import stamp

    if year is not None:
        return _print_input_error(
            InputError([error("A001", Place("--year"), "dùng --year cho một năm hoặc --all cho mọi năm, không dùng cả hai.")])
        )
    project = Project(root)
    years = project.years()
    if not years:
        shown = project.display(project.plan_file(0)).replace("0.yaml", "<năm>.yaml")
        return _print_input_error(InputError([error("A001", Place("--all"), f"chưa có kế hoạch năm nào ({shown}).")]))
    # Years whose stamp still holds finish at once here; the others go to a pool of processes.
    stale = []
    for y in years:
        key = stamp.build_key(project, y, draft=draft)
        if key is None or stamp.fresh(project.output_file(y), key) is None:
            stale.append(y)
    workers = max(1, min(jobs or os.cpu_count() or 1, len(stale)))
    results: dict[int, tuple[int, str, str]] = {}
    if workers > 1:
        context = None
        if "fork" in multiprocessing.get_all_start_methods():
            # Workers forked from a process that has imported the pipeline start warm:
            # the imports (most of a small build) are paid once, not once per worker.
            context = multiprocessing.get_context("fork")
            from vanban import lint  # noqa: F401
            from vanban.docx import render, template  # noqa: F401
            from vanban.engine import check  # noqa: F401  (check imports load, validate, compute)
        with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
            for y, result in zip(stale, pool.map(_build_captured, [root] * len(stale), stale, [draft] * len(stale))):
                results[y] = result
    for y in years:
        status, out, err = results[y] if y in results else _build_captured(root, y, draft)
        sys.stderr.write(err)
        sys.stdout.write(out)
        results[y] = (status, out, err)
    return max(status for status, _, _ in results.values())


def bench(root: Path, *, sizes: str = "", repeat: int = 0, output: str = "") -> int:
    """Measure the build against the floor and the peers; write build/bench/results.{md,json}."""
    # The benchmark is a developer tool outside the package: benchmarks/bench.py.
    sys.path.insert(0, str(root / "benchmarks"))
    import bench as harness

    return harness.main(root, sizes=sizes, repeat=repeat, output=output)
