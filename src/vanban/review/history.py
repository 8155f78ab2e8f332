"""Plans in git: a year's inputs as they were at a revision, and git's text views of our files.

``plan_at`` copies a revision's plan, table and template into a temporary
project, so the ordinary pipeline can load it. ``docx_text`` is the textconv
behind ``git diff`` of .docx files (``invoke setup-git``).
"""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
from pathlib import Path, PureWindowsPath

from vanban.engine.findings import InputError, Place, error
from vanban.engine.sheets import WORKBOOK_NAME
from vanban.project import Project


def _git(root: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    try:
        return subprocess.run(["git", "-C", str(root), *args], capture_output=True, check=False)
    except FileNotFoundError:
        raise InputError([error("G001", Place("git"), "không tìm thấy lệnh git; hãy cài git.")]) from None


def plan_at(project: Project, year: int, rev: str, target: Path, extra: tuple[Path, ...] = ()) -> Project:
    """The project as it was at ``rev`` (plan, table and template of ``year``), under ``target``."""
    if rev.startswith("-") or not re.fullmatch(r"[\w./~^@{}:-]+", rev):
        raise InputError([error("G002", Place("--rev"), f"phiên bản «{rev}» không hợp lệ.")])
    copy = Project(target, project.commune)
    settings = project.settings_file
    if settings.is_file() and _git(project.root, "cat-file", "-e", f"{rev}:{project.display(settings)}").returncode == 0:
        destination = target / project.display(settings)
        destination.parent.mkdir(parents=True, exist_ok=True)
        destination.write_bytes(_git(project.root, "show", f"{rev}:{project.display(settings)}").stdout)
    # The declarations and a year's other tables are read when the revision has them; a
    # revision from before declarations existed is read with today's declaration.
    # A year's tables are CSV files or sheets of its workbook (so-lieu.xlsx): each is taken where the revision has it.
    optional = [
        project.declaration_for(),
        project.user_declaration_for(),
        project.units_file(year),
        project.data_dir(year) / WORKBOOK_NAME,
    ]
    if project.data_dir(year).is_dir():
        optional += [p for p in sorted(project.data_dir(year).glob("*.csv")) if p != project.units_file(year)]
    for path in (project.plan_file(year), project.template_file, *optional, *extra):
        relative = project.display(path)
        shown = _git(project.root, "show", f"{rev}:{relative}")
        if shown.returncode != 0 and path in optional:
            if path == project.declaration_for() and path.exists():
                (target / relative).parent.mkdir(parents=True, exist_ok=True)
                (target / relative).write_bytes(path.read_bytes())
            continue
        if shown.returncode != 0:
            message = shown.stderr.decode("utf-8", "replace").strip().splitlines()
            raise InputError(
                [
                    error(
                        "G003",
                        Place(relative),
                        f"không lấy được tệp ở phiên bản «{rev}»: {message[-1] if message else 'lỗi git'}.",
                    )
                ]
            )
        destination = target / relative
        destination.parent.mkdir(parents=True, exist_ok=True)
        destination.write_bytes(shown.stdout)
    return copy


def docx_text(path: Path) -> str:
    """A .docx as lines of text for git: paragraphs in order, table rows as | cells |, styles named."""
    # python-docx is imported by git's textconv only (``invoke setup-git`` imports this module without reading
    # a .docx): the docx stack is 0.063 s of a build's start-up (docs/dev/performance.md), 1.6 s on a loaded machine.
    from docx import Document
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    document = Document(str(path))
    lines: list[str] = []

    def walk(container, depth: int = 0) -> None:
        for item in container.iter_inner_content():
            if isinstance(item, Paragraph):
                style = item.style.name if item.style is not None else ""
                if item.text.strip():
                    lines.append(f"{'  ' * depth}[{style}] {item.text}")
            elif isinstance(item, Table):
                for row in item.rows:
                    cells = []
                    seen: set[int] = set()
                    for cell in row.cells:
                        if id(cell._tc) in seen:
                            continue
                        seen.add(id(cell._tc))
                        cells.append(" / ".join(p.text for p in cell.paragraphs if p.text.strip()))
                    lines.append(f"{'  ' * depth}| " + " | ".join(cells) + " |")

    walk(document)
    return "\n".join(lines) + "\n"


def _is_workbook(path: Path) -> bool:
    import zipfile

    try:
        with zipfile.ZipFile(path) as archive:
            return "xl/workbook.xml" in archive.namelist()
    except (OSError, zipfile.BadZipFile):
        return False


def xlsx_text(path: Path) -> str:
    """A workbook as lines of text for git: each sheet's non-empty rows as | cells |, a formula shown
    with the value it last computed (``=SUM(B4:B6) → 431``)."""
    import openpyxl

    formulas = openpyxl.load_workbook(path)
    values = openpyxl.load_workbook(path, data_only=True)
    lines: list[str] = []
    for sheet in formulas.worksheets:
        lines.append(f"== {sheet.title} ==")
        computed = values[sheet.title]
        for row in sheet.iter_rows():
            cells = []
            for cell in row:
                value = computed[cell.coordinate].value
                if cell.data_type == "f":
                    cells.append(f"{cell.value} → {'' if value is None else value}")
                else:
                    cells.append("" if cell.value is None else str(cell.value))
            while cells and not cells[-1]:
                cells.pop()
            if cells:
                lines.append(f"{row[0].row}: | " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def textconv_command(interpreter: str) -> str:
    """The textconv command line for ``interpreter``, quoted for the shell git runs it with.

    git hands textconv to a POSIX shell everywhere, Git for Windows' bundled sh included, so a path with
    spaces must be quoted; a Windows path is written with forward slashes, which that shell takes
    as they are (backslashes would be escapes outside quotes).
    """
    if "\\" in interpreter:
        interpreter = PureWindowsPath(interpreter).as_posix()
    return f"{shlex.quote(interpreter)} -m vanban.review.history"


GITATTRIBUTES_DRIVERS = {
    "diff.docx.textconv": textconv_command(sys.executable),
    "diff.docx.cachetextconv": "true",
    "diff.xlsx.textconv": textconv_command(sys.executable),
    "diff.xlsx.cachetextconv": "true",
    # --word-diff on CSV files splits at cells, not at spaces inside unit names.
    "diff.csv.wordRegex": "[^,;\\r\\n]+",
}


def setup_git(root: Path) -> list[str]:
    """Configure this clone so git shows .docx and .xlsx as text and CSV cells as words.

    Only the repository whose top is ``root``: a folder without ``.git`` of its own, even inside another
    repository, is refused, never configured through the outer one."""
    top = _git(root, "rev-parse", "--show-toplevel")
    if top.returncode != 0:
        raise InputError(
            [
                error(
                    "G004",
                    Place(".git"),
                    "thư mục này chưa phải kho git (không có .git); hãy chạy «git init» (hoặc git clone) trước.",
                )
            ]
        )
    outer = Path(top.stdout.decode("utf-8", "replace").strip())
    if outer.resolve() != root.resolve():
        raise InputError(
            [
                error(
                    "G004",
                    Place(".git"),
                    f"thư mục này không có kho git riêng mà nằm trong kho {outer}; không ghi vào cấu hình của kho đó. "
                    "Hãy chạy «git init» tại thư mục dự án trước.",
                )
            ]
        )
    done = []
    for key, value in GITATTRIBUTES_DRIVERS.items():
        result = _git(root, "config", "--local", key, value)
        if result.returncode != 0:
            why = " ".join(result.stderr.decode("utf-8", "replace").split())[:200]
            raise InputError([error("G004", Place(".git/config"), f"không ghi được cấu hình git {key} ({why}).")])
        done.append(f"{key} = {value}")
    return done


if __name__ == "__main__":  # git's textconv: python -m vanban.review.history FILE
    target = Path(sys.argv[1])
    # git names its temporary copy after the file, so the suffix tells a workbook from a Word file
    sys.stdout.write(xlsx_text(target) if _is_workbook(target) else docx_text(target))
