"""Command entry points behind ``tasks.py``: run a step, print findings, return the exit status.

Exit status: 0 done/clean, 1 findings that block (errors), 2 input that cannot be read.

Each command imports the steps it runs inside its own function: ``invoke --list``, ``check`` and a no-op
``build`` must not pay for the docx stack, the linter, pandas/openpyxl or the LibreOffice helpers (the
start-up each costs is measured in docs/dev/performance.md, "where one build's time goes").
"""

from __future__ import annotations

import os
import sys
from dataclasses import replace
from pathlib import Path
from typing import Any

from vanban.engine import printer, reads  # printer: the findings printer (not the results report, a kind)
from vanban.engine.findings import Finding, InputError, Place, Severity, error, has_errors
from vanban.kinds import registry
from vanban.kinds.registry import Kind, Period
from vanban.project import Project

EXIT_OK, EXIT_FINDINGS, EXIT_INPUT = 0, 1, 2

Job = registry.Job  # (commune slug or None: the default commune; year; kind; period key)


def _print_input_error(exc: InputError) -> int:
    print(printer.format_text(exc.findings), file=sys.stderr)
    print("Sửa các chỗ nêu trên rồi chạy lại lệnh; chưa ghi tệp nào.", file=sys.stderr)
    return EXIT_INPUT


def print_os_error(exc: OSError, root: Path | None = None) -> int:
    """An OSError no step turned into a finding (a file in the way, a full disk): F011 naming the file (relative to
    the project ``root`` when it is in it, as every other finding names files), exit 2."""
    from vanban.docx.write import os_error_reason

    # A move (os.replace of a temporary file onto the output) names the output second: that is the user's file.
    named = exc.filename2 if isinstance(exc.filename2, str) else exc.filename
    where = named if isinstance(named, str) else "(tệp)"
    if root is not None and isinstance(named, str):
        try:
            where = Path(os.path.abspath(named)).relative_to(os.path.abspath(root)).as_posix()
        except ValueError:
            pass  # outside the project: the whole path
    finding = error("F011", Place(where), f"không đọc hoặc ghi được tệp: {os_error_reason(exc)}.")
    return _print_input_error(InputError([finding]))


def whole_number(value: object, option: str, low: int, high: int, default: int) -> int:
    """An integer option (``--resolution 80``) within [low, high]; InputError A014 saying the range otherwise."""
    if value in (None, ""):
        return default
    text = str(value).strip()
    if not text.lstrip("-").isdigit() or not low <= int(text) <= high:
        raise InputError(
            [
                error(
                    "A014",
                    Place(f"--{option}"),
                    f"«{text}» không hợp lệ: hãy ghi một số nguyên từ {low} đến {high}, ví dụ {default}.",
                )
            ]
        )
    return int(text)


OUTPUT_FORMATS = ("text", "json")
RESOLUTION = (20, 600)  # dots per inch of a preview page: 20 is a thumbnail, 600 a print proof (A4: 5 000 × 7 000 px)


def _commune(root: Path, commune: object) -> Project:
    """The commune ``--commune`` names, or the one the repository implies (raises InputError)."""
    return Project(root).select(commune)


def _kind(root: Path, kind: object, ky: object = None) -> tuple[Kind, Period]:
    """The document kind and period a user typed (--kind, --ky); InputError listing those there are."""
    return registry.resolve(root, kind, ky)


def output_of(project: Project, year: int, kind: object = None, ky: object = None) -> Path:
    chosen, period = _kind(project.root, kind, ky)
    return chosen.output_file(project, year, period)


def build(
    root: Path,
    year: object,
    *,
    draft: bool = False,
    lint: bool = False,
    commune: object = None,
    kind: object = None,
    ky: object = None,
    render: bool = True,
) -> int:
    """Build one year's plan (or, with ``kind="bao-cao"``, its results report for the period ``ky``);
    ``lint`` runs the Decree 30 lint of the output even when its memo holds; ``render`` checks the page as
    LibreOffice lays it out, when it is installed (``build --all`` does not: one LibreOffice run each)."""
    return build_document(root, year, draft=draft, lint=lint, commune=commune, kind=kind, ky=ky, render=render)[0]


