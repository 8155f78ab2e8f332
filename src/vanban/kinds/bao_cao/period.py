"""The report's two periods, and where each one's files live.

``ca-nam`` (default): the year-end report, from ``data/<year>/ket_qua.csv``
and ``plans/<year>-bao-cao.yaml``, to ``build/<year>/bao-cao-ket-qua-giam-ngheo-<year>.docx``.
``6-thang``: the six-month review (sơ kết 6 tháng), from ``data/<year>/ket_qua_6_thang.csv``
and ``plans/<year>-bao-cao-6-thang.yaml``, to ``build/<year>/bao-cao-so-ket-6-thang-giam-ngheo-<year>.docx``.
Both are judged against the same plan (``plans/<year>.yaml``, ``data/<year>/don_vi.csv``).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from vanban.engine.findings import InputError, Place, error
from vanban.project import Project

KIND = "bao-cao"


@dataclass(frozen=True)
class Period:
    key: str  # as typed after --ky
    suffix: str  # of the context file and output: "" or "-6-thang"
    table: str  # data/<year>/<table>.csv
    label: str  # how the document names the period's end: "cuối năm", "đến 30/6"
    planned_label: str
    achieved_label: str

    def context_file(self, project: Project, year: int) -> Path:
        return project.plans_dir / f"{year}-{KIND}{self.suffix}.yaml"

    def table_file(self, project: Project, year: int) -> Path:
        return project.table_file(year, self.table)

    def output_file(self, project: Project, year: int) -> Path:
        if not self.suffix:
            return project.output_for(year, KIND)
        return project.build_dir(year) / f"bao-cao-so-ket{self.suffix}-giam-ngheo-{year}.docx"


YEAR_END = Period("ca-nam", "", "ket_qua", "cuối năm", "Chỉ tiêu giảm", "Đã giảm")
HALF_YEAR = Period("6-thang", "-6-thang", "ket_qua_6_thang", "đến 30/6", "Chỉ tiêu giảm cả năm", "Đã giảm đến 30/6")
PERIODS = {p.key: p for p in (YEAR_END, HALF_YEAR)}


def parse_period(text: object) -> Period:
    raw = str(text).strip() if text not in (None, "") else YEAR_END.key
    if raw in PERIODS:
        return PERIODS[raw]
    known = ", ".join(f"«{k}»" for k in PERIODS)
    raise InputError([error("A011", Place("--ky"), f"kỳ báo cáo «{raw}» không có; chỉ có {known} (mặc định «{YEAR_END.key}»).")])
