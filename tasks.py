"""Invoke tasks: parse arguments, call the vanban package, print. Nothing else lives here."""

from __future__ import annotations

import sys
from pathlib import Path

from invoke import Exit, task

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT / "src"))


@task(help={"year": "Năm kế hoạch, ví dụ 2024", "draft": "Vẫn ghi văn bản khi còn lỗi, đánh dấu DỰ THẢO"})
def build(c, year=None, draft=False):
    """Dựng văn bản kế hoạch: build/<năm>/ke-hoach-giam-ngheo-<năm>.docx."""
    from vanban import cli

    raise Exit(code=cli.build(ROOT, year, draft=draft))


@task(help={"year": "Năm kế hoạch, ví dụ 2024", "format": "text (mặc định) hoặc json"})
def check(c, year=None, format="text"):
    """Kiểm tra số liệu kế hoạch mà không dựng văn bản."""
    from vanban import cli

    raise Exit(code=cli.check(ROOT, year, output_format=format))


@task(help={"year": "Năm kế hoạch, ví dụ 2024"})
def pdf(c, year=None):
    """Dựng văn bản rồi xuất PDF qua LibreOffice: build/<năm>/ke-hoach-giam-ngheo-<năm>.pdf."""
    from vanban import cli

    raise Exit(code=cli.pdf(ROOT, year))


@task(help={"year": "Năm kế hoạch, ví dụ 2024", "resolution": "Độ phân giải ảnh (dpi), mặc định 80"})
def preview(c, year=None, resolution=80):
    """Dựng văn bản, xuất PDF và vẽ mỗi trang một ảnh PNG trong build/<năm>/preview/."""
    from vanban import cli

    raise Exit(code=cli.preview(ROOT, year, resolution=int(resolution)))


@task(positional=["path"], help={"path": "Tệp .docx cần kiểm tra"})
def lint(c, path=None):
    """Kiểm tra thể thức một tệp .docx bất kỳ theo Nghị định 30/2020/NĐ-CP, Phụ lục I."""
    from vanban import cli

    raise Exit(code=cli.lint(path))