def build_document(
    root: Path,
    year: object,
    *,
    draft: bool = False,
    lint: bool = False,
    commune: object = None,
    kind: object = None,
    ky: object = None,
    render: bool = True,
) -> tuple[int, Any]:
    """``build``, and the pipeline's ``BuildResult`` (None when the input could not be read)."""
    from vanban.pipeline import build as run_build

    try:
        chosen, period = _kind(root, kind, ky)
        if chosen.province:  # one document for the whole repository, not a commune's
            return tong_hop(root, year, draft=draft, kind=chosen.name, render=render), None
        project = _commune(root, commune)
        resolved = _context_year(project, year, chosen, period)
        result = run_build(project, resolved, draft=draft, kind=chosen, period=period, lint=True, relint=lint)
    except InputError as exc:
        return _print_input_error(exc), None
    findings = result.findings
    if draft:
        # A draft is written despite its findings; they are shown as warnings to fix before signing.
        findings = [replace(f, severity=Severity.WARNING) for f in findings]
    if findings:
        print(printer.format_text(findings), file=sys.stderr)
    if not result.written:
        print("Có lỗi số liệu nên chưa tạo văn bản (dùng --draft để tạo bản dự thảo).", file=sys.stderr)
        for old, aside in result.retired:
            if aside is not None:
                print(
                    f"{project.display(old)}: văn bản tạo lần trước không còn khớp với dữ liệu nên đã được chuyển sang "
                    f"{project.display(aside)}; không dùng bản đó thay cho văn bản mới.",
                    file=sys.stderr,
                )
            else:
                print(
                    f"{project.display(old)}: không chuyển được văn bản tạo lần trước (tệp đang mở?); bản đó không khớp với "
                    "dữ liệu hiện tại, hãy đóng tệp và tạo lại, không dùng bản đó.",
                    file=sys.stderr,
                )
        return EXIT_FINDINGS, result
    state = "đã ghi" if result.changed else "không đổi, giữ nguyên"
    print(f"{project.display(result.output)}: {state}.")
    _show_lint(result.lint)
    if render:
        _render_output(project, result.output)
    return EXIT_OK, result


def _context_year(project: Project, year: object, kind: Kind, period: Period) -> int:
    """A document's year: the plan's (``resolve_year``), or the document's own context's when that exists
    (a report imported without its year's plan)."""
    if kind.name != registry.PLAN and year not in (None, ""):
        parsed = project.parse_year(year)
        if reads.exists(kind.context_file(project, parsed, period)):
            return parsed
    return project.resolve_year(year)


def check(
    root: Path, year: object, *, output_format: str = "text", commune: object = None, kind: object = None, ky: object = None
) -> int:
    from vanban.pipeline import checked_document

    output_format = str(output_format or "text").strip()
    if output_format not in OUTPUT_FORMATS:
        return _print_input_error(
            InputError(
                [error("A014", Place("--format"), f"«{output_format}» không hợp lệ: chỉ có {' hoặc '.join(OUTPUT_FORMATS)}.")]
            )
        )
    checked: Any  # a commune document's Checked, or the province Summary: both have ``findings``
    try:
        chosen, period = _kind(root, kind, ky)
        if chosen.province:
            from vanban.communes.summary import check_summary

            checked = check_summary(Project(root), year)
        else:
            project = _commune(root, commune)
            checked = checked_document(project, _context_year(project, year, chosen, period), chosen, period)
    except InputError as exc:
        if output_format == "json":
            print(printer.format_json(exc.findings))
            return EXIT_INPUT
        return _print_input_error(exc)
    if output_format == "json":
        print(printer.format_json(checked.findings))
    elif checked.findings:
        print(printer.format_text(checked.findings))
    else:
        print("Không có lỗi: mọi số liệu đã ghi khớp với số liệu tính được.")
    return EXIT_FINDINGS if has_errors(checked.findings) else EXIT_OK


# ---------------------------------------------------------------- real client: Decree 30 lint, PDF, previews


def _memo_file(output: Path, what: str) -> Path:
    from vanban.engine import stamp

    return stamp.stamp_file(output).with_name(f"{output.name}.{what}.json")


