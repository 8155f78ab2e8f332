"""Command entry points behind ``tasks.py``: run a step, print findings, return the exit status.

Exit status: 0 done/clean, 1 findings that block (errors), 2 input that cannot be read.
"""

from __future__ import annotations

import os
import sys
from dataclasses import replace
from pathlib import Path

from vanban.engine import report
from vanban.engine.findings import Finding, InputError, Place, Severity, error, has_errors
from vanban.project import Project

EXIT_OK, EXIT_FINDINGS, EXIT_INPUT = 0, 1, 2


def _print_input_error(exc: InputError) -> int:
    print(report.format_text(exc.findings), file=sys.stderr)
    print("Không đọc được dữ liệu đầu vào; chưa ghi tệp nào.", file=sys.stderr)
    return EXIT_INPUT


def build(root: Path, year: object, *, draft: bool = False, lint: bool = False) -> int:
    """Build one year's plan; ``lint`` runs the Decree 30 lint of the output even when its memo holds."""
    from vanban.pipeline import build as run_build

    project = Project(root)
    try:
        resolved = project.resolve_year(year)
        result = run_build(project, resolved, draft=draft)
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
        for old, aside in result.retired:
            if aside is not None:
                print(
                    f"{project.display(old)}: bản dựng trước không còn khớp với dữ liệu nên đã được chuyển sang "
                    f"{project.display(aside)}; không dùng bản đó thay cho văn bản mới.",
                    file=sys.stderr,
                )
            else:
                print(
                    f"{project.display(old)}: không chuyển được bản dựng trước (tệp đang mở?); bản đó không khớp với "
                    "dữ liệu hiện tại, hãy đóng tệp và dựng lại, không dùng bản đó.",
                    file=sys.stderr,
                )
        return EXIT_FINDINGS
    state = "đã ghi" if result.changed else "không đổi, giữ nguyên"
    print(f"{project.display(result.output)}: {state}.")
    _lint_output(project, result.output, resolved, draft=draft, force=lint)
    return EXIT_OK


def check(root: Path, year: object, *, output_format: str = "text") -> int:
    from vanban.pipeline import run_checks

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


# ---------------------------------------------------------------- real client: Decree 30 lint, PDF, previews


def _lint_key(project: Project, year: int, *, draft: bool) -> str:
    """What the lint of our own output depends on: the code, the template, the year's plan and ``--draft``.

    The form of the document (page, fonts, header, headings, Nơi nhận, signature) comes from the template
    and the code, its header and prose text from the plan; the tables only fill cells whose form the
    template fixes. So a change of figures in the tables, the usual edit, reuses the last lint.
    """
    import hashlib

    from vanban.engine import stamp

    digest = hashlib.sha256(f"lint 1\0{stamp.code_version()}\0draft {int(draft)}\0".encode())
    for path in (project.template_file, project.declaration_for(), project.plan_file(year)):
        try:
            data = path.read_bytes()
        except OSError:
            data = b"\0absent"
        digest.update(f"{project.display(path)}\0{len(data)}\0".encode() + data)
    return digest.hexdigest()


def _lint_memo_file(output: Path) -> Path:
    from vanban.engine import stamp

    return stamp.stamp_file(output).with_name(f"{output.name}.lint.json")


def _lint_memo(output: Path, key: str) -> list[Finding] | None:
    import json

    try:
        data = json.loads(_lint_memo_file(output).read_text(encoding="utf-8"))
        if data["key"] != key:
            return None
        return [Finding(f["code"], Severity(f["severity"]), Place(**f["place"]), f["message"]) for f in data["findings"]]
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _remember_lint(output: Path, key: str, findings: list[Finding]) -> None:
    import json

    from vanban.docx.write import write_atomic

    data = {"key": key, "findings": [f.to_dict() for f in findings]}
    write_atomic(_lint_memo_file(output), (json.dumps(data, ensure_ascii=False, indent=1) + "\n").encode("utf-8"))


def _lint_output(project: Project, output: Path, year: int, *, draft: bool = False, force: bool = False) -> None:
    """Every build's output is under the Decree 30 linter; what it finds is shown as warnings.

    The lint runs when what it depends on changed (``_lint_key``) or when asked (``force``); otherwise
    its last findings, kept with that key, are shown again (a no-op build shows them too).
    """
    key = _lint_key(project, year, draft=draft)
    findings = None if force else _lint_memo(output, key)
    if findings is None:
        from vanban.lint import lint as run_lint

        try:
            findings = run_lint(output, project.display(output))
        except InputError as exc:
            findings = exc.findings
        _remember_lint(output, key, findings)
    if findings:
        print(report.format_text([replace(f, severity=Severity.WARNING) for f in findings]), file=sys.stderr)
        print("Văn bản vừa dựng chưa đúng thể thức Nghị định 30 ở các điểm trên (xem README).", file=sys.stderr)


