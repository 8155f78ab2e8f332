"""What changed between two reports: between years, or one year's report against a git revision.

The figures (town and unit) are the report's; the text diff, the Markdown and
terminal presentation and the Word redline are the plan's (``vanban.review``).
"""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path
from types import SimpleNamespace

from vanban.docx.redline import redline
from vanban.docx.write import write_atomic
from vanban.engine.compute import RowFigures
from vanban.engine.files import retired_on_failure
from vanban.engine.findings import InputError, Place, error, has_errors
from vanban.engine.numbers import Rate
from vanban.kinds.bao_cao import compare
from vanban.kinds.bao_cao.arithmetic import Comparison, format_percent_of_plan
from vanban.kinds.registry import Kind, Period
from vanban.pipeline import Checked as CheckedReport
from vanban.pipeline import document_bytes, run_checks
from vanban.project import Project
from vanban.review.compare import Review, diff_dir
from vanban.review.diff import FigureRow, PlanDiff, UnitRow, _count_row, _delta, _rate_row, text_sections
from vanban.review.history import plan_at


def _town(a: CheckedReport, b: CheckedReport) -> list[FigureRow]:
    va, vb = a.computed.values, b.computed.values
    rows = [
        _count_row(label, va.get(key), vb.get(key))  # type: ignore[arg-type]
        for label, key in (
            ("Tổng số hộ", "tong_so_ho"),
            ("Hộ nghèo đầu năm", "ho_ngheo_dau_nam"),
            ("Hộ nghèo giảm", "thoat_ngheo"),
            ("Hộ nghèo tăng", "phat_sinh"),
            ("Hộ nghèo cuối kỳ", "ho_ngheo_cuoi_nam"),
        )
    ]
    rows.append(_rate_row("Tỷ lệ hộ nghèo cuối kỳ (%)", va.get("ty_le_ho_ngheo_cuoi_nam"), vb.get("ty_le_ho_ngheo_cuoi_nam")))
    town_a, town_b = compare.town(a.computed), compare.town(b.computed)
    rows.append(_count_row("Chỉ tiêu giảm", town_a.planned, town_b.planned))
    rows.append(_count_row("Đã giảm", town_a.achieved, town_b.achieved))
    pa, pb = town_a.percent, town_b.percent
    rows.append(FigureRow("Đạt (% kế hoạch)", format_percent_of_plan(pa), format_percent_of_plan(pb), _delta(pa, pb, 2)))
    return rows


def _unit_figures(
    a: tuple[RowFigures, Comparison | None] | None, b: tuple[RowFigures, Comparison | None] | None
) -> tuple[FigureRow, ...]:
    """One unit's figures in two reports (``None`` where the unit is not in one of them)."""

    def count(u, key: str):
        return None if u is None else u[0].exact.get(key)

    rows = []
    for label, key in (
        ("Tổng số hộ", "tong_so_ho"),
        ("Đầu năm", "ho_ngheo_dau_nam"),
        ("Giảm", "thoat_ngheo"),
        ("Tăng", "phat_sinh"),
        ("Cuối kỳ", "ho_ngheo_cuoi_nam"),
    ):
        row = _count_row(label, count(a, key), count(b, key))
        rows.append(FigureRow(label, row.old if a else "", row.new if b else "", row.change))
    ra = a[0].shown.get("ty_le_ho_ngheo_cuoi_nam") if a else None
    rb = b[0].shown.get("ty_le_ho_ngheo_cuoi_nam") if b else None
    row = _rate_row("Tỷ lệ (%)", ra if isinstance(ra, Rate) else None, rb if isinstance(rb, Rate) else None)
    rows.append(FigureRow(row.label, row.old if a else "", row.new if b else "", row.change))
    pa = a[1].percent if a and a[1] else None
    pb = b[1].percent if b and b[1] else None
    rows.append(
        FigureRow(
            "Đạt (% KH)", format_percent_of_plan(pa) if a else "", format_percent_of_plan(pb) if b else "", _delta(pa, pb, 2)
        )
    )
    return tuple(rows)