def _memo(output: Path, key: str, what: str) -> list[Finding] | None:
    import json

    try:
        data = json.loads(_memo_file(output, what).read_text(encoding="utf-8"))
        if data["key"] != key:
            return None
        return [Finding.from_dict(f) for f in data["findings"]]
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _remember(output: Path, key: str, findings: list[Finding], what: str) -> None:
    import json

    from vanban.docx.write import write_atomic

    data = {"key": key, "findings": [f.to_dict() for f in findings]}
    write_atomic(_memo_file(output, what), (json.dumps(data, ensure_ascii=False, indent=1) + "\n").encode("utf-8"))


def _show_lint(findings: list[Finding] | None) -> None:
    """The Decree 30 lint of what a build wrote (``pipeline.build``, kept in its stamp), shown as warnings."""
    if findings:
        print(printer.format_text([replace(f, severity=Severity.WARNING) for f in findings]), file=sys.stderr)
        print(
            "Văn bản vừa tạo chưa đúng thể thức Nghị định 30 ở các điểm trên "
            "(xem trang «Mã lỗi» của Hướng dẫn sử dụng, docs/huong-dan/ma-loi.md).",
            file=sys.stderr,
        )


def _lint_laid_out(
    path: Path, shown: str, *, select: str | list[str] | None = None, ignore: str | list[str] | None = None
) -> list[Finding]:
    """``lint`` with the rules of the laid-out page: ``path`` converted by LibreOffice into a temporary folder."""
    import tempfile

    from vanban.lint import lint as run_lint
    from vanban.office.pdf import to_pdf

    with tempfile.TemporaryDirectory(prefix="vanban-render-") as tmp:
        pdf = to_pdf(path, Path(tmp) / "van-ban.pdf", shown=shown)
        return run_lint(path, shown, select=select, ignore=ignore, render=True, pdf=pdf)


RENDER_ENV = "VANBAN_RENDER"  # "0": build leaves the laid-out page unchecked (the test suite's default)


def _render_output(project: Project, output: Path) -> None:
    """With LibreOffice installed, the built document is laid out and read back (L150–L157); warnings.

    One LibreOffice run costs a few seconds, so it is done once per document bytes: the findings are kept
    with the sha256 of the document and the code, and a rebuild that writes the same bytes shows them
    again without LibreOffice. Without LibreOffice nothing is said (``lint --render`` says what is missing).
    """
    import hashlib

    from vanban.engine import stamp
    from vanban.office.pdf import find_soffice

    if os.environ.get(RENDER_ENV) == "0" or find_soffice() is None:
        return
    try:
        data = output.read_bytes()
    except OSError:
        return
    key = hashlib.sha256(f"render 1\0{stamp.code_version()}\0".encode() + data).hexdigest()
    findings = _memo(output, key, "render")
    if findings is None:
        from vanban.lint.registry import RULES

        codes = [rule.code for rule in RULES if rule.needs_render]
        try:
            findings = _lint_laid_out(output, project.display(output), select=codes)
        except InputError as exc:
            findings = exc.findings
        _remember(output, key, findings, "render")
    if findings:
        print(printer.format_text([replace(f, severity=Severity.WARNING) for f in findings]), file=sys.stderr)
        print("Khi in, văn bản vừa tạo còn các điểm trên cần sửa (xem «Trang in» trong hướng dẫn).", file=sys.stderr)


def lint(path: object, *, select: str | None = None, ignore: str | None = None, render: bool = False) -> int:
    """Check any .docx against Decree 30, Phụ lục I: 0 clean, 1 violations, 2 not a readable .docx.

    ``select``/``ignore``: rule codes or prefixes, comma-separated, as ruff takes them (``L1,L112``).
    ``render``: also the page as LibreOffice lays it out (L15x; LibreOffice must be installed).
    """
    from vanban.lint import lint as run_lint

    shown = str(path or "").strip()
    if not shown:
        print("Hãy chỉ ra tệp .docx cần kiểm tra, ví dụ: invoke lint van-ban.docx", file=sys.stderr)
        return EXIT_INPUT
    try:
        if render:
            findings = _lint_laid_out(Path(shown), shown, select=select or None, ignore=ignore or None)
        else:
            findings = run_lint(Path(shown), shown, select=select or None, ignore=ignore or None)
    except InputError as exc:
        print(printer.format_text(exc.findings), file=sys.stderr)
        return EXIT_INPUT
    if findings:
        print(printer.format_text(findings))
    if has_errors(findings):
        return EXIT_FINDINGS
    chosen = " (các quy tắc đã chọn)" if select or ignore else ""
    chosen += ", cả trang in" if render else ""
    print(f"{shown}: đúng thể thức Nghị định 30/2020/NĐ-CP ở mọi điểm đã kiểm tra{chosen}.")
    return EXIT_OK


