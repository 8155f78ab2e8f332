"""The pipeline, end to end: load -> validate -> compute -> check -> render -> write.

Each step lives in the module of the same name; this one only strings them
together, so it is the place to read to see what a build does.

Every step is driven by the kind's declaration (``declaration``; ``templates/<kind>.yaml``).
``run_checks(project, year, kind)`` returns ``Checked``: ``checked.computed.values`` maps the
Vietnamese town figure keys to the value shown (``int`` or ``numbers.Rate``), and
``checked.computed.tables["don_vi"].rows`` the rows of a table, each with ``shown`` and ``exact``
by Vietnamese column key, and ``.totals`` its "Cộng" row (see ``engine/compute.py``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from vanban.engine import reads, stamp
from vanban.engine.findings import Finding, InputError, Place, error, has_errors, warning
from vanban.project import DEFAULT_KIND, Project

# The steps are imported where they run: a no-op build (see ``stamp``) must not pay for
# PyYAML and the docx stack, and ``check`` must not pay for the docx stack.
if TYPE_CHECKING:
    from vanban.engine.compute import Computed
    from vanban.engine.declaration import Declaration
    from vanban.engine.load import CsvTable
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
    # On a refusal, the previous document (and its PDF) moved out of the current name: (from, to);
    # ``to`` is None when it could not be moved (e.g. open in Word on Windows).
    retired: tuple[tuple[Path, Path | None], ...] = ()


# A refused build's previous document is renamed ``<name>.cu.docx`` ("cũ": old), beside where it was.
STALE_MARK = ".cu"


def stale_name(path: Path) -> Path:
    """``x.docx`` -> ``x.cu.docx``: where a refused build moves the previous document."""
    return path.with_name(f"{path.stem}{STALE_MARK}{path.suffix}")


def _made_from(output: Path) -> tuple[Path, ...]:
    """The document and what is made from it under the same name (``invoke pdf``)."""
    return output, output.with_suffix(".pdf")


def retire(output: Path) -> tuple[tuple[Path, Path | None], ...]:
    """Move the previous document out of the current name: its inputs changed and it no longer matches them.

    A refused build must not leave last time's document where a user opens the new one.
    """
    stamp.forget(output)
    moved: list[tuple[Path, Path | None]] = []
    for current in _made_from(output):
        if not current.exists():
            continue
        try:
            current.replace(stale_name(current))
            moved.append((current, stale_name(current)))
        except OSError:
            moved.append((current, None))
    return tuple(moved)


def _drop_stale(output: Path) -> None:
    """A document written again supersedes the copies a refusal moved aside."""
    for current in _made_from(output):
        try:
            stale_name(current).unlink(missing_ok=True)
        except OSError:
            pass


def declaration(project: Project, kind: str = DEFAULT_KIND) -> Declaration:
    """The kind's declaration (``templates/<kind>.yaml``) with the commune's additions, and the
    tables it reads from other kinds (``doc_bang``), checked; InputError (D010) otherwise."""
    from vanban.engine.declaration import load_declaration

    paths = [project.declaration_for(kind), project.user_declaration_for(kind)]
    return load_declaration([(p, project.display(p)) for p in paths], kind, lambda other: declaration(project, other))


def load(project: Project, year: int, kind: str = DEFAULT_KIND, decl: Declaration | None = None) -> ValidPlan:
    """Load and validate one year's inputs of a kind; InputError lists every problem found."""
    from vanban.communes.settings import fill_officers, load_plan_document
    from vanban.engine.load import load_yaml
    from vanban.engine.validate import validate

    decl = decl if decl is not None else declaration(project, kind)
    plan_path = project.context_file(year, kind)
    problems: list[Finding] = []
    doc = None
    try:
        # The plan's YAML over the commune's settings; another kind's context as it is.
        doc = load_plan_document(project, year) if kind == DEFAULT_KIND else load_yaml(plan_path, project.display(plan_path))
    except InputError as exc:
        problems += exc.findings
    placed: set[str] = set()
    if doc is not None and isinstance(doc.data, dict) and isinstance(doc.data.get("noi_dung"), list):
        placed = {str(b.get("bang")) for b in doc.data["noi_dung"] if isinstance(b, dict) and "bang" in b}
    used = {f.column_total[0] for f in decl.figures.values() if f.column_total} | {t[0] for t in decl.table_totals}
    first = next(iter(decl.tables), None)
    # The first table is always read; another when it is placed, totalled or simply there.
    tables, table_problems = load_tables(project, year, decl, lambda name: name == first or name in placed or name in used)
    problems += table_problems
    if first in tables:
        # Officers kept once per commune fill the blank cells of the units' table.
        tables[first] = fill_officers(project, tables[first])
    if problems or doc is None:
        raise InputError(problems)
    valid = validate(doc, tables, decl)
    if valid.plan.year != year:
        raise InputError(
            [error("S020", doc.place(("nam",)), f"tệp {doc.file} ghi năm {valid.plan.year}, không khớp với tên tệp ({year}).")]
        )
    return valid


