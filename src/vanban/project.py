"""Where a project's files live: which communes, which years, which paths.

A project holds one or many communes. The *default commune* is today's
one-commune layout, read with no ``--commune``:

    plans/<year>.yaml            data/<year>/<table>.csv          build/<year>/
    plans/xa.yaml                (optional: the commune's settings)

Every other commune has a folder named by its slug (``giao-hieu``):

    plans/<slug>/<year>.yaml     data/<slug>/<year>/<table>.csv   build/<slug>/<year>/
    plans/<slug>/xa.yaml         (its settings: name, agency lines, place, signer, units)

The province summary reads ``plans/tong-hop/<year>.yaml`` and writes
``build/tong-hop/<year>/``. Templates are shared: ``templates/<kind>.docx``.
A ``Project`` is bound to one commune (``commune=None``: the default one);
every path method answers for that commune, so code written for one commune
works unchanged for any.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from vanban.engine import reads
from vanban.engine.findings import InputError, Place, error

YEAR_MIN, YEAR_MAX = 2000, 2100

# Document kinds: the plan (default), the results report, the province summary.
DEFAULT_KIND = "ke-hoach"
SUMMARY_KIND = "tong-hop"

SETTINGS_NAME = "xa.yaml"  # a commune's settings, beside its yearly plans
MERGE_NAME = "gop_don_vi.yaml"  # a year's merge map (old units -> new unit), beside its tables
SLUG = re.compile(r"[a-z][a-z0-9]*(?:-[a-z0-9]+)*")
# Folder names the project uses for something else (build/diff, build/bench, the summary).
RESERVED_SLUGS = frozenset({SUMMARY_KIND, "diff", "bench", "preview", "templates"})
# Names Windows reserves for devices, in any folder and with any extension: «plans/con/» cannot be created there.
WINDOWS_RESERVED = frozenset({"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)), *(f"lpt{i}" for i in range(10))})
SLUG_MAX = 40  # a folder name within every file system's limit, with room for the paths under it
_YEAR = re.compile(r"\d{4}")


def slug_problem(slug: str) -> str | None:
    """Why ``slug`` cannot name a commune's folder, or None."""
    if len(slug) > SLUG_MAX:
        return f"mã xã dài {len(slug)} ký tự; mã xã chỉ dài tối đa {SLUG_MAX} ký tự, ví dụ «giao-hieu»."
    if not SLUG.fullmatch(slug):
        return (
            f"mã xã «{slug}» không hợp lệ: chỉ dùng chữ thường không dấu, chữ số và dấu gạch nối, "
            "bắt đầu bằng chữ cái, ví dụ «giao-hieu»."
        )
    if slug in WINDOWS_RESERVED:
        return f"mã xã «{slug}» là tên thiết bị dành riêng của Windows (con, prn, aux, nul, com1…, lpt1…); hãy chọn mã khác."
    if slug in RESERVED_SLUGS:
        return f"mã xã «{slug}» trùng với tên thư mục dành riêng ({', '.join(sorted(RESERVED_SLUGS))}); hãy chọn mã khác."
    return None


def _holds_commune(folder: Path) -> bool:
    """A commune's folder: its settings or a year's plan in it."""
    return folder.is_dir() and ((folder / SETTINGS_NAME).is_file() or any(_YEAR.fullmatch(p.stem) for p in folder.glob("*.yaml")))


