"""A commune's settings, kept once (``plans/<commune>/xa.yaml``) and merged under each year's plan.

The settings file has the keys of a plan that stay from year to year
(``van_ban`` agency lines, place, symbol; ``noi_nhan``; ``ky``; any other) and
one section of its own, ``xa``: the commune's name, its type and its units with
their officers (a blank ``can_bo_phu_trach`` cell of a year's table takes the officer named here). Loading a year's plan merges the settings *under* the year's
YAML: a key the year states wins (mappings merge key by key, a list or a value
is replaced whole). Every value keeps the line and column of the file it was
typed in, so validation downstream points at the right file and is unchanged.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from vanban.engine import reads
from vanban.engine.findings import Finding, InputError, Place, error
from vanban.engine.load import CsvTable, YamlDocument, YamlPath, load_yaml
from vanban.engine.reform import COMMUNE_TYPES
from vanban.project import Project

COMMUNE_KEY = "xa"  # the settings' own section; never merged into a plan


@dataclass
class MergedDocument(YamlDocument):
    """A year's plan with its commune's settings merged under it: each value still names its own file."""

    origins: dict[YamlPath, str] = field(default_factory=dict)  # value path -> the file it came from

    def place(self, path: YamlPath, field_name: str | None = None) -> Place:
        found = super().place(path, field_name)
        for end in range(len(path), -1, -1):
            if path[:end] in self.positions:
                origin = self.origins.get(path[:end])
                return found if origin is None else Place(origin, found.line, found.column, found.field, found.unit)
        return found


@dataclass(frozen=True)
class CommuneInfo:
    """What the ``xa`` section says: the commune's name and type, and its units with their officers."""

    name: str
    kind: str  # xã | phường | thị trấn | đặc khu
    units: tuple[tuple[str, str], ...] = ()  # (unit, officer)
    province: str = ""  # tỉnh, as in "UBND tỉnh Thanh Hóa"


def load_settings(project: Project) -> YamlDocument | None:
    """The commune's settings file, or None when it has none (the default commune may not)."""
    path = project.settings_file
    if not reads.exists(path):
        return None
    doc = load_yaml(path, project.display(path))
    if not isinstance(doc.data, dict):
        raise InputError([error("S001", Place(doc.file, 1, 1), "tệp thiết lập của xã phải là một nhóm các khóa: giá trị.")])
    return doc


def _copy_positions(source: YamlDocument, target: MergedDocument, prefix: YamlPath) -> None:
    for path, position in source.positions.items():
        if path[: len(prefix)] == prefix:
            target.positions[path] = position
            target.origins[path] = source.file


def _merge(base: dict[str, Any], over: dict[str, Any], settings: YamlDocument, target: MergedDocument, path: YamlPath) -> dict:
    merged = dict(over)
    for key, value in base.items():
        if path == () and key == COMMUNE_KEY:
            continue
        if key not in over:
            merged[key] = copy.deepcopy(value)
            _copy_positions(settings, target, path + (key,))
        elif isinstance(value, dict) and isinstance(over[key], dict):
            merged[key] = _merge(value, over[key], settings, target, path + (key,))
    return merged


def merge_settings(year_doc: YamlDocument, settings: YamlDocument | None) -> YamlDocument:
    """The year's document over the settings; the year's own values win."""
    if settings is None or not isinstance(year_doc.data, dict):
        return year_doc
    merged = MergedDocument(year_doc.file, None, dict(year_doc.positions))
    merged.data = _merge(settings.data, year_doc.data, settings, merged, ())
    return merged


def load_context_document(project: Project, path: Path) -> YamlDocument:
    """A year's context of any kind as validation sees it: its YAML merged over the commune's settings
    (``xa.yaml``: agency lines, place, recipients, signer), so no kind asks for them twice.

    Problems of both files are reported together.
    """
    problems = []
    doc = settings = None
    try:
        doc = load_yaml(path, project.display(path))
    except InputError as exc:
        problems += exc.findings
    try:
        settings = load_settings(project)
    except InputError as exc:
        problems += exc.findings
    if problems or doc is None:
        raise InputError(problems)
    return merge_settings(doc, settings)


def load_plan_document(project: Project, year: int) -> YamlDocument:
    """A year's plan merged over the commune's settings."""
    return load_context_document(project, project.plan_file(year))