def load_tables(
    project: Project, year: int, decl: Declaration, needed: Callable[[str], bool]
) -> tuple[dict[str, CsvTable], list[Finding]]:
    """A year's declared tables, each from its CSV file or from its sheet of the year's workbook
    (``so-lieu.xlsx``); a table is read when ``needed`` or when it is there. Both kept for one
    table is C004, naming both: which one is right is the officer's call, never ours."""
    from vanban.engine import sheets
    from vanban.engine.load import load_csv

    problems: list[Finding] = []
    book_path = project.data_dir(year) / sheets.WORKBOOK_NAME
    book = None
    unreadable = False  # a workbook that cannot be read: its tables are not also reported missing
    if reads.exists(book_path):
        try:
            book = sheets.open_workbook(book_path, project.display(book_path))
        except InputError as exc:
            problems += exc.findings
            unreadable = True
    tables: dict[str, CsvTable] = {}
    for name, table in decl.tables.items():
        path = project.data_dir(year) / table.file_name
        sheet = sheets.sheet_name(table)
        in_book = book is not None and sheet in book.names
        if in_book and reads.exists(path):
            where = sheets.sheet_file(project.display(book_path), sheet)
            problems.append(
                error(
                    "C004",
                    Place(project.display(path)),
                    f"bảng «{name}» có ở hai nơi: tệp {project.display(path)} và trang {where}; "
                    "hãy giữ một nơi (xóa tệp CSV hoặc xóa trang đó).",
                )
            )
            continue
        if not in_book and (unreadable or not needed(name)) and not reads.exists(path):
            continue
        try:
            if in_book:
                assert book is not None
                loaded, found = sheets.read_sheet(book, table)
                problems += found
                tables[name] = loaded
            elif book is not None and not reads.exists(path):
                shown = ", ".join(f"«{n}»" for n in book.names)
                problems.append(
                    error(
                        "F001",
                        Place(project.display(path)),
                        f"không tìm thấy tệp, cũng không có trang «{sheet}» trong {book.display} (các trang: {shown}).",
                    )
                )
            else:
                tables[name] = load_csv(path, project.display(path))
        except InputError as exc:
            problems += exc.findings
    return tables, problems


def run_checks(project: Project, year: int, kind: str = DEFAULT_KIND) -> Checked:
    from vanban.engine.check import check
    from vanban.engine.compute import compute

    valid = load(project, year, kind)
    computed = compute(valid)
    findings: list[Finding] = []
    previous = None
    if reads.exists(project.context_file(year - 1, kind)):
        try:
            last = load(project, year - 1, kind, valid.declaration)
            previous = (last, compute(last))
        except InputError as exc:
            where = project.display(project.context_file(year - 1, kind))
            findings.append(
                warning(
                    "X000", Place(where), f"không đối chiếu được với năm {year - 1}: dữ liệu năm đó có {len(exc.findings)} lỗi."
                )
            )
    merges = None
    if previous is not None and project.merge_file(year).is_file():
        from vanban.communes.merge import read_merges

        merges = read_merges(project.merge_file(year), project.display(project.merge_file(year)))
    actual = None
    if previous is not None and kind == DEFAULT_KIND:
        actual, reported = _reported_year_end(project, year - 1)
        findings += reported
    return Checked(valid, computed, check(valid, computed, previous, merges, actual) + findings)


