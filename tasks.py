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

YEAR = "Năm kế hoạch, ví dụ 2024"
DRAFT = "Vẫn tạo văn bản khi còn lỗi, đánh dấu DỰ THẢO"
COMMUNE = "Mã xã (thư mục plans/<mã xã>/), ví dụ giao-hieu; không cần khi kho chỉ có một xã"
KIND = "Loại văn bản: ke-hoach (mặc định) hoặc bao-cao (báo cáo kết quả)"
KY = "Với --kind bao-cao: ca-nam (mặc định) hoặc 6-thang (sơ kết 6 tháng)"


def _run(command: str, **options: object) -> None:
    from vanban.commands import entry

    entry.finish(entry.run(ROOT, command, **options))


@task(
    help={
        "year": YEAR,
        "draft": DRAFT,
        "all": "Tạo văn bản của mọi xã, mọi năm, mọi loại văn bản (kế hoạch, báo cáo kết quả và bản tổng hợp), song song trên mọi nhân CPU",
        "lint": "Kiểm tra lại thể thức văn bản vừa tạo dù mẫu, mã và kế hoạch không đổi",
        "commune": COMMUNE,
        "kind": KIND,
        "ky": KY,
    }
)
def build(c, year=None, draft=False, all=False, lint=False, commune=None, kind=None, ky=None):
    """Tạo văn bản: build/[<mã xã>/]<năm>/ke-hoach-giam-ngheo-<năm>.docx (--kind bao-cao: báo cáo kết quả)."""
    _run("build", year=year, draft=draft, all=all, lint=lint, commune=commune, kind=kind, ky=ky)


@task(help={"year": YEAR, "format": "text (mặc định) hoặc json", "commune": COMMUNE, "kind": KIND, "ky": KY})
def check(c, year=None, format="text", commune=None, kind=None, ky=None):
    """Kiểm tra số liệu kế hoạch (hoặc báo cáo) mà không tạo văn bản."""
    _run("check", year=year, format=format, commune=commune, kind=kind, ky=ky)


@task(
    help={
        "year": YEAR,
        "draft": DRAFT,
        "all": "Mọi xã, mọi năm, mọi loại văn bản, chuyển sang PDF trong một lần chạy LibreOffice",
        "commune": COMMUNE,
        "kind": KIND,
        "ky": KY,
    }
)
def pdf(c, year=None, draft=False, all=False, commune=None, kind=None, ky=None):
    """Tạo văn bản rồi xuất PDF qua LibreOffice: build/[<mã xã>/]<năm>/ke-hoach-giam-ngheo-<năm>.pdf."""
    _run("pdf", year=year, draft=draft, all=all, commune=commune, kind=kind, ky=ky)


@task(
    help={
        "year": YEAR,
        "resolution": "Độ phân giải ảnh (dpi), mặc định 80",
        "draft": DRAFT,
        "all": "Mọi xã, mọi năm, mọi loại văn bản",
        "commune": COMMUNE,
        "kind": KIND,
        "ky": KY,
    }
)
def preview(c, year=None, resolution=80, draft=False, all=False, commune=None, kind=None, ky=None):
    """Tạo văn bản, xuất PDF và vẽ mỗi trang một ảnh PNG trong build/[<mã xã>/]<năm>/preview/ (báo cáo: preview/<tên>/)."""
    _run("preview", year=year, resolution=resolution, draft=draft, all=all, commune=commune, kind=kind, ky=ky)


@task(
    positional=["path"],
    help={
        "path": "Tệp .docx cần kiểm tra, ví dụ build/giao-hieu/2024/ke-hoach-giam-ngheo-2024.docx",
        "select": "Chỉ kiểm tra các quy tắc này: mã hoặc đầu mã, cách nhau bằng dấu phẩy, ví dụ L1,L112",
        "ignore": "Bỏ qua các quy tắc này, ví dụ L108",
    },
)
def lint(c, path=None, select="", ignore=""):
    """Kiểm tra thể thức một tệp .docx bất kỳ theo Nghị định 30/2020/NĐ-CP, Phụ lục I."""
    _run("lint", path=path, select=select, ignore=ignore)


