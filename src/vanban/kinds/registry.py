"""The document kinds, one entry each: what the command layer offers and where each kind's files live.

A kind is its declaration (``templates/<kind>.yaml``), its Word template (``templates/<kind>.docx``),
its periods (the results report has two), its paths and, only where a kind truly needs code, a hook
module (``hooks``: imported by the pipeline by name, so this module imports nothing of a kind's code).

Three kinds are shipped: the plan (``ke-hoach``), the results report (``bao-cao``, periods ``ca-nam``
and ``6-thang``) and the province summary (``tong-hop``). Any other ``templates/<name>.yaml`` with a
``templates/<name>.docx`` beside it is a kind too, with the defaults of ``Kind``: its context is
``plans/[<xã>/]<năm>-<name>.yaml``, its tables ``data/[<xã>/]<năm>/``, its output
``build/[<xã>/]<năm>/<name>-<năm>.docx``. Nothing else has to change to add one.

Everything here is paths and names: no YAML is parsed, so a no-op build stays cheap.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from vanban.engine.findings import InputError, Place, error
from vanban.project import Project

PLAN, REPORT, SUMMARY = "ke-hoach", "bao-cao", "tong-hop"
_NAME = re.compile(r"[a-z][a-z0-9]*(?:-[a-z0-9]+)*")


@dataclass(frozen=True)
class Period:
    """One period of a kind (``--ky``): its context file's suffix, its output's stem and its tables' files."""

    key: str  # as typed after --ky; "" for a kind without periods
    suffix: str = ""  # of the context file: plans/<year>-<kind><suffix>.yaml
    output_stem: str = ""  # build/…/<output_stem>-<year>.docx; "" = the kind's
    table_files: Mapping[str, str] = field(default_factory=dict)  # table -> its file for this period
    # How the document names the period's end and its chart's bars (the report's hook uses them).
    label: str = ""
    planned_label: str = ""
    achieved_label: str = ""


_ONLY = Period("")


@dataclass(frozen=True)
class Kind:
    name: str  # as typed after --kind; templates/<name>.yaml and .docx
    label: str  # how messages name it: "kế hoạch"
    output_stem: str = ""  # build/…/<output_stem>-<year>.docx; "" = the name
    periods: tuple[Period, ...] = (_ONLY,)  # the first is the default
    hooks: str | None = None  # module with the code only this kind needs (see pipeline.Hooks)
    review: str | None = None  # module with the kind's own diff (compare_years, compare_revision); None: the plan's
    starter: str | None = None  # "module:function" that starts a year's files (``invoke new``); None: copy one by hand
    province: bool = False  # one document for the whole repository (plans/<name>/<year>.yaml), not one per commune
    year_end_issue: bool = False  # an undated document is dated the year's last day (a report), else its first
    help: str = ""  # one line for the commands' help

    # ------------------------------------------------------------ periods

    @property
    def has_periods(self) -> bool:
        return self.periods[0].key != ""

    def period(self, ky: object) -> Period:
        """The period a user typed (``--ky``); A011 when the kind has no such period."""
        raw = str(ky).strip() if ky not in (None, "") else ""
        if not self.has_periods:
            if raw:
                raise InputError(
                    [error("A011", Place("--ky"), f"--ky không dùng với --kind {self.name} ({self.label} không có kỳ).")]
                )
            return self.periods[0]
        if not raw:
            return self.periods[0]
        for period in self.periods:
            if period.key == raw:
                return period
        known = ", ".join(f"«{p.key}»" for p in self.periods)
        raise InputError(
            [error("A011", Place("--ky"), f"kỳ báo cáo «{raw}» không có; chỉ có {known} (mặc định «{self.periods[0].key}»).")]
        )

    # ------------------------------------------------------------ paths

    def declaration(self, project: Project) -> Path:
        return project.declaration_for(self.name)

    def template(self, project: Project) -> Path:
        return project.template_for(self.name)

    def context_file(self, project: Project, year: int, period: Period = _ONLY) -> Path:
        if self.province:
            return project.root / "plans" / self.name / f"{year}.yaml"
        if self.name == PLAN:
            return project.plan_file(year)
        return project.plans_dir / f"{year}-{self.name}{period.suffix}.yaml"

    def output_file(self, project: Project, year: int, period: Period = _ONLY) -> Path:
        stem = period.output_stem or self.output_stem or self.name
        folder = project.root / "build" / self.name / str(year) if self.province else project.build_dir(year)
        return folder / f"{stem}-{year}.docx"

    def table_file(self, project: Project, year: int, table: str, file_name: str, period: Period = _ONLY) -> Path:
        return project.data_dir(year) / period.table_files.get(table, file_name)


BUILT_IN: tuple[Kind, ...] = (
    Kind(
        PLAN,
        "kế hoạch",
        "ke-hoach-giam-ngheo",
        hooks="vanban.kinds.ke_hoach",
        starter="vanban.review.start:start_plan",
        help="kế hoạch giảm nghèo (mặc định)",
    ),
    Kind(
        REPORT,
        "báo cáo kết quả",
        "bao-cao-ket-qua-giam-ngheo",
        periods=(
            Period("ca-nam", "", "", {}, "cuối năm", "Chỉ tiêu giảm", "Đã giảm"),
            Period(
                "6-thang",
                "-6-thang",
                "bao-cao-so-ket-6-thang-giam-ngheo",
                {"ket_qua": "ket_qua_6_thang.csv"},
                "đến 30/6",
                "Chỉ tiêu giảm cả năm",
                "Đã giảm đến 30/6",
            ),
        ),
        hooks="vanban.kinds.bao_cao.hooks",
        review="vanban.review.report",
        starter="vanban.review.start:start_report",
        year_end_issue=True,
        help="báo cáo kết quả (--ky ca-nam hoặc 6-thang)",
    ),
    Kind(
        SUMMARY,
        "bản tổng hợp",
        "tong-hop-giam-ngheo",
        province=True,
        review="vanban.review.summary",
        starter="vanban.review.start:start_summary",
        help="bản tổng hợp các xã của tỉnh",
    ),
)
_BUILT_IN = {k.name: k for k in BUILT_IN}


