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
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from vanban.docx.write import set_aside, stale_name
from vanban.engine import reads, stamp
from vanban.engine.findings import Finding, InputError, Place, error, has_errors, warning
from vanban.kinds import registry
from vanban.kinds.registry import PLAN, Kind, Period
from vanban.project import Project

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
    kind: Kind = registry.BUILT_IN[0]
    period: Period = registry.BUILT_IN[0].periods[0]


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
    # The python-docx Document the written bytes were saved from (None when nothing was rendered): the lint
    # of what the build just made reads it rather than parsing the file again.
    document: Any = field(default=None, compare=False, repr=False)
    # What ``checks`` returned when they ran (None for a no-op): ``build --all`` hands a plan's checks to the
    # province summary rather than running them again.
    checked: Any = field(default=None, compare=False, repr=False)
    # The Decree 30 lint of the written document (kept in its stamp while its form is unchanged); None: not linted.
    lint: list[Finding] | None = None
    # What the checks (and the render) read (None for a no-op): ``build --all`` adds it to the province summary's
    # record, since the summary takes this plan's row from ``checked`` rather than reading the plan itself.
    record: reads.Reads | None = field(default=None, compare=False, repr=False)


@dataclass(frozen=True)
class Rendered:
    """A document's final bytes and the tree they were saved from."""

    data: bytes
    document: Any


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
        if current.exists():
            moved.append((current, set_aside(current)))
    return tuple(moved)


def _drop_stale(output: Path) -> None:
    """A document written again supersedes the copies a refusal moved aside."""
    for current in _made_from(output):
        try:
            stale_name(current).unlink(missing_ok=True)
        except OSError:
            pass


def kind_of(project: Project, kind: str | Kind = PLAN) -> Kind:
    """The registry's entry for ``kind`` (a name, or the entry itself)."""
    if isinstance(kind, Kind):
        return kind
    return registry.resolve(project.root, kind)[0]


def period_of(chosen: Kind, period: str | Period | None) -> Period:
    return period if isinstance(period, Period) else chosen.period(period)


def hooks(chosen: Kind) -> Any:
    """The kind's hook module (see ``Hooks``), or an empty one: a declared kind needs no code."""
    if chosen.hooks is None:
        return _NO_HOOKS
    import importlib

    return importlib.import_module(chosen.hooks)


class _NoHooks:
    pass


_NO_HOOKS = _NoHooks()


def declaration_files(project: Project, kind: str) -> list[Path]:
    """A kind's declaration and its additions: the repository-wide ``templates/<kind>.rieng.yaml`` (a table the
    province asks every commune for) and the commune's own ``plans/<xã>/<kind>.rieng.yaml``."""
    return [project.declaration_for(kind), project.user_declaration_for(kind), project.commune_declaration_for(kind)]


def declaration(project: Project, kind: str | Kind = PLAN, period: str | Period | None = None) -> Declaration:
    """The kind's declaration (``templates/<kind>.yaml``) with the additions, and the tables it reads from other
    kinds (``doc_bang``), checked; InputError (D010) otherwise. A period may read its tables from its own files."""
    from dataclasses import replace

    from vanban.engine.declaration import load_declaration

    chosen = kind_of(project, kind)
    paths = declaration_files(project, chosen.name)
    decl = load_declaration([(p, project.display(p)) for p in paths], chosen.name, lambda other: declaration(project, other))
    files = period_of(chosen, period).table_files
    if any(name in decl.tables for name in files):
        tables = {n: replace(t, file_name=files.get(n, t.file_name)) for n, t in decl.tables.items()}
        decl = replace(decl, tables=tables)
    return decl


