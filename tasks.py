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