def shipped(name: str) -> Kind:
    """A shipped kind's entry, for code that needs one kind's paths (``carry``: the year-end report)."""
    return _BUILT_IN[name]


def shipped_label(name: str) -> str:
    """How messages name a kind: a shipped one's label, else its name."""
    return _BUILT_IN[name].label if name in _BUILT_IN else name


def kinds(root: Path) -> dict[str, Kind]:
    """Every kind of the repository at ``root``: the shipped ones, then each ``templates/<name>.yaml`` that has
    a ``templates/<name>.docx`` (a commune's ``*.rieng.yaml`` and the plan's skeleton are not kinds)."""
    found = dict(_BUILT_IN)
    folder = root / "templates"
    if folder.is_dir():
        for path in sorted(folder.glob("*.yaml")):
            name = path.stem
            if name in found or not _NAME.fullmatch(name) or not path.with_suffix(".docx").is_file():
                continue
            found[name] = Kind(name, name, help=f"loại văn bản khai báo ở templates/{name}.yaml")
    return found


def kind_names_help() -> str:
    """The ``--kind`` help text, from the shipped kinds (a repository may declare more)."""
    listed = "; ".join(f"{k.name}: {k.help}" for k in BUILT_IN)
    return f"Loại văn bản: {listed}; hoặc loại khai báo thêm ở templates/<loại>.yaml"


def period_help() -> str:
    with_periods = [k for k in BUILT_IN if k.has_periods]
    return "; ".join(
        f"Với --kind {k.name}: " + " hoặc ".join(f"{p.key}{' (mặc định)' if i == 0 else ''}" for i, p in enumerate(k.periods))
        for k in with_periods
    )


def resolve(root: Path, kind: object, ky: object = None) -> tuple[Kind, Period]:
    """The kind and period a user typed (``--kind``, ``--ky``); A012/A011 listing what there is."""
    known = kinds(root)
    raw = str(kind).strip() if kind not in (None, "") else PLAN
    if raw not in known:
        listed = ", ".join(f"«{k.name}» ({k.label})" for k in known.values())
        raise InputError([error("A012", Place("--kind"), f"loại văn bản «{raw}» không có; chỉ có {listed}.")])
    chosen = known[raw]
    return chosen, chosen.period(ky)


def unread_files(root: Path) -> list[Path]:
    """Files under ``plans/`` that no command reads (a misnamed year, a folder that is not a commune, …): every
    commune's settings, own declarations (``<kind>.rieng.yaml``) and each declared kind's contexts are read."""
    top = root / "plans"
    if not top.is_dir():
        return []
    project = Project(root)
    known = kinds(root)
    declared = [k for k in known.values() if k.declaration(project).is_file() or k.name == PLAN]
    read: set[Path] = set()
    for commune in project.communes():
        read.add(commune.settings_file)
        read.update(commune.commune_declaration_for(k.name) for k in declared)
        read.update(commune.plan_file(y) for y in commune.years())
        # Another kind's context, plans/<year>-<kind>[<period>].yaml, for a kind declared in templates/<kind>.yaml.
        names = {f"{k.name}{p.suffix}" for k in declared if not k.province and k.name != PLAN for p in k.periods}
        read.update(c for c in commune.plans_dir.glob("*-*.yaml") if re.fullmatch(r"\d{4}-.+", c.stem) and c.stem[5:] in names)
    for kind in known.values():
        if kind.province:
            read.update(p for p in (top / kind.name).glob("*.yaml") if re.fullmatch(r"\d{4}", p.stem))
    return sorted(p for p in top.rglob("*") if p.is_file() and p not in read and not p.name.startswith("."))


# (commune slug or None, year, kind, period key): one document that ``build --all`` writes.
Job = tuple[str | None, int, str, str]


def jobs(root: Path) -> list[Job]:
    """Every document of the repository, in build order: each commune's years (the plan, then each other
    kind's period whose context exists), then each province kind's years (the summary after the communes)."""
    project = Project(root)
    known = kinds(root)
    out: list[Job] = []
    for commune in project.communes():
        for year in commune.years():
            for kind in known.values():
                if kind.province:
                    continue
                for period in kind.periods:
                    if kind.name == PLAN or kind.context_file(commune, year, period).is_file():
                        out.append((commune.commune, year, kind.name, period.key))
    for kind in known.values():
        if kind.province:
            folder = root / "plans" / kind.name
            years = (
                sorted(int(p.stem) for p in folder.glob("*.yaml") if re.fullmatch(r"\d{4}", p.stem)) if folder.is_dir() else []
            )
            out += [(None, year, kind.name, kind.periods[0].key) for year in years]
    return out


def job_output(root: Path, job: Job) -> Path:
    commune, year, name, ky = job
    kind = kinds(root)[name]
    return kind.output_file(Project(root, commune), year, kind.period(ky or None))
