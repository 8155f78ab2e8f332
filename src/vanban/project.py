"""Where a project's files live, and which years it has.

A project is a folder with ``plans/<year>.yaml``, ``data/<year>/don_vi.csv``
and ``templates/ke-hoach.docx``; builds go to ``build/<year>/``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from vanban.engine.findings import InputError, Place, error

YEAR_MIN, YEAR_MAX = 2000, 2100

# Document kinds: the plan (default), the results report, the province summary.
DEFAULT_KIND = "ke-hoach"
OUTPUT_STEMS = {"ke-hoach": "ke-hoach-giam-ngheo", "bao-cao": "bao-cao-ket-qua-giam-ngheo", "tong-hop": "tong-hop-giam-ngheo"}


@dataclass(frozen=True)
class Project:
    root: Path

    @property
    def plans_dir(self) -> Path:
        return self.root / "plans"

    def plan_file(self, year: int) -> Path:
        return self.plans_dir / f"{year}.yaml"

    def data_dir(self, year: int) -> Path:
        """The year's tables: ``data/<year>/<table>.csv``."""
        return self.root / "data" / str(year)

    def table_file(self, year: int, table: str) -> Path:
        return self.data_dir(year) / f"{table}.csv"

    def units_file(self, year: int) -> Path:
        return self.table_file(year, "don_vi")

    @property
    def templates_dir(self) -> Path:
        return self.root / "templates"

    def template_for(self, kind: str = DEFAULT_KIND) -> Path:
        """A document kind's Word template, ``templates/<kind>.docx``."""
        return self.templates_dir / f"{kind}.docx"

    def declaration_for(self, kind: str = DEFAULT_KIND) -> Path:
        """A document kind's declaration (tables, figures, rules), ``templates/<kind>.yaml``."""
        return self.templates_dir / f"{kind}.yaml"

    def user_declaration_for(self, kind: str = DEFAULT_KIND) -> Path:
        """A commune's own tables and figures for a kind, ``templates/<kind>.rieng.yaml`` (optional)."""
        return self.templates_dir / f"{kind}.rieng.yaml"

    def context_file(self, year: int, kind: str = DEFAULT_KIND) -> Path:
        """A kind's context for a year: ``plans/<year>.yaml`` for the plan, ``plans/<year>-<kind>.yaml`` otherwise."""
        return self.plan_file(year) if kind == DEFAULT_KIND else self.plans_dir / f"{year}-{kind}.yaml"

    @property
    def template_file(self) -> Path:
        return self.template_for(DEFAULT_KIND)

    def build_dir(self, year: int) -> Path:
        return self.root / "build" / str(year)

    def output_for(self, year: int, kind: str = DEFAULT_KIND) -> Path:
        return self.build_dir(year) / f"{OUTPUT_STEMS.get(kind, kind)}-{year}.docx"

    def output_file(self, year: int) -> Path:
        return self.output_for(year, DEFAULT_KIND)

    def display(self, path: Path) -> str:
        """A path as the user sees it: relative to the project."""
        try:
            return path.relative_to(self.root).as_posix()
        except ValueError:
            return str(path)

    def years(self) -> list[int]:
        if not self.plans_dir.is_dir():
            return []
        return sorted(int(p.stem) for p in self.plans_dir.glob("*.yaml") if re.fullmatch(r"\d{4}", p.stem))

    def parse_year(self, text: object, *, must_exist: bool = False) -> int:
        """The year a user typed, or an InputError that lists the years there are.

        Four digits in range only: anything else (``../2024``, ``24``) never reaches a path.
        """
        years = self.years()
        available = ", ".join(map(str, years)) or "chưa có năm nào"
        raw = str(text).strip() if text is not None else ""
        if not re.fullmatch(r"\d{4}", raw):
            message = f"năm «{raw}» không hợp lệ: hãy ghi năm bằng 4 chữ số. Các năm đang có: {available}."
        elif not YEAR_MIN <= int(raw) <= YEAR_MAX:
            message = f"năm {raw} nằm ngoài khoảng {YEAR_MIN}–{YEAR_MAX}. Các năm đang có: {available}."
        elif must_exist and int(raw) not in years:
            message = f"chưa có kế hoạch năm {raw} ({self.display(self.plan_file(int(raw)))}). Các năm đang có: {available}."
        else:
            return int(raw)
        raise InputError([error("A001", Place("--year"), message)])

    def resolve_year(self, text: object) -> int:
        """A year whose plan exists."""
        return self.parse_year(text, must_exist=True)