def lint(path: object, *, select: str | None = None, ignore: str | None = None) -> int:
    """Check any .docx against Decree 30, Phụ lục I: 0 clean, 1 violations, 2 not a readable .docx.

    ``select``/``ignore``: rule codes or prefixes, comma-separated, as ruff takes them (``L1,L112``).
    """
    from vanban.lint import lint as run_lint

    shown = str(path or "").strip()
    if not shown:
        print("Hãy chỉ ra tệp .docx cần kiểm tra, ví dụ: invoke lint van-ban.docx", file=sys.stderr)
        return EXIT_INPUT
    try:
        findings = run_lint(Path(shown), shown, select=select or None, ignore=ignore or None)
    except InputError as exc:
        print(report.format_text(exc.findings), file=sys.stderr)
        return EXIT_INPUT
    if findings:
        print(report.format_text(findings))
    if has_errors(findings):
        return EXIT_FINDINGS
    chosen = " (các quy tắc đã chọn)" if select or ignore else ""
    print(f"{shown}: đúng thể thức Nghị định 30/2020/NĐ-CP ở mọi điểm đã kiểm tra{chosen}.")
    return EXIT_OK


def _built_years(root: Path, year: object, *, draft: bool, every: bool) -> dict[int, int] | int:
    """Build one year (or every year) as ``build`` does; the exit status per year, or one status on bad arguments."""
    if every:
        return build_years(root, draft=draft, year=year)
    status = build(root, year, draft=draft)
    if status == EXIT_INPUT:
        return status
    return {Project(root).resolve_year(year): status}


def pdf(root: Path, year: object = None, *, draft: bool = False, every: bool = False) -> int:
    """Build the year's plan (or every year's), then convert what was built to PDF in one LibreOffice run.

    A PDF whose .docx has not changed since it was converted is kept (its stamp holds).
    """
    return _pdf(root, year, draft=draft, every=every)[0]


def _pdf(root: Path, year: object, *, draft: bool, every: bool) -> tuple[int, list[Path]]:
    from vanban.office.pdf import to_pdfs

    built = _built_years(root, year, draft=draft, every=every)
    if isinstance(built, int):
        return built, []
    project = Project(root)
    ready = [project.output_file(y) for y, status in sorted(built.items()) if status == EXIT_OK]
    worst = max(built.values(), default=EXIT_OK)
    if not ready:
        return worst, []
    try:
        done = to_pdfs(ready, incremental=True, shown=project.display)
    except InputError as exc:
        print(report.format_text(exc.findings), file=sys.stderr)
        return EXIT_INPUT, []
    for written in done.pdfs:
        state = "đã ghi" if written in done.converted else "không đổi, giữ nguyên"
        print(f"{project.display(written)}: {state}.")
    if done.failures:
        print(report.format_text(done.failures), file=sys.stderr)
        worst = EXIT_INPUT
    return worst, done.pdfs


def preview(root: Path, year: object = None, *, resolution: int = 80, draft: bool = False, every: bool = False) -> int:
    """Build and convert the year's plan (or every year's), then draw one PNG per page in build/<year>/preview/."""
    from vanban.office.pdf import to_png

    status, pdfs = _pdf(root, year, draft=draft, every=every)
    project = Project(root)
    for output in pdfs:
        try:
            pages = to_png(output, output.parent / "preview", resolution=resolution)
        except InputError as exc:
            print(report.format_text(exc.findings), file=sys.stderr)
            status = EXIT_INPUT
            continue
        print(f"{project.display(pages[0].parent)}/: {len(pages)} trang ({', '.join(p.name for p in pages)}).")
    return status


def new_year(root: Path, year: object) -> int:
    from vanban.review.newyear import new_year as scaffold

    project = Project(root)
    try:
        new = project.parse_year(year)
        written = scaffold(project, new)
    except InputError as exc:
        return _print_input_error(exc)
    for path in written:
        print(f"{project.display(path)}: đã tạo.")
    print(f"Hãy điền các mục «cần điền», rồi chạy: invoke check --year {new} (còn thiếu gì sẽ được liệt kê).")
    return EXIT_OK