def job_output(project: Project, job: Job) -> Path:
    """Where a job's document is written."""
    return registry.job_output(project.root, job)


def _built(
    root: Path, year: object, *, draft: bool, every: bool, commune: object, kind: object = None, ky: object = None
) -> dict[Job, int] | int:
    """Build one document (or every commune's every year and kind) as ``build`` does; the exit status per
    document, or one status on bad arguments."""
    if every:
        if kind not in (None, "") or ky not in (None, ""):
            return _print_input_error(
                InputError([error("A001", Place("--all"), "--all tạo mọi loại văn bản; không dùng cùng --kind hoặc --ky.")])
            )
        return build_years(root, draft=draft, year=year)
    status = build(root, year, draft=draft, commune=commune, kind=kind, ky=ky)
    if status == EXIT_INPUT:
        return status
    chosen, period = _kind(root, kind, ky)
    project = Project(root) if chosen.province else _commune(root, commune)
    return {(project.commune, project.parse_year(year), chosen.name, period.key): status}


def pdf(
    root: Path,
    year: object = None,
    *,
    draft: bool = False,
    every: bool = False,
    commune: object = None,
    kind: object = None,
    ky: object = None,
) -> int:
    """Build the year's plan or report (or every document), then convert what was built to PDF in one
    LibreOffice run.

    A PDF whose .docx has not changed since it was converted is kept (its stamp holds).
    """
    return _pdf(root, year, draft=draft, every=every, commune=commune, kind=kind, ky=ky)[0]


def _pdf(
    root: Path, year: object, *, draft: bool, every: bool, commune: object = None, kind: object = None, ky: object = None
) -> tuple[int, list[Path], list[Path]]:
    """(status, the PDFs now current, every PDF the command aimed at)."""
    from vanban.office.pdf import retired_message, to_pdfs

    built = _built(root, year, draft=draft, every=every, commune=commune, kind=kind, ky=ky)
    if isinstance(built, int):
        return built, [], []
    project = Project(root)
    aimed = [job_output(project, job).with_suffix(".pdf") for job in built]
    ready = [job_output(project, job) for job, status in built.items() if status == EXIT_OK]
    worst = max(built.values(), default=EXIT_OK)
    if not ready:
        return worst, [], aimed
    try:
        done = to_pdfs(ready, incremental=True, shown=project.display)
    except InputError as exc:
        print(printer.format_text(exc.findings), file=sys.stderr)
        return EXIT_INPUT, [], aimed
    for written in done.pdfs:
        state = "đã ghi" if written in done.converted else "không đổi, giữ nguyên"
        print(f"{project.display(written)}: {state}.")
    if done.failures:
        print(printer.format_text(done.failures), file=sys.stderr)
        for moved in done.retired:
            print(retired_message(moved, project.display), file=sys.stderr)
        worst = EXIT_INPUT
    return worst, done.pdfs, aimed


def preview_folder(pdf: Path) -> Path:
    """The plan's pages go to <build dir>/preview/, another document's to <build dir>/preview/<its name>/."""
    folder = pdf.parent / "preview"
    return folder if pdf.stem.startswith(f"{registry.shipped(registry.PLAN).output_stem}-") else folder / pdf.stem


def preview(
    root: Path,
    year: object = None,
    *,
    resolution: object = 80,
    draft: bool = False,
    every: bool = False,
    commune: object = None,
    kind: object = None,
    ky: object = None,
) -> int:
    """Build and convert the year's plan or report (or every document), then draw one PNG per page
    (``preview_folder``)."""
    from vanban.engine.files import retire
    from vanban.office.pdf import page_images, to_png

    try:
        dpi = whole_number(resolution, "resolution", *RESOLUTION, 80)
    except InputError as exc:  # said before anything is built or converted
        return _print_input_error(exc)
    status, pdfs, aimed = _pdf(root, year, draft=draft, every=every, commune=commune, kind=kind, ky=ky)
    project = Project(root)
    stale: list[Path] = []
    for output in pdfs:
        try:
            pages = to_png(output, preview_folder(output), resolution=dpi)
        except InputError as exc:
            print(printer.format_text(exc.findings), file=sys.stderr)
            status = EXIT_INPUT
            stale += page_images(preview_folder(output))
            continue
        print(f"{project.display(pages[0].parent)}/: {len(pages)} trang ({', '.join(p.name for p in pages)}).")
    # The outputs rule: a document that was refused or failed keeps no pages of an older version under the real names.
    for output in aimed:
        if output not in pdfs:
            stale += page_images(preview_folder(output))
    if stale:
        print(printer.format_text(retire(stale, project.display)), file=sys.stderr)
    return status


