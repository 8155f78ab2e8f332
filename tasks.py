"""Invoke tasks: parse arguments, call the vanban package, print. Nothing else lives here."""

from __future__ import annotations

import sys
from pathlib import Path

from invoke import Exit, task

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT / "src"))


@task(
    help={
        "year": "Năm kế hoạch, ví dụ 2024",
        "draft": "Vẫn ghi văn bản khi còn lỗi, đánh dấu DỰ THẢO",
        "all": "Dựng mọi năm có kế hoạch, song song trên mọi nhân CPU",
        "kind": "Loại văn bản: ke-hoach (mặc định) hoặc bao-cao (báo cáo kết quả)",
        "ky": "Với --kind bao-cao: ca-nam (mặc định) hoặc 6-thang (sơ kết 6 tháng)",
    }
)
def build(c, year=None, draft=False, all=False, kind=None, ky=None):
    """Dựng văn bản: build/<năm>/ke-hoach-giam-ngheo-<năm>.docx (--kind bao-cao: báo cáo kết quả)."""
    from vanban.commands import cli

    if all:
        raise Exit(code=cli.build_all(ROOT, draft=draft, year=year))
    raise Exit(code=cli.build(ROOT, year, draft=draft, kind=kind, ky=ky))


@task(
    help={
        "year": "Năm kế hoạch, ví dụ 2024",
        "format": "text (mặc định) hoặc json",
        "kind": "Loại văn bản: ke-hoach (mặc định) hoặc bao-cao (báo cáo kết quả)",
        "ky": "Với --kind bao-cao: ca-nam (mặc định) hoặc 6-thang (sơ kết 6 tháng)",
    }
)
def check(c, year=None, format="text", kind=None, ky=None):
    """Kiểm tra số liệu kế hoạch (hoặc báo cáo) mà không dựng văn bản."""
    from vanban.commands import cli

    raise Exit(code=cli.check(ROOT, year, output_format=format, kind=kind, ky=ky))


@task(
    help={
        "year": "Năm kế hoạch, ví dụ 2024",
        "kind": "Loại văn bản: ke-hoach (mặc định) hoặc bao-cao (báo cáo kết quả)",
        "ky": "Với --kind bao-cao: ca-nam (mặc định) hoặc 6-thang (sơ kết 6 tháng)",
    }
)
def pdf(c, year=None, kind=None, ky=None):
    """Dựng văn bản rồi xuất PDF qua LibreOffice: build/<năm>/ke-hoach-giam-ngheo-<năm>.pdf."""
    from vanban.commands import cli

    raise Exit(code=cli.pdf(ROOT, year, kind=kind, ky=ky))


@task(
    help={
        "year": "Năm kế hoạch, ví dụ 2024",
        "resolution": "Độ phân giải ảnh (dpi), mặc định 80",
        "kind": "Loại văn bản: ke-hoach (mặc định) hoặc bao-cao (báo cáo kết quả)",
        "ky": "Với --kind bao-cao: ca-nam (mặc định) hoặc 6-thang (sơ kết 6 tháng)",
    }
)
def preview(c, year=None, resolution=80, kind=None, ky=None):
    """Dựng văn bản, xuất PDF và vẽ mỗi trang một ảnh PNG trong build/<năm>/preview/."""
    from vanban.commands import cli

    raise Exit(code=cli.preview(ROOT, year, resolution=int(resolution), kind=kind, ky=ky))


@task(positional=["path"], help={"path": "Tệp .docx cần kiểm tra"})
def lint(c, path=None):
    """Kiểm tra thể thức một tệp .docx bất kỳ theo Nghị định 30/2020/NĐ-CP, Phụ lục I."""
    from vanban.commands import cli

    raise Exit(code=cli.lint(path))


@task(name="new-year", help={"year": "Năm kế hoạch mới, ví dụ 2025 (tạo từ năm trước)"})
def new_year(c, year=None):
    """Tạo kế hoạch năm mới từ năm trước: plans/<năm>.yaml và data/<năm>/."""
    from vanban.commands import cli

    raise Exit(code=cli.new_year(ROOT, year))


@task(
    name="diff",
    help={
        "from_": "Năm cũ (mặc định: năm gần nhất trước --to)",
        "to": "Năm mới, ví dụ 2025",
        "year": "Với --rev: năm cần so với một phiên bản git",
        "rev": "Phiên bản git, ví dụ HEAD~1",
        "kind": "Loại văn bản: ke-hoach (mặc định) hoặc bao-cao (báo cáo kết quả)",
        "ky": "Với --kind bao-cao: ca-nam (mặc định) hoặc 6-thang (sơ kết 6 tháng)",
    },
)
def diff(c, from_=None, to=None, year=None, rev=None, kind=None, ky=None):
    """So sánh hai kế hoạch (hoặc báo cáo): số liệu, câu chữ, và bản Word có theo dõi thay đổi."""
    from vanban.commands import cli

    raise Exit(code=cli.diff(ROOT, year_from=from_, year_to=to, year=year, rev=rev, kind=kind, ky=ky))


@task(name="setup-git")
def setup_git(c):
    """Cấu hình git (một lần) để xem thay đổi của tệp .docx và CSV dưới dạng chữ."""
    from vanban.commands import cli

    raise Exit(code=cli.setup_git(ROOT))


@task(
    help={
        "sizes": "Số dòng của các bảng sinh ra, mặc định 10,100,1000,5000",
        "repeat": "Số lần đo mỗi lệnh, mặc định 5",
        "output": "Thư mục kết quả, mặc định build/bench",
    }
)
def bench(c, sizes="", repeat=0, output=""):
    """Đo tốc độ: dựng văn bản so với mức sàn và pandoc, kiểm tra, dựng lại khi không đổi, bảng lớn."""
    from vanban.commands import cli

    raise Exit(code=cli.bench(ROOT, sizes=sizes, repeat=int(repeat), output=output))
