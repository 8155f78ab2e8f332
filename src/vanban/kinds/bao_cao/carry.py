"""What next year's plan takes from this year's results report.

``new-year`` starts the next plan from it (each unit's households and poor and
near-poor households at year end; the plan's "Kết quả năm trước" figures), and the
next plan's check compares its units with it (X002) instead of with the target.
The report is checked by the pipeline (``pipeline.checked_clean``); here only what is taken from it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from vanban.engine import reads
from vanban.kinds.registry import REPORT, shipped
from vanban.project import Project

YEAR_END_KEY = "ca-nam"
RESULTS_TABLE = "ket_qua"
RESULTS_FILE = "ket_qua.csv"

# The plan's "Kết quả năm trước" figures <- the report's town figures.
PLAN_FIGURES = {
    "tong_so_ho": "tong_so_ho",
    "so_khau": "so_khau",
    "ho_ngheo_dau_ky": "ho_ngheo_dau_nam",
    "ho_ngheo_thoat_ngheo": "thoat_ngheo",
    "ho_ngheo_phat_sinh": "phat_sinh",
    "ho_ngheo_khong_kha_nang_lao_dong": "ho_ngheo_khong_kha_nang_lao_dong",
    "ho_can_ngheo_dau_ky": "ho_can_ngheo_dau_nam",
    "ho_can_ngheo_thoat": "thoat_can_ngheo",
    "ho_can_ngheo_tu_ho_ngheo": "can_ngheo_tu_ho_ngheo",
    "ho_can_ngheo_phat_sinh": "can_ngheo_phat_sinh",
    "ho_can_ngheo": "ho_can_ngheo_cuoi_nam",
    # The decreases and increases as the poverty software counts them, when the report's table has them.
    "ho_ngheo_vuot_chuan_can_ngheo": "giam_vuot_chuan_can_ngheo",
    "ho_ngheo_giam_khac": "giam_khac",
    "ho_ngheo_phat_sinh_moi": "tang_phat_sinh_moi",
    "ho_ngheo_tai_ngheo": "tang_tai_ngheo",
    "ho_ngheo_tu_can_ngheo": "tang_tu_can_ngheo",
    "ho_ngheo_tang_khac": "tang_khac",
    # The near-poor group's likewise (those that became poor are ho_ngheo_tu_can_ngheo above).
    "ho_can_ngheo_vuot_chuan": "can_ngheo_giam_vuot_chuan",
    "ho_can_ngheo_giam_khac": "can_ngheo_giam_khac",
    "ho_can_ngheo_phat_sinh_moi": "can_ngheo_tang_phat_sinh_moi",
    "ho_can_ngheo_tang_khac": "can_ngheo_tang_khac",
    "ho_muc_song_trung_binh": "ho_muc_song_trung_binh",
    "so_khau_ngheo": "so_khau_ngheo",
    "so_khau_can_ngheo": "so_khau_can_ngheo",
}
# Each unit's start in the plan's table <- the report's row at year end.
UNIT_COLUMNS = {"tong_so_ho": "tong_so_ho", "ho_ngheo": "ho_ngheo_cuoi_nam", "ho_can_ngheo": "ho_can_ngheo_cuoi_nam"}


def context_file(project: Project, year: int) -> Path:
    report = shipped(REPORT)
    return report.context_file(project, year, report.period(YEAR_END_KEY))


def table_file(project: Project, year: int) -> Path:
    return project.data_dir(year) / RESULTS_FILE


def exists(project: Project, year: int) -> bool:
    """The year-end report is there: its context, and its results table as a CSV or a sheet of the year's workbook."""
    from vanban.engine import sheets

    # Through ``reads``: a plan's stamp then knows the report was looked for (and notices one that appears).
    if not reads.exists(context_file(project, year)):
        return False
    book = project.data_dir(year) / sheets.WORKBOOK_NAME
    return reads.exists(table_file(project, year)) or (reads.exists(book) and sheets.has_sheet(book, RESULTS_TABLE))


def table_shown(checked: Any) -> str:
    """Where the checked report's results were read: ``data/2024/ket_qua.csv`` or ``data/2024/so-lieu.xlsx[ket_qua]``."""
    return str(checked.valid.tables[RESULTS_TABLE].file)


def plan_figures(checked: Any) -> dict[str, int]:
    values = checked.computed.values
    return {key: values[name] for key, name in PLAN_FIGURES.items() if isinstance(values.get(name), int)}


def unit_starts(checked: Any) -> dict[str, dict[str, int]]:
    """Unit name (casefolded) -> the plan's column -> the report's year-end value."""
    return {
        row.name.casefold(): {key: row.exact[name] for key, name in UNIT_COLUMNS.items() if isinstance(row.exact.get(name), int)}
        for row in checked.computed.tables["ket_qua"].rows
    }