def load(
    project: Project, year: int, kind: str | Kind = PLAN, decl: Declaration | None = None, period: str | Period | None = None
) -> ValidPlan:
    """Load and validate one year's inputs of a kind; InputError lists every problem found."""
    from vanban.communes.settings import fill_officers, load_context_document
    from vanban.engine.load import CsvTable
    from vanban.engine.validate import validate

    chosen = kind_of(project, kind)
    when = period_of(chosen, period)
    decl = decl if decl is not None else declaration(project, chosen, when)
    hook = hooks(chosen)
    context = chosen.context_file(project, year, when)
    problems: list[Finding] = list(hook.preconditions(project, year, context)) if hasattr(hook, "preconditions") else []
    doc = None
    try:
        # The context's YAML over the commune's settings (xa.yaml): agency, place, recipients, signer.
        doc = load_context_document(project, context)
    except InputError as exc:
        problems += exc.findings
    placed: set[str] = set()
    if doc is not None and isinstance(doc.data, dict) and isinstance(doc.data.get("noi_dung"), list):
        placed = {str(b.get("bang")) for b in doc.data["noi_dung"] if isinstance(b, dict) and "bang" in b}
    used = {f.column_total[0] for f in decl.figures.values() if f.column_total} | {t[0] for t in decl.table_totals}
    first = next(iter(decl.tables), None)
    # A context that does not place its first table (one the kind's template does not draw itself) states town
    # figures only (a plan without a unit table): that table may be absent. A table read from another kind whose document for the year does not exist (a
    # report imported without its plan) is empty; the kind's hook says what was not compared.
    town_only = first is not None and first not in placed and first not in getattr(hook, "HAND_MADE", frozenset())
    absent = {
        name for name, other in decl.foreign.items() if not reads.exists(kind_of(project, other).context_file(project, year))
    }
    if town_only and first is not None:
        absent.add(first)

    def needed(name: str) -> bool:
        return name not in absent and (name == first or name in decl.foreign or name in placed or name in used)

    tables, table_problems = load_tables(project, year, decl, needed)
    problems += table_problems
    for name in sorted(absent - tables.keys()):
        table = decl.tables[name]
        header = [key for key, column in table.columns.items() if not column.optional]
        path = project.data_dir(year) / table.file_name
        tables[name] = CsvTable(project.display(path), header, 1, [], decimal_comma=False)
    # Officers kept once per commune fill the blank cells of a units' table.
    tables = {name: fill_officers(project, table) for name, table in tables.items()}
    if problems or doc is None:
        raise InputError(problems)
    valid = validate(
        doc,
        tables,
        decl,
        kind_tables=getattr(hook, "KIND_TABLES", frozenset()),
        charts=getattr(hook, "CHARTS", frozenset()),
    )
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


def _compares_years(decl: Declaration) -> bool:
    """A kind whose declaration ties figures or columns to last year's (``nam_truoc``) is compared with it."""
    return any(f.last_year for f in decl.figures.values()) or any(
        c.last_year for t in decl.tables.values() for c in t.columns.values()
    )


def issue_day(chosen: Kind, valid: ValidPlan) -> dt.date:
    """The day a document is issued: its date, or while undated the year's first day (a plan) or last (a report)."""
    plan = valid.plan
    if plan.document.date is not None:
        return plan.document.date.as_date
    return dt.date(plan.year, 12, 31) if chosen.year_end_issue else dt.date(plan.year, 1, 1)


def run_checks(project: Project, year: int, kind: str | Kind = PLAN, period: str | Period | None = None) -> Checked:
    """load -> validate -> compute -> check, and the kind's own rules; the same findings for ``check`` and ``build``."""
    from vanban.engine.check import check
    from vanban.engine.compute import compute

    chosen = kind_of(project, kind)
    when = period_of(chosen, period)
    hook = hooks(chosen)
    valid = load(project, year, chosen, period=when)
    computed = compute(valid)
    findings: list[Finding] = []
    previous = None
    if _compares_years(valid.declaration) and reads.exists(chosen.context_file(project, year - 1, when)):
        try:
            last = load(project, year - 1, chosen, valid.declaration, when)
            previous = (last, compute(last))
        except InputError as exc:
            where = project.display(chosen.context_file(project, year - 1, when))
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
    if previous is not None and hasattr(hook, "carried"):
        actual, reported = _carried(project, year - 1, hook)
        findings += reported
    # Tables read from another kind are checked with that kind (invoke check --kind <it>); here they are only read.
    foreign_files = {valid.tables[name].file for name in valid.declaration.foreign if name in valid.tables}
    findings = [f for f in check(valid, computed, previous, merges, actual) if f.place.file not in foreign_files] + findings
    if hasattr(hook, "rules"):
        findings += list(hook.rules(valid, computed))
    # Issued from 01/7/2025 (as dated; undated, from 2026): no district body, no thị trấn.
    from vanban.engine.reform import district_era_findings, not_said_already

    dated = valid.plan.document.date.as_date if valid.plan.document.date is not None else None
    findings += not_said_already(district_era_findings(valid.source, year, dated), findings)
    from vanban.communes.settings import unknown_units

    own = {name: table for name, table in valid.tables.items() if name not in valid.declaration.foreign}
    findings += unknown_units(project, own)
    return Checked(valid, computed, findings, chosen, when)