@dataclass(frozen=True)
class Project:
    root: Path
    commune: str | None = None  # the commune's slug; None: the default commune (today's layout)

    # ------------------------------------------------------------ the communes

    def for_commune(self, commune: str | None) -> Project:
        return Project(self.root, commune)

    @property
    def label(self) -> str:
        """How messages name this commune: its slug, or «mặc định»."""
        return self.commune or "mặc định"

    def has_default_commune(self) -> bool:
        top = self.root / "plans"
        reads.listing(top)  # what is built from the communes (the summary) is built again when it changes
        return top.is_dir() and ((top / SETTINGS_NAME).is_file() or any(_YEAR.fullmatch(p.stem) for p in top.glob("*.yaml")))

    def commune_slugs(self) -> list[str]:
        """Slugs of the communes that have a folder of their own, sorted."""
        top = self.root / "plans"
        reads.listing(top)  # recorded, as each folder's below: a commune added or removed rebuilds the summary
        if not top.is_dir():
            return []
        slugs = []
        for d in sorted(top.iterdir()):
            if d.is_dir() and slug_problem(d.name) is None:
                reads.listing(d)
                if _holds_commune(d):
                    slugs.append(d.name)
        return slugs

    def communes(self) -> list[Project]:
        """Every commune of the repository: the default one first (if there is one), then by slug."""
        found = [Project(self.root)] if self.has_default_commune() else []
        return found + [Project(self.root, slug) for slug in self.commune_slugs()]

    def select(self, text: object) -> Project:
        """The commune a user named with ``--commune``, or the one the repository implies.

        No flag: the default commune if there is one, else the only commune; with
        several and no default, an InputError that lists them.
        """
        raw = str(text).strip() if text not in (None, "") else ""
        top = self.root / "plans"
        # A named commune that is there: no need to look at every other one (``build --all`` names each in turn).
        if raw and slug_problem(raw) is None and top.is_dir() and raw in os.listdir(top) and _holds_commune(top / raw):
            return Project(self.root, raw)
        slugs = self.commune_slugs()
        listing = ", ".join(slugs) or "chưa có xã nào"
        if not raw:
            if self.has_default_commune() or not slugs:
                return Project(self.root)
            if len(slugs) == 1:
                return Project(self.root, slugs[0])
            message = f"kho có nhiều xã; hãy chọn một xã bằng --commune <mã xã>. Các xã đang có: {listing}."
        elif (problem := slug_problem(raw)) is not None:
            message = f"{problem} Các xã đang có: {listing}."
        elif raw not in slugs:
            message = f'chưa có xã «{raw}» (plans/{raw}/). Các xã đang có: {listing}. Tạo xã mới: invoke init --commune {raw} --ten "…" --year <năm>.'
        else:
            return Project(self.root, raw)
        raise InputError([error("A006", Place("--commune"), message)])

    # ------------------------------------------------------------ one commune's files

    @property
    def plans_dir(self) -> Path:
        top = self.root / "plans"
        return top / self.commune if self.commune else top

    def plan_file(self, year: int) -> Path:
        return self.plans_dir / f"{year}.yaml"

    @property
    def settings_file(self) -> Path:
        """The commune's settings (what stays from year to year); optional for the default commune."""
        return self.plans_dir / SETTINGS_NAME

    def data_dir(self, year: int) -> Path:
        """The year's tables: ``data/[<commune>/]<year>/<table>.csv``."""
        top = self.root / "data"
        return (top / self.commune if self.commune else top) / str(year)

    def table_file(self, year: int, table: str) -> Path:
        return self.data_dir(year) / f"{table}.csv"

    def units_file(self, year: int) -> Path:
        return self.table_file(year, "don_vi")

    def merge_file(self, year: int) -> Path:
        """Units of ``year - 1`` merged or renamed into units of ``year`` (written by ``new-year --gop``)."""
        return self.data_dir(year) / MERGE_NAME

    @property
    def templates_dir(self) -> Path:
        return self.root / "templates"

    def template_for(self, kind: str = DEFAULT_KIND) -> Path:
        """A document kind's Word template, ``templates/<kind>.docx`` (shared by every commune)."""
        return self.templates_dir / f"{kind}.docx"

    def declaration_for(self, kind: str = DEFAULT_KIND) -> Path:
        """A document kind's declaration (tables, figures, rules), ``templates/<kind>.yaml``."""
        return self.templates_dir / f"{kind}.yaml"

    def user_declaration_for(self, kind: str = DEFAULT_KIND) -> Path:
        """Tables and figures added for every commune (a table the province asks all for),
        ``templates/<kind>.rieng.yaml`` (optional)."""
        return self.templates_dir / f"{kind}.rieng.yaml"

    def commune_declaration_for(self, kind: str = DEFAULT_KIND) -> Path:
        """This commune's own tables and figures for a kind, ``plans/[<xã>/]<kind>.rieng.yaml`` (optional):
        they never affect another commune."""
        return self.plans_dir / f"{kind}.rieng.yaml"

    def context_file(self, year: int, kind: str = DEFAULT_KIND) -> Path:
        """A kind's context for a year: ``plans/<year>.yaml`` for the plan, ``plans/<year>-<kind>.yaml`` otherwise."""
        return self.plan_file(year) if kind == DEFAULT_KIND else self.plans_dir / f"{year}-{kind}.yaml"

    @property
    def template_file(self) -> Path:
        return self.template_for(DEFAULT_KIND)

    def build_dir(self, year: int) -> Path:
        top = self.root / "build"
        return (top / self.commune if self.commune else top) / str(year)

    def output_file(self, year: int) -> Path:
        """The plan's document (other kinds: ``kinds.registry.Kind.output_file``)."""
        return self.build_dir(year) / f"ke-hoach-giam-ngheo-{year}.docx"

    # ------------------------------------------------------------ the province summary

    def summary_plan_file(self, year: int) -> Path:
        return self.root / "plans" / SUMMARY_KIND / f"{year}.yaml"

    def summary_build_dir(self, year: int) -> Path:
        return self.root / "build" / SUMMARY_KIND / str(year)

    def all_years(self) -> list[int]:
        """Every year any commune has a plan for."""
        return sorted({y for c in self.communes() for y in c.years()})

    # ------------------------------------------------------------ paths and years as users type them

    def display(self, path: Path) -> str:
        """A path as the user sees it: relative to the project."""
        try:
            return path.relative_to(self.root).as_posix()
        except ValueError:
            return str(path)

    def years(self) -> list[int]:
        reads.listing(self.plans_dir)
        if not self.plans_dir.is_dir():
            return []
        return sorted(int(p.stem) for p in self.plans_dir.glob("*.yaml") if _YEAR.fullmatch(p.stem))

    def parse_year(self, text: object, *, must_exist: bool = False) -> int:
        """The year a user typed, or an InputError that lists the years there are.

        Four digits in range only: anything else (``../2024``, ``24``) never reaches a path.
        """
        years = self.years()
        available = ", ".join(map(str, years)) or "chưa có năm nào"
        if self.commune:
            available += f" (xã {self.commune})"
        raw = str(text).strip() if text is not None else ""
        if not re.fullmatch(r"\d{4}", raw):
            message = f"năm «{raw}» không hợp lệ: hãy ghi năm bằng 4 chữ số. Các năm đang có: {available}."
        elif not YEAR_MIN <= int(raw) <= YEAR_MAX:
            message = f"năm {raw} nằm ngoài khoảng {YEAR_MIN}–{YEAR_MAX}. Các năm đang có: {available}."
        elif must_exist and int(raw) not in years:
            message = f"chưa có kế hoạch năm {raw} ({self.display(self.plan_file(int(raw)))}). Các năm đang có: {available}."
            if others := self._communes_with_year(int(raw)):
                shown = ", ".join(f"--commune {slug}" if slug else "xã mặc định (không ghi --commune)" for slug in others)
                message += f" Năm {raw} có ở xã khác: {shown}."
        else:
            return int(raw)
        raise InputError([error("A001", Place("--year"), message)])

    def _communes_with_year(self, year: int) -> list[str]:
        """The other communes ("" for the default one) whose plans have ``year``: A001 names them."""
        others = [
            slug for slug in self.commune_slugs() if slug != self.commune and self.for_commune(slug).plan_file(year).is_file()
        ]
        if self.commune and self.has_default_commune() and Project(self.root).plan_file(year).is_file():
            others.insert(0, "")
        return others

    def resolve_year(self, text: object) -> int:
        """A year whose plan exists."""
        return self.parse_year(text, must_exist=True)