def new_year(root: Path, year: object, *, commune: object = None, merge: object = None, excel: bool = False) -> int:
    from vanban.review.newyear import new_year as scaffold

    try:
        project = _commune(root, commune)
        new = project.parse_year(year)
        merges = None
        if merge not in (None, ""):
            from vanban.communes.merge import load_merge_map

            merge_path = Path(str(merge))
            merges = load_merge_map(merge_path if merge_path.is_absolute() else root / merge_path, str(merge))
        written = scaffold(project, new, merges=merges, excel=excel)
    except InputError as exc:
        return _print_input_error(exc)
    for path in written.paths:
        print(f"{project.display(path)}: đã tạo.")
    print(f"Điểm xuất phát: {written.source}.")
    if written.rewritten:
        print("Đã viết lại theo chính quyền hai cấp (từ 01/7/2025):")
        for change in written.rewritten:
            print(f"  - {change}")
    if written.findings:
        print("Cần viết lại (chưa sửa được tự động):")
        print(printer.format_text(list(written.findings)))
    flag = f" --commune {project.commune}" if project.commune else ""
    print(f"Hãy điền các mục «cần điền», rồi chạy: invoke check{flag} --year {new} (còn thiếu gì sẽ được liệt kê).")
    return EXIT_OK


def new(root: Path, year: object, *, kind: object = None, commune: object = None, ky: object = None, excel: bool = False) -> int:
    """``invoke new``: start a year's document of any kind; each file printed ``<path>: đã tạo.``."""
    import importlib

    try:
        chosen, period = _kind(root, kind, ky)
        project = Project(root) if chosen.province else _commune(root, commune)
        target = project.parse_year(year)
        if chosen.starter is None:
            shown = project.display(chosen.context_file(project, target, period))
            raise InputError(
                [
                    error(
                        "A012",
                        Place("--kind"),
                        f"loại «{chosen.name}» chưa có cách tạo tự động; hãy chép một năm có sẵn thành {shown}.",
                    )
                ]
            )
        module, function = chosen.starter.split(":")
        written, notes = getattr(importlib.import_module(module), function)(project, target, chosen, period, excel=excel)
    except InputError as exc:
        return _print_input_error(exc)
    for path in written:
        print(f"{project.display(path)}: đã tạo.")
    print("\n".join(notes))
    flags = f" --kind {chosen.name}" if chosen.name != registry.PLAN else ""
    flags += f" --ky {period.key}" if chosen.has_periods and period is not chosen.periods[0] else ""
    flags += f" --commune {project.commune}" if project.commune else ""
    print(f"Hãy điền các mục «cần điền», rồi chạy: invoke check{flags} --year {target} (còn thiếu gì sẽ được liệt kê).")
    return EXIT_OK


