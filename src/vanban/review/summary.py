"""``invoke diff --kind tong-hop``: two years' province summaries, figure by figure and commune by commune,
their text, and the Word redline (as ``review/compare.py`` does for plans)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from vanban.communes.summary import Summary, document_bytes, summarize
from vanban.docx.redline import redline
from vanban.docx.write import write_atomic
from vanban.engine.files import retired_on_failure
from vanban.engine.findings import InputError, Place, error, has_errors
from vanban.engine.numbers import Rate
from vanban.kinds.registry import Kind, Period
from vanban.project import Project
from vanban.review.compare import Review
from vanban.review.diff import FigureRow, PlanDiff, SectionDiff, UnitRow, _compare, _count_row, _rate_row, to_markdown


def _figures(summary: Summary) -> list[tuple[str, str, str]]:
    """(key, label, kind) of each figure column the summary shows."""
    return [(c.key, c.description, c.value_type) for c in summary.columns if c.value_type != "chu"]


def _row(label: str, kind: str, old: Any, new: Any) -> FigureRow:
    if kind == "ty_le":
        return _rate_row(label, old if isinstance(old, Rate) else None, new if isinstance(new, Rate) else None)
    return _count_row(label, old if isinstance(old, int) else None, new if isinstance(new, int) else None)


def diff_summaries(a: Summary, b: Summary) -> PlanDiff:
    columns = _figures(b)
    town = [_row(label, kind, a.total.get(key), b.total.get(key)) for key, label, kind in columns]
    old = {r.slug or r.name: r for r in a.rows}
    new = {r.slug or r.name: r for r in b.rows}
    units = []
    for key in [*new, *(k for k in old if k not in new)]:
        before, after = old.get(key), new.get(key)
        figures = tuple(
            _row(label, kind, before.values.get(k) if before else None, after.values.get(k) if after else None)
            for k, label, kind in columns
        )
        status = "" if before and after else ("mới" if after else "bỏ")
        units.append(UnitRow(before.name if before else None, after.name if after else None, status, figures))
    text = []
    for title, attr in (("Nội dung", "body"), ("Sau bảng", "body_after")):
        changes = _compare(list(getattr(a.plan, attr)), list(getattr(b.plan, attr)))
        if changes:
            text.append(SectionDiff(title, changes))
    return PlanDiff(str(a.year), str(b.year), town, units, text, document="bản tổng hợp")


def compare_years(project: Project, year_from: int | None, year_to: int | None, kind: Kind, period: Period) -> Review:
    if year_to is None:
        raise InputError([error("A001", Place("--to"), "hãy ghi năm cần so sánh: --to <năm>.")])
    folder = kind.context_file(project, year_to, period).parent
    years = sorted(int(p.stem) for p in folder.glob("*.yaml") if p.stem.isdigit() and len(p.stem) == 4)
    if year_from is None:
        earlier = [y for y in years if y < year_to]
        if not earlier:
            raise InputError([error("A004", Place("--from"), f"không có bản tổng hợp nào trước năm {year_to} để so sánh.")])
        year_from = earlier[-1]
    if year_from == year_to:
        raise InputError([error("A005", Place("--from"), "hai năm so sánh phải khác nhau.")])
    md = project.root / "build" / "diff" / f"{kind.name}-{year_from}-{year_to}.md"
    target = kind.output_file(project, year_to, period)
    docx = target.with_name(f"{target.stem}-so-voi-{year_from}.docx")
    with retired_on_failure((md, docx), project.display):  # never last time's redline beside this error
        # A summary still being drafted (a commune with errors) is compared as its draft.
        a, b = summarize(project, year_from, draft=True), summarize(project, year_to, draft=True)
    diff = diff_summaries(a, b)
    write_atomic(md, to_markdown(diff).encode("utf-8"))
    first = document_bytes(project, a, draft=has_errors(a.findings))
    second = document_bytes(project, b, draft=has_errors(b.findings))
    write_atomic(docx, redline(first, second))
    return Review(diff, [md, docx])


def compare_revision(project: Project, year: int | None, rev: str, workdir: Path, kind: Kind, period: Period) -> Review:
    raise InputError(
        [
            error(
                "A012",
                Place("--rev"),
                "bản tổng hợp chưa so được với một phiên bản git; hãy so hai năm: --from <năm> --to <năm>.",
            )
        ]
    )