def import_plan(root: Path, source: object, year: object, *, commune: str | None = None, kind: str = "ke-hoach") -> int:
    """Turn a commune's Word plan into plans/<year>.yaml and data/<year>/don_vi.csv; print what was recognised."""
    from vanban.importer import ImportRefused
    from vanban.importer import import_plan as run_import

    project = Project(root)
    shown = str(source or "").strip()
    if not shown:
        print("Hãy chỉ ra tệp Word cần nhập, ví dụ: invoke import ke-hoach-2024.docx --year 2024", file=sys.stderr)
        return EXIT_INPUT
    try:
        target = project.parse_year(year)
        result = run_import(root, Path(shown), target, commune=commune or None, kind=kind or "ke-hoach", shown=shown)
    except InputError as exc:
        return _print_input_error(exc)
    except ImportRefused as exc:
        print(str(exc), file=sys.stderr)
        print("Chưa ghi tệp nào.", file=sys.stderr)
        return EXIT_INPUT
    for path in result.written:
        print(f"{project.display(path)}: đã tạo.")
    report = result.report
    print("Đã nhận ra:")
    print("\n".join(f"  - {line}" for line in report.recognised))
    if report.review:
        print("Cần xem lại:")
        print("\n".join(f"  - {line}" for line in report.review))
    if report.literal:
        print("Để nguyên chữ (không xác định được là số liệu nào):")
        print("\n".join(f"  - {line}" for line in report.literal))
    print(f"Tiếp theo: invoke check --year {target} (số liệu sai và ô còn trống «cần điền» sẽ được liệt kê).")
    return EXIT_OK


def diff(root: Path, *, year_from: object = None, year_to: object = None, year: object = None, rev: str | None = None) -> int:
    """Compare two years, or one year with itself at a git revision; write the report and the redline."""
    import tempfile

    from vanban.review.compare import compare_revision, compare_years

    project = Project(root)
    color = sys.stdout.isatty() and "NO_COLOR" not in os.environ
    try:
        with tempfile.TemporaryDirectory(prefix="vanban-rev-") as tmp:
            if rev is not None:
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


def _build_captured(root: Path, year: int, draft: bool, lint: bool = False) -> tuple[int, str, str]:
    """One year's ``build`` with what it prints kept apart: (status, stdout, stderr)."""
    import contextlib
    import io

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = build(root, year, draft=draft, lint=lint)
    return status, out.getvalue(), err.getvalue()


def build_all(root: Path, *, draft: bool = False, jobs: int | None = None, year: object = None, lint: bool = False) -> int:
    """Build every year of the project; what changed is built in parallel, on all cores.

    Each year's messages are printed together, in year order. Exit status: the worst of the years.
    """
    built = build_years(root, draft=draft, jobs=jobs, year=year, lint=lint)
    return built if isinstance(built, int) else max(built.values())


def build_years(
    root: Path, *, draft: bool = False, jobs: int | None = None, year: object = None, lint: bool = False
) -> dict[int, int] | int:
    """``build_all``'s work: the exit status of each year, or one status when there is nothing to build."""
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
        if lint or stamp.fresh(project, project.output_file(y), draft=draft) is None:
            stale.append(y)
    workers = max(1, min(jobs or os.cpu_count() or 1, len(stale)))
    results: dict[int, tuple[int, str, str]] = {}
    if workers > 1:
        context = None
        if "fork" in multiprocessing.get_all_start_methods():
            # Workers forked from a process that has imported the pipeline start warm:
            # the imports (most of a small build) are paid once, not once per worker.
            context = multiprocessing.get_context("fork")
            import vanban.lint  # noqa: F401
            from vanban.docx import render, template  # noqa: F401
            from vanban.engine import check  # noqa: F401  (check imports load, validate, compute)
        with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
            for y, result in zip(
                stale, pool.map(_build_captured, [root] * len(stale), stale, [draft] * len(stale), [lint] * len(stale))
            ):
                results[y] = result
    for y in years:
        status, out, err = results[y] if y in results else _build_captured(root, y, draft, lint)
        sys.stderr.write(err)
        sys.stdout.write(out)
        results[y] = (status, out, err)
    return {y: results[y][0] for y in years}


def bench(root: Path, *, sizes: str = "", repeat: int = 0, output: str = "") -> int:
    """Measure the build against the floor and the peers; write build/bench/results.{md,json}."""
    # The benchmark is a developer tool outside the package: benchmarks/bench.py.
    sys.path.insert(0, str(root / "benchmarks"))
    import bench as harness

    return harness.main(root, sizes=sizes, repeat=repeat, output=output)