def import_plan(
    root: Path, source: object, year: object, *, commune: object = None, kind: str = "ke-hoach", ky: object = None
) -> int:
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
        result = run_import(
            root,
            Path(shown),
            target,
            commune=str(commune).strip() if commune not in (None, "") else None,
            kind=kind or "ke-hoach",
            shown=shown,
            ky=str(ky) if ky else None,
        )
    except InputError as exc:
        return _print_input_error(exc)
    except ImportRefused as exc:
        print(str(exc), file=sys.stderr)
        print("Chưa ghi tệp nào.", file=sys.stderr)
        return EXIT_INPUT
    for path in result.written:
        print(f"{project.display(path)}: đã tạo.")
    recognised = result.report
    print("Đã nhận ra:")
    print("\n".join(f"  - {line}" for line in recognised.recognised))
    if recognised.review:
        print("Cần xem lại:")
        print("\n".join(f"  - {line}" for line in recognised.review))
    if recognised.placed:
        print("Đã đặt thành số liệu (số liệu, giá trị, câu gốc):")
        print("\n".join(f"  - {key} = {value}: «{text[:90]}»" for key, value, text in recognised.placed))
    if recognised.literal:
        print("Để nguyên chữ (không xác định được là số liệu nào):")
        print("\n".join(f"  - {line}" for line in recognised.literal))
    print(
        f"Số liệu: {len(recognised.placed)} số đã đặt, {len(recognised.left)} số để nguyên chữ (danh sách: {project.display(result.written[-1])})."
    )
    flag = f" --commune {commune}" if commune else ""
    if kind and kind != "ke-hoach":
        flag += f" --kind {kind}" + (f" --ky {ky}" if ky else "")
    print(f"Tiếp theo: invoke check{flag} --year {target} (số liệu sai và ô còn trống «cần điền» sẽ được liệt kê).")
    return EXIT_OK


def diff(
    root: Path,
    *,
    year_from: object = None,
    year_to: object = None,
    year: object = None,
    rev: object = None,
    commune: object = None,
    kind: object = None,
    ky: object = None,
) -> int:
    """Compare two years, or one year with itself at a git revision; write the report and the redline."""
    import tempfile

    from vanban.review.compare import compare_kind

    color = sys.stdout.isatty() and "NO_COLOR" not in os.environ
    try:
        chosen, period = _kind(root, kind, ky)
        project = Project(root) if chosen.province else _commune(root, commune)
        # A province document's years are its own files', not a commune's plans.
        known = project.parse_year if chosen.province else project.resolve_year
        with tempfile.TemporaryDirectory(prefix="vanban-rev-") as tmp:
            if rev is not None:
                result = compare_kind(project, chosen, period, Path(tmp), year=known(year), rev=str(rev))
            else:
                start = None if year_from is None else known(year_from)
                result = compare_kind(project, chosen, period, Path(tmp), year_from=start, year_to=known(year_to))
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


def unread_findings(project: Project) -> list:
    """D001 (warning): files under plans/ that no command reads, so none is ignored silently."""
    from vanban.engine.findings import warning

    findings = []
    for path in registry.unread_files(project.root):
        findings.append(
            warning(
                "D001",
                Place(project.display(path)),
                "tệp này không được đọc: kế hoạch phải ở plans/<năm>.yaml hoặc plans/<mã xã>/<năm>.yaml "
                "(năm 4 chữ số; mã xã chữ thường không dấu, ví dụ giao-hieu), thiết lập của xã ở plans/<mã xã>/xa.yaml, "
                "tổng hợp ở plans/tong-hop/<năm>.yaml.",
            )
        )
    return findings


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
    """Build every commune's every year, every kind, and each year's summary (``batch.build_all``)."""
    from vanban.commands import batch

    return batch.build_all(root, draft=draft, jobs=jobs, year=year, lint=lint, kind=kind, ky=ky)


def build_years(
    root: Path, *, draft: bool = False, jobs: int | None = None, year: object = None, lint: bool = False
) -> dict[Job, int] | int:
    """The exit status of each document ``build_all`` builds (``batch.build_years``)."""
    from vanban.commands import batch

    built = batch.build_years(root, draft=draft, jobs=jobs, year=year, lint=lint)
    return built if isinstance(built, int) else built.statuses


def _retire_summary(project: Project, year: object, kind: str) -> None:
    """A refused or failed summary: last time's .docx, .xlsx and .pdf no longer match the communes' plans, so
    they leave the real name (``x.cu.docx``, as a refused build's do), and the user is told (F012)."""
    from vanban.engine import stamp
    from vanban.engine.files import retire

    try:
        docx = registry.kinds(project.root)[kind].output_file(project, project.parse_year(year))
    except (InputError, KeyError):
        return
    stamp.forget(docx)
    if moved := retire((docx, docx.with_suffix(".xlsx"), docx.with_suffix(".pdf")), project.display):
        print(printer.format_text(moved), file=sys.stderr)


