"""``invoke init --commune giao-hieu --ten "Xã Giáo Hiệu" --year 2024``: a new commune, ready to fill.

Three files, none overwritten: the commune's settings (``plans/<slug>/xa.yaml``),
the year's plan from the shared skeleton ``templates/ke-hoach-khung.yaml`` with
the commune's name in it, and the unit table with its header (and the units the
settings list, if any). A repository in today's one-commune layout keeps its
commune as the default one; the new one goes beside it.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from pathlib import Path

from vanban.engine import reform
from vanban.engine.files import write_all
from vanban.engine.findings import InputError, Place, error
from vanban.engine.reform import COMMUNE_TYPES, mid_sentence, place_name
from vanban.project import Project, slug_problem

SKELETON = "ke-hoach-khung.yaml"
UNIT_HEADER = ("don_vi", "tong_so_ho", "ho_ngheo", "ty_le_ho_ngheo", "giam_du_kien", "ho_ngheo_cuoi_nam", "can_bo_phu_trach")


def _upper(text: str) -> str:
    return unicodedata.normalize("NFC", text).upper()


def _kind_of(name: str, stated: object, year: int) -> str:
    if stated not in (None, ""):
        kind = " ".join(str(stated).split()).casefold()
        if kind not in COMMUNE_TYPES:
            raise InputError(
                [error("A007", Place("--loai"), f"loại «{stated}» không hợp lệ; chỉ có: {', '.join(COMMUNE_TYPES)}.")]
            )
    else:
        kind = next((k for k in COMMUNE_TYPES if name.casefold().startswith(k)), "xã")
    if kind not in reform.TYPES_AFTER_REFORM and reform.two_level_year(year):
        raise InputError(
            [
                error(
                    "A007",
                    Place("--loai"),
                    f"từ 01/7/2025 không còn {kind}; năm {year} chỉ có: {', '.join(reform.TYPES_AFTER_REFORM)} "
                    "(ghi tên xã, phường sau sắp xếp).",
                )
            ]
        )
    return kind


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def settings_text(name: str, kind: str, slug: str, province: str) -> str:
    place = place_name(name, kind)
    return f"""# Thiết lập của {name}: những gì giữ nguyên từ năm này sang năm khác.
# Kế hoạch từng năm (plans/{slug}/<năm>.yaml) dùng các mục dưới đây; năm nào ghi lại một mục
# (ví dụ ky: khi đổi người ký) thì năm đó dùng mục của năm đó.
xa:
  ten: {_quote(name)}
  loai: {kind}
  tinh: {_quote(province)}
  # Các đơn vị (thôn, tổ dân phố) và cán bộ phụ trách, ghi một lần: ô can_bo_phu_trach để trống
  # trong bảng từng năm thì lấy tên cán bộ ở đây. Ví dụ:
  #   - ten: Thôn 1
  #     can_bo_phu_trach: Nguyễn Văn A
  don_vi: []

van_ban:
  co_quan_ban_hanh:
    - ỦY BAN NHÂN DÂN
    - {_quote(_upper(name))}
  ten_co_quan: {_quote(f"UBND {mid_sentence(name, kind)}")}
  ky_hieu: KH-UBND
  dia_danh: {_quote(place)}
  ten_loai: Kế hoạch

noi_nhan:
  gui:
    - {_quote(f"UBND tỉnh {province} (b/c)")}
    - Sở Nông nghiệp và Môi trường (b/c)
    - Đảng ủy, HĐND {kind} (b/c)
    - Các ban ngành, đoàn thể (t/h)
  # «Lưu: VT, …»: sau VT thêm chữ viết tắt tên đơn vị soạn thảo (Nghị định 30, Phụ lục III), ví dụ [VT, VHXH].
  luu: [VT]

ky:
  quyen_han: TM. Ủy ban nhân dân
  chuc_vu: Chủ tịch
  ho_ten:        # cần điền
