"""Plans that test the page rather than the figures: a wide one and a long one (issue 21).

``wide_project``: the seed plan with its near-poor columns filled (11 columns) and a commune's own table
of 13 columns (deprivations by dimension) over six villages with two-word names, as a new commune
officer would make it. ``long_project``: the seed plan with ``units`` villages whose names are long.
Both build without findings; tools/layout_images.py draws their pages for the guide.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
VILLAGES = ("Thôn Xuân Thành", "Thôn Hưng Long", "Thôn Đông Phú", "Thôn Nghĩa Trang", "Thôn Trường Sơn", "Thôn Bắc Ngọc")
# Households, poor and near-poor per village; the poor add up to 35 and the near-poor to 82, as the plan states.
WIDE_ROWS = ((512, 6, 14), (498, 7, 15), (455, 5, 12), (470, 6, 13), (486, 6, 14), (460, 5, 14))
OFFICERS = ("Nguyễn Ngọc Khanh", "Nguyễn Thanh Tình", "Nguyễn Thị Liễu", "Mai Thị Bình", "Nguyễn Thị Trang", "Phạm Thế Đức")
DIMENSIONS = (
    ("viec_lam", "Việc làm"),
    ("nguoi_phu_thuoc", "Người phụ thuộc"),
    ("dinh_duong", "Dinh dưỡng"),
    ("bao_hiem_y_te", "Bảo hiểm y tế"),
    ("giao_duc_nguoi_lon", "Trình độ giáo dục người lớn"),
    ("tinh_trang_di_hoc", "Tình trạng đi học của trẻ em"),
    ("chat_luong_nha_o", "Chất lượng nhà ở"),
    ("dien_tich_nha_o", "Diện tích nhà ở bình quân"),
    ("nguon_nuoc", "Nguồn nước sinh hoạt"),
    ("nha_tieu", "Nhà tiêu hợp vệ sinh"),
    ("vien_thong", "Sử dụng dịch vụ viễn thông"),
)

OWN_DECLARATION = (
    "bang:\n"
    "  thieu_hut:\n"
    "    tep: thieu_hut.csv\n"
    "    mo_ta: Hộ nghèo thiếu hụt dịch vụ xã hội cơ bản theo chỉ số\n"
    "    ten_dong: thôn\n"
    "    cot_ten: thon\n"
    "    cot:\n"
    "      thon: {kieu: chu, mo_ta: Thôn, tieu_de: Thôn}\n"
    + "".join(f"      {key}: {{kieu: so, mo_ta: {title}, tieu_de: {title}, cong: true}}\n" for key, title in DIMENSIONS)
)


def _copy(target: Path) -> Path:
    for name in ("plans", "data", "templates"):
        shutil.copytree(ROOT / name, target / name)
    return target


def _edit_plan(target: Path, year: int, edit) -> None:
    plan = target / "plans" / f"{year}.yaml"
    text = plan.read_text(encoding="utf-8")
    edited = edit(text)
    assert edited != text, "the seed plan no longer reads as this fixture expects"
    plan.write_text(edited, encoding="utf-8")


def wide_project(target: Path) -> Path:
    """The seed plan with the near-poor columns (11 columns) and an own table of 12 columns after it."""
    _copy(target)
    lines = [
        "don_vi,tong_so_ho,ho_ngheo,ty_le_ho_ngheo,giam_du_kien,ho_ngheo_cuoi_nam,can_bo_phu_trach,ho_can_ngheo,ty_le_ho_can_ngheo,giam_can_ngheo_du_kien,ho_can_ngheo_cuoi_nam"
    ]
    total = 0
    for name, (households, poor, near), officer in zip(VILLAGES, WIDE_ROWS, OFFICERS, strict=True):
        total += households
        cut = 3 if name == VILLAGES[0] else 2
        lines.append(f"{name},{households},{poor},,{cut},,{officer},{near},,{near // 4},")
    (target / "data" / "2024" / "don_vi.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    deficits = ["thon," + ",".join(key for key, _ in DIMENSIONS)]
    for i, name in enumerate(VILLAGES):
        deficits.append(name + "," + ",".join(str((i * 3 + j * 5) % 7) for j in range(len(DIMENSIONS))))
    (target / "data" / "2024" / "thieu_hut.csv").write_text("\n".join(deficits) + "\n", encoding="utf-8")
    (target / "templates" / "ke-hoach.rieng.yaml").write_text(OWN_DECLARATION, encoding="utf-8")

    def edit(text: str) -> str:
        text = re.sub(r"(\n  tong_so_ho:) 2881", rf"\1 {total}", text)
        text = re.sub(r"\n  ty_le_ho_ngheo(_cuoi_nam)?: \"[^\"]*\"", "", text)
        text = re.sub(r"\n  ty_le_ho_can_ngheo: \"[^\"]*\"", "", text)
        return text.replace(
            "  - bang: don_vi\n",
            "  - bang: don_vi\n"
            "  - khoan: Hộ nghèo thiếu hụt các dịch vụ xã hội cơ bản\n"
            "  - 'Số hộ nghèo thiếu hụt từng chỉ số dịch vụ xã hội cơ bản ở các thôn như sau:'\n"
            "  - bang: thieu_hut\n",
            1,
        )

    _edit_plan(target, 2024, edit)
    return target


LONG_NAMES = (
    "Thôn Xuân Thành Đông",
    "Khu dân cư Hưng Long Thượng",
    "Thôn Nghĩa Trang Bắc",
    "Tiểu khu Trường Sơn Hạ",
    "Làng Bắc Ngọc Đoài",
)


def long_project(target: Path, units: int = 40) -> Path:
    """The seed plan with ``units`` villages of long names (and more households, so rates stay small)."""
    _copy(target)
    lines = ["don_vi,tong_so_ho,ho_ngheo,ty_le_ho_ngheo,giam_du_kien,ho_ngheo_cuoi_nam,can_bo_phu_trach"]
    poor_total = households_total = 0
    for i in range(units):
        households = 150 + (i * 37) % 300
        poor = 1 + (i * 7) % 4
        cut = i % 2
        poor_total += poor
        households_total += households
        name = f"{LONG_NAMES[i % len(LONG_NAMES)]} {i // len(LONG_NAMES) + 1}"
        lines.append(f"{name},{households},{poor},,{cut},,{OFFICERS[i % len(OFFICERS)]}")
    (target / "data" / "2024" / "don_vi.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")

    def edit(text: str) -> str:
        text = re.sub(r"\n  (tong_so_ho|ho_ngheo|chi_tieu_giam_ho_ngheo|ho_ngheo_cuoi_nam): \d+", "", text)
        text = re.sub(r"\n  ty_le_ho_ngheo(_cuoi_nam)?: \"[^\"]*\"", "", text)
        text = re.sub(r"\n  ty_le_ho_can_ngheo: \"[^\"]*\"", "", text)
        text = re.sub(r"(\n  ho_ngheo_dau_ky:) \d+", rf"\1 {poor_total + 12 - 1}", text)
        return re.sub(r"(\n  ho_ngheo_khong_kha_nang_lao_dong:) \d+", rf"\1 {min(12, poor_total)}", text)

    _edit_plan(target, 2024, edit)
    return target
