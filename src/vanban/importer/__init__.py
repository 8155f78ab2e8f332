"""Import a commune's existing Word plan into the year's YAML and unit CSV.

read (the .docx as paragraphs and tables) -> parts (header, type, trích yếu, body,
table, Nơi nhận, signature) -> plan (YAML, CSV, what was recognised and what was
left as text) -> written together, atomically, never over an existing file.
What the document states is kept as stated, so ``invoke check`` can judge it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from vanban.docx.opening import open_docx
from vanban.engine import limits
from vanban.engine.files import write_all
from vanban.engine.findings import InputError
from vanban.importer.plan import Report
from vanban.project import Project, slug_problem


class ImportRefused(Exception):
    """Input the import cannot use, or output it will not overwrite: a Vietnamese message, exit 2."""


@dataclass(frozen=True)
class Imported:
    written: tuple[Path, ...]
    report: Report


def import_plan(
    root: Path,
    source: Path,
    year: int,
    *,
    commune: str | None = None,
    kind: str = "ke-hoach",
    shown: str | None = None,
    ky: str | None = None,
) -> Imported:
    """Read ``source`` and write the year's plan (or report) and its table; ImportRefused says why not.

    Beside them goes the list of every number of the body: placed as a figure, or left as text and why.
    """
    from vanban.importer.columns import declared_headers
    from vanban.importer.parts import NotAPlan, recognise
    from vanban.importer.plan import PLAN, REPORT, to_plan
    from vanban.importer.read import read

    shown = shown or str(source)
    if kind not in ("ke-hoach", "bao-cao"):
        raise ImportRefused(
            f"--kind {kind}: chưa nhập được loại văn bản này; chỉ nhập được kế hoạch (ke-hoach) và báo cáo (bao-cao)."
        )
    if commune is not None and (problem := slug_problem(commune)):
        raise ImportRefused(f"--commune: {problem}")
    project = Project(root, commune)
    shape = PLAN if kind == "ke-hoach" else REPORT
    if shape is PLAN:
        if ky not in (None, ""):
            raise ImportRefused("--ky chỉ dùng với --kind bao-cao (kỳ báo cáo: ca-nam hoặc 6-thang).")
        plan_path, units_path, ledger_name = project.plan_file(year), project.units_file(year), "nhap-ke-hoach.md"
        wanted = "KẾ HOẠCH"
    else:
        from vanban.kinds import registry

        report = registry.shipped(registry.REPORT)
        try:
            period = report.period(ky)
        except InputError as exc:
            raise ImportRefused(exc.findings[0].message) from None
        plan_path = report.context_file(project, year, period)
        units_path = report.table_file(project, year, "ket_qua", "ket_qua.csv", period)
        ledger_name, wanted = f"nhap-bao-cao{period.suffix}.md", "BÁO CÁO"
    ledger_path = units_path.parent / ledger_name
    existing = [p for p in (plan_path, units_path) if p.exists()]
    if existing:
        names = ", ".join(p.relative_to(root).as_posix() for p in existing)
        raise ImportRefused(f"đã có {names}: không ghi đè. Hãy xóa hoặc đổi tên tệp đó nếu thật sự muốn nhập lại năm {year}.")
    try:
        document = open_docx(source, shown)
    except InputError as exc:  # not a Word document, or a damaged one: the cause, named once for every command
        if exc.findings[0].code == limits.CODE:
            raise  # a limit is reported alike by every reader (code, place, limit, what to do)
        raise ImportRefused(f"{shown}: {exc.findings[0].message}") from None
    try:
        items, author = read(document)
    except Exception as exc:  # python-docx/lxml on a broken part: the file, not our code
        raise ImportRefused(f"{shown}: tệp .docx bị hỏng, không đọc được nội dung ({type(exc).__name__}).") from None
    what = "kế hoạch" if shape is PLAN else "báo cáo"
    try:
        parts = recognise(items)
    except NotAPlan as exc:
        raise ImportRefused(f"{shown}: không phải văn bản {what}: {exc}.") from None
    if parts.doc_type.upper() != wanted:
        raise ImportRefused(f"{shown}: văn bản là «{parts.doc_type}», không phải {what} (--kind {kind}).")
    headers = declared_headers(root, kind, shape.table)
    mapped = to_plan(
        parts,
        year=year,
        source=source.name,
        author=author,
        headers=headers,
        shape=shape,
        six_months=shape is REPORT and period.suffix != "",
    )
    write_all(
        {
            plan_path: mapped.yaml_text.encode("utf-8"),
            units_path: mapped.csv_text.encode("utf-8"),
            ledger_path: mapped.report.ledger(source.name).encode("utf-8"),
        },
        overwrite=frozenset({ledger_path}),
    )
    return Imported((plan_path, units_path, ledger_path), mapped.report)