def commune_info(project: Project, settings: YamlDocument | None, agency_name: str | None = None) -> CommuneInfo:
    """The ``xa`` section, checked; without one the name comes from the plan's agency (``UBND Thị trấn Hà Trung``)."""
    section = settings.data.get(COMMUNE_KEY) if settings is not None else None
    if section is None:
        agency = (agency_name or project.label).removeprefix("UBND ").strip()
        return CommuneInfo(agency, next((k for k in COMMUNE_TYPES if agency.casefold().startswith(k)), "xã"))
    assert settings is not None
    problems = []
    if not isinstance(section, dict):
        raise InputError(
            [error("S001", settings.place((COMMUNE_KEY,)), "mục «xa» phải là một nhóm các khóa: giá trị (ten, loai, don_vi).")]
        )
    unknown = sorted(set(section) - {"ten", "loai", "tinh", "don_vi"})
    for key in unknown:
        problems.append(
            error(
                "S001",
                settings.place((COMMUNE_KEY, key)),
                f"khóa «{key}» không có trong mục «xa» (chỉ có ten, loai, tinh, don_vi).",
            )
        )
    name = section.get("ten")
    if not isinstance(name, str) or not name.strip():
        problems.append(error("S001", settings.place((COMMUNE_KEY, "ten")), "thiếu tên xã (xa.ten), ví dụ «Xã Giáo Hiệu»."))
    commune_type = section.get("loai", "xã")
    if commune_type not in COMMUNE_TYPES:
        problems.append(
            error(
                "S001",
                settings.place((COMMUNE_KEY, "loai")),
                f"loại «{commune_type}» không hợp lệ; chỉ có: {', '.join(COMMUNE_TYPES)}.",
            )
        )
    units: list[tuple[str, str]] = []
    for i, item in enumerate(section.get("don_vi") or []):
        if isinstance(item, str):
            units.append((item, ""))
        elif isinstance(item, dict) and isinstance(item.get("ten"), str):
            units.append((item["ten"], str(item.get("can_bo_phu_trach") or "")))
        else:
            problems.append(
                error(
                    "S001",
                    settings.place((COMMUNE_KEY, "don_vi", i)),
                    "mỗi đơn vị là một tên, hoặc «ten: …» và «can_bo_phu_trach: …».",
                )
            )
    province = section.get("tinh")
    if province is not None and not isinstance(province, str):
        problems.append(error("S001", settings.place((COMMUNE_KEY, "tinh")), "tên tỉnh (xa.tinh) là chữ, ví dụ «Thanh Hóa»."))
    if problems:
        raise InputError(problems)
    return CommuneInfo(str(name).strip(), str(commune_type), tuple(units), str(province or "").strip())


def fill_officers(project: Project, table: CsvTable) -> CsvTable:
    """Officers kept once per commune: a blank ``can_bo_phu_trach`` cell takes the settings' officer of that unit.

    A cell the year's table fills wins, as a key the year's YAML states does.
    """
    if "can_bo_phu_trach" not in table.header or not reads.exists(project.settings_file):
        return table
    try:
        settings = load_settings(project)
        officers = {unit.casefold(): officer for unit, officer in commune_info(project, settings).units if officer}
    except InputError:
        return table  # the plan's loading reports the settings' problems
    if not officers:
        return table
    for row in table.rows:
        name = row.values.get("don_vi", "").strip().casefold()
        if not row.values.get("can_bo_phu_trach", "").strip() and name in officers:
            row.values["can_bo_phu_trach"] = officers[name]
    return table


UNIT_COLUMN = "don_vi"  # a table whose rows are named by this column lists the commune's units


def unknown_units(project: Project, tables: dict[str, Any]) -> list[Finding]:
    """U003: a unit of any units' table (rows named by ``don_vi``) that the commune's settings do not list,
    with the closest listed name; nothing when the settings list no units. A misspelt unit would otherwise
    pass and get no officer (an empty «Cán bộ phụ trách»)."""
    from vanban.engine.declaration import did_you_mean

    if not reads.exists(project.settings_file):
        return []
    try:
        listed = [unit for unit, _ in commune_info(project, load_settings(project)).units]
    except InputError:
        return []  # the context's loading reports the settings' problems
    if not listed:
        return []
    known = {unit.casefold() for unit in listed}
    shown = project.display(project.settings_file)
    findings = []
    for table in tables.values():
        if table.table.name_column != UNIT_COLUMN:
            continue
        for row in table.rows:
            if row.name.casefold() not in known:
                findings.append(
                    error(
                        "U003",
                        table.place(row.line, UNIT_COLUMN, row.name),
                        f"đơn vị «{row.name}» không có trong danh sách đơn vị của xã ({shown}, mục xa.don_vi)."
                        + did_you_mean(row.name, listed),
                    )
                )
    return findings
