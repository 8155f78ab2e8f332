"""The data dictionary, generated from a kind's declaration: never hand-kept.

``python -m vanban.engine.dictionary [README.md]`` rewrites the block between
``<!-- data-dictionary:start -->`` and ``<!-- data-dictionary:end -->`` of the
README from ``templates/ke-hoach.yaml``; ``tests/test_declaration.py`` fails when
the README's block differs from what the declaration gives.
"""

from __future__ import annotations

import sys
from pathlib import Path

from vanban.engine.declaration import Declaration

START, END = "<!-- data-dictionary:start -->", "<!-- data-dictionary:end -->"
KIND_WORDS = {"so": "số (hộ, khẩu)", "ty_le": "tỷ lệ %", "chu": "văn bản"}


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def markdown(decl: Declaration) -> str:
    """Tables and town figures of a kind, with their Vietnamese description and how each is obtained."""
    out: list[str] = []
    for table in decl.tables.values():
        out.append(f"Bảng `{table.name}` (`data/<năm>/{table.file_name}`): {table.description}.")
        out.append("")
        out.append("| cột | kiểu | mô tả | cách có |")
        out.append("|---|---|---|---|")
        for column in table.columns.values():
            how = []
            if column.formula is not None:
                how.append(f"= `{column.formula.text}` nếu để trống")
            if column.to_fill:
                how.append("để trống: chưa biết, cần điền (P001)" if column.carried else "để trống: chưa quyết định (P001)")
            how.append("cột tùy chọn" if column.optional else "cột bắt buộc")
            if column.totalled:
                how.append("cộng ở dòng «Cộng»")
            out.append(f"| `{column.key}` | {KIND_WORDS[column.kind]} | {_cell(column.description)} | {'; '.join(how)} |")
        out.append("")
    out.append("Số liệu toàn xã (`so_lieu:` của `plans/<năm>.yaml`):")
    out.append("")
    out.append("| khóa | kiểu | mô tả | cách có |")
    out.append("|---|---|---|---|")
    for figure in decl.figures.values():
        how = []
        if figure.column_total is not None:
            how.append(f"= tổng cột `{figure.column_total[0]}.{figure.column_total[1]}`")
        if figure.formula is not None:
            how.append(f"= `{figure.formula.text}`")
        if figure.default is not None:
            how.append(f"không ghi thì bằng `{figure.default}`")
        if figure.required:
            how.append("bắt buộc ghi khóa, có thể để trống (~) để điền sau")
        elif figure.derivable:
            how.append("không ghi thì tính")
        if figure.last_year:
            how.append(f"bằng `{figure.last_year}` năm trước (X001)")
        out.append(
            f"| `{figure.key}` | {KIND_WORDS[figure.kind]} | {_cell(figure.description)} | {'; '.join(how) or 'tùy chọn'} |"
        )
    out.append("")
    relations = [f"`{f.end} = {f.formula.text}`" for f in decl.flows]
    relations += [f"`{p} <= {w}`" for p, w in decl.bounds]
    relations += [f"`{t}.{c} = {k}`" for t, c, k in decl.table_totals]
    if relations:
        out.append("Quan hệ được kiểm tra: " + ", ".join(relations) + ".")
    return "\n".join(out)


def rewrite(readme: str, decl: Declaration) -> str:
    head, rest = readme.split(START, 1)
    _, tail = rest.split(END, 1)
    return f"{head}{START}\n{markdown(decl)}\n{END}{tail}"


def main(argv: list[str]) -> int:
    from vanban.pipeline import declaration
    from vanban.project import Project

    readme = Path(argv[0]) if argv else Path("README.md")
    decl = declaration(Project(readme.resolve().parent))
    readme.write_text(rewrite(readme.read_text(encoding="utf-8"), decl), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