def checked_clean(project: Project, year: int, kind: str | Kind, period: str | Period | None = None) -> Checked | None:
    """A kind's year, checked, for another document to take figures from: None when its context is absent;
    InputError (its errors and A013) when it has errors, so nothing is taken from a wrong document."""
    chosen = kind_of(project, kind)
    when = period_of(chosen, period)
    context = chosen.context_file(project, year, when)
    if not reads.exists(context):
        return None
    checked = run_checks(project, year, chosen, when)
    if has_errors(checked.findings):
        raise InputError(
            [f for f in checked.findings if f.severity == "error"]
            + [
                error(
                    "A013",
                    Place(project.display(context)),
                    f"{chosen.label} năm {year} còn lỗi nên chưa dùng làm số liệu cho văn bản khác; hãy sửa các lỗi trên.",
                )
            ]
        )
    return checked


def _carried(project: Project, year: int, hook: Any) -> tuple[tuple[str, dict[str, dict[str, int]]] | None, list[Finding]]:
    """What a kind carries from another document of last year (the plan: last year's results report, each
    unit's actual year-end, which the next plan starts from)."""
    source, period = hook.CARRIED_FROM
    if not hook.carry_exists(project, year):
        return None, []
    try:
        checked = checked_clean(project, year, source, period)
    except InputError as exc:
        chosen = kind_of(project, source)
        where = project.display(chosen.context_file(project, year, chosen.period(period)))
        count = sum(1 for f in exc.findings if f.code != "A013")
        return None, [
            warning("X000", Place(where), f"không đối chiếu được với {chosen.label} năm {year}: văn bản đó có {count} lỗi.")
        ]
    if checked is None:
        return None, []
    return hook.carried(project, checked), []


def context(checked: Checked, *, draft: bool = False) -> dict[str, Any]:
    """Everything the template shows: the declared tables and figures, and what the kind's hook adds."""
    from vanban.docx.render import context as declared_context

    hook = hooks(checked.kind)
    hand_made = getattr(hook, "HAND_MADE", None)
    ctx = declared_context(checked.valid, checked.computed, draft=draft, hand_made=hand_made)
    if hasattr(hook, "context"):
        hook.context(ctx, checked)
    return ctx


def template_problems(project: Project, checked: Checked) -> list[Finding]:
    """M001 before any render: variables the template uses that the data lacks. ``check`` and ``build`` both
    run it (``build`` would otherwise find the same later through Jinja, as an unreadable input)."""
    import zipfile

    from vanban.docx.variables import template_problem, undefined

    template = checked.kind.template(project)
    if problem := template_problem(template, project.display(template)):
        return [problem]  # what build refuses on, in its words
    ctx = context(checked)
    # Charts are placed by the renderer (``images``) under «bieu_do»: every chart the kind draws.
    ctx.setdefault("bieu_do", dict.fromkeys(getattr(hooks(checked.kind), "CHARTS", ())))
    try:
        names = undefined(template, ctx)
    except (OSError, zipfile.BadZipFile):
        return []  # reported by the renderer, M003, which knows the cause
    where = project.display(template)
    return [error("M001", Place(where, field=name), f"mẫu dùng biến «{name}» nhưng dữ liệu không có biến này.") for name in names]


def checked_document(project: Project, year: int, kind: str | Kind = PLAN, period: str | Period | None = None) -> Checked:
    """What ``check`` reports and what ``build`` renders from: the checks, then the template's variables
    (M001, unreadable input: InputError)."""
    checked = run_checks(project, year, kind, period)
    if problems := template_problems(project, checked):
        raise InputError(problems)
    return checked


def document_bytes(project: Project, checked: Checked, *, draft: bool = False) -> bytes:
    """Render a checked document to the final, deterministic .docx bytes (nothing is written)."""
    return rendered(project, checked, draft=draft).data


def rendered(project: Project, checked: Checked, *, draft: bool = False) -> Rendered:
    """``document_bytes`` and the tree they were saved from (the build's lint reads it)."""
    from vanban.docx.render import render_tree

    plan = checked.valid.plan
    hook = hooks(checked.kind)
    ctx = context(checked, draft=draft)
    template = checked.kind.template(project)
    reads.record(template)  # docxtpl opens it itself
    data, document = render_tree(
        template,
        project.display(template),
        ctx,
        tables=(checked.valid, checked.computed),
        author=plan.document.agency_name,
        title=f"{plan.document.doc_type.capitalize()} {ctx['trich_yeu'][:1].lower()}{ctx['trich_yeu'][1:]}",
        issued=issue_day(checked.kind, checked.valid),
        images=hook.images(checked) if hasattr(hook, "images") else None,
    )
    return Rendered(data, document)