"""


def fill_markers(skeleton: str, replacements: dict[str, str]) -> str:
    """The skeleton with its ``[[markers]]`` replaced, each written so that YAML reads it back as given.

    A marker stands in a comment (the value goes in as it is), inside a single-quoted scalar (``'``
    doubled), or, for a number, as a plain value: «Ea H'leo», «Xã A: B #1» read back exactly. A text
    marker anywhere else is a mistake in the skeleton (ValueError), caught by the tests.
    """
    out = []
    for number, line in enumerate(skeleton.splitlines(keepends=True), 1):
        quoted = comment = False
        previous = " "
        text = []
        for piece in re.split(r"(\[\[\w+\]\])", line):
            if piece in replacements:
                value = replacements[piece]
                if comment:
                    text.append(value)
                elif quoted:
                    text.append(value.replace("'", "''"))
                elif value.isdigit():
                    text.append(value)
                else:
                    raise ValueError(f"{SKELETON}:{number}: {piece} must stand in a comment or a single-quoted value")
                previous = "x"
                continue
            for char in piece:
                if not comment:
                    if char == "'":
                        quoted = not quoted  # a doubled '' inside a quoted value toggles twice
                    elif char == "#" and not quoted and previous in " \t":
                        comment = True
                previous = char
            text.append(piece)
        out.append("".join(text))
    return "".join(out)


def plan_text(skeleton: str, name: str, kind: str, year: int, settings: str, table: str, province: str) -> str:
    upper = (
        f"UBND tỉnh {province} (qua Sở Nông nghiệp và Môi trường)"
        if reform.two_level_year(year)
        else "cơ quan cấp trên theo quy định"
    )
    replacements = {
        "[[nam]]": str(year),
        # Inside a sentence the unit's type is lower case (Decree 30, Phụ lục II): «trên địa bàn xã Giáo Hiệu»,
        # but a unit named by a number keeps it: «Phường 3».
        "[[ten_xa]]": mid_sentence(name, kind),
        "[[loai_xa_thuong]]": kind,
        "[[tinh]]": province,
        "[[chuong_trinh]]": reform.programme(year).name,
        "[[cap_tren]]": upper,
        "[[thiet_lap]]": settings,
        "[[bang]]": table,
    }
    return fill_markers(skeleton, replacements)


def units_text(units: tuple[tuple[str, str], ...] = ()) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(UNIT_HEADER)
    for unit, officer in units:
        writer.writerow([unit, "", "", "", "", "", officer])
    return out.getvalue()


def known_province(project: Project) -> str:
    """The province the repository's communes belong to, when one is written down: another commune's
    ``xa.tinh``, else the summary's ``UBND tỉnh …`` line. Empty when none is."""
    from vanban.engine.load import load_yaml

    top = project.root / "plans"
    candidates = [top / "xa.yaml", *sorted(top.glob("*/xa.yaml")), *sorted((top / "tong-hop").glob("*.yaml"))]
    for path in candidates:
        if not path.is_file():
            continue
        try:
            data = load_yaml(path, project.display(path)).data
        except InputError:
            continue
        section = data.get("xa") if isinstance(data, dict) else None
        if isinstance(section, dict) and isinstance(section.get("tinh"), str) and section["tinh"].strip():
            return section["tinh"].strip()
        lines = (data.get("van_ban") or {}).get("co_quan_chu_quan") if isinstance(data, dict) else None
        for line in lines if isinstance(lines, list) else []:
            if isinstance(line, str) and line.strip().casefold().startswith("ubnd tỉnh "):
                return line.strip()[len("UBND tỉnh ") :].strip()
    return ""


def init_commune(
    project: Project,
    slug_text: object,
    name_text: object,
    year_text: object,
    kind_text: object = None,
    province_text: object = None,
    excel: bool = False,
) -> list[Path]:
    """Create the commune's three files; refuse an invalid slug, an existing commune or a missing name."""
    slug = str(slug_text or "").strip()
    name = unicodedata.normalize("NFC", " ".join(str(name_text or "").split()))
    problems = []
    if not slug:
        problems.append(
            error(
                "A006",
                Place("--commune"),
                'hãy ghi mã xã mới, ví dụ: invoke init --commune giao-hieu --ten "Xã Giáo Hiệu" --year 2024.',
            )
        )
    elif (problem := slug_problem(slug)) is not None:
        problems.append(error("A006", Place("--commune"), problem))
    if not name:
        problems.append(error("A007", Place("--ten"), 'hãy ghi tên xã, ví dụ --ten "Xã Giáo Hiệu".'))
    elif control := next((c for c in name if unicodedata.category(c) in ("Cc", "Cf")), None):
        problems.append(error("A007", Place("--ten"), f"tên xã chứa ký tự điều khiển U+{ord(control):04X}; hãy gõ lại tên."))
    elif "${" in name:
        problems.append(error("A007", Place("--ten"), "tên xã không được chứa «${» (dấu chỗ thay số liệu trong kế hoạch)."))
    province = " ".join(str(province_text or "").split()) or known_province(project)
    province = province.removeprefix("tỉnh ").removeprefix("Tỉnh ").strip()
    if not province:
        problems.append(error("A007", Place("--tinh"), 'hãy ghi tên tỉnh, ví dụ --tinh "Thanh Hóa".'))
    if problems:
        raise InputError(problems)
    commune = project.for_commune(slug)
    year = commune.parse_year(year_text)
    kind = _kind_of(name, kind_text, year)
    existing = [p for p in (commune.plans_dir, commune.data_dir(year).parent) if p.exists()]
    if existing:
        where = ", ".join(commune.display(p) for p in existing)
        raise InputError(
            [error("A008", Place("--commune"), f"xã «{slug}» đã có ({where}); không ghi đè. Hãy sửa trực tiếp các tệp đó.")]
        )
    skeleton_path = project.templates_dir / SKELETON
    try:
        skeleton = skeleton_path.read_text(encoding="utf-8")
    except OSError:
        raise InputError(
            [error("F001", Place(project.display(skeleton_path)), "không tìm thấy khung kế hoạch dùng chung.")]
        ) from None
    settings_path, plan_path, units_path = commune.settings_file, commune.plan_file(year), commune.units_file(year)
    units: bytes = units_text().encode("utf-8")
    if excel:  # the year's workbook, a sheet per declared table, instead of the unit CSV
        from vanban.communes.workbook import Given, officer_workbook
        from vanban.engine.sheets import WORKBOOK_NAME
        from vanban.pipeline import declaration

        units_path = commune.data_dir(year) / WORKBOOK_NAME
        decl = declaration(commune)
        units = officer_workbook(decl, year, {next(iter(decl.tables)): Given(UNIT_HEADER)}, creator=name)
    files = {
        settings_path: settings_text(name, kind, slug, province).encode("utf-8"),
        plan_path: plan_text(
            skeleton, name, kind, year, commune.display(settings_path), commune.display(units_path), province
        ).encode("utf-8"),
        units_path: units,
    }
    return write_all(files)