def _reported_year_end(project: Project, year: int) -> tuple[tuple[str, dict[str, dict[str, int]]] | None, list[Finding]]:
    """Last year's results report, if any: each unit's actual year-end, which the next plan starts from."""
    from vanban.kinds.bao_cao import carry

    if not carry.exists(project, year):
        return None, []
    try:
        checked = carry.year_end_report(project, year)
    except InputError as exc:
        where = project.display(project.context_file(year, "bao-cao"))
        count = sum(1 for f in exc.findings if f.code != "A013")
        return None, [
            warning("X000", Place(where), f"không đối chiếu được với báo cáo kết quả năm {year}: báo cáo có {count} lỗi.")
        ]
    if checked is None:
        return None, []
    return (project.display(checked.period.table_file(project, year)), carry.unit_starts(checked)), []


def template_problems(project: Project, checked: Checked, kind: str = DEFAULT_KIND) -> list[Finding]:
    """M001 before any render: variables the template uses that the data lacks (``check`` runs this;
    ``build`` finds the same through Jinja). No docx stack is imported."""
    import zipfile

    from vanban.docx.render import context
    from vanban.docx.variables import undefined

    template = project.template_for(kind)
    try:
        names = undefined(template, context(checked.valid, checked.computed))
    except (OSError, zipfile.BadZipFile):
        return []  # reported by the renderer, M003, which knows the cause
    where = project.display(template)
    return [error("M001", Place(where, field=name), f"mẫu dùng biến «{name}» nhưng dữ liệu không có biến này.") for name in names]


def document_bytes(project: Project, checked: Checked, *, draft: bool = False, kind: str = DEFAULT_KIND) -> bytes:
    """Render a checked plan to the final, deterministic .docx bytes (nothing is written)."""
    from vanban.docx.render import context, render
    from vanban.docx.write import normalize_zip

    plan = checked.valid.plan
    ctx = context(checked.valid, checked.computed, draft=draft)
    reads.record(project.template_for(kind))  # docxtpl opens it itself
    template = project.template_for(kind)
    data = render(
        template,
        project.display(template),
        ctx,
        tables=(checked.valid, checked.computed),
        author=plan.document.agency_name,
        title=f"{plan.document.doc_type.capitalize()} {ctx['trich_yeu'][:1].lower()}{ctx['trich_yeu'][1:]}",
        issued=plan.document.date.as_date if plan.document.date else dt.date(plan.year, 1, 1),
    )
    return normalize_zip(data)


def build(project: Project, year: int, *, draft: bool = False, kind: str = DEFAULT_KIND) -> BuildResult:
    return build_stamped(
        project,
        project.output_for(year, kind),
        lambda: run_checks(project, year, kind),
        lambda checked: document_bytes(project, checked, draft=draft, kind=kind),
        draft=draft,
    )


def build_stamped(
    project: Project, output: Path, checks: Callable[[], Any], render: Callable[[Any], bytes], *, draft: bool
) -> BuildResult:
    """Any kind's build around its ``checks`` (-> something with ``findings``) and ``render`` (-> the
    document's bytes): a no-op while the stamp holds, refused (old document moved aside) on errors
    unless ``draft``, else written atomically and stamped with what was read."""
    if (kept := stamp.fresh(project, output, draft=draft)) is not None:
        return BuildResult(output, kept.findings, written=True, changed=False, skipped=True)
    # Every file read from here on is recorded with the bytes used: the stamp's inputs. An input
    # edited after it was read leaves a stamp that no longer matches, so the next build runs again.
    with reads.recording() as record:
        checked = checks()
        if has_errors(checked.findings) and not draft:
            return BuildResult(output, checked.findings, written=False, changed=False, retired=retire(output))
        from vanban.docx.write import write_atomic

        data = render(checked)
    changed = not (output.exists() and output.read_bytes() == data)
    if changed:
        write_atomic(output, data)
    _drop_stale(output)
    if not has_errors(checked.findings):
        stamp.write(project, output, record, draft=draft, document=data, findings=checked.findings)
    else:
        stamp.forget(output)  # a draft with errors is built again every time
    return BuildResult(output, checked.findings, written=True, changed=changed)
