"""Giáo Hiệu as a new user fills it after ``invoke init``: the issue's figures, three villages."""

from __future__ import annotations

import io
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

from vanban.commands import cli
from vanban.project import Project

from .conftest import copy_project

# 431 households, 181 poor stated "42 %" (181/431 = 41,995… → 42), 56 near-poor "12,99 %".
UNITS = """don_vi,tong_so_ho,ho_ngheo,ty_le_ho_ngheo,giam_du_kien,ho_ngheo_cuoi_nam,can_bo_phu_trach
Thôn Giáo Ổ,150,60,,5,,Lê Thị Hoa
Thôn Giáo Hiệu,141,70,,6,,Trần Văn Nam
Thôn Yến Lộc,140,51,,4,,Phạm Văn Sơn
"""

FIGURES = {
    "  tong_so_ho:    # để trống: tính từ data/giao-hieu/2024/don_vi.csv": "  tong_so_ho: 431",
    "  ho_ngheo_dau_ky:           # cần điền": "  ho_ngheo_dau_ky: 190",
    "  ho_ngheo_thoat_ngheo:      # cần điền": "  ho_ngheo_thoat_ngheo: 12",
    "  ho_ngheo_phat_sinh:        # cần điền": "  ho_ngheo_phat_sinh: 3",
    "  ho_ngheo:      # để trống: tính từ data/giao-hieu/2024/don_vi.csv": "  ho_ngheo: 181",
    "  ty_le_ho_ngheo:\n": '  ty_le_ho_ngheo: "42 %"\n',
    "  ho_can_ngheo_dau_ky:       # cần điền": "  ho_can_ngheo_dau_ky: 55",
    "  ho_can_ngheo_thoat:        # cần điền": "  ho_can_ngheo_thoat: 10",
    "  ho_can_ngheo_tu_ho_ngheo:  # cần điền": "  ho_can_ngheo_tu_ho_ngheo: 8",
    "  ho_can_ngheo_phat_sinh:    # cần điền": "  ho_can_ngheo_phat_sinh: 3",
    "  ho_can_ngheo:              # cần điền": "  ho_can_ngheo: 56",
    "  ty_le_ho_can_ngheo:\n": '  ty_le_ho_can_ngheo: "12,99 %"\n',
    "  chi_tieu_giao:             # cần điền: chỉ tiêu giảm hộ nghèo cấp trên giao (văn bản qd_tinh)": "  chi_tieu_giao: 15",
    "  ngay:          # cần điền": "  ngay: 2024-01-10",
    "    so:          # cần điền": "    so: 12/QĐ-UBND",
    "    ngay:        # cần điền": "    ngay: 2024-01-05",
}


def fill_giao_hieu(root: Path, slug: str = "giao-hieu", *, units: bool = True) -> None:
    plan = root / "plans" / slug / "2024.yaml"
    text = plan.read_text(encoding="utf-8")
    for old, new in FIGURES.items():
        old = old.replace("data/giao-hieu/", f"data/{slug}/")
        old = old if units else old.replace("/don_vi.csv", "/so-lieu.xlsx")  # init --excel: the year's workbook
        assert old in text, old
        text = text.replace(old, new, 1)
    plan.write_text(text, encoding="utf-8")
    settings = root / "plans" / slug / "xa.yaml"
    old = "  ho_ten:        # cần điền"
    text = settings.read_text(encoding="utf-8")
    assert old in text
    settings.write_text(text.replace(old, "  ho_ten: Nguyễn Văn Bình"), encoding="utf-8")
    if units:
        (root / "data" / slug / "2024" / "don_vi.csv").write_text(UNITS, encoding="utf-8")


def run(fn, *args, **kwargs) -> tuple[int, str, str]:
    """A command of ``cli`` with what it prints kept apart: (exit status, stdout, stderr)."""
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        status = fn(*args, **kwargs)
    return status, out.getvalue(), err.getvalue()


def with_giao_hieu(target: Path) -> Project:
    """A copy of the repository (Hà Trung) with Giáo Hiệu added by init and filled in."""
    project = copy_project(target)
    status, _, err = run(cli.init, project.root, commune="giao-hieu", name="Xã Giáo Hiệu", year="2024")
    assert status == 0, err
    fill_giao_hieu(project.root)
    return project