def _by_unit(checked: CheckedReport) -> dict[str, tuple[RowFigures, Comparison | None]]:
    compared = {c.name.casefold(): c for c in compare.comparisons(checked.computed)}
    return {r.name.casefold(): (r, compared.get(r.name.casefold())) for r in checked.computed.tables["ket_qua"].rows}


def _units(a: CheckedReport, b: CheckedReport) -> list[UnitRow]:
    old, new = _by_unit(a), _by_unit(b)
    rows = [
        UnitRow(old[k][0].name if k in old else None, u[0].name, "" if k in old else "mới", _unit_figures(old.get(k), u))
        for k, u in new.items()
    ]
    rows += [UnitRow(u[0].name, None, "bỏ", _unit_figures(u, None)) for k, u in old.items() if k not in new]
    return rows


def _as_plan(checked: CheckedReport) -> SimpleNamespace:
    """The shape the plan's text diff reads (``.plan`` with document, citations, body, …), charts left out."""
    plan = checked.valid.plan
    return SimpleNamespace(plan=dataclasses.replace(plan, body=[b for b in plan.body if b.kind != "chart"]))


def diff_reports(a: CheckedReport, b: CheckedReport, old_label: str, new_label: str) -> PlanDiff:
    return PlanDiff(old_label, new_label, _town(a, b), _units(a, b), text_sections(_as_plan(a), _as_plan(b)), document="báo cáo")  # type: ignore[arg-type]


def _review(
    old: tuple[Project, CheckedReport], new: tuple[Project, CheckedReport], labels: tuple[str, str], md: Path, docx: Path
) -> Review:
    (old_project, a), (new_project, b) = old, new
    diff = diff_reports(a, b, *labels)
    from vanban.review.diff import to_markdown

    write_atomic(md, to_markdown(diff).encode("utf-8"))
    first = document_bytes(old_project, a, draft=has_errors(a.findings))
    second = document_bytes(new_project, b, draft=has_errors(b.findings))
    write_atomic(docx, redline(first, second))
    return Review(diff, [md, docx])


def compare_years(project: Project, year_from: int | None, year_to: int, kind: Kind, period: Period) -> Review:
    if year_from is None:
        earlier = [y for y in project.years() if y < year_to and kind.context_file(project, y, period).exists()]
        if not earlier:
            raise InputError([error("A004", Place("--from"), f"không có báo cáo nào trước năm {year_to} để so sánh.")])
        year_from = earlier[-1]
    if year_from == year_to:
        raise InputError([error("A005", Place("--from"), "hai năm so sánh phải khác nhau.")])
    stem = kind.output_file(project, year_to, period).stem
    md = diff_dir(project) / f"{kind.name}{period.suffix}-{year_from}-{year_to}.md"
    docx = project.build_dir(year_to) / f"{stem}-so-voi-{year_from}.docx"
    with retired_on_failure((md, docx), project.display):  # never last time's redline beside this error
        old, new = run_checks(project, year_from, kind, period), run_checks(project, year_to, kind, period)
    return _review((project, old), (project, new), (str(year_from), str(year_to)), md, docx)


def compare_revision(project: Project, year: int, rev: str, workdir: Path, kind: Kind, period: Period) -> Review:
    """The report of ``year`` as it is now, against the same report at git revision ``rev``."""
    # What the report reads besides the plan's files (plan_at copies those): its context, results, declaration, template.
    results = project.data_dir(year) / period.table_files.get(compare.RESULTS, f"{compare.RESULTS}.csv")
    extra = (kind.context_file(project, year, period), results, kind.declaration(project), kind.template(project))
    slug = re.sub(r"[^\w.-]+", "_", rev).strip("_") or "rev"
    md = diff_dir(project) / f"{kind.name}{period.suffix}-{year}-{slug}.md"
    stem = kind.output_file(project, year, period).stem
    docx = project.build_dir(year) / f"{stem}-so-voi-{slug}.docx"
    with retired_on_failure((md, docx), project.display):
        past = plan_at(project, year, rev, workdir, extra=extra)
        old, new = run_checks(past, year, kind, period), run_checks(project, year, kind, period)
    labels = (f"{year} ({rev})", f"{year} (hiện tại)")
    return _review((past, old), (project, new), labels, md, docx)
