"""Start next year's plan from this year's: ``invoke new-year --year 2025``.

The scaffold carries over what stays (units, households, officers, prose,
recipients, signature), advances what the year decides (``năm 2024`` in the
prose becomes ``năm ${nam}``), starts each unit at last year's planned
year-end, and leaves empty — flagged ``# cần điền`` in the file and listed by
``invoke check`` as P001 — what only the drafter can know: last year's results,
this year's targets, the issue date and the new decisions to cite. The YAML is
edited round-trip (ruamel.yaml) so comments and layout survive for review in git.
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass
from pathlib import Path

from vanban.communes.workbook import Given, stated_decimals, table_rows
from vanban.engine import reform
from vanban.engine.compute import RowFigures, compute, derivable
from vanban.engine.files import write_all
from vanban.engine.findings import Finding, InputError, Place, error
from vanban.engine.load import load_yaml
from vanban.engine.merge import MERGE_KEY, Merges, apply_merges, merged_values, unknown_units
from vanban.engine.prose import plan_years
from vanban.kinds.bao_cao import carry
from vanban.kinds.registry import REPORT
from vanban.pipeline import checked_clean, load
from vanban.project import Project

TO_FILL_COMMENT = "cần điền"

# The new year's results, emptied to be filled in (figures that follow from the table,
# the declaration's derivable figures, are emptied too and computed; the households carry over).
RESULTS = (
    "ho_ngheo_thoat_ngheo",
    "ho_ngheo_phat_sinh",
    "ho_ngheo_khong_kha_nang_lao_dong",
    "ho_can_ngheo_thoat",
    "ho_can_ngheo_tu_ho_ngheo",
    "ho_can_ngheo_phat_sinh",
    "ho_can_ngheo",
    "ho_ngheo_vuot_chuan_can_ngheo",
    "ho_ngheo_giam_khac",
    "ho_ngheo_phat_sinh_moi",
    "ho_ngheo_tai_ngheo",
    "ho_ngheo_tu_can_ngheo",
    "ho_ngheo_tang_khac",
    "ho_can_ngheo_vuot_chuan",
    "ho_can_ngheo_giam_khac",
    "ho_can_ngheo_phat_sinh_moi",
    "ho_can_ngheo_tang_khac",
    "so_khau_ngheo",
    "so_khau_can_ngheo",
    "ho_muc_song_trung_binh",
)
# The year's decisions, emptied too: the target handed down is given anew each year.
DECISIONS = ("chi_tieu_giao",)


def _yaml():  # ruamel is only needed here
    from ruamel.yaml import YAML

    yaml = YAML()
    yaml.preserve_quotes = True
    yaml.width = 4096  # never re-wrap a paragraph
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


def advance_text(text: str, year: int) -> str:
    """ "năm 2024" -> "năm ${nam}", "năm 2023" -> "năm ${nam_truoc}" in a plan for 2024 (a date's year stays)."""
    return plan_years(text, year)


def _empty(mapping, key: str, comment: str = TO_FILL_COMMENT) -> None:
    """Empty ``key`` with an end-of-line comment, keeping any comment lines that follow it."""
    old = mapping.ca.items.get(key)
    token = old[2] if old and len(old) > 2 else None
    following = ""
    if token is not None and "\n" in token.value:
        following = token.value[token.value.index("\n") + 1 :]
    mapping[key] = None
    mapping.yaml_add_eol_comment(comment, key)
    if following:
        new = mapping.ca.items[key][2]
        new.value = new.value.rstrip("\n") + "\n" + following


def _flag(mapping, key: str) -> None:
    _empty(mapping, key)


def _to_province(recipients, province: str) -> list[str]:
    """Across the reform: a district body among the recipients becomes the province and its Sở NN&MT.

    Certain: from 01/7/2025 a commune reports to the province, poverty reduction to the Sở Nông nghiệp
    và Môi trường. Returns what was rewritten, for the user.
    """
    changed: list[str] = []
    if not isinstance(recipients, list):
        return changed
    province_body = f"UBND tỉnh {province}".strip()
    for index, item in enumerate(list(recipients)):
        if not isinstance(item, str):
            continue
        hit = next((h for h in reform.district_era_hits(item, reform.FIRST_TWO_LEVEL_YEAR) if h.what == "UBND cấp huyện"), None)
        if hit is None:
            continue
        note = item[hit.start + len(hit.phrase) :].strip()  # "(b/c)"
        recipients[index] = f"{province_body} {note}".strip()
        changed.append(f"nơi nhận «{item}» → «{recipients[index]}»")
        if not any(isinstance(r, str) and "Nông nghiệp và Môi trường" in r for r in recipients):
            recipients.insert(index + 1, f"Sở Nông nghiệp và Môi trường {note}".strip())
            changed.append(f"thêm nơi nhận «{recipients[index + 1]}»")
    return changed


def _reword(text: str, year: int, where: str, changed: list[str]) -> str:
    new = reform.rewrite_programme(text, year)
    if new != text:
        changed.append(f"{where}: tên chương trình → «{reform.programme(year).name}»")
    return new


def new_plan_text(
    source: str,
    year: int,
    carried: dict[str, int],
    derived: frozenset[str] = frozenset(),
    data_dirs: tuple[str, str] | None = None,
    results: dict[str, int] | None = None,
    province: str = "",
    changed: list[str] | None = None,
    own: frozenset[str] = frozenset(),
) -> str:
    """The YAML of ``year``'s plan made from the YAML of ``year - 1``.

    ``own``: the commune's own figures (``<kind>.rieng.yaml``): last year's values are not this year's,
    so each is emptied and marked «cần điền» where it stands.

    ``carried``: figures the declaration's ``nam_truoc`` carries over (ho_ngheo_dau_ky =
    last year's ho_ngheo). ``data_dirs``: the two years' data folders as shown (``data/2024``,
    ``data/2025``; a commune's are ``data/<slug>/<year>``), so the comments that name the
    tables point at the new year's. ``results``: last year's results from its report.
    From 2026 the programme's name and the district recipients are rewritten (appended to ``changed``).
    """
    changed = [] if changed is None else changed
    old_dir, new_dir = data_dirs or (f"data/{year - 1}", f"data/{year}")
    yaml = _yaml()
    data = yaml.load(source)
    data["nam"] = year
    data.pop("vi_du", None)  # the new year's plan is the commune's own, not the shipped example
    document = data["van_ban"]
    document["so"] = None
    _flag(document, "ngay")
    for key in ("trich_yeu",):
        document[key] = _reword(advance_text(str(document[key]), year - 1), year, "trích yếu", changed)
    for citation in (data.get("can_cu") or {}).values():
        # Last year's decisions are replaced by this year's: same issuers, new numbers and dates.
        citation["trich_yeu"] = re.sub(rf"\b{year - 1}\b", str(year), str(citation["trich_yeu"]))
        _flag(citation, "so")
        _flag(citation, "ngay")
    figures = data["so_lieu"]
    for key in sorted(derived - {"tong_so_ho"}):
        if key in figures:
            _empty(figures, key, f"để trống: tính từ {new_dir}/don_vi.csv")
    for key, value in carried.items():  # the declaration's nam_truoc: ho_ngheo_dau_ky = last year's ho_ngheo
        figures[key] = value
    # Only results the plan states: a key added at the end would land under another key's comment,
    # and an optional figure the plan never wrote is never asked for.
    for key in RESULTS + DECISIONS:
        if key in figures:
            _flag(figures, key)
    for key in sorted(own - set(carried) - derived):
        if key in figures:
            _flag(figures, key)
    # Last year's report gives last year's results: they are facts, not to fill in.
    for key, value in (results or {}).items():
        figures[key] = value
        figures.yaml_add_eol_comment(f"theo báo cáo kết quả năm {year - 1}", key)
    body = data["noi_dung"]
    for index, item in enumerate(body):
        where = f"đoạn {index + 1} của noi_dung"
        if isinstance(item, str):
            text = _reword(advance_text(item, year - 1), year, where, changed)
            # Keep ruamel's scalar type so the quoting style of each paragraph survives.
            body[index] = type(item)(text) if type(item) is not str else text
        else:
            for key in list(item):
                item[key] = _reword(advance_text(str(item[key]), year - 1), year, where, changed)
    if reform.two_level_year(year) and isinstance(data.get("noi_nhan"), dict):
        changed += _to_province(data["noi_nhan"].get("gui"), province)
    out = io.StringIO()
    yaml.dump(data, out)
    text = out.getvalue().replace(f"{old_dir}/", f"{new_dir}/")
    # The file's own header comment names the year.
    lines = [
        re.sub(rf"\b{year - 1}\b", str(year), line) if line.startswith("#") else line for line in text.splitlines(keepends=True)
    ]
    return "".join(lines)


def new_units_text(
    units: tuple[RowFigures, ...], header: tuple[str, ...], table, actual: dict[str, dict[str, int]] | None = None
) -> str:
    """Each row starts where last year's plan planned it (``nam_truoc`` of a column: the
    unit's poor households = last year's planned year-end); derived cells and the
    decisions of the year (``cho_dien``) are left empty; the rest carries over.
    ``actual`` (unit name casefolded -> column -> value), last year's report, wins over the plan."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    for unit in units:
        cells = []
        reported = (actual or {}).get(unit.name.casefold(), {})
        for key in header:
            column = table.columns.get(key)
            if key in reported:
                cells.append(str(reported[key]))
            elif key == table.name_column:
                cells.append(unit.name)
            elif column is None or column.formula is not None or (column.to_fill and not column.carried):
                cells.append("")
            elif column.last_year and unit.exact.get(column.last_year) is not None:
                cells.append(
                    str(
                        unit.shown.get(column.last_year)
                        if isinstance(unit.shown.get(column.last_year), int)
                        else unit.exact[column.last_year]
                    )
                )
            else:
                value = unit.shown.get(key)
                cells.append("" if value is None else str(value))
        writer.writerow(cells)
    return out.getvalue()


@dataclass(frozen=True)
class Scaffold:
    paths: list[Path]
    source: str  # what the new year starts from, in Vietnamese, for the user
    rewritten: tuple[str, ...] = ()  # what was reworded with certainty across the 2025 reform
    findings: tuple[Finding, ...] = ()  # V001: what the officer must reword (district-era phrases)


def new_year(project: Project, year: int, *, merges: Merges | None = None, excel: bool = False) -> Scaffold:
    """Create plans/<year>.yaml and data/<year>/ from year - 1; never overwrite.

    The start is last year's actual year-end when last year's report exists, else its planned year-end.
    With ``merges`` (``--gop``: new unit -> old units), merged units start from the sum of
    the old ones, and the map is kept beside the new year's tables for ``diff`` and the checks.
    """
    plan_path, units_path = project.plan_file(year), project.units_file(year)
    existing = [p for p in (plan_path, units_path.parent) if p.exists()]
    if existing:
        where = ", ".join(project.display(p) for p in existing)
        raise InputError(
            [error("A002", Place("--year"), f"năm {year} đã có ({where}); không ghi đè. Hãy sửa trực tiếp các tệp đó.")]
        )
    if not project.plan_file(year - 1).exists():
        years = ", ".join(map(str, project.years())) or "chưa có năm nào"
        raise InputError(
            [error("A003", Place("--year"), f"chưa có kế hoạch năm {year - 1} để làm căn cứ. Các năm đang có: {years}.")]
        )
    last = load(project, year - 1)
    figures = compute(last)
    decl = last.declaration
    carried = {
        key: value
        for key, figure in decl.figures.items()
        if figure.last_year and isinstance(value := figures.values.get(figure.last_year), int)
    }
    units = figures.units
    merge_path = project.merge_file(year)
    if merges:
        problems = unknown_units(merges, [u.name for u in units], "--gop", year - 1)
        if problems:
            raise InputError(problems)
        units = tuple(apply_merges(units, merges, last.main.table))
    checked = checked_clean(project, year - 1, REPORT, carry.YEAR_END_KEY) if carry.exists(project, year - 1) else None
    results = actual = None
    if checked is None:
        source = (
            f"số hộ nghèo đầu năm {year} lấy theo số dự kiến cuối năm trong kế hoạch năm {year - 1} "
            f"(chưa có báo cáo kết quả năm {year - 1})"
        )
    else:
        results, reported = carry.plan_figures(checked), carry.unit_starts(checked)
        actual = {unit.name.casefold(): merged_values(reported, merges or {}, unit.name) for unit in units}
        shown = carry.table_shown(checked)
        source = f"số hộ nghèo đầu năm {year} lấy theo kết quả thực hiện cuối năm {year - 1} ({shown})"
    own_figures, own_tables = _own(project, decl)
    province = _province(project)
    changed: list[str] = []
    plan_text = new_plan_text(
        project.plan_file(year - 1).read_text(encoding="utf-8"),
        year,
        carried,
        derivable(decl),
        (project.display(project.data_dir(year - 1)), project.display(project.data_dir(year))),
        results,
        province,
        changed,
        own_figures,
    )
    # The commune's own tables start from last year's rows (their causes, groups …), to be updated: a CSV
    # is copied as it is; a table kept as a sheet of last year's workbook becomes this year's sheet (--excel)
    # or CSV, from the rows it was read as.
    units_text = new_units_text(units, last.main.header, last.main.table, actual)
    units_data = units_text.encode("utf-8")
    own_paths: list[tuple[Path, bytes]] = []
    given: dict[str, Given] = {}
    for name in own_tables:
        last_file, kept = project.data_dir(year - 1) / decl.tables[name].file_name, last.tables.get(name)
        if excel and kept is not None:
            given[name] = table_rows(kept)
        elif not excel and last_file.is_file():
            own_paths.append((project.data_dir(year) / decl.tables[name].file_name, last_file.read_bytes()))
        elif not excel and kept is not None:
            own_paths.append((project.data_dir(year) / decl.tables[name].file_name, csv_text(table_rows(kept)).encode("utf-8")))
    if excel:  # the year's workbook instead of the unit CSV: the same rows, derived columns as formulas
        from vanban.communes.workbook import officer_workbook
        from vanban.engine.sheets import WORKBOOK_NAME

        rows = list(csv.reader(io.StringIO(units_text)))
        given[last.main.table.name] = Given(rows[0], rows[1:], stated_decimals(last.main.rows))
        units_path = project.data_dir(year) / WORKBOOK_NAME
        units_data = officer_workbook(decl, year, given, creator=project.display(project.plan_file(year)))
    files = {units_path: units_data, **dict(own_paths)}
    if merges:
        files[merge_path] = merge_text(merges, year).encode("utf-8")
    files[plan_path] = plan_text.encode("utf-8")  # last: a plan file means the year was started whole
    write_all(files)  # all or nothing, never over a file that appeared meanwhile
    return Scaffold(
        [plan_path, units_path, *(p for p, _ in own_paths), *([merge_path] if merges else [])],
        source,
        tuple(changed),
        tuple(_district_era(project, year)),
    )


def _province(project: Project) -> str:
    """The province's name the commune's settings give (``xa.tinh``), or ""."""
    from vanban.communes.settings import commune_info, load_settings

    try:
        return commune_info(project, load_settings(project)).province
    except InputError:
        return ""


def _district_era(project: Project, year: int) -> list[Finding]:
    """Every district-era phrase the new year's plan carries, in it or in the commune's settings, with its place."""
    files = [project.plan_file(year)] + ([project.settings_file] if project.settings_file.is_file() else [])
    findings: list[Finding] = []
    for path in files:
        try:
            findings += reform.district_era_findings(load_yaml(path, project.display(path)), year)
        except InputError as exc:
            findings += exc.findings
    return findings


def _own(project: Project, decl) -> tuple[frozenset[str], tuple[str, ...]]:
    """The figures and tables the plan's declaration has beyond the shipped kind's: the additions of
    ``templates/ke-hoach.rieng.yaml`` and of the commune's ``plans/<xã>/ke-hoach.rieng.yaml``."""
    from vanban.engine.declaration import load_declaration

    base_path = project.declaration_for()
    base = load_declaration([(base_path, project.display(base_path))], decl.kind)
    return frozenset(decl.figures) - frozenset(base.figures), tuple(n for n in decl.tables if n not in base.tables)


def csv_text(given: Given) -> str:
    """A table's rows as a CSV file holds them."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(given.header)
    writer.writerows(given.rows)
    return out.getvalue()


def merge_text(merges: Merges, year: int) -> str:
    """The merge map as kept beside the year's tables (plain YAML, one new unit a line)."""
    lines = [
        f"# Đơn vị năm {year} được gộp (hoặc đổi tên) từ các đơn vị năm {year - 1}: «đơn vị mới: [đơn vị cũ, …]».",
        "# invoke diff và kiểm tra X002 đối chiếu theo bảng này thay vì báo đơn vị bị bỏ và đơn vị mới.",
        f"{MERGE_KEY}:",
    ]
    for new, olds in merges.items():
        lines.append(f"  {json.dumps(new, ensure_ascii=False)}: [{', '.join(json.dumps(o, ensure_ascii=False) for o in olds)}]")
    return "\n".join(lines) + "\n"