def tong_hop(
    root: Path,
    year: object,
    *,
    draft: bool = False,
    kind: str = registry.SUMMARY,
    known: Any = None,
    rates: Any = None,
    read_elsewhere: Any = (),
    render: bool = True,
) -> int:
    """The province summary of every commune's plan for a year: build/tong-hop/<year>/….docx and .xlsx, or
    nothing when its stamp holds (``summary.write_summary``). ``known``, ``rates``, ``read_elsewhere``: what
    ``build --all`` learnt from the plans it checked, and what those checks read; ``render`` as for ``build``."""
    from vanban.communes.summary import write_summary

    project = Project(root)
    try:
        built = write_summary(project, year, draft=draft, known=known, rates=rates, read_elsewhere=read_elsewhere)
    except InputError as exc:
        status = _print_input_error(exc)
        _retire_summary(project, year, kind)
        return status
    except OSError as exc:  # a folder in the way, a full disk: nothing was written, last time's no longer matches
        status = print_os_error(exc, root)
        _retire_summary(project, year, kind)
        return status
    findings = built.findings
    if draft:  # written despite its findings, as a build --draft is: they are shown as warnings
        findings = [replace(f, severity=Severity.WARNING) for f in findings]
    if findings:
        print(printer.format_text(findings), file=sys.stderr)
    if not built.outputs:
        print("Có lỗi số liệu nên chưa ghi bản tổng hợp.", file=sys.stderr)
        _retire_summary(project, year, kind)
        return EXIT_FINDINGS
    for path, changed in built.outputs.items():
        print(f"{project.display(path)}: {'đã ghi' if changed else 'không đổi, giữ nguyên'}.")
    _show_lint(built.lint)
    if render:
        _render_output(project, next(p for p in built.outputs if p.suffix == ".docx"))
    return EXIT_OK


def init(
    root: Path,
    *,
    commune: object = None,
    name: object = None,
    year: object = None,
    kind: object = None,
    province: object = None,
    excel: bool = False,
) -> int:
    """Start a commune: its settings, a plan for the year, an empty unit table (``excel``: the year's workbook)."""
    from vanban.communes.init import init_commune

    project = Project(root)
    try:
        written = init_commune(project, commune, name, year, kind, province, excel=bool(excel))
    except InputError as exc:
        return _print_input_error(exc)
    for path in written:
        print(f"{project.display(path)}: đã tạo.")
    slug = str(commune).strip()
    print(
        f"Hãy điền thiết lập của xã ({project.display(written[0])}), số liệu và các mục «cần điền», "
        f"rồi chạy: invoke check --commune {slug} --year {str(year).strip()}"
    )
    return EXIT_OK


def bench(root: Path, *, sizes: str = "", repeat: object = 0, output: str = "", communes: object = 166) -> int:
    """Measure the build against the floor and the peers; write build/bench/results.{md,json}."""
    try:
        repeat = whole_number(repeat, "repeat", 0, 1000, 0)
        communes = whole_number(communes, "communes", 1, 20_000, 166)
    except InputError as exc:
        return _print_input_error(exc)
    # The benchmark is a developer tool outside the package: benchmarks/bench.py.
    sys.path.insert(0, str(root / "benchmarks"))
    import bench as harness

    return harness.main(root, sizes=sizes, repeat=repeat, output=output, communes=communes)


def serve(
    root: Path,
    *,
    year: object = None,
    commune: object = None,
    kind: object = None,
    port: object = 8000,
    host: object = "127.0.0.1",
    allow_remote: bool = False,
) -> int:
    """The live preview in the browser until Ctrl+C (``vanban.serve``)."""
    from vanban.serve import serve as run_serve

    try:
        project = _commune(root, commune) if commune not in (None, "") else Project(root)
        chosen_year = project.resolve_year(year) if year not in (None, "") else None
        chosen_kind = _kind(root, kind)[0].name if kind not in (None, "") else None
        text = str(port).strip()
        if not text.isdigit() or not 1 <= int(text) <= 65535:
            raise InputError(
                [error("W003", Place("--port"), f"cổng «{text}» không hợp lệ: hãy ghi một số từ 1 đến 65535, ví dụ 8000.")]
            )
        return run_serve(
            root,
            commune=project.commune,
            year=chosen_year,
            kind=chosen_kind,
            port=int(text),
            host=str(host or "127.0.0.1").strip(),
            allow_remote=allow_remote,
        )
    except InputError as exc:
        print(printer.format_text(exc.findings), file=sys.stderr)
        return EXIT_INPUT
