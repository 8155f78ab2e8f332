"""The documents a live preview offers: every commune × year × kind whose context exists.

A document is named by the command-line options that select it (``--commune``, ``--year``,
``--kind``, ``--ky``), so the server asks the same commands a user types for its checks
and pages, and shows exactly what they would print.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from vanban.engine.findings import InputError
from vanban.kinds import registry
from vanban.project import Project

# How the list names the shipped kinds' documents; a declared kind is named by its own label.
_LABELS = {
    (registry.PLAN, ""): "Kế hoạch",
    (registry.REPORT, "ca-nam"): "Báo cáo kết quả cả năm",
    (registry.REPORT, "6-thang"): "Báo cáo sơ kết 6 tháng",
    (registry.SUMMARY, ""): "Tổng hợp của tỉnh",
}
_PROVINCE_KINDS = frozenset(k.name for k in registry.BUILT_IN if k.province)


@dataclass(frozen=True, order=True)
class Document:
    commune: str | None  # slug; None: the default commune (today's one-commune layout)
    year: int
    kind: str
    period: str | None = None
    label: str = ""
    place: str = ""  # the commune's name as its settings write it ("Xã Giáo Hiệu"), when they do

    @property
    def key(self) -> str:
        """A stable name for URLs: ``ha-trung.2024.bao-cao.6-thang``; ``_`` is the default commune."""
        parts = [self.commune or "_", str(self.year), self.kind] + ([self.period] if self.period else [])
        return ".".join(parts)

    @property
    def options(self) -> list[str]:
        """The options a user would type to select this document."""
        found = ["--year", str(self.year), "--kind", self.kind]
        if self.commune:
            found += ["--commune", self.commune]
        if self.period:
            found += ["--ky", self.period]
        return found

    @property
    def province(self) -> bool:
        """One document for the whole repository (the summary), gathering every commune."""
        return self.kind in _PROVINCE_KINDS

    @property
    def commune_label(self) -> str:
        if self.province:
            return _LABELS.get((self.kind, ""), self.label)
        return self.place or self.commune or "Xã của kho (plans/)"


def discover(root: Path) -> list[Document]:
    """Every document ``build --all`` writes (``registry.jobs``), in its order; a kind's default period is
    selected with no ``--ky``, as users type it."""
    known = registry.kinds(root)
    places: dict[str | None, str] = {}
    found: list[Document] = []
    for commune, year, name, key in registry.jobs(root):
        kind = known[name]
        default = key == kind.periods[0].key
        if commune not in places and not kind.province:
            places[commune] = _name(Project(root, commune))
        label = _LABELS.get((name, key)) or kind.label[:1].upper() + kind.label[1:]
        found.append(Document(commune, year, name, None if default else key, label, places.get(commune, "")))
    return found


def _name(commune: Project) -> str:
    """The commune's name from its settings (``xa.ten``); empty when it has none or they cannot be read
    (the document's own check then says why)."""
    from vanban.communes.settings import load_settings

    try:
        settings = load_settings(commune)
    except InputError:
        return ""
    section = settings.data.get("xa") if settings is not None else None
    name = section.get("ten") if isinstance(section, dict) else None
    return name.strip() if isinstance(name, str) else ""


def select(documents: Iterable[Document], *, commune: str | None, year: int | None, kind: str | None) -> list[Document]:
    """The documents ``serve --commune/--year/--kind`` narrows the list to."""
    return [
        d
        for d in documents
        if (commune is None or d.commune == commune or d.province)
        and (year is None or d.year == year)
        and (kind is None or d.kind == kind)
    ]


def affected(document: Document, changed: Iterable[Path], root: Path) -> bool:
    """Whether a change to ``changed`` (paths under plans/, data/, templates/) may change ``document``.

    Templates and declarations are shared by every commune; a commune's files change its own
    documents and the summary of the same year, which gathers every commune.
    """
    for path in changed:
        try:
            parts = path.resolve().relative_to(root.resolve()).parts
        except ValueError:
            continue
        if not parts or parts[0] == "templates":
            return True
        rest = parts[1:]
        if document.province:
            if parts[0] == "plans" and rest[:1] == (document.kind,):
                return _names_year(rest[1:], document.year)
            if parts[0] in ("plans", "data") and _names_year(rest, document.year, loose=True):
                return True
            continue
        own = rest[:1] == (document.commune,) if document.commune else (rest[:1] and not _is_folder_of_commune(rest))
        if own:
            rest = rest[1:] if document.commune else rest
            if _names_year(rest, document.year, loose=True):
                return True
    return False


def _is_folder_of_commune(rest: tuple[str, ...]) -> bool:
    """``rest`` starts with another commune's folder (or the summary's), not a year or a file."""
    return len(rest) > 1 and not rest[0][:4].isdigit()


def _names_year(rest: tuple[str, ...], year: int, *, loose: bool = False) -> bool:
    """The path below a commune's folder concerns ``year``: its year folder or file, or (``loose``) the
    commune's settings and merge maps, which every year reads."""
    if not rest:
        return loose
    head = rest[0]
    if head[:4].isdigit():
        return head[:4] == str(year)
    return loose and len(rest) == 1


def output_path(root: Path, document: Document) -> Path:
    """Where ``build`` writes the document (its PDF and page images go beside it)."""
    return registry.job_output(root, (document.commune, document.year, document.kind, document.period or ""))