def build(
    project: Project,
    year: int,
    *,
    draft: bool = False,
    kind: str | Kind = PLAN,
    period: str | Period | None = None,
    lint: bool = False,
    relint: bool = False,
) -> BuildResult:
    """load -> validate -> compute -> check -> render -> write (-> the Decree 30 lint of what was written, with
    ``lint``; ``relint``: even when the stamp's lint still holds)."""
    chosen = kind_of(project, kind)
    when = period_of(chosen, period)
    return build_stamped(
        project,
        chosen.output_file(project, year, when),
        lambda: checked_document(project, year, chosen, when),
        lambda checked: rendered(project, checked, draft=draft),
        draft=draft,
        lint=lint,
        relint=relint,
    )


def lint_written(project: Project, output: Path, document: Any) -> list[Finding]:
    """The Decree 30 lint of a document just written: the tree it was saved from when there is one, else the file.
    Imported here: only a build that writes pays for the linter."""
    from vanban.lint import lint, lint_document

    shown = project.display(output)
    try:
        return lint(output, shown) if document is None else lint_document(document, shown)
    except InputError as exc:
        return exc.findings


def build_stamped(
    project: Project,
    output: Path,
    checks: Callable[[], Any],
    render: Callable[[Any], bytes | Rendered],
    *,
    draft: bool,
    lint: bool = False,
    relint: bool = False,
) -> BuildResult:
    """Any kind's build around its ``checks`` (-> something with ``findings``) and ``render`` (-> the
    document's bytes, or ``Rendered`` with the tree they came from): a no-op while the stamp holds, refused (old
    document moved aside) on errors unless ``draft``, else written atomically and stamped with what was read.
    ``lint``: the written document is linted, unless its stamp holds a lint made for the same form
    (``stamp.form_key``: every input but the figures' tables) and ``relint`` is not asked."""
    if not relint and (kept := stamp.fresh(project, output, draft=draft)) is not None:
        return BuildResult(output, kept.findings, written=True, changed=False, skipped=True, lint=kept.lint if lint else None)
    # Every file read from here on is recorded with the bytes used: the stamp's inputs. An input
    # edited after it was read leaves a stamp that no longer matches, so the next build runs again.
    with reads.recording() as record:
        checked = checks()
        if has_errors(checked.findings) and not draft:
            retired = retire(output)
            return BuildResult(
                output, checked.findings, written=False, changed=False, retired=retired, checked=checked, record=record
            )
        from vanban.docx.write import write_atomic

        made = render(checked)
    data, document = (made.data, made.document) if isinstance(made, Rendered) else (made, None)
    try:
        changed = not (output.is_file() and output.read_bytes() == data)
        if changed:
            write_atomic(output, data)
        _drop_stale(output)
        linted = None
        if lint:
            key = stamp.form_key(project, record, draft=draft, figures=project.root / "data")
            found = None if relint else stamp.lint_memo(output, key)
            linted = stamp.Lint(key, found if found is not None else lint_written(project, output, document))
        if not has_errors(checked.findings):
            stamp.write(project, output, record, draft=draft, document=data, findings=checked.findings, lint=linted)
        else:
            stamp.forget(output)  # a draft with errors is built again every time
    except OSError as exc:  # disk full, a folder or file in the way, no right to write
        raise write_failed(project, output, exc) from None
    findings = linted.findings if linted is not None else None
    return BuildResult(
        output, checked.findings, written=True, changed=changed, document=document, checked=checked, lint=findings, record=record
    )


def write_failed(project: Project, output: Path, exc: OSError) -> InputError:
    """The finding (F011) for an output that could not be written: why, and where last time's went, since a
    document that no longer matches its inputs must not stay under the real name."""
    from vanban.docx.write import os_error_reason

    try:
        moved = retire(output) if output.is_file() else ()
    except OSError:
        moved = ()
    where = exc.filename if isinstance(exc.filename, str) else str(output)
    aside = "".join(
        f" Bản cũ {project.display(old)} đã được chuyển sang {project.display(new)}."
        if new
        else f" Không chuyển được bản cũ {project.display(old)}: đừng dùng bản đó."
        for old, new in moved
    )
    shown = project.display(Path(where)) if Path(where).is_absolute() else where
    return InputError([error("F011", Place(shown), f"không ghi được tệp: {os_error_reason(exc)}.{aside}")])
