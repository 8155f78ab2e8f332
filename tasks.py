"""Invoke tasks: parse arguments, call the vanban package, print. Nothing else lives here.

Each task hands its options to ``vanban.commands.entry.run`` (the same table serves the thin
``vanban`` console script) and ends the process with ``entry.finish``: output flushed, then
``os._exit`` with the status, without the interpreter's teardown.
"""

from __future__ import annotations

import sys
from pathlib import Path

from invoke import task

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT / "src"))


def _run(command: str, **options: object) -> None:
    from vanban.commands import entry

    entry.finish(entry.run(ROOT, command, **options))


@task(
    help={
        "year": "Năm kế hoạch, ví dụ 2024",
        "draft": "Vẫn ghi văn bản khi còn lỗi, đánh dấu DỰ THẢO",
        "all": "Dựng mọi năm có kế hoạch, song song trên mọi nhân CPU",
        "lint": "Kiểm tra lại thể thức văn bản vừa dựng dù mẫu, mã và kế hoạch không đổi",
    }
)
def build(c, year=None, draft=False, all=False, lint=False):
    """Dựng văn bản kế hoạch: build/<năm>/ke-hoach-giam-ngheo-<năm>.docx."""
    _run("build", year=year, draft=draft, all=all, lint=lint)


@task(help={"year": "Năm kế hoạch, ví dụ 2024", "format": "text (mặc định) hoặc json"})
def check(c, year=None, format="text"):
    """Kiểm tra số liệu kế hoạch mà không dựng văn bản."""
    _run("check", year=year, format=format)


@task(
    help={
        "year": "Năm kế hoạch, ví dụ 2024",
        "draft": "Vẫn dựng khi còn lỗi, đánh dấu DỰ THẢO",
        "all": "Mọi năm có kế hoạch, chuyển sang PDF trong một lần chạy LibreOffice",
    }
)
def pdf(c, year=None, draft=False, all=False):
    """Dựng văn bản rồi xuất PDF qua LibreOffice: build/<năm>/ke-hoach-giam-ngheo-<năm>.pdf."""
    _run("pdf", year=year, draft=draft, all=all)


@task(
    help={
        "year": "Năm kế hoạch, ví dụ 2024",
        "resolution": "Độ phân giải ảnh (dpi), mặc định 80",
        "draft": "Vẫn dựng khi còn lỗi, đánh dấu DỰ THẢO",
        "all": "Mọi năm có kế hoạch",
    }
)
def preview(c, year=None, resolution=80, draft=False, all=False):
    """Dựng văn bản, xuất PDF và vẽ mỗi trang một ảnh PNG trong build/<năm>/preview/."""
    _run("preview", year=year, resolution=resolution, draft=draft, all=all)


@task(
    positional=["path"],
    help={
        "path": "Tệp .docx cần kiểm tra",
        "select": "Chỉ kiểm tra các quy tắc này: mã hoặc đầu mã, cách nhau bằng dấu phẩy, ví dụ L1,L112",
        "ignore": "Bỏ qua các quy tắc này, ví dụ L108",
    },
)
def lint(c, path=None, select="", ignore=""):
    """Kiểm tra thể thức một tệp .docx bất kỳ theo Nghị định 30/2020/NĐ-CP, Phụ lục I."""
    _run("lint", path=path, select=select, ignore=ignore)


@task(name="new-year", help={"year": "Năm kế hoạch mới, ví dụ 2025 (tạo từ năm trước)"})
def new_year(c, year=None):
    """Tạo kế hoạch năm mới từ năm trước: plans/<năm>.yaml và data/<năm>/."""
    _run("new-year", year=year)


@task(
    name="import",
    positional=["path"],
    help={
        "path": "Tệp Word (.docx) của kế hoạch cần nhập",
        "year": "Năm kế hoạch, ví dụ 2024",
        "commune": "Mã xã/thị trấn (chữ thường, gạch ngang), ví dụ ha-trung",
        "kind": "Loại văn bản, mặc định ke-hoach",
    },
)
def import_(c, path=None, year=None, commune=None, kind="ke-hoach"):
    """Nhập kế hoạch Word sẵn có thành plans/<năm>.yaml và data/<năm>/don_vi.csv (không ghi đè)."""
    _run("import", path=path, year=year, commune=commune, kind=kind)


@task(
    name="diff",
    help={
        "from_": "Năm cũ (mặc định: năm gần nhất trước --to)",
        "to": "Năm mới, ví dụ 2025",
        "year": "Với --rev: năm cần so với một phiên bản git",
        "rev": "Phiên bản git, ví dụ HEAD~1",
    },
)
def diff(c, from_=None, to=None, year=None, rev=None):
    """So sánh hai kế hoạch: số liệu, câu chữ, và bản Word có theo dõi thay đổi."""
    _run("diff", **{"from": from_, "to": to, "year": year, "rev": rev})


@task(name="setup-git")
def setup_git(c):
    """Cấu hình git (một lần) để xem thay đổi của tệp .docx và CSV dưới dạng chữ."""
    _run("setup-git")


@task(
    help={
        "sizes": "Số dòng của các bảng sinh ra, mặc định 10,100,1000,5000",
        "repeat": "Số lần đo mỗi lệnh, mặc định 5",
        "output": "Thư mục kết quả, mặc định build/bench",
    }
)
def bench(c, sizes="", repeat=0, output=""):
    """Đo tốc độ: dựng văn bản so với mức sàn và pandoc, kiểm tra, dựng lại khi không đổi, bảng lớn."""
    _run("bench", sizes=sizes, repeat=repeat, output=output)
