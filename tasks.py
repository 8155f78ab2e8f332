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
        "all": "Dựng mọi xã, mọi năm có kế hoạch (và bản tổng hợp), song song trên mọi nhân CPU",
        "commune": "Mã xã (thư mục plans/<mã xã>/), ví dụ giao-hieu; không cần khi kho chỉ có một xã",
    }
)
def build(c, year=None, draft=False, all=False, commune=None):
    """Dựng văn bản kế hoạch: build/[<mã xã>/]<năm>/ke-hoach-giam-ngheo-<năm>.docx."""
    from vanban.commands import cli

    if all:
        raise Exit(code=cli.build_all(ROOT, draft=draft, year=year))
    raise Exit(code=cli.build(ROOT, year, draft=draft, commune=commune))


@task(help={"year": "Năm kế hoạch, ví dụ 2024", "format": "text (mặc định) hoặc json", "commune": "Mã xã (thư mục plans/<mã xã>/), ví dụ giao-hieu; không cần khi kho chỉ có một xã",})
def check(c, year=None, format="text", commune=None):
    """Kiểm tra số liệu kế hoạch mà không dựng văn bản."""
    from vanban.commands import cli

    raise Exit(code=cli.check(ROOT, year, output_format=format, commune=commune))


@task(help={"year": "Năm kế hoạch, ví dụ 2024", "commune": "Mã xã (thư mục plans/<mã xã>/), ví dụ giao-hieu; không cần khi kho chỉ có một xã",})
def pdf(c, year=None, commune=None):
    """Dựng văn bản rồi xuất PDF qua LibreOffice: build/<năm>/ke-hoach-giam-ngheo-<năm>.pdf."""
    from vanban.commands import cli

    raise Exit(code=cli.pdf(ROOT, year, commune=commune))


@task(help={"year": "Năm kế hoạch, ví dụ 2024", "resolution": "Độ phân giải ảnh (dpi), mặc định 80", "commune": "Mã xã (thư mục plans/<mã xã>/), ví dụ giao-hieu; không cần khi kho chỉ có một xã",})
def preview(c, year=None, resolution=80, commune=None):
    """Dựng văn bản, xuất PDF và vẽ mỗi trang một ảnh PNG trong build/<năm>/preview/."""
    from vanban.commands import cli

    raise Exit(code=cli.preview(ROOT, year, resolution=int(resolution), commune=commune))


@task(positional=["path"], help={"path": "Tệp .docx cần kiểm tra, ví dụ build/giao-hieu/2024/ke-hoach-giam-ngheo-2024.docx"})
def lint(c, path=None):
    """Kiểm tra thể thức một tệp .docx bất kỳ theo Nghị định 30/2020/NĐ-CP, Phụ lục I."""
    from vanban.commands import cli

    raise Exit(code=cli.lint(path))


@task(
    name="new-year",
    help={
        "year": "Năm kế hoạch mới, ví dụ 2025 (tạo từ năm trước)",
        "gop": "Tệp YAML gộp/đổi tên đơn vị: «đơn vị mới: [đơn vị cũ, …]» (xem README)",
        "commune": "Mã xã (thư mục plans/<mã xã>/), ví dụ giao-hieu; không cần khi kho chỉ có một xã",
    },
)
def new_year(c, year=None, gop=None, commune=None):
    """Tạo kế hoạch năm mới từ năm trước: plans/[<mã xã>/]<năm>.yaml và data/[<mã xã>/]<năm>/."""
    from vanban.commands import cli

    raise Exit(code=cli.new_year(ROOT, year, commune=commune, merge=gop))


@task(
    name="diff",
    help={
        "from_": "Năm cũ (mặc định: năm gần nhất trước --to)",
        "to": "Năm mới, ví dụ 2025",
        "year": "Với --rev: năm cần so với một phiên bản git",
        "rev": "Phiên bản git, ví dụ HEAD~1",
        "commune": "Mã xã (thư mục plans/<mã xã>/), ví dụ giao-hieu; không cần khi kho chỉ có một xã",
    },
)
def diff(c, from_=None, to=None, year=None, rev=None, commune=None):
    """So sánh hai kế hoạch: số liệu, câu chữ, và bản Word có theo dõi thay đổi."""
    from vanban.commands import cli

    raise Exit(code=cli.diff(ROOT, year_from=from_, year_to=to, year=year, rev=rev, commune=commune))


@task(
    help={
        "commune": "Mã xã mới: chữ thường không dấu, chữ số, gạch nối, ví dụ giao-hieu",
        "ten": "Tên xã, ví dụ \"Xã Giáo Hiệu\"",
        "year": "Năm kế hoạch đầu tiên, ví dụ 2024",
        "loai": "xã (mặc định), phường hoặc thị trấn; mặc định lấy từ tên",
    }
)
def init(c, commune=None, ten=None, year=None, loai=None):
    """Tạo một xã mới: plans/<mã xã>/xa.yaml, plans/<mã xã>/<năm>.yaml, data/<mã xã>/<năm>/don_vi.csv."""
    from vanban.commands import cli

    raise Exit(code=cli.init(ROOT, commune=commune, name=ten, year=year, kind=loai))


@task(name="tong-hop", help={"year": "Năm kế hoạch, ví dụ 2024", "draft": "Vẫn ghi khi còn lỗi, đánh dấu DỰ THẢO"})
def tong_hop(c, year=None, draft=False):
    """Tổng hợp mọi xã: build/tong-hop/<năm>/tong-hop-giam-ngheo-<năm>.docx và .xlsx (plans/tong-hop/<năm>.yaml)."""
    from vanban.commands import cli

    raise Exit(code=cli.tong_hop(ROOT, year, draft=draft))


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
        "communes": "Số xã sinh ra cho phép đo nhiều xã (build --all, tong-hop), mặc định 166; 0 để bỏ qua",
    }
)
def bench(c, sizes="", repeat=0, output="", communes=166):
    """Đo tốc độ: dựng văn bản so với mức sàn và pandoc, kiểm tra, dựng lại khi không đổi, bảng lớn."""
    from vanban.commands import cli

    raise Exit(code=cli.bench(ROOT, sizes=sizes, repeat=int(repeat), output=output, communes=int(communes)))