@task(
    name="new-year",
    help={
        "year": "Năm kế hoạch mới, ví dụ 2025 (tạo từ năm trước)",
        "gop": "Tệp YAML gộp/đổi tên đơn vị: «đơn vị mới: [đơn vị cũ, …]» (xem README)",
        "commune": COMMUNE,
        "excel": "Ghi bảng tính data/[<mã xã>/]<năm>/so-lieu.xlsx (mỗi bảng một trang, có công thức) thay cho don_vi.csv",
    },
)
def new_year(c, year=None, gop=None, commune=None, excel=False):
    """Tạo kế hoạch năm mới từ năm trước: plans/[<mã xã>/]<năm>.yaml và data/[<mã xã>/]<năm>/."""
    _run("new-year", year=year, gop=gop, commune=commune, excel=excel)


@task(
    name="import",
    positional=["path"],
    help={
        "path": "Tệp Word (.docx) của kế hoạch cần nhập",
        "year": YEAR,
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
        "commune": COMMUNE,
        "kind": KIND,
        "ky": KY,
    },
)
def diff(c, from_=None, to=None, year=None, rev=None, commune=None, kind=None, ky=None):
    """So sánh hai kế hoạch (hoặc báo cáo): số liệu, câu chữ, và bản Word có theo dõi thay đổi."""
    _run("diff", **{"from": from_, "to": to, "year": year, "rev": rev, "commune": commune, "kind": kind, "ky": ky})


@task(
    help={
        "commune": "Mã xã mới: chữ thường không dấu, chữ số, gạch nối, ví dụ giao-hieu",
        "ten": 'Tên xã, ví dụ "Xã Giáo Hiệu"',
        "year": "Năm kế hoạch đầu tiên, ví dụ 2024",
        "loai": "xã (mặc định), phường, đặc khu (hoặc thị trấn, trước 01/7/2025); mặc định lấy từ tên",
        "tinh": 'tên tỉnh, ví dụ "Thanh Hóa"; mặc định lấy từ các xã đã có hoặc bản tổng hợp',
        "excel": "Ghi bảng tính data/<mã xã>/<năm>/so-lieu.xlsx (mỗi bảng một trang, có công thức) thay cho don_vi.csv",
    }
)
def init(c, commune=None, ten=None, year=None, loai=None, tinh=None, excel=False):
    """Tạo một xã mới: plans/<mã xã>/xa.yaml, plans/<mã xã>/<năm>.yaml, data/<mã xã>/<năm>/don_vi.csv."""
    _run("init", commune=commune, ten=ten, year=year, loai=loai, tinh=tinh, excel=excel)


@task(name="tong-hop", help={"year": YEAR, "draft": "Vẫn ghi khi còn lỗi, đánh dấu DỰ THẢO"})
def tong_hop(c, year=None, draft=False):
    """Tổng hợp mọi xã: build/tong-hop/<năm>/tong-hop-giam-ngheo-<năm>.docx và .xlsx (plans/tong-hop/<năm>.yaml)."""
    _run("tong-hop", year=year, draft=draft)


@task(name="setup-git")
def setup_git(c):
    """Cấu hình git (một lần) để xem thay đổi của tệp .docx và CSV dưới dạng chữ."""
    _run("setup-git")


@task(
    help={
        "sizes": "Số dòng của các bảng sinh ra, mặc định 10,100,1000,5000",
        "repeat": "Số lần đo mỗi lệnh, mặc định 5",
        "output": "Thư mục kết quả, mặc định build/bench",
        "communes": "Số xã sinh ra cho phép đo nhiều xã (build --all, tong-hop), mặc định 166; 0 để bỏ qua",
    }
)
def bench(c, sizes="", repeat=0, output="", communes=166):
    """Đo tốc độ: tạo văn bản so với mức sàn và pandoc, kiểm tra, tạo lại khi không đổi, bảng lớn."""
    _run("bench", sizes=sizes, repeat=repeat, output=output, communes=communes)


@task(
    help={
        "year": "Chỉ xem trước các văn bản của năm này",
        "commune": "Chỉ xem trước các văn bản của xã này (và bản tổng hợp)",
        "kind": "Chỉ một loại văn bản: ke-hoach, bao-cao hoặc tong-hop",
        "port": "Cổng của trang xem trước, mặc định 8000",
        "host": "Địa chỉ mở trang, mặc định 127.0.0.1 (chỉ máy này)",
        "allow_remote": "Cho phép mở trang cho máy khác trong mạng (dữ liệu chưa ban hành: chỉ khi thật cần)",
    }
)
def serve(c, year=None, commune=None, kind=None, port=8000, host="127.0.0.1", allow_remote=False):
    """Xem trước văn bản trong trình duyệt, tự cập nhật khi lưu tệp (nhấn Ctrl+C để dừng)."""
    _run("serve", year=year, commune=commune, kind=kind, port=port, host=host, allow_remote=allow_remote)
